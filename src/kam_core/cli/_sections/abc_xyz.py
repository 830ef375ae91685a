"""The ABC × XYZ matrix: clients per revenue class (rows) and regularity of purchases (columns)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kam_core.cli._sections._context import Context, ordered
from kam_core.cli._sections._model import Cell, Column, Kind, Section, Table

if TYPE_CHECKING:  # pragma: no cover - matplotlib is an optional extra
    from matplotlib.figure import Figure

__all__ = ["build"]


def build(ctx: Context) -> Section | None:
    """Shown when the set has both an ABC and an XYZ analysis; rows A, B, C always."""
    if not {"abc", "xyz"} <= ctx.kinds:
        return None
    report = ctx.report
    matrix = report.matrix("abc", "xyz")
    row_keys = ordered(matrix, "ABC", always=True)
    col_keys = ordered((c for cells in matrix.values() for c in cells), "XYZ", always=True)
    rows: list[tuple[Cell, ...]] = []
    for abc in row_keys:
        cells = [matrix.get(abc, {}).get(c, 0) for c in col_keys]
        rows.append((ctx.label("abc", abc), *cells, sum(cells)))
    totals = [sum(matrix.get(abc, {}).get(c, 0) for abc in row_keys) for c in col_keys]
    rows.append((ctx.say("total"), *totals, sum(totals)))
    columns = (
        Column(""),
        *(Column(ctx.label("xyz", c), Kind.COUNT) for c in col_keys),
        Column(ctx.say("total"), Kind.COUNT),
    )

    def chart(lang: str) -> Figure:
        from kam_core import plots

        return plots.abc_xyz_heatmap(report, locale=lang)

    return Section(
        "abc_xyz",
        ctx.say("abc_xyz"),
        (Table(columns, tuple(rows)),),
        chart=chart,
        sheet=ctx.say("sheet.abc_xyz"),
    )
