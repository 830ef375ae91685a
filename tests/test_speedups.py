"""The C accelerator of BANT (kam_core._speedups) decides exactly as the Python path does."""

from __future__ import annotations

import copy
import gc
import os
import pickle
import sys
import threading
import weakref
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import BantFacts, BuyingRole, Lead, Money, NeedLevel
from kam_core import policies as p
from kam_core._decision import CriterionResult, Decision
from kam_core.policies import qualification
from kam_core.testing import bant_facts, moneys

AS_OF = date(2026, 11, 24)
RUNNER = qualification._BANT_RUNNER
needs_c = pytest.mark.skipif(RUNNER is None, reason="built without the C accelerator")


def compiled_pair(config: dict[str, Any]) -> tuple[p.Bant, p.Bant]:
    """The same configuration loaded twice: compiled to C, and compiled to Python."""
    fast = p.Bant.load(config)
    fast._compile()
    slow = p.Bant.load(config)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(qualification, "_BANT_RUNNER", None)
        slow._compile()
    return fast, slow


def test_required_accelerator_was_built() -> None:
    """CI builds with KAM_CORE_SPEEDUPS=1: a wheel without the extension must not pass."""
    if os.environ.get("KAM_CORE_SPEEDUPS") != "1":
        pytest.skip("KAM_CORE_SPEEDUPS=1 is not set")
    assert RUNNER is not None
    assert type(p.Bant()._compile()[0]).__name__ == "BantRunner"


# -- equivalence ---------------------------------------------------------------------------

_minimums = st.none() | moneys(currency="RUB", max_value=3_000_000)
_weights = st.fixed_dictionaries({n: st.integers(0, 40) for n in p.BANT_CRITERIA}).filter(
    lambda w: sum(w.values()) > 0
)


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    nurture = draw(st.sampled_from([0.0, 25.0, 40.0, 55.5]))
    sql = draw(st.sampled_from([x for x in (40.0, 56.25, 70.0, 100.0) if x >= nurture]))
    minimum = draw(_minimums)
    return {
        "kind": "bant",
        "min_budget": None if minimum is None else minimum.to_dict(),
        "max_days_to_decision": draw(st.integers(1, 400)),
        "weights": draw(_weights),
        "must_have": draw(st.dictionaries(st.sampled_from(p.BANT_CRITERIA), st.integers(0, 3))),
        "hard_fail": sorted(draw(st.sets(st.sampled_from(p.BANT_CRITERIA)))),
        "authority_levels": draw(
            st.dictionaries(
                st.sampled_from([r for r in BuyingRole if r is not BuyingRole.UNKNOWN]),
                st.integers(0, 3),
            )
        ),
        "sql_at": sql,
        "nurture_at": nurture,
        "highly_qualified_at": draw(st.none() | st.just(100.0)),
    }


def lead_of(facts: BantFacts, role: BuyingRole | None) -> Lead:
    contact = None if role is None else kc.Stakeholder(name="Анна", buying_role=role)
    return Lead(
        id="L-1", company="ООО Бета", created_on=date(2026, 1, 1), bant=facts, contact=contact
    )


@needs_c
@settings(max_examples=300, database=None)
@given(
    config=configs(),
    facts=st.lists(bant_facts() | bant_facts(currency="EUR"), min_size=1, max_size=6),
    role=st.none() | st.sampled_from(list(BuyingRole)),
    as_of=st.dates(date(2026, 1, 1), date(2028, 1, 1)),
)
def test_c_and_python_decide_alike(
    config: dict[str, Any], facts: list[BantFacts], role: BuyingRole | None, as_of: date
) -> None:
    """Every field of every decision is equal, with caches cold and warm, in any order."""
    fast, slow = compiled_pair(config)
    for f in facts + facts:  # the second round reads what the first one cached
        lead = lead_of(f, role)
        c, py = fast.evaluate(lead, as_of=as_of), slow.evaluate(lead, as_of=as_of)
        assert c == py
        assert c.to_dict() == py.to_dict()
        assert c.explain("ru") == py.explain("ru")
        bare = fast.evaluate_facts(f, as_of=as_of, subject="S")
        assert bare == slow.evaluate_facts(f, as_of=as_of, subject="S")


@needs_c
@pytest.mark.parametrize("preset", p.Bant.presets)
def test_every_preset_decides_alike_on_a_grid(preset: str) -> None:
    """Every combination of known and unknown facts, around each threshold."""
    config = p.Bant.preset(preset, min_budget=Money("500000", "RUB")).to_dict()
    fast, slow = compiled_pair(config)
    budgets = [
        None,
        Money("0", "RUB"),
        Money("249999.99", "RUB"),
        Money("400000", "RUB"),
        Money("500000", "RUB"),
        Money("500000", "USD"),
    ]
    days = [None, -1, 0, 90, 91, 180, 181, 360, 361, 5000]
    checked = 0
    for budget in budgets:
        for authority in (
            None,
            BuyingRole.DECISION_MAKER,
            BuyingRole.CHAMPION,
            BuyingRole.GATEKEEPER,
            BuyingRole.UNKNOWN,
        ):
            for need in (None, *NeedLevel):
                for d in days:
                    when = None if d is None else AS_OF + timedelta(days=d)
                    facts = BantFacts(
                        budget=budget, authority=authority, need=need, decision_date=when
                    )
                    lead = lead_of(facts, None)
                    assert fast.evaluate(lead, as_of=AS_OF) == slow.evaluate(lead, as_of=AS_OF)
                    checked += 1
    assert checked == 6 * 5 * 5 * 10


# -- what the C path must do exactly as Python does ---------------------------------------


class _Day(date):
    """A date subclass: days are counted by Python's own subtraction."""


class _Lead(Lead):
    """A Lead subclass: attributes are read through the full getattr path."""


@needs_c
def test_date_subclasses_lead_subclasses_and_the_contact_fallback() -> None:
    fast, slow = compiled_pair(p.Bant(min_budget=Money("500000", "RUB")).to_dict())
    facts = BantFacts(
        budget=Money("600000", "RUB"), need=NeedLevel.CONFIRMED, decision_date=_Day(2027, 1, 10)
    )
    contact = kc.Stakeholder(name="Анна", buying_role=BuyingRole.ECONOMIC_BUYER)
    lead = _Lead(
        id="L-9", company="ООО Бета", created_on=date(2026, 1, 1), bant=facts, contact=contact
    )
    for as_of in (AS_OF, _Day(2026, 11, 24)):
        c = fast.evaluate(lead, as_of=as_of)
        assert c == slow.evaluate(lead, as_of=as_of)
        assert c.criterion("authority").level == 3  # from the contact
        assert c.criterion("timeline").observed == 47
        assert c.subject == "L-9"


@needs_c
def test_errors_are_the_same_and_leak_nothing() -> None:
    """A datetime as_of fails as Python's subtraction does; no reference is left behind."""
    fast, slow = compiled_pair(p.Bant().to_dict())
    lead = lead_of(BantFacts(decision_date=date(2027, 1, 1)), None)
    moment = datetime(2026, 11, 24, tzinfo=UTC)
    with pytest.raises(TypeError) as python_error:
        slow.evaluate(lead, as_of=moment)  # type: ignore[arg-type]
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(lead.bant), sys.getrefcount(lead.bant.decision_date)
        for _ in range(100):
            with pytest.raises(TypeError) as c_error:
                fast.evaluate(lead, as_of=moment)  # type: ignore[arg-type]
        assert str(c_error.value) == str(python_error.value)
        del c_error
        assert (sys.getrefcount(lead.bant), sys.getrefcount(lead.bant.decision_date)) == before
    finally:
        gc.enable()


@needs_c
def test_decisions_hold_their_parts_and_release_them() -> None:
    """Reference counts of everything a decision points to return to where they were."""
    policy = p.Bant(min_budget=Money("500000", "RUB"))
    lead = lead_of(
        BantFacts(
            budget=Money("600000", "RUB"),
            authority=BuyingRole.USER,
            need=NeedLevel.PARTIAL,
            decision_date=date(2027, 6, 1),
        ),
        None,
    )
    as_of = date.fromordinal(AS_OF.toordinal())  # an object only this test holds
    policy.evaluate(lead, as_of=as_of)  # compiled, caches warm
    watched = (lead.id, lead.bant, as_of, policy.ref)
    gc.collect()  # earlier tests' garbage must not be freed while counting
    gc.disable()
    try:
        before = [sys.getrefcount(x) for x in watched]
        held = sys.getrefcount(as_of)
        decisions = [policy.evaluate(lead, as_of=as_of) for _ in range(1000)]
        assert sys.getrefcount(as_of) == held + 1000  # every decision holds as_of
        assert all(d.subject is lead.id and d.as_of is as_of for d in decisions)
        del decisions
        assert [sys.getrefcount(x) for x in watched] == before
    finally:
        gc.enable()


@needs_c
def test_a_compiled_policy_is_collected_with_its_runner() -> None:
    """The runner and the judges' closures form a cycle with the policy; gc breaks it."""
    policy = p.Bant()
    policy.evaluate(lead_of(BantFacts(), None), as_of=AS_OF)
    gone = weakref.ref(policy)
    del policy
    gc.collect()
    assert gone() is None


@needs_c
def test_runner_arguments_are_checked() -> None:
    assert RUNNER is not None
    run, run_facts = p.Bant()._compile()
    lead = lead_of(BantFacts(), None)
    with pytest.raises(TypeError, match="2 positional arguments"):
        run(lead)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="2 positional arguments"):
        run(lead, as_of=AS_OF)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="4 positional arguments"):
        run_facts(BantFacts(), None, AS_OF)  # type: ignore[call-arg]
    with pytest.raises(AttributeError):
        run(object(), AS_OF)  # type: ignore[arg-type]

    base = _runner_arguments()
    with pytest.raises(TypeError, match="not a writable object slot"):
        RUNNER(**{**base, "decision_type": dict})
    with pytest.raises(TypeError, match="not a writable object slot"):
        RUNNER(**{**base, "criterion_type": Decision})

    class Peeking(Lead):
        def __getattribute__(self, name: str) -> Any:
            return super().__getattribute__(name)

    with pytest.raises(TypeError, match="overrides __getattribute__"):
        RUNNER(**{**base, "lead_type": Peeking})
    with pytest.raises(TypeError, match="must be callable"):
        RUNNER(**{**base, "grade": None})


def _not_called(*args: object) -> object:
    raise AssertionError(f"a judge or the grader was called with {args}")


def _runner_arguments() -> dict[str, Any]:
    """A runner over empty tables whose judges and grader must not be reached."""
    unknown = CriterionResult("x", kc.CriterionStatus.UNKNOWN)
    return {
        "decision_type": Decision,
        "criterion_type": CriterionResult,
        "lead_type": Lead,
        "facts_type": BantFacts,
        "budgets": {},
        "other_budgets": {},
        "budget_judge": _not_called,
        "budget_unknown": unknown,
        "currency": "RUB",
        "roles": {},
        "needs": {},
        "days_cache": {},
        "timeline_judge": _not_called,
        "timeline_unknown": unknown,
        "memo": {},
        "grade": _not_called,
        "ref": p.Bant().ref,
    }


@needs_c
def test_a_grader_or_judge_breaking_its_contract_is_an_error_not_a_crash() -> None:
    assert RUNNER is not None
    base = _runner_arguments()
    facts = BantFacts()
    lead = lead_of(facts, None)
    known = {None: base["budget_unknown"]}
    runner = RUNNER(**{**base, "roles": known, "needs": known, "grade": lambda levels: "x"})
    with pytest.raises(TypeError, match="4-tuple"):
        runner(lead, AS_OF)
    runner = RUNNER(**{**base, "roles": {}, "needs": known})
    with pytest.raises(KeyError):
        runner(lead, AS_OF)
    odd = RUNNER(**{**base, "roles": {None: "not a result"}, "needs": known})
    with pytest.raises(TypeError, match="not CriterionResult"):
        odd(lead, AS_OF)


@needs_c
def test_one_policy_shared_by_threads_decides_as_one_thread_does() -> None:
    policy = p.Bant(min_budget=Money("500000", "RUB"))
    leads = [
        lead_of(
            BantFacts(
                budget=Money(str(10_000 * i), "RUB"),
                need=NeedLevel.CONFIRMED,
                decision_date=AS_OF + timedelta(days=i),
            ),
            None,
        )
        for i in range(200)
    ]
    expected = [p.Bant(min_budget=Money("500000", "RUB")).evaluate(x, as_of=AS_OF) for x in leads]
    results: list[list[Decision[Any]]] = []

    def work() -> None:
        results.append([policy.evaluate(x, as_of=AS_OF) for x in leads])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


# -- compiled policies are still data --------------------------------------------------------


@pytest.mark.parametrize("engine", ["c", "python"])
def test_a_compiled_policy_pickles_and_copies_without_its_caches(engine: str) -> None:
    """Caches (compiled closures, the C runner, the fingerprint) are rebuilt, not copied."""
    if engine == "c" and RUNNER is None:
        pytest.skip("built without the C accelerator")
    with pytest.MonkeyPatch.context() as patch:
        if engine == "python":
            patch.setattr(qualification, "_BANT_RUNNER", None)
        policy = p.Bant(min_budget=Money("500000", "RUB"), version="2026-11")
        lead = lead_of(BantFacts(budget=Money("600000", "RUB")), None)
        decided = policy.evaluate(lead, as_of=AS_OF)
        for clone in (pickle.loads(pickle.dumps(policy)), copy.deepcopy(policy), copy.copy(policy)):
            assert clone == policy
            assert clone.fingerprint == policy.fingerprint
            assert clone.evaluate(lead, as_of=AS_OF) == decided


def test_other_compiled_policies_pickle_too() -> None:
    """Every preset policy, used once, survives pickle and deepcopy (dask ships them)."""
    book = kc.generate_book(clients=40, seed=3, as_of=AS_OF)
    policies = p.PolicySet.preset("erokhin")
    first = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies, leads=book.leads)
    again = pickle.loads(pickle.dumps(policies))
    assert again == policies
    assert copy.deepcopy(policies) == policies
    assert (
        kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=again, leads=book.leads)
        == first
    )
