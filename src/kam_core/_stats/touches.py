"""The contact log per client: mergeable stats of touches, as :class:`ClientStats` are of deals."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

import attrs

from kam_core._domain.people import Channel, Touch
from kam_core.errors import PolicyEvaluationError

__all__ = ["TouchStats", "build_touch_stats"]

_Entry = tuple[date, str, str, Channel]
"""(on, touch id, manager id, channel): a touch as the stats keep it, sorted by date and id."""


def _sorted(entries: Iterable[_Entry]) -> tuple[_Entry, ...]:
    return tuple(sorted(entries, key=lambda e: (e[0], e[1])))


@attrs.frozen
class TouchStats:
    """One client's touches up to ``as_of``: the last, how many in a window, by whom.

    Built with :func:`build_touch_stats` (touches after ``as_of`` are ignored), or merged
    from partial stats of the same client and date with :meth:`merge` (associative and
    commutative; a touch id seen in both parts is refused, never counted twice).

    >>> from datetime import date
    >>> import kam_core as kc
    >>> log = [kc.Touch(id=f"T-{d}", client_id="C-1", manager_id="M-1",
    ...                 on=date(2026, 11, d), channel="call") for d in (2, 16, 30)]
    >>> s = kc.build_touch_stats(log, as_of=date(2026, 11, 24))["C-1"]
    >>> s.count, s.last_touch, s.touches_within(10), s.by_manager()
    (2, datetime.date(2026, 11, 16), 1, {'M-1': 2})
    """

    client_id: str
    as_of: date
    entries: tuple[_Entry, ...] = attrs.field(default=(), converter=_sorted)
    """Every touch on or before :attr:`as_of`, sorted by date, then id."""

    @classmethod
    def empty(cls, client_id: str, as_of: date) -> TouchStats:
        """A client nobody has touched."""
        return cls(client_id, as_of)

    @property
    def count(self) -> int:
        """Touches on or before :attr:`as_of`."""
        return len(self.entries)

    @property
    def last_touch(self) -> date | None:
        """The day of the latest touch, or None."""
        return self.entries[-1][0] if self.entries else None

    @property
    def days(self) -> tuple[date, ...]:
        """The touch dates, sorted (a date twice when touched twice that day)."""
        return tuple(e[0] for e in self.entries)

    def touches_within(self, days: int) -> int:
        """Touches in the ``days`` days ending on :attr:`as_of` (both ends included)."""
        since = self.as_of - timedelta(days=days - 1)
        return len(self.entries) - bisect.bisect_left(self.days, since)

    def touches_between(self, start: date, end: date) -> int:
        """Touches on ``start`` … ``end`` (both included)."""
        return sum(1 for e in self.entries if start <= e[0] <= end)

    def by_manager(self) -> dict[str, int]:
        """Touches per manager id, sorted by id."""
        counts: dict[str, int] = {}
        for e in self.entries:
            counts[e[2]] = counts.get(e[2], 0) + 1
        return dict(sorted(counts.items()))

    def by_channel(self) -> dict[str, int]:
        """Touches per channel, sorted by channel."""
        counts: dict[str, int] = {}
        for e in self.entries:
            counts[e[3].value] = counts.get(e[3].value, 0) + 1
        return dict(sorted(counts.items()))

    def merge(self, other: TouchStats) -> TouchStats:
        """Both parts' touches together: same client and date; a touch id in both is refused.

        >>> from datetime import date
        >>> a = TouchStats("C-1", date(2026, 11, 24), ((date(2026, 11, 2), "T-1", "M-1", "call"),))
        >>> b = TouchStats("C-1", date(2026, 11, 24), ((date(2026, 10, 5), "T-2", "M-2", "visit"),))
        >>> a.merge(b) == b.merge(a), a.merge(b).last_touch
        (True, datetime.date(2026, 11, 2))
        """
        if other.client_id != self.client_id or other.as_of != self.as_of:
            raise PolicyEvaluationError(
                f"cannot merge touches of {other.client_id!r} as of {other.as_of.isoformat()} "
                f"into those of {self.client_id!r} as of {self.as_of.isoformat()}"
            )
        mine = {e[1] for e in self.entries}
        twice = sorted(e[1] for e in other.entries if e[1] in mine)
        if twice:
            raise PolicyEvaluationError(
                f"touch {twice[0]!r} of client {self.client_id!r} is in both parts; "
                "partition the touches, do not copy them"
            )
        return TouchStats(self.client_id, self.as_of, self.entries + other.entries)


def build_touch_stats(
    touches: Iterable[Touch | Mapping[str, object]], *, as_of: date
) -> Mapping[str, TouchStats]:
    """Each client's :class:`TouchStats` as of ``as_of``: later touches are ignored.

    ``touches`` may be any iterable of :class:`~kam_core.Touch` or dicts in its JSON form.
    A touch id given twice is refused (:class:`~kam_core.errors.PolicyEvaluationError`
    naming it); clients are sorted by id.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> kc.build_touch_stats([kc.Touch(id="T-1", client_id="C-1", manager_id="M-1",
    ...                                on=date(2026, 12, 1), channel="email")],
    ...                      as_of=date(2026, 11, 24))
    mappingproxy({})
    """
    seen: set[str] = set()
    by_client: dict[str, list[_Entry]] = {}
    for raw in touches:
        t = raw if isinstance(raw, Touch) else Touch.model_validate(raw)
        if t.id in seen:
            raise PolicyEvaluationError(f"touch {t.id!r} is given twice")
        seen.add(t.id)
        if t.on > as_of:
            continue
        by_client.setdefault(t.client_id, []).append((t.on, t.id, t.manager_id, t.channel))
    return MappingProxyType(
        {cid: TouchStats(cid, as_of, tuple(by_client[cid])) for cid in sorted(by_client)}
    )
