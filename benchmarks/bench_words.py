"""What explanations cost: Decision.explain() over a whole book, in each language.

The decisions are built once (``kc.analyze`` on a generated book, every row's decisions
and every lead's); the timed part is only ``decision.explain(locale)``, best of
``--repeat``. The first explanation in a fresh process also reads the language file: that
cold start is timed apart, in a subprocess, with the import of kam_core.

Each measurement runs in a fresh subprocess. With ``--against SRC`` (another checkout's
``src`` folder, e.g. from ``git archive <commit> src | tar -x -C /tmp/old``) the same job
runs on that code too, the two alternating for ``--rounds`` rounds so that a busy moment
of the machine hits both, and the ratio this / other of the best runs is printed.

    PYTHONPATH=src python benchmarks/bench_words.py --clients 2000 --repeat 5
    PYTHONPATH=src python benchmarks/bench_words.py --against /tmp/old/src
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from typing import Any

AS_OF = date(2026, 11, 24)


def _decisions(clients: int) -> list[Any]:
    import kam_core as kc
    from kam_core import policies as p

    book = kc.generate_book(clients, seed=7, as_of=AS_OF)
    report = kc.analyze(
        book.clients,
        book.deals(),
        as_of=AS_OF,
        policies=p.PolicySet.preset("erokhin", currency=book.currency),
        leads=book.leads,
        currency=book.currency,
    )
    out = list(report.leads)
    for row in report.clients:
        for kind in ("abc_xyz", "abcd", "rfm", "sleeping", "key_account", "handoff"):
            decision = row.decision(kind)
            if decision is not None:
                out.append(decision)
    return out


def _warm(clients: int, repeat: int) -> dict[str, Any]:
    decisions = _decisions(clients)
    result: dict[str, Any] = {"decisions": len(decisions)}
    for locale in ("en", "ru"):
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            for d in decisions:
                d.explain(locale)
            best = min(best, time.perf_counter() - start)
        result[locale] = best / len(decisions) * 1e6
    return result


def _cold() -> float:
    """Seconds to import kam_core and explain one decision in each language, fresh process."""
    code = (
        "import time; t = time.perf_counter(); import kam_core as kc; "
        "d = kc.Decision('A', reasons=(kc.Reason('criterion.passed', {'name': 'abc'}),)); "
        "d.explain('en'); d.explain('ru'); print(time.perf_counter() - t)"
    )
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=os.environ).stdout)
        for _ in range(3)
    ]  # fmt: skip
    return min(runs)


def _run(clients: int, repeat: int) -> dict[str, Any]:
    return {**_warm(clients, repeat), "cold_s": _cold()}


def main(argv: list[str] | None = None) -> int:
    """Print µs per explanation and the cold start; with --against, the ratios to it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", help="another checkout's src folder to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each code")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(_run(args.clients, args.repeat)))
        return 0
    command = [sys.executable, __file__, "--json", "--clients", str(args.clients)]
    command += ["--repeat", str(args.repeat)]
    codes = [("this code", os.environ.get("PYTHONPATH", ""))]
    if args.against:
        codes.append((args.against, args.against))
    best: dict[str, dict[str, Any]] = {}
    for _ in range(args.rounds):  # the codes alternate, so a busy moment hits both
        for name, path in codes:
            env = {**os.environ, "PYTHONPATH": path}
            done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
            got = json.loads(done.stdout)
            have = best.setdefault(name, got)
            best[name] = {k: min(v, have[k]) if k != "decisions" else v for k, v in got.items()}
    ours = best["this code"]
    print(
        f"{ours['decisions']} decisions of a {args.clients}-client book, best of "
        f"{args.repeat} × {args.rounds} rounds"
    )
    print(f"{'code':<28} {'explain en µs':>14} {'explain ru µs':>14} {'import+first s':>15}")
    for name, r in best.items():
        print(f"{name:<28} {r['en']:>14.1f} {r['ru']:>14.1f} {r['cold_s']:>15.3f}")
    if args.against:
        old = best[args.against]
        en, ru, cold = (ours[k] / old[k] for k in ("en", "ru", "cold_s"))
        print(f"{'ratio this / other':<28} {en:>14.2f} {ru:>14.2f} {cold:>15.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
