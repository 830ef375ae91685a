"""Leads with known outcomes for the BANT calibration tests: a seeded, documented rule."""

from __future__ import annotations

import random
from datetime import date, timedelta

import kam_core as kc

ROLES = (kc.BuyingRole.DECISION_MAKER, kc.BuyingRole.INFLUENCER, kc.BuyingRole.USER, None)
NEEDS = (kc.NeedLevel.CONFIRMED, kc.NeedLevel.PARTIAL, kc.NeedLevel.WEAK, None)


def leads_with_outcomes(n: int, *, seed: int) -> list[kc.Lead]:
    """``n`` leads; a lead converts when its need is confirmed and it talks to the decision
    maker (budget and timeline do not matter), with one outcome in ten flipped."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        created = date(2025, 1, 1) + timedelta(days=rnd.randrange(300))
        need = rnd.choice(NEEDS)
        role = rnd.choice(ROLES)
        facts = kc.BantFacts(
            budget=kc.Money(rnd.choice(("100000", "400000", "900000")), "RUB"),
            authority=role,
            need=need,
            decision_date=created + timedelta(days=rnd.choice((20, 60, 200))),
        )
        converts = need is kc.NeedLevel.CONFIRMED and role is kc.BuyingRole.DECISION_MAKER
        if rnd.random() < 0.1:
            converts = not converts
        out.append(
            kc.Lead(
                id=f"L-{i:04}",
                company=f"ООО «Лид {i}»",
                created_on=created,
                bant=facts,
                stage="converted" if converts else "disqualified",
                client_id=f"C-{i:04}" if converts else None,
            )
        )
    return out
