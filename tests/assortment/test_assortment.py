"""Assortment development, the client manager's fourth task (docs/methodology.md#assortment)."""

from __future__ import annotations

import random
import statistics
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.cli._sections import Context
from kam_core.cli._sections.assortment import build as assortment_section
from kam_core.policies.assortment import _median_without

AS_OF = date(2026, 11, 24)
EARLIER = date(2026, 2, 10)  # inside the default earlier window (25 Nov 2025 – 24 May 2026)
RECENT = date(2026, 9, 15)  # inside the default recent window (25 May – 24 Nov 2026)


def deal(
    n: int, client: str, day: date, *lines: tuple[str, str | None, int], status: str = "won"
) -> kc.Deal:
    """A deal of ``lines`` (product, category, amount), closed on ``day``."""
    items = tuple(
        kc.DealLine(product_id=sku, category=cat, quantity=1, unit_price=kc.Money(a, "RUB"))
        for sku, cat, a in lines
    )
    total = kc.Money.total((i.total for i in items), currency="RUB")
    return kc.Deal(
        id=f"D-{client}-{n}",
        client_id=client,
        status=status,
        opened_on=day,
        closed_on=day,
        amount=total,
        lines=items,
    )


def views(
    deals: list[kc.Deal], policy: p.Assortment | None = None, as_of: date = AS_OF
) -> dict[str, p.AssortmentView]:
    """Each client's assortment view."""
    chosen = policy or p.Assortment(peers=None, min_peers=1)
    stats = kc.build_stats(deals, as_of=as_of)
    return {c: d.outcome for c, d in chosen.segment(stats).items()}


def _rotation_book() -> list[kc.Deal]:
    """A retailer whose C item left the matrix and was replaced by two new ones; the bulk
    of the book is another client's big item (so the retailer's chips are class C)."""
    return [
        deal(1, "R-1", EARLIER, ("CHIPS", "snacks", 300), ("WATER", "drinks", 9700)),
        deal(2, "R-1", RECENT, ("NUTS", "snacks", 200), ("WATER", "drinks", 2000)),
        deal(3, "R-1", RECENT + timedelta(days=14), ("CRACKERS", "snacks", 150)),
        deal(4, "BIG", RECENT, ("JUICE", "drinks", 500_000)),
    ]


def test_a_retailer_drops_a_c_item_and_the_client_manager_replaces_it() -> None:
    """A C item of the product ABC leaves the matrix; a new item of its category replaces it."""
    view = views(_rotation_book())["R-1"]
    (chips,) = [d for d in view.dropped if d.key == "CHIPS"]
    assert chips.product_class == "C"
    assert chips.replaced is True
    assert chips.replaced_by == ("CRACKERS", "NUTS")
    assert chips.last_bought_on == EARLIER
    assert chips.revenue_before == kc.Money(300, "RUB")
    decision = p.Assortment(peers=None, min_peers=1).segment(
        kc.build_stats(_rotation_book(), as_of=AS_OF)
    )["R-1"]
    assert "assortment.dropped.replaced" in decision.codes
    replacement = next(c for c in decision.criteria if c.name == "replacement")
    assert replacement.status is kc.CriterionStatus.PASSED


def test_a_dropped_item_nothing_has_replaced_asks_for_a_replacement() -> None:
    """Stopped buying a product, and nothing new in its category since: replace it."""
    deals = [
        deal(1, "R-1", EARLIER, ("CHIPS", "snacks", 300), ("WATER", "drinks", 700)),
        deal(2, "R-1", RECENT, ("WATER", "drinks", 700)),
    ]
    view = views(deals)["R-1"]
    assert [(d.key, d.replaced) for d in view.dropped] == [("CHIPS", False), ("snacks", None)]
    assert view.not_replaced == (view.dropped[0],)
    decision = p.Assortment(peers=None).segment(kc.build_stats(deals, as_of=AS_OF))["R-1"]
    assert "assortment.dropped.not_replaced" in decision.codes
    assert "assortment.dropped.category" in decision.codes


def test_after_a_rotation_the_average_order_falls_while_the_assortment_grows() -> None:
    """The book: the assortment may grow while the average order falls — the task is met."""
    view = views(_rotation_book())["R-1"]
    b = view.breadth
    assert (b.products_before, b.products_now) == (2, 3)
    assert b.average_order_before is not None
    assert b.average_order_now is not None
    assert b.average_order_now < b.average_order_before
    assert view.trend is p.AssortmentTrend.WIDENING
    decision = p.Assortment(peers=None, min_peers=1).segment(
        kc.build_stats(_rotation_book(), as_of=AS_OF)
    )["R-1"]
    assert "assortment.rotation" in decision.codes
    breadth = next(c for c in decision.criteria if c.name == "assortment_breadth")
    assert breadth.status is kc.CriterionStatus.PASSED
    assert "четвёртая задача" in decision.explain("ru")


def test_a_category_most_peers_of_the_segment_buy_is_a_white_spot() -> None:
    """Three of four peers buy drinks, this client does not: a white spot, and a cross-sell."""
    deals = [deal(1, "C-0", RECENT, ("BREAD", "bakery", 1000))]
    for i in range(1, 5):
        lines: list[tuple[str, str | None, int]] = [("BREAD", "bakery", 1000)]
        if i < 4:
            lines.append(("JUICE", "drinks", 500 * i))
        deals.append(deal(1, f"C-{i}", RECENT, *lines))
    view = views(deals, p.Assortment(peers=None))["C-0"]
    (spot,) = view.white_spots
    assert (spot.category, spot.peers, spot.peers_buying) == ("drinks", 4, 3)
    assert spot.peer_share == Decimal("0.7500")
    assert spot.peer_median == kc.Money(1000, "RUB")
    assert spot.ever_bought is False
    (cross,) = view.candidates
    assert cross.kind is p.CandidateKind.CROSS_SELL
    assert cross.expected == kc.Money(1000, "RUB")
    strict = views(deals, p.Assortment(peers=None, white_spot_share=Decimal("0.8")))["C-0"]
    assert strict.white_spots == ()


def test_peers_of_another_abc_class_are_not_peers() -> None:
    """White spots compare a client with its own segment: the big buyers' category does not
    make a white spot for a small client."""
    deals = [deal(1, f"S-{i}", RECENT, ("BREAD", "bakery", 100)) for i in range(4)]
    deals += [
        deal(1, f"B-{i}", RECENT, ("BREAD", "bakery", 100), ("WINE", "drinks", 90_000))
        for i in range(4)
    ]
    segments = p.Abc().segment(kc.build_stats(deals, as_of=AS_OF))
    assert {str(segments[f"S-{i}"].outcome) for i in range(4)} != {"A"}
    small = views(deals, p.Assortment())["S-0"]
    assert small.segment == str(segments["S-0"].outcome)
    assert "drinks" not in {w.category for w in small.white_spots}
    whole = views(deals, p.Assortment(peers=None))["S-0"]
    assert "drinks" in {w.category for w in whole.white_spots}


def test_a_first_order_spanning_two_categories_is_not_a_cross_sale() -> None:
    """A cross-sale is a later order of another product: a mixed first order is not one."""
    first = deal(1, "C-1", RECENT, ("PAPER", "office", 100), ("GLOVES", "workwear", 100))
    view = views([first])["C-1"]
    assert view.breadth.cross_sales == 0
    later = deal(2, "C-1", RECENT + timedelta(days=20), ("SOAP", "cleaning", 100))
    view = views([first, later])["C-1"]
    assert view.breadth.cross_sales == 1
    stats = kc.build_stats([first, later], as_of=AS_OF)["C-1"]
    recent, _ = p.Assortment().windows(AS_OF)
    assert kc.client_kpis(stats, period=recent).cross_buyer is True
    only_first = kc.build_stats([first], as_of=AS_OF)["C-1"]
    assert kc.client_kpis(only_first, period=recent).cross_buyer is False


def test_a_category_bought_before_is_a_white_spot_to_win_back_not_a_cross_sell() -> None:
    """Peers buy drinks; this client bought drinks before the window: win it back."""
    deals = [
        deal(1, "C-0", EARLIER, ("JUICE", "drinks", 100), ("BREAD", "bakery", 100)),
        deal(2, "C-0", RECENT, ("BREAD", "bakery", 100)),
    ]
    deals += [
        deal(1, f"C-{i}", RECENT, ("JUICE", "drinks", 100), ("BREAD", "bakery", 100))
        for i in range(1, 4)
    ]
    view = views(deals, p.Assortment(peers=None))["C-0"]
    assert [(w.category, w.ever_bought) for w in view.white_spots] == [("drinks", True)]
    assert all(c.kind is not p.CandidateKind.CROSS_SELL for c in view.candidates)
    decision = p.Assortment(peers=None).segment(kc.build_stats(deals, as_of=AS_OF))["C-0"]
    assert "assortment.white_spot.win_back" in decision.codes


def test_a_category_bought_well_below_the_peers_median_is_an_up_sell() -> None:
    """Peers spend half their purchases on drinks; this client a tenth: up-sell, in Money."""
    deals = [deal(1, "C-0", RECENT, ("JUICE", "drinks", 100), ("BREAD", "bakery", 900))]
    deals += [
        deal(1, f"C-{i}", RECENT, ("JUICE", "drinks", 500), ("BREAD", "bakery", 500))
        for i in range(1, 4)
    ]
    view = views(deals, p.Assortment(peers=None))["C-0"]
    (up,) = view.candidates
    assert up.kind is p.CandidateKind.UP_SELL
    assert (up.client_share, up.peer_median_share) == (Decimal("0.1000"), Decimal("0.5000"))
    assert up.client_amount == kc.Money(100, "RUB")
    assert up.peer_median == kc.Money(500, "RUB")
    assert up.expected == kc.Money(400, "RUB")  # (0.5 − 0.1) × 1000 of its purchases
    near = [deal(1, "C-0", RECENT, ("JUICE", "drinks", 400), ("BREAD", "bakery", 600))]
    assert views(near + deals[1:], p.Assortment(peers=None))["C-0"].candidates == ()


def test_candidates_are_ordered_by_worth_then_cross_sell_first_then_category() -> None:
    """The documented tie-break: larger worth first, a cross-sell before an up-sell, then
    the category's name."""
    deals = [deal(1, "C-0", RECENT, ("JUICE", "drinks", 100), ("BREAD", "bakery", 900))]
    deals += [
        deal(
            1,
            f"C-{i}",
            RECENT,
            ("JUICE", "drinks", 900),  # half of 1800: worth (0.5 − 0.1) × 1000 = 400
            ("BREAD", "bakery", 100),
            ("TEA", "tea", 400),
            ("SALT", "grocery", 400),
        )
        for i in range(1, 4)
    ]
    view = views(deals, p.Assortment(peers=None))["C-0"]
    assert [(c.kind.value, c.category) for c in view.candidates] == [
        ("cross_sell", "grocery"),
        ("cross_sell", "tea"),
        ("up_sell", "drinks"),
    ]
    assert [c.expected for c in view.candidates] == [kc.Money(400, "RUB")] * 3


def test_a_client_without_orders_has_no_assortment_and_no_cross_sell() -> None:
    """A first order is not a cross-sale, so a client still to win gets no candidates."""
    deals = [deal(1, f"C-{i}", RECENT, ("JUICE", "drinks", 100)) for i in range(1, 5)]
    stats = kc.build_stats(deals, as_of=AS_OF, clients=["C-0"], currency="RUB")
    decision = p.Assortment(peers=None).segment(stats)["C-0"]
    assert decision.outcome.trend is p.AssortmentTrend.NO_ORDERS
    assert decision.outcome.candidates == ()
    assert decision.outcome.white_spots == ()
    assert decision.codes == ("assortment.no_orders",)


def test_orders_without_lines_leave_the_assortment_unknown() -> None:
    """No product lines: nothing to count, and the criterion says unknown."""
    bare = kc.Deal(
        id="D-1",
        client_id="C-1",
        status="won",
        opened_on=RECENT,
        closed_on=RECENT,
        amount=kc.Money(100, "RUB"),
    )
    decision = p.Assortment(peers=None).segment(kc.build_stats([bare], as_of=AS_OF))["C-1"]
    assert decision.outcome.trend is p.AssortmentTrend.NO_LINES
    assert decision.criteria[0].status is kc.CriterionStatus.UNKNOWN


def test_the_assortment_runs_in_analyze_and_its_rows_are_json() -> None:
    """kc.analyze with the policy in the set: counts by trend, a JSON row, words in ru."""
    book = kc.generate_book(clients=40, seed=5, as_of=AS_OF)
    report = kc.analyze(
        book.clients,
        book.deals(),
        as_of=AS_OF,
        policies=p.PolicySet.preset("erokhin", currency="RUB").replace(p.Assortment()),
    )
    counts = report.counts("assortment")
    assert sum(counts.values()) == 40
    assert set(counts) <= {t.value for t in p.AssortmentTrend}
    row = report.rows()[0]
    assert row["assortment"]["trend"] in counts
    direct = p.Assortment().segment(kc.build_stats(book.deals(), as_of=AS_OF))
    first = report.clients[0]
    assert first.outcome("assortment") == direct[first.client_id].outcome
    assert first.decision("assortment").explain("ru").startswith(first.client_id)


def test_the_policy_is_data() -> None:
    """p.load round-trips it, peers included; a bad share is refused at load."""
    policy = p.Assortment(peers=p.AbcXyz(), recent_months=3, white_spot_share=Decimal("0.6"))
    assert p.load(policy.to_dict()) == policy
    assert p.load(p.Assortment(peers=None).to_json()).peers is None
    with pytest.raises(kc.errors.PolicyConfigError, match="white_spot_share"):
        p.load({"kind": "assortment", "white_spot_share": "1.5"})


_CATEGORIES = ("snacks", "drinks", "bakery")
_lines = st.tuples(st.integers(0, 5), st.integers(1, 9))  # product, amount in hundreds
_deals = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 500), st.lists(_lines, min_size=1, max_size=3)),
    min_size=1,
    max_size=30,
)


def _book(raw: list[tuple[int, int, list[tuple[int, int]]]]) -> list[kc.Deal]:
    out = []
    for n, (client, days_back, lines) in enumerate(raw):
        day = AS_OF - timedelta(days=days_back)
        items = tuple((f"SKU-{sku}", _CATEGORIES[sku % 3], amount * 100) for sku, amount in lines)
        out.append(deal(n, f"C-{client}", day, *items))
    return out


@given(_deals, _deals)
def test_deals_after_as_of_change_nothing(
    before: list[tuple[int, int, list[tuple[int, int]]]],
    after: list[tuple[int, int, list[tuple[int, int]]]],
) -> None:
    """No look-ahead: deals closed after as_of, and open or lost ones, change no view."""
    book = _book(before)
    later = [
        d.replace(id=f"L-{i}", closed_on=AS_OF + timedelta(days=1 + i % 30))
        for i, d in enumerate(_book(after))
    ]
    lost = [d.replace(id=f"X-{i}", status="lost") for i, d in enumerate(_book(after))]
    policy = p.Assortment(min_peers=1)
    now = views(book, policy)
    with_later = views(book + later + lost, policy)
    assert {c: with_later[c] for c in now} == now
    # a client known only from later deals has no orders as of as_of
    assert {v.trend for c, v in with_later.items() if c not in now} <= {p.AssortmentTrend.NO_ORDERS}


@given(_deals, st.randoms(use_true_random=False))
def test_the_views_do_not_depend_on_the_order_of_the_deals(
    raw: list[tuple[int, int, list[tuple[int, int]]]], rnd: random.Random
) -> None:
    """Determinism: the same deals shuffled give the same views, candidates in one order."""
    book = _book(raw)
    shuffled = book[:]
    rnd.shuffle(shuffled)
    policy = p.Assortment(min_peers=1)
    assert views(shuffled, policy) == views(book, policy)


@given(st.lists(st.integers(0, 50), min_size=1, max_size=15), st.data())
def test_the_peers_median_leaves_out_exactly_the_client_itself(
    values: list[int], data: st.DataObject
) -> None:
    """The median of the peers is the median of the segment's buyers less the client's own
    entry (found by bisection in the sorted column, not by a second pass)."""
    column = sorted(Decimal(v) for v in values)
    own = data.draw(st.sampled_from(column))
    rest = column[:]
    rest.remove(own)
    expected = statistics.median(rest) if rest else None
    assert _median_without(column, own) == expected
    assert _median_without(column, None) == statistics.median(column)


def test_a_product_without_a_category_is_dropped_without_a_replacement_judgement() -> None:
    """An uncategorised product has no category to be replaced within: replaced is None."""
    deals = [
        deal(1, "C-1", EARLIER, ("LOOSE", None, 100), ("BREAD", "bakery", 100)),
        deal(2, "C-1", RECENT, ("BREAD", "bakery", 100)),
    ]
    decision = p.Assortment(peers=None).segment(kc.build_stats(deals, as_of=AS_OF))["C-1"]
    (loose,) = decision.outcome.dropped
    assert (loose.key, loose.replaced) == ("LOOSE", None)
    assert "assortment.dropped.product" in decision.codes


def test_the_demo_section_needs_the_assortment_policy_in_the_set() -> None:
    """Without p.Assortment in the set the report has no assortment view to show."""
    book = kc.generate_book(clients=20, seed=4, as_of=AS_OF)
    policies = p.PolicySet.preset("erokhin", currency="RUB")
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    assert assortment_section(Context(report, policies, "en", title="20")) is None
    with_it = policies.replace(p.Assortment(white_spot_share=Decimal("0.25")))
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=with_it)
    section = assortment_section(Context(report, with_it, "ru", title="20"))
    assert section is not None
    assert "25" in section.title
