"""This week's work and the load: the agenda, the workload and the moves that fix it."""

from __future__ import annotations

from datetime import date

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyEvaluationError

AS_OF = date(2026, 11, 24)
WEEK = date(2026, 11, 23)


@pytest.fixture(scope="module")
def report() -> kc.Report:
    book = kc.generate_book(clients=300, seed=7, as_of=AS_OF, managers=8)
    return kc.analyze(
        book.clients,
        book.deals(),
        as_of=AS_OF,
        policies=p.PolicySet.preset("erokhin"),
        managers=book.managers,
        touches=book.touches(),
    )


def test_the_agenda_holds_what_is_due_this_week_most_valuable_first(report: kc.Report) -> None:
    """Items due by the week's end, overdue included, sorted by 12-month revenue."""
    manager = next(iter(report.managers))
    items = report.agenda(manager, week_of=WEEK)
    assert items
    assert all(i.due <= date(2026, 11, 29) for i in items)
    assert any(i.overdue for i in items)
    values = [i.revenue_12m.amount for i in items if i.revenue_12m is not None]
    assert values == sorted(values, reverse=True)
    assert all(i.reasons and i.manager_id == manager for i in items)


def test_the_agenda_of_an_unknown_manager_is_refused(report: kc.Report) -> None:
    """Asking for someone who is not among the managers names the id."""
    with pytest.raises(PolicyEvaluationError, match="'M-999'"):
        report.agenda("M-999", week_of=WEEK)


def test_the_workload_counts_every_client_once_against_capacity(report: kc.Report) -> None:
    """Per manager: clients carried; their sum is the clients with a manager."""
    loads = report.workload()
    assert list(loads) == sorted(report.managers)
    carried = sum(1 for row in report if row.client is not None and row.client.manager_id)
    assert sum(load.clients for load in loads.values()) == carried
    for load in loads.values():
        over = load.capacity is not None and load.clients > load.capacity
        assert (load.status is kc.LoadStatus.OVER_CAPACITY) == over


def test_redistribution_brings_everyone_within_capacity_or_says_why_not(
    report: kc.Report,
) -> None:
    """After the moves no manager is over capacity, except by clients nobody could take."""
    moves = kc.redistribute(report)
    load = {m: report.workload()[m].clients for m in report.managers}
    for move in moves:
        if move.to_manager is not None:
            load[move.from_manager] -= 1
            load[move.to_manager] += 1
    stuck: dict[str, int] = {}
    for move in moves:
        if move.to_manager is None:
            stuck[move.from_manager] = stuck.get(move.from_manager, 0) + 1
    for m, person in report.managers.items():
        assert person.capacity is None or load[m] - stuck.get(m, 0) <= person.capacity


def test_a_moved_client_goes_to_the_same_position_in_its_region(report: kc.Report) -> None:
    """A farmer's client goes to a farmer who works in one of the client's regions."""
    team = report.managers
    clients = {row.client_id: row.client for row in report if row.client is not None}
    for move in kc.redistribute(report, leaving=(next(iter(team)),)):
        if move.to_manager is None:
            assert move.reason.code == "move.no_target"
            continue
        source, target = team[move.from_manager], team[move.to_manager]
        assert target.position == source.position
        regions = clients[move.client_id].regions
        assert not regions or any(target.works_in(r) for r in regions)


def test_every_client_of_a_leaving_manager_moves(report: kc.Report) -> None:
    """Leaving empties the person: each of their clients has a move, placed or explained."""
    leaver = sorted(report.managers)[-2]
    mine = {row.client_id for row in report if row.client and row.client.manager_id == leaver}
    moved = [m for m in kc.redistribute(report, leaving=(leaver,)) if m.from_manager == leaver]
    assert {m.client_id for m in moved} == mine
    assert all(m.to_manager != leaver for m in moved)


def test_redistribution_is_deterministic(report: kc.Report) -> None:
    """The same report and team give the same moves in the same order."""
    assert kc.redistribute(report) == kc.redistribute(report)


def test_leaving_someone_not_in_the_team_is_refused(report: kc.Report) -> None:
    """leaving= names people of the team."""
    with pytest.raises(PolicyEvaluationError, match="M-404"):
        kc.redistribute(report, leaving=("M-404",))


def test_only_the_excess_of_an_overloaded_manager_moves() -> None:
    """The fewest moves: of three clients with capacity two, exactly one moves."""
    team = [
        kc.Manager(id="M-1", name="Ирина Котова", position="client_manager", capacity=2),
        kc.Manager(id="M-2", name="Олег Рябов", position="client_manager", capacity=5),
        kc.Manager(id="M-3", name="Анна Белова", position="development_specialist", capacity=9),
    ]
    clients = [kc.Client(id=f"C-{i}", name=f"ООО {i}", manager_id="M-1") for i in (1, 2, 3)]
    report = kc.analyze(clients, [], as_of=AS_OF, policies=[], managers=team, currency="RUB")
    moves = kc.redistribute(report)
    assert [(m.client_id, m.to_manager, m.reason.code) for m in moves] == [
        ("C-1", "M-2", "move.over_capacity")
    ]
    assert "M-2" in moves[0].explain("ru")
