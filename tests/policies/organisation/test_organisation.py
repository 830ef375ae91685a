"""Organisation design: sales-system type, structure, KAM readiness, sub-processes, workload."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core._words import builtin_texts, catalogue
from kam_core.errors import CurrencyMismatchError, PolicyConfigError

L, M, H = kc.Level.LOW, kc.Level.MEDIUM, kc.Level.HIGH
FAST = settings(max_examples=100, deadline=None, database=None)


def profile(price=L, complexity=M, client_count=3000, orders_per_year=8, **kw):
    return kc.SalesSystemProfile(
        price=price,
        complexity=complexity,
        client_count=client_count,
        orders_per_year=orders_per_year,
        **kw,
    )


levels = st.none() | st.sampled_from(list(kc.Level))
profiles = st.builds(
    kc.SalesSystemProfile,
    price=levels,
    complexity=levels,
    client_count=st.none() | st.integers(0, 100_000),
    orders_per_year=st.none() | st.integers(0, 60),
    decision_group_size=st.none() | st.integers(1, 30),
)
classifiers = st.builds(
    lambda many, few, freq, rare, group: p.SalesSystemClassifier(
        many_clients=max(many, few),
        few_clients=min(many, few),
        frequent_orders_per_year=max(freq, rare),
        rare_orders_per_year=min(freq, rare),
        large_decision_group=group,
    ),
    st.integers(1, 50_000),
    st.integers(1, 50_000),
    st.integers(0, 50),
    st.integers(0, 50),
    st.none() | st.integers(1, 20),
)

# --------------------------------------------------------------------------------------
# sales system type


@pytest.mark.parametrize("price", [L, M])
@pytest.mark.parametrize("complexity", [L, M])
@pytest.mark.parametrize("clients", [1000, 3000, 9999])
@pytest.mark.parametrize("orders", [6, 8, 11])
def test_books_mixed_system_comes_out_mixed(price, complexity, clients, orders):
    """Seed 001: low/medium price and complexity, thousands of clients, ≥ 6 orders: mixed."""
    d = p.SalesSystemClassifier().evaluate(profile(price, complexity, clients, orders))
    assert d.outcome is kc.SalesType.MIXED
    assert d.missing == ()
    assert {c.name for c in d.criteria} == {
        "price",
        "complexity",
        "client_count",
        "orders_per_year",
    }
    assert all(c.passed for c in d.criteria)


def test_levels_order_by_rank_not_alphabet():
    """LOW < MEDIUM < HIGH; comparing with a plain string is left to str."""
    assert sorted([H, L, M]) == [L, M, H]
    assert L <= L < M <= H
    assert H > M >= M
    for op in ("__lt__", "__le__", "__gt__", "__ge__"):
        assert getattr(L, op)("high") is NotImplemented


def test_api_example_profile_is_mixed():
    """The example of API.md comes out MIXED."""
    d = p.SalesSystemClassifier().evaluate(
        kc.SalesSystemProfile(price=L, complexity=M, client_count=3000, orders_per_year=8)
    )
    assert d.outcome == kc.SalesType.MIXED
    assert d.codes[0] == "sales_system.mixed"


def test_cheap_simple_mass_market_is_transactional():
    """Low price and complexity with ≥ 10 000 clients is transactional."""
    d = p.SalesSystemClassifier().evaluate(profile(L, L, 20_000, 4))
    assert d.outcome is kc.SalesType.TRANSACTIONAL
    assert d.criterion("client_count").observed == 20_000
    assert d.criterion("client_count").threshold == {
        "many_at_least": 10_000,
        "few_below": 500,
        "mixed_at_least": 1000,
    }


def test_frequent_orders_make_few_clients_transactional_and_few_clients_is_flagged():
    """Frequent orders suffice; the few clients point the other way and are FAILED."""
    d = p.SalesSystemClassifier().evaluate(profile(L, L, 300, 24))
    assert d.outcome is kc.SalesType.TRANSACTIONAL
    assert d.criterion("client_count").failed
    assert "sales_system.client_count.few" in d.codes


def test_expensive_rare_purchase_is_consultative():
    """High price with rare purchases is consultative."""
    d = p.SalesSystemClassifier().evaluate(profile(H, L, 5000, 1))
    assert d.outcome is kc.SalesType.CONSULTATIVE
    assert d.criterion("complexity").failed  # low complexity points to transactional
    assert d.criterion("price").passed


def test_complex_product_for_few_clients_is_consultative():
    """High complexity with few clients is consultative."""
    d = p.SalesSystemClassifier().evaluate(profile(M, H, 40, 12))
    assert d.outcome is kc.SalesType.CONSULTATIVE


def test_expensive_but_frequent_mass_market_fits_no_description():
    """High price bought often by many clients is no type of the book: UNKNOWN, not mixed."""
    d = p.SalesSystemClassifier().evaluate(profile(H, M, 20_000, 24))
    assert d.outcome is kc.SalesType.UNKNOWN
    assert d.codes[0] == "sales_system.unknown"


def test_unknown_characteristic_leaves_type_undetermined_and_asks():
    """Unknown price with rare orders could be either: UNKNOWN, ask about price."""
    d = p.SalesSystemClassifier().evaluate(profile(None, L, 20_000, 2))
    assert d.outcome is kc.SalesType.UNKNOWN
    assert d.missing == ("price",)
    assert d.codes[0] == "sales_system.undetermined"
    assert d.criterion("price").unknown


def test_known_facts_decide_despite_an_unknown():
    """A high price with few clients buying rarely is consultative whatever the complexity."""
    d = p.SalesSystemClassifier().evaluate(profile(H, None, 300, 2))
    assert d.outcome is kc.SalesType.CONSULTATIVE
    assert d.missing == ("complexity",)


def test_mixed_needs_the_complexity_known():
    """Low price, thousands of clients, regular orders: mixed only if complexity is not high."""
    d = p.SalesSystemClassifier().evaluate(profile(L, None, 3000, 8))
    assert d.outcome is kc.SalesType.UNKNOWN
    assert d.missing == ("complexity",)
    assert d.codes[0] == "sales_system.undetermined"


def test_thresholds_are_data():
    """A company that calls 2 000 clients a mass market gets transactional."""
    policy = p.SalesSystemClassifier(many_clients=2000, few_clients=100)
    assert policy.evaluate(profile(L, L, 3000, 4)).outcome is kc.SalesType.TRANSACTIONAL
    assert p.load(policy.to_dict()) == policy
    assert policy.fingerprint != p.SalesSystemClassifier().fingerprint


def test_inconsistent_thresholds_are_refused_at_load():
    """Bounds that overlap are a configuration error, reported at load."""
    with pytest.raises(PolicyConfigError, match="transactional_max"):
        p.load({"kind": "sales_system", "transactional_max": "high"})
    with pytest.raises(PolicyConfigError, match="few_clients"):
        p.load({"kind": "sales_system", "few_clients": 20_000})
    with pytest.raises(PolicyConfigError, match="rare_orders_per_year"):
        p.load({"kind": "sales_system", "rare_orders_per_year": "13"})


def test_large_decision_group_reads_as_complex_purchase():
    """With a ГПР threshold, a large group makes a rare cheap purchase consultative."""
    policy = p.SalesSystemClassifier(large_decision_group=5)
    rare = profile(L, L, 20_000, 2, decision_group_size=8)
    assert p.SalesSystemClassifier().evaluate(rare).outcome is kc.SalesType.TRANSACTIONAL
    d = policy.evaluate(rare)
    assert d.outcome is kc.SalesType.CONSULTATIVE
    assert d.criterion("decision_group").passed
    small = policy.evaluate(profile(L, L, 20_000, 2, decision_group_size=2))
    assert small.outcome is kc.SalesType.TRANSACTIONAL
    assert "sales_system.decision_group.small" in small.codes
    unknown = policy.evaluate(profile(L, L, 20_000, 2))
    assert unknown.outcome is kc.SalesType.UNKNOWN
    assert unknown.missing == ("decision_group",)


def test_large_deal_reads_as_high_price():
    """With a deal-size threshold, a large average deal counts like a high price."""
    policy = p.SalesSystemClassifier(large_deal=kc.Money("1000000", "RUB"))
    big = profile(M, M, 200, 2, average_deal_size=kc.Money("5000000", "RUB"))
    assert policy.evaluate(big).outcome is kc.SalesType.CONSULTATIVE
    small = profile(M, M, 3000, 8, average_deal_size=kc.Money("50000", "RUB"))
    d = policy.evaluate(small)
    assert d.outcome is kc.SalesType.MIXED
    assert "sales_system.deal_size.small" in d.codes
    assert policy.evaluate(profile(M, M, 200, 2)).missing == ("deal_size",)


def test_deal_size_in_another_currency_is_misuse():
    """Comparing a USD deal to a RUB threshold raises, it never converts silently."""
    policy = p.SalesSystemClassifier(large_deal=kc.Money("1000000", "RUB"))
    with pytest.raises(CurrencyMismatchError):
        policy.evaluate(profile(average_deal_size=kc.Money("10", "USD")))


def test_profile_measured_from_deals_classifies_the_books_mixed_system():
    """Thousands of clients ordering every six weeks measure as a mixed system."""
    deals = [
        kc.Deal(
            id=f"D-{c}-{m}",
            client_id=f"C-{c}",
            status="won",
            opened_on=date(2026, m, 1),
            closed_on=date(2026, m, 3),
            amount=kc.Money("25000", "RUB"),
        )
        for c in range(2000)
        for m in range(1, 11, 1 + c % 2)  # every month or every second month
    ]
    stats = kc.build_stats(deals, as_of=date(2026, 11, 24)).values()
    prof = kc.SalesSystemProfile.from_stats(stats, price=L, complexity=M)
    assert prof.client_count == 2000
    assert prof.orders_per_year == Decimal("7.50")  # median of 10 and 5
    assert prof.average_deal_size == kc.Money("25000.00", "RUB")
    assert p.SalesSystemClassifier().evaluate(prof).outcome is kc.SalesType.MIXED
    half = kc.SalesSystemProfile.from_stats(stats, price=L, complexity=M, window_months=6)
    assert half.orders_per_year == Decimal("7.00")  # Jun-Oct: median of 5 and 2 orders, × 2


def test_profile_from_stats_edge_cases():
    """No clients, no recent orders, mixed dates and a bad window."""
    empty = kc.SalesSystemProfile.from_stats([], price=L, complexity=L, decision_group_size=3)
    assert (empty.client_count, empty.orders_per_year, empty.decision_group_size) == (0, None, 3)
    old_deal = kc.Deal(
        id="D-1",
        client_id="C-1",
        status="won",
        opened_on=date(2024, 1, 1),
        closed_on=date(2024, 1, 5),
        amount=kc.Money("10", "RUB"),
    )
    old = kc.ClientStats.from_deals([old_deal], client_id="C-1", as_of=AS_OF)
    stale = kc.SalesSystemProfile.from_stats([old], price=L, complexity=L)
    assert (stale.client_count, stale.orders_per_year, stale.average_deal_size) == (0, None, None)
    other = kc.ClientStats.empty("C-2", date(2026, 1, 1), "RUB")
    with pytest.raises(ValueError, match="one date"):
        kc.SalesSystemProfile.from_stats([old, other], price=L, complexity=L)
    with pytest.raises(ValueError, match="window_months"):
        kc.SalesSystemProfile.from_stats([old], price=L, complexity=L, window_months=0)


def test_profile_takes_a_rate_as_float_and_refuses_negative_counts():
    """Orders a year are a rate, not money: 0.5 and 8.5 are read exactly; counts are >= 0."""
    assert profile(orders_per_year=0.5).orders_per_year == Decimal("0.5")
    assert profile(orders_per_year=8.5).orders_per_year == Decimal("8.5")
    assert profile(orders_per_year=0.1).orders_per_year == Decimal("0.1")
    assert profile(orders_per_year="8.5").orders_per_year == Decimal("8.5")
    assert profile(orders_per_year=Decimal("6")).orders_per_year == Decimal(6)
    for bad in (float("nan"), float("inf"), True, "often", -1):
        with pytest.raises(pydantic.ValidationError, match="orders_per_year"):
            profile(orders_per_year=bad)
    with pytest.raises(pydantic.ValidationError, match="client_count"):
        profile(client_count=-1)


def test_sales_system_decision_explains_in_both_languages():
    """The decision reads in English and in Russian with the book's terms."""
    d = p.SalesSystemClassifier().evaluate(profile(), as_of=date(2026, 11, 24), subject="ООО Альфа")
    en, ru = d.explain("en"), d.explain("ru")
    assert en.startswith(
        "ООО Альфа as of 24 Nov 2026: mixed transactional and consultative selling. "
        "Low or medium price and complexity, thousands of clients, an order at least every "
        "two months"
    )
    assert ru.startswith(
        "ООО Альфа на 24.11.2026: смешанные транзакционные и консультационные продажи. "
    )
    assert "регулярные покупки" in ru
    json.dumps(d.to_dict())


@FAST
@given(classifiers, profiles)
def test_classifier_round_trips_and_decides_deterministically(policy, prof):
    """p.load(to_dict()) is the same policy and decides the same way."""
    again = p.load(json.loads(policy.to_json()))
    assert again == policy
    assert again.evaluate(prof).to_dict() == policy.evaluate(prof).to_dict()
    assert kc.SalesSystemProfile.model_validate_json(prof.model_dump_json()) == prof


@FAST
@given(profiles)
def test_complete_facts_give_a_type_or_say_no_description_fits(prof):
    """Complete facts decide: a type, or UNKNOWN saying why each description does not fit."""
    d = p.SalesSystemClassifier().evaluate(prof)
    if not d.missing:
        assert d.codes[0] != "sales_system.undetermined"
        if d.outcome is kc.SalesType.UNKNOWN:
            assert d.codes[:4] == ("sales_system.unknown", *("sales_system.not_type",) * 3)
    assert set(d.missing) <= {"price", "complexity", "client_count", "orders_per_year"}


_UP = {L: (L, M, H), M: (M, H), H: (H,)}


@FAST
@given(
    st.sampled_from(list(kc.Level)),
    st.sampled_from(list(kc.Level)),
    st.integers(0, 50_000),
    st.integers(0, 40),
    st.integers(0, 50_000),
    st.integers(0, 40),
)
def test_more_clients_or_orders_never_make_a_system_more_consultative(
    price, complexity, clients, orders, more_clients, more_orders
):
    """Monotonic: more clients and more frequent orders never move toward consultative."""
    policy = p.SalesSystemClassifier()
    before = policy.evaluate(profile(price, complexity, clients, orders)).outcome
    after = policy.evaluate(
        profile(price, complexity, clients + more_clients, orders + more_orders)
    ).outcome
    rank = {kc.SalesType.CONSULTATIVE: 0, kc.SalesType.MIXED: 1, kc.SalesType.TRANSACTIONAL: 2}
    if before in rank and after in rank:  # a description left for none is UNKNOWN
        assert rank[after] >= rank[before]
    assert before is not kc.SalesType.TRANSACTIONAL or after is kc.SalesType.TRANSACTIONAL
    assert after is not kc.SalesType.CONSULTATIVE or before is kc.SalesType.CONSULTATIVE


@FAST
@given(
    st.sampled_from(list(kc.Level)),
    st.sampled_from(list(kc.Level)),
    st.integers(0, 50_000),
    st.integers(0, 40),
    st.data(),
)
def test_higher_price_or_complexity_never_make_a_system_more_transactional(
    price, complexity, clients, orders, data
):
    """Monotonic: raising price or complexity never moves toward transactional."""
    policy = p.SalesSystemClassifier()
    higher_price = data.draw(st.sampled_from(_UP[price]))
    higher_complexity = data.draw(st.sampled_from(_UP[complexity]))
    before = policy.evaluate(profile(price, complexity, clients, orders)).outcome
    after = policy.evaluate(profile(higher_price, higher_complexity, clients, orders)).outcome
    rank = {kc.SalesType.CONSULTATIVE: 0, kc.SalesType.MIXED: 1, kc.SalesType.TRANSACTIONAL: 2}
    if before in rank and after in rank:
        assert rank[after] <= rank[before]
    assert before is not kc.SalesType.CONSULTATIVE or after is kc.SalesType.CONSULTATIVE
    assert after is not kc.SalesType.TRANSACTIONAL or before is kc.SalesType.TRANSACTIONAL


# --------------------------------------------------------------------------------------
# structure


def test_books_mixed_structure():
    """Seed 001: telemarketer, development specialist, client manager, operator, support."""
    assert kc.structure_for(kc.SalesType.MIXED) == (
        kc.Role.TELEMARKETER,
        kc.Role.DEVELOPMENT_SPECIALIST,
        kc.Role.CLIENT_MANAGER,
        kc.Role.BACK_OFFICE,
        kc.Role.SALES_SUPPORT,
    )
    assert kc.Role.BACK_OFFICE.text("ru") == "операционист"


@pytest.mark.parametrize("sales_type", [t for t in kc.SalesType if t is not kc.SalesType.UNKNOWN])
def test_key_account_manager_joins_after_client_manager_when_the_post_is_asked_for(sales_type):
    """A company asking for the post gets a КАМ right after the client manager, once."""
    plain = kc.structure_for(sales_type)
    with_kam = kc.structure_for(sales_type, key_accounts=True, kam_post=True)
    assert kc.Role.KEY_ACCOUNT_MANAGER not in plain
    at = with_kam.index(kc.Role.KEY_ACCOUNT_MANAGER)
    assert with_kam[at - 1] is kc.Role.CLIENT_MANAGER
    assert tuple(r for r in with_kam if r is not kc.Role.KEY_ACCOUNT_MANAGER) == plain


@pytest.mark.parametrize("sales_type", [t for t in kc.SalesType if t is not kc.SalesType.UNKNOWN])
def test_key_accounts_alone_add_no_post_the_client_manager_takes_the_kam_function(sales_type):
    """KAM is a function: key-account candidates leave the structure as it is."""
    assert kc.structure_for(sales_type, key_accounts=True) == kc.structure_for(sales_type)


@pytest.mark.parametrize("sales_type", [t for t in kc.SalesType if t is not kc.SalesType.UNKNOWN])
def test_every_structure_has_scouts_farmers_and_support(sales_type):
    """Every sales system finds clients, grows them and supports the sellers."""
    functions = {s.function for s in kc.positions_for(sales_type)}
    assert {kc.Function.SCOUT, kc.Function.FARMER, kc.Function.SUPPORT} <= functions


def test_transactional_needs_operators_and_consultative_needs_specialists():
    """Frequent orders need the operator; complex solutions need specialists and projects."""
    assert kc.Role.BACK_OFFICE in kc.structure_for("transactional")
    assert kc.Role.DEVELOPMENT_SPECIALIST not in kc.structure_for("transactional")
    consultative = kc.structure_for("consultative")
    assert {kc.Role.SPECIALIST, kc.Role.PROJECT_MANAGER, kc.Role.DEVELOPMENT_SPECIALIST} <= set(
        consultative
    )
    assert kc.Role.TELEMARKETER not in consultative


def test_positions_carry_function_tasks_and_purpose_in_both_languages():
    """positions_for gives a UI the function, the tasks and why, in EN and RU."""
    specs = kc.positions_for(kc.SalesType.MIXED, key_accounts=True, kam_post=True)
    assert [s.role for s in specs] == list(
        kc.structure_for("mixed", key_accounts=True, kam_post=True)
    )
    for s in specs:
        assert s.function is s.role.function
        assert s.responsibilities == s.role.responsibilities
        assert s.purpose == s.purpose_text("en")
        assert re.search("[а-я]", s.purpose_text("ru"))
    row = specs[0].to_dict("ru")
    assert row["role_name"] == "телемаркетолог"
    assert row["function_name"] == "разведчик"
    assert specs[0].to_dict()["function_name"] == "scout"
    json.dumps([s.to_dict() for s in specs])


def test_unknown_sales_type_is_refused():
    """A misspelt type is misuse."""
    with pytest.raises(ValueError, match="retail"):
        kc.structure_for("retail")


def test_transactional_vs_kam_table_is_the_books_table_6_1():
    """Seed 004, table 6.1: five dimensions, EN and RU, for a UI."""
    rows = kc.TRANSACTIONAL_VS_KAM
    assert len(rows) == 5
    assert rows[0].transactional == "The sale"
    assert rows[0].key_account_management == "Preferred-supplier status"
    assert rows[3].text("transactional", "ru") == "Завершение сделки"
    assert rows[4].key_account_management.startswith("A cross-functional team")
    for row in rows:
        assert all(row.to_dict().values())
        assert all(row.to_dict("ru").values())
    with pytest.raises(ValueError, match="column='price'"):
        rows[0].text("price")
    json.dumps([r.to_dict() for r in rows])


# --------------------------------------------------------------------------------------
# KAM readiness

ALL_TRUE = {c.value: True for c in kc.KamCondition}


def test_hise_and_reid_six_conditions_are_the_programmes_fields():
    """The six conditions are explicit fields of KamProgramme, in the book's order."""
    assert [c.value for c in kc.KamCondition] == [
        "integrated_into_sales",
        "top_management_support",
        "clear_communication_lines",
        "objectives_set",
        "field_sales_cooperation",
        "key_accounts_identified",
    ]
    assert set(ALL_TRUE) <= set(kc.KamProgramme.model_fields)


def test_company_meeting_all_six_conditions_is_ready():
    """All six in place: READY, score 100."""
    d = p.KamReadiness().evaluate(kc.KamProgramme(**ALL_TRUE), as_of=date(2026, 11, 24))
    assert d.outcome is p.Readiness.READY
    assert d.score == 100.0
    assert d.codes == ("kam_readiness.ready",)
    assert d.as_of == date(2026, 11, 24)


def test_api_example_unmet_condition_fails_and_unknown_is_missing():
    """API.md: field cooperation unmet is FAILED, unidentified key accounts are missing."""
    d = p.KamReadiness().evaluate(
        kc.KamProgramme(
            integrated_into_sales=True,
            top_management_support=True,
            clear_communication_lines=True,
            objectives_set=True,
            field_sales_cooperation=False,
            key_accounts_identified=None,
        )
    )
    assert d.outcome == "not_ready"
    assert d.criterion("field_sales_cooperation").failed
    assert d.criterion("key_accounts_identified").unknown
    assert d.missing == ("key_accounts_identified",)
    assert d.codes == (
        "kam_readiness.not_ready",
        "kam_readiness.condition.unmet",
        "kam_readiness.condition.unknown",
    )
    assert d.reasons[1].params["condition"] == "field_sales_cooperation"


def test_nothing_known_is_not_ready_and_asks_about_all_six():
    """An empty programme is not ready; every condition is a question."""
    d = p.KamReadiness().evaluate(kc.KamProgramme())
    assert d.outcome is p.Readiness.NOT_READY
    assert d.missing == tuple(c.value for c in kc.KamCondition)
    assert d.score == 0.0


def test_required_conditions_are_configurable():
    """A company may gate on a subset of the conditions."""
    policy = p.KamReadiness(required=("top_management_support", "key_accounts_identified"))
    prog = kc.KamProgramme(top_management_support=True, key_accounts_identified=True)
    assert policy.evaluate(prog).outcome is p.Readiness.READY
    assert p.load(policy.to_dict()) == policy
    with pytest.raises(PolicyConfigError, match="once"):
        p.load({"kind": "kam_readiness", "required": ["objectives_set", "objectives_set"]})
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "kam_readiness", "required": []})


def test_programme_keeps_evidence_per_condition():
    """Evidence notes are keyed by condition; an unknown condition is refused."""
    prog = kc.KamProgramme(
        objectives_set=True, evidence={"objectives_set": "KAM charter signed 2026-03"}
    )
    assert prog.evidence[kc.KamCondition.OBJECTIVES_SET].startswith("KAM charter")
    assert list(prog.conditions.values()) == [None, None, None, True, None, None]
    assert kc.KamProgramme.model_validate_json(prog.model_dump_json()) == prog
    with pytest.raises(pydantic.ValidationError):
        kc.KamProgramme(evidence={"free_lunch": "yes"})
    with pytest.raises(pydantic.ValidationError):
        kc.KamProgramme(objectives_set="yes")


def test_readiness_explains_in_russian():
    """The Russian explanation names the unmet condition as the book does."""
    d = p.KamReadiness().evaluate(kc.KamProgramme(**{**ALL_TRUE, "top_management_support": False}))
    assert "высшим руководством" in d.explain("ru")
    assert "Top management" in d.explain("en") or "top management" in d.explain("en")


flags = st.none() | st.booleans()
programmes = st.builds(
    kc.KamProgramme,
    **{c.value: flags for c in kc.KamCondition},
)


@FAST
@given(programmes)
def test_ready_exactly_when_every_condition_holds(prog):
    """READY iff all six are True; missing names exactly the unknown ones."""
    d = p.KamReadiness().evaluate(prog)
    values = [prog.condition(c) for c in kc.KamCondition]
    assert (d.outcome is p.Readiness.READY) == all(v is True for v in values)
    assert d.missing == tuple(c.value for c in kc.KamCondition if prog.condition(c) is None)


@FAST
@given(programmes, st.sampled_from(list(kc.KamCondition)))
def test_meeting_another_condition_never_lowers_readiness(prog, condition):
    """Monotonic: turning a condition True never lowers the score."""
    policy = p.KamReadiness()
    before = policy.evaluate(prog)
    after = policy.evaluate(prog.replace(**{condition.value: True}))
    assert after.score >= before.score
    if before.outcome is p.Readiness.READY:
        assert after.outcome is p.Readiness.READY


# --------------------------------------------------------------------------------------
# the four sub-processes


def test_catalogue_holds_the_books_four_checklists():
    """Seed 003: 9, 9, 8 and 7 questions, in Russian as the book words them."""
    assert [len(kc.SUBPROCESS_CHECKLISTS[sp]) for sp in kc.SubProcess] == [9, 9, 8, 7]
    acq = kc.SUBPROCESS_CHECKLISTS[kc.SubProcess.ACQUISITION]
    assert acq[0].text("ru") == "предварительная квалификация"
    assert acq[-1].text("ru") == "помощь клиенту в формировании первого заказа"
    assert kc.checklist_item("deal_support", "payment_incentives").text("ru") == (
        "стимулирование платёжной дисциплины"
    )
    assert kc.checklist_item("retention", "competitors").text() == "monitoring competitors"
    assert kc.checklist_item("retention", "no_such_item") is None
    for items in kc.SUBPROCESS_CHECKLISTS.values():
        keys = [i.key for i in items]
        assert len(keys) == len(set(keys))
        json.dumps([i.to_dict() for i in items])


def _deal(i, due, paid, closed=date(2026, 3, 1)):
    return kc.Deal(
        id=f"D-{i}",
        client_id="C-1",
        status="won",
        opened_on=date(2026, 2, 1),
        closed_on=closed,
        amount=kc.Money("1000", "RUB"),
        due_on=due,
        paid_on=paid,
    )


AS_OF = date(2026, 11, 24)
ON_TIME = [_deal(i, date(2026, 4, 1), date(2026, 3, 30)) for i in range(10)]
OVERDUE = [_deal(10 + i, date(2026, 5, 1), None) for i in range(3)]


def _full(**overrides):
    checklists = []
    for sp in kc.SubProcess:
        answers = {i.key: True for i in kc.SUBPROCESS_CHECKLISTS[sp]}
        answers.update(overrides.get(sp.value, {}))
        checklists.append(kc.SubProcessChecklist(sub_process=sp, answers=answers))
    return kc.SalesProcessAssessment(checklists=tuple(checklists))


def test_blank_assessment_is_incomplete_everywhere_and_asks_every_question():
    """A blank form decides nothing: every sub-process incomplete, every item missing."""
    decisions = p.SubProcessCompleteness().evaluate(kc.SalesProcessAssessment.blank())
    assert list(decisions) == list(kc.SubProcess)
    for sp, d in decisions.items():
        assert d.outcome is p.Completeness.INCOMPLETE
        assert d.subject == sp.value
        expected = [i.key for i in kc.SUBPROCESS_CHECKLISTS[sp]]
        if sp is kc.SubProcess.DEAL_SUPPORT:
            expected.append("payment_discipline")
        assert list(d.missing) == expected


def test_all_in_place_with_good_payment_discipline_is_complete():
    """Every item in place and few overdue deals: all four complete."""
    stats = kc.ClientStats.from_deals(ON_TIME, client_id="C-1", as_of=AS_OF)
    decisions = p.SubProcessCompleteness().evaluate(_full(), payments=[stats], as_of=AS_OF)
    assert {d.outcome for d in decisions.values()} == {p.Completeness.COMPLETE}
    pay = decisions[kc.SubProcess.DEAL_SUPPORT].criterion("payment_discipline")
    assert pay.passed
    assert pay.observed == Decimal(0)
    assert "subprocess.payment_discipline.ok" in decisions[kc.SubProcess.DEAL_SUPPORT].codes


def test_poor_payment_discipline_measured_from_deals_leaves_deal_support_incomplete():
    """3 of 13 deals overdue (23 %) is above 10 %: deal support is not complete."""
    stats = kc.ClientStats.from_deals(ON_TIME + OVERDUE, client_id="C-1", as_of=AS_OF)
    d = p.SubProcessCompleteness().evaluate_one(_full(), "deal_support", payments=[stats])
    assert d.outcome is p.Completeness.INCOMPLETE
    pay = d.criterion("payment_discipline")
    assert pay.failed
    assert pay.observed == Decimal(3) / Decimal(13)
    assert "subprocess.payment_discipline.poor" in d.codes
    assert "Платёжная дисциплина низкая" in d.explain("ru")
    lenient = p.SubProcessCompleteness(max_overdue_share="0.25")
    assert lenient.evaluate_one(_full(), "deal_support", payments=stats.payments).outcome == (
        "complete"
    )


def test_payment_discipline_without_deals_is_unknown():
    """No deals with a due date: payment discipline is a question, not a verdict."""
    d = p.SubProcessCompleteness().evaluate_one(_full(), "deal_support")
    assert d.missing == ("payment_discipline",)
    assert d.outcome is p.Completeness.INCOMPLETE
    off = p.SubProcessCompleteness(payment_discipline=False)
    assert off.evaluate_one(_full(), "deal_support").outcome is p.Completeness.COMPLETE


def test_an_unmet_item_is_named_in_russian():
    """A missing contract campaign is FAILED and named as the book names it."""
    d = p.SubProcessCompleteness().evaluate_one(
        _full(acquisition={"contract_campaign": False}), "acquisition"
    )
    assert d.outcome is p.Completeness.INCOMPLETE
    assert d.criterion("contract_campaign").failed
    assert "Не выстроено: договорная кампания" in d.explain("ru")
    assert d.score == round(100 * 8 / 9, 1)


def test_min_share_allows_a_partly_built_sub_process():
    """With 80 % required, 6 of 7 retention items is complete."""
    policy = p.SubProcessCompleteness(min_share="0.8")
    d = policy.evaluate_one(_full(retention={"competitors": None}), "retention")
    assert d.outcome is p.Completeness.COMPLETE
    assert d.missing == ("competitors",)


def test_companys_own_items_count_unless_switched_off():
    """Each company defines what matters: its own answered items are judged too."""
    assessment = _full(retention={"loyalty_programme": False})
    d = p.SubProcessCompleteness().evaluate_one(assessment, "retention")
    assert d.outcome is p.Completeness.INCOMPLETE
    assert d.criterion("loyalty_programme").failed
    assert "Не выстроено: loyalty programme" in d.explain("ru")  # the company's own item
    ignore = p.SubProcessCompleteness(include_own_items=False)
    assert ignore.evaluate_one(assessment, "retention").outcome is p.Completeness.COMPLETE


def test_configured_items_replace_the_catalogue():
    """A sub-process with its own short list is judged on that list only."""
    policy = p.SubProcessCompleteness(
        items={"acquisition": ["pre_qualification"], "retention": []}, include_own_items=False
    )
    a = _full()
    assert policy.evaluate_one(a, "acquisition").score == 100.0
    assert policy.evaluate_one(a, "retention").outcome is p.Completeness.COMPLETE
    assert len(policy.evaluate_one(a, "order_processing").criteria) == 9  # the catalogue
    empty = kc.SalesProcessAssessment()
    assert empty.checklist("acquisition").answers == {}
    assert policy.evaluate_one(empty, "acquisition").missing == ("pre_qualification",)
    assert p.load(policy.to_dict()) == policy
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "subprocess_completeness", "items": {"acquisition": ["a", "a"]}})
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "subprocess_completeness", "min_share": "0"})


def test_assessment_refuses_two_checklists_for_one_sub_process():
    """One checklist per sub-process."""
    with pytest.raises(pydantic.ValidationError, match="retention"):
        kc.SalesProcessAssessment(
            checklists=(
                kc.SubProcessChecklist(sub_process="retention"),
                kc.SubProcessChecklist(sub_process="retention"),
            )
        )


answers = st.dictionaries(
    st.sampled_from([i.key for i in kc.SUBPROCESS_CHECKLISTS[kc.SubProcess.ORDER_PROCESSING]]),
    flags,
)


@FAST
@given(answers, st.sampled_from(["0.5", "0.8", "1"]), st.data())
def test_putting_an_item_in_place_never_makes_a_sub_process_less_complete(ans, share, data):
    """Monotonic: answering True never lowers the score or undoes COMPLETE; round-trips."""
    policy = p.SubProcessCompleteness(min_share=share)
    assert p.load(policy.to_json()) == policy
    key = data.draw(st.sampled_from(sorted(ans) or ["feasibility"]))
    before_a = kc.SalesProcessAssessment(
        checklists=(kc.SubProcessChecklist(sub_process="order_processing", answers=ans),)
    )
    after_a = kc.SalesProcessAssessment(
        checklists=(
            kc.SubProcessChecklist(sub_process="order_processing", answers={**ans, key: True}),
        )
    )
    before = policy.evaluate_one(before_a, "order_processing")
    after = policy.evaluate_one(after_a, "order_processing")
    assert after.score >= before.score
    if before.outcome is p.Completeness.COMPLETE:
        assert after.outcome is p.Completeness.COMPLETE
    assert policy.evaluate_one(before_a, "order_processing") == before


# --------------------------------------------------------------------------------------
# workload


def test_overloaded_client_manager_is_named():
    """20 weekly and 40 monthly clients exceed 100 contacts a month."""
    load = p.workload(
        {kc.Role.CLIENT_MANAGER: ["A"] * 20 + ["B"] * 40, "Борис": ["B"] * 30},
        {"A": 7, "B": 30},
        capacity_contacts_per_month=100,
    )
    assert load.over_capacity == ("client_manager",)
    cm = load[kc.Role.CLIENT_MANAGER]
    assert cm.contacts_per_month == Decimal("127.46")
    assert cm.utilisation == Decimal("1.27")
    assert cm.by_segment == (("A", 20, Decimal("86.90")), ("B", 40, Decimal("40.56")))
    assert load["Борис"].status is p.LoadStatus.WITHIN_CAPACITY
    assert cm.decision.codes == ("workload.over_capacity",)
    json.dumps(load.to_dict())
    with pytest.raises(KeyError):
        load["nobody"]


def test_cadence_comes_from_a_playbook_and_clients_from_their_segments():
    """Client ids are read through their segment and the playbook's cadence."""
    book = p.Playbook(
        plays={
            "A": p.Play(role=kc.Role.KEY_ACCOUNT_MANAGER, contact_every_days=7),
            "C": p.Play(role=kc.Role.CLIENT_MANAGER, contact_every_days=90),
        }
    )
    segment_of = {"C-1": "A", "C-2": "C", "C-3": "C", "C-4": "Z"}
    load = p.workload(
        {"Анна": ["C-1", "C-2", "C-2", "C-3", "C-4", "C-9"]},
        book,
        capacity_contacts_per_month=Decimal(10),
        segment_of=segment_of,
    )
    anna = load["Анна"]
    assert anna.clients == 5  # C-2 once
    assert anna.by_segment == (("A", 1, Decimal("4.35")), ("C", 2, Decimal("0.68")))
    assert anna.uncovered == (("", 1), ("Z", 1))
    assert anna.decision.codes == ("workload.within_capacity", "workload.no_cadence")
    assert "без заданной частоты контактов" in anna.decision.explain("ru")


def test_capacity_per_person_and_under_loading():
    """Part-timers get their own capacity; an under-loaded seller is flagged too."""
    pos = kc.Position(name="inside_sales", function=kc.Function.FARMER)
    load = p.workload(
        {pos: ["B"] * 10, "Вера": ["B"] * 60},
        {"B": 30},
        capacity_contacts_per_month={pos: 100, "Вера": "50"},
        under_loaded_below="0.5",
    )
    assert load.under_loaded == ("inside_sales",)
    assert load.over_capacity == ("Вера",)
    assert "меньше 50\u00a0% нормы" in load["inside_sales"].decision.explain("ru")
    with pytest.raises(ValueError, match="Вера"):
        p.workload({"Вера": ["B"]}, {"B": 30}, capacity_contacts_per_month={"Глеб": 10})
    with pytest.raises(ValueError, match="positive"):
        p.workload({"Вера": ["B"]}, {"B": 30}, capacity_contacts_per_month=0)
    with pytest.raises(ValueError, match="cadence"):
        p.workload({"Вера": ["B"]}, {"B": 0}, capacity_contacts_per_month=10)


people = st.dictionaries(
    st.sampled_from(["Анна", "Борис", "Вера", "Глеб"]),
    st.lists(st.sampled_from(["A", "B", "C", "X"]), max_size=60),
    max_size=4,
)
cadences = st.fixed_dictionaries({"A": st.integers(1, 30), "B": st.integers(7, 90)})


@FAST
@given(people, cadences, st.integers(1, 300), st.randoms(use_true_random=False))
def test_workload_is_deterministic_and_order_free(assign, cadence, capacity, rnd):
    """Shuffling people and clients changes nothing."""
    load = p.workload(assign, cadence, capacity_contacts_per_month=capacity)
    items = list(assign.items())
    rnd.shuffle(items)
    shuffled = {k: rnd.sample(v, len(v)) for k, v in items}
    assert p.workload(shuffled, cadence, capacity_contacts_per_month=capacity) == load
    assert [x.person for x in load.people] == sorted(assign)
    for x in load.people:
        if x.contacts_per_month > capacity:
            assert x.over_capacity
        elif x.contacts_per_month < capacity:
            assert not x.over_capacity


@FAST
@given(people, cadences, st.lists(st.sampled_from(["A", "B"]), min_size=1, max_size=10))
def test_more_clients_never_lighten_the_load(assign, cadence, extra):
    """Monotonic: adding clients to a person never lowers their contacts a month."""
    if not assign:
        assign = {"Анна": []}
    person = sorted(assign)[0]
    before = p.workload(assign, cadence, capacity_contacts_per_month=100)[person]
    more = {**assign, person: [*assign[person], *extra]}
    after = p.workload(more, cadence, capacity_contacts_per_month=100)[person]
    assert after.contacts_per_month >= before.contacts_per_month
    assert after.clients == before.clients + len(extra)


# --------------------------------------------------------------------------------------
# reason codes


def test_every_organisation_reason_code_has_both_texts_and_is_emitted():
    """Codes used in src are in the catalogue in EN and RU, and every text is used."""
    src = Path(p.SalesSystemClassifier.__module__.replace(".", "/") + ".py")
    text = (Path(kc.__file__).parent.parent / src).read_text(encoding="utf-8")
    used = set(re.findall(r'reason\(\s*"([a-z_.]+)"', text))
    families = ("sales_system.", "kam_readiness.", "subprocess.", "workload.")
    assert used == {code for code in builtin_texts() if code.startswith(families)}
    for code in used:
        assert code.startswith(families)
        entry = catalogue()[code]
        assert entry["en"] != entry["ru"]
        assert re.search("[а-яА-Я]", entry["ru"])


@pytest.mark.parametrize(
    "model",
    [
        kc.SalesSystemProfile,
        kc.KamProgramme,
        kc.SalesProcessAssessment,
        p.SalesSystemClassifier,
        p.KamReadiness,
        p.SubProcessCompleteness,
    ],
)
def test_organisation_models_document_their_json_contract(model):
    """Entities and policies publish a JSON Schema for hosts in other languages."""
    schema = model.model_json_schema()
    json.dumps(schema)
    assert schema["type"] == "object"
