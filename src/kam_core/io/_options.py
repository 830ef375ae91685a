"""The options of a read, checked once before any row is read."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from kam_core._amounts import check_decimal_rule
from kam_core._money import Money
from kam_core.errors import AmountFormatError, MoneyError, ReadOptionError

__all__ = ["Options", "options"]

_UTF8 = "utf-8"
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*", re.ASCII)
_ERRORS = ("raise", "collect")


@attrs.frozen
class Options:
    """Everything a reader needs to know besides the rows, already checked."""

    codec: str
    """The codec files are opened with (``utf-8-sig`` for UTF-8: a BOM is skipped)."""
    encoding: str
    """The encoding as the caller named it, for messages."""
    delimiter: str | None
    decimal: str | None
    columns: Mapping[str, str]
    """Export header (casefolded) -> kam_core field."""
    values: Mapping[str, Mapping[str, str]]
    """kam_core field -> export text (casefolded) -> the text kam_core reads."""
    timezone: tzinfo | None
    currency: str | None
    collect: bool


def _zone(value: object) -> tzinfo | None:
    if value is None or isinstance(value, tzinfo):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ReadOptionError(
            "timezone", value, "expected a time zone name such as 'Europe/Moscow' or a tzinfo"
        )
    name = value.strip()
    if not _ZONE_NAME.fullmatch(name):
        raise ReadOptionError("timezone", value, "not a time zone name (Europe/Moscow, UTC)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass  # not a name, or no time zone database on this system: dateutil ships its own
    from dateutil import tz

    zone = tz.gettz(name)
    if zone is None:
        raise ReadOptionError("timezone", value, "unknown time zone (an IANA name: Europe/Moscow)")
    return zone


def _mapping(option: str, value: object) -> Mapping[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ReadOptionError(option, value, "expected a mapping")
    return value


def options(
    fields: tuple[str, ...],
    *,
    encoding: object = _UTF8,
    delimiter: object = None,
    decimal: object = None,
    columns: object = None,
    values: object = None,
    timezone: object = None,
    currency: object = None,
    errors: object = "raise",
) -> Options:
    """Check every option against the reader's ``fields``; ReadOptionError names a bad one."""
    if not isinstance(encoding, str):
        raise ReadOptionError("encoding", encoding, "expected a codec name such as 'cp1251'")
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ReadOptionError("encoding", encoding, "unknown encoding") from None
    codec = "utf-8-sig" if name == _UTF8 else name
    if delimiter is not None and (
        not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n'
    ):
        raise ReadOptionError(
            "delimiter", delimiter, "expected one character such as ',', ';' or a tab"
        )
    try:
        rule = check_decimal_rule(decimal)
    except AmountFormatError:
        raise ReadOptionError("decimal", decimal, "expected ',' or '.' (or None)") from None
    renames: dict[str, str] = {}
    for source, target in _mapping("columns", columns).items():
        if not isinstance(source, str) or not isinstance(target, str):
            raise ReadOptionError("columns", {source: target}, "column names are text")
        if target not in fields:
            raise ReadOptionError(
                "columns",
                {source: target},
                f"not a column kam_core reads; known: {', '.join(fields)}",
            )
        key = source.strip().casefold()
        if renames.get(key, target) != target:
            raise ReadOptionError("columns", source, "renamed twice, to different columns")
        renames[key] = target
    maps: dict[str, dict[str, str]] = {}
    for field, table in _mapping("values", values).items():
        if field not in fields:
            raise ReadOptionError(
                "values", field, f"not a column kam_core reads; known: {', '.join(fields)}"
            )
        folded: dict[str, str] = {}
        for text, meant in _mapping(f"values[{field!r}]", table).items():
            if not isinstance(text, str) or not isinstance(meant, str):
                raise ReadOptionError(f"values[{field!r}]", {text: meant}, "values are text")
            key = text.strip().casefold()
            if folded.get(key, meant.strip()) != meant.strip():
                raise ReadOptionError(f"values[{field!r}]", text, "mapped twice, differently")
            folded[key] = meant.strip()
        maps[field] = folded
    code: str | None = None
    if currency is not None:
        try:
            code = Money.zero(currency).currency  # type: ignore[arg-type]
        except MoneyError:
            raise ReadOptionError("currency", currency, "not an ISO 4217 code") from None
    if errors not in _ERRORS:
        raise ReadOptionError("errors", errors, "expected 'raise' or 'collect'")
    return Options(
        codec=codec,
        encoding=encoding,
        delimiter=delimiter,
        decimal=rule,
        columns=renames,
        values=maps,
        timezone=_zone(timezone),
        currency=code,
        collect=errors == "collect",
    )
