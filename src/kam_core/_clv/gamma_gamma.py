"""Gamma-Gamma: the spend model, its log-likelihood and its deterministic fit.

Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer base
analysis", Journal of Marketing Research 42(4), and Fader & Hardie (2013), "The
Gamma-Gamma model of monetary value".  A customer's ``x`` repeat purchases
average ``m_x``; each purchase is Gamma(p, ν) with ν ~ Gamma(q, γ) across customers:

    f(m_x | x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q · m_x^(px − 1) · x^(px) / (γ + x m_x)^(px + q)

The fit works like BG/NBD's (:mod:`kam_core._clv.optimise`), with spend scaled by
the customers' mean spend.  Only customers with ``x ≥ 1`` and ``m_x > 0`` carry
information; the caller chooses them.

>>> round(log_likelihood(GammaGammaParams(p=6.25, q=3.74, gamma=15.44),
...                      [2, 1, 3], [22.35, 11.77, 40.0]), 3)
-11.623
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import digamma, gammaln

from kam_core._clv.optimise import minimise
from kam_core._clv.params import GammaGammaParams
from kam_core.errors import PolicyEvaluationError

__all__ = ["GammaGammaFit", "Spends", "fit", "log_likelihood", "spends"]

Floats = NDArray[np.float64]
_HINT = (
    "the amounts do not fit the spend model, which expects each client's orders to scatter "
    "around the client's own level and the levels not to depend on how often clients order"
)


@attrs.frozen
class Spends:
    """Distinct ``(x, m_x)`` rows, sorted, each with how many customers share it."""

    x: Floats
    mean: Floats
    weight: Floats

    @property
    def customers(self) -> int:
        """How many customers the rows stand for."""
        return int(self.weight.sum())


def spends(x: ArrayLike, mean: ArrayLike) -> Spends:
    """Check and compress ``(x, m_x)`` pairs: x a whole number ≥ 1, m_x finite and > 0."""
    xs = np.asarray(x, dtype=np.float64)
    ms = np.asarray(mean, dtype=np.float64)
    if not (xs.ndim == ms.ndim == 1 and len(xs) == len(ms)):
        raise PolicyEvaluationError(
            f"x and the mean spend must be flat and of one length, got shapes {xs.shape}, "
            f"{ms.shape}"
        )
    bad = ~(np.isfinite(xs) & np.isfinite(ms) & (xs >= 1) & (xs == np.floor(xs)) & (ms > 0))
    if bad.any():
        i = int(np.argmax(bad))
        raise PolicyEvaluationError(
            f"spend {i}: x={float(xs[i])!r}, mean={float(ms[i])!r} cannot enter Gamma-Gamma "
            "(x a whole number ≥ 1, a mean spend above 0)"
        )
    rows, counts = np.unique(np.stack([xs, ms], axis=1), axis=0, return_counts=True)
    return Spends(
        np.ascontiguousarray(rows[:, 0]),
        np.ascontiguousarray(rows[:, 1]),
        counts.astype(np.float64),
    )


@attrs.frozen
class GammaGammaFit:
    """A fitted Gamma-Gamma model and what it was fitted on."""

    params: GammaGammaParams
    log_likelihood: float
    """The maximised log-likelihood, in the data's currency units."""
    customers: int
    iterations: int


def _terms(
    p: float, q: float, gamma: float, s: Spends, gradient: bool
) -> tuple[Floats, Floats | None]:
    """Per-row log-density and, when asked, its gradient in (p, q, γ)."""
    x, m = s.x, s.mean
    px = p * x
    log_total = np.log(gamma + m * x)
    ll = (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(gamma)
        + (px - 1.0) * np.log(m)
        + px * np.log(x)
        - (px + q) * log_total
    )
    if not gradient:
        return ll, None
    dpq = digamma(px + q)
    dp = x * (dpq - digamma(px) + np.log(m) + np.log(x) - log_total)
    dq = dpq - digamma(q) + np.log(gamma) - log_total
    dgamma = q / gamma - (px + q) / (gamma + m * x)
    return ll, np.stack([dp, dq, dgamma])


def log_likelihood(params: GammaGammaParams, x: ArrayLike, mean: ArrayLike) -> float:
    """The Gamma-Gamma log-likelihood of the ``(x, m_x)`` pairs at ``params``."""
    s = spends(x, mean)
    ll, _ = _terms(params.p, params.q, params.gamma, s, gradient=False)
    return float(np.dot(s.weight, ll))


def fit(x: ArrayLike, mean: ArrayLike) -> GammaGammaFit:
    """Maximum-likelihood Gamma-Gamma parameters, deterministically.

    Refuses (:class:`~kam_core.errors.PolicyEvaluationError`) an empty input and
    fits that do not converge, e.g. when every customer spends the same.
    """
    s = spends(x, mean)
    if s.customers == 0:
        raise PolicyEvaluationError(
            "cannot fit Gamma-Gamma: no client has a repeat purchase with a positive amount"
        )
    n = float(s.customers)
    weight = s.weight
    scale = float(np.dot(weight, s.mean)) / n
    scaled = Spends(s.x, s.mean / scale, weight)

    def objective(theta: Floats) -> tuple[float, Floats]:
        p, q, gamma = np.exp(theta)
        ll, grad = _terms(p, q, gamma, scaled, gradient=True)
        assert grad is not None
        return -float(np.dot(weight, ll)) / n, -(grad @ weight) * np.exp(theta) / n

    optimum = minimise(objective, ("p", "q", "gamma"), "Gamma-Gamma", _HINT)
    p, q, gamma = (float(v) for v in np.exp(np.asarray(optimum.log_params)))
    params = GammaGammaParams(p=p, q=q, gamma=gamma * scale)
    ll, _ = _terms(params.p, params.q, params.gamma, s, gradient=False)
    return GammaGammaFit(
        params=params,
        log_likelihood=float(np.dot(weight, ll)),
        customers=s.customers,
        iterations=optimum.iterations,
    )
