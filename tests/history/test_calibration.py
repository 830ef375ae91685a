"""Calibration from history: sleeping multipliers, the handoff order and BANT weights."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import CalibrationError
from kam_core.history import held_out
from tests.history.leads import leads_with_outcomes

RUB = "RUB"


def _orders(client: str, days: list[int], start: date = date(2024, 1, 1)) -> list[kc.Deal]:
    return [
        kc.Deal(id=f"D-{client}-{i}", client_id=client, status="won",
                opened_on=start + timedelta(days=d), closed_on=start + timedelta(days=d),
                amount=kc.Money("1000", RUB))
        for i, d in enumerate(days)
    ]  # fmt: skip


def _loyal_after_third(clients: int = 60) -> list[kc.Deal]:
    """Half the clients stop after one or two orders; whoever orders a third time stays."""
    deals: list[kc.Deal] = []
    for c in range(clients):
        if c % 4 == 0:
            days = [c]
        elif c % 4 == 1:
            days = [c, c + 40]
        else:
            days = [c + 40 * k for k in range(14)]
        deals.extend(_orders(f"C-{c:03}", days))
    return deals


def test_the_handoff_advisor_recommends_the_order_after_which_clients_stay() -> None:
    """Clients who reach a third order keep buying, so the advice is to hand over after it."""
    advice = kc.advise_handoff(_loyal_after_third(), as_of=date(2025, 12, 31), horizon_days=90)
    assert advice.chosen["orders"] == 3
    assert advice.policy == p.HunterToFarmer(when=p.OrderCount(at_least=3))
    curve = {r["at_least"]: r["share"] for r in advice.rows() if r["by"] == "orders"}
    assert curve[2] < curve[1] < curve[3] == curve[4] == 1.0
    assert "after order 3" in advice.explain("en")
    assert "после 3-го заказа" in advice.explain("ru")


def test_the_advisor_encodes_revenue_or_either_criterion_when_asked() -> None:
    """by="either" returns AnyOf(order count, cumulative revenue at a book quantile)."""
    advice = kc.advise_handoff(_loyal_after_third(), as_of=date(2025, 12, 31),
                               horizon_days=90, by="either")  # fmt: skip
    assert advice.policy.when.kind == "any_of"
    kinds = [c.kind for c in advice.policy.when.of]
    assert kinds == ["order_count", "cumulative_revenue"]
    assert advice.policy.when.of[1].at_least.currency == RUB


def test_a_handoff_fit_round_trips_through_json_with_its_fingerprint() -> None:
    """The advice's policy loads back equal, and to_dict says what it was fitted on."""
    advice = kc.advise_handoff(_loyal_after_third(), as_of=date(2025, 12, 31), horizon_days=90)
    saved = json.loads(json.dumps(advice.to_dict()))
    assert p.load(saved["policy"]) == advice.policy
    assert saved["fingerprint"] == advice.policy.fingerprint == advice.fingerprint
    assert saved["fitted_on"] == {"dates": ["2025-12-31"], "horizon_days": 90,
                                  "clients": 60, "deals": len(_loyal_after_third()),
                                  "leads": 0}  # fmt: skip


def test_too_few_clients_is_a_refusal_not_advice() -> None:
    """A book of five clients is refused with a CalibrationError naming what it needs."""
    with pytest.raises(CalibrationError, match="at least 20 clients with an order"):
        kc.advise_handoff(_loyal_after_third(5), as_of=date(2025, 12, 31))


def _regular_then_silent() -> list[kc.Deal]:
    """Clients buying every 30 days; a third of them stop in mid-2025."""
    deals: list[kc.Deal] = []
    for c in range(45):
        last = 520 if c % 3 == 0 else 900
        deals.extend(_orders(f"C-{c:03}", list(range(c % 30, last, 30))))
    return deals


def test_sleeping_thresholds_are_fitted_to_predict_silence_and_returned_as_a_policy() -> None:
    """The chosen multipliers score at least the book's F1 and come back as a Sleeping policy."""
    fit = kc.calibrate_sleeping(_regular_then_silent(), at=[date(2025, 7, 15)],
                                horizon_days=120)  # fmt: skip
    assert isinstance(fit.policy, p.Sleeping)
    assert fit.score is not None
    assert fit.default_score is not None
    assert fit.score >= fit.default_score
    assert fit.rows()[0]["f1"] == fit.score
    assert (fit.policy.drowsy, fit.policy.sleeping, fit.policy.lost) == tuple(
        Decimal(fit.chosen[k]) for k in ("drowsy", "sleeping", "lost")
    )
    assert p.load(fit.policy.to_dict()) == fit.policy
    assert fit.fitted_on.clients == 45


def test_a_tie_goes_to_the_book_default() -> None:
    """When every candidate predicts equally well, the book's multipliers are kept."""
    steady = [d for c in range(10) for d in _orders(f"C-{c}", list(range(0, 900, 30)))]
    fit = kc.calibrate_sleeping(steady, at=[date(2025, 6, 1)], horizon_days=60)
    assert fit.chosen == {"drowsy": Decimal("1.5"), "sleeping": Decimal("2.0"),
                          "lost": Decimal("3.0")}  # fmt: skip
    assert "keep its multipliers" in fit.explain("en")


def test_bant_weights_are_fitted_to_the_leads_that_converted() -> None:
    """Leads that convert on need and authority alone get weights leaning on those two."""
    leads = leads_with_outcomes(200, seed=1)
    fit = kc.calibrate_bant(leads, base=p.Bant(min_budget=kc.Money("500000", RUB)))
    weights = fit.policy.weights
    assert weights.need + weights.authority >= weights.budget + weights.timeline
    assert sum(weights.model_dump().values()) == 100
    assert fit.score is not None
    assert 0.5 <= fit.score <= 1.0
    assert fit.fitted_on.leads == 200
    assert p.load(fit.policy.to_dict()) == fit.policy


def test_the_held_out_split_depends_only_on_the_lead_id() -> None:
    """About a fifth of ids are held out, the same ones in any order."""
    ids = [f"L-{i}" for i in range(2000)]
    share = sum(held_out(i) for i in ids) / len(ids)
    assert 0.15 < share < 0.25
    assert [held_out(i) for i in reversed(ids)] == [held_out(i) for i in ids][::-1]


def test_too_few_known_outcomes_is_a_clear_refusal() -> None:
    """Twenty leads, or thirty with only a few converted, are refused, not fitted."""
    with pytest.raises(CalibrationError, match="at least 30 leads"):
        kc.calibrate_bant(leads_with_outcomes(20, seed=1))
    lost = [lead.replace(stage="disqualified", client_id=None)
            for lead in leads_with_outcomes(40, seed=2)]  # fmt: skip
    with pytest.raises(CalibrationError, match="at least 10 converted leads"):
        kc.calibrate_bant(lost)


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_every_calibration_explains_itself_in_words(locale: str) -> None:
    """The explanations come from the catalogue and end with the data they were fitted on."""
    fits = [
        kc.calibrate_bant(leads_with_outcomes(60, seed=3)),
        kc.advise_handoff(_loyal_after_third(), as_of=date(2025, 12, 31), horizon_days=90),
        kc.calibrate_sleeping(_regular_then_silent(), at=[date(2025, 7, 15)]),
    ]
    for fit in fits:
        said = fit.explain(locale)
        assert said.splitlines()[-1].startswith("History" if locale == "en" else "История")
        assert "_" not in said
    assert str(fits[0]) == fits[0].explain("en")
