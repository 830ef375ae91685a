"""Columnar labels of :class:`~kam_core.policies.Abc` and :class:`~kam_core.policies.Rfm`.

Second implementations, in polars, of ``fit`` + ``label`` of the two policies, under the
contract of :mod:`kam_core.frames._columnar` (orders and population frames in, one String label
per population client out, sorted by client id).  They reproduce the Python arithmetic
exactly:

* ABC ranks clients by their metric, largest first, ties by client id, and cuts
  A / B / C with ``cumulative ≤ cut-off × total`` (exclusive) or ``before < cut-off ×
  total`` (inclusive).  Money is summed as Int128 coefficients; the cut-off ``n / d``
  (the decimal ``Decimal(repr(cutoff))`` stands for) is applied as
  ``⌊n·total ÷ d⌋`` and ``⌈n·total ÷ d⌉``, split so no product exceeds ``n·d``;
* RFM scores recency and frequency by rank method "min"
  (``⌊worse × bins ÷ n⌋ + 1``, which the Python edges reproduce) and maps (R, F) to the
  first grid cell matching it; the monetary score does not reach the label.

polars is imported inside the functions: :mod:`kam_core` imports without it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from kam_core._time import Period
from kam_core.policies.segmentation import UNKNOWN, Abc, Rfm

__all__ = ["LABELLERS", "label_abc", "label_rfm"]

_MAX_DENOMINATOR = 10**18
"""Cut-offs whose exact fraction needs a larger denominator are left to Python."""
_NO_ORDERS = "no_orders"


def _fraction(cutoff: float) -> tuple[int, int]:
    """``n, d`` of the decimal a cut-off float stands for, as ``segmentation._dec`` reads it."""
    return Decimal(repr(cutoff)).as_integer_ratio()


def _window_start(as_of: date, months: int | None) -> date | None:
    """First day of the trailing window (None for all history), as the policies read it."""
    if months is None:
        return None
    return Period.trailing_months(as_of, months).start


def label_abc(policy: Abc, orders: Any, population: Any, as_of: date) -> Any:
    """The ABC class of every population client, as ``policy.fit(...).label`` gives it.

    ``orders`` and ``population`` are the ``pl.LazyFrame`` of :mod:`kam_core.frames._columnar`;
    the result is a ``pl.LazyFrame`` (``client_id``, ``label``), or None for a cut-off
    whose exact fraction is out of Int128 reach.

    >>> import polars as pl
    >>> from decimal import Decimal
    >>> orders = pl.LazyFrame(
    ...     {"client_id": ["C1", "C2", "C3", "C4"], "closed_on": [date(2026, 6, 1)] * 4,
    ...      "amount": [Decimal(v) for v in (700, 200, 60, 40)], "margin": [None] * 4},
    ...     schema={"client_id": pl.String, "closed_on": pl.Date,
    ...             "amount": pl.Decimal(38, 0), "margin": pl.Decimal(38, 0)})
    >>> population = pl.LazyFrame({"client_id": ["C1", "C2", "C3", "C4", "C5"]})
    >>> label_abc(Abc(), orders, population, date(2026, 11, 24)).collect()["label"].to_list()
    ['A', 'A', 'B', 'C', 'C']
    """
    import polars as pl

    fractions = [_fraction(c) for c in policy.cutoffs]
    if any(d > _MAX_DENOMINATOR for _, d in fractions):
        return None
    metric = policy.metric
    start = _window_start(as_of, policy.window_months)
    if start is not None:
        orders = orders.filter(pl.col("closed_on") >= start)
    int128 = pl.Int128
    value: Any
    if metric == "margin":
        per_client = orders.group_by("client_id").agg(
            pl.col("margin").to_physical().sum().alias("sum"),
            (pl.col("margin").null_count() == 0).alias("known"),
        )
        # no orders: margin 0 of 0 orders; an order without a margin: unknown
        value = (
            pl.when(pl.col("known").is_null())
            .then(pl.lit(0, int128))
            .when(pl.col("known"))
            .then(pl.col("sum"))
        )
    elif metric == "revenue":
        per_client = orders.group_by("client_id").agg(
            pl.col("amount").to_physical().sum().alias("sum")
        )
        value = pl.col("sum").fill_null(0)
    else:
        per_client = orders.group_by("client_id").agg(pl.len().cast(int128).alias("sum"))
        value = pl.col("sum").fill_null(0)
    v = pl.col("value")
    positive = pl.when(v > 0).then(v).otherwise(pl.lit(0, int128))
    total = pl.col("total")
    ranked = (
        population.join(per_client, on="client_id", how="left")
        .select("client_id", value.cast(int128).alias("value"))
        .sort(["value", "client_id"], descending=[True, False], nulls_last=True)
        .with_columns(
            positive.cum_sum().alias("cumulative"),
            positive.sum().alias("total"),
        )
    )
    inclusive = policy.boundary == "inclusive"
    edge = (pl.col("cumulative") - v) if inclusive else pl.col("cumulative")
    cuts = []
    for n, d in fractions:
        # n·total ÷ d = n·(total // d) + n·(total % d) ÷ d: no product above n·d
        big, rest = pl.lit(n, int128) * (total // d), pl.lit(n, int128) * (total % d)
        floor = big + rest // d
        # inclusive: before < n·total/d ⇔ before < ⌈n·total/d⌉; exclusive: ≤ ⌊n·total/d⌋
        cuts.append(edge < floor + (rest % d > 0).cast(int128) if inclusive else edge <= floor)
    label = (
        pl.when(v.is_null())
        .then(pl.lit(UNKNOWN))
        .when(v <= 0)
        .then(pl.lit("C"))
        .when(cuts[0])
        .then(pl.lit("A"))
        .when(cuts[1])
        .then(pl.lit("B"))
        .otherwise(pl.lit("C"))
    )
    return ranked.select("client_id", label.cast(pl.String).alias("label")).sort("client_id")


def label_rfm(policy: Rfm, orders: Any, population: Any, as_of: date) -> Any:
    """The RFM segment of every population client, as ``policy.fit(...).label`` gives it.

    ``orders`` and ``population`` are the ``pl.LazyFrame`` of :mod:`kam_core.frames._columnar`;
    the result is a ``pl.LazyFrame`` (``client_id``, ``label``); a client without
    orders gets ``"no_orders"``.

    >>> import polars as pl
    >>> from decimal import Decimal
    >>> days = {"C1": (20, 21, 22, 23), "C2": (1,), "C3": (2, 3), "C4": (10, 11, 12), "C5": (4,)}
    >>> rows = [(c, date(2026, 11, d)) for c, ds in days.items() for d in ds]
    >>> orders = pl.LazyFrame(
    ...     {"client_id": [c for c, _ in rows], "closed_on": [d for _, d in rows],
    ...      "amount": [Decimal(10)] * len(rows), "margin": [None] * len(rows)},
    ...     schema={"client_id": pl.String, "closed_on": pl.Date,
    ...             "amount": pl.Decimal(38, 0), "margin": pl.Decimal(38, 0)})
    >>> population = pl.LazyFrame({"client_id": ["C1", "C2", "C3", "C4", "C5", "C6"]})
    >>> label_rfm(Rfm(), orders, population, date(2026, 11, 24)).collect()["label"].to_list()
    ['champions', 'hibernating', 'at_risk', 'loyal', 'about_to_sleep', 'no_orders']
    """
    import polars as pl

    bins = policy.bins
    start = _window_start(as_of, policy.window_months)
    closed = pl.col("closed_on")
    frequency = pl.len() if start is None else (closed >= start).sum()
    # only population clients are scored (restricted after the fold: fewer rows to probe)
    rows = (
        orders.group_by("client_id")
        .agg(
            closed.max().to_physical().alias("last"),
            frequency.cast(pl.Int64).alias("frequency"),
        )
        .join(population, on="client_id", how="semi")
    )
    n = pl.len().cast(pl.Int64)

    def score(column: str) -> Any:
        # rank "min": ⌊(values worse than it) × bins ÷ n⌋ + 1 (an older last order is worse)
        worse = pl.col(column).rank("min").cast(pl.Int64) - 1
        return worse * bins // n + 1

    cells = {
        r * (bins + 1) + f: policy.segment_of(r, f)
        for r in range(1, bins + 1)
        for f in range(1, bins + 1)
    }
    key = score("last") * (bins + 1) + score("frequency")
    segments = rows.select(
        "client_id",
        key.replace_strict(cells, return_dtype=pl.String).alias("label"),
    )
    return (
        population.join(segments, on="client_id", how="left")
        .select("client_id", pl.col("label").fill_null(_NO_ORDERS))
        .sort("client_id")
    )


LABELLERS: dict[type, Callable[[Any, Any, Any, date], Any]] = {Abc: label_abc, Rfm: label_rfm}
"""The columnar labeller of each built-in policy class this module covers."""
