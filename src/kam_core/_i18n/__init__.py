"""Reason texts in English and Russian, collected from one catalogue per policy family.

Every reason code a built-in policy can emit has an entry here with both languages;
a test fails when one is missing.  Users' own criteria add theirs with
:func:`kam_core.register_reason_texts`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
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
    "FAMILY_TITLES",
    "LOCALES",
    "ReasonText",
    "Term",
    "builtin_texts",
    "catalogue",
    "catalogue_markdown",
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
        if not en.strip() or not ru.strip():
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
    if value.is_nan():
        return "NaN"
    if value.is_infinite():
        return "-∞" if value.is_signed() else "∞"
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


def builtin_texts() -> Mapping[str, ReasonText]:
    """The reason texts kam_core ships, sorted by code: every ``TEXTS`` of ``kam_core._i18n.*``.

    Unlike :func:`catalogue` this ignores codes users registered, so it is the same
    in every process; it is what ``docs/reason-codes.md`` is generated from.

    >>> builtin_texts()["criterion.unknown"].en
    '{name}: unknown, the facts are missing'
    """
    found: dict[str, ReasonText] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        texts = getattr(module, "TEXTS", None)
        if isinstance(texts, Mapping):
            for code, (en, ru) in texts.items():
                found[code] = ReasonText(en, ru)
    return MappingProxyType(dict(sorted(found.items())))


FAMILY_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "abc": "ABC analysis",
        "abcd": "ABCD analysis of clients",
        "abc_xyz": "ABC × XYZ matrix",
        "bant": "BANT lead qualification",
        "criterion": "Any criterion (shared by every family)",
        "decision": "Decisions in general",
        "handoff": "Handoff between roles",
        "kam_portfolio": "Key-account portfolio",
        "kam_readiness": "KAM readiness (Hise & Reid's six conditions)",
        "key_account": "Key accounts",
        "kpi": "Client KPIs",
        "rfm": "RFM segmentation",
        "sales_system": "Sales-system type",
        "scorecard": "Qualification scorecards (ANUM, CHAMP, MEDDIC …)",
        "sleeping": "Sleeping clients",
        "table": "Decision tables",
        "xyz": "XYZ analysis",
    }
)
"""Headings of the reason-code families on the generated reference page."""

_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)")


def _cell(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|")


def catalogue_markdown() -> str:
    """The reason-code reference page as Markdown: every built-in code, grouped by family.

    ``docs/reason-codes.md`` is exactly this text (a test compares them), so the page
    cannot drift from the catalogue.  Regenerate it with::

        python -c "import kam_core._i18n as t; print(t.catalogue_markdown(), end='')" \\
            > docs/reason-codes.md

    >>> page = catalogue_markdown()
    >>> "| `criterion.failed` | `name` | {name}: not met | {name}: не выполнено |" in page
    True
    """
    texts = builtin_texts()
    families: dict[str, list[str]] = {}
    for code in texts:
        families.setdefault(code.split(".", 1)[0], []).append(code)
    lines = [
        "# Reason codes",
        "",
        "<!-- Generated by kam_core._i18n.catalogue_markdown(); do not edit by hand. -->",
        "",
        "Every decision explains itself with reason codes: stable dotted names whose first",
        "part is the policy family. Codes are API — they never change meaning and are never",
        "renamed in place — so store them, filter on them and translate them by code.",
        '`Reason.text("en" | "ru")` and `Decision.explain(locale=...)` fill the',
        "parameters (`{name}`) into the texts below.",
        "",
        f"{len(texts)} codes in {len(families)} families.",
    ]
    for family in sorted(families):
        title = FAMILY_TITLES.get(family)
        lines += ["", f"## `{family}`" + (f" — {title}" if title else ""), ""]
        lines += ["| code | parameters | English | Russian |", "|---|---|---|---|"]
        for code in families[family]:
            entry = texts[code]
            params = sorted(set(_PARAM.findall(entry.en)) | set(_PARAM.findall(entry.ru)))
            shown = ", ".join(f"`{p}`" for p in params) or "—"
            lines.append(f"| `{code}` | {shown} | {_cell(entry.en)} | {_cell(entry.ru)} |")
    return "\n".join(lines) + "\n"


register_reason_texts(_core.TEXTS)
