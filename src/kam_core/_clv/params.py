"""Fitted BG/NBD and Gamma-Gamma parameters and what they say about one customer.

A customer's history is ``(x, t_x, T)`` in one time unit: ``x`` repeat purchases
(purchase occasions after the first), ``t_x`` the time from the first purchase to
the last, ``T`` the time from the first purchase to the end of observation.

Everything here is plain ``math`` (the hypergeometric function of
:meth:`BgNbdParams.expected_purchases` is a series of our own, see :func:`_hyp_term`),
so a fitted model judges clients without numpy or scipy.  The formulas: Fader,
Hardie & Lee (2005), "Counting your customers the easy way", eqs. (9) and (10);
Hardie's note "Computing P(alive) using the BG/NBD model"; Fader & Hardie (2013),
"The Gamma-Gamma model of monetary value".
"""

from __future__ import annotations

import math

import attrs

from kam_core.errors import KamError, PolicyEvaluationError

__all__ = ["BgNbdParams", "ClvUnavailableError", "GammaGammaParams", "require_numerics"]

_SERIES_TERMS = 1_000_000
"""The hypergeometric series converges within this many terms whenever 1 − z > 5e-5:
a horizon shorter than 20 000 × (α + T), far beyond any book's."""
_EPS = 2.0**-52
_TINY = 1e-300
"""A tail below this is nothing next to any expectation (and keeps subnormals from stalling)."""


class ClvUnavailableError(KamError, ImportError):
    """numpy or scipy is missing: P(alive) needs the optional extra ``kam_core[clv]``.

    >>> issubclass(ClvUnavailableError, ImportError)
    True
    """


def require_numerics() -> None:
    """Import numpy and scipy, or raise :class:`ClvUnavailableError` naming the extra.

    >>> require_numerics()  # the test environment has the extra
    """
    try:
        import numpy  # noqa: F401
        import scipy.optimize
        import scipy.special  # noqa: F401
    except ImportError as exc:  # pragma: no cover - run in a subprocess without scipy
        missing = (exc.name or "scipy").partition(".")[0]
        raise ClvUnavailableError(
            f"P(alive) needs numpy and scipy ({missing} is missing): pip install 'kam_core[clv]'"
        ) from None


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (isinstance(value, float) and math.isfinite(value) and value > 0):
        raise ValueError(f"{attribute.name}={value!r}: expected a finite float above 0")


@attrs.frozen
class BgNbdParams:
    """The four BG/NBD parameters: purchase rates ~ Gamma(r, α), dropout ~ Beta(a, b).

    ``alpha`` is in the time unit the model was fitted in; ``r``, ``a`` and ``b`` do
    not depend on it.  The paper's CDNOW estimates (weeks):

    >>> m = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> round(m.p_alive(x=2, t_x=30.43, T=38.86), 3)      # customer 1 of the sample
    0.727
    >>> m.p_alive(x=0, t_x=0.0, T=38.86)                   # never bought again: alive
    1.0
    >>> round(m.expected_purchases(39.0), 3)               # a new customer, 39 weeks
    1.197
    >>> round(m.expected_purchases(39.0, x=2, t_x=30.43, T=38.86), 3)
    1.226
    """

    r: float = attrs.field(validator=_positive)
    alpha: float = attrs.field(validator=_positive)
    a: float = attrs.field(validator=_positive)
    b: float = attrs.field(validator=_positive)

    def as_dict(self) -> dict[str, float]:
        """``{"r", "alpha", "a", "b"}``: the parameters by their names in the paper."""
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}

    def _log_odds_gone(self, x: int, t_x: float, T: float) -> float:
        """log(P(gone) / P(alive)) of a customer with ``x ≥ 1`` repeat purchases."""
        alpha = self.alpha
        return (
            math.log(self.a)
            - math.log(self.b + x - 1)
            + (self.r + x) * math.log1p((T - t_x) / (alpha + t_x))
        )

    def p_alive(self, x: int, t_x: float, T: float) -> float:
        """P(the customer is still alive at ``T``), in [0, 1].

        In BG/NBD a customer may drop out only right after a purchase, so a customer
        with no repeat purchase (``x == 0``) is alive with probability 1.
        """
        if x == 0:
            return 1.0
        odds = self._log_odds_gone(x, t_x, T)
        if odds > 0:  # 1 / (1 + e^odds) without overflow
            tiny = math.exp(-odds)
            return tiny / (1.0 + tiny)
        return 1.0 / (1.0 + math.exp(odds))

    def expected_purchases(
        self, t: float, *, x: int = 0, t_x: float = 0.0, T: float = 0.0
    ) -> float:
        """Expected purchases in the next ``t`` time units, given the history.

        With no history (the defaults) this is E[X(t)] for a customer just acquired
        (the paper's eq. 9); with ``(x, t_x, T)`` it is E[Y(t) | x, t_x, T] (eq. 10).
        The formula is rewritten so that it stays exact near ``a = 1`` and for any
        ``x`` (see :func:`_hyp_term`).
        """
        if t <= 0:
            return 0.0
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        c = a + b + x - 1.0  # > -1 always
        eps = a - 1.0
        z = t / (alpha + T + t)
        log_keep = -math.log1p(t / (alpha + T))  # log(1 - z), exactly
        # (c / eps) * [1 - (1 - z)^eps * 2F1(a + b - 1 - r, eps; c; z)]
        numerator = _hyp_term(a + b - 1.0 - r, eps, c, z, log_keep)
        # E[Y(t) | x, t_x, T] = the bracket × P(alive): dividing by 1 + odds would overflow
        return numerator * self.p_alive(x, t_x, T)


def _phi(eps: float, log_keep: float) -> float:
    """expm1(eps · L) / eps, continuous at eps = 0 (where it is L)."""
    if eps == 0.0:
        return log_keep
    return math.expm1(eps * log_keep) / eps


def _hyp_term(big_a: float, eps: float, c: float, z: float, log_keep: float) -> float:
    """(c / ε) · [1 − (1 − z)^ε · ₂F₁(A, ε; c; z)] for 0 < z < 1, with L = log(1 − z).

    This is the bracket of the BG/NBD expectations after Euler's transformation
    ₂F₁(r + x, b + x; c; z) = (1 − z)^(ε − r − x) ₂F₁(A, ε; c; z), with ε = a − 1,
    A = a + b − 1 − r, c = a + b + x − 1.  Written as

        −c · expm1(ε L) / ε − e^(ε L) · Σ_{k ≥ 1} (A)_k (ε + 1)_{k−1} z^k / ((c + 1)_{k−1} k!)

    it divides by neither ε nor c, so it is exact at a = 1 and for c near 0, and no
    term grows with x: the textbook form needs ₂F₁(r + x, b + x; c; z), which
    overflows for large x, and scipy's ``hyp2f1`` returns inf or nan for large c once
    z > 0.9 (e.g. ₂F₁(1, 1; 101; 0.95)).  The series is summed until the bound on
    its tail (the last term × ρ / (1 − ρ), ρ the larger of the last ratio and z) is
    below one ulp of the result: a few terms when c is large, about 40 / (1 − z) when
    it is small.
    """
    head = -c * _phi(eps, log_keep)
    keep = math.exp(eps * log_keep)
    term = big_a * z
    total = term
    k = 1
    previous = math.inf
    while True:
        ratio = (big_a + k) * (eps + k) / ((c + k) * (k + 1)) * z
        term *= ratio
        total += term
        k += 1
        bound = max(abs(ratio), z)
        settled = abs(ratio) <= previous or abs(ratio) <= z  # ratios falling or below z
        previous = abs(ratio)
        if settled and bound < 1.0:
            tail = abs(term) * bound / (1.0 - bound)
            if tail <= _EPS * max(abs(total), abs(head)) or tail < _TINY:
                break
        if k >= _SERIES_TERMS:
            raise PolicyEvaluationError(
                f"expected purchases over a horizon {z / (1.0 - z):.3g} times the client's "
                f"time scale do not converge in {k} terms: choose a shorter horizon"
            )
    return head - keep * total


@attrs.frozen
class GammaGammaParams:
    """Gamma-Gamma spend: ``p`` shape of a transaction, scale ~ Gamma(q, γ).

    ``gamma`` is in the currency's units.  Fader & Hardie's CDNOW estimates:

    >>> m = GammaGammaParams(p=6.25, q=3.74, gamma=15.44)
    >>> round(m.population_mean, 2)                    # E(M) of a new customer, USD
    35.22
    >>> round(m.expected_spend(x=2, mean=22.35), 2)    # customer 1 of the sample
    24.66
    """

    p: float = attrs.field(validator=_positive)
    q: float = attrs.field(validator=_positive)
    gamma: float = attrs.field(validator=_positive)

    def as_dict(self) -> dict[str, float]:
        """``{"p", "q", "gamma"}``: the parameters by their names in the note."""
        return {"p": self.p, "q": self.q, "gamma": self.gamma}

    @property
    def population_mean(self) -> float | None:
        """E(M) of a customer with no repeat purchase: pγ / (q − 1); None when q ≤ 1."""
        if self.q <= 1.0:
            return None
        return self.p * self.gamma / (self.q - 1.0)

    def expected_spend(self, x: int, mean: float) -> float | None:
        """E(M | x, m_x): expected average spend per purchase after ``x`` repeat ones.

        A weighted average of the population mean and the customer's own ``mean``
        of ``x`` repeat purchases: p(γ + x·m_x) / (px + q − 1).  With ``x == 0`` it
        is :attr:`population_mean`; None when the model gives no finite mean.
        """
        if x == 0:
            return self.population_mean
        denominator = self.p * x + self.q - 1.0
        if denominator <= 0.0:
            return None
        return self.p * (self.gamma + x * mean) / denominator
