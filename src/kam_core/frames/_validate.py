"""A deals frame read by :mod:`kam_core.io`'s rules: a screen in polars, the verdict in io.

The rules for a deal row — required cells, amounts that read one way, statuses, dates,
one currency, one id one deal, lines complete — live in one place, the readers of
:mod:`kam_core.io`, with their reason codes.  A frame is not judged again here: a
*screen* in polars asks, for every row at once, whether the row is *plainly* valid —
canonical text that the io reader accepts as it stands and that polars casts to the
same values (an amount of plain digits, a status in lower case other than ``returned``, ISO
dates in order, the file's one currency, each id on consecutive rows with the same
deal cells, lines complete).  A frame whose rows all pass is analysed in polars.  Any
other frame — one suspect row, a return, a decimal comma — is read row by row by
:func:`kam_core.io.read_deals`, which gives the verdict: the same rows refused with the
same codes.  The deals it accepts go back to polars as the writers write them
(:func:`plain_frame`), or, with a return, are analysed as :func:`kam_core.analyze` does.

The screen may only err on the side of caution: a row it passes must be one the io
reader accepts with the same values (``tests/safety/test_same_book_every_path.py``
holds it to that); a row it flags costs the Python path, never a different answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, cast

from kam_core._currencies import MINOR_UNITS
from kam_core._domain.deal import Deal, DealStatus
from kam_core.errors import RowError
from kam_core.io import DEAL_COLUMNS, ReadResult, deal_rows, read_deals

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl
    from polars import LazyFrame

__all__ = [
    "ErrorMode",
    "as_text",
    "checked_frame",
    "is_plain",
    "plain_frame",
    "read_by_io",
    "required_columns",
]

ErrorMode = Literal["raise", "collect"]

_REQUIRED = ("id", "client_id", "status", "closed_on", "amount")
"""What a deals frame must have; ``opened_on`` defaults to ``closed_on`` (see docs/frames.md)."""
_PLAIN_STATUSES = tuple(s.value for s in DealStatus if s is not DealStatus.RETURNED)
"""Every status but a return's, as written in the docs: a return takes io's path."""
_AMOUNT = r"^(?:\d{1,18}(?:\.(?:\d{1,2}|\d{4,6}))?|\d{4,18}\.\d{3})$"
"""Plain digits with a dot that cannot be a thousands separator (``1.250`` reads two ways)."""
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_ID = r"^[^\s\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f])?$"
"""An id as Deal takes it (no space at either end, one line), without control characters."""
_DEAL_CELLS = DEAL_COLUMNS[1:-4]
"""A deal's own cells, repeated on each of its lines: the documented columns but the id
and the four that describe a line."""


def required_columns(names: list[str]) -> None:
    """Refuse a deals frame without a required column, as the io readers refuse a header."""
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        raise RowError(
            1,
            None,
            None,
            f"missing columns: {', '.join(missing)}",
            code="io.header.missing",
        )


def as_text(lf: pl.LazyFrame, pl: Any) -> pl.LazyFrame:
    """Every deal column as the text a CSV cell holds (null for an empty cell).

    Dates keep ISO form; a ``Datetime`` is truncated to its day first (as frames always
    read it); numbers print as polars prints them (``1250.50``, ``-3``), a ``Decimal``
    without the zeros its column's scale adds (``1.5`` in a column of ten decimals).
    """
    schema = lf.collect_schema()
    exprs = []
    for name in DEAL_COLUMNS:
        if name not in schema:
            continue
        col = pl.col(name)
        dtype = schema[name]
        if dtype.is_float():
            raise RowError(
                1,
                name,
                str(dtype),
                "a column of floats: give exact decimals (polars Decimal, integers or "
                "decimal strings), not floats",
                code="io.cell.type",
            )
        if isinstance(dtype, pl.Datetime):
            col = col.cast(pl.Date)
        col = col.cast(pl.String)
        if isinstance(dtype, pl.Decimal):  # the column's scale is not the amount's digits
            col = col.str.replace(r"(\.\d*?)0+$", "${1}").str.strip_suffix(".")
        exprs.append(col.alias(name))
    return lf.select(exprs)


def is_plain(text: pl.LazyFrame, currency: str | None, pl: Any) -> bool:
    """True when every row of ``text`` (from :func:`as_text`) passes the screen."""
    names = text.collect_schema().names()
    # the cells as the readers see them: stripped, an empty cell empty (null)
    text = text.with_columns(pl.col(n).str.strip_chars().replace("", None) for n in names)
    c = pl.col

    def given(name: str) -> Any:
        return c(name).is_not_null() if name in names else pl.lit(False)

    def absent(name: str) -> Any:
        return c(name).is_null() if name in names else pl.lit(True)

    def matches(name: str, pattern: str) -> Any:
        return c(name).str.contains(pattern).fill_null(False)

    def plain_or_absent(name: str, pattern: str) -> Any:
        return absent(name) | matches(name, pattern) if name in names else pl.lit(True)

    def day(name: str) -> Any:
        return c(name).str.to_date("%Y-%m-%d", strict=False)

    def date_ok(name: str) -> Any:
        if name not in names:
            return pl.lit(True)
        return absent(name) | (matches(name, _DATE) & day(name).is_not_null())

    opened = day("opened_on") if "opened_on" in names else day("closed_on")
    checks = [
        matches("id", _ID) & (c("id").str.len_chars() <= 256),
        matches("client_id", _ID) & (c("client_id").str.len_chars() <= 256),
        c("status").is_in(_PLAIN_STATUSES).fill_null(False),
        matches("amount", _AMOUNT),
        date_ok("closed_on"),
        date_ok("due_on"),
        date_ok("paid_on"),
        plain_or_absent("margin", _AMOUNT),
    ]
    if "opened_on" in names:
        checks.append(given("opened_on") & date_ok("opened_on"))
    else:  # opened_on is closed_on: a row needs one
        checks.append(given("closed_on"))
    checks += [
        (c("status") != "won") | given("closed_on"),
        (c("status") != "open") | absent("closed_on"),
        *(
            absent(name) | (day(name) >= opened).fill_null(False)
            for name in ("closed_on", "due_on", "paid_on")
            if name in names
        ),
    ]
    for name in ("referred_by", "owner", "category", "product_id"):
        if name in names:
            limit = 1000 if name in ("owner", "category") else 256
            checks.append(absent(name) | (matches(name, _ID) & (c(name).str.len_chars() <= limit)))
    if "referred_by" in names:
        checks.append(absent("referred_by") | (c("referred_by") != c("client_id")))
    # lines: all of product, quantity and price, or none (and no category without them)
    line = [given(n) for n in ("product_id", "quantity", "unit_price")]
    none = [absent(n) for n in ("product_id", "quantity", "unit_price", "category")]
    checks.append((line[0] & line[1] & line[2]) | (none[0] & none[1] & none[2] & none[3]))
    checks.append(plain_or_absent("unit_price", _AMOUNT))
    if "quantity" in names:
        positive = c("quantity").str.contains(r"[1-9]").fill_null(False)
        checks.append(absent("quantity") | (matches("quantity", _AMOUNT) & positive))
    # one currency, the file's: a known code in capitals on every row (or currency=)
    if "currency" in names:
        checks.append(c("currency").is_in(sorted(MINOR_UNITS)).fill_null(False))
        checks.append(c("currency") == c("currency").first())
        if currency is not None:
            checks.append(c("currency") == currency)
    elif currency is None or currency not in MINOR_UNITS:
        return False
    # one id, one deal: its rows are consecutive (as many runs of an id as ids) and each
    # later row repeats the deal's own cells (compared with the row before, no group_by)
    new_run = c("id").ne_missing(c("id").shift(1)).fill_null(True)
    same_deal = [
        new_run | c(n).eq_missing(c(n).shift(1)).fill_null(False) for n in _DEAL_CELLS if n in names
    ]
    verdict = text.select(
        pl.all_horizontal(checks + same_deal).all().alias("_ok"),
        (new_run.sum() == c("id").n_unique()).alias("_runs"),
    ).collect()
    return bool(verdict.item(0, "_ok")) and bool(verdict.item(0, "_runs"))


def _rows(text: pl.DataFrame, as_of: date) -> Iterator[Mapping[str, str]]:
    """The frame's rows as CSV cells: text, an empty cell for a null."""
    names = text.columns
    fill = "opened_on" not in names
    for values in text.iter_rows():
        row = {name: "" if v is None else v for name, v in zip(names, values, strict=True)}
        if fill:  # documented: without opened_on a deal opens on its first date, or as_of
            dates = [row.get(n, "").strip() for n in ("closed_on", "due_on", "paid_on")]
            row["opened_on"] = dates[0] or min((d for d in dates if d), default=as_of.isoformat())
        yield row


def read_by_io(
    text: pl.LazyFrame, currency: str | None, errors: ErrorMode, as_of: date, offset: int = 0
) -> ReadResult[Deal]:
    """The frame's deals and rejects as :func:`kam_core.io.read_deals` reads its rows.

    Rows are numbered as in the CSV the frame would be (the header is row 1), after
    ``offset`` rows of earlier files when the frame is one of several read as one
    (:mod:`kam_core.distributed`: the readers count those as blank rows).  In
    ``"raise"`` mode the first bad row raises its :class:`~kam_core.errors.RowError`.
    """
    rows: Iterator[Mapping[str, str]] = _rows(text.collect(), as_of)
    if offset:
        rows = itertools.chain(itertools.repeat({}, offset), rows)
    if errors == "collect":
        return read_deals(rows, currency=currency, errors="collect")
    return ReadResult(tuple(read_deals(rows, currency=currency)), ())


def checked_frame(lazy: pl.LazyFrame, currency: str | None, as_of: date, pl: Any) -> pl.LazyFrame:
    """``lazy`` if it passes the screen, else its deals as io reads them, as a plain frame.

    For :func:`~kam_core.frames.labels`, which computes on purchases in polars: the first
    bad row raises its :class:`~kam_core.errors.RowError`, and a return is refused
    (code ``frames.labels.returns``) rather than left out of the revenue.
    """
    required_columns(lazy.collect_schema().names())
    text = as_text(lazy, pl)
    if is_plain(text, currency, pl):
        return lazy
    good, _ = read_by_io(text, currency, "raise", as_of)
    returned = (
        text.select(pl.int_range(pl.len()).alias("_row"), pl.col("id"), pl.col("status"))
        .filter(pl.col("status").str.strip_chars().str.to_lowercase() == "returned")
        .first()
        .collect()
    )
    if returned.height:
        raise RowError(
            int(returned.item(0, "_row")) + 2,
            "status",
            returned.item(0, "status"),
            f"deal {returned.item(0, 'id')!r} is a return: the label table counts purchases "
            "only; analyse a book with returns with frames.analyze, which nets them",
            code="frames.labels.returns",
        )
    return plain_frame(good, pl)


def plain_frame(deals: tuple[Deal, ...], pl: Any) -> LazyFrame:
    """The deals as the writers of :mod:`kam_core.io` write them, as a frame of text.

    What io accepted, in canonical text (plain amounts, lower-case statuses, ISO dates),
    so that polars casts it to the values io read.
    """
    rows = [row for deal in deals for row in deal_rows(deal)]
    frame = pl.DataFrame(rows, schema=dict.fromkeys(DEAL_COLUMNS, pl.String))
    return cast("LazyFrame", frame.lazy())
