"""The polars ABC and RFM labellers give every client exactly the Python policy's label."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import pytest

pytest.importorskip("polars")

from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.frames._abc_rfm import LABELLERS, label_abc, label_rfm
from kam_core.policies import RfmCell
from kam_core.testing import deals as deal_strategy
from tests.frames.columnar_support import (
    columnar_labels,
    keyed_labels,
    orders_frame,
    population_frame,
    python_labels,
)

AS_OF = date(2026, 11, 24)
AS_OFS = (AS_OF, date(2025, 2, 28), date(2024, 2, 29))


# -- helpers ----------------------------------------------------------------------------


def deal(
    n: int, client: str, day: date, amount: str, margin: str | None = None, status: str = "won"
) -> kc.Deal:
    """A deal of ``client`` closed on ``day`` (a won one is an order)."""
    return kc.Deal(
        id=f"D-{n}",
        client_id=client,
        status=status,
        opened_on=day - timedelta(days=3),
        closed_on=day,
        amount=kc.Money(amount, "RUB"),
        margin=None if margin is None else kc.Money(margin, "RUB"),
    )


def python_side(
    policy: Any, deals: Sequence[kc.Deal], ids: Iterable[str], as_of: date
) -> dict[str, str | None]:
    """The Python labels of a hand-made book (currency given: nobody may have bought)."""
    stats = kc.build_stats(deals, as_of=as_of, clients=ids, currency="RUB")
    fitted = policy.fit(tuple(stats.values()))
    return {cid: str(fitted.label(s)) for cid, s in stats.items()}


def columnar_side(
    policy: Any, deals: Sequence[kc.Deal], ids: Iterable[str], as_of: date
) -> dict[str, str | None]:
    """The labeller's labels of the same hand-made book."""
    labeller = LABELLERS[type(policy)]
    got = labeller(policy, orders_frame(deals, as_of), population_frame(ids), as_of)
    assert got is not None
    frame = got.collect()
    assert frame.columns == ["client_id", "label"]
    assert frame["client_id"].to_list() == sorted(frame["client_id"].to_list())
    return dict(zip(frame["client_id"].to_list(), frame["label"].to_list(), strict=True))


def assert_same(
    policy: Any, deals: Sequence[kc.Deal], ids: Sequence[str], as_of: date = AS_OF
) -> dict[str, str | None]:
    """Both sides agree on every client; the labels, for further checks."""
    expected = python_side(policy, deals, ids, as_of)
    got = columnar_side(policy, deals, ids, as_of)
    assert got == expected
    assert set(got) == set(ids) | {d.client_id for d in deals}
    return got


def full_grid(bins: int) -> tuple[RfmCell, ...]:
    """One segment per (R, F) cell, so any score difference changes the label."""
    return tuple(
        RfmCell(recency=(r, r), frequency=(f, f), segment=f"r{r}f{f}")
        for r in range(1, bins + 1)
        for f in range(1, bins + 1)
    )


BOOKS = {
    (n, seed): kc.generate_book(n, seed=seed, as_of=AS_OF) for n in (20, 200) for seed in (1, 7)
}

ABC_POLICIES = [
    p.Abc(),
    p.Abc(boundary="exclusive"),
    p.Abc(cutoffs=(0.5, 0.9)),
    p.Abc(cutoffs=(0.7, 0.85), boundary="exclusive"),
    p.Abc(cutoffs=(0.123456789, 0.987654321)),
    p.Abc(window_months=1),
    p.Abc(window_months=3, boundary="exclusive"),
    p.Abc(window_months=None),
    p.Abc(window_months=None, boundary="exclusive"),
    p.Abc(metric="orders"),
    p.Abc(metric="orders", window_months=None, boundary="exclusive"),
    p.Abc(metric="margin", window_months=None),
    p.Abc(metric="margin", window_months=None, boundary="exclusive", cutoffs=(0.6, 0.8)),
]

STANDARD_BINS_GRID = (
    RfmCell(recency=(1, 5), frequency=(5, 5), segment="frequent"),
    RfmCell(recency=(5, 5), frequency=(1, 5), segment="recent"),
    RfmCell(recency=(1, 5), frequency=(1, 5), segment="other"),
)
RFM_POLICIES = [
    p.Rfm(),
    p.Rfm(window_months=12),
    p.Rfm(window_months=1),
    p.Rfm(monetary="average"),
    p.Rfm(window_months=6, monetary="average"),
    p.Rfm(grid=full_grid(5)),
    p.Rfm(grid=STANDARD_BINS_GRID),
    p.Rfm(bins=2, grid=full_grid(2)),
    p.Rfm(bins=3, grid=full_grid(3), window_months=12),
    p.Rfm(bins=10, grid=full_grid(10)),
    p.Rfm(bins=10, grid=full_grid(10), window_months=3, monetary="average"),
]


def _id(policy: Any) -> str:
    return repr(policy.model_dump(exclude={"playbook", "grid"}))


# -- generated books ----------------------------------------------------------------------


@pytest.mark.parametrize("policy", ABC_POLICIES, ids=_id)
@pytest.mark.parametrize("size_seed", sorted(BOOKS))
def test_abc_labels_match_python_on_generated_books(
    policy: p.Abc, size_seed: tuple[int, int]
) -> None:
    """Every ABC configuration labels each client of a generated book as Python does."""
    book = BOOKS[size_seed]
    assert columnar_labels(label_abc, policy, book, AS_OF) == python_labels(policy, book, AS_OF)


@pytest.mark.parametrize("policy", RFM_POLICIES, ids=_id)
@pytest.mark.parametrize("size_seed", sorted(BOOKS))
def test_rfm_labels_match_python_on_generated_books(
    policy: p.Rfm, size_seed: tuple[int, int]
) -> None:
    """Every RFM configuration segments each client of a generated book as Python does."""
    book = BOOKS[size_seed]
    assert columnar_labels(label_rfm, policy, book, AS_OF) == python_labels(policy, book, AS_OF)


@pytest.mark.parametrize("as_of", AS_OFS)
def test_labels_match_python_on_a_thousand_clients_at_several_dates(as_of: date) -> None:
    """A 1 000-client book, read as of month ends and a leap day, for ABC and RFM."""
    book = kc.generate_book(1000, seed=3, as_of=AS_OF)
    for policy in (p.Abc(), p.Abc(boundary="exclusive", metric="orders"), p.Abc(window_months=1)):
        assert columnar_labels(label_abc, policy, book, as_of) == python_labels(policy, book, as_of)
    for rfm in (p.Rfm(), p.Rfm(window_months=1), p.Rfm(bins=10, grid=full_grid(10))):
        assert columnar_labels(label_rfm, rfm, book, as_of) == python_labels(rfm, book, as_of)


def test_generated_books_give_every_abc_class() -> None:
    """The generated-book comparisons are not vacuous: A, B and C all occur."""
    labels = columnar_labels(label_abc, p.Abc(), BOOKS[200, 1], AS_OF)
    assert set(labels.values()) == {"A", "B", "C"}


def test_labellers_are_registered_for_the_built_in_classes() -> None:
    """The caller finds each labeller by the policy's exact class."""
    assert {p.Abc: label_abc, p.Rfm: label_rfm} == LABELLERS


# -- ABC corners --------------------------------------------------------------------------


def test_abc_client_exactly_at_a_cutoff_share() -> None:
    """Cumulative 80 % and 95 % exactly: exclusive keeps the client up, inclusive too."""
    day = date(2026, 6, 1)
    book = [deal(1, "C-1", day, "80"), deal(2, "C-2", day, "15"), deal(3, "C-3", day, "5")]
    ids = ["C-1", "C-2", "C-3"]
    exclusive = assert_same(p.Abc(boundary="exclusive"), book, ids)
    assert exclusive == {"C-1": "A", "C-2": "B", "C-3": "C"}
    inclusive = assert_same(p.Abc(), book, ids)
    assert inclusive == {"C-1": "A", "C-2": "B", "C-3": "C"}


def test_abc_share_before_a_client_exactly_at_the_cutoff() -> None:
    """Inclusive: a client whose predecessors make exactly the cut-off drops a class."""
    day = date(2026, 6, 1)
    values = ("40", "40", "15", "5")
    book = [deal(i, f"C-{i}", day, v) for i, v in enumerate(values, 1)]
    ids = [f"C-{i}" for i in range(1, 5)]
    got = assert_same(p.Abc(), book, ids)
    assert got == {"C-1": "A", "C-2": "A", "C-3": "B", "C-4": "C"}
    got = assert_same(p.Abc(cutoffs=(0.4, 0.95)), book, ids)
    assert got == {"C-1": "A", "C-2": "B", "C-3": "B", "C-4": "C"}


@pytest.mark.parametrize("boundary", ["inclusive", "exclusive"])
def test_abc_ties_in_value_are_broken_by_client_id(boundary: str) -> None:
    """Equal values rank by client id as strings ("C-10" before "C-2")."""
    day = date(2026, 6, 1)
    ids = ["C-2", "C-10", "C-1", "C-3", "C-11"]
    book = [deal(i, cid, day, "25.50") for i, cid in enumerate(ids)]
    got = assert_same(p.Abc(cutoffs=(0.5, 0.9), boundary=boundary), book, ids)
    expected = "AAABB" if boundary == "inclusive" else "AABBC"
    assert [got[c] for c in ["C-1", "C-10", "C-11", "C-2", "C-3"]] == list(expected)


@pytest.mark.parametrize("cutoffs", [(0.1, 0.2), (0.333, 0.667), (0.3, 0.7), (0.05, 0.999999)])
@pytest.mark.parametrize("boundary", ["inclusive", "exclusive"])
def test_abc_cutoffs_that_land_between_and_on_cents(
    cutoffs: tuple[float, float], boundary: str
) -> None:
    """Cut-off amounts with more digits than the cents: exact, never rounded."""
    day = date(2026, 6, 1)
    values = ("333.33", "333.33", "166.67", "100", "33.34", "33.33", "0.01", "0.00")
    book = [deal(i, f"C-{i}", day, v) for i, v in enumerate(values, 1)]
    assert_same(p.Abc(cutoffs=cutoffs, boundary=boundary), book, [f"C-{i}" for i in range(1, 10)])


def test_abc_clients_with_zero_value_and_without_orders_are_c() -> None:
    """Zero revenue, orders outside the window and no orders at all: class C."""
    ids = ["C-1", "C-2", "C-3", "C-4"]
    book = [
        deal(1, "C-1", date(2026, 6, 1), "100"),
        deal(2, "C-2", date(2026, 6, 1), "0"),
        deal(3, "C-3", date(2020, 6, 1), "500"),
        deal(4, "C-4", date(2026, 6, 1), "900", status="lost"),
    ]
    got = assert_same(p.Abc(), book, ids)
    assert got == {"C-1": "A", "C-2": "C", "C-3": "C", "C-4": "C"}


def test_abc_population_where_nobody_bought_in_the_window_is_all_c() -> None:
    """Zero total: every client is C (no division by zero)."""
    ids = ["C-1", "C-2", "C-3"]
    book = [deal(1, "C-1", date(2020, 6, 1), "100"), deal(2, "C-2", date(2021, 6, 1), "5")]
    for policy in (p.Abc(), p.Abc(boundary="exclusive"), p.Abc(metric="orders")):
        assert set(assert_same(policy, book, ids).values()) == {"C"}


def test_abc_population_where_nobody_bought_at_all_is_all_c() -> None:
    """No orders in the book: every client is C, whatever the metric."""
    ids = ["C-1", "C-2"]
    book = [deal(1, "C-1", date(2026, 6, 1), "100", status="lost")]
    for policy in ABC_POLICIES:
        assert set(assert_same(policy, book, ids).values()) == {"C"}


def test_abc_empty_population_gives_an_empty_frame() -> None:
    """No clients: no rows (the Python fit refuses an empty population)."""
    got = label_abc(p.Abc(), orders_frame([], AS_OF), population_frame([]), AS_OF).collect()
    assert got.columns == ["client_id", "label"]
    assert got.height == 0


def test_abc_by_margin_knows_negative_missing_and_absent_margins() -> None:
    """Margin ranks all history; a missing margin is unknown, a negative one C."""
    day = date(2026, 6, 1)
    book = [
        deal(1, "C-1", day, "100", "40.5"),
        deal(2, "C-1", date(2019, 1, 5), "100", "10"),
        deal(3, "C-2", day, "100", "-7.25"),
        deal(4, "C-3", day, "100", "12"),
        deal(5, "C-3", day, "100"),
        deal(6, "C-4", day, "100", "9.75"),
        deal(7, "C-5", day, "100", "0"),
    ]
    ids = ["C-1", "C-2", "C-3", "C-4", "C-5", "C-6"]
    for boundary in ("inclusive", "exclusive"):
        policy = p.Abc(metric="margin", window_months=None, boundary=boundary)
        got = assert_same(policy, book, ids)
        assert got["C-3"] == "unknown"
        assert got["C-2"] == got["C-5"] == got["C-6"] == "C"


def test_abc_ranks_orders_by_count_with_ties() -> None:
    """metric="orders": the count in the window, ties by client id."""
    day = date(2026, 6, 1)
    counts = {"C-1": 3, "C-2": 3, "C-3": 1, "C-4": 2, "C-5": 1}
    book = [
        deal(i * 10 + k, cid, day + timedelta(days=k), "1")
        for i, (cid, n) in enumerate(counts.items())
        for k in range(n)
    ]
    for boundary in ("inclusive", "exclusive"):
        assert_same(p.Abc(metric="orders", boundary=boundary), book, list(counts))


def test_abc_amounts_of_mixed_scales() -> None:
    """Whole, one- and two-place amounts share one column scale without loss."""
    day = date(2026, 6, 1)
    values = ("7", "10.5", "3.25", "7.00", "0.1")
    book = [deal(i, f"C-{i}", day, v) for i, v in enumerate(values, 1)]
    assert_same(p.Abc(cutoffs=(0.6, 0.9)), book, [f"C-{i}" for i in range(1, 6)])


def test_abc_refuses_a_cutoff_out_of_int128_reach() -> None:
    """A cut-off needing a denominator above 10**18 is left to the Python path."""
    policy = p.Abc(cutoffs=(5e-324, 0.5))
    assert label_abc(policy, orders_frame([], AS_OF), population_frame(["C-1"]), AS_OF) is None


def test_abc_huge_totals_compare_without_overflow() -> None:
    """Totals near the Decimal(38) range: the cut-off split keeps Int128 products small."""
    # amounts past the default 18 digits before the point need the wider bounds (issue 22)
    with kc.wider_amount_bounds(integer_digits=31):
        day = date(2026, 6, 1)
        values = ("1" + "0" * 30, "3" + "0" * 29, "7" * 29, "1")
        book = [deal(i, f"C-{i}", day, v) for i, v in enumerate(values, 1)]
        ids = [f"C-{i}" for i in range(1, 5)]
        for cutoffs in ((0.7, 0.95), (0.123456789012345, 0.99999999999999)):
            assert_same(p.Abc(cutoffs=cutoffs, boundary="exclusive"), book, ids)
            assert_same(p.Abc(cutoffs=cutoffs), book, ids)


# -- RFM corners --------------------------------------------------------------------------


def test_rfm_population_where_nobody_bought() -> None:
    """Without any order every client is "no_orders"."""
    ids = ["C-1", "C-2"]
    book = [deal(1, "C-1", date(2026, 6, 1), "100", status="lost")]
    got = assert_same(p.Rfm(), book, ids)
    assert got == {"C-1": "no_orders", "C-2": "no_orders"}


def test_rfm_clients_without_orders_are_outside_the_grid() -> None:
    """A client without orders is "no_orders"; one with orders outside the window is not."""
    ids = ["C-1", "C-2", "C-3"]
    book = [deal(1, "C-1", date(2026, 11, 1), "100"), deal(2, "C-2", date(2020, 1, 1), "5")]
    got = assert_same(p.Rfm(window_months=12), book, ids)
    assert got["C-3"] == "no_orders"
    assert got["C-2"] != "no_orders"


def test_rfm_ties_share_the_lowest_score() -> None:
    """Equal recency and frequency give equal scores (rank method "min")."""
    day = date(2026, 11, 1)
    ids = [f"C-{i}" for i in range(1, 8)]
    book = [deal(i, cid, day, "10") for i, cid in enumerate(ids)]
    book += [deal(100, "C-7", date(2026, 11, 20), "10")]
    got = assert_same(p.Rfm(grid=full_grid(5)), book, ids)
    assert {got[c] for c in ids[:6]} == {"r1f1"}
    assert got["C-7"] == "r5f5"
    for bins in (2, 3, 10):
        assert_same(p.Rfm(bins=bins, grid=full_grid(bins)), book, ids)


def test_rfm_first_matching_cell_wins_in_a_custom_grid() -> None:
    """Overlapping cells: the first one listed names the segment."""
    book = [
        deal(i, f"C-{i % 9}", date(2026, 1, 1) + timedelta(days=i * 7), "10") for i in range(40)
    ]
    ids = [f"C-{i}" for i in range(10)]
    got = assert_same(p.Rfm(grid=STANDARD_BINS_GRID), book, ids)
    assert got["C-9"] == "no_orders"
    assert {"frequent", "recent", "other"} & set(got.values())


# -- property -----------------------------------------------------------------------------

CLIENTS = tuple(f"C-{i}" for i in range(1, 9))
ANY_POLICY = st.sampled_from(
    [*ABC_POLICIES[:11], *RFM_POLICIES, p.Abc(cutoffs=(0.2, 0.4)), p.Abc(cutoffs=(0.9, 0.99))]
)


@settings(max_examples=50)
@given(
    st.lists(
        deal_strategy(
            client_ids=CLIENTS,
            statuses=(kc.DealStatus.WON, kc.DealStatus.LOST),
            start=date(2024, 1, 1),
            end=date(2026, 12, 31),
        ),
        max_size=30,
        unique_by=lambda d: d.id,
    ),
    ANY_POLICY,
    st.sampled_from(AS_OFS[:2]),
)
def test_any_book_gets_the_python_labels(deals: list[kc.Deal], policy: Any, as_of: date) -> None:
    """Random small books (ties, empty windows, clients without orders) agree with Python."""
    assert_same(policy, deals, CLIENTS, as_of)


@pytest.mark.parametrize(
    "policy", [p.Abc(), p.Abc(metric="orders"), p.Rfm(), p.Rfm(bins=2, grid=full_grid(2))], ids=_id
)
def test_orders_of_clients_outside_the_population_do_not_count(policy: Any) -> None:
    """Only population clients get a row and shape the ranking, as in the Python fit."""
    day = date(2026, 6, 1)
    ids = ["C-1", "C-2", "C-3"]
    inside = [deal(1, "C-1", day, "50"), deal(2, "C-2", day + timedelta(days=9), "30")]
    outside = [deal(10 + i, "C-9", day + timedelta(days=20 + i), "900") for i in range(3)]
    expected = python_side(policy, inside, ids, AS_OF)
    assert columnar_side(policy, [*inside, *outside], ids, AS_OF) == expected


@pytest.mark.parametrize("policy", [p.Abc(), p.Abc(metric="orders"), p.Rfm()])
def test_clients_numbered_in_id_order_get_the_same_labels(policy: Any) -> None:
    """frames.labels keys clients by number in id order: ties still break by id."""
    book = kc.generate_book(60, seed=4, as_of=AS_OF)
    orders, population = orders_frame(book.deals(), AS_OF), population_frame(book.client_ids)
    labeller = LABELLERS[type(policy)]
    keyed = keyed_labels(labeller, policy, orders, population, AS_OF)
    assert keyed == python_labels(policy, book, AS_OF)
