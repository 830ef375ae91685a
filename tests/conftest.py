"""Shared test settings: modest hypothesis budgets, no deadlines on a busy machine."""

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "kam",
    max_examples=100,
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow,),
)
settings.load_profile("kam")


@pytest.fixture(scope="module", params=["c", "python"])
def bant_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a module's tests with BANT compiled to C (when built) and again in pure Python.

    Policies compile on first use, so a policy built at import time keeps the path of the
    run that first used it; the equivalence properties in test_speedups.py compare both.
    """
    from kam_core.policies import qualification

    if request.param == "c" and qualification._BANT_RUNNER is None:
        pytest.skip("this installation was built without the C accelerator")
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "python":
            patch.setattr(qualification, "_BANT_RUNNER", None)
        yield request.param
