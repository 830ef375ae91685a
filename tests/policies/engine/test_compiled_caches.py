"""Compiled policies cache per instance through public means and travel as configuration."""

from __future__ import annotations

import copy
import pickle
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p

AS_OF = date(2026, 11, 24)
LEAD = kc.Lead(
    id="L-1",
    company="ООО Бета",
    created_on=date(2026, 1, 1),
    bant=kc.BantFacts(
        need="confirmed",
        authority="decision_maker",
        budget=kc.Money("900000", "RUB"),
        decision_date=date(2026, 12, 20),
    ),
)
CLIENT = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.DEVELOPMENT_SPECIALIST)
STATS = kc.ClientStats(
    "C-1", AS_OF, "RUB", orders=[(date(2026, m, 3), Decimal(100)) for m in (1, 4, 9)]
)


def _table() -> p.DecisionTable:
    return p.DecisionTable(
        hit="first",
        inputs=(p.TableInput(name="abc", values=("A", "B", "C")),),
        rows=(
            p.Row(when={"abc": ("A",)}, output="key"),
            p.Row(when={}, output="other"),
        ),
    )


def _use(policy: Any) -> Any:
    """Evaluate the policy once, so that its compiled caches exist."""
    if isinstance(policy, p.DecisionTable):
        return policy.evaluate({"abc": "A"}, as_of=AS_OF)
    if getattr(policy, "judges", None) == p.LEADS:
        return policy.evaluate(LEAD, as_of=AS_OF)
    return policy.evaluate(CLIENT, STATS, as_of=AS_OF)


POLICIES = [
    p.Bant(min_budget=kc.Money("500000", "RUB")),
    p.Scorecard.preset("meddic"),
    p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)), p.Reactivation())),
    p.ToProjectManager(categories=("installation",)),
]


@pytest.mark.parametrize("policy", [*POLICIES, _table()], ids=lambda pol: pol.kind)
def test_a_used_policy_pickles_and_copies_as_its_configuration(policy: Any) -> None:
    """After evaluating, pickle, deepcopy and model_copy give equal policies without caches."""
    decided = _use(policy)
    fields = set(type(policy).model_fields)
    assert set(vars(policy)) > fields  # something was compiled and cached beside the fields
    for clone in (
        pickle.loads(pickle.dumps(policy)),
        copy.deepcopy(policy),
        policy.model_copy(),
        policy.model_copy(deep=True),
    ):
        assert clone == policy
        assert set(vars(clone)) == fields  # configuration only: compiled again on first use
        assert _use(clone) == decided
        assert clone.fingerprint == policy.fingerprint


@pytest.mark.parametrize("policy", POLICIES, ids=lambda pol: pol.kind)
def test_compiling_touches_no_pydantic_bookkeeping(policy: Any) -> None:
    """Evaluating leaves the set fields, the extras and the private attributes as built."""
    built = p.load(policy.to_dict())
    before = (built.model_fields_set, built.model_extra, built.__pydantic_private__)
    _use(built)
    assert (built.model_fields_set, built.model_extra, built.__pydantic_private__) == before
    assert built == policy
    assert built.to_dict() == policy.to_dict()


def test_a_copy_with_other_transfers_rebuilds_its_chain() -> None:
    """model_copy(update=...) of a used chain judges with the new transfers, not the old ones."""
    rules = p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),))
    assert rules.label(CLIENT, STATS, as_of=AS_OF) is not None
    stricter = rules.model_copy(
        update={"transfers": (p.HunterToFarmer(when=p.OrderCount(at_least=30)),)}
    )
    assert stricter.label(CLIENT, STATS, as_of=AS_OF) is None
    assert stricter.evaluate(CLIENT, STATS, as_of=AS_OF).outcome is None
