"""kc.analyze() against the hand-written pure-Python reference of the same job.

Issue 7: ``analyze()`` over already-validated ``Deal`` objects at M must cost at most
1.5x a straightforward hand-written implementation of the same job.  The reference is
``reference_job`` of ``bench_analyze_reference.py`` (ABC, XYZ, RFM, sleeping, hunter ->
farmer after the third order); ``analyze()`` gets the matching policy list::

    [p.Abc(), p.Xyz(), p.Rfm(), p.Sleeping(),
     p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),))]

Both run on the same deals held in a list, best of ``--repeat`` runs, measured in the
same process; the ratios are printed.  A report row holds the labels *and* the
client's KPIs (order count, turnover, average order, first and last order, products
and categories bought, overdue amount), so the yardstick for the 1.5x target is
``row_reference_job``: the labels-only reference plus those KPIs, written the same
straightforward way (the script checks that its KPIs equal the report's).  The ratio
to the labels-only ``reference_job`` is printed too.  The labels of the two are compared where the
definitions match (printed as agreement per policy; ABC and the handoff must agree).

``analyze()`` folds more than the policies need (products, categories, payment
discipline, margins and referrers: ``ClientStats`` serves every policy), so the script
also times ``reference_job`` after the same-fields aggregation of ``bench_stats.py``.

Run (one command; ``--sizes S`` for a quick look):

    PYTHONPATH=src python benchmarks/bench_analyze.py --sizes S M
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from _books import AS_OF, SEED, SIZES, machine
from bench_analyze_reference import reference_job, row_reference_job
from bench_stats import same_fields

import kam_core as kc
from kam_core import policies as p


def policy_list() -> list[Any]:
    """The policies doing the reference's job."""
    return [
        p.Abc(),
        p.Xyz(),
        p.Rfm(),
        p.Sleeping(),
        p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),)),
    ]


def best_of(repeat: int, job: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, the cyclic GC paused in each (as ``timeit`` does).

    ``kc.analyze()`` pauses the collector itself; pausing it for every job keeps the
    reference from paying collector scans that analyze() does not.
    """
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = job()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best, result


def agreement(
    report: kc.Report, ref: dict[str, dict[str, object]]
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Share of clients whose label is the same in both, per policy; a few who differ."""
    same: Counter[str] = Counter()
    differ: dict[str, list[str]] = {}
    for row in report.rows():
        mine = ref[row["client_id"]]
        for key in ("abc", "xyz", "rfm", "sleeping", "handoff"):
            ours = row[key] is not None if key == "handoff" else row[key]
            if ours in ("no_orders", "unknown"):  # the reference has no label: None
                ours = None
            if ours == mine[key]:
                same[key] += 1
            else:
                differ.setdefault(key, []).append(f"{row['client_id']}: {ours} vs {mine[key]}")
    n = max(1, len(report))
    return {k: round(same[k] / n, 4) for k in sorted(same)}, {k: v[:3] for k, v in differ.items()}


def same_kpis(report: kc.Report, ref: dict[str, dict[str, object]]) -> bool:
    """Whether every row's KPIs equal the hand-written reference's (amounts as Decimals)."""
    for row in report:
        s, mine = row.stats, ref[row.client_id]
        aov = s.average_order_value
        ours = (
            s.order_count,
            s.total.amount,
            None if aov is None else aov.amount,
            s.first_order_on,
            s.last_order_on,
            len(s.products),
            len(s.categories),
            s.overdue.amount,
        )
        theirs = tuple(
            mine[k]
            for k in (
                "orders",
                "turnover",
                "average_order",
                "first_order_on",
                "last_order_on",
                "products",
                "categories",
                "overdue",
            )
        )
        if ours != theirs:
            print(f"  KPIs differ for {row.client_id}: {ours} vs {theirs}")
            return False
    return True


def run(size: str, repeat: int) -> None:
    """Time the reference and analyze() on one book size and compare their labels."""
    policies = policy_list()
    clients, per_client = SIZES[size]
    book = kc.generate_book(clients, seed=SEED, as_of=AS_OF, deals_per_client=per_client)
    gc.disable()
    deals = list(book.deals())
    gc.enable()
    gc.freeze()  # the deals are permanent: keep the cyclic GC from rescanning them
    print(f"{size}: {clients} clients, {len(deals)} deals")
    t_ref, ref = best_of(repeat, lambda: reference_job(deals, book.clients, AS_OF))
    t_row, row_ref = best_of(repeat, lambda: row_reference_job(deals, book.clients, AS_OF))

    def full() -> Any:
        same_fields(deals, AS_OF)
        return reference_job(deals, book.clients, AS_OF)

    t_full, _ = best_of(repeat, full)
    t_an, report = best_of(
        repeat, lambda: kc.analyze(book.clients, deals, as_of=AS_OF, policies=policies)
    )
    agree, differ = agreement(report, ref)
    kpis_agree = same_kpis(report, row_ref)
    print(f"  reference job, labels only:      {t_ref:6.2f} s")
    print(f"  reference job, labels + row KPIs:{t_row:6.2f} s")
    print(f"  reference + same-fields fold:    {t_full:6.2f} s")
    print(f"  kc.analyze:                      {t_an:6.2f} s")
    print(f"  ratio analyze / reference, labels only     = {t_an / t_ref:.2f}")
    print(f"  ratio analyze / reference, labels + KPIs   = {t_an / t_row:.2f}  (target <= 1.5)")
    print(f"  ratio analyze / reference + same-fields    = {t_an / t_full:.2f}")
    print(f"  row KPIs equal to the reference's: {kpis_agree}")
    print(f"  label agreement: {agree}")
    print(f"  first differences (analyze vs reference): {differ}")
    # ABC, RFM and the handoff share their definitions (up to the window's first day);
    # XYZ and sleeping differ by design (see docs/performance.md)
    assert agree["handoff"] == 1.0, agree
    assert agree["abc"] >= 0.999, agree
    assert agree["rfm"] >= 0.99, agree
    gc.unfreeze()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=["S", "M"], default=["S", "M"])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    for size in args.sizes:
        run(size, args.repeat)
        gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main())
