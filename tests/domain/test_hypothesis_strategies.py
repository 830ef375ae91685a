"""kam_core.testing: the strategies users get, also through st.from_type."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import testing
from kam_core._currencies import MINOR_UNITS

AS_OF = date(2026, 11, 24)


def _made_by_kam_core(value: object) -> bool:
    """True when ``value`` carries the marks of kam_core.testing's strategies."""
    if isinstance(value, kc.Money):
        return value.amount >= 0
    if isinstance(value, kc.Client):
        return value.id.startswith("C-")
    if isinstance(value, kc.Deal):
        return value.client_id in {"C-1", "C-2", "C-3"} and value.id.startswith("D-")
    if isinstance(value, kc.Lead):
        return value.id.startswith("L-") and value.stage is kc.LeadStage.NEW
    if isinstance(value, kc.ClientStats):
        return value.client_id == "C-1" and value.as_of == AS_OF
    return isinstance(value, kc.BantFacts)


@pytest.mark.parametrize(
    "cls", [kc.Money, kc.Client, kc.Deal, kc.Lead, kc.BantFacts, kc.ClientStats]
)
def test_from_type_draws_kam_core_values_through_the_entry_point(cls: type) -> None:
    """st.from_type(kc.Deal) and friends use kam_core.testing, registered by entry point."""

    @settings(max_examples=10)
    @given(st.from_type(cls))
    def check(value: object) -> None:
        assert isinstance(value, cls)
        assert _made_by_kam_core(value)

    check()


@given(testing.moneys())
def test_moneys_respect_the_currency_minor_units(m: kc.Money) -> None:
    """Generated money never has more digits than its currency allows."""
    assert -m.amount.as_tuple().exponent <= MINOR_UNITS[m.currency]  # type: ignore[operator]
    assert m.amount >= 0


@given(testing.moneys(currency="JPY", min_value=-5, max_value=5))
def test_moneys_stay_within_bounds(m: kc.Money) -> None:
    """min_value and max_value bound the amount."""
    assert m.currency == "JPY"
    assert -5 <= m.amount <= 5


@given(testing.deals(client_ids=("C-1", "C-2"), currency="USD", statuses=(kc.DealStatus.WON,)))
def test_deals_are_valid_won_orders_of_the_given_clients(deal: kc.Deal) -> None:
    """deals() honours client ids, currency and statuses, and builds valid deals."""
    assert deal.client_id in {"C-1", "C-2"}
    assert deal.amount.currency == "USD"
    assert deal.is_purchase
    assert deal.closed_on is not None
    assert kc.Deal.model_validate(deal.model_dump()) == deal
    if deal.lines:
        assert deal.amount == kc.Money.total((ln.total for ln in deal.lines), "USD")
    if deal.referred_by is not None:
        assert deal.referred_by != deal.client_id


@given(testing.deals(client_ids=("C-1",)))
def test_a_single_client_book_has_no_referrals_to_itself(deal: kc.Deal) -> None:
    """With one client there is nobody else to refer it."""
    assert deal.referred_by is None


@given(testing.clients(ids=("C-7",), currency="EUR"))
def test_clients_take_the_given_ids_and_currency(client: kc.Client) -> None:
    """clients(ids=...) lets clients match the deals of deals(client_ids=...)."""
    assert client.id == "C-7"
    assert client.potential is None or client.potential.currency == "EUR"


@given(testing.leads())
def test_leads_are_new_and_valid(lead: kc.Lead) -> None:
    """Generated leads are new, with partial BANT facts."""
    assert lead.stage is kc.LeadStage.NEW
    assert kc.Lead.model_validate_json(lead.model_dump_json()) == lead


@settings(max_examples=30)
@given(testing.client_stats(client_id="C-9", as_of=AS_OF, currency="KWD", max_deals=8))
def test_client_stats_are_of_the_given_client_and_date(s: kc.ClientStats) -> None:
    """client_stats() summarises one client as of the given date."""
    assert (s.client_id, s.as_of, s.currency) == ("C-9", AS_OF, "KWD")
    assert all(d <= AS_OF for d in s.order_dates)


@given(testing.amounts(min_value=1, max_value=2, places=3))
def test_amounts_have_the_requested_places(amount: object) -> None:
    """amounts() gives Decimals with at most ``places`` digits after the point."""
    assert 1 <= amount <= 2  # type: ignore[operator]
    assert -amount.as_tuple().exponent <= 3  # type: ignore[attr-defined]
