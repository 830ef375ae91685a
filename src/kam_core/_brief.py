"""Short, safe descriptions of any value, for error messages built from untrusted input.

``repr`` is neither short nor safe on hostile input: an int of 5,000 digits raises
``ValueError`` (Python's limit on int-to-text conversion), a 100 MB string gives a
100 MB message, a deeply nested list raises ``RecursionError``.  :func:`brief` costs
at most a few hundred characters of work whatever it is given.

>>> brief("RUR"), brief(10 ** 5000)
("'RUR'", 'an integer of 5,001 digits')
>>> print(brief("9" * 100_000, limit=8))
'99999999'… (100,000 characters)
>>> print(brief({"amount": "1" * 200, "currency": "RUB"}, limit=8))
{'amount': '11111111'… (200 characters), 'currency': 'RUB'}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

__all__ = ["brief", "int_digits"]

_Container = Mapping[Any, Any] | list[Any] | tuple[Any, ...] | set[Any] | frozenset[Any]
_LIMIT = 50
_ITEMS = 4
_INT_BITS = 160  # ~48 digits: below this an int's repr is short and always allowed


def brief(value: object, limit: int = _LIMIT) -> str:
    """``repr(value)`` cut to about ``limit`` characters, never raising, never long.

    >>> brief(Decimal("1E+999999999")), brief(None), brief([1, 2, 3, 4, 5, 6])
    ("Decimal('1E+999999999')", 'None', '[1, 2, 3, 4, … (6 items)]')
    """
    return _brief(value, limit, depth=2)


def _brief(value: object, limit: int, depth: int) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        bits = value.bit_length()
        if bits > _INT_BITS:
            return f"an integer of {int_digits(value):,} digits"
        return repr(value)
    if isinstance(value, str | bytes):
        if len(value) > limit:
            return f"{_cut(repr(value[:limit]), limit + 3)}… ({len(value):,} {_unit(value)})"
        return _cut(repr(value), limit + 3)
    if isinstance(value, Decimal):
        return _cut(repr(value), limit + 3)
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        return _container(value, limit, depth)
    try:
        text = repr(value)
    except Exception:  # a hostile or broken __repr__: name the type instead
        return f"<{type(value).__name__}>"
    return _cut(text, limit)


def int_digits(value: int) -> int:
    """Decimal digits of an int (0 has one), without converting it to text.

    >>> int_digits(0), int_digits(-999), int_digits(1000), int_digits(10 ** 5000)
    (1, 3, 4, 5001)
    """
    bits = abs(value).bit_length()
    if bits == 0:
        return 1
    digits = int((bits - 1) * math.log10(2)) + 1
    return digits + 1 if abs(value) >= 10**digits else digits


def _items(size: int) -> str:
    return f"{size:,} item" if size == 1 else f"{size:,} items"


def _unit(value: str | bytes) -> str:
    return "characters" if isinstance(value, str) else "bytes"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…"


def _container(value: _Container, limit: int, depth: int) -> str:
    if isinstance(value, Mapping):
        opening, closing = "{", "}"
    elif isinstance(value, list):
        opening, closing = "[", "]"
    elif isinstance(value, tuple):
        opening, closing = "(", ")"
    else:
        opening, closing = f"{type(value).__name__}({{", "})"
    size = len(value)
    if depth == 0:
        return f"{opening}… ({_items(size)}){closing}"
    parts: list[str] = []
    if isinstance(value, Mapping):
        for i, (k, v) in enumerate(value.items()):
            if i == _ITEMS:
                break
            parts.append(f"{_brief(k, limit, depth - 1)}: {_brief(v, limit, depth - 1)}")
    else:
        for i, item in enumerate(value):
            if i == _ITEMS:
                break
            parts.append(_brief(item, limit, depth - 1))
    if size > _ITEMS:
        parts.append(f"… ({_items(size)})")
    elif isinstance(value, tuple) and size == 1:
        parts[0] += ","
    return f"{opening}{', '.join(parts)}{closing}"
