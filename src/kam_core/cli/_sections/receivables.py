"""Overdue receivables: how much, at how many clients, and the largest debtors."""

from __future__ import annotations

from decimal import Decimal

from kam_core.cli._sections._context import Context
from kam_core.cli._sections._model import Column, Kind, Section, Table

__all__ = ["SHOWN", "build"]

SHOWN = 5
"""Debtors listed (the largest overdue amounts)."""


def build(ctx: Context) -> Section | None:
    """Shown when some client has an overdue deal."""
    overdue = sorted(
        (r for r in ctx.rows if r.stats.payments.overdue),
        key=lambda r: (-r.stats.payments.overdue_amount, r.client_id),
    )
    if not overdue:
        return None
    total = sum((r.stats.payments.overdue_amount for r in overdue), Decimal(0))
    title = ctx.say("overdue", amount=ctx.money(total), count=len(overdue))
    rows = tuple(
        (
            r.client_id,
            ctx.name(r),
            ctx.amount(r.stats.payments.overdue_amount),
            r.stats.payments.overdue,
            r.stats.payments.paid_late,
        )
        for r in overdue[:SHOWN]
    )
    columns = (
        Column(ctx.say("h_client")),
        Column(ctx.say("h_name")),
        Column(ctx.say("h_overdue"), Kind.MONEY),
        Column(ctx.say("h_deals"), Kind.COUNT),
        Column(ctx.say("h_late"), Kind.COUNT),
    )
    table = Table(columns, rows, hidden=len(overdue) - len(rows))
    return Section("receivables", title, (table,), sheet=ctx.say("sheet.receivables"))
