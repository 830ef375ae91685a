"""Why: the decisions about one client and one lead, explained in full."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kam_core import ClientRow, Decision
from kam_core.cli._sections._context import Context
from kam_core.cli._sections._model import Explanation, Section

__all__ = ["client", "lead"]

_EXPLAINED = ("abc_xyz", "abcd", "sleeping", "key_account", "handoff")


def _sample(
    by_revenue: Sequence[ClientRow], due: Sequence[tuple[ClientRow, Decision[Any]]]
) -> ClientRow | None:
    """The client whose decisions show the most: a KAM handoff, else any, else the largest.

    ``due`` is largest first, so is the handoff chosen.
    """
    to_kam = [r for r, d in due if str(getattr(d.outcome, "rule", "")) == "farmer_to_key_account"]
    if to_kam:
        return to_kam[0]
    if due:
        return due[0][0]
    return by_revenue[0] if by_revenue else None


def client(ctx: Context) -> Section | None:
    """A farmer → KAM handoff if any (else the first handoff, else the largest client)."""
    rank = ctx.rank
    due = sorted(ctx.due, key=lambda pair: rank[pair[0].client_id])
    sample = _sample(ctx.by_revenue, due)
    if sample is None:
        return None
    parts = tuple(
        Explanation(tuple(decision.explain(ctx.lang).splitlines()))
        for key in _EXPLAINED
        if (decision := sample.decision(key)) is not None
    )
    return Section(
        "why_client",
        ctx.say("explain_client", client=sample.client_id),
        parts,
        sheet=ctx.say("sheet.why_client"),
    )


def _verdict_rank(decision: Decision[Any]) -> int:
    rank = getattr(decision.outcome, "rank", 0)
    return rank if isinstance(rank, int) else 0


def lead(ctx: Context) -> Section | None:
    """The lead closest to a sale (the highest verdict, then by id)."""
    leads = ctx.report.leads
    if not leads:
        return None
    best = min(leads, key=lambda d: (-_verdict_rank(d), str(d.subject)))
    return Section(
        "why_lead",
        ctx.say("explain_lead", lead=best.subject),
        (Explanation(tuple(best.explain(ctx.lang).splitlines())),),
        sheet=ctx.say("sheet.why_lead"),
    )
