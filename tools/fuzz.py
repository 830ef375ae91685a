"""Fuzz kam_core's entry points for outside input and print the figures (issue 22).

For each entry point registered in ``tests/safety/entry_points.py`` it runs N generated
cases (hypothesis; hostile leaves, mutated documents, mutated bytes) and prints:
cases, escapes (an exception the entry point does not document, a case slower than
the time bound, or one that allocates past the memory bound) with one minimal
reproducer for each kind of escape, the slowest case (time and input) and the peak
memory of one case (``tracemalloc``, and its input).

Each entry point runs in a fresh child process.  A case is bounded twice: a SIGPROF
timer interrupts Python code past ``--timeout`` seconds of CPU time (CPU, not wall
time, so that a busy shared machine does not make slow cases of fast ones); a
``faulthandler`` watchdog ends the child if a case is stuck for ten times that in wall
time, and the parent reports the case from the child's heartbeat.  Times printed are
CPU times.  Nothing here runs in CI; CI runs the short
profile in ``tests/safety``.

Run from the repository root (it takes a while; be kind to a shared machine):

    nice -n 10 python tools/fuzz.py --cases 100000
    python tools/fuzz.py --cases 2000 --entry Money --entry policies.load:text
    python tools/fuzz.py --list
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import mmap
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from hypothesis import HealthCheck, Phase, find, given, seed, settings  # noqa: E402
from hypothesis.errors import NoSuchExample, Unsatisfiable  # noqa: E402
from tests.safety.entry_points import ENTRY_POINTS, EntryPoint  # noqa: E402

from kam_core._brief import brief  # noqa: E402

HEARTBEAT_SIZE = 4096


class CaseTimeout(BaseException):
    """Raised by the SIGPROF handler: the case ran past the time bound (CPU time)."""


def _on_alarm(_signum: int, _frame: object) -> None:
    raise CaseTimeout


def _signature(exc: BaseException) -> str:
    """Kind of escape: its type and where kam_core raised it (or the last frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if "/kam_core/" in f.filename] or frames
    where = f"{Path(inside[-1].filename).name}:{inside[-1].lineno}" if inside else "?"
    return f"{type(exc).__name__} at {where}"


class Worker:
    """Runs one entry point's cases in this process and keeps the figures."""

    def __init__(self, entry: EntryPoint, timeout: float, memory: int, beat: mmap.mmap) -> None:
        self.entry = entry
        self.timeout = timeout
        self.memory = memory
        self.beat = beat
        self.cases = 0
        self.escapes: dict[str, dict[str, Any]] = {}
        self.slowest = (0.0, "")
        self.peak = (0, "")

    def _heartbeat(self, summary: str) -> None:
        data = summary.encode("utf-8", errors="replace")[: HEARTBEAT_SIZE - 1]
        self.beat[:HEARTBEAT_SIZE] = data + b"\0" * (HEARTBEAT_SIZE - len(data))

    def run_case(self, case: Any) -> str | None:
        """Run one case under both bounds: the escape's kind, or None."""
        summary = brief(case, limit=70)
        self._heartbeat(summary)
        tracemalloc.start()  # traced during the case only: generation is not measured
        faulthandler.dump_traceback_later(self.timeout * 10, exit=True)
        signal.setitimer(signal.ITIMER_PROF, self.timeout)
        start = time.process_time()
        try:
            exc = self.entry.escapes(case)
        except CaseTimeout:
            exc = None
            kind: str | None = f"time past {self.timeout:g} s"
        else:
            kind = None if exc is None else _signature(exc)
        finally:
            elapsed = time.process_time() - start
            signal.setitimer(signal.ITIMER_PROF, 0)
            faulthandler.cancel_dump_traceback_later()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if kind is None and peak > self.memory:
            kind = f"memory past {self.memory // 2**20} MiB"
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, summary)
        if peak > self.peak[0]:
            self.peak = (peak, summary)
        if kind is not None:
            slot = self.escapes.setdefault(
                kind, {"count": 0, "first": summary, "message": "", "minimal": None}
            )
            slot["count"] += 1
            if exc is not None and not slot["message"]:
                slot["message"] = brief(str(exc), limit=200)
        return kind

    def generate(self, cases: int, seed_value: int) -> None:
        @seed(seed_value)
        @settings(
            max_examples=cases,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(self.entry.inputs)
        def fuzz(case: Any) -> None:
            self.cases += 1
            self.run_case(case)

        fuzz()

    def shrink(self, budget: int) -> None:
        """One minimal reproducer per kind of escape (hypothesis' shrinker)."""
        for kind, slot in self.escapes.items():

            def same_kind(case: Any, kind: str = kind) -> bool:
                if kind.startswith("time past"):
                    start = time.process_time()
                    found = self.run_case(case) == kind
                    return found or time.process_time() - start > self.timeout
                return self.run_case(case) == kind

            try:
                minimal = find(
                    self.entry.inputs,
                    same_kind,
                    settings=settings(
                        max_examples=budget,
                        database=None,
                        deadline=None,
                        suppress_health_check=list(HealthCheck),
                    ),
                )
            except (NoSuchExample, Unsatisfiable):
                continue
            except Exception:
                slot["minimal"] = "(did not reproduce while shrinking: flaky)"
                continue
            slot["minimal"] = brief(minimal, limit=300)


def worker_main(args: argparse.Namespace) -> int:
    entry = ENTRY_POINTS[args.worker]
    with open(args.heartbeat, "r+b") as handle:
        beat = mmap.mmap(handle.fileno(), HEARTBEAT_SIZE)
        signal.signal(signal.SIGPROF, _on_alarm)
        worker = Worker(entry, args.timeout, args.memory_mb * 2**20, beat)
        started = time.perf_counter()
        worker.generate(args.cases, args.seed)
        generated = worker.cases
        escapes_before_shrink = {k: dict(v) for k, v in worker.escapes.items()}
        worker.shrink(min(args.cases, 20_000))
        for kind, slot in escapes_before_shrink.items():  # shrinking re-ran cases: keep counts
            worker.escapes[kind]["count"] = slot["count"]
        result = {
            "entry": entry.name,
            "cases": generated,
            "seconds": round(time.perf_counter() - started, 1),
            "escapes": worker.escapes,
            "slowest_s": worker.slowest[0],
            "slowest_input": worker.slowest[1],
            "peak_bytes": worker.peak[0],
            "peak_input": worker.peak[1],
        }
    print(json.dumps(result, ensure_ascii=False))
    return 0


def run_entry(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one entry point in a child process; report a hang the watchdog ended."""
    with tempfile.NamedTemporaryFile(prefix="kam-fuzz-", suffix=".beat", delete=False) as beat:
        beat.write(b"\0" * HEARTBEAT_SIZE)
    try:
        command = [
            sys.executable,
            __file__,
            "--worker",
            name,
            "--cases",
            str(args.cases),
            "--seed",
            str(args.seed),
            "--timeout",
            str(args.timeout),
            "--memory-mb",
            str(args.memory_mb),
            "--heartbeat",
            beat.name,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode == 0:
            return json.loads(done.stdout.strip().splitlines()[-1])
        last = Path(beat.name).read_bytes().split(b"\0", 1)[0].decode("utf-8", "replace")
        return {
            "entry": name,
            "cases": None,
            "escapes": {
                f"child ended (exit {done.returncode}): hang or crash": {
                    "count": 1,
                    "first": last,
                    "message": done.stderr.strip().splitlines()[-1] if done.stderr else "",
                    "minimal": None,
                }
            },
            "stderr": done.stderr[-4000:],
        }
    finally:
        os.unlink(beat.name)


def _mib(n: int) -> str:
    return f"{n / 2**20:.2f} MiB"


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(
        f"fuzz: {args.cases:,} cases per entry point, seed {args.seed}, "
        f"time bound {args.timeout:g} s of CPU a case, memory bound {args.memory_mb} MiB a case"
    )
    width = max(len(r["entry"]) for r in results)
    print(f"{'entry point':{width}}  {'cases':>7}  {'escapes':>7}  {'slowest':>9}  {'peak':>10}")
    for r in results:
        escapes = sum(s["count"] for s in r["escapes"].values())
        cases = "—" if r["cases"] is None else f"{r['cases']:,}"
        slow = "—" if "slowest_s" not in r else f"{r['slowest_s'] * 1000:.1f} ms"
        peak = "—" if "peak_bytes" not in r else _mib(r["peak_bytes"])
        print(f"{r['entry']:{width}}  {cases:>7}  {escapes:>7}  {slow:>9}  {peak:>10}")
    print()
    for r in results:
        if "slowest_s" in r:
            print(f"{r['entry']} ({r.get('seconds', '?')} s):")
            print(f"  slowest {r['slowest_s'] * 1000:.2f} ms: {r['slowest_input']}")
            print(f"  peak    {_mib(r['peak_bytes'])}: {r['peak_input']}")
        for kind, slot in r["escapes"].items():
            print(f"  ESCAPE {kind} ×{slot['count']}: {slot['message']}")
            print(f"    first:   {slot['first']}")
            print(f"    minimal: {slot['minimal'] or '(not shrunk: first case above)'}")
    total = sum(sum(s["count"] for s in r["escapes"].values()) for r in results)
    print(f"\n{total} escapes in {len(results)} entry points")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases per entry point")
    parser.add_argument("--entry", action="append", help="only this entry point (repeatable)")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds a case may take")
    parser.add_argument("--memory-mb", type=int, default=64, help="MiB a case may allocate")
    parser.add_argument("--list", action="store_true", help="list the entry points and exit")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--heartbeat", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker_main(args)
    if args.list:
        for name, entry in ENTRY_POINTS.items():
            documented = ", ".join(e.__name__ for e in entry.documented)
            print(f"{name:34} may raise {documented}")
        return 0
    names = args.entry or list(ENTRY_POINTS)
    unknown = sorted(set(names) - set(ENTRY_POINTS))
    if unknown:
        parser.error(f"unknown entry points {unknown}; see --list")
    results = []
    for name in names:
        print(f"… {name}", file=sys.stderr, flush=True)
        results.append(run_entry(name, args))
    report(results, args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    escaped = any(r["escapes"] for r in results)
    return 1 if escaped else 0


if __name__ == "__main__":
    raise SystemExit(main())
