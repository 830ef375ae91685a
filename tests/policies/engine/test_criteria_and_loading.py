"""The engine core: three-valued combinators, custom criteria, loading and limits."""

from __future__ import annotations

from datetime import date

import pytest

import kam_core as kc
from kam_core import CriterionResult, CriterionStatus
from kam_core import policies as p
from kam_core.errors import PolicyConfigError
from kam_core.policies._engine import check_kind

PASSED, FAILED, UNKNOWN = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN
p.register_criterion("test.flag", lambda facts, params: facts.values.get(str(params["key"])))
p.register_criterion("test.status", lambda facts, params: CriterionStatus(str(params["status"])))
p.register_criterion(
    "test.result", lambda facts, params: CriterionResult("own", PASSED, observed=1)
)


def flag(key: str) -> p.Custom:
    return p.Custom(name="test.flag", params={"key": key})


def facts(**values: object) -> p.Facts:
    return p.Facts(as_of=date(2026, 11, 24), values=values)


def test_all_of_fails_on_any_failure_and_is_unknown_on_missing_facts() -> None:
    """Kleene AND over custom criteria: FAILED beats UNKNOWN beats PASSED."""
    rule = p.AllOf(of=(flag("a"), flag("b")))
    assert rule.evaluate(facts(a=True, b=True)).status is PASSED
    assert rule.evaluate(facts(a=True)).status is UNKNOWN
    assert rule.evaluate(facts(a=False)).status is FAILED
    assert [c.name for c in rule.walk()] == ["all_of", "test.flag", "test.flag"]


def test_any_of_passes_on_any_pass_and_not_keeps_unknown_unknown() -> None:
    """Kleene OR and negation; walk visits nested criteria."""
    rule = p.Not(of=p.AnyOf(of=(flag("a"), flag("b")), label="either"))
    assert rule.evaluate(facts(b=True)).status is FAILED
    assert rule.evaluate(facts(a=False)).status is UNKNOWN
    assert rule.evaluate(facts(a=False, b=False)).status is PASSED
    assert [c.name for c in rule.walk()] == ["not", "either", "test.flag", "test.flag"]


def test_at_least_counts_passes_and_fails_only_when_unreachable() -> None:
    """AtLeast(2): unknowns could still reach n → UNKNOWN; otherwise FAILED."""
    rule = p.AtLeast(n=2, of=(flag("a"), flag("b"), flag("c")))
    assert rule.evaluate(facts(a=True, b=True)).status is PASSED
    assert rule.evaluate(facts(a=True, b=False)).status is UNKNOWN
    assert rule.evaluate(facts(a=False, b=False)).status is FAILED
    assert len(list(rule.walk())) == 4
    with pytest.raises(ValueError, match="more than"):
        p.AtLeast(n=3, of=(flag("a"),))


def test_custom_criteria_may_return_statuses_or_whole_results() -> None:
    """A user's function may answer with a status, a result, a bool or None."""
    assert p.Custom(name="test.status", params={"status": "unknown"}).evaluate(facts()).unknown
    assert p.Custom(name="test.result").evaluate(facts()).name == "own"
    assert p.Custom(name="test.flag", params={"key": "a"}).evaluate(facts(a=0)).failed


def test_registering_is_checked() -> None:
    """Bad names and re-registration under another function are refused."""
    with pytest.raises(ValueError, match="lower-case"):
        p.register_criterion("Bad Name", lambda f, q: True)
    with pytest.raises(ValueError, match="already registered"):
        p.register_criterion("test.flag", lambda f, q: True)
    assert "custom:test.flag" in p.registered_criteria()
    with pytest.raises(ValueError, match="no criterion registered"):
        p.Custom(name="test.nothing")


def test_criteria_load_from_dicts_by_kind() -> None:
    """load_criterion parses a registered kind, refuses the rest."""
    rule = p.AllOf(of=(flag("a"),))
    assert p.load_criterion(rule.to_dict()) == rule
    assert p.load_criterion(rule) is rule
    with pytest.raises(ValueError, match="expected a criterion object"):
        p.load_criterion([1])
    with pytest.raises(ValueError, match="unknown criterion kind"):
        p.load_criterion({"kind": "eval"})


def test_load_refuses_oversized_odd_or_wrong_kind_input() -> None:
    """Size limit, non-object JSON, non-string keys, bad UTF-8, another class's kind."""
    tiny = p.Limits(max_bytes=10)
    with pytest.raises(PolicyConfigError, match="limit is 10"):
        p.load('{"kind": "bant"}', limits=tiny)
    with pytest.raises(PolicyConfigError, match="expected an object"):
        p.load("[1, 2]")
    with pytest.raises(PolicyConfigError, match="keys must be strings"):
        p.load({"kind": "bant", "must_have": {1: 2}})
    with pytest.raises(PolicyConfigError, match="not UTF-8"):
        p.load(b"\xff\xfe")
    with pytest.raises(PolicyConfigError, match="not valid JSON"):
        p.load("{")
    with pytest.raises(PolicyConfigError, match="expected a Scorecard"):
        p.Scorecard.load(p.Bant().to_dict())
    assert p.Bant.load(p.Bant().to_json().encode()) == p.Bant()


def test_user_policies_satisfy_the_protocols() -> None:
    """check_kind accepts any object with a string kind, built-in or not."""
    assert check_kind(p.Bant()) == "bant"
    with pytest.raises(TypeError):
        check_kind(object())
    assert "bant" in p.registered_policies()
    assert isinstance(kc.Decision("x"), kc.Decision)
