"""The account plan: one answer per client — who works it, what they do next, by when.

docs/methodology.md#whole-book: every client has one plan.  :class:`AccountPlan` reads
the verdicts the other policies of the set gave the client (sleeping, key account,
the handoff due, the ABCD / ABC×XYZ cell, the RFM segment) and settles their conflicts
by one configurable precedence: the first verdict in :attr:`AccountPlan.precedence`
that calls for something decides the action, its play gives the strategy and the
cadence, and every other verdict that called for something is named as overruled.
The contact log (touches) gives the last touch, the next one due and whether it is
overdue.

>>> from datetime import date
>>> import kam_core as kc
>>> from kam_core import policies as p
>>> client = kc.Client(id="C-1", name="ООО Альфа", manager_id="M-1",
...                    owner=kc.Role.CLIENT_MANAGER)
>>> stats = kc.ClientStats.empty("C-1", date(2026, 11, 24), "RUB")
>>> d = p.AccountPlan().evaluate(client, stats, as_of=date(2026, 11, 24),
...                              verdicts={"sleeping": "lost", "key_account": "key_account"})
>>> plan = d.outcome
>>> plan.action.value, plan.decided_by, plan.position.value, str(plan.next_touch_due)
('reactivate', 'sleeping', 'client_manager', '2026-11-24')
>>> for line in d.explain("ru").splitlines():
...     print(line)
C-1 на 24.11.2026: вернуть клиента к закупкам. Решает раздел «спящие клиенты»: \
вернуть клиента к закупкам, контакт раз в 30 дней
- Отклонено: раздел «ключевые клиенты» предлагал «вести как ключевого клиента» \
с контактом раз в 30 дней; приоритет у раздела «спящие клиенты»
- Ключевой клиент: его ведёт КМ с обязанностями КАМ (это функция, а не новая должность)
- Контактов с клиентом не записано: связаться сегодня
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Annotated, ClassVar, Literal, Self

import attrs
from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, Decision, Reason
from kam_core._domain.client import Client
from kam_core._domain.people import Manager
from kam_core._domain.role import Function, Role, RoleLike
from kam_core._planning.plan import Action, Plan
from kam_core._stats.client_stats import ClientStats
from kam_core._stats.touches import TouchStats
from kam_core._time import Period
from kam_core._words import Term
from kam_core.errors import PolicyEvaluationError
from kam_core.policies._engine import FAILED, PASSED, UNKNOWN, Policy, reason
from kam_core.policies._protocols import CLIENTS, HANDOFF_KEY
from kam_core.policies.segmentation._base import Play

__all__ = ["ACTION_OF_STRATEGY", "PLAN_KEY", "AccountPlan"]

PLAN_KEY = "account_plan"
"""The row key of the account plan."""

ACTION_OF_STRATEGY: Mapping[str, Action] = {
    "reactivate": Action.REACTIVATE,
    "re_engage": Action.REACTIVATE,
    "win_back": Action.REACTIVATE,
    "key_account_management": Action.MANAGE_KEY_ACCOUNT,
    "develop": Action.DEVELOP_ASSORTMENT,
    "develop_selectively": Action.DEVELOP_ASSORTMENT,
    "grow_order_value": Action.DEVELOP_ASSORTMENT,
    "up_sell": Action.DEVELOP_ASSORTMENT,
    "invest_for_growth": Action.DEVELOP_ASSORTMENT,
    "invest_selectively": Action.DEVELOP_ASSORTMENT,
    "farm": Action.DEVELOP_ASSORTMENT,
    "stabilise": Action.GROW_FREQUENCY,
    "raise_frequency": Action.GROW_FREQUENCY,
    "keep_and_stabilise": Action.GROW_FREQUENCY,
    "defend": Action.DEFEND,
    "defend_and_develop": Action.DEFEND,
    "reward_and_lock_in": Action.DEFEND,
    "keep_and_plan": Action.DEFEND,
    "keep_and_automate": Action.DEFEND,
    "maintain": Action.DEFEND,
    "serve_efficiently": Action.SERVE_AT_MINIMUM_COST,
    "serve_on_order": Action.SERVE_AT_MINIMUM_COST,
    "serve_at_minimum_cost": Action.SERVE_AT_MINIMUM_COST,
    "manage_for_cash": Action.SERVE_AT_MINIMUM_COST,
    "first_sale": Action.WIN_FIRST_ORDER,
    "qualify": Action.QUALIFY,
}
"""The action each built-in play's strategy calls for; a strategy not listed keeps in touch."""

_Key = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
_Labels = Annotated[
    tuple[Annotated[str, Field(min_length=1, max_length=64)], ...],
    Field(min_length=1, max_length=100),
]
_Days = Annotated[int, Field(ge=1, le=3660, strict=True)]


def _text(value: object) -> str | None:
    if value is None:
        return None
    return str(value.value) if isinstance(value, Enum) else str(value)


class _Candidate:
    """What one verdict calls for (a plain slotted class: built per client and verdict)."""

    __slots__ = ("action", "every", "hand_to", "key", "strategy")

    def __init__(
        self,
        key: str,
        action: Action,
        strategy: str | None,
        every: int,
        hand_to: RoleLike | None = None,
    ) -> None:
        self.key = key
        self.action = action
        self.strategy = strategy
        self.every = every
        self.hand_to = hand_to


class AccountPlan(Policy):
    """One :class:`~kam_core.Plan` per client from the verdicts of the other policies.

    ``precedence`` lists the row keys whose verdicts may decide, first wins (default:
    sleeping > key account > handoff due > ABCD > ABC×XYZ > RFM).  Three keys have a
    fixed meaning: ``"sleeping"`` decides (action REACTIVATE) when its verdict is one of
    ``sleeping_labels``; ``"key_account"`` (MANAGE_KEY_ACCOUNT) when one of
    ``key_account_labels``; ``"handoff"`` (HAND_OVER, or INVOLVE_SPECIALIST when the
    handoff goes to a project manager or specialist — the owner keeps the client) when
    a handoff is due.  Any other key decides through its play (the policy's
    ``playbook``): the strategy, its action (:data:`ACTION_OF_STRATEGY`) and its cadence.
    A sleeping client is reactivated first: a key account that fell silent is won back
    by whoever carries the KAM function.  With no verdict calling for anything, a
    client without orders is brought to its first order, any other is kept in touch.

    Who reactivates follows the sales type: ``reactivated_by=None`` (the mixed system)
    leaves the reactivation to the person who works the client; a role there names who
    does it.  The KAM is a function: the plan of a key account keeps its owner and says
    ``kam_function=True``.  The plan never moves a client: a move is the HAND_OVER
    action, made by the handoff rules.

    >>> from kam_core import policies as p
    >>> rules = p.PolicySet.preset("erokhin")
    >>> rules.get("account_plan").precedence
    ('sleeping', 'key_account', 'handoff', 'abcd', 'abc_xyz', 'rfm')
    """

    kind: Literal["account_plan"] = "account_plan"
    judges: ClassVar[str] = CLIENTS
    """A client policy: :func:`~kam_core.analyze` judges every client with it."""
    report_key: ClassVar[str] = PLAN_KEY
    """Its outcome is the row's plan (``"account_plan"``)."""
    wants: ClassVar[frozenset[str]] = frozenset({"plays", "touches", "manager"})
    """Besides the verdicts: the plays of the policies read, the client's touches and
    manager, which :func:`~kam_core.analyze` passes."""

    precedence: Annotated[tuple[_Key, ...], Field(min_length=1, max_length=50)] = (
        "sleeping",
        "key_account",
        HANDOFF_KEY,
        "abcd",
        "abc_xyz",
        "rfm",
    )
    """Row keys of the verdicts that may decide, the first that calls for something wins."""
    sleeping_labels: _Labels = ("sleeping", "lost")
    """Labels of the ``"sleeping"`` verdict that call for reactivation."""
    key_account_labels: _Labels = ("key_account", "national_account")
    """Labels of the ``"key_account"`` verdict that make a key account."""
    reactivated_by: RoleLike | None = None
    """Who reactivates a sleeping client; None: whoever works it (the mixed system)."""
    hand_over_days: _Days = 7
    """Days within which a due handoff is made (its cadence in the plan)."""
    default_cadence_days: _Days = 30
    """The cadence when the deciding verdict has no play."""
    window_days: _Days = 90
    """The window of the contact KPIs: touches logged against touches planned."""

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if len(set(self.precedence)) != len(self.precedence):
            raise ValueError(f"precedence={self.precedence!r}: a key is listed twice")
        return self

    @property
    def reads(self) -> tuple[str, ...]:
        """The verdicts read: every key of :attr:`precedence` that the set decides."""
        return ()

    @property
    def reads_optional(self) -> tuple[str, ...]:
        """Keys read when the set decides them (:attr:`precedence`)."""
        return self.precedence

    def label(
        self,
        client: Client,
        stats: ClientStats,
        *,
        as_of: date,
        verdicts: Mapping[str, object] | None = None,
        plays: Mapping[str, Play] | None = None,
        touches: TouchStats | None = None,
        manager: Manager | None = None,
    ) -> Plan:
        """The plan :meth:`evaluate` gives, without the criteria of its decision."""
        return self._plan(client, stats, as_of, verdicts or {}, plays or {}, touches, manager)[0]

    def evaluate(
        self,
        client: Client,
        stats: ClientStats,
        *,
        as_of: date,
        verdicts: Mapping[str, object] | None = None,
        plays: Mapping[str, Play] | None = None,
        touches: TouchStats | None = None,
        manager: Manager | None = None,
    ) -> Decision[Plan]:
        """The client's plan as of ``as_of``: the deciding verdict, the overruled ones, why.

        ``verdicts`` are the other policies' outcomes on this client by row key,
        ``plays`` the play each of them prescribes, ``touches`` the client's contact
        log, ``manager`` the person working it (all passed by :func:`~kam_core.analyze`;
        given here explicitly).
        """
        plan, criteria = self._plan(
            client, stats, as_of, verdicts or {}, plays or {}, touches, manager
        )
        return self._decision(
            plan, criteria=criteria, reasons=plan.reasons, as_of=as_of, subject=client.id
        )

    def _candidate(
        self, key: str, value: object, play: Play | None, stats: ClientStats
    ) -> _Candidate | None:
        label = _text(value)
        every = self.default_cadence_days if play is None else play.contact_every_days
        if key == "sleeping":
            if label not in self.sleeping_labels:
                return None
            strategy = "reactivate" if play is None or play.strategy is None else play.strategy
            return _Candidate(key, Action.REACTIVATE, strategy, every, self.reactivated_by)
        if key == "key_account":
            if label not in self.key_account_labels:
                return None
            strategy = (
                "key_account_management" if play is None or play.strategy is None else play.strategy
            )
            return _Candidate(key, Action.MANAGE_KEY_ACCOUNT, strategy, every)
        if key == HANDOFF_KEY:
            to_role = getattr(value, "to_role", None)
            if to_role is None:
                return None
            involve = to_role in (Role.PROJECT_MANAGER, Role.SPECIALIST) or (
                to_role.function is Function.SUPPORT
            )
            action = Action.INVOLVE_SPECIALIST if involve else Action.HAND_OVER
            return _Candidate(key, action, None, self.hand_over_days, to_role)
        if play is None:
            return None
        action = ACTION_OF_STRATEGY.get(play.strategy or "", Action.KEEP_IN_TOUCH)
        return _Candidate(key, action, play.strategy, play.contact_every_days)

    def _plan(
        self,
        client: Client,
        stats: ClientStats,
        as_of: date,
        verdicts: Mapping[str, object],
        plays: Mapping[str, Play],
        touches: TouchStats | None,
        manager: Manager | None,
    ) -> tuple[Plan, tuple[CriterionResult, ...]]:
        if stats.client_id != client.id or stats.as_of != as_of:
            raise PolicyEvaluationError(
                f"stats of {stats.client_id!r} as of {stats.as_of.isoformat()} do not describe "
                f"client {client.id!r} as of {as_of.isoformat()}"
            )
        if touches is not None and (touches.client_id != client.id or touches.as_of != as_of):
            raise PolicyEvaluationError(
                f"touches of {touches.client_id!r} as of {touches.as_of.isoformat()} do not "
                f"describe client {client.id!r} as of {as_of.isoformat()}"
            )
        if manager is not None and client.manager_id != manager.id:
            raise PolicyEvaluationError(
                f"client {client.id!r} is worked by manager {client.manager_id!r}, "
                f"not {manager.id!r}"
            )
        asleep = _text(verdicts.get("sleeping")) in self.sleeping_labels
        found: list[_Candidate] = []
        criteria: list[CriterionResult] = []
        for key in self.precedence:
            if key not in verdicts:
                criteria.append(CriterionResult(key, UNKNOWN))
                continue
            cand = self._candidate(key, verdicts[key], plays.get(key), stats)
            awake = "sleeping" in verdicts and not asleep
            if cand is not None and cand.action is Action.REACTIVATE and awake:
                # one definition of sleeping: another play's win-back is no reactivation
                # of a client the sleeping policy calls awake
                cand.action = Action.GROW_FREQUENCY
            criteria.append(
                CriterionResult(key, PASSED if cand else FAILED, observed=_text(verdicts[key]))
            )
            if cand is not None:
                found.append(cand)
        reasons: list[Reason] = []
        if found:
            chosen = found[0]
            reasons.append(
                reason(
                    "plan.decided",
                    by=Term(chosen.key, kind="policy"),
                    action=chosen.action,
                    every=chosen.every,
                )
            )
        elif stats.order_count == 0:
            chosen = _Candidate(
                "default", Action.WIN_FIRST_ORDER, "first_sale", self.default_cadence_days
            )
            reasons.append(reason("plan.no_orders", action=chosen.action, every=chosen.every))
        else:
            chosen = _Candidate("default", Action.KEEP_IN_TOUCH, None, self.default_cadence_days)
            reasons.append(reason("plan.nothing_called", action=chosen.action, every=chosen.every))
        if chosen.hand_to is not None:
            reasons.append(reason("plan.hand_to", action=chosen.action, to_role=chosen.hand_to))
        for other in found[1:]:
            reasons.append(
                reason(
                    "plan.overruled",
                    by=Term(other.key, kind="policy"),
                    action=other.action,
                    every=other.every,
                    winner=Term(chosen.key, kind="policy"),
                )
            )
        kam = _text(verdicts.get("key_account")) in self.key_account_labels
        position = manager.position if manager is not None else client.owner
        if kam:
            reasons.append(reason("plan.kam_function", position=position))
        last = None if touches is None else touches.last_touch
        window = Period.trailing_months(as_of, 12)
        plan = Plan(
            client.id,
            as_of,
            position,
            client.manager_id,
            chosen.strategy,
            chosen.action,
            chosen.every,
            last,
            chosen.key,
            chosen.hand_to,
            kam,
            stats.revenue_in(window),
            self.window_days,
            0 if touches is None else touches.touches_within(self.window_days),
        )
        due = plan.next_touch_due
        if last is None:
            reasons.append(reason("plan.touch.none"))
        elif plan.overdue:
            reasons.append(
                reason("plan.touch.overdue", last=last, due=due, late=(as_of - due).days)
            )
        else:
            reasons.append(reason("plan.touch.due", last=last, due=due))
        return attrs.evolve(plan, reasons=tuple(reasons)), tuple(criteria)
