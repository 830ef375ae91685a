"""XYZ analysis: steadiness of monthly revenue, on books computed by hand."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyConfigError
from kam_core.policies.segmentation import (
    UNKNOWN,
    FittedXyz,
)
from tests.policies.segmentation.books import monthly, outcomes, stats

# --------------------------------------------------------------------------------------
# XYZ


def test_xyz_window_is_the_complete_months_before_as_of() -> None:
    """As of 24 Nov the window ends with October; as of 30 Nov it ends with November."""
    assert [str(m) for m in p.Xyz().window(date(2026, 11, 24))][::11] == ["2025-11", "2026-10"]
    assert str(p.Xyz().window(date(2026, 11, 30))[-1]) == "2026-11"


def test_steady_client_is_x_and_alternating_client_is_y_or_z() -> None:
    """100/120: CV 10/110 ≈ 9.1 % → X; 100/150: CV 20 % → Y; 100/0: CV 100 % → Z."""
    population = [
        monthly("C-X", [100, 120] * 6),
        monthly("C-Y", [100, 150] * 6),
        monthly("C-Z", [100, 0] * 6),
    ]
    segments = p.Xyz().segment(population)
    assert outcomes(segments) == {"C-X": "X", "C-Y": "Y", "C-Z": "Z"}
    assert segments["C-Y"].criteria[0].observed == Decimal("0.2000")
    assert segments["C-Y"].reasons[0].params["mean"] == kc.Money("125.00", "RUB")
    assert outcomes(p.Xyz.preset("b2b").segment(population)) == {
        "C-X": "X",
        "C-Y": "X",
        "C-Z": "Z",
    }


def test_cv_exactly_on_the_limit_is_the_better_class() -> None:
    """90/110: CV exactly 10 % → X (limits are inclusive, compared exactly)."""
    assert p.Xyz().segment([monthly("C1", [90, 110] * 6)])["C1"].outcome == "X"
    assert p.Xyz().segment([monthly("C1", [75, 125] * 6)])["C1"].outcome == "Y"


def test_client_with_too_few_months_is_unknown_not_z() -> None:
    """First order in March of a Jan–Dec window: 'unknown', missing history."""
    d = p.Xyz().segment([monthly("C1", [0, 0, 100, 500, 10, 900, 1, 1, 1, 1, 1, 1])])["C1"]
    assert d.outcome == UNKNOWN
    assert d.missing == ("history",)
    assert d.codes == ("xyz.history.short",)
    assert "(Jan 2026)" in d.explain("en")
    assert "(январь 2026)" in d.explain("ru")


def test_xyz_unknown_without_orders_or_without_purchases_in_the_window() -> None:
    """No orders at all, or only before the window: unknown with its own reason."""
    as_of = date(2026, 12, 31)
    none = kc.ClientStats.empty("C1", as_of, "RUB")
    old = stats("C2", (date(2024, 5, 1), 100), as_of=as_of)
    segments = p.Xyz().segment([none, old])
    assert segments["C1"].codes == ("xyz.no_orders",)
    assert segments["C2"].codes == ("xyz.window.empty",)


def test_orders_in_the_incomplete_month_do_not_count() -> None:
    """A December spike before 31 December is outside the window ending in November."""
    steady = [(date(2025, m, 10), 100) for m in range(11, 13)]
    steady += [(date(2026, m, 10), 100) for m in range(1, 11)]
    as_of = date(2026, 11, 24)
    spiky = stats("C1", *steady, (date(2026, 11, 20), 10_000), as_of=as_of)
    assert p.Xyz().segment([spiky])["C1"].outcome == "X"


def test_xyz_configuration_is_checked() -> None:
    """x_max above y_max and unknown presets are refused."""
    with pytest.raises(PolicyConfigError, match="x_max"):
        p.load({"kind": "xyz", "x_max": 0.5, "y_max": 0.25})
    with pytest.raises(ValueError, match="b2b"):
        p.Xyz.preset("nope")
    assert p.Xyz.preset("classic") == p.Xyz()


def test_fitted_xyz_serialises_its_window() -> None:
    """The fitted XYZ records its window and limits and rebuilds equal."""
    fitted = p.Xyz().fit([monthly("C1", [1] * 12)])
    data = json.loads(json.dumps(fitted.to_dict()))
    assert data["thresholds"] == {
        "first": "2026-01",
        "last": "2026-12",
        "x_max": "0.1",
        "y_max": "0.25",
    }
    assert FittedXyz.from_dict(data) == fitted
