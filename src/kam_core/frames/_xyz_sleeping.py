"""Columnar labels of :class:`~kam_core.policies.Xyz` and :class:`~kam_core.policies.Sleeping`.

Second implementations, in polars, of ``fit`` + ``label`` of the two policies: every
client gets exactly the label the Python policy gives (see :mod:`kam_core.frames._columnar`
for the contract).  Both mirror the integer paths of the Python code:

- XYZ sums the window's integer coefficients (``amount.to_physical()``, Int128) per
  month and reads CV ≤ t = p/q as ``q²·(n·Σx² − (Σx)²) ≤ p²·(Σx)²``.  That product does
  not fit 128 bits, so it is compared as ``spread − p²·a ≤ ⌊p²·b / q²⌋`` with
  ``(Σx)² = a·q² + b``: exact while a client's window sums to under 10**18 coefficients
  (the rare larger client is classified in Python integers, row by row).
- Sleeping compares ``2·q·gap > p·k`` with k twice the median gap (an integer), and the
  fallback thresholds are the nearest-rank percentiles of the population's pooled gaps,
  rank ``⌈P·n / 100⌉`` in integers.

Configurations or Decimal contexts the Python code would not answer with its integer
maths are refused (None): the caller then takes the Python path.  polars is imported
inside the functions only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import getcontext
from typing import TYPE_CHECKING, Any

from kam_core.frames._columnar import Labeller
from kam_core.policies.segmentation import UNKNOWN, FittedXyz, Xyz
from kam_core.policies.segmentation.sleeping import Sleeping
from kam_core.policies.segmentation.xyz import limit_ratios

if TYPE_CHECKING:
    import polars as pl

__all__ = ["LABELLERS", "label_sleeping", "label_xyz"]

_INT128_SAFE = 10**38
"""Every intermediate of the XYZ comparison stays below this (Int128 holds 1.7e38)."""
_SMALL_WINDOW = 9 * 10**17
"""A client whose window coefficients sum (as a float) to less is classified in Int128."""
_EPOCH = date(1970, 1, 1)
_SHIFT, _HALF = 2**32, 2**31
"""Packs (client row, day or gap) into one Int64: ``row · 2**32 + value``."""
_XYZ_PREC, _XYZ_EXP = 19, 10_000
_SLEEPING_PREC, _SLEEPING_EXP = 28, 10_000


def _roomy(prec: int, exp: int) -> bool:
    """Whether the current Decimal context lets the Python policy take its integer path."""
    ctx = getcontext()
    return ctx.prec >= prec and ctx.Emax >= exp and ctx.Emin <= -exp


# -- XYZ --------------------------------------------------------------------------------


def _xyz_class(sums: Sequence[int], months: int, ratios: Sequence[tuple[int, int]]) -> str:
    """The XYZ class of monthly sums (integer coefficients) with a positive total, exactly."""
    s1 = sum(sums)
    spread = months * sum(x * x for x in sums) - s1 * s1
    top = s1 * s1
    (px, qx), (py, qy) = ratios
    if spread * qx * qx <= px * px * top:
        return "X"
    return "Y" if spread * qy * qy <= py * py * top else "Z"


def _within(limit: tuple[int, int], months: int) -> pl.Expr | None:
    """``spread·q² ≤ p²·top`` of the columns ``spread`` and ``top`` (Int128), exactly.

    True for every client when t² ≥ months − 1 (the CV of non-negative amounts never
    exceeds √(months − 1)); None when the limit has too many digits for 128 bits.
    """
    import polars as pl

    p, q = limit
    if p * p >= (months - 1) * q * q:
        return pl.lit(True)
    if p * p * q * q >= _INT128_SAFE:
        return None
    g, q2 = pl.lit(p * p, dtype=pl.Int128), pl.lit(q * q, dtype=pl.Int128)
    top = pl.col("top")
    return pl.col("spread") - g * (top // q2) <= (g * (top % q2)) // q2


def label_xyz(
    policy: Xyz, orders: pl.LazyFrame, population: pl.LazyFrame, as_of: date
) -> pl.LazyFrame | None:
    """:class:`~kam_core.policies.Xyz`'s labels (``X``/``Y``/``Z``/``unknown``) in polars.

    None when the Decimal context would send the Python policy off its integer path
    or a limit has too many digits to compare in 128 bits.
    """
    import polars as pl

    if not _roomy(_XYZ_PREC, _XYZ_EXP):
        return None
    fitted = FittedXyz(policy=policy, as_of=as_of)
    window = fitted.policy.window(as_of)
    months = len(window)
    ratios = limit_ratios(fitted)
    within = [_within(r, months) for r in ratios]
    if within[0] is None or within[1] is None:
        return None
    start, second = window[0].first_day, window[1].first_day
    end = (window[-1] + 1).first_day
    key = population.collect_schema()["client_id"]  # String, or the caller's integer key
    day = pl.col("closed_on")
    in_window = (day >= start) & (day < end)
    month = day.dt.year().cast(pl.Int32) * 12 + day.dt.month().cast(pl.Int32)
    coef = pl.col("amount").to_physical()
    windowed = orders.filter(in_window).select(
        "client_id", (month - (start.year * 12 + start.month)).alias("m"), coef.alias("coef")
    )
    early = (
        orders.filter(day < second)
        .select("client_id")
        .unique()
        .with_columns(pl.lit(True).alias("early"))
    )
    s = pl.col("s")
    per_client = (
        windowed.group_by("client_id", "m")
        .agg(pl.col("coef").sum().alias("s"), pl.col("coef").cast(pl.Float64).sum().alias("f"))
        .group_by("client_id")
        .agg(s.sum().alias("s1"), (s * s).sum().alias("s2"), pl.col("f").sum().alias("f"))
        .with_columns(
            (months * pl.col("s2") - pl.col("s1") * pl.col("s1")).alias("spread"),
            (pl.col("s1") * pl.col("s1")).alias("top"),
        )
    )
    x_ok, y_ok = within
    small = (
        pl.when(pl.col("s1").is_null() | (pl.col("s1") == 0))
        .then(pl.lit(UNKNOWN))
        .when(x_ok)
        .then(pl.lit("X"))
        .when(y_ok)
        .then(pl.lit("Y"))
        .otherwise(pl.lit("Z"))
    )
    big = (
        windowed.join(
            per_client.filter(pl.col("f") >= _SMALL_WINDOW).select("client_id"),
            on="client_id",
            how="semi",
        )
        .group_by("client_id")
        .agg("m", "coef")
        .map_batches(
            lambda frame: _big_classes(frame, months, ratios, key),
            schema={"client_id": key, "big": pl.String},
        )
    )
    return (
        population.join(early, on="client_id", how="left", maintain_order="left")
        .join(per_client, on="client_id", how="left", maintain_order="left")
        .join(big, on="client_id", how="left", maintain_order="left")
        .select(
            "client_id",
            pl.when(pl.col("early").is_null())
            .then(pl.lit(UNKNOWN))
            .when(pl.col("big").is_not_null())
            .then(pl.col("big"))
            .otherwise(small)
            .alias("label"),
        )
    )


def _big_classes(
    frame: pl.DataFrame, months: int, ratios: Sequence[tuple[int, int]], key: Any
) -> pl.DataFrame:
    """The XYZ class of each client whose window is too large for Int128, in Python ints."""
    import polars as pl

    ids, classes = [], []
    for client_id, ms, coefs in frame.iter_rows():
        sums = [0] * months
        for m, c in zip(ms, coefs, strict=True):
            sums[m] += c
        ids.append(client_id)
        classes.append(_xyz_class(sums, months, ratios))
    return pl.DataFrame(
        {"client_id": ids, "big": classes}, schema={"client_id": key, "big": pl.String}
    )


# -- Sleeping ---------------------------------------------------------------------------


def label_sleeping(
    policy: Sleeping, orders: pl.LazyFrame, population: pl.LazyFrame, as_of: date
) -> pl.LazyFrame | None:
    """:class:`~kam_core.policies.Sleeping`'s labels (``active`` … ``no_orders``) in polars.

    None when the Decimal context would send the Python policy off its integer path.
    """
    import polars as pl

    if not _roomy(_SLEEPING_PREC, _SLEEPING_EXP):
        return None
    (pd, qd), (ps, qs), (pl_, ql) = (
        f.as_integer_ratio() for f in (policy.drowsy, policy.sleeping, policy.lost)
    )
    lost_after = policy.lost_after_days
    today = (as_of - _EPOCH).days  # as_of as polars stores a Date: days since 1970-01-01
    days = _order_days(orders, population)
    ladder = (
        days.select(pl.col("gap").drop_nulls().value_counts(sort=False))
        .unnest("gap")
        .sort("gap")
        .with_columns(pl.col("count").cum_sum().alias("seen"))
    )
    pooled = pl.col("count").sum()
    picks = []
    for name, percentile in zip(("fd", "fs", "fl"), policy.fallback_percentiles, strict=True):
        num, den = percentile.as_integer_ratio()
        rank = ((num * pooled + (den * 100 - 1)) // (den * 100)).clip(lower_bound=1)
        picks.append(pl.col("gap").filter(pl.col("seen") >= rank).first().alias(name))
    fallback = ladder.select(*picks)
    last_day = days.filter(pl.col("i") != pl.col("i").shift(-1).fill_null(-1)).select(
        "i", (today - pl.col("d")).alias("gap"), (pl.col("r") - pl.col("start") + 1).alias("n")
    )
    rhythms = (
        population.with_row_index("i")
        .with_columns(pl.col("i").cast(pl.Int64))
        .join(last_day, on="i", how="left", maintain_order="left")
        .join(_twice_median(days), on="i", how="left", maintain_order="left")
    )
    gap = pl.col("gap")
    k = pl.col("k")
    over = gap > lost_after
    own = (
        pl.when((2 * ql * gap > pl_ * k) | over)
        .then(pl.lit("lost"))
        .when(2 * qs * gap > ps * k)
        .then(pl.lit("sleeping"))
        .when(2 * qd * gap > pd * k)
        .then(pl.lit("drowsy"))
        .otherwise(pl.lit("active"))
    )
    shared = (
        pl.when(pl.col("fl").is_null())
        .then(pl.when(over).then(pl.lit("lost")).otherwise(pl.lit("unknown")))
        .when((gap > pl.col("fl")) | over)
        .then(pl.lit("lost"))
        .when(gap > pl.col("fs"))
        .then(pl.lit("sleeping"))
        .when(gap > pl.col("fd"))
        .then(pl.lit("drowsy"))
        .otherwise(pl.lit("active"))
    )
    return rhythms.join(fallback, how="cross", maintain_order="left").select(
        "client_id",
        pl.when(gap.is_null())
        .then(pl.lit("no_orders"))
        .when(pl.col("n") >= policy.min_orders)
        .then(own)
        .otherwise(shared)
        .alias("label"),
    )


def _order_days(orders: pl.LazyFrame, population: pl.LazyFrame) -> pl.LazyFrame:
    """Each population client's distinct order days, by client then day.

    Columns: ``i`` (the client's row in ``population``), ``d`` (the day, days since
    1970), ``r`` (row number), ``start`` (row number of the client's first day) and
    ``gap`` (days since the client's previous order day; null on its first).  A client
    and a day are packed in one Int64 so that one integer sort orders both.
    """
    import polars as pl

    day = pl.col("closed_on").cast(pl.Int32).cast(pl.Int64) + _HALF  # in [0, 2**32)
    key = (
        orders.join(population.with_row_index("i"), on="client_id", how="inner")
        .select((pl.col("i").cast(pl.Int64) * _SHIFT + day).alias("k"))
        .sort("k")
        .filter(pl.col("k") != pl.col("k").shift(1).fill_null(-1))
    )
    i, d = pl.col("i"), pl.col("d")
    first = i != i.shift(1).fill_null(-1)
    return (
        key.select((pl.col("k") // _SHIFT).alias("i"), (pl.col("k") % _SHIFT - _HALF).alias("d"))
        .with_row_index("r")
        .with_columns(
            pl.when(first).then(pl.col("r")).forward_fill().alias("start"),
            pl.when(first).then(None).otherwise(d - d.shift(1)).alias("gap"),
        )
    )


def _twice_median(days: pl.LazyFrame) -> pl.LazyFrame:
    """``k`` = twice the median of each client's gaps (``i``, ``k``), clients with a gap only.

    The gaps are sorted within each client by one Int64 sort of (client, gap); the one
    or two middle gaps are then picked by their position in the client's run.
    """
    import polars as pl

    i = pl.col("i")
    runs = (
        days.filter(pl.col("gap").is_not_null())
        .select((i * _SHIFT + pl.col("gap")).alias("g"))
        .sort("g")
        .select((pl.col("g") // _SHIFT).alias("i"), (pl.col("g") % _SHIFT).alias("gap"))
        .with_row_index("r")
    )
    r = pl.col("r")
    start = pl.when(i != i.shift(1).fill_null(-1)).then(r).forward_fill()
    end = pl.when(i != i.shift(-1).fill_null(-1)).then(r).backward_fill()
    pos, count = pl.col("pos"), pl.col("c")
    weight = (pos == (count - 1) // 2).cast(pl.Int64) + (pos == count // 2).cast(pl.Int64)
    return (
        runs.with_columns((r - start).alias("pos"), (end - start + 1).alias("c"))
        .filter(weight > 0)
        .group_by("i")
        .agg((pl.col("gap") * weight).sum().alias("k"))
    )


LABELLERS: dict[type[Any], Labeller] = {Xyz: label_xyz, Sleeping: label_sleeping}
"""The labeller of each built-in policy class this module covers."""
