"""numpy and scipy are an optional extra: kam_core imports without them and says what is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.strip()


def test_importing_kam_core_loads_neither_numpy_nor_scipy() -> None:
    """import kam_core, its policies and a PAlive configuration: numpy stays unloaded."""
    out = _run(
        "import sys, kam_core\n"
        "from kam_core import policies as p\n"
        "policy = p.load(p.PAlive(time_unit='days').to_dict())\n"
        "print(policy.fingerprint.startswith('sha256:'),"
        " sorted(m for m in ('numpy', 'scipy') if m in sys.modules))"
    )
    assert out == "True []"


def test_fitting_without_the_extra_names_the_extra_to_install() -> None:
    """Without scipy, PAlive().fit raises ClvUnavailableError (an ImportError and a KamError)."""
    out = _run(
        "import sys\n"
        "sys.modules['scipy'] = None  # as if scipy were not installed\n"
        "from datetime import date\n"
        "import kam_core as kc\n"
        "from kam_core import errors, policies as p\n"
        "stats = [kc.ClientStats.empty('C-1', date(2026, 1, 1), 'RUB')]\n"
        "try:\n"
        "    p.PAlive().fit(stats)\n"
        "except p.ClvUnavailableError as exc:\n"
        "    print(isinstance(exc, ImportError), isinstance(exc, errors.KamError), exc)\n"
    )
    assert out == (
        "True True P(alive) needs numpy and scipy (scipy is missing): pip install 'kam_core[clv]'"
    )


def test_judging_clients_needs_no_numpy() -> None:
    """A fitted model's formulas are plain Python: P(alive) without numpy or scipy."""
    out = _run(
        "import sys\n"
        "sys.modules['numpy'] = sys.modules['scipy'] = None\n"
        "from kam_core._clv.params import BgNbdParams\n"
        "m = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)\n"
        "print(round(m.p_alive(2, 30.43, 38.86), 3),"
        " round(m.expected_purchases(39.0, x=2, t_x=30.43, T=38.86), 3))"
    )
    assert out == "0.727 1.226"
