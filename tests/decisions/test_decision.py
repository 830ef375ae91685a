"""Decisions explain themselves: criteria, reason codes, texts and a JSON-safe form."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum, IntEnum

import attrs
import pytest

import kam_core as kc
import kam_core.policies  # registers the Russian names of BANT criteria
from kam_core._decision import jsonable

AS_OF = date(2026, 11, 24)


class Grade(IntEnum):
    """An int enum outcome."""

    HIGH = 3


class Colour(Enum):
    """A plain enum whose value is a tuple."""

    RED = (255, 0, 0)


@attrs.frozen
class Handoffish:
    """An outcome object with its own to_dict()."""

    to: str

    def to_dict(self) -> dict[str, str]:
        return {"to": self.to}


class Opaque:
    """An object kam_core knows nothing about."""

    def __str__(self) -> str:
        return "opaque"


def budget_decision() -> kc.Decision[str]:
    """A realistic BANT-like decision with nested criteria."""
    budget = kc.CriterionResult(
        "budget",
        kc.CriterionStatus.FAILED,
        observed=kc.Money("400000", "RUB"),
        threshold=kc.Money("500000", "RUB"),
        reasons=(kc.Reason("criterion.failed", {"name": "budget"}),),
        level=1,
    )
    authority = kc.CriterionResult("authority", kc.CriterionStatus.UNKNOWN)
    gate = kc.CriterionResult(
        "gate", kc.CriterionStatus.FAILED, children=(budget, authority), observed=(1, None)
    )
    return kc.Decision(
        outcome="nurture",
        score=47.5,
        criteria=(gate, budget, authority),
        missing=("authority",),
        reasons=(
            kc.Reason("criterion.failed", {"name": "budget"}),
            kc.Reason("criterion.unknown", {"name": "authority"}),
        ),
        policy=kc.PolicyRef("bant", "1", "abc123"),
        as_of=AS_OF,
        subject="L-7",
    )


# -- statuses and criteria --------------------------------------------------------------


def test_criterion_status_is_three_valued() -> None:
    """PASSED, FAILED and UNKNOWN, compared as strings."""
    assert [s.value for s in kc.CriterionStatus] == ["passed", "failed", "unknown"]
    assert kc.CriterionStatus.UNKNOWN == "unknown"


@pytest.mark.parametrize("status", list(kc.CriterionStatus))
def test_criterion_result_flags_match_its_status(status: kc.CriterionStatus) -> None:
    """Exactly one of passed / failed / unknown is true."""
    cr = kc.CriterionResult("need", status)
    assert [cr.passed, cr.failed, cr.unknown] == [
        status is kc.CriterionStatus.PASSED,
        status is kc.CriterionStatus.FAILED,
        status is kc.CriterionStatus.UNKNOWN,
    ]


def test_criterion_result_to_dict_nests_children_and_keeps_level() -> None:
    """Graded and combined criteria keep their level and children in the dict form."""
    gate = budget_decision().criteria[0]
    data = gate.to_dict()
    assert data["observed"] == [1, None]
    assert [c["name"] for c in data["children"]] == ["budget", "authority"]
    budget = data["children"][0]
    assert budget["level"] == 1
    assert budget["observed"] == {"amount": "400000", "currency": "RUB"}
    assert budget["reasons"] == [{"code": "criterion.failed", "params": {"name": "budget"}}]
    assert "level" not in data["children"][1]
    assert "children" not in budget


# -- reasons ----------------------------------------------------------------------------


def test_reason_params_are_read_only_and_order_free() -> None:
    """Two reasons with the same code and parameters are equal whatever the order."""
    a = kc.Reason("x.y", {"b": 2, "a": 1})
    b = kc.Reason("x.y", (("a", 1), ("b", 2)))
    assert a == b
    assert hash(a) == hash(b)
    assert dict(a.params) == {"a": 1, "b": 2}
    with pytest.raises(TypeError):
        a.params["c"] = 3  # type: ignore[index]
    assert kc.Reason("x.y").params == {}


def test_reason_to_dict_is_json_safe() -> None:
    """Money, Decimals, dates and enums in parameters become JSON values."""
    r = kc.Reason(
        "bant.budget.below_minimum",
        {
            "budget": kc.Money("400000", "RUB"),
            "share": Decimal("0.8"),
            "on": date(2026, 1, 1),
            "need": kc.NeedLevel.WEAK,
        },
    )
    data = r.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["params"] == {
        "budget": {"amount": "400000", "currency": "RUB"},
        "need": "weak",
        "on": "2026-01-01",
        "share": "0.8",
    }


# -- decisions --------------------------------------------------------------------------


def test_decision_explains_itself_in_english() -> None:
    """Subject, date, outcome and the deciding reason first; one line per other reason."""
    assert budget_decision().explain("en") == (
        "L-7 as of 24 Nov 2026: nurture. Budget: not met\n"
        "- Who decides: unknown, the facts are missing\n"
        "Ask about: who decides"
    )


def test_decision_explains_itself_in_russian() -> None:
    """The same decision reads in Russian, criteria by their Russian names."""
    assert budget_decision().explain("ru") == (
        "L-7 на 24.11.2026: nurture. Бюджет: не выполнено\n"
        "- Кто принимает решение (ЛПР): неизвестно, не хватает данных\n"
        "Что выяснить: кто принимает решение (ЛПР)"
    )


def test_a_bare_decision_explains_its_outcome_and_nothing_made_up() -> None:
    """No subject, reasons or date: only the outcome (no outcome reads as undetermined)."""
    assert kc.Decision(outcome=None).explain() == "Undetermined"
    assert kc.Decision(outcome=kc.NeedLevel.CONFIRMED).explain("ru") == "Подтверждена"


def test_an_unknown_reason_code_is_explained_as_code_and_params() -> None:
    """A reason without texts still shows up, as code(params)."""
    d = kc.Decision(outcome="B", reasons=(kc.Reason("acme.rule.fired", {"rule": 7}),))
    assert d.explain("en") == "B. acme.rule.fired(rule=7)"


def test_explain_refuses_an_unknown_locale() -> None:
    """Only the languages with a file are explained."""
    with pytest.raises(ValueError, match="locale='de'"):
        budget_decision().explain("de")


def test_decision_lists_codes_and_finds_criteria_by_name() -> None:
    """codes in order; criterion(name) returns the top-level result or raises KeyError."""
    d = budget_decision()
    assert d.codes == ("criterion.failed", "criterion.unknown")
    assert d.criterion("budget").level == 1
    with pytest.raises(KeyError):
        d.criterion("timeline")


def test_decision_to_dict_is_json_safe_with_stable_keys() -> None:
    """json.dumps works on to_dict() and the keys come in a fixed order."""
    data = budget_decision().to_dict()
    assert list(data) == [
        "subject",
        "outcome",
        "score",
        "criteria",
        "missing",
        "reasons",
        "policy",
        "as_of",
    ]
    assert json.loads(json.dumps(data)) == data
    assert data["policy"] == {"kind": "bant", "version": "1", "fingerprint": "abc123"}
    assert data["as_of"] == "2026-11-24"
    assert data["missing"] == ["authority"]
    bare = kc.Decision(outcome=None).to_dict()
    assert (bare["policy"], bare["as_of"], bare["score"]) == (None, None, None)


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (kc.NeedLevel.CONFIRMED, "confirmed"),
        (Grade.HIGH, 3),
        (Colour.RED, [255, 0, 0]),
        (Handoffish("farmer"), {"to": "farmer"}),
        (
            kc.Stakeholder(name="И. Петров"),
            kc.Stakeholder(name="И. Петров").model_dump(mode="json"),
        ),
        (Opaque(), "opaque"),
        ({"A": Decimal("0.8")}, {"A": "0.8"}),
        ({kc.Month(2026, 1): 1}, {"2026-01": 1}),
        (frozenset({"b", "a"}), ["a", "b"]),
        (datetime(2026, 1, 1, 9, tzinfo=UTC), "2026-01-01T09:00:00+00:00"),
        (0.5, 0.5),
        (None, None),
    ],
)
def test_any_outcome_becomes_json_safe(outcome: object, expected: object) -> None:
    """Enums, objects with to_dict(), models, mappings, sets, datetimes: all JSON-safe."""
    assert jsonable(outcome) == expected
    data = kc.Decision(outcome=outcome).to_dict()
    json.dumps(data)
    assert data["outcome"] == expected


def test_decisions_are_frozen_values() -> None:
    """A decision cannot be altered after the policy made it."""
    d = budget_decision()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.outcome = "sql"  # type: ignore[misc]
    assert d == budget_decision()


def test_decisions_behave_as_values_in_sets_pickles_copies_and_matches() -> None:
    """Equal fields, equal and same-hash decisions; pickles, copies and patterns see the fields."""
    import copy
    import pickle
    import weakref
    from typing import Any

    d = budget_decision()
    twin = budget_decision()
    assert d == twin
    assert hash(d) == hash(twin)
    assert len({d, twin, kc.Decision("other")}) == 2
    assert d != kc.Decision(d.outcome)  # the other fields count too
    assert d != (d.outcome,)  # a decision equals only a decision
    for clone in (pickle.loads(pickle.dumps(d)), copy.copy(d), copy.deepcopy(d)):
        assert clone == d
    assert repr(d).startswith(f"Decision(outcome={d.outcome!r}, score={d.score!r}, criteria=")
    match d:
        case kc.Decision(outcome, score):
            assert (outcome, score) == (d.outcome, d.score)
    assert kc.Decision[Any]("A") == kc.Decision("A")
    assert weakref.ref(d)() is d
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del d.subject
