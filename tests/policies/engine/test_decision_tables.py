"""Decision tables: hit policies, three-valued inputs and load-time checks."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_core import policies as p
from kam_core.errors import PolicyConfigError

ABC = {"name": "abc", "values": ["A", "B", "C"]}
ORDERS = {"name": "orders", "type": "number", "min": 0}


def table(hit: str, rows: list[dict[str, Any]], **extra: Any) -> p.DecisionTable:
    return p.load(
        {"kind": "decision_table", "hit": hit, "inputs": [ABC, ORDERS], "rows": rows, **extra}
    )  # type: ignore[return-value]


ROUTING = [
    {"when": {"abc": ["A"]}, "output": "key_account_manager"},
    {"when": {"orders": {"min": 3}}, "output": "client_manager"},
    {"output": "development_specialist"},
]


def test_first_hit_routes_a_client_by_the_first_matching_row() -> None:
    """hit=first: the earliest matching row decides, with its row number in the reason."""
    t = table("first", ROUTING)
    d = t.evaluate({"abc": "A", "orders": 10})
    assert d.outcome == "key_account_manager"
    assert d.reasons[0].params["row"] == 1
    assert t.evaluate({"abc": "C", "orders": 1}).outcome == "development_specialist"
    assert "Сработала строка 3" in t.evaluate({"abc": "C", "orders": 1}).explain("ru")


def test_unknown_input_leaves_the_answer_open_when_it_matters() -> None:
    """A missing fact that could change the row is UNKNOWN: no outcome, the input in missing."""
    t = table("first", ROUTING)
    d = t.evaluate({"orders": 5})
    assert d.outcome is None
    assert d.missing == ("abc",)
    assert d.codes == ("table.input_missing",)
    assert t.evaluate(p.Facts(as_of=None, values={"abc": "A"})).outcome == "key_account_manager"


def test_a_value_outside_the_domain_is_reported_not_guessed() -> None:
    """An undeclared text value or a non-number is an invalid input: unknown."""
    t = table("first", ROUTING)
    assert t.evaluate({"abc": "Z", "orders": 1}).codes[0] == "table.input_invalid"
    assert t.evaluate({"abc": "B", "orders": True}).missing == ("orders",)
    assert t.evaluate({"abc": "B", "orders": -1}).missing == ("orders",)


def test_unique_hit_finds_the_single_row() -> None:
    """hit=unique: rows partition the inputs; the one that matches decides."""
    t = table(
        "unique",
        [
            {"when": {"abc": ["A"]}, "output": "kam"},
            {"when": {"abc": ["B", "C"], "orders": {"max": 3}}, "output": "hunter"},
            {"when": {"abc": ["B", "C"], "orders": {"min": 3}}, "output": "farmer"},
        ],
    )
    assert t.evaluate({"abc": "C", "orders": 3}).outcome == "farmer"
    assert t.evaluate({"abc": "C", "orders": 2.5}).outcome == "hunter"


def test_priority_hit_takes_the_highest_priority() -> None:
    """hit=priority: the highest priority among matching rows wins."""
    t = table(
        "priority",
        [
            {"output": "default", "priority": 0},
            {"when": {"abc": ["A"]}, "output": "kam", "priority": 10},
        ],
    )
    assert t.evaluate({"abc": "A", "orders": 1}).outcome == "kam"
    assert t.evaluate({"abc": "B", "orders": 1}).outcome == "default"


def test_collect_hit_returns_every_matching_output() -> None:
    """hit=collect: all matching rows' outputs, in row order."""
    t = table("collect", ROUTING)
    assert t.evaluate({"abc": "A", "orders": 5}).outcome == (
        "key_account_manager",
        "client_manager",
        "development_specialist",
    )


def test_partial_table_without_gap_check_says_no_row_matches() -> None:
    """check_gaps=false allows partial tables; no match is a decision with a reason."""
    t = table("first", [{"when": {"abc": ["A"]}, "output": "kam"}], check_gaps=False)
    d = t.evaluate({"abc": "B", "orders": 1})
    assert (d.outcome, d.codes) == (None, ("table.no_match",))


def problems(config: dict[str, Any]) -> str:
    with pytest.raises(PolicyConfigError) as info:
        p.load({"kind": "decision_table", "inputs": [ABC, ORDERS], **config})
    return str(info.value)


def test_overlapping_rows_under_unique_are_refused_with_row_numbers() -> None:
    """Two rows matching the same input under hit=unique: rows named."""
    text = problems(
        {
            "hit": "unique",
            "rows": [
                {"when": {"orders": {"max": 5}}, "output": "x"},
                {"when": {"orders": {"min": 3}}, "output": "y"},
            ],
        }
    )
    assert "rows 1 and 2 overlap" in text


def test_gaps_are_refused_with_an_example() -> None:
    """An input combination no row matches is a gap."""
    text = problems({"rows": [{"when": {"orders": {"min": 3}}, "output": "x"}]})
    assert "no row matches" in text
    assert "orders=0" in text


def test_rows_shadowed_by_earlier_rows_are_unreachable() -> None:
    """Under hit=first, a row every input of which an earlier row takes can never win."""
    text = problems(
        {
            "rows": [
                {"output": "all"},
                {"when": {"abc": ["A"]}, "output": "never"},
            ]
        }
    )
    assert "rows [2] can never win" in text


def test_malformed_rows_are_refused() -> None:
    """Unknown inputs, ranges on text, lists on numbers, undeclared values."""
    for when in (
        {"region": ["X"]},
        {"abc": {"min": 1}},
        {"orders": ["1"]},
        {"abc": ["Z"]},
    ):
        assert "row 1" in problems({"rows": [{"when": when, "output": "x"}, {"output": "y"}]})
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "decision_table", "inputs": [ABC, ABC], "rows": [{"output": "x"}]})
    for bad_input in (
        {"name": "t"},
        {"name": "t", "values": ["a", "a"]},
        {"name": "t", "values": ["a"], "min": 1},
        {"name": "n", "type": "number", "values": ["a"]},
        {"name": "n", "type": "number", "min": 5, "max": 1},
    ):
        with pytest.raises(PolicyConfigError):
            p.load({"kind": "decision_table", "inputs": [bad_input], "rows": [{"output": "x"}]})
    with pytest.raises(PolicyConfigError):
        p.load(
            {
                "kind": "decision_table",
                "inputs": [ORDERS],
                "rows": [{"when": {"orders": {"min": 5, "max": 1}}, "output": "x"}],
            }
        )


def test_huge_tables_are_refused_fast_instead_of_analysed_slowly() -> None:
    """The analysis is bounded: too many cells × rows is a config error, quickly."""
    inputs = [{"name": f"i{k}", "values": [f"v{j}" for j in range(20)]} for k in range(6)]
    rows = [{"when": {"i0": [f"v{j}"]}, "output": "x"} for j in range(20)]
    with pytest.raises(PolicyConfigError, match="elementary cells"):
        p.load({"kind": "decision_table", "inputs": inputs, "rows": rows})


def test_table_round_trips_as_data() -> None:
    """p.load(t.to_dict()) == t and the fingerprint is stable."""
    t = table("first", ROUTING)
    again = p.load(t.to_dict())
    assert again == t
    assert again.fingerprint == t.fingerprint


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    values = ["A", "B", "C"]
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        when: dict[str, Any] = {}
        if draw(st.booleans()):
            when["abc"] = sorted(draw(st.sets(st.sampled_from(values), min_size=1)))
        if draw(st.booleans()):
            lo = draw(st.integers(0, 10))
            when["orders"] = {"min": lo, "max": lo + draw(st.integers(1, 10))}
        rows.append({"when": when, "output": draw(st.sampled_from(["x", "y", "z"]))})
    return {
        "kind": "decision_table",
        "hit": draw(st.sampled_from(["first", "unique", "priority", "collect"])),
        "inputs": [ABC, ORDERS],
        "rows": rows,
        "check_gaps": draw(st.booleans()),
        "version": draw(st.text("abc123", min_size=1, max_size=4)),
    }


@settings(max_examples=150, database=None)
@given(tables(), st.sampled_from(["A", "B", "C", None]), st.integers(-1, 25))
def test_generated_tables_load_or_are_refused_and_round_trip(
    config: dict[str, Any], abc: str | None, orders: int
) -> None:
    """Any generated table either loads (and round-trips, deciding alike) or is refused."""
    try:
        t = p.load(config)
    except PolicyConfigError:
        return
    again = p.load(t.to_json())
    assert again == t
    assert again.fingerprint == t.fingerprint
    values = {"abc": abc, "orders": orders}
    assert again.evaluate(values).to_dict() == t.evaluate(values).to_dict()  # type: ignore[attr-defined]
