"""The people who work the clients: this week for the first client managers, the load
against capacity, and the moves that would bring everyone within it."""

from __future__ import annotations

from datetime import timedelta

from kam_core.cli._sections._context import Context
from kam_core.cli._sections._model import Cell, Column, Kind, Lines, Section, Table

__all__ = ["AGENDAS", "AGENDA_ITEMS", "MOVES", "load", "this_week"]

AGENDAS = 2
"""Managers whose week is shown (client managers first, by id)."""
AGENDA_ITEMS = 8
"""Items of each week shown (the most valuable first)."""
MOVES = 5
"""Proposed moves listed."""


def this_week(ctx: Context) -> Section | None:
    """Shown when the report has managers and account plans: what each does this week."""
    report = ctx.report
    if not report.managers or not report.plans():
        return None
    week_of = report.as_of - timedelta(days=report.as_of.weekday())
    people = list(report.managers.values())
    farmers = [m for m in people if m.position.key == "client_manager"]
    parts: list[Lines | Table] = []
    columns = (
        Column(ctx.say("h_client")),
        Column(ctx.say("h_action")),
        Column(ctx.say("h_due"), Kind.DATE),
        Column(ctx.say("overdue_mark")),
        Column(ctx.say("h_revenue_12m"), Kind.MONEY),
    )
    for person in (farmers or people)[:AGENDAS]:
        items = report.agenda(person.id, week_of=week_of)
        head = ctx.say(
            "this_week",
            name=person.name,
            manager=person.id,
            week_of=week_of,
            position=ctx.role(person.position),
            count=len(items),
            overdue=sum(1 for i in items if i.overdue),
        )
        rows: list[tuple[Cell, ...]] = [
            (
                i.client_id,
                i.action.text(ctx.lang),
                i.due,
                ctx.say("overdue_mark") if i.overdue else None,
                None if i.revenue_12m is None else ctx.amount(i.revenue_12m.round().amount),
            )
            for i in items[:AGENDA_ITEMS]
        ]
        parts += [Lines((head,)), Table(columns, tuple(rows), hidden=len(items) - len(rows))]
    title = ctx.say("this_week_title", week_of=week_of)
    return Section("this_week", title, tuple(parts), sheet=ctx.say("sheet.this_week"))


def load(ctx: Context) -> Section | None:
    """Shown when the report has managers: clients carried against capacity, and the moves."""
    report = ctx.report
    if not report.managers or not report.plans():
        return None
    rows: list[tuple[Cell, ...]] = []
    for manager_id, carried in report.workload().items():
        person = report.managers.get(manager_id)
        rows.append(
            (
                manager_id,
                "" if person is None else ctx.role(person.position),
                carried.clients,
                carried.capacity,
                carried.status.text(ctx.lang),
                f"{carried.touches} / {carried.planned_touches}",
            )
        )
    columns = (
        Column(ctx.say("h_manager")),
        Column(ctx.say("h_owner")),
        Column(ctx.say("h_clients"), Kind.COUNT),
        Column(ctx.say("h_capacity"), Kind.COUNT),
        Column(ctx.say("h_status")),
        Column(ctx.say("h_touches")),
    )
    from kam_core.analysis import redistribute

    moves = redistribute(report)
    shown = [f"- {m.explain(ctx.lang)}" for m in moves[:MOVES]]
    if len(moves) > MOVES:
        shown.append(ctx.say("more", n=len(moves) - MOVES))
    parts = (
        Table(columns, tuple(rows)),
        Lines((ctx.say("moves", count=len(moves)), *shown)),
    )
    return Section("load", ctx.say("load"), parts, sheet=ctx.say("sheet.load"))
