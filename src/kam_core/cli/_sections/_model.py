"""What a section of the report is, whatever format shows it: a title, lines, tables, a chart.

A section builder (one per section, see :mod:`kam_core.cli._sections`) reads the report
and returns a :class:`Section` of *typed* cells — counts as ints, money as
:class:`Amount`, shares as :class:`Share`, dates as dates, words as text — and each
format renders the same sections its own way: the terminal table aligns them, HTML
marks them up, a spreadsheet keeps numbers as numbers and dates as dates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Union

import attrs

if TYPE_CHECKING:  # pragma: no cover - matplotlib is an optional extra
    from matplotlib.figure import Figure

__all__ = [
    "Amount",
    "Cell",
    "Chart",
    "Column",
    "Explanation",
    "Kind",
    "Lines",
    "Part",
    "Section",
    "Share",
    "Table",
]


class Kind(StrEnum):
    """What a column holds: how it aligns, how a spreadsheet types it."""

    TEXT = "text"
    COUNT = "count"
    MONEY = "money"
    SHARE = "share"
    DATE = "date"


@attrs.frozen
class Amount:
    """An amount of money in the table's currency (the table shows it without the sign)."""

    amount: Decimal
    currency: str


@attrs.frozen
class Share:
    """A ratio shown as per cent with ``places`` decimals (``0.125`` → ``12.5%``)."""

    ratio: Decimal
    places: int = 1


Cell = Union[str, int, Amount, Share, date, None]  # noqa: UP007 - a runtime alias
"""A table cell; None shows as a dash."""


@attrs.frozen
class Column:
    """A column: its heading and what it holds."""

    heading: str
    kind: Kind = Kind.TEXT

    @property
    def numeric(self) -> bool:
        """Numbers align right."""
        return self.kind in (Kind.COUNT, Kind.MONEY, Kind.SHARE)


@attrs.frozen
class Table:
    """Rows of cells under columns; ``hidden`` rows were left out (the largest are shown)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    hidden: int = 0


@attrs.frozen
class Lines:
    """Lines of text (the book in numbers, counts per segment)."""

    lines: tuple[str, ...]


@attrs.frozen
class Explanation:
    """A decision explained, line by line (``decision.explain(lang)``)."""

    lines: tuple[str, ...]


Part = Union[Lines, Table, Explanation]  # noqa: UP007 - a runtime alias


Chart = Callable[[str], "Figure"]
"""A picture of the section in a language: a :mod:`kam_core.plots` figure."""


@attrs.frozen
class Section:
    """One section of the report: a stable ``key`` (an anchor, a sheet), a title, its parts."""

    key: str
    title: str
    parts: tuple[Part, ...] = ()
    chart: Chart | None = attrs.field(default=None, eq=False)
    sheet: str = ""
    """A short name for a spreadsheet's tab (31 characters at most)."""
