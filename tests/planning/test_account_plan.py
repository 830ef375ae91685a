"""The account plan: one answer per client, its precedence, its reasons and its rhythm."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import kam_core as kc
from kam_core import policies as p

AS_OF = date(2026, 11, 24)
CLIENT = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.CLIENT_MANAGER, manager_id="M-1")
STATS = kc.ClientStats.empty("C-1", AS_OF, "RUB")


def _touches(*days_ago: int) -> kc.TouchStats:
    log = [
        kc.Touch(id=f"T-{d}", client_id="C-1", manager_id="M-1", on=AS_OF - timedelta(days=d),
                 channel="call")
        for d in days_ago
    ]  # fmt: skip
    return kc.build_touch_stats(log, as_of=AS_OF)["C-1"]


def test_a_sleeping_client_is_reactivated_by_its_own_manager_in_the_mixed_system() -> None:
    """The default plan keeps the owner and makes the reactivation its action."""
    plan = p.AccountPlan().label(CLIENT, STATS, as_of=AS_OF, verdicts={"sleeping": "sleeping"})
    assert plan.action is kc.Action.REACTIVATE
    assert plan.position is kc.Role.CLIENT_MANAGER
    assert plan.hand_to is None


def test_who_reactivates_is_configurable() -> None:
    """reactivated_by names who reactivates where hunters win clients back."""
    rule = p.AccountPlan(reactivated_by=kc.Role.DEVELOPMENT_SPECIALIST)
    plan = rule.label(CLIENT, STATS, as_of=AS_OF, verdicts={"sleeping": "lost"})
    assert plan.hand_to is kc.Role.DEVELOPMENT_SPECIALIST


def test_the_precedence_decides_and_the_overruled_are_named() -> None:
    """The first verdict that calls for something decides; the others are overruled, by name."""
    verdicts = {"sleeping": "active", "key_account": "key_account"}
    d = p.AccountPlan().evaluate(CLIENT, STATS, as_of=AS_OF, verdicts=verdicts)
    assert d.outcome.action is kc.Action.MANAGE_KEY_ACCOUNT
    assert d.outcome.kam_function
    assert d.codes[0] == "plan.decided"
    swapped = p.AccountPlan(precedence=("rfm", "key_account"))
    plays = {"rfm": p.rfm_playbook().play_for("champions")}
    d = swapped.evaluate(
        CLIENT, STATS, as_of=AS_OF, verdicts={"rfm": "champions", **verdicts}, plays=plays
    )
    assert d.outcome.decided_by == "rfm"
    assert "plan.overruled" in d.codes


def test_a_key_account_keeps_its_owner_with_the_kam_function() -> None:
    """KAM is a function: the plan of a key account never makes a КАМ owner."""
    plan = p.AccountPlan().label(
        CLIENT, STATS, as_of=AS_OF, verdicts={"key_account": "key_account"}
    )
    assert plan.position is kc.Role.CLIENT_MANAGER
    assert plan.kam_function


def test_involving_a_project_manager_keeps_the_owner() -> None:
    """A handoff to a project manager becomes 'bring in a specialist', the owner kept."""
    handoff = kc.Handoff("C-1", kc.Role.CLIENT_MANAGER, kc.Role.PROJECT_MANAGER,
                         "to_project_manager", AS_OF)  # fmt: skip
    plan = p.AccountPlan().label(CLIENT, STATS, as_of=AS_OF, verdicts={"handoff": handoff})
    assert plan.action is kc.Action.INVOLVE_SPECIALIST
    assert plan.hand_to is kc.Role.PROJECT_MANAGER
    assert plan.position is kc.Role.CLIENT_MANAGER


def test_the_next_touch_is_due_a_cadence_after_the_last() -> None:
    """due = last touch + cadence; overdue when that day is before as_of."""
    plays = {"rfm": p.rfm_playbook().play_for("champions")}
    every = plays["rfm"].contact_every_days
    plan = p.AccountPlan().label(
        CLIENT, STATS, as_of=AS_OF, verdicts={"rfm": "champions"}, plays=plays,
        touches=_touches(every + 5, 200),
    )  # fmt: skip
    assert plan.last_touch == AS_OF - timedelta(days=every + 5)
    assert plan.next_touch_due == AS_OF - timedelta(days=5)
    assert plan.overdue
    assert plan.touches == 1


def test_a_client_never_touched_is_due_today_and_not_overdue() -> None:
    """Nothing logged: the next touch is due on as_of."""
    plan = p.AccountPlan().label(CLIENT, STATS, as_of=AS_OF)
    assert (plan.next_touch_due, plan.overdue) == (AS_OF, False)
    assert plan.action is kc.Action.WIN_FIRST_ORDER


def test_touches_of_another_client_are_refused() -> None:
    """The contact log passed must be this client's, as of this date."""
    other = kc.TouchStats.empty("C-2", AS_OF)
    with pytest.raises(kc.errors.PolicyEvaluationError, match="'C-2'"):
        p.AccountPlan().label(CLIENT, STATS, as_of=AS_OF, touches=other)


def test_a_precedence_listing_a_key_twice_is_refused() -> None:
    """Every key of the precedence appears once."""
    with pytest.raises(ValueError, match="twice"):
        p.AccountPlan(precedence=("rfm", "rfm"))


def test_the_plan_explains_itself_in_russian() -> None:
    """The explanation names the deciding policy in words, with no code identifiers."""
    d = p.AccountPlan().evaluate(CLIENT, STATS, as_of=AS_OF, verdicts={"sleeping": "lost"})
    text = d.explain("ru")
    assert "«спящие клиенты»" in text
    assert "_" not in text


def test_the_account_plan_round_trips_as_data() -> None:
    """A configured plan is data: dict and back give the same policy."""
    rule = p.AccountPlan(precedence=("sleeping", "abcd"), hand_over_days=3)
    assert p.load(rule.to_dict()) == rule
