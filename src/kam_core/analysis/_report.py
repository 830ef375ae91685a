"""The report of a whole-book analysis: rows, lead decisions, counts and a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from kam_core._decision import Decision, jsonable
from kam_core._domain.people import Manager
from kam_core._planning.plan import Plan
from kam_core._planning.work import (
    AgendaItem,
    Load,
    Move,
    agenda_of,
    redistribute_plans,
    workload_of,
)
from kam_core._stats.touches import TouchStats
from kam_core.analysis._notebook import report_html, report_repr, to_pandas, to_polars
from kam_core.analysis._rows import ClientRow
from kam_core.analysis._store import ReportStore, RowStore
from kam_core.errors import PolicyEvaluationError
from kam_core.policies import HANDOFF_KEY, PLAN_KEY

__all__ = ["Report", "redistribute"]


def _stored(value: ReportStore | Iterable[ClientRow]) -> ReportStore:
    """A report's store: a :class:`ReportStore` as it is, rows in a :class:`RowStore`."""
    if isinstance(value, ReportStore):
        return value
    return RowStore(value)


def _read_only(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _frozen_labels(value: Mapping[str, Iterable[str]]) -> Mapping[str, frozenset[str]]:
    return MappingProxyType({key: frozenset(labels) for key, labels in value.items()})


@attrs.frozen(repr=False)
class Report:
    """The result of :func:`analyze`: per-client rows, lead decisions and a summary.

    A report is written over a :class:`ReportStore`: the rows themselves
    (:class:`RowStore`, what :func:`analyze` gives), or a store that keeps the labels
    elsewhere — :func:`kam_core.frames.analyze` keeps them in polars columns and builds
    its rows when first read.  Counts, matrices and the summary read the store's
    outcomes only; explanations are built when a row's decisions are read.

    The report knows no particular policy: handoffs are what the rows hold under
    ``"handoff"`` (the ``report_key`` every handoff policy declares), and sleeping
    clients are those whose outcome under a key is one of the labels the policy
    declared in ``sleeping_labels`` (kept here in :attr:`sleeping_labels`).

    >>> report = Report(date(2026, 11, 24), ())
    >>> report.summary()["clients"], report.summary()["sleeping_clients"]
    (0, 0)
    """

    as_of: date
    store: ReportStore = attrs.field(converter=_stored)
    """Where the rows' outcomes live; rows given as a tuple are kept in a :class:`RowStore`."""
    leads: tuple[Decision[Any], ...] = ()
    """One decision per lead, sorted by lead id."""
    policies: tuple[dict[str, str], ...] = attrs.field(default=(), hash=False)
    """kind, version and fingerprint of every policy that decided, in set order."""
    sleeping_labels: Mapping[str, frozenset[str]] = attrs.field(
        factory=dict, converter=_frozen_labels, kw_only=True, hash=False
    )
    """Row key -> the labels under it that mean the client has gone quiet (declared by the
    policies as ``sleeping_labels``: ``{"sleeping": {"sleeping", "lost"}}`` for
    :class:`~kam_core.policies.Sleeping`)."""
    managers: Mapping[str, Manager] = attrs.field(
        factory=dict, converter=_read_only, kw_only=True, hash=False
    )
    """The managers given to :func:`analyze`, by id (empty when none were)."""
    touches: Mapping[str, TouchStats] = attrs.field(
        factory=dict, converter=_read_only, kw_only=True, hash=False
    )
    """Each client's contact log as of :attr:`as_of`, by client id."""

    @property
    def clients(self) -> tuple[ClientRow, ...]:
        """One row per client, sorted by client id."""
        return self.store.rows()

    def rows(self, *, decisions: bool = False) -> list[dict[str, Any]]:
        """One JSON-safe dict per client (see :meth:`ClientRow.to_dict`); with
        ``decisions=True`` each holds every decision in full, criteria and reasons."""
        return [row.to_dict(decisions=decisions) for row in self.clients]

    def __iter__(self) -> Iterator[ClientRow]:
        return iter(self.clients)

    def __len__(self) -> int:
        return len(self.store)

    def row(self, client_id: str) -> ClientRow:
        """The row of ``client_id``."""
        for row in self.clients:
            if row.client_id == client_id:
                return row
        raise KeyError(client_id)

    def counts(self, key: str) -> dict[str, int]:
        """How many clients got each label of the policy stored under ``key``, by label."""
        return {label: n for (label,), n in sorted(self.store.tally((key,)).items())}

    def matrix(self, rows: str, columns: str) -> dict[str, dict[str, int]]:
        """Clients counted by the labels of two policies, e.g. ``matrix("abc", "xyz")``.

        >>> Report(date(2026, 11, 24), ()).matrix("abc", "xyz")
        {}
        """
        out: dict[str, dict[str, int]] = {}
        for (r, c), n in sorted(self.store.tally((rows, columns)).items()):
            out.setdefault(r, {})[c] = n
        return out

    def handoffs_due(self) -> list[Decision[Any]]:
        """The decisions that hand a client over, sorted by client id."""
        return [
            d
            for row in self.clients
            if row.outcome(HANDOFF_KEY) is not None and (d := row.decision(HANDOFF_KEY)) is not None
        ]

    def _sleeping_ids(self) -> list[str]:
        """Ids of the clients some policy's declared ``sleeping_labels`` call sleeping."""
        if not self.sleeping_labels:
            return []
        flagged = [False] * len(self.store)
        for key, labels in self.sleeping_labels.items():
            for i, text in enumerate(self.store.texts(key)):
                if text in labels:
                    flagged[i] = True
        return [cid for cid, f in zip(self.store.client_ids(), flagged, strict=True) if f]

    def sleeping(self) -> list[ClientRow]:
        """Rows of the clients a policy declares sleeping (``Sleeping``: sleeping or lost).

        >>> Report(date(2026, 11, 24), ()).sleeping()
        []
        """
        ids = set(self._sleeping_ids())
        return [row for row in self.clients if row.client_id in ids] if ids else []

    def plans(self) -> dict[str, Plan]:
        """Each client's account plan (the outcomes under ``"account_plan"``), by client id.

        Empty when the set has no :class:`~kam_core.policies.AccountPlan`.
        """
        out: dict[str, Plan] = {}
        for row in self.clients:
            plan = row.outcome(PLAN_KEY)
            if isinstance(plan, Plan):
                out[row.client_id] = plan
        return out

    def _manager_known(self, manager_id: str) -> None:
        if self.managers and manager_id not in self.managers:
            known = ", ".join(self.managers)
            raise PolicyEvaluationError(
                f"manager {manager_id!r} is not among the managers of this report ({known})"
            )

    def agenda(self, manager_id: str, *, week_of: date) -> tuple[AgendaItem, ...]:
        """What ``manager_id`` does in the week starting ``week_of``: every plan of theirs
        whose next touch is due by the week's end, overdue ones included.

        Most valuable first — revenue of the 12 months up to :attr:`as_of`, descending —
        then the earlier due date, then the client id; each item carries its plan's
        reasons (:meth:`~kam_core.AgendaItem.explain`).  A manager id that is not among
        the report's managers is refused.
        """
        self._manager_known(manager_id)
        return agenda_of(self.plans().values(), manager_id, week_of)

    def workload(self, *, under_loaded_below: Decimal | str | None = None) -> Mapping[str, Load]:
        """Per manager id: the clients carried against capacity, and the status.

        Every manager given to :func:`analyze` appears; ``status`` is over capacity
        above it, under-loaded below ``under_loaded_below`` × capacity when given, else
        within (the one definition of load that ``p.workload`` shares).  With an
        account plan, the contact load its cadences ask for and the touches logged
        against those planned.
        """
        floor = None if under_loaded_below is None else Decimal(str(under_loaded_below))
        clients = [row.client for row in self.clients if row.client is not None]
        return workload_of(self.plans().values(), clients, self.managers, under_loaded_below=floor)

    def summary(self) -> dict[str, Any]:
        """Counts per segment, handoffs due by role, sleeping clients, leads: small JSON.

        ``segments`` holds, for every row key but ``"handoff"``, how many clients got
        each label; ``handoffs_due`` counts due handoffs by the role they go to;
        ``sleeping_clients`` is how many clients are sleeping (their ids are in the
        rows and in :meth:`sleeping`); ``leads`` counts lead verdicts.
        """
        store = self.store
        keys = [key for key in store.outcome_keys() if key != HANDOFF_KEY]
        return {
            "as_of": self.as_of.isoformat(),
            "clients": len(store),
            "segments": {key: self.counts(key) for key in keys},
            "handoffs_due": dict(sorted(Counter(store.handoff_targets(HANDOFF_KEY)).items())),
            "sleeping_clients": len(self._sleeping_ids()),
            "leads": dict(sorted(Counter(str(jsonable(d.outcome)) for d in self.leads).items())),
            "policies": [dict(p) for p in self.policies],
        }

    def __repr__(self) -> str:
        return report_repr(self)

    def _repr_html_(self) -> str:
        return report_html(self)

    def to_html(self, locale: str = "en", max_rows: int = 10) -> str:
        """An HTML fragment: the clients counted by each policy's labels, then the first
        ``max_rows`` rows with each policy's outcome, in ``locale``'s words.

        >>> Report(date(2026, 11, 24), ()).to_html("ru")
        '<div><p><strong>Отчёт на 24.11.2026: 0 клиентов, 0 лидов</strong></p></div>'
        """
        return report_html(self, locale, max_rows)

    def to_polars(self, locale: str = "en") -> Any:
        """One row per client with flat, typed columns (extra ``kam_core[polars]``).

        Columns: ``client_id``, ``name``, ``owner``; one per policy key with its label (a
        record outcome such as a handoff spreads into ``handoff_to_role``,
        ``handoff_rule`` …); the KPIs (``orders``, ``turnover``, ``average_order``,
        ``overdue`` as exact decimals with ``currency`` apart, order dates as dates,
        ``products``, ``categories``); ``reasons`` — each policy's deciding reason in
        ``locale``'s words — and ``reason_codes``.  Explanations are built here, for
        every row.
        """
        return to_polars(self, locale)

    def to_pandas(self, locale: str = "en") -> Any:
        """The same columns as :meth:`to_polars` as a ``pandas.DataFrame`` (pandas
        installed): amounts as ``Decimal`` objects, counts as ``Int64``, dates as
        ``datetime64``."""
        return to_pandas(self, locale)

    def to_dict(self) -> dict[str, Any]:
        """The whole report, JSON-safe: summary, rows and lead decisions."""
        return {
            "summary": self.summary(),
            "clients": self.rows(),
            "leads": [d.to_dict() for d in self.leads],
        }


def redistribute(
    report: Report, managers: Iterable[Manager] | None = None, *, leaving: Iterable[str] = ()
) -> tuple[Move, ...]:
    """The fewest explained moves that bring every manager within capacity.

    ``managers`` is the team (default: the report's managers); every client of a
    manager in ``leaving`` moves, and of an overloaded manager exactly the excess, the
    weakest relationships first (fewest touches logged, then the lowest 12-month
    revenue, then the client id).  A client goes to a manager of the same position, in
    one of its regions, with spare capacity — the one with the most spare clients, then
    by id; a client nobody can take gets a move with ``to_manager=None`` that says so.
    Deterministic: the same report and team give the same moves, in the same order.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> team = [kc.Manager(id=f"M-{i}", name=n, position="client_manager", capacity=2)
    ...         for i, n in ((1, "Ирина Котова"), (2, "Олег Рябов"))]
    >>> clients = [kc.Client(id=f"C-{i}", name=f"ООО {i}", manager_id="M-1") for i in (1, 2, 3)]
    >>> report = kc.analyze(clients, [], as_of=date(2026, 11, 24), managers=team,
    ...                     policies=[], currency="RUB")
    >>> [(m.client_id, m.from_manager, m.to_manager) for m in kc.redistribute(report)]
    [('C-1', 'M-1', 'M-2')]
    """
    team = tuple(report.managers.values()) if managers is None else tuple(managers)
    clients = [row.client for row in report.clients if row.client is not None]
    return redistribute_plans(report.plans(), clients, team, leaving)
