"""analyze(): the whole client base at once, as of a date.

Deals stream into per-client :class:`~kam_core.ClientStats` (never all held in
memory); every segmentation in the policy set is fitted on the population and
assigns each client; the handoff rules run on every client and the lead policy on
every lead.  The result is a :class:`Report` whose rows and summary are JSON-safe and
never depend on the order of the input: clients are sorted by id, leads by id.

How a policy is used depends on what it is:

- a segmentation (anything with ``fit(population, clients=...)``) is fitted once on
  the whole population, then labels each client (``label(stats, client=...)``, or
  ``assign(...)`` when it has no ``label``); its label lands in the row under the
  policy's ``kind``;
- a client policy (``evaluate(client, stats, *, as_of)``, such as
  :class:`~kam_core.policies.HandoffRules`) runs per client — through its
  ``label(client, stats, *, as_of)`` when it has one; the first one gives the row's
  ``"handoff"``, later ones their own ``kind`` key;
- a lead policy (``evaluate(lead, *, as_of)``, such as
  :class:`~kam_core.policies.Bant`) judges every lead.

Each policy runs over the whole population in turn; a row keeps outcomes and builds
the explained decisions behind them (``assign`` / ``evaluate`` again: policies are
pure) only when read.
"""

from __future__ import annotations

import gc
import inspect
import itertools
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, Protocol

import attrs

from kam_core._decision import Decision, jsonable
from kam_core._domain.client import Client
from kam_core._domain.deal import Deal
from kam_core._domain.lead import Lead
from kam_core._stats import ClientStats, build_stats
from kam_core.errors import PolicyConfigError, PolicyEvaluationError

__all__ = ["ClientRow", "Report", "analyze", "analyze_stats"]

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


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole book is analysed.

    The analysis allocates millions of small acyclic objects (stats, decisions,
    reasons); with the collector on, its repeated scans of the growing heap cost more
    than the work itself (measured: 2.3x at S, see docs/performance.md).  Reference
    counting still frees everything; the collector's previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _positional_arity(method: Callable[..., Any]) -> int:
    try:
        params = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):  # pragma: no cover - builtins without signatures
        return 0
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


@attrs.frozen
class _Plan:
    segmentations: tuple[Any, ...]
    client_policies: tuple[Any, ...]
    lead_policies: tuple[Any, ...]
    refs: tuple[dict[str, str], ...]


def _plan(policies: object) -> _Plan:
    inner = getattr(policies, "policies", None)
    if inner is not None:
        chosen = tuple(inner)
    elif isinstance(policies, Iterable) and not isinstance(policies, str | bytes | Mapping):
        chosen = tuple(policies)
    else:
        raise TypeError(
            f"policies must be a PolicySet or an iterable of policies, got {type(policies)!r}"
        )
    seg, cli, lead, refs = [], [], [], []
    for policy in chosen:
        kind = getattr(policy, "kind", None)
        if not isinstance(kind, str):
            raise TypeError(f"{policy!r} has no string 'kind'")
        ref = getattr(policy, "ref", None)
        refs.append(
            ref.to_dict() if ref is not None else {"kind": kind, "version": "", "fingerprint": ""}
        )
        if callable(getattr(policy, "fit", None)):
            seg.append(policy)
            continue
        evaluate = getattr(policy, "evaluate", None)
        if not callable(evaluate):
            raise TypeError(f"policy {kind!r} has neither fit() nor evaluate()")
        if _positional_arity(evaluate) >= 2:
            cli.append(policy)
        elif _first_parameter_type(evaluate) in (None, Lead):
            lead.append(policy)
        else:
            judged = getattr(_first_parameter_type(evaluate), "__name__", "something else")
            raise PolicyConfigError(
                [
                    (
                        f"policies[{len(refs) - 1}]",
                        f"{kind!r} judges a {judged}, not clients or leads: evaluate it "
                        "directly; analyze() runs segmentations, client and lead policies",
                    )
                ]
            )
    if len(lead) > 1:
        raise PolicyConfigError(
            [
                (
                    "policies",
                    "analyze() qualifies leads with one policy; got "
                    + ", ".join(repr(p.kind) for p in lead),
                )
            ]
        )
    return _Plan(tuple(seg), tuple(cli), tuple(lead), tuple(refs))


def _first_parameter_type(method: Callable[..., Any]) -> object:
    """The annotated type of ``method``'s first parameter, or None when it has none."""
    try:
        hints = typing.get_type_hints(method)
        first = next(iter(inspect.signature(method).parameters), None)
    except Exception:  # unresolvable hints (a user's forward refs): judge by arity alone
        return None
    return None if first is None else hints.get(first)


def _as_deals(deals: Iterable[Deal | Mapping[str, Any]]) -> Iterator[Deal]:
    for deal in deals:
        yield deal if isinstance(deal, Deal) else Deal.model_validate(deal)


def _counted(deals: Iterable[Deal], progress: Callable[[int], None]) -> Iterator[Deal]:
    n = 0
    for deal in deals:
        n += 1
        if not n % 100_000:
            progress(n)
        yield deal
    progress(n)


def analyze(
    clients: Iterable[Client],
    deals: Iterable[Deal | Mapping[str, Any]],
    *,
    as_of: date,
    policies: object,
    leads: Iterable[Lead] = (),
    currency: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Analyse a whole client base as of ``as_of`` with every policy of a set.

    ``deals`` may be any iterable — a generator over a large export — of
    :class:`~kam_core.Deal` or dicts in its JSON form; each is folded into its
    client's stats and dropped.  Deals of clients missing from ``clients`` get rows
    too (without client facts).  ``policies`` is a
    :class:`~kam_core.policies.PolicySet` or any iterable of policies, built-in or
    your own (see the module docstring for how each is used).  ``currency`` is the
    currency of clients without orders (default: the first order's).  ``progress``
    is called with the number of deals read, every 100 000 deals and at the end.

    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> book = kc.generate_book(clients=30, seed=1, as_of=date(2026, 11, 24))
    >>> report = kc.analyze(book.clients, book.deals(), as_of=date(2026, 11, 24),
    ...                     policies=[p.Abc(), p.Sleeping()])
    >>> len(report), sorted(report.summary()["segments"])
    (30, ['abc', 'sleeping'])
    >>> sum(report.counts("abc").values())
    30
    """
    index = _index(clients)
    plan = _plan(policies)
    stream: Iterable[Deal] = _as_deals(deals)
    if progress is not None:
        stream = _counted(stream, progress)
    with _gc_paused():
        stats = build_stats(stream, as_of=as_of, currency=currency, clients=index)
        return _decide(tuple(stats.values()), index, plan, as_of, leads)


def _index(clients: Iterable[Client]) -> dict[str, Client]:
    index: dict[str, Client] = {}
    for c in clients:
        if c.id in index:
            raise PolicyEvaluationError(f"client {c.id!r} is given twice")
        index[c.id] = c
    return index


def analyze_stats(
    stats: Iterable[ClientStats],
    clients: Iterable[Client] = (),
    *,
    as_of: date,
    policies: object,
    leads: Iterable[Lead] = (),
) -> Report:
    """Analyse a population of already-built stats, as :func:`analyze` does after folding.

    This is the second half of :func:`analyze`, for stats built elsewhere: merged from
    partitions (:meth:`ClientStats.merge`, see ``docs/distributed.md``) or aggregated by
    :mod:`kam_core.frames`.  ``stats`` holds one entry per client, all as of ``as_of``;
    a client of ``clients`` without stats gets no row (build its empty stats with
    :meth:`ClientStats.empty` if it should).  Rows are sorted by client id.

    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> book = kc.generate_book(clients=20, seed=1, as_of=date(2026, 11, 24))
    >>> stats = kc.build_stats(book.deals(), as_of=date(2026, 11, 24),
    ...                        clients=book.client_ids)
    >>> report = kc.analyze_stats(stats.values(), book.clients, as_of=date(2026, 11, 24),
    ...                           policies=[p.Abc()])
    >>> report.rows() == kc.analyze(book.clients, book.deals(), as_of=date(2026, 11, 24),
    ...                             policies=[p.Abc()]).rows()
    True
    """
    population: dict[str, ClientStats] = {}
    for s in stats:
        if s.as_of != as_of:
            raise PolicyEvaluationError(
                f"stats of client {s.client_id!r} are as of {s.as_of.isoformat()}, "
                f"not {as_of.isoformat()}"
            )
        if s.client_id in population:
            raise PolicyEvaluationError(f"client {s.client_id!r} has stats twice; merge them first")
        population[s.client_id] = s
    ordered = tuple(population[k] for k in sorted(population))
    with _gc_paused():
        return _decide(ordered, _index(clients), _plan(policies), as_of, leads)


def _one_pass(policy: Any) -> Callable[..., tuple[Any, Sequence[Any]]] | None:
    """A built-in segmentation's ``_fit_labels`` (fit, and label every member in one pass).

    Only when the class that defines it also defines ``fit``: a subclass with its own
    ``fit`` is fitted and labelled through that ``fit``.
    """
    mro = type(policy).__mro__
    hook = next((c for c in mro if "_fit_labels" in vars(c)), None)
    if hook is None or hook is not next((c for c in mro if "fit" in vars(c)), None):
        return None
    one_pass: Callable[..., tuple[Any, Sequence[Any]]] = policy._fit_labels
    return one_pass


def _decide(
    population: tuple[ClientStats, ...],
    index: Mapping[str, Client],
    plan: _Plan,
    as_of: date,
    leads: Iterable[Lead],
) -> Report:
    """Fit, label and evaluate: the shared back half of every analysis entry point.

    ``population`` is one stats per client, sorted by client id.  Policies run one at a
    time over the whole population (a column of outcomes each), then the columns are
    read across into rows.  A segmentation with ``label()`` or a client policy with
    ``label(client, stats, *, as_of)`` gives outcomes only and is explained on demand
    (see :class:`ClientRow`); one without decides now and the decisions are kept.
    """
    clients = tuple(index.get(s.client_id) for s in population)
    n = len(population)
    keys: list[str] = []
    outcomes: list[Sequence[Any]] = []
    sources: list[Sequence[Decision[Any] | _Assigns]] = []
    for pol in plan.segmentations if population else ():
        keys.append(pol.kind)
        fit_labels = _one_pass(pol)
        if fit_labels is not None:  # built-ins that read each client once to fit and label
            fitted, labels = fit_labels(population, clients=index)
            outcomes.append(labels)
            sources.append((fitted,) * n)
            continue
        fitted = pol.fit(population, clients=index)
        label = getattr(fitted, "label", None)
        if callable(label):
            outcomes.append([label(s, client=c) for s, c in zip(population, clients, strict=True)])
            sources.append((fitted,) * n)
        else:
            made = [fitted.assign(s, client=c) for s, c in zip(population, clients, strict=True)]
            outcomes.append([d.outcome for d in made])
            sources.append(made)
    segmentations = len(keys)
    for i, pol in enumerate(plan.client_policies):
        keys.append(_HANDOFF if i == 0 else pol.kind)
        label = getattr(pol, "label", None)
        if callable(label):
            outcomes.append(
                [
                    None if c is None else label(c, s, as_of=as_of)
                    for s, c in zip(population, clients, strict=True)
                ]
            )
            sources.append((_Evaluates(pol, as_of),) * n)
        else:
            made = [
                None if c is None else pol.evaluate(c, s, as_of=as_of)
                for s, c in zip(population, clients, strict=True)
            ]
            outcomes.append([None if d is None else d.outcome for d in made])
            sources.append(made)
    # read the columns across: one row per client (a row without a client record has
    # the segmentations' outcomes only)
    seg_keys = keys[:segmentations]
    across = zip(*outcomes, strict=True) if keys else itertools.repeat((), n)
    behind = zip(*sources, strict=True) if keys else itertools.repeat((), n)
    rows = []
    for s, c, outs, srcs in zip(population, clients, across, behind, strict=True):
        if c is None:
            outs, srcs = outs[:segmentations], srcs[:segmentations]
        row_keys = keys if c is not None else seg_keys
        pairs = tuple(zip(row_keys, outs, strict=True))
        rows.append(ClientRow(s.client_id, s, pairs, c, sources=srcs))

    return Report(as_of, tuple(rows), _qualify(plan, leads, as_of), plan.refs)


def _qualify(plan: _Plan, leads: Iterable[Lead], as_of: date) -> tuple[Decision[Any], ...]:
    """The lead policy's decision on every lead, sorted by lead id."""
    if not plan.lead_policies:
        return ()
    qualify = plan.lead_policies[0]
    return tuple(qualify.evaluate(lead, as_of=as_of) for lead in sorted(leads, key=lambda x: x.id))
