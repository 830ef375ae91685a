"""``analyze``: a CRM export (CSV files) analysed with a policy set, each file read once.

The clients and leads are read first (they are small); the deals are streamed into the
analysis.  Without ``--as-of`` the book is analysed as of the latest date in the deals,
found in the same pass (:mod:`kam_core.cli._as_of`).  The currency of the default
policy set is that of the first deal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kam_core import Deal, analyze, compare
from kam_core.cli._as_of import NoDatesError, analyze_as_of_latest
from kam_core.cli._common import EXIT_DATA, EXIT_OK, EXIT_USAGE, Failure, one_line, say
from kam_core.cli._inputs import (
    Reading,
    clients_and_leads,
    load_policies,
    read_deals,
    read_people,
)
from kam_core.cli._output import output_stream
from kam_core.cli._run import check_output, write_report
from kam_core.errors import KamError, PolicyConfigError
from kam_core.history import Comparison
from kam_core.policies import PolicySet

__all__ = ["COMPARE_FORMATS", "run"]

COMPARE_FORMATS = ("table", "json")
"""What ``analyze --compare`` may write: the comparison in words, or as JSON."""


def run(args: Any) -> int:
    """Read the files, analyse, write the report; the exit code."""
    lang = args.lang or "en"
    inputs = (
        args.deals,
        args.clients,
        args.leads,
        args.managers,
        args.touches,
        args.policies,
        args.map,
        args.value_map,
    )
    check_output(args, (*inputs, args.compare), lang)
    if args.compare and args.format not in COMPARE_FORMATS:
        raise Failure(
            say(
                "error.compare_format", lang, format=args.format, formats=", ".join(COMPARE_FORMATS)
            ),
            EXIT_USAGE,
        )
    reading = Reading.of(args, lang)
    policies = load_policies(args.policies, lang) if args.policies else None
    other = load_policies(args.compare, lang) if args.compare else None
    clients, leads = clients_and_leads(args.clients, args.leads, reading)
    people = read_people(args.managers, args.touches, reading)
    first_currency, deals = read_deals(args.deals, reading)
    held: list[Deal] = []
    if other is not None:
        held = list(deals)  # both policy sets judge the same deals: read once, held
        deals = iter(held)
    currency = first_currency or args.currency or "RUB"
    if policies is None:
        policies = PolicySet.preset("erokhin", currency=currency)
    elif policies.currency is not None and policies.currency != currency:
        raise Failure(
            say(
                "error.currency_mismatch",
                lang,
                file=args.policies,
                policies=policies.currency,
                deals=currency,
            ),
            EXIT_DATA,
        )
    try:
        if args.as_of is not None:
            report = analyze(
                clients,
                deals,
                as_of=args.as_of,
                policies=policies,
                leads=leads,
                currency=currency,
                **people,
            )
        else:
            report = analyze_as_of_latest(
                clients, deals, policies=policies, leads=leads, currency=currency, **people
            )
    except NoDatesError:
        raise Failure(say("error.no_dates", lang, file=args.deals), EXIT_DATA) from None
    except PolicyConfigError as exc:
        where = args.policies or say("default_policies", lang)
        raise Failure(f"{where}: {one_line(exc)}", EXIT_DATA) from None
    except KamError as exc:
        raise Failure(f"{args.deals}: {one_line(exc)}", EXIT_DATA) from None
    if other is not None:
        try:
            after = analyze(
                clients,
                held,
                as_of=report.as_of,
                policies=other,
                leads=leads,
                currency=currency,
                **people,
            )
        except KamError as exc:
            raise Failure(f"{args.compare}: {one_line(exc)}", EXIT_DATA) from None
        return _write_comparison(args, compare(report, after), lang)
    files = ", ".join(Path(f).name for f in (args.deals, args.clients, args.leads) if f)
    title = say("analyze_title", lang, files=files, as_of=report.as_of)
    return write_report(args, report, policies, lang, title=title)


def _write_comparison(args: Any, comparison: Comparison, lang: str) -> int:
    """The two policy sets side by side: per policy the moves, and every client who moved."""
    with output_stream(args.output, binary=False, lang=lang) as out:
        if args.format == "json":
            data = {"summary": comparison.summary(), "changes": comparison.rows()}
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            out.write(comparison.text(lang) + "\n")
    return EXIT_OK
