"""Command line: ``python -m kam_core demo | analyze | generate``; the only module with I/O.

- ``demo`` runs ``kc.analyze`` with the ``erokhin`` policy set on a built-in seeded
  synthetic client base and prints a readable report in English or Russian;
- ``analyze`` streams a CRM export (CSV) through ``kc.analyze`` with a policy set from
  JSON (or the ``erokhin`` preset) and writes the report as a table, JSON or CSV;
- ``generate`` writes a synthetic book as CSV files in the documented columns.

Errors (bad arguments, unreadable files, bad rows) are one line on stderr naming the
file, the row and the column, with a non-zero exit code; see ``docs/cli.md``.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

from pydantic import ValidationError

from kam_core import _ingest
from kam_core._decision import Decision, jsonable
from kam_core._domain.client import Client
from kam_core._domain.deal import Deal, DealStatus
from kam_core._domain.handoff import role_term
from kam_core._domain.lead import Lead
from kam_core._domain.role import RoleLike
from kam_core._money import Money
from kam_core._words import format_value, locales, text
from kam_core.analysis import ClientRow, Report, analyze, redistribute
from kam_core.errors import KamError, PolicyConfigError, ReadOptionError, RowError
from kam_core.io import read_managers, read_touches
from kam_core.io._table import decoding_error
from kam_core.policies import PolicySet
from kam_core.policies import load as load_policy
from kam_core.policies.segmentation.rfm import STANDARD_RFM_GRID
from kam_core.synthetic import SyntheticBook, generate_book

__all__ = ["main"]

EXIT_OK = 0
EXIT_DATA = 1
"""A file was read but its content is invalid (a bad row, bad JSON)."""
EXIT_USAGE = 2
"""Bad command-line arguments."""
EXIT_IO = 3
"""A file could not be read or written."""

_T = TypeVar("_T")
_RFM_ORDER = tuple(dict.fromkeys(cell.segment for cell in STANDARD_RFM_GRID))
_KINDS = {
    "deals": _ingest.DEAL_COLUMNS,
    "clients": _ingest.CLIENT_COLUMNS,
    "leads": _ingest.LEAD_COLUMNS,
}


class _Failure(Exception):
    """A problem to report as one line with an exit code (never a traceback)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise _Failure(f"{message} (see '{self.prog} --help')", EXIT_USAGE)


# -- small helpers ----------------------------------------------------------------------


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def _money_text(amount: Decimal, lang: str) -> str:
    """An amount for a table column: grouped thousands, two decimals, the language's signs."""
    return format_value(amount, lang, "number.2")


def _percent(part: Decimal, whole: Decimal, lang: str, places: int = 1) -> str:
    if not whole:
        return "—"
    return format_value(part / whole, lang, f"percent.{places}")


def _amount(amount: Decimal, currency: str, lang: str) -> str:
    """An amount with its currency, as the catalogue writes money (``1 250,50 ₽``)."""
    if not currency:
        return _money_text(amount, lang)
    return format_value(Money(amount.quantize(Decimal("0.01")), currency), lang)


def _one_line(text: str) -> str:
    """Lines joined with "; " (a line ending in ":" introduces the next with a space)."""
    out = ""
    for part in (p.strip() for p in str(text).splitlines()):
        if part:
            out += (" " if out.endswith(":") else "; " if out else "") + part
    return out


class _Progress:
    """A progress line on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str, total: int, *, enabled: bool | None = None) -> None:
        self.label = label
        self.total = max(total, 1)
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.done = 0
        self.shown = -1

    def advance(self, step: int) -> None:
        self.done += step
        if not self.enabled:
            return
        percent = min(99, self.done * 100 // self.total)
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4)
            sys.stderr.write(f"\r{self.label} [{bar:<25}] {percent:3d}%")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.shown >= 0:
            sys.stderr.write(f"\r{self.label} [{'#' * 25}] 100%\n")
            sys.stderr.flush()

    def lines(self, stream: Iterable[str]) -> Iterator[str]:
        """Pass lines through, advancing by their length (characters ≈ bytes)."""
        pending = 0
        for line in stream:
            pending += len(line)
            if pending > 1 << 16:
                self.advance(pending)
                pending = 0
            yield line
        self.advance(pending)
        self.close()


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]], right: set[int]) -> str:
    cells = [[str(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], len(value))

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(widths[i]) if i in right else v.ljust(widths[i]) for i, v in enumerate(values)
        ).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    return "\n".join(out)


# -- reading CSV ------------------------------------------------------------------------


def _open(path: str, encoding: str = "utf-8-sig") -> IO[str]:
    try:
        # utf-8-sig: spreadsheet exports often start with a byte-order mark
        return open(path, encoding=encoding, newline="")
    except OSError as exc:
        raise _Failure(f"{path}: cannot read: {exc.strerror or exc}", EXIT_IO) from None
    except LookupError:
        raise _Failure(f"--encoding {encoding}: unknown encoding", EXIT_USAGE) from None


# What to do about a reader's problem, said with this command's flags (kam_core.io's own
# hints name its Python options).
_CLI_HINTS = {
    "io.file.encoding": "pass --encoding cp1251 (Russian Excel's CSV) or the file's encoding",
    "io.amount.ambiguous": "pass --decimal , or --decimal . to say which marks decimals",
    "io.amount.mixed_separators": "pass --decimal , or --decimal . to say which marks decimals",
    "io.amount.grouping": "pass --decimal , or --decimal . to say which marks decimals",
    "io.quantity.ambiguous": "pass --decimal , or --decimal . to say which marks decimals",
    "io.status.unknown": (
        'map the export\'s names with --value-map FILE.json: {"status": {"Выиграна": "won"}}'
    ),
    "io.date.timestamp": "export the dates without times of day",
    "io.currency.missing": "pass --currency RUB for rows without one",
}


def _row_problem(path: str, exc: RowError) -> _Failure:
    """A reader's error as one line naming the file, with this command's hint."""
    text = str(exc)
    cli_hint = _CLI_HINTS.get(exc.code)
    if cli_hint and exc.hint:
        text = text.removesuffix(exc.hint) + cli_hint
    prefix = "" if exc.file else f"{path}: "
    return _Failure(prefix + _one_line(text), EXIT_DATA)


def _undecodable(path: str, codec: str) -> RowError:
    """Where ``path`` stops being ``codec`` text (read again, on this error only)."""
    return decoding_error(path, codec, codec.removesuffix("-sig"), path)


def _codec(args: argparse.Namespace) -> str:
    """The codec files are opened with: UTF-8 skipping a byte-order mark unless told."""
    encoding = getattr(args, "encoding", None) or "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise _Failure(f"--encoding {encoding}: unknown encoding", EXIT_USAGE) from None
    return "utf-8-sig" if name == "utf-8" else name


def _delimiter(header_line: str) -> str:
    """',' unless the header uses ';' or tabs (Russian spreadsheet exports use ';')."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _stream(
    path: str,
    reader: Callable[..., Iterator[_T]],
    mapping: Mapping[str, str],
    currency: str | None,
    codec: str = "utf-8-sig",
    options: Mapping[str, Any] | None = None,
) -> Iterator[_T]:
    """Validated entities from ``path``, one at a time; errors name the file and row."""
    handle = _open(path, codec)
    with handle:
        try:
            size = Path(path).stat().st_size
            first = handle.readline()
            progress = _Progress(f"{Path(path).name}", size)
            progress.advance(len(first))
            lines = progress.lines(handle)
            rows = csv.DictReader(lines, fieldnames=None, delimiter=_delimiter(first))
            rows.fieldnames = next(csv.reader([first], delimiter=_delimiter(first)), [])
            yield from reader(
                rows,
                currency=currency,
                mapping=mapping,
                header=rows.fieldnames,
                first_row=2,
                **(options or {}),
            )
        except ReadOptionError as exc:
            raise _Failure(_one_line(str(exc)), EXIT_USAGE) from None
        except RowError as exc:
            raise _row_problem(path, exc) from None
        except UnicodeDecodeError:
            raise _row_problem(path, _undecodable(path, codec)) from None
        except csv.Error as exc:
            message = f"{path}: not a readable CSV file: {_one_line(str(exc))}"
            raise _Failure(message, EXIT_DATA) from None
        except OSError as exc:  # pragma: no cover - a disk or network failure mid-file
            raise _Failure(f"{path}: cannot read: {exc.strerror or exc}", EXIT_IO) from None


def _mapping(args: argparse.Namespace) -> dict[str, dict[str, str]]:
    """Per-file column mappings from ``--map FILE.json`` and ``--column old=new``.

    The JSON file is either one object ``{"Сумма": "amount"}`` applied to every file, or
    ``{"deals": {...}, "clients": {...}, "leads": {...}}``.
    """
    flat: dict[str, str] = {}
    per_kind: dict[str, dict[str, str]] = {kind: {} for kind in _KINDS}
    if args.map:
        data = _read_json(args.map)
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and (isinstance(v, str) or (k in _KINDS and isinstance(v, dict)))
            for k, v in data.items()
        ):
            raise _Failure(
                f"{args.map}: expected a JSON object of column names "
                '({"Сумма": "amount"} or {"deals": {...}})',
                EXIT_DATA,
            )
        for key, value in data.items():
            if isinstance(value, dict):
                per_kind[key].update({str(k): str(v) for k, v in value.items()})
            else:
                flat[key] = value
    for item in args.column or ():
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise _Failure(f"--column {item!r}: expected OLD=NEW", EXIT_USAGE)
        flat[old.strip()] = new.strip()
    known = {c for columns in _KINDS.values() for c in columns}
    unknown = sorted(v for v in flat.values() if v not in known)
    if unknown:
        raise _Failure(f"column mapping targets unknown columns: {', '.join(unknown)}", EXIT_USAGE)
    for kind, columns in _KINDS.items():
        for old, new in flat.items():
            if new in columns:
                per_kind[kind].setdefault(old, new)
    return per_kind


def _read_json(path: str) -> Any:
    handle = _open(path)
    with handle:
        try:
            return json.load(handle)
        except ValueError as exc:
            raise _Failure(f"{path}: not valid JSON: {_one_line(str(exc))}", EXIT_DATA) from None


def _latest_date(path: str, mapping: Mapping[str, str], codec: str = "utf-8-sig") -> date:
    """The latest closing or opening date in a deals file (a first, cheap pass)."""
    source = {new: old for old, new in mapping.items()}
    columns = [(name, source.get(name, name)) for name in ("closed_on", "opened_on")]
    latest: date | None = None
    handle = _open(path, codec)
    with handle:
        try:
            first = handle.readline()
            delimiter = _delimiter(first)
            header = next(csv.reader([first], delimiter=delimiter), [])
            rows = csv.DictReader(handle, fieldnames=header, delimiter=delimiter)
            for number, row in enumerate(rows, start=2):
                for name, column in columns:
                    text = (row.get(column) or "").strip()
                    if text:
                        day = _ingest.parse_date(text, row=number, field=name)
                        if latest is None or day > latest:
                            latest = day
        except RowError as exc:
            raise _row_problem(path, exc) from None
        except UnicodeDecodeError:
            raise _row_problem(path, _undecodable(path, codec)) from None
        except csv.Error as exc:
            message = f"{path}: not a readable CSV file: {_one_line(str(exc))}"
            raise _Failure(message, EXIT_DATA) from None
    if latest is None:
        raise _Failure(f"{path}: no dated deals; pass --as-of YYYY-MM-DD", EXIT_DATA)
    return latest


# -- analyze ----------------------------------------------------------------------------


def _policy_set(path: str) -> PolicySet:
    """The policy set in ``path`` (one policy alone is taken as a set of one)."""
    handle = _open(path)
    with handle:
        try:
            text = handle.read()
        except UnicodeDecodeError as exc:
            raise _Failure(f"{path}: not a UTF-8 text file: {exc.reason}", EXIT_DATA) from None
    try:
        loaded = load_policy(text)
        if not isinstance(loaded, PolicySet):
            loaded = PolicySet(name=loaded.kind, version=loaded.version, policies=(loaded,))
    except (KamError, ValidationError, ValueError) as exc:
        raise _Failure(f"{path}: {_one_line(str(exc))}", EXIT_DATA) from None
    return loaded


def _deals_currency(path: str, mapping: Mapping[str, str], codec: str = "utf-8-sig") -> str | None:
    """The first currency cell of a deals file (a cheap peek), or None."""
    column = {new: old for old, new in mapping.items()}.get("currency", "currency")
    handle = _open(path, codec)
    with handle:
        try:
            first = handle.readline()
            delimiter = _delimiter(first)
            header = next(csv.reader([first], delimiter=delimiter), [])
            rows = csv.DictReader(handle, fieldnames=header, delimiter=delimiter)
            for number, row in enumerate(rows):
                text = (row.get(column) or "").strip().upper()
                if text:
                    Money.zero(text)  # a bad code is left for the real pass to report by row
                    return text
                if number > 10_000:
                    return None
        except (csv.Error, UnicodeDecodeError, KamError, ValueError):
            return None  # the real pass reports the problem with its row
    return None


_CSV_MONEY = frozenset({"amount", "currency"})


def _csv_rows(report: Report) -> tuple[list[str], list[dict[str, str]]]:
    """report.rows() flattened for a spreadsheet: one row per client, text cells.

    Money becomes its amount, with the row's currency in a ``currency`` column (a money
    value in another currency keeps its code in the cell); the handoff becomes its rule
    plus ``handoff_from`` / ``handoff_to``; the account plan its action plus
    ``plan_manager`` / ``plan_due`` / ``plan_overdue``; lists are joined with ``;``; other objects
    (a user's own outcomes) are compact JSON.
    """
    columns: dict[str, None] = {}
    out: list[dict[str, str]] = []
    for client_row in report.clients:
        row = client_row.to_dict()
        currency = client_row.stats.currency
        flat: dict[str, str] = {}
        for key, value in row.items():
            if key == "handoff":
                handoff = value if isinstance(value, dict) else {}
                flat["handoff"] = str(handoff.get("rule") or "")
                flat["handoff_from"] = str(handoff.get("from_role") or "")
                flat["handoff_to"] = str(handoff.get("to_role") or "")
            elif key == "account_plan" and isinstance(value, dict):
                flat[key] = str(value.get("action") or "")
                flat["plan_manager"] = str(value.get("manager_id") or "")
                flat["plan_due"] = str(value.get("next_touch_due") or "")
                flat["plan_overdue"] = _csv_cell(value.get("overdue"))
            elif isinstance(value, dict) and set(value) == _CSV_MONEY:
                amount, code = str(value["amount"]), str(value["currency"])
                flat[key] = amount if code == currency else f"{amount} {code}"
                if key == "turnover":
                    flat["currency"] = currency
            else:
                flat[key] = _csv_cell(value)
        columns.update(dict.fromkeys(flat))
        out.append(flat)
    return list(columns), out


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(_csv_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return str(value)


def _value_maps(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Per-file value maps from ``--value-map FILE.json``.

    Either ``{"status": {"Выиграна": "won"}}`` (each file with that column) or
    ``{"deals": {"status": {...}}, "clients": {"owner": {...}}}``.
    """
    per_kind: dict[str, dict[str, Any]] = {kind: {} for kind in _KINDS}
    if not getattr(args, "value_map", None):
        return per_kind
    data = _read_json(args.value_map)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise _Failure(
            f"{args.value_map}: expected a JSON object of value maps "
            '({"status": {"Выиграна": "won"}} or {"deals": {"status": {...}}})',
            EXIT_DATA,
        )
    for key, value in data.items():
        if key in _KINDS:
            per_kind[key].update(value)
        else:
            for kind, columns in _KINDS.items():
                if key in columns:
                    per_kind[kind].setdefault(key, value)
    return per_kind


def _analyze(args: argparse.Namespace) -> int:
    mappings = _mapping(args)
    codec = _codec(args)
    maps = _value_maps(args)
    decimal = getattr(args, "decimal", None)

    def options(kind: str) -> dict[str, Any]:
        return {"decimal": decimal, "values": maps[kind]}

    policies = _policy_set(args.policies) if args.policies else None
    clients: list[Client] = []
    if args.clients:
        clients = list(
            _stream(
                args.clients,
                _ingest.read_clients,
                mappings["clients"],
                args.currency,
                codec,
                options("clients"),
            )
        )
    leads: list[Lead] = []
    if args.leads:
        leads = list(
            _stream(
                args.leads,
                _ingest.read_leads,
                mappings["leads"],
                args.currency,
                codec,
                options("leads"),
            )
        )
    as_of = args.as_of or _latest_date(args.deals, mappings["deals"], codec)
    currency = _deals_currency(args.deals, mappings["deals"], codec) or args.currency or "RUB"
    if policies is None:
        policies = PolicySet.preset("erokhin", currency=currency)
    elif policies.currency is not None and policies.currency != currency:
        raise _Failure(
            f"{args.policies}: the policy set's money thresholds are in {policies.currency}, "
            f"the deals in {currency}; kam_core never converts currencies",
            EXIT_DATA,
        )
    deals = _stream(
        args.deals,
        _ingest.read_deals,
        mappings["deals"],
        args.currency or "RUB",
        codec,
        options("deals"),
    )
    people = _people(args)
    try:
        report = analyze(
            clients,
            deals,
            as_of=as_of,
            policies=policies,
            leads=leads,
            currency=currency,
            **people,
        )
    except PolicyConfigError as exc:
        where = args.policies or "the default policy set"
        raise _Failure(f"{where}: {_one_line(str(exc))}", EXIT_DATA) from None
    except KamError as exc:
        raise _Failure(f"{args.deals}: {_one_line(str(exc))}", EXIT_DATA) from None
    out = sys.stdout
    if args.format == "json":
        json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        columns, rows = _csv_rows(report)
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
    else:
        files = ", ".join(Path(f).name for f in (args.deals, args.clients, args.leads) if f)
        title = _t("analyze_title", args.lang, files=files, as_of=as_of)
        lines = _report_lines(report, policies, args.lang, title=title)
        lines += _people_lines(report, args.lang, as_of - timedelta(days=as_of.weekday()), shown=2)
        out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _people(args: argparse.Namespace) -> dict[str, Any]:
    """``managers=`` and ``touches=`` for analyze(), read from --managers / --touches."""
    encoding = args.encoding or "utf-8"
    out: dict[str, Any] = {}
    for name, reader in (("managers", read_managers), ("touches", read_touches)):
        path = getattr(args, name, None)
        if not path:
            continue
        try:
            out[name] = list(reader(path, encoding=encoding))
        except (OSError, KamError) as exc:
            raise _Failure(f"{path}: {_one_line(str(exc))}", EXIT_DATA) from None
    return out


# -- generate ---------------------------------------------------------------------------


def _generate(args: argparse.Namespace) -> int:
    book = generate_book(
        args.clients,
        seed=args.seed,
        as_of=args.as_of,
        currency=args.currency or "RUB",
        deals_per_client=max(args.deals_per_client, 1),
        leads=args.leads,
    )
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        _write(out / "clients.csv", _ingest.CLIENT_COLUMNS, map(_ingest.client_row, book.clients))
        _write(out / "leads.csv", _ingest.LEAD_COLUMNS, map(_ingest.lead_row, book.leads))
        progress = _Progress("deals.csv", len(book.clients))
        deal_rows = _deal_rows(book, progress)
        count = _write(out / "deals.csv", _ingest.DEAL_COLUMNS, deal_rows)
        progress.close()
    except OSError as exc:
        message = f"{exc.filename or out}: cannot write: {exc.strerror or exc}"
        raise _Failure(message, EXIT_IO) from None
    said = _t(
        "generated",
        "en",
        clients=len(book.clients),
        leads=len(book.leads),
        deals=count,
        folder=str(out),
        seed=args.seed,
        as_of=args.as_of,
    )
    print(said)
    return EXIT_OK


def _deal_rows(book: SyntheticBook, progress: _Progress) -> Iterator[dict[str, str]]:
    last = None
    for deal in book.deals():
        if deal.client_id != last:
            last = deal.client_id
            progress.advance(1)
        yield from _ingest.deal_rows(deal)


def _write(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


# -- the report (demo and analyze --format table) ---------------------------------------

_NAMES = {
    "sleeping": "activity",
    "key_account": "key_account_status",
    "kam_portfolio": "strategy",
    "bant": "verdict",
}
"""Policy kind → the catalogue prefix of its labels' names, where they differ."""
_UNKNOWN = "unknown"
_TOP = 10


def _t(key: str, lang: str, /, **params: object) -> str:
    """The command line's phrase ``key`` in ``lang``: ``[text] cli.<key>`` of the catalogue."""
    return text(f"cli.{key}", lang, **params)


def _label(kind: str, label: str, lang: str) -> str:
    """A segment label as a sales manager reads it in ``lang`` (its catalogue name)."""
    if label == _UNKNOWN:
        return _t("unknown", lang)
    return format_value(label, lang, f"name.{_NAMES.get(kind, kind)}")


def _role(role: RoleLike | None, lang: str) -> str:
    if role is None:
        return _t("nobody", lang)
    return format_value(role_term(role), lang)


def _ordered(labels: Iterable[str], first: Sequence[str], *, always: bool = False) -> list[str]:
    """``first`` in its order (all of it if ``always``), other labels sorted, unknown last."""
    labels = set(labels)
    head = [x for x in first if always or x in labels]
    rest = sorted(labels - set(head) - {_UNKNOWN})
    return head + rest + ([_UNKNOWN] if _UNKNOWN in labels else [])


def _more(lines: list[str], shown: int, total: int, lang: str) -> None:
    if total > shown:
        lines.append(_t("more", lang, n=total - shown))


def _report_lines(
    report: Report,
    policies: PolicySet,
    lang: str,
    *,
    title: str,
    deal_counts: Mapping[DealStatus, int] | None = None,
) -> list[str]:
    """The readable report: one section per policy family present in the set."""
    rows = report.clients
    kinds = {ref["kind"] for ref in report.policies}
    currency = next((r.stats.currency for r in rows), policies.currency or "")
    by_revenue = sorted(rows, key=lambda r: (-r.stats.total.amount, r.client_id))
    rank = {r.client_id: i for i, r in enumerate(by_revenue)}
    revenue = sum((r.stats.total.amount for r in rows), Decimal(0))

    def money(amount: Decimal) -> str:
        return _money_text(amount, lang)

    def name(row: ClientRow) -> str:
        return row.client.name if row.client is not None else "—"

    def share(count: int) -> str:
        return _percent(Decimal(count), Decimal(len(rows)), lang)

    ref = policies.ref
    lines = [
        title,
        _t(
            "policies",
            lang,
            name=policies.name,
            version=ref.version,
            fingerprint=ref.fingerprint,
            count=len(policies),
        ),
        "",
        f"== {_t('book', lang)}",
        "  "
        + _t(
            "book.clients",
            lang,
            count=len(rows),
            buying=sum(1 for r in rows if r.stats.order_count),
        ),
    ]
    if deal_counts is not None:
        lost = deal_counts[DealStatus.LOST] + deal_counts[DealStatus.CANCELLED]
        won, still_open = deal_counts[DealStatus.WON], deal_counts[DealStatus.OPEN]
        count = sum(deal_counts.values())
        lines.append(
            "  " + _t("book.deals", lang, count=count, won=won, open=still_open, lost=lost)
        )
    lines.append("  " + _t("book.revenue", lang, amount=_amount(revenue, currency, lang)))
    lines.append("  " + _t("book.leads", lang, count=len(report.leads)))

    # ABC × XYZ
    if {"abc", "xyz"} <= kinds:
        matrix = report.matrix("abc", "xyz")
        row_keys = _ordered(matrix, "ABC", always=True)
        col_keys = _ordered((c for cells in matrix.values() for c in cells), "XYZ", always=True)
        table = []
        for abc in row_keys:
            cells = [matrix.get(abc, {}).get(c, 0) for c in col_keys]
            table.append([_label("abc", abc, lang), *cells, sum(cells)])
        totals = [sum(matrix.get(abc, {}).get(c, 0) for abc in row_keys) for c in col_keys]
        table.append([_t("total", lang), *totals, sum(totals)])
        headers = ["", *(_label("xyz", c, lang) for c in col_keys), _t("total", lang)]
        lines += ["", f"== {_t('abc_xyz', lang)}"]
        lines.append(_table(headers, table, set(range(1, len(headers)))))

    # ABCD
    if "abcd" in kinds:
        counts = report.counts("abcd")
        abcd = policies.get("abcd")
        playbook = getattr(abcd, "playbook", None)
        table = []
        for label in _ordered(counts, "ABCD"):
            play = playbook.play_for(label) if playbook is not None else None
            strategy = getattr(play, "strategy", None)
            table.append(
                [
                    _label("abcd", label, lang),
                    counts[label],
                    share(counts[label]),
                    "" if strategy is None else format_value(strategy, lang, "name.strategy"),
                ]
            )
        headers = [_t(k, lang) for k in ("h_segment", "h_clients", "h_share", "h_strategy")]
        headers[2] = _t("percent", lang)
        lines += ["", f"== {_t('abcd', lang)}", _table(headers, table, {1, 2})]

    # RFM
    if "rfm" in kinds:
        counts = report.counts("rfm")
        table = [
            [_label("rfm", label, lang), counts[label], share(counts[label])]
            for label in _ordered(counts, [*_RFM_ORDER, "no_orders"])
        ]
        headers = [_t("h_segment", lang), _t("h_clients", lang), _t("percent", lang)]
        lines += ["", f"== {_t('rfm', lang)}", _table(headers, table, {1, 2})]

    # segmentations without a section of their own (a company's own set)
    shown = {"abc_xyz", "abcd", "rfm", "sleeping", "key_account"}
    if {"abc", "xyz"} <= kinds:
        shown |= {"abc", "xyz"}
    if "key_account" in kinds:
        shown.add("kam_portfolio")
    others = [k for k in report.summary()["segments"] if k not in shown]
    if others:
        lines += ["", f"== {_t('segments', lang)}"]
        for kind in others:
            counts = report.counts(kind)
            said = ", ".join(
                _t("segments.count", lang, label=_label(kind, label, lang), count=counts[label])
                for label in _ordered(counts, ())
            )
            lines.append("  " + _t("segments.kind", lang, kind=kind, counts=said))

    # the top clients by revenue
    n = min(_TOP, len(by_revenue))
    if n:
        top_fifth = sum(
            (r.stats.total.amount for r in by_revenue[: max(1, len(rows) // 5)]), Decimal(0)
        )
        lines += ["", f"== {_t('top', lang, n=n, share=_percent(top_fifth, revenue, lang, 0))}"]
        cumulative = Decimal(0)
        table = []
        for r in by_revenue[:n]:
            s = r.stats
            cumulative += s.total.amount
            avg = s.average_order_value
            owner = r.client.owner if r.client is not None else None
            table.append(
                [
                    r.client_id,
                    name(r),
                    _label("abc_xyz", str(r.label("abc_xyz") or "—"), lang),
                    s.order_count,
                    money(s.total.amount),
                    _percent(cumulative, revenue, lang),
                    format_value(s.last_order_on, lang),
                    money(avg.amount) if avg is not None else "—",
                    _role(owner, lang) if owner is not None else "—",
                ]
            )
        keys: tuple[str, ...] = (
            "h_client",
            "h_name",
            "h_cell",
            "h_orders",
            "h_revenue",
            "h_share",
            "h_last",
        )
        headers = [_t(k, lang) for k in (*keys, "h_avg", "h_owner")]
        lines.append(_table(headers, table, {3, 4, 5, 7}))

    # handoffs due
    due = [(r, d) for r in rows if (d := r.decision("handoff")) is not None and d.outcome]
    if any(pol.kind == "handoff_rules" for pol in policies) or due:
        by_rule = Counter(str(getattr(d.outcome, "rule", "")) for _, d in due)
        summary = ", ".join(
            _t("handoffs.rule", lang, rule=rule, count=count)
            for rule, count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        lines += ["", f"== {_t('handoffs', lang, count=len(due), by_rule=summary or '—')}"]
        due.sort(key=lambda pair: rank[pair[0].client_id])
        table = []
        for r, d in due[:_TOP]:
            handoff = d.outcome
            rule = str(getattr(handoff, "rule", ""))
            move = (
                f"{_role(getattr(handoff, 'from_role', None), lang)} → "
                f"{_role(getattr(handoff, 'to_role', None), lang)}"
            )
            table.append(
                [
                    r.client_id,
                    name(r),
                    move,
                    format_value(rule, lang, "name.rule"),
                    money(r.stats.total.amount),
                ]
            )
        keys = ("h_client", "h_name", "h_move", "h_rule", "h_revenue")
        lines.append(_table([_t(k, lang) for k in keys], table, {4}))
        _more(lines, len(table), len(due), lang)

    # sleeping clients
    if "sleeping" in kinds:
        asleep = sorted(report.sleeping(), key=lambda r: rank[r.client_id])
        counts = report.counts("sleeping")
        summary = ", ".join(
            f"{_label('sleeping', k, lang)}: {counts[k]}"
            for k in ("sleeping", "lost")
            if k in counts
        )
        head = _t(
            "sleeping",
            lang,
            count=len(asleep),
            by_status=summary or "—",
            drowsy=counts.get("drowsy", 0),
        )
        lines += ["", f"== {head}"]
        table = []
        for r in asleep[:_TOP]:
            last = r.stats.last_order_on
            table.append(
                [
                    r.client_id,
                    name(r),
                    format_value(last, lang),
                    (report.as_of - last).days if last else "—",
                    _label("sleeping", str(r.label("sleeping")), lang),
                    money(r.stats.total.amount),
                ]
            )
        keys = (
            "h_client",
            "h_name",
            "h_last",
            "h_silent",
            "h_status",
            "h_revenue",
        )
        lines.append(_table([_t(k, lang) for k in keys], table, {3, 5}))
        _more(lines, len(table), len(asleep), lang)

    # key accounts
    if "key_account" in kinds:
        counts = report.counts("key_account")
        keyed = [
            r
            for r in by_revenue
            if str(r.label("key_account")) in ("national_account", "key_account")
        ]
        keyed.sort(
            key=lambda r: (str(r.label("key_account")) != "national_account", rank[r.client_id])
        )
        head = _t(
            "key_accounts",
            lang,
            national=counts.get("national_account", 0),
            key=counts.get("key_account", 0),
            unknown=counts.get(_UNKNOWN, 0),
        )
        lines += ["", f"== {head}"]
        table = []
        for r in keyed[:_TOP]:
            portfolio = r.label("kam_portfolio")
            table.append(
                [
                    r.client_id,
                    name(r),
                    _label("key_account", str(r.label("key_account")), lang),
                    len(r.client.regions) if r.client is not None else "—",
                    _label("abcd", str(r.label("abcd") or "—"), lang),
                    "—" if portfolio is None else _label("kam_portfolio", str(portfolio), lang),
                    money(r.stats.total.amount),
                ]
            )
        keys = (
            "h_client",
            "h_name",
            "h_status",
            "h_regions",
            "h_segment",
            "h_portfolio",
        )
        headers = [_t(k, lang) for k in (*keys, "h_revenue")]
        headers[4] = "ABCD"
        lines.append(_table(headers, table, {3, 6}))
        _more(lines, len(table), len(keyed), lang)

    # overdue receivables
    overdue = sorted(
        (r for r in rows if r.stats.payments.overdue),
        key=lambda r: (-r.stats.payments.overdue_amount, r.client_id),
    )
    if overdue:
        total_overdue = sum((r.stats.payments.overdue_amount for r in overdue), Decimal(0))
        amount = _amount(total_overdue, currency, lang)
        lines += ["", "== " + _t("overdue", lang, amount=amount, count=len(overdue))]
        table = [
            [
                r.client_id,
                name(r),
                money(r.stats.payments.overdue_amount),
                r.stats.payments.overdue,
                r.stats.payments.paid_late,
            ]
            for r in overdue[:5]
        ]
        keys = ("h_client", "h_name", "h_overdue", "h_deals", "h_late")
        lines.append(_table([_t(k, lang) for k in keys], table, {2, 3, 4}))

    # the lead funnel
    if report.leads:
        verdicts = Counter(str(jsonable(d.outcome)) for d in report.leads)
        lines += ["", f"== {_t('funnel', lang, count=len(report.leads))}"]
        table = [
            [
                _label("bant", v, lang),
                verdicts[v],
                _percent(Decimal(verdicts[v]), Decimal(len(report.leads)), lang),
            ]
            for v in _ordered(verdicts, ["sql", "nurture", "disqualified"])
        ]
        headers = [_t("h_verdict", lang), _t("h_leads", lang), _t("percent", lang)]
        lines.append(_table(headers, table, {1, 2}))
        asks = Counter(
            m for d in report.leads if str(jsonable(d.outcome)) != "disqualified" for m in d.missing
        )
        if asks:
            lines += ["", f"== {_t('questions', lang)}"]
            top_asks = sorted(asks.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            table = [[format_value(m, lang, "term"), count] for m, count in top_asks]
            lines.append(_table([_t("h_question", lang), _t("h_leads", lang)], table, {1}))

    # sample explanations
    sample = _sample_client(by_revenue, due)
    if sample is not None:
        lines += ["", f"== {_t('explain_client', lang, client=sample.client_id)}"]
        for key in ("abc_xyz", "abcd", "sleeping", "key_account", "handoff"):
            decision = sample.decision(key)
            if decision is not None:
                lines.append("")
                lines.extend(f"  {line}" for line in decision.explain(lang).splitlines())
    if report.leads:
        lead = min(report.leads, key=lambda d: (-_verdict_rank(d), str(d.subject)))
        lines += ["", f"== {_t('explain_lead', lang, lead=lead.subject)}", ""]
        lines.extend(f"  {line}" for line in lead.explain(lang).splitlines())
    return lines


def _verdict_rank(decision: Decision[Any]) -> int:
    rank = getattr(decision.outcome, "rank", 0)
    return rank if isinstance(rank, int) else 0


def _sample_client(
    by_revenue: Sequence[ClientRow], due: Sequence[tuple[ClientRow, Decision[Any]]]
) -> ClientRow | None:
    """The client whose decisions show the most: a KAM handoff, else any, else the largest."""
    to_kam = [r for r, d in due if str(getattr(d.outcome, "rule", "")) == "farmer_to_key_account"]
    if to_kam:
        return to_kam[0]
    if due:
        return due[0][0]
    return by_revenue[0] if by_revenue else None


def _people_lines(report: Report, lang: str, week_of: date, *, shown: int) -> list[str]:
    """This week for the first ``shown`` client managers, the load table and the moves."""
    if not report.managers or not report.plans():
        return []
    lines: list[str] = []
    farmers = [m for m in report.managers.values() if m.position.key == "client_manager"]
    for person in (farmers or list(report.managers.values()))[:shown]:
        items = report.agenda(person.id, week_of=week_of)
        head = _t(
            "this_week", lang, name=person.name, manager=person.id, week_of=week_of,
            position=_role(person.position, lang), count=len(items),
            overdue=sum(1 for i in items if i.overdue),
        )  # fmt: skip
        rows = [
            [
                i.client_id,
                i.action.text(lang),
                format_value(i.due, lang) + (f" ({_t('overdue_mark', lang)})" if i.overdue else ""),
                "" if i.revenue_12m is None else format_value(i.revenue_12m.round(), lang),
            ]
            for i in items[:8]
        ]
        headers = [_t(h, lang) for h in ("h_client", "h_action", "h_due", "h_revenue_12m")]
        lines += ["", head, _table(headers, rows, {3})]
        if len(items) > 8:
            lines.append(_t("more", lang, n=len(items) - 8))
    loads = report.workload()
    rows = [
        [
            m,
            _role(report.managers[m].position, lang) if m in report.managers else "",
            str(load.clients),
            "" if load.capacity is None else str(load.capacity),
            load.status.text(lang),
            f"{load.touches} / {load.planned_touches}",
        ]
        for m, load in loads.items()
    ]
    headers = [
        _t(h, lang)
        for h in ("h_manager", "h_owner", "h_clients", "h_capacity", "h_status", "h_touches")
    ]
    lines += ["", _t("load", lang), _table(headers, rows, {2, 3, 5})]
    moves = redistribute(report)
    lines += ["", _t("moves", lang, count=len(moves))]
    lines += [f"- {m.explain(lang)}" for m in moves[:5]]
    if len(moves) > 5:
        lines.append(_t("more", lang, n=len(moves) - 5))
    return lines


def _demo(args: argparse.Namespace) -> int:
    lang = args.lang
    as_of: date = args.as_of
    book = generate_book(
        args.clients,
        seed=args.seed,
        as_of=as_of,
        currency="RUB",
        managers=max(3, args.clients // 40),
    )
    policies = PolicySet.preset("erokhin", currency=book.currency)
    by_status = dict.fromkeys(DealStatus, 0)
    progress = _Progress("demo", len(book.clients))

    def counted(deals: Iterable[Deal]) -> Iterator[Deal]:
        last = None
        for deal in deals:
            by_status[deal.status] += 1
            if deal.client_id != last:
                last = deal.client_id
                progress.advance(1)
            yield deal

    report = analyze(
        book.clients,
        counted(book.deals()),
        as_of=as_of,
        policies=policies,
        leads=book.leads,
        currency=book.currency,
        managers=book.managers,
        touches=book.touches(),
    )
    progress.close()
    title = _t("title", lang, clients=len(book.clients), as_of=as_of, seed=args.seed)
    lines = _report_lines(report, policies, lang, title=title, deal_counts=by_status)
    lines += _people_lines(report, lang, as_of - timedelta(days=as_of.weekday()), shown=2)
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


# -- the parser -------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m kam_core",
        description="kam_core: client-base management from the command line.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="run kam_core on a seeded synthetic client base")
    demo.add_argument("--clients", type=_count, default=500, help="clients (default 500)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    demo.add_argument("--as-of", type=_day, default=date(2026, 11, 24), help="YYYY-MM-DD")
    demo.add_argument("--lang", choices=locales(), default="en", help="report language")
    demo.set_defaults(run=_demo)

    analyze = sub.add_parser("analyze", help="analyse a CRM export (CSV files)")
    analyze.add_argument("--deals", required=True, metavar="FILE.csv", help="deals, one row a line")
    analyze.add_argument("--clients", metavar="FILE.csv", help="clients (adds those without deals)")
    analyze.add_argument("--leads", metavar="FILE.csv", help="leads")
    analyze.add_argument("--managers", metavar="FILE.csv", help="the people who work the clients")
    analyze.add_argument("--touches", metavar="FILE.csv", help="the contact log")
    analyze.add_argument("--policies", metavar="FILE.json", help="a policy set as JSON")
    analyze.add_argument(
        "--as-of", type=_day, help="YYYY-MM-DD (default: the latest date in the deals)"
    )
    analyze.add_argument("--format", choices=("table", "json", "csv"), default="table")
    analyze.add_argument("--lang", choices=locales(), default="en", help="table language")
    analyze.add_argument(
        "--currency", type=str.upper, help="currency of amounts without a currency column (RUB)"
    )
    analyze.add_argument("--map", metavar="FILE.json", help="column mapping {old: new}")
    analyze.add_argument(
        "--column", action="append", metavar="OLD=NEW", help="rename a column (repeatable)"
    )
    analyze.add_argument("--encoding", help="of the CSV files (default utf-8; e.g. cp1251)")
    analyze.add_argument(
        "--decimal",
        choices=(",", "."),
        help="the decimal separator of amounts (default: refuse 1,250)",
    )
    analyze.add_argument(
        "--value-map", metavar="FILE.json", help='value maps {"status": {"Выиграна": "won"}}'
    )
    analyze.set_defaults(run=_analyze)

    gen = sub.add_parser("generate", help="write a synthetic book as CSV files")
    gen.add_argument("--clients", type=_count, default=500)
    gen.add_argument("--seed", type=int, default=7)
    gen.add_argument("--as-of", type=_day, default=date(2026, 11, 24), help="YYYY-MM-DD")
    gen.add_argument("--deals-per-client", type=_count, default=10)
    gen.add_argument("--leads", type=_count, help="leads (default: clients / 10)")
    gen.add_argument("--currency", type=str.upper, help="ISO 4217 code (default RUB)")
    gen.add_argument("--out", required=True, metavar="DIR", help="directory for the CSV files")
    gen.set_defaults(run=_generate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m kam_core``; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
        return int(args.run(args))
    except _Failure as exc:
        sys.stderr.write(f"kam_core: error: {_one_line(str(exc))}\n")
        return exc.code
    except (KamError, ValidationError, ValueError) as exc:
        sys.stderr.write(f"kam_core: error: {_one_line(str(exc))}\n")
        return EXIT_DATA
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("\nkam_core: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover - exercised by the subprocess tests
    sys.exit(main())
