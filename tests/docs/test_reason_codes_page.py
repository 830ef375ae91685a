"""The reason-code page is generated from the catalogue, and every code in src/ has texts."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import string
from pathlib import Path

import pytest

import kam_core
import kam_core.policies
from kam_core._i18n import builtin_texts, catalogue, catalogue_markdown

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "reason-codes.md"
SRC = ROOT / "src" / "kam_core"
REGENERATE = (
    "regenerate it with: KAM_REGEN_DOCS=1 python -m pytest tests/test_docs_reason_codes.py "
    '--no-cov   (or: python -c "import kam_core._i18n as t; '
    "print(t.catalogue_markdown(), end='')\" > docs/reason-codes.md)"
)

# reason("family.code", ...) / Reason("family.code", ...) / Reason(code="family.code", ...),
# possibly split over lines by the formatter
_CALL = re.compile(r"\b(?:reason|Reason)\(\s*(?:code\s*=\s*)?(?P<q>['\"])(?P<code>[^'\"]+)(?P=q)")


def _import_every_module() -> None:
    for info in pkgutil.walk_packages(kam_core.__path__, "kam_core."):
        if info.name in {"kam_core.__main__", "kam_core.frames"}:
            continue  # the command line and the optional polars backend add no reason texts
        importlib.import_module(info.name)


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


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_reason_code_page_is_generated_from_the_catalogue() -> None:
    """docs/reason-codes.md is exactly what catalogue_markdown() renders, so it cannot drift."""
    expected = catalogue_markdown()
    if os.environ.get("KAM_REGEN_DOCS") == "1":
        PAGE.write_text(expected, encoding="utf-8")
    actual = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    assert actual == expected, f"docs/reason-codes.md is out of date; {REGENERATE}"


def test_every_reason_code_used_in_src_has_english_and_russian_texts() -> None:
    """A code emitted anywhere in src/ is in the shipped catalogue with both texts."""
    texts = builtin_texts()
    used = _codes_used_in_src()
    lacking = {code: where for code, where in used.items() if code not in texts}
    assert not lacking, (
        "reason codes without texts (add them to src/kam_core/_i18n/<family>.py TEXTS, "
        f"then regenerate the page): {lacking}"
    )
    for code in used:
        assert texts[code].en.strip(), f"{code}: empty English text"
        assert texts[code].ru.strip(), f"{code}: empty Russian text"


def test_every_shipped_text_is_registered_once_the_package_is_imported() -> None:
    """Each family registers its texts at import, so decisions never render a bare code."""
    _import_every_module()
    registered = catalogue()
    unregistered = sorted(code for code in builtin_texts() if code not in registered)
    assert not unregistered, (
        f"texts shipped but never passed to register_reason_texts(): {unregistered}"
    )
    for code, entry in builtin_texts().items():
        assert registered[code] == entry, f"{code}: registered with other texts"


@pytest.mark.parametrize("code", sorted(builtin_texts()))
def test_english_and_russian_texts_take_the_same_parameters(code: str) -> None:
    """A parameter named in one language is named in the other, so neither shows a raw {x}."""
    entry = builtin_texts()[code]
    assert _placeholders(entry.en) == _placeholders(entry.ru), code


def test_every_family_code_starts_with_a_lower_case_family() -> None:
    """Codes are dotted lower-case names; the first part is the family the page groups by."""
    pattern = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
    bad = [code for code in builtin_texts() if not pattern.match(code)]
    assert not bad, f"malformed reason codes: {bad}"
