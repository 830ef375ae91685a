"""Key accounts, the KAM portfolio and relationship stages (docs/methodology.md#key-accounts)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyConfigError, PolicyEvaluationError
from kam_core.testing import clients, deals

AS_OF = date(2026, 11, 24)
D = Decimal


def rub(amount: int | str) -> kc.Money:
    return kc.Money(amount, "RUB")


def person(dept: str | None = None, site: str | None = None) -> kc.Stakeholder:
    return kc.Stakeholder(name=f"{dept}-{site}", department=dept, site=site)


COMPLEX = (person("procurement", "Москва"), person("finance", "Москва"), person("it", "Москва"))


def client(cid: str, potential: int | None = None, **extra: object) -> kc.Client:
    facts: dict[str, object] = {
        "stakeholders": COMPLEX,
        "partnership_intent": True,
        "regions": ("Москва",),
    }
    facts.update(extra)
    return kc.Client(
        id=cid,
        name=cid,
        potential=None if potential is None else rub(potential),
        **facts,  # type: ignore[arg-type]
    )


def empty(*ids: str) -> list[kc.ClientStats]:
    return [kc.ClientStats.empty(i, AS_OF, "RUB") for i in ids]


BOOK = [
    client("C-A", 6_000_000),
    client("C-B", 3_000_000),
    client("C-C", 1_000_000),
    client("C-D"),
]


def outcomes(policy: p.KeyAccount, book: list[kc.Client] = BOOK) -> dict[str, str]:
    decisions = policy.segment(empty(*(c.id for c in book)), clients=book)
    return {k: str(d.outcome) for k, d in decisions.items()}


# -- KeyAccount ----------------------------------------------------------------------------


def test_top_half_of_population_potential_is_high_potential() -> None:
    """Potentials 6, 3, 1 M (total 10): 6 M alone reaches half, so only C-A qualifies."""
    fitted = p.KeyAccount().fit(empty("C-A", "C-B", "C-C", "C-D"), clients=BOOK)
    assert fitted.potential_floor == rub(6_000_000)
    assert fitted.thresholds() == {"potential_floor": {"amount": "6000000", "currency": "RUB"}}
    assert outcomes(p.KeyAccount()) == {
        "C-A": "key_account",
        "C-B": "not_key",
        "C-C": "not_key",
        "C-D": "unknown",
    }


def test_top_share_is_a_setting() -> None:
    """At 80 %, 6 + 3 = 9 M of 10 M is needed: C-A and C-B qualify."""
    got = outcomes(p.KeyAccount(potential_top_share=D("0.8")))
    assert got["C-B"] == "key_account"
    assert got["C-C"] == "not_key"


def test_absolute_potential_threshold() -> None:
    """min_potential 2 M without a population share: C-A and C-B are high potential."""
    policy = p.KeyAccount(min_potential=rub(2_000_000), potential_top_share=None)
    assert outcomes(policy)["C-B"] == "key_account"
    d = policy.segment(empty("C-C"), clients=BOOK[2:3])["C-C"]
    assert d.criterion("potential").threshold == rub(2_000_000)
    assert "key_account.potential.low" in d.codes


def test_unknown_potential_is_unknown_with_the_fact_to_collect() -> None:
    """C-D meets the other two conditions; its potential is unknown, so is the answer."""
    d = p.KeyAccount().segment(empty("C-A", "C-D"), clients=BOOK)["C-D"]
    assert d.outcome == p.KeyAccountStatus.UNKNOWN
    assert d.missing == ("potential",)
    assert d.codes[0] == "key_account.undecided"


def test_buying_group_must_be_large_and_spread() -> None:
    """Three people in one department at one site is simple buying; at two sites, complex."""
    one_place = client("C-A", 6_000_000, stakeholders=(person("procurement", "Москва"),) * 3)
    two_sites = client(
        "C-A",
        6_000_000,
        stakeholders=(
            person("procurement", "Москва"),
            person("procurement", "Казань"),
            person("procurement", "Москва"),
        ),
    )
    assert outcomes(p.KeyAccount(), [one_place]) == {"C-A": "not_key"}
    assert outcomes(p.KeyAccount(), [two_sites]) == {"C-A": "key_account"}
    d = p.KeyAccount().segment(empty("C-A"), clients=[one_place])["C-A"]
    assert d.criterion("buying_group").observed == {"people": 3, "departments": 1, "sites": 1}


def test_unmapped_group_and_unknown_intent_are_unknown() -> None:
    """No stakeholders and partnership intent None: both missing, answer unknown."""
    vague = client("C-A", 6_000_000, stakeholders=(), partnership_intent=None)
    d = p.KeyAccount().segment(empty("C-A"), clients=[vague])["C-A"]
    assert d.outcome == "unknown"
    assert d.missing == ("buying_group", "partnership_intent")


def test_no_partnership_wish_means_not_key() -> None:
    """A known 'no' to partnership fails the candidacy however big the client."""
    d = p.KeyAccount().segment(
        empty("C-A"), clients=[client("C-A", 6_000_000, partnership_intent=False)]
    )
    assert d["C-A"].outcome == "not_key"
    assert "key_account.partnership.no" in d["C-A"].codes


def test_two_of_three_conditions_can_be_enough() -> None:
    """min_conditions=2: high potential and intent suffice while the ГПР is unknown."""
    c = client("C-A", 6_000_000, stakeholders=())
    d = p.KeyAccount(min_conditions=2).segment(empty("C-A"), clients=[c])["C-A"]
    assert d.outcome == "key_account"
    assert d.score == 2.0


def test_key_account_in_several_regions_is_a_national_account() -> None:
    """Counted in regions (national_by="regions"), Moscow and Kazan make a national account."""
    c = client("C-A", 6_000_000, regions=("Москва", "Казань"))
    d = p.KeyAccount(national_by="regions").segment(empty("C-A"), clients=[c])["C-A"]
    assert d.outcome == p.KeyAccountStatus.NATIONAL_ACCOUNT
    assert "key_account.national" in d.codes
    assert d.criterion("regions").observed == 2
    assert p.KeyAccount().play_for(d).role is kc.Role.KEY_ACCOUNT_MANAGER  # type: ignore[union-attr]


def test_without_client_facts_everything_is_unknown() -> None:
    """assign() without the client record: all three conditions are missing."""
    fitted = p.KeyAccount(min_potential=rub(1)).fit(empty("C-A"))
    d = fitted.assign(empty("C-A")[0])
    assert d.missing == ("potential", "buying_group", "partnership_intent")


def test_key_account_needs_some_potential_rule() -> None:
    """Neither min_potential nor potential_top_share: refused at load."""
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "key_account", "potential_top_share": None})


# -- KamPortfolio --------------------------------------------------------------------------


def test_portfolio_default_factors_on_a_hand_computed_book() -> None:
    """Growth +50 %, intent yes, the largest potential → attractiveness 1; strength 0.3866."""
    x_orders = ((date(2025, 3, 1), D(200_000)), (date(2026, 3, 1), D(300_000)))
    y_orders = ((date(2026, 6, 1), D(100_000)),)
    stats = [
        kc.ClientStats("C-X", AS_OF, "RUB", orders=x_orders),
        kc.ClientStats("C-Y", AS_OF, "RUB", orders=y_orders),
    ]
    book = [
        kc.Client(id="C-X", name="X", potential=rub(1_000_000), partnership_intent=True),
        kc.Client(id="C-Y", name="Y", potential=rub(500_000), partnership_intent=False),
    ]
    fitted = p.KamPortfolio().fit(stats, clients=book)
    assert fitted.thresholds() == {"maxima": {"potential": "1000000"}}
    x = fitted.assign(stats[0], client=book[0])
    # strength: share of wallet 0.3/0.5 = 0.6 (w 0.4), 633 days = 1.7331 years / 5 = 0.3466
    # (w 0.2), empty dossier 0 (w 0.2), payment discipline unknown → (0.24 + 0.06932) / 0.8
    assert x.criterion("attractiveness").observed == D("1.0000")
    assert x.criterion("strength").observed == D("0.3866")
    assert x.outcome == p.PortfolioStrategy.INVEST_SELECTIVELY
    assert x.missing == ("payment_discipline",)
    y = fitted.assign(stats[1], client=book[1])
    # attractiveness: potential 0.5 (w 0.4), growth unknown, intent 0 (w 0.3) → 0.2 / 0.7
    assert y.criterion("attractiveness").observed == D("0.2857")
    assert y.outcome == "manage_for_cash"


@pytest.mark.parametrize(
    ("intent", "people", "cell"),
    [
        (True, 4, "invest_for_growth"),
        (True, 1, "invest_selectively"),
        (False, 4, "maintain"),
        (False, 1, "manage_for_cash"),
    ],
)
def test_portfolio_cells(intent: bool, people: int, cell: str) -> None:
    """Attractiveness = partnership intent, strength = ГПР size (full at 4): the four cells."""
    policy = p.KamPortfolio(
        attractiveness=(p.PortfolioFactor(fact="partnership_intent", weight=D(1), full_at=D(1)),),
        strength=(p.PortfolioFactor(fact="buying_group_size", weight=D(1), full_at=D(4)),),
    )
    c = kc.Client(id="C-1", name="Альфа", partnership_intent=intent,
                  stakeholders=(person("it"),) * people)  # fmt: skip
    d = policy.segment(empty("C-1"), clients=[c])["C-1"]
    assert d.outcome == cell
    assert d.codes[1] == f"kam_portfolio.{cell}"
    assert policy.play_for(d) is not None


def test_portfolio_without_enough_known_weight_is_unknown() -> None:
    """Without the client record most attractiveness weight is unknown: the cell is unknown."""
    d = p.KamPortfolio().segment(empty("C-1"))["C-1"]
    assert d.outcome == p.PortfolioStrategy.UNKNOWN
    assert "potential" in d.missing
    assert d.codes[0] == "kam_portfolio.axis.unknown"
    assert "kam_portfolio." not in d.explain("ru")


def test_portfolio_round_trips_with_its_factors() -> None:
    """A custom factor list survives p.load."""
    policy = p.KamPortfolio(
        strength=(p.PortfolioFactor(fact="order_frequency", weight=D(2), full_at=D(12)),
                  p.PortfolioFactor(fact="assortment_breadth", weight=D(1))),
    )  # fmt: skip
    assert p.load(policy.to_dict()) == policy
    assert p.load(policy.to_json()).fingerprint == policy.fingerprint


# -- relationship stages -------------------------------------------------------------------


def monthly(months: int, amount: int = 100) -> kc.ClientStats:
    """An order on the 1st of each of the last ``months`` months, ``amount`` each."""
    last = date(2026, 11, 1)
    days = [date(last.year, last.month, 1)]
    for _ in range(months - 1):
        prev = days[-1] - timedelta(days=1)
        days.append(date(prev.year, prev.month, 1))
    return kc.ClientStats("C-1", AS_OF, "RUB", orders=tuple((d, D(amount)) for d in sorted(days)))


def stage(c: kc.Client, stats: kc.ClientStats) -> kc.Decision:
    return p.relationship_stage(c, stats, as_of=AS_OF)


def test_fewer_than_three_orders_is_pre_kam() -> None:
    """Two orders: pre-KAM."""
    assert stage(kc.Client(id="C-1", name="A"), monthly(2)).outcome == "pre_kam"


def test_young_relationship_is_early() -> None:
    """Six monthly orders and nobody mapped: early, and the ГПР is missing."""
    d = stage(kc.Client(id="C-1", name="A"), monthly(6))
    assert d.outcome == p.RelationshipStage.EARLY
    assert d.missing == ("buying_group",)


def test_a_year_with_two_contacts_is_mid() -> None:
    """Two years of monthly orders and two people in the ГПР: mid."""
    c = kc.Client(id="C-1", name="A", stakeholders=(person("it"), person("finance")))
    assert stage(c, monthly(24)).outcome == "mid"


def test_partnership_needs_years_breadth_and_intent() -> None:
    """Three years, four people in two departments, partnership wanted: partnership."""
    group = (person("it"), person("it"), person("finance"), person("finance"))
    c = kc.Client(id="C-1", name="A", stakeholders=group, partnership_intent=True)
    assert stage(c, monthly(36)).outcome == "partnership"
    unsure = c.replace(partnership_intent=None)
    d = stage(unsure, monthly(36))
    assert d.outcome == "mid"
    assert d.missing == ("partnership_intent",)


def test_long_broad_partnership_is_synergistic() -> None:
    """Six years, six people in three departments, partnership wanted: synergistic."""
    group = tuple(person(dept) for dept in ("it", "it", "finance", "finance", "ops", "ops"))
    c = kc.Client(id="C-1", name="A", stakeholders=group, partnership_intent=True)
    d = stage(c, monthly(72))
    assert d.outcome == p.RelationshipStage.SYNERGISTIC
    assert d.reasons[0].params["departments"] == 3


def test_revenue_falling_by_more_than_30_percent_is_uncoupling() -> None:
    """Revenue 1 100 → 700 over the trailing year (−36 %): uncoupling whatever else is true."""
    orders = tuple((date(2025, m, 1), D(100)) for m in range(1, 13)) + tuple(
        (date(2026, m, 1), D(100)) for m in range(1, 7)
    )
    # window 25 Nov 2025 – 24 Nov 2026 holds Dec 2025 + Jan–Jun 2026 = 700; before: 1 100
    d = stage(kc.Client(id="C-1", name="A"), kc.ClientStats("C-1", AS_OF, "RUB", orders=orders))
    assert d.outcome == "uncoupling"
    assert d.reasons[0].params["change"] == D("-0.3636")


def test_stage_refuses_stats_of_another_client_or_date() -> None:
    """Stats and client must match, and so must the dates."""
    with pytest.raises(PolicyEvaluationError):
        p.relationship_stage(kc.Client(id="C-2", name="B"), monthly(3), as_of=AS_OF)


# -- properties ----------------------------------------------------------------------------


@settings(max_examples=40)
@given(st.lists(clients(ids=("C-1", "C-2", "C-3", "C-4")), min_size=1, max_size=4,
                unique_by=lambda c: c.id), st.randoms())  # fmt: skip
def test_results_never_depend_on_input_order(book: list[kc.Client], rnd: random.Random) -> None:
    """Shuffling stats and clients changes no key-account or portfolio decision."""
    stats = empty(*(c.id for c in book))
    for policy in (p.KeyAccount(), p.KamPortfolio()):
        a = policy.segment(stats, clients=book)
        shuffled_stats, shuffled_book = stats[:], book[:]
        rnd.shuffle(shuffled_stats)
        rnd.shuffle(shuffled_book)
        b = policy.segment(shuffled_stats, clients=shuffled_book)
        assert {k: v.to_dict() for k, v in a.items()} == {k: v.to_dict() for k, v in b.items()}
        for d in a.values():
            assert "key_account." not in d.explain("ru")
            assert "kam_portfolio." not in d.explain("ru")


@settings(max_examples=50)
@given(
    st.builds(
        p.KeyAccount,
        potential_top_share=st.decimals("0.1", "1", places=2),
        min_group_size=st.integers(1, 10),
        min_departments=st.integers(1, 5),
        min_sites=st.integers(1, 5),
        min_conditions=st.integers(1, 3),
        national_min_regions=st.integers(2, 10),
    ),
    st.builds(p.RelationshipStages, uncoupling_decline=st.decimals("0.05", "0.9", places=2),
              min_orders=st.integers(1, 10)),
)  # fmt: skip
def test_policies_round_trip_through_load(key: p.KeyAccount, stages: p.RelationshipStages) -> None:
    """p.load(policy.to_dict()) == policy for KeyAccount and RelationshipStages."""
    assert p.load(key.to_dict()) == key
    assert p.load(stages.to_dict()) == stages


def test_relative_factor_with_no_positive_value_in_the_population_scores_zero() -> None:
    """Every potential is zero: nothing to scale by, potential scores 0, not unknown."""
    c = kc.Client(id="C-1", name="A", potential=rub(0), partnership_intent=True)
    d = p.KamPortfolio().segment(empty("C-1"), clients=[c])["C-1"]
    potential = d.criterion("attractiveness").children[0]
    assert potential.observed == {"value": D("0.0000"), "score": D(0)}
    assert "potential" not in d.missing


@pytest.mark.parametrize(
    "module",
    ["segmentation/sleeping.py", "key_accounts.py", "dossier.py", "../_stats/kpis.py"],
)
def test_every_reason_code_has_english_and_russian_text(module: str) -> None:
    """Each reason code literal in these modules is in the catalogue in every language."""
    import re
    from pathlib import Path

    from kam_core._words import catalogue

    source = (Path(p.__file__).parent / module).read_text(encoding="utf-8")
    codes = set(re.findall(r'(?:reason|_note)\(\s*"([a-z_.]+)"', source))
    assert codes
    assert codes <= set(catalogue())


@settings(max_examples=40)
@given(
    st.lists(deals(client_ids=("C-1", "C-2"), end=date(2027, 6, 1)), max_size=20),
    st.lists(clients(ids=("C-1", "C-2")), min_size=2, max_size=2, unique_by=lambda c: c.id),
)
def test_deals_after_as_of_change_nothing(book: list[kc.Deal], people: list[kc.Client]) -> None:
    """Portfolio cells and relationship stages ignore deals closed after as_of."""
    ids = ("C-1", "C-2")
    early = [d for d in book if d.closed_on is None or d.closed_on <= AS_OF]
    full = kc.build_stats(book, as_of=AS_OF, currency="RUB", clients=ids)
    cut = kc.build_stats(early, as_of=AS_OF, currency="RUB", clients=ids)
    for policy in (p.KamPortfolio(), p.KeyAccount()):
        a = policy.segment(full.values(), clients=people)
        b = policy.segment(cut.values(), clients=people)
        assert {k: v.to_dict() for k, v in a.items()} == {k: v.to_dict() for k, v in b.items()}
    for c in people:
        assert (
            p.relationship_stage(c, full[c.id], as_of=AS_OF).to_dict()
            == p.relationship_stage(c, cut[c.id], as_of=AS_OF).to_dict()
        )


def test_portfolio_facts_are_read_from_stats_and_client() -> None:
    """Every fact a factor can read, on one hand-made client."""
    stats = kc.ClientStats(
        "C-1", AS_OF, "RUB", orders=((date(2026, 1, 10), D(1200)), (date(2026, 7, 10), D(1200)))
    )
    c = kc.Client(id="C-1", name="A", potential=rub(4800), stakeholders=(person("it"),))
    facts = p.KamPortfolio().facts(stats, c, AS_OF)
    assert facts["revenue"] == D(2400)
    assert facts["order_frequency"] == D(2)
    assert facts["share_of_wallet"] == D("0.5")
    assert facts["revenue_growth"] is None
    assert facts["buying_group_size"] == D(1)
    assert facts["assortment_breadth"] == D(0)
    assert set(facts) == set(p.KamPortfolio().facts(stats, None, AS_OF))
