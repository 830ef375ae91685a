"""A/B: the same whole-book jobs on two kam_core source trees, interleaved in one process.

On a shared machine the load changes from minute to minute, so two versions timed in
separate runs, even minutes apart, cannot be compared.  This script copies each tree's
``kam_core`` under another name (``kam_core_a``, ``kam_core_b``: every ``kam_core`` in
the sources renamed), imports both into one process, and runs every job on A and on B
(A first in odd rounds, B first in even ones), ``--rounds`` times.  It prints the best
time of each and the median of the per-round ratios B / A::

    git archive <commit> src | tar -x -C /tmp/base      # the tree to compare against
    python benchmarks/bench_ab.py --a /tmp/base/src --b src --size S --rounds 5

Jobs (S = 10 k clients, M = 100 k clients; the book of ``_books.py``, each version's own
``Deal`` objects in a list, the cyclic collector paused in every job as
``bench_analyze.py`` pauses it, except ``analyze_gc``):

- ``stats``: ``build_stats()`` over the deals;
- ``analyze``: ``analyze()`` with the reference's policies (``bench_analyze.py``);
- ``labels``: ``analyze`` plus reading every row's outcomes (issue 20, target 1);
- ``rows``: ``analyze`` plus ``report.rows()``, every decision explained (target 2);
- ``analyze_gc``: ``analyze`` with the collector left as Python runs it by default;
- ``frames``: ``frames.analyze()`` plus its summary, on the deals as one polars frame;
- ``bant``: µs per explained BANT decision on 100 000 generated leads (CPU time).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _books import AS_OF, SEED, SIZES  # noqa: E402

JOBS = ("stats", "analyze", "labels", "rows", "analyze_gc", "frames", "bant")


def _aliased(src: Path, name: str, into: Path) -> ModuleType:
    """Import ``src/kam_core`` as the package ``name``: a copy with every import renamed."""
    target = into / name
    shutil.copytree(src / "kam_core", target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bkam_core\b", name, text), encoding="utf-8")
    return importlib.import_module(name)


def _policies(kc: ModuleType) -> list[Any]:
    """The policies of the reference job (``bench_analyze.policy_list``) from ``kc``."""
    p = importlib.import_module(f"{kc.__name__}.policies")
    return [
        p.Abc(),
        p.Xyz(),
        p.Rfm(),
        p.Sleeping(),
        p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),)),
    ]


def _frame(deals: list[Any]) -> Any:
    import polars as pl

    return pl.DataFrame(
        [
            {
                "id": d.id,
                "client_id": d.client_id,
                "status": d.status.value,
                "closed_on": d.closed_on,
                "amount": str(d.amount.amount),
                "currency": d.amount.currency,
                "product_id": line.product_id if line else None,
                "category": line.category if line else None,
                "quantity": str(line.quantity) if line else None,
                "unit_price": str(line.unit_price.amount) if line else None,
                "due_on": d.due_on,
                "paid_on": d.paid_on,
            }
            for d in deals
            for line in (d.lines or (None,))
        ]
    )


def _leads(kc: ModuleType, n: int) -> list[Any]:
    import random
    from datetime import timedelta
    from decimal import Decimal

    rng = random.Random(42)
    roles = [r.value for r in kc.BuyingRole if r is not kc.BuyingRole.UNKNOWN]
    needs = [x.value for x in kc.NeedLevel]
    return [
        kc.Lead.model_validate(
            {
                "id": f"L-{i}",
                "company": f"Company {i}",
                "created_on": "2026-01-01",
                "bant": {
                    "budget": {
                        "amount": str(Decimal(rng.randrange(0, 151) * 10_000)),
                        "currency": "RUB",
                    },
                    "authority": rng.choice(roles),
                    "need": rng.choice(needs),
                    "decision_date": (AS_OF + timedelta(days=rng.randrange(0, 400))).isoformat(),
                },
            }
        )
        for i in range(n)
    ]


def _jobs(kc: ModuleType, size: str, wanted: list[str]) -> dict[str, Callable[[], Any]]:
    """Each job as a callable over ``kc``'s own book (built here, outside the timing)."""
    clients, per_client = SIZES[size]
    book = kc.generate_book(clients, seed=SEED, as_of=AS_OF, deals_per_client=per_client)
    deals = list(book.deals())

    def analyze() -> Any:
        return kc.analyze(book.clients, deals, as_of=AS_OF, policies=_policies(kc))

    def labels() -> None:
        report = analyze()
        keys = [k for k, _ in report.clients[0].outcomes] if len(report) else []
        for row in report:
            for key in keys:
                row.label(key)

    jobs: dict[str, Callable[[], Any]] = {
        "stats": lambda: kc.build_stats(deals, as_of=AS_OF, clients=book.client_ids),
        "analyze": analyze,
        "labels": labels,
        "rows": lambda: analyze().rows(),
        "analyze_gc": analyze,
    }
    if "frames" in wanted:
        frames = importlib.import_module(f"{kc.__name__}.frames")
        frame, listed = _frame(deals), list(book.clients)
        jobs["frames"] = lambda: frames.analyze(
            frame, listed, as_of=AS_OF, policies=_policies(kc)
        ).summary()
    if "bant" in wanted:
        leads = _leads(kc, 100_000)
        bant = importlib.import_module(f"{kc.__name__}.policies").Bant(
            min_budget=kc.Money("500000", "RUB"),
            max_days_to_decision=90,
            must_have={"budget": 3, "authority": 3, "need": 2, "timeline": 3},
        )

        def qualify() -> None:
            for lead in leads:
                bant.evaluate(lead, as_of=AS_OF)

        jobs["bant"] = qualify
    return {job: jobs[job] for job in wanted}


def _timed(job: str, run: Callable[[], Any]) -> float:
    gc.collect()
    pause = job != "analyze_gc"
    clock = time.process_time if job == "bant" else time.perf_counter
    if pause:
        gc.disable()
    try:
        start = clock()
        run()
        elapsed = clock() - start
    finally:
        gc.enable()
    return elapsed * 1e6 / 100_000 if job == "bant" else elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", required=True, help="source tree A (the directory of kam_core/)")
    parser.add_argument("--b", required=True, help="source tree B")
    parser.add_argument("--size", choices=["S", "M"], default="S")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", nargs="+", choices=JOBS, default=list(JOBS))
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kam-ab-"))
    sys.path.insert(0, str(scratch))
    try:
        sides = {
            "a": _jobs(_aliased(Path(args.a), "kam_core_a", scratch), args.size, args.jobs),
            "b": _jobs(_aliased(Path(args.b), "kam_core_b", scratch), args.size, args.jobs),
        }
        gc.collect()
        gc.freeze()  # both books are permanent: the collector does not rescan them
        times: dict[str, dict[str, list[float]]] = {"a": {}, "b": {}}
        for r in range(args.rounds):
            line = []
            order = ("a", "b") if r % 2 == 0 else ("b", "a")  # neither always goes first
            for job in args.jobs:
                got = {side: _timed(job, sides[side][job]) for side in order}
                for side, t in got.items():
                    times[side].setdefault(job, []).append(t)
                line.append(f"{job} {got['b'] / got['a']:.2f}")
            print(f"round {r + 1}, B/A: " + ", ".join(line), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nsize {args.size}, {args.rounds} rounds, jobs interleaved A and B in one process")
    print(f"{'job':12s} {'best A':>10s} {'best B':>10s} {'B/A best':>9s} {'B/A median':>11s}")
    for job in args.jobs:
        a, b = times["a"][job], times["b"][job]
        unit = "µs" if job == "bant" else "s"
        ratio = statistics.median(y / x for x, y in zip(a, b, strict=True))
        print(
            f"{job:12s} {min(a):8.3f}{unit:>2s} {min(b):8.3f}{unit:>2s} {min(b) / min(a):9.2f} "
            f"{ratio:11.2f}"
        )
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
