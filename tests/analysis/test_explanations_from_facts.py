"""Explanations from the labelling pass's facts: the same decisions, the client not measured again.

A segmentation's ``fit_facts`` keeps, per member, what its label was read from; the
fitted object's ``explain(stats, facts)`` formats it.  Every test here holds that the
decision so built is the one ``assign`` builds from scratch.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.testing import client_stats

AS_OF = date(2026, 11, 24)

SEGMENTATIONS: list[Any] = [
    p.Abc(),
    p.Abc(boundary="exclusive", window_months=None),
    p.Abc(metric="orders"),
    p.Abc(metric="margin", window_months=None),
    p.Xyz(),
    p.Xyz(months=3, x_max=0),
    p.Rfm(),
    p.Rfm(monetary="average", window_months=12),
    p.Sleeping(),
    p.Sleeping(min_orders=10, fallback_percentiles=(Decimal(50), Decimal(60), Decimal(99))),
    p.AbcXyz(),
    p.Abcd(),
]


def _same(fitted: Any, stats: kc.ClientStats, facts: Any) -> None:
    expected = fitted.assign(stats).to_dict()
    assert fitted.explain(stats, facts).to_dict() == expected
    assert fitted.explain(stats, None).to_dict() == expected  # no facts: measured again


@pytest.fixture(scope="module")
def population() -> tuple[kc.ClientStats, ...]:
    book = kc.generate_book(clients=200, seed=23, as_of=AS_OF)
    return tuple(kc.build_stats(book.deals(), as_of=AS_OF, clients=book.client_ids).values())


@pytest.mark.parametrize("policy", SEGMENTATIONS, ids=lambda pol: pol.kind)
def test_every_segmentation_explains_from_the_facts_it_kept(
    policy: Any, population: tuple[kc.ClientStats, ...]
) -> None:
    """fit_facts() labels as fit_labels() does, and each kept fact explains as assign() does."""
    assert isinstance(policy, p.FactfulSegmentation)
    fitted, labels, facts = policy.fit_facts(population)
    assert isinstance(fitted, p.FittedExplainer)
    assert fitted == policy.fit(population)
    assert labels == policy.fit_labels(population)[1]
    assert len(facts) == len(population)
    for s, kept in zip(population, facts, strict=True):
        _same(fitted, s, kept)
        label, again = fitted.label_facts(s)
        assert label == fitted.label(s)
        _same(fitted, s, again)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["C-1", "C-2", "C-3", "C-4"]), st.data()),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    st.sampled_from(SEGMENTATIONS),
)
def test_facts_explain_as_assign_on_any_population(people: list[Any], policy: Any) -> None:
    """Property: on generated populations (returns, odd amounts), explain(facts) is assign()."""
    population = sorted(
        (data.draw(client_stats(client_id=cid, as_of=AS_OF, max_deals=12)) for cid, data in people),
        key=lambda s: s.client_id,
    )
    fitted, labels, facts = policy.fit_facts(population)
    assert labels == [fitted.assign(s).outcome for s in population]
    for s, kept in zip(population, facts, strict=True):
        _same(fitted, s, kept)


def _monthly(amounts: list[Decimal | None]) -> kc.ClientStats:
    """One order on the 10th of each of the months before AS_OF's (oldest first)."""
    month = kc.Month.of(AS_OF) - len(amounts)
    orders = [
        ((month + i).first_day.replace(day=10), a) for i, a in enumerate(amounts) if a is not None
    ]
    return kc.ClientStats("C-1", AS_OF, "RUB", orders=orders)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.none()
        | st.sampled_from([Decimal("100"), Decimal("250.50"), Decimal("0.125"), Decimal("11")])
        | st.decimals(min_value=0, max_value=10**12, places=2),
        min_size=1,
        max_size=14,
    )
)
def test_xyz_mean_and_cv_from_integer_sums_are_the_decimal_ones(
    amounts: list[Decimal | None],
) -> None:
    """Property: the CV and mean formatted from the integer sums equal the Decimal path's."""
    s = _monthly(amounts)
    fitted = p.Xyz().fit([s])
    label, facts = fitted.label_facts(s)
    assert label == fitted.assign(s).outcome
    _same(fitted, s, facts)


def test_xyz_keeps_no_facts_where_the_decimal_path_decides() -> None:
    """Amounts beyond 18 digits are classified in Decimals: nothing kept, the same decision."""
    s = _monthly([Decimal(1), *[Decimal("999999999999999999")] * 3])
    fitted = p.Xyz(months=3).fit([s])
    label, facts = fitted.label_facts(s)
    assert (label, facts) == ("X", None)
    _same(fitted, s, facts)


def test_xyz_facts_under_a_narrow_decimal_context_are_not_kept() -> None:
    """A context that could round the sums sends the label to the Decimal path: no facts."""
    s = _monthly([Decimal("1234567.891"), Decimal("7654321.123"), Decimal(1)] * 5)
    fitted = p.Xyz().fit([s])
    with localcontext() as ctx:
        ctx.prec = 5
        assert fitted.label_facts(s)[1] is None
    _same(fitted, s, fitted.label_facts(s)[1])


def test_a_report_explains_from_facts_not_by_measuring_again(
    population: tuple[kc.ClientStats, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a report's rows does not measure a client again: measure() runs in fit only."""
    calls = {"n": 0}
    measure = p.Abc.measure

    def counted(self: p.Abc, stats: kc.ClientStats) -> Decimal | None:
        calls["n"] += 1
        return measure(self, stats)

    monkeypatch.setattr(p.Abc, "measure", counted)
    report = kc.analyze_stats(population, (), as_of=AS_OF, policies=[p.Abc()])
    fitted_calls = calls["n"]
    assert fitted_calls == len(population)
    rows = report.rows(decisions=True)
    assert calls["n"] == fitted_calls
    assert all(r["decisions"]["abc"]["criteria"] for r in rows)


def test_rows_with_decisions_hold_every_decision_in_full(
    population: tuple[kc.ClientStats, ...],
) -> None:
    """rows(decisions=True): the plain row, plus every decision's to_dict() by row key."""
    policies = [p.Abc(), p.Xyz(), p.Rfm(), p.Sleeping()]
    report = kc.analyze_stats(population, (), as_of=AS_OF, policies=policies)
    plain, full = report.rows(), report.rows(decisions=True)
    for row, plain_row, client in zip(full, plain, report, strict=True):
        decisions = row.pop("decisions")
        assert row == plain_row
        assert decisions == {key: d.to_dict() for key, d in client.decisions}
        assert set(decisions) == {"abc", "xyz", "rfm", "sleeping"}
