"""Plural rules by name: which of a unit's forms agrees with a number.

A language file names its rule in ``[format] plural``; each unit in ``[unit]`` lists
exactly as many forms as the rule has (``FORMS``), in the rule's order.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from types import MappingProxyType

__all__ = ["FORMS", "RULES", "form_index"]


def _one_other(n: Decimal) -> int:
    """English and most Germanic languages: 1 day, 0 / 2 / 1.5 days."""
    return 0 if n == 1 else 1


def _east_slavic(n: Decimal) -> int:
    """Russian, Ukrainian, Belarusian: 1 / 21 день, 2–4 / 22 дня, 5–20 / 11 / 25 дней.

    A fraction takes the second form (1,5 дня, 0,5 дня), as the language does.
    """
    if n != n.to_integral_value():
        return 1
    k = int(abs(n))
    if k % 10 == 1 and k % 100 != 11:
        return 0
    if 2 <= k % 10 <= 4 and not 12 <= k % 100 <= 14:
        return 1
    return 2


def _single(n: Decimal) -> int:
    """Languages whose nouns do not change with the number (Chinese, Japanese …)."""
    return 0


RULES: MappingProxyType[str, Callable[[Decimal], int]] = MappingProxyType(
    {"one_other": _one_other, "east_slavic": _east_slavic, "single": _single}
)
"""Rule name → function of the number giving the index of the form to use."""

FORMS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "one_other": ("one", "other"),
        "east_slavic": ("one", "few", "many"),
        "single": ("other",),
    }
)
"""Rule name → the forms a unit lists, in order (for error messages and docs)."""


def form_index(rule: str, n: Decimal) -> int:
    """The index of the form that agrees with ``n`` under ``rule``.

    >>> [form_index("east_slavic", Decimal(k)) for k in (1, 2, 5, 11, 21, 22, 25, 111)]
    [0, 1, 2, 2, 0, 1, 2, 2]
    >>> form_index("one_other", Decimal(1)), form_index("one_other", Decimal("1.5"))
    (0, 1)
    """
    return RULES[rule](n)
