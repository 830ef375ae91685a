"""Returns and credit notes: money given back reduces revenue on its own date, never silently."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import CurrencyMismatchError, ReturnsExceedPurchasesError
from kam_core.testing import deal_histories

AS_OF = date(2026, 11, 24)
RUB = "RUB"


def deal(
    n: str,
    closed: date,
    amount: str,
    *,
    status: str = "won",
    client: str = "C-1",
    currency: str = RUB,
    **extra: Any,
) -> kc.Deal:
    return kc.Deal(
        id=n,
        client_id=client,
        status=status,
        opened_on=extra.pop("opened_on", closed),
        closed_on=closed,
        amount=kc.Money(amount, currency),
        **extra,
    )


def line(product: str, quantity: int, price: str, category: str | None = None) -> kc.DealLine:
    return kc.DealLine(
        product_id=product, category=category, quantity=quantity, unit_price=kc.Money(price, RUB)
    )


def stats_of(deals: list[kc.Deal], **kw: Any) -> kc.ClientStats:
    return kc.ClientStats.from_deals(deals, client_id="C-1", as_of=AS_OF, currency=RUB, **kw)


def test_a_return_reduces_revenue_on_its_own_date_and_is_not_an_order() -> None:
    """Total and monthly revenue are net; order count and order dates are the purchases'."""
    s = stats_of(
        [
            deal("D-1", date(2026, 1, 10), "1000"),
            deal("D-2", date(2026, 3, 5), "500"),
            deal("R-1", date(2026, 4, 2), "300", status="returned"),
        ]
    )
    assert s.total == kc.Money("1200", RUB)
    assert (s.purchased, s.returned) == (kc.Money("1500", RUB), kc.Money("300", RUB))
    assert (s.order_count, s.return_count) == (2, 1)
    assert s.order_dates == (date(2026, 1, 10), date(2026, 3, 5))
    assert s.last_order_on == date(2026, 3, 5)
    assert s.returns == ((date(2026, 4, 2), Decimal(300)),)
    assert {str(m): v.amount for m, v in s.revenue_by_month.items()} == {
        "2026-01": Decimal(1000),
        "2026-03": Decimal(500),
        "2026-04": Decimal(-300),
    }
    assert s.average_order_value == kc.Money("600", RUB)


def test_a_return_in_the_month_of_its_purchase_nets_that_month() -> None:
    """Same month: one net amount, not two entries."""
    s = stats_of(
        [
            deal("D-1", date(2026, 2, 1), "1000"),
            deal("R-1", date(2026, 2, 20), "250.50", status="returned"),
        ]
    )
    assert dict(s.revenue_by_month) == {kc.Month(2026, 2): kc.Money("749.50", RUB)}
    assert s.monthly_amounts([kc.Month(2026, 1), kc.Month(2026, 2)]) == (
        Decimal(0),
        Decimal("749.50"),
    )


def test_revenue_in_a_window_counts_the_returns_made_in_it() -> None:
    """A window holding only the return shows it as negative revenue: what happened then."""
    s = stats_of(
        [
            deal("D-1", date(2025, 6, 1), "1000"),
            deal("R-1", date(2026, 2, 1), "400", status="returned"),
        ]
    )
    this_year = kc.Period(date(2026, 1, 1), date(2027, 1, 1))
    assert s.revenue_in(this_year) == kc.Money("-400", RUB)
    assert s.returned_in(this_year) == kc.Money("400", RUB)
    assert s.orders_in(this_year) == 0
    assert s.revenue_in(None) == s.total == kc.Money("600", RUB)


def test_returns_after_as_of_change_nothing() -> None:
    """A return is read as of its date, like an order."""
    later = deal("R-1", AS_OF + timedelta(days=1), "100", status="returned")
    bought = deal("D-1", date(2026, 1, 1), "1000")
    assert stats_of([bought, later]) == stats_of([bought])


def test_products_and_categories_say_what_was_bought_before_returns() -> None:
    """A returned line does not un-buy the product: assortment rules read purchases."""
    bought = deal("D-1", date(2026, 1, 10), "1000", lines=(line("SKU-1", 10, "100", "cleaning"),))
    back = deal("R-1", date(2026, 1, 20), "1000", status="returned", lines=bought.lines)
    s = stats_of([bought, back])
    assert s.total == kc.Money("0", RUB)
    assert s.product_revenue == {"SKU-1": kc.Money("1000", RUB)}
    assert [c.key for c in s.categories] == ["cleaning"]


def test_the_margin_of_a_return_is_taken_back() -> None:
    """A return's margin (either sign in the export) reduces the client's margin."""
    s = stats_of(
        [
            deal("D-1", date(2026, 1, 10), "1000", margin=kc.Money("200", RUB)),
            deal("R-1", date(2026, 2, 1), "500", status="returned", margin=kc.Money("-100", RUB)),
        ]
    )
    assert s.margin == kc.Money("100", RUB)
    assert s.margin_orders == 1


def test_a_return_is_not_a_receivable() -> None:
    """Due and paid dates of a return do not enter payment discipline."""
    back = deal(
        "R-1",
        date(2026, 2, 1),
        "100",
        status="returned",
        due_on=date(2026, 2, 10),
    )
    s = stats_of([deal("D-1", date(2026, 1, 1), "1000"), back])
    assert s.payments.with_due_date == 0
    assert s.overdue == kc.Money("0", RUB)


def test_a_return_larger_than_the_purchases_is_refused_naming_it() -> None:
    """A credit note cannot give back more than was sold: a purchase is missing."""
    with pytest.raises(ReturnsExceedPurchasesError) as info:
        stats_of(
            [
                deal("D-1", date(2026, 1, 10), "1000"),
                deal("R-9", date(2026, 2, 1), "1000.01", status="returned"),
            ]
        )
    err = info.value
    assert (err.client_id, err.deal_id, err.on) == ("C-1", "R-9", date(2026, 2, 1))
    assert (err.returned, err.purchased, err.currency) == ("1000.01", "1000", RUB)
    assert "purchase missing" in str(err)


def test_a_return_before_its_purchase_is_refused_even_if_the_total_balances() -> None:
    """Returns are judged by what was bought up to their own day, not by the year's total."""
    with pytest.raises(ReturnsExceedPurchasesError, match="2026-01-05"):
        stats_of(
            [
                deal("R-1", date(2026, 1, 5), "100", status="returned"),
                deal("D-1", date(2026, 1, 10), "1000"),
            ]
        )


def test_a_purchase_and_its_full_return_on_one_day_are_accepted() -> None:
    """Same day: the purchase counts first; everything given back nets to zero."""
    s = stats_of(
        [
            deal("R-1", date(2026, 1, 5), "100", status="returned"),
            deal("D-1", date(2026, 1, 5), "100"),
        ]
    )
    assert s.total.is_zero()
    assert s.order_count == 1


def test_build_stats_refuses_an_overdrawn_client_unless_folding_a_partition() -> None:
    """partial=True folds a partition whose purchases are elsewhere; the merge is checked."""
    bought = deal("D-1", date(2026, 1, 10), "1000")
    back = deal("R-1", date(2026, 2, 1), "400", status="returned")
    with pytest.raises(ReturnsExceedPurchasesError):
        kc.build_stats([back], as_of=AS_OF)
    part_a = kc.build_stats([back], as_of=AS_OF, partial=True)["C-1"]
    part_b = kc.build_stats([bought], as_of=AS_OF, partial=True)["C-1"]
    assert part_a.total == kc.Money("-400", RUB)
    merged = part_a.merge(part_b).check_returns()
    assert merged == kc.build_stats([bought, back], as_of=AS_OF)["C-1"]
    with pytest.raises(ReturnsExceedPurchasesError, match="2026-02-01"):
        part_a.check_returns()


def test_a_return_in_another_currency_is_refused() -> None:
    """kam_core never converts: a return in USD of a RUB client raises."""
    with pytest.raises(CurrencyMismatchError, match="USD"):
        stats_of(
            [
                deal("D-1", date(2026, 1, 10), "1000"),
                deal("R-1", date(2026, 2, 1), "10", status="returned", currency="USD"),
            ]
        )


def test_a_return_alone_gives_the_client_its_currency_in_a_partition() -> None:
    """A partition holding only a return still knows the client's currency."""
    back = deal("R-1", date(2026, 2, 1), "10", status="returned", currency="EUR")
    part = kc.ClientStats.from_deals([back], client_id="C-1", as_of=AS_OF, partial=True)
    assert part.currency == "EUR"


def test_a_return_needs_its_date_and_a_non_negative_amount() -> None:
    """RETURNED deals carry the day of the return; the amount is what was given back."""
    with pytest.raises(ValidationError, match="a return needs the date"):
        kc.Deal(
            id="R-1",
            client_id="C-1",
            status="returned",
            opened_on=date(2026, 1, 1),
            amount=kc.Money("1", RUB),
        )
    with pytest.raises(ValidationError, match="must not be negative"):
        deal("R-1", date(2026, 1, 1), "-1", status="returned")


def test_handoff_kpis_and_segmentations_read_net_revenue() -> None:
    """Cumulative revenue, turnover, ABC and RFM monetary all see the return."""
    s = stats_of(
        [
            deal("D-1", date(2026, 6, 1), "1000000"),
            deal("R-1", date(2026, 7, 1), "100000", status="returned"),
        ]
    )
    rule = p.CumulativeRevenue(at_least=kc.Money("950000", RUB))
    assert rule.evaluate(p.Facts(as_of=AS_OF, stats=s)).status is kc.CriterionStatus.FAILED
    windowed = p.CumulativeRevenue(at_least=kc.Money("950000", RUB), within_days=365)
    assert windowed.evaluate(p.Facts(as_of=AS_OF, stats=s)).status is kc.CriterionStatus.FAILED
    kpis = kc.client_kpis(s, period=kc.Period(date(2026, 1, 1), date(2027, 1, 1)))
    assert kpis.turnover == kc.Money("900000", RUB)
    assert p.Abc().measure(s) == Decimal(900000)
    assert p.Abc(window_months=None).measure(s) == Decimal(900000)
    assert p.Rfm().values(s) == ((AS_OF - date(2026, 6, 1)).days, 1, Decimal(900000))


def test_xyz_reads_the_net_monthly_series() -> None:
    """A return in a month lowers that month in the coefficient of variation."""
    # the window: the 12 complete months before 24 Nov 2026, Nov 2025 … Oct 2026
    months = [date(2025, 11, 10), date(2025, 12, 10)] + [date(2026, m, 10) for m in range(1, 11)]
    steady = [deal(f"D-{i}", day, "100") for i, day in enumerate(months)]
    back = deal("R-1", date(2026, 10, 20), "100", status="returned")
    xyz = p.Xyz()
    assert xyz.segment([stats_of(steady)])["C-1"].outcome == "X"
    returned = stats_of([*steady, back])
    judged = xyz.segment([returned])["C-1"]
    assert judged.outcome == "Z"
    assert xyz.fit([returned]).label(returned) == judged.outcome


split_history = deal_histories(client_ids=("C-1",), max_deals=15)


@settings(max_examples=40)
@given(split_history, st.data())
def test_stats_of_a_history_with_returns_equal_the_merge_of_its_partitions(
    history: list[kc.Deal], data: st.DataObject
) -> None:
    """Any split, folded with partial=True and merged in any grouping, is the whole."""
    whole = stats_of(history)
    marks = data.draw(st.lists(st.integers(0, 2), min_size=len(history), max_size=len(history)))
    parts = [
        stats_of([d for d, m in zip(history, marks, strict=True) if m == k], partial=True)
        for k in range(3)
    ]
    a, b, c = parts
    assert a.merge(b).merge(c) == a.merge(b.merge(c)) == whole
    assert c.merge(a).merge(b) == whole
    assert whole.check_returns() is whole


@settings(max_examples=40)
@given(split_history)
def test_net_revenue_adds_up_and_never_goes_below_zero_for_a_whole_history(
    history: list[kc.Deal],
) -> None:
    """total = purchased − returned = Σ months; the history's returns never exceed it."""
    s = stats_of(history)
    assert s.total == s.purchased - s.returned
    assert kc.Money.total(s.revenue_by_month.values(), currency=RUB) == s.total
    assert s.total.amount >= 0
    assert s.order_count == sum(
        1 for d in history if d.is_purchase and d.closed_on and d.closed_on <= AS_OF
    )


def test_a_client_whose_window_holds_only_a_return_is_ranked_c_and_explained() -> None:
    """Negative revenue in the ABC window ranks last, as no revenue does; no crash, no share."""
    big = kc.ClientStats.from_deals(
        [deal("D-1", date(2026, 6, 1), "1000", client="C-2")],
        client_id="C-2",
        as_of=AS_OF,
    )
    refunded = stats_of(
        [
            deal("D-0", date(2025, 6, 1), "1000"),
            deal("R-1", date(2026, 2, 1), "400", status="returned"),
        ]
    )
    decisions = p.Abc().segment([refunded, big])
    assert (decisions["C-1"].outcome, decisions["C-2"].outcome) == ("C", "A")
    assert decisions["C-1"].explain()
