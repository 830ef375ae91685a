"""The same book through every path: io + analyze and frames give one report, one set of rejects.

A generated book is written as a CSV export, with bad rows slipped in between its deals
(a negative amount, an unknown status, an empty client id, another currency, a deal id
already used by another client on a row apart), odd but valid rows (a return, deals
closed or opened after ``as_of``) and its deals shuffled.  Read by ``kam_core.io`` and
analysed by ``kc.analyze``, and read by polars and analysed by ``kam_core.frames``, it
gives the same report rows and the same rejected rows with the same reason codes.
(The command line joins this property when it reads through ``kam_core.io``.)
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.io import DEAL_COLUMNS, deal_rows, read_deals

pl = pytest.importorskip("polars")
from kam_core import frames  # noqa: E402

AS_OF = date(2026, 11, 24)
POLICIES = p.PolicySet.preset("erokhin", currency="RUB")

# what to slip in: the cells that differ from a valid won deal, and the code io gives
BAD = {
    "negative": ({"amount": "-500.00"}, "io.amount.negative"),
    "unknown status": ({"status": "maybe"}, "io.status.unknown"),
    "no client": ({"client_id": ""}, "io.cell.required"),
    "other currency": ({"currency": "USD"}, "io.currency.mixed"),
    "duplicate": ({}, "io.deal.duplicate_id"),
}
ODD = ("return", "closed after as_of", "opened after as_of")


def _row(**cells: str) -> dict[str, str]:
    row = dict.fromkeys(DEAL_COLUMNS, "")
    row.update(
        status="won",
        opened_on="2026-01-10",
        closed_on="2026-01-12",
        amount="10.00",
        currency="RUB",
    )
    row.update(cells)
    return row


def _export(book: kc.SyntheticBook, slips: list[tuple[str, int]], seed: int) -> tuple[str, Any]:
    """The CSV text of the book with ``slips`` put in, deals shuffled; and the expected codes."""
    deals = list(book.deals())
    random.Random(seed).shuffle(deals)
    groups = [list(deal_rows(d)) for d in deals]
    purchases = [d for d in deals if d.status is kc.DealStatus.WON and d.closed_on]
    expected: list[str] = []
    twins: set[str] = set()
    book_ids = {d.id for d in deals}
    for n, (kind, where) in enumerate(slips):
        at = 1 + where % len(groups)  # after the first deal: it sets the file's currency
        name = f"X-{n}"
        if kind == "duplicate":
            # a deal at least two groups earlier, not yet twinned: its id for another client
            earlier = [
                g[0]["id"]
                for g in groups[: max(at - 1, 0)]
                if g[0]["id"] in book_ids and g[0]["id"] not in twins
            ]
            if not earlier:
                kind = "negative"
            else:
                twins.add(earlier[0])
                name = earlier[0]
        if kind in BAD:
            cells, code = BAD[kind]
            groups.insert(at, [_row(**{"id": name, "client_id": "C-X", **cells})])
            expected.append(code)
        elif kind == "return" and purchases:
            bought = purchases[n % len(purchases)]
            assert bought.closed_on is not None
            groups.append(  # after every purchase: a return is checked against what was bought
                [
                    _row(
                        id=f"R-{n}",
                        client_id=bought.client_id,
                        status="returned",
                        opened_on=bought.closed_on.isoformat(),
                        closed_on=bought.closed_on.isoformat(),
                        amount="-1.00",
                    )
                ]
            )
        elif kind == "closed after as_of":
            later = (AS_OF + timedelta(days=3)).isoformat()
            groups.insert(at, [_row(id=name, client_id="C-Y", closed_on=later)])
        elif kind == "opened after as_of":
            later = (AS_OF + timedelta(days=9)).isoformat()
            groups.insert(
                at, [_row(id=name, client_id="C-Y", status="open", opened_on=later, closed_on="")]
            )
    out = io.StringIO()
    kc_rows = [row for group in groups for row in group]
    out.write(",".join(DEAL_COLUMNS) + "\n")
    for row in kc_rows:
        out.write(",".join(row[c] for c in DEAL_COLUMNS) + "\n")
    return out.getvalue(), (sorted(expected + ["io.deal.duplicate_id"] * len(twins)), twins)


def _rejects(rejected: Any) -> list[tuple[Any, ...]]:
    return [(r.row, r.rows, r.column, r.field, r.value, r.code, r.id) for r in rejected]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(clients=3, seed=32, slips=[("return", 0), ("duplicate", 1)])  # found by CI
@given(
    clients=st.integers(3, 10),
    seed=st.integers(0, 10**6),
    slips=st.lists(
        st.tuples(st.sampled_from(sorted(BAD) + list(ODD)), st.integers(0, 10**4)), max_size=7
    ),
)
def test_io_with_analyze_and_frames_give_the_same_report_and_rejects(
    clients: int, seed: int, slips: list[tuple[str, int]]
) -> None:
    """Same report rows, same rejected rows (row, column, value, code, id) on both paths.

    A return whose purchase was itself rejected (a duplicate id, say) leaves returns
    above purchases: both paths then refuse the book with the same error.
    """
    book = kc.generate_book(clients, seed=seed % 1000, as_of=AS_OF, deals_per_client=4)
    text, (codes, _twins) = _export(book, slips, seed)

    good, rejected = read_deals(io.StringIO(text), errors="collect")
    assert sorted(r.code for r in rejected) == codes
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    refused = None
    try:
        by_io = kc.analyze(book.clients, good, as_of=AS_OF, policies=POLICIES)
    except kc.errors.ReturnsExceedPurchasesError as exc:
        refused = str(exc)
    if refused is not None:
        with pytest.raises(kc.errors.ReturnsExceedPurchasesError) as also:
            frames.analyze(frame, book.clients, as_of=AS_OF, policies=POLICIES, errors="collect")
        assert str(also.value) == refused
        return
    by_frames, frames_rejected = frames.analyze(
        frame, book.clients, as_of=AS_OF, policies=POLICIES, errors="collect"
    )
    assert _rejects(frames_rejected) == _rejects(rejected)
    assert by_frames.rows() == by_io.rows()
    assert by_frames.summary() == by_io.summary()


def test_a_clean_book_takes_the_columnar_path_and_agrees_with_analyze() -> None:
    """Without a suspect row, frames labels in polars (no row is read by io) and agrees."""
    book = kc.generate_book(25, seed=7, as_of=AS_OF)
    text, _ = _export(book, [("closed after as_of", 3), ("opened after as_of", 9)], seed=1)
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    report = frames.analyze(frame, book.clients, as_of=AS_OF, policies=POLICIES)
    assert type(report.store).__name__ == "ColumnStore"
    good = list(read_deals(io.StringIO(text)))
    assert report.rows() == kc.analyze(book.clients, good, as_of=AS_OF, policies=POLICIES).rows()


def test_raise_mode_raises_the_first_bad_row_as_the_reader_does() -> None:
    """errors="raise" (the default): the RowError io raises, same row, column and code."""
    book = kc.generate_book(5, seed=3, as_of=AS_OF)
    text, _ = _export(book, [("unknown status", 4), ("negative", 2)], seed=2)
    with pytest.raises(kc.errors.RowError) as by_io:
        list(read_deals(io.StringIO(text)))
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    with pytest.raises(kc.errors.RowError) as by_frames:
        frames.analyze(frame, book.clients, as_of=AS_OF, policies=POLICIES)
    seen = (by_frames.value.row, by_frames.value.column, by_frames.value.code)
    assert seen == (by_io.value.row, by_io.value.column, by_io.value.code)
    assert str(by_frames.value) == str(by_io.value)


def test_returns_are_netted_on_the_frames_path_as_analyze_nets_them() -> None:
    """A credit note lowers the client's revenue on both paths, never dropped."""
    book = kc.generate_book(6, seed=11, as_of=AS_OF)
    text, _ = _export(book, [("return", 0)], seed=4)
    [back] = [d for d in read_deals(io.StringIO(text)) if d.status is kc.DealStatus.RETURNED]
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    report = frames.analyze(frame, book.clients, as_of=AS_OF, policies=POLICIES)
    stats = report.row(back.client_id).stats
    assert stats.return_count == 1
    assert stats.returned == kc.Money("1.00", "RUB")
    assert stats.total == stats.purchased - stats.returned
    good = list(read_deals(io.StringIO(text)))
    assert report.rows() == kc.analyze(book.clients, good, as_of=AS_OF, policies=POLICIES).rows()
