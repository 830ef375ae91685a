"""This week's work and the load: agenda items, each manager's load, the moves that fix it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from kam_core._decision import Reason, jsonable
from kam_core._domain.client import Client
from kam_core._domain.handoff import role_key, role_term, same_role
from kam_core._domain.people import Manager
from kam_core._money import Money
from kam_core._organisation.structure import LoadStatus, load_status
from kam_core._planning.plan import Action, Plan
from kam_core._words import check_locale
from kam_core.errors import PolicyEvaluationError

__all__ = ["AgendaItem", "Load", "Move", "agenda_of", "redistribute_plans", "workload_of"]

DAYS_PER_MONTH = Decimal(365) / Decimal(12)
"""A month in load arithmetic: 365 / 12 days (as ``p.workload`` counts it)."""
_CENT = Decimal("0.01")


@attrs.frozen
class AgendaItem:
    """One thing a manager does this week: the client, the action, by when, and why.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> item = kc.AgendaItem("C-1", kc.Action.REACTIVATE, date(2026, 11, 20), overdue=True)
    >>> item.to_dict()["due"], item.overdue
    ('2026-11-20', True)
    """

    client_id: str
    action: Action
    due: date
    reasons: tuple[Reason, ...] = attrs.field(default=(), eq=False, repr=False)
    """The plan's reasons: which policy decided, which were overruled, the last touch."""
    overdue: bool = False
    """The touch was due before the report's date."""
    strategy: str | None = None
    manager_id: str | None = None
    revenue_12m: Money | None = None
    """Revenue of the 12 months up to the report's date: the agenda's value key."""
    hand_to: Any = None
    """To whom, for a handover or a specialist to bring in."""

    def explain(self, locale: str = "en") -> str:
        """The item's reasons in words, one a line."""
        check_locale(locale)
        return "\n".join(r.text(locale) for r in self.reasons)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "client_id": self.client_id,
            "action": self.action.value,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "strategy": self.strategy,
            "manager_id": self.manager_id,
            "revenue_12m": jsonable(self.revenue_12m),
            "hand_to": role_key(self.hand_to),
            "reasons": [r.to_dict() for r in self.reasons],
        }


def _value_key(plan: Plan) -> tuple[Decimal, date, str]:
    revenue = Decimal(0) if plan.revenue_12m is None else plan.revenue_12m.amount
    return (-revenue, plan.next_touch_due, plan.client_id)


def agenda_of(plans: Iterable[Plan], manager_id: str, week_of: date) -> tuple[AgendaItem, ...]:
    """The manager's plans whose touch is due by the end of the week starting ``week_of``.

    The week is ``week_of`` and the six days after it; items due earlier (overdue) are
    included.  Most valuable first: revenue of the last 12 months, descending; then the
    earlier due date; then the client id.
    """
    end = week_of + timedelta(days=6)
    mine = [p for p in plans if p.manager_id == manager_id and p.next_touch_due <= end]
    mine.sort(key=_value_key)
    return tuple(
        AgendaItem(
            p.client_id,
            p.action,
            p.next_touch_due,
            p.reasons,
            p.overdue,
            p.strategy,
            p.manager_id,
            p.revenue_12m,
            p.hand_to,
        )
        for p in mine
    )


@attrs.frozen
class Load:
    """How loaded a manager is: clients carried against capacity, and the contact load.

    ``status`` is judged by the one definition of load (``load_status``): over capacity
    above ``capacity`` clients, under-loaded below the floor × capacity, else within;
    no capacity is never over or under.  ``contacts_per_month`` is what the plans'
    cadences ask of the person (365 / 12 / cadence per client, as ``p.workload``
    counts it); ``touches`` and ``planned_touches`` compare the touches logged in the
    plans' window with what the cadences planned.

    >>> import kam_core as kc
    >>> load = kc.Load("M-1", 130, 120, kc.LoadStatus.OVER_CAPACITY)
    >>> load.excess, load.to_dict()["status"]
    (10, 'over_capacity')
    """

    manager_id: str
    clients: int
    capacity: int | None
    status: LoadStatus
    contacts_per_month: Decimal = Decimal(0)
    touches: int = 0
    planned_touches: int = 0

    @property
    def excess(self) -> int:
        """Clients above capacity (0 when within or without a capacity)."""
        return 0 if self.capacity is None else max(0, self.clients - self.capacity)

    @property
    def spare(self) -> int | None:
        """Clients the person can still take (None: no capacity set)."""
        return None if self.capacity is None else max(0, self.capacity - self.clients)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "manager_id": self.manager_id,
            "clients": self.clients,
            "capacity": self.capacity,
            "status": self.status.value,
            "contacts_per_month": str(self.contacts_per_month),
            "touches": self.touches,
            "planned_touches": self.planned_touches,
        }


def workload_of(
    plans: Iterable[Plan],
    clients: Iterable[Client],
    managers: Mapping[str, Manager],
    *,
    under_loaded_below: Decimal | None = None,
) -> Mapping[str, Load]:
    """Per manager id (sorted): clients carried, capacity, status and the contact load.

    Every manager given appears (with no clients, too); a client's manager id not among
    them appears without a capacity.
    """
    carried: dict[str, int] = dict.fromkeys(managers, 0)
    for c in clients:
        if c.manager_id is not None:
            carried[c.manager_id] = carried.get(c.manager_id, 0) + 1
    contacts: dict[str, Decimal] = {}
    touched: dict[str, int] = {}
    planned: dict[str, int] = {}
    for p in plans:
        if p.manager_id is None:
            continue
        m = p.manager_id
        contacts[m] = contacts.get(m, Decimal(0)) + DAYS_PER_MONTH / p.cadence_days
        touched[m] = touched.get(m, 0) + p.touches
        planned[m] = planned.get(m, 0) + p.planned_touches
    out = {}
    for m in sorted(carried):
        person = managers.get(m)
        capacity = None if person is None else person.capacity
        out[m] = Load(
            m,
            carried[m],
            capacity,
            load_status(carried[m], capacity, under_loaded_below),
            contacts.get(m, Decimal(0)).quantize(_CENT),
            touched.get(m, 0),
            planned.get(m, 0),
        )
    return MappingProxyType(out)


@attrs.frozen
class Move:
    """A proposed move of one client from one manager to another, and why.

    ``to_manager`` is None when no manager can take the client (same position, the
    client's region, spare capacity): the reason says so, and the client stays listed.

    >>> import kam_core as kc
    >>> why = kc.Reason("move.leaving", {"client": "C-1", "from_manager": "M-2",
    ...                 "to_manager": "M-3", "position": kc.Role.CLIENT_MANAGER})
    >>> move = kc.Move("C-1", "M-2", "M-3", why)
    >>> print(move.explain("ru"))
    C-1: M-2 уходит — клиента принимает M-3 (КМ, та же должность)
    """

    client_id: str
    from_manager: str
    to_manager: str | None
    reason: Reason

    def explain(self, locale: str = "en") -> str:
        """The move in words."""
        check_locale(locale)
        return self.reason.text(locale)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "client_id": self.client_id,
            "from_manager": self.from_manager,
            "to_manager": self.to_manager,
            "reason": self.reason.to_dict(),
        }


def _bond(plan: Plan | None) -> tuple[int, Decimal]:
    """How strong a relationship is: touches logged, then revenue (weakest moves first)."""
    if plan is None:
        return (0, Decimal(0))
    revenue = Decimal(0) if plan.revenue_12m is None else plan.revenue_12m.amount
    return (plan.touches, revenue)


def redistribute_plans(
    plans: Mapping[str, Plan],
    clients: Sequence[Client],
    managers: Iterable[Manager],
    leaving: Iterable[str] = (),
) -> tuple[Move, ...]:
    """The fewest moves that bring every manager within capacity, and empty the leavers.

    Every client of a manager in ``leaving`` moves; of an overloaded manager, exactly
    the excess moves — those with the weakest relationship first (fewest touches in the
    plan's window, then the lowest 12-month revenue, then the client id), so that
    relationships are kept where they are strongest.  A client goes to a manager of
    the same position who works in one of the client's regions (a manager without
    regions works anywhere) and has spare capacity: the one with the most spare
    clients, then the manager id; without capacity set, after those with spare
    capacity, by id.  Leavers' clients are placed first, most valuable first.  A
    client no one can take gets a move with ``to_manager=None`` saying why.
    """
    team: dict[str, Manager] = {m.id: m for m in managers}
    gone = set(leaving)
    unknown = sorted(gone - set(team))
    if unknown:
        raise PolicyEvaluationError(
            f"leaving={unknown!r}: not among the managers given ({', '.join(sorted(team))})"
        )
    load: dict[str, int] = dict.fromkeys(team, 0)
    by_manager: dict[str, list[Client]] = {}
    for c in clients:
        if c.manager_id is None:
            continue
        if c.manager_id not in team:
            raise PolicyEvaluationError(
                f"client {c.id!r} names manager {c.manager_id!r}, who is not among the "
                "managers given"
            )
        load[c.manager_id] += 1
        by_manager.setdefault(c.manager_id, []).append(c)
    queue: list[tuple[Client, str, str]] = []  # (client, from, why)
    for m in sorted(gone):
        mine = sorted(by_manager.get(m, []), key=lambda c: _value_key_of(plans.get(c.id), c.id))
        queue.extend((c, m, "leaving") for c in mine)
    for m in sorted(team):
        cap = team[m].capacity
        if m in gone or cap is None or load[m] <= cap:
            continue
        weakest = sorted(by_manager.get(m, []), key=lambda c: (_bond(plans.get(c.id)), c.id))
        queue.extend((c, m, "over_capacity") for c in weakest[: load[m] - cap])
    moves: list[Move] = []
    for client, source, why in queue:
        position = team[source].position
        fits = [
            m
            for m in team.values()
            if m.id != source
            and m.id not in gone
            and same_role(m.position, position)
            and (not client.regions or any(m.works_in(r) for r in client.regions))
            and (m.capacity is None or load[m.id] < m.capacity)
        ]
        params: dict[str, object] = {
            "client": client.id,
            "from_manager": source,
            "position": role_term(position),
        }
        if not fits:
            code = "move.no_target"
            moves.append(Move(client.id, source, None, Reason(code, {**params, "why": why})))
            continue
        fits.sort(key=lambda m: (m.capacity is None, -(m.capacity or 0) + load[m.id], m.id))
        target = fits[0]
        load[source] -= 1
        load[target.id] += 1
        code = "move.leaving" if why == "leaving" else "move.over_capacity"
        extra: dict[str, object] = {"to_manager": target.id}
        if why == "over_capacity":
            extra["capacity"] = team[source].capacity
        moves.append(Move(client.id, source, target.id, Reason(code, {**params, **extra})))
    return tuple(moves)


def _value_key_of(plan: Plan | None, client_id: str) -> tuple[Decimal, str]:
    revenue = Decimal(0) if plan is None or plan.revenue_12m is None else plan.revenue_12m.amount
    return (-revenue, client_id)
