"""kam_core.frames against hand-written polars and pandas implementations of the same job.

The job (as in ``bench_analyze_reference.py``): won deals closed by ``as_of`` per
client, then ABC (12 months, 80/95 %), XYZ (CV of 12 complete months), RFM quintiles
with named R x F segments, sleeping by the client's median gap, hunter -> farmer after
the third order.  ``frames.analyze`` (the ``Report``, its labels held in columns, and
its summary) and ``frames.labels`` (the label table, computed as polars expressions,
with the row KPIs) get the matching policy list; their labels are compared with the
hand-written polars job's, and the first read of the report's rows (every client's
stats and explanations, in Python) is timed apart at S and M.

The book is generated straight into polars columns (no ``Deal`` objects): one row per
deal line, about 1.5 lines per deal, amounts in cents.  Each implementation runs in a
fresh subprocess that reports its best time of ``--repeat`` runs (default 3) and its
peak resident memory (``ru_maxrss``) after generating the data and after the jobs.

    PYTHONPATH=src python benchmarks/bench_frames.py --sizes M          # add L if it fits
    PYTHONPATH=src python benchmarks/bench_frames.py --streaming        # analyze() memory
    PYTHONPATH=src python benchmarks/bench_frames.py --interleaved --repeat 7  # one process

``--streaming`` measures the peak memory of ``kc.analyze`` over a generator of deals
(``book.deals()``) for M clients with ~10 and ~50 deals each.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from _books import AS_OF, RF_SEGMENTS, SEED, SIZES, machine
from bench_analyze import policy_list

HUNTER = "development_specialist"
_GRID = [(r, f, name) for rs, fs, name in RF_SEGMENTS for r in rs for f in fs]
WINDOW_START = AS_OF.replace(year=AS_OF.year - 1, day=min(AS_OF.day, 28))
THIS_MONTH = AS_OF.year * 12 + AS_OF.month - 1


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- data ---------------------------------------------------------------------------


def make_book(clients: int, per_client: int, seed: int) -> tuple[Any, Any]:
    """(deal lines, clients) as polars frames; amounts as Int64 cents, dates as Date."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    n = clients * per_client
    client = np.sort(rng.integers(0, clients, n))
    status = rng.choice(
        np.array(["won", "lost", "open", "cancelled"]), n, p=[0.85, 0.08, 0.04, 0.03]
    )
    age = rng.integers(-20, 3 * 365, n)  # days before as_of; a few after it
    amount = (rng.lognormal(10, 1.2, n) * 100).astype(np.int64) + 100
    has_margin = rng.random(n) < 0.9
    terms = rng.choice(np.array([14, 30, 45]), n)
    late = rng.integers(-10, 40, n)
    unpaid = rng.random(n) < 0.04
    referred = rng.random(n) < 0.02
    deals = pl.DataFrame(
        {
            "id": pl.int_range(n, eager=True),
            "client": client,
            "status": status,
            "age": age,
            "amount": amount,
            "has_margin": has_margin,
            "terms": terms,
            "late": late,
            "unpaid": unpaid,
            "referred": referred,
            "referrer": rng.integers(0, clients, n),
        }
    ).with_columns(
        pl.format("D-{}", pl.col("id")).alias("id"),
        pl.format("C-{}", pl.col("client").cast(pl.String).str.zfill(7)).alias("client_id"),
        pl.when(pl.col("status") != "open")
        .then(pl.lit(AS_OF) - pl.duration(days=pl.col("age")))
        .alias("closed_on"),
        pl.lit(AS_OF).alias("opened_on"),
        pl.when(pl.col("has_margin")).then(pl.col("amount") // 5).alias("margin"),
        pl.lit("RUB").alias("currency"),
        pl.when(pl.col("referred"))
        .then(pl.format("C-{}", pl.col("referrer").cast(pl.String).str.zfill(7)))
        .alias("referred_by"),
    )
    deals = deals.with_columns(
        (pl.col("closed_on") + pl.duration(days=pl.col("terms"))).alias("due_on"),
    ).with_columns(
        pl.when(~pl.col("unpaid"))
        .then(pl.col("due_on") + pl.duration(days=pl.col("late")))
        .alias("paid_on"),
    )
    lines_per = rng.choice(np.array([0, 1, 2, 3]), n, p=[0.1, 0.45, 0.3, 0.15])
    repeat = np.maximum(lines_per, 1)
    idx = np.repeat(np.arange(n), repeat)
    has_line = np.repeat(lines_per > 0, repeat)
    m = len(idx)
    product = rng.integers(0, 60, m)
    has = pl.col("has_line")
    lines = (
        deals[idx]
        .with_columns(
            pl.Series("has_line", has_line),
            pl.Series("product", product),
            pl.Series("quantity", rng.integers(1, 50, m)),
            pl.Series("unit_price", rng.integers(100, 100_000, m)),
        )
        .with_columns(
            pl.when(has).then(pl.format("SKU-{}", pl.col("product"))).alias("product_id"),
            pl.when(has).then(pl.format("cat-{}", pl.col("product") // 10)).alias("category"),
            pl.when(has).then(pl.col("quantity")).alias("quantity"),
            pl.when(has).then(pl.col("unit_price")).alias("unit_price"),
        )
    )
    columns = [
        "id", "client_id", "status", "opened_on", "closed_on", "amount", "currency", "margin",
        "due_on", "paid_on", "referred_by", "product_id", "category", "quantity", "unit_price",
    ]  # fmt: skip
    lines = lines.select(columns)
    roles = np.array([HUNTER, "client_manager", "key_account_manager"])
    client_df = pl.DataFrame(
        {"n": pl.int_range(clients, eager=True), "owner": rng.choice(roles, clients)}
    ).select(
        pl.format("C-{}", pl.col("n").cast(pl.String).str.zfill(7)).alias("id"),
        pl.format("Client {}", pl.col("n")).alias("name"),
        "owner",
    )
    return lines, client_df


def as_decimals(lines: Any) -> Any:
    """The same lines with exact Decimal money, as kam_core.frames wants them."""
    import polars as pl

    cents = pl.lit(Decimal("0.01"), dtype=pl.Decimal(38, 2))
    return lines.with_columns(
        *(pl.col(c).cast(pl.Decimal(38, 0)) * cents for c in ("amount", "margin", "unit_price")),
        pl.col("quantity").cast(pl.Decimal(38, 0)),
    )


# -- the job by hand in polars --------------------------------------------------------


def polars_job(lines: Any, clients: Any, *, kpis: bool = False) -> Any:
    """ABC, XYZ, RFM, sleeping and the handoff, written directly in polars.

    With ``kpis``, also what a report row shows beside the labels: order count,
    turnover, first and last order, products and categories bought, overdue amount.
    """
    import polars as pl

    as_of = pl.lit(AS_OF)
    won_lines = lines.lazy().filter((pl.col("status") == "won") & (pl.col("closed_on") <= as_of))
    won = won_lines.unique("id", keep="any").select(
        "client_id", "closed_on", "amount", *(("due_on", "paid_on") if kpis else ())
    )
    month = pl.col("closed_on").dt.year() * 12 + pl.col("closed_on").dt.month() - 1
    in_xyz = (month >= THIS_MONTH - 12) & (month < THIS_MONTH)
    monthly = (
        won.filter(in_xyz)
        .group_by("client_id", month.alias("m"))
        .agg(pl.col("amount").sum().cast(pl.Float64))
        .group_by("client_id")
        .agg(
            (pl.col("amount").sum() / 12).alias("mean"),
            (pl.col("amount").pow(2).sum() / 12).alias("sq"),
        )
    )
    gaps = (
        won.sort("client_id", "closed_on")
        .with_columns(pl.col("closed_on").diff().dt.total_days().over("client_id").alias("gap"))
        .group_by("client_id")
        .agg(
            pl.col("gap").median().alias("med"),
            pl.len().alias("orders"),
            pl.col("closed_on").max().alias("last"),
            pl.col("amount").sum().alias("monetary"),
            pl.col("amount").filter(pl.col("closed_on") > pl.lit(WINDOW_START)).sum().alias("rev"),
        )
    )
    ids = pl.concat(
        [
            lines.lazy().select("client_id").unique(),
            clients.lazy().select(pl.col("id").alias("client_id")),
        ]
    ).unique()
    owners = clients.lazy().select(pl.col("id").alias("client_id"), "owner")
    df = (
        ids.join(gaps, on="client_id", how="left")
        .join(monthly, on="client_id", how="left")
        .join(owners, on="client_id", how="left")
        .with_columns(pl.col("rev").fill_null(0), pl.col("orders").fill_null(0))
        .sort(pl.col("rev"), pl.col("client_id"), descending=[True, False])
        .with_columns((pl.col("rev").cum_sum() / pl.col("rev").sum()).alias("share"))
        .with_columns(
            pl.when(pl.col("share") <= 0.80).then(pl.lit("A"))
            .when(pl.col("share") <= 0.95).then(pl.lit("B")).otherwise(pl.lit("C")).alias("abc"),
            (pl.lit(AS_OF) - pl.col("last")).dt.total_days().alias("recency"),
        )
    )  # fmt: skip
    cv = (pl.col("sq") - pl.col("mean").pow(2)).clip(0).sqrt() / pl.col("mean")
    xyz = (
        pl.when(cv <= 0.10).then(pl.lit("X")).when(cv <= 0.25).then(pl.lit("Y"))
        .otherwise(pl.lit("Z"))
    )  # fmt: skip
    buyers = pl.col("orders") > 0
    n = buyers.sum()
    rec = pl.col("recency").filter(buyers).sort()
    df = df.with_columns(
        pl.when(pl.col("mean") > 0).then(xyz).alias("xyz"),
        pl.when(buyers).then(1 + 5 * (pl.col("recency").rank("min", descending=True) - 1) // n)
        .alias("r"),
        pl.when(buyers).then(1 + 5 * (pl.col("orders").rank("min") - 1) // n).alias("f"),
        rec.gather(n * 3 // 4).first().alias("p75"),
        rec.gather(n * 9 // 10).first().alias("p90"),
    )  # fmt: skip
    grid = pl.LazyFrame(_GRID, schema=["r", "f", "rfm"], orient="row").with_columns(
        pl.col("r").cast(pl.Int64), pl.col("f").cast(pl.Int64)
    )
    gap, med = pl.col("recency"), pl.col("med")
    df = df.with_columns(pl.col("r").cast(pl.Int64), pl.col("f").cast(pl.Int64)).join(
        grid, on=["r", "f"], how="left"
    ).with_columns(
        pl.when(~buyers).then(None)
        .when((pl.col("orders") >= 3) & (med > 0)).then(
            pl.when((gap > 3 * med) | (gap > 365)).then(pl.lit("lost"))
            .when(gap > 2 * med).then(pl.lit("sleeping"))
            .when(gap > 1.5 * med).then(pl.lit("drowsy")).otherwise(pl.lit("active"))
        ).otherwise(
            pl.when(gap > 365).then(pl.lit("lost"))
            .when(gap > pl.col("p90")).then(pl.lit("sleeping"))
            .when(gap > pl.col("p75")).then(pl.lit("drowsy")).otherwise(pl.lit("active"))
        ).alias("sleeping"),
        ((pl.col("owner") == HUNTER) & (pl.col("orders") >= 3)).alias("handoff"),
    )  # fmt: skip
    out = df.select("client_id", "abc", "xyz", "rfm", "sleeping", "handoff")
    if kpis:
        paid_ok = pl.col("paid_on").is_not_null() & (pl.col("paid_on") <= as_of)
        overdue = pl.col("due_on").is_not_null() & ~paid_ok & (pl.col("due_on") < as_of)
        row_kpis = won.group_by("client_id").agg(
            pl.col("amount").sum().alias("turnover"),
            pl.col("closed_on").min().alias("first_order_on"),
            pl.col("amount").filter(overdue.fill_null(False)).sum().alias("overdue"),
        )
        bought = (
            won_lines.filter(pl.col("product_id").is_not_null())
            .group_by("client_id")
            .agg(
                pl.col("product_id").n_unique().alias("products"),
                pl.col("category").drop_nulls().n_unique().alias("categories"),
            )
        )
        out = (
            df.select("client_id", "abc", "xyz", "rfm", "sleeping", "handoff", "orders", "last")
            .join(row_kpis, on="client_id", how="left")
            .join(bought, on="client_id", how="left")
        )
    return out.sort("client_id").collect()


# -- the job by hand in pandas --------------------------------------------------------


def pandas_job(lines: Any, clients: Any) -> Any:
    """The same job in pandas (int64 cents, datetime64 dates)."""
    import numpy as np
    import pandas as pd

    as_of = pd.Timestamp(AS_OF)
    won = lines[(lines["status"] == "won") & (lines["closed_on"] <= as_of)]
    won = won.drop_duplicates("id")[["client_id", "closed_on", "amount"]]
    month = won["closed_on"].dt.year * 12 + won["closed_on"].dt.month - 1
    xyz_rows = won[(month >= THIS_MONTH - 12) & (month < THIS_MONTH)]
    by_month = xyz_rows.groupby(["client_id", month[xyz_rows.index]])["amount"].sum().astype(float)
    by_client = by_month.groupby(level=0)
    mean = by_client.sum() / 12
    sq = (by_month**2).groupby(level=0).sum() / 12
    cv = np.sqrt((sq - mean**2).clip(lower=0)) / mean
    won = won.sort_values(["client_id", "closed_on"])
    won["gap"] = won.groupby("client_id")["closed_on"].diff().dt.days
    won["recent"] = won["amount"].where(won["closed_on"] > pd.Timestamp(WINDOW_START), 0)
    g = won.groupby("client_id").agg(
        med=("gap", "median"),
        orders=("amount", "size"),
        last=("closed_on", "max"),
        monetary=("amount", "sum"),
        rev=("recent", "sum"),
    )
    ids = pd.Index(lines["client_id"].unique()).union(pd.Index(clients["id"]))
    df = g.reindex(ids)
    df["rev"] = df["rev"].fillna(0)
    df["orders"] = df["orders"].fillna(0).astype(int)
    df["owner"] = clients.set_index("id")["owner"].reindex(ids)
    df.index.name = "client_id"
    df = df.reset_index().sort_values(["rev", "client_id"], ascending=[False, True])
    share = df["rev"].cumsum() / df["rev"].sum()
    df["abc"] = np.where(share <= 0.80, "A", np.where(share <= 0.95, "B", "C"))
    c = cv.reindex(df["client_id"]).to_numpy()
    df["xyz"] = np.where(np.isnan(c), None, np.where(c <= 0.10, "X", np.where(c <= 0.25, "Y", "Z")))
    df["recency"] = (as_of - df["last"]).dt.days
    buyers = df["orders"] > 0
    n = int(buyers.sum())
    b = df[buyers]
    r = 1 + 5 * (b["recency"].rank(method="min", ascending=False) - 1).astype(int) // n
    f = 1 + 5 * (b["orders"].rank(method="min") - 1).astype(int) // n
    grid = {(rr, ff): name for rr, ff, name in _GRID}
    df.loc[buyers, "rfm"] = [grid[k] for k in zip(r, f, strict=True)]
    rec = np.sort(b["recency"].to_numpy())
    p75, p90 = rec[n * 3 // 4], rec[n * 9 // 10]
    gap, med = df["recency"], df["med"]
    own = (df["orders"] >= 3) & (med > 0)
    df["sleeping"] = np.select(
        [~buyers, own & ((gap > 3 * med) | (gap > 365)), own & (gap > 2 * med),
         own & (gap > 1.5 * med), own, gap > 365, gap > p90, gap > p75],
        [None, "lost", "sleeping", "drowsy", "active", "lost", "sleeping", "drowsy"],
        "active",
    )  # fmt: skip
    df["handoff"] = (df["owner"] == HUNTER) & (df["orders"] >= 3)
    return df[["client_id", "abc", "xyz", "rfm", "sleeping", "handoff"]].sort_values("client_id")


# -- kam_core.frames ------------------------------------------------------------------


def frames_job(lines: Any, clients: Any, partitions: int = 1) -> Any:
    """``frames.analyze`` and its summary: the report, labels held in columns."""
    from kam_core import frames

    report = frames.analyze(
        lines, clients, as_of=AS_OF, policies=policy_list(), partitions=partitions
    )
    report.summary()
    return report


def labels_job(lines: Any, clients: Any, partitions: int = 1) -> Any:
    """``frames.labels``: the same labels (and the row KPIs) as one DataFrame."""
    from kam_core import frames

    return frames.labels(lines, clients, as_of=AS_OF, policies=policy_list(), partitions=partitions)


# -- processes ------------------------------------------------------------------------


def child(job: str, size: str, repeat: int = 1) -> dict[str, Any]:
    import polars as pl

    clients, per_client = SIZES[size]
    lines, client_df = make_book(clients, per_client, SEED)
    cents = lines
    if job in ("frames", "labels"):
        lines = as_decimals(lines)
    if job == "pandas":
        lines = lines.to_pandas()
        client_df = client_df.to_pandas()
        for c in ("closed_on",):
            lines[c] = lines[c].astype("datetime64[ns]")
    before = rss_mib()
    extra: dict[str, Any] = {}
    seconds = float("inf")
    for run in range(repeat):  # best of `repeat` runs, as timeit reports
        start = time.perf_counter()
        if job in ("polars", "polars_kpis"):
            out = polars_job(lines, client_df, kpis=job == "polars_kpis")
            labels = out["abc"].value_counts().sort("abc").rows()
        elif job == "pandas":
            out = pandas_job(lines, client_df)
            labels = sorted(out["abc"].value_counts().items())
        elif job == "labels":
            table = labels_job(lines, client_df)
            labels = table["abc"].value_counts().sort("abc").rows()
        else:
            report = frames_job(lines, client_df)
            labels = sorted(report.counts("abc").items())
        seconds = min(seconds, time.perf_counter() - start)
        if job == "frames" and run + 1 < repeat:
            del report  # let the next run start without it
    if job == "labels":
        # not timed: the label table against the hand-written polars labels
        hand = polars_job(cents, client_df)
        both = table.join(hand, on="client_id", suffix="_hand")
        rfm = pl.col("rfm_hand").fill_null("no_orders")
        extra["agreement_with_polars"] = {
            "abc": round(both.select((pl.col("abc") == pl.col("abc_hand")).mean()).item(), 4),
            "rfm": round(both.select((pl.col("rfm") == rfm).mean()).item(), 4),
            "handoff": round(
                both.select(
                    (pl.col("handoff").is_not_null() == pl.col("handoff_hand")).mean()
                ).item(),
                4,
            ),
        }
    if job == "frames":
        # not part of the timed job: the counts against the hand-written polars labels,
        # then the first read of the rows (every client's stats and explanations)
        hand = polars_job(cents, client_df)
        extra["abc_polars"] = [list(x) for x in hand["abc"].value_counts().sort("abc").rows()]
        extra["handoffs_due"] = sum(report.summary()["handoffs_due"].values())
        extra["handoffs_due_polars"] = int(hand["handoff"].sum())
        if size != "L":
            start = time.perf_counter()
            report.rows()
            extra["rows_first_read_s"] = round(time.perf_counter() - start, 2)
    return {
        "job": job,
        "size": size,
        "rows": lines.shape[0],
        "seconds": round(seconds, 2),
        "rss_before_mib": round(before),
        "peak_rss_mib": round(rss_mib()),
        "abc": [list(x) for x in labels],
        **extra,
    }


def interleaved(size: str, repeat: int) -> dict[str, Any]:
    """The polars jobs and kam_core's alternating in one process: best of ``repeat`` rounds.

    Ratios between jobs measured this way do not depend on how busy the machine was
    when each fresh process ran.
    """
    clients, per_client = SIZES[size]
    lines, client_df = make_book(clients, per_client, SEED)
    decimals = as_decimals(lines)
    jobs: dict[str, Callable[[], Any]] = {
        "polars": lambda: polars_job(lines, client_df),
        "polars_kpis": lambda: polars_job(lines, client_df, kpis=True),
        "labels": lambda: labels_job(decimals, client_df),
        "frames": lambda: frames_job(decimals, client_df),
    }
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(repeat):
        for job, run in jobs.items():
            start = time.perf_counter()
            run()
            best[job] = min(best[job], time.perf_counter() - start)
    return {"size": size, "seconds": {job: round(t, 3) for job, t in best.items()}}


def _parquet_paths(directory: str, size: str) -> tuple[Path, Path, Path]:
    base = Path(directory)
    return (
        base / f"deals_{size}_cents.parquet",
        base / f"deals_{size}_decimal.parquet",
        base / f"clients_{size}.parquet",
    )


def write_parquet(directory: str, size: str) -> dict[str, Any]:
    """Generate a book once and write it as parquet: amounts in cents and as decimals."""
    clients, per_client = SIZES[size]
    lines, client_df = make_book(clients, per_client, SEED)
    cents_path, decimal_path, clients_path = _parquet_paths(directory, size)
    Path(directory).mkdir(parents=True, exist_ok=True)
    lines.write_parquet(cents_path)
    as_decimals(lines).write_parquet(decimal_path)
    client_df.write_parquet(clients_path)
    return {"written": [str(cents_path), str(decimal_path), str(clients_path)]}


def parquet_child(
    job: str, size: str, directory: str, repeat: int, partitions: int = 1
) -> dict[str, Any]:
    """A job over ``pl.scan_parquet`` frames: the data is never all in memory up front."""
    import polars as pl

    cents_path, decimal_path, clients_path = _parquet_paths(directory, size)
    clients = pl.scan_parquet(clients_path)
    before = rss_mib()
    seconds = float("inf")
    first_peak = 0.0
    for run in range(repeat):
        start = time.perf_counter()
        if job == "labels":
            out = labels_job(pl.scan_parquet(decimal_path), clients, partitions)
        elif job == "frames":
            out = frames_job(pl.scan_parquet(decimal_path), clients, partitions)
        else:
            out = polars_job(pl.scan_parquet(cents_path), clients, kpis=job == "polars_kpis")
        seconds = min(seconds, time.perf_counter() - start)
        if run == 0:  # a fresh process's one run: what a nightly job pays
            first_peak = rss_mib()
    return {
        "job": job,
        "size": size,
        "input": "scan_parquet",
        "partitions": partitions if job in ("labels", "frames") else None,
        "clients": len(out) if job == "frames" else out.height,
        "seconds": round(seconds, 2),
        "rss_before_mib": round(before),
        "peak_rss_first_run_mib": round(first_peak),
        "peak_rss_mib": round(rss_mib()),  # over every run: the allocator keeps some
    }


def streaming_child(per_client: int) -> dict[str, Any]:
    import kam_core as kc
    from kam_core import policies as p

    clients, _ = SIZES["M"]
    book = kc.generate_book(clients, seed=SEED, as_of=AS_OF, deals_per_client=per_client)
    before = rss_mib()
    counted = [0]

    def progress(n: int) -> None:
        counted[0] = n

    start = time.perf_counter()
    report = kc.analyze(
        book.clients,
        book.deals(),
        as_of=AS_OF,
        policies=[p.Abc(), p.Xyz(), p.Rfm(), p.Sleeping()],
        progress=progress,
    )
    return {
        "deals": counted[0],
        "orders": sum(r.stats.order_count for r in report),
        "seconds": round(time.perf_counter() - start, 1),
        "rss_before_mib": round(before),
        "peak_rss_mib": round(rss_mib()),
    }


def spawn(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1:], "args": args}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["M"])
    parser.add_argument(
        "--jobs",
        nargs="+",
        choices=["polars", "polars_kpis", "pandas", "frames", "labels"],
        default=["polars", "polars_kpis", "pandas", "labels", "frames"],
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per job")
    parser.add_argument("--streaming", action="store_true")
    parser.add_argument(
        "--interleaved",
        action="store_true",
        help="run polars, polars_kpis, labels and frames alternately in one process, "
        "best of --repeat rounds (ratios robust to a busy machine)",
    )
    parser.add_argument(
        "--parquet",
        metavar="DIR",
        help="write the book to DIR as parquet once, then run polars, polars_kpis and labels "
        "over pl.scan_parquet (peak memory without the data held up front)",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        default=1,
        help="with --parquet: frames.labels reads the book in this many passes over parts "
        "of the clients (less memory, more reading)",
    )
    parser.add_argument("--write-parquet", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--stream-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.write_parquet:
        print(json.dumps(write_parquet(args.parquet, args.sizes[0])))
        return 0
    if args.child and args.parquet:
        print(
            json.dumps(
                parquet_child(args.child, args.sizes[0], args.parquet, args.repeat, args.partitions)
            )
        )
        return 0
    if args.child:
        print(json.dumps(child(args.child, args.sizes[0], args.repeat)))
        return 0
    if args.stream_child:
        print(json.dumps(streaming_child(args.stream_child)))
        return 0
    print(f"machine: {machine()}")
    if args.parquet:
        for size in args.sizes:
            if not _parquet_paths(args.parquet, size)[1].exists():
                print(spawn("--write-parquet", "--parquet", args.parquet, "--sizes", size))
            jobs = [j for j in args.jobs if j in ("polars", "polars_kpis", "labels", "frames")]
            results = {
                job: spawn(
                    *("--child", job, "--sizes", size, "--parquet", args.parquet),
                    *("--repeat", str(args.repeat), "--partitions", str(args.partitions)),
                )
                for job in jobs
            }
            for r in results.values():
                print(f"{size} (scan_parquet): {r}")
            base = results.get("polars", {}).get("seconds")
            for job, r in results.items():
                if base and "seconds" in r:
                    ratio = r["seconds"] / base
                    print(f"  {job}: {r['seconds']} s = {ratio:.2f}x hand-written polars")
        return 0
    if args.interleaved:
        for size in args.sizes:
            got = interleaved(size, args.repeat)
            t = got["seconds"]
            print(f"{size} (interleaved, best of {args.repeat}): {got}")
            for job, seconds in t.items():
                print(
                    f"  {job}: {seconds / t['polars']:.2f}x hand-written polars, "
                    f"{seconds / t['polars_kpis']:.2f}x hand-written polars with row KPIs"
                )
        return 0
    if args.streaming:
        for per_client in (10, 50):
            print(f"analyze() over a generator, M clients x ~{per_client} deals:")
            print("  ", spawn("--stream-child", str(per_client)))
        return 0
    for size in args.sizes:
        results = {
            job: spawn("--child", job, "--sizes", size, "--repeat", str(args.repeat))
            for job in args.jobs
        }
        for r in results.values():
            print(f"{size}: {r}")
        base = results.get("polars", {}).get("seconds")
        with_kpis = results.get("polars_kpis", {}).get("seconds")
        for job, r in results.items():
            if base and "seconds" in r:
                line = f"  {job}: {r['seconds']} s = {r['seconds'] / base:.2f}x hand-written polars"
                if with_kpis:
                    line += f", {r['seconds'] / with_kpis:.2f}x hand-written polars with row KPIs"
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
