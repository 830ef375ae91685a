"""Reason codes of BANT, scorecards and decision tables are catalogued and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kam_core._words import builtin_texts, catalogue

FAMILIES = ("bant.", "scorecard.", "table.")
CODES = sorted(code for code in builtin_texts() if code.startswith(FAMILIES))

ROOT = Path(__file__).resolve().parents[3]
MODULES = ("policies/qualification.py", "policies/_tables.py")
CODE = re.compile(r'reason\(\s*"([a-z_.]+)"')


def docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("code", CODES)
def test_every_reason_code_is_listed_in_the_docs(code: str) -> None:
    """A code missing from docs/ fails here: codes are API."""
    assert f"`{code}`" in docs_text()


def test_every_code_the_policies_emit_has_texts_in_both_languages() -> None:
    """Each reason("...") literal in the modules is in the catalogue, in every language."""
    used: set[str] = set()
    for module in MODULES:
        used |= set(CODE.findall((ROOT / "src/kam_core" / module).read_text(encoding="utf-8")))
    assert used
    known = catalogue()
    for code in sorted(used):
        assert code in known, code
        assert all(text.strip() for text in known[code].values())
    assert used == set(CODES)


def test_russian_texts_fill_the_same_placeholders_as_english() -> None:
    """A placeholder in one language and not the other would fail to render."""
    field = re.compile(r"{(\w+)(?::[\w.]+)?}")
    for code in CODES:
        entry = builtin_texts()[code]
        assert set(field.findall(entry["en"])) == set(field.findall(entry["ru"])), code
