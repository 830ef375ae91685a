"""The mixed system's qualification: the decision moment replaces need (issue 19, item 1).

The book (docs/methodology.md#bant): in the mixed system the goods are needed regularly,
so the telemarketer does not judge «актуальность»; what matters is the exact time of the
decision to switch to a product or to add one (a retailer's assortment committee, a
plant's switch of raw material), and finding that moment is the development specialist's
job.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

import kam_core as kc
from kam_core import BantFacts, BuyingRole, DecisionEvent, DecisionKind, Lead, LeadVerdict, Money
from kam_core import policies as p

AS_OF = date(2026, 11, 24)


def _lead(*events: DecisionEvent, **facts: object) -> Lead:
    base: dict[str, object] = {
        "budget": Money("750000", "RUB"),
        "authority": BuyingRole.DECISION_MAKER,
    }
    base.update(facts)
    return Lead(
        id="L-1",
        company="ООО Сеть Магнолия",
        created_on=date(2026, 10, 1),
        bant=BantFacts(**base),
        decision_events=events,
    )


def _committee(days: int) -> DecisionEvent:
    return DecisionEvent(kind=DecisionKind.ASSORTMENT_COMMITTEE, on=AS_OF + timedelta(days=days))


def test_the_telemarketer_does_not_judge_need_in_the_mixed_system() -> None:
    """«Актуальность» is not asked: need is neither a must-have, weighted, nor in missing."""
    bant = p.Bant.preset("mixed")
    d = bant.evaluate(_lead(), as_of=AS_OF)
    assert bant.weights.need == 0
    assert "need" not in bant.must_have
    assert "need" not in d.missing
    assert [r.code for r in d.criterion("need").reasons] == ["bant.need.not_asked"]


def test_scouts_are_not_asked_about_the_decision_moment_in_the_mixed_system() -> None:
    """Finding the decision moment is the development specialist's job: not in missing."""
    d = p.Bant.preset("mixed").evaluate(_lead(authority=None, budget=None), as_of=AS_OF)
    assert d.missing == ("authority", "budget")
    assert [r.code for r in d.criterion("timeline").reasons] == ["bant.timeline.not_asked"]


def test_an_assortment_committee_in_a_month_starts_the_active_sales_phase() -> None:
    """A dated assortment committee within the limit passes the timeline and makes an SQL."""
    d = p.Bant.preset("mixed").evaluate(_lead(_committee(30)), as_of=AS_OF)
    timeline = d.criterion("timeline")
    assert (timeline.status, timeline.level, timeline.observed) == (
        kc.CriterionStatus.PASSED,
        3,
        30,
    )
    assert [r.code for r in timeline.reasons] == ["bant.timeline.event.within"]
    assert "ассортиментный комитет" in timeline.reasons[0].text("ru")
    assert "фаза активных продаж" in timeline.reasons[0].text("ru")
    assert d.outcome is LeadVerdict.SQL


def test_scouts_hand_on_a_known_decision_maker_with_budget_before_the_moment_is_found() -> None:
    """Authority and budget alone score 70 of 100: the SQL line; the moment is found later."""
    d = p.Bant.preset("mixed").evaluate(_lead(), as_of=AS_OF)
    assert d.score == pytest.approx(70.0)
    assert d.outcome is LeadVerdict.SQL


def test_a_committee_far_away_scores_less_than_one_next_month() -> None:
    """A decision moment beyond four limits is level 0 and FAILED, with the far text."""
    far = p.Bant.preset("mixed").evaluate(_lead(_committee(400)), as_of=AS_OF)
    near = p.Bant.preset("mixed").evaluate(_lead(_committee(20)), as_of=AS_OF)
    assert far.criterion("timeline").level == 0
    assert [r.code for r in far.criterion("timeline").reasons] == ["bant.timeline.event.far"]
    assert far.score < near.score


def test_the_nearest_upcoming_event_is_the_decision_moment() -> None:
    """Of a past renewal, a tender in 200 days and a committee in 40, the committee counts."""
    past = DecisionEvent(kind="contract_renewal", on=AS_OF - timedelta(days=10))
    tender = DecisionEvent(kind="tender", on=AS_OF + timedelta(days=200))
    d = p.Bant.preset("mixed").evaluate(_lead(past, tender, _committee(40)), as_of=AS_OF)
    assert d.criterion("timeline").observed == 40


def test_an_earlier_stated_decision_date_wins_over_a_later_event() -> None:
    """The stated decision date counts when it comes before the nearest event."""
    d = p.Bant.preset("mixed").evaluate(
        _lead(_committee(120), decision_date=AS_OF + timedelta(days=15)), as_of=AS_OF
    )
    assert d.criterion("timeline").observed == 15
    assert [r.code for r in d.criterion("timeline").reasons] == ["bant.timeline.within"]


def test_when_every_decision_moment_has_passed_the_timeline_is_asked_again() -> None:
    """Only past events and no stated date: UNKNOWN, naming the last event's date."""
    d = p.Bant.preset("mixed").evaluate(_lead(_committee(-5)), as_of=AS_OF)
    timeline = d.criterion("timeline")
    assert timeline.status is kc.CriterionStatus.UNKNOWN
    assert [r.code for r in timeline.reasons] == ["bant.timeline.passed"]


def test_the_default_preset_reads_decision_events_too() -> None:
    """Events feed the timeline in every preset, not only the mixed one."""
    d = p.Bant().evaluate(_lead(_committee(200)), as_of=AS_OF)
    assert d.criterion("timeline").observed == 200


@pytest.mark.parametrize(
    ("sales_type", "preset"),
    [
        (kc.SalesType.MIXED, "mixed"),
        (kc.SalesType.CONSULTATIVE, "default"),
        (kc.SalesType.TRANSACTIONAL, "default"),
    ],
)
def test_each_sales_system_takes_the_preset_written_for_it(
    sales_type: kc.SalesType, preset: str
) -> None:
    """preset_for(sales type) is the preset whose docs name that system."""
    assert p.Bant.preset_for(sales_type) == p.Bant.preset(preset)
    assert sales_type in p.Bant.preset_fits(preset)


def test_every_preset_says_which_sales_system_it_fits() -> None:
    """Each preset names at least one sales type it is written for."""
    for name in p.Bant.presets:
        assert p.Bant.preset_fits(name)


def test_an_unknown_sales_system_has_no_preset() -> None:
    """SalesType.UNKNOWN asks to classify first instead of guessing a preset."""
    with pytest.raises(ValueError, match="classify the sales system first"):
        p.Bant.preset_for(kc.SalesType.UNKNOWN)
    with pytest.raises(ValueError, match="unknown BANT preset"):
        p.Bant.preset_fits("nope")


def test_a_must_have_the_scouts_never_ask_is_refused() -> None:
    """A must-have left out of ask_order would block every lead: a config error."""
    with pytest.raises(ValidationError, match="not in ask_order"):
        p.Bant(ask_order=("authority", "budget"), must_have={"need": 2})
    with pytest.raises(ValidationError, match="listed twice"):
        p.Bant(ask_order=("authority", "authority"), must_have={})


def test_a_client_records_its_next_decision_moment() -> None:
    """A client's contract renewal is its decision moment until it passes."""
    renewal = DecisionEvent(kind="contract_renewal", on=date(2027, 2, 1))
    client = kc.Client(id="C-1", name="ООО Альфа", decision_events=(renewal,))
    assert client.next_decision(AS_OF) == renewal
    assert client.next_decision(date(2027, 2, 2)) is None
