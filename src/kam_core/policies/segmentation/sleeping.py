"""Sleeping clients: silence measured against the client's own buying rhythm (КМ task 7).

A client is *sleeping* when its silence is long for **its own** rhythm
(docs/methodology.md#segmentation).
The gap is ``as_of`` − the last order; the rhythm ``m`` is the median of the client's own
gaps between consecutive order days.  With the defaults a client is *drowsy* when the gap
is longer than 1.5 m, *sleeping* beyond 2 m and *lost* beyond 3 m or beyond 365 days
whatever the rhythm.  Clients with fewer order days than ``min_orders`` have no rhythm of
their own: they are compared with percentiles of the gaps between orders of the whole
population (see :class:`Sleeping`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal, getcontext
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self

import attrs
from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core._domain.client import Client
from kam_core._domain.role import Responsibility, Role
from kam_core._stats.client_stats import ClientStats
from kam_core._words import Worded
from kam_core.policies._engine import Bounded, reason
from kam_core.policies.segmentation._base import (
    ClientsArg,
    Fitted,
    Play,
    Playbook,
    Population,
    Segmentation,
    order_days,
    population_as_of,
)

__all__ = ["SLEEPING_PLAYBOOK", "Activity", "Sleeping", "SleepingFitted", "order_gaps"]


PASSED, FAILED, UNKNOWN = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN
_RATIO = Decimal("0.01")
_ROOMY_PREC = 28
"""Rhythm limits (factor × median, a few digits each) are exact Decimals at this precision."""
_ROOMY_EXP = 10_000


class Activity(Worded, StrEnum):
    """The outcome of :class:`Sleeping`: how awake a client is as of a date.

    >>> Activity.SLEEPING == "sleeping", Activity.LOST.text("ru")
    (True, 'потерянный')
    """

    __words__ = "activity"

    ACTIVE = "active"
    DROWSY = "drowsy"
    SLEEPING = "sleeping"
    LOST = "lost"
    NO_ORDERS = "no_orders"
    """No order at all up to ``as_of``: a client still to win, not a sleeping one."""
    UNKNOWN = "unknown"
    """Too few orders and no population rhythm to compare with."""


R = Responsibility

SLEEPING_PLAYBOOK = Playbook(
    plays={
        Activity.ACTIVE.value: Play(
            role=Role.CLIENT_MANAGER,
            contact_every_days=30,
            tasks=(R.GROW_ORDER_FREQUENCY, R.GROW_AVERAGE_ORDER, R.DEVELOP_ASSORTMENT),
            strategy="develop",
        ),
        Activity.DROWSY.value: Play(
            role=Role.CLIENT_MANAGER,
            contact_every_days=7,
            tasks=(R.RAISE_LOYALTY, R.GROW_ORDER_FREQUENCY),
            strategy="remind",
        ),
        Activity.SLEEPING.value: Play(
            role=Role.CLIENT_MANAGER,
            contact_every_days=7,
            tasks=(R.REACTIVATE_SLEEPING, R.FILL_DOSSIER),
            strategy="reactivate",
        ),
        Activity.LOST.value: Play(
            role=Role.DEVELOPMENT_SPECIALIST,
            contact_every_days=30,
            tasks=(R.REACTIVATE_SLEEPING, R.FIND_DECISION_MOMENT),
            strategy="win_back",
        ),
        Activity.NO_ORDERS.value: Play(
            role=Role.DEVELOPMENT_SPECIALIST,
            contact_every_days=14,
            tasks=(R.FIND_DECISION_MOMENT, R.MAKE_FIRST_SALE),
            strategy="first_sale",
        ),
    }
)
"""Default plays: who works each activity segment, how often, which КМ tasks apply.

Sleeping clients are reactivated by their client manager (task 7); lost ones go back to
a hunter (development specialist) to be won again.  Override with
``Sleeping(playbook=SLEEPING_PLAYBOOK.override({...}))``.
"""


def order_gaps(stats: ClientStats) -> tuple[int, ...]:
    """Days between consecutive **order days** (same-day orders are one purchase occasion).

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> s = ClientStats("C-1", date(2026, 6, 1), "RUB",
    ...                 orders=((date(2026, 1, 1), Decimal(1)), (date(2026, 1, 1), Decimal(2)),
    ...                         (date(2026, 1, 11), Decimal(1)), (date(2026, 2, 10), Decimal(1))))
    >>> order_gaps(s)
    (10, 30)
    """
    return _gaps(sorted(set(stats.order_dates)))


def _rhythm(stats: ClientStats) -> tuple[int, list[int]] | None:
    """(ordinal of the last order day, gaps between order days) read from the order store.

    The gaps are :func:`order_gaps`'s; None when the client has no order.
    """
    days = order_days(stats)
    if not len(days):
        return None
    distinct = list(dict.fromkeys(days))  # sorted already: drop same-day repeats
    return distinct[-1], [b - a for a, b in itertools.pairwise(distinct)]


def _gaps(days: Sequence[date]) -> tuple[int, ...]:
    """Days between consecutive entries of sorted, distinct ``days``."""
    return tuple((b - a).days for a, b in itertools.pairwise(days))


def _median(values: Sequence[int]) -> Decimal:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[mid])
    return (Decimal(ordered[mid - 1]) + Decimal(ordered[mid])) / 2


def _plain(value: Decimal) -> Decimal:
    """``62.0`` → ``62``, ``10.50`` → ``10.5``: no trailing zeros, never an exponent."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _nearest_rank(ordered: Sequence[int], percentile: Decimal) -> int:
    """Nearest-rank percentile: the smallest value with at least p % of values ≤ it."""
    rank = int((percentile / 100 * len(ordered)).to_integral_value(rounding=ROUND_CEILING))
    return ordered[max(rank, 1) - 1]


def _nearest_rank_counted(ladder: Sequence[tuple[int, int]], n: int, percentile: Decimal) -> int:
    """:func:`_nearest_rank` of ``n`` values given as ascending (value, how many) pairs.

    >>> ladder = [(5, 2), (9, 1), (30, 1)]
    >>> [_nearest_rank_counted(ladder, 4, Decimal(p)) for p in (25, 50, 75, 100)]
    [5, 5, 9, 30]
    >>> [_nearest_rank([5, 5, 9, 30], Decimal(p)) for p in (25, 50, 75, 100)]
    [5, 5, 9, 30]
    """
    rank = max(int((percentile / 100 * n).to_integral_value(rounding=ROUND_CEILING)), 1)
    seen = 0
    for value, times in ladder:
        seen += times
        if seen >= rank:
            return value
    return ladder[-1][0]  # pragma: no cover - rank <= n: the loop returns


Factor = Annotated[Decimal, Field(gt=1, le=100, max_digits=6, decimal_places=3), Bounded]
Percentile = Annotated[Decimal, Field(gt=0, le=100, max_digits=6, decimal_places=3), Bounded]


class Sleeping(Segmentation):
    """Sleeping clients by their own rhythm; outcome ``active | drowsy | sleeping | lost``.

    * **Gap** = ``as_of`` − the last order, in days.  **Rhythm** ``m`` = the median of the
      client's own gaps between consecutive order days (several orders on one day count
      as one order day).
    * A client with at least ``min_orders`` order days is judged by its rhythm: *drowsy*
      when gap > ``drowsy`` × m, *sleeping* when gap > ``sleeping`` × m, *lost* when
      gap > ``lost`` × m **or** gap > ``lost_after_days`` (comparisons are strict).
    * A client with fewer order days is judged by the **population fallback**:
      :meth:`fit` pools every gap between consecutive order days of every client in the
      population (clients with two or more order days) and learns the nearest-rank
      percentiles ``fallback_percentiles`` (default 75th, 90th, 95th) as the drowsy,
      sleeping and lost thresholds in days; ``lost_after_days`` still applies.  With
      no such gap in the population the outcome is ``unknown`` (unless the absolute
      limit already makes the client lost).
    * A client with no order at all is ``no_orders`` (a client to win, not to wake).

    Every decision carries the numbers used: criteria ``drowsy``, ``sleeping``,
    ``lost`` and ``lost_after_days`` with the gap observed and the threshold in days,
    and the reasons ``sleeping.rhythm`` (median, ratio) or ``sleeping.fallback``
    (percentiles).  ``score`` is the gap ÷ the rhythm (None in the fallback).

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> def orders(*days): return tuple((date(2026, m, d), Decimal(100)) for m, d in days)
    >>> book = [ClientStats("C-1", date(2026, 6, 30), "RUB",
    ...                     orders=orders((1, 1), (2, 1), (3, 1), (4, 1))),  # every ~30 days
    ...         ClientStats("C-2", date(2026, 6, 30), "RUB",
    ...                     orders=orders((6, 1), (6, 11), (6, 21)))]        # every 10 days
    >>> segments = Sleeping().segment(book)
    >>> segments["C-1"].outcome, segments["C-1"].score   # 90 days silent, rhythm 31 days
    (<Activity.SLEEPING: 'sleeping'>, 2.9)
    >>> segments["C-2"].outcome                          # 9 days silent, rhythm 10 days
    <Activity.ACTIVE: 'active'>
    >>> print(segments["C-1"].explain("ru"))
    C-1 на 30.06.2026: уснувший. Пауза 90 дней — дольше порога в 62 дня: клиент уснул
    - Свой ритм клиента — заказ примерно раз в 31 день (медиана 3 интервалов между заказами); \
сейчас пауза 90 дней, это 290...% обычной
    """

    kind: Literal["sleeping"] = "sleeping"
    sleeping_labels: ClassVar[frozenset[str]] = frozenset({"sleeping", "lost"})
    """The activities that call for reactivation: a report's sleeping clients."""
    drowsy: Factor = Decimal("1.5")
    """Drowsy when the gap is longer than this many rhythms."""
    sleeping: Factor = Decimal("2.0")
    """Sleeping when the gap is longer than this many rhythms."""
    lost: Factor = Decimal("3.0")
    """Lost when the gap is longer than this many rhythms."""
    lost_after_days: Annotated[int, Field(ge=1, le=36600, strict=True)] = 365
    """Lost whatever the rhythm once the gap is longer than this."""
    min_orders: Annotated[int, Field(ge=2, le=1000, strict=True)] = 3
    """Order days needed to judge a client by its own rhythm."""
    fallback_percentiles: tuple[Percentile, Percentile, Percentile] = (
        Decimal(75),
        Decimal(90),
        Decimal(95),
    )
    """Percentiles of the population's gaps used as drowsy / sleeping / lost thresholds."""
    playbook: Playbook = SLEEPING_PLAYBOOK
    """What to do with each activity segment."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.drowsy < self.sleeping < self.lost:
            raise ValueError(
                f"factors must grow: drowsy={self.drowsy} < sleeping={self.sleeping} "
                f"< lost={self.lost}"
            )
        p = self.fallback_percentiles
        if not p[0] < p[1] < p[2]:
            raise ValueError(f"fallback_percentiles={p}: must grow strictly")
        return self

    def fit(self, population: Population, *, clients: ClientsArg = None) -> SleepingFitted:
        """Learn the fallback thresholds from every gap between orders in ``population``."""
        return self._fit_rhythms(population)[0]

    def _fit_rhythms(
        self, population: Population
    ) -> tuple[SleepingFitted, list[tuple[int, list[int]] | None]]:
        """The fitted policy and each client's (last order day, gaps), None without orders."""
        stats, as_of = population_as_of(population)
        rhythms = [_rhythm(s) for s in stats]
        # every gap of the population, counted by length (gaps are days: few distinct)
        counts = Counter(itertools.chain.from_iterable(r[1] for r in rhythms if r is not None))
        pooled = sum(counts.values())
        fallback = None
        if pooled:
            ladder = sorted(counts.items())
            d, s, lo = (_nearest_rank_counted(ladder, pooled, p) for p in self.fallback_percentiles)
            fallback = (d, s, lo)
        fitted = SleepingFitted(
            policy=self, as_of=as_of, fallback_days=fallback, population_gaps=pooled
        )
        return fitted, rhythms

    def fit_labels(
        self, population: Population, *, clients: ClientsArg = None
    ) -> tuple[SleepingFitted, list[Any]]:
        """:meth:`fit`, and every member's activity (in client-id order), reading each client once.

        The labels are those :meth:`SleepingFitted.label` gives.  A subclass with its
        own :meth:`fit` is fitted and labelled through that ``fit``.
        """
        if type(self).fit is not Sleeping.fit:
            return super().fit_labels(population, clients=clients)  # type: ignore[return-value]
        fitted, rhythms = self._fit_rhythms(population)
        today = fitted.as_of.toordinal()
        judge = fitted._judge
        return fitted, [
            Activity.NO_ORDERS if r is None else judge(today - r[0], r[1]) for r in rhythms
        ]

    def fit_facts(
        self, population: Population, *, clients: ClientsArg = None
    ) -> tuple[SleepingFitted, list[Any], list[Any]]:
        """:meth:`fit_labels`, and every member's rhythm (last order day, gaps) for
        :meth:`SleepingFitted.explain`, reading each client once."""
        if type(self).fit is not Sleeping.fit:
            return super().fit_facts(population, clients=clients)  # type: ignore[return-value]
        fitted, rhythms = self._fit_rhythms(population)
        today = fitted.as_of.toordinal()
        judge = fitted._judge
        labels = [Activity.NO_ORDERS if r is None else judge(today - r[0], r[1]) for r in rhythms]
        return fitted, labels, [(r,) for r in rhythms]

    def play_for(self, decision: Decision[Any]) -> Play | None:
        """The play for a decision of this policy, from :attr:`playbook`."""
        return self.playbook.play_for(str(decision.outcome))


def _factor_ratios(fitted: SleepingFitted) -> tuple[tuple[int, int], ...]:
    """The policy's drowsy, sleeping and lost factors as exact integer ratios (p, q)."""
    policy = fitted.policy
    return tuple(f.as_integer_ratio() for f in (policy.drowsy, policy.sleeping, policy.lost))


@attrs.frozen
class SleepingFitted(Fitted):
    """:class:`Sleeping` fitted to a population: the fallback thresholds in days.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> monthly = tuple((date(2026, m, 1), Decimal(100)) for m in range(1, 7))
    >>> book = [ClientStats("C-1", date(2026, 6, 30), "RUB", orders=monthly)]
    >>> fitted = Sleeping().fit(book)
    >>> fitted.population_gaps, fitted.assign(book[0]).outcome
    (5, <Activity.ACTIVE: 'active'>)
    """

    policy: Sleeping
    fallback_days: tuple[int, int, int] | None
    """Drowsy, sleeping and lost thresholds for clients without a rhythm; None = no gaps."""
    population_gaps: int
    """How many gaps between orders the fallback was learned from."""
    _ratios: tuple[tuple[int, int], ...] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_factor_ratios, takes_self=True)
    )
    """The drowsy, sleeping and lost factors as exact integer ratios (p, q)."""

    def thresholds(self) -> dict[str, Any]:
        """The fallback thresholds, JSON-safe."""
        fb = self.fallback_days
        return {
            "fallback_days": None
            if fb is None
            else {"drowsy": fb[0], "sleeping": fb[1], "lost": fb[2]},
            "population_gaps": self.population_gaps,
        }

    def label(self, stats: ClientStats, *, client: Client | None = None) -> Activity:
        """The activity :meth:`assign` gives, without building its explanation.

        >>> from datetime import date
        >>> from decimal import Decimal
        >>> monthly = tuple((date(2026, m, 1), Decimal(100)) for m in range(1, 7))
        >>> s = ClientStats("C-1", date(2026, 8, 15), "RUB", orders=monthly)
        >>> Sleeping().fit([s]).label(s)
        <Activity.SLEEPING: 'sleeping'>
        """
        self.check(stats, client)
        rhythm = _rhythm(stats)
        if rhythm is None:
            return Activity.NO_ORDERS
        return self._judge(self.as_of.toordinal() - rhythm[0], rhythm[1])

    def _judge(self, gap: int, gaps: Sequence[int]) -> Activity:
        """The activity of a client silent for ``gap`` days whose order days are ``gaps`` apart."""
        policy = self.policy
        limits: tuple[Decimal | int, ...]
        if len(gaps) + 1 >= policy.min_orders:
            ctx = getcontext()
            if ctx.prec >= _ROOMY_PREC and ctx.Emax >= _ROOMY_EXP and ctx.Emin <= -_ROOMY_EXP:
                return self._judge_rhythm(gap, gaps)
            m = _median(gaps)
            limits = tuple(_plain(f * m) for f in (policy.drowsy, policy.sleeping, policy.lost))
        elif self.fallback_days is not None:
            limits = self.fallback_days
        else:
            return Activity.LOST if gap > policy.lost_after_days else Activity.UNKNOWN
        return _activity(gap, limits, policy.lost_after_days)

    def _judge_rhythm(self, gap: int, gaps: Sequence[int]) -> Activity:
        """:func:`_activity` against the rhythm's limits, in integers.

        With rhythm m = k/2 (k = twice the median, an integer) and factor f = p/q,
        ``gap > f·m`` is ``2·q·gap > p·k``: exact, as the Decimal limits are in a
        context with room for them (the caller checks).
        """
        ordered = sorted(gaps)
        mid = len(ordered) // 2
        k = 2 * ordered[mid] if len(ordered) % 2 else ordered[mid - 1] + ordered[mid]
        (pd, qd), (ps, qs), (pl, ql) = self._ratios
        if 2 * ql * gap > pl * k or gap > self.policy.lost_after_days:
            return Activity.LOST
        if 2 * qs * gap > ps * k:
            return Activity.SLEEPING
        if 2 * qd * gap > pd * k:
            return Activity.DROWSY
        return Activity.ACTIVE

    def label_facts(
        self, stats: ClientStats, *, client: Client | None = None
    ) -> tuple[Activity, Any]:
        """The activity and the rhythm (last order day, gaps) it was read from."""
        self.check(stats, client)
        rhythm = _rhythm(stats)
        if rhythm is None:
            return Activity.NO_ORDERS, (None,)
        return self._judge(self.as_of.toordinal() - rhythm[0], rhythm[1]), (rhythm,)

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Activity]:
        """Judge one client's silence as of the fitted date."""
        return self.explain(stats, None, client=client)

    def explain(
        self, stats: ClientStats, facts: Any, *, client: Client | None = None
    ) -> Decision[Activity]:
        """:meth:`assign` from the rhythm the labelling pass read (``(rhythm,)``, as
        :meth:`Sleeping.fit_facts` keeps it); None reads the order days again."""
        self.check(stats, client)
        policy = self.policy
        as_of = self.as_of
        rhythm = _rhythm(stats) if facts is None else facts[0]
        if rhythm is None:
            return Decision(
                Activity.NO_ORDERS,
                criteria=(CriterionResult("orders", FAILED, observed=0, threshold=1),),
                reasons=(reason("sleeping.no_orders", as_of=as_of),),
                policy=self.ref,
                as_of=as_of,
                subject=stats.client_id,
            )
        last, gap_list = rhythm
        gap = as_of.toordinal() - last
        limit = policy.lost_after_days
        absolute = CriterionResult(
            "lost_after_days", PASSED if gap > limit else FAILED, observed=gap, threshold=limit
        )
        gaps = tuple(gap_list)
        orders = len(gaps) + 1  # distinct order days
        score: float | None = None
        factors: tuple[Decimal | None, ...]
        if orders >= policy.min_orders:
            m = _median(gaps)
            factors = (policy.drowsy, policy.sleeping, policy.lost)
            limits: tuple[Decimal | int, ...] = tuple(_plain(f * m) for f in factors)
            ratio = (Decimal(gap) / m).quantize(_RATIO, ROUND_HALF_EVEN)
            score = float(ratio)
            basis = reason(
                "sleeping.rhythm", median=m, gaps=len(gaps), orders=orders, gap=gap, ratio=ratio
            )
        elif self.fallback_days is not None:
            factors = (None, None, None)
            limits = self.fallback_days
            basis = reason(
                "sleeping.fallback",
                orders=orders,
                min_orders=policy.min_orders,
                gap=gap,
                percentiles=policy.fallback_percentiles,
                population_gaps=self.population_gaps,
            )
        else:
            lost = gap > limit
            unknown = tuple(CriterionResult(n, UNKNOWN, observed=gap) for n in _LEVELS)
            why = [reason("sleeping.fallback.unavailable", gap=gap, orders=orders)]
            if lost:  # the deciding reason first
                why.insert(0, reason("sleeping.lost.absolute", gap=gap, threshold=limit))
            return Decision(
                Activity.LOST if lost else Activity.UNKNOWN,
                criteria=(*unknown, absolute),
                missing=() if lost else ("population_rhythm",),
                reasons=tuple(why),
                policy=self.ref,
                as_of=as_of,
                subject=stats.client_id,
            )
        criteria = tuple(
            CriterionResult(n, PASSED if gap > t else FAILED, observed=gap, threshold=t)
            for n, t in zip(_LEVELS, limits, strict=True)
        )
        outcome, verdict = _verdict(gap, limits, factors, limit)
        return Decision(
            outcome,
            score=score,
            criteria=(*criteria, absolute),
            reasons=(verdict, basis),  # the deciding reason first, then its basis
            policy=self.ref,
            as_of=as_of,
            subject=stats.client_id,
        )


_LEVELS = ("drowsy", "sleeping", "lost")


def _verdict(
    gap: int,
    limits: Sequence[Decimal | int],
    factors: Sequence[Decimal | None],
    limit: int,
) -> tuple[Activity, Reason]:
    drowsy, sleeping, lost = limits
    outcome = _activity(gap, limits, limit)
    if outcome is Activity.LOST:
        if gap > lost:
            why = reason("sleeping.lost", gap=gap, threshold=lost, factor=factors[2])
        else:
            why = reason("sleeping.lost.absolute", gap=gap, threshold=limit)
    elif outcome is Activity.SLEEPING:
        why = reason("sleeping.sleeping", gap=gap, threshold=sleeping, factor=factors[1])
    elif outcome is Activity.DROWSY:
        why = reason("sleeping.drowsy", gap=gap, threshold=drowsy, factor=factors[0])
    else:
        why = reason("sleeping.active", gap=gap, threshold=drowsy, factor=factors[0])
    return outcome, why


def _activity(gap: int, limits: Sequence[Decimal | int], limit: int) -> Activity:
    """Lost past the lost threshold or the absolute limit, then sleeping, drowsy, active."""
    drowsy, sleeping, lost = limits
    if gap > lost or gap > limit:
        return Activity.LOST
    if gap > sleeping:
        return Activity.SLEEPING
    if gap > drowsy:
        return Activity.DROWSY
    return Activity.ACTIVE
