"""Decision.explain: the outcome and the reason that decided it first, then the rest."""

from __future__ import annotations

from datetime import date

import pytest

import kam_core as kc
from kam_core import policies as p

AS_OF = date(2026, 11, 24)


def _lead(**facts: object) -> kc.Lead:
    return kc.Lead(
        id="L-7", company="ООО Бета", created_on=date(2026, 11, 1), bant=kc.BantFacts(**facts)
    )


BANT = p.Bant(min_budget=kc.Money("500000", "RUB"), max_days_to_decision=90)
KNOWN_BUT_WHO_DECIDES = {
    "budget": kc.Money("750000", "RUB"),
    "need": kc.NeedLevel.CONFIRMED,
    "decision_date": date(2027, 1, 15),
}


def test_bant_nurture_without_a_decision_maker_says_so_before_the_score() -> None:
    """A lead scoring 75 of 100 is nurtured because nobody knows who decides: that comes first."""
    d = BANT.evaluate(_lead(**KNOWN_BUT_WHO_DECIDES), as_of=AS_OF)
    assert (d.outcome, d.score, d.missing) == (kc.LeadVerdict.NURTURE, 75.0, ("authority",))
    assert d.codes[:2] == ("bant.must_have.unknown", "bant.nurture.score_enough")
    first, second = d.explain().splitlines()[:2]
    assert first == (
        "L-7 as of 24 Nov 2026: nurture. Unknown: who decides; a lead is not qualified without it"
    )
    assert second == (
        "- Scored 75 points of 100: enough for a sales-qualified lead (70), "
        "but a must-have is not in place"
    )
    ru = d.explain("ru").splitlines()
    assert ru[0] == (
        "L-7 на 24.11.2026: дорабатывать. Не выяснено: кто принимает решение (ЛПР) — "
        "без этого лид не квалифицировать"
    )
    assert ru[1] == (
        "- Набрано 75 баллов из 100 — для SQL достаточно (порог 70), "
        "но не закрыт обязательный критерий"
    )
    assert ru[-1] == "Что выяснить: кто принимает решение (ЛПР)"


def test_the_deciding_reason_first_changes_no_verdict_score_or_code() -> None:
    """The grader only reorders its reasons: the same codes, verdict and score as before."""
    for facts in (
        KNOWN_BUT_WHO_DECIDES,
        {**KNOWN_BUT_WHO_DECIDES, "authority": kc.BuyingRole.DECISION_MAKER},
        {**KNOWN_BUT_WHO_DECIDES, "authority": kc.BuyingRole.INFLUENCER},
        {"need": kc.NeedLevel.NONE},
        {},
    ):
        d = BANT.evaluate(_lead(**facts), as_of=AS_OF)
        criteria_codes = [r.code for c in d.criteria for r in c.reasons]
        verdict_codes = [c for c in d.codes if c not in criteria_codes]
        assert list(d.codes) == verdict_codes + criteria_codes  # the verdict's reasons lead


def test_a_sales_qualified_lead_opens_with_the_score_that_qualified_it() -> None:
    """SQL: the head names the verdict, then the score against the threshold."""
    d = BANT.evaluate(
        _lead(**KNOWN_BUT_WHO_DECIDES, authority=kc.BuyingRole.DECISION_MAKER), as_of=AS_OF
    )
    assert d.outcome is kc.LeadVerdict.SQL
    assert d.explain().splitlines()[0] == (
        "L-7 as of 24 Nov 2026: sales-qualified (SQL). "
        "Scored 100 points of 100, threshold 70, every must-have met"
    )


def test_a_disqualified_lead_opens_with_the_criterion_that_disqualified_it() -> None:
    """A confirmed absence of need is the first thing said."""
    d = BANT.evaluate(_lead(need=kc.NeedLevel.NONE), as_of=AS_OF)
    assert d.outcome is kc.LeadVerdict.DISQUALIFIED
    assert d.explain("ru").splitlines()[0] == (
        "L-7 на 24.11.2026: дисквалифицирован. Потребность — на нулевом уровне: "
        "с таким лидом дальше не работают"
    )


def test_a_scorecard_opens_with_the_must_have_that_holds_the_lead_back() -> None:
    """Scorecards share the grading: an unknown must-have comes before the score."""
    lead = kc.Lead(
        id="L-8",
        company="ООО Гамма",
        created_on=date(2026, 11, 1),
        evidence=(
            kc.Evidence(criterion="identify_pain", level=3),
            kc.Evidence(criterion="champion", level=3),
            kc.Evidence(criterion="metrics", level=3),
            kc.Evidence(criterion="decision_criteria", level=3),
            kc.Evidence(criterion="decision_process", level=3),
        ),
    )
    d = p.Scorecard.preset("meddic").evaluate(lead, as_of=AS_OF)
    assert d.codes[0] == "scorecard.must_have.unknown"
    assert (
        d.explain()
        .splitlines()[0]
        .endswith("Unknown: economic buyer; a lead is not qualified without it")
    )


def test_a_decision_without_reasons_shows_its_score() -> None:
    """A user's decision with only a score still says the score."""
    d = kc.Decision("A", score=0.8, subject="C-1")
    assert d.explain() == "C-1: A, score 0.8"
    assert d.explain("ru") == "C-1: A, оценка 0,8"
    assert kc.Decision(None).explain("ru") == "Не определено"


def test_explain_refuses_an_unknown_locale_naming_the_available_ones() -> None:
    """explain("de") is a ValueError that lists en and ru."""
    with pytest.raises(ValueError, match=r"locale='de': kam_core has words in en, ru"):
        kc.Decision("A").explain("de")
    with pytest.raises(ValueError, match="locale=None"):
        kc.Reason("criterion.passed", {"name": "abc"}).text(None)  # type: ignore[arg-type]


def test_a_handoff_decision_reads_its_move_and_rule() -> None:
    """The outcome of a handoff reads as the move, the first reason as the rule that fired."""
    client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.DEVELOPMENT_SPECIALIST)
    deals = [
        kc.Deal(id=f"D-{m}", client_id="C-1", status="won", opened_on=date(2026, m, 1),
                closed_on=date(2026, m, 2), amount=kc.Money("100000", "RUB"))
        for m in (1, 2, 3)
    ]  # fmt: skip
    stats = kc.ClientStats.from_deals(deals, client_id="C-1", as_of=date(2026, 4, 1))
    d = p.HunterToFarmer(when=p.OrderCount(at_least=3)).evaluate(
        client, stats, as_of=date(2026, 4, 1)
    )
    assert d.explain("ru").splitlines()[0] == (
        "C-1 на 01.04.2026: специалист по развитию → КМ. "
        "Сработало правило «охотник → фермер»: клиента C-1 пора передать"
    )


def test_a_position_of_the_company_reads_by_its_title_in_a_handoff() -> None:
    """A user-defined position in a handoff shows its title in each language."""
    retail = kc.Position(name="key_retail", function=kc.Function.FARMER,
                         titles={"ru": "менеджер по сетям", "en": "retail manager"})  # fmt: skip
    h = kc.Handoff("C-1", kc.Role.CLIENT_MANAGER, retail, "hunter_to_farmer", AS_OF)
    assert h.text("ru") == "КМ → менеджер по сетям"
    assert (
        h.explain()
        == "C-1 as of 24 Nov 2026: client manager → retail manager, “hunter → farmer” rule"
    )
    assert kc.Handoff("C-2", None, retail, "acme_rule", AS_OF).explain("ru") == (
        "C-2 на 24.11.2026: никто → менеджер по сетям, правило «acme rule»"
    )
