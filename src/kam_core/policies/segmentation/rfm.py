"""RFM: recency, frequency and monetary scores, read as named segments on the R×F grid."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

import attrs
from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, Decision
from kam_core._domain.client import Client
from kam_core._money import trusted_money
from kam_core._stats.client_stats import ClientStats, stored_orders
from kam_core.errors import PolicyEvaluationError
from kam_core.policies._engine import _Data, reason
from kam_core.policies.segmentation._base import (
    ClientsArg,
    Fitted,
    Playbook,
    Population,
    Segmentation,
    population_as_of,
)
from kam_core.policies.segmentation._shared import (
    _ZERO,
    CM,
    FAILED,
    KAM,
    PASSED,
    SUPPORT,
    R,
    _check_currency,
    _Months,
    _play,
    _trailing,
)

__all__ = [
    "STANDARD_RFM_GRID",
    "FittedRfm",
    "Rfm",
    "RfmCell",
    "rfm_playbook",
]


_Score = Annotated[int, Field(ge=1, le=10, strict=True)]


_RfmRow = tuple[int, int, Decimal]


class RfmCell(_Data):
    """One rule of the R×F grid: R and F score ranges (inclusive) → a segment name.

    >>> RfmCell(recency=(5, 5), frequency=(4, 5), segment="champions").matches(5, 4)
    True
    """

    recency: tuple[_Score, _Score]
    frequency: tuple[_Score, _Score]
    segment: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]

    def matches(self, r: int, f: int) -> bool:
        """True when the scores fall in both ranges."""
        return (
            self.recency[0] <= r <= self.recency[1] and self.frequency[0] <= f <= self.frequency[1]
        )


def _cell(r: tuple[int, int], f: tuple[int, int], segment: str) -> RfmCell:
    return RfmCell(recency=r, frequency=f, segment=segment)


STANDARD_RFM_GRID: tuple[RfmCell, ...] = (
    _cell((5, 5), (4, 5), "champions"),
    _cell((3, 4), (4, 5), "loyal"),
    _cell((4, 5), (2, 3), "potential_loyalists"),
    _cell((5, 5), (1, 1), "new"),
    _cell((4, 4), (1, 1), "promising"),
    _cell((3, 3), (3, 3), "need_attention"),
    _cell((3, 3), (1, 2), "about_to_sleep"),
    _cell((1, 2), (3, 4), "at_risk"),
    _cell((1, 2), (5, 5), "cant_lose"),
    _cell((1, 2), (1, 2), "hibernating"),
)
"""The standard R×F segment map for five bins (R first, F second)."""


def rfm_playbook() -> Playbook:
    """The default play for each standard RFM segment.

    >>> rfm_playbook().play_for("cant_lose").role
    <Role.KEY_ACCOUNT_MANAGER: 'key_account_manager'>
    """
    return Playbook(
        plays={
            "champions": _play(CM, 14, "reward_and_lock_in", R.BUILD_SWITCHING_BARRIERS),
            "loyal": _play(CM, 21, "up_sell", R.GROW_AVERAGE_ORDER, R.DEVELOP_ASSORTMENT),
            "potential_loyalists": _play(CM, 21, "raise_frequency", R.GROW_ORDER_FREQUENCY),
            "new": _play(CM, 14, "onboard", R.GROW_ORDER_FREQUENCY, R.FILL_DOSSIER),
            "promising": _play(CM, 30, "build_relationship", R.RAISE_LOYALTY),
            "need_attention": _play(CM, 30, "re_engage", R.RAISE_LOYALTY, R.GROW_ORDER_FREQUENCY),
            "about_to_sleep": _play(CM, 30, "reactivate", R.REACTIVATE_SLEEPING),
            "at_risk": _play(CM, 14, "win_back", R.REACTIVATE_SLEEPING, R.RAISE_LOYALTY),
            "cant_lose": _play(KAM, 7, "win_back", R.REACTIVATE_SLEEPING, R.FILL_DOSSIER),
            "hibernating": _play(SUPPORT, 180, "serve_on_order", R.REACTIVATE_SLEEPING),
        }
    )


class Rfm(Segmentation):
    """RFM: recency, frequency and monetary scores, read as named segments.

    Recency = days from the last order to ``as_of`` (fewer is better, so its score is
    reversed); frequency = orders and monetary = revenue (``"total"``) or revenue per
    order (``"average"``) in the window (None = all history).  Each score is the
    ``bins``-tile of the value among clients with orders, by rank method "min": the
    score of a value is ``⌊(count of values worse than it) × bins ÷ n⌋ + 1``, so tied
    values share the lowest score of their group and the result never depends on input
    order.  The segment is the first :class:`RfmCell` of :attr:`grid` matching (R, F).
    A client with no orders is outside the grid: label ``"no_orders"``.

    >>> from kam_core import ClientStats
    >>> as_of = date(2026, 11, 24)
    >>> def client(cid, *days):
    ...     return ClientStats(cid, as_of, "RUB", tuple((date(2026, 11, d), Decimal(10))
    ...                                               for d in days))
    >>> book = [client("C1", 20, 21, 22, 23), client("C2", 1), client("C3", 2, 3),
    ...         client("C4", 10, 11, 12), client("C5", 4)]
    >>> {c: d.outcome for c, d in Rfm().segment(book).items()}
    {'C1': 'champions', 'C2': 'hibernating', 'C3': 'at_risk', 'C4': 'loyal', 'C5': 'about_to_sleep'}
    """

    kind: Literal["rfm"] = "rfm"
    bins: Annotated[int, Field(ge=2, le=10, strict=True)] = 5
    """How many scores each of R, F and M takes (5 = quintiles)."""
    window_months: _Months | None = None
    """The months up to ``as_of`` for frequency and monetary; None = all history."""
    monetary: Literal["total", "average"] = "total"
    """``total`` revenue or ``average`` revenue per order."""
    grid: Annotated[tuple[RfmCell, ...], Field(min_length=1, max_length=100)] = STANDARD_RFM_GRID
    """Named segments by ranges of the R and F scores; the first matching cell wins."""
    playbook: Playbook = Field(default_factory=rfm_playbook)
    """The play of each named segment."""

    @model_validator(mode="after")
    def _grid_covers(self) -> Self:
        for i, cell in enumerate(self.grid):
            for name, (low, high) in (("recency", cell.recency), ("frequency", cell.frequency)):
                if low > high:
                    raise ValueError(f"grid[{i}].{name}: empty range {low}..{high}")
                if high > self.bins:
                    raise ValueError(
                        f"grid[{i}].{name}: scores up to {high}, above bins={self.bins}; "
                        "give a grid for this number of bins"
                    )
        holes = [
            f"R{r}F{f}"
            for r in range(1, self.bins + 1)
            for f in range(1, self.bins + 1)
            if not any(c.matches(r, f) for c in self.grid)
        ]
        if holes:
            raise ValueError(
                f"grid: no segment for {', '.join(holes[:10])}"
                f"{' …' if len(holes) > 10 else ''}; cover every R×F cell of {self.bins} bins"
            )
        return self

    def segment_of(self, r: int, f: int) -> str:
        """The segment name of the R×F cell.

        >>> Rfm().segment_of(5, 1), Rfm().segment_of(1, 5)
        ('new', 'cant_lose')
        """
        for cell in self.grid:
            if cell.matches(r, f):
                return cell.segment
        raise PolicyEvaluationError(f"no segment for R{r}F{f}")  # pragma: no cover

    def values(self, stats: ClientStats) -> _RfmRow | None:
        """(recency days, frequency, monetary) of a client; None without orders.

        >>> from kam_core import ClientStats
        >>> s = ClientStats("C1", date(2026, 11, 24), "RUB", ((date(2026, 11, 1), Decimal(5)),))
        >>> Rfm().values(s)
        (23, 1, Decimal('5'))
        """
        orders = stored_orders(stats)
        last = orders.last()
        if last is None:
            return None
        window = None if self.window_months is None else _trailing(stats.as_of, self.window_months)
        if window is None:
            lo, hi = 0, len(orders)
        else:
            lo, hi = orders.span(window.start, window.end)
        # as orders_in(window) and revenue_in(window).amount read them (net of returns)
        frequency = hi - lo
        revenue = orders.amount(lo, hi)
        if stats.return_count:
            revenue -= stats.returned_in(window).amount
        if self.monetary == "average":
            revenue = revenue / frequency if frequency else _ZERO
        return (stats.as_of - last).days, frequency, revenue

    def fit(self, population: Population, *, clients: ClientsArg = None) -> FittedRfm:
        """Learn the distribution of R, F and M over the clients with orders."""
        return self._fit_values(population)[0]

    def _fit_values(self, population: Population) -> tuple[FittedRfm, list[_RfmRow | None]]:
        stats, as_of = population_as_of(population)
        currency = _check_currency(stats)
        values = [self.values(s) for s in stats]
        rows = [v for v in values if v is not None]
        return FittedRfm.build(self, as_of, currency or "XXX", rows), values

    def fit_labels(
        self, population: Population, *, clients: ClientsArg = None
    ) -> tuple[FittedRfm, list[Any]]:
        """:meth:`fit`, and every member's segment (in client-id order), reading each client once.

        The labels are those :meth:`FittedRfm.label` gives.  A subclass with its own
        :meth:`fit` is fitted and labelled through that ``fit``.
        """
        if type(self).fit is not Rfm.fit:
            return super().fit_labels(population, clients=clients)  # type: ignore[return-value]
        fitted, values = self._fit_values(population)
        segment = fitted._segment
        return fitted, ["no_orders" if v is None else segment(v[0], v[1]) for v in values]

    def fit_facts(
        self, population: Population, *, clients: ClientsArg = None
    ) -> tuple[FittedRfm, list[Any], list[Any]]:
        """:meth:`fit_labels`, and every member's (recency, frequency, monetary) for
        :meth:`FittedRfm.explain`, reading each client once."""
        if type(self).fit is not Rfm.fit:
            return super().fit_facts(population, clients=clients)  # type: ignore[return-value]
        fitted, values = self._fit_values(population)
        segment = fitted._segment
        labels = ["no_orders" if v is None else segment(v[0], v[1]) for v in values]
        return fitted, labels, [(v,) for v in values]


def _edges(ordered: list[Any], bins: int) -> tuple[Any, ...]:
    """Edge k (k = 1 … bins-1): a value must be above it to score k + 1 or more.

    With rank method "min" a value scores ``⌊worse × bins ÷ n⌋ + 1`` where ``worse``
    counts the values below it; that reaches k + 1 exactly when more than
    ``⌈k·n ÷ bins⌉ - 1`` values are below it, i.e. when it beats the value at that
    position of the ascending list.
    """
    n = len(ordered)
    if n == 0:
        return ()
    return tuple(ordered[-(-k * n // bins) - 1] for k in range(1, bins))


def _cells_of(fitted: FittedRfm) -> dict[tuple[int, int], str]:
    """The segment of every (R, F) pair of scores, from the policy's grid."""
    bins = range(1, fitted.policy.bins + 1)
    return {(r, f): fitted.policy.segment_of(r, f) for r in bins for f in bins}


def _ascending_edges(
    fitted: FittedRfm,
) -> tuple[tuple[int, ...], tuple[Decimal, ...]] | None:
    """Negated recency edges and frequency edges, when both ascend (bisectable); else None."""
    ascending = (tuple(-e for e in fitted.recency_edges), fitted.frequency_edges)
    return ascending if all(list(e) == sorted(e) for e in ascending) else None


@attrs.frozen
class FittedRfm(Fitted):
    """An :class:`Rfm` fitted to a population: the score edges of R, F and M.

    A client scores ``1 +`` the number of edges it beats: fewer recency days than the
    edge, more orders or more money than it.  The edges reproduce the rank-"min"
    quantiles of the population exactly and place newcomers consistently.

    >>> from kam_core import ClientStats
    >>> s = ClientStats("C1", date(2026, 11, 24), "RUB", ((date(2026, 11, 1), Decimal(5)),))
    >>> Rfm().fit([s]).thresholds()["recency_days"]
    [23, 23, 23, 23]
    """

    policy: Rfm
    currency: str
    clients: int
    """Clients with orders the scores were learned from."""
    recency_edges: tuple[int, ...]
    frequency_edges: tuple[Decimal, ...]
    monetary_edges: tuple[Decimal, ...]
    _cells: dict[tuple[int, int], str] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_cells_of, takes_self=True)
    )
    """The segment of every (R, F) pair of scores."""
    _ascending: tuple[tuple[int, ...], tuple[Decimal, ...]] | None = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_ascending_edges, takes_self=True)
    )
    """Negated recency edges and frequency edges, when both ascend (as fitted ones do)."""

    @classmethod
    def build(cls, policy: Rfm, as_of: date, currency: str, rows: list[_RfmRow]) -> FittedRfm:
        """Learn the edges from the (recency days, frequency, monetary) of each client."""
        bins = policy.bins
        return cls(
            policy=policy,
            as_of=as_of,
            currency=currency,
            clients=len(rows),
            recency_edges=tuple(-e for e in _edges(sorted(-r for r, _, _ in rows), bins)),
            frequency_edges=_edges(sorted(Decimal(f) for _, f, _ in rows), bins),
            monetary_edges=_edges(sorted(m for _, _, m in rows), bins),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FittedRfm:
        """Rebuild from :meth:`to_dict`: an equal fitted object.

        >>> from kam_core import ClientStats
        >>> s = ClientStats("C1", date(2026, 1, 1), "RUB", ((date(2025, 12, 1), Decimal(5)),))
        >>> fitted = Rfm().fit([s])
        >>> FittedRfm.from_dict(fitted.to_dict()) == fitted
        True
        """
        t = data["thresholds"]
        return cls(
            policy=Rfm.load(data["policy"]),
            as_of=date.fromisoformat(data["as_of"]),
            currency=t["currency"],
            clients=t["clients"],
            recency_edges=tuple(int(e) for e in t["recency_days"]),
            frequency_edges=tuple(Decimal(e) for e in t["frequency"]),
            monetary_edges=tuple(Decimal(e) for e in t["monetary"]),
        )

    def thresholds(self) -> dict[str, Any]:
        """The score edges per dimension and the population size."""
        return {
            "currency": self.currency,
            "clients": self.clients,
            "recency_days": list(self.recency_edges),
            "frequency": [str(e) for e in self.frequency_edges],
            "monetary": [str(e) for e in self.monetary_edges],
        }

    def _scores(self, days: int, frequency: int, monetary: Decimal) -> tuple[int, int, int]:
        """R, F and M: one plus the number of edges each value beats."""
        return (
            1 + sum(1 for e in self.recency_edges if days < e),
            1 + sum(1 for e in self.frequency_edges if frequency > e),
            1 + sum(1 for e in self.monetary_edges if monetary > e),
        )

    def label(self, stats: ClientStats, *, client: Client | None = None) -> Any:
        """The segment :meth:`assign` gives, without building its explanation.

        >>> from kam_core import ClientStats
        >>> s = ClientStats("C1", date(2026, 11, 24), "RUB", ((date(2026, 11, 1), Decimal(5)),))
        >>> fitted = Rfm().fit([s])
        >>> fitted.label(s) == fitted.assign(s).outcome
        True
        """
        self.check(stats, client)
        values = self.policy.values(stats)
        if values is None:
            return "no_orders"
        return self._segment(values[0], values[1])

    def _segment(self, days: int, frequency: int) -> str:
        """The segment of a client's recency and frequency (as :meth:`_scores` scores them)."""
        ascending = self._ascending
        if ascending is None:
            r, f, _ = self._scores(days, frequency, _ZERO)
            return self.policy.segment_of(r, f)
        # edges beaten: fewer days than a recency edge, more orders than a frequency edge
        r = 1 + bisect_left(ascending[0], -days)
        return self._cells[r, 1 + bisect_left(ascending[1], frequency)]

    def label_facts(self, stats: ClientStats, *, client: Client | None = None) -> tuple[Any, Any]:
        """The segment and the (recency, frequency, monetary) it was read from."""
        self.check(stats, client)
        values = self.policy.values(stats)
        return ("no_orders" if values is None else self._segment(values[0], values[1])), (values,)

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's R, F, M scores and segment."""
        return self.explain(stats, None, client=client)

    def explain(
        self, stats: ClientStats, facts: Any, *, client: Client | None = None
    ) -> Decision[Any]:
        """:meth:`assign` from the values the labelling pass read (``(values,)``, as
        :meth:`Rfm.fit_facts` keeps them); None reads them again."""
        self.check(stats, client)
        policy = self.policy
        values = policy.values(stats) if facts is None else facts[0]
        if values is None:
            why = reason("rfm.no_orders")
            return Decision(
                "no_orders",
                criteria=(CriterionResult("recency", FAILED, reasons=(why,)),),
                reasons=(why,),
                policy=policy.ref,
                as_of=stats.as_of,
                subject=stats.client_id,
            )
        days, frequency, monetary = values
        r, f, m = self._scores(days, frequency, monetary)
        segment = policy.segment_of(r, f)
        money = trusted_money(monetary, stats.currency)
        return Decision(
            segment,
            criteria=(
                CriterionResult("recency", PASSED, observed=days, level=r),
                CriterionResult("frequency", PASSED, observed=frequency, level=f),
                CriterionResult("monetary", PASSED, observed=money, level=m),
            ),
            reasons=(
                reason(
                    "rfm.segment",
                    recency_days=days,
                    frequency=frequency,
                    monetary=money,
                    r=r,
                    f=f,
                    m=m,
                    cell=f"{r}{f}{m}",
                    segment=segment,
                ),
            ),
            policy=policy.ref,
            as_of=stats.as_of,
            subject=stats.client_id,
        )


# --------------------------------------------------------------------------------------
# migration matrix
