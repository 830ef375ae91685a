"""The migration matrix between two dates."""

from __future__ import annotations

import json

import kam_core as kc
from kam_core import policies as p
from kam_core.policies.segmentation import (
    ABSENT,
    UNKNOWN,
)
from tests.policies.segmentation.books import book, monthly

# --------------------------------------------------------------------------------------
# migration


def test_migration_counts_pairs_and_names_the_movers() -> None:
    """Two dates of one book: A→B, B→B, drivers lost, a new client appears."""
    before = p.Abc().segment(book(C1=700, C2=200, C3=60, C4=40))
    after = p.Abc().segment(book(C1=300, C2=600, C3=60, C5=40))
    m = p.migration(before, after)
    assert dict(m.counts) == {
        ("A", "A"): 2,
        ("B", "B"): 1,
        ("C", ABSENT): 1,
        (ABSENT, "C"): 1,
    }
    assert dict(m.moved) == {("C", ABSENT): ("C4",), (ABSENT, "C"): ("C5",)}
    rows = json.loads(json.dumps(m.to_dict()))["rows"]
    assert rows[0] == {"from": "A", "to": "A", "count": 2, "clients": ["C1", "C2"]}


def test_percentages_in_reasons_read_naturally() -> None:
    """Cut-offs show as whole per cents, a 100 % limit without an exponent."""
    d = p.Xyz(x_max=0.5, y_max=1.0).segment([monthly("C1", [100, 0] * 6)])["C1"]
    assert (d.outcome, str(d.reasons[0].params["y_pct"])) == ("Y", "100")
    assert "Y up to 100%" in d.explain("en")


def test_migration_labels_missing_outcomes_unknown() -> None:
    """A decision without outcome migrates as 'unknown'; enums by their value."""
    m = p.migration({"C1": kc.Decision(None)}, {"C1": kc.Decision(kc.CriterionStatus.PASSED)})
    assert dict(m.counts) == {(UNKNOWN, "passed"): 1}
