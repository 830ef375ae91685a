"""The largest clients by revenue, with their ABC × XYZ cell and cumulative share."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from kam_core.cli._sections._context import Context
from kam_core.cli._sections._model import Cell, Column, Kind, Section, Table

if TYPE_CHECKING:  # pragma: no cover - matplotlib is an optional extra
    from matplotlib.figure import Figure

__all__ = ["TOP", "build"]

TOP = 10
"""How many clients the lists of the report show (the largest first)."""


def build(ctx: Context) -> Section | None:
    """The top clients; the title says what share of revenue the top fifth holds."""
    by_revenue = ctx.by_revenue
    n = min(TOP, len(by_revenue))
    if not n:
        return None
    top_fifth = sum(
        (r.stats.total.amount for r in by_revenue[: max(1, len(by_revenue) // 5)]), Decimal(0)
    )
    title = ctx.say("top", n=n, share=ctx.percent(top_fifth, ctx.revenue, 0))
    cumulative = Decimal(0)
    rows: list[tuple[Cell, ...]] = []
    for r in by_revenue[:n]:
        s = r.stats
        cumulative += s.total.amount
        avg = s.average_order_value
        owner = r.client.owner if r.client is not None else None
        rows.append(
            (
                r.client_id,
                ctx.name(r),
                ctx.label("abc_xyz", r.label("abc_xyz")),
                s.order_count,
                ctx.amount(s.total.amount),
                ctx.share(cumulative, ctx.revenue),
                s.last_order_on,
                None if avg is None else ctx.amount(avg.amount),
                "—" if owner is None else ctx.role(owner),
            )
        )
    columns = (
        Column(ctx.say("h_client")),
        Column(ctx.say("h_name")),
        Column(ctx.say("h_cell")),
        Column(ctx.say("h_orders"), Kind.COUNT),
        Column(ctx.say("h_revenue"), Kind.MONEY),
        Column(ctx.say("h_share"), Kind.SHARE),
        Column(ctx.say("h_last"), Kind.DATE),
        Column(ctx.say("h_avg"), Kind.MONEY),
        Column(ctx.say("h_owner")),
    )
    report = ctx.report

    def chart(lang: str) -> Figure:
        from kam_core import plots

        return plots.pareto(report, locale=lang)

    return Section(
        "top",
        title,
        (Table(columns, tuple(rows)),),
        chart=chart if "abc" in ctx.kinds else None,
        sheet=ctx.say("sheet.top"),
    )
