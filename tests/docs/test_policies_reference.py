"""The policies reference names every built-in policy, and its parameter tables cannot drift."""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pydantic_core
import pytest
from pydantic_core import PydanticUndefined

from kam_core import policies as p
from kam_core.policies._engine import Policy

PAGE = Path(__file__).resolve().parents[2] / "docs" / "policies-reference.md"
REGENERATE = (
    "regenerate the tables with: KAM_REGEN_DOCS=1 python -m pytest "
    "tests/test_docs_policies_reference.py --no-cov"
)
_TABLE = re.compile(
    r"<!-- parameters:(?P<kind>[a-z_]+) -->\n(?P<table>.*?)<!-- /parameters -->", re.DOTALL
)
_LONG = 60


def builtin_policies() -> dict[str, type[Policy]]:
    """Every policy kind kam_core ships: the Policy classes exported by kam_core.policies."""
    out: dict[str, type[Policy]] = {}
    for name in p.__all__:
        obj = getattr(p, name)
        if isinstance(obj, type) and issubclass(obj, Policy):
            kind = obj.model_fields["kind"].default
            if isinstance(kind, str) and kind in p.registered_policies():
                out[kind] = obj
    return dict(sorted(out.items()))


def _attribute_docs(cls: type[Policy]) -> dict[str, str]:
    """The string literal under each field in the class bodies (base classes first)."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, Policy)):
            continue
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        body = tree.body[0].body  # type: ignore[attr-defined]
        for a, b in itertools.pairwise(body):
            if (
                isinstance(a, ast.AnnAssign)
                and isinstance(a.target, ast.Name)
                and isinstance(b, ast.Expr)
                and isinstance(b.value, ast.Constant)
                and isinstance(b.value.value, str)
            ):
                docs[a.target.id] = " ".join(b.value.value.split())
    return docs


def _cell(text: str) -> str:
    """A table cell: reST roles and double backticks read as Markdown code."""
    text = re.sub(r":(?:class|attr|func|meth):`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`").replace("|", "\\|")


def _default(field: Any) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
    elif field.default is PydanticUndefined:
        return "*required*"
    else:
        value = field.default
    data = value.to_dict() if isinstance(value, Policy) else value
    text = json.dumps(pydantic_core.to_jsonable_python(data), ensure_ascii=False)
    return "*built in; see the JSON form*" if len(text) > _LONG else f"`{_cell(text)}`"


def parameter_table(cls: type[Policy]) -> str:
    """The Markdown table of a policy's parameters: JSON name, default (JSON), meaning."""
    docs = _attribute_docs(cls)
    rows = ["| parameter | default | meaning |", "|---|---|---|"]
    for name, field in cls.model_fields.items():
        if name == "kind":
            continue
        key = field.alias or name
        rows.append(f"| `{key}` | {_default(field)} | {_cell(docs.get(name, ''))} |")
    return "\n".join(rows) + "\n"


def _tables(text: str) -> dict[str, str]:
    return {m["kind"]: m["table"] for m in _TABLE.finditer(text)}


def test_every_builtin_policy_has_a_section() -> None:
    """A built-in policy kind without a section (heading and parameter table) fails."""
    text = PAGE.read_text(encoding="utf-8")
    headings = set(re.findall(r"^## `([a-z_]+)`", text, re.MULTILINE))
    kinds = set(builtin_policies())
    assert not kinds - headings, f"no section for {sorted(kinds - headings)}"
    assert not headings - kinds, f"sections for unknown kinds {sorted(headings - kinds)}"
    assert not kinds - set(_tables(text)), (
        f"no parameter table for {sorted(kinds - set(_tables(text)))}"
    )


def test_builtin_kinds_are_every_kind_kam_core_registers() -> None:
    """A fresh import registers exactly the exported kinds (doc examples register more)."""
    code = "from kam_core import policies as p; print(' '.join(p.registered_policies()))"
    env = {**os.environ, "PYTHONPATH": str(Path(p.__file__).resolve().parents[2])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert set(out.stdout.split()) == set(builtin_policies())


@pytest.mark.parametrize("kind", list(builtin_policies()))
def test_every_parameter_says_what_it_means(kind: str) -> None:
    """Each parameter of a built-in policy has a docstring, which its table row shows."""
    cls = builtin_policies()[kind]
    docs = _attribute_docs(cls)
    bare = [n for n in cls.model_fields if n != "kind" and n not in docs]
    assert not bare, f"{cls.__name__}: give {bare} a docstring under the field"


@pytest.mark.parametrize("kind", list(builtin_policies()))
def test_parameter_table_matches_the_policy(kind: str) -> None:
    """Each parameter table is exactly what the policy class declares, defaults included."""
    text = PAGE.read_text(encoding="utf-8")
    want = parameter_table(builtin_policies()[kind])
    if os.environ.get("KAM_REGEN_DOCS") == "1" and _tables(text).get(kind) != want:
        text = _TABLE.sub(
            lambda m: (
                m.group(0)
                if m["kind"] != kind
                else f"<!-- parameters:{kind} -->\n{want}<!-- /parameters -->"
            ),
            text,
        )
        PAGE.write_text(text, encoding="utf-8")
    assert _tables(text).get(kind) == want, f"the {kind} table is stale; {REGENERATE}"
