"""What every segmentation policy shares: fit → fitted → assign, segment(), playbooks."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from operator import lt
from typing import Annotated, Any

import attrs
from pydantic import Field

from kam_core._decision import Decision, PolicyRef
from kam_core._domain.client import Client
from kam_core._domain.role import Responsibility, RoleLike
from kam_core._stats.client_stats import ClientStats, population_members, stored_orders
from kam_core._stats.orders import CompactOrders
from kam_core.errors import PolicyEvaluationError
from kam_core.policies._engine import Policy, _Data
from kam_core.policies._protocols import FittedLabeller

__all__ = [
    "ClientsArg",
    "Fitted",
    "Play",
    "Playbook",
    "Population",
    "Segmentation",
    "clients_by_id",
    "in_client_order",
    "population_as_of",
]

ClientsArg = Iterable[Client] | Mapping[str, Client] | None
"""Clients given to policies that read client facts: an iterable or a mapping by id."""


def clients_by_id(clients: ClientsArg) -> dict[str, Client]:
    """Index ``clients`` by id; duplicate ids are refused."""
    if clients is None:
        return {}
    if isinstance(clients, Mapping):
        return dict(clients)
    out: dict[str, Client] = {}
    for c in clients:
        if c.id in out:
            raise PolicyEvaluationError(f"client {c.id!r} is given twice")
        out[c.id] = c
    return out


Population = Iterable[ClientStats] | Mapping[str, ClientStats]
"""A population of client stats: :func:`~kam_core.build_stats`'s mapping, or its values."""


def in_client_order(population: Population) -> tuple[ClientStats, ...]:
    """The population sorted by client id; what :func:`~kam_core.build_stats` returns or its
    values, anything else a :class:`~kam_core.errors.PopulationTypeError` (dates and
    duplicates unchecked: :func:`population_as_of` checks)."""
    stats = population_members(population)
    ids = [s.client_id for s in stats]
    if all(map(lt, ids, itertools.islice(ids, 1, None))):
        return stats  # already in strictly increasing id order (analyze() passes it so)
    return tuple(sorted(stats, key=_client_id))


def population_as_of(population: Population) -> tuple[tuple[ClientStats, ...], date]:
    """The population sorted by client id, and its common ``as_of``.

    ``population`` is what :func:`~kam_core.build_stats` returns or its values;
    anything else is a :class:`~kam_core.errors.PopulationTypeError`.  Segmentation
    compares clients as of one date: mixed dates, duplicate clients and an empty
    population are refused with :class:`~kam_core.errors.PolicyEvaluationError`.
    """
    stats = in_client_order(population)
    ids = [s.client_id for s in stats]
    if not stats:
        raise PolicyEvaluationError("cannot fit a segmentation on an empty population")
    as_of = stats[0].as_of
    previous = None
    for s, client_id in zip(stats, ids, strict=True):
        if s.as_of != as_of:
            raise PolicyEvaluationError(
                f"stats of {client_id!r} are as of {s.as_of.isoformat()}, the population "
                f"is as of {as_of.isoformat()}: build every client's stats for one date"
            )
        if client_id == previous:  # sorted: a client given twice sits next to itself
            raise PolicyEvaluationError(
                f"client {client_id!r} appears twice: merge its stats first"
            )
        previous = client_id
    return stats, as_of


_client_id = operator.attrgetter("client_id")


def compact_orders(stats: ClientStats) -> CompactOrders | None:
    """The stats' compact order store (ordinal days, int64 coefficients, int8 exponents).

    Bulk labelling reads it directly: no dates or Decimals are built per order.  None
    when the client's orders are kept as plain pairs (an amount that does not fit).
    """
    orders = stored_orders(stats)
    return orders if type(orders) is CompactOrders else None


def order_days(stats: ClientStats) -> Sequence[int]:
    """Every order's day as an ordinal, sorted (a day repeats for same-day orders)."""
    orders = compact_orders(stats)
    if orders is not None:
        return orders.days
    return [d.toordinal() for d in stats.order_dates]


@attrs.frozen
class Fitted:
    """Base of a segmentation fitted to a population; subclasses implement :meth:`assign`.

    A fitted object holds the learned thresholds (serialisable with :meth:`to_dict`)
    and the policy that learned them; it is immutable and safe to share.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import ClientStats, policies as p
    >>> book = [ClientStats("C-1", date(2026, 11, 24), "RUB",
    ...                    orders=((date(2026, 5, 1), Decimal(900)),)),
    ...         ClientStats("C-2", date(2026, 11, 24), "RUB",
    ...                    orders=((date(2026, 5, 1), Decimal(100)),))]
    >>> fitted = p.Abc().fit(book)
    >>> isinstance(fitted, p.Fitted), fitted.as_of, fitted.assign(book[0]).outcome
    (True, datetime.date(2026, 11, 24), 'A')
    """

    policy: Segmentation
    as_of: date

    @property
    def ref(self) -> PolicyRef:
        """The policy identity recorded in every decision."""
        return self.policy.ref

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """Assign one client to a segment."""
        raise NotImplementedError

    def label(self, stats: ClientStats, *, client: Client | None = None) -> Any:
        """The outcome :meth:`assign` gives, without building its explanation.

        Bulk runs (:func:`~kam_core.analyze`) read labels first and explain on demand.
        It always equals ``assign(stats, client=client).outcome``; the built-in
        segmentations compute it without the criteria and reasons, and this default
        takes it from :meth:`assign` for segmentations that do not.
        """
        return self.assign(stats, client=client).outcome

    def label_facts(self, stats: ClientStats, *, client: Client | None = None) -> tuple[Any, Any]:
        """The label and the facts it was read from, for :meth:`explain`.

        This default keeps no facts (``None``: :meth:`explain` measures the client
        again); the built-in segmentations keep what their labels were read from.
        """
        return self.label(stats, client=client), None

    def explain(
        self, stats: ClientStats, facts: Any, *, client: Client | None = None
    ) -> Decision[Any]:
        """The decision :meth:`assign` gives, built from the facts :meth:`label_facts`
        (or the policy's ``fit_facts``) kept for this client; ``None`` measures again.

        This default ignores the facts and assigns; the built-in segmentations format
        the kept facts into the same criteria and reasons.
        """
        return self.assign(stats, client=client)

    def thresholds(self) -> dict[str, Any]:
        """The learned thresholds, JSON-safe (override in subclasses)."""
        return {}

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: the policy configuration, ``as_of`` and the learned thresholds."""
        return {
            "policy": self.policy.to_dict(),
            "as_of": self.as_of.isoformat(),
            "thresholds": self.thresholds(),
        }

    def check(self, stats: ClientStats, client: Client | None) -> None:
        """Refuse stats of another date or a client record of another client."""
        if stats.as_of != self.as_of:
            raise PolicyEvaluationError(
                f"stats of {stats.client_id!r} are as of {stats.as_of.isoformat()}, the "
                f"segmentation was fitted as of {self.as_of.isoformat()}"
            )
        if client is not None and client.id != stats.client_id:
            raise PolicyEvaluationError(
                f"client {client.id!r} given with the stats of {stats.client_id!r}"
            )


class Segmentation(Policy):
    """Base of the segmentation policies: ``fit(population)`` then ``assign(stats)``.

    :meth:`segment` does both for a whole population and returns the decisions by
    client id, sorted by client id.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import ClientStats, policies as p
    >>> book = [ClientStats(c, date(2026, 11, 24), "RUB",
    ...                    orders=((date(2026, 5, 1), Decimal(n)),))
    ...         for c, n in (("C-1", 900), ("C-2", 60), ("C-3", 40))]
    >>> isinstance(p.Abc(), p.Segmentation)
    True
    >>> {c: str(d.outcome) for c, d in p.Abc().segment(book).items()}
    {'C-1': 'A', 'C-2': 'B', 'C-3': 'C'}
    """

    def fit(self, population: Population, *, clients: ClientsArg = None) -> Fitted:
        """Learn thresholds from ``population`` (all as of one date): what
        :func:`~kam_core.build_stats` returns, or its values."""
        raise NotImplementedError

    def fit_labels(
        self, population: Population, *, clients: ClientsArg = None
    ) -> tuple[Fitted, list[Any]]:
        """:meth:`fit`, and every member's label in client-id order.

        This is what :func:`~kam_core.analyze` calls: each label is
        ``fitted.label(stats, client=...)``, which equals ``assign(...).outcome``.
        ABC, RFM and sleeping override it to read each client once for both.
        """
        stats = in_client_order(population)
        index = clients_by_id(clients)
        fitted = self.fit(stats, clients=index)  # refuses mixed dates and repeated clients
        listed = [index.get(s.client_id) for s in stats] if index else [None] * len(stats)
        if isinstance(fitted, FittedLabeller):
            label = fitted.label
            return fitted, [label(s, client=c) for s, c in zip(stats, listed, strict=True)]
        assign = fitted.assign
        return fitted, [assign(s, client=c).outcome for s, c in zip(stats, listed, strict=True)]

    def fit_facts(
        self, population: Population, *, clients: ClientsArg = None
    ) -> tuple[Fitted, list[Any], list[Any]]:
        """:meth:`fit_labels`, and per member the facts its label was read from.

        This is what :func:`~kam_core.analyze` calls: a report keeps the facts beside
        the labels, so that reading a row's decisions is
        ``fitted.explain(stats, facts)`` — the measured numbers formatted, not the
        client measured again.  This default labels each member with
        ``fitted.label_facts``; ABC, RFM and sleeping override it to read each client
        once for the fit, the labels and the facts.
        """
        stats = in_client_order(population)
        index = clients_by_id(clients)
        fitted = self.fit(stats, clients=index)
        listed = [index.get(s.client_id) for s in stats] if index else [None] * len(stats)
        pairs = [fitted.label_facts(s, client=c) for s, c in zip(stats, listed, strict=True)]
        return fitted, [label for label, _ in pairs], [facts for _, facts in pairs]

    def segment(
        self, population: Population, *, clients: ClientsArg = None
    ) -> Mapping[str, Decision[Any]]:
        """Fit on ``population`` and assign every client in it; keyed by client id."""
        stats, _ = population_as_of(population)
        index = clients_by_id(clients)
        fitted = self.fit(stats, clients=index)
        return {s.client_id: fitted.assign(s, client=index.get(s.client_id)) for s in stats}


class Play(_Data):
    """What to do with the clients of one segment: who, how often, which tasks.

    >>> from kam_core import Role, Responsibility
    >>> Play(role=Role.CLIENT_MANAGER, contact_every_days=14,
    ...      tasks=(Responsibility.DEVELOP_ASSORTMENT,)).contact_every_days
    14
    """

    role: RoleLike
    """The position responsible for the segment."""
    contact_every_days: Annotated[int, Field(ge=1, le=3660, strict=True)]
    """The contact cadence: one touch every N days."""
    tasks: tuple[Responsibility, ...] = ()
    """The client-manager tasks that apply, most important first."""
    strategy: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    """A short strategy code (``develop``, ``defend``, ``serve_at_minimum_cost`` …)."""


class Playbook(_Data):
    """Segment label → :class:`Play`; data users can override entry by entry.

    >>> from kam_core import Role
    >>> book = Playbook(plays={"A": Play(role=Role.KEY_ACCOUNT_MANAGER, contact_every_days=7)})
    >>> book.play_for("A").role, book.play_for("Z") is None
    (<Role.KEY_ACCOUNT_MANAGER: 'key_account_manager'>, True)
    >>> book.override({"A": Play(role=Role.CLIENT_MANAGER, contact_every_days=14)}).play_for(
    ...     "A").contact_every_days
    14
    """

    plays: Annotated[dict[str, Play], Field(max_length=200)]

    def play_for(self, segment: str) -> Play | None:
        """The play for ``segment``, or None when the playbook has none."""
        return self.plays.get(segment)

    def override(self, plays: Mapping[str, Play]) -> Playbook:
        """A copy with ``plays`` replacing or adding entries."""
        return Playbook(plays={**self.plays, **plays})
