"""What every segmentation promises: data round-trips, reason texts, the plug-in protocol."""

from __future__ import annotations

import pytest

from kam_core import policies as p
from kam_core._words import catalogue
from tests.policies.segmentation.books import (
    book,
)

# --------------------------------------------------------------------------------------
# policies are data; reason texts exist


ALL_POLICIES = [
    p.Abc(),
    p.Abc(cutoffs=(0.7, 0.9), window_months=None, metric="orders", boundary="exclusive"),
    p.ProductAbc(metric="quantity"),
    p.Xyz.preset("b2b"),
    p.AbcXyz(),
    p.Abcd(),
    p.Abcd.preset("inactive_d"),
    p.Rfm(),
    p.Rfm(window_months=12, monetary="average"),
]


@pytest.mark.parametrize("policy", ALL_POLICIES, ids=lambda x: x.kind)
def test_policy_loads_back_from_its_dict_and_json(policy: p.Policy) -> None:
    """p.load(policy.to_dict()) == policy, and through JSON too, same fingerprint."""
    assert p.load(policy.to_dict()) == policy
    assert p.load(policy.to_json()).fingerprint == policy.fingerprint
    assert policy.fingerprint.startswith("sha256:")


def test_every_segmentation_reason_code_has_both_texts() -> None:
    """Every abc./xyz./abcd./rfm. code used in the module has a text in each language."""
    import re
    from pathlib import Path

    import kam_core.policies.segmentation as module

    folder = Path(module.__file__).parent
    source = "".join(f.read_text(encoding="utf-8") for f in sorted(folder.glob("*.py")))
    codes = set(re.findall(r'reason\(\s*"([a-z_.]+)"', source))
    assert codes
    known = catalogue()
    for code in codes:
        assert code in known, code
        assert known[code]["en"]
        assert known[code]["ru"]


def test_segmentations_satisfy_the_plug_in_protocol() -> None:
    """Each built-in segmentation is a SegmentationPolicy; its fitted object assigns."""
    for policy in (p.Abc(), p.Xyz(), p.AbcXyz(), p.Abcd(), p.Rfm()):
        assert isinstance(policy, p.SegmentationPolicy)
        assert isinstance(policy.fit(book(C1=1)), p.FittedSegmentation)


# --------------------------------------------------------------------------------------
