"""``analyze``: a CRM export (CSV files) analysed with a policy set, each file read once.

The clients and leads are read first (they are small); the deals are streamed into the
analysis.  Without ``--as-of`` the book is analysed as of the latest date in the deals,
found in the same pass (:mod:`kam_core.cli._as_of`).  The currency of the default
policy set is that of the first deal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kam_core import analyze
from kam_core.cli._as_of import NoDatesError, analyze_as_of_latest
from kam_core.cli._common import EXIT_DATA, Failure, one_line, say
from kam_core.cli._inputs import Reading, clients_and_leads, load_policies, read_deals
from kam_core.cli._run import check_output, write_report
from kam_core.errors import KamError, PolicyConfigError
from kam_core.policies import PolicySet

__all__ = ["run"]


def run(args: Any) -> int:
    """Read the files, analyse, write the report; the exit code."""
    lang = args.lang or "en"
    check_output(
        args, (args.deals, args.clients, args.leads, args.policies, args.map, args.value_map), lang
    )
    reading = Reading.of(args, lang)
    policies = load_policies(args.policies, lang) if args.policies else None
    clients, leads = clients_and_leads(args.clients, args.leads, reading)
    first_currency, deals = read_deals(args.deals, reading)
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
            )
        else:
            report = analyze_as_of_latest(
                clients, deals, policies=policies, leads=leads, currency=currency
            )
    except NoDatesError:
        raise Failure(say("error.no_dates", lang, file=args.deals), EXIT_DATA) from None
    except PolicyConfigError as exc:
        where = args.policies or say("default_policies", lang)
        raise Failure(f"{where}: {one_line(exc)}", EXIT_DATA) from None
    except KamError as exc:
        raise Failure(f"{args.deals}: {one_line(exc)}", EXIT_DATA) from None
    files = ", ".join(Path(f).name for f in (args.deals, args.clients, args.leads) if f)
    title = say("analyze_title", lang, files=files, as_of=report.as_of)
    return write_report(args, report, policies, lang, title=title)
