"""BG/NBD: the likelihood, a deterministic fit that refuses what it cannot read, P(alive)."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core._clv import bg_nbd, optimise
from kam_core._clv import params as params_module
from kam_core._clv.params import BgNbdParams, _hyp_term
from kam_core.errors import PolicyEvaluationError
from tests.clv import cdnow
from tests.clv.simulate import bg_nbd_customers

TRUE = {"r": 0.6, "alpha": 5.0, "a": 0.8, "b": 3.0}

positive = st.floats(min_value=0.05, max_value=20.0, allow_nan=False)
params = st.builds(BgNbdParams, r=positive, alpha=positive, a=positive, b=positive)


@st.composite
def histories(draw: st.DrawFn, repeat: bool = False) -> tuple[int, float, float]:
    """A customer's (x, t_x, T)."""
    T = draw(st.floats(min_value=0.0, max_value=500.0, allow_nan=False))
    x = draw(st.integers(min_value=1 if repeat else 0, max_value=300))
    t_x = draw(st.floats(min_value=0.0, max_value=T)) if x else 0.0
    return x, t_x, T


@pytest.fixture(scope="module")
def simulated() -> tuple[tuple[int, ...], tuple[float, ...], tuple[float, ...]]:
    book = bg_nbd_customers(4000, T=52.0, seed=2005, **TRUE)
    return book.x, book.t_x, book.T


def test_fit_recovers_the_parameters_a_book_was_drawn_from(simulated: tuple) -> None:
    """4,000 simulated customers: the fit is the maximum and close to the true parameters."""
    x, t_x, T = simulated
    fit = bg_nbd.fit(x, t_x, T)
    at_truth = bg_nbd.log_likelihood(BgNbdParams(**TRUE), x, t_x, T)
    # the maximum is at least the truth's likelihood and, with 4 parameters, within the
    # chi-square spread of it (2·ΔLL < 25 far beyond the 99.99 % quantile)
    assert at_truth <= fit.log_likelihood < at_truth + 12.5
    for name, value in TRUE.items():
        assert fit.params.as_dict()[name] == pytest.approx(value, rel=0.35), name


def test_fit_is_bit_identical_run_after_run_and_in_any_order(simulated: tuple) -> None:
    """Same histories in any order → the very same floats, not merely close ones."""
    x, t_x, T = simulated
    first = bg_nbd.fit(x, t_x, T)
    again = bg_nbd.fit(x, t_x, T)
    order = np.random.default_rng(7).permutation(len(x))
    shuffled = bg_nbd.fit(np.asarray(x)[order], np.asarray(t_x)[order], np.asarray(T)[order])
    assert first == again == shuffled
    assert first.params.as_dict() == shuffled.params.as_dict()


def test_fit_ends_on_a_stationary_point(simulated: tuple) -> None:
    """At the optimum the gradient of the log-likelihood vanishes (central differences)."""
    x, t_x, T = simulated
    fit = bg_nbd.fit(x, t_x, T)
    theta = np.log([fit.params.r, fit.params.alpha, fit.params.a, fit.params.b])
    for i in range(4):
        step = np.zeros(4)
        step[i] = 1e-5
        up = bg_nbd.log_likelihood(BgNbdParams(*np.exp(theta + step)), x, t_x, T)
        down = bg_nbd.log_likelihood(BgNbdParams(*np.exp(theta - step)), x, t_x, T)
        assert abs(up - down) / 2e-5 / len(x) < 1e-5


def test_analytic_gradient_matches_finite_differences() -> None:
    """The gradient the optimiser follows is the derivative of the likelihood it reports."""
    rows = cdnow.summary()
    h = bg_nbd.histories([r.x for r in rows], [r.t_x for r in rows], [r.T for r in rows])
    point = (0.4, 3.0, 1.3, 2.0)
    _, grad = bg_nbd._terms(*point, h, gradient=True)
    assert grad is not None
    analytic = grad @ h.weight
    for i in range(4):
        up, down = list(point), list(point)
        up[i] += 1e-6
        down[i] -= 1e-6
        plus = float(bg_nbd._terms(*up, h, gradient=False)[0] @ h.weight)
        minus = float(bg_nbd._terms(*down, h, gradient=False)[0] @ h.weight)
        assert analytic[i] == pytest.approx((plus - minus) / 2e-6, rel=1e-5, abs=1e-4)


def test_likelihood_of_many_repeat_purchases_stays_finite() -> None:
    """x in the thousands neither overflows Γ nor the powers: log space throughout."""
    model = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    ll = bg_nbd.log_likelihood(model, [5000, 20000, 0], [38.0, 38.5, 0.0], [38.86] * 3)
    assert math.isfinite(ll)


def test_no_repeat_buyer_is_refused() -> None:
    """Only first purchases: nothing shows how often clients buy, so there is no fit."""
    with pytest.raises(PolicyEvaluationError, match="none of the 3 clients has bought again"):
        bg_nbd.fit([0, 0, 0], [0.0, 0.0, 0.0], [5.0, 9.0, 1.0])


def test_no_time_observed_is_refused() -> None:
    """Every T = 0: all first purchases on the last day; no time to read a rhythm from."""
    with pytest.raises(PolicyEvaluationError, match=r"every T = 0"):
        bg_nbd.fit([0, 0], [0.0, 0.0], [0.0, 0.0])


def test_no_customers_is_refused() -> None:
    """An empty book is refused, not fitted to a default."""
    with pytest.raises(PolicyEvaluationError, match="no customers"):
        bg_nbd.fit([], [], [])


@pytest.mark.parametrize(
    ("x", "t_x", "T", "bad"),
    [
        ([1, 2], [3.0, 9.0], [5.0, 8.0], "history 1: x=2.0, t_x=9.0, T=8.0"),
        ([0], [2.0], [5.0], "history 0: x=0.0, t_x=2.0"),
        ([1.5], [2.0], [5.0], "history 0: x=1.5"),
        ([-1], [0.0], [5.0], "history 0: x=-1.0"),
        ([1], [float("nan")], [5.0], "history 0: x=1.0, t_x=nan"),
    ],
)
def test_a_history_that_is_not_one_is_refused_by_its_row(
    x: list[float], t_x: list[float], T: list[float], bad: str
) -> None:
    """t_x after T, fractional or negative x, NaN: the error names the row and its values."""
    with pytest.raises(PolicyEvaluationError, match=bad.replace("(", r"\(")):
        bg_nbd.fit(x, t_x, T)


def test_histories_of_different_lengths_are_refused() -> None:
    """x, t_x and T must describe the same customers."""
    with pytest.raises(PolicyEvaluationError, match="one length"):
        bg_nbd.histories([1, 2], [1.0], [3.0, 4.0])


def test_a_book_of_identical_rhythms_is_refused_as_not_converging() -> None:
    """Clients who all buy alike leave the spread of rates unidentified: refused, named."""
    x = [k % 8 for k in range(80)]
    t_x = [3.0 * k for k in x]
    T = [30.0] * 80
    with pytest.raises(PolicyEvaluationError, match=r"BG/NBD fit did not converge"):
        bg_nbd.fit(x, t_x, T)


def test_a_fit_stopped_far_from_the_optimum_is_refused(
    simulated: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An optimiser out of budget is a refusal that says how far it stopped, not a result."""
    monkeypatch.setitem(optimise._OPTIONS, "maxiter", 2)
    with pytest.raises(PolicyEvaluationError, match=r"did not converge after 2 iterations"):
        bg_nbd.fit(*simulated)


def test_a_likelihood_that_turns_non_finite_is_refused() -> None:
    """An objective that is not finite at the end is never reported as a fit."""

    def broken(theta: np.ndarray) -> tuple[float, np.ndarray]:
        return float("nan"), np.zeros_like(theta)

    with pytest.raises(PolicyEvaluationError, match="not finite"):
        optimise.minimise(broken, ("r",), "test", "never")


@given(params, histories())
def test_p_alive_is_a_probability(model: BgNbdParams, history: tuple[int, float, float]) -> None:
    """P(alive) lies in [0, 1] for every history and every parameter set."""
    assert 0.0 <= model.p_alive(*history) <= 1.0


@given(params, st.floats(min_value=0.0, max_value=500.0))
def test_a_client_without_repeat_purchases_is_alive(model: BgNbdParams, T: float) -> None:
    """BG/NBD lets a client stop only after a repeat purchase: x = 0 is alive for sure."""
    assert model.p_alive(0, 0.0, T) == 1.0


@given(params, histories(repeat=True), st.floats(min_value=0.0, max_value=1.0))
def test_p_alive_grows_with_recency_for_a_fixed_frequency(
    model: BgNbdParams, history: tuple[int, float, float], share: float
) -> None:
    """Of two clients with as many purchases, the one who bought later is likelier alive."""
    x, t_x, T = history
    later = t_x + share * (T - t_x)
    assert model.p_alive(x, t_x, T) <= model.p_alive(x, later, T)


@given(params, histories(repeat=True))
def test_a_client_who_just_bought_is_as_alive_as_the_dropout_odds_allow(
    model: BgNbdParams, history: tuple[int, float, float]
) -> None:
    """Bought at T: P(alive) = (b + x − 1) / (a + b + x − 1), the chance of not stopping."""
    x, _, T = history
    expected = (model.b + x - 1) / (model.a + model.b + x - 1)
    assert model.p_alive(x, T, T) == pytest.approx(expected, rel=1e-12)


@given(params, histories(), st.floats(min_value=0.1, max_value=400.0))
def test_expected_purchases_grow_with_the_horizon(
    model: BgNbdParams, history: tuple[int, float, float], t: float
) -> None:
    """More time ahead never means fewer expected purchases; none in no time."""
    x, t_x, T = history
    near = model.expected_purchases(t, x=x, t_x=t_x, T=T)
    far = model.expected_purchases(2 * t, x=x, t_x=t_x, T=T)
    assert 0.0 <= near <= far * (1 + 1e-9)
    assert model.expected_purchases(0.0, x=x, t_x=t_x, T=T) == 0.0


@given(
    st.floats(min_value=-3.0, max_value=5.0),
    st.floats(min_value=-0.9, max_value=3.0).filter(lambda e: abs(e) > 1e-3),
    st.floats(min_value=0.05, max_value=300.0),
    st.floats(min_value=0.01, max_value=0.9),
)
def test_series_and_scipy_agree_on_the_hypergeometric_term(
    big_a: float, eps: float, c: float, z: float
) -> None:
    """The series kam_core sums equals the direct form with scipy's hyp2f1 where both hold."""
    from scipy.special import hyp2f1

    log_keep = math.log1p(-z)
    ours = _hyp_term(big_a, eps, c, z, log_keep)
    direct = c / eps * (1.0 - math.exp(eps * log_keep) * float(hyp2f1(big_a, eps, c, z)))
    assert ours == pytest.approx(direct, rel=1e-7, abs=1e-9)


@pytest.mark.parametrize("big_a", [0.0, 2.2e-311, -0.0])
def test_the_series_stops_when_its_terms_vanish(big_a: float) -> None:
    """A = 0 or subnormal: the terms vanish (or stall at the smallest float); it still ends."""
    log_keep = math.log1p(-0.75)
    assert _hyp_term(big_a, 1.0, 1.0, 0.75, log_keep) == pytest.approx(0.75, rel=1e-15)


def test_expected_purchases_are_continuous_through_a_equal_to_one() -> None:
    """At a = 1 the textbook formula divides 0 by 0; kam_core's form is smooth through it."""
    values = [
        BgNbdParams(r=0.5, alpha=3.0, a=a, b=2.0).expected_purchases(10.0, x=3, t_x=5.0, T=8.0)
        for a in (1 - 1e-7, 1.0, 1 + 1e-7)
    ]
    assert values[0] == pytest.approx(values[1], rel=1e-6)
    assert values[2] == pytest.approx(values[1], rel=1e-6)
    assert values[0] > values[1] > values[2]


def _textbook(model: BgNbdParams, t: float, x: int, t_x: float, T: float) -> Decimal:
    """The paper's eq. (10) as printed, summed in 150-digit decimals: an independent oracle."""
    with localcontext() as ctx:
        ctx.prec = 150
        r, alpha, a, b = (Decimal(repr(v)) for v in (model.r, model.alpha, model.a, model.b))
        t_, tx_, T_ = Decimal(repr(t)), Decimal(repr(t_x)), Decimal(repr(T))
        c = a + b + x - 1
        z = t_ / (alpha + T_ + t_)
        term, total, k = Decimal(1), Decimal(1), 0
        while abs(term) > Decimal("1e-60") * total or k < 10:
            term *= (r + x + k) * (b + x + k) / ((c + k) * (k + 1)) * z
            total += term
            k += 1
        keep = ((alpha + T_) / (alpha + T_ + t_)) ** (r + x)
        numerator = c / (a - 1) * (1 - keep * total)
        odds = a / (b + x - 1) * ((alpha + T_) / (alpha + tx_)) ** (r + x) if x else Decimal(0)
        return numerator / (1 + odds)


@pytest.mark.parametrize(
    ("model", "t", "x", "t_x", "T"),
    [
        (BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426), 39.0, 2, 30.43, 38.86),
        (BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426), 39.0, 0, 0.0, 38.86),
        (BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426), 500.0, 1, 1.0, 2.0),
        (BgNbdParams(r=1.0, alpha=1.0, a=2.0, b=1.0), 30.0, 100, 0.4, 0.5),
        (BgNbdParams(r=2.5, alpha=0.7, a=0.4, b=9.0), 80.0, 40, 3.0, 3.5),
        (BgNbdParams(r=0.8, alpha=12.0, a=3.5, b=0.6), 13.0, 7, 40.0, 52.0),
    ],
)
def test_expected_purchases_equal_the_papers_formula_in_exact_arithmetic(
    model: BgNbdParams, t: float, x: int, t_x: float, T: float
) -> None:
    """Eq. (10) summed in 150 digits, z up to 0.99 and x up to 100: the floats agree to 1e-12."""
    ours = model.expected_purchases(t, x=x, t_x=t_x, T=T)
    assert ours == pytest.approx(float(_textbook(model, t, x, t_x, T)), rel=1e-12)


def test_expected_purchases_stay_finite_where_scipys_hyp2f1_overflows() -> None:
    """₂F₁(1, 1; 101; 0.95) is inf in scipy; kam_core's series never calls it."""
    from scipy.special import hyp2f1

    assert not math.isfinite(hyp2f1(1.0, 1.0, 101.0, 0.95))
    model = BgNbdParams(r=1.0, alpha=1.0, a=2.0, b=1.0)
    assert math.isfinite(model.expected_purchases(30.0, x=100, t_x=0.4, T=0.5))


def test_a_horizon_too_long_for_the_series_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A series that would need more terms than allowed is a named refusal, not a guess."""
    monkeypatch.setattr(params_module, "_SERIES_TERMS", 50)
    model = BgNbdParams(r=0.5, alpha=0.01, a=0.8, b=3.0)
    with pytest.raises(PolicyEvaluationError, match="choose a shorter horizon"):
        model.expected_purchases(1000.0)


def test_parameters_must_be_positive_floats() -> None:
    """A parameter set with a zero, a negative or an infinite value cannot be built."""
    for bad in (0.0, -1.0, math.inf, math.nan):
        with pytest.raises(ValueError, match="expected a finite float above 0"):
            BgNbdParams(r=bad, alpha=1.0, a=1.0, b=1.0)
