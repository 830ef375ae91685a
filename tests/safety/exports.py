"""Hypothesis strategies for hostile CSV exports: what a CRM admin's export may look like.

Each export starts from a valid one (a few entities of a generated book written by
``kam_core.io``'s writers, or rows in the readers' own column names) and is then made
hostile at three levels:

- *cells*: a cell replaced by a number past the bounds, an amount that reads two ways,
  a huge cell (10⁴ to 10⁶ characters), a quote, a newline, a NUL, a BOM inside a cell;
- *structure*: extra columns (up to 5,000), a missing or repeated column, a row with
  more cells than the header, blank rows, an empty file, a header alone;
- *bytes*: the text encoded as UTF-8, UTF-8 with a BOM, cp1251, UTF-16 or Latin-1 (read
  under a matching or a wrong ``encoding=``), then bytes flipped, cut or repeated.

An :class:`Export` carries the data (text, or bytes) and the reader options, both modes
of ``errors=``; :func:`exports` draws them for one kind of reader.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import attrs
from hypothesis import strategies as st

import kam_core as kc
from kam_core.io import (
    CLIENT_COLUMNS,
    DEAL_COLUMNS,
    LEAD_COLUMNS,
    write_clients,
    write_deals,
    write_leads,
)
from tests.safety import hostile as h

AS_OF = date(2026, 11, 24)
_BOOK = kc.generate_book(8, seed=23, as_of=AS_OF, deals_per_client=3)


def _text(write: Any, items: Any, delimiter: str) -> str:
    out = io.StringIO()
    write(out, items, delimiter=delimiter)
    return out.getvalue()


_VALID: dict[str, list[str]] = {
    "deals": [_text(write_deals, list(_BOOK.deals()), d) for d in (",", ";", "\t")],
    "clients": [_text(write_clients, list(_BOOK.clients), d) for d in (",", ";")],
    "leads": [_text(write_leads, list(_BOOK.leads), d) for d in (",", ";")],
}
_COLUMNS = {"deals": DEAL_COLUMNS, "clients": CLIENT_COLUMNS, "leads": LEAD_COLUMNS}

hostile_cells = st.one_of(
    h.numbers_past_bounds,
    st.sampled_from(
        [
            "",
            " ",
            "-500.00",
            "1,250",
            "1.250,50",
            "1 250,50",
            "1e5",
            "NaN",
            "-0",
            "₽1250",
            "12,x",
            "2026-02-30",
            "2026-01-10 10:00:00",
            "2026-01-10T07:00:00Z",
            "maybe",
            "WON",
            "returned",
            "да",
            "rub",
            "XXX",
            '"',
            '"unterminated',
            "a\nb",
            "a\r\nb",
            "\x00",
            "\ufeffD-1",
            "[1, 2",
            '[{"name": "x"}]',
            "=cmd|' /C calc'!A0",
        ]
    ),
    st.sampled_from([("x", 10_000), ("9", 100_000), ("а", 200_001), ("1", 1_000_001)]).map(
        lambda t: t[0] * t[1]
    ),
    st.text(max_size=30),
)


@attrs.frozen
class Export:
    """A CSV export as a reader receives it: the data and the options it is read with."""

    kind: str
    data: str | bytes
    options: dict[str, Any]

    def source(self) -> io.StringIO | io.BytesIO:
        """A fresh stream over the data (text or binary, as it was drawn)."""
        return io.StringIO(self.data) if isinstance(self.data, str) else io.BytesIO(self.data)

    def __repr__(self) -> str:  # the data may be megabytes: show its size and start
        size = f"{len(self.data):,} {type(self.data).__name__}"
        return f"Export({self.kind}, {size}, {self.data[:80]!r}…, {self.options})"


def _split(text: str) -> tuple[str, list[list[str]]]:
    lines = text.splitlines()
    delimiter = "\t" if "\t" in lines[0] else (";" if ";" in lines[0] else ",")
    return delimiter, [line.split(delimiter) for line in lines]


def _quote(cell: str, delimiter: str) -> str:
    if any(c in cell for c in (delimiter, '"', "\n", "\r")) and not cell.startswith('"'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def _hostile_text(draw: st.DrawFn, kind: str) -> str:
    """A valid export of ``kind`` with cells, columns and rows made hostile."""
    delimiter, table = _split(draw(st.sampled_from(_VALID[kind])))
    header, rows = table[0], table[1:]
    for _ in range(draw(st.integers(0, 6))):
        how = draw(
            st.sampled_from(
                ["cell", "cell", "cell", "columns", "drop", "repeat", "extra", "blank", "rows"]
            )
        )
        if how == "cell" and rows:
            row = rows[draw(st.integers(0, len(rows) - 1))]
            if row:  # a blank row may have lost its one cell to a dropped column
                at = draw(st.integers(0, len(row) - 1))
                row[at] = _quote(draw(hostile_cells), delimiter)
        elif how == "columns":
            n = draw(st.sampled_from([1, 30, 500, 5000]))
            header = header + [f"extra_{i}" for i in range(n)]
            rows = [r + ["x"] * n for r in rows]
        elif how == "drop" and len(header) > 1:
            at = draw(st.integers(0, len(header) - 1))
            header = header[:at] + header[at + 1 :]
            rows = [r[:at] + r[at + 1 :] for r in rows]
        elif how == "repeat":
            at = draw(st.integers(0, len(header) - 1))
            header = [*header, header[at]]
            rows = [[*r, r[at] if at < len(r) else ""] for r in rows]
        elif how == "extra" and rows:
            rows[draw(st.integers(0, len(rows) - 1))].append("surplus")
        elif how == "blank":
            rows.insert(draw(st.integers(0, len(rows))), [""])
        elif how == "rows" and rows:
            rows = rows[: draw(st.integers(0, len(rows)))] + rows[: draw(st.integers(0, len(rows)))]
    if draw(st.integers(0, 19)) == 0:
        return draw(st.sampled_from(["", "\n", delimiter.join(header) + "\n", "\ufeff"]))
    return "\n".join(delimiter.join(r) for r in [header, *rows]) + "\n"


_ENCODINGS = ["utf-8", "utf-8-sig", "cp1251", "utf-16", "latin-1"]


@st.composite
def _encoded(draw: st.DrawFn, text: str) -> tuple[str | bytes, str | None]:
    """The text as text, or as bytes in some encoding, and the ``encoding=`` to read it."""
    if draw(st.integers(0, 3)) == 0:
        return text, None
    written = draw(st.sampled_from(_ENCODINGS))
    data = text.encode(written, errors="replace")
    for _ in range(draw(st.integers(0, 3)) if data else 0):  # flipped, cut or repeated bytes
        at = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "cut", "repeat", "truncate"]))
        if how == "flip":
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
        elif how == "cut":
            data = data[:at] + data[at + draw(st.integers(1, 16)) :]
        elif how == "repeat":
            data = data[:at] + data[at : at + 16] * draw(st.integers(1, 50)) + data[at:]
        else:
            data = data[:at]
        if not data:
            break
    declared = draw(st.sampled_from([written, written, "utf-8", "cp1251", "utf-16", "koi8_r"]))
    return data, declared


_options = st.fixed_dictionaries(
    {},
    optional={
        "decimal": st.sampled_from([",", ".", None]),
        "delimiter": st.sampled_from([",", ";", "\t", None]),
        "timezone": st.sampled_from(["Europe/Moscow", "UTC", None]),
        "currency": st.sampled_from(["RUB", "rub", "USD", None]),
        "columns": st.sampled_from([{"Сумма": "amount"}, {"id": "id"}]),
        "values": st.sampled_from(
            [{"status": {"Выиграна": "won"}}, {"owner": {"КМ": "client_manager"}}]
        ),
    },
)

bad_options = st.fixed_dictionaries(
    {},
    optional={
        "decimal": st.sampled_from(["", ",,", "x", 1]),
        "delimiter": st.sampled_from(["", ";;", "\n", '"']),
        "timezone": st.sampled_from(["Mars/Olympus", "", "+03:00"]),
        "currency": st.sampled_from(["XXXX", "", "₽"]),
        "columns": st.sampled_from([{"Сумма": "no_such_field"}, {"a": "amount", "b": "amount"}]),
        "values": st.sampled_from([{"no_such": {"a": "b"}}, {"status": {"x": "not_a_status"}}]),
        "encoding": st.sampled_from(["no-such-codec", "", "rot13"]),
        "errors": st.sampled_from(["ignore", "", None]),
    },
)


@st.composite
def exports(draw: st.DrawFn, kind: str) -> Export:
    """A hostile export of ``kind`` ("deals", "clients", "leads") with reader options."""
    data, encoding = draw(_encoded(draw(_hostile_text(kind))))
    options = dict(draw(_options))
    if encoding is not None:
        options["encoding"] = encoding
    options["errors"] = draw(st.sampled_from(["raise", "collect"]))
    if draw(st.integers(0, 9)) == 0:
        options.update(draw(bad_options))
    return Export(kind, data, options)


@st.composite
def mild_exports(draw: st.DrawFn, kind: str) -> Export:
    """A valid export of ``kind`` with at most one hostile cell, read as UTF-8 text.

    Most hostile exports are refused at the header or the first bad row; these get past
    the reader often enough that what comes after it (the analysis, the report) is
    fuzzed too.
    """
    delimiter, table = _split(draw(st.sampled_from(_VALID[kind])))
    header, rows = table[0], table[1:]
    if draw(st.booleans()) and rows:
        row = rows[draw(st.integers(0, len(rows) - 1))]
        row[draw(st.integers(0, len(row) - 1))] = _quote(draw(hostile_cells), delimiter)
    text = "\n".join(delimiter.join(r) for r in [header, *rows]) + "\n"
    return Export(kind, text, {"errors": "raise"})
