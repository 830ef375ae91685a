"""What the account plan costs: the erokhin preset with and without p.AccountPlan.

Issue 17: ``kc.analyze`` must not get meaningfully slower for sets without the new
policies (see ``bench_analyze.py``); this script measures what the account plan adds on
top of the rest of the preset, and what managers and a contact log add to that.  One
book, the same deals held in a list, best of ``--repeat`` runs, ratios printed.  Figures
taken on a shared machine are indicative.

Run (``--size S`` for a quick look):

    PYTHONPATH=src python benchmarks/bench_account_plan.py --size S
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from typing import Any

from _books import AS_OF, SEED, SIZES, machine

import kam_core as kc
from kam_core import policies as p


def best_of(repeat: int, job: Callable[[], Any]) -> float:
    """The fastest of ``repeat`` runs of ``job``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args(argv)
    clients, per_client = SIZES[args.size]
    book = kc.generate_book(clients, seed=SEED, as_of=AS_OF, deals_per_client=per_client,
                            managers=max(3, clients // 40))  # fmt: skip
    deals = list(book.deals())
    touches = list(book.touches())
    preset = p.PolicySet.preset("erokhin")
    without = [pol for pol in preset if pol.kind not in ("account_plan", "bant")]
    full = [pol for pol in preset if pol.kind != "bant"]
    print(machine())
    print(f"{args.size}: {clients} clients, {len(deals)} deals, {len(touches)} touches")
    t_without = best_of(
        args.repeat, lambda: kc.analyze(book.clients, deals, as_of=AS_OF, policies=without)
    )
    t_plan = best_of(
        args.repeat, lambda: kc.analyze(book.clients, deals, as_of=AS_OF, policies=full)
    )
    t_people = best_of(
        args.repeat,
        lambda: kc.analyze(
            book.clients, deals, as_of=AS_OF, policies=full,
            managers=book.managers, touches=touches,
        ),
    )  # fmt: skip
    print(f"  preset without the account plan:         {t_without:6.2f} s")
    print(f"  preset with the account plan:            {t_plan:6.2f} s")
    print(f"  ... and managers + the contact log:      {t_people:6.2f} s")
    print(f"  ratio with plan / without               = {t_plan / t_without:.2f}")
    print(f"  ratio with plan and people / without    = {t_people / t_without:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
