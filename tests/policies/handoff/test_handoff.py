"""Handoff between roles (docs/methodology.md#handoff): criteria, transfers, the chain, replay."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core._words import catalogue
from kam_core.errors import CurrencyMismatchError, PolicyConfigError, PolicyEvaluationError
from kam_core.policies.handoff import check_inputs
from kam_core.testing import deals as deal_strategy

R = kc.Role
AS_OF = date(2026, 11, 24)
HUNTER, FARMER, KAM = R.DEVELOPMENT_SPECIALIST, R.CLIENT_MANAGER, R.KEY_ACCOUNT_MANAGER


def rub(amount: str) -> kc.Money:
    return kc.Money(amount, "RUB")


def order(
    n: int,
    on: date,
    amount: str = "100000",
    *,
    sku: str | None = None,
    category: str | None = None,
    client_id: str = "C-1",
    status: str = "won",
) -> kc.Deal:
    lines = ()
    if sku is not None:
        lines = (
            kc.DealLine(product_id=sku, category=category, quantity=1, unit_price=rub(amount)),
        )
    return kc.Deal(
        id=f"D-{client_id}-{n}",
        client_id=client_id,
        status=status,
        opened_on=on,
        closed_on=None if status == "open" else on,
        amount=rub(amount),
        lines=lines,
    )


def monthly(count: int, amount: str = "100000", start: date = date(2026, 1, 10)) -> list[kc.Deal]:
    return [order(i, start + timedelta(days=30 * i), amount) for i in range(count)]


def client(owner: kc.Role | kc.Position | None = HUNTER, **facts: object) -> kc.Client:
    return kc.Client(id="C-1", name="ООО Альфа", owner=owner, **facts)


def stats(deals: list[kc.Deal], as_of: date = AS_OF) -> kc.ClientStats:
    return kc.ClientStats.from_deals(deals, client_id="C-1", as_of=as_of, currency="RUB")


def decide(policy: p.Policy, deals: list[kc.Deal], *, owner=HUNTER, as_of=AS_OF, **facts):
    return policy.evaluate(client(owner, **facts), stats(deals, as_of), as_of=as_of)  # type: ignore[attr-defined]


def facts(deals: list[kc.Deal], as_of: date = AS_OF) -> p.Facts:
    return p.Facts(as_of=as_of, stats=stats(deals, as_of))


# --------------------------------------------------------------------------------------
# the methodology's own examples


def test_hunter_hands_client_to_farmer_after_third_order():
    """ "After the third order": two orders keep the client with the hunter, three pass it on."""
    rule = p.HunterToFarmer(when=p.OrderCount(at_least=3))
    assert decide(rule, monthly(2)).outcome is None
    handoff = decide(rule, monthly(3)).outcome
    assert handoff == kc.Handoff(
        "C-1", HUNTER, FARMER, "hunter_to_farmer", AS_OF, rule.fingerprint, handoff.reasons
    )
    assert handoff.reasons[0].code == "handoff.fired"


def test_hunter_hands_client_to_farmer_after_second_order():
    """The company chooses its own count: "after the second order" works the same way."""
    rule = p.HunterToFarmer(when=p.OrderCount(at_least=2))
    assert decide(rule, monthly(1)).outcome is None
    assert decide(rule, monthly(2)).outcome.to_role is FARMER


def test_hunter_hands_client_to_farmer_after_cumulative_volume_of_x_roubles():
    """A client becomes "regular" once purchases reach X roubles, compared exactly."""
    rule = p.HunterToFarmer(when=p.CumulativeRevenue(at_least=rub("1000000")))
    below = decide(
        rule, [order(1, date(2026, 1, 5), "600000"), order(2, date(2026, 2, 5), "399999.99")]
    )
    assert below.outcome is None
    assert below.criteria[0].observed == rub("999999.99")
    assert below.codes == ("handoff.not_due", "handoff.cumulative_revenue.below")
    exact = decide(
        rule, [order(1, date(2026, 1, 5), "600000"), order(2, date(2026, 2, 5), "400000.00")]
    )
    assert exact.outcome is not None
    assert exact.criteria[0].threshold == rub("1000000")


def test_hunter_hands_client_to_farmer_after_buying_product_p():
    """After the purchase of a given product (or any product of a category)."""
    by_sku = p.HunterToFarmer(when=p.BoughtProduct(product_ids=("SKU-42",)))
    by_category = p.HunterToFarmer(when=p.BoughtProduct(categories=("service",)))
    other = [order(1, date(2026, 3, 1), sku="SKU-1", category="paper")]
    bought = [*other, order(2, date(2026, 4, 1), sku="SKU-42", category="service")]
    assert decide(by_sku, other).outcome is None
    assert decide(by_sku, bought).outcome is not None
    assert decide(by_category, bought).criteria[0].observed == ("service",)
    assert decide(by_category, other).codes[-1] == "handoff.bought_product.not_found"


def test_hunter_hands_client_to_farmer_on_any_of_the_criteria():
    """Any of: third order, one million roubles, product P — the first met is enough."""
    rule = p.HunterToFarmer(
        when=p.AnyOf(
            of=(
                p.OrderCount(at_least=3),
                p.CumulativeRevenue(at_least=rub("1000000")),
                p.BoughtProduct(product_ids=("SKU-42",)),
            )
        )
    )
    assert decide(rule, monthly(2)).outcome is None
    assert decide(rule, [order(1, date(2026, 1, 1), "1500000")]).outcome is not None
    assert decide(rule, [order(1, date(2026, 1, 1), "10", sku="SKU-42")]).outcome is not None
    d = decide(rule, monthly(3))
    assert [c.status.value for c in d.criteria[0].children] == ["passed", "failed", "unknown"]


def test_hunter_hands_client_to_farmer_when_all_of_the_criteria_hold():
    """All of: two orders and half a million roubles, both required."""
    rule = p.HunterToFarmer(
        when=p.AllOf(of=(p.OrderCount(at_least=2), p.CumulativeRevenue(at_least=rub("500000"))))
    )
    assert decide(rule, monthly(2, "100000")).outcome is None
    assert decide(rule, [order(1, date(2026, 1, 1), "900000")]).outcome is None
    assert decide(rule, monthly(2, "250000")).outcome is not None


def test_at_least_two_of_three_criteria_and_not():
    """AtLeast and Not compose like the other combinators."""
    two_of_three = p.AtLeast(
        n=2,
        of=(
            p.OrderCount(at_least=3),
            p.CumulativeRevenue(at_least=rub("200000")),
            p.BoughtProduct(product_ids=("SKU-42",)),
        ),
    )
    assert two_of_three.evaluate(facts(monthly(2))).status is kc.CriterionStatus.UNKNOWN
    assert two_of_three.evaluate(facts(monthly(3))).status is kc.CriterionStatus.PASSED
    not_three = p.Not(of=p.OrderCount(at_least=3))
    assert not_three.evaluate(facts(monthly(2))).status is kc.CriterionStatus.PASSED


# --------------------------------------------------------------------------------------
# criteria in detail


def test_order_window_includes_as_of_and_the_days_before_it():
    """within_days=30 counts orders from as_of − 29 days to as_of, both included."""
    deals = [order(1, AS_OF - timedelta(days=30)), order(2, AS_OF - timedelta(days=29))]
    r = p.OrderCount(at_least=2, within_days=30).evaluate(facts(deals))
    assert (r.status, r.observed) == (kc.CriterionStatus.FAILED, 1)
    assert r.reasons[0].code == "handoff.order_count.below_within"
    assert r.reasons[0].params["since"] == AS_OF - timedelta(days=29)
    ok = p.OrderCount(at_least=1, within_days=30).evaluate(facts(deals))
    assert ok.reasons[0].code == "handoff.order_count.reached_within"


def test_revenue_window_sums_only_recent_orders():
    """A windowed volume counts the orders in the window only."""
    deals = [order(1, date(2025, 1, 1), "900000"), order(2, AS_OF, "200000")]
    rule = p.CumulativeRevenue(at_least=rub("1000000"), within_days=365)
    r = rule.evaluate(facts(deals))
    assert (r.status, r.observed) == (kc.CriterionStatus.FAILED, rub("200000"))
    assert r.reasons[0].code == "handoff.cumulative_revenue.below_within"
    r = p.CumulativeRevenue(at_least=rub("100000"), within_days=365).evaluate(facts(deals))
    assert r.reasons[0].code == "handoff.cumulative_revenue.reached_within"


def test_product_window_reads_the_last_purchase_of_the_product():
    """BoughtProduct with a window looks at when the product was last bought."""
    deals = [order(1, AS_OF - timedelta(days=100), sku="SKU-42", category="service")]
    r = p.BoughtProduct(product_ids=("SKU-42",), within_days=90).evaluate(facts(deals))
    assert r.status is kc.CriterionStatus.FAILED
    assert r.reasons[0].code == "handoff.bought_product.not_found_within"
    r = p.BoughtProduct(categories=("service",), within_days=101).evaluate(facts(deals))
    assert r.reasons[0].code == "handoff.bought_product.found_within"


def test_orders_without_line_detail_make_product_criterion_unknown():
    """Orders with no lines at all: what was bought is unknown, not "not bought"."""
    r = p.BoughtProduct(product_ids=("SKU-42",)).evaluate(facts(monthly(2)))
    assert r.status is kc.CriterionStatus.UNKNOWN
    assert r.reasons[0].code == "handoff.bought_product.lines_unknown"
    assert p.BoughtProduct(product_ids=("SKU-42",)).evaluate(facts([])).failed


def test_criteria_without_stats_are_unknown_never_a_guess():
    """No purchase history in the facts: every handoff criterion is UNKNOWN."""
    bare = p.Facts(as_of=AS_OF)
    for criterion in (
        p.OrderCount(at_least=1),
        p.CumulativeRevenue(at_least=rub("1")),
        p.BoughtProduct(product_ids=("SKU-1",)),
    ):
        r = criterion.evaluate(bare)
        assert r.unknown
        assert r.reasons[0].code == "handoff.stats.unknown"


def test_criterion_refuses_stats_of_another_date():
    """Facts dated otherwise than their stats are refused."""
    with pytest.raises(PolicyEvaluationError, match="as of"):
        p.OrderCount(at_least=1).evaluate(p.Facts(as_of=AS_OF, stats=stats([], date(2026, 1, 1))))
    # without a date of its own the criterion judges as of the stats
    assert p.OrderCount(at_least=1).evaluate(p.Facts(as_of=None, stats=stats(monthly(1)))).passed


def test_threshold_in_another_currency_raises_never_a_wrong_handoff():
    """A USD threshold against rouble purchases: a clear error chained to the mismatch."""
    rule = p.HunterToFarmer(when=p.CumulativeRevenue(at_least=kc.Money("10000", "USD")))
    with pytest.raises(PolicyEvaluationError, match="never converts") as info:
        decide(rule, monthly(3))
    assert isinstance(info.value.__cause__, CurrencyMismatchError)
    assert isinstance(info.value, kc.errors.KamError)


def test_product_criterion_needs_something_to_look_for():
    """BoughtProduct with neither products nor categories is a configuration error."""
    with pytest.raises(ValueError, match="at least one"):
        p.BoughtProduct()
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "hunter_to_farmer", "when": {"kind": "bought_product"}})


# --------------------------------------------------------------------------------------
# bad input


def test_stats_of_another_client_are_refused():
    """Stats for another client raise, whatever the policy."""
    other = kc.ClientStats.empty("C-2", AS_OF, "RUB")
    with pytest.raises(PolicyEvaluationError, match="'C-2', not 'C-1'"):
        p.HunterToFarmer(when=p.OrderCount(at_least=1)).evaluate(client(), other, as_of=AS_OF)


def test_as_of_later_than_stats_is_refused():
    """Stats older than as_of would miss the orders in between."""
    with pytest.raises(PolicyEvaluationError, match="earlier than"):
        check_inputs(client(), stats([], date(2026, 1, 1)), AS_OF)


def test_as_of_earlier_than_stats_is_refused():
    """Stats newer than as_of could count orders that had not happened yet."""
    with pytest.raises(PolicyEvaluationError, match="later than"):
        p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=1)),)).evaluate(
            client(), stats([]), as_of=date(2026, 1, 1)
        )


# --------------------------------------------------------------------------------------
# ownership, idempotence, direction


def test_client_already_with_farmer_is_not_handed_again():
    """Idempotent: a client already with the target role stays where it is."""
    d = decide(p.HunterToFarmer(when=p.OrderCount(at_least=1)), monthly(3), owner=FARMER)
    assert d.outcome is None
    assert d.codes == ("handoff.already_with_target",)
    assert d.explain("ru") == (
        "C-1 на 24.11.2026: без передачи. Правило «охотник → фермер»: клиента уже ведёт КМ"
    )


def test_client_of_another_role_is_not_this_transfers_business():
    """A hunter-to-farmer rule does not move a client the KAM works."""
    d = decide(p.HunterToFarmer(when=p.OrderCount(at_least=1)), monthly(3), owner=KAM)
    assert (d.outcome, d.codes) == (None, ("handoff.owner_mismatch",))


def test_client_nobody_works_yet_can_be_handed_over():
    """An owner of None is nobody yet: the handoff records from_role None."""
    h = decide(p.HunterToFarmer(when=p.OrderCount(at_least=1)), monthly(1), owner=None).outcome
    assert h.from_role is None
    assert str(h) == "nobody → client_manager (hunter_to_farmer)"


def test_backwards_transfer_is_refused_at_configuration():
    """Farmer → hunter without allow_backwards is found when the rule is built."""
    with pytest.raises(ValueError, match="backwards"):
        p.HunterToFarmer(when=p.OrderCount(at_least=1), from_role=FARMER, to_role=HUNTER)
    allowed = p.HunterToFarmer(
        when=p.OrderCount(at_least=1), from_role=FARMER, to_role=HUNTER, allow_backwards=True
    )
    assert decide(allowed, monthly(1), owner=FARMER).outcome.to_role is HUNTER
    with pytest.raises(ValueError, match="both"):
        p.HunterToFarmer(when=p.OrderCount(at_least=1), to_role=HUNTER)


def test_support_roles_are_neither_forward_nor_backward():
    """Project manager → client manager is lateral, allowed without the flag."""
    rule = p.HunterToFarmer(
        when=p.OrderCount(at_least=1), from_role=R.PROJECT_MANAGER, to_role=FARMER
    )
    assert decide(rule, monthly(1), owner=R.PROJECT_MANAGER).outcome.to_role is FARMER


def test_company_positions_work_like_catalogue_roles():
    """A user's own Position hands over and is compared by name."""
    inside = kc.Position(name="inside_sales", function=kc.Function.HUNTER, title="Инсайд")
    account = kc.Position(name="account_manager", function=kc.Function.FARMER)
    rule = p.HunterToFarmer(when=p.OrderCount(at_least=1), from_role=inside, to_role=account)
    h = decide(rule, monthly(1), owner=inside.replace(title="Другой заголовок")).outcome
    assert h.to_role == account
    assert "Инсайд" not in h.explain("ru")  # the owner as the client record has it
    assert h.explain("ru") == (
        "C-1 на 24.11.2026: Другой заголовок → account manager, правило «охотник → фермер»"
    )
    assert h.to_dict()["to_role"]["name"] == "account_manager"
    assert p.load(rule.to_dict()) == rule
    with pytest.raises(ValueError, match="backwards"):
        p.HunterToFarmer(when=p.OrderCount(at_least=1), from_role=account, to_role=inside)


def test_a_copied_rule_with_another_criterion_judges_by_its_own():
    """Compiled criteria are cached per rule, never carried into a changed copy."""
    three = p.HunterToFarmer(when=p.OrderCount(at_least=3))
    assert decide(three, monthly(1)).outcome is None
    one = three.model_copy(update={"when": p.OrderCount(at_least=1)})
    assert decide(one, monthly(1)).outcome is not None
    assert decide(three, monthly(1)).outcome is None
    project = p.ToProjectManager(categories=("installation",))
    bought = [order(1, AS_OF, sku="SRV-1", category="audit")]
    assert decide(project, bought, owner=FARMER).outcome is None
    audit = project.model_copy(update={"categories": ("audit",)})
    assert decide(audit, bought, owner=FARMER).outcome is not None


def test_unknown_facts_leave_the_client_and_say_what_to_find_out():
    """UNKNOWN is not a handoff; the decision names the missing facts."""
    rule = p.HunterToFarmer(when=p.BoughtProduct(product_ids=("SKU-42",), label="product_p"))
    d = decide(rule, monthly(2))
    assert (d.outcome, d.missing) == (None, ("product_p",))
    assert d.codes[0] == "handoff.undecided"


# --------------------------------------------------------------------------------------
# scout -> hunter


def lead(stage: str = "new", **kw: object) -> kc.Lead:
    return kc.Lead(id="L-7", company="ООО Бета", created_on=date(2026, 11, 1), stage=stage, **kw)


def test_scout_hands_sql_lead_to_hunter():
    """A lead whose stage is SQL goes from the telemarketer to the development specialist."""
    d = p.ScoutToHunter().evaluate(lead("sql"), as_of=AS_OF)
    h = d.outcome
    assert (h.from_role, h.to_role, h.client_id, h.lead_id) == (
        R.TELEMARKETER,
        HUNTER,
        "L-7",
        "L-7",
    )
    assert d.codes == ("handoff.fired", "handoff.lead.sql")


def test_scout_hands_lead_over_on_a_qualification_decision():
    """A BANT-style decision with outcome "sql" about this lead is enough."""
    verdict = kc.Decision("sql", subject="L-7", as_of=date(2026, 11, 20))
    assert p.ScoutToHunter().evaluate(lead("mql"), as_of=AS_OF, qualification=verdict).outcome
    nurture = kc.Decision("nurture", subject="L-7", as_of=AS_OF)
    d = p.ScoutToHunter().evaluate(lead("mql"), as_of=AS_OF, qualification=nurture)
    assert (d.outcome, d.codes) == (None, ("handoff.lead.not_sql",))


def test_closed_leads_are_not_handed_over():
    """Converted and disqualified leads stay where they are, whatever the qualification says."""
    verdict = kc.Decision("sql", subject="L-7", as_of=AS_OF)
    d = p.ScoutToHunter().evaluate(lead("disqualified"), as_of=AS_OF, qualification=verdict)
    assert (d.outcome, d.codes) == (None, ("handoff.lead.closed",))
    converted = lead("converted", client_id="C-9")
    assert p.ScoutToHunter().evaluate(converted, as_of=AS_OF).outcome is None


def test_lead_handoff_names_the_client_the_lead_became():
    """A lead linked to a client hands over under the client's id."""
    h = p.ScoutToHunter().evaluate(lead("sql", client_id="C-9"), as_of=AS_OF).outcome
    assert (h.client_id, h.lead_id) == ("C-9", "L-7")


def test_qualification_about_another_lead_or_from_the_future_is_refused():
    """A decision about another lead, or made after as_of, cannot qualify this one."""
    with pytest.raises(PolicyEvaluationError, match="not lead"):
        p.ScoutToHunter().evaluate(
            lead(), as_of=AS_OF, qualification=kc.Decision("sql", subject="L-8")
        )
    later = kc.Decision("sql", subject="L-7", as_of=AS_OF + timedelta(days=1))
    with pytest.raises(PolicyEvaluationError, match="after as_of"):
        p.ScoutToHunter().evaluate(lead(), as_of=AS_OF, qualification=later)


# --------------------------------------------------------------------------------------
# farmer -> key account manager (docs/methodology.md#key-accounts)


def group(*people: tuple[str | None, str | None]) -> tuple[kc.Stakeholder, ...]:
    return tuple(
        kc.Stakeholder(name=f"P{i}", department=d, site=s) for i, (d, s) in enumerate(people)
    )


KEY = {
    "potential": rub("30000000"),
    "partnership_intent": True,
    "stakeholders": group(
        ("procurement", "Москва"), ("finance", "Москва"), ("production", "Москва")
    ),
}
TO_KAM = p.FarmerToKeyAccount(min_potential=rub("10000000"))


def test_farmer_hands_key_account_to_kam():
    """High potential, a large spread-out ГПР and partnership intent: the client goes to the KAM."""
    d = decide(TO_KAM, [], owner=FARMER, **KEY)
    assert d.outcome.to_role is KAM
    assert [c.name for c in d.criteria] == [
        "potential",
        "decision_making_group",
        "functions_or_sites",
        "partnership_intent",
    ]
    assert "handoff.key_account.national_account" not in d.codes


def test_key_account_spread_over_regions_is_a_national_account():
    """A key account buying in several regions is reported as a national account."""
    d = decide(TO_KAM, [], owner=FARMER, regions=("Москва", "Казань", "Пермь"), **KEY)
    national = kc.Reason("handoff.key_account.national_account", {"regions": 3, "at_least": 2})
    assert d.outcome.reasons[-1] == national
    assert d.outcome.reasons.count(national) == 1


def test_low_potential_small_group_or_no_partnership_keep_the_client_manager():
    """Any known failing key-account criterion keeps the client with the client manager."""
    cases = [
        {**KEY, "potential": rub("9999999.99")},
        {**KEY, "stakeholders": KEY["stakeholders"][:2]},
        {**KEY, "partnership_intent": False},
        {
            **KEY,
            "stakeholders": group(
                ("procurement", "Москва"),
            )
            * 3,
        },
    ]
    for facts_ in cases:
        d = decide(TO_KAM, [], owner=FARMER, **facts_)
        assert d.outcome is None, facts_
        assert d.codes[0] == "handoff.not_due", facts_


def test_unknown_key_account_facts_are_questions_not_answers():
    """Unknown potential, ГПР, intent or departments: no handoff, the facts to find out."""
    d = TO_KAM.evaluate(kc.Client(id="C-1", name="ООО Альфа", owner=FARMER), stats([]), as_of=AS_OF)
    assert d.outcome is None
    assert d.missing == (
        "potential",
        "decision_making_group",
        "functions_or_sites",
        "partnership_intent",
    )
    partial = {**KEY, "stakeholders": group(("procurement", None), (None, None), (None, None))}
    d = decide(TO_KAM, [], owner=FARMER, **partial)
    assert d.missing == ("functions_or_sites",)
    assert "handoff.key_account.spread_unknown" in d.codes


def test_key_account_criteria_without_a_client_are_unknown():
    """Judged on facts with no client record, every key-account criterion is UNKNOWN."""
    j = TO_KAM._judge(p.Facts(as_of=AS_OF))
    assert j.status is kc.CriterionStatus.UNKNOWN
    assert len(j.missing) == 4


def test_potential_in_another_currency_is_refused():
    """A rouble threshold against a dollar potential is misuse."""
    with pytest.raises(PolicyEvaluationError, match="never converts"):
        decide(TO_KAM, [], owner=FARMER, **{**KEY, "potential": kc.Money("1", "USD")})


# --------------------------------------------------------------------------------------
# client manager -> project manager (task 9), reactivation (task 7)


def test_client_manager_hands_project_work_to_project_manager():
    """A recent purchase of a project service sends the client to the project manager."""
    rule = p.ToProjectManager(product_ids=("SRV-INSTALL",))
    bought = [order(1, AS_OF - timedelta(days=10), "500000", sku="SRV-INSTALL")]
    assert decide(rule, bought, owner=FARMER).outcome.to_role is R.PROJECT_MANAGER
    old = [order(1, AS_OF - timedelta(days=200), "500000", sku="SRV-INSTALL")]
    assert decide(rule, old, owner=FARMER).outcome is None
    with pytest.raises(ValueError, match="at least one"):
        p.ToProjectManager()


def test_sleeping_client_goes_to_whoever_reactivates():
    """Silent for more than twice its own median gap: the sleeping client is handed over."""
    deals = monthly(4, start=date(2026, 1, 1))  # every 30 days; last on 2026-04-01
    last = deals[-1].closed_on
    awake = decide(p.Reactivation(), deals, owner=FARMER, as_of=last + timedelta(days=60))
    assert awake.outcome is None
    assert awake.codes[-1] == "handoff.reactivation.awake"
    asleep = decide(p.Reactivation(), deals, owner=FARMER, as_of=last + timedelta(days=61))
    assert asleep.outcome.to_role is HUNTER
    assert asleep.criteria[0].threshold == Decimal(60)
    assert "handoff.reactivation.sleeping_for_rhythm" in asleep.codes


def test_reactivation_falls_back_to_fixed_silence_with_few_orders():
    """Fewer than three order dates: the fixed after_days limit applies."""
    deals = monthly(2)
    last = deals[-1].closed_on
    d = decide(p.Reactivation(), deals, owner=FARMER, as_of=last + timedelta(days=181))
    assert d.outcome is not None
    assert "handoff.reactivation.sleeping" in d.codes
    unknown = p.Reactivation(after_days=None)
    d = decide(unknown, deals, owner=FARMER, as_of=last + timedelta(days=400))
    assert d.outcome is None
    assert d.missing == ("sleeping",)
    fixed = p.Reactivation(rhythm_factor=None, after_days=30)
    assert decide(fixed, monthly(5), owner=FARMER, as_of=date(2027, 1, 1)).outcome is not None


def test_median_gap_of_an_even_number_of_gaps_is_the_midpoint():
    """Gaps 10, 20, 30, 40 days: the median is 25, the limit 50."""
    days = [date(2026, 1, 1)]
    for gap in (10, 20, 30, 40):
        days.append(days[-1] + timedelta(days=gap))
    deals = [order(i, d) for i, d in enumerate(days)]
    d = decide(p.Reactivation(), deals, owner=FARMER, as_of=days[-1] + timedelta(days=51))
    assert d.criteria[0].threshold == Decimal(50)
    assert d.outcome is not None


def test_client_that_never_ordered_is_not_sleeping():
    """No orders at all is a prospect, not a sleeping client; no stats is unknown."""
    d = decide(p.Reactivation(), [], owner=FARMER)
    assert d.outcome is None
    assert d.codes[-1] == "handoff.reactivation.never_ordered"
    assert p.Reactivation()._judge(p.Facts(as_of=AS_OF)).status is kc.CriterionStatus.UNKNOWN


# --------------------------------------------------------------------------------------
# the chain


CHAIN = p.HandoffRules(
    transfers=(
        p.HunterToFarmer(when=p.OrderCount(at_least=3)),
        p.Reactivation(),
        p.FarmerToKeyAccount(min_potential=rub("10000000")),
        p.ToProjectManager(categories=("installation",)),
    )
)


def test_chain_hands_a_new_client_from_the_start_of_the_chain():
    """A client nobody works yet is at the chain's start: the hunter's rule applies."""
    d = CHAIN.evaluate(client(None, **KEY), stats(monthly(3)), as_of=AS_OF)
    assert d.outcome.rule == "hunter_to_farmer"
    assert d.outcome.fingerprint == CHAIN.fingerprint
    assert [c.name for c in d.criteria] == [
        "hunter_to_farmer",
        "reactivation",
        "farmer_to_key_account",
        "to_project_manager",
    ]


def test_chain_yields_at_most_one_handoff_then_the_next_step():
    """Farmer's client meeting the key-account criteria goes on to the KAM, one step at a time."""
    deals = [*monthly(3, start=date(2026, 9, 1))]
    d = CHAIN.evaluate(client(FARMER, **KEY), stats(deals), as_of=AS_OF)
    assert d.outcome.to_role is KAM
    again = CHAIN.evaluate(client(KAM, **KEY), stats(deals), as_of=AS_OF)
    assert again.outcome is None
    assert again.codes == ("handoff.no_transfer_from",)


def test_chain_collects_the_questions_of_the_applicable_transfers():
    """The client manager's undecided transfers say which facts to find out."""
    d = CHAIN.evaluate(client(FARMER), stats(monthly(3, start=date(2026, 9, 1))), as_of=AS_OF)
    assert d.outcome is None
    assert "partnership_intent" in d.missing
    assert "project_purchase" in d.missing


def test_reactivated_client_stays_with_the_hunter_while_it_sleeps():
    """No ping-pong: the hunter keeps the sleeping client even though it had three orders."""
    deals = monthly(4, start=date(2026, 1, 1))
    d = CHAIN.evaluate(client(HUNTER), stats(deals), as_of=AS_OF)
    assert d.outcome is None
    assert d.codes == ("handoff.held",)
    back = [*deals, order(9, AS_OF)]
    assert CHAIN.evaluate(client(HUNTER), stats(back), as_of=AS_OF).outcome.to_role is FARMER


def test_repeated_transfer_kinds_get_numbered_names():
    """Two hunter-to-farmer rules are recorded as hunter_to_farmer and hunter_to_farmer#2."""
    inside = kc.Position(name="inside_sales", function=kc.Function.HUNTER)
    rules = p.HandoffRules(
        transfers=(
            p.HunterToFarmer(when=p.OrderCount(at_least=3)),
            p.HunterToFarmer(when=p.OrderCount(at_least=1), from_role=inside),
        )
    )
    d = rules.evaluate(client(inside), stats(monthly(1)), as_of=AS_OF)
    assert rules.names == ("hunter_to_farmer", "hunter_to_farmer#2")
    assert d.outcome.rule == "hunter_to_farmer#2"


def test_chain_refuses_lead_transfers():
    """Scout → hunter judges leads, so it cannot sit in a client chain."""
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "handoff_rules", "transfers": [{"kind": "scout_to_hunter"}]})


# --------------------------------------------------------------------------------------
# replay: the audit trail


def test_replay_lists_the_date_of_each_handoff():
    """Replaying from the first order: hunter → farmer on the third order, KAM next."""
    deals = monthly(5)
    trail = p.replay(client(None, **KEY), deals, CHAIN)
    assert [(h.as_of, h.rule) for h in trail] == [
        (deals[2].closed_on, "hunter_to_farmer"),
        (deals[2].closed_on, "farmer_to_key_account"),
    ]


def test_replay_finds_time_based_handoffs_between_orders():
    """Reactivation fires on the first day the silence exceeds the client's rhythm."""
    deals = monthly(4, start=date(2026, 1, 1))
    trail = p.replay(client(None), deals, CHAIN, end=date(2026, 12, 31))
    assert [(h.as_of, h.to_role) for h in trail] == [
        (deals[2].closed_on, FARMER),
        (deals[3].closed_on + timedelta(days=61), HUNTER),
    ]
    assert p.replay(client(None), deals, CHAIN) == trail[:1]


def test_replay_reevaluates_when_an_order_leaves_a_window():
    """A Not(window) criterion can fire on the day the last order leaves the window."""
    quiet = p.HunterToFarmer(
        when=p.AllOf(
            of=(p.OrderCount(at_least=1), p.Not(of=p.OrderCount(at_least=1, within_days=30)))
        )
    )
    deals = [order(1, date(2026, 1, 1))]
    trail = p.replay(client(), deals, quiet, end=date(2026, 6, 1))
    assert [h.as_of for h in trail] == [date(2026, 1, 31)]
    project = p.ToProjectManager(categories=("installation",), within_days=30)
    assert p.replay(client(FARMER), deals, project, end=date(2026, 6, 1)) == ()


def test_replay_from_start_reproduces_what_that_date_would_decide():
    """start evaluates the state at start itself; earlier orders count."""
    deals = monthly(5)
    trail = p.replay(
        client(None),
        deals,
        p.HunterToFarmer(when=p.OrderCount(at_least=3)),
        start=date(2026, 12, 1),
    )
    assert [h.as_of for h in trail] == [date(2026, 12, 1)]
    assert p.replay(client(None), deals, CHAIN, end=date(2026, 1, 1)) == ()


def test_replay_stops_a_lateral_cycle_at_the_repeat():
    """Client manager ⇄ project manager both firing: each move is recorded once per date."""
    both_ways = p.HandoffRules(
        transfers=(
            p.ToProjectManager(categories=("installation",)),
            p.HunterToFarmer(
                when=p.OrderCount(at_least=1), from_role=R.PROJECT_MANAGER, to_role=FARMER
            ),
        )
    )
    deals = [order(1, AS_OF, sku="SRV-1", category="installation")]
    trail = p.replay(client(FARMER), deals, both_ways)
    assert [h.to_role for h in trail] == [R.PROJECT_MANAGER, FARMER]


def test_replay_without_a_silence_limit_has_no_time_based_dates():
    """Reactivation that cannot judge few orders adds no dates between orders."""
    rule = p.Reactivation(after_days=None)
    assert p.replay(client(FARMER), monthly(2), rule, end=date(2027, 12, 31)) == ()


def test_replay_edge_cases():
    """No orders: no trail; other clients' deals are skipped; end before start is refused."""
    assert p.replay(client(None), [order(1, AS_OF, status="lost")], CHAIN) == ()
    mixed = [*monthly(3), order(1, AS_OF, client_id="C-2")]
    assert len(p.replay(client(None), mixed, CHAIN)) == 1
    with pytest.raises(PolicyEvaluationError, match="before start"):
        p.replay(client(None), monthly(3), CHAIN, start=AS_OF, end=date(2026, 1, 1))


# --------------------------------------------------------------------------------------
# the Handoff value and the reason catalogue


def test_handoff_reads_and_serialises():
    """A handoff prints, explains in Russian and serialises for the CRM."""
    h = kc.Handoff("C-1", None, KAM, "farmer_to_key_account", AS_OF)
    assert str(h) == "nobody → key_account_manager (farmer_to_key_account)"
    assert h.explain("ru") == "C-1 на 24.11.2026: никто → КАМ, правило «фермер → КАМ»"
    assert h.explain() == (
        "C-1 as of 24 Nov 2026: nobody → key account manager, “farmer → KAM” rule"
    )
    assert h.to_dict() == {
        "client_id": "C-1",
        "lead_id": None,
        "from_role": None,
        "to_role": "key_account_manager",
        "rule": "farmer_to_key_account",
        "as_of": "2026-11-24",
        "fingerprint": None,
        "reasons": [],
    }
    with pytest.raises(ValueError, match="locale"):
        h.explain("de")


def test_decision_with_a_handoff_explains_itself_in_russian():
    """The decision's explanation reads like a note to a Russian sales manager."""
    d = decide(p.HunterToFarmer(when=p.OrderCount(at_least=3)), monthly(3))
    text = d.explain("ru")
    assert text == (
        "C-1 на 24.11.2026: специалист по развитию → КМ. "
        "Сработало правило «охотник → фермер»: клиента C-1 пора передать\n"
        "- Заказов: 3 (порог — 3)"
    )
    assert d.to_dict()["outcome"]["to_role"] == "client_manager"


def test_every_handoff_reason_code_has_both_texts():
    """Every handoff.* code the source emits is in the catalogue, with the same parameters."""
    src = Path(p.__file__).parent / "handoff.py"
    codes = set(re.findall(r'reason\(\s*"(handoff\.[a-z_.]+)"', src.read_text(encoding="utf-8")))
    texts = catalogue()
    assert codes
    assert codes <= set(texts)
    assert {c for c in texts if c.startswith("handoff.")} == codes
    for code in codes:
        en, ru = texts[code]["en"], texts[code]["ru"]
        field = r"\{(\w+)(?::[\w.]+)?\}"
        assert set(re.findall(field, en)) == set(re.findall(field, ru)), code


# --------------------------------------------------------------------------------------
# properties

SETTINGS = settings(max_examples=60, deadline=None, database=None)
WON = deal_strategy(client_ids=("C-1",), statuses=(kc.DealStatus.WON,), end=date(2026, 10, 1))
ANY = deal_strategy(client_ids=("C-1",), end=date(2026, 10, 1))
CUMULATIVE = (
    p.OrderCount(at_least=3),
    p.CumulativeRevenue(at_least=rub("1000000")),
    p.BoughtProduct(product_ids=("SKU-1",), categories=("tools",)),
)


def unique(deals: list[kc.Deal]) -> list[kc.Deal]:
    return [d.replace(id=f"D-{i}") for i, d in enumerate(deals)]


@SETTINGS
@given(st.lists(WON, max_size=12).map(unique), WON, st.integers(0, 400))
def test_adding_a_later_deal_never_unfires_a_cumulative_criterion(deals, extra, days_later):
    """Once met without a window, a criterion stays met as orders and days are added."""
    extra = extra.replace(id="D-extra")
    later = max(AS_OF, extra.closed_on) + timedelta(days=days_later)
    for criterion in CUMULATIVE:
        before = criterion.evaluate(facts(deals))
        after = criterion.evaluate(facts([*deals, extra], later))
        if before.passed:
            assert after.passed, criterion


@SETTINGS
@given(st.lists(ANY, max_size=12).map(unique), st.randoms(use_true_random=False))
def test_shuffling_deals_changes_nothing(deals, rnd):
    """The order of the deals never changes a decision or the audit trail."""
    shuffled = list(deals)
    rnd.shuffle(shuffled)
    c = client(None, **KEY)
    one = CHAIN.evaluate(c, stats(deals), as_of=AS_OF).to_dict()
    assert CHAIN.evaluate(c, stats(shuffled), as_of=AS_OF).to_dict() == one
    assert p.replay(c, deals, CHAIN, end=AS_OF) == p.replay(c, shuffled, CHAIN, end=AS_OF)


@SETTINGS
@given(
    st.lists(ANY, max_size=10).map(unique),
    st.lists(deal_strategy(client_ids=("C-1",), start=AS_OF + timedelta(days=1)), max_size=5),
)
def test_deals_after_as_of_change_nothing(deals, future):
    """Orders closed after as_of do not exist yet for the decision or the replay up to as_of."""
    future = [d.replace(id=f"F-{i}") for i, d in enumerate(future)]
    c = client(None, **KEY)
    now = CHAIN.evaluate(c, stats(deals), as_of=AS_OF).to_dict()
    assert CHAIN.evaluate(c, stats([*deals, *future]), as_of=AS_OF).to_dict() == now
    assert p.replay(c, deals, CHAIN, end=AS_OF) == p.replay(c, [*deals, *future], CHAIN, end=AS_OF)


@SETTINGS
@given(st.lists(WON, max_size=10).map(unique))
def test_replay_agrees_with_evaluating_on_each_date(deals):
    """Every handoff in the trail is what the policy decides on that date for that owner."""
    rule = p.HunterToFarmer(when=p.OrderCount(at_least=3))
    for h in p.replay(client(None), deals, rule, end=AS_OF):
        d = rule.evaluate(client(h.from_role), stats(deals, h.as_of), as_of=h.as_of)
        assert d.outcome == h
        before = h.as_of - timedelta(days=1)
        assert rule.evaluate(client(None), stats(deals, before), as_of=before).outcome is None


windows = st.none() | st.integers(1, 400)
leaves = st.one_of(
    st.builds(p.OrderCount, at_least=st.integers(1, 10), within_days=windows),
    st.builds(
        p.CumulativeRevenue,
        at_least=st.integers(0, 10**7).map(lambda n: rub(str(n))),
        within_days=windows,
    ),
    st.builds(p.BoughtProduct, product_ids=st.just(("SKU-1",)), within_days=windows),
)


def nested(depth: int) -> st.SearchStrategy[p.Criterion]:
    """Criteria nested at most ``depth`` combinators deep (configurations are depth-limited)."""
    if depth == 0:
        return leaves
    inner = nested(depth - 1)
    return st.one_of(
        leaves,
        st.lists(inner, min_size=1, max_size=3).map(lambda cs: p.AnyOf(of=tuple(cs))),
        st.lists(inner, min_size=1, max_size=3).map(lambda cs: p.AllOf(of=tuple(cs))),
        inner.map(lambda c: p.Not(of=c)),
    )


criteria = nested(3)
transfers = st.one_of(
    st.builds(p.HunterToFarmer, when=criteria),
    st.builds(p.Uncoupling, when=criteria),
    st.builds(
        p.FarmerToKeyAccount,
        min_potential=st.integers(0, 10**8).map(lambda n: rub(str(n))),
        min_stakeholders=st.integers(1, 9),
        min_units=st.integers(1, 5),
    ),
    st.builds(p.ToProjectManager, categories=st.just(("installation",)), within_days=windows),
    st.builds(
        p.Reactivation,
        rhythm_factor=st.none() | st.decimals("0.5", "5", places=1),
        after_days=st.none() | st.integers(1, 999),
    ),
)


@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(transfers, min_size=1, max_size=4))
def test_every_handoff_policy_round_trips_through_its_dict(chain):
    """p.load(policy.to_dict()) == policy, for each transfer and the chain, also via JSON."""
    rules = p.HandoffRules(transfers=tuple(chain))
    for policy in (*chain, rules, p.ScoutToHunter()):
        assert p.load(policy.to_dict()) == policy
        assert type(policy).load(policy.to_json()).fingerprint == policy.fingerprint
