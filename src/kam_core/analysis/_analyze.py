"""analyze(): fold the deals into per-client stats, then fit, label and evaluate every policy."""

from __future__ import annotations

import gc
import inspect
import itertools
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import attrs

from kam_core._decision import Decision
from kam_core._domain.client import Client
from kam_core._domain.deal import Deal
from kam_core._domain.lead import Lead
from kam_core._stats.client_stats import ClientStats, build_stats
from kam_core.analysis._report import _HANDOFF, ClientRow, Report, _Assigns, _Evaluates
from kam_core.errors import PolicyConfigError, PolicyEvaluationError

__all__ = [
    "analyze",
    "analyze_stats",
]


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
