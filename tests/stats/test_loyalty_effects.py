"""Loyalty's three effects as the book defines them (docs/methodology.md#segmentation).

Issue 19, item 5; the book's sentences:

«Первый эффект – повторные покупки: клиент … пришел за этим же товаром еще раз. Второй
эффект – перекрестные продажи: клиент … пришел к нам за другим товаром или услугой.
Третий эффект – клиент … порекомендовал нас другому клиенту – и тот совершил у нас
покупку.»
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import kam_core as kc

AS_OF = date(2026, 12, 31)
YEAR = kc.Period(date(2026, 1, 1), date(2027, 1, 1))


def _deal(
    i: int,
    client: str,
    day: date,
    lines: Sequence[tuple[str, str | None]],
    *,
    status: str = "won",
    referred_by: str | None = None,
) -> kc.Deal:
    items = tuple(
        kc.DealLine(product_id=sku, category=cat, quantity=1, unit_price=kc.Money(100, "RUB"))
        for sku, cat in lines
    )
    return kc.Deal(
        id=f"D-{i}",
        client_id=client,
        status=status,
        opened_on=day,
        closed_on=day,
        amount=kc.Money(100 * len(items), "RUB"),
        lines=items,
        referred_by=referred_by,
    )


def _kpis(*deals: kc.Deal, client: str = "C-1") -> kc.ClientKpis:
    stats = kc.build_stats(deals, as_of=AS_OF)
    return kc.client_kpis(stats[client], period=YEAR)


def test_a_first_order_spanning_two_categories_is_not_a_cross_sale() -> None:
    """One order of paper and toner: two categories, but nobody came back for anything."""
    k = _kpis(_deal(1, "C-1", date(2026, 3, 1), [("SKU-1", "paper"), ("SKU-2", "toner")]))
    assert k.categories == 2
    assert not k.cross_buyer


def test_a_client_who_comes_back_for_another_product_is_a_cross_sale() -> None:
    """Bought paper, was satisfied, came back for toner: a cross-sale in the period."""
    k = _kpis(
        _deal(1, "C-1", date(2025, 11, 1), [("SKU-1", "paper")]),
        _deal(2, "C-1", date(2026, 4, 1), [("SKU-2", "toner")]),
    )
    assert k.cross_buyer


def test_another_category_bought_before_the_period_is_no_cross_sale_in_it() -> None:
    """The cross-sale happened last year; this year's orders only repeat it."""
    k = _kpis(
        _deal(1, "C-1", date(2025, 3, 1), [("SKU-1", "paper")]),
        _deal(2, "C-1", date(2025, 9, 1), [("SKU-2", "toner")]),
        _deal(3, "C-1", date(2026, 4, 1), [("SKU-1", "paper"), ("SKU-2", "toner")]),
    )
    assert not k.cross_buyer
    assert k.repeat_buyer


def test_a_repeat_purchase_is_the_same_product_bought_again() -> None:
    """Came back for the same paper: a repeat purchase."""
    k = _kpis(
        _deal(1, "C-1", date(2026, 2, 1), [("SKU-1", "paper")]),
        _deal(2, "C-1", date(2026, 5, 1), [("SKU-1", "paper")]),
    )
    assert k.repeat_buyer
    assert not k.cross_buyer


def test_a_second_order_of_a_different_product_is_not_a_repeat_purchase() -> None:
    """A second order of toner after paper is a cross-sale, not a repeat purchase."""
    k = _kpis(
        _deal(1, "C-1", date(2026, 2, 1), [("SKU-1", "paper")]),
        _deal(2, "C-1", date(2026, 5, 1), [("SKU-2", "toner")]),
    )
    assert not k.repeat_buyer
    assert k.cross_buyer


def test_without_product_lines_any_further_order_counts_as_repeat_and_says_so() -> None:
    """Orders without lines cannot show the product: a second order counts, with a note."""
    k = _kpis(
        _deal(1, "C-1", date(2026, 2, 1), []),
        _deal(2, "C-1", date(2026, 5, 1), []),
    )
    assert k.repeat_buyer
    assert not k.cross_buyer
    assert "kpi.repeat.by_orders" in [n.code for n in k.notes]


def test_a_referral_needs_the_referred_clients_own_purchase() -> None:
    """C-2 was recommended by C-1 but its deal was lost: no referral; C-3 bought: one."""
    stats = kc.build_stats(
        [
            _deal(1, "C-1", date(2026, 1, 10), [("SKU-1", "paper")]),
            _deal(2, "C-2", date(2026, 3, 1), [("SKU-1", "paper")], status="lost",
                  referred_by="C-1"),
            _deal(3, "C-3", date(2026, 4, 1), [("SKU-1", "paper")], referred_by="C-1"),
        ],
        as_of=AS_OF,
    )  # fmt: skip
    book = kc.portfolio_kpis(stats.values(), period=YEAR)
    assert book.referred_buyers == 1
    assert dict(book.referrals) == {"C-1": 1}
    assert kc.client_kpis(stats["C-3"], period=YEAR).referrers == ("C-1",)


def test_the_portfolio_rates_follow_the_book_definitions() -> None:
    """Of three buying clients one repeats, one cross-buys and one only made a first order."""
    stats = kc.build_stats(
        [
            _deal(1, "C-1", date(2026, 1, 5), [("SKU-1", "paper")]),
            _deal(2, "C-1", date(2026, 6, 5), [("SKU-1", "paper")]),
            _deal(3, "C-2", date(2026, 1, 5), [("SKU-1", "paper")]),
            _deal(4, "C-2", date(2026, 6, 5), [("SKU-9", "toner")]),
            _deal(5, "C-3", date(2026, 6, 5), [("SKU-1", "paper"), ("SKU-9", "toner")]),
        ],
        as_of=AS_OF,
    )
    book = kc.portfolio_kpis(stats.values(), period=YEAR)
    flags = {
        c: (k.repeat_buyer, k.cross_buyer)
        for c, k in ((c, kc.client_kpis(s, period=YEAR)) for c, s in stats.items())
    }
    assert flags == {"C-1": (True, False), "C-2": (False, True), "C-3": (False, False)}
    assert book.repeat_purchase_rate == book.cross_sell_rate == Decimal("0.3333")


@given(st.lists(st.sampled_from(["paper", "toner", "tools"]), min_size=1, max_size=3))
def test_a_single_order_is_never_a_repeat_nor_a_cross_sale(categories: list[str]) -> None:
    """Whatever one order holds, it is the first: no loyalty effect yet."""
    lines = [(f"SKU-{c}-{i}", c) for i, c in enumerate(categories)]
    k = _kpis(_deal(1, "C-1", date(2026, 6, 1), lines))
    assert not k.repeat_buyer
    assert not k.cross_buyer
