"""ABC analysis of clients and products on small books computed by hand."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import CurrencyMismatchError, PolicyConfigError, PolicyEvaluationError
from kam_core.policies.segmentation import (
    UNKNOWN,
    FittedAbc,
)
from tests.policies.segmentation.books import AS_OF, MID_YEAR, book, outcomes, stats

# --------------------------------------------------------------------------------------
# ABC


def test_client_crossing_the_a_cutoff_stays_a_with_the_inclusive_boundary() -> None:
    """700/200/60/40: C2 starts at 70 % (< 80 %) so it is A; C3 starts at 90 %: B."""
    assert outcomes(p.Abc().segment(book(C1=700, C2=200, C3=60, C4=40))) == {
        "C1": "A",
        "C2": "A",
        "C3": "B",
        "C4": "C",
    }


def test_exclusive_boundary_drops_the_client_crossing_the_cutoff() -> None:
    """Exclusive: A needs cumulative ≤ 80 % with the client: 70 % A, 90 % B, 96 % C."""
    segments = p.Abc(boundary="exclusive").segment(book(C1=700, C2=200, C3=60, C4=40))
    assert outcomes(segments) == {"C1": "A", "C2": "B", "C3": "C", "C4": "C"}


def test_a_client_landing_exactly_on_the_cutoff_is_a_in_both_conventions() -> None:
    """800/150/50: C1 ends exactly at 80 %, C2 exactly at 95 %: A, B, C both ways."""
    population = book(C1=800, C2=150, C3=50)
    expected = {"C1": "A", "C2": "B", "C3": "C"}
    assert outcomes(p.Abc().segment(population)) == expected
    assert outcomes(p.Abc(boundary="exclusive").segment(population)) == expected


def test_a_dominant_client_is_a_inclusive_but_leaves_a_empty_exclusive() -> None:
    """One client with 90 %: inclusive keeps it A; exclusive has no A class at all."""
    population = book(C1=900, C2=50, C3=50)
    assert outcomes(p.Abc().segment(population)) == {"C1": "A", "C2": "B", "C3": "C"}
    assert outcomes(p.Abc(boundary="exclusive").segment(population)) == {
        "C1": "B",
        "C2": "B",
        "C3": "C",
    }


def test_equal_revenue_is_ranked_by_client_id() -> None:
    """450/450/100 exclusive: the tie is broken by id, C-a before C-b, whatever the order."""
    population = book(**{"C-b": 450, "C-a": 450, "C-c": 100})
    policy = p.Abc(boundary="exclusive")
    assert outcomes(policy.segment(population)) == {"C-a": "A", "C-b": "B", "C-c": "C"}
    assert policy.segment(population[::-1]) == policy.segment(population)


def test_abc_decision_carries_rank_shares_and_cutoffs() -> None:
    """The reason names rank, cumulative shares before/with the client and the cut-offs."""
    d = p.Abc().segment(book(C1=700, C2=200, C3=60, C4=40))["C2"]
    params = d.reasons[0].params
    assert d.codes == ("abc.class",)
    assert params["rank"] == 2
    assert params["of"] == 4
    assert params["before_pct"] == Decimal("70.00")
    assert params["cumulative_pct"] == Decimal("90.00")
    assert str(params["a_pct"]) == "80"
    assert d.criterion("cumulative_share").observed == Decimal("0.9")
    assert d.criterion("cumulative_share").threshold == Decimal("0.8")
    assert params["value"] == kc.Money("200", "RUB")
    assert d.criterion("revenue").observed == kc.Money("200", "RUB")
    assert d.criterion("cumulative_share").passed
    assert "класс A" in d.explain("ru")
    assert "class A" in d.explain("en")
    assert d.subject == "C2"
    assert d.as_of == AS_OF
    json.dumps(d.to_dict())


def test_purchases_before_the_window_do_not_count() -> None:
    """A 13-month-old order falls outside the 12-month window but counts with all history."""
    population = [
        stats("C1", (date(2025, 10, 1), 10_000)),
        stats("C2", (date(2026, 10, 1), 100)),
    ]
    assert outcomes(p.Abc().segment(population)) == {"C1": "C", "C2": "A"}
    assert outcomes(p.Abc(window_months=None).segment(population)) == {"C1": "A", "C2": "C"}
    assert p.Abc().segment(population)["C1"].codes == ("abc.no_value",)


def test_abc_by_order_count() -> None:
    """Order counts 5/3/1/1 of 10: C2 starts at 50 % → A, C3 at 80 % → B, C4 at 90 % → B."""
    population = [
        stats("C1", *[(date(2026, m, 1), 1) for m in range(1, 6)]),
        stats("C2", *[(date(2026, m, 1), 1_000) for m in range(1, 4)]),
        stats("C3", (MID_YEAR, 5_000)),
        stats("C4", (MID_YEAR, 5)),
    ]
    segments = p.Abc(metric="orders").segment(population)
    assert outcomes(segments) == {"C1": "A", "C2": "A", "C3": "B", "C4": "B"}
    assert segments["C1"].criterion("orders").observed == 5


def test_margin_abc_is_unknown_when_an_order_has_no_margin() -> None:
    """A client with an order lacking a margin gets 'unknown' and abc.margin.unknown."""
    full = kc.ClientStats(
        "C1", AS_OF, "RUB", ((MID_YEAR, Decimal(100)),), margin_amount=Decimal(30), margin_orders=1
    )
    partial = kc.ClientStats(
        "C2",
        AS_OF,
        "RUB",
        ((MID_YEAR, Decimal(100)), (MID_YEAR, Decimal(50))),
        margin_amount=Decimal(10),
        margin_orders=1,
    )
    segments = p.Abc(metric="margin", window_months=None).segment([full, partial])
    assert segments["C1"].outcome == "A"
    assert segments["C2"].outcome == UNKNOWN
    assert segments["C2"].missing == ("margin",)
    assert segments["C2"].reasons[0].params == {"known": 1, "orders": 2}


def test_a_loss_making_client_is_c_and_does_not_count_in_the_total() -> None:
    """Margins 60 / 40 / −50: the shares are of 100 (positive margins), the loss is C."""

    def with_margin(cid: str, margin: int) -> kc.ClientStats:
        return kc.ClientStats(
            cid, AS_OF, "RUB", ((MID_YEAR, Decimal(1000)),), margin_amount=Decimal(margin),
            margin_orders=1,
        )  # fmt: skip

    population = [with_margin("C1", 60), with_margin("C2", 40), with_margin("C3", -50)]
    segments = p.Abc(metric="margin", window_months=None).segment(population)
    assert outcomes(segments) == {"C1": "A", "C2": "A", "C3": "C"}
    assert segments["C2"].reasons[0].params["cumulative_pct"] == Decimal("100.00")
    assert segments["C3"].codes == ("abc.no_value",)


def test_margin_abc_needs_all_history() -> None:
    """ClientStats keep the margin of all history, so a windowed margin ABC is refused."""
    with pytest.raises(PolicyConfigError, match="window_months=None"):
        p.load({"kind": "abc", "metric": "margin"})


def test_cutoffs_must_increase() -> None:
    """The A cut-off must be below the B cut-off."""
    with pytest.raises(PolicyConfigError, match="cutoffs"):
        p.load({"kind": "abc", "cutoffs": [0.9, 0.8]})


def test_newcomer_is_placed_against_the_learned_boundaries() -> None:
    """A client not in the fitted population is placed by its value: abc.placed."""
    fitted = p.Abc().fit(book(C1=700, C2=200, C3=60, C4=40))
    big = fitted.assign(stats("C9", (MID_YEAR, 500)))
    small = fitted.assign(stats("C9", (MID_YEAR, 50)))
    middle = fitted.assign(stats("C9", (MID_YEAR, 100)))
    assert (big.outcome, big.codes) == ("A", ("abc.placed",))
    assert (middle.outcome, small.outcome) == ("B", "C")
    assert fitted.assign(stats("C9")).outcome == "C"


def test_fitted_abc_lists_classes_and_serialises() -> None:
    """The fitted ABC knows each member's class and round-trips through JSON."""
    fitted = p.Abc().fit(book(C2=200, C1=700, C3=60, C4=40))
    assert dict(fitted.classes) == {"C1": "A", "C2": "A", "C3": "B", "C4": "C"}
    data = json.loads(json.dumps(fitted.to_dict()))
    assert data["thresholds"]["counts"] == {"A": 2, "B": 1, "C": 1}
    assert data["thresholds"]["cutoff_amounts"] == ["800.0", "950.00"]
    assert FittedAbc.from_dict(data) == fitted


def test_abc_refuses_mixed_currencies_and_foreign_dates() -> None:
    """Roubles and dollars are never ranked together; stats of another date are refused."""
    usd = kc.ClientStats("C9", AS_OF, "USD", ((MID_YEAR, Decimal(1)),))
    with pytest.raises(CurrencyMismatchError):
        p.Abc().fit([*book(C1=1), usd])
    fitted = p.Abc().fit(book(C1=1))
    with pytest.raises(CurrencyMismatchError):
        fitted.assign(usd)
    with pytest.raises(PolicyEvaluationError):
        fitted.assign(stats("C1", as_of=date(2026, 1, 1)))
    assert p.Abc(metric="orders").fit([*book(C1=1), usd]).currency is None


# --------------------------------------------------------------------------------------
# product ABC


def _line_stats(client_id: str, *lines: tuple[str, int, int]) -> kc.ClientStats:
    deals = [
        kc.Deal(
            id=f"D-{client_id}-{i}",
            client_id=client_id,
            status="won",
            opened_on=MID_YEAR,
            closed_on=MID_YEAR,
            amount=kc.Money(qty * price, "RUB"),
            lines=(kc.DealLine(product_id=sku, quantity=qty, unit_price=kc.Money(price, "RUB")),),
        )
        for i, (sku, qty, price) in enumerate(lines)
    ]
    return kc.ClientStats.from_deals(deals, client_id=client_id, as_of=AS_OF)


def test_product_abc_sums_lines_across_clients() -> None:
    """SKU-1 500+300, SKU-2 150, SKU-3 50 of 1000: A, B (starts at 80 %), C (at 95 %)."""
    population = [
        _line_stats("C1", ("SKU-1", 5, 100), ("SKU-2", 1, 150)),
        _line_stats("C2", ("SKU-1", 3, 100), ("SKU-3", 10, 5)),
    ]
    segments = p.ProductAbc().segment(population)
    assert outcomes(segments) == {"SKU-1": "A", "SKU-2": "B", "SKU-3": "C"}
    assert segments["SKU-1"].criteria[0].observed == kc.Money("800", "RUB")
    by_quantity = p.ProductAbc(metric="quantity").segment(population)
    # quantities 10 / 8 / 1 of 19: SKU-3, SKU-1 (starts at 52.6 %), SKU-2 (at 94.7 % < 95 %)
    assert outcomes(by_quantity) == {"SKU-1": "A", "SKU-2": "B", "SKU-3": "A"}
    fitted = p.ProductAbc().fit(population)
    assert fitted.classify("SKU-404").codes == ("abc.product.unknown",)
    assert json.loads(json.dumps(fitted.to_dict()))["thresholds"]["total"] == "1000"
    assert p.load(p.ProductAbc().to_dict()) == p.ProductAbc()


def test_product_abc_gives_unsold_products_class_c() -> None:
    """A product sold at price zero is C with abc.no_value."""
    segments = p.ProductAbc().segment([_line_stats("C1", ("SKU-1", 1, 10), ("SKU-0", 1, 0))])
    assert segments["SKU-0"].outcome == "C"
    assert segments["SKU-0"].codes == ("abc.no_value",)
