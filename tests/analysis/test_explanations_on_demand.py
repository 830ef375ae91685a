"""Outcomes first, explanations on demand: the cheap paths decide exactly as the eager ones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyEvaluationError
from kam_core.policies._engine import _POLICIES
from kam_core.testing import client_stats, clients

AS_OF = date(2026, 11, 24)

RULES: list[p.HandoffRules] = [
    p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),)),
    p.PolicySet.preset("erokhin").get("handoff_rules"),
    p.HandoffRules(
        transfers=(
            p.HunterToFarmer(
                when=p.AllOf(
                    of=(
                        p.OrderCount(at_least=2, within_days=365),
                        p.Not(of=p.BoughtProduct(categories=("cleaning",))),
                    )
                )
            ),
            p.ToProjectManager(categories=("installation", "cleaning"), within_days=None),
            p.Reactivation(rhythm_factor=None, after_days=90),
            p.Uncoupling(when=p.AtLeast(n=1, of=(p.OrderCount(at_least=50),))),
        )
    ),
    p.HandoffRules(
        transfers=(
            p.Reactivation(),
            p.HunterToFarmer(when=p.AnyOf(of=(p.OrderCount(at_least=1),))),
            p.HunterToFarmer(when=p.CumulativeRevenue(at_least=kc.Money("100", "RUB"))),
        )
    ),
    p.HandoffRules(
        transfers=(
            p.HunterToFarmer(when=p.OrderCount(at_least=2)),
            p.Uncoupling(when=p.CumulativeRevenue(at_least=kc.Money("1", "RUB"))),
        )
    ),
]
OWNERS: list[kc.Role | None] = [None, *kc.Role]


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(clients=150, seed=17, as_of=AS_OF)


@pytest.fixture(scope="module")
def stats(book: kc.SyntheticBook) -> dict[str, kc.ClientStats]:
    return kc.build_stats(book.deals(), as_of=AS_OF, clients=book.client_ids)


@pytest.mark.parametrize("rules", RULES, ids=lambda r: "+".join(r.names))
def test_handoff_label_is_the_outcome_evaluate_explains(
    rules: p.HandoffRules, book: kc.SyntheticBook, stats: dict[str, kc.ClientStats]
) -> None:
    """For every client of a generated book and every owner, label() == evaluate().outcome."""
    for client in book.clients:
        for owner in OWNERS:
            someone = client.replace(owner=owner)
            mine = stats[client.id]
            due = rules.label(someone, mine, as_of=AS_OF)
            assert due == rules.evaluate(someone, mine, as_of=AS_OF).outcome


@settings(max_examples=120, deadline=None)
@given(
    clients(ids=["C-1"]),
    client_stats(client_id="C-1", as_of=AS_OF, max_deals=10),
    st.sampled_from(RULES),
)
def test_handoff_label_and_evaluate_agree_on_any_client(
    client: kc.Client, mine: kc.ClientStats, rules: p.HandoffRules
) -> None:
    """Property: for generated clients and stats, label() is evaluate()'s outcome or both raise."""
    try:
        expected = rules.evaluate(client, mine, as_of=AS_OF).outcome
    except PolicyEvaluationError as refused:
        with pytest.raises(type(refused), match="never converts"):
            rules.label(client, mine, as_of=AS_OF)
        return
    assert rules.label(client, mine, as_of=AS_OF) == expected


def test_handoff_label_refuses_what_evaluate_refuses(stats: dict[str, kc.ClientStats]) -> None:
    """A threshold in another currency raises even for a client no transfer could move."""
    rules = p.HandoffRules(
        transfers=(p.HunterToFarmer(when=p.CumulativeRevenue(at_least=kc.Money("1", "USD"))),)
    )
    cid, mine = next(iter(stats.items()))
    farmer = kc.Client(id=cid, name="Альфа", owner=kc.Role.KEY_ACCOUNT_MANAGER)
    for ask in (rules.evaluate, rules.label):
        with pytest.raises(PolicyEvaluationError, match="never converts"):
            ask(farmer, mine, as_of=AS_OF)
    with pytest.raises(PolicyEvaluationError, match="earlier than"):
        rules.label(farmer, mine, as_of=date(2026, 12, 1))


def _eager(
    population: tuple[kc.ClientStats, ...], known: list[kc.Client], policies: list[Any]
) -> kc.Report:
    """The report decided the eager way: every assign() and evaluate() made and kept."""
    index = {c.id: c for c in known}
    segmentations = [pol for pol in policies if hasattr(pol, "fit")]
    rules = [pol for pol in policies if isinstance(pol, p.HandoffRules)]
    plans = [pol for pol in policies if isinstance(pol, p.AccountPlan)]
    fitted = [(pol.kind, pol.fit(population, clients=index)) for pol in segmentations]
    rows = []
    for s in population:
        client = index.get(s.client_id)
        made = [(kind, f.assign(s, client=client)) for kind, f in fitted]
        if client is not None:
            verdicts = {kind: d.outcome for kind, d in made}  # what the rules read, given
            made += [
                ("handoff", r.evaluate(client, s, as_of=AS_OF, verdicts=verdicts)) for r in rules
            ]
            for planner in plans:
                seen = {kind: d.outcome for kind, d in made}
                plays = {}
                for kind, f in fitted:
                    book = getattr(f.policy, "playbook", None)
                    label = getattr(seen[kind], "value", seen[kind])
                    play = None if book is None else book.play_for(str(label))
                    if play is not None:
                        plays[kind] = play
                made.append(
                    (
                        "account_plan",
                        planner.evaluate(
                            client,
                            s,
                            as_of=AS_OF,
                            verdicts={k: seen[k] for k in planner.precedence if k in seen},
                            plays=plays,
                            touches=kc.TouchStats.empty(client.id, AS_OF),
                        ),
                    )
                )
        rows.append(kc.ClientRow.of(s.client_id, s, made, client))
    refs = tuple(pol.ref.to_dict() for pol in policies)
    sleeping = {"sleeping": {"sleeping", "lost"}} if any(k == "sleeping" for k, _ in fitted) else {}
    return kc.Report(AS_OF, tuple(rows), (), refs, sleeping_labels=sleeping)


@pytest.mark.parametrize(
    "policies",
    [
        [pol for pol in p.PolicySet.preset("erokhin") if pol.kind != "bant"],
        [p.Abc(), p.Xyz(), p.Rfm(), p.Sleeping(), RULES[0], RULES[2]],
    ],
    ids=["erokhin", "benchmark"],
)
def test_analysis_decides_exactly_as_the_eager_path(
    policies: list[Any], book: kc.SyntheticBook, stats: dict[str, kc.ClientStats]
) -> None:
    """rows(), summary(), every decision and the handoffs due equal those of assign()/evaluate()."""
    # a client without a record, to check rows holding segmentations only
    known = [c for c in book.clients if c.id != book.clients[0].id]
    report = kc.analyze_stats(stats.values(), known, as_of=AS_OF, policies=policies)
    eager = _eager(tuple(stats.values()), known, policies)
    assert report.rows() == eager.rows()
    assert report.summary() == eager.summary()
    assert [d.to_dict() for d in report.handoffs_due()] == [
        d.to_dict() for d in eager.handoffs_due()
    ]
    for mine, theirs in zip(report, eager, strict=True):
        assert mine.outcomes == theirs.outcomes
        assert mine.decisions == theirs.decisions


# --------------------------------------------------------------------------------------
# XYZ labels in integers agree with the Decimal classification

_AMOUNTS = [
    Decimal("100"),
    Decimal("250.50"),
    Decimal("0.125"),
    Decimal("-40"),
    Decimal("1E+2"),
    Decimal("999999999999999999"),
    Decimal("11"),
    Decimal("9"),
    Decimal("-0"),  # kept as plain pairs, not compactly: the Decimal path decides
]


def _monthly(as_of: date, amounts: list[Decimal | None]) -> kc.ClientStats:
    """Stats with one order on the 10th of each of the months before ``as_of``'s (oldest first)."""
    month = kc.Month.of(as_of) - len(amounts)
    orders = [
        ((month + i).first_day.replace(day=10), a) for i, a in enumerate(amounts) if a is not None
    ]
    return kc.ClientStats("C-1", as_of, "RUB", orders=orders)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.none() | st.sampled_from(_AMOUNTS), min_size=1, max_size=14),
    st.sampled_from([p.Xyz(), p.Xyz.preset("b2b"), p.Xyz(months=2), p.Xyz(months=3, x_max=0)]),
)
def test_xyz_label_agrees_with_assign_on_any_amounts(
    amounts: list[Decimal | None], policy: p.Xyz
) -> None:
    """Property: mixed exponents, refunds, 18-digit amounts: label() is assign()'s class."""
    s = _monthly(AS_OF, amounts)
    fitted = policy.fit([s])
    assert fitted.label(s) == fitted.assign(s).outcome


def test_xyz_label_keeps_the_boundary_inclusive() -> None:
    """A CV of exactly x_max is X, in integers as in Decimals (11 and 9: CV = 0.1)."""
    s = _monthly(AS_OF, [Decimal(11), Decimal(9)])
    fitted = p.Xyz(months=2).fit([s])
    assert fitted.label(s) == fitted.assign(s).outcome == "X"
    moved = _monthly(AS_OF, [Decimal("11.01"), Decimal(9)])
    assert fitted.label(moved) == fitted.assign(moved).outcome == "Y"


def test_xyz_label_follows_a_narrow_decimal_context() -> None:
    """Under a context that rounds monthly sums the label is the Decimal classification's."""
    s = _monthly(AS_OF, [Decimal("1234567.891"), Decimal("7654321.123"), Decimal(1)] * 5)
    fitted = p.Xyz().fit([s])
    with localcontext() as ctx:
        ctx.prec = 5  # assign() cannot even show the mean here; its classification is read
        assert fitted.label(s) == fitted._classify(s)[0]
    assert fitted.label(s) == fitted.assign(s).outcome


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ([Decimal(40), Decimal(-40)], "unknown"),  # refunds cancel the window out
        ([Decimal("999999999999999999")] * 3, "X"),  # beyond 18 digits: the Decimal path
        ([Decimal("0.5"), Decimal("1E+1"), Decimal(3)], "Z"),  # a positive exponent
    ],
)
def test_xyz_label_of_edge_amounts(amounts: list[Decimal], expected: str) -> None:
    """Refunds summing to zero, huge amounts and positive exponents classify as assign() does."""
    s = _monthly(AS_OF, [Decimal(1), *amounts])
    fitted = p.Xyz(months=len(amounts)).fit([s])
    assert fitted.label(s) == fitted.assign(s).outcome == expected


# --------------------------------------------------------------------------------------
# fitting and labelling in one pass

ONE_PASS: list[Any] = [
    p.Abc(),
    p.Abc(boundary="exclusive", window_months=None),
    p.Abc(metric="orders"),
    p.Abc(metric="margin", window_months=None),
    p.Rfm(),
    p.Rfm(monetary="average", window_months=12),
    p.Sleeping(),
    p.Sleeping(min_orders=10, fallback_percentiles=(Decimal(50), Decimal(60), Decimal(99))),
]


@pytest.mark.parametrize("policy", ONE_PASS, ids=lambda pol: pol.kind)
def test_one_pass_fits_and_labels_as_fit_then_label(
    policy: Any, book: kc.SyntheticBook, stats: dict[str, kc.ClientStats]
) -> None:
    """fit_labels() gives the fitted object fit() gives and the labels label() gives."""
    population = tuple(stats.values())
    fitted, labels = policy.fit_labels(population)
    assert fitted == policy.fit(population)
    assert labels == [fitted.label(s) for s in population]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["C-1", "C-2", "C-3", "C-4"]), st.data()),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    st.sampled_from(ONE_PASS),
)
def test_one_pass_agrees_with_assign_on_any_population(people: list[Any], policy: Any) -> None:
    """Property: one-pass labels are assign()'s outcomes on generated populations."""
    population = sorted(
        (data.draw(client_stats(client_id=cid, as_of=AS_OF, max_deals=12)) for cid, data in people),
        key=lambda s: s.client_id,
    )
    fitted, labels = policy.fit_labels(population)
    assert labels == [fitted.assign(s).outcome for s in population]


def test_rfm_label_reads_restored_edges_in_any_order(stats: dict[str, kc.ClientStats]) -> None:
    """Edges restored out of order (a hand-edited dict) are counted, not bisected."""
    population = tuple(stats.values())
    data = p.Rfm().fit(population).to_dict()
    data["thresholds"]["recency_days"] = [10, 400, 30, 90]
    data["thresholds"]["frequency"] = ["9", "2", "5", "3"]
    restored = p.FittedRfm.from_dict(data)
    assert [restored.label(s) for s in population] == [
        restored.assign(s).outcome for s in population
    ]


def test_sleeping_reads_orders_kept_as_plain_pairs() -> None:
    """A client whose orders are not stored compactly (a -0 amount) is judged alike."""
    days = [date(2026, m, 3) for m in (1, 3, 5, 7)]
    plain = kc.ClientStats("C-1", AS_OF, "RUB", orders=[(d, Decimal("-0")) for d in days])
    compact = kc.ClientStats("C-2", AS_OF, "RUB", orders=[(d, Decimal(5)) for d in days])
    fitted, labels = p.Sleeping().fit_labels([plain, compact])
    assert labels == [fitted.assign(plain).outcome, fitted.assign(compact).outcome]
    assert labels[0] == labels[1] == fitted.label(plain)


@pytest.mark.parametrize(
    "policy", ONE_PASS[:1] + ONE_PASS[4:5] + ONE_PASS[6:7], ids=lambda pol: pol.kind
)
def test_a_population_in_any_order_is_read_in_client_id_order(policy: Any) -> None:
    """Sorted or not, a population fits alike; a client twice or a second date is refused."""
    day = date(2026, 6, 1)
    people = [
        kc.ClientStats(c, AS_OF, "RUB", orders=((day, Decimal(v)),))
        for c, v in (("C-2", 5), ("C-1", 90), ("C-3", 5))
    ]
    fitted, labels = policy.fit_labels(people)
    in_order = sorted(people, key=lambda s: s.client_id)
    assert (fitted, labels) == policy.fit_labels(in_order)
    assert labels == [fitted.assign(s).outcome for s in in_order]
    with pytest.raises(PolicyEvaluationError, match="'C-1' appears twice"):
        policy.fit([*in_order, people[1]])
    other = kc.ClientStats.empty("C-0", date(2026, 1, 1), "RUB")
    with pytest.raises(PolicyEvaluationError, match="'C-1' are as of 2026-11-24"):
        policy.fit([*people, other])


def _rhythmic(gaps: list[int], silence: int) -> kc.ClientStats:
    """A client whose order days are ``gaps`` apart, silent for ``silence`` days as of AS_OF."""
    last = AS_OF.toordinal() - silence
    days = [last - sum(gaps[i:]) for i in range(len(gaps) + 1)]
    orders = [(date.fromordinal(d), Decimal(10)) for d in days]
    return kc.ClientStats("C-1", AS_OF, "RUB", orders=orders)


@pytest.mark.parametrize("prec", [28, 20])
@pytest.mark.parametrize("gaps", [[10, 10], [10, 11], [7, 30, 12, 9], [1, 2, 1, 40]])
def test_sleeping_rhythm_limits_are_read_exactly(gaps: list[int], prec: int) -> None:
    """At and around every limit (factor × median, halves included) label() is assign()'s."""
    policy = p.Sleeping(drowsy=Decimal("1.333"), lost=Decimal("2.5"))
    for silence in range(3 * max(gaps) + 3):
        s = _rhythmic(gaps, silence)
        fitted = policy.fit([s])
        with localcontext() as ctx:
            ctx.prec = prec  # below 28 digits the Decimal limits decide
            assert fitted.label(s) == fitted.assign(s).outcome


def test_a_subclass_with_its_own_fit_is_fitted_through_it(
    book: kc.SyntheticBook, stats: dict[str, kc.ClientStats], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's Abc subclass overriding fit() is labelled by what its fit() returns."""
    # the subclass registers itself for kind "abc": put the built-in back afterwards
    monkeypatch.setitem(_POLICIES, "abc", _POLICIES["abc"])

    class _Narrow(p.Abc):
        def fit(self, population: Any, *, clients: Any = None) -> p.FittedAbc:
            return p.Abc(cutoffs=(0.2, 0.3)).fit(population, clients=clients)

    population = tuple(stats.values())
    report = kc.analyze_stats(population, book.clients, as_of=AS_OF, policies=[_Narrow()])
    narrow = p.Abc(cutoffs=(0.2, 0.3)).fit(population)
    assert [row.outcome("abc") for row in report] == [narrow.label(s) for s in population]
    assert report.counts("abc") != kc.analyze_stats(
        population, book.clients, as_of=AS_OF, policies=[p.Abc()]
    ).counts("abc")
