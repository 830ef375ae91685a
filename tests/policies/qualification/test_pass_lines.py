"""A threshold named max or min is the pass line (issue 19, item 8).

The user's case: ``Bant(max_days_to_decision=90)`` passed a decision 167 days away and
``min_budget`` passed a budget at 80 % of the minimum, because a partial level counted as
PASSED.  Levels and the score stay; the criterion's status and the must-haves use the line.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import BantFacts, BuyingRole, Lead, LeadVerdict, Money, NeedLevel
from kam_core import policies as p
from kam_core.errors import PolicyConfigError

AS_OF = date(2026, 11, 24)
MIN = Money("500000", "RUB")


def _lead(**facts: object) -> Lead:
    base: dict[str, object] = {
        "budget": Money("750000", "RUB"),
        "authority": BuyingRole.DECISION_MAKER,
        "need": NeedLevel.CONFIRMED,
        "decision_date": AS_OF + timedelta(days=30),
    }
    base.update(facts)
    return Lead(id="L-1", company="ООО Бета", created_on=date(2026, 1, 1), bant=BantFacts(**base))


def test_a_decision_167_days_away_does_not_pass_a_90_day_limit() -> None:
    """Bant(max_days_to_decision=90): a decision in 167 days is FAILED, still level 2."""
    d = p.Bant(max_days_to_decision=90).evaluate(
        _lead(decision_date=AS_OF + timedelta(days=167)), as_of=AS_OF
    )
    timeline = d.criterion("timeline")
    assert (timeline.status, timeline.level, timeline.observed) == (
        kc.CriterionStatus.FAILED,
        2,
        167,
    )
    assert timeline.threshold == 90
    assert [r.code for r in timeline.reasons] == ["bant.timeline.later"]


def test_a_budget_at_80_percent_of_the_minimum_does_not_pass_it() -> None:
    """min_budget=500 000: a budget of 400 000 is FAILED, still level 2 in the score."""
    d = p.Bant(min_budget=MIN).evaluate(_lead(budget=Money("400000", "RUB")), as_of=AS_OF)
    budget = d.criterion("budget")
    assert (budget.status, budget.level) == (kc.CriterionStatus.FAILED, 2)
    assert d.score == pytest.approx(100 - 25 / 3, abs=0.05)  # level 2 of 3 on weight 25


@pytest.mark.parametrize(("days", "passed"), [(0, True), (90, True), (91, False), (500, False)])
def test_the_timeline_passes_exactly_within_the_limit(days: int, passed: bool) -> None:
    """PASSED up to and including max_days_to_decision, FAILED from the day after."""
    d = p.Bant(max_days_to_decision=90).evaluate(
        _lead(decision_date=AS_OF + timedelta(days=days)), as_of=AS_OF
    )
    assert d.criterion("timeline").passed is passed


@pytest.mark.parametrize(
    ("amount", "passed"), [("500000", True), ("499999.99", False), ("250000", False)]
)
def test_the_budget_passes_exactly_from_the_minimum(amount: str, passed: bool) -> None:
    """PASSED at the minimum or above, FAILED a kopeck below it."""
    d = p.Bant(min_budget=MIN).evaluate(_lead(budget=Money(amount, "RUB")), as_of=AS_OF)
    assert d.criterion("budget").passed is passed


def test_a_timeline_must_have_is_the_limit_itself() -> None:
    """must_have timeline 3: 167 days away holds an otherwise strong lead back, saying so first."""
    policy = p.Bant(max_days_to_decision=90, must_have={"authority": 2, "timeline": 3})
    d = policy.evaluate(_lead(decision_date=AS_OF + timedelta(days=167)), as_of=AS_OF)
    assert d.outcome is LeadVerdict.NURTURE
    assert d.score is not None
    assert d.score >= 70
    assert d.codes[:2] == ("bant.must_have.below_line", "bant.nurture.score_enough")
    first, second = d.explain().splitlines()[:2]
    assert first.endswith(
        "nurture. Decision date: the line is not met, and a lead is not qualified without it"
    )
    assert second.startswith("- Scored 93.3 points of 100: enough for a sales-qualified lead")
    assert "- Decision expected in 167 days, later than the limit of 90 days" in d.explain()


def test_a_budget_must_have_is_the_minimum_itself() -> None:
    """must_have budget 3: a budget at 80 % of the minimum is not enough for SQL."""
    policy = p.Bant(min_budget=MIN, must_have={"authority": 2, "budget": 3})
    d = policy.evaluate(_lead(budget=Money("400000", "RUB")), as_of=AS_OF)
    assert d.outcome is LeadVerdict.NURTURE
    assert d.codes[0] == "bant.must_have.below_line"
    assert policy.evaluate(_lead(), as_of=AS_OF).outcome is LeadVerdict.SQL


@pytest.mark.parametrize("criterion", ["budget", "timeline"])
@pytest.mark.parametrize("level", [1, 2])
def test_a_must_have_below_the_line_is_refused_at_load(criterion: str, level: int) -> None:
    """must_have timeline 2 used to mean "within twice the limit": refused, naming the fix."""
    with pytest.raises(PolicyConfigError, match=f"must_have\\['{criterion}'\\]={level}"):
        p.load({"kind": "bant", "must_have": {criterion: level}})


def test_must_be_known_stays_a_valid_must_have() -> None:
    """must_have timeline 0: the date must be known, any date will do."""
    policy = p.Bant(max_days_to_decision=90, must_have={"authority": 2, "timeline": 0})
    far = policy.evaluate(_lead(decision_date=AS_OF + timedelta(days=400)), as_of=AS_OF)
    assert far.outcome is LeadVerdict.SQL
    assert policy.evaluate(_lead(decision_date=None), as_of=AS_OF).outcome is LeadVerdict.NURTURE


def test_the_user_case_nurture_says_the_real_cause_first() -> None:
    """ "Nurture: score 75 of 100, below 70" was false: the head names the unknown ЛПР."""
    d = p.Bant(min_budget=MIN).evaluate(_lead(authority=None), as_of=AS_OF)
    head, score = d.explain().splitlines()[:2]
    assert head.endswith("nurture. Unknown: who decides; a lead is not qualified without it")
    assert "below" not in score
    assert "enough for a sales-qualified lead (70)" in score


@settings(max_examples=200, database=None, deadline=None)
@given(days=st.integers(0, 2000), limit=st.integers(1, 400))
def test_timeline_passes_if_and_only_if_within_its_limit(days: int, limit: int) -> None:
    """For any limit and any day count: PASSED ⇔ days ≤ max_days_to_decision."""
    d = p.Bant(max_days_to_decision=limit).evaluate(
        _lead(decision_date=AS_OF + timedelta(days=days)), as_of=AS_OF
    )
    assert d.criterion("timeline").passed is (days <= limit)


@settings(max_examples=200, database=None, deadline=None)
@given(cents=st.integers(1, 2 * 10**8), minimum=st.integers(1, 10**8))
def test_budget_passes_if_and_only_if_at_the_minimum(cents: int, minimum: int) -> None:
    """For any minimum and any budget: PASSED ⇔ budget ≥ min_budget."""
    budget = Money(cents, "RUB") / 100
    d = p.Bant(min_budget=Money(minimum, "RUB")).evaluate(_lead(budget=budget), as_of=AS_OF)
    assert d.criterion("budget").passed is (budget.amount >= minimum)
