"""Handoff rules: when a client passes from scout to hunter to farmer, KAM or project manager.

docs/methodology.md#handoff: "every company must have a rule for passing a client from the hunter
to the farmer and a criterion for it" — after the second or third order, after a
cumulative volume of X roubles, after buying product P.  Here the criteria are data
(:class:`OrderCount`, :class:`CumulativeRevenue`, :class:`BoughtProduct`, composable
with ``AllOf`` / ``AnyOf`` / ``Not`` / ``AtLeast``), each transfer states its roles,
and :class:`HandoffRules` chains transfers into one audited decision.

>>> from datetime import date
>>> import kam_core as kc
>>> from kam_core import policies as p
>>> deals = [kc.Deal(id=f"D-{i}", client_id="C-1", status="won", opened_on=date(2026, m, 1),
...                  closed_on=date(2026, m, 3), amount=kc.Money("100000", "RUB"))
...          for i, m in enumerate((1, 2, 4), start=1)]
>>> client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.DEVELOPMENT_SPECIALIST)
>>> hand = p.HunterToFarmer(when=p.OrderCount(at_least=3))
>>> stats = kc.ClientStats.from_deals(deals, client_id="C-1", as_of=date(2026, 4, 3))
>>> print(hand.evaluate(client, stats, as_of=date(2026, 4, 3)).explain())
C-1 as of 3 Apr 2026: development specialist → client manager. The “hunter → farmer” rule is \
met: hand client C-1 over
- Orders: 3 (threshold 3)
>>> [str(h.as_of) for h in p.replay(client, deals, hand)]
['2026-04-03']
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal, Self

import attrs
from pydantic import Field, StrictBool, model_validator

from kam_core._decision import CriterionResult, CriterionStatus, Decision, PolicyRef, Reason
from kam_core._domain._base import NonNegativeMoney, Text
from kam_core._domain.client import Client
from kam_core._domain.deal import Deal, DealStatus
from kam_core._domain.handoff import Handoff, role_key, role_term, same_role
from kam_core._domain.lead import Lead, LeadStage
from kam_core._domain.role import Function, Role, RoleLike
from kam_core._ids import ProductIdField
from kam_core._money import Money, trusted_money
from kam_core._stats.client_stats import ClientStats
from kam_core.errors import CurrencyMismatchError, PolicyEvaluationError
from kam_core.policies._engine import (
    FAILED,
    PASSED,
    UNKNOWN,
    AllOf,
    AnyOf,
    AtLeast,
    Bounded,
    Criterion,
    CriterionField,
    Evaluator,
    Facts,
    Not,
    Policy,
    all_of,
    reason,
)
from kam_core.policies._protocols import CLIENTS, HANDOFF_KEY, LEADS
from kam_core.policies._verdicts import NO_VERDICTS, Segment, criteria_reads

__all__ = [
    "BoughtProduct",
    "CumulativeRevenue",
    "FarmerToKeyAccount",
    "HandoffRules",
    "HunterToFarmer",
    "OrderCount",
    "Reactivation",
    "ScoutToHunter",
    "ToProjectManager",
    "Uncoupling",
    "replay",
]


_Days = Annotated[int, Field(ge=1, le=36_600, strict=True)]
"""A window or a silence in days: 1 … 100 years."""


# --------------------------------------------------------------------------------------
# reading stats from facts


def _stats_of(facts: Facts) -> ClientStats | None:
    """The facts' stats, refusing stats of another date than the judgement's."""
    stats = facts.stats
    if stats is None:
        return None
    if facts.as_of is not None and facts.as_of != stats.as_of:
        raise PolicyEvaluationError(
            f"stats of {stats.client_id!r} are as of {stats.as_of.isoformat()}, the judgement "
            f"is as of {facts.as_of.isoformat()}: build the stats as of the judgement's date"
        )
    return stats


def _since(as_of: date, within_days: int) -> date:
    """First day of the window of ``within_days`` days ending on ``as_of`` (both included)."""
    return as_of - timedelta(days=within_days - 1)


def _no_stats(name: str) -> CriterionResult:
    return CriterionResult(name, UNKNOWN, reasons=(reason("handoff.stats.unknown", name=name),))


# --------------------------------------------------------------------------------------
# criteria


class OrderCount(Criterion):
    """The client placed at least ``at_least`` orders (optionally in the last ``within_days``).

    The methodology's "after the second or third order".  The window holds the
    ``within_days`` days ending on ``as_of``, both ends included.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> stats = kc.ClientStats.from_deals(
    ...     [kc.Deal(id=f"D-{m}", client_id="C-1", status="won", opened_on=date(2026, m, 1),
    ...              closed_on=date(2026, m, 2), amount=kc.Money("10", "RUB")) for m in (1, 2, 3)],
    ...     client_id="C-1", as_of=date(2026, 3, 31))
    >>> r = p.OrderCount(at_least=3).evaluate(p.Facts(as_of=date(2026, 3, 31), stats=stats))
    >>> r.status, r.observed, r.threshold, r.reasons[0].text("ru")
    (<CriterionStatus.PASSED: 'passed'>, 3, 3, 'Заказов: 3 (порог — 3)')
    >>> p.OrderCount(at_least=3, within_days=60).evaluate(
    ...     p.Facts(as_of=date(2026, 3, 31), stats=stats)).observed
    2
    """

    kind: Literal["order_count"] = "order_count"
    at_least: Annotated[int, Field(ge=1, le=1_000_000, strict=True)]
    within_days: _Days | None = None
    default_name: ClassVar[str] = "order_count"

    def compile(self) -> Evaluator:
        name, n, window = self.name, self.at_least, self.within_days

        def evaluate(facts: Facts) -> CriterionResult:
            stats = _stats_of(facts)
            if stats is None:
                return _no_stats(name)
            if window is None:
                count = stats.order_count
                ok = count >= n
                why = (
                    reason("handoff.order_count.reached", count=count, at_least=n)
                    if ok
                    else reason("handoff.order_count.below", count=count, at_least=n)
                )
            else:
                since = _since(stats.as_of, window)
                count = stats._count_between(since, None)
                ok = count >= n
                params: dict[str, object] = {
                    "count": count,
                    "at_least": n,
                    "within_days": window,
                    "since": since,
                }
                why = (
                    reason("handoff.order_count.reached_within", **params)
                    if ok
                    else reason("handoff.order_count.below_within", **params)
                )
            status = PASSED if ok else FAILED
            return CriterionResult(name, status, observed=count, threshold=n, reasons=(why,))

        return evaluate


class CumulativeRevenue(Criterion):
    """The client's purchases add up to at least ``at_least`` (optionally in a window).

    The methodology's "regular client once total purchases reach X roubles".  The
    comparison is exact (Decimal); a threshold in another currency than the client's
    purchases raises :class:`~kam_core.errors.PolicyEvaluationError` — kam_core never
    converts, and never hands a client over on a wrong comparison.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> stats = kc.ClientStats.from_deals(
    ...     [kc.Deal(id="D-1", client_id="C-1", status="won", opened_on=date(2026, 1, 1),
    ...              closed_on=date(2026, 1, 2), amount=kc.Money("999999.99", "RUB"))],
    ...     client_id="C-1", as_of=date(2026, 3, 31))
    >>> rule = p.CumulativeRevenue(at_least=kc.Money("1000000", "RUB"))
    >>> rule.evaluate(p.Facts(as_of=date(2026, 3, 31), stats=stats)).status
    <CriterionStatus.FAILED: 'failed'>
    >>> p.CumulativeRevenue(at_least=kc.Money("10000", "USD")).evaluate(
    ...     p.Facts(as_of=date(2026, 3, 31), stats=stats))
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyEvaluationError: cumulative_revenue: the threshold is in USD, \
the purchases of 'C-1' in RUB; kam_core never converts currencies
    """

    kind: Literal["cumulative_revenue"] = "cumulative_revenue"
    at_least: NonNegativeMoney
    within_days: _Days | None = None
    default_name: ClassVar[str] = "cumulative_revenue"

    def compile(self) -> Evaluator:
        name, threshold, window = self.name, self.at_least, self.within_days

        def evaluate(facts: Facts) -> CriterionResult:
            stats = _stats_of(facts)
            if stats is None:
                return _no_stats(name)
            _same_currency(name, threshold, stats)
            if window is None:
                total = stats.total
                ok = total.amount >= threshold.amount
                why = (
                    reason("handoff.cumulative_revenue.reached", total=total, at_least=threshold)
                    if ok
                    else reason("handoff.cumulative_revenue.below", total=total, at_least=threshold)
                )
            else:
                since = _since(stats.as_of, window)
                amount = stats._amount_between(since, None)
                total = trusted_money(amount, stats.currency)
                ok = amount >= threshold.amount
                params: dict[str, object] = {
                    "total": total,
                    "at_least": threshold,
                    "within_days": window,
                    "since": since,
                }
                why = (
                    reason("handoff.cumulative_revenue.reached_within", **params)
                    if ok
                    else reason("handoff.cumulative_revenue.below_within", **params)
                )
            status = PASSED if ok else FAILED
            return CriterionResult(name, status, total, threshold, (why,))

        return evaluate


def _same_currency(name: str, threshold: Money, stats: ClientStats) -> None:
    if threshold.currency != stats.currency:
        raise PolicyEvaluationError(
            f"{name}: the threshold is in {threshold.currency}, the purchases of "
            f"{stats.client_id!r} in {stats.currency}; kam_core never converts currencies"
        ) from CurrencyMismatchError(threshold.currency, stats.currency)


class BoughtProduct(Criterion):
    """The client bought any of ``product_ids`` or ``categories`` (optionally in a window).

    The methodology's "after the purchase of a given product or service".  Reads the
    products and categories of the deals' lines; a client with orders but no line
    detail at all is UNKNOWN (we cannot tell what it bought), never FAILED.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> deal = kc.Deal(id="D-1", client_id="C-1", status="won", opened_on=date(2026, 1, 1),
    ...                closed_on=date(2026, 1, 2), amount=kc.Money("300", "RUB"),
    ...                lines=(kc.DealLine(product_id="SKU-42", category="cleaning", quantity=1,
    ...                                   unit_price=kc.Money("300", "RUB")),))
    >>> stats = kc.ClientStats.from_deals([deal], client_id="C-1", as_of=date(2026, 2, 1))
    >>> r = p.BoughtProduct(product_ids=("SKU-42", "SKU-7")).evaluate(
    ...     p.Facts(as_of=date(2026, 2, 1), stats=stats))
    >>> r.status, r.observed
    (<CriterionStatus.PASSED: 'passed'>, ('SKU-42',))
    >>> p.BoughtProduct(categories=("cleaning",), within_days=7).evaluate(
    ...     p.Facts(as_of=date(2026, 2, 1), stats=stats)).status
    <CriterionStatus.FAILED: 'failed'>
    """

    kind: Literal["bought_product"] = "bought_product"
    product_ids: Annotated[tuple[ProductIdField, ...], Field(max_length=1000)] = ()
    categories: Annotated[tuple[Text, ...], Field(max_length=1000)] = ()
    within_days: _Days | None = None
    default_name: ClassVar[str] = "bought_product"

    @model_validator(mode="after")
    def _something_to_buy(self) -> Self:
        if not self.product_ids and not self.categories:
            raise ValueError("name at least one product id or category")
        return self

    def compile(self) -> Evaluator:
        name, window = self.name, self.within_days
        wanted_products, wanted_categories = frozenset(self.product_ids), frozenset(self.categories)
        threshold = self.product_ids + self.categories

        def evaluate(facts: Facts) -> CriterionResult:
            stats = _stats_of(facts)
            if stats is None:
                return _no_stats(name)
            since = None if window is None else _since(stats.as_of, window)
            found = tuple(
                item.key
                for item in stats.products
                if item.key in wanted_products and (since is None or item.last_on >= since)
            ) + tuple(
                item.key
                for item in stats.categories
                if item.key in wanted_categories and (since is None or item.last_on >= since)
            )
            if found:
                status = PASSED
                why = (
                    reason("handoff.bought_product.found", items=found)
                    if since is None
                    else reason(
                        "handoff.bought_product.found_within",
                        items=found,
                        within_days=window,
                        since=since,
                    )
                )
            elif stats.order_count and not stats.products and not stats.categories:
                status = UNKNOWN
                why = reason("handoff.bought_product.lines_unknown", orders=stats.order_count)
            else:
                status = FAILED
                why = (
                    reason("handoff.bought_product.not_found", wanted=threshold)
                    if since is None
                    else reason(
                        "handoff.bought_product.not_found_within",
                        wanted=threshold,
                        within_days=window,
                        since=since,
                    )
                )
            return CriterionResult(name, status, found, threshold, (why,))

        return evaluate


# --------------------------------------------------------------------------------------
# roles and their order

_ROLE_RANK = {
    Role.MARKETER: 0,
    Role.TELEMARKETER: 0,
    Role.DEVELOPMENT_SPECIALIST: 1,
    Role.CLIENT_MANAGER: 2,
    Role.KEY_ACCOUNT_MANAGER: 3,
}
_FUNCTION_RANK = {Function.SCOUT: 0, Function.HUNTER: 1, Function.FARMER: 2}


def _rank(role: RoleLike) -> int | None:
    """Scout 0 < hunter 1 < farmer (client manager) 2 < key account manager 3; support: None."""
    if isinstance(role, Role):
        return _ROLE_RANK.get(role)
    return _FUNCTION_RANK.get(role.function)


def _is_backwards(source: RoleLike, target: RoleLike) -> bool:
    a, b = _rank(source), _rank(target)
    return a is not None and b is not None and b < a


def _role_params(source: RoleLike | None, target: RoleLike) -> dict[str, object]:
    """Roles as reason parameters: stable keys in JSON, their names in texts."""
    return {"from_role": role_term(source), "to_role": role_term(target)}


class _Roles(Policy):
    """Base of every transfer: the roles it hands from and to, and its direction."""

    from_role: RoleLike
    """The position that hands the client over (a catalogue role or your own position)."""
    to_role: RoleLike
    """The position that takes the client."""
    allow_backwards: StrictBool = False
    """May hand a client "backwards" (farmer → hunter, KAM → client manager)."""

    @model_validator(mode="after")
    def _direction(self) -> Self:
        if same_role(self.from_role, self.to_role):
            raise ValueError(f"from_role and to_role are both {self.to_role.key!r}")
        if _is_backwards(self.from_role, self.to_role) and not self.allow_backwards:
            raise ValueError(
                f"from {self.from_role.key!r} to {self.to_role.key!r} hands the client backwards; "
                "set allow_backwards=True if that is the rule (reactivation, uncoupling)"
            )
        return self

    def _compile(self) -> Evaluator:
        """The transfer's criterion compiled to a function of facts (one per criterion)."""
        raise NotImplementedError

    @cached_property
    def _evaluator(self) -> Evaluator:
        """:meth:`_compile`'s function, compiled once per instance.

        It is cached beside the pydantic fields, so equality and dumps ignore it; copies,
        pickles and ``model_copy(update=...)`` compile afresh.
        """
        return self._compile()


# --------------------------------------------------------------------------------------
# client transfers


@attrs.frozen
class _Judgement:
    status: CriterionStatus
    criteria: tuple[CriterionResult, ...]
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]
    notes: tuple[Reason, ...] = ()
    """Informative reasons that travel with the handoff (a national account …)."""


def _unknown_leaves(results: Iterable[CriterionResult]) -> tuple[str, ...]:
    out: list[str] = []
    stack = list(reversed(tuple(results)))
    while stack:
        r = stack.pop()
        if r.children:
            stack.extend(reversed(r.children))
        elif r.unknown and r.name not in out:
            out.append(r.name)
    return tuple(out)


def _judged(results: tuple[CriterionResult, ...]) -> _Judgement:
    reasons = tuple(_leaf_reasons(results))
    return _Judgement(all_of(r.status for r in results), results, reasons, _unknown_leaves(results))


def _leaf_reasons(results: Iterable[CriterionResult]) -> Iterable[Reason]:
    for r in results:
        yield from r.reasons
        yield from _leaf_reasons(r.children)


def check_inputs(client: Client, stats: ClientStats, as_of: date) -> None:
    """Refuse stats of another client or of another date than ``as_of``.

    The stats' ``as_of`` must equal the evaluation's: stats of an earlier date miss the
    orders in between, stats of a later date count orders that had not happened yet —
    either would date a handoff wrongly.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> check_inputs(kc.Client(id="C-1", name="Альфа"),
    ...              kc.ClientStats.empty("C-2", date(2026, 1, 1), "RUB"), date(2026, 1, 1))
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyEvaluationError: stats are for client 'C-2', not 'C-1'
    """
    if stats.client_id != client.id:
        raise PolicyEvaluationError(f"stats are for client {stats.client_id!r}, not {client.id!r}")
    if stats.as_of < as_of:
        raise PolicyEvaluationError(
            f"stats of {client.id!r} are as of {stats.as_of.isoformat()}, earlier than "
            f"as_of={as_of.isoformat()}: orders in between would be missed; "
            "build the stats as of the evaluation date"
        )
    if stats.as_of > as_of:
        raise PolicyEvaluationError(
            f"stats of {client.id!r} are as of {stats.as_of.isoformat()}, later than "
            f"as_of={as_of.isoformat()}: they may count orders after as_of; "
            "build the stats as of the evaluation date"
        )


class _ClientTransfer(_Roles):
    """A transfer judged on a client and its stats."""

    judges: ClassVar[str] = CLIENTS
    """A client policy: :func:`~kam_core.analyze` judges every client with it."""
    report_key: ClassVar[str] = HANDOFF_KEY
    """Its outcome is the row's handoff (``"handoff"``)."""

    def _judge(self, facts: Facts) -> _Judgement:
        raise NotImplementedError

    def _criteria(self) -> tuple[Criterion, ...]:
        """The company's criteria of this transfer (those that may read verdicts)."""
        return ()

    @property
    def reads(self) -> tuple[str, ...]:
        """Row keys of the verdicts this transfer reads (its :class:`Segment` criteria)."""
        return criteria_reads(self._criteria())

    def _windows(self) -> tuple[int, ...]:
        """Window lengths (days) of the criteria: when an order leaves one, re-judge."""
        return ()

    def _wake(self, stats: ClientStats) -> date | None:
        """The first day after ``stats.as_of`` on which time alone may fire this transfer."""
        return None

    def evaluate(
        self,
        client: Client,
        stats: ClientStats,
        *,
        as_of: date,
        verdicts: Mapping[str, object] | None = None,
    ) -> Decision[Any]:
        """Decide whether ``client`` passes from :attr:`from_role` to :attr:`to_role`.

        The outcome is a :class:`~kam_core.Handoff` or None.  A client already with
        ``to_role`` is not handed over again; a client with another owner than
        ``from_role`` is not this transfer's business (an owner of None is nobody yet
        and may be handed over).  ``verdicts`` are the other policies' verdicts on this
        client (row key → outcome) its :class:`Segment` criteria read.
        """
        check_inputs(client, stats, as_of)
        values = NO_VERDICTS if verdicts is None else verdicts
        judgement = self._judge(Facts(as_of=as_of, client=client, stats=stats, values=values))
        handoff, reasons, missing = _apply(
            self, self.kind, judgement, client, client.owner, as_of, self.ref
        )
        return self._decision(
            handoff,
            criteria=judgement.criteria,
            missing=missing,
            reasons=reasons,
            as_of=as_of,
            subject=client.id,
        )


def _apply(
    transfer: _ClientTransfer,
    rule: str,
    judgement: _Judgement,
    client: Client,
    owner: RoleLike | None,
    as_of: date,
    ref: PolicyRef,
) -> tuple[Handoff | None, tuple[Reason, ...], tuple[str, ...]]:
    """Gate a judgement by ownership: (handoff or None, reasons, missing)."""
    roles = _role_params(client.owner, transfer.to_role)
    if same_role(client.owner, transfer.to_role):
        why = reason("handoff.already_with_target", rule=rule, **roles)
        return None, (why,), ()
    if owner is not None and not same_role(owner, transfer.from_role):
        why = reason(
            "handoff.owner_mismatch",
            rule=rule,
            owner=role_key(owner),
            expected=role_key(transfer.from_role),
        )
        return None, (why,), ()
    if judgement.status is PASSED:
        fired = reason("handoff.fired", client=client.id, rule=rule, **roles)
        handoff = Handoff(
            client.id,
            client.owner,
            transfer.to_role,
            rule,
            as_of,
            ref.fingerprint,
            (fired, *judgement.reasons, *judgement.notes),
        )
        return handoff, handoff.reasons, ()
    if judgement.status is FAILED:
        head = reason("handoff.not_due", rule=rule)
        return None, (head, *judgement.reasons), ()
    head = reason("handoff.undecided", rule=rule, missing=judgement.missing)
    return None, (head, *judgement.reasons), judgement.missing


class _WhenTransfer(_ClientTransfer):
    """A transfer that fires when the company's criterion ``when`` holds."""

    when: CriterionField
    """The company's criterion for the handoff, e.g. ``OrderCount(at_least=3)``."""

    def _compile(self) -> Evaluator:
        return self.when.compile()

    def _judge(self, facts: Facts) -> _Judgement:
        return _judged((self._evaluator(facts),))

    def _criteria(self) -> tuple[Criterion, ...]:
        return (self.when,)

    def _windows(self) -> tuple[int, ...]:
        return _criterion_windows(self.when)


class HunterToFarmer(_WhenTransfer):
    """The hunter (development specialist) passes the client to the farmer (client manager).

    ``when`` is the company's criterion (docs/methodology.md#handoff): any criterion or
    combination — ``OrderCount``, ``CumulativeRevenue``, ``BoughtProduct`` under
    ``AnyOf`` / ``AllOf`` / ``Not`` / ``AtLeast``.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> hand = p.HunterToFarmer(when=p.AnyOf(of=(
    ...     p.OrderCount(at_least=3), p.CumulativeRevenue(at_least=kc.Money("1000000", "RUB")))))
    >>> client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.DEVELOPMENT_SPECIALIST)
    >>> stats = kc.ClientStats.from_deals([kc.Deal(
    ...     id="D-1", client_id="C-1", status="won", opened_on=date(2026, 1, 1),
    ...     closed_on=date(2026, 1, 9), amount=kc.Money("1200000", "RUB"))],
    ...     client_id="C-1", as_of=date(2026, 2, 1))
    >>> d = hand.evaluate(client, stats, as_of=date(2026, 2, 1))
    >>> d.outcome.to_role, d.codes[:2]
    (<Role.CLIENT_MANAGER: 'client_manager'>, ('handoff.fired', 'handoff.order_count.below'))
    >>> p.load(hand.to_dict()) == hand
    True
    """

    kind: Literal["hunter_to_farmer"] = "hunter_to_farmer"
    from_role: RoleLike = Role.DEVELOPMENT_SPECIALIST
    to_role: RoleLike = Role.CLIENT_MANAGER


class Uncoupling(_WhenTransfer):
    """Hand a client "backwards" when ``when`` holds: by default KAM → client manager.

    The last stage of a key-account relationship (uncoupling): the account no longer
    earns its KAM.  Backwards is allowed by default.

    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> rule = p.Uncoupling(when=p.Not(of=p.CumulativeRevenue(
    ...     at_least=kc.Money("5000000", "RUB"), within_days=365)))
    >>> rule.from_role.key, rule.to_role.key, rule.allow_backwards
    ('key_account_manager', 'client_manager', True)
    """

    kind: Literal["uncoupling"] = "uncoupling"
    from_role: RoleLike = Role.KEY_ACCOUNT_MANAGER
    to_role: RoleLike = Role.CLIENT_MANAGER
    allow_backwards: StrictBool = True


def _criterion_windows(criterion: Criterion) -> tuple[int, ...]:
    out: set[int] = set()
    for c in criterion.walk():
        window = getattr(c, "within_days", None)
        if isinstance(window, int):
            out.add(window)
    return tuple(sorted(out))


_KEY_ACCOUNT_CRITERIA = (
    "potential",
    "decision_making_group",
    "functions_or_sites",
    "partnership_intent",
)


class FarmerToKeyAccount(_ClientTransfer):
    """The client manager passes a key account to the key account manager (KAM).

    docs/methodology.md#key-accounts: (1) high purchase potential — ``client.potential`` ≥
    ``min_potential``; (2) complex buying behaviour — a decision-making group (ГПР) of
    at least ``min_stakeholders`` people spread over at least ``min_units``
    departments *or* sites; (3) a wish for long-term partnership
    (``client.partnership_intent``).  All three must pass; unknown facts make the
    decision UNKNOWN (no handoff, the missing facts listed).  A client buying in at
    least ``national_regions`` regions is reported as a national account in the
    handoff's reasons.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> group = tuple(kc.Stakeholder(name=n, department=d, site="Москва")
    ...               for n, d in (("А", "procurement"), ("Б", "finance"), ("В", "production")))
    >>> client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.CLIENT_MANAGER,
    ...                    potential=kc.Money("30000000", "RUB"), stakeholders=group,
    ...                    regions=("Москва", "Казань"))
    >>> rule = p.FarmerToKeyAccount(min_potential=kc.Money("10000000", "RUB"))
    >>> stats = kc.ClientStats.empty("C-1", date(2026, 11, 24), "RUB")
    >>> d = rule.evaluate(client, stats, as_of=date(2026, 11, 24))
    >>> d.outcome is None, d.missing
    (True, ('partnership_intent',))
    >>> d = rule.evaluate(client.replace(partnership_intent=True), stats, as_of=date(2026, 11, 24))
    >>> d.outcome.to_role, d.codes[-1]
    (<Role.KEY_ACCOUNT_MANAGER: 'key_account_manager'>, 'handoff.key_account.national_account')
    """

    kind: Literal["farmer_to_key_account"] = "farmer_to_key_account"
    min_potential: NonNegativeMoney | None = None
    """The yearly purchase potential from which a client is a key account."""
    when: CriterionField | None = None
    """What makes the client a key account, when the set defines it elsewhere: e.g.
    ``Segment(of="key_account", labels=("key_account", "national_account"))`` reads the
    verdict of the set's :class:`~kam_core.policies.KeyAccount` (one threshold, the same
    clients).  Give either ``when`` or ``min_potential`` (the three conditions here)."""
    min_stakeholders: Annotated[int, Field(ge=1, le=1000, strict=True)] = 3
    """People in the decision-making group (ГПР) a key account has at least."""
    min_units: Annotated[int, Field(ge=1, le=1000, strict=True)] = 2
    """Distinct departments, or distinct sites, the decision-making group spans."""
    national_regions: Annotated[int, Field(ge=2, le=1000, strict=True)] = 2
    """Regions from which the key account is reported as a national account."""
    from_role: RoleLike = Role.CLIENT_MANAGER
    to_role: RoleLike = Role.KEY_ACCOUNT_MANAGER

    @model_validator(mode="after")
    def _one_definition(self) -> Self:
        if (self.when is None) == (self.min_potential is None):
            raise ValueError(
                "give min_potential (the three key-account conditions judged here) or when "
                "(e.g. the KeyAccount verdict), exactly one of them"
            )
        return self

    def _compile(self) -> Evaluator:
        if self.when is None:  # pragma: no cover - judged by the conditions, never compiled
            raise NotImplementedError
        return self.when.compile()

    def _criteria(self) -> tuple[Criterion, ...]:
        return () if self.when is None else (self.when,)

    def _judge(self, facts: Facts) -> _Judgement:
        client = facts.client
        if self.when is not None:
            judgement = _judged((self._evaluator(facts),))
        elif client is None:
            return _judged(tuple(CriterionResult(n, UNKNOWN) for n in _KEY_ACCOUNT_CRITERIA))
        else:
            judgement = _judged(
                (
                    self._potential(client),
                    self._group(client),
                    self._spread(client),
                    self._partnership(client),
                )
            )
        if client is not None and len(client.regions) >= self.national_regions:
            note = reason(
                "handoff.key_account.national_account",
                regions=len(client.regions),
                at_least=self.national_regions,
            )
            judgement = attrs.evolve(judgement, notes=(note,))
        return judgement

    def _potential(self, client: Client) -> CriterionResult:
        threshold, potential = self.min_potential, client.potential
        assert threshold is not None  # judged by the conditions only with a threshold
        if potential is None:
            why = reason("handoff.key_account.potential_unknown")
            return CriterionResult("potential", UNKNOWN, threshold=threshold, reasons=(why,))
        if potential.currency != threshold.currency:
            raise PolicyEvaluationError(
                f"min_potential is in {threshold.currency}, the potential of {client.id!r} in "
                f"{potential.currency}; kam_core never converts currencies"
            ) from CurrencyMismatchError(threshold.currency, potential.currency)
        ok = potential.amount >= threshold.amount
        params: dict[str, object] = {"potential": potential, "at_least": threshold}
        why = (
            reason("handoff.key_account.potential_high", **params)
            if ok
            else reason("handoff.key_account.potential_low", **params)
        )
        status = PASSED if ok else FAILED
        return CriterionResult("potential", status, potential, threshold, (why,))

    def _group(self, client: Client) -> CriterionResult:
        n, people = self.min_stakeholders, len(client.stakeholders)
        if not people:
            why = reason("handoff.key_account.group_unknown")
            return CriterionResult("decision_making_group", UNKNOWN, threshold=n, reasons=(why,))
        ok = people >= n
        why = (
            reason("handoff.key_account.group_large", people=people, at_least=n)
            if ok
            else reason("handoff.key_account.group_small", people=people, at_least=n)
        )
        return CriterionResult("decision_making_group", PASSED if ok else FAILED, people, n, (why,))

    def _spread(self, client: Client) -> CriterionResult:
        m, group = self.min_units, client.stakeholders
        departments = {s.department for s in group if s.department is not None}
        sites = {s.site for s in group if s.site is not None}
        unknown_departments = sum(1 for s in group if s.department is None)
        unknown_sites = sum(1 for s in group if s.site is None)
        observed = max(len(departments), len(sites))
        params: dict[str, object] = {
            "departments": len(departments),
            "sites": len(sites),
            "at_least": m,
        }
        if group and observed >= m:
            status, why = PASSED, reason("handoff.key_account.spread_wide", **params)
        elif group and (
            len(departments) + unknown_departments < m and len(sites) + unknown_sites < m
        ):
            status, why = FAILED, reason("handoff.key_account.spread_narrow", **params)
        else:
            status, why = UNKNOWN, reason("handoff.key_account.spread_unknown", **params)
        return CriterionResult("functions_or_sites", status, observed, m, (why,))

    def _partnership(self, client: Client) -> CriterionResult:
        intent = client.partnership_intent
        if intent is None:
            why = reason("handoff.key_account.partnership_unknown")
            return CriterionResult("partnership_intent", UNKNOWN, threshold=True, reasons=(why,))
        if intent:
            why = reason("handoff.key_account.partnership_wanted")
            return CriterionResult("partnership_intent", PASSED, True, True, (why,))
        why = reason("handoff.key_account.partnership_not_wanted")
        return CriterionResult("partnership_intent", FAILED, False, True, (why,))


class ToProjectManager(_ClientTransfer):
    """The client manager passes the client to a project manager for project work (task 9).

    Fires when the client bought any of the project products or categories in the
    last ``within_days`` days (None: ever).

    *Deprecated* (issue 17): involving a project manager is not a change of owner — the
    client manager keeps the client and brings the specialist in.  The rule stays
    loadable for existing configurations, and :class:`~kam_core.policies.AccountPlan`
    reads its handoff as the action "bring in a specialist", naming the project manager
    and keeping the owner; new configurations should not use it to move clients.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> rule = p.ToProjectManager(categories=("installation",))
    >>> deal = kc.Deal(id="D-1", client_id="C-1", status="won", opened_on=date(2026, 5, 1),
    ...                closed_on=date(2026, 5, 5), amount=kc.Money("900000", "RUB"),
    ...                lines=(kc.DealLine(product_id="SRV-1", category="installation",
    ...                                   quantity=1, unit_price=kc.Money("900000", "RUB")),))
    >>> client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.CLIENT_MANAGER)
    >>> stats = kc.ClientStats.from_deals([deal], client_id="C-1", as_of=date(2026, 5, 5))
    >>> rule.evaluate(client, stats, as_of=date(2026, 5, 5)).outcome.to_role
    <Role.PROJECT_MANAGER: 'project_manager'>
    """

    kind: Literal["to_project_manager"] = "to_project_manager"
    product_ids: Annotated[tuple[ProductIdField, ...], Field(max_length=1000)] = ()
    """Project products: buying any of them hands the client over."""
    categories: Annotated[tuple[Text, ...], Field(max_length=1000)] = ()
    """Project categories: buying in any of them hands the client over."""
    within_days: _Days | None = 90
    """How recent the project purchase must be; None = ever."""
    from_role: RoleLike = Role.CLIENT_MANAGER
    to_role: RoleLike = Role.PROJECT_MANAGER

    @model_validator(mode="after")
    def _something_to_buy(self) -> Self:
        if not self.product_ids and not self.categories:
            raise ValueError("name at least one project product id or category")
        return self

    def _compile(self) -> Evaluator:
        return BoughtProduct(
            label="project_purchase",
            product_ids=self.product_ids,
            categories=self.categories,
            within_days=self.within_days,
        ).compile()

    def _judge(self, facts: Facts) -> _Judgement:
        return _judged((self._evaluator(facts),))

    def _windows(self) -> tuple[int, ...]:
        return () if self.within_days is None else (self.within_days,)


class Reactivation(_ClientTransfer):
    """A sleeping client goes to whoever reactivates clients in this sales system.

    Sleeping means silent for long *for its own rhythm* (docs/methodology.md#segmentation): the days
    since the last order exceed ``rhythm_factor`` × the median gap between its
    distinct order dates, once it has at least ``min_orders`` of them.  With fewer
    orders (or ``rhythm_factor=None``) the fixed ``after_days`` applies; when that is
    None too, the answer is UNKNOWN.  A client that never ordered is not sleeping.

    Who reactivates depends on the sales system: in the mixed system of the
    methodology the client manager does it himself (task 7) and no handoff is needed;
    where hunters win back lost clients, the default here sends the client manager's
    sleeping client to the development specialist.  Backwards is allowed by default;
    :class:`HandoffRules` keeps the client there while it sleeps.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> deals = [kc.Deal(id=f"D-{m}", client_id="C-1", status="won", opened_on=date(2026, m, 1),
    ...                  closed_on=date(2026, m, 1), amount=kc.Money("10", "RUB"))
    ...          for m in (1, 2, 3, 4)]
    >>> client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.CLIENT_MANAGER)
    >>> stats = kc.ClientStats.from_deals(deals, client_id="C-1", as_of=date(2026, 7, 1))
    >>> d = p.Reactivation().evaluate(client, stats, as_of=date(2026, 7, 1))
    >>> d.outcome.to_role, d.criteria[0].observed, d.criteria[0].threshold
    (<Role.DEVELOPMENT_SPECIALIST: 'development_specialist'>, 91, Decimal('62'))
    """

    kind: Literal["reactivation"] = "reactivation"
    rhythm_factor: Annotated[Decimal, Field(gt=0, le=100), Bounded] | None = Decimal(2)
    """Silent longer than this × the client's median gap between orders = sleeping."""
    min_orders: Annotated[int, Field(ge=2, le=1000, strict=True)] = 3
    """Orders a client needs before its own rhythm is used."""
    after_days: _Days | None = 180
    """Days of silence that make a client with too few orders sleeping; None = unknown."""
    when: CriterionField | None = None
    """What makes the client sleeping, when the set defines it elsewhere: e.g.
    ``Segment(of="sleeping", labels=("sleeping", "lost"))`` reads the verdict of the set's
    :class:`~kam_core.policies.Sleeping` (one definition, the same clients).  None: the
    own rhythm above (``rhythm_factor``, ``min_orders``, ``after_days``)."""
    from_role: RoleLike = Role.CLIENT_MANAGER
    to_role: RoleLike = Role.DEVELOPMENT_SPECIALIST
    allow_backwards: StrictBool = True

    def _compile(self) -> Evaluator:
        if self.when is None:  # pragma: no cover - judged by the rhythm, never compiled
            raise NotImplementedError
        return self.when.compile()

    def _criteria(self) -> tuple[Criterion, ...]:
        return () if self.when is None else (self.when,)

    def _limit(self, stats: ClientStats) -> tuple[Decimal | None, bool]:
        """(days of silence allowed, whether the client's own rhythm set it)."""
        if self.rhythm_factor is not None:
            days = sorted(set(stats.order_dates))
            if len(days) >= self.min_orders:
                gaps = sorted((b - a).days for a, b in itertools.pairwise(days))
                half = len(gaps) // 2
                median = (
                    Decimal(gaps[half])
                    if len(gaps) % 2
                    else (Decimal(gaps[half - 1]) + Decimal(gaps[half])) / 2
                )
                return self.rhythm_factor * median, True
        if self.after_days is None:
            return None, False
        return Decimal(self.after_days), False

    def _judge(self, facts: Facts) -> _Judgement:
        if self.when is not None:
            return _judged((self._evaluator(facts),))
        stats = _stats_of(facts)
        if stats is None:
            return _judged((_no_stats("sleeping"),))
        last = stats.last_order_on
        if last is None:
            why = reason("handoff.reactivation.never_ordered")
            return _judged((CriterionResult("sleeping", FAILED, reasons=(why,)),))
        gap = (stats.as_of - last).days
        limit, own = self._limit(stats)
        if limit is None:
            why = reason("handoff.reactivation.rhythm_unknown", gap=gap, orders=stats.order_count)
            return _judged((CriterionResult("sleeping", UNKNOWN, observed=gap, reasons=(why,)),))
        params: dict[str, object] = {"gap": gap, "limit": limit, "last_order_on": last}
        if gap > limit:
            why = (
                reason("handoff.reactivation.sleeping_for_rhythm", **params)
                if own
                else reason("handoff.reactivation.sleeping", **params)
            )
            status = PASSED
        else:
            why = reason("handoff.reactivation.awake", **params)
            status = FAILED
        return _judged((CriterionResult("sleeping", status, gap, limit, (why,)),))

    def _wake(self, stats: ClientStats) -> date | None:
        if self.when is not None:
            return None  # another policy's verdict: replay cannot know when it changes
        last = stats.last_order_on
        limit, _ = self._limit(stats)
        if last is None or limit is None:
            return None
        # gap > limit  <=>  gap >= floor(limit) + 1 (gaps are whole days)
        return last + timedelta(days=int(limit) + 1)


# --------------------------------------------------------------------------------------
# scout -> hunter: a lead became an SQL


class ScoutToHunter(_Roles):
    """The scout (telemarketer) passes a sales-qualified lead (SQL) to the hunter.

    Fires when ``lead.stage`` is SQL, or when a qualification decision (e.g. from
    ``Bant``) about this lead, made on or before ``as_of``, has the outcome ``"sql"``.
    Converted and disqualified leads are not handed over.  The handoff's
    ``client_id`` is the client the lead names, or else the lead's id; ``lead_id`` is
    always the lead's.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> lead = kc.Lead(id="L-7", company="ООО Бета", created_on=date(2026, 11, 1), stage="sql")
    >>> d = p.ScoutToHunter().evaluate(lead, as_of=date(2026, 11, 24))
    >>> print(d.outcome.explain("ru"))
    L-7 на 24.11.2026: телемаркетолог → специалист по развитию, правило «разведчик → охотник»
    """

    kind: Literal["scout_to_hunter"] = "scout_to_hunter"
    judges: ClassVar[str] = LEADS
    """A lead policy: :func:`~kam_core.analyze` judges every lead with it."""
    from_role: RoleLike = Role.TELEMARKETER
    to_role: RoleLike = Role.DEVELOPMENT_SPECIALIST

    def evaluate(
        self, lead: Lead, *, as_of: date, qualification: Decision[Any] | None = None
    ) -> Decision[Any]:
        """Decide whether ``lead`` goes to the hunters as of ``as_of``."""
        if qualification is not None:
            if qualification.subject is not None and qualification.subject != lead.id:
                raise PolicyEvaluationError(
                    f"the qualification is about {qualification.subject!r}, not lead {lead.id!r}"
                )
            if qualification.as_of is not None and qualification.as_of > as_of:
                raise PolicyEvaluationError(
                    f"the qualification of {lead.id!r} is as of "
                    f"{qualification.as_of.isoformat()}, after as_of={as_of.isoformat()}"
                )
        verdict = None if qualification is None else qualification.outcome
        sql = lead.stage is LeadStage.SQL or (not lead.stage.is_final and verdict == "sql")
        observed = "sql" if sql else lead.stage.value
        params = {"lead": lead.id, "stage": lead.stage.value}
        if lead.stage.is_final:
            why = reason("handoff.lead.closed", **params)
        elif sql:
            why = reason("handoff.lead.sql", **params)
        else:
            why = reason("handoff.lead.not_sql", **params)
        result = CriterionResult(
            "sql", PASSED if sql else FAILED, observed=observed, threshold="sql", reasons=(why,)
        )
        handoff = None
        reasons: tuple[Reason, ...] = (why,)
        if sql:
            roles = _role_params(self.from_role, self.to_role)
            fired = reason("handoff.fired", client=lead.id, rule=self.kind, **roles)
            reasons = (fired, why)
            handoff = Handoff(
                lead.client_id or lead.id,
                self.from_role,
                self.to_role,
                self.kind,
                as_of,
                self.fingerprint,
                reasons,
                lead_id=lead.id,
            )
        return self._decision(
            handoff, criteria=(result,), reasons=reasons, as_of=as_of, subject=lead.id
        )


# --------------------------------------------------------------------------------------
# the chain

ClientTransfer = Annotated[
    HunterToFarmer | Uncoupling | FarmerToKeyAccount | ToProjectManager | Reactivation,
    Field(discriminator="kind"),
]
"""Any built-in transfer judged on a client, parsed by its ``kind``."""


class HandoffRules(Policy):
    """An ordered chain of transfers: at most one handoff per client and date.

    The first transfer, in order, whose ``from_role`` is the client's owner and whose
    criteria pass, fires.  A client nobody owns yet counts as being at the start of
    the chain (the first transfer's ``from_role``).  A client already with a
    transfer's target is not handed again (idempotent).  A client sent back by a
    backwards transfer (reactivation, uncoupling) stays while that transfer's
    condition still holds — no ping-pong.  Every transfer's result is recorded in
    ``decision.criteria``, named by its kind (``kind#2`` for a repeated kind).

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> rules = p.HandoffRules(transfers=(
    ...     p.HunterToFarmer(when=p.OrderCount(at_least=2)),
    ...     p.FarmerToKeyAccount(min_potential=kc.Money("10000000", "RUB"))))
    >>> deals = [kc.Deal(id=f"D-{m}", client_id="C-1", status="won", opened_on=date(2026, m, 1),
    ...                  closed_on=date(2026, m, 1), amount=kc.Money("10", "RUB")) for m in (1, 2)]
    >>> client = kc.Client(id="C-1", name="ООО Альфа")
    >>> stats = kc.ClientStats.from_deals(deals, client_id="C-1", as_of=date(2026, 2, 1))
    >>> d = rules.evaluate(client, stats, as_of=date(2026, 2, 1))
    >>> print(d.outcome)
    nobody → client_manager (hunter_to_farmer)
    >>> [(c.name, c.status.value) for c in d.criteria]
    [('hunter_to_farmer', 'passed'), ('farmer_to_key_account', 'unknown')]
    >>> rules.evaluate(client.replace(owner="client_manager"), stats,
    ...                as_of=date(2026, 2, 1)).codes[0]
    'handoff.undecided'
    """

    kind: Literal["handoff_rules"] = "handoff_rules"
    judges: ClassVar[str] = CLIENTS
    """A client policy: :func:`~kam_core.analyze` judges every client with it."""
    report_key: ClassVar[str] = HANDOFF_KEY
    """Its outcome is the row's handoff (``"handoff"``)."""
    transfers: Annotated[tuple[ClientTransfer, ...], Field(min_length=1, max_length=100)]
    """The transfers in order; the first that fires for the client's owner decides."""

    @property
    def names(self) -> tuple[str, ...]:
        """The name of each transfer in decisions: its kind, ``kind#n`` when repeated."""
        seen: dict[str, int] = {}
        out = []
        for t in self.transfers:
            seen[t.kind] = seen.get(t.kind, 0) + 1
            out.append(t.kind if seen[t.kind] == 1 else f"{t.kind}#{seen[t.kind]}")
        return tuple(out)

    @property
    def reads(self) -> tuple[str, ...]:
        """Row keys of the verdicts the transfers read (their :class:`Segment` criteria);
        :func:`~kam_core.analyze` passes those verdicts as ``verdicts=``.

        >>> from kam_core import policies as p
        >>> p.HandoffRules(transfers=(p.Reactivation(when=p.Segment(
        ...     of="sleeping", labels=("sleeping", "lost"))),)).reads
        ('sleeping',)
        """
        return tuple(sorted({key for t in self.transfers for key in t.reads}))

    @cached_property
    def _chain(self) -> _Chain:
        """The transfers with their names, worked out once (beside the pydantic fields)."""
        return _Chain(
            self.transfers,
            tuple(zip(self.names, self.transfers, strict=True)),
            tuple(i for i, t in enumerate(self.transfers) if not _never_raises(t)),
        )

    def label(
        self,
        client: Client,
        stats: ClientStats,
        *,
        as_of: date,
        verdicts: Mapping[str, object] | None = None,
    ) -> Handoff | None:
        """The outcome :meth:`evaluate` gives — the handoff due or None — without its decision.

        Bulk runs (:func:`~kam_core.analyze`) read outcomes first and explain on demand.
        It always equals ``evaluate(client, stats, as_of=as_of).outcome`` (the same
        :class:`~kam_core.Handoff`, reasons included) and refuses what ``evaluate``
        refuses; it judges only the transfers that can decide, plus any whose judgement
        may raise (a threshold in another currency), as ``evaluate`` would.

        >>> from datetime import date
        >>> from decimal import Decimal
        >>> import kam_core as kc
        >>> from kam_core import policies as p
        >>> rules = p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=1)),))
        >>> client = kc.Client(id="C-1", name="ООО Альфа", owner="development_specialist")
        >>> stats = kc.ClientStats("C-1", date(2026, 2, 1), "RUB",
        ...                        orders=((date(2026, 1, 9), Decimal(10)),))
        >>> due = rules.label(client, stats, as_of=date(2026, 2, 1))
        >>> print(due)
        development_specialist → client_manager (hunter_to_farmer)
        >>> due == rules.evaluate(client, stats, as_of=date(2026, 2, 1)).outcome
        True
        """
        check_inputs(client, stats, as_of)
        chain = self._chain
        values = NO_VERDICTS if verdicts is None else verdicts
        facts: Facts | None = None
        judged: dict[int, _Judgement] = {}
        if chain.always:  # judged as evaluate() judges them: their errors surface
            facts = Facts(as_of=as_of, client=client, stats=stats, values=values)
            for i in chain.always:
                judged[i] = chain.transfers[i]._judge(facts)
        owner = client.owner
        for i, (_, t) in enumerate(chain.named):
            if t.allow_backwards and same_role(owner, t.to_role):
                j = judged.get(i)
                if j is None:
                    facts = facts or Facts(as_of=as_of, client=client, stats=stats, values=values)
                    j = judged[i] = t._judge(facts)
                if j.status is PASSED:
                    return None  # held where the backwards transfer sent it
        effective = owner if owner is not None else chain.transfers[0].from_role
        for i, (name, t) in enumerate(chain.named):
            if not same_role(effective, t.from_role) or same_role(owner, t.to_role):
                continue  # not this transfer's business, or already with its target
            j = judged.get(i)
            if j is None:
                facts = facts or Facts(as_of=as_of, client=client, stats=stats, values=values)
                j = t._judge(facts)
            if j.status is PASSED:
                return _apply(t, name, j, client, effective, as_of, self.ref)[0]
        return None

    def evaluate(
        self,
        client: Client,
        stats: ClientStats,
        *,
        as_of: date,
        verdicts: Mapping[str, object] | None = None,
    ) -> Decision[Any]:
        """The one handoff due for ``client`` as of ``as_of``, or None, with every transfer's
        result; ``verdicts`` are the other policies' verdicts its criteria read."""
        check_inputs(client, stats, as_of)
        values = NO_VERDICTS if verdicts is None else verdicts
        facts = Facts(as_of=as_of, client=client, stats=stats, values=values)
        judged = [(n, t, t._judge(facts)) for n, t in self._chain.named]
        criteria = tuple(
            CriterionResult(n, j.status, children=j.criteria, reasons=j.reasons)
            for n, _, j in judged
        )
        owner = client.owner
        for name, t, j in judged:
            if t.allow_backwards and j.status is PASSED and same_role(owner, t.to_role):
                held = reason("handoff.held", rule=name, owner=role_key(owner))
                return self._decision(
                    None, criteria=criteria, reasons=(held,), as_of=as_of, subject=client.id
                )
        effective = owner if owner is not None else self.transfers[0].from_role
        reasons: list[Reason] = []
        missing: list[str] = []
        for name, t, j in judged:
            if not same_role(effective, t.from_role):
                continue
            handoff, why, ask = _apply(t, name, j, client, effective, as_of, self.ref)
            if handoff is not None:
                return self._decision(
                    handoff, criteria=criteria, reasons=why, as_of=as_of, subject=client.id
                )
            reasons.extend(why)
            missing.extend(a for a in ask if a not in missing)
        if not reasons:
            reasons.append(reason("handoff.no_transfer_from", owner=role_key(effective)))
        return self._decision(
            None,
            criteria=criteria,
            missing=tuple(missing),
            reasons=tuple(reasons),
            as_of=as_of,
            subject=client.id,
        )


@attrs.frozen
class _Chain:
    transfers: tuple[_ClientTransfer, ...]
    named: tuple[tuple[str, _ClientTransfer], ...]
    always: tuple[int, ...]
    """Indices of the transfers :meth:`HandoffRules.label` judges whatever the owner."""


_QUIET_CRITERIA = (OrderCount, BoughtProduct, Segment, AllOf, AnyOf, Not, AtLeast)
"""Criteria whose judgement never raises once the inputs are checked."""


def _never_raises(transfer: _ClientTransfer) -> bool:
    """Whether judging ``transfer`` can never raise (so skipping it changes nothing).

    A threshold in another currency (:class:`CumulativeRevenue`, a key account's
    potential) raises, and a user's criterion may: those are always judged.
    """
    if type(transfer) is ToProjectManager:
        return True
    if type(transfer) is Reactivation:
        when = transfer.when
        return when is None or all(type(c) in _QUIET_CRITERIA for c in when.walk())
    if type(transfer) in (HunterToFarmer, Uncoupling):
        return all(type(c) in _QUIET_CRITERIA for c in transfer._criteria()[0].walk())
    return False


# --------------------------------------------------------------------------------------
# replay: the audit trail


def replay(
    client: Client,
    deals: Iterable[Deal],
    policy: HandoffRules | HunterToFarmer | FarmerToKeyAccount | ToProjectManager | Reactivation,
    *,
    start: date | None = None,
    end: date | None = None,
) -> tuple[Handoff, ...]:
    """Every handoff ``policy`` would have made for ``client``, in date order: the audit trail.

    The client starts with ``client.owner`` (pass ``client.replace(owner=None)`` to
    replay from the very beginning); each handoff changes the owner for what follows.
    ``client``'s other facts (potential, decision-making group) are taken as they are
    now — only purchases have a history here.

    The policy is evaluated on the dates where its answer can change: each order
    date (stats only change with orders), the day an order leaves a criterion's
    ``within_days`` window, the day a client falls asleep for :class:`Reactivation`,
    and ``start`` itself.  On one date the chain is followed until nothing more fires
    or a move repeats (lateral transfers configured both ways).  Dates run from
    ``start`` (default: the first order) to ``end`` (default: the last order, or
    ``start`` if later — pass ``end`` to see time-based handoffs after the last order).
    Deals of other clients are skipped; the order of ``deals`` does not matter.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> deals = [kc.Deal(id=f"D-{m}", client_id="C-1", status="won", opened_on=date(2026, m, 1),
    ...                  closed_on=date(2026, m, 1), amount=kc.Money("10", "RUB"))
    ...          for m in (1, 2, 3, 4)]
    >>> rules = p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=2)),
    ...                                   p.Reactivation()))
    >>> for h in p.replay(kc.Client(id="C-1", name="ООО Альфа"), deals, rules,
    ...                   end=date(2026, 12, 31)):
    ...     print(h.explain())
    C-1 as of 1 Feb 2026: nobody → client manager, “hunter → farmer” rule
    C-1 as of 3 Jun 2026: client manager → development specialist, “reactivation” rule
    """
    if start is not None and end is not None and end < start:
        raise PolicyEvaluationError(
            f"end={end.isoformat()} is before start={start.isoformat()}: nothing to replay"
        )
    mine = sorted(
        (d for d in deals if d.client_id == client.id and d.status is DealStatus.WON),
        key=lambda d: (d.closed_on or date.min, d.id),
    )
    if not mine:
        return ()
    currency = mine[0].amount.currency
    order_days = sorted({d.closed_on for d in mine if d.closed_on is not None})
    first = start if start is not None else order_days[0]
    last = end if end is not None else max(order_days[-1], first)
    if last < first:  # the first order comes after ``end``: nothing happened yet
        return ()
    transfers: Sequence[_ClientTransfer] = (
        policy.transfers if isinstance(policy, HandoffRules) else (policy,)
    )
    windows = sorted({w for t in transfers for w in t._windows()})
    queue = [day for day in {first, *order_days} if first <= day <= last]
    heapq.heapify(queue)
    seen = set(queue)
    current = client
    trail: list[Handoff] = []
    while queue:
        day = heapq.heappop(queue)
        stats = ClientStats.from_deals(mine, client_id=client.id, as_of=day, currency=currency)
        moves: set[tuple[str | None, str]] = set()
        while True:  # ends: every move comes from a transfer, and none repeats on one date
            handoff = policy.evaluate(current, stats, as_of=day).outcome
            if handoff is None:
                break
            move = (role_key(handoff.from_role), handoff.to_role.key)
            if move in moves:  # lateral transfers configured both ways: stop at the repeat
                break
            moves.add(move)
            trail.append(handoff)
            current = current.model_copy(update={"owner": handoff.to_role})
        later = {o + timedelta(days=w) for o in stats.order_dates for w in windows}
        later.update(wake for t in transfers if (wake := t._wake(stats)) is not None)
        for wake in later:
            if day < wake <= last and wake not in seen:
                seen.add(wake)
                heapq.heappush(queue, wake)
    return tuple(trail)
