"""The one optimiser both fits use: bounded SLSQP in log-parameters, fixed start and budget.

Determinism: the start (every log-parameter 0), the bounds, the tolerance and the
iteration budget are constants; the objective is summed in one fixed order over data
the callers sort; SLSQP has no randomness.  Same input, same numpy and scipy, same
platform → bit-identical parameters.

The objective is the *mean* negative log-likelihood per customer, so the tolerances do
not depend on the size of the book: SLSQP stops when an iteration changes it by less
than 1e-15 (``ftol``), after at most 2 000 iterations.  A run is accepted only when
its largest gradient component is then at most 1e-6 (a line search that cannot
improve the last digits of a converged objective is fine; one that stopped far from a
stationary point is not) and no parameter sits on a bound of [e^-12, e^12] (scaled
units).  Anything else is refused with :class:`~kam_core.errors.PolicyEvaluationError`.

Why SLSQP and not L-BFGS-B: scipy's L-BFGS-B calls LAPACK through the BLAS library at
every iteration, and with a multi-threaded OpenBLAS on a busy machine those tiny calls
cost more than the whole fit (CDNOW: 252 ms against 9 ms with one BLAS thread).
Limiting BLAS threads would be a process-wide switch, which a library never flips;
SLSQP makes no such calls (6 ms) and reaches the same optimum.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from kam_core.errors import PolicyEvaluationError

__all__ = ["BOUND", "GRADIENT_LIMIT", "Optimum", "minimise"]

BOUND = 12.0
"""Every log-parameter stays in [-12, 12]: parameters in [6e-6, 1.6e5] (scaled units)."""
GRADIENT_LIMIT = 1e-6
"""The largest gradient component (mean log-likelihood, log-parameters) a fit may end with."""
_OPTIONS = {"maxiter": 2000, "ftol": 1e-15}
_EDGE = 1e-6

Objective = Callable[[NDArray[np.float64]], tuple[float, NDArray[np.float64]]]


@attrs.frozen
class Optimum:
    """Where the optimiser stopped: log-parameters, objective, iterations, gradient."""

    log_params: tuple[float, ...]
    objective: float
    iterations: int
    gradient: float
    """The largest absolute gradient component at the optimum."""


def minimise(objective: Objective, names: Sequence[str], model: str, hint: str) -> Optimum:
    """Minimise ``objective`` (value and gradient) from all log-parameters 0.

    ``names`` name the parameters in refusals, ``model`` the model; ``hint`` says
    what a parameter running off to 0 or ∞ means for the data.
    """
    start = np.zeros(len(names))
    result = minimize(
        objective,
        start,
        jac=True,
        method="SLSQP",
        bounds=[(-BOUND, BOUND)] * len(names),
        options=_OPTIONS,
    )
    theta = np.asarray(result.x, dtype=np.float64)
    value, grad = objective(theta)
    steepest = float(np.max(np.abs(grad)))
    if not np.isfinite(value) or not np.all(np.isfinite(theta)):
        raise PolicyEvaluationError(
            f"the {model} fit did not converge: the log-likelihood is not finite ({result.message})"
        )
    at_edge = [n for n, t in zip(names, theta, strict=True) if abs(abs(t) - BOUND) < _EDGE]
    if at_edge:
        side = ["→ 0" if t < 0 else "→ ∞" for t in theta if abs(abs(t) - BOUND) < _EDGE]
        runaway = ", ".join(f"{n} {s}" for n, s in zip(at_edge, side, strict=True))
        raise PolicyEvaluationError(
            f"the {model} fit did not converge: {runaway} (ran to the edge of the range "
            f"the fit searches), so the book does not pin the model down: {hint}"
        )
    if steepest > GRADIENT_LIMIT:
        raise PolicyEvaluationError(
            f"the {model} fit did not converge after {int(result.nit)} iterations: "
            f"the gradient is still {steepest:.2g} (at most {GRADIENT_LIMIT:g} is "
            f"accepted); the optimiser says: {result.message}"
        )
    return Optimum(tuple(float(t) for t in theta), float(value), int(result.nit), steepest)
