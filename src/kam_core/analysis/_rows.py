"""One row of a report: a client's outcomes now, the decisions behind them on demand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Protocol

import attrs

from kam_core._decision import Decision, jsonable
from kam_core._domain.client import Client
from kam_core._stats.client_stats import ClientStats
from kam_core._time import Period
from kam_core.analysis._notebook import client_row_html, client_row_repr
from kam_core.errors import PolicyEvaluationError
from kam_core.policies import HANDOFF_KEY

__all__ = ["ClientRow", "Explains", "FromFacts", "Reevaluates"]


class Explains(Protocol):
    """What a row asks for the decision behind an outcome: a fitted segmentation's ``assign``."""

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]: ...


class FromFacts:
    """Explains a segmentation's outcome on demand from the facts the labelling pass kept.

    One per row: :meth:`ClientRow.decision` calls :meth:`assign` with the row's stats
    and client, which hands the kept facts to the fitted segmentation's ``explain``
    (:class:`~kam_core.policies.FittedExplainer`): the measured numbers formatted into
    criteria and reasons, the client not measured again.
    """

    __slots__ = ("facts", "fitted")

    def __init__(self, fitted: Any, facts: Any) -> None:
        self.fitted = fitted
        self.facts = facts

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The fitted segmentation's decision on ``stats``, from the kept facts."""
        decision: Decision[Any] = self.fitted.explain(stats, self.facts, client=client)
        return decision


@attrs.frozen
class Reevaluates:
    """Explains a client policy's outcome on demand: evaluates it again (policies are pure).

    Shared by every row of a report: :meth:`ClientRow.decision` calls :meth:`assign`
    with the row's stats and client, as it does a fitted segmentation.
    """

    policy: Any
    as_of: date
    context: Mapping[str, object] | None = None
    """What the analysis passed the policy beside the client and stats (``verdicts=``,
    ``touches=`` …), for a policy that declared it reads them (then one per row); None
    for a policy that reads nothing more (one per report)."""

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The policy's decision on ``client`` and ``stats`` as of :attr:`as_of`."""
        if client is None:  # pragma: no cover - rows hold client outcomes only with a client
            raise PolicyEvaluationError(f"{self.policy.kind!r} judges a client: none given")
        extra = {} if self.context is None else self.context
        decision: Decision[Any] = self.policy.evaluate(client, stats, as_of=self.as_of, **extra)
        return decision


@attrs.frozen(repr=False)
class ClientRow:
    """Everything the analysis decided about one client: labels now, explanations on demand.

    ``outcomes`` holds ``(key, outcome)`` pairs in policy-set order, segmentations
    first: the key is the policy's ``report_key`` when it declares one (every handoff
    policy declares ``"handoff"``), else its ``kind``.  Two policies with one key both
    keep their pair; every reader takes the later one.  The full
    :class:`~kam_core.Decision` behind each outcome (criteria, reasons) is built when
    asked for — :meth:`decision`, :attr:`decisions`, :meth:`to_dict` — from the fitted
    segmentation and the row's stats, so a whole-book report holds labels, not
    millions of explanations.  It is the same decision every time (policies are pure).

    >>> stats = ClientStats.empty("C-1", date(2026, 11, 24), "RUB")
    >>> row = ClientRow.of("C-1", stats, (("abc", Decision("C", subject="C-1")),))
    >>> row.label("abc"), row.decision("abc").outcome, row.to_dict()["turnover"]
    ('C', 'C', {'amount': '0', 'currency': 'RUB'})
    """

    client_id: str
    stats: ClientStats
    outcomes: tuple[tuple[str, Any], ...]
    client: Client | None = None
    _sources: tuple[Decision[Any] | Explains, ...] = attrs.field(
        default=(), alias="sources", hash=False, repr=False
    )
    """Per outcome: its decision, or what explains it (a fitted segmentation, a client policy)."""

    def __repr__(self) -> str:
        return client_row_repr(self)

    def _repr_html_(self) -> str:
        return client_row_html(self)

    @classmethod
    def of(
        cls,
        client_id: str,
        stats: ClientStats,
        decisions: Iterable[tuple[str, Decision[Any]]],
        client: Client | None = None,
    ) -> ClientRow:
        """A row of decisions already made (``(key, decision)`` pairs)."""
        pairs = tuple(decisions)
        return cls(
            client_id,
            stats,
            tuple((key, d.outcome) for key, d in pairs),
            client,
            sources=tuple(d for _, d in pairs),
        )

    @property
    def decisions(self) -> tuple[tuple[str, Decision[Any]], ...]:
        """``(key, decision)`` pairs in policy-set order, explanations built now."""
        return tuple((key, self._explained(i)) for i, (key, _) in enumerate(self.outcomes))

    def _explained(self, i: int) -> Decision[Any]:
        source = self._sources[i]
        if isinstance(source, Decision):
            return source
        return source.assign(self.stats, client=self.client)

    def decision(self, key: str) -> Decision[Any] | None:
        """The decision stored under ``key`` (a policy's row key), or None.

        >>> row = ClientRow("C-1", ClientStats.empty("C-1", date(2026, 1, 1), "RUB"), ())
        >>> row.decision("abc") is None
        True
        """
        for i in range(len(self.outcomes) - 1, -1, -1):  # a key decided twice: the later
            if self.outcomes[i][0] == key:
                return self._explained(i)
        return None

    def outcome(self, key: str) -> Any:
        """The outcome stored under ``key`` as the policy gave it (an enum, a label, a
        :class:`~kam_core.Handoff`), or None; no explanation is built."""
        for k, outcome in reversed(self.outcomes):
            if k == key:
                return outcome
        return None

    def label(self, key: str) -> Any:
        """The JSON-safe outcome stored under ``key``, or None."""
        return jsonable(self.outcome(key))

    def to_dict(self, *, decisions: bool = False) -> dict[str, Any]:
        """The JSON-safe row: id, one key per policy, handoff, KPIs and reason codes.

        Every revenue figure names its window: ``revenue_all_time`` (also ``turnover``,
        kept for existing readers) and ``revenue_12m`` (the 12 months up to ``as_of``).
        With ``decisions=True`` the row also holds ``"decisions"``: every decision in
        full (:meth:`~kam_core.Decision.to_dict`: criteria with what was observed and the
        thresholds, reasons with their parameters), by row key.

        >>> stats = ClientStats.empty("C-1", date(2026, 11, 24), "RUB")
        >>> row = ClientRow.of("C-1", stats, (("abc", Decision("C", subject="C-1")),))
        >>> row.to_dict(decisions=True)["decisions"]["abc"]["outcome"]
        'C'
        """
        s = self.stats
        aov = s.average_order_value
        row: dict[str, Any] = {
            "client_id": self.client_id,
            "name": None if self.client is None else self.client.name,
            "owner": None if self.client is None else jsonable(self.client.owner),
        }
        codes: list[str] = []
        full: dict[str, Any] = {}
        for key, decision in self.decisions:
            row[key] = jsonable(decision.outcome)
            codes.extend(decision.codes)
            if decisions:
                full[key] = decision.to_dict()
        row.setdefault(HANDOFF_KEY, None)
        row["orders"] = s.order_count
        row["turnover"] = s.total.to_dict()
        row["revenue_all_time"] = row["turnover"]  # the window named: turnover is all time
        row["revenue_12m"] = s.revenue_in(Period.trailing_months(s.as_of, 12)).to_dict()
        row["average_order"] = None if aov is None else aov.round().to_dict()
        row["first_order_on"] = None if s.first_order_on is None else s.first_order_on.isoformat()
        row["last_order_on"] = None if s.last_order_on is None else s.last_order_on.isoformat()
        row["products"] = len(s.products)
        row["categories"] = len(s.categories)
        row["overdue"] = s.overdue.to_dict()
        row["reasons"] = codes
        if decisions:
            row["decisions"] = full
        return row
