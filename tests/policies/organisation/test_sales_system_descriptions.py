"""Sales-system types are positive descriptions; what fits none is UNKNOWN (issue 19, item 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyConfigError

L, M, H = kc.Level.LOW, kc.Level.MEDIUM, kc.Level.HIGH
CLASSIFY = p.SalesSystemClassifier()


def profile(price, complexity, clients, orders) -> kc.SalesSystemProfile:
    return kc.SalesSystemProfile(
        price=price, complexity=complexity, client_count=clients, orders_per_year=orders
    )


@pytest.mark.parametrize("orders", [6, 12, 24, 52])
def test_low_or_medium_price_thousands_of_clients_an_order_every_two_months_or_more_is_mixed(
    orders,
):
    """Seed 001: «клиентов – тысячи, частота … раз в два месяца или чаще» — mixed."""
    d = CLASSIFY.evaluate(profile(M, M, 3000, orders))
    assert d.outcome is kc.SalesType.MIXED
    assert all(c.passed for c in d.criteria)


def test_high_price_and_complexity_with_3000_clients_ordering_24_times_is_not_silently_mixed():
    """The user's case: high/high, 3 000 clients, 24 orders a year fits no description."""
    d = CLASSIFY.evaluate(profile(H, H, 3000, 24))
    assert d.outcome is kc.SalesType.UNKNOWN
    assert d.missing == ()
    not_mixed = next(
        r
        for r in d.reasons
        if r.code == "sales_system.not_type" and r.params["type"] is kc.SalesType.MIXED
    )
    assert [t.value for t in not_mixed.params["outside"]] == ["price", "complexity"]
    assert "Does not fit the description of mixed" in d.explain()


def test_low_price_and_complexity_with_two_orders_a_year_is_not_mixed():
    """The user's case: low/low with 2 orders a year is not the book's mixed system."""
    d = CLASSIFY.evaluate(profile(L, L, 3000, 2))
    assert d.outcome is kc.SalesType.UNKNOWN
    explained = d.explain("ru")
    assert (
        "Под описание «смешанные транзакционные и консультационные продажи» не подходит: "
        "частота покупок" in explained
    )
    # judged against the closest description, mixed: only the frequency is outside it
    assert [c.name for c in d.criteria if c.failed] == ["orders_per_year"]


def test_half_an_order_a_year_is_a_rate_and_is_accepted():
    """orders_per_year=0.5 (a float) is accepted: a rate, not money."""
    prof = profile(H, H, 200, 0.5)
    assert prof.orders_per_year == Decimal("0.5")
    assert CLASSIFY.evaluate(prof).outcome is kc.SalesType.CONSULTATIVE
    assert kc.SalesSystemProfile.model_validate_json(prof.model_dump_json()) == prof
    assert p.SalesSystemClassifier(mixed_min_orders_per_year=4.5).mixed_min_orders_per_year == (
        Decimal("4.5")
    )


def test_a_profile_fitting_two_descriptions_takes_the_first_and_says_which_other():
    """Low/low, 3 000 clients, 24 orders fits transactional and mixed: precedence decides."""
    d = CLASSIFY.evaluate(profile(L, L, 3000, 24))
    assert d.outcome is kc.SalesType.TRANSACTIONAL
    assert d.codes[:2] == ("sales_system.transactional", "sales_system.also_fits")
    assert d.reasons[1].params["other"] is kc.SalesType.MIXED
    mixed_first = p.SalesSystemClassifier(precedence=("mixed", "transactional", "consultative"))
    assert mixed_first.evaluate(profile(L, L, 3000, 24)).outcome is kc.SalesType.MIXED
    assert p.load(mixed_first.to_dict()) == mixed_first


def test_each_description_has_its_thresholds_as_data():
    """A company that calls 500 clients 'thousands' closes the gap below the mixed system."""
    between = profile(M, M, 700, 8)
    assert CLASSIFY.evaluate(between).outcome is kc.SalesType.UNKNOWN
    assert "sales_system.client_count.below_mixed" in CLASSIFY.evaluate(between).codes
    wider = p.SalesSystemClassifier(mixed_min_clients=500)
    assert wider.evaluate(between).outcome is kc.SalesType.MIXED
    assert wider.fingerprint != CLASSIFY.fingerprint
    assert p.SalesSystemClassifier(mixed_max=L).evaluate(profile(M, L, 3000, 8)).outcome is (
        kc.SalesType.UNKNOWN
    )


def test_precedence_must_name_each_type_once():
    """A precedence that repeats or drops a type is refused at load."""
    with pytest.raises(PolicyConfigError, match="precedence"):
        p.load({"kind": "sales_system", "precedence": ["mixed", "mixed", "consultative"]})


def test_an_unknown_type_has_no_structure():
    """structure_for(UNKNOWN) is refused: classify the system first."""
    with pytest.raises(ValueError, match="classify the profile first"):
        kc.structure_for(kc.SalesType.UNKNOWN)
    assert kc.SalesType.UNKNOWN.text("ru") == "тип не определён"


def _fits(prof: kc.SalesSystemProfile) -> set[kc.SalesType]:
    """The three descriptions written out plainly, as the docs state them."""
    low = prof.price <= L and prof.complexity <= L
    out = set()
    if low and (prof.client_count >= 10_000 or prof.orders_per_year >= 12):
        out.add(kc.SalesType.TRANSACTIONAL)
    if (prof.price >= H or prof.complexity >= H) and (
        prof.orders_per_year < 6 or prof.client_count < 500
    ):
        out.add(kc.SalesType.CONSULTATIVE)
    if (
        prof.price <= M
        and prof.complexity <= M
        and prof.client_count >= 1000
        and prof.orders_per_year >= 6
    ):
        out.add(kc.SalesType.MIXED)
    return out


@settings(max_examples=300, database=None, deadline=None)
@given(
    st.sampled_from(list(kc.Level)),
    st.sampled_from(list(kc.Level)),
    st.integers(0, 50_000),
    st.decimals(0, 60, places=2),
)
def test_a_type_is_given_exactly_when_its_description_fits(price, complexity, clients, orders):
    """The outcome is the first fitting description in precedence order, else UNKNOWN."""
    prof = profile(price, complexity, clients, orders)
    fits = _fits(prof)
    order = [kc.SalesType.TRANSACTIONAL, kc.SalesType.CONSULTATIVE, kc.SalesType.MIXED]
    expected = next((t for t in order if t in fits), kc.SalesType.UNKNOWN)
    d = CLASSIFY.evaluate(prof)
    assert d.outcome is expected
    also = {r.params["other"] for r in d.reasons if r.code == "sales_system.also_fits"}
    assert also == fits - {expected}
