"""Sleeping clients: silent long for their own rhythm, the largest first (the drowsy counted)."""

from __future__ import annotations

from kam_core.cli._sections._context import Context
from kam_core.cli._sections._model import Cell, Column, Kind, Section, Table
from kam_core.cli._sections.top import TOP

__all__ = ["build"]


def build(ctx: Context) -> Section | None:
    """Shown when the set has a sleeping-clients policy."""
    if "sleeping" not in ctx.kinds:
        return None
    report = ctx.report
    rank = ctx.rank
    asleep = sorted(report.sleeping(), key=lambda r: rank[r.client_id])
    counts = report.counts("sleeping")
    summary = ", ".join(
        ctx.say("segments.count", label=ctx.label("sleeping", k), count=counts[k])
        for k in ("sleeping", "lost")
        if k in counts
    )
    title = ctx.say(
        "sleeping", count=len(asleep), by_status=summary or "—", drowsy=counts.get("drowsy", 0)
    )
    rows: list[tuple[Cell, ...]] = []
    for r in asleep[:TOP]:
        last = r.stats.last_order_on
        rows.append(
            (
                r.client_id,
                ctx.name(r),
                last,
                (report.as_of - last).days if last else None,
                ctx.label("sleeping", r.label("sleeping")),
                ctx.amount(r.stats.total.amount),
            )
        )
    columns = (
        Column(ctx.say("h_client")),
        Column(ctx.say("h_name")),
        Column(ctx.say("h_last"), Kind.DATE),
        Column(ctx.say("h_silent"), Kind.COUNT),
        Column(ctx.say("h_status")),
        Column(ctx.say("h_revenue"), Kind.MONEY),
    )
    table = Table(columns, tuple(rows), hidden=len(asleep) - len(rows))
    return Section("sleeping", title, (table,), sheet=ctx.say("sheet.sleeping"))
