"""Calendar values: :class:`Month` and the half-open :class:`Period`."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Self

import attrs
from dateutil.relativedelta import relativedelta

__all__ = ["Month", "Period"]


@attrs.frozen(order=True, repr=False)
class Month:
    """A calendar month; ordered, hashable, usable as a dict key.

    >>> m = Month(2026, 11)
    >>> m, m.next(), m.first_day, m.last_day
    (Month(2026, 11), Month(2026, 12), datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    >>> Month.of(date(2026, 2, 14)) - 3
    Month(2025, 11)
    >>> str(Month(2026, 1))
    '2026-01'
    """

    year: int = attrs.field()
    month: int = attrs.field()

    @month.validator
    def _check_month(self, _attr: attrs.Attribute[int], value: int) -> None:
        if not 1 <= value <= 12:
            raise ValueError(f"month={value!r}: must be 1..12")

    @classmethod
    def of(cls, day: date) -> Self:
        """The month ``day`` falls in."""
        return cls(day.year, day.month)

    @classmethod
    def from_index(cls, index: int) -> Self:
        """Inverse of :attr:`index`."""
        year, month0 = divmod(index, 12)
        return cls(year, month0 + 1)

    @classmethod
    def parse(cls, text: str) -> Self:
        """Parse ``"YYYY-MM"``.

        >>> Month.parse("2026-03")
        Month(2026, 3)
        """
        year, _, month = text.partition("-")
        return cls(int(year), int(month))

    @property
    def index(self) -> int:
        """Months since year 0: consecutive months differ by one."""
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> date:
        """The 1st of the month."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The last calendar day of the month."""
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Month:
        """The following month."""
        return self + 1

    def __add__(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def __sub__(self, months: int) -> Month:
        return Month.from_index(self.index - months)

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _check_day(_instance: Period, attr: attrs.Attribute[date], value: object) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{attr.name}={value!r}: expected a calendar date (datetime.date)")


def _check_period(instance: Period, attr: attrs.Attribute[date], end: date) -> None:
    _check_day(instance, attr, end)
    if end < instance.start:
        raise ValueError(f"end={end.isoformat()}: before start {instance.start.isoformat()}")


@functools.lru_cache(maxsize=4096)
def _months_before(day: date, months: int) -> date:
    """``day`` minus ``months`` calendar months (dateutil's rule), remembered: a whole
    book asks for the same window of every client."""
    shifted: date = day - relativedelta(months=months)
    return shifted


@attrs.frozen
class Period:
    """A half-open date range ``[start, end)``: ``start`` counts, ``end`` does not.

    >>> q = Period(date(2026, 1, 1), date(2026, 4, 1))
    >>> date(2026, 3, 31) in q, date(2026, 4, 1) in q
    (True, False)
    >>> q.days
    90
    >>> [str(m) for m in q.months()]
    ['2026-01', '2026-02', '2026-03']
    >>> Period.trailing_months(date(2026, 11, 24), 12)
    Period(start=datetime.date(2025, 11, 25), end=datetime.date(2026, 11, 25))
    """

    start: date = attrs.field(validator=_check_day)
    end: date = attrs.field(validator=_check_period)

    @classmethod
    def trailing_months(cls, as_of: date, months: int) -> Self:
        """The ``months`` months up to and including ``as_of``."""
        if months < 1:
            raise ValueError(f"months={months!r}: must be >= 1")
        end = as_of + timedelta(days=1)
        return cls(_months_before(end, months), end)

    @classmethod
    def month(cls, month: Month) -> Self:
        """The whole calendar month."""
        return cls(month.first_day, month.next().first_day)

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    def months(self) -> tuple[Month, ...]:
        """Every calendar month the period touches, in order."""
        if self.end == self.start:
            return ()
        first, last = Month.of(self.start), Month.of(self.end - timedelta(days=1))
        return tuple(Month.from_index(i) for i in range(first.index, last.index + 1))

    def complete_months(self) -> tuple[Month, ...]:
        """The calendar months lying wholly inside the period.

        >>> [str(m) for m in Period(date(2026, 1, 15), date(2026, 4, 1)).complete_months()]
        ['2026-02', '2026-03']
        """
        return tuple(
            m for m in self.months() if m.first_day >= self.start and m.next().first_day <= self.end
        )

    def __iter__(self) -> Iterator[date]:
        day = self.start
        while day < self.end:
            yield day
            day += timedelta(days=1)
