"""The command line's reader of rows of strings, now thin wrappers over :mod:`kam_core.io`.

Kept for the command line (and the columnar backend) until they call
:mod:`kam_core.io` directly; the rules for cells, the checks and the errors are
:mod:`kam_core.io`'s (see ``docs/io.md``).  Read exports with :mod:`kam_core.io`:
this module is private.

>>> rows = [
...     {"id": "D-1", "client_id": "C-1", "status": "won", "opened_on": "2026-01-10",
...      "closed_on": "01.02.2026", "amount": "1 250,50", "product_id": "SKU-1",
...      "quantity": "2", "unit_price": "500"},
...     {"id": "D-1", "product_id": "SKU-2", "quantity": "1", "unit_price": "250,50"},
... ]
>>> [deal] = read_deals(rows, currency="RUB")
>>> deal.amount, [line.product_id for line in deal.lines]
(Money('1250.50', 'RUB'), ['SKU-1', 'SKU-2'])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from kam_core._amounts import parse_number
from kam_core._domain.client import Client
from kam_core._domain.deal import Deal
from kam_core._domain.lead import Lead
from kam_core.errors import AmountFormatError, RowError
from kam_core.io import (
    CLIENT_COLUMNS,
    DEAL_COLUMNS,
    LEAD_COLUMNS,
    client_row,
    deal_rows,
    lead_row,
)
from kam_core.io._api import read
from kam_core.io._cells import CellProblem, read_day

__all__ = [
    "CLIENT_COLUMNS",
    "DEAL_COLUMNS",
    "LEAD_COLUMNS",
    "client_row",
    "deal_rows",
    "lead_row",
    "parse_date",
    "parse_decimal",
    "read_clients",
    "read_deals",
    "read_leads",
]

Row = Mapping[Any, Any]


def parse_decimal(
    text: str, *, row: int = 0, field: str = "amount", decimal: str | None = None
) -> Decimal:
    """An exact decimal from a cell, by :meth:`kam_core.Money.parse`'s rules.

    >>> parse_decimal("1 250,50"), parse_decimal("-3"), parse_decimal("0.1")
    (Decimal('1250.50'), Decimal('-3'), Decimal('0.1'))
    >>> parse_decimal("1,250", row=4)
    Traceback (most recent call last):
    ...
    kam_core.errors.RowError: row 4, column 'amount': '1,250': ambiguous: ...
    """
    try:
        return parse_number(text, decimal=decimal, field=field)
    except AmountFormatError as exc:
        raise RowError(row, field, text, exc.message, code=f"io.{exc.code}") from None


def parse_date(text: str, *, row: int = 0, field: str = "date") -> date:
    """A calendar date: ``YYYY-MM-DD`` or ``DD.MM.YYYY`` (a timestamp is refused).

    >>> parse_date("2026-11-24"), parse_date("24.11.2026")
    (datetime.date(2026, 11, 24), datetime.date(2026, 11, 24))
    """
    try:
        return read_day(text.strip(), None)[0]
    except CellProblem as problem:
        raise RowError(
            row, field, text, problem.message, code=problem.code, hint=problem.hint
        ) from None


def read_deals(
    rows: Iterable[Row],
    *,
    currency: str | None = None,
    mapping: Mapping[str, str] | None = None,
    header: Iterable[str] | None = None,
    first_row: int = 2,
    **options: Any,
) -> Iterator[Deal]:
    """Stream validated deals from rows of strings (see :func:`kam_core.io.read_deals`).

    ``mapping`` renames source columns (``columns=`` of :mod:`kam_core.io`); ``header``
    lets missing required columns be reported before the first row; ``first_row`` is
    the number of the first data row; ``options`` are :mod:`kam_core.io`'s.
    """
    return read(  # type: ignore[return-value]
        "deals",
        rows,
        header=header,
        first_row=first_row,
        currency=currency,
        columns=mapping,
        **options,
    )


def read_clients(
    rows: Iterable[Row],
    *,
    currency: str | None = None,
    mapping: Mapping[str, str] | None = None,
    header: Iterable[str] | None = None,
    first_row: int = 2,
    **options: Any,
) -> Iterator[Client]:
    """Stream validated clients from rows of strings (see :func:`kam_core.io.read_clients`)."""
    return read(  # type: ignore[return-value]
        "clients",
        rows,
        header=header,
        first_row=first_row,
        currency=currency,
        columns=mapping,
        **options,
    )


def read_leads(
    rows: Iterable[Row],
    *,
    currency: str | None = None,
    mapping: Mapping[str, str] | None = None,
    header: Iterable[str] | None = None,
    first_row: int = 2,
    **options: Any,
) -> Iterator[Lead]:
    """Stream validated leads from rows of strings (see :func:`kam_core.io.read_leads`)."""
    return read(  # type: ignore[return-value]
        "leads",
        rows,
        header=header,
        first_row=first_row,
        currency=currency,
        columns=mapping,
        **options,
    )
