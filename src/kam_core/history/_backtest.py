"""backtest(): evaluate a policy set as of past dates, then look at what happened next."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from kam_core._decision import jsonable
from kam_core._domain.client import Client
from kam_core._domain.deal import Deal, DealStatus
from kam_core._domain.lead import Lead, LeadStage
from kam_core._domain.lifecycle import LeadVerdict
from kam_core._domain.people import Manager, Touch
from kam_core._money import Money
from kam_core._stats.client_stats import ClientStats, build_stats_at
from kam_core._words import format_value, name_of, text, words
from kam_core.analysis import AnalysisPlan, analyze_stats
from kam_core.errors import CurrencyMismatchError, PolicyConfigError, PolicyEvaluationError

__all__ = [
    "BUYS_AGAIN",
    "CONVERTS",
    "EVENTS",
    "KEEPS_LABEL",
    "NOT_CONVERTS",
    "SILENT",
    "Backtest",
    "BacktestRow",
    "Evaluation",
    "Outcome",
    "backtest",
    "frame_module",
    "named_policies",
    "predicted_event",
]

SILENT: Final = "silent"
"""No order in the horizon: what sleeping, lost (and drowsy) clients are expected to do."""
BUYS_AGAIN: Final = "buys_again"
"""At least one order in the horizon: what active clients and a handoff due predict."""
KEEPS_LABEL: Final = "keeps_label"
"""The client has the same label at the end of the horizon (an A client stays A)."""
CONVERTS: Final = "converts"
"""A lead judged SQL becomes a client: its client's first order falls in the horizon."""
NOT_CONVERTS: Final = "not_converts"
"""A lead judged NURTURE or DISQUALIFIED does not convert in the horizon."""
EVENTS: Final = (SILENT, BUYS_AGAIN, KEEPS_LABEL, CONVERTS, NOT_CONVERTS)

_SLEEPING_KIND_PREDICTS: Final = {
    "active": BUYS_AGAIN,
    "drowsy": SILENT,
    "sleeping": SILENT,
    "lost": SILENT,
}
_P_ALIVE_PREDICTS: Final = {"alive": BUYS_AGAIN, "at_risk": SILENT, "probably_gone": SILENT}
_NO_PREDICTION: Final = frozenset({"no_orders", "unknown"})
NONE_LABEL: Final = "none"
"""The label of a client policy's "nothing due" outcome (no handoff)."""

ClientsArg = Iterable[Client] | Callable[[date], Iterable[Client]]
LeadsArg = Iterable[Lead] | Callable[[date], Iterable[Lead]]


def named_policies(policies: object) -> tuple[tuple[str, Any], ...]:
    """The policies of a back-test with the names its rows use, in set order.

    A mapping names its policies by its keys; a :class:`~kam_core.policies.PolicySet`,
    an iterable or a single policy names each by its ``report_key`` (``"handoff"``) or
    its ``kind``, and a name already taken gets ``#2``, ``#3`` … in set order.

    >>> from kam_core import policies as p
    >>> [n for n, _ in named_policies([p.Sleeping(), p.Sleeping(drowsy=1.2), p.Abc()])]
    ['sleeping', 'sleeping#2', 'abc']
    """
    if isinstance(policies, Mapping):
        return tuple((str(k), v) for k, v in policies.items())
    inner = getattr(policies, "policies", None)
    source = inner if inner is not None else policies
    if inner is None and hasattr(policies, "kind"):
        source = (policies,)  # one policy is a set of one
    if not isinstance(source, Iterable) or isinstance(source, str | bytes):
        raise TypeError(f"policies must be a mapping, a PolicySet or an iterable, got {source!r}")
    chosen = tuple(source)
    out: list[tuple[str, Any]] = []
    seen: dict[str, int] = {}
    for policy in chosen:
        base = getattr(policy, "report_key", None) or str(policy.kind)
        seen[base] = seen.get(base, 0) + 1
        out.append((base if seen[base] == 1 else f"{base}#{seen[base]}", policy))
    return tuple(out)


def predicted_event(policy: object, label: str) -> str | None:
    """The event a policy's label predicts over the horizon, or None if it predicts none.

    A policy may declare its own (``predicts = {"label": "silent", …}``).  Otherwise:
    a lead policy's SQL predicts ``converts`` and its other verdicts ``not_converts``;
    a client policy's outcome (a handoff due) predicts ``buys_again``, its "nothing due"
    nothing; the sleeping policy's active predicts ``buys_again`` and drowsy, sleeping
    and lost ``silent``; P(alive)'s alive predicts ``buys_again``, at risk and probably
    gone ``silent``; another segmentation's labels that it declares in
    ``sleeping_labels`` predict ``silent`` and the rest ``buys_again``; any other
    segmentation's label predicts ``keeps_label`` (an A client stays A).  "No orders"
    and "unknown" predict nothing.

    >>> from kam_core import policies as p
    >>> predicted_event(p.Sleeping(), "lost"), predicted_event(p.Abc(), "A")
    ('silent', 'keeps_label')
    >>> predicted_event(p.Bant(), "sql"), predicted_event(p.HunterToFarmer(
    ...     when=p.OrderCount(at_least=3)), "client_manager")
    ('converts', 'buys_again')
    """
    declared = getattr(policy, "predicts", None)
    if isinstance(declared, Mapping):
        event = declared.get(label)
        return None if event is None else str(event)
    judges = getattr(policy, "judges", None)
    if judges == "leads":
        return CONVERTS if label == LeadVerdict.SQL.value else NOT_CONVERTS
    if judges == "clients":
        return None if label == NONE_LABEL else BUYS_AGAIN
    if label in _NO_PREDICTION:
        return None
    kind = getattr(policy, "kind", None)
    if kind == "sleeping":
        return _SLEEPING_KIND_PREDICTS.get(label)
    if kind == "p_alive":
        return _P_ALIVE_PREDICTS.get(label)
    sleeping = getattr(policy, "sleeping_labels", None)
    if sleeping is not None:
        return SILENT if label in sleeping else BUYS_AGAIN
    return KEEPS_LABEL


@attrs.frozen
class Outcome:
    """One subject (client or lead) of one evaluation: its label and what happened next."""

    subject: str
    """The client id, or the lead id for a lead policy."""
    label: str
    """What the policy said as of the date (JSON text of the outcome; ``"none"`` for
    a client policy's nothing due)."""
    orders_after: int
    """Orders in the horizon (the lead's client's, for a lead)."""
    revenue_after: Decimal
    """Their amount, in the book's currency."""
    later_label: str | None = None
    """The label at the end of the horizon (segmentations predicting ``keeps_label``)."""
    converted: bool = False
    """For a lead: its client's first order fell in the horizon."""

    def happened(self, event: str, label: str | None = None) -> bool:
        """Whether ``event`` (predicted for ``label``, default its own) happened."""
        if event == SILENT:
            return self.orders_after == 0
        if event == BUYS_AGAIN:
            return self.orders_after > 0
        if event == KEEPS_LABEL:
            return self.later_label == (self.label if label is None else label)
        if event == CONVERTS:
            return self.converted
        if event == NOT_CONVERTS:
            return not self.converted
        raise PolicyEvaluationError(f"unknown event {event!r}: expected one of {EVENTS}")


def _read_only(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Evaluation:
    """One policy evaluated as of one date, with every subject's outcome (sorted by id)."""

    on: date
    policy: str
    """The policy's name in the back-test."""
    kind: str
    fingerprint: str
    outcomes: tuple[Outcome, ...]
    predicts: Mapping[str, str | None] = attrs.field(hash=False, converter=_read_only)
    """Label -> the event it predicts (None: no prediction)."""
    complete: bool = True
    """False when the deals given end before the horizon does: outcomes are partial."""

    def labels(self) -> dict[str, str]:
        """Subject -> label, sorted by subject."""
        return {o.subject: o.label for o in self.outcomes}


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else round(num / den, 4)


@attrs.frozen
class BacktestRow:
    """What one label of one policy as of one date predicted, and how it went.

    ``precision`` is the share of the label's subjects for whom the predicted event
    happened; ``base_rate`` the share of all the policy's subjects that date for whom it
    happened; ``recall`` the share of those the label caught; ``lift`` = precision /
    base rate; ``f1`` the harmonic mean of precision and recall.  None where a share
    has no denominator or the label predicts nothing.
    """

    on: date
    policy: str
    kind: str
    fingerprint: str
    label: str
    event: str | None
    subjects: int
    happened: int
    bought_again: int
    revenue_after: Money
    precision: float | None
    recall: float | None
    base_rate: float | None
    lift: float | None
    f1: float | None
    complete: bool = True

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "on": self.on.isoformat(),
            "policy": self.policy,
            "kind": self.kind,
            "fingerprint": self.fingerprint,
            "label": self.label,
            "event": self.event,
            "subjects": self.subjects,
            "happened": self.happened,
            "bought_again": self.bought_again,
            "revenue_after": jsonable(self.revenue_after),
            "precision": self.precision,
            "recall": self.recall,
            "base_rate": self.base_rate,
            "lift": self.lift,
            "f1": self.f1,
            "complete": self.complete,
        }


def score(
    evaluation: Evaluation, labels: Iterable[str], event: str | None, currency: str
) -> BacktestRow:
    """The row of ``labels`` (one label, or several read as one call) of an evaluation."""
    chosen = frozenset(labels)
    mine = [o for o in evaluation.outcomes if o.label in chosen]
    revenue = Money(sum((o.revenue_after for o in mine), Decimal(0)), currency)
    bought = sum(1 for o in mine if o.orders_after > 0)
    precision = recall = base = lift = f1 = None
    hits = 0
    if event is not None:
        if event == KEEPS_LABEL and len(chosen) != 1:
            raise PolicyEvaluationError("'keeps_label' is scored one label at a time")
        (own,) = chosen if event == KEEPS_LABEL else (None,)
        hits = sum(1 for o in mine if o.happened(event, own))
        everyone = sum(1 for o in evaluation.outcomes if o.happened(event, own))
        precision = _ratio(hits, len(mine))
        recall = _ratio(hits, everyone)
        base = _ratio(everyone, len(evaluation.outcomes))
        if precision is not None and base:
            lift = round(hits / len(mine) / (everyone / len(evaluation.outcomes)), 4)
        if hits:
            f1 = round(2 * hits / (len(mine) + everyone), 4)
        elif mine or everyone:
            f1 = 0.0
    return BacktestRow(
        evaluation.on,
        evaluation.policy,
        evaluation.kind,
        evaluation.fingerprint,
        "+".join(sorted(chosen)),
        event,
        len(mine),
        hits,
        bought,
        revenue,
        precision,
        recall,
        base,
        lift,
        f1,
        evaluation.complete,
    )


def frame_module(name: str) -> Any:
    """Import polars or pandas for a frame, or raise the frames room's error naming the extra."""
    import importlib

    from kam_core.frames import FramesUnavailableError

    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise FramesUnavailableError(f"this needs {name}: pip install 'kam_core[{name}]'") from None


@attrs.frozen
class Backtest:
    """The result of :func:`backtest`: per date, policy and label, what happened next.

    Rows are ordered by date, then policy in set order, then label (sorted); a row's
    label is the policy's outcome as of the date and its numbers say what followed in
    the ``horizon_days`` after it (see :class:`BacktestRow`).

    >>> from kam_core.history import Backtest
    >>> Backtest((), 180, "RUB").rows()
    []
    """

    evaluations: tuple[Evaluation, ...]
    horizon_days: int
    currency: str
    observed_until: date | None = None
    """The last closing date among the deals read."""

    @property
    def dates(self) -> tuple[date, ...]:
        """The dates evaluated, in order."""
        return tuple(sorted({e.on for e in self.evaluations}))

    @property
    def policies(self) -> tuple[str, ...]:
        """The policies' names, in set order."""
        return tuple(dict.fromkeys(e.policy for e in self.evaluations))

    def evaluation(self, on: date, policy: str) -> Evaluation:
        """The evaluation of ``policy`` as of ``on``."""
        for e in self.evaluations:
            if e.on == on and e.policy == policy:
                return e
        raise KeyError((on, policy))

    def labels(self, on: date, policy: str) -> dict[str, str]:
        """Subject -> label of ``policy`` as of ``on``."""
        return self.evaluation(on, policy).labels()

    def table(self) -> tuple[BacktestRow, ...]:
        """Every row: per date, policy and label."""
        out = []
        for e in self.evaluations:
            for label in sorted({o.label for o in e.outcomes}):
                out.append(score(e, (label,), e.predicts.get(label), self.currency))
        return tuple(out)

    def call(
        self, policy: str, labels: Iterable[str] | None = None, *, on: date | None = None
    ) -> tuple[BacktestRow, ...]:
        """The labels of ``policy`` read together as one prediction, per date (or ``on``).

        ``labels`` default to every label predicting ``silent``: the policy's "this
        client has gone quiet" call, the row to compare two sleeping rules by.

        >>> from kam_core.history import Backtest
        >>> Backtest((), 180, "RUB").call("sleeping")
        ()
        """
        out = []
        for e in self.evaluations:
            if e.policy != policy or (on is not None and e.on != on):
                continue
            chosen = (
                [lb for lb, ev in e.predicts.items() if ev == SILENT]
                if labels is None
                else list(labels)
            )
            events = {e.predicts.get(lb) for lb in chosen} - {None}
            if len(events) > 1:
                raise PolicyEvaluationError(
                    f"labels {sorted(chosen)} of {policy!r} predict different events: "
                    f"{sorted(str(v) for v in events)}"
                )
            event = events.pop() if events else (SILENT if labels is None else None)
            out.append(score(e, chosen, event, self.currency))
        return tuple(out)

    def rows(self) -> list[dict[str, Any]]:
        """One JSON-safe dict per row of :meth:`table`."""
        return [row.to_dict() for row in self.table()]

    def _flat(self) -> list[dict[str, Any]]:
        out = []
        for row in self.table():
            d = row.to_dict()
            d["on"] = row.on
            d["revenue_after"] = str(row.revenue_after.amount)
            d["currency"] = row.revenue_after.currency
            out.append(d)
        return out

    def to_polars(self) -> Any:
        """The rows as a polars DataFrame (extra ``kam_core[polars]``); revenue as text."""
        pl = frame_module("polars")
        return pl.DataFrame(self._flat(), infer_schema_length=None)

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (extra ``kam_core[pandas]``); revenue as text."""
        pd = frame_module("pandas")
        return pd.DataFrame(self._flat())

    def _cells(self, locale: str) -> tuple[list[str], list[list[str]]]:
        head = [
            text(f"backtest.h_{k}", locale)
            for k in (
                "date",
                "policy",
                "label",
                "clients",
                "predicts",
                "precision",
                "recall",
                "lift",
                "bought",
                "revenue",
            )
        ]
        found = words(locale)
        body = []
        for row in self.table():
            event = "—" if row.event is None else text(f"backtest.event.{row.event}", locale)
            label = _label_text(row.kind, row.label, locale, found)

            def pct(v: float | None) -> str:
                return "—" if v is None else format_value(Decimal(str(v)), locale, "percent")

            lift = "—" if row.lift is None else format_value(row.lift, locale, "number.2")
            body.append(
                [
                    format_value(row.on, locale),
                    _policy_text(row.policy, row.kind, locale, found),
                    label,
                    format_value(row.subjects, locale),
                    event,
                    pct(row.precision),
                    pct(row.recall),
                    lift,
                    format_value(row.bought_again, locale),
                    format_value(row.revenue_after, locale),
                ]
            )
        return head, body

    def text(self, locale: str = "en") -> str:
        """The back-test as a table a sales director reads, in ``locale``."""
        head, body = self._cells(locale)
        title = text(
            "backtest.title",
            locale,
            dates=len(self.dates),
            horizon=self.horizon_days,
        )
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
        lines = [title, ""]
        for r in [head, *body]:
            lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if any(not e.complete for e in self.evaluations):
            lines.append("")
            lines.append(text("backtest.incomplete", locale))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text("en")

    def _repr_html_(self) -> str:
        head, body = self._cells("en")
        cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in body[:50]
        )
        more = "" if len(body) <= 50 else f"<p>… {len(body) - 50}</p>"
        return f"<table><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>{more}"


def _policy_text(name: str, kind: str, locale: str, found: Any) -> str:
    """A policy's name in words: its kind's catalogue name when it is named by kind or key."""
    base, _, n = name.partition("#")
    if base == kind or base == "handoff":
        shown = (
            found.name(f"policy.{kind}")
            or found.name(f"rule.{kind}")
            or name_of(f"policy.{kind}", locale)
        )
        return f"{shown} #{n}" if n else shown
    return name


def _label_text(kind: str, label: str, locale: str, found: Any) -> str:
    parts = []
    for one in label.split("+"):
        name = found.name(f"{kind}.{one}") or found.name(f"outcome.{one}")
        if name is None:
            name = found.name(f"role.{one}")
        for prefix in ("verdict", "activity"):
            name = name if name is not None else found.name(f"{prefix}.{one}")
        parts.append(name if name is not None else name_of(f"x.{one}", locale))
    return " + ".join(parts)


def _clients_on(clients: ClientsArg, day: date, cache: dict[str, Client] | None) -> list[Client]:
    if cache is not None:
        return list(cache.values())
    assert callable(clients)
    return list(clients(day))


def _label_of(outcome: object) -> str:
    if outcome is None:
        return NONE_LABEL
    to_role = getattr(outcome, "to_role", None)
    if to_role is not None:
        return str(getattr(to_role, "key", to_role))
    return str(jsonable(outcome))


@attrs.frozen
class _People:
    """The team and the contact log, read once and given to every date's analysis."""

    managers: tuple[Manager, ...] | None
    touches: tuple[Touch, ...]


@attrs.frozen
class _Judged:
    """How one policy of the set is run on its own: with the segmentations whose verdicts
    it reads (a handoff that skips sleeping clients reads the set's sleeping policy)."""

    policies: tuple[Any, ...]
    plan: AnalysisPlan
    key: str
    ref: Mapping[str, str]


def _judged(policy: Any, named: Sequence[tuple[str, Any]]) -> _Judged:
    """``policy`` alone when it reads no verdict, else after the set's segmentations."""
    try:
        plan = AnalysisPlan.of([policy])
        keys = plan.keys
        return _Judged((policy,), plan, keys[0] if keys else "", plan.refs[0])
    except PolicyConfigError:
        pass
    context: list[Any] = []
    for _, other in named:
        if other is policy:
            continue
        try:
            if AnalysisPlan.of([other]).segmentations:
                context.append(other)
        except PolicyConfigError:
            continue
    plan = AnalysisPlan.of([*context, policy])  # still unmet: the error names what is missing
    return _Judged((*context, policy), plan, plan.keys[-1], plan.refs[-1])


def _outcome_labels(
    judged: _Judged,
    stats: Mapping[str, ClientStats],
    clients: list[Client],
    on: date,
    people: _People,
) -> dict[str, str]:
    report = analyze_stats(
        stats.values(),
        clients,
        as_of=on,
        policies=list(judged.policies),
        managers=people.managers,
        touches=people.touches,
    )
    return {row.client_id: _label_of(row.outcome(judged.key)) for row in report.clients}


def backtest(
    policies: object,
    clients: ClientsArg,
    deals: Iterable[Deal | Mapping[str, Any]],
    *,
    at: Sequence[date],
    horizon_days: int = 180,
    leads: LeadsArg = (),
    currency: str | None = None,
    managers: Iterable[Manager] | None = None,
    touches: Iterable[Touch] = (),
) -> Backtest:
    """Evaluate every policy as of each date in ``at``, then observe the horizon after it.

    ``deals`` is read **once**, in one pass (a generator over an export is fine): each
    deal is folded into the stats of every date it is not after, and into the outcome
    of every date whose horizon ``(date, date + horizon_days]`` it closes in.  As of a
    date, the book is the clients with an order on or before it, and each policy sees
    the stats built from those deals only — nothing closed after the date is read (a
    payment made after it counts as unpaid).  Clients and leads are taken as given;
    pass a callable ``date -> clients`` (or leads) to give the snapshot of each date,
    for facts such as the owner or a lead's BANT answers that change over time.

    A lead is judged as of a date when it was created on or before it and had not yet
    converted; it *converts* in the horizon when it is marked converted and its
    client's first order closes in the horizon (the conversion's date is the first
    order's, ``kc.convert`` makes both).  ``managers`` and ``touches`` feed the account
    plan as in :func:`~kam_core.analyze`; as of each date only the touches on or before
    it are read.  What each label predicts is
    :func:`predicted_event`; the numbers are in :class:`BacktestRow`.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> book = kc.generate_book(clients=60, seed=3, as_of=date(2026, 11, 24))
    >>> bt = kc.backtest([p.Sleeping()], book.clients, book.deals(),
    ...                  at=[date(2026, 3, 1)], horizon_days=180)
    >>> row = bt.call("sleeping")[0]
    >>> row.event, row.subjects + sum(r.subjects for r in bt.table() if r.event != "silent") \
== len(bt.evaluation(date(2026, 3, 1), "sleeping").outcomes)
    ('silent', True)
    """
    if horizon_days < 1:
        raise PolicyEvaluationError(f"horizon_days={horizon_days}: give at least 1 day")
    dates = sorted(set(at))
    if not dates:
        raise PolicyEvaluationError("at=[]: give at least one date to evaluate as of")
    named = named_policies(policies)
    team = _People(None if managers is None else tuple(managers), tuple(touches))
    horizon = timedelta(days=horizon_days)
    plans = [(name, policy, _judged(policy, named)) for name, policy in named]
    keeps = any(j.plan.segmentations and _keeps(policy) for _, policy, j in plans)
    stats_dates = set(dates) | ({d + horizon for d in dates} if keeps else set())

    after: dict[date, dict[str, list[Any]]] = {d: {} for d in dates}
    first_order: dict[str, date] = {}
    seen: list[Any] = [None, currency]  # last closing date, book currency
    windows = [(d, d + horizon) for d in dates]

    def each(deal: Deal) -> None:
        closed = deal.closed_on
        if closed is None:
            return
        if seen[0] is None or closed > seen[0]:
            seen[0] = closed
        if deal.status is not DealStatus.WON:
            return
        if seen[1] is None:
            seen[1] = deal.amount.currency
        cid = deal.client_id
        known = first_order.get(cid)
        if known is None or closed < known:
            first_order[cid] = closed
        for start, end in windows:
            if start < closed <= end:
                slot = after[start].get(cid)
                if slot is None:
                    after[start][cid] = [1, deal.amount]
                else:
                    slot[0] += 1
                    slot[1] = slot[1] + deal.amount

    stream = (d if isinstance(d, Deal) else Deal.model_validate(d) for d in deals)
    by_date = build_stats_at(stream, stats_dates, each=each)
    book_currency = currency if currency is not None else seen[1]
    if book_currency is None:
        raise PolicyEvaluationError("no won deal among the deals: pass currency= for the book")
    observed_until: date | None = seen[0]
    index: dict[str, Client] | None = None
    if not callable(clients):
        index = {}
        for c in clients:
            if c.id in index:
                raise PolicyEvaluationError(f"client {c.id!r} is given twice")
            index[c.id] = c
    fixed_leads = None if callable(leads) else tuple(leads)

    evaluations: list[Evaluation] = []
    for day in dates:
        stats = {k: s for k, s in by_date[day].items() if s.order_count > 0}
        complete = observed_until is not None and day + horizon <= observed_until
        outcomes_after = after[day]
        people = _clients_on(clients, day, index)
        later: dict[str, dict[str, str]] = {}
        for name, policy, judged in plans:
            plan = judged.plan
            if plan.lead_policy is not None:
                pool = fixed_leads if fixed_leads is not None else tuple(leads(day))  # type: ignore[operator]
                outcomes = _lead_outcomes(
                    plan.lead_policy, pool, day, horizon, first_order, outcomes_after
                )
            else:
                labels = _outcome_labels(judged, stats, people, day, team)
                predicts = {lb: predicted_event(policy, lb) for lb in set(labels.values())}
                if KEEPS_LABEL in predicts.values():
                    end = day + horizon
                    if name not in later:
                        end_stats = {k: s for k, s in by_date[end].items() if s.order_count > 0}
                        later[name] = _outcome_labels(judged, end_stats, people, end, team)
                outcomes = tuple(
                    Outcome(
                        cid,
                        label,
                        *_after(outcomes_after, cid, book_currency),
                        later_label=later.get(name, {}).get(cid),
                    )
                    for cid, label in labels.items()
                )
            predicts = {o.label: predicted_event(policy, o.label) for o in outcomes}
            ref = judged.ref
            evaluations.append(
                Evaluation(
                    day,
                    name,
                    ref["kind"],
                    ref["fingerprint"],
                    outcomes,
                    dict(sorted(predicts.items())),
                    complete,
                )
            )
    return Backtest(tuple(evaluations), horizon_days, book_currency, observed_until)


def _keeps(policy: object) -> bool:
    """Whether a segmentation's labels may predict ``keeps_label`` (later labels needed)."""
    declared = getattr(policy, "predicts", None)
    if isinstance(declared, Mapping):
        return KEEPS_LABEL in declared.values()
    return predicted_event(policy, "A") == KEEPS_LABEL


def _after(outcomes_after: Mapping[str, list[Any]], cid: str, currency: str) -> tuple[int, Decimal]:
    slot = outcomes_after.get(cid)
    if slot is None:
        return 0, Decimal(0)
    money: Money = slot[1]
    if money.currency != currency:
        raise CurrencyMismatchError(currency, money.currency, field=f"orders of client {cid}")
    return int(slot[0]), money.amount


def _lead_outcomes(
    policy: Any,
    leads: Iterable[Lead],
    day: date,
    horizon: timedelta,
    first_order: Mapping[str, date],
    outcomes_after: Mapping[str, list[Any]],
) -> tuple[Outcome, ...]:
    out = []
    seen: set[str] = set()
    for lead in sorted(leads, key=lambda x: x.id):
        if lead.id in seen:
            raise PolicyEvaluationError(f"lead {lead.id!r} is given twice")
        seen.add(lead.id)
        if lead.created_on > day:
            continue
        first = None if lead.client_id is None else first_order.get(lead.client_id)
        if first is not None and first <= day:
            continue  # already a client as of the date
        converted = (
            lead.stage is LeadStage.CONVERTED and first is not None and first <= day + horizon
        )
        decision = policy.evaluate(lead, as_of=day)
        slot = outcomes_after.get(lead.client_id or "") if converted else None
        out.append(
            Outcome(
                lead.id,
                str(jsonable(decision.outcome)),
                0 if slot is None else int(slot[0]),
                Decimal(0) if slot is None else slot[1].amount,
                converted=converted,
            )
        )
    return tuple(out)
