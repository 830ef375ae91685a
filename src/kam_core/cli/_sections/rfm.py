"""RFM: clients per named segment of the R × F grid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kam_core.cli._sections._context import Context, ordered
from kam_core.cli._sections._model import Column, Kind, Section, Table
from kam_core.policies import STANDARD_RFM_GRID

if TYPE_CHECKING:  # pragma: no cover - matplotlib is an optional extra
    from matplotlib.figure import Figure

__all__ = ["build"]

_ORDER = (*dict.fromkeys(cell.segment for cell in STANDARD_RFM_GRID), "no_orders")


def build(ctx: Context) -> Section | None:
    """Shown when the set has an RFM segmentation; segments in the grid's order."""
    if "rfm" not in ctx.kinds:
        return None
    report = ctx.report
    counts = report.counts("rfm")
    rows = tuple(
        (ctx.label("rfm", label), counts[label], ctx.share(counts[label], len(ctx.rows)))
        for label in ordered(counts, _ORDER)
    )
    columns = (
        Column(ctx.say("h_segment")),
        Column(ctx.say("h_clients"), Kind.COUNT),
        Column(ctx.say("percent"), Kind.SHARE),
    )
    grid = getattr(ctx.policies.get("rfm"), "grid", STANDARD_RFM_GRID)

    def chart(lang: str) -> Figure:
        from kam_core import plots

        return plots.rfm_grid(report, grid=grid, locale=lang)

    return Section(
        "rfm", ctx.say("rfm"), (Table(columns, rows),), chart=chart, sheet=ctx.say("sheet.rfm")
    )
