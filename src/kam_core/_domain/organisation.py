"""Organisation design (METHODOLOGY.md §1, §2, §6, §7): the sales system and its parts.

A company is described by a :class:`SalesSystemProfile` (price, complexity, clients,
purchase frequency), which decides the :class:`SalesType` and so the positions it needs
(:func:`structure_for`); :class:`KamProgramme` records Hise & Reid's six conditions for
key account management; :class:`SalesProcessAssessment` is the company's own checklist
of the four sub-processes of selling.  All of them are facts entered by people, so
``None`` always means *unknown*, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from statistics import median
from types import MappingProxyType
from typing import Annotated, Any, Self

import attrs
from pydantic import BeforeValidator, Field, PlainSerializer, StrictBool, model_validator

from kam_core._domain._base import Entity, NonNegativeMoney, Text
from kam_core._domain.role import Function, Responsibility, Role
from kam_core._money import Money, to_decimal
from kam_core._stats import ClientStats
from kam_core._time import Period

__all__ = [
    "SUBPROCESS_CHECKLISTS",
    "TRANSACTIONAL_VS_KAM",
    "ChecklistItem",
    "ComparisonRow",
    "Completeness",
    "KamCondition",
    "KamProgramme",
    "Level",
    "LoadStatus",
    "PositionSpec",
    "Readiness",
    "SalesProcessAssessment",
    "SalesSystemProfile",
    "SalesType",
    "SubProcess",
    "SubProcessChecklist",
    "checklist_item",
    "positions_for",
    "structure_for",
]


# --------------------------------------------------------------------------------------
# the sales system


class Level(StrEnum):
    """A three-step level of a characteristic (price, product complexity).

    Levels are ordered by :attr:`rank` (LOW < MEDIUM < HIGH), not alphabetically.

    >>> Level.LOW < Level.HIGH, max(Level), Level.MEDIUM.russian
    (True, <Level.HIGH: 'high'>, 'средняя')
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank

    @property
    def rank(self) -> int:
        """0 for LOW, 1 for MEDIUM, 2 for HIGH."""
        return _LEVEL_RANK[self]

    @property
    def russian(self) -> str:
        """The level in Russian (feminine, as in «стоимость низкая»)."""
        return _LEVEL_RU[self]


_LEVEL_RANK = {Level.LOW: 0, Level.MEDIUM: 1, Level.HIGH: 2}
_LEVEL_RU = {Level.LOW: "низкая", Level.MEDIUM: "средняя", Level.HIGH: "высокая"}


class SalesType(StrEnum):
    """The type of a sales system (METHODOLOGY.md §2).

    >>> SalesType.MIXED.russian
    'смешанные транзакционные и консультационные продажи'
    """

    TRANSACTIONAL = "transactional"
    """Транзакционные продажи: low price and complexity, many clients or frequent orders."""
    CONSULTATIVE = "consultative"
    """Консультационные продажи: high price or complexity, few clients or rare orders."""
    MIXED = "mixed"
    """Смешанные продажи: everything in between; the most common B2B system."""

    @property
    def russian(self) -> str:
        """The methodology's Russian name."""
        return _SALES_TYPE_RU[self]


_SALES_TYPE_RU = {
    SalesType.TRANSACTIONAL: "транзакционные продажи",
    SalesType.CONSULTATIVE: "консультационные продажи",
    SalesType.MIXED: "смешанные транзакционные и консультационные продажи",
}


def _frequency(value: object) -> Decimal:
    return to_decimal(value, field="orders_per_year")


OrdersPerYear = Annotated[
    Decimal,
    BeforeValidator(_frequency),
    Field(ge=0, le=100_000),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
]
"""Orders a year per client: int, str or Decimal (float refused); 6 = every two months."""

_Count = Annotated[int, Field(ge=0, le=10**9, strict=True)]


class SalesSystemProfile(Entity):
    """The four characteristics that decide a sales system's type, plus two optional ones.

    Every characteristic may be ``None`` (unknown); the classifier then says what to ask.
    ``orders_per_year`` is per client (typical, e.g. the median); 6 means "an order at
    least every two months".

    >>> seed = SalesSystemProfile(price=Level.LOW, complexity=Level.MEDIUM,
    ...                           client_count=3000, orders_per_year=8)
    >>> seed.orders_per_year, seed.average_deal_size is None
    (Decimal('8'), True)
    >>> SalesSystemProfile.model_validate(seed.model_dump(mode="json")) == seed
    True
    """

    price: Level | None
    """Price of the goods (стоимость товаров)."""
    complexity: Level | None
    """Product complexity (сложность товаров)."""
    client_count: _Count | None
    """Number of clients (количество клиентов): units … thousands."""
    orders_per_year: OrdersPerYear | None
    """Purchase frequency per client (частота покупок)."""
    average_deal_size: NonNegativeMoney | None = None
    """Average deal amount (средний чек), if known."""
    decision_group_size: Annotated[int, Field(ge=1, le=10_000, strict=True)] | None = None
    """People in a typical client's decision-making group (ГПР), if known."""

    @classmethod
    def from_stats(
        cls,
        population: Iterable[ClientStats],
        *,
        price: Level | None,
        complexity: Level | None,
        window_months: int = 12,
        decision_group_size: int | None = None,
    ) -> Self:
        """Measure clients, frequency and average deal from the book of deals.

        Price and complexity are judgements people make; the rest is measured over the
        ``window_months`` up to the population's common ``as_of``: ``client_count`` =
        clients with an order in the window, ``orders_per_year`` = the median client's
        orders in the window scaled to a year (two decimals), ``average_deal_size`` =
        the window's revenue ÷ its orders (rounded to the currency's minor units).

        >>> from datetime import date
        >>> from kam_core import Deal, Money, build_stats
        >>> deals = [Deal(id=f"D-{c}-{m}", client_id=c, status="won",
        ...               opened_on=date(2026, m, 1), closed_on=date(2026, m, 2),
        ...               amount=Money("1000", "RUB"))
        ...          for c, months in (("C-1", range(1, 11)), ("C-2", (2, 4, 6, 8)),
        ...                            ("C-3", (5,)))
        ...          for m in months]
        >>> stats = build_stats(deals, as_of=date(2026, 11, 24)).values()
        >>> prof = SalesSystemProfile.from_stats(stats, price=Level.LOW, complexity=Level.LOW)
        >>> prof.client_count, prof.orders_per_year, prof.average_deal_size
        (3, Decimal('4.00'), Money('1000.00', 'RUB'))
        """
        if window_months < 1:
            raise ValueError(f"window_months={window_months!r}: must be >= 1")
        stats = tuple(population)
        dates = {s.as_of for s in stats}
        if len(dates) > 1:
            raise ValueError(
                f"stats are as of {sorted(d.isoformat() for d in dates)}: "
                "build every client's stats for one date"
            )
        if not stats:
            return cls(
                price=price,
                complexity=complexity,
                client_count=0,
                orders_per_year=None,
                decision_group_size=decision_group_size,
            )
        period = Period.trailing_months(stats[0].as_of, window_months)
        counts = sorted(n for n in (s.orders_in(period) for s in stats) if n)
        frequency = None
        deal = None
        if counts:
            scale = Decimal(12) / Decimal(window_months)
            frequency = (Decimal(median(counts)) * scale).quantize(Decimal("0.01"))
            currency = stats[0].currency
            revenue = Money.total((s.revenue_in(period) for s in stats), currency)
            deal = (revenue / sum(counts)).round()
        return cls(
            price=price,
            complexity=complexity,
            client_count=len(counts),
            orders_per_year=frequency,
            average_deal_size=deal,
            decision_group_size=decision_group_size,
        )


class Readiness(StrEnum):
    """Whether a company is ready for key account management (``KamReadiness``'s outcome).

    >>> Readiness.NOT_READY == "not_ready"
    True
    """

    READY = "ready"
    NOT_READY = "not_ready"

    @property
    def russian(self) -> str:
        """The name a Russian-speaking sales manager reads."""
        return _READINESS_RU[self]


_READINESS_RU = {
    Readiness.READY: "готова",
    Readiness.NOT_READY: "не готова",
}


class Completeness(StrEnum):
    """Whether a sub-process's technology is in place (``SubProcessCompleteness``'s outcome).

    >>> Completeness("complete")
    <Completeness.COMPLETE: 'complete'>
    """

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"

    @property
    def russian(self) -> str:
        """The name a Russian-speaking sales manager reads."""
        return _COMPLETENESS_RU[self]


_COMPLETENESS_RU = {
    Completeness.COMPLETE: "выстроен",
    Completeness.INCOMPLETE: "не выстроен",
}


class LoadStatus(StrEnum):
    """How loaded a person is against their capacity (``workload``'s verdict).

    >>> LoadStatus.OVER_CAPACITY.value
    'over_capacity'
    """

    OVER_CAPACITY = "over_capacity"
    WITHIN_CAPACITY = "within_capacity"
    UNDER_LOADED = "under_loaded"

    @property
    def russian(self) -> str:
        """The name a Russian-speaking sales manager reads."""
        return _LOAD_STATUS_RU[self]


_LOAD_STATUS_RU = {
    LoadStatus.OVER_CAPACITY: "перегружен",
    LoadStatus.WITHIN_CAPACITY: "в пределах нормы",
    LoadStatus.UNDER_LOADED: "недогружен",
}

# --------------------------------------------------------------------------------------
# structure: the positions a sales system needs

_MIXED = (
    Role.TELEMARKETER,
    Role.DEVELOPMENT_SPECIALIST,
    Role.CLIENT_MANAGER,
    Role.BACK_OFFICE,
    Role.SALES_SUPPORT,
)
_TRANSACTIONAL = (
    Role.MARKETER,
    Role.TELEMARKETER,
    Role.CLIENT_MANAGER,
    Role.BACK_OFFICE,
    Role.SALES_SUPPORT,
)
_CONSULTATIVE = (
    Role.MARKETER,
    Role.DEVELOPMENT_SPECIALIST,
    Role.CLIENT_MANAGER,
    Role.PROJECT_MANAGER,
    Role.SPECIALIST,
    Role.SALES_SUPPORT,
)
_STRUCTURES: Mapping[SalesType, tuple[Role, ...]] = MappingProxyType(
    {
        SalesType.MIXED: _MIXED,
        SalesType.TRANSACTIONAL: _TRANSACTIONAL,
        SalesType.CONSULTATIVE: _CONSULTATIVE,
    }
)

# why each position is in each structure: (english, russian)
_PURPOSE: Mapping[tuple[SalesType, Role], tuple[str, str]] = MappingProxyType(
    {
        (SalesType.MIXED, Role.TELEMARKETER): (
            "qualifies the cold base and leads, inbound and outbound, preparing the "
            "development specialists' work",
            "квалифицирует клиентов по холодной базе и лидам (входящие и исходящие звонки), "
            "готовит работу специалистов по развитию",
        ),
        (SalesType.MIXED, Role.DEVELOPMENT_SPECIALIST): (
            "the 'entry' to the client: finds the moment of decision (e.g. a retailer's "
            "assortment committee) and makes the first sale",
            "«вход» к клиенту: определяет время принятия решения (например, ассортиментный "
            "комитет сети) и делает первую продажу",
        ),
        (SalesType.MIXED, Role.CLIENT_MANAGER): (
            "secures regular supplies, then widens assortment and volume",
            "обеспечивает регулярные поставки, затем расширяет ассортимент и объёмы",
        ),
        (SalesType.MIXED, Role.BACK_OFFICE): (
            "the operator: takes and registers orders quickly and without errors",
            "операционист: быстро и безошибочно принимает и оформляет заказы",
        ),
        (SalesType.MIXED, Role.SALES_SUPPORT): (
            "sales support: documents, logistics, information for the sellers",
            "поддержка отдела продаж: документы, логистика, информация для продавцов",
        ),
        (SalesType.TRANSACTIONAL, Role.MARKETER): (
            "brings a steady flow of many small buyers: campaigns and channels",
            "обеспечивает поток множества небольших покупателей: каналы и кампании",
        ),
        (SalesType.TRANSACTIONAL, Role.TELEMARKETER): (
            "qualifies leads and turns them into a first order by phone: the entry is "
            "cheap, so no separate hunter is needed",
            "квалифицирует лиды и доводит их до первого заказа по телефону: «вход» "
            "дешёвый, отдельный охотник не нужен",
        ),
        (SalesType.TRANSACTIONAL, Role.CLIENT_MANAGER): (
            "grows frequency, order value and assortment across a large base",
            "растит частоту, средний чек и ассортимент по большой клиентской базе",
        ),
        (SalesType.TRANSACTIONAL, Role.BACK_OFFICE): (
            "the operator: frequent orders make speed and accuracy of order taking the core",
            "операционист: при частых заказах скорость и точность приёма заказов — главное",
        ),
        (SalesType.TRANSACTIONAL, Role.SALES_SUPPORT): (
            "sales support: documents, logistics, payment control",
            "поддержка отдела продаж: документы, логистика, контроль оплат",
        ),
        (SalesType.CONSULTATIVE, Role.MARKETER): (
            "finds the few target companies and their decision-making groups",
            "находит немногих целевых клиентов и их группы принятия решения (ГПР)",
        ),
        (SalesType.CONSULTATIVE, Role.DEVELOPMENT_SPECIALIST): (
            "leads the long first sale through the decision-making group to the ЛПР",
            "ведёт долгую первую продажу через ГПР к ЛПР",
        ),
        (SalesType.CONSULTATIVE, Role.CLIENT_MANAGER): (
            "keeps the relationship between rare purchases and prepares the next one",
            "поддерживает отношения между редкими покупками и готовит следующую",
        ),
        (SalesType.CONSULTATIVE, Role.PROJECT_MANAGER): (
            "delivers the purchased solution",
            "сопровождает и реализует купленное решение",
        ),
        (SalesType.CONSULTATIVE, Role.SPECIALIST): (
            "shapes the solution and supports the commercial proposal",
            "формирует решение для клиента и поддерживает коммерческое предложение",
        ),
        (SalesType.CONSULTATIVE, Role.SALES_SUPPORT): (
            "sales support: contracts, documents, payment control",
            "поддержка отдела продаж: договоры, документы, контроль оплат",
        ),
    }
)
_KAM_PURPOSE = (
    "serves the key accounts: many people at the client, the supplier's resources, "
    "field reps across departments and regions",
    "работает с ключевыми клиентами: отношения со многими людьми клиента, ресурсы "
    "поставщика, координация торговых представителей по подразделениям и регионам",
)


def structure_for(sales_type: SalesType | str, *, key_accounts: bool = False) -> tuple[Role, ...]:
    """The positions a sales system of ``sales_type`` needs, scout to support.

    The mixed structure is the book's (seed 001): telemarketer, development specialist,
    client manager, operator (back office), sales support.  Transactional and
    consultative are this library's reading of METHODOLOGY.md §1–§2 (see
    ``docs/organisation.md``).  With ``key_accounts=True`` (key-account candidates exist)
    a key account manager joins, right after the client manager.

    >>> [r.value for r in structure_for(SalesType.MIXED)]
    ['telemarketer', 'development_specialist', 'client_manager', 'back_office', 'sales_support']
    >>> Role.KEY_ACCOUNT_MANAGER in structure_for("consultative", key_accounts=True)
    True
    """
    roles = _STRUCTURES[SalesType(sales_type)]
    if not key_accounts:
        return roles
    at = roles.index(Role.CLIENT_MANAGER) + 1
    return (*roles[:at], Role.KEY_ACCOUNT_MANAGER, *roles[at:])


@attrs.frozen
class PositionSpec:
    """One position of a structure: the role, its function, its tasks and why it is there.

    >>> spec = positions_for(SalesType.MIXED)[0]
    >>> spec.role, spec.function, spec.function.russian
    (<Role.TELEMARKETER: 'telemarketer'>, <Function.SCOUT: 'scout'>, 'разведчик')
    """

    role: Role
    function: Function
    responsibilities: tuple[Responsibility, ...]
    purpose: str
    purpose_ru: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for a UI."""
        return {
            "role": self.role.value,
            "role_ru": self.role.russian,
            "function": self.function.value,
            "function_ru": self.function.russian,
            "responsibilities": [r.value for r in self.responsibilities],
            "purpose": self.purpose,
            "purpose_ru": self.purpose_ru,
        }


def positions_for(
    sales_type: SalesType | str, *, key_accounts: bool = False
) -> tuple[PositionSpec, ...]:
    """:func:`structure_for` with each position's function, tasks and purpose (EN + RU).

    >>> [(s.role.value, s.function.value) for s in positions_for("mixed")][:3]
    [('telemarketer', 'scout'), ('development_specialist', 'hunter'), ('client_manager', 'farmer')]
    """
    kind = SalesType(sales_type)
    out = []
    for role in structure_for(kind, key_accounts=key_accounts):
        en, ru = _KAM_PURPOSE if role is Role.KEY_ACCOUNT_MANAGER else _PURPOSE[(kind, role)]
        out.append(PositionSpec(role, role.function, role.responsibilities, en, ru))
    return tuple(out)


# --------------------------------------------------------------------------------------
# transactional selling vs key account management (seed 004, table 6.1)


@attrs.frozen
class ComparisonRow:
    """One row of table 6.1: a dimension, the transactional and the key-account answer.

    >>> row = TRANSACTIONAL_VS_KAM[0]
    >>> row.dimension, row.transactional, row.key_account_management
    ('Overall goal', 'The sale', 'Preferred-supplier status')
    """

    dimension: str
    transactional: str
    key_account_management: str
    dimension_ru: str
    transactional_ru: str
    key_account_management_ru: str

    def to_dict(self) -> dict[str, str]:
        """JSON-safe form for a UI."""
        return attrs.asdict(self)


TRANSACTIONAL_VS_KAM: tuple[ComparisonRow, ...] = (
    ComparisonRow(
        "Overall goal",
        "The sale",
        "Preferred-supplier status",
        "Общая цель",
        "Продажа",
        "Статус предпочтительного поставщика",
    ),
    ComparisonRow(
        "Selling skills",
        "Questioning, handling objections, closing",
        "Building trust, providing top-level service",
        "Навыки и умения по продажам",
        "Формулирование вопросов, снятие возражений, завершение сделки",
        "Формирование доверия, предоставление обслуживания высшего уровня",
    ),
    ComparisonRow(
        "Nature of the relationship",
        "Short and intermittent",
        "Continuous and intense",
        "Сущность взаимоотношений",
        "Краткость, прерывистость",
        "Продолжительность, большая интенсивность",
    ),
    ComparisonRow(
        "Sales reps' aim",
        "Close the deal",
        "Manage the relationship",
        "Цели торговых представителей",
        "Завершение сделки",
        "Управление взаимоотношениями",
    ),
    ComparisonRow(
        "People involved",
        "One or two sales reps per customer",
        "A cross-functional team, often with many sales reps",
        "Сущность деятельности торговых представителей",
        "Один или два торговых представителя на потребителя",
        "Межфункциональная команда, в которую часто входит много торговых представителей",
    ),
)
"""Seed 004, table 6.1: how transactional selling differs from key account management.

>>> [row.dimension for row in TRANSACTIONAL_VS_KAM][:2]
['Overall goal', 'Selling skills']
>>> TRANSACTIONAL_VS_KAM[0].key_account_management_ru
'Статус предпочтительного поставщика'
"""


# --------------------------------------------------------------------------------------
# key account management: Hise & Reid's six conditions


class KamCondition(StrEnum):
    """Hise & Reid's (1994) six conditions for KAM success, named as KamProgramme's fields.

    >>> KamCondition.TOP_MANAGEMENT_SUPPORT.russian
    'понимание высшим руководством значения ключевых клиентов и его поддержка'
    """

    INTEGRATED_INTO_SALES = "integrated_into_sales"
    TOP_MANAGEMENT_SUPPORT = "top_management_support"
    CLEAR_COMMUNICATION_LINES = "clear_communication_lines"
    OBJECTIVES_SET = "objectives_set"
    FIELD_SALES_COOPERATION = "field_sales_cooperation"
    KEY_ACCOUNTS_IDENTIFIED = "key_accounts_identified"

    @property
    def english(self) -> str:
        """The condition in words."""
        return _KAM_CONDITION_TEXT[self][0]

    @property
    def russian(self) -> str:
        """The condition as the Russian edition words it."""
        return _KAM_CONDITION_TEXT[self][1]


_KAM_CONDITION_TEXT = {
    KamCondition.INTEGRATED_INTO_SALES: (
        "the KAM programme is integrated into the company's overall sales scheme",
        "программа работы с ключевыми клиентами интегрирована в общую схему продаж",
    ),
    KamCondition.TOP_MANAGEMENT_SUPPORT: (
        "top management understands the value of key accounts and supports them",
        "понимание высшим руководством значения ключевых клиентов и его поддержка",
    ),
    KamCondition.CLEAR_COMMUNICATION_LINES: (
        "clear, practical lines of communication between the main sales and service units",
        "чёткие практические линии коммуникации между подразделениями продаж и обслуживания",
    ),
    KamCondition.OBJECTIVES_SET: (
        "objectives set and missions defined",
        "цели установлены, миссии определены",
    ),
    KamCondition.FIELD_SALES_COOPERATION: (
        "agreed working relationships between sales managers and field reps",
        "согласованные рабочие отношения менеджеров по продажам и торговых представителей",
    ),
    KamCondition.KEY_ACCOUNTS_IDENTIFIED: (
        "the key accounts are clearly defined and identified",
        "ключевые клиенты чётко определены и идентифицированы",
    ),
}

_Flag = StrictBool | None


class KamProgramme(Entity):
    """A company's key-account programme against Hise & Reid's six conditions.

    Each condition is ``True`` (in place), ``False`` (not in place) or ``None``
    (unknown: nobody checked).  ``evidence`` holds notes per condition (what was seen,
    who confirmed it).

    >>> prog = KamProgramme(integrated_into_sales=True, top_management_support=True,
    ...                     evidence={"top_management_support": "CEO chairs the KAM board"})
    >>> prog.condition(KamCondition.TOP_MANAGEMENT_SUPPORT), prog.condition("objectives_set")
    (True, None)
    """

    integrated_into_sales: _Flag = None
    top_management_support: _Flag = None
    clear_communication_lines: _Flag = None
    objectives_set: _Flag = None
    field_sales_cooperation: _Flag = None
    key_accounts_identified: _Flag = None
    evidence: Annotated[dict[KamCondition, Text], Field(max_length=6)] = Field(default_factory=dict)
    """Notes per condition: what was seen, who confirmed it."""

    def condition(self, condition: KamCondition | str) -> bool | None:
        """Whether ``condition`` holds: True, False or None (unknown)."""
        value: bool | None = getattr(self, KamCondition(condition).value)
        return value

    @property
    def conditions(self) -> Mapping[KamCondition, bool | None]:
        """All six conditions in Hise & Reid's order."""
        return MappingProxyType({c: self.condition(c) for c in KamCondition})


# --------------------------------------------------------------------------------------
# the four sub-processes of selling (seed 003)


class SubProcess(StrEnum):
    """The four sub-processes of the sales process (seed 003, METHODOLOGY.md §7).

    >>> [s.russian for s in SubProcess][:2]
    ['поиск и привлечение клиентов', 'обработка конкретных заявок клиентов']
    """

    ACQUISITION = "acquisition"
    ORDER_PROCESSING = "order_processing"
    DEAL_SUPPORT = "deal_support"
    RETENTION = "retention"

    @property
    def english(self) -> str:
        """The sub-process in words."""
        return _SUBPROCESS_TEXT[self][0]

    @property
    def russian(self) -> str:
        """The sub-process as the book names it."""
        return _SUBPROCESS_TEXT[self][1]


_SUBPROCESS_TEXT = {
    SubProcess.ACQUISITION: ("acquisition of clients", "поиск и привлечение клиентов"),
    SubProcess.ORDER_PROCESSING: (
        "processing of client orders",
        "обработка конкретных заявок клиентов",
    ),
    SubProcess.DEAL_SUPPORT: ("deal support and closing", "сопровождение и закрытие сделок"),
    SubProcess.RETENTION: ("retention and development", "удержание и развитие клиентов"),
}


@attrs.frozen
class ChecklistItem:
    """One question of a sub-process checklist: a key, and its text in English and Russian.

    >>> item = SUBPROCESS_CHECKLISTS[SubProcess.ACQUISITION][0]
    >>> item.key, item.russian
    ('pre_qualification', 'Предварительная квалификация')
    >>> item.to_dict()["sub_process"]
    'acquisition'
    """

    sub_process: SubProcess
    key: str
    english: str
    russian: str

    def to_dict(self) -> dict[str, str]:
        """JSON-safe form for a UI."""
        return {
            "sub_process": self.sub_process.value,
            "key": self.key,
            "english": self.english,
            "russian": self.russian,
        }


def _items(sp: SubProcess, *rows: tuple[str, str, str]) -> tuple[ChecklistItem, ...]:
    return tuple(ChecklistItem(sp, key, en, ru) for key, en, ru in rows)


SUBPROCESS_CHECKLISTS: Mapping[SubProcess, tuple[ChecklistItem, ...]] = MappingProxyType(
    {
        SubProcess.ACQUISITION: _items(
            SubProcess.ACQUISITION,
            ("pre_qualification", "Client pre-qualification", "Предварительная квалификация"),
            ("client_base_work", "Working the client base", "Работа с клиентской базой"),
            (
                "proposals",
                "General and individual commercial proposals",
                "Общие и индивидуальные коммерческие предложения",
            ),
            ("proposal_delivery", "Delivering proposals to clients", "Доставка предложений"),
            ("feedback", "Getting feedback from the client", "Получение обратной связи"),
            (
                "progress_assessment",
                "Assessing commercial progress",
                "Оценка коммерческого прогресса",
            ),
            ("profitability", "Profitability of sales", "Рентабельность продаж"),
            ("contract_campaign", "Contract campaign", "Договорная кампания"),
            (
                "first_order_help",
                "Helping the client form the first order",
                "Помощь клиенту в формировании первого заказа",
            ),
        ),
        SubProcess.ORDER_PROCESSING: _items(
            SubProcess.ORDER_PROCESSING,
            ("inter_department", "Work between departments", "Взаимодействие между отделами"),
            ("feasibility", "Assessing whether the order can be met", "Оценка выполнимости"),
            ("stock_reservation", "Reserving stock", "Резервирование товара"),
            ("order_changes", "Agreeing order changes", "Согласование изменений в заказе"),
            ("profitability", "Profitability of sales", "Рентабельность продаж"),
            (
                "automation",
                "Automation and technical equipment",
                "Автоматизация и техническая оснащённость",
            ),
            (
                "time_limits",
                "Time limits for handling an order",
                "Временные параметры работы с заявкой",
            ),
            ("documenting", "Documenting the work on an order", "Документирование работы"),
            (
                "individual_offers",
                "Forming individual offers",
                "Формирование индивидуальных предложений",
            ),
        ),
        SubProcess.DEAL_SUPPORT: _items(
            SubProcess.DEAL_SUPPORT,
            (
                "receivables_prevention",
                "Preventing receivables",
                "Предотвращение дебиторской задолженности",
            ),
            ("payment_system", "Payment system", "Система оплаты"),
            ("documents", "Document flow", "Документооборот"),
            ("debt_control", "Debt control and collection", "Контроль и возврат задолженности"),
            ("information_service", "Information service", "Информационный сервис"),
            (
                "deal_management",
                "Deal management (project management)",
                "Менеджмент сделок (проектный менеджмент)",
            ),
            ("debt_time_limits", "Time limits on debt", "Временные параметры работы с долгом"),
            (
                "payment_incentives",
                "Incentives for payment discipline",
                "Стимулирование платёжной дисциплины",
            ),
        ),
        SubProcess.RETENTION: _items(
            SubProcess.RETENTION,
            (
                "satisfaction",
                "Measuring client satisfaction",
                "Оценка удовлетворённости клиентов",
            ),
            (
                "claims",
                "Claims management, solving the client's current problems",
                "Менеджмент претензий, решение текущих проблем клиента",
            ),
            (
                "regular_communication",
                "Regular communication with the client",
                "Регулярная коммуникация с клиентом",
            ),
            ("product_development", "Product development", "Развитие продуктов"),
            ("after_sales", "After-sales service", "Постпродажный сервис"),
            (
                "new_offers",
                "Working with the client on new offers",
                "Работа с клиентом для создания новых предложений",
            ),
            ("competitors", "Monitoring competitors", "Мониторинг конкурентов"),
        ),
    }
)
"""The book's checklist per sub-process (seed 003), in the book's order.

>>> [len(SUBPROCESS_CHECKLISTS[sp]) for sp in SubProcess]
[9, 9, 8, 7]
"""


def checklist_item(sub_process: SubProcess | str, key: str) -> ChecklistItem | None:
    """The catalogue item ``key`` of ``sub_process``, or None for a company's own item.

    >>> checklist_item("deal_support", "debt_control").russian
    'Контроль и возврат задолженности'
    """
    for item in SUBPROCESS_CHECKLISTS[SubProcess(sub_process)]:
        if item.key == key:
            return item
    return None


_ItemKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


class SubProcessChecklist(Entity):
    """A company's answers for one sub-process: item key → in place (True/False/None).

    Keys are the catalogue's (:data:`SUBPROCESS_CHECKLISTS`) or the company's own.

    >>> SubProcessChecklist(sub_process="acquisition",
    ...                     answers={"pre_qualification": True}).answer("feedback") is None
    True
    """

    sub_process: SubProcess
    answers: Annotated[dict[_ItemKey, _Flag], Field(max_length=200)] = Field(default_factory=dict)
    notes: Annotated[dict[_ItemKey, Text], Field(max_length=200)] = Field(default_factory=dict)
    """Evidence or comments per item."""

    def answer(self, key: str) -> bool | None:
        """The answer for ``key``; None when unanswered or unknown."""
        return self.answers.get(key)


class SalesProcessAssessment(Entity):
    """The company's assessment of its four sub-processes; one checklist each at most.

    >>> a = SalesProcessAssessment.blank()
    >>> a.checklist("retention").answer("claims") is None, len(a.checklists)
    (True, 4)
    """

    checklists: Annotated[tuple[SubProcessChecklist, ...], Field(max_length=4)] = ()

    @model_validator(mode="after")
    def _one_per_sub_process(self) -> Self:
        seen = [c.sub_process for c in self.checklists]
        dupes = sorted({s.value for s in seen if seen.count(s) > 1})
        if dupes:
            raise ValueError(f"one checklist per sub-process; given twice: {dupes}")
        return self

    @classmethod
    def blank(cls) -> Self:
        """Every catalogue item of every sub-process, unanswered: a form to fill in."""
        return cls(
            checklists=tuple(
                SubProcessChecklist(
                    sub_process=sp, answers={i.key: None for i in SUBPROCESS_CHECKLISTS[sp]}
                )
                for sp in SubProcess
            )
        )

    def checklist(self, sub_process: SubProcess | str) -> SubProcessChecklist:
        """The checklist of ``sub_process`` (an empty one when none was given)."""
        sp = SubProcess(sub_process)
        for c in self.checklists:
            if c.sub_process is sp:
                return c
        return SubProcessChecklist(sub_process=sp)
