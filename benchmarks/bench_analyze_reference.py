"""The whole-book job written by hand in plain Python: the yardstick for kc.analyze().

Issue 7 asks that ``analyze()`` over already-validated ``Deal`` objects cost at most
1.5× a straightforward hand-written implementation of the same job.  This is that
implementation: one pass of dict aggregation over the deals, then sorts.

- ABC by revenue of the 12 months up to ``as_of``, cumulative share A ≤ 80 %, B ≤ 95 %;
- XYZ by the coefficient of variation of monthly revenue over the 12 complete months
  before ``as_of``'s month: X ≤ 10 %, Y ≤ 25 %, Z above;
- RFM quintiles (rank method "min", recency reversed) and the named R×F segments;
- sleeping by the client's own median gap (drowsy > 1.5 m, sleeping > 2 m,
  lost > 3 m or > 365 days), a population-percentile fallback under three orders;
- hunter → farmer handoff due after the third order.

Run (one command; ``--sizes S`` for a quick look):

    PYTHONPATH=src python benchmarks/bench_analyze_reference.py --sizes S M

When ``kam_core.analyze`` exists the script also times it on the same deals and prints
the ratio analyze / reference.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from _books import AS_OF, RF_SEGMENTS, SEED, SIZES, machine

import kam_core as kc

_ZERO = Decimal(0)
_SEGMENT = {(r, f): name for rs, fs, name in RF_SEGMENTS for r in rs for f in fs}


def quintiles(values: dict[str, Decimal | int], *, reverse: bool = False) -> dict[str, int]:
    """Score 1..5 by rank; tied values share the lowest quintile of their group."""
    ordered = sorted(values.items(), key=lambda kv: (-kv[1] if reverse else kv[1], kv[0]))
    n = len(ordered)
    scores: dict[str, int] = {}
    rank = 0
    previous: object = None
    for i, (key, value) in enumerate(ordered):
        if value != previous:
            rank, previous = i, value
        scores[key] = 1 + 5 * rank // n
    return scores


def _orders(deals: Iterable[kc.Deal], as_of: date) -> dict[str, list[tuple[date, Decimal]]]:
    """Each client's (closed on, amount) of the deals won by ``as_of``: the labels' input."""
    won = kc.DealStatus.WON
    orders: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    for deal in deals:
        closed = deal.closed_on
        if deal.status is won and closed is not None and closed <= as_of:
            orders[deal.client_id].append((closed, deal.amount.amount))
    return orders


def _orders_and_kpis(
    deals: Iterable[kc.Deal], as_of: date
) -> tuple[dict[str, list[tuple[date, Decimal]]], dict[str, list[Any]]]:
    """The orders, and what a report row shows beyond them: distinct products and
    categories bought, and the amount of orders overdue as of ``as_of``."""
    won = kc.DealStatus.WON
    orders: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    kpis: dict[str, list[Any]] = {}
    for deal in deals:
        closed = deal.closed_on
        if deal.status is not won or closed is None or closed > as_of:
            continue
        client_id = deal.client_id
        orders[client_id].append((closed, deal.amount.amount))
        acc = kpis.get(client_id)
        if acc is None:
            acc = kpis[client_id] = [set(), set(), _ZERO]
        for line in deal.lines:
            acc[0].add(line.product_id)
            if line.category is not None:
                acc[1].add(line.category)
        due = deal.due_on
        if due is not None and due < as_of and (deal.paid_on is None or deal.paid_on > as_of):
            acc[2] += deal.amount.amount
    return orders, kpis


def reference_job(
    deals: Iterable[kc.Deal], clients: Sequence[kc.Client], as_of: date
) -> dict[str, dict[str, object]]:
    """The labels, by hand: aggregation, then ABC, XYZ, RFM, sleeping, handoff."""
    return _labels(_orders(deals, as_of), clients, as_of)


def row_reference_job(
    deals: Iterable[kc.Deal], clients: Sequence[kc.Client], as_of: date
) -> dict[str, dict[str, object]]:
    """What a report row holds, by hand: the labels plus the row's KPIs (order count,
    turnover, average order, first and last order, products and categories bought,
    overdue amount)."""
    orders, kpis = _orders_and_kpis(deals, as_of)
    rows = _labels(orders, clients, as_of)
    for cid, row in rows.items():
        mine = orders.get(cid, [])
        turnover = sum((a for _, a in mine), _ZERO)
        products, categories, overdue = kpis.get(cid, ((), (), _ZERO))
        row["orders"] = len(mine)
        row["turnover"] = turnover
        row["average_order"] = turnover / len(mine) if mine else None
        row["first_order_on"] = min(mine)[0] if mine else None
        row["last_order_on"] = max(mine)[0] if mine else None
        row["products"] = len(products)
        row["categories"] = len(categories)
        row["overdue"] = overdue
    return rows


def _labels(
    orders: dict[str, list[tuple[date, Decimal]]], clients: Sequence[kc.Client], as_of: date
) -> dict[str, dict[str, object]]:
    owners = {c.id: c.owner for c in clients}
    ids = sorted(set(orders) | set(owners))

    window_start = as_of.replace(year=as_of.year - 1, day=min(as_of.day, 28))
    this_month = as_of.year * 12 + as_of.month - 1
    months = range(this_month - 12, this_month)
    revenue: dict[str, Decimal] = {}
    cv: dict[str, Decimal | None] = {}
    recency: dict[str, int] = {}
    frequency: dict[str, int] = {}
    monetary: dict[str, Decimal] = {}
    median_gap: dict[str, float | None] = {}
    for cid in ids:
        mine = sorted(orders.get(cid, ()))
        revenue[cid] = sum((a for d, a in mine if window_start < d), _ZERO)
        by_month: dict[int, Decimal] = defaultdict(lambda: _ZERO)
        for d, a in mine:
            by_month[d.year * 12 + d.month - 1] += a
        series = [by_month.get(m, _ZERO) for m in months]
        mean = sum(series, _ZERO) / 12
        cv[cid] = statistics.pstdev(series) / mean if mean else None
        if mine:
            recency[cid] = (as_of - mine[-1][0]).days
            frequency[cid] = len(mine)
            monetary[cid] = sum((a for _, a in mine), _ZERO)
            gaps = [(b[0] - a[0]).days for a, b in itertools.pairwise(mine)]
            median_gap[cid] = statistics.median(gaps) if len(mine) >= 3 else None

    # ABC: descending revenue, ties by client id
    total = sum(revenue.values(), _ZERO)
    abc: dict[str, str] = {}
    running = _ZERO
    for cid in sorted(revenue, key=lambda c: (-revenue[c], c)):
        running += revenue[cid]
        share = running / total if total else Decimal(1)
        abc[cid] = "A" if share <= Decimal("0.80") else "B" if share <= Decimal("0.95") else "C"

    xyz = {
        cid: None if v is None else "X" if v <= 0.10 else "Y" if v <= 0.25 else "Z"
        for cid, v in cv.items()
    }

    r = quintiles(recency, reverse=True)
    f = quintiles(frequency)
    m = quintiles(monetary)
    rfm = {cid: _SEGMENT[(r[cid], f[cid])] for cid in recency}

    silence = sorted(recency.values())
    p75 = silence[len(silence) * 3 // 4] if silence else 0
    p90 = silence[len(silence) * 9 // 10] if silence else 0
    sleeping: dict[str, str] = {}
    for cid, gap in recency.items():
        med = median_gap[cid]
        if med:
            state = (
                "lost"
                if gap > 3 * med or gap > 365
                else "sleeping"
                if gap > 2 * med
                else "drowsy"
                if gap > 1.5 * med
                else "active"
            )
        else:
            state = (
                "lost"
                if gap > 365
                else "sleeping"
                if gap > p90
                else "drowsy"
                if gap > p75
                else "active"
            )
        sleeping[cid] = state

    hunter = kc.Role.DEVELOPMENT_SPECIALIST
    return {
        cid: {
            "abc": abc[cid],
            "xyz": xyz[cid],
            "rfm": rfm.get(cid),
            "rfm_score": (r[cid], f[cid], m[cid]) if cid in r else None,
            "sleeping": sleeping.get(cid),
            "handoff": owners.get(cid) is hunter and frequency.get(cid, 0) >= 3,
        }
        for cid in ids
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["S", "M"])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    for size in args.sizes:
        clients, per_client = SIZES[size]
        book = kc.generate_book(clients, seed=SEED, as_of=AS_OF, deals_per_client=per_client)
        gc.disable()  # millions of new objects: the cyclic GC would dominate the build
        start = time.perf_counter()
        deals = list(book.deals())  # already-validated Deal objects, held in memory
        generated = time.perf_counter() - start
        gc.enable()
        print(
            f"{size}: {clients} clients, {len(deals)} deals "
            f"(generated in {generated:.1f} s, {len(deals) / generated:,.0f} deals/s)"
        )
        best = float("inf")
        result: dict[str, dict[str, object]] = {}
        for _ in range(args.repeat):
            gc.collect()
            start = time.perf_counter()
            result = reference_job(deals, book.clients, AS_OF)
            best = min(best, time.perf_counter() - start)
        labels = defaultdict(int)
        for row in result.values():
            labels[row["abc"]] += 1
        print(
            f"  reference job: {best:.2f} s ({best / len(deals) * 1e6:.2f} µs/deal); "
            f"ABC counts {dict(sorted(labels.items()))}"
        )
        analyze = getattr(kc, "analyze", None)
        if analyze is not None:
            best_a = float("inf")
            for _ in range(args.repeat):
                gc.collect()
                start = time.perf_counter()
                analyze(book.clients, deals, as_of=AS_OF)
                best_a = min(best_a, time.perf_counter() - start)
            print(f"  kc.analyze: {best_a:.2f} s; ratio analyze/reference = {best_a / best:.2f}")
        else:
            print("  kc.analyze: not available on this branch yet (ratio not measured)")
        del deals, book, result
        gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main())
