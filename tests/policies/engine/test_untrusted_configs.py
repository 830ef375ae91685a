"""Policies as data from untrusted admins: fuzzed configs, round-trips, schemas."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam_core import policies as p
from kam_core.errors import PolicyConfigError

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["bant", "scorecard", "decision_table", "any", "first", "unique", "RUB"])
)
_json = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "kind",
                    "rows",
                    "inputs",
                    "when",
                    "output",
                    "hit",
                    "min",
                    "max",
                    "values",
                    "name",
                    "criteria",
                    "weights",
                    "must_have",
                    "min_budget",
                    "amount",
                    "currency",
                    "sql_at",
                    "framework",
                    "version",
                    "type",
                    "priority",
                    "x",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=6,
        )
    ),
    max_leaves=40,
)
_kinds = st.sampled_from(["bant", "scorecard", "decision_table"])


@settings(max_examples=200, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_kinds, st.dictionaries(st.text(max_size=20), _json, max_size=8))
def test_random_configurations_raise_only_policy_config_errors(
    kind: str, body: dict[str, Any]
) -> None:
    """Whatever an admin sends, load either returns a policy or raises PolicyConfigError."""
    for data in ({**body, "kind": kind}, json.dumps({**body, "kind": kind}, allow_nan=True)):
        try:
            policy = p.load(data)
        except PolicyConfigError:
            continue
        assert p.load(policy.to_dict()) == policy


@settings(max_examples=50, database=None)
@given(st.text(max_size=300) | st.binary(max_size=300))
def test_random_text_raises_only_policy_config_errors(data: str | bytes) -> None:
    """Garbage strings and bytes are refused as configuration errors."""
    with pytest.raises(PolicyConfigError):
        p.load(data)


def test_deep_nesting_and_huge_strings_are_refused_cleanly() -> None:
    """Deep JSON and huge strings: PolicyConfigError, never RecursionError or MemoryError."""
    deep: Any = {"kind": "bant"}
    for _ in range(5000):
        deep = {"x": deep}
    for data in (deep, '{"kind": "bant", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"):
        with pytest.raises(PolicyConfigError, match="nests deeper"):
            p.load(data)
    with pytest.raises(PolicyConfigError, match="limit"):
        p.load({"kind": "scorecard", "framework": "x" * 1_000_000, "criteria": []})
    wide = {"kind": "decision_table", "inputs": [], "rows": [{"output": "x"}] * 50_000}
    with pytest.raises(PolicyConfigError, match="nodes"):
        p.load(wide)


@settings(max_examples=60, database=None)
@given(st.sampled_from(p.Scorecard.presets), st.text("abcxyz0123", min_size=1, max_size=8))
def test_every_preset_round_trips_with_a_stable_fingerprint(name: str, version: str) -> None:
    """Presets are data: dict and JSON round-trips; version does not change the fingerprint."""
    card = p.Scorecard.preset(name, version=version)
    assert p.load(card.to_dict()) == card
    assert p.load(card.to_json()) == card
    assert card.fingerprint == p.Scorecard.preset(name).fingerprint
    for bant_name in p.Bant.presets:
        bant = p.Bant.preset(bant_name, version=version)
        assert p.load(bant.to_json()) == bant
        assert bant.fingerprint == p.Bant.preset(bant_name).fingerprint


def test_different_content_gives_a_different_fingerprint() -> None:
    """The fingerprint hashes the content: another threshold, another fingerprint."""
    assert p.Bant().fingerprint != p.Bant(sql_at=75).fingerprint
    assert p.Bant().fingerprint.startswith("sha256:")


def test_json_schema_lists_every_registered_criterion_kind() -> None:
    """Admin screens get one self-contained schema; criterion fields list the kinds."""
    schema = p.json_schema(p.AllOf)
    options = schema["properties"]["of"]["items"]["oneOf"]
    names = {o["$ref"].rsplit("/", 1)[-1] for o in options}
    assert {"AllOf", "AnyOf", "AtLeast", "Custom", "Not"} <= names
    assert names <= set(schema["$defs"])
    for cls in (p.Bant, p.Scorecard, p.DecisionTable):
        assert p.json_schema(cls)["properties"]["kind"]["const"] == cls.model_fields["kind"].default


def test_a_copied_policy_does_not_reuse_the_originals_compiled_rules() -> None:
    """model_copy(update=...) recompiles and re-fingerprints instead of using stale caches."""
    from datetime import date

    import kam_core as kc

    lead = kc.Lead(
        id="L-1",
        company="ООО Бета",
        created_on=date(2026, 1, 1),
        bant=kc.BantFacts(
            need="confirmed",
            authority="decision_maker",
            budget=kc.Money("1", "RUB"),
            decision_date=date(2026, 2, 1),
        ),
    )
    original = p.Bant()
    assert original.evaluate(lead, as_of=date(2026, 1, 5)).outcome is kc.LeadVerdict.SQL
    change: dict[str, Any] = {"must_have": {"need": 2, "authority": 2, "timeline": 3}}
    stricter = original.model_copy(update={"max_days_to_decision": 10, **change})
    assert stricter.fingerprint == p.Bant(max_days_to_decision=10, **change).fingerprint
    assert stricter.fingerprint != original.fingerprint
    assert stricter.evaluate(lead, as_of=date(2026, 1, 5)).outcome is kc.LeadVerdict.NURTURE


# -- numbers (issue 22) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        ('{"kind": "abc", "window_months": ' + "9" * 41 + "}", "window_months", "41 characters"),
        ('{"kind": "abc", "cutoffs": [NaN, 0.9]}', "cutoffs[0]", "NaN is not a JSON number"),
        ('{"kind": "abc", "cutoffs": [0.8, Infinity]}', "cutoffs[1]", "Infinity is not a JSON"),
        ('{"kind": "abc", "window_months": 1e400}', "window_months", "inf is not a finite"),
        ('{"kind": "abc", "window_months": 1e100}', "window_months", "more than 40 digits"),
        ({"kind": "abc", "window_months": 10**40}, "window_months", "41 digits; the limit is 40"),
        ({"kind": "abc", "cutoffs": [float("nan"), 0.9]}, "cutoffs[0]", "nan is not a finite"),
        ({"kind": "rfm", "bins": Decimal("1e999999999")}, "bins", "1,000,000,000 digits"),
        ({"kind": "rfm", "bins": Decimal("sNaN")}, "bins", "not a finite number"),
        ({"kind": "bant", "x" * 10_001: 1}, "<root>", "a key of 10,001 characters"),
        ({"kind": "bant", "version": b"x" * 10_001}, "version", "string of 10001"),
    ],
)
def test_numbers_keys_and_bytes_past_the_limits_are_refused_with_their_path(
    data: Any, where: str, message: str
) -> None:
    """Every number is bounded before it is converted, and the problem names its path."""
    with pytest.raises(PolicyConfigError) as info:
        p.load(data)
    (problem,) = info.value.problems
    assert str(problem).startswith(f"{where}: ")
    assert message in problem.message


def test_the_number_limit_is_configurable_like_the_others() -> None:
    """Limits(max_number_digits=...) moves the bound for both texts and dicts."""
    tight = p.Limits(max_number_digits=2)
    with pytest.raises(PolicyConfigError, match="the limit is 2"):
        p.load('{"kind": "abc", "window_months": 120}', limits=tight)
    with pytest.raises(PolicyConfigError, match="the limit is 2"):
        p.load({"kind": "abc", "window_months": 120}, limits=tight)
    assert p.load('{"kind": "abc", "window_months": 12}', limits=tight) == p.Abc(window_months=12)


def test_a_config_decimal_is_bounded_as_written_not_only_by_value() -> None:
    """0E-999999999 is zero by value (ge=0 passes) but a billion digits when printed."""
    for field, value in [
        ("mid_years", "0E-999999999"),
        ("partnership_years", "1E+999"),
        ("uncoupling_decline", "1E-999999999"),
    ]:
        with pytest.raises(PolicyConfigError, match=field):
            p.load({"kind": "relationship_stage", field: value})
    with pytest.raises(PolicyConfigError, match="budget_partial_share"):
        p.load({"kind": "bant", "budget_partial_share": "1e-999999999"})
    assert p.load({"kind": "relationship_stage", "mid_years": 1.5}).mid_years == Decimal("1.5")


def test_load_criterion_reports_problems_as_policy_config_errors() -> None:
    """Like load(): bounded, parsed from a dict, JSON text or bytes, every problem listed."""
    rule = p.OrderCount(at_least=3)
    assert p.load_criterion('{"kind": "order_count", "at_least": 3}') == rule
    assert p.load_criterion(b'{"kind": "order_count", "at_least": 3}') == rule
    with pytest.raises(PolicyConfigError, match="kind: unknown criterion kind 'eval'"):
        p.load_criterion({"kind": "eval"})
    with pytest.raises(PolicyConfigError, match="at_least"):
        p.load_criterion({"kind": "order_count", "at_least": 10**40})
    with pytest.raises(PolicyConfigError, match="nests deeper than 2"):
        p.load_criterion(
            {"kind": "not", "of": {"kind": "not", "of": {}}}, limits=p.Limits(max_depth=2)
        )
    with pytest.raises(PolicyConfigError, match="expected a criterion object"):
        p.load_criterion(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "config",
    [
        {"kind": "kam_readiness", "required": False},
        {"kind": "kam_readiness", "required": 4.0},
        {"kind": "subprocess_completeness", "items": {"acquisition": 7}},
    ],
)
def test_a_scalar_where_a_list_belongs_is_a_policy_config_error(config: dict[str, Any]) -> None:
    """Found by the fuzz suite: tuple(False) raised TypeError, which pydantic lets through."""
    with pytest.raises(PolicyConfigError, match="valid tuple"):
        p.load(config)


def test_number_limits_cover_long_floats_top_level_literals_and_short_decimals() -> None:
    """A 50-digit float is refused unconverted; a bare NaN is not an object; 1.5 passes."""
    with pytest.raises(PolicyConfigError, match="cutoffs\\[0\\]: a number written with 52"):
        p.load('{"kind": "abc", "cutoffs": [0.' + "1" * 50 + ", 0.9]}")
    for text, message in [("NaN", "NaN is not a JSON number"), ("9" * 50, "50 characters")]:
        with pytest.raises(PolicyConfigError, match=message):
            p.load(text)
    assert p.load({"kind": "sleeping", "drowsy": Decimal("1.5")}).drowsy == Decimal("1.5")


def test_a_container_wider_than_the_node_limit_is_refused_before_its_items_are_walked() -> None:
    """The count is checked when a container is reached, not after walking its items."""
    with pytest.raises(PolicyConfigError, match="more than 10 nodes"):
        p.load({"kind": "abc", "cutoffs": list(range(20))}, limits=p.Limits(max_nodes=10))


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ([1], "expected a criterion object with a 'kind', got list"),
        ({"kind": "eval"}, "unknown criterion kind 'eval'"),
    ],
)
def test_a_nested_criterion_that_is_not_one_is_a_problem_at_its_path(
    when: object, message: str
) -> None:
    """Inside a policy, a criterion field reports the problem at the field's path."""
    with pytest.raises(PolicyConfigError, match=message) as info:
        p.load({"kind": "hunter_to_farmer", "when": when})
    assert info.value.problems[0].path == "when"
