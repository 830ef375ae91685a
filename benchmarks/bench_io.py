"""kam_core.io.read_deals end to end: rows read per second from a CSV file of generated deals.

Writes N deal rows of ``kc.generate_book`` (one row per deal line, as ``write_deals``
writes them) to a temporary CSV file, then times, in interleaved rounds (best of
``--repeat``):

- ``read_deals``: ``kam_core.io.read_deals(path)`` iterated to the end — opening,
  decoding, CSV parsing, every cell check, the duplicate-id and currency checks, and
  the validated ``Deal`` / ``DealLine`` entities;
- ``collect``: the same with ``errors="collect"`` (the whole file into a ``ReadResult``);
- ``csv.reader``: the standard library's CSV parsing of the same file, nothing else;
- ``entities``: building the same ``Deal`` and ``DealLine`` entities with their
  constructors from values already parsed — the pydantic validation every reader of
  entities pays, the floor under ``read_deals``.

Issue 20's target 3 is ``read_deals`` ≥ 100 000 rows a second.  The ratio
``read_deals / entities`` says how much the reading itself adds to the validation,
and moves less than rows/s when the machine is busy; the CPU columns (this process's
CPU time) move less still on a shared machine.

Run (one command):

    PYTHONPATH=src python benchmarks/bench_io.py            # --rows 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _books import AS_OF, SEED, machine

import kam_core as kc
from kam_core.io import read_deals, write_deals


def _book_rows(rows: int) -> list[kc.Deal]:
    """Deals of a generated book, whole deals, until they fill ``rows`` rows."""
    clients = max(rows // 17, 1)  # a generated client has ~17 deal rows (lines)
    while True:
        book = kc.generate_book(clients, seed=SEED, as_of=AS_OF)
        deals: list[kc.Deal] = []
        filled = 0
        for deal in book.deals():
            deals.append(deal)
            filled += max(len(deal.lines), 1)
            if filled >= rows:
                return deals
        clients *= 2


def _entities(deals: list[kc.Deal]) -> Callable[[], int]:
    """Building the same deals from parsed values: the validation floor."""
    own = [
        {
            "id": d.id,
            "client_id": d.client_id,
            "status": d.status,
            "opened_on": d.opened_on,
            "closed_on": d.closed_on,
            "amount": d.amount,
            "margin": d.margin,
            "due_on": d.due_on,
            "paid_on": d.paid_on,
            "referred_by": d.referred_by,
            "owner": d.owner,
        }
        for d in deals
    ]
    lines = [
        [
            {
                "product_id": line.product_id,
                "category": line.category,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
            }
            for line in d.lines
        ]
        for d in deals
    ]

    def run() -> int:
        made = 0
        deal, line = kc.Deal, kc.DealLine
        for fields, its_lines in zip(own, lines, strict=True):
            deal(**fields, lines=tuple(line(**kw) for kw in its_lines))
            made += 1
        return made

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="deal rows in the file")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best is shown")
    args = parser.parse_args()

    deals = _book_rows(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deals.csv"
        rows = write_deals(path, deals)
        size = path.stat().st_size

        def read() -> int:
            return sum(1 for _ in read_deals(path))

        def collect() -> int:
            return len(read_deals(path, errors="collect").good)

        def parse() -> int:
            with path.open(newline="", encoding="utf-8") as handle:
                return sum(1 for _ in csv.reader(handle)) - 1

        jobs: dict[str, Callable[[], int]] = {
            "read_deals": read,
            "collect": collect,
            "csv.reader": parse,
            "entities": _entities(deals),
        }
        best = dict.fromkeys(jobs, float("inf"))
        cpu = dict.fromkeys(jobs, float("inf"))
        for _ in range(args.repeat):
            for name, job in jobs.items():
                start, start_cpu = time.perf_counter(), time.process_time()
                job()
                best[name] = min(best[name], time.perf_counter() - start)
                cpu[name] = min(cpu[name], time.process_time() - start_cpu)

    print(f"# kam_core.io.read_deals — {machine()}")
    print(f"{rows:,} rows ({len(deals):,} deals, {size / 1e6:.1f} MB), best of {args.repeat}")
    print(f"{'job':<12} {'seconds':>8} {'rows/s':>12} {'CPU s':>8} {'rows/CPU s':>12}")
    for name, seconds in best.items():
        print(
            f"{name:<12} {seconds:8.3f} {rows / seconds:12,.0f} "
            f"{cpu[name]:8.3f} {rows / cpu[name]:12,.0f}"
        )
    print(
        f"read_deals / entities = {best['read_deals'] / best['entities']:.2f} (wall), "
        f"{cpu['read_deals'] / cpu['entities']:.2f} (CPU)"
    )
    print(f"collect / read_deals = {best['collect'] / best['read_deals']:.2f}")
    target = rows / best["read_deals"]
    print(f"target 3 (>= 100,000 rows/s): {'met' if target >= 100_000 else 'not met'}")


if __name__ == "__main__":
    main()
