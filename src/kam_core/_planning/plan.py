"""What the account plan decides for one client: :class:`Plan` and its :class:`Action`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

import attrs

from kam_core._decision import Reason, jsonable
from kam_core._domain.handoff import role_key, role_term
from kam_core._domain.role import RoleLike
from kam_core._money import Money
from kam_core._words import Worded, text

__all__ = ["Action", "Plan"]


class Action(Worded, StrEnum):
    """What the person responsible does next with a client (the account plan's action).

    >>> Action.REACTIVATE.text("ru"), Action.HAND_OVER.text()
    ('вернуть клиента к закупкам', 'hand the client over')
    """

    __words__ = "action"

    QUALIFY = "qualify"
    WIN_FIRST_ORDER = "win_first_order"
    HAND_OVER = "hand_over"
    REACTIVATE = "reactivate"
    MANAGE_KEY_ACCOUNT = "manage_key_account"
    DEVELOP_ASSORTMENT = "develop_assortment"
    GROW_FREQUENCY = "grow_frequency"
    DEFEND = "defend"
    SERVE_AT_MINIMUM_COST = "serve_at_minimum_cost"
    INVOLVE_SPECIALIST = "involve_specialist"
    KEEP_IN_TOUCH = "keep_in_touch"


@attrs.frozen
class Plan:
    """One client's account plan: who is responsible, the play, the action and the rhythm.

    ``position`` and ``manager_id`` are who works the client now (the plan never moves a
    client silently: a move is the action :attr:`Action.HAND_OVER` with
    :attr:`hand_to`).  ``strategy`` is the one play chosen, ``decided_by`` the policy
    whose verdict chose it (the precedence of :class:`~kam_core.policies.AccountPlan`),
    ``cadence_days`` how often to touch the client.  ``next_touch_due`` is
    ``last_touch + cadence_days`` (``as_of`` when no touch is logged: touch now), and the
    plan is ``overdue`` when that day is before ``as_of``.  ``kam_function`` says the
    client is a key account worked with the KAM duties by whoever holds it — a function,
    not a post.  ``touches`` and ``planned_touches`` compare the touches logged in the
    last ``window_days`` with what the cadence asks for.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> plan = kc.Plan("C-1", date(2026, 11, 24), kc.Role.CLIENT_MANAGER, "M-1",
    ...                "reactivate", kc.Action.REACTIVATE, 7, date(2026, 11, 2), "sleeping")
    >>> plan.next_touch_due, plan.overdue, plan.to_dict()["action"]
    (datetime.date(2026, 11, 9), True, 'reactivate')
    """

    client_id: str
    as_of: date
    position: RoleLike | None
    """The position responsible for the client now (its manager's, or the client's owner)."""
    manager_id: str | None
    """The person responsible, when known."""
    strategy: str | None
    """The one play chosen (a strategy key such as ``"reactivate"``)."""
    action: Action
    """What to do next."""
    cadence_days: int
    """One touch every so many days."""
    last_touch: date | None = None
    """The latest touch logged on or before :attr:`as_of`, or None."""
    decided_by: str = "default"
    """The row key of the policy whose verdict decided the plan (``"default"``: none)."""
    hand_to: RoleLike | None = None
    """With :attr:`Action.HAND_OVER` or :attr:`Action.INVOLVE_SPECIALIST`: to whom."""
    kam_function: bool = False
    """The client is a key account: worked with the KAM duties."""
    revenue_12m: Money | None = None
    """Revenue of the 12 months up to :attr:`as_of` (the agenda's value key)."""
    window_days: int = 90
    """The window of :attr:`touches` and :attr:`planned_touches`."""
    touches: int = 0
    """Touches logged in the last :attr:`window_days` days."""
    reasons: tuple[Reason, ...] = attrs.field(default=(), eq=False, repr=False)
    """Why: the deciding verdict first, then the overruled ones."""

    @property
    def next_touch_due(self) -> date:
        """``last_touch + cadence_days``; ``as_of`` when nothing is logged (touch now)."""
        if self.last_touch is None:
            return self.as_of
        return date.fromordinal(self.last_touch.toordinal() + self.cadence_days)

    @property
    def overdue(self) -> bool:
        """The next touch was due before :attr:`as_of`."""
        return self.next_touch_due < self.as_of

    @property
    def planned_touches(self) -> int:
        """Touches the cadence asks for in :attr:`window_days` (at least one)."""
        return max(1, self.window_days // self.cadence_days)

    def text(self, locale: str = "en") -> str:
        """The plan in words, as a decision's outcome: the action (and to whom).

        >>> from datetime import date
        >>> import kam_core as kc
        >>> kc.Plan("C-1", date(2026, 11, 24), kc.Role.DEVELOPMENT_SPECIALIST, None, None,
        ...         kc.Action.HAND_OVER, 7, hand_to=kc.Role.CLIENT_MANAGER).text("ru")
        'передать клиента: кому — КМ'
        """
        if self.hand_to is None:
            return self.action.text(locale)
        return text("plan.move", locale, action=self.action, to_role=role_term(self.hand_to))

    @property
    def tally_label(self) -> str:
        """What a report counts plans by: the action."""
        return self.action.value

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (dates ISO, roles by key, the action by value)."""
        return {
            "client_id": self.client_id,
            "as_of": self.as_of.isoformat(),
            "position": role_key(self.position),
            "manager_id": self.manager_id,
            "strategy": self.strategy,
            "action": self.action.value,
            "hand_to": role_key(self.hand_to),
            "kam_function": self.kam_function,
            "cadence_days": self.cadence_days,
            "last_touch": None if self.last_touch is None else self.last_touch.isoformat(),
            "next_touch_due": self.next_touch_due.isoformat(),
            "overdue": self.overdue,
            "decided_by": self.decided_by,
            "revenue_12m": jsonable(self.revenue_12m),
            "window_days": self.window_days,
            "touches": self.touches,
            "planned_touches": self.planned_touches,
        }
