"""Command line: ``python -m kam_core demo | analyze | generate``; the only module with I/O.

- ``demo`` runs kam_core on a built-in seeded synthetic client base and prints a report;
- ``analyze`` streams a CRM export (CSV) into per-client statistics and writes them as a
  table, JSON or CSV;
- ``generate`` writes a synthetic book as CSV files in the documented columns.

Errors (bad arguments, unreadable files, bad rows) are one line on stderr naming the
file, the row and the column, with a non-zero exit code; see ``docs/cli.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

from pydantic import ValidationError

from kam_core import _ingest
from kam_core._domain.client import Client
from kam_core._domain.deal import Deal, DealStatus
from kam_core._domain.lead import Lead
from kam_core._domain.role import Role
from kam_core._stats import ClientStats, build_stats
from kam_core.errors import KamError, RowError
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
    """Group thousands (space and decimal comma in Russian), two decimals, exact."""
    text = format(amount.quantize(Decimal("0.01")), ",.2f")
    if lang == "ru":
        return text.replace(",", "\u00a0").replace(".", ",")
    return text


def _percent(part: Decimal, whole: Decimal, lang: str, places: int = 1) -> str:
    if not whole:
        return "—"
    text = f"{part * 100 / whole:.{places}f} %"
    return text.replace(".", ",") if lang == "ru" else text


def _one_line(text: str) -> str:
    return "; ".join(part.strip() for part in str(text).splitlines() if part.strip())


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


def _open(path: str) -> IO[str]:
    try:
        # utf-8-sig: spreadsheet exports often start with a byte-order mark
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise _Failure(f"{path}: cannot read: {exc.strerror or exc}", EXIT_IO) from None


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
) -> Iterator[_T]:
    """Validated entities from ``path``, one at a time; errors name the file and row."""
    handle = _open(path)
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
                rows, currency=currency, mapping=mapping, header=rows.fieldnames, first_row=2
            )
        except RowError as exc:
            raise _Failure(f"{path}: {_one_line(str(exc))}", EXIT_DATA) from None
        except (csv.Error, UnicodeDecodeError) as exc:
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


def _latest_date(path: str, mapping: Mapping[str, str]) -> date:
    """The latest closing or opening date in a deals file (a first, cheap pass)."""
    source = {new: old for old, new in mapping.items()}
    columns = [(name, source.get(name, name)) for name in ("closed_on", "opened_on")]
    latest: date | None = None
    handle = _open(path)
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
            raise _Failure(f"{path}: {_one_line(str(exc))}", EXIT_DATA) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            message = f"{path}: not a readable CSV file: {_one_line(str(exc))}"
            raise _Failure(message, EXIT_DATA) from None
    if latest is None:
        raise _Failure(f"{path}: no dated deals; pass --as-of YYYY-MM-DD", EXIT_DATA)
    return latest


# -- analyze ----------------------------------------------------------------------------

_STATS_COLUMNS = (
    "client_id",
    "orders",
    "total",
    "currency",
    "first_order_on",
    "last_order_on",
    "average_order",
    "products",
    "categories",
    "overdue",
    "overdue_deals",
    "paid_late",
    "margin",
    "referred_by",
)


def _stats_row(stats: ClientStats) -> dict[str, Any]:
    """One JSON-safe row per client (money as exact strings, dates as ISO strings)."""
    average = stats.average_order_value
    margin = stats.margin
    return {
        "client_id": stats.client_id,
        "orders": stats.order_count,
        "total": str(stats.total.amount),
        "currency": stats.currency,
        "first_order_on": stats.first_order_on.isoformat() if stats.first_order_on else None,
        "last_order_on": stats.last_order_on.isoformat() if stats.last_order_on else None,
        "average_order": None if average is None else str(average.round().amount),
        "products": len(stats.products),
        "categories": len(stats.categories),
        "overdue": str(stats.overdue.amount),
        "overdue_deals": stats.payments.overdue,
        "paid_late": stats.payments.paid_late,
        "margin": None if margin is None else str(margin.amount),
        "referred_by": ";".join(stats.referrers),
        # HOOK(lead): when analyze() lands, merge its per-client row here: one key per
        # segmentation policy kind ("abc", "xyz", "abcd", "rfm", "sleeping", "key_account"),
        # "handoff" and the reason codes — and extend _STATS_COLUMNS to match.
    }


def _analyze(args: argparse.Namespace) -> int:
    mappings = _mapping(args)
    if args.policies:
        _read_json(args.policies)  # checked now; HOOK(lead): p.PolicySet.load(...) → analyze()
        sys.stderr.write(
            "kam_core: note: --policies was read; segment policies are not applied yet, "
            "only client statistics are written\n"
        )
    clients: list[Client] = []
    if args.clients:
        clients = list(
            _stream(args.clients, _ingest.read_clients, mappings["clients"], args.currency)
        )
    leads: list[Lead] = []
    if args.leads:
        leads = list(_stream(args.leads, _ingest.read_leads, mappings["leads"], args.currency))
    as_of = args.as_of or _latest_date(args.deals, mappings["deals"])
    deals = _stream(args.deals, _ingest.read_deals, mappings["deals"], args.currency or "RUB")
    try:
        stats = build_stats(
            deals, as_of=as_of, currency=args.currency, clients=[c.id for c in clients]
        )
    except KamError as exc:
        raise _Failure(f"{args.deals}: {_one_line(str(exc))}", EXIT_DATA) from None
    rows = [_stats_row(s) for s in stats.values()]
    # HOOK(lead): replace the stats rows by report.rows() and add report.summary() below.
    out = sys.stdout
    if args.format == "json":
        summary = {
            "clients": len(rows),
            "clients_with_orders": sum(1 for r in rows if r["orders"]),
            "leads": len(leads),
        }
        document = {"as_of": as_of.isoformat(), "summary": summary, "clients": rows}
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=_STATS_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    else:
        print(f"as of {as_of.isoformat()}: {len(rows)} clients, {len(leads)} leads")
        table_rows = [[("" if r[c] is None else r[c]) for c in _STATS_COLUMNS] for r in rows]
        right = {1, 2, 6, 7, 8, 9, 10, 11, 12}
        print(_table(_STATS_COLUMNS, table_rows, right))
    return EXIT_OK


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
    print(
        f"wrote {len(book.clients)} clients, {len(book.leads)} leads and {count} deal rows "
        f"to {out} (seed {args.seed}, as of {args.as_of.isoformat()})"
    )
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


# -- demo -------------------------------------------------------------------------------

_TEXT = {
    "title": (
        "kam_core demo: a synthetic client base of {clients} clients as of {as_of} (seed {seed})",
        "kam_core demo: синтетическая клиентская база, {clients} клиентов, "
        "на {as_of} (seed {seed})",
    ),
    "book": ("The book", "База"),
    "clients": ("clients", "клиентов"),
    "buying": ("with orders", "с заказами"),
    "deals": ("deals", "сделок"),
    "won": ("won", "выиграно"),
    "open": ("open", "открыто"),
    "lost": ("lost or cancelled", "проиграно или отменено"),
    "revenue": ("revenue", "выручка"),
    "leads": ("leads", "лидов"),
    "top": (
        "Top {n} clients by revenue (the top 20 % of clients hold {share} of it)",
        "Топ-{n} клиентов по выручке (у 20 % лучших клиентов {share} выручки)",
    ),
    "h_client": ("client", "клиент"),
    "h_name": ("name", "название"),
    "h_orders": ("orders", "заказов"),
    "h_revenue": ("revenue", "выручка"),
    "h_share": ("cum. share", "накоп. доля"),
    "h_last": ("last order", "посл. заказ"),
    "h_avg": ("avg order", "ср. чек"),
    "h_owner": ("owner", "ведёт"),
    "overdue": (
        "Overdue receivables: {amount} at {count} clients; largest",
        "Просроченная дебиторская задолженность: {amount} у {count} клиентов; крупнейшие",
    ),
    "h_overdue": ("overdue", "просрочено"),
    "h_deals": ("overdue deals", "просроч. сделок"),
    "h_late": ("paid late", "оплачено с опозданием"),
    "facts": (
        "Leads: what the scouts know for BANT (of {n})",
        "Лиды: что разведчики знают для BANT (из {n})",
    ),
    "budget": ("budget", "бюджет"),
    "authority": ("authority (ЛПР)", "полномочия (ЛПР)"),
    "need": ("need", "потребность"),
    "timeline": ("timeline", "сроки"),
    "known": ("known", "известно"),
    "next": (
        "Segments, handoffs due, sleeping clients and the lead funnel appear here "
        "once the policies are wired in.",
        "Сегменты, передачи клиентов, спящие клиенты и воронка лидов появятся здесь "
        "после подключения политик.",
    ),
}


def _t(key: str, lang: str, **params: object) -> str:
    en, ru = _TEXT[key]
    return (ru if lang == "ru" else en).format(**params)


def _demo(args: argparse.Namespace) -> int:
    lang = args.lang
    as_of: date = args.as_of
    book = generate_book(args.clients, seed=args.seed, as_of=as_of, currency="RUB")
    by_status = dict.fromkeys(DealStatus, 0)

    def counted(deals: Iterable[Deal]) -> Iterator[Deal]:
        for deal in deals:
            by_status[deal.status] += 1
            yield deal

    stats = build_stats(
        counted(book.deals()), as_of=as_of, currency=book.currency, clients=book.client_ids
    )
    names: dict[str, Client] = {c.id: c for c in book.clients}
    ranked = sorted(stats.values(), key=lambda s: (-s.total.amount, s.client_id))
    revenue = sum((s.total.amount for s in ranked), Decimal(0))

    def money(amount: Decimal) -> str:
        return _money_text(amount, lang)

    print(_t("title", lang, clients=len(book.clients), as_of=as_of.isoformat(), seed=args.seed))
    print()
    print(f"== {_t('book', lang)}")
    buying = sum(1 for s in ranked if s.order_count)
    print(f"  {_t('clients', lang)}: {len(ranked)} ({_t('buying', lang)}: {buying})")
    print(
        f"  {_t('deals', lang)}: {sum(by_status.values())} "
        f"({_t('won', lang)} {by_status[DealStatus.WON]}, {_t('open', lang)} "
        f"{by_status[DealStatus.OPEN]}, {_t('lost', lang)} "
        f"{by_status[DealStatus.LOST] + by_status[DealStatus.CANCELLED]})"
    )
    print(f"  {_t('revenue', lang)}: {money(revenue)} {book.currency}")
    print(f"  {_t('leads', lang)}: {len(book.leads)}")

    # HOOK(lead): ABC×XYZ matrix and ABCD matrix tables go here (report.summary()).
    top_fifth = sum((s.total.amount for s in ranked[: max(1, len(ranked) // 5)]), Decimal(0))
    share = _percent(top_fifth, revenue, lang, places=0)
    n = min(10, len(ranked))
    print()
    print(f"== {_t('top', lang, n=n, share=share)}")
    cumulative = Decimal(0)
    rows: list[list[object]] = []
    for s in ranked[:n]:
        cumulative += s.total.amount
        client = names[s.client_id]
        owner = client.owner
        avg = s.average_order_value
        rows.append(
            [
                s.client_id,
                client.name,
                s.order_count,
                money(s.total.amount),
                _percent(cumulative, revenue, lang),
                s.last_order_on.isoformat() if s.last_order_on else "—",
                money(avg.amount) if avg is not None else "—",
                owner.russian if lang == "ru" and isinstance(owner, Role) else str(owner or "—"),
            ]
        )
    headers = [
        _t(k, lang)
        for k in ("h_client", "h_name", "h_orders", "h_revenue", "h_share", "h_last", "h_avg")
    ]
    headers.append(_t("h_owner", lang))
    print(_table(headers, rows, {2, 3, 4, 6}))

    # HOOK(lead): handoffs due (hunter → farmer, farmer → KAM) go here.
    # HOOK(lead): the sleeping list (p.Sleeping) goes here.
    overdue = sorted(
        (s for s in ranked if s.payments.overdue),
        key=lambda s: (-s.payments.overdue_amount, s.client_id),
    )
    total_overdue = sum((s.payments.overdue_amount for s in overdue), Decimal(0))
    print()
    print(
        "== "
        + _t("overdue", lang, amount=f"{money(total_overdue)} {book.currency}", count=len(overdue))
    )
    print(
        _table(
            [_t(k, lang) for k in ("h_client", "h_name", "h_overdue", "h_deals", "h_late")],
            [
                [
                    s.client_id,
                    names[s.client_id].name,
                    money(s.payments.overdue_amount),
                    s.payments.overdue,
                    s.payments.paid_late,
                ]
                for s in overdue[:5]
            ],
            {2, 3, 4},
        )
    )

    # HOOK(lead): the lead funnel (SQL / nurture / disqualified from p.Bant) goes here.
    leads = book.leads
    print()
    print(f"== {_t('facts', lang, n=len(leads))}")
    known = [
        ("budget", sum(1 for x in leads if x.bant.budget is not None)),
        ("authority", sum(1 for x in leads if x.bant.authority is not None)),
        ("need", sum(1 for x in leads if x.bant.need is not None)),
        ("timeline", sum(1 for x in leads if x.bant.decision_date is not None)),
    ]
    print(_table(["", _t("known", lang)], [[_t(k, lang), v] for k, v in known], {1}))
    print()
    print(_t("next", lang))
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
    demo.add_argument("--lang", choices=("en", "ru"), default="en", help="report language")
    demo.set_defaults(run=_demo)

    analyze = sub.add_parser("analyze", help="analyse a CRM export (CSV files)")
    analyze.add_argument("--deals", required=True, metavar="FILE.csv", help="deals, one row a line")
    analyze.add_argument("--clients", metavar="FILE.csv", help="clients (adds those without deals)")
    analyze.add_argument("--leads", metavar="FILE.csv", help="leads")
    analyze.add_argument("--policies", metavar="FILE.json", help="a policy set as JSON")
    analyze.add_argument(
        "--as-of", type=_day, help="YYYY-MM-DD (default: the latest date in the deals)"
    )
    analyze.add_argument("--format", choices=("table", "json", "csv"), default="table")
    analyze.add_argument(
        "--currency", type=str.upper, help="currency of amounts without a currency column (RUB)"
    )
    analyze.add_argument("--map", metavar="FILE.json", help="column mapping {old: new}")
    analyze.add_argument(
        "--column", action="append", metavar="OLD=NEW", help="rename a column (repeatable)"
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
