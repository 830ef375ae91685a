"""Shared test settings: modest hypothesis budgets, no deadlines on a busy machine.

The suite is derandomized: every run draws the same examples, so a green CI stays green
and a red one reproduces.  Exploring beyond them is the fuzz profile's job
(``tools/fuzz.py``, see docs/robustness.md); set ``KAM_HYPOTHESIS=explore`` to draw fresh
examples on each run of the suite.  ``KAM_HYPOTHESIS=mutation`` is the budget of a
mutation run (``tools/mutation.sh``, docs/mutation.md): the same fixed draws, fewer of
them, because every test runs once per mutant it reaches.
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
settings.register_profile(
    "mutation",
    max_examples=25,
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow,),
    derandomize=True,
)
_PROFILE = os.environ.get("KAM_HYPOTHESIS", "kam")
settings.load_profile(_PROFILE if _PROFILE in ("explore", "mutation") else "kam")
