"""Which rule predicts silence better: Sleeping (book default, calibrated) against P(alive).

What is measured (one process, one run; the timings are indicative on a shared machine):

1. CDNOW (tests/data/cdnow_sample.txt, 2,357 customers): the sleeping multipliers are
   calibrated inside the paper's 39-week calibration period (as of 1997-06-01, horizon
   120 days, which ends before 1997-09-30), then the book's ``p.Sleeping()``, the
   calibrated one and ``p.PAlive(time_unit="weeks")`` are back-tested as of the end of
   the calibration period over the paper's 39-week holdout (273 days);
2. a generated book (``kc.generate_book``, ``--clients``, seed of benchmarks/_books.py):
   calibrated as of three dates 730, 640 and 550 days before ``AS_OF`` (horizon 180
   days, all ending before the test date), back-tested as of ``AS_OF`` − 1 year
   (horizon 180 days).

For each rule the table gives its "gone quiet" call (sleeping + lost + drowsy; at risk
+ probably gone) against "no order in the horizon": clients flagged, precision, recall,
lift over the base rate and F1, then the same for the strict call (sleeping + lost;
probably gone).  A rule whose fit the book refuses says so.

Run from the repository root (needs the ``clv`` extra):

    PYTHONPATH=src python benchmarks/bench_backtest.py
    PYTHONPATH=src python benchmarks/bench_backtest.py --clients 5000
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from _books import AS_OF, SEED, machine
from bench_p_alive import cdnow_deals

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyEvaluationError

STRICT = {"sleeping": ("sleeping", "lost"), "p_alive": ("probably_gone",)}


def _rules(calibrated: p.Sleeping) -> dict[str, Any]:
    return {
        "sleeping (book)": p.Sleeping(),
        "sleeping (calibrated)": calibrated,
        "P(alive), weeks": p.PAlive(time_unit="weeks"),
    }


def _table(name: str, bt: kc.Backtest, on: date, seconds: float) -> list[str]:
    lines = [f"{name}: as of {on}, horizon {bt.horizon_days} days (back-test {seconds:.1f} s)"]
    lines.append(
        f"  {'rule':<24}{'call':<30}{'flagged':>8}{'prec.':>8}{'recall':>8}{'lift':>7}{'F1':>7}"
    )
    for policy in bt.policies:
        kind = bt.evaluation(on, policy).kind
        for labels in (None, STRICT[kind]):
            (row,) = bt.call(policy, labels, on=on)
            lines.append(
                f"  {policy:<24}{row.label:<30}{row.subjects:>8}{_f(row.precision):>8}"
                f"{_f(row.recall):>8}{_f(row.lift):>7}{_f(row.f1):>7}"
            )
    (base,) = bt.call(bt.policies[0], on=on)
    lines.append(f"  base rate of no order in the horizon: {_f(base.base_rate)}")
    return lines


def _f(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def _run(
    name: str,
    deals: Iterable[kc.Deal],
    *,
    calibrate_at: list[date],
    calibrate_horizon: int,
    test_at: date,
    test_horizon: int,
) -> list[str]:
    deals = list(deals)
    started = time.perf_counter()
    fit = kc.calibrate_sleeping(deals, at=calibrate_at, horizon_days=calibrate_horizon)
    fitted = time.perf_counter() - started
    out = [f"{name}: calibrated in {fitted:.1f} s — {fit.explain('en').splitlines()[0]}"]
    rules = _rules(fit.policy)
    started = time.perf_counter()
    try:
        bt = kc.backtest(rules, (), deals, at=[test_at], horizon_days=test_horizon)
    except PolicyEvaluationError as refusal:
        out.append(f"  P(alive) refused: {refusal}")
        rules.pop("P(alive), weeks")
        started = time.perf_counter()
        bt = kc.backtest(rules, (), deals, at=[test_at], horizon_days=test_horizon)
    out += _table(name, bt, test_at, time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    args = parser.parse_args()
    print(machine())
    print()
    for line in _run(
        "CDNOW",
        cdnow_deals(),
        calibrate_at=[date(1997, 6, 1)],
        calibrate_horizon=120,
        test_at=date(1997, 9, 30),
        test_horizon=273,
    ):
        print(line)
    print()
    book = kc.generate_book(clients=args.clients, seed=SEED, as_of=AS_OF)
    for line in _run(
        f"generated book ({args.clients} clients, seed {SEED})",
        book.deals(),
        calibrate_at=[AS_OF - timedelta(days=d) for d in (730, 640, 550)],
        calibrate_horizon=180,
        test_at=AS_OF - timedelta(days=365),
        test_horizon=180,
    ):
        print(line)


if __name__ == "__main__":
    main()
