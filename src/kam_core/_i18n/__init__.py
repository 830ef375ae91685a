"""Reason texts in English and Russian, collected from one catalogue per policy family.

Every reason code a built-in policy can emit has an entry here with both languages;
a test fails when one is missing.  Users' own criteria add theirs with
:func:`kam_core.register_reason_texts`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Any

import attrs

from kam_core._i18n import core as _core
from kam_core._money import Money

__all__ = [
    "LOCALES",
    "ReasonText",
    "Term",
    "catalogue",
    "format_value",
    "register_reason_texts",
    "register_terms",
    "render",
    "term",
]

LOCALES = ("en", "ru")


@attrs.frozen
class ReasonText:
    """The English and Russian templates of one reason code; ``{name}`` marks a parameter."""

    en: str
    ru: str

    def get(self, locale: str) -> str:
        """The template in ``locale`` (``"en"`` or ``"ru"``)."""
        if locale == "ru":
            return self.ru
        if locale == "en":
            return self.en
        raise ValueError(f"locale={locale!r}: expected one of {LOCALES}")


_CATALOGUE: dict[str, ReasonText] = {}


@attrs.frozen
class Term:
    """A name shown to people in either language, e.g. a criterion: ``Term("need", "потребность")``.

    As a reason parameter it renders in the reader's language; in JSON it is the English name.

    >>> format_value(Term("need", "потребность"), "ru"), Term("need", "потребность").to_dict()
    ('потребность', 'need')
    """

    en: str
    ru: str

    def get(self, locale: str) -> str:
        """The name in ``locale``."""
        return self.ru if locale == "ru" else self.en

    def to_dict(self) -> str:
        """JSON form: the English name."""
        return self.en

    def __str__(self) -> str:
        return self.en


_TERMS: dict[str, Term] = {}


def register_terms(terms: Mapping[str, tuple[str, str]]) -> None:
    """Register display names of criteria ``{name: (english, russian)}`` for explanations.

    The first registration of a name wins, so one policy family cannot rename another's
    criteria in ``decision.missing`` (reasons carry each policy's own names).

    >>> register_terms({"acme.credit": ("credit line", "кредитная линия")})
    >>> register_terms({"acme.credit": ("credit", "кредит")})
    >>> term("acme.credit", "ru"), term("no.such", "ru")
    ('кредитная линия', 'no.such')
    """
    for name, (en, ru) in terms.items():
        _TERMS.setdefault(name, Term(en, ru))


def term(name: str, locale: str) -> str:
    """The display name of ``name`` in ``locale``; unregistered names show as they are.

    >>> term("acme.unregistered", "ru")
    'acme.unregistered'
    """
    found = _TERMS.get(name)
    return name if found is None else found.get(locale)


def register_reason_texts(texts: Mapping[str, tuple[str, str]]) -> None:
    """Add reason texts ``{code: (english, russian)}``; an existing code is never replaced.

    >>> register_reason_texts({"acme.credit.blocked": ("Credit blocked", "Кредит заблокирован")})
    >>> catalogue()["acme.credit.blocked"].ru
    'Кредит заблокирован'
    """
    for code, (en, ru) in texts.items():
        if not en or not ru:
            raise ValueError(f"reason {code!r}: both an English and a Russian text are required")
        have = _CATALOGUE.get(code)
        if have is not None and have != ReasonText(en, ru):
            raise ValueError(f"reason {code!r} is already registered with other texts")
        _CATALOGUE[code] = ReasonText(en, ru)


def catalogue() -> Mapping[str, ReasonText]:
    """Every registered reason code with its texts, sorted by code."""
    return MappingProxyType(dict(sorted(_CATALOGUE.items())))


def _group(digits: str, sep: str) -> str:
    head, tail = digits[: len(digits) % 3], digits[len(digits) % 3 :]
    parts = ([head] if head else []) + [tail[i : i + 3] for i in range(0, len(tail), 3)]
    return sep.join(parts)


def _number(value: Decimal, locale: str) -> str:
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    if locale == "ru":
        out = _group(whole, "\u00a0") + ("," + frac if frac else "")
    else:
        out = _group(whole, ",") + ("." + frac if frac else "")
    return sign + out


def format_value(value: object, locale: str) -> str:
    """Render a reason parameter for people: money with thousands, dates ISO, enums by value.

    >>> format_value(Money("1250000.50", "RUB"), "ru")
    '1\\xa0250\\xa0000,50 RUB'
    >>> format_value(Money("1250000.50", "RUB"), "en")
    '1,250,000.50 RUB'
    >>> format_value(Decimal("0.25"), "en"), format_value(True, "ru"), format_value(75.0, "ru")
    ('0.25', 'да', '75')
    """
    if isinstance(value, Money):
        return f"{_number(value.amount, locale)} {value.currency}"
    if isinstance(value, Term):
        return value.get(locale)
    if isinstance(value, bool):
        return ("да" if value else "нет") if locale == "ru" else ("yes" if value else "no")
    if isinstance(value, Decimal | int):
        return _number(Decimal(value), locale)
    if isinstance(value, float):
        if value.is_integer():
            return _number(Decimal(int(value)), locale)
        return _number(Decimal(repr(value)), locale)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        russian = getattr(value, "russian", None) if locale == "ru" else None
        return russian if isinstance(russian, str) else str(value.value)
    if isinstance(value, tuple | list):
        return ", ".join(format_value(v, locale) for v in value)
    if value is None:
        return "—"
    return str(value)


class _Formatter(string.Formatter):
    def __init__(self, locale: str) -> None:
        self.locale = locale

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        if isinstance(key, str) and key in kwargs:
            return format_value(kwargs[key], self.locale)
        return "{" + str(key) + "}"


def render(code: str, params: Mapping[str, object], locale: str) -> str:
    """The text of reason ``code`` with ``params`` filled in.

    An unknown code renders as the code and its parameters, never as a blank.

    >>> render("decision.no_reason", {}, "en")
    'No reason given'
    """
    entry = _CATALOGUE.get(code)
    if entry is None:
        if locale not in LOCALES:
            raise ValueError(f"locale={locale!r}: expected one of {LOCALES}")
        inner = ", ".join(f"{k}={format_value(v, locale)}" for k, v in params.items())
        return f"{code}({inner})" if inner else code
    return _Formatter(locale).format(entry.get(locale), **params)


register_reason_texts(_core.TEXTS)
