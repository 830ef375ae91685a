"""The command line: `python -m kam_core demo` prints a readable, seeded report."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kam_core.__main__ import main

SRC = str(Path(__file__).resolve().parents[1] / "src")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kam_core`` with this checkout's sources first on the path."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("COVERAGE_PROCESS_START", None)
    return subprocess.run(
        [sys.executable, "-m", "kam_core", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_demo_runs_as_a_module_and_prints_the_table() -> None:
    """`python -m kam_core demo` exits 0 with a header, one row per client and a total."""
    done = run_cli("demo")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"kam_core demo: 12 clients, \d+ deals, as of 2026-11-24", lines[0])
    assert lines[1].split() == ["client", "orders", "total", "last", "order", "products"]
    rows = [ln for ln in lines if ln.startswith("C-")]
    assert len(rows) == 12
    assert lines[-1].startswith("book total: ")
    assert lines[-1].endswith(" RUB")


def test_demo_with_the_same_seed_prints_the_same_report() -> None:
    """--clients 3 --seed 1 is deterministic: two runs print the same thing."""
    first = run_cli("demo", "--clients", "3", "--seed", "1")
    second = run_cli("demo", "--clients", "3", "--seed", "1")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert sum(ln.startswith("C-") for ln in first.stdout.splitlines()) == 3


def test_demo_in_process_sorts_clients_by_revenue(capsys: pytest.CaptureFixture[str]) -> None:
    """Rows come biggest client first; a different seed gives a different book."""
    assert main(["demo", "--clients", "5", "--seed", "3", "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert "as of 2026-06-30" in out
    totals = [Decimal(ln.split()[2]) for ln in out.splitlines() if ln.startswith("C-")]
    assert totals == sorted(totals, reverse=True)
    assert main(["demo", "--clients", "5", "--seed", "4", "--as-of", "2026-06-30"]) == 0
    assert capsys.readouterr().out != out


def test_cli_without_a_command_shows_usage_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing command is a usage error (exit 2), not a traceback."""
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "usage: python -m kam_core" in capsys.readouterr().err
