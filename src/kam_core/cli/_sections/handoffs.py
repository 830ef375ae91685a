"""Handoffs due: counts per rule, then the largest clients due with who hands over to whom."""

from __future__ import annotations

from collections import Counter

from kam_core._words import format_value, text
from kam_core.cli._sections._context import Context
from kam_core.cli._sections._model import Column, Kind, Section, Table
from kam_core.cli._sections.top import TOP

__all__ = ["build"]


def build(ctx: Context) -> Section | None:
    """Shown when the set has handoff rules (or a client policy handed someone over)."""
    due = list(ctx.due)
    if not (any(pol.kind == "handoff_rules" for pol in ctx.policies) or due):
        return None
    by_rule = Counter(str(getattr(d.outcome, "rule", "")) for _, d in due)
    summary = ", ".join(
        ctx.say("handoffs.rule", rule=rule, count=count)
        for rule, count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    title = ctx.say("handoffs", count=len(due), by_rule=summary or "—")
    rank = ctx.rank
    due.sort(key=lambda pair: rank[pair[0].client_id])
    rows = []
    for r, d in due[:TOP]:
        handoff = d.outcome
        move = text(
            "handoff.move",
            ctx.lang,
            from_role=ctx.role(getattr(handoff, "from_role", None)),
            to_role=ctx.role(getattr(handoff, "to_role", None)),
        )
        rule = format_value(str(getattr(handoff, "rule", "")), ctx.lang, "name.rule")
        rows.append((r.client_id, ctx.name(r), move, rule, ctx.amount(r.stats.total.amount)))
    columns = (
        Column(ctx.say("h_client")),
        Column(ctx.say("h_name")),
        Column(ctx.say("h_move")),
        Column(ctx.say("h_rule")),
        Column(ctx.say("h_revenue"), Kind.MONEY),
    )
    table = Table(columns, tuple(rows), hidden=len(due) - len(rows))
    return Section("handoffs", title, (table,), sheet=ctx.say("sheet.handoffs"))
