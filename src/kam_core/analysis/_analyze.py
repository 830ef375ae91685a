"""analyze(): fold the deals into per-client stats, then fit, label and evaluate every policy."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from kam_core._collector import collector_paused
from kam_core._domain.client import Client
from kam_core._domain.deal import Deal
from kam_core._domain.handoff import same_role
from kam_core._domain.lead import Lead
from kam_core._domain.people import Manager, Touch
from kam_core._stats.client_stats import ClientStats, build_stats
from kam_core._stats.touches import build_touch_stats
from kam_core.analysis._plan import AnalysisPlan
from kam_core.analysis._report import Report
from kam_core.errors import PolicyEvaluationError

__all__ = [
    "analyze",
    "analyze_stats",
    "index_clients",
]


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
    managers: Iterable[Manager] | None = None,
    touches: Iterable[Touch | Mapping[str, Any]] = (),
    currency: str | None = None,
    progress: Callable[[int], None] | None = None,
    pause_gc: bool = False,
) -> Report:
    """Analyse a whole client base as of ``as_of`` with every policy of a set.

    ``deals`` may be any iterable — a generator over a large export — of
    :class:`~kam_core.Deal` or dicts in its JSON form; each is folded into its
    client's stats and dropped.  Deals of clients missing from ``clients`` get rows
    too (without client facts).  ``policies`` is a
    :class:`~kam_core.policies.PolicySet` or any iterable of policies, built-in or
    your own: each is used as what it declares (see :class:`AnalysisPlan`).
    ``currency`` is the currency of clients without orders (default: the first
    order's).  ``progress`` is called with the number of deals read, every 100 000
    deals and at the end.

    ``managers`` are the people who work the clients (:class:`~kam_core.Manager`): with
    them, each client's ``manager_id`` must name one of them (else a
    :class:`~kam_core.errors.PolicyEvaluationError` naming the client and the id), and
    the client's role is its manager's position — a client whose ``owner`` says another
    role is refused, naming both, rather than one of them silently winning.
    ``touches`` is the contact log (:class:`~kam_core.Touch`, or dicts in its JSON
    form): touches after ``as_of`` are ignored, a touch by a manager not among
    ``managers`` is refused.  Both feed the account plan (:meth:`Report.agenda`,
    :meth:`Report.workload`).

    ``pause_gc=True`` pauses Python's cyclic garbage collector while the book is read
    and decided, and restores it after: a batch job runs ~10 % faster at 10 000
    clients and ~25 % at 100 000 (measured in ``docs/performance.md``), but the
    collector is process-wide, so leave it off (the default) in a service whose other
    threads allocate meanwhile.

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
    people = index_managers(managers)
    index = index_clients(clients)
    if people is not None:
        index = with_managers(index, people)
    log = build_touch_stats(_checked_touches(touches, people), as_of=as_of)
    plan = AnalysisPlan.of(policies)
    stream: Iterable[Deal] = _as_deals(deals)
    if progress is not None:
        stream = _counted(stream, progress)
    with collector_paused(pause_gc):
        stats = build_stats(stream, as_of=as_of, currency=currency, clients=index)
        rows = plan.decide(tuple(stats.values()), index, as_of, touches=log, managers=people)
        return plan.report(as_of, rows, leads, managers=people, touches=log)


def index_managers(managers: Iterable[Manager] | None) -> dict[str, Manager] | None:
    """The managers by id (None when none are given); a manager given twice is refused.

    >>> import kam_core as kc
    >>> index_managers([kc.Manager(id="M-1", name="А", position="client_manager"),
    ...                 kc.Manager(id="M-1", name="Б", position="client_manager")])
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyEvaluationError: manager 'M-1' is given twice
    """
    if managers is None:
        return None
    index: dict[str, Manager] = {}
    for m in managers:
        if m.id in index:
            raise PolicyEvaluationError(f"manager {m.id!r} is given twice")
        index[m.id] = m
    return dict(sorted(index.items()))


def with_managers(
    clients: Mapping[str, Client], managers: Mapping[str, Manager]
) -> dict[str, Client]:
    """The clients with their role taken from their manager's position.

    A client's ``manager_id`` must name a manager; a client without an ``owner`` gets
    the manager's position; a client whose ``owner`` differs from it is refused, naming
    the client, the manager and both roles (the data disagree: fix one of them).

    >>> import kam_core as kc
    >>> people = {"M-1": kc.Manager(id="M-1", name="Ирина Котова", position="client_manager")}
    >>> with_managers({"C-1": kc.Client(id="C-1", name="А", manager_id="M-1")}, people)["C-1"].owner
    <Role.CLIENT_MANAGER: 'client_manager'>
    >>> with_managers({"C-2": kc.Client(id="C-2", name="Б", manager_id="M-9")}, people)
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyEvaluationError: client 'C-2' names manager 'M-9', who is not among the \
managers given (M-1)
    """
    out: dict[str, Client] = {}
    for cid, c in clients.items():
        if c.manager_id is None:
            out[cid] = c
            continue
        m = managers.get(c.manager_id)
        if m is None:
            known = ", ".join(managers) or "none"
            raise PolicyEvaluationError(
                f"client {cid!r} names manager {c.manager_id!r}, who is not among the "
                f"managers given ({known})"
            )
        if c.owner is None:
            out[cid] = c.replace(owner=m.position)
        elif not same_role(c.owner, m.position):
            raise PolicyEvaluationError(
                f"client {cid!r} has owner {c.owner.key!r} but its manager {m.id!r} is a "
                f"{m.position.key!r}; the role follows the manager's position: correct or "
                "drop the client's owner"
            )
        else:
            out[cid] = c
    return out


def _checked_touches(
    touches: Iterable[Touch | Mapping[str, Any]], managers: Mapping[str, Manager] | None
) -> Iterator[Touch]:
    for raw in touches:
        t = raw if isinstance(raw, Touch) else Touch.model_validate(raw)
        if managers is not None and t.manager_id not in managers:
            raise PolicyEvaluationError(
                f"touch {t.id!r} of client {t.client_id!r} is by manager {t.manager_id!r}, "
                "who is not among the managers given"
            )
        yield t


def index_clients(clients: Iterable[Client]) -> dict[str, Client]:
    """The clients by id; a client given twice is refused.

    >>> import kam_core as kc
    >>> index_clients([kc.Client(id="C-1", name="ООО Альфа")])
    {'C-1': Client(id='C-1', ...)}
    >>> index_clients([kc.Client(id="C-1", name="А"), kc.Client(id="C-1", name="Б")])
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyEvaluationError: client 'C-1' is given twice
    """
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
    managers: Iterable[Manager] | None = None,
    touches: Iterable[Touch | Mapping[str, Any]] = (),
    pause_gc: bool = False,
) -> Report:
    """Analyse a population of already-built stats, as :func:`analyze` does after folding.

    This is the second half of :func:`analyze`, for stats built elsewhere: merged from
    partitions (:meth:`ClientStats.merge`, see ``docs/distributed.md``) or aggregated by
    :mod:`kam_core.frames`.  ``stats`` holds one entry per client, all as of ``as_of``;
    a client of ``clients`` without stats gets no row (build its empty stats with
    :meth:`ClientStats.empty` if it should).  Rows are sorted by client id.
    ``managers``, ``touches`` and ``pause_gc`` are as in :func:`analyze`.

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
    people = index_managers(managers)
    index = index_clients(clients)
    if people is not None:
        index = with_managers(index, people)
    log = build_touch_stats(_checked_touches(touches, people), as_of=as_of)
    plan = AnalysisPlan.of(policies)
    with collector_paused(pause_gc):
        rows = plan.decide(ordered, index, as_of, touches=log, managers=people)
        return plan.report(as_of, rows, leads, managers=people, touches=log)
