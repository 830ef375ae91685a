"""The contact log per client: touches up to as_of, windows, and mergeable parts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kam_core as kc
from kam_core.errors import PolicyEvaluationError

AS_OF = date(2026, 11, 24)


def _touch(n: int, day: date, manager: str = "M-1") -> kc.Touch:
    return kc.Touch(id=f"T-{n}", client_id="C-1", manager_id=manager, on=day, channel="call")


def test_touches_after_as_of_are_ignored() -> None:
    """A touch dated after as_of never counts, and never becomes the last touch."""
    log = [_touch(1, AS_OF - timedelta(days=3)), _touch(2, AS_OF + timedelta(days=1))]
    s = kc.build_touch_stats(log, as_of=AS_OF)["C-1"]
    assert (s.count, s.last_touch) == (1, AS_OF - timedelta(days=3))


def test_touches_within_a_window_count_both_ends() -> None:
    """The window of N days ends on as_of and includes its first day."""
    log = [_touch(i, AS_OF - timedelta(days=d)) for i, d in enumerate((0, 29, 30, 90))]
    s = kc.build_touch_stats(log, as_of=AS_OF)["C-1"]
    assert s.touches_within(30) == 2
    assert s.by_manager() == {"M-1": 4}


def test_a_touch_given_twice_is_refused() -> None:
    """The same touch id twice is an error naming it."""
    with pytest.raises(PolicyEvaluationError, match="'T-1'"):
        kc.build_touch_stats([_touch(1, AS_OF), _touch(1, AS_OF)], as_of=AS_OF)


def test_merging_a_touch_in_both_parts_is_refused() -> None:
    """Partitions hold distinct touches; a copy in both parts is never counted twice."""
    part = kc.build_touch_stats([_touch(1, AS_OF)], as_of=AS_OF)["C-1"]
    with pytest.raises(PolicyEvaluationError, match="both parts"):
        part.merge(part)


_DAYS = st.integers(min_value=0, max_value=400).map(lambda d: AS_OF - timedelta(days=d))
_PARTS = st.lists(st.tuples(_DAYS, st.sampled_from(("M-1", "M-2"))), min_size=0, max_size=12).map(
    lambda xs: xs
)


def _split(entries: list[tuple[date, str]], cuts: tuple[int, int]) -> list[kc.TouchStats]:
    log = [_touch(i, day, m) for i, (day, m) in enumerate(entries)]
    a, b = sorted(cuts)
    parts = (log[:a], log[a:b], log[b:])
    return [
        kc.build_touch_stats(p, as_of=AS_OF).get("C-1") or kc.TouchStats.empty("C-1", AS_OF)
        for p in parts
    ]


@given(_PARTS, st.tuples(st.integers(0, 12), st.integers(0, 12)))
def test_merging_touch_stats_is_associative_and_commutative(
    entries: list[tuple[date, str]], cuts: tuple[int, int]
) -> None:
    """(a+b)+c == a+(b+c) == c+(b+a) == the stats of the whole log."""
    a, b, c = _split(entries, cuts)
    whole = kc.build_touch_stats(
        [_touch(i, day, m) for i, (day, m) in enumerate(entries)], as_of=AS_OF
    ).get("C-1") or kc.TouchStats.empty("C-1", AS_OF)
    assert a.merge(b).merge(c) == a.merge(b.merge(c)) == c.merge(b.merge(a)) == whole
