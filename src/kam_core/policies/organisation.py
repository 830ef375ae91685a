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
from kam_core._domain._base import NonNegativeMoney
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
    return to_decimal(value, field="share")


Share = Annotated[
    Decimal,
    BeforeValidator(_share),
    Field(ge=0, le=1),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
]
"""A share 0–1 as an exact Decimal: int, str or Decimal (float refused)."""


# --------------------------------------------------------------------------------------
# sales system type

_T, _C, _N = "transactional", "consultative", "neutral"


@attrs.frozen
class _Reading:
    """One characteristic read against the thresholds."""

    name: str
    observed: object
    lean: str | None  # _T, _C, _N or None when unknown
    threshold: object
    reason: Reason


class SalesSystemClassifier(Policy):
    """Reads a sales system's type from its profile; thresholds are data.

    See docs/methodology.md#sales-systems.

    Defaults: **transactional** when price and complexity are at most LOW and there are
    many clients (≥ 10 000) or frequent orders (≥ 12 a year per client);
    **consultative** when price or complexity is at least HIGH and orders are rare
    (< 6 a year) or clients few (< 500); **mixed** otherwise.  Unknown characteristics
    follow three-valued logic: the type is decided when the known facts suffice, else
    the outcome is ``None`` and ``missing`` says what to find out.

    Each characteristic is a criterion (``price``, ``complexity``, ``client_count``,
    ``orders_per_year``; ``deal_size`` and ``decision_group`` when their thresholds are
    set): ``observed`` is the value, ``threshold`` the bounds, and the status says
    whether it agrees with the outcome — FAILED when it points to the opposite type
    (few clients in a system that came out transactional), PASSED otherwise, UNKNOWN
    when the fact is missing.

    Optional signals: with ``large_deal`` or ``large_decision_group`` set, a deal or a
    decision-making group (ГПР) at least that large reads like high price/complexity.

    >>> import kam_core as kc
    >>> seed = kc.SalesSystemProfile(price=kc.Level.LOW, complexity=kc.Level.MEDIUM,
    ...                              client_count=3000, orders_per_year=8)
    >>> d = SalesSystemClassifier().evaluate(seed)
    >>> d.outcome
    <SalesType.MIXED: 'mixed'>
    >>> print(d.explain("ru"))
    Смешанные транзакционные и консультационные продажи. Признаки транзакционных и \
консультационных продаж сочетаются
    - Цена товаров низкая: признак транзакционных продаж
    - Сложность товаров средняя: не указывает ни на один из крайних типов
    - Клиентов: 3...000 — не массовый рынок, но и не несколько крупных покупателей
    - Заказов в год на клиента: 8 — регулярные покупки средней частоты
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
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _level(self, name: str, level: Level | None) -> _Reading:
        bounds = {
            "transactional_at_most": self.transactional_max.value,
            "consultative_at_least": self.consultative_min.value,
        }
        if level is None:
            code = (
                reason("sales_system.price.unknown")
                if name == "price"
                else reason("sales_system.complexity.unknown")
            )
            return _Reading(name, None, None, bounds, code)
        if level.rank <= self.transactional_max.rank:
            lean, which = _T, "low"
        elif level.rank >= self.consultative_min.rank:
            lean, which = _C, "high"
        else:
            lean, which = _N, "medium"
        return _Reading(name, level, lean, bounds, _LEVEL_REASONS[(name, which)])

    def _clients(self, count: int | None) -> _Reading:
        bounds = {"many_at_least": self.many_clients, "few_below": self.few_clients}
        if count is None:
            return _Reading(
                "client_count", None, None, bounds, reason("sales_system.client_count.unknown")
            )
        if count >= self.many_clients:
            why = reason(
                "sales_system.client_count.many", observed=count, threshold=self.many_clients
            )
            return _Reading("client_count", count, _T, bounds, why)
        if count < self.few_clients:
            why = reason(
                "sales_system.client_count.few", observed=count, threshold=self.few_clients
            )
            return _Reading("client_count", count, _C, bounds, why)
        why = reason("sales_system.client_count.middle", observed=count)
        return _Reading("client_count", count, _N, bounds, why)

    def _orders(self, per_year: Decimal | None) -> _Reading:
        bounds = {
            "frequent_at_least": self.frequent_orders_per_year,
            "rare_below": self.rare_orders_per_year,
        }
        name = "orders_per_year"
        if per_year is None:
            return _Reading(
                name, None, None, bounds, reason("sales_system.orders_per_year.unknown")
            )
        if per_year >= self.frequent_orders_per_year:
            why = reason(
                "sales_system.orders_per_year.frequent",
                observed=per_year,
                threshold=self.frequent_orders_per_year,
            )
            return _Reading(name, per_year, _T, bounds, why)
        if per_year < self.rare_orders_per_year:
            why = reason(
                "sales_system.orders_per_year.rare",
                observed=per_year,
                threshold=self.rare_orders_per_year,
            )
            return _Reading(name, per_year, _C, bounds, why)
        why = reason("sales_system.orders_per_year.regular", observed=per_year)
        return _Reading(name, per_year, _N, bounds, why)

    def _deal_size(self, size: Money | None, large: Money) -> _Reading:
        if size is None:
            return _Reading(
                "deal_size", None, None, large, reason("sales_system.deal_size.unknown")
            )
        if size >= large:  # another currency raises CurrencyMismatchError: misuse
            why = reason("sales_system.deal_size.large", observed=size, threshold=large)
            return _Reading("deal_size", size, _C, large, why)
        why = reason("sales_system.deal_size.small", observed=size, threshold=large)
        return _Reading("deal_size", size, _N, large, why)

    def _group(self, size: int | None, large: int) -> _Reading:
        name = "decision_group"
        if size is None:
            return _Reading(name, None, None, large, reason("sales_system.decision_group.unknown"))
        if size >= large:
            why = reason("sales_system.decision_group.large", observed=size, threshold=large)
            return _Reading(name, size, _C, large, why)
        why = reason("sales_system.decision_group.small", observed=size, threshold=large)
        return _Reading(name, size, _N, large, why)

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

    def evaluate(
        self,
        profile: SalesSystemProfile,
        *,
        as_of: date | None = None,
        subject: str | None = None,
    ) -> Decision[SalesType | None]:
        """Classify ``profile``; ``as_of`` and ``subject`` are only recorded.

        >>> import kam_core as kc
        >>> d = SalesSystemClassifier().evaluate(kc.SalesSystemProfile(
        ...     price=kc.Level.HIGH, complexity=None, client_count=None, orders_per_year=2))
        >>> d.outcome, d.missing
        (<SalesType.CONSULTATIVE: 'consultative'>, ('complexity', 'client_count'))
        """
        readings = self._readings(profile)
        by = {r.name: r for r in readings}

        def leans(name: str, lean: str) -> CriterionStatus:
            have = by[name].lean
            return UNKNOWN if have is None else PASSED if have == lean else FAILED

        def not_c(name: str) -> CriterionStatus:
            have = by[name].lean
            return UNKNOWN if have is None else FAILED if have == _C else PASSED

        extras = [n for n in ("deal_size", "decision_group") if n in by]
        transactional = all_of(
            [
                leans("price", _T),
                leans("complexity", _T),
                any_of([leans("client_count", _T), leans("orders_per_year", _T)]),
                *(not_c(n) for n in extras),
            ]
        )
        consultative = all_of(
            [
                any_of(
                    [leans("price", _C), leans("complexity", _C), *(leans(n, _C) for n in extras)]
                ),
                any_of([leans("client_count", _C), leans("orders_per_year", _C)]),
            ]
        )
        outcome: SalesType | None
        if transactional is PASSED:
            outcome, head = SalesType.TRANSACTIONAL, reason("sales_system.transactional")
        elif consultative is PASSED:
            outcome, head = SalesType.CONSULTATIVE, reason("sales_system.consultative")
        elif transactional is FAILED and consultative is FAILED:
            outcome, head = SalesType.MIXED, reason("sales_system.mixed")
        else:
            outcome, head = None, reason("sales_system.undetermined")
        opposite = (
            _C
            if outcome is SalesType.TRANSACTIONAL
            else _T
            if outcome is SalesType.CONSULTATIVE
            else None
        )
        criteria = tuple(
            CriterionResult(
                r.name,
                UNKNOWN if r.lean is None else FAILED if r.lean == opposite else PASSED,
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
            reasons=(head, *(r.reason for r in readings)),
            as_of=as_of,
            subject=subject,
        )


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
