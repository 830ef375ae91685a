"""Laws of the segmentations over generated books, and the population they are fitted on."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyEvaluationError
from kam_core.policies.segmentation import (
    UNKNOWN,
    FittedAbc,
    FittedAbcd,
    FittedAbcXyz,
    FittedRfm,
    FittedXyz,
)
from kam_core.testing import amounts
from kam_core.testing import deals as deal_strategy
from tests.policies.segmentation.books import (
    AS_OF,
    book,
    client,
    stats,
)

# properties

CLIENT_IDS = tuple(f"C-{i}" for i in range(1, 8))
WON = (kc.DealStatus.WON,)
books = st.lists(
    deal_strategy(client_ids=CLIENT_IDS, statuses=WON, start=date(2024, 6, 1), end=AS_OF),
    max_size=25,
    unique_by=lambda d: d.id,
)
later_deals = st.lists(
    deal_strategy(
        client_ids=CLIENT_IDS, statuses=WON, start=AS_OF + timedelta(1), end=date(2027, 12, 1)
    ),
    max_size=5,
    unique_by=lambda d: d.id,
)
abc_policies = st.builds(
    p.Abc,
    cutoffs=st.sampled_from([(0.8, 0.95), (0.5, 0.9), (0.2, 0.3)]),
    window_months=st.sampled_from([12, 6, None]),
    metric=st.sampled_from(["revenue", "orders"]),
    boundary=st.sampled_from(["inclusive", "exclusive"]),
)
PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _population(deals: list[kc.Deal]) -> list[kc.ClientStats]:
    return list(kc.build_stats(deals, as_of=AS_OF, currency="RUB", clients=CLIENT_IDS).values())


RANK = {"A": 0, "B": 1, "C": 2}


@PROPS
@given(books, abc_policies)
def test_abc_class_is_monotone_in_the_metric(deals: list[kc.Deal], policy: p.Abc) -> None:
    """A client with strictly more of the metric is never in a worse class."""
    population = _population(deals)
    segments = policy.segment(population)
    value = {s.client_id: policy.measure(s) for s in population}
    for a in population:
        for b in population:
            if value[a.client_id] > value[b.client_id]:  # type: ignore[operator]
                assert RANK[segments[a.client_id].outcome] <= RANK[segments[b.client_id].outcome]


@PROPS
@given(books, abc_policies)
def test_a_class_share_exceeds_the_cutoff_by_less_than_oneclient(
    deals: list[kc.Deal], policy: p.Abc
) -> None:
    """Sum of A ≤ cut-off × total + the last A client's value; exclusive never exceeds."""
    population = _population(deals)
    segments = policy.segment(population)
    value = {s.client_id: policy.measure(s) or Decimal(0) for s in population}
    total = sum(value.values(), Decimal(0))
    a_values = [value[c] for c, d in segments.items() if d.outcome == "A"]
    limit = Decimal(repr(policy.cutoffs[0])) * total
    if policy.boundary == "exclusive":
        assert sum(a_values, Decimal(0)) <= limit
    elif a_values:
        assert sum(a_values, Decimal(0)) - min(a_values) < limit


@PROPS
@given(books, abc_policies)
def test_revenue_per_class_sums_exactly_to_the_book_total(
    deals: list[kc.Deal], policy: p.Abc
) -> None:
    """Every client is in exactly one class; the classes' revenue adds up to the book."""
    population = _population(deals)
    segments = policy.segment(population)
    window = policy.window(AS_OF)
    per_class: dict[str, kc.Money] = {}
    for s in population:
        label = segments[s.client_id].outcome
        per_class[label] = per_class.get(label, kc.Money.zero("RUB")) + s.revenue_in(window)
    book_total = kc.Money.total((s.revenue_in(window) for s in population), "RUB")
    assert kc.Money.total(per_class.values(), "RUB") == book_total
    assert set(per_class) <= {"A", "B", "C"}
    assert sorted(segments) == sorted(CLIENT_IDS)


@PROPS
@given(books, later_deals, st.randoms(use_true_random=False))
def test_segments_ignore_input_order_and_deals_after_as_of(
    deals: list[kc.Deal], later: list[kc.Deal], rnd: object
) -> None:
    """Shuffled deals, shuffled stats and deals closed after as_of change no decision."""
    shuffled = deals + later
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first, second = _population(deals), _population(shuffled)
    rnd.shuffle(second)  # type: ignore[attr-defined]
    clients = [client(c, 50_000) for c in CLIENT_IDS]
    for policy in (p.Abc(), p.Xyz(), p.AbcXyz(), p.Abcd(), p.Rfm(), p.Abcd.preset("inactive_d")):
        assert policy.segment(second, clients=clients) == policy.segment(first, clients=clients)
    assert p.ProductAbc().segment(second) == p.ProductAbc().segment(first)


@PROPS
@given(books)
def test_fitted_segmentations_round_trip_through_json(deals: list[kc.Deal]) -> None:
    """Every fitted object rebuilds equal from its JSON and decides the same."""
    population = _population(deals)
    for policy, cls in (
        (p.Abc(), FittedAbc),
        (p.Xyz(), FittedXyz),
        (p.AbcXyz(), FittedAbcXyz),
        (p.Abcd(), FittedAbcd),
        (p.Rfm(), FittedRfm),
    ):
        fitted = policy.fit(population)
        again = cls.from_dict(json.loads(json.dumps(fitted.to_dict())))  # type: ignore[attr-defined]
        assert again == fitted
        for s in population:
            assert again.assign(s) == fitted.assign(s)


@PROPS
@given(books)
def test_rfm_scores_are_rank_min_quantiles(deals: list[kc.Deal]) -> None:
    """Each score equals ⌊(clients strictly worse) × 5 ÷ n⌋ + 1 over clients with orders."""
    population = _population(deals)
    policy = p.Rfm()
    rows = {s.client_id: policy.values(s) for s in population}
    rows = {c: v for c, v in rows.items() if v is not None}
    n = len(rows)
    segments = policy.segment(population)
    for c, (days, freq, money) in rows.items():
        d = segments[c]
        worse_r = sum(1 for r, _, _ in rows.values() if r > days)
        worse_f = sum(1 for _, f, _ in rows.values() if f < freq)
        worse_m = sum(1 for _, _, m in rows.values() if m < money)
        assert d.criterion("recency").level == min(5, worse_r * 5 // n + 1)
        assert d.criterion("frequency").level == min(5, worse_f * 5 // n + 1)
        assert d.criterion("monetary").level == min(5, worse_m * 5 // n + 1)


# --------------------------------------------------------------------------------------
# the population a segmentation is fitted on


def test_a_segmentation_refuses_an_empty_or_inconsistent_population() -> None:
    """No clients, stats of two dates, or one client twice: misuse, said plainly."""
    with pytest.raises(PolicyEvaluationError, match="empty population"):
        p.Abc().segment([])
    with pytest.raises(PolicyEvaluationError, match="one date"):
        p.Rfm().segment([*book(C1=1), stats("C2", as_of=date(2026, 1, 1))])
    with pytest.raises(PolicyEvaluationError, match="appears twice"):
        p.Xyz().segment([*book(C1=1), *book(C1=2)])


def test_clients_may_come_as_a_mapping_but_not_twice_or_mismatched() -> None:
    """clients= takes a mapping by id; a client given twice or for other stats is refused."""
    by_id = {"C1": client("C1", 10_000)}
    assert p.Abcd().segment(book(C1=900), clients=by_id)["C1"].outcome == "A"
    with pytest.raises(PolicyEvaluationError, match="given twice"):
        p.Abcd().segment(book(C1=900), clients=[client("C1", 1), client("C1", 2)])
    fitted = p.Abcd().fit(book(C1=900))
    with pytest.raises(PolicyEvaluationError, match="given with the stats"):
        fitted.assign(book(C1=900)[0], client=client("C2", 1))
    assert fitted.ref == p.Abcd().ref


@PROPS
@given(
    st.lists(
        st.tuples(st.integers(0, 800), amounts(min_value=Decimal("0.01"), max_value=10**6)),
        max_size=30,
    ),
    st.integers(1, 1000),
)
def test_xyz_class_does_not_depend_on_the_scale_of_revenue(
    orders: list[tuple[int, Decimal]], factor: int
) -> None:
    """Multiplying every order by the same factor keeps the XYZ class and the CV."""

    def client(k: int) -> kc.ClientStats:
        return kc.ClientStats(
            "C1", AS_OF, "RUB", tuple(sorted((AS_OF - timedelta(d), a * k) for d, a in orders))
        )

    one, scaled = p.Xyz().segment([client(1)])["C1"], p.Xyz().segment([client(factor)])["C1"]
    assert one.outcome == scaled.outcome
    assert one.criteria[0].observed == scaled.criteria[0].observed


@PROPS
@given(books, st.lists(st.none() | st.integers(0, 10_000_000), min_size=7, max_size=7))
def test_abcd_segments_follow_abc_and_potential(
    deals: list[kc.Deal], potentials: list[int | None]
) -> None:
    """A/B exactly for ABC-A clients, C/D for the rest, unknown exactly without potential."""
    population = _population(deals)
    clients = [client(c, v) for c, v in zip(CLIENT_IDS, potentials, strict=True)]
    abc = p.Abc().segment(population)
    for cid, d in p.Abcd().segment(population, clients=clients).items():
        if potentials[CLIENT_IDS.index(cid)] is None:
            assert d.outcome == UNKNOWN
        elif abc[cid].outcome == "A":
            assert d.outcome in {"A", "B"}
        else:
            assert d.outcome in {"C", "D"}
