"""Labels and explanations against the hand-written job (issue 20, targets 1 and 2).

The issue's table, in one process on the same ``Deal`` objects held in a list, best of
``--repeat`` runs, the cyclic GC paused in each job as ``bench_analyze.py`` pauses it:

- ``reference``: ``reference_job`` of ``bench_analyze_reference.py`` (ABC, XYZ, RFM,
  sleeping, hunter -> farmer after the third order), labels only;
- ``labels``: ``kc.analyze`` with the policies doing that job, then every row's every
  outcome read (``row.outcome(key)``) — target 1: <= 1.5x the reference;
- ``rows``: ``kc.analyze`` then ``report.rows()`` (every row with its KPIs and the
  reason codes of every decision);
- ``explained``: ``kc.analyze`` then ``report.rows(decisions=True)``: every decision of
  every policy in full, its criteria (observed values, thresholds) and its reasons with
  their parameters, as JSON-safe dicts — target 2: <= 3x the reference;
- ``to_polars``: ``kc.analyze`` then ``report.to_polars()`` (when polars is installed).

Every job's result is all its work: the rows are built and read inside the timing.
The sizes: ``20k`` is the issue's book (20 000 clients, ~190 000 deals), ``S`` and
``M`` those of ``_books.py``.

Run (one command):

    PYTHONPATH=src python benchmarks/bench_explain.py --sizes 20k --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from _books import AS_OF, SEED, SIZES, machine
from bench_analyze import policy_list
from bench_analyze_reference import reference_job

import kam_core as kc

BOOKS = {"20k": (20_000, 5), **SIZES}


def best_of(repeat: int, job: Callable[[], Any]) -> tuple[float, float]:
    """Best wall and best CPU time of ``repeat`` runs, the cyclic GC paused in each.

    On a shared machine the CPU time (this process only) moves less with the load
    than the wall time; both are printed.
    """
    wall = cpu = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start, start_cpu = time.perf_counter(), time.process_time()
            job()
            cpu = min(cpu, time.process_time() - start_cpu)
            wall = min(wall, time.perf_counter() - start)
        finally:
            gc.enable()
    return wall, cpu


def run(size: str, repeat: int) -> None:
    """Time every job on one book and print the times and the ratios to the reference."""
    clients, per_client = BOOKS[size]
    book = kc.generate_book(clients, seed=SEED, as_of=AS_OF, deals_per_client=per_client)
    deals = list(book.deals())
    gc.freeze()  # the deals are permanent: keep the collector from rescanning them
    policies = policy_list()

    def analyzed() -> kc.Report:
        return kc.analyze(book.clients, deals, as_of=AS_OF, policies=policies)

    def labels() -> list[Any]:
        report = analyzed()
        return [[row.outcome(key) for key, _ in row.outcomes] for row in report]

    def explained() -> list[dict[str, Any]]:
        rows = analyzed().rows(decisions=True)
        assert all(len(r["decisions"]) == len(policies) for r in rows)  # nothing left out
        return rows

    jobs: dict[str, Callable[[], Any]] = {
        "reference": lambda: reference_job(deals, book.clients, AS_OF),
        "labels": labels,
        "rows": lambda: analyzed().rows(),
        "explained": explained,
    }
    if importlib.util.find_spec("polars") is not None:
        jobs["to_polars"] = lambda: analyzed().to_polars()
    print(f"{size}: {clients} clients, {len(deals)} deals; best of {repeat}")
    times = {name: best_of(repeat, job) for name, job in jobs.items()}
    ref, ref_cpu = times["reference"]
    targets = {"labels": "target <= 1.5", "explained": "target <= 3"}
    print(f"  {'job':<10} {'wall':>8} {'x ref':>6}  {'CPU':>8} {'x ref':>6}")
    for name, (t, c) in times.items():
        note = targets.get(name, "")
        print(f"  {name:<10} {t:7.2f}s {t / ref:6.2f}  {c:7.2f}s {c / ref_cpu:6.2f}  {note}")
    gc.unfreeze()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=sorted(BOOKS), default=["20k"])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args(argv)
    print(machine())
    for size in args.sizes:
        run(size, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
