"""The book in numbers: clients, deals by status, revenue, leads."""

from __future__ import annotations

from kam_core import DealStatus
from kam_core.cli._sections._context import Context
from kam_core.cli._sections._model import Lines, Section

__all__ = ["build"]


def build(ctx: Context) -> Section:
    """Always shown, an empty book too."""
    rows = ctx.rows
    lines = [
        ctx.say("book.clients", count=len(rows), buying=sum(1 for r in rows if r.stats.order_count))
    ]
    counts = ctx.deal_counts
    if counts is not None:
        lines.append(
            ctx.say(
                "book.deals",
                count=sum(counts.values()),
                won=counts[DealStatus.WON],
                open=counts[DealStatus.OPEN],
                lost=counts[DealStatus.LOST] + counts[DealStatus.CANCELLED],
            )
        )
    lines.append(ctx.say("book.revenue", amount=ctx.money(ctx.revenue)))
    lines.append(ctx.say("book.leads", count=len(ctx.report.leads)))
    return Section("book", ctx.say("book"), (Lines(tuple(lines)),), sheet=ctx.say("sheet.book"))
