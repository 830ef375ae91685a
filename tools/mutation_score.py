"""Print the mutation score of the last ``mutmut run`` (tools/mutation.sh, docs/mutation.md).

Reads mutmut's results (``mutants/**/*.py.meta``, the exit code of each mutant's tests)
and the mutants listed as equivalent in ``tools/mutation_equivalent.txt`` (one mutant
name a line, then ``#`` and why no test can tell it from the code), and prints, per
module with mutants that were run: mutants run, killed (a test failed, or the run
timed out), survived, equivalent, no tests (no test of the selection reaches the
function) and the score, killed / (run - equivalent).  Mutants never run are counted
apart, so a partial run says what it covered.

    python tools/mutation_score.py            # the table
    python tools/mutation_score.py --survivors  # and the name of each survivor
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "tools" / "mutation_equivalent.txt"

_STATUS = {
    1: "killed",
    3: "killed",
    36: "killed",
    24: "killed",
    -24: "killed",
    152: "killed",
    255: "killed",
}
"""mutmut's exit codes: 1 a test failed, 3 pytest's internal error, the rest timeouts.
0 is a survivor, 5 and 33 "no tests", None not run; anything else is counted as odd."""


def equivalent_mutants(path: Path = EQUIVALENT) -> dict[str, str]:
    """The mutants listed as equivalent, each with its reason."""
    if not path.is_file():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            found[name.strip()] = reason.strip()
    return found


def status_of(code: int | None) -> str:
    if code is None:
        return "not run"
    if code == 0:
        return "survived"
    if code in (5, 33):
        return "no tests"
    return _STATUS.get(code, "odd")


def figures(root: Path = ROOT) -> tuple[dict[str, Counter[str]], dict[str, list[str]]]:
    """Per module, the count of each status; and the survivors' names per module."""
    equivalent = equivalent_mutants()
    table: dict[str, Counter[str]] = {}
    survivors: dict[str, list[str]] = {}
    for meta in sorted((root / "mutants" / "src").rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        module = str(meta.relative_to(root / "mutants" / "src")).removesuffix(".meta")
        counts: Counter[str] = Counter()
        for name, code in codes.items():
            status = status_of(code)
            if status in ("survived", "no tests") and name in equivalent:
                status = "equivalent"
            counts[status] += 1
            if status in ("survived", "no tests", "odd"):
                survivors.setdefault(module, []).append(name)
        if sum(counts.values()):
            table[module] = counts
    return table, survivors


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--survivors", action="store_true", help="list every survivor")
    args = parser.parse_args(argv)
    table, survivors = figures()
    columns = ("killed", "survived", "equivalent", "no tests", "odd")
    width = max([len(m) for m in table] + [6])
    print(f"{'module':{width}}  {'run':>5}  " + "  ".join(f"{c:>10}" for c in columns) + "   score")
    total: Counter[str] = Counter()
    not_run = 0
    for module, counts in table.items():
        run = sum(counts.values()) - counts["not run"]
        not_run += counts["not run"]
        if not run:
            continue
        total.update(counts)
        print(_row(module, width, run, counts, columns))
    run = sum(total.values()) - total["not run"]
    if run:
        print(_row("all run", width, run, total, columns))
    print(f"\n{run:,} mutants run, {not_run:,} generated and not run")
    if args.survivors:
        for module, names in survivors.items():
            for name in names:
                print(f"  {module}: {name}")
    return 0


def _row(module: str, width: int, run: int, counts: Counter[str], columns: Sequence[str]) -> str:
    judged = run - counts["equivalent"]
    score = f"{100 * counts['killed'] / judged:6.1f} %" if judged else "     —"
    cells = "  ".join(f"{counts[c]:>10,}" for c in columns)
    return f"{module:{width}}  {run:>5,}  {cells}  {score}"


if __name__ == "__main__":
    raise SystemExit(main())
