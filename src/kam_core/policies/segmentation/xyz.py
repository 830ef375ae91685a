"""XYZ analysis: how steady a client's monthly revenue is."""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, getcontext, localcontext
from operator import mul
from typing import Annotated, Any, ClassVar, Literal, Self

import attrs
from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, Decision
from kam_core._domain.client import Client
from kam_core._money import trusted_money
from kam_core._stats.client_stats import ClientStats
from kam_core._time import Month
from kam_core.policies._engine import reason
from kam_core.policies.segmentation._base import (
    ClientsArg,
    Fitted,
    Population,
    Segmentation,
    compact_orders,
    population_as_of,
)
from kam_core.policies.segmentation._shared import (
    _DIGITS_18,
    _HUNDRED,
    _POW10,
    _PREC,
    _SAFE_EXP,
    _SAFE_PREC,
    _ZERO,
    FAILED,
    PASSED,
    UNKNOWN,
    _dec,
    _percent,
    _unknown,
)

__all__ = [
    "FittedXyz",
    "Xyz",
]


def _xyz_window(as_of: date, months: int) -> tuple[Month, ...]:
    """The ``months`` complete calendar months ending on or before ``as_of``."""
    current = Month.of(as_of)
    last = current if as_of == current.last_day else current - 1
    return tuple(last - i for i in range(months - 1, -1, -1))


class Xyz(Segmentation):
    """XYZ analysis: how steady the client's monthly revenue is.

    The coefficient of variation (population standard deviation ÷ mean) of the revenue
    of each of the last ``months`` *complete* calendar months — the months whose last
    day is on or before ``as_of`` (so as of 24 November the window ends with October;
    as of 30 November it ends with November).  Months without orders count as zero.
    X when CV ≤ ``x_max``, Y when CV ≤ ``y_max``, Z above; compared exactly
    (``n·Σx² − (Σx)² ≤ t²·(Σx)²``), the CV shown is rounded.  A client whose first
    order falls after the window's first month has too little history: UNKNOWN, not Z.

    >>> from kam_core import ClientStats
    >>> orders = tuple((date(2026, m, 10), Decimal(100 if m % 2 else 120)) for m in range(1, 13))
    >>> s = ClientStats("C1", date(2026, 12, 31), "RUB", orders)
    >>> d = Xyz().segment([s])["C1"]
    >>> d.outcome, d.criteria[0].observed
    ('X', Decimal('0.0909'))
    >>> Xyz.preset("b2b").x_max, Xyz.preset("b2b").y_max
    (0.25, 0.5)
    """

    kind: Literal["xyz"] = "xyz"
    months: Annotated[int, Field(ge=2, le=120, strict=True)] = 12
    """How many complete calendar months up to ``as_of`` the CV is computed over."""
    x_max: Annotated[float, Field(ge=0, le=100)] = 0.10
    """Highest coefficient of variation of class X (steady demand)."""
    y_max: Annotated[float, Field(ge=0, le=100)] = 0.25
    """Highest coefficient of variation of class Y; above it, Z."""

    PRESETS: ClassVar[dict[str, dict[str, float]]] = {
        "classic": {"x_max": 0.10, "y_max": 0.25},
        "b2b": {"x_max": 0.25, "y_max": 0.50},
    }

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.x_max <= self.y_max:
            raise ValueError(f"x_max={self.x_max!r}: must not exceed y_max={self.y_max!r}")
        return self

    @classmethod
    def preset(cls, name: str) -> Xyz:
        """``"classic"`` (X ≤ 10 %, Y ≤ 25 %) or the looser ``"b2b"`` (25 % / 50 %)."""
        try:
            return cls.model_validate(cls.PRESETS[name])
        except KeyError:
            raise ValueError(f"name={name!r}: expected one of {sorted(cls.PRESETS)}") from None

    def window(self, as_of: date) -> tuple[Month, ...]:
        """The complete months the CV is computed over.

        >>> [str(m) for m in Xyz(months=3).window(date(2026, 11, 24))]
        ['2026-08', '2026-09', '2026-10']
        """
        return _xyz_window(as_of, self.months)

    def fit(self, population: Population, *, clients: ClientsArg = None) -> FittedXyz:
        """XYZ learns nothing from the population; the fitted object fixes ``as_of``."""
        _, as_of = population_as_of(population)
        return FittedXyz(policy=self, as_of=as_of)


# The fitted object's derived tables, each built once by attrs in field order (a factory
# reads the fields before it): the window and its limits first, then the day tables.


def _window_of(fitted: FittedXyz) -> tuple[Month, ...]:
    return fitted.policy.window(fitted.as_of)


def _limits_of(fitted: FittedXyz) -> tuple[Decimal, Decimal]:
    return _dec(fitted.policy.x_max), _dec(fitted.policy.y_max)


def _firsts(window: tuple[Month, ...]) -> list[int]:
    """The ordinal first day of every window month and of the month after it."""
    return [m.first_day.toordinal() for m in (*window, window[-1] + 1)]


def _month_of_day(fitted: FittedXyz) -> tuple[int, ...]:
    firsts = _firsts(fitted._window)
    return tuple(i for i, (a, b) in enumerate(itertools.pairwise(firsts)) for _ in range(b - a))


def _window_start(fitted: FittedXyz) -> int:
    return _firsts(fitted._window)[0]


def _second_month(fitted: FittedXyz) -> int:
    return _firsts(fitted._window)[1]


def _limit_ratios(fitted: FittedXyz) -> tuple[tuple[int, int], tuple[int, int]]:
    x, y = fitted._limits
    return x.as_integer_ratio(), y.as_integer_ratio()


@attrs.frozen
class FittedXyz(Fitted):
    """An :class:`Xyz` fixed to one ``as_of``: its window of complete months.

    >>> from kam_core import ClientStats
    >>> Xyz().fit([ClientStats.empty("C1", date(2026, 11, 24), "RUB")]).thresholds()["last"]
    '2026-10'
    """

    policy: Xyz
    _window: tuple[Month, ...] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_window_of, takes_self=True)
    )
    _limits: tuple[Decimal, Decimal] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_limits_of, takes_self=True)
    )
    _month_of: tuple[int, ...] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_month_of_day, takes_self=True)
    )
    """Window month (0 … months-1) of each day of the window, by ordinal - ``_start``."""
    _start: int = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_window_start, takes_self=True)
    )
    _second: int = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_second_month, takes_self=True)
    )
    """First day (ordinal) of the window's second month: an earlier first order is needed."""
    _ratios: tuple[tuple[int, int], tuple[int, int]] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_limit_ratios, takes_self=True)
    )
    """The X and Y limits as exact integer ratios (p, q)."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FittedXyz:
        """Rebuild from :meth:`to_dict`: an equal fitted object."""
        return cls(policy=Xyz.load(data["policy"]), as_of=date.fromisoformat(data["as_of"]))

    def thresholds(self) -> dict[str, Any]:
        """The window and the X / Y limits."""
        window = self.policy.window(self.as_of)
        return {
            "first": str(window[0]),
            "last": str(window[-1]),
            "x_max": str(_dec(self.policy.x_max)),
            "y_max": str(_dec(self.policy.y_max)),
        }

    def _classify(self, stats: ClientStats) -> tuple[str, tuple[Decimal, ...], Decimal, Decimal]:
        """The class, the monthly series, its sum and ``n·Σx² − (Σx)²``.

        The class is UNKNOWN without orders, with too little history (the first order
        after the window's first month) or with nothing bought in the window.
        """
        window = self._window
        first_order = stats.first_order_on
        if first_order is None or Month.of(first_order) > window[0]:
            return UNKNOWN, (), _ZERO, _ZERO
        series = stats.monthly_amounts(window)
        with localcontext() as ctx:
            ctx.prec = _PREC
            s1 = sum(series, _ZERO)
            if s1 == 0:
                return UNKNOWN, series, s1, _ZERO
            s2 = sum((x * x for x in series), _ZERO)
            spread = len(series) * s2 - s1 * s1  # n² · variance, exact
            top = s1 * s1
            x, y = self._limits
            label = "X" if spread <= x * x * top else "Y" if spread <= y * y * top else "Z"
        return label, series, s1, spread

    def label(self, stats: ClientStats, *, client: Client | None = None) -> Any:
        """The class :meth:`assign` gives, without building its explanation.

        >>> from kam_core import ClientStats
        >>> orders = tuple((date(2025, m, 10), Decimal(100)) for m in range(1, 13))
        >>> s = ClientStats("C1", date(2026, 1, 1), "RUB", orders)
        >>> Xyz().fit([s]).label(s)
        'X'
        """
        self.check(stats, client)
        read = self._integer_class(stats)
        return self._classify(stats)[0] if read is None else read[0]

    def label_facts(self, stats: ClientStats, *, client: Client | None = None) -> tuple[Any, Any]:
        """The class and, where the integer path read it, the window's sums it was read
        from (for :meth:`explain`); None facts where the Decimal path decides."""
        self.check(stats, client)
        read = self._integer_class(stats)
        if read is None:
            return self._classify(stats)[0], None
        return read

    def _integer_class(self, stats: ClientStats) -> tuple[str, tuple[int, int, int] | None] | None:
        """:meth:`_classify`'s class from the compact store in integer arithmetic.

        The monthly sums of the window are summed as integer coefficients at the
        window's smallest exponent, and CV ≤ t is read as
        ``q²·(n·Σx² − (Σx)²) ≤ p²·(Σx)²`` with t = p/q: the comparison is scale-free
        and exact.  None (let the Decimal path decide) when the Decimal path could
        round — amounts beyond 18 digits, a positive exponent, a context without room —
        so the answer is always the Decimal path's.  With the class come the facts
        :meth:`explain` formats: ``(Σx, n·Σx² − (Σx)², exponent)`` in those integer
        coefficients (None for an UNKNOWN class, whose explanation reads no sums).
        """
        orders = compact_orders(stats)
        if orders is None or stats.return_count:
            return None  # returns change the monthly sums: the Decimal path nets them
        days = orders.days
        if not days or days[0] >= self._second:
            return UNKNOWN, None  # no orders, or the first one after the window's first month
        start, month_of = self._start, self._month_of
        lo = bisect_left(days, start)
        hi = bisect_left(days, start + len(month_of), lo)
        if lo == hi:
            return UNKNOWN, None  # nothing bought in the window
        exps = orders.exps[lo:hi]
        low = high = exps[0]
        if exps.count(low) != hi - lo:  # mixed exponents: scale to the smallest
            low, high = min(exps), max(exps)
        ctx = getcontext()
        if high > 0 or ctx.prec < _SAFE_PREC or ctx.Emax < _SAFE_EXP or ctx.Emin > -_SAFE_EXP:
            return None
        coefs: Sequence[int] = orders.coefs[lo:hi]
        if low != high:
            coefs = [c * _POW10[e - low] for c, e in zip(coefs, exps, strict=True)]
        if sum(map(abs, coefs)) >= _DIGITS_18:
            return None
        sums = [0] * len(self._window)
        for day, coef in zip(days[lo:hi], coefs, strict=True):
            sums[month_of[day - start]] += coef
        s1 = sum(sums)
        if not s1:
            return UNKNOWN, None
        spread = len(sums) * sum(map(mul, sums, sums)) - s1 * s1
        return self._integer_label(s1, spread), (s1, spread, low)

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's XYZ class, with the monthly series' mean and CV."""
        return self.explain(stats, None, client=client)

    def explain(
        self, stats: ClientStats, facts: Any, *, client: Client | None = None
    ) -> Decision[Any]:
        """:meth:`assign` from the sums the labelling pass read (as :meth:`label_facts`
        keeps them); None reads the monthly series again.

        The mean and the CV come out the same either way: the integer sums are the
        Decimal ones scaled by a power of ten, which the CV does not see and the mean
        undoes, and both are rounded to fixed places.
        """
        if facts is not None:
            self.check(stats, client)
            s1, spread, low = facts
            label = self._integer_label(s1, spread)
            coef = Decimal(s1)
            return self._explained(stats, label, coef.scaleb(low), Decimal(spread), coef)
        self.check(stats, client)
        policy = self.policy
        window = self._window
        first_order = stats.first_order_on
        if first_order is None:
            return _unknown(policy, stats, "history", reason("xyz.no_orders"))
        if Month.of(first_order) > window[0]:
            why = reason("xyz.history.short", first_order=first_order, first=str(window[0]))
            return _unknown(policy, stats, "history", why)
        label, series, s1, spread = self._classify(stats)
        if s1 == 0:
            span = {"months": len(series), "first": str(window[0]), "last": str(window[-1])}
            return _unknown(policy, stats, "history", reason("xyz.window.empty", **span))
        return self._explained(stats, label, s1, spread, s1)

    def _integer_label(self, s1: int, spread: int) -> str:
        """The class of the integer sums :meth:`_integer_class` read."""
        top = s1 * s1
        (px, qx), (py, qy) = self._ratios
        if spread * qx * qx <= px * px * top:
            return "X"
        return "Y" if spread * qy * qy <= py * py * top else "Z"

    def _explained(
        self, stats: ClientStats, label: str, s1: Decimal, spread: Decimal, scaled: Decimal
    ) -> Decision[Any]:
        """The decision of a class read from the window's sum ``s1`` and ``n·Σx² − (Σx)²``.

        ``spread`` and ``scaled`` (the sum) may both be in units of 10ᵏ (``spread`` in
        10²ᵏ): the CV, ``√spread ÷ scaled``, does not see the scale."""
        policy = self.policy
        window = self._window
        n = Decimal(len(window))
        span = {"months": len(window), "first": str(window[0]), "last": str(window[-1])}
        x, y = self._limits
        with localcontext() as ctx:
            ctx.prec = _PREC
            mean = s1 / n
        with localcontext() as ctx:
            ctx.prec = 28
            cv = (spread.sqrt() / scaled).quantize(Decimal("0.0001"))
        mean_money = trusted_money(mean.quantize(Decimal("0.01")), stats.currency)
        why = reason(
            "xyz.class",
            **span,
            mean=mean_money,
            cv_pct=(cv * _HUNDRED).quantize(Decimal("0.01")),
            x_pct=_percent(x),
            y_pct=_percent(y),
            label=label,
        )
        return Decision(
            label,
            criteria=(
                CriterionResult(
                    "coefficient_of_variation",
                    PASSED if label == "X" else FAILED,
                    observed=cv,
                    threshold=(x, y),
                ),
            ),
            reasons=(why,),
            policy=policy.ref,
            as_of=stats.as_of,
            subject=stats.client_id,
        )


# --------------------------------------------------------------------------------------
# ABC × XYZ


def limit_ratios(fitted: FittedXyz) -> tuple[tuple[int, int], tuple[int, int]]:
    """The X and Y limits as exact ratios ``(p, q)``: for a columnar labeller that
    compares coefficients of variation with integer arithmetic."""
    return fitted._ratios
