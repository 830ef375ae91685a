"""Client and portfolio KPIs: the farmer's levers, loyalty effects and payment discipline."""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core._stats.kpis import period_months
from kam_core.errors import CurrencyMismatchError, PolicyEvaluationError
from kam_core.testing import deals

AS_OF = date(2026, 12, 31)
YEAR = kc.Period(date(2026, 1, 1), date(2027, 1, 1))
LAST_YEAR = kc.Period(date(2025, 1, 1), date(2026, 1, 1))


def deal(
    i: int,
    client: str,
    day: date,
    amount: int,
    sku: str,
    category: str,
    **extra: object,
) -> kc.Deal:
    line = kc.DealLine(
        product_id=sku, category=category, quantity=1, unit_price=kc.Money(amount, "RUB")
    )
    return kc.Deal(
        id=f"D-{i}",
        client_id=client,
        status=kc.DealStatus.WON,
        opened_on=day,
        closed_on=day,
        amount=line.total,
        lines=(line,),
        **extra,  # type: ignore[arg-type]
    )


BOOK = [
    deal(1, "C-1", date(2025, 6, 1), 1000, "SKU-1", "paper"),
    deal(2, "C-1", date(2026, 3, 1), 2000, "SKU-1", "paper"),
    deal(3, "C-1", date(2026, 9, 1), 4000, "SKU-2", "tools",
         due_on=date(2026, 9, 30), paid_on=date(2026, 10, 10)),  # paid 10 days late
    deal(4, "C-1", date(2026, 12, 1), 3000, "SKU-3", "cleaning",
         due_on=date(2026, 12, 15)),  # unpaid: 16 days overdue on 31 Dec
    deal(5, "C-2", date(2026, 5, 1), 500, "SKU-1", "paper", referred_by="C-1"),
    deal(6, "C-3", date(2025, 2, 1), 800, "SKU-2", "tools"),
]  # fmt: skip
CLIENTS = [
    kc.Client(id="C-1", name="Альфа", potential=kc.Money(36000, "RUB")),
    kc.Client(id="C-2", name="Бета"),
    kc.Client(id="C-3", name="Гамма"),
]
STATS = kc.build_stats(BOOK, as_of=AS_OF)


def c1() -> kc.ClientKpis:
    return kc.client_kpis(STATS["C-1"], period=YEAR, previous=LAST_YEAR, client=CLIENTS[0])


def test_turnover_average_order_and_frequency_over_the_period() -> None:
    """2 000 + 4 000 + 3 000 in 2026: turnover 9 000, 3 orders, 3 000 each, 0.25 a month."""
    k = c1()
    assert k.turnover == kc.Money(9000, "RUB")
    assert k.orders == 3
    assert k.average_order_value == kc.Money(3000, "RUB")
    assert k.orders_per_month == Decimal("0.2500")
    assert k.orders_per_year == Decimal("3.0000")


def test_assortment_breadth_counts_products_and_categories_bought_in_the_period() -> None:
    """SKU-1 (paper), SKU-2 (tools), SKU-3 (cleaning) in 2026: 3 products, 3 categories."""
    k = c1()
    assert (k.products, k.categories) == (3, 3)
    assert (k.products_all_time, k.categories_all_time) == (3, 3)
    assert k.cross_buyer


def test_share_of_wallet_is_turnover_over_yearly_potential() -> None:
    """9 000 bought of a 36 000 potential: 25 %."""
    assert c1().share_of_wallet == Decimal("0.2500")


def test_share_of_wallet_of_a_half_year_is_annualised() -> None:
    """Half a year's 7 000 (Jul–Dec) is 14 000 a year: 14 000 / 36 000 = 0.3889."""
    half = kc.Period(date(2026, 7, 1), date(2027, 1, 1))
    k = kc.client_kpis(STATS["C-1"], period=half, client=CLIENTS[0])
    assert k.share_of_wallet == Decimal("0.3889")


def test_payment_discipline_reads_due_and_paid_dates() -> None:
    """One of two deals overdue (3 000 RUB, 16 days), one paid 10 days late: mean 13 days."""
    k = c1()
    assert k.overdue_share == Decimal("0.5000")
    assert k.average_days_late == Decimal("13.0000")
    assert k.overdue == kc.Money(3000, "RUB")


def test_growth_compares_with_the_previous_period() -> None:
    """1 000 in 2025, 9 000 in 2026: +800 % turnover, +200 % orders."""
    k = c1()
    assert k.previous_turnover == kc.Money(1000, "RUB")
    assert k.turnover_growth == Decimal("8.0000")
    assert k.orders_growth == Decimal("2.0000")


def test_unknowns_are_none_with_a_note_saying_why() -> None:
    """No potential, no due dates, no previous revenue: None, each explained by a kpi.* note."""
    k = kc.client_kpis(STATS["C-2"], period=YEAR, previous=LAST_YEAR, client=CLIENTS[1])
    assert k.share_of_wallet is None
    assert k.overdue_share is None
    assert k.turnover_growth is None
    codes = [n.code for n in k.notes]
    assert codes == [
        "kpi.share_of_wallet.no_potential",
        "kpi.payments.no_due_dates",
        "kpi.growth.no_previous_revenue",
    ]
    assert not k.repeat_buyer
    assert k.referrers == ("C-1",)
    for note in k.notes:
        assert note.code not in note.text("ru")


def test_client_without_orders_in_the_period() -> None:
    """C-3 bought only in 2025: no 2026 orders, no average order, no assortment."""
    k = kc.client_kpis(STATS["C-3"], period=YEAR)
    assert k.orders == 0
    assert k.average_order_value is None
    assert k.products == 0
    assert k.notes[0].code == "kpi.no_orders"


def test_portfolio_kpis_of_a_small_book() -> None:
    """The three-client book, every figure computed by hand."""
    k = kc.portfolio_kpis(STATS.values(), period=YEAR, previous=LAST_YEAR, clients=CLIENTS)
    assert (k.client_count, k.active_clients, k.orders) == (3, 2, 4)
    assert k.turnover == kc.Money(9500, "RUB")
    assert k.average_order_value == kc.Money("2375", "RUB")
    assert k.orders_per_client_per_year == Decimal("2.0000")
    assert k.average_products == Decimal("2.0000")
    assert k.share_of_wallet == Decimal("0.2500")
    assert k.share_of_wallet_clients == 1
    assert k.overdue_share == Decimal("0.5000")
    assert k.average_days_late == Decimal("13.0000")
    assert k.repeat_purchase_rate == Decimal("0.5000")
    assert k.cross_sell_rate == Decimal("0.5000")
    assert k.referred_buyers == 1
    assert dict(k.referrals) == {"C-1": 1}
    assert k.previous_turnover == kc.Money(1800, "RUB")
    assert k.turnover_growth == Decimal("4.2778")  # 7 700 / 1 800
    assert [n.code for n in k.notes] == ["kpi.share_of_wallet.partial"]


def test_kpis_are_json_safe() -> None:
    """to_dict() survives json.dumps: Money as amount and currency, ratios as strings."""
    k = kc.portfolio_kpis(STATS.values(), period=YEAR, previous=LAST_YEAR, clients=CLIENTS)
    data = json.loads(json.dumps(k.to_dict()))
    assert data["turnover"] == {"amount": "9500", "currency": "RUB"}
    assert data["period"] == {"start": "2026-01-01", "end": "2027-01-01"}
    assert data["clients"][0]["share_of_wallet"] == "0.2500"
    assert data["notes"][0]["code"] == "kpi.share_of_wallet.partial"


def test_past_period_assortment_is_flagged_approximate() -> None:
    """A period ending before as_of reads items by first/last purchase: noted as approximate."""
    k = kc.client_kpis(STATS["C-1"], period=kc.Period(date(2026, 1, 1), date(2026, 6, 1)))
    assert "kpi.assortment.approximate" in [n.code for n in k.notes]


def test_orders_without_lines_leave_assortment_unknown() -> None:
    """Deals without product lines: assortment 0 and a note."""
    stats = kc.ClientStats("C-9", AS_OF, "RUB", orders=((date(2026, 2, 1), Decimal(1)),))
    k = kc.client_kpis(stats, period=YEAR)
    assert next(n.code for n in k.notes) == "kpi.assortment.no_lines"


def test_period_length_in_months() -> None:
    """Same-day boundaries give whole months; other periods use the mean month."""
    assert period_months(YEAR) == 12
    with pytest.raises(PolicyEvaluationError):
        period_months(kc.Period(AS_OF, AS_OF))


def test_misuse_is_refused() -> None:
    """Wrong client, mixed dates, duplicates, currencies and empty books without currency."""
    with pytest.raises(PolicyEvaluationError):
        kc.client_kpis(STATS["C-1"], period=YEAR, client=CLIENTS[1])
    with pytest.raises(PolicyEvaluationError):
        kc.client_kpis(STATS["C-1"], period=kc.Period(date(2027, 2, 1), date(2027, 3, 1)))
    other = kc.ClientStats.empty("C-4", date(2026, 1, 1), "RUB")
    with pytest.raises(PolicyEvaluationError):
        kc.portfolio_kpis([STATS["C-1"], other], period=YEAR)
    with pytest.raises(PolicyEvaluationError):
        kc.portfolio_kpis([STATS["C-1"], STATS["C-1"]], period=YEAR)
    with pytest.raises(PolicyEvaluationError):
        kc.portfolio_kpis([], period=YEAR)
    usd = kc.ClientStats("C-5", AS_OF, "USD", orders=((date(2026, 2, 1), Decimal(1)),))
    with pytest.raises(CurrencyMismatchError):
        kc.portfolio_kpis([STATS["C-1"], usd], period=YEAR)


def test_empty_portfolio_has_zero_turnover() -> None:
    """No clients: zeros and Nones, never a crash."""
    k = kc.portfolio_kpis([], period=YEAR, currency="RUB", clients={})
    assert k.turnover == kc.Money.zero("RUB")
    assert k.repeat_purchase_rate is None


# -- properties -------------------------------------------------------------------------

IDS = ("C-1", "C-2", "C-3")


@settings(max_examples=60)
@given(st.lists(deals(client_ids=IDS, end=date(2027, 6, 1)), max_size=25), st.randoms())
def test_deals_after_as_of_and_input_order_change_nothing(
    book: list[kc.Deal], rnd: random.Random
) -> None:
    """Deals closed after as_of and the order of the stats never change the KPIs."""
    as_of = date(2026, 11, 24)
    year = kc.Period.trailing_months(as_of, 12)
    prev = kc.Period(year.start.replace(year=year.start.year - 1), year.start)
    early = [d for d in book if d.closed_on is None or d.closed_on <= as_of]
    full = list(kc.build_stats(book, as_of=as_of, currency="RUB", clients=IDS).values())
    rnd.shuffle(full)
    cut = kc.build_stats(early, as_of=as_of, currency="RUB", clients=IDS).values()
    a = kc.portfolio_kpis(full, period=year, previous=prev)
    b = kc.portfolio_kpis(cut, period=year, previous=prev)
    assert a.to_dict() == b.to_dict()
    assert a.turnover == kc.Money.total((k.turnover for k in a.clients), "RUB")
    json.dumps(a.to_dict())


def test_yearly_frequency_is_not_rounded_twice() -> None:
    """Two orders in a twelve-month year are exactly 2 a year (not 12 × 0.1667)."""
    stats = kc.ClientStats(
        "C-9", AS_OF, "RUB", orders=((date(2026, 2, 1), Decimal(1)), (date(2026, 8, 1), Decimal(1)))
    )
    k = kc.client_kpis(stats, period=YEAR)
    assert k.orders_per_month == Decimal("0.1667")
    assert k.orders_per_year == Decimal("2.0000")
