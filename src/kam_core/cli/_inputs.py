"""The files a command reads, each once, through :mod:`kam_core.io` — and their problems.

Every reading rule (cells, dates, amounts, encodings, value maps) is :mod:`kam_core.io`'s;
this module turns the command's flags into its options, opens the files, draws the
progress of the deals and says each problem as one line naming the file, with the flag
that fixes it (``--encoding cp1251``) where the reader's own hint names a Python option.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

import attrs
from pydantic import ValidationError

from kam_core import Client, Deal, Lead
from kam_core import io as kio
from kam_core.cli._common import (
    EXIT_DATA,
    EXIT_IO,
    EXIT_USAGE,
    Failure,
    has_text,
    one_line,
    say,
)
from kam_core.cli._progress import Progress
from kam_core.errors import KamError, ReadOptionError, RowError
from kam_core.policies import PolicySet
from kam_core.policies import load as load_policy

__all__ = [
    "DEFAULT_CURRENCY",
    "KINDS",
    "Reading",
    "load_policies",
    "read_deals",
    "read_entities",
    "read_json",
]

_T = TypeVar("_T")

KINDS: Mapping[str, tuple[str, ...]] = {
    "deals": kio.DEAL_COLUMNS,
    "clients": kio.CLIENT_COLUMNS,
    "leads": kio.LEAD_COLUMNS,
}
"""Each file kind and its documented columns."""

_READERS: Mapping[str, Callable[..., Iterator[Any]]] = {
    "deals": kio.read_deals,
    "clients": kio.read_clients,
    "leads": kio.read_leads,
}
DEFAULT_CURRENCY = "RUB"
"""The currency of deal amounts when neither the file nor ``--currency`` gives one."""
_VALUE_MAP_EXAMPLE = json.dumps({"status": {"Выиграна": "won"}}, ensure_ascii=False)
_COLUMN_MAP_EXAMPLE = json.dumps({"Сумма": "amount"}, ensure_ascii=False)
_PER_FILE_EXAMPLE = '{"deals": {...}}'
_PROGRESS_EVERY = 1024  # deals between two looks at how far the file is read


@attrs.frozen
class Reading:
    """How the files of a run are read: :mod:`kam_core.io`'s options, per file kind."""

    lang: str
    encoding: str = "utf-8"
    decimal: str | None = None
    currency: str | None = None
    columns: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    values: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)

    @classmethod
    def of(cls, args: Any, lang: str) -> Reading:
        """The options given by ``analyze``'s flags (checked before any file is read)."""
        encoding = args.encoding or "utf-8"
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise Failure(
                say("error.unknown_encoding", lang, encoding=encoding), EXIT_USAGE
            ) from None
        return cls(
            lang=lang,
            encoding=encoding,
            decimal=args.decimal,
            currency=args.currency,
            columns=_column_maps(args.map, args.column or (), lang),
            values=_value_maps(args.value_map, lang),
        )

    def currency_of(self, kind: str) -> str | None:
        """The currency of amounts without one: ``--currency``, else RUB for deals."""
        return self.currency or (DEFAULT_CURRENCY if kind == "deals" else None)

    def options(self, kind: str) -> dict[str, Any]:
        """Keyword arguments of the :mod:`kam_core.io` reader of ``kind``."""
        return {
            "encoding": self.encoding,
            "decimal": self.decimal,
            "columns": self.columns.get(kind) or None,
            "values": self.values.get(kind) or None,
        }


# -- JSON files -------------------------------------------------------------------------


def _open_text(path: str, lang: str) -> IO[str]:
    try:
        return open(path, encoding="utf-8-sig")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise Failure(say("error.cannot_read", lang, file=path, reason=reason), EXIT_IO) from None


def _read_text(path: str, lang: str) -> str:
    with _open_text(path, lang) as handle:
        try:
            return handle.read()
        except UnicodeDecodeError as exc:
            raise Failure(
                say("error.not_text", lang, file=path, reason=exc.reason), EXIT_DATA
            ) from None


def read_json(path: str, lang: str) -> Any:
    """The JSON value in ``path``; a problem is one line naming the file."""
    content = _read_text(path, lang)
    try:
        return json.loads(content)
    except ValueError as exc:
        reason = one_line(exc)
        raise Failure(say("error.bad_json", lang, file=path, reason=reason), EXIT_DATA) from None


def load_policies(path: str, lang: str) -> PolicySet:
    """The policy set in ``path`` (one policy alone is a set of one), loaded by ``p.load``:
    bounded and validated, never evaluated."""
    content = _read_text(path, lang)
    try:
        loaded = load_policy(content)
        if not isinstance(loaded, PolicySet):
            loaded = PolicySet(name=loaded.kind, version=loaded.version, policies=(loaded,))
    except (KamError, ValidationError, ValueError) as exc:
        raise Failure(f"{path}: {one_line(exc)}", EXIT_DATA) from None
    return loaded


def _column_maps(path: str | None, pairs: Sequence[str], lang: str) -> dict[str, dict[str, str]]:
    """Per-file column renames from ``--map FILE.json`` and ``--column OLD=NEW``.

    The file holds one object ``{"Сумма": "amount"}`` for every file, or one per file
    ``{"deals": {...}, "clients": {...}, "leads": {...}}``.
    """
    flat: dict[str, str] = {}
    per_kind: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    if path:
        data = read_json(path, lang)
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and (isinstance(v, str) or (k in KINDS and isinstance(v, dict)))
            for k, v in data.items()
        ):
            example = f"{_COLUMN_MAP_EXAMPLE} | {_PER_FILE_EXAMPLE}"
            raise Failure(
                say("error.column_map_shape", lang, file=path, example=example), EXIT_DATA
            )
        for key, value in data.items():
            if isinstance(value, dict):
                per_kind[key].update({str(k): str(v) for k, v in value.items()})
            else:
                flat[key] = value
    for item in pairs:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise Failure(say("error.column_pair", lang, value=repr(item)), EXIT_USAGE)
        flat[old.strip()] = new.strip()
    known = {c for columns in KINDS.values() for c in columns}
    unknown = sorted(v for v in flat.values() if v not in known)
    if unknown:
        raise Failure(say("error.unknown_columns", lang, columns=", ".join(unknown)), EXIT_USAGE)
    for kind, columns in KINDS.items():
        for old, new in flat.items():
            if new in columns:
                per_kind[kind].setdefault(old, new)
    return per_kind


def _value_maps(path: str | None, lang: str) -> dict[str, dict[str, Any]]:
    """Per-file value maps from ``--value-map FILE.json``.

    Either ``{"status": {"Выиграна": "won"}}`` (each file with that column) or
    ``{"deals": {"status": {...}}, "clients": {"owner": {...}}}``.
    """
    per_kind: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    if not path:
        return per_kind
    data = read_json(path, lang)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        example = f"{_VALUE_MAP_EXAMPLE} | {_PER_FILE_EXAMPLE}"
        raise Failure(say("error.value_map_shape", lang, file=path, example=example), EXIT_DATA)
    for key, value in data.items():
        if key in KINDS:
            per_kind[key].update(value)
        else:
            for kind, columns in KINDS.items():
                if key in columns:
                    per_kind[kind].setdefault(key, value)
    return per_kind


# -- CSV exports ------------------------------------------------------------------------


def _row_problem(path: str, exc: RowError, lang: str) -> Failure:
    """A reader's error as one line naming the file, with this command's hint."""
    said = str(exc)
    key = f"hint.{exc.code}"
    if exc.hint and has_text(key, lang):
        said = said.removesuffix(exc.hint) + say(key, lang, example=_VALUE_MAP_EXAMPLE)
    prefix = "" if exc.file else f"{path}: "
    return Failure(prefix + one_line(said), EXIT_DATA)


def _open_binary(path: str, lang: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise Failure(say("error.cannot_read", lang, file=path, reason=reason), EXIT_IO) from None


def _entities(
    kind: str, path: str, reading: Reading, progress: Progress | None = None
) -> Iterator[Any]:
    """The entities of one export, one at a time; every problem a :class:`Failure`."""
    lang = reading.lang
    handle = _open_binary(path, lang)
    with handle:
        try:
            entities = _READERS[kind](
                handle, currency=reading.currency_of(kind), **reading.options(kind)
            )
            if progress is None:
                yield from entities
                return
            for seen, entity in enumerate(entities, 1):
                if not seen % _PROGRESS_EVERY:
                    progress.update(handle.tell())
                yield entity
            progress.close()
        except ReadOptionError as exc:
            raise Failure(one_line(exc), EXIT_USAGE) from None
        except RowError as exc:
            raise _row_problem(path, exc, lang) from None
        except OSError as exc:  # pragma: no cover - a disk or network failure mid-file
            reason = exc.strerror or str(exc)
            raise Failure(
                say("error.cannot_read", lang, file=path, reason=reason), EXIT_IO
            ) from None


def read_people(managers: str | None, touches: str | None, reading: Reading) -> dict[str, Any]:
    """``managers=`` and ``touches=`` for the analysis, read from ``--managers`` /
    ``--touches`` with the run's encoding; a bad row stops the run naming the file."""
    out: dict[str, Any] = {}
    for name, path, reader in (
        ("managers", managers, kio.read_managers),
        ("touches", touches, kio.read_touches),
    ):
        if not path:
            continue
        handle = _open_binary(path, reading.lang)
        with handle:
            try:
                out[name] = list(reader(handle, encoding=reading.encoding))
            except ReadOptionError as exc:
                raise Failure(one_line(exc), EXIT_USAGE) from None
            except RowError as exc:
                raise _row_problem(path, exc, reading.lang) from None
    return out


def read_entities(kind: str, path: str, reading: Reading) -> list[Any]:
    """Every client or lead of an export (``kind`` "clients" or "leads")."""
    return list(_entities(kind, path, reading))


def read_deals(path: str, reading: Reading) -> tuple[str | None, Iterator[Deal]]:
    """The deals of an export, streamed, and the currency of the first one (None if none).

    The first deal is read now (its currency decides the default policy set's); the rest
    as the returned iterator is consumed.  A progress bar follows the bytes read.
    """
    size = _size(path)
    progress = Progress(Path(path).name, size)
    deals = _entities("deals", path, reading, progress)
    first = next(deals, None)
    if first is None:
        return None, iter(())
    return first.amount.currency, _chain(first, deals)


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # the reader reports a missing file by name


def _chain(first: _T, rest: Iterable[_T]) -> Iterator[_T]:
    yield first
    yield from rest


def clients_and_leads(
    clients: str | None, leads: str | None, reading: Reading
) -> tuple[list[Client], list[Lead]]:
    """The clients and leads files of a run (empty lists for those not given)."""
    return (
        read_entities("clients", clients, reading) if clients else [],
        read_entities("leads", leads, reading) if leads else [],
    )
