"""Month and the half-open Period: the calendar the stats and policies read."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core import Month, Period

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


# -- Month ------------------------------------------------------------------------------


def test_month_of_a_day_and_its_first_and_last_days() -> None:
    """A month knows its 1st and its last day, leap years included."""
    feb = Month.of(date(2024, 2, 14))
    assert feb == Month(2024, 2)
    assert feb.first_day == date(2024, 2, 1)
    assert feb.last_day == date(2024, 2, 29)
    assert Month(2026, 12).last_day == date(2026, 12, 31)


def test_month_arithmetic_crosses_year_boundaries() -> None:
    """Adding and subtracting months rolls the year."""
    assert Month(2026, 12) + 1 == Month(2027, 1)
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2026, 1) - 1 == Month(2025, 12)
    assert Month(2026, 2) - 14 == Month(2024, 12)
    assert Month(2026, 5) + 0 == Month(2026, 5)


def test_month_index_counts_consecutive_months() -> None:
    """Consecutive months differ by one in index; from_index inverts it."""
    assert Month(2026, 2).index - Month(2026, 1).index == 1
    assert Month(2027, 1).index - Month(2026, 12).index == 1
    assert Month.from_index(Month(2026, 11).index) == Month(2026, 11)


def test_month_parses_and_prints_as_yyyy_mm() -> None:
    """ "2026-03" parses to March 2026 and prints back the same way."""
    assert Month.parse("2026-03") == Month(2026, 3)
    assert str(Month(2026, 3)) == "2026-03"
    assert repr(Month(2026, 3)) == "Month(2026, 3)"


@pytest.mark.parametrize("text", ["2026", "2026-13", "March 2026", "2026-00"])
def test_month_refuses_text_that_is_not_a_month(text: str) -> None:
    """Malformed text is a ValueError, never a guess."""
    with pytest.raises(ValueError):  # noqa: PT011
        Month.parse(text)


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_refuses_month_numbers_outside_1_to_12(month: int) -> None:
    """A month number outside 1..12 names the bad value."""
    with pytest.raises(ValueError, match=f"month={month}"):
        Month(2026, month)


def test_months_are_ordered_and_hashable() -> None:
    """Months sort chronologically and work as dict keys."""
    months = [Month(2026, 3), Month(2025, 12), Month(2026, 1)]
    assert sorted(months) == [Month(2025, 12), Month(2026, 1), Month(2026, 3)]
    assert {Month(2026, 1): 1}[Month(2026, 1)] == 1


@given(days, st.integers(-600, 600))
def test_month_index_arithmetic_agrees_with_addition(day: date, k: int) -> None:
    """(m + k).index == m.index + k and (m + k) - k == m."""
    m = Month.of(day)
    assert (m + k).index == m.index + k
    assert (m + k) - k == m
    assert Month.parse(str(m)) == m


@given(days)
def test_every_day_lies_between_its_month_first_and_last_day(day: date) -> None:
    """first_day <= day <= last_day, and last_day + 1 is the next month's first day."""
    m = Month.of(day)
    assert m.first_day <= day <= m.last_day
    assert m.last_day + timedelta(days=1) == m.next().first_day


# -- Period -----------------------------------------------------------------------------


def test_period_is_half_open() -> None:
    """The start counts, the end does not."""
    q1 = Period(date(2026, 1, 1), date(2026, 4, 1))
    assert date(2026, 1, 1) in q1
    assert date(2026, 3, 31) in q1
    assert date(2026, 4, 1) not in q1
    assert date(2025, 12, 31) not in q1
    assert q1.days == 90


def test_period_contains_only_dates() -> None:
    """Strings and other objects are never inside a period."""
    q1 = Period(date(2026, 1, 1), date(2026, 4, 1))
    assert "2026-02-01" not in q1
    assert None not in q1


def test_period_refuses_an_end_before_its_start() -> None:
    """end < start is a ValueError naming the end."""
    with pytest.raises(ValueError, match="end=2026-01-01: before start 2026-02-01"):
        Period(date(2026, 2, 1), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-01-01", date(2026, 2, 1), "start"),
        (date(2026, 1, 1), "2026-02-01", "end"),
        (datetime(2026, 1, 1), datetime(2026, 2, 1), "start"),
        (date(2026, 1, 1), datetime(2026, 2, 1), "end"),
    ],
)
def test_period_bounds_must_be_calendar_dates(start: object, end: object, field: str) -> None:
    """Strings and datetimes are refused: they would compare wrongly or crash later."""
    with pytest.raises(TypeError, match=f"{field}=.*expected a calendar date"):
        Period(start, end)  # type: ignore[arg-type]


def test_empty_period_holds_no_day_and_no_month() -> None:
    """start == end is an empty period."""
    empty = Period(date(2026, 1, 1), date(2026, 1, 1))
    assert empty.days == 0
    assert date(2026, 1, 1) not in empty
    assert empty.months() == ()
    assert empty.complete_months() == ()
    assert list(empty) == []


def test_period_iterates_its_days() -> None:
    """Iterating a period yields each day from start up to, not including, end."""
    week = Period(date(2026, 12, 29), date(2027, 1, 2))
    assert list(week) == [
        date(2026, 12, 29),
        date(2026, 12, 30),
        date(2026, 12, 31),
        date(2027, 1, 1),
    ]


def test_period_months_lists_every_month_it_touches() -> None:
    """months() includes partly covered months at either end."""
    p = Period(date(2025, 11, 15), date(2026, 2, 2))
    assert p.months() == (Month(2025, 11), Month(2025, 12), Month(2026, 1), Month(2026, 2))
    assert Period(date(2026, 1, 1), date(2026, 2, 1)).months() == (Month(2026, 1),)


def test_complete_months_keeps_only_whole_months() -> None:
    """complete_months() drops months the period only partly covers."""
    p = Period(date(2025, 11, 15), date(2026, 2, 2))
    assert p.complete_months() == (Month(2025, 12), Month(2026, 1))
    assert Period(date(2026, 1, 1), date(2026, 4, 1)).complete_months() == (
        Month(2026, 1),
        Month(2026, 2),
        Month(2026, 3),
    )


def test_period_of_a_month_is_that_whole_month() -> None:
    """Period.month covers the 1st up to the next month's 1st."""
    p = Period.month(Month(2024, 2))
    assert p == Period(date(2024, 2, 1), date(2024, 3, 1))
    assert p.days == 29
    assert p.complete_months() == (Month(2024, 2),)


def test_trailing_months_end_with_as_of_included() -> None:
    """The 12 months up to 24 Nov 2026 run from 25 Nov 2025 to 24 Nov 2026 inclusive."""
    p = Period.trailing_months(date(2026, 11, 24), 12)
    assert p == Period(date(2025, 11, 25), date(2026, 11, 25))
    assert date(2026, 11, 24) in p
    assert date(2025, 11, 24) not in p


def test_trailing_months_clip_to_shorter_months() -> None:
    """One month back from 30 March ends at the end of February."""
    p = Period.trailing_months(date(2026, 3, 30), 1)
    assert p == Period(date(2026, 2, 28), date(2026, 3, 31))


@pytest.mark.parametrize("months", [0, -3])
def test_trailing_months_need_at_least_one_month(months: int) -> None:
    """A window of zero or fewer months is refused."""
    with pytest.raises(ValueError, match=f"months={months}"):
        Period.trailing_months(date(2026, 11, 24), months)


@given(days, days)
def test_period_months_cover_exactly_the_days_inside(a: date, b: date) -> None:
    """Every day in the period falls in one of months(); complete months lie inside."""
    start, end = min(a, b), max(a, b)
    p = Period(start, end)
    months = p.months()
    assert list(months) == sorted(set(months))
    if p.days:
        assert months[0] == Month.of(start)
        assert months[-1] == Month.of(end - timedelta(days=1))
    for m in p.complete_months():
        assert m.first_day in p
        assert m.last_day in p
    assert set(p.complete_months()) <= set(months)


@given(days, st.integers(1, 36))
def test_trailing_window_always_contains_as_of_and_never_the_next_day(
    as_of: date, months: int
) -> None:
    """as_of is the last day of its trailing window."""
    p = Period.trailing_months(as_of, months)
    assert as_of in p
    assert as_of + timedelta(days=1) not in p
