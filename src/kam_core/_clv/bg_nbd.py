"""BG/NBD: the log-likelihood and its deterministic maximum-likelihood fit.

Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to
the Pareto/NBD model", Marketing Science 24(2), 275-284.  For a customer with ``x``
repeat purchases, the last at ``t_x``, observed until ``T``:

    L = B(a, b + x) / B(a, b) · Γ(r + x) α^r / (Γ(r) (α + T)^(r + x))
        + [x > 0] · B(a + 1, b + x − 1) / B(a, b) · Γ(r + x) α^r / (Γ(r) (α + t_x)^(r + x))

computed in log space (``gammaln``, ``betaln``, ``logaddexp``) so that large ``x``
neither overflows nor loses digits.  The fit maximises the sum over customers with
the analytic gradient, in log-parameters and in time scaled by max(T) / 10 (the
likelihood changes by a constant, the optimum by nothing but α's unit); see
:mod:`kam_core._clv.optimise` for the tolerances and what counts as converged.

Customers with identical ``(x, t_x, T)`` are counted once with a weight (Hardie's
"compressed" data): the fit depends on the multiset of histories only, never on
their order.

>>> import numpy as np
>>> x, t_x, T = np.array([0, 2, 1, 4]), np.array([0.0, 30.4, 1.7, 36.0]), np.full(4, 38.9)
>>> round(log_likelihood(BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426), x, t_x, T), 3)
-29.937
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import digamma, gammaln

from kam_core._clv.optimise import minimise
from kam_core._clv.params import BgNbdParams
from kam_core.errors import PolicyEvaluationError

__all__ = ["BgNbdFit", "Histories", "fit", "histories", "log_likelihood"]

Floats = NDArray[np.float64]
_HINT = (
    "its clients are too alike, or too few of them bought again, for the model to tell "
    "how their buying rates and their chances of stopping differ"
)


@attrs.frozen
class Histories:
    """Distinct ``(x, t_x, T)`` rows, sorted, each with how many customers share it."""

    x: Floats
    t_x: Floats
    T: Floats
    weight: Floats

    @property
    def customers(self) -> int:
        """How many customers the rows stand for."""
        return int(self.weight.sum())

    @property
    def repeat_buyers(self) -> int:
        """How many of them bought again at least once (x ≥ 1)."""
        return int(self.weight[self.x > 0].sum())


def histories(x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> Histories:
    """Check and compress per-customer histories; refuse what BG/NBD cannot read.

    Each row needs an integer ``x ≥ 0``, ``0 ≤ t_x ≤ T`` (finite) and ``t_x = 0``
    when ``x = 0``.  The first bad row is named in a
    :class:`~kam_core.errors.PolicyEvaluationError`.
    """
    xs = np.asarray(x, dtype=np.float64)
    txs = np.asarray(t_x, dtype=np.float64)
    ts = np.asarray(T, dtype=np.float64)
    if not (xs.ndim == txs.ndim == ts.ndim == 1 and len(xs) == len(txs) == len(ts)):
        raise PolicyEvaluationError(
            f"x, t_x and T must be flat and of one length, got shapes {xs.shape}, "
            f"{txs.shape}, {ts.shape}"
        )
    bad = ~(
        np.isfinite(xs)
        & np.isfinite(txs)
        & np.isfinite(ts)
        & (xs >= 0)
        & (xs == np.floor(xs))
        & (txs >= 0)
        & (txs <= ts)
        & ((xs > 0) | (txs == 0))
    )
    if bad.any():
        i = int(np.argmax(bad))
        raise PolicyEvaluationError(
            f"history {i}: x={float(xs[i])!r}, t_x={float(txs[i])!r}, T={float(ts[i])!r} "
            "is not a purchase "
            "history (x a whole number ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 without repeat purchases)"
        )
    rows, counts = np.unique(np.stack([xs, txs, ts], axis=1), axis=0, return_counts=True)
    return Histories(
        np.ascontiguousarray(rows[:, 0]),
        np.ascontiguousarray(rows[:, 1]),
        np.ascontiguousarray(rows[:, 2]),
        counts.astype(np.float64),
    )


@attrs.frozen
class BgNbdFit:
    """A fitted BG/NBD model and what it was fitted on."""

    params: BgNbdParams
    log_likelihood: float
    """The maximised log-likelihood, in the data's time unit."""
    customers: int
    repeat_buyers: int
    iterations: int


def _terms(
    r: float, alpha: float, a: float, b: float, h: Histories, gradient: bool
) -> tuple[Floats, Floats | None]:
    """Per-row log-likelihood and, when asked, its gradient in (r, α, a, b)."""
    x, t_x, T = h.x, h.t_x, h.T
    rep = x > 0
    rx = r + x
    log_at, log_ax = np.log(alpha + T), np.log(alpha + t_x)
    bx1 = np.where(rep, b + x - 1.0, 1.0)
    a1 = gammaln(rx) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    l3 = -rx * log_at
    l4 = np.where(rep, np.log(a) - np.log(bx1) - rx * log_ax, -np.inf)
    lse = np.logaddexp(l3, l4)
    ll = a1 + a2 + lse
    if not gradient:
        return ll, None
    w3, w4 = np.exp(l3 - lse), np.exp(l4 - lse)
    dab, dabx = digamma(a + b), digamma(a + b + x)
    dr = digamma(rx) - digamma(r) + np.log(alpha) - w3 * log_at - w4 * log_ax
    dalpha = r / alpha - rx * (w3 / (alpha + T) + w4 / (alpha + t_x))
    da = dab - dabx + w4 / a
    db = dab + digamma(b + x) - digamma(b) - dabx - w4 / bx1
    return ll, np.stack([dr, dalpha, da, db])


def log_likelihood(params: BgNbdParams, x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> float:
    """The BG/NBD log-likelihood of the histories at ``params`` (summed over customers)."""
    h = histories(x, t_x, T)
    ll, _ = _terms(params.r, params.alpha, params.a, params.b, h, gradient=False)
    return float(np.dot(h.weight, ll))


def fit(x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> BgNbdFit:
    """Maximum-likelihood BG/NBD parameters of the histories, deterministically.

    Refuses, with :class:`~kam_core.errors.PolicyEvaluationError`, histories with no
    repeat purchase (nothing shows how often customers buy or when they stop), with
    every ``T = 0`` (no time observed) and fits that do not converge.
    """
    h = histories(x, t_x, T)
    if h.customers == 0:
        raise PolicyEvaluationError("cannot fit BG/NBD on no customers")
    longest = float(h.T.max())
    if longest == 0.0:
        raise PolicyEvaluationError(
            f"cannot fit BG/NBD: all {h.customers} clients made their first purchase at "
            "the end of the observation (every T = 0), so no time has been observed"
        )
    if h.repeat_buyers == 0:
        raise PolicyEvaluationError(
            f"cannot fit BG/NBD: none of the {h.customers} clients has bought again "
            "after the first purchase, so nothing shows how often clients buy or when "
            "they stop"
        )
    scale = longest / 10.0
    scaled = Histories(h.x, h.t_x / scale, h.T / scale, h.weight)
    n = float(h.customers)
    weight = h.weight

    def objective(theta: Floats) -> tuple[float, Floats]:
        r, alpha, a, b = np.exp(theta)
        ll, grad = _terms(r, alpha, a, b, scaled, gradient=True)
        assert grad is not None
        chain = grad @ weight * np.exp(theta)
        return -float(np.dot(weight, ll)) / n, -chain / n

    optimum = minimise(objective, ("r", "alpha", "a", "b"), "BG/NBD", _HINT)
    r, alpha, a, b = (float(v) for v in np.exp(np.asarray(optimum.log_params)))
    params = BgNbdParams(r=r, alpha=alpha * scale, a=a, b=b)
    ll, _ = _terms(params.r, params.alpha, params.a, params.b, h, gradient=False)
    return BgNbdFit(
        params=params,
        log_likelihood=float(np.dot(weight, ll)),
        customers=h.customers,
        repeat_buyers=h.repeat_buyers,
        iterations=optimum.iterations,
    )
