"""Organisation design policies: sales-system type, KAM readiness, sub-processes, workload.

See docs/methodology.md#positions, #sales-systems, #key-accounts and #sub-processes.

- :class:`SalesSystemClassifier`: a :class:`~kam_core.SalesSystemProfile` → transactional,
  consultative or mixed, explained characteristic by characteristic;
- :class:`KamReadiness`: a :class:`~kam_core.KamProgramme` → ready / not ready for key
  account management (Hise & Reid's six conditions);
- :class:`SubProcessCompleteness`: a :class:`~kam_core.SalesProcessAssessment` → a
  completeness decision per sub-process, with payment discipline measured from deals;
- :func:`workload`: clients assigned per person × contact cadence → contacts a month per
  person and who is over capacity ("correct loading of the conveyor",
  docs/methodology.md#sales-systems).

Profiles, programmes and assessments are timeless facts: ``as_of`` is optional and only
recorded in the decision.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

import attrs
from pydantic import BeforeValidator, Field, PlainSerializer, model_validator

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core._domain._base import NonNegativeMoney, to_rate
from kam_core._domain.role import Position, Role
from kam_core._money import Money, to_decimal
from kam_core._organisation.kam import KamCondition, KamProgramme, Readiness
from kam_core._organisation.profile import Level, OrdersPerYear, SalesSystemProfile, SalesType
from kam_core._organisation.structure import LoadStatus, load_status
from kam_core._organisation.subprocesses import (
    SUBPROCESS_CHECKLISTS,
    Completeness,
    SalesProcessAssessment,
    SubProcess,
)
from kam_core._stats.client_stats import ClientStats, PaymentDiscipline
from kam_core._words import Term
from kam_core.policies._engine import Policy, all_of, any_of, at_least, reason
from kam_core.policies.segmentation._base import Playbook

__all__ = [
    "Completeness",
    "KamReadiness",
    "LoadStatus",
    "PersonLoad",
    "Readiness",
    "SalesSystemClassifier",
    "SubProcessCompleteness",
    "Workload",
    "workload",
]


PASSED, FAILED, UNKNOWN = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN


def _status(value: bool | None) -> CriterionStatus:
    return UNKNOWN if value is None else PASSED if value else FAILED


def _tuple_of(value: object) -> object:
    """A collection (a set too) as a tuple; anything else is left for the tuple check to refuse.

    ``tuple(value)`` itself raised ``TypeError`` on ``false`` or ``4.0`` from a
    configuration, which pydantic does not turn into a validation error.
    """
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(value)
    return value


def _share(value: object) -> Decimal:
    return to_rate(value, field="share")


Share = Annotated[
    Decimal,
    BeforeValidator(_share),
    Field(ge=0, le=1),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
]
"""A share 0–1 as an exact Decimal: int, str, Decimal or float (a rate, not money: floats
are read by their shortest repr, ``0.1`` is ``Decimal('0.1')``)."""


# --------------------------------------------------------------------------------------
# sales system type

_T, _C, _N = "transactional", "consultative", "neutral"
_TypeName = Literal["transactional", "consultative", "mixed"]
_KNOWN_TYPES: tuple[_TypeName, _TypeName, _TypeName] = ("transactional", "consultative", "mixed")


@attrs.frozen
class _Reading:
    """One characteristic read against the thresholds, and whether it fits each type.

    ``fits`` holds, per type, the characteristic's own condition in that type's
    description: PASSED inside it, FAILED outside, UNKNOWN when the fact is missing.
    """

    name: str
    observed: object
    lean: str | None  # _T, _C, _N or None when unknown
    threshold: object
    reason: Reason
    fits: Mapping[str, CriterionStatus]


def _fit(value: bool | None) -> CriterionStatus:
    return UNKNOWN if value is None else PASSED if value else FAILED


class SalesSystemClassifier(Policy):
    """Reads a sales system's type from its profile; each type is a positive description.

    See docs/methodology.md#sales-systems.  A profile gets a type only when it fits that
    type's description (every threshold is data):

    * **transactional** — price and complexity at most ``transactional_max`` (LOW), and
      many clients (≥ ``many_clients``, 10 000) or frequent orders
      (≥ ``frequent_orders_per_year``, 12 a year per client);
    * **consultative** — price or complexity at least ``consultative_min`` (HIGH), and
      rare orders (< ``rare_orders_per_year``, 6) or few clients (< ``few_clients``, 500);
    * **mixed** — the book's mixed system: price and complexity at most ``mixed_max``
      (MEDIUM), thousands of clients (≥ ``mixed_min_clients``, 1 000) and an order at
      least every two months (≥ ``mixed_min_orders_per_year``, 6 a year).

    A profile that fits none of the three is :attr:`~kam_core.SalesType.UNKNOWN`, with a
    reason per type naming the characteristics outside its description (high price and
    complexity with 3 000 clients ordering twice a month is not silently mixed).  A
    profile that fits two descriptions takes the first in ``precedence`` and says which
    other it fits.  Unknown characteristics follow three-valued logic: the type is decided
    when the known facts suffice; when a type earlier in ``precedence`` could still fit,
    the outcome is UNKNOWN and ``missing`` says what to find out.

    Each characteristic is a criterion (``price``, ``complexity``, ``client_count``,
    ``orders_per_year``; ``deal_size`` and ``decision_group`` when their thresholds are
    set): ``observed`` is the value, ``threshold`` the bounds, and the status says
    whether the characteristic on its own fits the outcome's description — PASSED inside
    it, FAILED outside (few clients in a system that is transactional by its frequent
    orders), UNKNOWN when the fact is missing.  For an UNKNOWN outcome the statuses are
    read against the closest description (the fewest characteristics outside it; ties
    by ``precedence``).

    Optional signals: with ``large_deal`` or ``large_decision_group`` set, a deal or a
    decision-making group (ГПР) at least that large reads like high price/complexity
    (consultative; outside the transactional and mixed descriptions).

    >>> import kam_core as kc
    >>> seed = kc.SalesSystemProfile(price=kc.Level.LOW, complexity=kc.Level.MEDIUM,
    ...                              client_count=3000, orders_per_year=8)
    >>> d = SalesSystemClassifier().evaluate(seed)
    >>> d.outcome
    <SalesType.MIXED: 'mixed'>
    >>> print(d.explain("ru"))
    Смешанные транзакционные и консультационные продажи. Низкие или средние цена и \
сложность товара, тысячи клиентов, заказ не реже раза в два месяца
    - Цена товаров низкая: признак транзакционных продаж
    - Сложность товаров средняя: между транзакционными и консультационными продажами
    - Клиентов: 3...000 — не массовый рынок, но и не несколько крупных покупателей
    - Заказов в год на клиента: 8 — регулярные покупки средней частоты
    >>> busy = kc.SalesSystemProfile(price=kc.Level.HIGH, complexity=kc.Level.HIGH,
    ...                              client_count=3000, orders_per_year=24)
    >>> d = SalesSystemClassifier().evaluate(busy)
    >>> d.outcome, d.codes[:4]
    (<SalesType.UNKNOWN: 'unknown'>, ('sales_system.unknown', 'sales_system.not_type', \
'sales_system.not_type', 'sales_system.not_type'))
    >>> print(d.explain("en").splitlines()[1])
    - Does not fit the description of transactional selling: price level, product complexity
    """

    kind: Literal["sales_system"] = "sales_system"
    transactional_max: Level = Level.LOW
    """Price and complexity at most this level can be transactional."""
    consultative_min: Level = Level.HIGH
    """Price or complexity at least this level can be consultative."""
    many_clients: Annotated[int, Field(ge=1, le=10**9, strict=True)] = 10_000
    """At least this many clients is a mass market (transactional)."""
    frequent_orders_per_year: OrdersPerYear = Decimal(12)
    """At least this many orders a year per client is frequent (transactional)."""
    few_clients: Annotated[int, Field(ge=1, le=10**9, strict=True)] = 500
    """Fewer clients than this is a few buyers (consultative)."""
    rare_orders_per_year: OrdersPerYear = Decimal(6)
    """Fewer orders a year per client than this is rare (consultative)."""
    mixed_max: Level = Level.MEDIUM
    """Price and complexity at most this level can be mixed (the book: low or medium)."""
    mixed_min_clients: Annotated[int, Field(ge=1, le=10**9, strict=True)] = 1000
    """At least this many clients can be mixed (the book: thousands of clients)."""
    mixed_min_orders_per_year: OrdersPerYear = Decimal(6)
    """At least this many orders a year per client can be mixed (the book: an order every
    two months or more often)."""
    precedence: tuple[_TypeName, _TypeName, _TypeName] = _KNOWN_TYPES
    """The order in which the descriptions are tried: a profile fitting two takes the
    first."""
    large_deal: NonNegativeMoney | None = None
    """If set, an average deal at least this large reads like a high price."""
    large_decision_group: Annotated[int, Field(ge=1, le=10_000, strict=True)] | None = None
    """If set, a decision-making group at least this large reads like high complexity."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        problems = []
        if self.transactional_max.rank >= self.consultative_min.rank:
            problems.append("transactional_max must be a lower level than consultative_min")
        if self.few_clients > self.many_clients:
            problems.append("few_clients must not exceed many_clients")
        if self.rare_orders_per_year > self.frequent_orders_per_year:
            problems.append("rare_orders_per_year must not exceed frequent_orders_per_year")
        if sorted(self.precedence) != sorted(_KNOWN_TYPES):
            problems.append(
                f"precedence={list(self.precedence)}: must list transactional, consultative "
                "and mixed once each"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _level(self, name: str, level: Level | None) -> _Reading:
        bounds = {
            "transactional_at_most": self.transactional_max.value,
            "consultative_at_least": self.consultative_min.value,
            "mixed_at_most": self.mixed_max.value,
        }
        if level is None:
            code = (
                reason("sales_system.price.unknown")
                if name == "price"
                else reason("sales_system.complexity.unknown")
            )
            return _Reading(name, None, None, bounds, code, _unknown_fits())
        if level.rank <= self.transactional_max.rank:
            lean, which = _T, "low"
        elif level.rank >= self.consultative_min.rank:
            lean, which = _C, "high"
        else:
            lean, which = _N, "medium"
        fits = {
            "transactional": _fit(level.rank <= self.transactional_max.rank),
            "consultative": _fit(level.rank >= self.consultative_min.rank),
            "mixed": _fit(level.rank <= self.mixed_max.rank),
        }
        return _Reading(name, level, lean, bounds, _LEVEL_REASONS[(name, which)], fits)

    def _clients(self, count: int | None) -> _Reading:
        bounds = {
            "many_at_least": self.many_clients,
            "few_below": self.few_clients,
            "mixed_at_least": self.mixed_min_clients,
        }
        if count is None:
            why = reason("sales_system.client_count.unknown")
            return _Reading("client_count", None, None, bounds, why, _unknown_fits())
        fits = {
            "transactional": _fit(count >= self.many_clients),
            "consultative": _fit(count < self.few_clients),
            "mixed": _fit(count >= self.mixed_min_clients),
        }
        if count >= self.many_clients:
            why = reason(
                "sales_system.client_count.many", observed=count, threshold=self.many_clients
            )
            return _Reading("client_count", count, _T, bounds, why, fits)
        if count < self.few_clients:
            why = reason(
                "sales_system.client_count.few", observed=count, threshold=self.few_clients
            )
            return _Reading("client_count", count, _C, bounds, why, fits)
        if count < self.mixed_min_clients:
            why = reason(
                "sales_system.client_count.below_mixed",
                observed=count,
                threshold=self.mixed_min_clients,
            )
            return _Reading("client_count", count, _N, bounds, why, fits)
        why = reason("sales_system.client_count.middle", observed=count)
        return _Reading("client_count", count, _N, bounds, why, fits)

    def _orders(self, per_year: Decimal | None) -> _Reading:
        bounds = {
            "frequent_at_least": self.frequent_orders_per_year,
            "rare_below": self.rare_orders_per_year,
            "mixed_at_least": self.mixed_min_orders_per_year,
        }
        name = "orders_per_year"
        if per_year is None:
            why = reason("sales_system.orders_per_year.unknown")
            return _Reading(name, None, None, bounds, why, _unknown_fits())
        fits = {
            "transactional": _fit(per_year >= self.frequent_orders_per_year),
            "consultative": _fit(per_year < self.rare_orders_per_year),
            "mixed": _fit(per_year >= self.mixed_min_orders_per_year),
        }
        if per_year >= self.frequent_orders_per_year:
            why = reason(
                "sales_system.orders_per_year.frequent",
                observed=per_year,
                threshold=self.frequent_orders_per_year,
            )
            return _Reading(name, per_year, _T, bounds, why, fits)
        if per_year < self.rare_orders_per_year:
            why = reason(
                "sales_system.orders_per_year.rare",
                observed=per_year,
                threshold=self.rare_orders_per_year,
            )
            return _Reading(name, per_year, _C, bounds, why, fits)
        if per_year < self.mixed_min_orders_per_year:
            why = reason(
                "sales_system.orders_per_year.below_mixed",
                observed=per_year,
                threshold=self.mixed_min_orders_per_year,
            )
            return _Reading(name, per_year, _N, bounds, why, fits)
        why = reason("sales_system.orders_per_year.regular", observed=per_year)
        return _Reading(name, per_year, _N, bounds, why, fits)

    def _deal_size(self, size: Money | None, large: Money) -> _Reading:
        if size is None:
            why = reason("sales_system.deal_size.unknown")
            return _Reading("deal_size", None, None, large, why, _unknown_fits())
        big = size >= large  # another currency raises CurrencyMismatchError: misuse
        fits = {"transactional": _fit(not big), "consultative": _fit(big), "mixed": _fit(not big)}
        if big:
            why = reason("sales_system.deal_size.large", observed=size, threshold=large)
            return _Reading("deal_size", size, _C, large, why, fits)
        why = reason("sales_system.deal_size.small", observed=size, threshold=large)
        return _Reading("deal_size", size, _N, large, why, fits)

    def _group(self, size: int | None, large: int) -> _Reading:
        name = "decision_group"
        if size is None:
            why = reason("sales_system.decision_group.unknown")
            return _Reading(name, None, None, large, why, _unknown_fits())
        big = size >= large
        fits = {"transactional": _fit(not big), "consultative": _fit(big), "mixed": _fit(not big)}
        if big:
            why = reason("sales_system.decision_group.large", observed=size, threshold=large)
            return _Reading(name, size, _C, large, why, fits)
        why = reason("sales_system.decision_group.small", observed=size, threshold=large)
        return _Reading(name, size, _N, large, why, fits)

    def _readings(self, profile: SalesSystemProfile) -> tuple[_Reading, ...]:
        """Every characteristic read against the thresholds, in a fixed order."""
        out = [
            self._level("price", profile.price),
            self._level("complexity", profile.complexity),
            self._clients(profile.client_count),
            self._orders(profile.orders_per_year),
        ]
        if self.large_deal is not None:
            out.append(self._deal_size(profile.average_deal_size, self.large_deal))
        if self.large_decision_group is not None:
            out.append(self._group(profile.decision_group_size, self.large_decision_group))
        return tuple(out)

    @staticmethod
    def _clauses(
        readings: Mapping[str, _Reading],
    ) -> dict[str, tuple[tuple[CriterionStatus, tuple[str, ...]], ...]]:
        """Each type's description as its conditions: (status, the characteristics read)."""
        extras = tuple(n for n in ("deal_size", "decision_group") if n in readings)

        def own(kind: str, *names: str) -> tuple[CriterionStatus, tuple[str, ...]]:
            statuses = [readings[n].fits[kind] for n in names]
            return (statuses[0] if len(names) == 1 else any_of(statuses)), names

        return {
            "transactional": (
                own("transactional", "price"),
                own("transactional", "complexity"),
                own("transactional", "client_count", "orders_per_year"),
                *(own("transactional", n) for n in extras),
            ),
            "consultative": (
                own("consultative", "price", "complexity", *extras),
                own("consultative", "orders_per_year", "client_count"),
            ),
            "mixed": (
                own("mixed", "price"),
                own("mixed", "complexity"),
                own("mixed", "client_count"),
                own("mixed", "orders_per_year"),
                *(own("mixed", n) for n in extras),
            ),
        }

    def evaluate(
        self,
        profile: SalesSystemProfile,
        *,
        as_of: date | None = None,
        subject: str | None = None,
    ) -> Decision[SalesType]:
        """Classify ``profile``; ``as_of`` and ``subject`` are only recorded.

        >>> import kam_core as kc
        >>> d = SalesSystemClassifier().evaluate(kc.SalesSystemProfile(
        ...     price=kc.Level.HIGH, complexity=None, client_count=None, orders_per_year=2))
        >>> d.outcome, d.missing
        (<SalesType.CONSULTATIVE: 'consultative'>, ('complexity', 'client_count'))
        >>> d = SalesSystemClassifier().evaluate(kc.SalesSystemProfile(
        ...     price=kc.Level.LOW, complexity=None, client_count=3000, orders_per_year=8))
        >>> d.outcome, d.missing, d.codes[0]
        (<SalesType.UNKNOWN: 'unknown'>, ('complexity',), 'sales_system.undetermined')
        """
        readings = self._readings(profile)
        by = {r.name: r for r in readings}
        clauses = self._clauses(by)
        fit = {kind: all_of(s for s, _ in clauses[kind]) for kind in self.precedence}
        first = next((k for k in self.precedence if fit[k] is not FAILED), None)
        extra: list[Reason] = []
        judged: str
        if first is not None and fit[first] is PASSED:
            judged = first
            outcome = SalesType(first)
            head = _TYPE_REASONS[first]
            extra = [
                reason("sales_system.also_fits", other=SalesType(k))
                for k in self.precedence
                if k != first and fit[k] is PASSED
            ]
        elif first is not None:  # a description that could still fit waits for the facts
            judged, outcome, head = first, SalesType.UNKNOWN, reason("sales_system.undetermined")
        else:
            outside: dict[str, tuple[str, ...]] = {
                k: tuple(
                    dict.fromkeys(
                        n
                        for status, names in clauses[k]
                        if status is FAILED
                        for n in names
                        if by[n].fits[k] is FAILED
                    )
                )
                for k in self.precedence
            }
            judged = min(self.precedence, key=lambda k: (len(outside[k]), self.precedence.index(k)))
            outcome, head = SalesType.UNKNOWN, reason("sales_system.unknown")
            extra = [
                reason(
                    "sales_system.not_type",
                    type=SalesType(k),
                    outside=tuple(Term(n) for n in outside[k]),
                )
                for k in self.precedence
            ]
        criteria = tuple(
            CriterionResult(
                r.name,
                r.fits[judged],
                observed=r.observed,
                threshold=r.threshold,
                reasons=(r.reason,),
            )
            for r in readings
        )
        return self._decision(
            outcome,
            criteria=criteria,
            missing=tuple(r.name for r in readings if r.lean is None),
            reasons=(head, *extra, *(r.reason for r in readings)),
            as_of=as_of,
            subject=subject,
        )


def _unknown_fits() -> Mapping[str, CriterionStatus]:
    return dict.fromkeys(_KNOWN_TYPES, UNKNOWN)


_TYPE_REASONS = {
    "transactional": reason("sales_system.transactional"),
    "consultative": reason("sales_system.consultative"),
    "mixed": reason("sales_system.mixed"),
}

_LEVEL_REASONS = {
    ("price", "low"): reason("sales_system.price.low"),
    ("price", "medium"): reason("sales_system.price.medium"),
    ("price", "high"): reason("sales_system.price.high"),
    ("complexity", "low"): reason("sales_system.complexity.low"),
    ("complexity", "medium"): reason("sales_system.complexity.medium"),
    ("complexity", "high"): reason("sales_system.complexity.high"),
}


# --------------------------------------------------------------------------------------
# readiness for key account management


def _unique(values: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(set(values)) != len(values):
        raise ValueError("each entry may appear only once")
    return values


class KamReadiness(Policy):
    """Hise & Reid's six conditions as a readiness gate for KAM (docs/methodology.md#key-accounts).

    READY when every condition in ``required`` (all six by default) is in place.  An
    unmet condition is a FAILED criterion; an unknown one is UNKNOWN and named in
    ``missing`` — the company is NOT_READY until somebody checks it.  ``score`` is the
    share of required conditions in place, 0–100.

    >>> import kam_core as kc
    >>> d = KamReadiness().evaluate(kc.KamProgramme(
    ...     integrated_into_sales=True, top_management_support=True,
    ...     clear_communication_lines=True, objectives_set=True,
    ...     field_sales_cooperation=False, key_accounts_identified=None))
    >>> d.outcome, d.missing, d.criterion("field_sales_cooperation").status.value
    (<Readiness.NOT_READY: 'not_ready'>, ('key_accounts_identified',), 'failed')
    >>> print(d.explain("ru"))  # doctest: +NORMALIZE_WHITESPACE
    Не готова к КАМ. Выполнено условий работы с ключевыми клиентами — 4 из 6
    - Не выполнено: согласованные рабочие отношения менеджеров по продажам и торговых представителей
    - Неизвестно, надо проверить: ключевые клиенты чётко определены и идентифицированы
    Что выяснить: список ключевых клиентов
    """

    kind: Literal["kam_readiness"] = "kam_readiness"
    required: Annotated[
        tuple[KamCondition, ...], Field(min_length=1, max_length=6), BeforeValidator(_tuple_of)
    ] = tuple(KamCondition)
    """The conditions that must be in place, checked in this order."""

    @model_validator(mode="after")
    def _no_repeats(self) -> Self:
        _unique(self.required)
        return self

    def evaluate(
        self,
        programme: KamProgramme,
        *,
        as_of: date | None = None,
        subject: str | None = None,
    ) -> Decision[Readiness]:
        """Judge ``programme``; ``as_of`` and ``subject`` are only recorded."""
        criteria = []
        unmet: list[Reason] = []
        unknown: list[Reason] = []
        for cond in self.required:
            value = programme.condition(cond)
            status = _status(value)
            params = {"condition": cond.value, "label": Term(cond.value, kind="kam_condition")}
            if status is PASSED:
                why = reason("kam_readiness.condition.met", **params)
            elif status is FAILED:
                why = reason("kam_readiness.condition.unmet", **params)
                unmet.append(why)
            else:
                why = reason("kam_readiness.condition.unknown", **params)
                unknown.append(why)
            criteria.append(CriterionResult(cond.value, status, observed=value, reasons=(why,)))
        total = len(criteria)
        met = sum(c.passed for c in criteria)
        ready = met == total
        head = (
            reason("kam_readiness.ready", total=total)
            if ready
            else reason("kam_readiness.not_ready", met=met, total=total)
        )
        return self._decision(
            Readiness.READY if ready else Readiness.NOT_READY,
            score=round(100 * met / total, 1),
            criteria=tuple(criteria),
            missing=tuple(c.name for c in criteria if c.unknown),
            reasons=(head, *unmet, *unknown),
            as_of=as_of,
            subject=subject,
        )


# --------------------------------------------------------------------------------------
# the four sub-processes


_ItemKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
_Items = Annotated[tuple[_ItemKey, ...], Field(max_length=200), BeforeValidator(_tuple_of)]


PaymentsArg = PaymentDiscipline | Iterable[ClientStats] | None
"""Payment facts: one :class:`~kam_core.PaymentDiscipline`, or client stats to merge."""


def _payments(payments: PaymentsArg) -> PaymentDiscipline | None:
    if payments is None or isinstance(payments, PaymentDiscipline):
        return payments
    total = PaymentDiscipline()
    for stats in payments:
        total = total.merged(stats.payments)
    return total


class SubProcessCompleteness(Policy):
    """Completeness of each of the four sub-processes of selling.

    See docs/methodology.md#sub-processes.

    Each checklist item the company answered ``True`` is a PASSED criterion, ``False``
    FAILED, unanswered UNKNOWN (and in ``missing``).  The items are the catalogue's
    (``items``, configurable per sub-process) plus, with ``include_own_items``, any
    other item the company answered (an item without a catalogue text is named by its
    key).  Deal support adds one measured criterion,
    ``payment_discipline``: the overdue share of deals with a due date (from
    ``ClientStats.payments``) must be at most ``max_overdue_share``.  A sub-process is
    COMPLETE when at least ``min_share`` of its items pass (all of them by default).

    >>> import kam_core as kc
    >>> checklist = kc.SubProcessChecklist(sub_process="retention", answers={
    ...     k: True for k in ("satisfaction", "claims", "regular_communication",
    ...                       "product_development", "after_sales", "new_offers")})
    >>> policy = SubProcessCompleteness()
    >>> d = policy.evaluate_one(kc.SalesProcessAssessment(checklists=(checklist,)), "retention")
    >>> d.outcome, d.score, d.missing
    (<Completeness.INCOMPLETE: 'incomplete'>, 85.7, ('competitors',))
    >>> print(d.explain("ru"))
    Удержание и развитие клиентов: не выстроен. Выстроено пунктов — 6 из 7, а нужно 7
    - Неизвестно, надо проверить: мониторинг конкурентов
    Что выяснить: мониторинг конкурентов
    """

    kind: Literal["subprocess_completeness"] = "subprocess_completeness"
    items: Annotated[dict[SubProcess, _Items], Field(max_length=4)] = Field(default_factory=dict)
    """Per sub-process, the items it is judged on instead of the book's catalogue, in order;
    sub-processes not named here keep the catalogue."""
    include_own_items: bool = True
    """Also judge items the company answered that ``items`` does not list."""
    min_share: Annotated[Share, Field(gt=0)] = Decimal(1)
    """Share of items that must be in place for COMPLETE."""
    payment_discipline: bool = True
    """Judge deal support's payment discipline from deals too."""
    max_overdue_share: Share = Decimal("0.10")
    """The highest acceptable share of overdue deals among deals with a due date."""

    @model_validator(mode="after")
    def _unique_items(self) -> Self:
        for items in self.items.values():
            _unique(items)
        return self

    def evaluate(
        self,
        assessment: SalesProcessAssessment,
        *,
        payments: PaymentsArg = None,
        as_of: date | None = None,
        subject: str | None = None,
    ) -> Mapping[SubProcess, Decision[Completeness]]:
        """A decision per sub-process, in the book's order.

        ``payments`` is a :class:`~kam_core.PaymentDiscipline` or the clients' stats
        (their payments are merged); without it payment discipline is unknown.
        """
        pd = _payments(payments)
        return {
            sp: self.evaluate_one(assessment, sp, payments=pd, as_of=as_of, subject=subject)
            for sp in SubProcess
        }

    def _payment_criterion(self, pd: PaymentDiscipline | None) -> CriterionResult:
        share = None if pd is None else pd.overdue_share
        threshold = self.max_overdue_share
        if pd is None or share is None:
            why = reason("subprocess.payment_discipline.unknown")
            return CriterionResult("payment_discipline", UNKNOWN, None, threshold, (why,))
        params = {
            "overdue": pd.overdue,
            "with_due_date": pd.with_due_date,
            "share": share.quantize(Decimal("0.01")),
            "threshold": threshold,
        }
        if share <= threshold:
            why = reason("subprocess.payment_discipline.ok", **params)
            return CriterionResult("payment_discipline", PASSED, share, threshold, (why,))
        why = reason("subprocess.payment_discipline.poor", **params)
        return CriterionResult("payment_discipline", FAILED, share, threshold, (why,))

    def evaluate_one(
        self,
        assessment: SalesProcessAssessment,
        sub_process: SubProcess | str,
        *,
        payments: PaymentsArg = None,
        as_of: date | None = None,
        subject: str | None = None,
    ) -> Decision[Completeness]:
        """The completeness decision of one sub-process."""
        sp = SubProcess(sub_process)
        checklist = assessment.checklist(sp)
        configured = self.items.get(sp)
        keys = (
            [i.key for i in SUBPROCESS_CHECKLISTS[sp]] if configured is None else list(configured)
        )
        if self.include_own_items:
            listed = set(keys)
            keys.extend(sorted(k for k in checklist.answers if k not in listed))
        criteria = []
        item_reasons: list[Reason] = []
        for key in keys:
            value = checklist.answer(key)
            status = _status(value)
            why: tuple[Reason, ...] = ()
            if status is not PASSED:
                texts = {"item": key, "label": Term(key, kind="subprocess_completeness")}
                why = (
                    reason("subprocess.item.unmet", **texts)
                    if status is FAILED
                    else reason("subprocess.item.unknown", **texts),
                )
                item_reasons.extend(why)
            criteria.append(CriterionResult(key, status, observed=value, reasons=why))
        if sp is SubProcess.DEAL_SUPPORT and self.payment_discipline:
            pay = self._payment_criterion(_payments(payments))
            criteria.append(pay)
            item_reasons.extend(pay.reasons)
        total = len(criteria)
        required = math.ceil(self.min_share * total)
        met = sum(c.passed for c in criteria)
        status = at_least(required, (c.status for c in criteria)) if required else PASSED
        params: dict[str, object] = {
            "sub_process": sp.value,
            "title": Term(sp.value, kind="sub_process"),
            "met": met,
            "total": total,
            "required": required,
        }
        if status is PASSED:
            outcome, head = Completeness.COMPLETE, reason("subprocess.complete", **params)
        else:
            outcome, head = Completeness.INCOMPLETE, reason("subprocess.incomplete", **params)
        return self._decision(
            outcome,
            score=round(100 * met / total, 1) if total else 100.0,
            criteria=tuple(criteria),
            missing=tuple(c.name for c in criteria if c.unknown),
            reasons=(head, *item_reasons),
            as_of=as_of,
            subject=subject or sp,  # the sub-process itself: its name in explanations
        )


# --------------------------------------------------------------------------------------
# workload: the correct loading of the conveyor


DAYS_PER_MONTH = Decimal(365) / Decimal(12)
"""A month in workload arithmetic: 365 / 12 days (30.42)."""

_CENT = Decimal("0.01")


@attrs.frozen
class PersonLoad:
    """One person's load: clients, contacts a month, capacity, and the verdict.

    ``by_segment`` holds ``(segment, clients, contacts a month)`` per segment, sorted by
    segment; ``uncovered`` the segments (with their client counts) that have no cadence.

    >>> load = workload({"Анна": ["A"] * 10}, {"A": 30}, capacity_contacts_per_month=100)
    >>> anna = load["Анна"]
    >>> anna.clients, anna.contacts_per_month, anna.utilisation, anna.status.value
    (10, Decimal('10.14'), Decimal('0.10'), 'within_capacity')
    """

    person: str
    clients: int
    contacts_per_month: Decimal
    capacity: Decimal
    utilisation: Decimal
    """contacts_per_month ÷ capacity, two decimals (1.25 = 25 % over)."""
    status: LoadStatus
    by_segment: tuple[tuple[str, int, Decimal], ...] = ()
    uncovered: tuple[tuple[str, int], ...] = ()
    reasons: tuple[Reason, ...] = ()

    @property
    def over_capacity(self) -> bool:
        """The person has more contacts a month than capacity allows."""
        return self.status is LoadStatus.OVER_CAPACITY

    @property
    def decision(self) -> Decision[LoadStatus]:
        """The verdict as a :class:`~kam_core.Decision` (score = utilisation in %)."""
        return Decision(
            self.status,
            score=float(self.utilisation * 100),
            reasons=self.reasons,
            subject=self.person,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "person": self.person,
            "clients": self.clients,
            "contacts_per_month": str(self.contacts_per_month),
            "capacity": str(self.capacity),
            "utilisation": str(self.utilisation),
            "status": self.status.value,
            "by_segment": [[s, n, str(c)] for s, n, c in self.by_segment],
            "uncovered": [[s, n] for s, n in self.uncovered],
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.frozen
class Workload:
    """Everyone's load, sorted by person; :attr:`over_capacity` names who is overloaded.

    >>> load = workload({"Борис": ["A"] * 5, "Анна": ["A"] * 50}, {"A": 7},
    ...                 capacity_contacts_per_month=100)
    >>> [p.person for p in load.people], load.over_capacity
    (['Анна', 'Борис'], ('Анна',))
    """

    people: tuple[PersonLoad, ...]

    @property
    def over_capacity(self) -> tuple[str, ...]:
        """The people over capacity, sorted."""
        return tuple(p.person for p in self.people if p.over_capacity)

    @property
    def under_loaded(self) -> tuple[str, ...]:
        """The people below the under-load floor, sorted."""
        return tuple(p.person for p in self.people if p.status is LoadStatus.UNDER_LOADED)

    def __getitem__(self, person: str | Role | Position) -> PersonLoad:
        key = _person_key(person)
        for p in self.people:
            if p.person == key:
                return p
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "people": [p.to_dict() for p in self.people],
            "over_capacity": list(self.over_capacity),
            "under_loaded": list(self.under_loaded),
        }


Assignee = str | Role | Position
"""A person's name, or a position (catalogue Role or the company's own Position)."""


def _person_key(person: Assignee) -> str:
    return person.key if isinstance(person, Position | Role) else str(person)


def _cadence_days(cadence: Playbook | Mapping[str, int]) -> dict[str, int]:
    if isinstance(cadence, Playbook):
        return {seg: play.contact_every_days for seg, play in cadence.plays.items()}
    out = {}
    for seg, days in cadence.items():
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ValueError(f"cadence[{seg!r}]={days!r}: contact every N days needs an int >= 1")
        out[str(seg)] = days
    return out


def _capacity(value: object, person: str) -> Decimal:
    amount = to_decimal(value, field=f"capacity_contacts_per_month[{person}]")
    if amount <= 0:
        raise ValueError(f"capacity of {person!r} must be positive, got {amount}")
    return amount


def workload(
    assignments: Mapping[Assignee, Iterable[str]],
    cadence: Playbook | Mapping[str, int],
    *,
    capacity_contacts_per_month: int | Decimal | str | Mapping[Assignee, int | Decimal | str],
    segment_of: Mapping[str, str] | None = None,
    under_loaded_below: Decimal | str | None = None,
) -> Workload:
    """Contacts a month per person from their clients and the cadence the playbook asks.

    ``assignments`` maps each person (a name, a :class:`~kam_core.Role` or a
    :class:`~kam_core.Position`) to their clients: segment labels, one per client, or
    client ids when ``segment_of`` (client id → segment) is given (ids are deduplicated
    per person; a client shared by two people loads both; a client missing from
    ``segment_of`` has the segment ``""``).  ``cadence`` is a
    :class:`~kam_core.policies.Playbook` (its plays' ``contact_every_days``) or a mapping
    segment → days.  One client contacted every N days costs 365 / 12 / N contacts a
    month.  A person is OVER_CAPACITY above ``capacity_contacts_per_month`` (one number
    or one per person), UNDER_LOADED below ``under_loaded_below`` × capacity when that
    floor is given.  Clients whose segment has no cadence add no load and are reported
    as ``uncovered`` with a ``workload.no_cadence`` reason.  Pure and deterministic:
    people sorted by key, segments by label, sums exact until the final rounding to
    hundredths.

    >>> load = workload({"Анна": ["A"] * 20 + ["B"] * 40, "Борис": ["B"] * 30},
    ...                 {"A": 7, "B": 30}, capacity_contacts_per_month=100)
    >>> [(p.person, p.clients, p.contacts_per_month) for p in load.people]
    [('Анна', 60, Decimal('127.46')), ('Борис', 30, Decimal('30.42'))]
    >>> load.over_capacity
    ('Анна',)
    >>> print(load["Анна"].decision.explain("ru"))
    Анна: перегружен. Контактов в месяц — 127,46, клиентов — 60: больше нормы (100)
    """
    days = _cadence_days(cadence)
    floor = None if under_loaded_below is None else _share(under_loaded_below)
    people = []
    for person, items in sorted(
        ((_person_key(p), list(v)) for p, v in assignments.items()), key=lambda kv: kv[0]
    ):
        if isinstance(capacity_contacts_per_month, Mapping):
            caps = {_person_key(k): v for k, v in capacity_contacts_per_month.items()}
            if person not in caps:
                raise ValueError(f"capacity_contacts_per_month has no entry for {person!r}")
            capacity = _capacity(caps[person], person)
        else:
            capacity = _capacity(capacity_contacts_per_month, person)
        if segment_of is not None:
            labels = [segment_of.get(cid, "") for cid in sorted(set(items))]
        else:
            labels = items
        counts: dict[str, int] = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        by_segment = []
        uncovered = []
        total = Decimal(0)
        for seg in sorted(counts):
            n = counts[seg]
            every = days.get(seg)
            if every is None:
                uncovered.append((seg, n))
                continue
            contacts = DAYS_PER_MONTH * n / every
            total += contacts
            by_segment.append((seg, n, contacts.quantize(_CENT)))
        load = total.quantize(_CENT)
        utilisation = (total / capacity).quantize(_CENT)
        clients = sum(counts.values())
        params = {"person": person, "load": load, "clients": clients, "capacity": capacity}
        status = load_status(total, capacity, floor)
        if status is LoadStatus.OVER_CAPACITY:
            head = reason("workload.over_capacity", **params)
        elif status is LoadStatus.UNDER_LOADED:
            head = reason("workload.under_loaded", floor=floor, **params)
        else:
            head = reason("workload.within_capacity", **params)
        reasons = [head]
        if uncovered:
            reasons.append(
                reason(
                    "workload.no_cadence",
                    person=person,
                    count=sum(n for _, n in uncovered),
                    segments=tuple(s or "—" for s, _ in uncovered),
                )
            )
        people.append(
            PersonLoad(
                person,
                clients,
                load,
                capacity,
                utilisation,
                status,
                tuple(by_segment),
                tuple(uncovered),
                tuple(reasons),
            )
        )
    return Workload(tuple(people))
