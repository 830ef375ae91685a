"""The short fuzz profile CI runs: every entry point, a few dozen hostile cases each.

The long profile (10⁵ cases per entry point, with time and memory bounds per case) is
``python tools/fuzz.py --cases 100000``; its figures are in docs/robustness.md.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.safety.entry_points import ENTRY_POINTS, EntryPoint

settings.register_profile(
    "safety-ci",
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.filter_too_much),
)
_CI = settings.get_profile("safety-ci")


def test_every_entry_point_documents_the_errors_it_may_raise() -> None:
    """Each registered entry point names at least one documented error and has inputs."""
    assert len(ENTRY_POINTS) >= 19
    for entry in ENTRY_POINTS.values():
        assert entry.documented, entry.name


@pytest.mark.parametrize("entry", list(ENTRY_POINTS.values()), ids=list(ENTRY_POINTS))
def test_only_documented_errors_escape_an_entry_point(entry: EntryPoint) -> None:
    """Whatever hostile input arrives, the entry point returns or raises a documented error."""

    @settings(_CI, max_examples=entry.ci_examples or _CI.max_examples)
    @given(entry.inputs)
    def run(case: Any) -> None:
        escaped = entry.escapes(case)
        if escaped is not None:
            raise AssertionError(f"{entry.name} let {type(escaped).__name__} escape") from escaped

    run()
