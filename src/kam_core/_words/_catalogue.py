"""The catalogue: one TOML file per language, loaded lazily once, and the formatting it drives.

:class:`Catalogue` finds the languages in a directory (``en.toml`` → ``"en"``) and
loads each file the first time it is asked for, under a lock, into a :class:`Words`:
the file's number, date and money conventions, its units with their plural forms,
and its templates, every one parsed up front (a broken file fails on first use, whole,
not in the middle of a report).  :class:`Words` formats values and renders templates.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from kam_core._money import Money
from kam_core._time import Month
from kam_core._words._plural import FORMS, RULES, form_index
from kam_core._words._template import Field, Template, parse
from kam_core.errors import LocaleError, TemplateError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "FALLBACK",
    "SECTIONS",
    "Catalogue",
    "Term",
    "Words",
    "humanize",
    "registered_reasons",
    "registered_terms",
]

SECTIONS = ("format", "currency", "unit", "reason", "name", "term", "text")
"""The sections of a language file, in the order the files keep them."""

FALLBACK = "en"
"""The language every catalogue has: it answers what another file lacks."""

_TEMPLATED = ("reason", "name", "term", "text")
_FORMAT_KEYS = (
    "language",
    "decimal",
    "thousands",
    "minus",
    "plus",
    "percent",
    "unit",
    "date",
    "month",
    "months",
    "months_short",
    "plural",
    "list",
    "none",
    "yes",
    "no",
)
_LOCALE_FILE = re.compile(r"^([a-z]{2,3}(?:_[A-Z]{2})?)\.toml$")
_DATE_TOKEN = re.compile(r"YYYY|MMMM|MMM|MM|DD|D")
_ONE = Decimal(1)
_HUNDRED = Decimal(100)


def humanize(key: object) -> str:
    """A stable key people can read when the catalogue has no name for it.

    Underscores become spaces; a repeated rule's ``#2`` becomes ``(2)``.

    >>> humanize("inside_sales"), humanize("hunter_to_farmer#2")
    ('inside sales', 'hunter to farmer (2)')
    """
    text = str(key)
    base, hash_, n = text.partition("#")
    out = base.replace("_", " ").strip()
    return f"{out} ({n})" if hash_ else out


# --------------------------------------------------------------------------------------
# terms and texts users register at run time (shared by every catalogue)

_LOCK = threading.Lock()
_REASONS: dict[str, dict[str, str]] = {}
_TERMS: dict[str, dict[str, str]] = {}


def registered_reasons() -> dict[str, dict[str, str]]:
    """The reason texts users registered: ``{code: {locale: template}}`` (a copy)."""
    with _LOCK:
        return {code: dict(texts) for code, texts in _REASONS.items()}


def registered_terms() -> dict[str, dict[str, str]]:
    """The criterion names users registered: ``{name: {locale: text}}`` (a copy)."""
    with _LOCK:
        return {name: dict(texts) for name, texts in _TERMS.items()}


def _register(store: dict[str, dict[str, str]], key: str, texts: dict[str, str]) -> bool:
    """Add ``texts`` under ``key`` unless present; True when added, False when the same."""
    with _LOCK:
        have = store.get(key)
        if have is None:
            store[key] = texts
            return True
        return have == texts


def _pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """``{locale: name}`` or pairs → sorted pairs: hashable, one order."""
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), str(v)) for k, v in items))


@attrs.frozen
class Term:
    """A name looked up in the reader's language when shown: a criterion or a catalogue entry.

    ``Term("need")`` is the criterion in ``[term]``; ``Term("develop", kind="strategy")``
    the catalogue name ``strategy.develop`` in ``[name]``; ``names`` carries a user's own
    display names per locale (a company's position, a scorecard item), which win.  In
    JSON a term is its ``value``, the stable key.

    >>> from kam_core._words import format_value
    >>> format_value(Term("need"), "ru"), Term("need").to_dict()
    ('потребность', 'need')
    >>> format_value(Term("fit", names={"ru": "соответствие"}), "en")
    'fit'
    """

    value: str
    kind: str = "term"
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)

    @property
    def key(self) -> str:
        """Where the catalogue keeps the name: ``need`` in ``[term]``, else ``kind.value``."""
        return self.value if self.kind == "term" else f"{self.kind}.{self.value}"

    def text(self, locale: str = "en") -> str:
        """The name in ``locale`` (see :func:`kam_core._words.format_value`)."""
        from kam_core._words import format_value

        return format_value(self, locale)

    def to_dict(self) -> str:
        """JSON form: the stable key."""
        return self.value

    def __str__(self) -> str:
        return self.value


# --------------------------------------------------------------------------------------
# one language


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from _flatten(value, full)
        else:
            yield full, value


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3
    parts = ([digits[:head]] if head else []) + [
        digits[i : i + 3] for i in range(head, len(digits), 3)
    ]
    return sep.join(parts)


def _rounded(value: Decimal, places: int | None) -> Decimal:
    """``value`` to ``places`` decimals (half up), or without trailing zeros when None."""
    if places is None:
        return value if value == value.to_integral_value() else value.normalize()
    with localcontext() as ctx:  # enough digits for any amount: quantize never overflows
        ctx.prec = max(28, len(value.as_tuple().digits) + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _format_string(template: Template) -> str:
    """A template of plain fields as a ``str.format`` string (literal braces doubled)."""
    out = []
    for part in template.parts:
        if isinstance(part, str):
            out.append(part.replace("{", "{{").replace("}", "}}"))
        else:
            out.append("{" + part.name + "}")
    return "".join(out)


def _as_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return None


class Words:
    """Everything one language file says, ready to use: formats, units, parsed templates.

    Built by :class:`Catalogue`; immutable after construction, so one instance serves
    every thread.  ``fallback`` (English) answers names and texts the file lacks.
    """

    def __init__(
        self, locale: str, data: Mapping[str, Any], source: str, fallback: Words | None
    ) -> None:
        self.locale = locale
        self.source = source
        self.fallback = fallback
        unknown = sorted(set(data) - set(SECTIONS))
        if unknown:
            self._fail("file", f"unknown sections {unknown}; expected {list(SECTIONS)}")
        fmt = dict(data.get("format", {}))
        missing = [k for k in _FORMAT_KEYS if k not in fmt]
        if missing:
            self._fail("format", f"missing {missing}")
        self.format: Mapping[str, Any] = fmt
        self.decimal: str = fmt["decimal"]
        self.thousands: str = fmt["thousands"]
        self.minus: str = fmt["minus"]
        self.plus: str = fmt["plus"]
        self.plural: str = fmt["plural"]
        if self.plural not in RULES:
            self._fail("format.plural", f"unknown rule {self.plural!r}; known: {list(RULES)}")
        for key in ("months", "months_short"):
            if not (isinstance(fmt[key], list) and len(fmt[key]) == 12):
                self._fail(f"format.{key}", "expected a list of the 12 month names")
        self.months: tuple[str, ...] = tuple(fmt["months"])
        self.months_short: tuple[str, ...] = tuple(fmt["months_short"])
        self.date_pattern: str = fmt["date"]
        self.month_pattern: str = fmt["month"]
        self.percent_t = self._parse("format.percent", fmt["percent"])
        self.unit_t = self._parse("format.unit", fmt["unit"])
        cur = dict(data.get("currency", {}))
        if "pattern" not in cur or "code_pattern" not in cur:
            self._fail("currency", "needs 'pattern' and 'code_pattern'")
        self.currency_t = self._parse("currency.pattern", cur["pattern"])
        self.currency_code_t = self._parse("currency.code_pattern", cur["code_pattern"])
        self.symbols: Mapping[str, str] = dict(cur.get("symbol", {}))
        forms = len(FORMS[self.plural])
        self.units: dict[str, tuple[str, ...]] = {}
        for key, value in _flatten(data.get("unit", {})):
            if not (isinstance(value, list) and len(value) == forms):
                rule = self.plural
                self._fail(f"unit.{key}", f"expected {forms} forms {FORMS[rule]} for {rule}")
            self.units[key] = tuple(str(v) for v in value)
        self.sections: dict[str, dict[str, Template]] = {}
        for section in _TEMPLATED:
            parsed: dict[str, Template] = {}
            for key, value in _flatten(data.get(section, {})):
                parsed[key] = self._parse(f"{section}.{key}", value)
            self.sections[section] = parsed
        # names and terms are plain words (a test keeps fields out of them): kept as text
        self.plain: dict[str, dict[str, str]] = {
            section: {k: t.source.replace("{{", "{").replace("}}", "}") for k, t in parsed.items()}
            for section, parsed in self.sections.items()
            if section in ("name", "term")
        }
        self.unit_f = self._pattern("format.unit", self.unit_t, {"number", "unit"})
        self.percent_f = self._pattern("format.percent", self.percent_t, {"number"})
        self.currency_f = self._pattern("currency.pattern", self.currency_t, {"amount", "symbol"})
        self.currency_code_f = self._pattern(
            "currency.code_pattern", self.currency_code_t, {"amount", "code"}
        )
        self.none_text = str(fmt["none"])
        self.list_text = str(fmt["list"])

    def _fail(self, where: str, message: str) -> None:
        raise TemplateError(where, self.locale, f"{message} ({self.source})")

    def _pattern(self, key: str, template: Template, names: set[str]) -> str:
        """A [format] / [currency] pattern: plain fields among ``names`` only."""
        for field in template.fields:
            if field.kind is not None or field.name not in names:
                self._fail(key, f"{{{field.name}}}: a pattern takes plain {sorted(names)}")
        return _format_string(template)

    def _parse(self, key: str, value: object) -> Template:
        if not isinstance(value, str) or not value.strip():
            self._fail(key, "expected a non-empty text")
        return parse(str(value), key, self.locale)

    # -- lookups --------------------------------------------------------------------

    def template(self, section: str, key: str) -> Template | None:
        """The parsed template of ``key`` in ``section``, from this file or the fallback."""
        found = self.sections[section].get(key)
        if found is None and self.fallback is not None:
            found = self.fallback.sections[section].get(key)
        return found

    def name(self, key: str) -> str | None:
        """The ``[name]`` text of ``key`` (a plain name: its template has no fields)."""
        found = self.plain["name"].get(key)
        if found is None and self.fallback is not None:
            found = self.fallback.plain["name"].get(key)
        return found

    def term(self, name: str) -> str:
        """The display name of criterion ``name``: the file, then users' terms, then the key."""
        found = self._term_or_none(name)
        return humanize(name) if found is None else found

    def _term_or_none(self, name: str) -> str | None:
        found = self.plain["term"].get(name)
        if found is None and self.fallback is not None:
            found = self.fallback.plain["term"].get(name)
        if found is not None:
            return found
        with _LOCK:
            registered = _TERMS.get(name)
        if registered:
            return registered.get(self.locale) or registered.get("en")
        return None

    # -- numbers, money, dates -------------------------------------------------------

    def _int(self, value: int) -> str:
        """A whole number, grouped: the commonest parameter, without a Decimal."""
        out = f"{abs(value):,}"
        if self.thousands != ",":
            out = out.replace(",", self.thousands)
        return self.minus + out if value < 0 else out

    def number(self, value: Decimal, places: int | None = None) -> str:
        """``value`` with this language's separators; ``places`` fixes the decimals.

        Without ``places`` a whole number shows no fraction and a fraction shows its
        digits without trailing zeros; with ``places`` it is rounded half up.
        """
        if not value.is_finite():
            if value.is_nan():
                return "NaN"
            return self.minus + "∞" if value.is_signed() else "∞"
        if places is None and value == value.to_integral_value():
            return self._int(int(value))
        rounded = _rounded(value, places)
        if places is None and rounded == rounded.to_integral_value():
            text = str(abs(int(rounded)))
        else:
            text = format(abs(rounded), "f")
        whole, _, frac = text.partition(".")
        out = _group(whole, self.thousands) + (self.decimal + frac if frac else "")
        return self.minus + out if rounded < 0 else out

    def money(self, money: Money) -> str:
        """An amount with its currency: the symbol where the file has one, else the code.

        Whole amounts show no fraction; others show at least the currency's minor units,
        and every digit they have (nothing is rounded away).
        """
        from kam_core._currencies import MINOR_UNITS

        amount = money.amount
        minor = MINOR_UNITS.get(money.currency, 2)
        if amount == amount.to_integral_value():
            places: int | None = 0
        else:
            exponent = amount.normalize().as_tuple().exponent
            digits = -exponent if isinstance(exponent, int) else minor
            places = max(minor, digits)
        number = self.number(abs(amount), places)
        symbol = self.symbols.get(money.currency)
        if symbol is None:
            text = self.currency_code_f.format_map({"amount": number, "code": money.currency})
        else:
            text = self.currency_f.format_map({"amount": number, "symbol": symbol})
        return self.minus + text if amount < 0 else text

    def day(self, value: date) -> str:
        """A calendar date in this language's pattern (``24.11.2026``, ``24 Nov 2026``)."""
        return self._dated(self.date_pattern, value.year, value.month, value.day)

    def month(self, value: object) -> str:
        """A month: a :class:`~kam_core.Month`, a date or ``"YYYY-MM"``."""
        if isinstance(value, Month | date):
            year, month = value.year, value.month
        elif isinstance(value, str):
            parsed = Month.parse(value)
            year, month = parsed.year, parsed.month
        else:
            return self.value(value)
        return self._dated(self.month_pattern, year, month, 1)

    def _dated(self, pattern: str, year: int, month: int, day: int) -> str:
        tokens = {
            "YYYY": f"{year:04d}",
            "MMMM": self.months[month - 1],
            "MMM": self.months_short[month - 1],
            "MM": f"{month:02d}",
            "DD": f"{day:02d}",
            "D": str(day),
        }
        return _DATE_TOKEN.sub(lambda m: tokens[m.group(0)], pattern)

    def percent(
        self, value: Decimal, places: int | None, *, scaled: bool, signed: bool = False
    ) -> str:
        """A share as per cent: ``scaled`` when ``value`` is a ratio (0.818 → 81,8 %).

        Without ``places``: one decimal, none when it is zero, two when one would show
        a non-zero share as 0.
        """
        pct = value * _HUNDRED if scaled else value
        if places is None:
            tenths = _rounded(pct, 1)
            if tenths == 0 and pct != 0:
                places = 2
            else:
                places = 0 if tenths == tenths.to_integral_value() else 1
        number = self.number(pct, places)
        if signed and _rounded(pct, places) > 0:
            number = self.plus + number
        return self.percent_f.format_map({"number": number})

    def unit(self, key: str, count: object) -> str:
        """``count`` with the form of unit ``key`` that agrees with it (1 день, 5 дней)."""
        forms = self.units.get(key)
        if forms is None and self.fallback is not None and self.fallback.plural == self.plural:
            forms = self.fallback.units.get(key)
        if forms is None:
            raise TemplateError(f"unit.{key}", self.locale, f"no unit {key!r} ({self.source})")
        n = _as_decimal(count)
        if n is None:
            return self.value(count)
        shown = self._int(count) if type(count) is int else self.number(n)
        return self.unit_f.format_map({"number": shown, "unit": forms[form_index(self.plural, n)]})

    # -- values and templates ------------------------------------------------------

    def value(self, value: object, field: Field | None = None) -> str:
        """``value`` as people read it in this language, by ``field``'s format or its type."""
        kind = None if field is None else field.kind
        if kind is None and type(value) is str:
            return value  # the common case: a label, an id, a phrase already worded
        if value is None:
            return self.none_text
        if isinstance(value, list | tuple | frozenset | set):
            items: Sequence[object] = (
                sorted(value, key=str) if isinstance(value, frozenset | set) else value
            )
            if not items:
                return self.none_text
            return self.list_text.join(self.value(v, field) for v in items)
        if field is not None and kind is not None:
            return self._formatted(value, field)
        return self._plain(value)

    def _formatted(self, value: object, field: Field) -> str:
        kind, arg = field.kind, field.arg
        if kind == "unit":
            return self.unit(str(arg), value)
        if kind == "name":
            key = f"{arg}.{value.value if isinstance(value, Enum) else value}"
            found = self.name(key)
            if found is None and "#" in key:
                base, _, n = key.partition("#")
                named = self.name(base)
                found = None if named is None else f"{named} ({n})"
            return found if found is not None else humanize(value)
        if kind == "term":
            if isinstance(value, Term):
                return self._term(value)
            return self.term(str(value))
        if kind == "date":
            return self.day(value) if isinstance(value, date) else self._plain(value)
        if kind == "month":
            return self.month(value)
        number = _as_decimal(value)
        if number is None:
            return self._plain(value)
        if kind == "number":
            return self.number(number, field.places)
        return self.percent(
            number, field.places, scaled=kind != "pct", signed=kind == "signed_percent"
        )

    def _term(self, term: Term) -> str:
        """A term's own name in this language, the catalogue's, its own English, its key."""
        own = dict(term.names)
        if self.locale in own:
            return own[self.locale]
        found = None if term.kind == "term" else self.name(term.key)
        if found is None:
            found = self._term_or_none(term.value)
        if found is None:
            found = own.get("en") or humanize(term.value)
        return found

    def _plain(self, value: object) -> str:
        if type(value) is int:
            return self._int(value)
        if isinstance(value, Money):
            return self.money(value)
        if isinstance(value, Term):
            return self._term(value)
        if isinstance(value, bool):
            return str(self.format["yes" if value else "no"])
        number = _as_decimal(value)
        if number is not None:
            return self.number(number)
        if isinstance(value, datetime):
            return self.day(value.date())
        if isinstance(value, date):
            return self.day(value)
        if isinstance(value, Month):
            return self.month(value)
        if isinstance(value, Enum):
            prefix = getattr(type(value), "__words__", None)
            if isinstance(prefix, str):
                found = self.name(f"{prefix}.{value.value}")
                if found is not None:
                    return found
            return humanize(value.value)
        shown = getattr(value, "text", None)
        if callable(shown) and not isinstance(value, str):
            out = shown(self.locale)
            if isinstance(out, str):
                return out
        return str(value)

    def render(self, template: Template, params: Mapping[str, object], key: str = "") -> str:
        """Fill ``template`` with ``params``; a field without a parameter is an error."""
        out: list[str] = []
        for part in template.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            if part.name not in params:
                raise TemplateError(
                    key or template.source,
                    self.locale,
                    f"no parameter {part.name!r} for {template.source!r}; given: "
                    f"{sorted(params) or 'none'}",
                )
            out.append(self.value(params[part.name], part))
        return "".join(out)


# --------------------------------------------------------------------------------------
# every language of a directory


class Catalogue:
    """The languages of one directory of ``<locale>.toml`` files, each loaded on first use.

    kam_core's own catalogue is the package directory ``kam_core/_words``; a test or a
    translator builds another over a directory of their own and activates it with
    :func:`kam_core._words.use`.

    >>> from kam_core._words import builtin
    >>> builtin().locales()
    ('en', 'ru')
    """

    def __init__(self, directory: Traversable | Path | str) -> None:
        self.directory: Traversable = Path(directory) if isinstance(directory, str) else directory
        self._files: dict[str, Traversable] = {}
        for entry in sorted(self.directory.iterdir(), key=lambda e: e.name):
            match = _LOCALE_FILE.match(entry.name)
            if match and entry.is_file():
                self._files[match.group(1)] = entry
        if FALLBACK not in self._files:
            raise LocaleError(FALLBACK, tuple(self._files))
        self._loaded: dict[str, Words] = {}
        self._lock = threading.Lock()

    def locales(self) -> tuple[str, ...]:
        """The languages of the directory, sorted; each is one file."""
        return tuple(sorted(self._files))

    def words(self, locale: object) -> Words:
        """The loaded words of ``locale``; :class:`~kam_core.errors.LocaleError` if absent."""
        found = self._loaded.get(locale) if isinstance(locale, str) else None
        if found is not None:
            return found
        if not isinstance(locale, str) or locale not in self._files:
            raise LocaleError(locale, self.locales())
        with self._lock:
            found = self._loaded.get(locale)
            if found is None:
                fallback = None if locale == FALLBACK else self.words_unlocked(FALLBACK)
                found = self._load(locale, fallback)
        return found

    def words_unlocked(self, locale: str) -> Words:
        """:meth:`words` for a caller already holding the lock (the English fallback)."""
        found = self._loaded.get(locale)
        return found if found is not None else self._load(locale, None)

    def _load(self, locale: str, fallback: Words | None) -> Words:
        import tomllib  # only when a language is first needed

        entry = self._files[locale]
        try:
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise TemplateError("file", locale, f"{entry.name}: {exc}") from None
        words = Words(locale, data, entry.name, fallback)
        self._loaded[locale] = words
        return words
