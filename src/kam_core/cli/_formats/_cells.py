"""A typed cell in words: how the terminal table and HTML show counts, money, shares, dates."""

from __future__ import annotations

from datetime import date

from kam_core._words import format_value
from kam_core.cli._sections import Amount, Cell, Share

__all__ = ["cell_text"]


def cell_text(cell: Cell, lang: str) -> str:
    """``cell`` as the report shows it: money without its sign (the heading says what it
    is), two decimals; shares as per cent; None as a dash.

    >>> from decimal import Decimal
    >>> cell_text(Amount(Decimal("1234567.891"), "RUB"), "ru"), cell_text(None, "en")
    ('1\\xa0234\\xa0567,89', '—')
    >>> cell_text(Share(Decimal(1) / 8), "en"), cell_text(Share(Decimal(1) / 8, 0), "ru")
    ('12.5%', '13\\xa0%')
    >>> cell_text(date(2026, 11, 24), "ru"), cell_text(1234, "en")
    ('24.11.2026', '1234')
    """
    if cell is None:
        return "—"
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Amount):
        return format_value(cell.amount, lang, "number.2")
    if isinstance(cell, Share):
        return format_value(cell.ratio, lang, f"percent.{cell.places}")
    if isinstance(cell, date):
        return format_value(cell, lang)
    return str(cell)
