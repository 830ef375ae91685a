"""A generated export with bad rows slipped in: collect mode finds exactly them, and only them."""

from __future__ import annotations

import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core.io import DEAL_COLUMNS, deal_rows, read_deals, write_deals

AS_OF = date(2026, 11, 24)
BOOK = list(kc.generate_book(12, seed=5, as_of=AS_OF).deals())

# what to slip in, and the reason code the reader must give it
BAD_ROWS = {
    "negative": ("io.amount.negative", {"amount": "-500.00"}),
    "unknown status": ("io.status.unknown", {"status": "maybe"}),
    "no client": ("io.cell.required", {"client_id": ""}),
    "other currency": ("io.currency.mixed", {"currency": "USD"}),
    "ambiguous": ("io.amount.ambiguous", {"amount": "1,250"}),
    "timestamp": ("io.date.timestamp", {"opened_on": "2026-01-10 10:00:00"}),
    "duplicate": ("io.deal.duplicate_id", {}),
}


def _bad_row(kind: str, n: int, twin: kc.Deal) -> dict[str, str]:
    """One bad deal row; a duplicate repeats ``twin``'s id for another client."""
    row = dict.fromkeys(DEAL_COLUMNS, "")
    row.update(
        id=f"X-{n}",
        client_id="C-X",
        status="won",
        opened_on="2026-01-10",
        closed_on="2026-01-12",
        amount="10.00",
        currency="RUB",
    )
    if kind == "duplicate":
        row["id"] = twin.id
    row.update(BAD_ROWS[kind][1])
    return row


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(BAD_ROWS)), st.integers(0, len(BOOK)), st.integers(0, 10**6)
        ),
        min_size=1,
        max_size=6,
    )
)
def test_collect_mode_rejects_exactly_the_injected_rows_with_their_reasons(
    injected: list[tuple[str, int, int]],
) -> None:
    """Good deals come back equal; each bad row is rejected with its own code, once."""
    slots: dict[int, list[tuple[str, int]]] = {}
    for n, (kind, where, pick) in enumerate(injected):
        slots.setdefault(where, []).append((kind, pick, n))
    rows: list[dict[str, str]] = []
    expected: list[str] = []
    twins: set[str] = set()
    for i in range(len(BOOK) + 1):
        for kind, pick, n in slots.get(i, ()):
            twin = BOOK[pick % len(BOOK)]
            if kind == "duplicate" and (twin.id in twins or BOOK.index(twin) >= i - 1):
                # a duplicate needs its twin earlier in the file, once, and not on the row
                # just before it: rows of one id in a row are lines of one deal
                kind = "negative"
            if kind == "other currency" and i == 0:
                kind = "negative"  # the first currency read is the file's
            if kind == "duplicate":
                twins.add(twin.id)
            rows.append(_bad_row(kind, n, twin))  # X-n: each injected row its own id
            expected.append(BAD_ROWS[kind][0])
        if i < len(BOOK):
            rows.extend(deal_rows(BOOK[i]))
    out = io.StringIO()
    out.write(",".join(DEAL_COLUMNS) + "\n")
    for row in rows:
        out.write(",".join(f'"{row[c]}"' if "," in row[c] else row[c] for c in DEAL_COLUMNS) + "\n")
    out.seek(0)
    good, rejected = read_deals(out, errors="collect")
    clean = [d for d in BOOK if d.id not in twins]
    assert list(good) == clean
    codes = sorted(r.code for r in rejected)
    assert codes == sorted(expected + ["io.deal.duplicate_id"] * len(twins))
    covered = sorted(r for record in rejected for r in record.rows)
    assert len(covered) == len(set(covered))
    assert len(covered) + sum(max(len(d.lines), 1) for d in clean) == len(rows)


def test_the_generated_book_alone_reads_back_whole() -> None:
    """Without injected rows nothing is rejected (the property's baseline)."""
    out = io.StringIO()
    write_deals(out, BOOK)
    out.seek(0)
    good, rejected = read_deals(out, errors="collect")
    assert (list(good), rejected) == (BOOK, ())
