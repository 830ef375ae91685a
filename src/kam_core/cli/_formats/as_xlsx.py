"""``--format xlsx``: a workbook a sales director opens in Excel (the ``xlsx`` extra).

One sheet per section of the report, then one of every client; cells are typed — counts
as numbers, money as numbers with the book's currency as their number format, shares as
per cent, dates as dates — so the workbook sorts, filters and sums as it should.  openpyxl
is imported when a workbook is first written; without it the run stops with one line
naming the extra to install.  The workbook's creation and modification dates are the
report's date, never the clock.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import IO, TYPE_CHECKING, Any

from kam_core._words import words
from kam_core.cli._common import EXIT_USAGE, Failure, say
from kam_core.cli._formats._clients import client_table
from kam_core.cli._formats._job import Job
from kam_core.cli._sections import Amount, Cell, Explanation, Kind, Lines, Section, Share, Table

if TYPE_CHECKING:  # pragma: no cover - openpyxl is an optional extra
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["INSTALL", "RENDERER", "money_format", "sheet_title"]

INSTALL = "pip install 'kam_core[xlsx]'"
"""How to get the spreadsheet's extra."""

_BAD = re.compile(r"[\[\]:*?/\\]")
_WIDEST = 60


def sheet_title(name: str, taken: set[str]) -> str:
    """A tab name Excel accepts: no ``[]:*?/\\``, at most 31 characters, unique in ``taken``.

    >>> taken = set()
    >>> sheet_title("ABC × XYZ: matrix", taken), sheet_title("ABC × XYZ: matrix", taken)
    ('ABC × XYZ matrix', 'ABC × XYZ matrix (2)')
    """
    base = " ".join(_BAD.sub(" ", name).split())[:31] or "Sheet"
    title, n = base, 1
    while title.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title)
    return title


def money_format(currency: str, lang: str) -> str:
    """The number format of money in ``currency``: grouped, two decimals, the code after.

    >>> money_format("RUB", "ru"), money_format("", "en")
    ('#,##0.00 "₽"', '#,##0.00')
    """
    if not currency:
        return "#,##0.00"
    sign = words(lang).symbols.get(currency, currency)
    return f'#,##0.00 "{sign}"'


def _require(lang: str) -> Any:
    try:
        import openpyxl
    except ImportError:
        raise Failure(say("error.xlsx_missing", lang, install=INSTALL), EXIT_USAGE) from None
    return openpyxl


def _value(cell: Cell) -> Any:
    if isinstance(cell, Amount):
        return cell.amount
    if isinstance(cell, Share):
        return cell.ratio
    return cell


def _formats(kind: Kind, currency: str, lang: str) -> str | None:
    if kind is Kind.MONEY:
        return money_format(currency, lang)
    if kind is Kind.SHARE:
        return "0.0%"
    if kind is Kind.DATE:
        return str(words(lang).format["spreadsheet_date"])
    if kind is Kind.COUNT:
        return "0"
    return None


def _table(sheet: Worksheet, table: Table, row: int, currency: str, lang: str, bold: Any) -> int:
    widths = [len(c.heading) for c in table.columns]
    for j, column in enumerate(table.columns, 1):
        cell = sheet.cell(row=row, column=j, value=column.heading)
        cell.font = bold
    for values in table.rows:
        row += 1
        for j, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
            cell = sheet.cell(row=row, column=j, value=_value(value))
            number_format = _formats(column.kind, currency, lang)
            if number_format is not None and value is not None:
                cell.number_format = number_format
            shown = value if isinstance(value, str) else str(_value(value) or "")
            widths[j - 1] = max(widths[j - 1], min(len(shown), _WIDEST))
    from openpyxl.utils import get_column_letter

    for j, width in enumerate(widths, 1):
        letter = get_column_letter(j)
        current = sheet.column_dimensions[letter].width or 0
        sheet.column_dimensions[letter].width = max(current, width + 2)
    if table.hidden > 0:
        row += 1
        sheet.cell(row=row, column=1, value=say("more", lang, n=table.hidden))
    return row + 2


def _section(sheet: Worksheet, section: Section, currency: str, lang: str, bold: Any) -> None:
    sheet.cell(row=1, column=1, value=section.title).font = bold
    row = 3
    for part in section.parts:
        if isinstance(part, Lines | Explanation):
            for line in part.lines:
                sheet.cell(row=row, column=1, value=line)
                row += 1
            row += 1
        elif isinstance(part, Table):
            row = _table(sheet, part, row, currency, lang, bold)


class _Xlsx:
    binary = True

    def render(self, job: Job, out: IO[Any]) -> None:
        lang = job.lang
        openpyxl = _require(lang)
        from openpyxl.styles import Font

        bold = Font(bold=True)
        doc = job.document
        currency = doc.context.currency
        book = openpyxl.Workbook()
        stamp = datetime.combine(job.report.as_of, time(), tzinfo=UTC).replace(tzinfo=None)
        book.properties.created = stamp
        book.properties.modified = stamp
        book.properties.creator = "kam_core"
        book.properties.title = doc.title
        taken: set[str] = set()
        first = book.active
        for index, section in enumerate(doc.sections):
            sheet = first if index == 0 else book.create_sheet()
            sheet.title = sheet_title(section.sheet or section.title, taken)
            _section(sheet, section, currency, lang, bold)
        clients = book.create_sheet(sheet_title(say("sheet.clients", lang), taken))
        _table(clients, client_table(doc.context), 1, currency, lang, bold)
        clients.freeze_panes = "A2"
        book.save(out)


RENDERER = _Xlsx()
"""The workbook."""
