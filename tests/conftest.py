"""Shared test settings: modest hypothesis budgets, no deadlines on a busy machine.

The suite is derandomized: every run draws the same examples, so a green CI stays green
and a red one reproduces.  Exploring beyond them is the fuzz profile's job
(``tools/fuzz.py``, see docs/robustness.md); set ``KAM_HYPOTHESIS=explore`` to draw fresh
examples on each run of the suite.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "kam",
    max_examples=100,
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow,),
    derandomize=True,
)
settings.register_profile(
    "explore",
    max_examples=100,
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow,),
)
settings.load_profile("explore" if os.environ.get("KAM_HYPOTHESIS") == "explore" else "kam")
