"""Shared test settings: modest hypothesis budgets, no deadlines on a busy machine."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "kam",
    max_examples=100,
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow,),
)
settings.load_profile("kam")
