"""The erokhin preset never contradicts itself: one answer per client, on many books."""

from __future__ import annotations

from datetime import date

import pytest

import kam_core as kc
from kam_core import policies as p

ASLEEP = {"sleeping", "lost"}
KEY = {"key_account", "national_account"}
FORWARD = {"hunter_to_farmer", "farmer_to_key_account"}
BOOKS = [
    (seed, size, as_of)
    for seed, size, as_of in (
        (1, 60, date(2026, 11, 24)),
        (7, 150, date(2026, 6, 30)),
        (13, 90, date(2025, 12, 31)),
        (21, 120, date(2026, 3, 15)),
        (42, 200, date(2026, 11, 24)),
    )
]


@pytest.fixture(scope="module", params=BOOKS, ids=lambda b: f"seed{b[0]}-{b[1]}-{b[2]}")
def report(request: pytest.FixtureRequest) -> kc.Report:
    seed, size, as_of = request.param
    book = kc.generate_book(clients=size, seed=seed, as_of=as_of, managers=max(3, size // 40))
    return kc.analyze(
        book.clients,
        book.deals(),
        as_of=as_of,
        policies=p.PolicySet.preset("erokhin"),
        managers=book.managers,
        touches=book.touches(),
    )


def _rows(report: kc.Report) -> list[kc.ClientRow]:
    return [row for row in report if row.client is not None]


def test_a_sleeping_client_is_never_handed_forward(report: kc.Report) -> None:
    """No hunter → farmer or farmer → KAM handoff for a client Sleeping calls asleep."""
    for row in _rows(report):
        handoff = row.outcome("handoff")
        if row.label("sleeping") in ASLEEP:
            assert handoff is None or handoff.rule not in FORWARD, row.client_id


def test_a_sleeping_clients_plan_is_to_reactivate(report: kc.Report) -> None:
    """Every sleeping or lost client's plan is REACTIVATE, and no other client's is."""
    for row in _rows(report):
        plan = row.outcome("account_plan")
        asleep = row.label("sleeping") in ASLEEP
        assert (plan.action is kc.Action.REACTIVATE) == asleep, row.client_id


def test_the_kam_handoff_goes_only_to_key_accounts(report: kc.Report) -> None:
    """farmer → KAM fires only for a client KeyAccount calls a key account."""
    for row in _rows(report):
        handoff = row.outcome("handoff")
        if handoff is not None and handoff.rule == "farmer_to_key_account":
            assert row.label("key_account") in KEY, row.client_id


def test_a_key_accounts_plan_names_the_kam_function(report: kc.Report) -> None:
    """kam_function is set exactly for key accounts, and the plan keeps the owner."""
    for row in _rows(report):
        plan = row.outcome("account_plan")
        assert plan.kam_function == (row.label("key_account") in KEY), row.client_id
        assert plan.position == row.client.owner


def test_each_client_has_one_cadence(report: kc.Report) -> None:
    """The plan gives one cadence, that of the policy that decided."""
    for row in _rows(report):
        plan = row.outcome("account_plan")
        decision = row.decision("account_plan")
        assert decision.reasons[0].params.get("every", plan.cadence_days) == plan.cadence_days


def test_a_due_handoff_is_the_plan_unless_the_client_sleeps_or_is_key(report: kc.Report) -> None:
    """A handoff due is the plan's action when no earlier verdict of the precedence decides."""
    for row in _rows(report):
        handoff = row.outcome("handoff")
        plan = row.outcome("account_plan")
        earlier = row.label("sleeping") in ASLEEP or row.label("key_account") in KEY
        if handoff is not None and not earlier:
            assert plan.action in (kc.Action.HAND_OVER, kc.Action.INVOLVE_SPECIALIST)
            assert plan.hand_to == handoff.to_role
