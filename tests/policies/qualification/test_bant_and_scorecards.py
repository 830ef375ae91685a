"""BANT and the framework scorecards (docs/methodology.md#bant)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import BantFacts, BuyingRole, Lead, LeadVerdict, Money, NeedLevel
from kam_core import policies as p
from kam_core.errors import PolicyConfigError
from kam_core.testing import bant_facts

AS_OF = date(2026, 11, 24)
MIN = Money("500000", "RUB")
SQL, NURTURE, DQ = LeadVerdict.SQL, LeadVerdict.NURTURE, LeadVerdict.DISQUALIFIED


def bant(**overrides: Any) -> p.Bant:
    return p.Bant(min_budget=MIN, max_days_to_decision=90, **overrides)


def lead(**facts: Any) -> Lead:
    return Lead(id="L-1", company="ООО Бета", created_on=date(2026, 1, 1), bant=BantFacts(**facts))


def best(**changes: Any) -> Lead:
    facts: dict[str, Any] = {
        "budget": Money("750000", "RUB"),
        "authority": BuyingRole.DECISION_MAKER,
        "need": NeedLevel.CONFIRMED,
        "decision_date": AS_OF + timedelta(days=30),
    }
    facts.update(changes)
    return lead(**facts)


# -- levels per criterion ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "level", "code"),
    [
        ("500000", 3, "bant.budget.meets_minimum"),
        ("400000", 2, "bant.budget.below_minimum"),
        ("250000", 1, "bant.budget.below_minimum"),
        ("249999", 0, "bant.budget.far_below_minimum"),
    ],
)
def test_budget_is_judged_against_the_minimum(amount: str, level: int, code: str) -> None:
    """Budget level: ≥ minimum 3, ≥ 80 % 2, ≥ 50 % 1, below that 0."""
    d = bant().evaluate(best(budget=Money(amount, "RUB")), as_of=AS_OF)
    assert d.criterion("budget").level == level
    assert code in d.codes


def test_budget_in_another_currency_is_unknown_not_converted() -> None:
    """A budget in USD against a RUB minimum is UNKNOWN with a reason, never converted."""
    d = bant().evaluate(best(budget=Money("1000000", "USD")), as_of=AS_OF)
    assert d.criterion("budget").unknown
    assert "bant.budget.other_currency" in d.codes
    assert "budget" in d.missing


def test_without_a_minimum_any_positive_budget_counts_and_zero_fails() -> None:
    """No minimum configured: a stated budget is level 3, a zero budget level 0."""
    assert p.Bant().evaluate(best(), as_of=AS_OF).criterion("budget").level == 3
    d = p.Bant().evaluate(best(budget=Money("0", "RUB")), as_of=AS_OF)
    assert d.criterion("budget").level == 0
    assert d.outcome is DQ


@pytest.mark.parametrize(
    ("role", "level"),
    [
        (BuyingRole.DECISION_MAKER, 3),
        (BuyingRole.ECONOMIC_BUYER, 3),
        (BuyingRole.CHAMPION, 2),
        (BuyingRole.INFLUENCER, 1),
        (BuyingRole.TECHNICAL_BUYER, 1),
        (BuyingRole.USER, 1),
        (BuyingRole.GATEKEEPER, 0),
    ],
)
def test_authority_comes_from_the_buying_role(role: BuyingRole, level: int) -> None:
    """The ЛПР and the economic buyer are level 3; a gatekeeper 0."""
    assert bant().evaluate(best(authority=role), as_of=AS_OF).criterion("authority").level == level


def test_authority_falls_back_to_the_contact_role() -> None:
    """Without bant.authority, the contact's buying role is used; UNKNOWN role stays unknown."""
    contact = kc.Stakeholder(name="И. Петров", buying_role=BuyingRole.ECONOMIC_BUYER)
    d = bant().evaluate(best(authority=None).replace(contact=contact), as_of=AS_OF)
    assert d.criterion("authority").level == 3
    d = bant().evaluate(best(authority=BuyingRole.UNKNOWN), as_of=AS_OF)
    assert d.criterion("authority").unknown


def test_a_role_left_out_of_authority_levels_is_unknown() -> None:
    """A company may leave a role unrated: it reads as unknown."""
    policy = bant(authority_levels={BuyingRole.DECISION_MAKER: 3})
    assert (
        policy.evaluate(best(authority=BuyingRole.USER), as_of=AS_OF).criterion("authority").unknown
    )


@pytest.mark.parametrize("need", list(NeedLevel))
def test_need_level_is_its_rank(need: NeedLevel) -> None:
    """Need none … confirmed are levels 0 … 3."""
    assert bant().evaluate(best(need=need), as_of=AS_OF).criterion("need").level == need.rank


@pytest.mark.parametrize(
    ("days", "level", "code"),
    [
        (0, 3, "bant.timeline.within"),
        (90, 3, "bant.timeline.within"),
        (91, 2, "bant.timeline.later"),
        (180, 2, "bant.timeline.later"),
        (360, 1, "bant.timeline.later"),
        (361, 0, "bant.timeline.far"),
    ],
)
def test_timeline_is_days_to_the_decision(days: int, level: int, code: str) -> None:
    """Within the limit 3, twice 2, four times 1, beyond 0."""
    d = bant().evaluate(best(decision_date=AS_OF + timedelta(days=days)), as_of=AS_OF)
    assert d.criterion("timeline").level == level
    assert code in d.codes


def test_a_decision_date_already_passed_is_a_question_again() -> None:
    """A past decision date is UNKNOWN (ask again), not a failure."""
    d = bant().evaluate(best(decision_date=date(2026, 6, 1)), as_of=AS_OF)
    assert d.criterion("timeline").unknown
    assert "bant.timeline.passed" in d.codes
    assert d.missing == ("timeline",)


# -- verdicts ----------------------------------------------------------------------------


def test_lead_with_all_facts_confirmed_is_sales_qualified() -> None:
    """All four confirmed: SQL with score 100."""
    d = bant().evaluate(best(), as_of=AS_OF)
    assert (d.outcome, d.score, d.missing) == (SQL, 100.0, ())
    assert d.codes[0] == "bant.sql"  # the deciding reason first
    assert [c.name for c in d.criteria] == ["budget", "authority", "need", "timeline"]


def test_sql_needs_the_must_haves_even_with_a_high_score() -> None:
    """Authority at level 1 blocks SQL although the score is ≥ 70."""
    d = bant().evaluate(best(authority=BuyingRole.INFLUENCER), as_of=AS_OF)
    assert d.score is not None
    assert d.score >= 70
    assert d.outcome is NURTURE
    assert "bant.must_have.unmet" in d.codes


def test_score_between_40_and_69_is_nurture() -> None:
    """Score in the nurture band sends the lead back to the scouts."""
    d = bant().evaluate(
        best(
            need=NeedLevel.PARTIAL,
            authority=BuyingRole.CHAMPION,
            budget=Money("260000", "RUB"),
            decision_date=AS_OF + timedelta(days=300),
        ),
        as_of=AS_OF,
    )
    assert d.score is not None
    assert 40 <= d.score < 70
    assert d.outcome is NURTURE


def test_confirmed_lack_of_need_disqualifies() -> None:
    """Need NONE is a hard fail: DISQUALIFIED whatever the rest."""
    d = bant().evaluate(best(need=NeedLevel.NONE), as_of=AS_OF)
    assert d.outcome is DQ
    assert d.codes[0] == "bant.disqualified.hard_fail"  # the deciding reason first


def test_budget_far_below_the_minimum_disqualifies() -> None:
    """Budget level 0 is a hard fail."""
    d = bant().evaluate(best(budget=Money("1000", "RUB")), as_of=AS_OF)
    assert d.outcome is DQ


def test_known_weak_facts_below_40_disqualify() -> None:
    """Everything known and weak: score below 40 → DISQUALIFIED by low score."""
    d = bant().evaluate(
        best(
            need=NeedLevel.WEAK,
            authority=BuyingRole.GATEKEEPER,
            budget=Money("250000", "RUB"),
            decision_date=AS_OF + timedelta(days=1000),
        ),
        as_of=AS_OF,
    )
    assert d.outcome is DQ
    assert d.codes[0] == "bant.disqualified.low_score"  # the deciding reason first


def test_a_lead_we_know_nothing_about_is_nurture_with_every_question() -> None:
    """Unknown facts never disqualify: empty BANT is NURTURE, all four to ask."""
    d = bant().evaluate(lead(), as_of=AS_OF)
    assert d.outcome is NURTURE
    assert d.score == 0
    assert d.missing == ("need", "authority", "budget", "timeline")
    assert "bant.nurture.unknown_facts" in d.codes


def test_missing_follows_the_configured_ask_order() -> None:
    """ask_order decides which question comes first."""
    policy = bant(ask_order=("timeline", "budget", "authority", "need"))
    assert policy.evaluate(lead(), as_of=AS_OF).missing == (
        "timeline",
        "budget",
        "authority",
        "need",
    )


def test_high_score_with_unknown_authority_waits_for_the_answer() -> None:
    """A must-have unknown: NURTURE with the question, never SQL by assumption."""
    d = bant().evaluate(best(authority=None), as_of=AS_OF)
    assert d.outcome is NURTURE
    assert d.missing == ("authority",)
    assert "bant.must_have.unknown" in d.codes


def test_preset_all_confirmed_is_a_gate() -> None:
    """ "all_confirmed": SQL only when all four are level 3."""
    gate = p.Bant.preset("all_confirmed", min_budget=MIN)
    assert gate.evaluate(best(), as_of=AS_OF).outcome is SQL
    assert gate.evaluate(best(need=NeedLevel.PARTIAL), as_of=AS_OF).outcome is NURTURE


def test_preset_weighted_0_4_marks_highly_qualified_leads() -> None:
    """ "weighted_0_4": 9/16 qualifies, 13/16 is highly qualified."""
    policy = p.Bant.preset("weighted_0_4", min_budget=MIN)
    d = policy.evaluate(best(), as_of=AS_OF)
    assert d.outcome is SQL
    assert "bant.highly_qualified" in d.codes


def test_unknown_preset_is_refused() -> None:
    """A typo in a preset name is an error, not a default."""
    with pytest.raises(ValueError, match="unknown BANT preset"):
        p.Bant.preset("defualt")
    with pytest.raises(ValueError, match="unknown scorecard preset"):
        p.Scorecard.preset("bant")


def test_evaluate_facts_judges_bare_bant_facts() -> None:
    """BANT facts without a lead are judged the same way."""
    d = bant().evaluate_facts(best().bant, as_of=AS_OF, subject="X")
    assert (d.outcome, d.subject) == (SQL, "X")


def test_decision_records_policy_and_explains_in_russian() -> None:
    """The decision carries kind, version and fingerprint and reads in Russian."""
    policy = bant(version="2026-11")
    d = policy.evaluate(best(authority=None), as_of=AS_OF)
    assert d.policy == policy.ref
    assert d.policy is not None
    assert d.policy.version == "2026-11"
    text = d.explain("ru")
    assert "дорабатывать" in text
    assert text.endswith("Что выяснить: кто принимает решение (ЛПР)")
    assert d.explain("en").endswith("Ask about: who decides")
    assert d.to_dict()["outcome"] == "nurture"


@pytest.mark.parametrize(
    "bad",
    [
        {"sql_at": 30, "nurture_at": 40},
        {"budget_weak_share": "0.9", "budget_partial_share": "0.5"},
        {"ask_order": ["need", "need", "budget", "timeline"]},
        {"hard_fail": ["need", "need"]},
        {"weights": {"budget": 0, "authority": 0, "need": 0, "timeline": 0}},
        {"highly_qualified_at": 50},
        {"min_budget": {"amount": "-1", "currency": "RUB"}},
        {"must_have": {"need": 4}},
    ],
)
def test_inconsistent_bant_config_is_refused_at_load(bad: dict[str, Any]) -> None:
    """Contradictory thresholds are configuration errors with a path."""
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "bant", **bad})


# -- properties --------------------------------------------------------------------------

_POLICY = bant()
_ROLES = sorted(
    (r for r in BuyingRole if r is not BuyingRole.UNKNOWN), key=_POLICY.authority_levels.get
)


def _better(facts: BantFacts, which: int, data: st.DataObject) -> BantFacts:
    if which == 0:
        base = facts.budget.amount if facts.budget else 0
        extra = data.draw(st.integers(0, 1_000_000))
        return facts.model_copy(update={"budget": Money(base + extra, "RUB")})
    if which == 1:
        level = (
            -1
            if facts.authority in (None, BuyingRole.UNKNOWN)
            else _POLICY.authority_levels[facts.authority]
        )
        options = [r for r in _ROLES if _POLICY.authority_levels[r] >= level]
        return facts.model_copy(update={"authority": data.draw(st.sampled_from(options))})
    if which == 2:
        rank = -1 if facts.need is None else facts.need.rank
        options = [n for n in NeedLevel if n.rank >= rank]
        return facts.model_copy(update={"need": data.draw(st.sampled_from(options))})
    days = 2000 if facts.decision_date is None else (facts.decision_date - AS_OF).days
    sooner = data.draw(st.integers(0, max(days, 0)))
    return facts.model_copy(update={"decision_date": AS_OF + timedelta(days=sooner)})


@settings(max_examples=150, database=None)
@given(bant_facts(), st.integers(0, 3), st.data())
def test_improving_any_known_fact_never_lowers_the_verdict(
    facts: BantFacts, which: int, data: st.DataObject
) -> None:
    """Monotonicity: a better known fact never gives a worse verdict or score."""
    if facts.decision_date is not None and facts.decision_date < AS_OF:
        facts = facts.model_copy(update={"decision_date": None})
    known = [facts.budget, facts.authority, facts.need, facts.decision_date][which]
    if known is None or known is BuyingRole.UNKNOWN:
        return
    before = _POLICY.evaluate_facts(facts, as_of=AS_OF)
    after = _POLICY.evaluate_facts(_better(facts, which, data), as_of=AS_OF)
    assert after.outcome.rank >= before.outcome.rank
    assert after.score is not None
    assert before.score is not None
    assert after.score >= before.score


@settings(max_examples=150, database=None)
@given(bant_facts(), st.sampled_from(["budget", "authority", "need", "decision_date"]))
def test_forgetting_a_fact_never_disqualifies_a_lead(facts: BantFacts, fact: str) -> None:
    """Unknown facts never disqualify: turning a known fact into unknown never yields DQ."""
    before = _POLICY.evaluate_facts(facts, as_of=AS_OF)
    after = _POLICY.evaluate_facts(facts.model_copy(update={fact: None}), as_of=AS_OF)
    if before.outcome is not DQ:
        assert after.outcome is not DQ
    assert _POLICY.evaluate_facts(BantFacts(), as_of=AS_OF).outcome is NURTURE


@settings(max_examples=100, database=None)
@given(bant_facts())
def test_bant_is_deterministic_and_fresh_policies_agree(facts: BantFacts) -> None:
    """Same facts, same decision, whether the policy was compiled before or not."""
    a = _POLICY.evaluate_facts(facts, as_of=AS_OF)
    b = p.load(_POLICY.to_dict()).evaluate_facts(facts, as_of=AS_OF)  # type: ignore[attr-defined]
    assert a == b
    assert a.to_dict() == b.to_dict()


_weights = st.integers(0, 50)


@st.composite
def bant_policies(draw: st.DrawFn) -> p.Bant:
    nurture = draw(st.floats(0, 100, allow_nan=False))
    sql = draw(st.floats(nurture, 100, allow_nan=False))
    w = [draw(_weights) for _ in range(4)]
    if sum(w) == 0:
        w[0] = 1
    return p.Bant(
        min_budget=draw(st.none() | st.builds(Money, st.integers(0, 10**9), st.just("RUB"))),
        max_days_to_decision=draw(st.integers(1, 3660)),
        weights=dict(zip(("budget", "authority", "need", "timeline"), w, strict=True)),
        must_have={
            **draw(st.dictionaries(st.sampled_from(("authority", "need")), st.integers(0, 3))),
            # budget and timeline: their pass line (3) or "must be known" (0)
            **draw(
                st.dictionaries(st.sampled_from(("budget", "timeline")), st.sampled_from((0, 3)))
            ),
        },
        hard_fail=tuple(draw(st.sets(st.sampled_from(p.BANT_CRITERIA)))),
        sql_at=sql,
        nurture_at=nurture,
        ask_order=tuple(draw(st.permutations(p.BANT_CRITERIA))),
        version=draw(st.text("abc123", min_size=1, max_size=5)),
    )


@settings(max_examples=100, database=None)
@given(bant_policies())
def test_generated_bant_policies_round_trip_with_a_stable_fingerprint(policy: p.Bant) -> None:
    """p.load(policy.to_dict()) == policy, also through JSON; the fingerprint is stable."""
    again = p.load(policy.to_dict())
    assert again == policy
    assert again.fingerprint == policy.fingerprint
    assert p.load(policy.to_json()) == policy


# -- scorecards --------------------------------------------------------------------------


def evidence_lead(**levels: int) -> Lead:
    return Lead(
        id="L-2",
        company="ООО Гамма",
        created_on=date(2026, 1, 1),
        evidence=tuple(kc.Evidence(criterion=k, level=v) for k, v in levels.items()),
    )


@pytest.mark.parametrize("name", p.Scorecard.presets)
def test_every_framework_qualifies_a_lead_with_full_evidence(name: str) -> None:
    """All criteria confirmed: SQL with score 100 in every framework."""
    card = p.Scorecard.preset(name)
    d = card.evaluate(evidence_lead(**{c.name: 3 for c in card.criteria}), as_of=AS_OF)
    assert (d.outcome, d.score, d.missing) == (SQL, 100.0, ())


@pytest.mark.parametrize("name", p.Scorecard.presets)
def test_every_framework_keeps_an_empty_lead_in_nurture(name: str) -> None:
    """No evidence is unknown, not failed: NURTURE with every criterion to ask."""
    card = p.Scorecard.preset(name)
    d = card.evaluate(evidence_lead(), as_of=AS_OF)
    assert d.outcome is NURTURE
    assert d.missing == tuple(c.name for c in card.criteria)


@pytest.mark.parametrize("name", p.Scorecard.presets)
def test_every_framework_disqualifies_on_confirmed_absence_of_pain(name: str) -> None:
    """The pain/need criterion at level 0 disqualifies."""
    card = p.Scorecard.preset(name)
    hard = next(c for c in card.criteria if c.hard_fail)
    d = card.evaluate(evidence_lead(**{hard.name: 0}), as_of=AS_OF)
    assert d.outcome is DQ
    assert "scorecard.disqualified.hard_fail" in d.codes


def test_meddpicc_without_a_champion_is_not_sql() -> None:
    """MEDDPICC: champion is a must-have."""
    card = p.Scorecard.preset("meddpicc")
    levels = {c.name: 3 for c in card.criteria}
    levels["champion"] = 1
    d = card.evaluate(evidence_lead(**levels), as_of=AS_OF)
    assert d.outcome is NURTURE
    assert "scorecard.must_have.unmet" in d.codes


def test_scorecard_uses_the_strongest_evidence() -> None:
    """Two pieces of evidence for one criterion: the higher level counts."""
    card = p.Scorecard.preset("anum")
    lead = Lead(
        id="L-3",
        company="X",
        created_on=date(2026, 1, 1),
        evidence=(kc.Evidence(criterion="need", level=1), kc.Evidence(criterion="need", level=3)),
    )
    assert card.evaluate(lead, as_of=AS_OF).criterion("need").level == 3


def test_scorecard_low_known_evidence_disqualifies_and_explains_in_russian() -> None:
    """Everything known and weak: DISQUALIFIED by low score; Russian text names the framework."""
    card = p.Scorecard.preset("champ")
    d = card.evaluate(
        evidence_lead(challenges=1, authority=1, money=0, prioritization=0), as_of=AS_OF
    )
    assert d.outcome is DQ
    assert d.explain("ru").startswith(
        "L-2 на 24.11.2026: дисквалифицирован. CHAMP: даже если все открытые вопросы решатся"
    )


def test_custom_scorecard_round_trips_and_refuses_duplicates() -> None:
    """A company's own scorecard is data; repeated criteria are refused."""
    card = p.Scorecard(
        framework="ACME", criteria=({"name": "fit", "weight": 2, "ru": "соответствие"},)
    )
    assert p.load(card.to_dict()) == card
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "scorecard", "framework": "X", "criteria": [{"name": "a"}, {"name": "a"}]})
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "scorecard", "framework": "X", "criteria": [{"name": "a", "weight": 0}]})
    with pytest.raises(PolicyConfigError):
        p.load(
            {"kind": "scorecard", "framework": "X", "criteria": [{"name": "a"}], "nurture_at": 90}
        )


def test_scorecard_middle_score_is_nurture() -> None:
    """A mid score with must-haves met is NURTURE with the score reason."""
    card = p.Scorecard.preset("anum")
    d = card.evaluate(evidence_lead(authority=2, need=2, urgency=1, money=1), as_of=AS_OF)
    assert d.outcome is NURTURE
    assert "scorecard.nurture" in d.codes


def test_another_framework_cannot_rename_bant_criteria_in_explanations() -> None:
    """Compiling a scorecard with its own names leaves BANT's 'Что выяснить' line intact."""
    custom = p.Scorecard(framework="ACME", criteria=({"name": "need", "ru": "нужда"},))
    custom.evaluate(evidence_lead(), as_of=AS_OF)
    text = bant().evaluate(lead(), as_of=AS_OF).explain("ru")
    assert text.endswith(
        "Что выяснить: потребность, кто принимает решение (ЛПР), бюджет, сроки решения"
    )
    assert "Нужда: данных пока нет" in custom.evaluate(evidence_lead(), as_of=AS_OF).explain("ru")


def test_the_same_budget_in_another_notation_explains_identically() -> None:
    """750000 and 750000.00 give the same decision, whichever the policy saw first."""
    policy = bant()
    a = policy.evaluate(best(budget=Money("750000.00", "RUB")), as_of=AS_OF)
    b = policy.evaluate(best(budget=Money("750000", "RUB")), as_of=AS_OF)
    fresh = bant().evaluate(best(budget=Money("750000", "RUB")), as_of=AS_OF)
    assert a.to_dict() == b.to_dict() == fresh.to_dict()
    assert a.criterion("budget").observed == Money("750000", "RUB")
    half = policy.evaluate(best(budget=Money("600000.5", "RUB")), as_of=AS_OF)
    assert str(half.criterion("budget").observed.amount) == "600000.50"
