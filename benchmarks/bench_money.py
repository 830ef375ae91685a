"""Money's hot paths: against the bare Decimal work they wrap, and against an earlier Money.

Whole-book analysis folds millions of amounts, so the bounds every amount is checked
against (issue 22) must cost little.  Each job runs over the same amounts, drawn from a
generated book (``kc.generate_book``, fixed seed: realistic digits, two decimals):

- ``from_dict``: ``Money.from_dict({"amount": "...", "currency": "RUB"})``;
- ``construct``: ``Money(text, "RUB")``;
- ``add``: ``a + b`` on Money;
- ``total``: ``Money.total(moneys, currency="RUB")``.

Each is timed against the bare Decimal work (``Decimal(text)`` and the currency lookup,
``a.amount + b.amount``, ``sum(amounts, Decimal(0))``) and, with ``--against REV``,
against the ``Money`` of git revision ``REV`` loaded in the same process, so a busy
machine slows both sides alike.  Runs alternate and the collector is paused while
timing (as timeit does); each figure is the best of ``--repeat``.  The machine is
shared: the ratios are indicative.

Run (one command):

    PYTHONPATH=src python benchmarks/bench_money.py --against 0de5ea3   # --count 200000: quicker
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import cycle, islice, pairwise
from pathlib import Path
from typing import Any

from _books import AS_OF, SEED, machine

import kam_core as kc
from kam_core._currencies import MINOR_UNITS

Job = Callable[[], object]


def amounts_of_a_book(count: int) -> list[str]:
    """``count`` amount strings as a CRM export writes them, cycled from a generated book."""
    book = kc.generate_book(2_000, seed=SEED, as_of=AS_OF, deals_per_client=10)
    texts = [format(deal.amount.amount, "f") for deal in book.deals()]
    return list(islice(cycle(texts), count))


def money_at(revision: str) -> Any:
    """The ``Money`` class of ``src/kam_core/_money.py`` at a git revision, imported here."""
    root = Path(__file__).resolve().parent.parent
    source = subprocess.run(
        ["git", "show", f"{revision}:src/kam_core/_money.py"],
        capture_output=True,
        check=True,
        cwd=root,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="bench-money-"))
    path = folder / f"_money_at_{revision}.py"
    path.write_bytes(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # attrs and pydantic look classes up by module
    spec.loader.exec_module(module)
    return module.Money


def timed(job: Job) -> float:
    """One run of ``job`` with the collector paused: a million fresh objects would
    otherwise be timed with the collections they trigger."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        job()
        return time.perf_counter() - start
    finally:
        gc.enable()


def best_of(repeat: int, jobs: Sequence[Job]) -> list[float]:
    """Best of ``repeat`` runs of each job, alternated so a busy moment hits all alike."""
    best = [float("inf")] * len(jobs)
    for _ in range(repeat):
        for i, job in enumerate(jobs):
            best[i] = min(best[i], timed(job))
    return best


def jobs_for(money: Any, texts: list[str]) -> dict[str, Job]:
    """The four hot paths of one ``Money`` class over the same amounts."""
    dicts = [{"amount": t, "currency": "RUB"} for t in texts]
    moneys = [money(t, "RUB") for t in texts]
    pairs = list(pairwise(moneys))
    from_dict = money.from_dict
    return {
        "from_dict": lambda: [from_dict(d) for d in dicts],
        "construct": lambda: [money(t, "RUB") for t in texts],
        "add": lambda: [a + b for a, b in pairs],
        "total": lambda: money.total(moneys, currency="RUB"),
    }


def bare_jobs(texts: list[str]) -> dict[str, Job]:
    """The Decimal work each hot path cannot avoid."""
    dicts = [{"amount": t, "currency": "RUB"} for t in texts]
    decimals = [Decimal(t) for t in texts]
    decimal_pairs = list(pairwise(decimals))
    known = MINOR_UNITS

    def parse() -> object:
        return [(Decimal(d["amount"].strip()), d["currency"] in known) for d in dicts]

    return {
        "from_dict": parse,
        "construct": parse,
        "add": lambda: [a + b for a, b in decimal_pairs],
        "total": lambda: sum(decimals, Decimal(0)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--against", help="a git revision whose Money to time alongside")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    texts = amounts_of_a_book(args.count)
    sides = {"Money": jobs_for(kc.Money, texts), "bare": bare_jobs(texts)}
    if args.against:
        sides[args.against] = jobs_for(money_at(args.against), texts)
    names = list(sides)
    print(f"{args.count:,} amounts, best of {args.repeat}; ns per amount")
    header = "  ".join(f"{n:>10}" for n in names)
    against = f"  {'Money / ' + args.against:>18}" if args.against else ""
    print(f"  {'job':10}  {header}  {'Money / bare':>12}{against}")
    for job in ("from_dict", "construct", "add", "total"):
        seconds = best_of(args.repeat, [sides[n][job] for n in names])
        per = "  ".join(f"{t / args.count * 1e9:10.0f}" for t in seconds)
        line = f"  {job:10}  {per}  {seconds[0] / seconds[1]:12.2f}"
        if args.against:
            line += f"  {seconds[0] / seconds[2]:18.2f}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
