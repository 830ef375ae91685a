"""A griffe extension for the docs build: show kam_core's reST-ish docstrings as Markdown.

kam_core's docstrings are written for ``help()`` and doctest: examples are bare
``>>>`` blocks and cross-references are Sphinx roles (``:class:`~kam_core.Money```).
Rendered as Markdown, ``>>>`` would become nested block quotes and the roles raw
text.  This extension, loaded by mkdocstrings (see ``mkdocs.yml``), fences every
doctest block as ``pycon`` and turns roles into inline code.  It changes only what
the documentation shows, never the package.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|meth|func|attr|mod|data|exc|obj|const):`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(2)
    if match.group(1):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (a ``>>>`` line up to the next blank line) in a fence."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if not inside and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            inside = True
        elif inside and not line.strip():
            out.append(f"{indent}```")
            inside = False
        out.append(line)
    if inside:
        out.append(f"{indent}```")
    return "\n".join(out)


def to_markdown(text: str) -> str:
    """Roles to inline code, ``::`` literal-block markers to ``:``, doctests fenced."""
    text = _ROLE.sub(_role, text)
    text = re.sub(r"::\n", ":\n", text)
    return fence_doctests(text)


class DoctestFences(griffe.Extension):
    """Rewrite every docstring griffe loads (see the module docstring)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
