"""RFM: quintiles with rank "min" ties and the R×F grid, computed by hand."""

from __future__ import annotations

import json
from datetime import date

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyConfigError
from kam_core.policies.segmentation import (
    STANDARD_RFM_GRID,
    FittedRfm,
)
from tests.policies.segmentation.books import AS_OF, outcomes, stats

# --------------------------------------------------------------------------------------
# RFM


def _rfm_book() -> list[kc.ClientStats]:
    def client(cid: str, *days: int) -> kc.ClientStats:
        return stats(cid, *[(date(2026, 11, d), 10) for d in days])

    return [
        client("C1", 20, 21, 22, 23),  # 1 day ago, 4 orders, 40
        client("C2", 1),  # 23 days, 1, 10
        client("C3", 2, 3),  # 21 days, 2, 20
        client("C4", 10, 11, 12),  # 12 days, 3, 30
        client("C5", 4),  # 20 days, 1, 10
    ]


def test_rfm_quintiles_by_hand() -> None:
    """Five clients, five bins: each score is 1 + (clients worse), ties take the lowest."""
    segments = p.Rfm().segment(_rfm_book())
    scores = {
        c: tuple(d.criterion(n).level for n in ("recency", "frequency", "monetary"))
        for c, d in segments.items()
    }
    # recency days 1 < 12 < 20 < 21 < 23 → R 5,4,3,2,1; C2 and C5 tie at one order:
    # both F1 (rank "min"), and C3 with 2 orders has two clients below it → F3
    assert scores == {
        "C1": (5, 5, 5),
        "C2": (1, 1, 1),
        "C3": (2, 3, 3),
        "C4": (4, 4, 4),
        "C5": (3, 1, 1),
    }
    assert outcomes(segments) == {
        "C1": "champions",
        "C2": "hibernating",
        "C3": "at_risk",
        "C4": "loyal",
        "C5": "about_to_sleep",
    }
    assert segments["C3"].reasons[0].params["cell"] == "233"
    assert "сегмент «под угрозой ухода»" in segments["C3"].explain("ru")


def test_standard_grid_names_every_cell() -> None:
    """The ten standard segments cover the 5×5 R×F grid."""
    policy = p.Rfm()
    names = {policy.segment_of(r, f) for r in range(1, 6) for f in range(1, 6)}
    assert names == {
        "champions", "loyal", "potential_loyalists", "new", "promising", "need_attention",
        "about_to_sleep", "at_risk", "cant_lose", "hibernating",
    }  # fmt: skip
    assert (policy.segment_of(5, 1), policy.segment_of(4, 1)) == ("new", "promising")
    assert policy.segment_of(3, 3) == "need_attention"
    assert policy.segment_of(4, 3) == "potential_loyalists"
    assert len(STANDARD_RFM_GRID) == 10
    assert set(policy.playbook.plays) == names


def test_client_without_orders_is_outside_the_rfm_grid() -> None:
    """No orders: label no_orders with rfm.no_orders; it does not shift the others."""
    with_empty = [*_rfm_book(), kc.ClientStats.empty("C0", AS_OF, "RUB")]
    segments = p.Rfm().segment(with_empty)
    assert segments["C0"].outcome == "no_orders"
    assert segments["C0"].codes == ("rfm.no_orders",)
    assert outcomes(segments) == {**outcomes(p.Rfm().segment(_rfm_book())), "C0": "no_orders"}


def test_rfm_grid_is_configurable_and_checked() -> None:
    """Three bins need a grid covering 3×3; a grid with holes is refused at load."""
    with pytest.raises(PolicyConfigError, match="above bins=3"):
        p.load({"kind": "rfm", "bins": 3})
    with pytest.raises(PolicyConfigError, match="R1F1"):
        p.load({"kind": "rfm", "grid": [{"recency": [5, 5], "frequency": [1, 5], "segment": "x"}]})
    with pytest.raises(PolicyConfigError, match="empty range"):
        p.load({"kind": "rfm", "grid": [{"recency": [5, 1], "frequency": [1, 5], "segment": "x"}]})
    grid = (
        p.RfmCell(recency=(3, 3), frequency=(1, 3), segment="fresh"),
        p.RfmCell(recency=(1, 2), frequency=(1, 3), segment="stale"),
    )
    policy = p.Rfm(bins=3, grid=grid)
    assert p.load(policy.to_json()) == policy
    segments = policy.segment(_rfm_book())
    # recency: clients worse than C1, C4, C5, C3, C2 = 4, 3, 2, 1, 0
    # → ⌊w × 3 ÷ 5⌋ + 1 = 3, 2, 2, 1, 1: only C1 is fresh
    assert outcomes(segments) == {
        "C1": "fresh", "C2": "stale", "C3": "stale", "C4": "stale", "C5": "stale",
    }  # fmt: skip


def test_rfm_average_monetary_and_window() -> None:
    """Monetary 'average' divides by orders; a window limits frequency and money."""
    population = [
        stats("C1", (date(2024, 1, 1), 1_000), (date(2026, 11, 1), 10)),
        stats("C2", (date(2026, 11, 2), 100)),
    ]
    fitted = p.Rfm(window_months=12, monetary="average").fit(population)
    d = fitted.assign(population[0])
    assert d.criterion("frequency").observed == 1
    assert d.criterion("monetary").observed == kc.Money("10", "RUB")
    assert d.criterion("monetary").level == 1
    old = stats("C3", (date(2020, 1, 1), 5), as_of=AS_OF)
    assert p.Rfm(window_months=12, monetary="average").fit([old]).assign(old).criterion(
        "monetary"
    ).observed == kc.Money("0", "RUB")


def test_fitted_rfm_edges_reproduce_the_scores_and_serialise() -> None:
    """The learned edges round-trip and place a newcomer among the clients."""
    fitted = p.Rfm().fit(_rfm_book())
    data = json.loads(json.dumps(fitted.to_dict()))
    assert data["thresholds"]["recency_days"] == [23, 21, 20, 12]
    assert data["thresholds"]["frequency"] == ["1", "1", "2", "3"]
    assert FittedRfm.from_dict(data) == fitted
    newcomer = stats("C9", (date(2026, 11, 24), 10), (date(2026, 11, 23), 100))
    d = fitted.assign(newcomer)
    assert [d.criterion(n).level for n in ("recency", "frequency", "monetary")] == [5, 3, 5]
    empty = p.Rfm().fit([kc.ClientStats.empty("C0", AS_OF, "RUB")])
    assert empty.assign(newcomer).criterion("recency").level == 1
