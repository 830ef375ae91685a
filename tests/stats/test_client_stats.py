"""ClientStats: one client's purchases as of a date, streamed and mergeable."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core.errors import CurrencyMismatchError, MoneyError, PolicyEvaluationError
from kam_core.testing import client_stats, deals

AS_OF = date(2026, 11, 24)


def deal(
    n: int,
    closed: date | None,
    amount: str = "100",
    *,
    client: str = "C-1",
    status: str = "won",
    currency: str = "RUB",
    **extra: Any,
) -> kc.Deal:
    """A deal opened on the day it closed (or on 1 Jan 2026 if it is not closed)."""
    return kc.Deal(
        id=f"D-{n}",
        client_id=client,
        status=status,
        opened_on=extra.pop("opened_on", closed or date(2026, 1, 1)),
        closed_on=closed,
        amount=kc.Money(amount, currency),
        **extra,
    )


def line(product: str, qty: int | str, price: str, category: str | None = None) -> kc.DealLine:
    """A deal line in RUB."""
    return kc.DealLine(
        product_id=product, category=category, quantity=qty, unit_price=kc.Money(price, "RUB")
    )


def stats(ds: list[kc.Deal], **kw: Any) -> kc.ClientStats:
    """C-1's stats as of AS_OF."""
    return kc.ClientStats.from_deals(ds, client_id="C-1", as_of=kw.pop("as_of", AS_OF), **kw)


# -- which deals count ------------------------------------------------------------------


def test_only_won_deals_count_as_orders() -> None:
    """Open, lost and cancelled deals are not purchases."""
    s = stats(
        [
            deal(1, date(2026, 2, 1), "100"),
            deal(2, None, "900", status="open"),
            deal(3, date(2026, 3, 1), "900", status="lost"),
            deal(4, date(2026, 3, 1), "900", status="cancelled"),
        ]
    )
    assert s.order_count == 1
    assert s.total == kc.Money("100", "RUB")


def test_deals_closed_after_as_of_are_ignored_and_as_of_itself_counts() -> None:
    """An order closed on as_of counts; one closed the day after does not."""
    s = stats([deal(1, AS_OF, "100"), deal(2, AS_OF + timedelta(days=1), "900")])
    assert s.order_dates == (AS_OF,)
    assert s.total == kc.Money("100", "RUB")


def test_other_clients_deals_are_skipped() -> None:
    """from_deals reads a whole book but summarises one client."""
    s = stats([deal(1, date(2026, 1, 5)), deal(2, date(2026, 1, 6), "5000", client="C-2")])
    assert s.client_id == "C-1"
    assert s.order_count == 1


def test_currency_is_read_from_the_first_order() -> None:
    """Without currency=, the stats take the currency of the client's orders."""
    s = stats([deal(1, date(2026, 1, 5), currency="EUR")])
    assert s.currency == "EUR"
    assert s.total == kc.Money("100", "EUR")


def test_a_client_without_orders_needs_a_currency() -> None:
    """No orders and no currency= is a MoneyError naming the client."""
    with pytest.raises(MoneyError, match="client 'C-1' has no orders as of 2026-11-24"):
        stats([deal(1, None, status="open")])
    empty = stats([], currency="RUB")
    assert empty == kc.ClientStats.empty("C-1", AS_OF, "RUB")
    assert empty.order_count == 0
    assert empty.total == kc.Money.zero("RUB")
    assert empty.first_order_on is None
    assert empty.last_order_on is None
    assert empty.average_order_value is None
    assert empty.margin is None
    assert empty.revenue_by_month == {}


def test_mixed_currencies_in_one_client_raise() -> None:
    """A client buying in RUB and USD cannot be summed: CurrencyMismatchError names the deal."""
    with pytest.raises(CurrencyMismatchError, match="deal D-2") as info:
        stats([deal(1, date(2026, 1, 5)), deal(2, date(2026, 1, 6), currency="USD")])
    assert (info.value.expected, info.value.actual) == ("RUB", "USD")
    with pytest.raises(CurrencyMismatchError):
        stats([deal(1, date(2026, 1, 5))], currency="USD")


def test_an_unknown_currency_is_refused() -> None:
    """currency= must be an ISO 4217 code, for from_deals and for empty stats."""
    with pytest.raises(MoneyError, match="unknown ISO 4217"):
        stats([], currency="RUR")
    with pytest.raises(MoneyError, match="unknown ISO 4217"):
        kc.ClientStats.empty("C-1", AS_OF, "RUR")


# -- orders and revenue -----------------------------------------------------------------


def test_orders_are_sorted_by_date_whatever_the_input_order() -> None:
    """order_dates, first and last order come out in calendar order, repeats kept."""
    days = [date(2026, 5, 1), date(2026, 1, 1), date(2026, 3, 1), date(2026, 3, 1)]
    s = stats([deal(i, d) for i, d in enumerate(days)])
    assert s.order_dates == (date(2026, 1, 1), date(2026, 3, 1), date(2026, 3, 1), date(2026, 5, 1))
    assert s.first_order_on == date(2026, 1, 1)
    assert s.last_order_on == date(2026, 5, 1)


def test_revenue_by_month_sums_each_calendar_month() -> None:
    """Orders in the same month add up; months without orders are absent."""
    s = stats(
        [
            deal(1, date(2026, 1, 5), "100"),
            deal(2, date(2026, 1, 31), "50.50"),
            deal(3, date(2026, 4, 1), "10"),
        ]
    )
    assert dict(s.revenue_by_month) == {
        kc.Month(2026, 1): kc.Money("150.50", "RUB"),
        kc.Month(2026, 4): kc.Money("10", "RUB"),
    }
    assert s.monthly_amounts([kc.Month(2026, m) for m in range(1, 5)]) == (
        Decimal("150.50"),
        Decimal(0),
        Decimal(0),
        Decimal(10),
    )


def test_revenue_and_orders_in_a_period_are_half_open() -> None:
    """An order on the period's end belongs to the next period."""
    s = stats([deal(1, date(2026, 1, 1), "1"), deal(2, date(2026, 4, 1), "10")])
    q1 = kc.Period(date(2026, 1, 1), date(2026, 4, 1))
    assert s.revenue_in(q1) == kc.Money("1", "RUB")
    assert s.orders_in(q1) == 1
    assert s.revenue_in(None) == kc.Money("11", "RUB")
    assert s.orders_in(None) == 2
    assert s.revenue_in(kc.Period.trailing_months(AS_OF, 1)) == kc.Money.zero("RUB")


def test_average_order_value_is_total_over_count_unrounded() -> None:
    """Three orders of 100 RUB total 100 average; 100 / 3 stays exact until rounded."""
    s = stats(
        [
            deal(1, date(2026, 1, 1), "100"),
            deal(2, date(2026, 2, 1), "0"),
            deal(3, date(2026, 3, 1), "0"),
        ]
    )
    assert s.average_order_value == kc.Money("100", "RUB") / 3


# -- products and categories ------------------------------------------------------------


def test_products_and_categories_record_revenue_quantity_and_first_last_dates() -> None:
    """Each product and category bought, with what it brought in and when."""
    s = stats(
        [
            deal(1, date(2026, 3, 1), "300", lines=(line("SKU-2", 3, "100", "paper"),)),
            deal(
                2,
                date(2026, 1, 1),
                "250",
                lines=(line("SKU-2", 1, "50", "paper"), line("SKU-1", 2, "100", "tools")),
            ),
            deal(3, date(2026, 5, 1), "7", lines=(line("SKU-9", "0.5", "14"),)),
        ]
    )
    assert [p.key for p in s.products] == ["SKU-1", "SKU-2", "SKU-9"]
    sku2 = s.products[1]
    assert (sku2.revenue, sku2.quantity) == (Decimal(350), Decimal(4))
    assert (sku2.first_on, sku2.last_on, sku2.category) == (
        date(2026, 1, 1),
        date(2026, 3, 1),
        "paper",
    )
    assert s.products[2].category is None
    assert dict(s.product_revenue) == {
        "SKU-1": kc.Money("200", "RUB"),
        "SKU-2": kc.Money("350", "RUB"),
        "SKU-9": kc.Money("7.0", "RUB"),
    }
    assert dict(s.category_revenue) == {
        "paper": kc.Money("350", "RUB"),
        "tools": kc.Money("200", "RUB"),
    }
    paper = s.categories[0]
    assert (paper.first_on, paper.last_on, paper.category) == (
        date(2026, 1, 1),
        date(2026, 3, 1),
        None,
    )


def test_a_product_sold_under_two_categories_keeps_the_first_by_name() -> None:
    """The category of a product is deterministic: the smallest name seen."""
    ds = [
        deal(1, date(2026, 1, 1), "1", lines=(line("SKU-1", 1, "1", "tools"),)),
        deal(2, date(2026, 2, 1), "1", lines=(line("SKU-1", 1, "1", "paper"),)),
        deal(3, date(2026, 3, 1), "1", lines=(line("SKU-1", 1, "1"),)),
    ]
    assert stats(ds).products[0].category == "paper"
    assert stats(ds[::-1]).products[0].category == "paper"


# -- payment discipline -----------------------------------------------------------------


def test_payment_discipline_counts_overdue_and_late_payments_as_of_a_date() -> None:
    """Overdue: due before as_of and unpaid by as_of; paid late: paid after the due date."""
    due = date(2026, 10, 1)
    s = stats(
        [
            deal(1, date(2026, 9, 1), "100", due_on=due, paid_on=date(2026, 9, 30)),  # on time
            deal(2, date(2026, 9, 1), "200", due_on=due, paid_on=date(2026, 10, 11)),  # 10 late
            deal(3, date(2026, 9, 1), "300", due_on=due),  # overdue 54 days
            deal(4, date(2026, 9, 1), "400", due_on=due, paid_on=date(2026, 12, 1)),  # paid later
            deal(5, date(2026, 9, 1), "500", due_on=AS_OF),  # due today: not overdue yet
            deal(6, date(2026, 9, 1), "600"),  # no due date
        ]
    )
    pay = s.payments
    assert pay.with_due_date == 5
    assert pay.paid == 2
    assert pay.paid_late == 1
    assert pay.days_late_total == 10
    assert pay.overdue == 2
    assert pay.overdue_amount == Decimal(700)
    assert pay.overdue_days_total == 2 * 54
    assert s.overdue == kc.Money("700", "RUB")
    assert pay.overdue_share == Decimal(2) / Decimal(5)
    assert pay.average_days_late == Decimal(10 + 108) / Decimal(3)


def test_payment_discipline_without_due_dates_has_no_shares() -> None:
    """No due dates: nothing overdue, shares unknown (None), not zero."""
    pay = stats([deal(1, date(2026, 1, 1))]).payments
    assert pay == kc.PaymentDiscipline()
    assert pay.overdue_share is None
    assert pay.average_days_late is None


def test_a_later_as_of_turns_an_unpaid_deal_overdue() -> None:
    """Overdue is judged as of as_of, never by the clock."""
    d = deal(1, date(2026, 1, 1), "100", due_on=date(2026, 2, 1))
    assert stats([d], as_of=date(2026, 2, 1)).payments.overdue == 0
    assert stats([d], as_of=date(2026, 2, 2)).payments.overdue == 1


# -- margin and referrers ---------------------------------------------------------------


def test_margin_sums_the_orders_that_carry_one() -> None:
    """margin is None when no order has one, else the sum of those that do."""
    s = stats(
        [
            deal(1, date(2026, 1, 1), "100", margin=kc.Money("30", "RUB")),
            deal(2, date(2026, 2, 1), "100", margin=kc.Money("-5", "RUB")),
            deal(3, date(2026, 3, 1), "100"),
        ]
    )
    assert s.margin == kc.Money("25", "RUB")
    assert s.margin_orders == 2
    assert stats([deal(1, date(2026, 1, 1))]).margin is None


def test_referrers_are_unique_and_sorted() -> None:
    """The clients whose recommendations brought orders, once each."""
    s = stats(
        [
            deal(1, date(2026, 1, 1), referred_by="C-9"),
            deal(2, date(2026, 2, 1), referred_by="C-3"),
            deal(3, date(2026, 3, 1), referred_by="C-9"),
            deal(4, date(2026, 4, 1)),
        ]
    )
    assert s.referrers == ("C-3", "C-9")


# -- build_stats ------------------------------------------------------------------------


def test_build_stats_streams_a_generator_once_into_per_client_stats() -> None:
    """A generator over the book is consumed once; clients come out sorted."""
    consumed: list[str] = []

    def book() -> Any:
        for i, c in enumerate(["C-2", "C-1", "C-2", "C-3"]):
            consumed.append(c)
            yield deal(i, date(2026, 1, 1 + i), "10", client=c)

    result = kc.build_stats(book(), as_of=AS_OF)
    assert consumed == ["C-2", "C-1", "C-2", "C-3"]
    assert list(result) == ["C-1", "C-2", "C-3"]
    assert result["C-2"].order_count == 2
    assert result["C-2"] == kc.ClientStats.from_deals(
        [
            deal(0, date(2026, 1, 1), "10", client="C-2"),
            deal(2, date(2026, 1, 3), "10", client="C-2"),
        ],
        client_id="C-2",
        as_of=AS_OF,
    )


def test_build_stats_gives_clients_without_orders_empty_stats() -> None:
    """Clients named in clients= with no orders get empty stats in the book's currency."""
    result = kc.build_stats(
        [deal(1, date(2026, 1, 1), client="C-1"), deal(2, None, client="C-2", status="open")],
        as_of=AS_OF,
        clients=["C-3", "C-1"],
    )
    assert list(result) == ["C-1", "C-2", "C-3"]
    assert result["C-2"] == kc.ClientStats.empty("C-2", AS_OF, "RUB")
    assert result["C-3"] == kc.ClientStats.empty("C-3", AS_OF, "RUB")


def test_build_stats_of_a_book_without_orders_needs_a_currency() -> None:
    """Without any order and without currency=, empty stats cannot be priced."""
    with pytest.raises(MoneyError, match="pass currency="):
        kc.build_stats([], as_of=AS_OF, clients=["C-1"])
    assert kc.build_stats([], as_of=AS_OF) == {}
    assert kc.build_stats([], as_of=AS_OF, clients=["C-1"], currency="USD") == {
        "C-1": kc.ClientStats.empty("C-1", AS_OF, "USD")
    }


def test_build_stats_lets_each_client_keep_its_own_currency() -> None:
    """A book may hold RUB and EUR clients; each client's stats are in its currency."""
    result = kc.build_stats(
        [
            deal(1, date(2026, 1, 1), client="C-1"),
            deal(2, date(2026, 1, 1), client="C-2", currency="EUR"),
        ],
        as_of=AS_OF,
    )
    assert (result["C-1"].currency, result["C-2"].currency) == ("RUB", "EUR")


def test_build_stats_prices_clients_without_orders_in_the_first_order_seen() -> None:
    """Empty stats take the currency of the first order in the stream, not of the first client."""
    result = kc.build_stats(
        [
            deal(1, None, client="C-1", status="open", currency="EUR"),
            deal(2, date(2026, 1, 2), client="C-2"),
            deal(3, date(2026, 1, 3), client="C-1", currency="EUR"),
        ],
        as_of=AS_OF,
        clients=["C-3"],
    )
    assert result["C-1"].currency == "EUR"
    assert result["C-3"] == kc.ClientStats.empty("C-3", AS_OF, "RUB")


# -- merge ------------------------------------------------------------------------------


def test_merging_stats_of_different_clients_or_dates_or_currencies_raises() -> None:
    """Only partial stats of the same client, as_of and currency combine."""
    a = kc.ClientStats.empty("C-1", AS_OF, "RUB")
    with pytest.raises(PolicyEvaluationError, match="client 'C-2'"):
        a.merge(kc.ClientStats.empty("C-2", AS_OF, "RUB"))
    with pytest.raises(PolicyEvaluationError, match="as of 2026-01-01"):
        a.merge(kc.ClientStats.empty("C-1", date(2026, 1, 1), "RUB"))
    with pytest.raises(CurrencyMismatchError):
        a.merge(kc.ClientStats.empty("C-1", AS_OF, "USD"))


some_stats = client_stats(max_deals=12)
book = st.lists(deals(client_ids=("C-1",)), max_size=25)


@settings(max_examples=30)
@given(some_stats, some_stats, some_stats)
def test_merge_is_associative(a: kc.ClientStats, b: kc.ClientStats, c: kc.ClientStats) -> None:
    """(a + b) + c == a + (b + c): partitions can be reduced in any grouping."""
    assert a.merge(b).merge(c) == a.merge(b.merge(c))


@settings(max_examples=30)
@given(some_stats, some_stats)
def test_merge_is_commutative(a: kc.ClientStats, b: kc.ClientStats) -> None:
    """a + b == b + a: partitions can be reduced in any order."""
    assert a.merge(b) == b.merge(a)


@given(some_stats)
def test_empty_stats_are_the_identity_of_merge(a: kc.ClientStats) -> None:
    """Merging with no orders changes nothing."""
    empty = kc.ClientStats.empty(a.client_id, a.as_of, a.currency)
    assert a.merge(empty) == a == empty.merge(a)


@settings(max_examples=50)
@given(book, st.data())
def test_stats_of_a_whole_equal_the_merge_of_stats_of_its_parts(
    ds: list[kc.Deal], data: st.DataObject
) -> None:
    """from_deals(A + B) == from_deals(A).merge(from_deals(B)) for any split."""
    cut = data.draw(st.integers(0, len(ds)))
    mask = data.draw(st.lists(st.booleans(), min_size=len(ds), max_size=len(ds)))
    left = [d for d, m in zip(ds, mask, strict=True) if m]
    right = [d for d, m in zip(ds, mask, strict=True) if not m]
    whole = stats(ds, currency="RUB")
    assert stats(left, currency="RUB").merge(stats(right, currency="RUB")) == whole
    assert stats(ds[:cut], currency="RUB").merge(stats(ds[cut:], currency="RUB")) == whole


@given(book, st.randoms(use_true_random=False))
def test_the_order_of_deals_changes_nothing(ds: list[kc.Deal], rnd: Any) -> None:
    """Shuffling the deals gives the same stats."""
    shuffled = list(ds)
    rnd.shuffle(shuffled)
    assert stats(shuffled, currency="RUB") == stats(ds, currency="RUB")


@settings(max_examples=50)
@given(book, st.lists(deals(client_ids=("C-1",), start=AS_OF + timedelta(days=1)), max_size=5))
def test_deals_after_as_of_change_nothing(ds: list[kc.Deal], later: list[kc.Deal]) -> None:
    """Deals opened after as_of (hence closed after it) never leak into the stats."""
    assert stats(ds + later, currency="RUB") == stats(ds, currency="RUB")


@given(book)
def test_stats_agree_with_the_deals_they_summarise(ds: list[kc.Deal]) -> None:
    """Count, total, monthly revenue and products add up to the counted orders."""
    s = stats(ds, currency="RUB")
    orders = [
        d for d in ds if d.status is kc.DealStatus.WON and d.closed_on and d.closed_on <= AS_OF
    ]
    assert s.order_count == len(orders)
    assert s.total == kc.Money.total((d.amount for d in orders), currency="RUB")
    assert kc.Money.total(s.revenue_by_month.values(), currency="RUB") == s.total
    assert list(s.order_dates) == sorted(s.order_dates)
    assert sum((p.revenue for p in s.products), Decimal(0)) == sum(
        (ln.total.amount for d in orders for ln in d.lines), Decimal(0)
    )
    assert s.payments.paid + s.payments.overdue <= s.payments.with_due_date


@settings(max_examples=50)
@given(st.lists(deals(), max_size=30))
def test_build_stats_equals_from_deals_per_client(ds: list[kc.Deal]) -> None:
    """The one-pass book equals summarising each client on its own."""
    result = kc.build_stats(ds, as_of=AS_OF, currency="RUB")
    assert set(result) == {d.client_id for d in ds}
    for client_id, s in result.items():
        assert s == kc.ClientStats.from_deals(ds, client_id=client_id, as_of=AS_OF, currency="RUB")
