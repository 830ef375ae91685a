"""The positions each sales system needs, why, and how loaded a person is against capacity."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from kam_core._domain.role import Function, Responsibility, Role
from kam_core._organisation.profile import SalesType

__all__ = [
    "LoadStatus",
    "PositionSpec",
    "positions_for",
    "structure_for",
]


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

    The mixed structure is the book's (docs/methodology.md#sales-systems): telemarketer,
    development specialist, client manager, operator (back office), sales support.
    Transactional and consultative are this library's reading of the methodology (see
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
