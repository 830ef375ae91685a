"""The four sub-processes of selling and the checklist a company defines its technology by."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Self

import attrs
from pydantic import Field, model_validator

from kam_core._domain._base import Entity, Text
from kam_core._organisation.kam import _Flag
from kam_core._words import Term, Worded, format_value, locales

__all__ = [
    "SUBPROCESS_CHECKLISTS",
    "ChecklistItem",
    "Completeness",
    "SalesProcessAssessment",
    "SubProcess",
    "SubProcessChecklist",
    "checklist_item",
]


class Completeness(Worded, StrEnum):
    """Whether a sub-process's technology is in place (``SubProcessCompleteness``'s outcome).

    >>> Completeness("complete")
    <Completeness.COMPLETE: 'complete'>
    """

    __words__ = "completeness"

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


# --------------------------------------------------------------------------------------
# the four sub-processes of selling (docs/methodology.md#sub-processes)


class SubProcess(Worded, StrEnum):
    """The four sub-processes of the sales process (docs/methodology.md#sub-processes).

    >>> [s.text("ru") for s in SubProcess][:2]
    ['Поиск и привлечение клиентов', 'Обработка конкретных заявок клиентов']
    """

    __words__ = "sub_process"

    ACQUISITION = "acquisition"
    ORDER_PROCESSING = "order_processing"
    DEAL_SUPPORT = "deal_support"
    RETENTION = "retention"

    @property
    def english(self) -> str:
        """Deprecated: the sub-process in English; use ``.text()``."""
        warnings.warn(
            "SubProcess.english is deprecated; use .text('en')", DeprecationWarning, stacklevel=2
        )
        return self.text("en")


@attrs.frozen
class ChecklistItem:
    """One question of a sub-process checklist: a key, worded by the catalogue.

    The item's name is the criterion ``<key>`` of ``[term]`` (or the catalogue's
    ``subprocess_completeness.<key>`` where one key means something else elsewhere).

    >>> item = SUBPROCESS_CHECKLISTS[SubProcess.ACQUISITION][0]
    >>> item.key, item.text("ru")
    ('pre_qualification', 'предварительная квалификация')
    >>> item.to_dict()["sub_process"]
    'acquisition'
    """

    sub_process: SubProcess
    key: str

    @property
    def term(self) -> Term:
        """The item as a reason parameter: its key, named in the reader's language."""
        return Term(self.key, kind="subprocess_completeness")

    def text(self, locale: str = "en") -> str:
        """The item's name in ``locale``."""
        return format_value(self.term, locale)

    @property
    def english(self) -> str:
        """Deprecated: use ``.text()``."""
        warnings.warn(
            "ChecklistItem.english is deprecated; use .text('en')", DeprecationWarning, stacklevel=2
        )
        return self.text("en")

    @property
    def russian(self) -> str:
        """Deprecated: use ``.text("ru")``."""
        warnings.warn(
            "ChecklistItem.russian is deprecated; use .text('ru')", DeprecationWarning, stacklevel=2
        )
        return self.text("ru")

    def to_dict(self) -> dict[str, str]:
        """JSON-safe form for a UI: the key and the item's name in every language."""
        return {
            "sub_process": self.sub_process.value,
            "key": self.key,
            **{locale: self.text(locale) for locale in locales()},
        }


def _items(sp: SubProcess, *keys: str) -> tuple[ChecklistItem, ...]:
    return tuple(ChecklistItem(sp, key) for key in keys)


SUBPROCESS_CHECKLISTS: Mapping[SubProcess, tuple[ChecklistItem, ...]] = MappingProxyType(
    {
        SubProcess.ACQUISITION: _items(
            SubProcess.ACQUISITION,
            "pre_qualification",
            "client_base_work",
            "proposals",
            "proposal_delivery",
            "feedback",
            "progress_assessment",
            "profitability",
            "contract_campaign",
            "first_order_help",
        ),
        SubProcess.ORDER_PROCESSING: _items(
            SubProcess.ORDER_PROCESSING,
            "inter_department",
            "feasibility",
            "stock_reservation",
            "order_changes",
            "profitability",
            "automation",
            "time_limits",
            "documenting",
            "individual_offers",
        ),
        SubProcess.DEAL_SUPPORT: _items(
            SubProcess.DEAL_SUPPORT,
            "receivables_prevention",
            "payment_system",
            "documents",
            "debt_control",
            "information_service",
            "deal_management",
            "debt_time_limits",
            "payment_incentives",
        ),
        SubProcess.RETENTION: _items(
            SubProcess.RETENTION,
            "satisfaction",
            "claims",
            "regular_communication",
            "product_development",
            "after_sales",
            "new_offers",
            "competitors",
        ),
    }
)
"""The book's checklist per sub-process, in the book's order (docs/methodology.md#sub-processes).

>>> [len(SUBPROCESS_CHECKLISTS[sp]) for sp in SubProcess]
[9, 9, 8, 7]
"""


def checklist_item(sub_process: SubProcess | str, key: str) -> ChecklistItem | None:
    """The catalogue item ``key`` of ``sub_process``, or None for a company's own item.

    >>> checklist_item("deal_support", "debt_control").text("ru")
    'контроль и возврат задолженности'
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
