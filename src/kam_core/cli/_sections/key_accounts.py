"""Key accounts: national and key accounts with their ABCD segment and portfolio strategy."""

from __future__ import annotations

from kam_core.cli._sections._context import UNKNOWN, Context
from kam_core.cli._sections._model import Cell, Column, Kind, Section, Table
from kam_core.cli._sections.top import TOP

__all__ = ["build"]

_KEYED = ("national_account", "key_account")


def build(ctx: Context) -> Section | None:
    """Shown when the set has a key-account policy; national accounts first, then by revenue."""
    if "key_account" not in ctx.kinds:
        return None
    counts = ctx.report.counts("key_account")
    rank = ctx.rank
    keyed = sorted(
        (r for r in ctx.rows if str(r.label("key_account")) in _KEYED),
        key=lambda r: (str(r.label("key_account")) != "national_account", rank[r.client_id]),
    )
    title = ctx.say(
        "key_accounts",
        national=counts.get("national_account", 0),
        key=counts.get("key_account", 0),
        unknown=counts.get(UNKNOWN, 0),
    )
    rows: list[tuple[Cell, ...]] = []
    for r in keyed[:TOP]:
        portfolio = r.label("kam_portfolio")
        rows.append(
            (
                r.client_id,
                ctx.name(r),
                ctx.label("key_account", r.label("key_account")),
                len(r.client.regions) if r.client is not None else None,
                ctx.label("abcd", r.label("abcd")),
                ctx.label("kam_portfolio", portfolio),
                ctx.amount(r.stats.total.amount),
            )
        )
    columns = (
        Column(ctx.say("h_client")),
        Column(ctx.say("h_name")),
        Column(ctx.say("h_status")),
        Column(ctx.say("h_regions"), Kind.COUNT),
        Column(ctx.say("h_abcd")),
        Column(ctx.say("h_portfolio")),
        Column(ctx.say("h_revenue"), Kind.MONEY),
    )
    table = Table(columns, tuple(rows), hidden=len(keyed) - len(rows))
    return Section("key_accounts", title, (table,), sheet=ctx.say("sheet.key_accounts"))
