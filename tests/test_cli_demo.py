"""The command line: `python -m kam_core demo` prints a seeded, reproducible report.

These tests hold for any demo report (its layout belongs to the demo), so they check
what a newcomer relies on: it runs, it prints, and the same seed prints the same thing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kam_core.__main__ import main

SRC = str(Path(__file__).resolve().parents[1] / "src")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kam_core`` with this checkout's sources first on the path."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "kam_core", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_demo_runs_as_a_module_and_prints_a_report() -> None:
    """`python -m kam_core demo` exits 0 and prints a report dated as of its default day."""
    done = run_cli("demo", "--clients", "12")
    assert done.returncode == 0, done.stderr
    assert "2026-11-24" in done.stdout
    assert len(done.stdout.splitlines()) >= 5
    assert "Traceback" not in done.stderr


def test_demo_with_the_same_seed_prints_the_same_report() -> None:
    """--clients 3 --seed 1 is deterministic: two runs print the same thing."""
    first = run_cli("demo", "--clients", "3", "--seed", "1")
    second = run_cli("demo", "--clients", "3", "--seed", "1")
    assert first.returncode == 0, first.stderr
    assert first.stdout
    assert first.stdout == second.stdout


def test_demo_in_process_prints_what_the_module_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """main([...]) is what `python -m kam_core` runs, and --as-of dates the report."""
    assert main(["demo", "--clients", "3", "--seed", "1"]) == 0
    assert capsys.readouterr().out == run_cli("demo", "--clients", "3", "--seed", "1").stdout
    assert main(["demo", "--clients", "3", "--seed", "1", "--as-of", "2026-06-30"]) == 0
    assert "2026-06-30" in capsys.readouterr().out


def test_cli_without_a_command_is_a_usage_error() -> None:
    """A missing command exits 2 with a message, not a traceback."""
    done = run_cli()
    assert done.returncode == 2
    assert done.stderr.strip()
    assert "Traceback" not in done.stderr
