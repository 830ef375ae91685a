"""p.PAlive: fit time and per-client time on CDNOW and on generated books.

What is measured (best of ``--repeat`` runs each, one process):

1. CDNOW (tests/data/cdnow_sample.txt, 2,357 customers, the paper's 39 weeks):
   the BG/NBD fit alone on the published (x, t_x, T) summary (numerics only), the
   whole ``PAlive().fit`` on kam_core stats (reading every history, then the fit),
   and with ``spend=True`` (Gamma-Gamma too); then per client ``label`` (P(alive)
   only), ``assign`` (the explained decision: P(alive), expected orders, spend);
2. generated books (``kc.generate_book``, sizes of benchmarks/_books.py): the same
   fit / label / assign, beside ``p.Sleeping`` fitted and labelled on the same stats,
   so the ratios say what P(alive) costs next to the rhythm rule ``analyze`` runs.

Run from the repository root (needs the ``clv`` extra):

    PYTHONPATH=src python benchmarks/bench_p_alive.py            # CDNOW and S
    PYTHONPATH=src python benchmarks/bench_p_alive.py --sizes S M
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from _books import AS_OF, SEED, SIZES, machine

import kam_core as kc
from kam_core import policies as p
from kam_core._clv import bg_nbd

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
CALIBRATION_END = date(1997, 9, 30)


def cdnow_deals() -> list[kc.Deal]:
    """The CDNOW transaction log as won deals in dollars."""
    deals = []
    lines = (DATA / "cdnow_sample.txt").read_text(encoding="ascii").splitlines()
    for i, line in enumerate(lines):
        _, customer, day, _, amount = line.split()
        closed = date(int(day[:4]), int(day[4:6]), int(day[6:]))
        deals.append(
            kc.Deal(
                id=f"D-{i}",
                client_id=f"CD-{customer}",
                status="won",
                opened_on=closed,
                closed_on=closed,
                amount=kc.Money(amount, "USD"),
            )
        )
    return deals


def cdnow_summary() -> tuple[list[int], list[float], list[float]]:
    """The paper's published (x, t_x, T) summary."""
    with (DATA / "cdnow_summary.csv").open(encoding="ascii", newline="") as f:
        rows = list(csv.DictReader(f))
    return (
        [int(r["x"]) for r in rows],
        [float(r["t_x"]) for r in rows],
        [float(r["T"]) for r in rows],
    )


def best(job: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - start)
    return min(times), result


def per_client(fitted: Any, stats: Sequence[kc.ClientStats], method: str, repeat: int) -> float:
    """Microseconds per client of ``fitted.<method>(stats)`` over the whole book."""
    call = getattr(fitted, method)
    seconds, _ = best(lambda: [call(s) for s in stats], repeat)
    return seconds / len(stats) * 1e6


def cdnow(repeat: int) -> None:
    deals = cdnow_deals()
    stats = kc.build_stats(deals, as_of=CALIBRATION_END)
    population = list(stats.values())
    x, t_x, T = cdnow_summary()
    numerics, model = best(lambda: bg_nbd.fit(x, t_x, T), repeat)
    fit, fitted = best(lambda: p.PAlive().fit(population), repeat)
    fit_spend, spend = best(lambda: p.PAlive(spend=True).fit(population), repeat)
    print(f"CDNOW: {len(population)} customers, {len(deals)} purchases")
    print(
        f"  BG/NBD fit on the (x, t_x, T) summary      {numerics * 1e3:8.1f} ms "
        f"({model.iterations} iterations)"
    )
    print(
        f"  PAlive().fit on kam_core stats             {fit * 1e3:8.1f} ms  "
        f"{fit / numerics:5.1f}× the numerics alone"
    )
    print(
        f"  PAlive(spend=True).fit                     {fit_spend * 1e3:8.1f} ms  "
        f"{fit_spend / fit:5.1f}× without spend"
    )
    label = per_client(fitted, population, "label", repeat)
    assign = per_client(fitted, population, "assign", repeat)
    assign_spend = per_client(spend, population, "assign", repeat)
    print(f"  label  per client                          {label:8.1f} µs")
    print(
        f"  assign per client                          {assign:8.1f} µs  "
        f"{assign / label:5.1f}× label"
    )
    print(
        f"  assign per client, spend on                {assign_spend:8.1f} µs  "
        f"{assign_spend / assign:5.1f}× without spend"
    )


def generated(size: str, repeat: int) -> None:
    clients, deals_per_client = SIZES[size]
    book = kc.generate_book(clients, seed=SEED, as_of=AS_OF, deals_per_client=deals_per_client)
    stats = kc.build_stats(book.deals(), as_of=AS_OF)
    population = list(stats.values())
    deals = sum(s.order_count for s in population)
    fit, fitted = best(lambda: p.PAlive().fit(population), repeat)
    sleep_fit, sleeping = best(lambda: p.Sleeping().fit(population), repeat)
    label = per_client(fitted, population, "label", repeat)
    sleep_label = per_client(sleeping, population, "label", repeat)
    assign = per_client(fitted, population, "assign", repeat)
    sleep_assign = per_client(sleeping, population, "assign", repeat)
    print(
        f"generated {size}: {len(population)} clients, {deals} orders "
        f"(fitted on {fitted.clients}, {fitted.repeat_buyers} repeat buyers)"
    )
    print(
        f"  PAlive().fit      {fit * 1e3:8.1f} ms   Sleeping().fit    {sleep_fit * 1e3:8.1f} ms"
        f"   ratio {fit / sleep_fit:5.1f}"
    )
    print(
        f"  label  per client {label:8.1f} µs   Sleeping          {sleep_label:8.1f} µs"
        f"   ratio {label / sleep_label:5.1f}"
    )
    print(
        f"  assign per client {assign:8.1f} µs   Sleeping          {sleep_assign:8.1f} µs"
        f"   ratio {assign / sleep_assign:5.1f}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=["S"], choices=sorted(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(machine())
    cdnow(args.repeat)
    for size in args.sizes:
        generated(size, args.repeat)


if __name__ == "__main__":
    main()
