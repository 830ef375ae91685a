"""The columnar XYZ and sleeping labellers give every client the Python policy's label."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal, localcontext
from typing import Any

import pytest

pytest.importorskip("polars")

from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core._decision import jsonable
from kam_core.frames._xyz_sleeping import (
    LABELLERS,
    label_sleeping,
    label_xyz,
)
from kam_core.testing import deals as deal_strategy
from tests.frames.columnar_support import (
    columnar_labels,
    keyed_labels,
    orders_frame,
    population_frame,
    python_labels,
)

AS_OF = date(2026, 11, 24)
DATES = (date(2026, 11, 24), date(2026, 11, 30), date(2026, 12, 1), date(2027, 2, 28))


class Book:
    """A hand-made book with what the columnar test helpers read of a SyntheticBook."""

    def __init__(self, deals: Sequence[kc.Deal], client_ids: Sequence[str]) -> None:
        self._deals = tuple(deals)
        self.client_ids = tuple(client_ids)
        self.clients: tuple[kc.Client, ...] = ()

    def deals(self) -> Iterator[kc.Deal]:
        return iter(self._deals)


def won(client_id: str, closed_on: date, amount: str | int, n: int = 0) -> kc.Deal:
    """A won deal of ``amount`` roubles closed on ``closed_on``."""
    return kc.Deal(
        id=f"D-{client_id}-{closed_on.isoformat()}-{n}",
        client_id=client_id,
        status="won",
        opened_on=closed_on - timedelta(days=3),
        closed_on=closed_on,
        amount=kc.Money(str(amount), "RUB"),
    )


def python_labels_in_roubles(policy: Any, book: Book, as_of: date) -> dict[str, str | None]:
    """:func:`python_labels` of a hand-made book, whose clients may all lack orders."""
    stats = kc.build_stats(book.deals(), as_of=as_of, clients=book.client_ids, currency="RUB")
    fitted = policy.fit(tuple(stats.values()))
    labels = {cid: jsonable(fitted.label(s)) for cid, s in stats.items()}
    return {cid: None if label is None else str(label) for cid, label in labels.items()}


@functools.lru_cache(maxsize=16)
def generated(clients: int, seed: int, as_of: date) -> kc.SyntheticBook:
    return kc.generate_book(clients, seed=seed, as_of=as_of)


def assert_same(policy: Any, book: Any, as_of: date) -> dict[str, str | None]:
    """Both implementations agree on every client; returns the labels."""
    labeller = LABELLERS[type(policy)]
    if isinstance(book, kc.SyntheticBook):
        expected = python_labels(policy, book, as_of)
    else:
        expected = python_labels_in_roubles(policy, book, as_of)
    got = columnar_labels(labeller, policy, book, as_of)
    assert got == expected
    assert list(got) == sorted(got)
    return got


XYZ_CONFIGS = (
    p.Xyz(),
    p.Xyz(months=2),
    p.Xyz(months=6),
    p.Xyz(months=24),
    p.Xyz.preset("classic"),
    p.Xyz.preset("b2b"),
    p.Xyz(x_max=0.0, y_max=0.7),
    p.Xyz(months=6, x_max=0.37, y_max=1.9),
    p.Xyz(months=3, x_max=0.5, y_max=5.0),
)
SLEEPING_CONFIGS = (
    p.Sleeping(),
    p.Sleeping(min_orders=2),
    p.Sleeping(min_orders=6),
    p.Sleeping(drowsy=Decimal("1.25"), sleeping=Decimal("1.333"), lost=Decimal("4.5")),
    p.Sleeping(lost_after_days=60),
    p.Sleeping(fallback_percentiles=(Decimal("33.333"), Decimal(50), Decimal("99.999"))),
    p.Sleeping(fallback_percentiles=(Decimal("0.001"), Decimal("0.002"), Decimal(100))),
)


def test_labellers_are_keyed_by_the_built_in_classes() -> None:
    """The caller looks the labeller up by the policy's exact class."""
    assert {p.Xyz: label_xyz, p.Sleeping: label_sleeping} == LABELLERS


@pytest.mark.parametrize("policy", XYZ_CONFIGS, ids=repr)
@pytest.mark.parametrize("as_of", DATES)
def test_xyz_columns_match_python_on_a_generated_book(policy: p.Xyz, as_of: date) -> None:
    """Every XYZ configuration labels a 200-client book as the Python policy does."""
    labels = assert_same(policy, generated(200, 7, as_of), as_of)
    assert "unknown" in labels.values()


@pytest.mark.parametrize("policy", SLEEPING_CONFIGS, ids=repr)
@pytest.mark.parametrize("as_of", DATES)
def test_sleeping_columns_match_python_on_a_generated_book(policy: p.Sleeping, as_of: date) -> None:
    """Every sleeping configuration labels a 200-client book as the Python policy does."""
    assert_same(policy, generated(200, 7, as_of), as_of)


@pytest.mark.parametrize(("clients", "seed"), [(20, 1), (20, 2), (1000, 3)])
@pytest.mark.parametrize("policy", [p.Xyz(), p.Xyz(months=6), p.Sleeping()], ids=repr)
def test_books_of_other_sizes_and_seeds_match(clients: int, seed: int, policy: Any) -> None:
    """Small and larger books, other seeds: the same labels."""
    assert_same(policy, generated(clients, seed, AS_OF), AS_OF)


def test_a_thousand_client_book_has_every_sleeping_outcome() -> None:
    """The larger book reaches every activity, so each branch is compared."""
    labels = assert_same(p.Sleeping(), generated(1000, 3, AS_OF), AS_OF)
    assert {"active", "drowsy", "sleeping", "lost", "no_orders"} <= set(labels.values())


def test_a_book_where_nobody_bought() -> None:
    """No order at all: XYZ unknown, sleeping no_orders for every client."""
    lost = kc.Deal(
        id="D-1",
        client_id="C-1",
        status="lost",
        opened_on=date(2026, 1, 1),
        closed_on=date(2026, 2, 1),
        amount=kc.Money("10", "RUB"),
    )
    later = won("C-2", AS_OF + timedelta(days=1), 10)  # won after as_of: not an order yet
    book = Book([lost, later], ["C-1", "C-2", "C-3"])
    assert set(assert_same(p.Xyz(), book, AS_OF).values()) == {"unknown"}
    assert set(assert_same(p.Sleeping(), book, AS_OF).values()) == {"no_orders"}


def test_one_order_per_client() -> None:
    """One order each: no pooled gap, so unknown unless lost by the absolute limit."""
    deals = [won(f"C-{i}", AS_OF - timedelta(days=40 * i), 100 + i) for i in range(1, 15)]
    book = Book(deals, [f"C-{i}" for i in range(1, 16)])
    assert set(assert_same(p.Sleeping(), book, AS_OF).values()) == {
        "unknown",
        "lost",
        "no_orders",
    }
    assert set(assert_same(p.Xyz(), book, AS_OF).values()) == {"Z", "unknown"}
    # one month of sales in two: CV = 1 exactly, X when x_max = 1
    assert "X" in assert_same(p.Xyz(months=2, x_max=1.0, y_max=1.0), book, AS_OF).values()


def test_orders_all_on_one_day() -> None:
    """Several orders, one day: one order day, no gap; XYZ sees one month."""
    day = date(2026, 9, 15)
    deals = [won(f"C-{i % 4}", day, 50 + i, n=i) for i in range(12)]
    book = Book(deals, ["C-0", "C-1", "C-2", "C-3"])
    assert set(assert_same(p.Sleeping(), book, AS_OF).values()) == {"unknown"}
    assert set(assert_same(p.Sleeping(lost_after_days=30), book, AS_OF).values()) == {"lost"}
    assert_same(p.Xyz(months=2), book, AS_OF)
    assert set(assert_same(p.Xyz(months=2, x_max=1.0, y_max=2.0), book, AS_OF).values()) == {"X"}


def steady_book(pairs: dict[str, Sequence[str | int]]) -> Book:
    """Each client buys the given amounts on the 10th of consecutive months ending October."""
    deals = []
    for client_id, amounts in pairs.items():
        for back, amount in enumerate(reversed(amounts)):
            month = 10 - back
            deals.append(
                won(client_id, date(2026 if month > 0 else 2025, (month - 1) % 12 + 1, 10), amount)
            )
    return Book(deals, sorted(pairs))


def test_a_cv_exactly_at_the_limits() -> None:
    """CV equal to x_max is X, equal to y_max is Y; a hair above falls to the next class."""
    book = steady_book(
        {
            "C-X": [90, 110],  # CV = 0.1
            "C-Q": [3, 5],  # CV = 0.25
            "C-H": ["0.01", "0.03"],  # CV = 0.5, in cents
            "C-Z": [0, 7],  # CV = 1
            "C-0": [0, 0],  # nothing bought in the window
        }
    )
    labels = assert_same(p.Xyz(months=2, x_max=0.1, y_max=0.25), book, AS_OF)
    assert labels == {"C-0": "unknown", "C-H": "Z", "C-Q": "Y", "C-X": "X", "C-Z": "Z"}
    labels = assert_same(p.Xyz(months=2, x_max=0.25, y_max=0.5), book, AS_OF)
    assert labels == {"C-0": "unknown", "C-H": "Y", "C-Q": "X", "C-X": "X", "C-Z": "Z"}
    labels = assert_same(p.Xyz(months=2, x_max=0.0999, y_max=0.2499), book, AS_OF)
    assert labels["C-X"] == "Y"
    assert labels["C-Q"] == "Z"


def test_a_first_order_in_the_windows_second_month_is_too_short_a_history() -> None:
    """The first order must fall in the window's first month or before."""
    book = Book(
        [won("C-1", date(2026, 9, 1), 10), won("C-2", date(2026, 8, 31), 10)], ["C-1", "C-2"]
    )
    labels = assert_same(p.Xyz(months=3), book, AS_OF)
    assert labels == {"C-1": "unknown", "C-2": "Z"}


def test_amounts_beyond_eighteen_digits_are_classified_exactly() -> None:
    """Windows too large for 128-bit products are classified in Python integers."""
    # amounts past the default 18 digits before the point need the wider bounds (issue 22)
    with kc.wider_amount_bounds(integer_digits=19):
        book = steady_book(
            {
                "C-BIG": [10**16, 10**16 + 1, 10**16],
                "C-HUGE": [3 * 10**17, 10**17, "200000000000000000.01"],
                "C-FLAT": [10**17, 10**17, 10**17],
                "C-SMALL": [1, 2, 3],
                "C-EDGE": [6 * 10**17, 6 * 10**17, 10**18],  # CV = 0.25 exactly
            }
        )
        labels = assert_same(p.Xyz(months=3), book, AS_OF)
        assert labels == {
            "C-BIG": "X",
            "C-EDGE": "Z",
            "C-FLAT": "X",
            "C-HUGE": "Z",
            "C-SMALL": "Z",
        }
        labels = assert_same(p.Xyz(months=2, x_max=0.2, y_max=0.25), book, AS_OF)
        assert labels["C-EDGE"] == "Y"


def test_limits_with_too_many_digits_are_left_to_python() -> None:
    """A limit whose fraction does not fit 128-bit products: no columnar labels."""
    book = generated(20, 1, AS_OF)
    policy = p.Xyz(x_max=0.1234567891234, y_max=0.25)
    got = label_xyz(policy, orders_frame(book.deals(), AS_OF), population_frame([]), AS_OF)
    assert got is None


@pytest.mark.parametrize("labeller", [label_xyz, label_sleeping])
def test_a_narrow_decimal_context_is_left_to_python(labeller: Any) -> None:
    """A context that would take the Python policy off its integer path: None."""
    book = generated(20, 1, AS_OF)
    policy = p.Xyz() if labeller is label_xyz else p.Sleeping()
    orders, population = orders_frame(book.deals(), AS_OF), population_frame(book.client_ids)
    with localcontext() as ctx:
        ctx.prec = 12
        assert labeller(policy, orders, population, AS_OF) is None
    with localcontext() as ctx:
        ctx.Emax = 999
        assert labeller(policy, orders, population, AS_OF) is None


def test_sleeping_thresholds_are_compared_strictly() -> None:
    """A gap equal to a threshold stays below it, own rhythm and fallback alike."""
    every_ten = [won("C-R", AS_OF - timedelta(days=d), 5) for d in (15, 25, 35, 45)]
    # rhythm 10: drowsy beyond 15 days, the last order exactly 15 days ago
    twice = [won("C-F", AS_OF - timedelta(days=d), 5) for d in (10, 30)]
    once = [won("C-1", AS_OF - timedelta(days=20), 5)]
    at_sleeping = [won("C-S", AS_OF - timedelta(days=d), 5) for d in (20, 30, 40)]
    at_lost = [won("C-L", AS_OF - timedelta(days=d), 5) for d in (30, 40, 50, 60)]
    book = Book(
        every_ten + twice + once + at_sleeping + at_lost, ["C-1", "C-F", "C-L", "C-R", "C-S"]
    )
    labels = assert_same(p.Sleeping(), book, AS_OF)
    assert (labels["C-R"], labels["C-S"], labels["C-L"]) == ("active", "drowsy", "sleeping")
    assert_same(p.Sleeping(min_orders=2), book, AS_OF)


def test_orders_before_1970_and_after_as_of() -> None:
    """Old dates pack correctly; orders after as_of are not orders yet."""
    deals = [won("C-1", date(1965, 3, d), 5) for d in (1, 5, 9, 30)]
    deals += [won("C-1", AS_OF + timedelta(days=3), 5), won("C-2", date(1969, 12, 31), 5)]
    deals += [won("C-2", date(1970, 1, 2), 5)]
    book = Book(deals, ["C-1", "C-2"])
    assert assert_same(p.Sleeping(), book, AS_OF) == {"C-1": "lost", "C-2": "lost"}
    assert_same(p.Sleeping(lost_after_days=36600), book, AS_OF)


@settings(max_examples=40, database=None)
@given(
    deals=st.lists(
        deal_strategy(client_ids=[f"C-{i}" for i in range(6)], start=date(2025, 1, 1)),
        max_size=40,
    ),
    as_of=st.dates(date(2025, 6, 1), date(2027, 12, 31)),
    months=st.integers(2, 24),
    min_orders=st.integers(2, 5),
)
def test_any_book_gets_the_python_labels(
    deals: list[kc.Deal], as_of: date, months: int, min_orders: int
) -> None:
    """Generated books with mixed statuses, scales and dates: the same labels."""
    book = Book(deals, [f"C-{i}" for i in range(7)])
    assert_same(p.Xyz(months=months), book, as_of)
    assert_same(p.Xyz(months=months, x_max=0.5, y_max=1.0), book, as_of)
    assert_same(p.Sleeping(min_orders=min_orders), book, as_of)


@pytest.mark.parametrize(
    "policy", [p.Xyz(months=3), p.Xyz(months=2, x_max=0.2, y_max=0.25), p.Sleeping()]
)
def test_clients_numbered_in_id_order_get_the_same_labels(policy: Any) -> None:
    """frames.labels keys clients by number: the labels (the big-amount path too) agree."""
    # amounts past the default 18 digits before the point need the wider bounds (issue 22)
    with kc.wider_amount_bounds(integer_digits=19):
        book = steady_book(
            {
                "C-BIG": [10**16, 10**16 + 1, 10**16],
                "C-HUGE": [3 * 10**17, 10**17, "200000000000000000.01"],
                "C-EDGE": [6 * 10**17, 6 * 10**17, 10**18],
                "C-SMALL": [1, 2, 3],
                "C-ONE": [5],
            }
        )
        orders, population = orders_frame(book.deals(), AS_OF), population_frame(book.client_ids)
        labeller = LABELLERS[type(policy)]
        keyed = keyed_labels(labeller, policy, orders, population, AS_OF)
        assert keyed == assert_same(policy, book, AS_OF)
