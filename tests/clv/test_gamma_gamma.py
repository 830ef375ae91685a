"""Gamma-Gamma: the spend model's fit and the expected average order it gives."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core._clv import gamma_gamma
from kam_core._clv.params import GammaGammaParams
from kam_core.errors import PolicyEvaluationError
from tests.clv.simulate import bg_nbd_customers

TRUE = {"p": 6.0, "q": 4.0, "gamma": 15.0}

positive = st.floats(min_value=0.05, max_value=50.0, allow_nan=False)
spend_models = st.builds(GammaGammaParams, p=positive, q=positive, gamma=positive)


@pytest.fixture(scope="module")
def repeat_buyers() -> tuple[list[int], list[float]]:
    book = bg_nbd_customers(6000, r=0.8, alpha=4.0, a=0.7, b=3.0, T=52.0, seed=2013, **TRUE)
    pairs = [(x, m) for x, m in zip(book.x, book.spend, strict=True) if x]
    return [x for x, _ in pairs], [m for _, m in pairs]


def test_fit_recovers_the_spend_parameters_a_book_was_drawn_from(repeat_buyers: tuple) -> None:
    """Simulated repeat buyers: the maximum, and p, q, γ near the truth."""
    x, mean = repeat_buyers
    fit = gamma_gamma.fit(x, mean)
    at_truth = gamma_gamma.log_likelihood(GammaGammaParams(**TRUE), x, mean)
    assert at_truth <= fit.log_likelihood < at_truth + 10.0
    for name, value in TRUE.items():
        assert fit.params.as_dict()[name] == pytest.approx(value, rel=0.35), name
    assert fit.customers == len(x)


def test_fit_is_bit_identical_in_any_order(repeat_buyers: tuple) -> None:
    """Same (x, mean spend) pairs in another order → the very same parameters."""
    x, mean = repeat_buyers
    order = np.random.default_rng(3).permutation(len(x))
    assert gamma_gamma.fit(x, mean) == gamma_gamma.fit(
        np.asarray(x)[order], np.asarray(mean)[order]
    )


def test_analytic_gradient_matches_finite_differences(repeat_buyers: tuple) -> None:
    """The gradient the optimiser follows is the derivative of the reported likelihood."""
    s = gamma_gamma.spends(*repeat_buyers)
    point = (3.0, 2.0, 20.0)
    _, grad = gamma_gamma._terms(*point, s, gradient=True)
    assert grad is not None
    analytic = grad @ s.weight
    for i in range(3):
        up, down = list(point), list(point)
        up[i] += 1e-6
        down[i] -= 1e-6
        plus = float(gamma_gamma._terms(*up, s, gradient=False)[0] @ s.weight)
        minus = float(gamma_gamma._terms(*down, s, gradient=False)[0] @ s.weight)
        assert analytic[i] == pytest.approx((plus - minus) / 2e-6, rel=1e-5, abs=1e-4)


def test_no_repeat_buyer_is_refused() -> None:
    """Without repeat purchases there is no spend to fit."""
    with pytest.raises(PolicyEvaluationError, match="no client has a repeat purchase"):
        gamma_gamma.fit([], [])


@pytest.mark.parametrize(
    ("x", "mean", "bad"),
    [
        ([0], [10.0], "spend 0: x=0.0"),
        ([2, 1], [10.0, 0.0], "spend 1: x=1.0, mean=0.0"),
        ([1], [-5.0], "spend 0: x=1.0, mean=-5.0"),
        ([1], [math.inf], "spend 0: x=1.0, mean=inf"),
    ],
)
def test_a_spend_the_model_cannot_read_is_refused_by_its_row(
    x: list[int], mean: list[float], bad: str
) -> None:
    """No repeat purchase, a zero, negative or infinite mean: the error names the row."""
    with pytest.raises(PolicyEvaluationError, match=bad):
        gamma_gamma.fit(x, mean)


def test_pairs_of_different_lengths_are_refused() -> None:
    """x and the mean spends must describe the same customers."""
    with pytest.raises(PolicyEvaluationError, match="one length"):
        gamma_gamma.spends([1, 2], [3.0])


def test_clients_who_always_spend_alike_are_refused_as_not_converging() -> None:
    """Every client's mean on a grid of 17 levels: the model runs away and is refused."""
    x = [1 + k % 5 for k in range(200)]
    mean = [100.0 * (1 + k % 17) for k in range(200)]
    with pytest.raises(PolicyEvaluationError, match="Gamma-Gamma fit did not converge"):
        gamma_gamma.fit(x, mean)


@given(spend_models, st.integers(min_value=1, max_value=500), positive)
def test_expected_spend_lies_between_the_book_and_the_client(
    model: GammaGammaParams, x: int, mean: float
) -> None:
    """E(M | x, m) is a weighted average of the book's mean and the client's own mean."""
    expected = model.expected_spend(x, mean)
    book = model.population_mean
    if expected is None or book is None:
        return
    low, high = min(book, mean), max(book, mean)
    assert low * (1 - 1e-12) <= expected <= high * (1 + 1e-12)


@given(spend_models, positive)
def test_more_repeat_orders_pull_the_expectation_towards_the_client(
    model: GammaGammaParams, mean: float
) -> None:
    """The more repeat orders, the more the client's own average counts."""
    few, many = model.expected_spend(1, mean), model.expected_spend(50, mean)
    if few is None or many is None:
        return
    assert abs(many - mean) <= abs(few - mean) * (1 + 1e-12) + 1e-12


def test_without_repeat_orders_the_expectation_is_the_books_mean() -> None:
    """x = 0: pγ / (q − 1); with q ≤ 1 the model has no finite mean and says None."""
    assert GammaGammaParams(p=6.0, q=4.0, gamma=15.0).expected_spend(0, 0.0) == 30.0
    assert GammaGammaParams(p=6.0, q=0.8, gamma=15.0).expected_spend(0, 0.0) is None


def test_a_model_without_a_finite_conditional_mean_says_none() -> None:
    """px + q − 1 ≤ 0 (tiny p and q): no finite E(M | x, m), so None, never a number."""
    assert GammaGammaParams(p=0.1, q=0.5, gamma=15.0).expected_spend(1, 20.0) is None
