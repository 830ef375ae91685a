"""Cells as values: dates and timestamps, amounts, numbers, yes/no, lists, currencies.

Every failure is a :class:`~kam_core.errors.RowError` naming the file, the row and the
export's column, with a reason code (``docs/io.md`` lists them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kam_core._amounts import parse_number
from kam_core._money import Money
from kam_core.errors import AmountFormatError, MoneyError, RowError
from kam_core.io._options import Options
from kam_core.io._table import Table

__all__ = ["CellProblem", "Cells", "read_day", "split_list"]

_E = TypeVar("_E", bound=BaseModel)

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_RU_DAY = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})", re.ASCII)
_STAMP = re.compile(
    r"(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})[T ]+"
    r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII | re.IGNORECASE,
)
_TRUE = frozenset({"true", "yes", "1", "да", "y", "д"})
_FALSE = frozenset({"false", "no", "0", "нет", "n", "н"})
_FIELD = re.compile(r"[a-z_]+")
_CACHE = 1 << 16
"""Distinct texts remembered per read (dates, amounts): values are immutable, so shared."""


def split_list(text: str) -> tuple[str, ...]:
    """A ``;``-separated cell as its non-empty parts.

    >>> split_list("Москва; Казань;")
    ('Москва', 'Казань')
    """
    return tuple(part.strip() for part in text.split(";") if part.strip())


class Cells:
    """The cell readers of one read: its options, its caches, its file's currency."""

    def __init__(self, table: Table, options: Options) -> None:
        self.table = table
        self.options = options
        self.decimal = options.decimal
        self.zone = options.timezone
        self.default_currency = options.currency
        self.file_currency: str | None = None
        self.file_currency_row = 0
        # texts already read (values are immutable, so shared): the readers look here
        # first, and call the methods below on a miss
        self.days: dict[str, date] = {}
        self.moneys: dict[tuple[str, str], Money] = {}
        self.codes: dict[str, str] = {}
        self.numbers: dict[str, Decimal] = {}

    def fail(
        self, row: int, field: str | None, value: object, message: str, code: str, hint: str = ""
    ) -> RowError:
        return self.table.error(row, field, value, message, code, hint)

    # -- dates ------------------------------------------------------------------------

    def day(self, text: str, row: int, field: str) -> date:
        """A calendar date: ``YYYY-MM-DD`` or ``DD.MM.YYYY``; a timestamp with ``timezone``."""
        got = self.days.get(text)
        if got is not None:
            return got
        try:
            day, plain = read_day(text, self.zone)
        except CellProblem as problem:
            raise self.fail(row, field, text, problem.message, problem.code, problem.hint) from None
        if plain and len(self.days) < _CACHE:
            self.days[text] = day
        return day

    # -- numbers ----------------------------------------------------------------------

    def money(self, text: str, currency: str, row: int, field: str) -> Money:
        """An amount in ``currency``, read by :meth:`kam_core.Money.parse`'s rules."""
        try:
            return Money.parse(text, currency, decimal=self.decimal)
        except AmountFormatError as exc:
            raise self._number_error(exc, text, row, field, "amount") from None
        except MoneyError as exc:
            raise self.fail(row, field, text, exc.message, "io.amount.invalid") from None

    def price(self, text: str, currency: str, row: int, field: str) -> Money:
        """:meth:`money` for a cell that repeats (a product's price): remembered once read."""
        key = (text, currency)
        got = self.moneys.get(key)
        if got is None:
            got = self.money(text, currency, row, field)
            if len(self.moneys) < _CACHE:
                self.moneys[key] = got
        return got

    def number(self, text: str, row: int, field: str) -> Decimal:
        """An exact number (a quantity), by the same rules as amounts."""
        got = self.numbers.get(text)
        if got is not None:
            return got
        try:
            number = parse_number(text, decimal=self.decimal, field=field)
        except AmountFormatError as exc:
            raise self._number_error(exc, text, row, field, "quantity") from None
        if len(self.numbers) < _CACHE:
            self.numbers[text] = number
        return number

    def _number_error(
        self, exc: AmountFormatError, text: str, row: int, field: str, kind: str
    ) -> RowError:
        problem = exc.code.partition(".")[2]
        hint = ""
        if problem in ("ambiguous", "mixed_separators", "grouping"):
            hint = 'pass decimal="," or decimal="." to say which separator marks decimals'
        elif problem == "exponent":
            hint = "format the column as a number, not scientific, in the spreadsheet"
        return self.fail(row, field, text, exc.message, f"io.{kind}.{problem}", hint)

    def currency(self, text: str, row: int, field: str = "currency") -> str:
        """The row's currency (the cell, else the default), the same as the file's."""
        known = self.codes.get(text)
        if known is not None and known == self.file_currency:
            return known  # the usual row: the file's currency, as on the rows before
        code = text or self.default_currency
        if not code:
            raise self.fail(
                row,
                field,
                None,
                "no currency: add the column or give a default",
                "io.currency.missing",
                hint='pass currency="RUB" for rows without one',
            )
        try:
            code = Money.zero(code).currency
        except MoneyError:
            raise self.fail(
                row, field, text, "unknown ISO 4217 currency code", "io.currency.unknown"
            ) from None
        if len(self.codes) < _CACHE:
            self.codes[text] = code
        if self.file_currency is None:
            self.file_currency, self.file_currency_row = code, row
        elif code != self.file_currency:
            raise self.fail(
                row,
                field,
                text or code,
                f"the file is in {self.file_currency} (row {self.file_currency_row}); "
                "kam_core never converts currencies",
                "io.currency.mixed",
                hint="split the export by currency and read each part on its own",
            )
        return code

    # -- other cells ------------------------------------------------------------------

    def flag(self, text: str, row: int, field: str) -> bool:
        """Yes or no: true/false, yes/no, 1/0, да/нет in any case."""
        low = text.casefold()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise self.fail(
            row,
            field,
            text,
            "not a yes/no value (true/false, yes/no, 1/0, да/нет)",
            "io.flag.invalid",
        )

    def json_list(self, text: str, row: int, field: str) -> list[Any]:
        """A JSON array (the decision-making group, a lead's evidence)."""
        shown = text if len(text) <= 60 else text[:60] + "…"
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise self.fail(
                row, field, shown, f"not JSON: {exc.args[0]}", "io.json.invalid"
            ) from None
        if not isinstance(value, list):
            raise self.fail(row, field, shown, "expected a JSON array", "io.json.invalid")
        return value

    def build(
        self,
        cls: type[_E],
        row: int,
        fields: Mapping[str, str] | None = None,
        /,
        **values: Any,
    ) -> _E:
        """``cls(**values)``, a pydantic ValidationError turned into a RowError.

        ``fields`` maps a model field to the reader's column where they differ
        (a lead's contact ``buying_role`` is the ``contact_role`` column).
        """
        try:
            return cls(**values)
        except ValidationError as exc:
            raise self.invalid(exc, row, fields) from None

    def invalid(
        self, exc: ValidationError, row: int, fields: Mapping[str, str] | None = None
    ) -> RowError:
        """The RowError of an entity's first validation error, under the column it came from."""
        first = exc.errors(include_url=False)[0]
        # the last plain field name: skips list indexes and union tags ("str-enum[Role]")
        loc = [str(p) for p in first["loc"] if isinstance(p, str) and _FIELD.fullmatch(p)]
        name = loc[-1] if loc else None
        column = (fields or {}).get(name or "", name)
        if column is not None and column not in self.table.fields:
            column = None
        message = str(first["msg"]).removeprefix("Value error, ")
        return self.fail(row, column, None, message, "io.invalid")


class CellProblem(Exception):
    """What is wrong with a cell, before it is placed in a row and a column."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def read_day(text: str, zone: tzinfo | None) -> tuple[date, bool]:
    """The calendar date of a cell, and whether it was a plain date (not a timestamp).

    ``YYYY-MM-DD`` and ``DD.MM.YYYY`` are dates.  A timestamp (``2026-02-10 10:00:00``,
    ``2026-02-10T07:00:00Z``, ``10.02.2026 10:00``) needs ``zone``: a wall-clock time is
    read as its date there, an instant with an offset is converted to ``zone`` first.
    Raises :class:`CellProblem`.

    >>> from zoneinfo import ZoneInfo
    >>> read_day("24.11.2026", None)
    (datetime.date(2026, 11, 24), True)
    >>> read_day("2026-02-10T22:30:00Z", ZoneInfo("Europe/Moscow"))
    (datetime.date(2026, 2, 11), False)
    """
    match = _ISO_DAY.fullmatch(text)
    try:
        if match is not None:
            return date(int(match[1]), int(match[2]), int(match[3])), True
        match = _RU_DAY.fullmatch(text)
        if match is not None:
            return date(int(match[3]), int(match[2]), int(match[1])), True
    except ValueError:
        raise CellProblem("io.date.invalid", "no such day in the calendar") from None
    match = _STAMP.fullmatch(text)
    if match is None:
        raise CellProblem("io.date.invalid", "not a date (YYYY-MM-DD or DD.MM.YYYY)")
    if zone is None:
        raise CellProblem(
            "io.date.timestamp",
            "a time of day, not a date: which calendar day it is depends on the time zone",
            'pass timezone= (e.g. timezone="Europe/Moscow") to read it as the date there',
        )
    day, _ = read_day(match[1], None)
    try:
        clock = time(int(match[2]), int(match[3]), int(match[4] or 0))
    except ValueError:
        raise CellProblem("io.date.invalid", "no such time of day") from None
    offset = match[6]
    if offset is None:
        return day, False  # a wall-clock time in the given zone: its calendar date
    try:
        instant = datetime.combine(day, clock, tzinfo=_offset(offset))
    except ValueError:
        raise CellProblem("io.date.invalid", "no such UTC offset") from None
    return instant.astimezone(zone).date(), False


def _offset(text: str) -> tzinfo:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
