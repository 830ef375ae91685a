"""The reason-code page is generated from the catalogue, and every code in src/ has texts."""

from __future__ import annotations

import os
import re
from pathlib import Path

from kam_core._words import builtin, builtin_texts, catalogue_markdown, locales

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "reason-codes.md"
SRC = ROOT / "src" / "kam_core"
REGENERATE = (
    "regenerate it with: KAM_REGEN_DOCS=1 python -m pytest tests/docs/test_reason_codes_page.py "
    '-n 0   (or: python -c "import kam_core._words as w; '
    "print(w.catalogue_markdown(), end='')\" > docs/reason-codes.md)"
)

# reason("family.code", ...) / Reason("family.code", ...) / Reason(code="family.code", ...),
# possibly split over lines by the formatter
_CALL = re.compile(r"\b(?:reason|Reason)\(\s*(?:code\s*=\s*)?(?P<q>['\"])(?P<code>[^'\"]+)(?P=q)")


def _codes_used_in_src() -> dict[str, list[str]]:
    """Every literal reason code in src/kam_core outside doctest examples, with where it is."""
    used: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in _CALL.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            line = text[line_start : text.find("\n", match.start())].lstrip()
            if line.startswith((">>>", "...")):
                continue  # a doctest example may show a user's own code
            lineno = text.count("\n", 0, match.start()) + 1
            where = f"{path.relative_to(ROOT)}:{lineno}"
            used.setdefault(match.group("code"), []).append(where)
    return used


def test_the_scan_recognises_the_ways_a_reason_is_built() -> None:
    """The scanner finds codes in reason(...), Reason(...) and calls split by the formatter."""
    sample = 'reason("bant.x", a=1)\nReason(code=\'abc.y\')\nreason(\n    "rfm.z",\n)\n'
    assert [m.group("code") for m in _CALL.finditer(sample)] == ["bant.x", "abc.y", "rfm.z"]


def test_reason_code_page_is_generated_from_the_catalogue() -> None:
    """docs/reason-codes.md is exactly what catalogue_markdown() renders, so it cannot drift."""
    expected = catalogue_markdown()
    if os.environ.get("KAM_REGEN_DOCS") == "1":
        PAGE.write_text(expected, encoding="utf-8")
    actual = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    assert actual == expected, f"docs/reason-codes.md is out of date; {REGENERATE}"


def test_every_reason_code_used_in_src_has_a_text_in_every_language() -> None:
    """A code emitted anywhere in src/ is in every language file of the catalogue."""
    used = _codes_used_in_src()
    for locale in locales():
        reasons = builtin().words(locale).sections["reason"]
        lacking = {code: where for code, where in used.items() if code not in reasons}
        assert not lacking, (
            f"reason codes without a text in {locale}.toml (add them to [reason] of every "
            f"src/kam_core/_words/<locale>.toml, then regenerate the page): {lacking}"
        )


def test_every_family_code_starts_with_a_lower_case_family() -> None:
    """Codes are dotted lower-case names; the first part is the family the page groups by."""
    pattern = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
    bad = [code for code in builtin_texts() if not pattern.match(code)]
    assert not bad, f"malformed reason codes: {bad}"
