"""Reason codes of BANT, scorecards and decision tables are catalogued and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kam_core.policies  # noqa: F401  (registers the texts)
from kam_core._i18n import catalogue
from kam_core._i18n.bant import TEXTS as BANT
from kam_core._i18n.scorecard import TEXTS as SCORECARD
from kam_core._i18n.tables import TEXTS as TABLES

ROOT = Path(__file__).resolve().parents[3]
MODULES = ("policies/qualification.py", "policies/_tables.py")
CODE = re.compile(r'reason\(\s*"([a-z_.]+)"')


def docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("code", sorted({**BANT, **SCORECARD, **TABLES}))
def test_every_reason_code_is_listed_in_the_docs(code: str) -> None:
    """A code missing from docs/ fails here: codes are API."""
    assert f"`{code}`" in docs_text()


def test_every_code_the_policies_emit_has_texts_in_both_languages() -> None:
    """Each reason("...") literal in the modules is in the catalogue, EN and RU."""
    used: set[str] = set()
    for module in MODULES:
        used |= set(CODE.findall((ROOT / "src/kam_core" / module).read_text(encoding="utf-8")))
    assert used
    known = catalogue()
    for code in sorted(used):
        assert code in known, code
        assert known[code].en
        assert known[code].ru
    assert used == set(BANT) | set(SCORECARD) | set(TABLES)


def test_russian_texts_fill_the_same_placeholders_as_english() -> None:
    """A placeholder in one language and not the other would render as {name}."""
    field = re.compile(r"{(\w+)}")
    for code, (en, ru) in {**BANT, **SCORECARD, **TABLES}.items():
        assert set(field.findall(en)) == set(field.findall(ru)), code
