"""The report of a whole-book analysis: one row per client, lead decisions, counts and a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Protocol

import attrs

from kam_core._decision import Decision, jsonable
from kam_core._domain.client import Client
from kam_core._stats.client_stats import ClientStats
from kam_core.errors import PolicyEvaluationError

__all__ = [
    "ClientRow",
    "Report",
]

_SLEEPING = frozenset({"sleeping", "lost"})
_HANDOFF = "handoff"


class _Assigns(Protocol):
    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]: ...


@attrs.frozen
class _Evaluates:
    """Explains a client policy's outcome on demand: evaluates it again (policies are pure).

    Shared by every row of a report: :meth:`ClientRow.decision` calls :meth:`assign`
    with the row's stats and client, as it does a fitted segmentation.
    """

    policy: Any
    as_of: date

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        if client is None:  # pragma: no cover - rows hold client outcomes only with a client
            raise PolicyEvaluationError(f"{self.policy.kind!r} judges a client: none given")
        decision: Decision[Any] = self.policy.evaluate(client, stats, as_of=self.as_of)
        return decision


@attrs.frozen
class ClientRow:
    """Everything the analysis decided about one client: labels now, explanations on demand.

    ``outcomes`` holds ``(key, outcome)`` pairs in policy-set order: the key is the
    policy's ``kind``, or ``"handoff"`` for the first client policy.  The full
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
    _sources: tuple[Decision[Any] | _Assigns, ...] = attrs.field(
        default=(), alias="sources", hash=False, repr=False
    )
    """Per outcome: its decision, or the fitted segmentation that explains it."""

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
        """The decision stored under ``key`` (a policy kind or ``"handoff"``), or None.

        >>> row = ClientRow("C-1", ClientStats.empty("C-1", date(2026, 1, 1), "RUB"), ())
        >>> row.decision("abc") is None
        True
        """
        for i in range(len(self.outcomes) - 1, -1, -1):  # a kind decided twice: the later
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

    def to_dict(self) -> dict[str, Any]:
        """The JSON-safe row: id, one key per policy, handoff, KPIs and reason codes."""
        s = self.stats
        aov = s.average_order_value
        row: dict[str, Any] = {
            "client_id": self.client_id,
            "name": None if self.client is None else self.client.name,
            "owner": None if self.client is None else jsonable(self.client.owner),
        }
        codes: list[str] = []
        for key, decision in self.decisions:
            row[key] = jsonable(decision.outcome)
            codes.extend(decision.codes)
        row.setdefault(_HANDOFF, None)
        row["orders"] = s.order_count
        row["turnover"] = s.total.to_dict()
        row["average_order"] = None if aov is None else aov.round().to_dict()
        row["first_order_on"] = None if s.first_order_on is None else s.first_order_on.isoformat()
        row["last_order_on"] = None if s.last_order_on is None else s.last_order_on.isoformat()
        row["products"] = len(s.products)
        row["categories"] = len(s.categories)
        row["overdue"] = s.overdue.to_dict()
        row["reasons"] = codes
        return row


@attrs.frozen
class Report:
    """The result of :func:`analyze`: per-client rows, lead decisions and a summary.

    Counts, matrices and the summary read the rows' outcomes only; explanations are
    built when a row's decisions are read.  A report of :func:`kam_core.frames.analyze`
    keeps its labels in columns instead and builds its rows when first read.

    >>> report = Report(date(2026, 11, 24), ())
    >>> report.summary()["clients"]
    0
    """

    as_of: date
    _rows: tuple[ClientRow, ...] = attrs.field(alias="clients")
    leads: tuple[Decision[Any], ...] = ()
    """One decision per lead, sorted by lead id."""
    policies: tuple[dict[str, str], ...] = ()
    """kind, version and fingerprint of every policy that decided, in set order."""

    @property
    def clients(self) -> tuple[ClientRow, ...]:
        """One row per client, sorted by client id."""
        return self._rows

    def rows(self) -> list[dict[str, Any]]:
        """One JSON-safe dict per client (see :meth:`ClientRow.to_dict`)."""
        return [row.to_dict() for row in self.clients]

    def __iter__(self) -> Iterator[ClientRow]:
        return iter(self.clients)

    def __len__(self) -> int:
        return len(self.clients)

    def row(self, client_id: str) -> ClientRow:
        """The row of ``client_id``."""
        for row in self.clients:
            if row.client_id == client_id:
                return row
        raise KeyError(client_id)

    # What counts, matrices and the summary read.  A row may decide a kind twice (two
    # policies of one kind): like to_dict(), these read the later outcome.

    def _client_ids(self) -> list[str]:
        return [row.client_id for row in self.clients]

    def _keys(self) -> list[str]:
        """The policy keys rows hold, in order of first appearance, ``handoff`` aside."""
        keys: dict[str, None] = {}
        for row in self.clients:
            for key, _ in row.outcomes:
                if key != _HANDOFF:
                    keys.setdefault(key)
        return list(keys)

    def _texts(self, key: str) -> list[str | None]:
        """Per row, the JSON text of its outcome under ``key``; None where it has none."""
        out: list[str | None] = []
        for row in self.clients:
            text = None
            for k, outcome in reversed(row.outcomes):
                if k == key:
                    text = str(jsonable(outcome))
                    break
            out.append(text)
        return out

    def _handoff_targets(self) -> list[str]:
        """The role each due handoff goes to, in row order."""
        out = []
        for row in self.clients:
            outcome = row.outcome(_HANDOFF)
            if outcome is not None:
                to_role = getattr(outcome, "to_role", None)
                out.append(str(getattr(to_role, "key", to_role)))
        return out

    def _tally(self, *keys: str) -> Counter[tuple[str, ...]]:
        """Rows counted by their texts under ``keys``; a row without one of them is left out."""
        texts = zip(*(self._texts(key) for key in keys), strict=True)
        return Counter(t for t in texts if None not in t)

    def _sleeping_ids(self) -> list[str]:
        """Ids of the clients whose ``sleeping`` outcome is sleeping or lost, in row order."""
        asleep = zip(self._client_ids(), self._texts("sleeping"), strict=True)
        return [client_id for client_id, text in asleep if text in _SLEEPING]

    def counts(self, key: str) -> dict[str, int]:
        """How many clients got each label of the policy stored under ``key``, by label."""
        return {label: n for (label,), n in sorted(self._tally(key).items())}

    def matrix(self, rows: str, columns: str) -> dict[str, dict[str, int]]:
        """Clients counted by the labels of two policies, e.g. ``matrix("abc", "xyz")``.

        >>> Report(date(2026, 11, 24), ()).matrix("abc", "xyz")
        {}
        """
        out: dict[str, dict[str, int]] = {}
        for (r, c), n in sorted(self._tally(rows, columns).items()):
            out.setdefault(r, {})[c] = n
        return out

    def handoffs_due(self) -> list[Decision[Any]]:
        """The decisions that hand a client over, sorted by client id."""
        return [
            d
            for row in self.clients
            if row.outcome(_HANDOFF) is not None and (d := row.decision(_HANDOFF)) is not None
        ]

    def sleeping(self) -> list[ClientRow]:
        """Rows of the clients the ``sleeping`` policy calls sleeping or lost."""
        return [row for row in self.clients if str(row.label("sleeping")) in _SLEEPING]

    def summary(self) -> dict[str, Any]:
        """Counts per segment and matrix cell, handoffs due by role, sleeping clients, leads."""
        return {
            "as_of": self.as_of.isoformat(),
            "clients": len(self),
            "segments": {key: self.counts(key) for key in self._keys()},
            "handoffs_due": dict(sorted(Counter(self._handoff_targets()).items())),
            "sleeping_clients": self._sleeping_ids(),
            "leads": dict(sorted(Counter(str(jsonable(d.outcome)) for d in self.leads).items())),
            "policies": [dict(p) for p in self.policies],
        }

    def to_dict(self) -> dict[str, Any]:
        """The whole report, JSON-safe: summary, rows and lead decisions."""
        return {
            "summary": self.summary(),
            "clients": self.rows(),
            "leads": [d.to_dict() for d in self.leads],
        }
