"""The ABC×XYZ matrix: cells and the strategy of each."""

from __future__ import annotations

import json

from kam_core import policies as p
from kam_core.policies.segmentation import (
    UNKNOWN,
    FittedAbcXyz,
)
from tests.policies.segmentation.books import monthly, outcomes

# --------------------------------------------------------------------------------------
# ABC × XYZ


def test_abc_xyz_cells_and_their_strategies() -> None:
    """Big steady client AX (keep & automate); small erratic one CZ (serve on order)."""
    population = [
        monthly("C1", [1000, 1100] * 6),
        monthly("C2", [100, 0] * 6),
        monthly("C3", [10, 10] * 6),
    ]
    policy = p.AbcXyz()
    segments = policy.segment(population)
    assert outcomes(segments) == {"C1": "AX", "C2": "BZ", "C3": "CX"}
    assert policy.playbook.play_for("AX").strategy == "keep_and_automate"
    assert policy.playbook.play_for("CZ").strategy == "serve_on_order"
    assert segments["C1"].codes == ("abc.class", "xyz.class", "abc_xyz.cell")
    assert segments["C1"].reasons[-1].params["every"] == 14
    assert "удерживать и автоматизировать пополнение" in segments["C1"].explain("ru")
    assert sorted(policy.playbook.plays) == [a + x for a in "ABC" for x in "XYZ"]


def test_abc_xyz_is_unknown_while_xyz_is_unknown() -> None:
    """A client with short history has no cell; the missing fact is named."""
    d = p.AbcXyz().segment([monthly("C1", [0, 0, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5])])["C1"]
    assert d.outcome == UNKNOWN
    assert d.missing == ("history",)
    assert d.codes[0] == "abc_xyz.unknown"  # the deciding reason first


def test_abc_xyz_cell_without_play_has_no_strategy_reason() -> None:
    """A playbook without the cell still decides the cell."""
    policy = p.AbcXyz(playbook=p.Playbook(plays={}))
    d = policy.segment([monthly("C1", [5] * 12)])["C1"]
    assert (d.outcome, d.codes[-1]) == ("AX", "xyz.class")


def test_fitted_abc_xyz_round_trips() -> None:
    """The fitted matrix serialises and rebuilds equal."""
    fitted = p.AbcXyz().fit([monthly("C1", [5] * 12), monthly("C2", [1] * 12)])
    assert FittedAbcXyz.from_dict(json.loads(json.dumps(fitted.to_dict()))) == fitted
