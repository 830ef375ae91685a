"""The command line's arguments: one parser, every help text and usage error from the catalogue.

The language of help and errors is the run's ``--lang`` (English when not given), read
from the arguments before they are parsed, so ``demo --lang ru --help`` answers in
Russian.  argparse's own phrases for a mistyped command line ("invalid choice", "the
following arguments are required") stay argparse's.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, NoReturn

from kam_core import SalesType
from kam_core._version import __version__
from kam_core._words import locales
from kam_core.cli._common import EXIT_USAGE, Failure, say

__all__ = ["FORMATS", "build_parser", "language_of"]

FORMATS = ("table", "json", "csv", "html", "xlsx")
"""What ``--format`` may ask for."""
BACKTEST_FORMATS = ("table", "json", "csv")
"""What ``backtest --format`` may ask for."""

_MAP_EXAMPLE = '{"Сумма": "amount"}'
_VALUE_MAP_EXAMPLE = '{"status": {"Выиграна": "won"}}'
DEMO_DAY = date(2026, 11, 24)
"""The demo's default date of the analysis (the book is generated up to it)."""


def language_of(argv: Sequence[str]) -> str:
    """The language ``--lang`` asks for in ``argv``, English when absent or unknown.

    >>> language_of(["demo", "--lang", "ru"]), language_of(["demo", "--lang=ru"])
    ('ru', 'ru')
    >>> language_of(["demo"]), language_of(["demo", "--lang", "xx"])
    ('en', 'en')
    """
    known = locales()
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in known:
            return value
    return "en"


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout with the catalogue's word for "usage"."""

    usage_prefix = "usage: "

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, self.usage_prefix if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (with where to read more) and exit code 2."""

    lang = "en"

    def error(self, message: str) -> NoReturn:
        raise Failure(say("error.see_help", self.lang, message=message, prog=self.prog), EXIT_USAGE)


def _day(lang: str) -> Callable[[str], date]:
    def parse(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                say("error.not_a_date", lang, value=repr(value))
            ) from None

    parse.__name__ = "date"
    return parse


def _count(lang: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                say("error.not_a_count", lang, value=repr(value))
            ) from None
        if number < 0:
            raise argparse.ArgumentTypeError(say("error.negative", lang, value=repr(value)))
        return number

    parse.__name__ = "count"
    return parse


def _seed(lang: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                say("error.not_a_count", lang, value=repr(value))
            ) from None

    parse.__name__ = "seed"
    return parse


def build_parser(lang: str, prog: str, commands: Mapping[str, Callable[[Any], int]]) -> _Parser:
    """The parser of ``prog``: ``demo``, ``analyze`` and ``generate``, run by ``commands``.

    >>> from kam_core.cli import main
    >>> parser = build_parser("en", "kam-core", {"demo": main, "analyze": main, "generate": main})
    >>> args = parser.parse_args(["analyze", "--deals", "d.csv", "--format", "html"])
    >>> args.command, args.deals, args.format, args.lang, args.output
    ('analyze', 'd.csv', 'html', None, None)
    """

    def h(key: str, **params: object) -> str:
        return say(f"help.{key}", lang, **params)

    def m(key: str) -> str:
        return say(f"metavar.{key}", lang)

    class Formatter(_Formatter):
        usage_prefix = say("help.usage", lang)

    def parser_for(
        target: argparse._SubParsersAction[_Parser] | None, name: str, summary: str
    ) -> _Parser:
        options: dict[str, Any] = {
            "description": summary,
            "formatter_class": Formatter,
            "add_help": False,
        }
        made = (
            _Parser(prog=prog, **options)
            if target is None
            else target.add_parser(name, help=summary, **options)
        )
        made.lang = lang
        return made

    def common(parser: _Parser) -> argparse._ArgumentGroup:
        group = parser.add_argument_group(h("options"))
        group.add_argument("-h", "--help", action="help", help=h("help"))
        return group

    parser = parser_for(None, prog, h("description"))
    parser.epilog = h("epilog", prog=prog)
    top = parser.add_argument_group(h("options"))
    top.add_argument("-h", "--help", action="help", help=h("help"))
    top.add_argument(
        "--version",
        action="version",
        version=say("version", lang, version=__version__),
        help=h("version"),
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar=m("command"), title=h("commands")
    )
    day, count = _day(lang), _count(lang)
    languages = ", ".join(locales())

    def report_options(group: argparse._ArgumentGroup, formats: tuple[str, ...] = FORMATS) -> None:
        """The language, format and file of what a command writes."""
        group.add_argument("--lang", choices=locales(), help=h("lang", choices=languages))
        group.add_argument(
            "--format",
            choices=formats,
            default="table",
            help=h("format", choices=", ".join(formats)),
        )
        group.add_argument("--output", metavar=m("file"), help=h("output"))

    def book_options(group: argparse._ArgumentGroup, as_of_help: str) -> None:
        """The synthetic book's size, seed and date (demo, generate)."""
        group.add_argument(
            "--clients", type=count, default=500, metavar=m("n"), help=h("clients", default=500)
        )
        group.add_argument(
            "--seed", type=_seed(lang), default=7, metavar=m("n"), help=h("seed", default=7)
        )
        group.add_argument(
            "--as-of",
            type=day,
            default=DEMO_DAY,
            metavar=m("date"),
            help=h(as_of_help, default=DEMO_DAY.isoformat()),
        )

    def export_options(group: argparse._ArgumentGroup) -> None:
        """The files of a CRM export and the policy set (analyze, backtest)."""
        group.add_argument("--deals", required=True, metavar=m("file_csv"), help=h("deals"))
        group.add_argument("--clients", metavar=m("file_csv"), help=h("clients_file"))
        group.add_argument("--leads", metavar=m("file_csv"), help=h("leads_file"))
        group.add_argument("--policies", metavar=m("file_json"), help=h("policies"))

    demo = parser_for(sub, "demo", h("demo"))
    group = common(demo)
    book_options(group, "demo_as_of")
    group.add_argument(
        "--sales-system",
        choices=[t.value for t in SalesType if t is not SalesType.UNKNOWN],
        help=h("sales_system"),
    )
    report_options(group)
    demo.set_defaults(run=commands["demo"])

    analyze = parser_for(sub, "analyze", h("analyze"))
    group = common(analyze)
    export_options(group)
    group.add_argument("--as-of", type=day, metavar=m("date"), help=h("as_of"))
    report_options(group)
    group.add_argument("--managers", metavar=m("file_csv"), help=h("managers"))
    group.add_argument("--touches", metavar=m("file_csv"), help=h("touches"))
    group.add_argument("--compare", metavar=m("file_json"), help=h("compare"))

    def reading_options(parser: _Parser) -> None:
        reading = parser.add_argument_group(h("reading"))
        reading.add_argument("--encoding", metavar=m("encoding"), help=h("encoding"))
        reading.add_argument("--decimal", choices=(",", "."), help=h("decimal"))
        reading.add_argument(
            "--currency", type=str.upper, metavar=m("currency"), help=h("currency")
        )
        reading.add_argument("--map", metavar=m("file_json"), help=h("map", example=_MAP_EXAMPLE))
        reading.add_argument("--column", action="append", metavar=m("old_new"), help=h("column"))
        reading.add_argument(
            "--value-map", metavar=m("file_json"), help=h("value_map", example=_VALUE_MAP_EXAMPLE)
        )

    reading_options(analyze)
    analyze.set_defaults(run=commands["analyze"])

    if "backtest" in commands:
        back = parser_for(sub, "backtest", h("backtest"))
        group = common(back)
        export_options(group)
        group.add_argument(
            "--at", type=day, action="append", required=True, metavar=m("date"), help=h("at")
        )
        group.add_argument(
            "--horizon-days",
            type=count,
            default=180,
            metavar=m("n"),
            help=h("horizon_days", default=180),
        )
        report_options(group, BACKTEST_FORMATS)
        reading_options(back)
        back.set_defaults(run=commands["backtest"])

    generate = parser_for(sub, "generate", h("generate"))
    group = common(generate)
    group.add_argument("--out", required=True, metavar=m("dir"), help=h("out"))
    book_options(group, "generate_as_of")
    group.add_argument(
        "--deals-per-client",
        type=count,
        default=10,
        metavar=m("n"),
        help=h("deals_per_client", default=10),
    )
    group.add_argument("--leads", type=count, metavar=m("n"), help=h("leads"))
    group.add_argument(
        "--currency", type=str.upper, metavar=m("currency"), help=h("generate_currency")
    )
    generate.set_defaults(run=commands["generate"])
    return parser
