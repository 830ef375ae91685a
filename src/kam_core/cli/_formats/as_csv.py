"""``--format csv``: one row per client, flat columns.

Without ``--lang`` the file is the data contract for programs: column codes as headers
(``client_id``, ``abc``, ``turnover`` …), labels, roles and rules as their stable codes,
ISO dates, ``.`` for decimals, ``,`` between cells, UTF-8, and the reason codes of every
decision.  With ``--lang`` it is a spreadsheet for people in that language: headings,
labels, roles and rules in words, dates and decimal marks as the language writes them,
and the language's spreadsheet conventions from the catalogue — Russian Excel reads
``;`` between cells and a UTF-8 file only with a byte-order mark.  The reason codes are
for programs and stay in the data contract (and the JSON).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from kam_core import Report
from kam_core._words import format_value, words
from kam_core.cli._formats._clients import client_table
from kam_core.cli._formats._job import Job
from kam_core.cli._sections import Amount

__all__ = ["RENDERER", "contract_rows", "csv_cell"]

_MONEY = frozenset({"amount", "currency"})


def contract_rows(report: Report) -> tuple[list[str], Iterator[dict[str, str]]]:
    """``report.rows()`` flattened for a spreadsheet: the columns, then one row per client.

    Money becomes its amount, with the row's currency in a ``currency`` column (a money
    value in another currency keeps its code in the cell); the handoff becomes its rule
    plus ``handoff_from`` / ``handoff_to``; the account plan its action plus
    ``plan_manager`` / ``plan_due`` / ``plan_overdue``; the assortment view its trend plus
    ``assortment_products`` (now / before), the products stopped and replaced, the white
    spots and the candidates (``kind:category``); lists are joined with ``;``; other objects
    (a user's own outcomes) are compact JSON.  The columns are those of the first rows
    that have them, in order.
    """
    columns: dict[str, None] = {}
    flat_rows: list[dict[str, str]] = []
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
                flat["plan_overdue"] = csv_cell(value.get("overdue"))
            elif key == "assortment" and isinstance(value, dict) and "breadth" in value:
                flat.update(_assortment_cells(value))
            elif isinstance(value, dict) and set(value) == _MONEY:
                amount, code = str(value["amount"]), str(value["currency"])
                flat[key] = amount if code == currency else f"{amount} {code}"
                if key == "turnover":
                    flat["currency"] = currency
            else:
                flat[key] = csv_cell(value)
        columns.update(dict.fromkeys(flat))
        flat_rows.append(flat)
    return list(columns), iter(flat_rows)


def _range(breadth: dict[str, Any]) -> str:
    high, low = breadth.get("products_before"), breadth.get("products_before_at_least")
    return str(high) if low is None or low == high else f"{low}-{high}"


def _assortment_cells(view: dict[str, Any]) -> dict[str, str]:
    """An assortment view's cells: the trend, breadth, drops, white spots, candidates."""
    breadth = view["breadth"]
    dropped = [d for d in view.get("dropped", ()) if d.get("level") == "product"]
    return {
        "assortment": str(view.get("trend") or ""),
        "assortment_products": f"{breadth.get('products_now')}/{_range(breadth)}",
        "assortment_stopped": str(len(dropped)),
        "assortment_replaced": str(sum(1 for d in dropped if d.get("replaced"))),
        "assortment_white_spots": ";".join(str(w["category"]) for w in view.get("white_spots", ())),
        "assortment_candidates": ";".join(
            f"{c['kind']}:{c['category']}" for c in view.get("candidates", ())
        ),
    }


def csv_cell(value: object) -> str:
    """A JSON-safe value as one CSV cell.

    >>> csv_cell(None), csv_cell(["abc.class", "xyz.class"]), csv_cell(True)
    ('', 'abc.class;xyz.class', 'true')
    >>> csv_cell({"b": 1, "a": "я"}), csv_cell(3)
    ('{"a":"я","b":1}', '3')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(csv_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return str(value)


def _people_cell(value: object, lang: str, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Amount):
        return format(value.amount, "f").replace(".", decimal)
    if isinstance(value, date):
        return format_value(value, lang)
    return str(value)


class _Csv:
    binary = False

    def render(self, job: Job, out: IO[Any]) -> None:
        if not job.for_people:
            columns, rows = contract_rows(job.report)
            writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", restval="")
            writer.writeheader()
            writer.writerows(rows)
            return
        lang = job.lang
        found = words(lang)
        if found.format["csv_bom"]:
            out.write("\ufeff")
        table = client_table(job.context)
        people = csv.writer(
            out, delimiter=str(found.format["csv_delimiter"]), lineterminator="\r\n"
        )
        people.writerow([c.heading for c in table.columns])
        decimal = found.decimal
        for row in table.rows:
            people.writerow([_people_cell(v, lang, decimal) for v in row])


RENDERER = _Csv()
"""The per-client CSV."""
