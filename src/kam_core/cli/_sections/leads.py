"""The lead funnel (verdicts of the set's lead policy) and the questions to ask next."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from kam_core import Decision
from kam_core._words import format_value
from kam_core.cli._sections._context import Context, ordered
from kam_core.cli._sections._model import Column, Kind, Lines, Section, Table

if TYPE_CHECKING:  # pragma: no cover - matplotlib is an optional extra
    from matplotlib.figure import Figure

__all__ = ["QUESTIONS", "funnel", "questions"]

QUESTIONS = 5
"""Questions listed (the facts most often missing)."""
_VERDICTS = ("sql", "nurture", "disqualified")


def _verdict(decision: Decision[Any]) -> str:
    return str(decision.outcome)


def funnel(ctx: Context) -> Section | None:
    """Shown when there are leads: how many got each verdict."""
    report = ctx.report
    leads = report.leads
    if not leads:
        return None
    verdicts = Counter(_verdict(d) for d in leads)
    rows = tuple(
        (ctx.label("bant", v), verdicts[v], ctx.share(verdicts[v], len(leads)))
        for v in ordered(verdicts, _VERDICTS)
    )
    columns = (
        Column(ctx.say("h_verdict")),
        Column(ctx.say("h_leads"), Kind.COUNT),
        Column(ctx.say("percent"), Kind.SHARE),
    )

    def chart(lang: str) -> Figure:
        from kam_core import plots

        return plots.lead_funnel(report, locale=lang)

    parts: tuple[Lines | Table, ...] = (Table(columns, rows),)
    if ctx.funnel_note is not None:
        parts = (Lines((ctx.funnel_note,)), *parts)
    return Section(
        "funnel",
        ctx.say("funnel", count=len(leads)),
        parts,
        chart=chart,
        sheet=ctx.say("sheet.funnel"),
    )


def questions(ctx: Context) -> Section | None:
    """The facts most often unknown about the leads still in play: what to ask next."""
    asks = Counter(m for d in ctx.report.leads if _verdict(d) != "disqualified" for m in d.missing)
    if not asks:
        return None
    top = sorted(asks.items(), key=lambda kv: (-kv[1], kv[0]))[:QUESTIONS]
    rows = tuple((format_value(m, ctx.lang, "term"), count) for m, count in top)
    columns = (Column(ctx.say("h_question")), Column(ctx.say("h_leads"), Kind.COUNT))
    return Section(
        "questions",
        ctx.say("questions"),
        (Table(columns, rows, hidden=len(asks) - len(rows)),),
        sheet=ctx.say("sheet.questions"),
    )
