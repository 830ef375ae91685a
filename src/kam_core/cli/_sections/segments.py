"""Segmentations of a company's own set that have no section of their own: counts per label."""

from __future__ import annotations

from kam_core.cli._sections._context import Context, ordered
from kam_core.cli._sections._model import Lines, Section

__all__ = ["build"]

_WITH_SECTIONS = frozenset({"abc_xyz", "abcd", "rfm", "sleeping", "key_account"})


def build(ctx: Context) -> Section | None:
    """One line per segmentation not shown elsewhere (ABC and XYZ alone, a user's own)."""
    shown = set(_WITH_SECTIONS)
    if {"abc", "xyz"} <= ctx.kinds:
        shown |= {"abc", "xyz"}
    if "key_account" in ctx.kinds:
        shown.add("kam_portfolio")
    report = ctx.report
    others = [k for k in report.summary()["segments"] if k not in shown]
    if not others:
        return None
    lines = []
    for kind in others:
        counts = report.counts(kind)
        said = ", ".join(
            ctx.say("segments.count", label=ctx.label(kind, label), count=counts[label])
            for label in ordered(counts, ())
        )
        lines.append(ctx.say("segments.kind", kind=kind, counts=said))
    return Section(
        "segments", ctx.say("segments"), (Lines(tuple(lines)),), sheet=ctx.say("sheet.segments")
    )
