"""ClientStats keeps its orders compactly, and reads them back exactly."""

from __future__ import annotations

import decimal
import pickle
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core._stats.orders import CompactOrders, OrderBuilder, PlainOrders, orders_of
from kam_core.testing import client_stats

AS_OF = date(2026, 11, 24)
Pairs = list[tuple[date, Decimal]]


def stats(orders: Any, **kw: Any) -> kc.ClientStats:
    """C-1's stats in RUB as of AS_OF, with the given orders."""
    return kc.ClientStats("C-1", kw.pop("as_of", AS_OF), "RUB", orders=orders, **kw)


def old_sum(amounts: Any) -> Decimal:
    """How the stats summed amounts before: Decimal addition from Decimal(0)."""
    return sum(amounts, Decimal(0))


def old_months(pairs: Pairs) -> dict[kc.Month, Decimal]:
    """Revenue per month as summed before the compact store."""
    out: dict[kc.Month, Decimal] = {}
    for day, amount in sorted(pairs):
        out[kc.Month(day.year, day.month)] = out.get(kc.Month(day.year, day.month), Decimal(0)) + (
            amount
        )
    return out


def same(a: Decimal, b: Decimal) -> bool:
    """Same value, digits and exponent: what str() shows."""
    return a.as_tuple() == b.as_tuple()


# amounts of mixed exponents: kopecks, whole roubles, 1E+3-style, zeros, huge, negative
_kopecks = st.integers(-(10**12), 10**15).map(lambda n: Decimal(n).scaleb(-2))
_any_scale = st.builds(
    lambda n, e: Decimal(n).scaleb(e), st.integers(-(10**20), 10**20), st.integers(-6, 6)
)
_odd = st.sampled_from(
    [
        Decimal("0"),
        Decimal("0.00"),
        Decimal("0E+3"),
        Decimal("1E+2"),
        Decimal("100"),
        Decimal("100.0"),
        Decimal("9223372036854775807"),  # int64 max: still compact
        Decimal("9223372036854775808"),  # one more: does not fit
        Decimal("-9223372036854775808"),
        Decimal("12345678901234567890123456789.01"),
        Decimal("1E+200"),
        Decimal("1E-200"),
    ]
)
amounts = st.one_of(_kopecks, _any_scale, _odd)
days = st.dates(min_value=date(2019, 1, 1), max_value=AS_OF)
order_lists = st.lists(st.tuples(days, amounts), max_size=25)
compact_lists = st.lists(st.tuples(days, _kopecks), max_size=25)


# -- reading back exactly ---------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(order_lists)
def test_orders_read_back_are_the_sorted_pairs_given(pairs: Pairs) -> None:
    """ClientStats(orders=x).orders == tuple(sorted(x)), each amount with its own digits."""
    s = stats(pairs)
    expected = tuple(sorted(pairs))
    assert s.orders == expected
    assert [str(a) for _, a in s.orders] == [str(a) for _, a in expected]
    assert s.order_count == len(pairs)
    assert s.order_dates == tuple(d for d, _ in expected)


def test_amounts_keep_their_digits_and_exponent() -> None:
    """Decimal('100') stays '100', '250.50' stays '250.50', '1E+2' stays '1E+2'."""
    given_ = ["100", "250.50", "1E+2", "0.00", "-0.05", "0", "100.000"]
    s = stats([(date(2026, 1, i + 1), Decimal(t)) for i, t in enumerate(given_)])
    assert [str(a) for _, a in s.orders] == given_


def test_orders_are_sorted_by_date_then_amount_like_before() -> None:
    """Same-day orders sort by amount; equal amounts keep the order they came in."""
    day = date(2026, 5, 5)
    pairs = [(day, Decimal("5.0")), (day, Decimal("2")), (day, Decimal("5")), (day, Decimal("1"))]
    s = stats(pairs)
    assert [str(a) for _, a in s.orders] == ["1", "2", "5.0", "5"]
    assert [str(a) for _, a in s.orders] == [str(a) for _, a in sorted(pairs)]


# -- sums as Decimal addition gives them ------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(order_lists, days, days)
def test_sums_equal_decimal_addition_in_value_and_exponent(pairs: Pairs, a: date, b: date) -> None:
    """total, revenue_in, monthly amounts: the value and exponent of Decimal addition."""
    start, end = min(a, b), max(a, b)
    s = stats(pairs)
    ordered = sorted(pairs)
    assert same(s.total.amount, old_sum(x for _, x in ordered))
    period = kc.Period(start, end)
    assert same(s.revenue_in(period).amount, old_sum(x for d, x in ordered if start <= d < end))
    assert s.orders_in(period) == sum(1 for d, _ in ordered if start <= d < end)
    by_month = {m: v.amount for m, v in s.revenue_by_month.items()}
    expected = old_months(pairs)
    assert list(by_month) == list(expected)
    assert all(same(by_month[m], expected[m]) for m in expected)
    months = [kc.Month(2026, 1), kc.Month(2026, 2)]
    assert s.monthly_amounts(months) == tuple(expected.get(m, Decimal(0)) for m in months)


def test_a_sum_beyond_the_context_precision_rounds_as_decimal_addition_does() -> None:
    """Kopecks on top of 1E+30 round under prec=28 exactly as before."""
    pairs = [(date(2026, 1, 1), Decimal("1E+30")), (date(2026, 1, 2), Decimal("0.01"))]
    s = stats(pairs)
    assert isinstance(s._orders, CompactOrders)
    assert same(s.total.amount, old_sum(a for _, a in pairs))
    with decimal.localcontext(prec=50):
        assert same(s.total.amount, Decimal("1000000000000000000000000000000.01"))


def test_a_zero_sum_of_mixed_signs_follows_the_rounding_mode() -> None:
    """+5 and -5 sum to 0, or to -0 under ROUND_FLOOR, as Decimal addition gives."""
    s = stats([(date(2026, 1, 1), Decimal("5.00")), (date(2026, 1, 2), Decimal("-5"))])
    assert str(s.total.amount) == "0.00"
    with decimal.localcontext(rounding=decimal.ROUND_FLOOR):
        assert str(s.total.amount) == str(Decimal(0) + Decimal("5.00") + Decimal("-5"))
        assert str(s.total.amount) == "-0.00"


def test_an_unusual_context_falls_back_to_decimal_addition() -> None:
    """A tiny Emax or a huge precision still gives what Decimal addition gives."""
    pairs = [(date(2026, 1, 1), Decimal("123.45")), (date(2026, 1, 2), Decimal("1"))]
    s = stats(pairs)
    with decimal.localcontext(Emax=100, Emin=-100):
        assert same(s.total.amount, Decimal("124.45"))
    with decimal.localcontext(prec=decimal.MAX_PREC):
        assert same(s.total.amount, Decimal("124.45"))


@pytest.mark.parametrize("prec", [3, 5, 18, 28])
def test_a_low_precision_rounds_every_reader_as_decimal_addition_does(prec: int) -> None:
    """Under a low precision, totals and monthly sums round exactly as before."""
    pairs = [
        (date(2026, 1, 1), Decimal("123.45")),
        (date(2026, 1, 2), Decimal("1")),
        (date(2026, 2, 1), Decimal("99999.99")),
        (date(2026, 2, 3), Decimal("0.01")),
        (date(2026, 3, 3), Decimal("1234567890123456.78")),
    ]
    s = stats(pairs)
    with decimal.localcontext(prec=prec):
        assert same(s.total.amount, old_sum(a for _, a in pairs))
        by_month = {m: v.amount for m, v in s.revenue_by_month.items()}
        expected = old_months(pairs)
        assert all(same(by_month[m], expected[m]) for m in expected)


# -- where the compact layout does not fit ----------------------------------------------


@pytest.mark.parametrize(
    "odd",
    [
        Decimal("9223372036854775808"),  # beyond int64
        Decimal("-0"),
        Decimal("-0.00"),
        Decimal("1E+200"),  # exponent beyond int8
        Decimal("-0E+2"),
        Decimal("9.999999999999999999E+50"),  # scientific form, beyond int64
        Decimal("Infinity"),
        7,  # not a Decimal at all
    ],
)
def test_amounts_that_do_not_fit_are_kept_exactly_as_given(odd: Any) -> None:
    """The client falls back to plain pairs; its orders and sums are unchanged."""
    pairs = [(date(2026, 1, 1), Decimal("10.5")), (date(2026, 2, 1), odd)]
    s = stats(pairs)
    assert isinstance(s._orders, PlainOrders)
    assert s.orders == tuple(pairs)
    assert str(s.orders[1][1]) == str(odd)
    assert str(s.total.amount) == str(old_sum(a for _, a in pairs))
    assert s.revenue_by_month[kc.Month(2026, 2)].amount == old_sum([odd])
    assert s.revenue_in(kc.Period(date(2026, 1, 15), date(2026, 3, 1))).amount == old_sum([odd])
    assert s.first_order_on == date(2026, 1, 1)
    assert s.last_order_on == date(2026, 2, 1)


def test_a_day_that_is_not_a_plain_date_is_kept_as_given() -> None:
    """A datetime is not squeezed into an ordinal day: it comes back as it went in."""
    pairs = [(datetime(2026, 1, 1, 12, 30), Decimal("1"))]
    s = stats(pairs)
    assert isinstance(s._orders, PlainOrders)
    assert s.orders == tuple(pairs)
    assert s.order_dates == (datetime(2026, 1, 1, 12, 30),)


def test_a_streamed_client_falls_back_when_an_odd_amount_arrives() -> None:
    """Orders kept compactly so far are carried over, exactly, to the plain layout."""
    builder = OrderBuilder()
    builder.add(date(2026, 3, 1), Decimal("250.50"))
    builder.add(date(2026, 1, 1), Decimal("100"))
    builder.add(date(2026, 2, 1), Decimal("-0"))
    builder.add(date(2026, 2, 2), Decimal("1.5"))
    frozen = builder.freeze()
    assert isinstance(frozen, PlainOrders)
    assert [str(a) for _, a in frozen.pairs()] == ["100", "-0", "1.5", "250.50"]


def test_a_deal_with_a_huge_amount_streams_into_exact_stats() -> None:
    """build_stats over a deal worth more than int64 kopecks keeps it to the kopeck."""
    big = "123456789012345678.91"  # 18 digits before the point: the largest amounts enter
    deals = [
        kc.Deal(
            id=f"D-{i}",
            client_id="C-1",
            status="won",
            opened_on=date(2026, 1, 1),
            closed_on=date(2026, 1, 1 + i),
            amount=kc.Money(a, "RUB"),
        )
        for i, a in enumerate(["10.00", big, "5"])
    ]
    s = kc.build_stats(iter(deals), as_of=AS_OF)["C-1"]
    assert isinstance(s._orders, PlainOrders)
    assert [str(a) for _, a in s.orders] == ["10.00", big, "5"]
    assert str(s.total.amount) == "123456789012345693.91"


# -- equality, hashing, merge, pickling -------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(order_lists)
def test_equal_orders_make_equal_stats_whatever_the_layout(pairs: Pairs) -> None:
    """Stats compare and hash by their orders' values, compact or plain alike."""
    compact = stats(pairs)
    plain = stats(PlainOrders(tuple(sorted(pairs))))
    assert compact == plain
    assert hash(compact) == hash(plain)
    assert stats(list(reversed(pairs))) == compact


def test_equal_values_with_other_digits_are_equal_like_before() -> None:
    """(day, 100) equals (day, 100.00), as the tuples did; other orders are not equal."""
    day = date(2026, 1, 1)
    assert stats([(day, Decimal("100"))]) == stats([(day, Decimal("100.00"))])
    assert hash(stats([(day, Decimal("100"))])) == hash(stats([(day, Decimal("100.00"))]))
    assert stats([(day, Decimal("100"))]) != stats([(day, Decimal("101"))])
    assert stats([(day, Decimal("100"))]) != stats([(day + timedelta(days=1), Decimal("100"))])
    assert stats([(day, Decimal("1"))]) != stats([(day, Decimal("1"))] * 2)
    assert orders_of([]).__eq__(()) is NotImplemented


@settings(max_examples=50, deadline=None)
@given(order_lists, order_lists, order_lists)
def test_merge_is_associative_and_commutative_with_empty_as_identity(
    a: Pairs, b: Pairs, c: Pairs
) -> None:
    """Merging compact, plain or mixed partial stats obeys the merge laws."""
    x, y, z = stats(a), stats(b), stats(c)
    empty = kc.ClientStats.empty("C-1", AS_OF, "RUB")
    assert x.merge(y) == y.merge(x)
    assert x.merge(y).merge(z) == x.merge(y.merge(z))
    assert x.merge(empty) == x
    assert [str(v) for _, v in x.merge(y).orders] == [str(v) for _, v in sorted(a + b)]


@settings(max_examples=60, deadline=None)
@given(client_stats(max_deals=15), client_stats(max_deals=15))
def test_merged_stats_of_streamed_deals_match_the_pairs(
    x: kc.ClientStats, y: kc.ClientStats
) -> None:
    """Stats built from deals merge into the sorted orders of both."""
    assert x.merge(y).orders == tuple(sorted(x.orders + y.orders))


@settings(max_examples=80, deadline=None)
@given(order_lists)
def test_stats_pickle_round_trips(pairs: Pairs) -> None:
    """Stats sent between workers come back equal, with the same digits."""
    s = stats(pairs)
    back = pickle.loads(pickle.dumps(s))
    assert back == s
    assert repr(back) == repr(s)
    assert type(back._orders) is type(s._orders)


def test_repr_shows_the_orders_as_pairs() -> None:
    """The repr reads as before: orders=((date, Decimal), ...)."""
    s = stats([(date(2026, 1, 1), Decimal("100"))])
    assert "orders=((datetime.date(2026, 1, 1), Decimal('100')),), products=()" in repr(s)
    assert repr(s).startswith("ClientStats(client_id='C-1', as_of=datetime.date(2026, 11, 24)")


def test_frozen_stats_do_not_share_the_builders_arrays() -> None:
    """Orders added to a builder after freezing do not change the frozen orders."""
    builder = OrderBuilder()
    builder.add(date(2026, 1, 1), Decimal("1"))
    frozen = builder.freeze()
    builder.add(date(2026, 1, 2), Decimal("2"))
    assert len(frozen) == 1
    assert len(builder.freeze()) == 2


@settings(max_examples=60, deadline=None)
@given(compact_lists)
def test_kopeck_amounts_are_stored_compactly(pairs: Pairs) -> None:
    """Everyday amounts (kopecks within int64) take the compact layout."""
    assert isinstance(stats(pairs)._orders, CompactOrders)


_edge_amounts = st.sampled_from(
    [
        Decimal("-0"),
        Decimal("-0.00"),
        Decimal("0E-7"),
        Decimal("-0E+2"),
        Decimal("Infinity"),
        Decimal("0.000001"),
        Decimal("-92233720368547758.08"),  # int64 min kopecks: still compact
        Decimal("-92233720368547758.09"),
        Decimal("922337203685477580.7"),
        Decimal("922337203685477580.8"),
        Decimal("1" + "0" * 30),
        Decimal("0." + "0" * 30 + "1"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(days, st.one_of(amounts, _edge_amounts)), max_size=25))
def test_streamed_orders_are_stored_as_orders_given_at_once(pairs: Pairs) -> None:
    """OrderBuilder.add, one order at a time, keeps what orders_of keeps: layout and digits."""
    builder = OrderBuilder()
    for day, amount in pairs:
        builder.add(day, amount)
    streamed, at_once = builder.freeze(), orders_of(pairs)
    assert type(streamed) is type(at_once)
    assert [(d, str(a)) for d, a in streamed.pairs()] == [(d, str(a)) for d, a in at_once.pairs()]
