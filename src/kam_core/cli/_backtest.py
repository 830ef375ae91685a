"""``backtest``: judge a policy set on the company's own past — as of each date given,
with nothing after it read — against what happened in the horizon that followed.

The deals are streamed once (:func:`kam_core.backtest` folds each deal into every date
it concerns); the result is :class:`kam_core.Backtest`'s table, in words, as JSON or as
CSV rows.
"""

from __future__ import annotations

import csv
import json
from typing import Any

from kam_core import backtest
from kam_core._words import words
from kam_core.cli._common import EXIT_DATA, EXIT_OK, Failure, one_line
from kam_core.cli._inputs import Reading, clients_and_leads, load_policies, read_deals
from kam_core.cli._output import check_not_input, output_stream
from kam_core.errors import KamError
from kam_core.policies import PolicySet

__all__ = ["run"]


def run(args: Any) -> int:
    """Read the files, back-test the policy set at every ``--at`` date, write the table."""
    lang = args.lang or "en"
    check_not_input(args.output, (args.deals, args.clients, args.leads, args.policies), lang)
    reading = Reading.of(args, lang)
    policies = load_policies(args.policies, lang) if args.policies else None
    clients, leads = clients_and_leads(args.clients, args.leads, reading)
    first_currency, deals = read_deals(args.deals, reading)
    currency = first_currency or args.currency or "RUB"
    if policies is None:
        policies = PolicySet.preset("erokhin", currency=currency)
    try:
        result = backtest(
            policies,
            clients,
            deals,
            at=sorted(set(args.at)),
            horizon_days=args.horizon_days,
            leads=leads,
            currency=currency,
        )
    except KamError as exc:
        raise Failure(f"{args.deals}: {one_line(exc)}", EXIT_DATA) from None
    with output_stream(args.output, binary=False, lang=lang) as out:
        if args.format == "json":
            json.dump({"rows": result.rows()}, out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif args.format == "csv":
            rows = [_flat(row) for row in result.rows()]
            delimiter, decimal = ",", "."
            if args.lang is not None:  # for people: the language's spreadsheet conventions
                found = words(lang)
                if found.format["csv_bom"]:
                    out.write("\ufeff")
                delimiter, decimal = str(found.format["csv_delimiter"]), found.decimal
            fields = list(rows[0]) if rows else []
            writer = csv.DictWriter(
                out, fieldnames=fields, delimiter=delimiter, lineterminator="\n"
            )
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(v, decimal) for k, v in row.items()})
        else:
            out.write(result.text(lang) + "\n")
    return EXIT_OK


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its money spread into an amount and a ``currency`` column."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and set(value) == {"amount", "currency"}:
            out[key] = value["amount"]
            out.setdefault("currency", value["currency"])
        else:
            out[key] = value
    return out


def _cell(value: object, decimal: str) -> str:
    """A CSV cell: numbers with the language's decimal separator, nested values as JSON."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) or (isinstance(value, str) and _is_number(value)):
        return str(value).replace(".", decimal)
    return str(value)


def _is_number(text: str) -> bool:
    head, _, tail = text.lstrip("-").partition(".")
    return head.isdigit() and (tail == "" or tail.isdigit())
