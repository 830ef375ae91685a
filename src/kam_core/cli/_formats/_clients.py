"""Every client in one table for people: what a spreadsheet shows, typed, headings in words.

The columns are those of the data contract (``report.rows()``) less the reason codes:
the client, its name and owner, one column per policy that labelled it, the handoff due
(its rule, from whom, to whom), then the purchase figures.  Labels, roles and rules are
in words; money is :class:`~kam_core.cli._sections.Amount`, dates are dates.
"""

from __future__ import annotations

import json
from typing import Any

from kam_core import ClientRow
from kam_core._words import format_value
from kam_core.cli._sections import Cell, Column, Context, Kind, Table

__all__ = ["client_table"]

_HANDOFF = "handoff"
_FIGURES = (
    ("orders", Kind.COUNT),
    ("turnover", Kind.MONEY),
    ("currency", Kind.TEXT),
    ("average_order", Kind.MONEY),
    ("first_order_on", Kind.DATE),
    ("last_order_on", Kind.DATE),
    ("products", Kind.COUNT),
    ("categories", Kind.COUNT),
    ("overdue", Kind.MONEY),
)


def _keys(ctx: Context) -> list[str]:
    """The policy keys the rows hold, in order of first appearance; the handoff's last if
    no row has one (as ``report.rows()`` places it)."""
    keys: dict[str, None] = {}
    for row in ctx.rows:
        for key, _ in row.outcomes:
            keys.setdefault(key)
    keys.setdefault(_HANDOFF)
    return list(keys)


def _label(ctx: Context, row: ClientRow, key: str) -> Cell:
    outcome = row.outcome(key)
    shown = getattr(outcome, "text", None)
    if callable(shown) and not isinstance(outcome, str):  # a composite outcome words itself
        text = shown(ctx.lang)
        if isinstance(text, str):
            return text
    value = row.label(key)
    if value is None:
        return None
    if isinstance(value, str):
        return ctx.label(key, value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _handoff(ctx: Context, row: ClientRow) -> tuple[Cell, Cell, Cell]:
    handoff: Any = row.outcome(_HANDOFF)
    if handoff is None:
        return None, None, None
    rule = format_value(str(getattr(handoff, "rule", "")), ctx.lang, "name.rule")
    return (
        rule,
        ctx.role(getattr(handoff, "from_role", None)),
        ctx.role(getattr(handoff, "to_role", None)),
    )


def client_table(ctx: Context) -> Table:
    """One row per client (by id), every column typed; headings in ``ctx``'s language.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> book = kc.generate_book(5, seed=1, as_of=date(2026, 11, 24))
    >>> report = kc.analyze(book.clients, book.deals(), as_of=book.as_of, policies=[p.Abc()])
    >>> table = client_table(Context(report, p.PolicySet(policies=(p.Abc(),)), "ru", "5"))
    >>> [c.heading for c in table.columns][:5]
    ['клиент', 'название', 'кто ведёт', 'ABC-анализ', 'пора передать']
    >>> len(table.rows)
    5
    """
    keys = _keys(ctx)
    say = ctx.say
    columns = [
        Column(say("column.client_id")),
        Column(say("column.name")),
        Column(say("column.owner")),
    ]
    for key in keys:
        if key == _HANDOFF:
            columns += [
                Column(say("column.handoff")),
                Column(say("column.handoff_from")),
                Column(say("column.handoff_to")),
            ]
        else:
            columns.append(Column(format_value(key, ctx.lang, "name.policy")))
    columns += [Column(say(f"column.{name}"), kind) for name, kind in _FIGURES]
    rows = []
    for row in ctx.rows:
        owner = None if row.client is None else row.client.owner
        cells: list[Cell] = [
            row.client_id,
            None if row.client is None else row.client.name,
            None if owner is None else ctx.role(owner),
        ]
        for key in keys:
            if key == _HANDOFF:
                cells.extend(_handoff(ctx, row))
            else:
                cells.append(_label(ctx, row, key))
        s = row.stats
        aov = s.average_order_value
        cells += [
            s.order_count,
            ctx.amount(s.total.amount),
            s.currency,
            None if aov is None else ctx.amount(aov.round().amount),
            s.first_order_on,
            s.last_order_on,
            len(s.products),
            len(s.categories),
            ctx.amount(s.overdue.amount),
        ]
        rows.append(tuple(cells))
    return Table(tuple(columns), tuple(rows))
