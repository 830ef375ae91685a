"""The four sub-processes of selling and the checklist a company defines its technology by."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Self

import attrs
from pydantic import Field, model_validator

from kam_core._domain._base import Entity, Text
from kam_core._organisation.kam import _Flag

__all__ = [
    "SUBPROCESS_CHECKLISTS",
    "ChecklistItem",
    "Completeness",
    "SalesProcessAssessment",
    "SubProcess",
    "SubProcessChecklist",
    "checklist_item",
]


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


# --------------------------------------------------------------------------------------
# the four sub-processes of selling (docs/methodology.md#sub-processes)


class SubProcess(StrEnum):
    """The four sub-processes of the sales process (docs/methodology.md#sub-processes).

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
"""The book's checklist per sub-process, in the book's order (docs/methodology.md#sub-processes).

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
