"""Key account management as the books describe it: table 6.1 and Hise & Reid's six conditions."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated

import attrs
from pydantic import Field, StrictBool

from kam_core._domain._base import Entity, Text
from kam_core._words import Worded, name_of

__all__ = [
    "TRANSACTIONAL_VS_KAM",
    "ComparisonRow",
    "KamCondition",
    "KamProgramme",
    "Readiness",
]


class Readiness(Worded, StrEnum):
    """Whether a company is ready for key account management (``KamReadiness``'s outcome).

    >>> Readiness.NOT_READY == "not_ready"
    True
    """

    __words__ = "readiness"

    READY = "ready"
    NOT_READY = "not_ready"


# --------------------------------------------------------------------------------------
# transactional selling vs key account management (table 6.1, docs/methodology.md#key-accounts)


_COLUMNS = ("dimension", "transactional", "key_account_management")


@attrs.frozen
class ComparisonRow:
    """One row of table 6.1: a dimension, the transactional and the key-account answer.

    The words come from the catalogue (``comparison.<key>.<column>``); :meth:`text`
    reads any column in any language.

    >>> row = TRANSACTIONAL_VS_KAM[0]
    >>> row.dimension, row.transactional, row.key_account_management
    ('Overall goal', 'The sale', 'Preferred-supplier status')
    >>> row.text("key_account_management", "ru")
    'Статус предпочтительного поставщика'
    """

    key: str
    """The row's stable key (``overall_goal`` …)."""

    def text(self, column: str, locale: str = "en") -> str:
        """The cell of ``column`` (dimension, transactional, key_account_management)."""
        if column not in _COLUMNS:
            raise ValueError(f"column={column!r}: expected one of {_COLUMNS}")
        return name_of(f"comparison.{self.key}.{column}", locale)

    @property
    def dimension(self) -> str:
        """What is compared, in English."""
        return self.text("dimension")

    @property
    def transactional(self) -> str:
        """Transactional selling's answer, in English."""
        return self.text("transactional")

    @property
    def key_account_management(self) -> str:
        """Key account management's answer, in English."""
        return self.text("key_account_management")

    @property
    def dimension_ru(self) -> str:
        """Deprecated: use ``text("dimension", "ru")``."""
        return self._deprecated("dimension")

    @property
    def transactional_ru(self) -> str:
        """Deprecated: use ``text("transactional", "ru")``."""
        return self._deprecated("transactional")

    @property
    def key_account_management_ru(self) -> str:
        """Deprecated: use ``text("key_account_management", "ru")``."""
        return self._deprecated("key_account_management")

    def _deprecated(self, column: str) -> str:
        warnings.warn(
            f"ComparisonRow.{column}_ru is deprecated; use .text({column!r}, 'ru')",
            DeprecationWarning,
            stacklevel=3,
        )
        return self.text(column, "ru")

    def to_dict(self, locale: str = "en") -> dict[str, str]:
        """JSON-safe form for a UI: the key and the three cells in ``locale``."""
        return {"key": self.key, **{c: self.text(c, locale) for c in _COLUMNS}}


TRANSACTIONAL_VS_KAM: tuple[ComparisonRow, ...] = tuple(
    ComparisonRow(key)
    for key in ("overall_goal", "selling_skills", "relationship", "reps_aim", "people")
)
"""Seed 004, table 6.1: how transactional selling differs from key account management.

>>> [row.dimension for row in TRANSACTIONAL_VS_KAM][:2]
['Overall goal', 'Selling skills']
>>> TRANSACTIONAL_VS_KAM[0].text("key_account_management", "ru")
'Статус предпочтительного поставщика'
"""


# --------------------------------------------------------------------------------------
# key account management: Hise & Reid's six conditions


class KamCondition(Worded, StrEnum):
    """Hise & Reid's (1994) six conditions for KAM success, named as KamProgramme's fields.

    >>> KamCondition.TOP_MANAGEMENT_SUPPORT.text("ru")
    'понимание высшим руководством значения ключевых клиентов и его поддержка'
    """

    __words__ = "kam_condition"

    INTEGRATED_INTO_SALES = "integrated_into_sales"
    TOP_MANAGEMENT_SUPPORT = "top_management_support"
    CLEAR_COMMUNICATION_LINES = "clear_communication_lines"
    OBJECTIVES_SET = "objectives_set"
    FIELD_SALES_COOPERATION = "field_sales_cooperation"
    KEY_ACCOUNTS_IDENTIFIED = "key_accounts_identified"

    @property
    def english(self) -> str:
        """Deprecated: the condition in English; use ``.text()``."""
        warnings.warn(
            "KamCondition.english is deprecated; use .text('en')", DeprecationWarning, stacklevel=2
        )
        return self.text("en")


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
