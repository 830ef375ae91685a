"""Text templates: parsed once into literal runs and fields, strictly.

A template is text with fields ``{name}`` or ``{name:format}``; ``{{`` and ``}}`` are
literal braces.  Parsing checks every field's name and format and raises
:class:`~kam_core.errors.TemplateError` on anything else (an unknown format, a stray
brace, an empty field), so a broken text fails where it is defined, never as a blank
in an explanation.  Nothing is evaluated: a field names a parameter and a format, no
attribute access, no indexing, no expressions.
"""

from __future__ import annotations

import re

import attrs

from kam_core.errors import TemplateError

__all__ = ["FORMATS", "Field", "Template", "parse"]

FORMATS: tuple[str, ...] = (
    "percent",
    "signed_percent",
    "pct",
    "number",
    "date",
    "month",
    "term",
    "unit",
    "name",
)
"""The format kinds a field may name; ``unit`` and ``name`` take a key (``unit.day``,
``name.role``), ``percent``, ``signed_percent``, ``pct`` and ``number`` an optional
count of decimal places (``percent.1``)."""

_KEYED = frozenset({"unit", "name"})
_PLACES = frozenset({"percent", "signed_percent", "pct", "number"})

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")


@attrs.frozen
class Field:
    """One ``{name:format}`` of a template: the parameter, the format kind and its argument.

    >>> parse("{days:unit.day}").parts[0]
    Field(name='days', kind='unit', arg='day')
    """

    name: str
    kind: str | None = None
    arg: str | None = None

    @property
    def places(self) -> int | None:
        """Decimal places asked for (``percent.1`` → 1), None for the default."""
        return None if self.arg is None or self.kind not in _PLACES else int(self.arg)


@attrs.frozen
class Template:
    """A parsed template: literal strings and :class:`Field` s, in order.

    >>> t = parse("Silent for {gap:unit.day}, {{not}} a field")
    >>> t.parts[0], t.names
    ('Silent for ', ('gap',))
    """

    source: str
    parts: tuple[str | Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The parameter names the template uses, in order of first use."""
        seen: dict[str, None] = {}
        for part in self.parts:
            if isinstance(part, Field):
                seen.setdefault(part.name)
        return tuple(seen)

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every field, in order."""
        return tuple(p for p in self.parts if isinstance(p, Field))


def _field(body: str, key: str, locale: str, source: str) -> Field:
    name, colon, spec = body.partition(":")
    if not _NAME.fullmatch(name):
        raise TemplateError(key, locale, f"bad field {{{body}}} in {source!r}")
    if not colon:
        return Field(name)
    kind, dot, arg = spec.partition(".")
    if kind not in FORMATS:
        known = ", ".join(FORMATS)
        raise TemplateError(key, locale, f"unknown format {kind!r} in {{{body}}}; known: {known}")
    if kind in _KEYED:
        if not dot or not _KEY.fullmatch(arg):
            raise TemplateError(key, locale, f"{{{body}}}: {kind} needs a key, e.g. {kind}.day")
        return Field(name, kind, arg)
    if kind in _PLACES and dot:
        if not arg.isdigit() or int(arg) > 6:
            raise TemplateError(key, locale, f"{{{body}}}: decimal places must be 0…6")
        return Field(name, kind, arg)
    if dot:
        raise TemplateError(key, locale, f"{{{body}}}: {kind} takes no argument")
    return Field(name, kind)


def parse(source: str, key: str = "<template>", locale: str = "?") -> Template:
    """Parse ``source`` into a :class:`Template`; ``key`` and ``locale`` name it in errors.

    >>> parse("{share:percent} of {total}").fields
    (Field(name='share', kind='percent', arg=None), Field(name='total', kind=None, arg=None))
    >>> parse("{share:percnt}", "acme.x", "en")
    Traceback (most recent call last):
    ...
    kam_core.errors.TemplateError: acme.x [en]: unknown format 'percnt' in {share:percnt}; \
known: percent, signed_percent, pct, number, date, month, term, unit, name
    >>> parse("a { b", "acme.y", "en")
    Traceback (most recent call last):
    ...
    kam_core.errors.TemplateError: acme.y [en]: stray '{' in 'a { b'; write {{ for a brace
    """
    if not isinstance(source, str):
        raise TemplateError(key, locale, f"expected text, got {type(source).__name__}")
    parts: list[str | Field] = []
    literal: list[str] = []
    at = 0
    for match in _TOKEN.finditer(source):
        literal.append(source[at : match.start()])
        at = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
        elif match.group(1) is not None:
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(_field(match.group(1), key, locale, source))
        else:
            raise TemplateError(
                key, locale, f"stray {token!r} in {source!r}; write {token * 2} for a brace"
            )
    literal.append(source[at:])
    tail = "".join(literal)
    if tail:
        parts.append(tail)
    return Template(source, tuple(p for p in parts if p != ""))
