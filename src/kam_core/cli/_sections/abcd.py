"""ABCD: clients per segment (current purchases × headroom) and each segment's strategy."""

from __future__ import annotations

from kam_core._words import format_value
from kam_core.cli._sections._context import Context, ordered
from kam_core.cli._sections._model import Cell, Column, Kind, Section, Table

__all__ = ["build"]


def build(ctx: Context) -> Section | None:
    """Shown when the set has an ABCD analysis; the strategy comes from its playbook."""
    if "abcd" not in ctx.kinds:
        return None
    counts = ctx.report.counts("abcd")
    playbook = getattr(ctx.policies.get("abcd"), "playbook", None)
    rows: list[tuple[Cell, ...]] = []
    for label in ordered(counts, "ABCD"):
        play = playbook.play_for(label) if playbook is not None else None
        strategy = getattr(play, "strategy", None)
        rows.append(
            (
                ctx.label("abcd", label),
                counts[label],
                ctx.share(counts[label], len(ctx.rows)),
                "" if strategy is None else format_value(strategy, ctx.lang, "name.strategy"),
            )
        )
    columns = (
        Column(ctx.say("h_segment")),
        Column(ctx.say("h_clients"), Kind.COUNT),
        Column(ctx.say("percent"), Kind.SHARE),
        Column(ctx.say("h_strategy")),
    )
    return Section(
        "abcd", ctx.say("abcd"), (Table(columns, tuple(rows)),), sheet=ctx.say("sheet.abcd")
    )
