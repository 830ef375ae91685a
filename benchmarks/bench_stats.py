"""kc.build_stats against a hand-written aggregation, and its memory when streaming.

Two measurements (issue 7):

1. time: ``kc.build_stats`` over M already-validated deals (a list) against a plain
   dict aggregation of the same deals; ``build_stats`` folds more (products,
   categories, payment discipline, margins, referrers), so a second reference
   aggregates those fields too;
2. memory: peak RSS of a fresh process streaming ``build_stats`` over
   ``book.deals()`` (a generator: deals are never all held) for M deals and for 5× the
   deals over the same clients.  Also shown: what holding the same deals as a list costs.

Run (one command):

    PYTHONPATH=src python benchmarks/bench_stats.py            # --size S for a quick look
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from _books import AS_OF, SEED, SIZES, machine

import kam_core as kc

_ZERO = Decimal(0)


def orders_only(deals: Iterable[kc.Deal], as_of: date) -> dict[str, list[tuple[date, Decimal]]]:
    """The minimal aggregation: each client's (date, amount) of won deals up to as_of."""
    won = kc.DealStatus.WON
    orders: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    for deal in deals:
        closed = deal.closed_on
        if deal.status is won and closed is not None and closed <= as_of:
            orders[deal.client_id].append((closed, deal.amount.amount))
    return {cid: sorted(v) for cid, v in sorted(orders.items())}


def same_fields(deals: Iterable[kc.Deal], as_of: date) -> dict[str, dict[str, object]]:
    """By hand, the fields build_stats folds: orders, products, categories, payments, margin."""
    won = kc.DealStatus.WON
    book: dict[str, dict[str, object]] = {}
    for deal in deals:
        closed = deal.closed_on
        if deal.status is not won or closed is None or closed > as_of:
            continue
        acc = book.get(deal.client_id)
        if acc is None:
            acc = book[deal.client_id] = {
                "orders": [],
                "products": defaultdict(lambda: [_ZERO, _ZERO]),
                "categories": defaultdict(lambda: [_ZERO, _ZERO]),
                "overdue": _ZERO,
                "margin": _ZERO,
                "referrers": set(),
            }
        acc["orders"].append((closed, deal.amount.amount))  # type: ignore[attr-defined]
        for line in deal.lines:
            revenue = line.unit_price.amount * line.quantity
            slot = acc["products"][line.product_id]  # type: ignore[index]
            slot[0] += revenue
            slot[1] += line.quantity
            if line.category is not None:
                slot = acc["categories"][line.category]  # type: ignore[index]
                slot[0] += revenue
                slot[1] += line.quantity
        if deal.margin is not None:
            acc["margin"] += deal.margin.amount  # type: ignore[operator]
        if deal.referred_by is not None:
            acc["referrers"].add(deal.referred_by)  # type: ignore[attr-defined]
        if (
            deal.due_on is not None
            and deal.due_on < as_of
            and (deal.paid_on is None or deal.paid_on > as_of)
        ):
            acc["overdue"] += deal.amount.amount  # type: ignore[operator]
    for acc in book.values():
        acc["orders"] = tuple(sorted(acc["orders"]))  # type: ignore[call-overload]
    return dict(sorted(book.items()))


def best_of(repeat: int, job: object, *args: object) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        job(*args)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def peak_kib() -> int:
    """Peak resident memory of this process in KiB (VmHWM on Linux: reset by exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(clients: int, per_client: int, mode: str) -> None:
    """Run in a fresh process: stream (or hold) the deals, print peak RSS as JSON."""
    book = kc.generate_book(clients, seed=SEED, as_of=AS_OF, deals_per_client=per_client)
    base = peak_kib()
    count = 0

    def counted() -> Iterable[kc.Deal]:
        nonlocal count
        for deal in book.deals():
            count += 1
            yield deal

    if mode == "stream":
        stats = kc.build_stats(counted(), as_of=AS_OF, currency="RUB", clients=book.client_ids)
    else:
        held = list(counted())
        stats = kc.build_stats(held, as_of=AS_OF, currency="RUB", clients=book.client_ids)
    peak = peak_kib()
    orders = sum(s.order_count for s in stats.values())
    print(json.dumps({"deals": count, "orders": orders, "base_kib": base, "peak_kib": peak}))


def measure(clients: int, per_client: int, mode: str) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", f"{clients},{per_client},{mode}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="M")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        clients, per_client, mode = args.child.split(",")
        child(int(clients), int(per_client), mode)
        return 0
    clients, per_client = SIZES[args.size]
    print(f"machine: {machine()}")
    book = kc.generate_book(clients, seed=SEED, as_of=AS_OF, deals_per_client=per_client)
    gc.disable()
    deals = list(book.deals())
    gc.enable()
    print(f"{args.size}: {clients} clients, {len(deals)} deals held as a list")
    t_orders = best_of(args.repeat, orders_only, deals, AS_OF)
    t_fields = best_of(args.repeat, same_fields, deals, AS_OF)
    job = functools.partial(kc.build_stats, as_of=AS_OF, currency="RUB", clients=book.client_ids)
    t_stats = best_of(args.repeat, job, deals)
    print(f"  reference, orders only:      {t_orders:6.2f} s")
    print(f"  reference, same fields:      {t_fields:6.2f} s")
    print(
        f"  kc.build_stats:              {t_stats:6.2f} s  "
        f"(ratio {t_stats / t_orders:.2f} vs orders only, {t_stats / t_fields:.2f} vs same fields)"
    )
    del deals
    gc.collect()

    print("peak RSS of a fresh process (generator → build_stats), same clients:")
    rows = [
        ("stream", per_client),
        ("stream", per_client * 5),
        ("hold list", per_client),
    ]
    results = []
    for mode, dpc in rows:
        r = measure(clients, dpc, "stream" if mode == "stream" else "hold")
        results.append(r)
        print(
            f"  {mode:9} {r['deals']:>10,} deals ({r['orders']:,} orders): "
            f"peak {r['peak_kib'] / 1024:7.0f} MiB, "
            f"{(r['peak_kib'] - r['base_kib']) / 1024:7.0f} MiB above the generated clients"
        )
    one, five = results[0], results[1]
    growth = (five["peak_kib"] - five["base_kib"]) / max(one["peak_kib"] - one["base_kib"], 1)
    print(
        f"  5× the deals: {five['deals'] / one['deals']:.1f}× deals → {growth:.2f}× memory "
        "above the clients"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
