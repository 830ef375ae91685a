"""Money's hot paths against the bare Decimal work they wrap (issue 22: bounds stay cheap).

Whole-book analysis folds millions of amounts, so the bounds every amount is checked
against must cost little.  Each job below runs over the same one million amounts, drawn
from a generated book (``kc.generate_book``, fixed seed: realistic digits, two decimals):

- ``from_dict``: ``Money.from_dict({"amount": "...", "currency": "RUB"})`` against
  ``Decimal(text)`` plus the currency lookup (the least any parser must do);
- ``construct``: ``Money(text, "RUB")`` against the same bare work;
- ``add``: ``a + b`` on Money against ``a.amount + b.amount``;
- ``total``: ``Money.total(moneys, currency="RUB")`` against ``sum(amounts, Decimal(0))``.

It prints each job's best of ``--repeat`` runs and the ratio Money / bare, measured in
the same run.  The machine is shared: the ratios are indicative.

Run (one command):

    PYTHONPATH=src python benchmarks/bench_money.py            # --count 200000 for a quick look
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import cycle, islice, pairwise

from _books import AS_OF, SEED, machine

import kam_core as kc
from kam_core._currencies import MINOR_UNITS


def amounts_of_a_book(count: int) -> list[str]:
    """``count`` amount strings as a CRM export writes them, cycled from a generated book."""
    book = kc.generate_book(2_000, seed=SEED, as_of=AS_OF, deals_per_client=10)
    texts = [format(deal.amount.amount, "f") for deal in book.deals()]
    return list(islice(cycle(texts), count))


def best_of(repeat: int, job: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    texts = amounts_of_a_book(args.count)
    dicts = [{"amount": t, "currency": "RUB"} for t in texts]
    moneys = [kc.Money(t, "RUB") for t in texts]
    decimals = [m.amount for m in moneys]
    pairs = list(pairwise(moneys))
    decimal_pairs = [(a.amount, b.amount) for a, b in pairs]
    from_dict = kc.Money.from_dict
    known = MINOR_UNITS

    def bare_parse() -> object:
        return [(Decimal(d["amount"].strip()), d["currency"] in known) for d in dicts]

    jobs: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        ("from_dict", lambda: [from_dict(d) for d in dicts], bare_parse),
        ("construct", lambda: [kc.Money(t, "RUB") for t in texts], bare_parse),
        ("add", lambda: [a + b for a, b in pairs], lambda: [a + b for a, b in decimal_pairs]),
        (
            "total",
            lambda: kc.Money.total(moneys, currency="RUB"),
            lambda: sum(decimals, Decimal(0)),
        ),
    ]
    print(f"{args.count:,} amounts, best of {args.repeat}")
    for name, money_job, bare_job in jobs:
        t_money = best_of(args.repeat, money_job)
        t_bare = best_of(args.repeat, bare_job)
        per = t_money / args.count * 1e9
        print(
            f"  {name:10} Money {t_money:6.3f} s ({per:5.0f} ns each)   "
            f"bare {t_bare:6.3f} s   ratio {t_money / t_bare:5.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
