"""Every word kam_core shows people, from one catalogue: one TOML file per language.

``kam_core/_words/en.toml`` and ``ru.toml`` hold, keyed by stable codes:

``[format]``
    decimal and thousands separators, the minus and plus signs, the date and month
    patterns (tokens ``YYYY MMMM MMM MM DD D``), month names, the per-cent form, how a
    number joins its unit, the plural rule by name (``one_other``, ``east_slavic``,
    ``single``), the list separator and the words for none, yes and no;
``[currency]``
    the money pattern with a symbol (``{amount} {symbol}`` → ``1 250,50 ₽``), the pattern
    with the ISO code for currencies without one, and the symbols;
``[unit]``
    the plural forms of each unit (``day = ["день", "дня", "дней"]``);
``[reason]``
    every reason code's template;
``[name]``
    display names of enum members and catalogue entries (``role.client_manager``,
    ``verdict.sql``, ``activity.sleeping``, ``abcd.A``, ``strategy.develop`` …);
``[term]``
    criterion and fact names, as ``decision.missing`` and reasons show them;
``[text]``
    every other phrase: explanation headings, the command line's titles and columns.

Languages are the files present: adding ``de.toml`` adds German (a test checks that
every file has the same keys and the same parameters per key).  A file is read once,
on first use, under a lock; the result is immutable and shared by every thread.

The template language
---------------------

A template is text with fields; ``{{`` and ``}}`` are literal braces.  ``{name}``
shows the parameter by its type: money with its currency (``1 250,50 ₽``), dates in
the language's pattern (``24.11.2026``), numbers with the language's separators, a
bool as yes / no, an enum member and a :class:`Term` by their catalogue names, a
sequence joined by the list separator, None as a dash.  ``{name:format}`` asks for
more:

``{share:percent}``
    a ratio as per cent: 0.818 → ``81,8 %`` (``percent.1`` fixes one decimal);
``{change:signed_percent}``
    the same with its sign: −0.8182 → ``−81,8 %``, 0.15 → ``+15 %``;
``{cv:pct}``
    a number already in per cent: 32.7 → ``32,7 %``;
``{load:number.2}``
    a number with two decimals;
``{days:unit.day}``
    the number with the unit form that agrees with it: ``1 день``, ``3 дня``,
    ``5 дней``, ``21 день``; ``1 day``, ``3 days``;
``{owner:name.role}``
    the ``[name]`` entry ``role.<value>`` of a stable key (a key without an entry
    shows with spaces for underscores);
``{missing:term}``
    criterion names (a sequence too) by their ``[term]`` entries;
``{first:month}``, ``{since:date}``
    a month (``"2025-11"`` or a :class:`~kam_core.Month`) or a date.

A template is parsed once, when its file is loaded or when it is registered; an
unknown format, a stray brace or a field without a parameter is a
:class:`~kam_core.errors.TemplateError`, never a silent blank.  Nothing is
evaluated.

>>> from datetime import date
>>> from decimal import Decimal
>>> from kam_core import Money
>>> format_value(Money("1250.50", "RUB"), "ru"), format_value(Money("1250.50", "RUB"), "en")
('1\\xa0250,50 ₽', '₽1,250.50')
>>> format_value(date(2026, 11, 24), "ru"), format_value(date(2026, 11, 24), "en")
('24.11.2026', '24 Nov 2026')
>>> [format_value(n, "ru", "unit.day") for n in (1, 3, 5, 21)]
['1 день', '3 дня', '5 дней', '21 день']
>>> format_value(Decimal("-0.8182"), "ru", "signed_percent")
'−81,8\\xa0%'
"""

from __future__ import annotations

import functools
import threading
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum
from types import MappingProxyType
from typing import Any, ClassVar

from kam_core._words._catalogue import _REASONS as _USER_REASONS
from kam_core._words._catalogue import _TERMS as _USER_TERMS
from kam_core._words._catalogue import (
    SECTIONS,
    Catalogue,
    Term,
    Words,
    _register,
    humanize,
    registered_reasons,
    registered_terms,
)
from kam_core._words._template import FORMATS, Field, Template, parse
from kam_core.errors import TemplateError

__all__ = [
    "FORMATS",
    "SECTIONS",
    "Catalogue",
    "Field",
    "ReasonText",
    "Template",
    "Term",
    "Worded",
    "Words",
    "active",
    "builtin",
    "builtin_texts",
    "catalogue",
    "catalogue_markdown",
    "check_locale",
    "format_value",
    "humanize",
    "locales",
    "name_of",
    "parse",
    "reason_text",
    "register_reason_texts",
    "register_terms",
    "registered_reasons",
    "registered_terms",
    "segment_name",
    "term",
    "text",
    "use",
    "words",
]


@functools.cache
def builtin() -> Catalogue:
    """kam_core's own catalogue: the language files shipped in this package."""
    from importlib.resources import files

    return Catalogue(files(__name__))


_ACTIVE: ContextVar[Catalogue | None] = ContextVar("kam_core_words", default=None)


def active() -> Catalogue:
    """The catalogue in use in this context: kam_core's own unless :func:`use` says else."""
    found = _ACTIVE.get()
    return builtin() if found is None else found


@contextmanager
def use(catalogue: Catalogue) -> Iterator[Catalogue]:
    """Use ``catalogue`` for every word inside the ``with`` block (this context only).

    A translator tries a new language file without touching the package; the
    completeness test does the same with a temporary third language.

    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("en.toml", "ru.toml"):
    ...     _ = shutil.copy(Path(__file__).parent / name, folder / name)
    >>> with use(Catalogue(folder)):
    ...     locales()
    ('en', 'ru')
    >>> shutil.rmtree(folder)
    """
    token = _ACTIVE.set(catalogue)
    try:
        yield catalogue
    finally:
        _ACTIVE.reset(token)


def locales() -> tuple[str, ...]:
    """The languages kam_core has words in: one per file.

    >>> locales()
    ('en', 'ru')
    """
    return active().locales()


def words(locale: object) -> Words:
    """The loaded words of ``locale``; :class:`~kam_core.errors.LocaleError` if there are none.

    >>> words("de")
    Traceback (most recent call last):
    ...
    kam_core.errors.LocaleError: locale='de': kam_core has words in en, ru
    """
    return active().words(locale)


def check_locale(locale: object) -> str:
    """``locale`` when kam_core has words in it; else :class:`~kam_core.errors.LocaleError`.

    >>> check_locale("ru")
    'ru'
    """
    words(locale)
    return str(locale)


def text(key: str, locale: str, /, **params: object) -> str:
    """The ``[text]`` phrase ``key`` in ``locale`` with ``params`` filled in.

    >>> text("explain.ask", "ru", missing=(Term("need"), Term("authority")))
    'Что выяснить: потребность, кто принимает решение (ЛПР)'
    """
    found = words(locale)
    template = found.template("text", key)
    if template is None:
        raise TemplateError(key, locale, "no such text in the catalogue")
    return found.render(template, params, key)


def name_of(member_or_key: Enum | str, locale: str) -> str:
    """The display name of an enum member or of a ``[name]`` key, in ``locale``.

    A key without an entry shows its last part with spaces for underscores.

    >>> from kam_core import Role
    >>> name_of(Role.CLIENT_MANAGER, "ru"), name_of("rfm.champions", "en")
    ('КМ', 'champions')
    >>> name_of("rfm.acme_own_segment", "ru")
    'acme own segment'
    """
    found = words(locale)
    if isinstance(member_or_key, Enum):
        return found.value(member_or_key)
    name = found.name(member_or_key)
    return name if name is not None else humanize(member_or_key.split(".", 1)[-1])


_SEGMENT_NAMES = {
    "sleeping": "activity",
    "key_account": "key_account_status",
    "kam_portfolio": "strategy",
    "bant": "verdict",
    "assortment": "assortment_trend",
    "account_plan": "action",
}
"""Policy kind → the ``[name]`` prefix of its labels, where the two differ."""


def segment_name(kind: str, label: str, locale: str) -> str:
    """A segment label of the policy of ``kind`` as a sales manager reads it.

    The ``[name]`` entry ``<prefix>.<label>`` (the prefix is the kind, or the name of
    what the kind judges: ``sleeping`` → ``activity``), else ``outcome.<label>``, else the
    label in words.

    >>> segment_name("abcd", "A", "ru"), segment_name("sleeping", "lost", "en")
    ('A «Драйверы»', 'lost')
    >>> segment_name("abc", "absent", "en"), segment_name("acme", "top_tier", "en")
    ('not in the book', 'top tier')
    """
    found = words(locale)
    for key in (f"{_SEGMENT_NAMES.get(kind, kind)}.{label}", f"outcome.{label}"):
        name = found.name(key)
        if name is not None:
            return name
    return humanize(label)


def term(name: str, locale: str) -> str:
    """The display name of criterion ``name``: the catalogue's, a registered one, or the key.

    >>> term("need", "ru"), term("acme.unregistered", "ru")
    ('потребность', 'acme.unregistered')
    """
    return words(locale).term(name)


@functools.lru_cache(maxsize=256)
def _field(fmt: str) -> Field:
    template = parse("{value:" + fmt + "}", f"format {fmt!r}")
    return template.fields[0]


def format_value(value: object, locale: str, fmt: str | None = None) -> str:
    """``value`` as people read it in ``locale``, by its type or by ``fmt`` (``"percent"`` …).

    >>> from decimal import Decimal
    >>> format_value(Decimal("0.818"), "en", "percent"), format_value(True, "ru")
    ('81.8%', 'да')
    >>> format_value(("need", "budget"), "en", "term")
    'need, budget'
    """
    found = words(locale)
    return found.value(value, None if fmt is None else _field(fmt))


# --------------------------------------------------------------------------------------
# enums named by the catalogue


class Worded:
    """Mixin of display enums: each member's name is the catalogue's ``[name]`` entry.

    A class sets ``__words__`` to its key prefix (``Role`` → ``"role"``, so
    ``Role.CLIENT_MANAGER`` reads ``role.client_manager``).

    >>> from kam_core import LeadVerdict
    >>> LeadVerdict.NURTURE.text("ru"), LeadVerdict.NURTURE.text()
    ('дорабатывать', 'nurture')
    """

    __words__: ClassVar[str]

    def text(self, locale: str = "en") -> str:
        """The member's display name in ``locale``."""
        return words(locale).value(self)

    @property
    def russian(self) -> str:
        """Deprecated: the Russian name; use ``.text("ru")``."""
        warnings.warn(
            f"{type(self).__name__}.russian is deprecated; use .text('ru')",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.text("ru")


# --------------------------------------------------------------------------------------
# reason texts


class ReasonText(Mapping[str, str]):
    """The templates of one reason code, by locale.

    >>> builtin_texts()["criterion.failed"]["en"]
    '{name:term}: not met'
    """

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = dict(sorted(texts.items()))

    def __getitem__(self, locale: str) -> str:
        return self._texts[locale]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"ReasonText({self._texts!r})"


def reason_text(code: str, params: Mapping[str, object], locale: str) -> str:
    """The text of reason ``code`` with ``params`` filled in.

    The catalogue's template comes first, then one registered with
    :func:`register_reason_texts` (in ``locale``, else English); the text starts with
    a capital letter.  An unknown code shows as the code and its parameters, never as
    a blank.

    >>> reason_text("decision.no_reason", {}, "en")
    'No reason given'
    >>> reason_text("acme.unknown", {"n": 3}, "en")
    'acme.unknown(n=3)'
    """
    found = words(locale)
    template = found.template("reason", code)
    if template is None:
        registered = _registered(code, locale)
        if registered is not None:
            # a text in another language reads with that language's words, whole
            template, written_in = registered
            if written_in != locale and written_in in active().locales():
                found = words(written_in)
    if template is None:
        inner = ", ".join(f"{k}={found.value(v)}" for k, v in params.items())
        return f"{code}({inner})" if inner else code
    said = found.render(template, params, code)
    return said[:1].upper() + said[1:]  # a reason is a sentence, whatever its first word


_PARSED_LOCK = threading.Lock()
_PARSED: dict[tuple[str, str], tuple[Template, str]] = {}


def _registered(code: str, locale: str) -> tuple[Template, str] | None:
    """A user's template of ``code`` for ``locale`` (else English, else any) and its locale."""
    key = (code, locale)
    found = _PARSED.get(key)
    if found is not None:
        return found
    texts = registered_reasons().get(code)
    if not texts:
        return None
    chosen = locale if locale in texts else "en" if "en" in texts else min(texts)
    found = (parse(texts[chosen], code, chosen), chosen)
    with _PARSED_LOCK:
        _PARSED[key] = found
    return found


def _texts_of(code: str, texts: object) -> dict[str, str]:
    """``(english, russian)`` or ``{locale: text}`` → ``{locale: text}``, checked."""
    if isinstance(texts, tuple | list):
        if len(texts) != 2:
            raise ValueError(f"{code!r}: expected (english, russian) or {{locale: text}}")
        pairs = dict(zip(("en", "ru"), texts, strict=True))
    elif isinstance(texts, Mapping):
        pairs = dict(texts)
    else:
        raise ValueError(f"{code!r}: expected (english, russian) or {{locale: text}}")
    if not pairs:
        raise ValueError(f"{code!r}: no texts given")
    for locale, template in pairs.items():
        if not isinstance(locale, str) or not locale.isascii() or not locale.isalpha():
            raise ValueError(f"{code!r}: {locale!r} is not a language code such as 'en'")
        if not isinstance(template, str) or not template.strip():
            raise ValueError(f"{code!r}: the {locale!r} text is empty; every text is required")
        parse(template, code, locale)
    return pairs


def register_reason_texts(texts: Mapping[str, Any]) -> None:
    """Add texts for your own reason codes: ``{code: (english, russian)}`` or
    ``{code: {"en": ..., "ru": ..., ...}}``; a code's texts are never replaced.

    Each template is parsed now (see the template language above): a bad one raises
    :class:`~kam_core.errors.TemplateError` here, not in a report.  Registering the
    same texts again is allowed; other texts for a known code (yours or kam_core's)
    raise :class:`ValueError`.

    >>> register_reason_texts({"acme.credit.blocked": ("Credit blocked since {on}",
    ...                                                "Кредит заблокирован с {on}")})
    >>> from datetime import date
    >>> reason_text("acme.credit.blocked", {"on": date(2026, 10, 1)}, "ru")
    'Кредит заблокирован с 01.10.2026'
    >>> register_reason_texts({"acme.credit.blocked": {"en": "Blocked"}})
    Traceback (most recent call last):
    ...
    ValueError: reason 'acme.credit.blocked' is already registered with other texts
    """
    checked = {code: _texts_of(code, given) for code, given in texts.items()}
    for code, pairs in checked.items():
        own = builtin_texts().get(code)
        if own is not None:
            if any(own.get(loc) != text for loc, text in pairs.items()):
                raise ValueError(f"reason {code!r} is kam_core's own; its texts cannot change")
            continue
        if not _register(_USER_REASONS, code, pairs):
            raise ValueError(f"reason {code!r} is already registered with other texts")


def register_terms(terms: Mapping[str, Any]) -> None:
    """Register display names of your own criteria: ``{name: (english, russian)}`` or
    ``{name: {locale: text}}``.

    The catalogue's own terms and the first registration of a name win, so one policy
    family cannot rename another's criteria in ``decision.missing``.

    >>> register_terms({"acme.credit": ("credit line", "кредитная линия")})
    >>> register_terms({"acme.credit": ("credit", "кредит")})
    >>> term("acme.credit", "ru")
    'кредитная линия'
    """
    for name, given in terms.items():
        _register(_USER_TERMS, name, _texts_of(name, given))


def catalogue() -> Mapping[str, ReasonText]:
    """Every reason code with its templates by locale: kam_core's and registered ones.

    >>> catalogue()["bant.budget.unknown"]["ru"]
    'Бюджет неизвестен'
    """
    merged = {code: dict(t) for code, t in registered_reasons().items()}
    merged.update({code: dict(t) for code, t in builtin_texts().items()})
    return MappingProxyType({code: ReasonText(merged[code]) for code in sorted(merged)})


def builtin_texts() -> Mapping[str, ReasonText]:
    """kam_core's own reason templates, by code and locale (what the reference page shows).

    >>> "bant.nurture" in builtin_texts(), len(builtin_texts()["bant.nurture"])
    (True, 2)
    """
    return _builtin_texts(active())


@functools.lru_cache(maxsize=8)
def _builtin_texts(catalogue: Catalogue) -> Mapping[str, ReasonText]:
    by_code: dict[str, dict[str, str]] = {}
    for locale in catalogue.locales():
        for code, template in catalogue.words(locale).sections["reason"].items():
            by_code.setdefault(code, {})[locale] = template.source
    return MappingProxyType({code: ReasonText(by_code[code]) for code in sorted(by_code)})


def catalogue_markdown() -> str:
    """The reason-code reference page: every built-in code, grouped by family.

    ``docs/reason-codes.md`` is exactly this text (a test compares them).  Regenerate
    it with::

        python -c "import kam_core._words as w; print(w.catalogue_markdown(), end='')" \\
            > docs/reason-codes.md

    >>> "| `criterion.failed` | `name` |" in catalogue_markdown()
    True
    """
    from kam_core._words._reference import markdown

    return markdown(active())
