"""The assortment view (КМ task 4): dropped and replaced items, white spots, sale candidates."""

from __future__ import annotations

from kam_core import ClientRow
from kam_core.cli._sections._context import Context
from kam_core.cli._sections._model import Cell, Column, Explanation, Kind, Section, Table
from kam_core.policies import Assortment, AssortmentView

__all__ = ["SHOWN", "build"]

SHOWN = 8
"""Clients shown in the table: the ones with the most to act on."""


def _view(row: ClientRow) -> AssortmentView | None:
    view = row.outcome("assortment")
    return view if isinstance(view, AssortmentView) else None


def _worth(view: AssortmentView) -> tuple[int, int]:
    """How much a view shows: a replaced drop first, then dropped items and candidates."""
    return (
        len(view.replaced) > 0,
        len(view.dropped) + len(view.candidates) + len(view.white_spots),
    )


def build(ctx: Context) -> Section | None:
    """Shown when the set has an assortment policy."""
    if "assortment" not in ctx.kinds:
        return None
    views = [(r, v) for r in ctx.rows if (v := _view(r)) is not None]
    if not views:
        return None
    counts = ctx.report.counts("assortment")
    dropped = sum(1 for _, v in views for d in v.dropped if d.replaced is not None)
    replaced = sum(len(v.replaced) for _, v in views)
    title = ctx.say(
        "assortment",
        widening=counts.get("widening", 0),
        steady=counts.get("steady", 0),
        narrowing=counts.get("narrowing", 0),
        dropped=dropped,
        replaced=replaced,
        spots=sum(len(v.white_spots) for _, v in views),
        candidates=sum(len(v.candidates) for _, v in views),
        share=getattr(ctx.policies.get("assortment"), "white_spot_share", None)
        or Assortment().white_spot_share,
    )
    rank = ctx.rank
    chosen = sorted(
        (pair for pair in views if _worth(pair[1])[1]),
        key=lambda pair: (
            tuple(-n for n in _worth(pair[1])),
            rank[pair[0].client_id],
        ),
    )
    rows: list[tuple[Cell, ...]] = []
    for r, v in chosen[:SHOWN]:
        b = v.breadth
        top = v.candidates[0] if v.candidates else None
        rows.append(
            (
                r.client_id,
                ctx.name(r),
                v.text(ctx.lang),
                f"{b.products_now} / {b.before_range}",
                sum(1 for d in v.dropped if d.level == "product"),
                len(v.replaced),
                ", ".join(w.category for w in v.white_spots) or None,
                None
                if top is None
                else ctx.say("assortment.candidate", kind=top.kind, category=top.category),
                None if top is None else ctx.amount(top.expected.amount),
            )
        )
    columns = (
        Column(ctx.say("h_client")),
        Column(ctx.say("h_name")),
        Column(ctx.say("h_trend")),
        Column(ctx.say("h_breadth")),
        Column(ctx.say("h_dropped"), Kind.COUNT),
        Column(ctx.say("h_replaced"), Kind.COUNT),
        Column(ctx.say("h_white_spots")),
        Column(ctx.say("h_candidate")),
        Column(ctx.say("h_expected"), Kind.MONEY),
    )
    table = Table(columns, tuple(rows), hidden=len(chosen) - len(rows))
    parts: tuple[Table | Explanation, ...] = (table,)
    if chosen:
        decision = chosen[0][0].decision("assortment")
        if decision is not None:
            parts += (Explanation(tuple(decision.explain(ctx.lang).splitlines())),)
    return Section("assortment", title, parts, sheet=ctx.say("sheet.assortment"))
