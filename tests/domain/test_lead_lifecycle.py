"""The lead lifecycle and the scout → hunter handoff."""

from __future__ import annotations

from datetime import date

import pytest

import kam_core as kc
from kam_core import LeadStage, Money, Role
from kam_core.errors import KamError, LeadStageError

AS_OF = date(2026, 11, 24)


def lead(stage: LeadStage = LeadStage.NEW, **extra: object) -> kc.Lead:
    return kc.Lead(id="L-1", company="ООО Бета", created_on=date(2026, 11, 1), stage=stage, **extra)


def test_lead_walks_the_whole_funnel_to_sql() -> None:
    """new → contacted → nurturing → MQL → SQL, one legal step at a time."""
    current = lead()
    for stage in (LeadStage.CONTACTED, LeadStage.NURTURING, LeadStage.MQL, LeadStage.SQL):
        current = kc.advance(current, stage)
        assert current.stage is stage


def test_qualified_lead_can_go_back_to_nurturing() -> None:
    """BANT says nurture: an SQL returns to the scouts."""
    assert kc.advance(lead(LeadStage.SQL), "nurturing").stage is LeadStage.NURTURING


@pytest.mark.parametrize(
    "stage", [LeadStage.NEW, LeadStage.CONTACTED, LeadStage.MQL, LeadStage.SQL]
)
def test_any_open_lead_can_be_disqualified(stage: LeadStage) -> None:
    """Disqualification is allowed from every open stage."""
    assert kc.advance(lead(stage), LeadStage.DISQUALIFIED).stage is LeadStage.DISQUALIFIED


def test_final_stages_do_not_move_and_backward_jumps_are_refused() -> None:
    """Disqualified is final; nurturing → new is not a move; errors are KamErrors."""
    with pytest.raises(LeadStageError) as info:
        kc.advance(lead(LeadStage.DISQUALIFIED), LeadStage.NURTURING)
    assert isinstance(info.value, KamError)
    assert (info.value.current, info.value.target) == ("disqualified", "nurturing")
    with pytest.raises(LeadStageError):
        kc.advance(lead(LeadStage.NURTURING), LeadStage.NEW)
    with pytest.raises(LeadStageError, match="convert"):
        kc.advance(lead(LeadStage.SQL), LeadStage.CONVERTED)
    assert not kc.can_advance(LeadStage.CONVERTED, LeadStage.NURTURING)


def test_converting_an_sql_lead_hands_a_new_client_to_the_hunter() -> None:
    """convert(): client from the lead's facts, owned by the development specialist."""
    contact = kc.Stakeholder(name="И. Петров", buying_role=kc.BuyingRole.DECISION_MAKER)
    source = lead(LeadStage.SQL, contact=contact, regions=("Казань",), industry="FMCG")
    done = kc.convert(source, client_id="C-9", as_of=AS_OF)
    assert done.client.owner is Role.DEVELOPMENT_SPECIALIST
    assert done.client.owner.function is kc.Function.HUNTER
    assert (done.client.name, done.client.regions, done.client.industry) == (
        "ООО Бета",
        ("Казань",),
        "FMCG",
    )
    assert done.client.stakeholders == (contact,)
    assert done.client.created_on == AS_OF
    assert (done.lead.stage, done.lead.client_id) == (LeadStage.CONVERTED, "C-9")
    assert done.deal is None
    assert source.stage is LeadStage.SQL  # pure: the input is unchanged


def test_convert_opens_the_first_deal_for_the_given_amount() -> None:
    """first_deal opens an OPEN deal dated as_of."""
    done = kc.convert(
        lead(LeadStage.SQL),
        client_id="C-9",
        as_of=AS_OF,
        owner=Role.CLIENT_MANAGER,
        first_deal="D-1",
        deal_amount=Money("100000", "RUB"),
    )
    assert done.deal is not None
    assert (done.deal.status, done.deal.client_id, done.deal.opened_on) == (
        kc.DealStatus.OPEN,
        "C-9",
        AS_OF,
    )
    assert done.client.owner is Role.CLIENT_MANAGER


def test_convert_refuses_unqualified_leads_and_impossible_dates() -> None:
    """Only an SQL converts; not before it was created; a deal needs an amount."""
    with pytest.raises(LeadStageError):
        kc.convert(lead(LeadStage.MQL), client_id="C-9", as_of=AS_OF)
    with pytest.raises(ValueError, match="as_of"):
        kc.convert(lead(LeadStage.SQL), client_id="C-9", as_of=date(2026, 1, 1))
    with pytest.raises(ValueError, match="deal_amount"):
        kc.convert(lead(LeadStage.SQL), client_id="C-9", as_of=AS_OF, first_deal="D-1")


def test_verdicts_rank_and_read_in_russian() -> None:
    """LeadVerdict is a StrEnum ranked disqualified < nurture < SQL."""
    assert kc.LeadVerdict.SQL == "sql"
    assert kc.LeadVerdict.DISQUALIFIED.rank < kc.LeadVerdict.NURTURE.rank < kc.LeadVerdict.SQL.rank
    assert kc.LeadVerdict.DISQUALIFIED.text("ru") == "дисквалифицирован"
