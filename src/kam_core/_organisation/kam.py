"""Key account management as the books describe it: table 6.1 and Hise & Reid's six conditions."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated

import attrs
from pydantic import Field, StrictBool

from kam_core._domain._base import Entity, Text

__all__ = [
    "TRANSACTIONAL_VS_KAM",
    "ComparisonRow",
    "KamCondition",
    "KamProgramme",
    "Readiness",
]


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


# --------------------------------------------------------------------------------------
# transactional selling vs key account management (table 6.1, docs/methodology.md#key-accounts)


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
