"""The house's rooms: no module imports another room's private names.

A room is a top-level subpackage of kam_core (``policies``, ``analysis``, ``cli`` …) or a
root module (``_money``, ``synthetic`` …).  Rooms share through names without a leading
underscore, even inside private modules; a ``_name`` stays in its room.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _module_of(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_module_imports_a_private_name_from_another_room() -> None:
    """`from kam_core.<other room>... import _x` appears nowhere in the source."""
    found = []
    for path in sorted((SRC / "kam_core").rglob("*.py")):
        module = _module_of(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if not node.module.startswith("kam_core") or _room(node.module) == _room(module):
                continue
            found += [
                f"{module}: from {node.module} import {alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    assert found == []


def test_the_rooms_are_there() -> None:
    """The check is not vacuous: it sees the rooms the API reference names."""
    rooms = {_room(_module_of(p)) for p in (SRC / "kam_core").rglob("*.py")}
    assert {"policies", "analysis", "frames", "io", "cli", "history", "plots"} <= rooms
