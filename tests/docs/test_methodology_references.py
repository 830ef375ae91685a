"""References to the methodology point at a section of docs/methodology.md that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
METHODOLOGY = ROOT / "docs" / "methodology.md"
CITING = sorted(
    [
        *ROOT.joinpath("src").rglob("*.py"),
        *ROOT.joinpath("tests").rglob("*.py"),
        *ROOT.joinpath("docs").glob("*.md"),
        ROOT / "README.md",
    ]
)
REFERENCE = re.compile(r"methodology\.md#([a-z0-9-]+)")
NOWHERE = re.compile(r"METHODOLOGY\.md|seeds?[ /]0\d\d|shared/design")


def _anchors() -> set[str]:
    """Ids given explicitly (``{#id}``) and the ids mkdocs derives from the other headings."""
    out = set()
    for line in METHODOLOGY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            continue
        explicit = re.search(r"\{#([a-z0-9-]+)\}\s*$", line)
        if explicit:
            out.add(explicit.group(1))
        else:
            title = line.lstrip("#").strip().lower()
            out.add(re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", title)))
    return out


def test_every_methodology_section_has_a_stable_anchor() -> None:
    """Numbered sections carry an explicit id, so renumbering them breaks no reference."""
    headings = [
        line for line in METHODOLOGY.read_text(encoding="utf-8").splitlines() if line[:3] == "## "
    ]
    assert headings
    assert all(re.search(r"\{#[a-z0-9-]+\}$", h) for h in headings), headings


@pytest.mark.parametrize("path", CITING, ids=lambda p: str(p.relative_to(ROOT)))
def test_methodology_references_in_a_file_point_at_existing_sections(path: Path) -> None:
    """Each section of docs/methodology.md that the file cites by anchor exists on the page."""
    text = path.read_text(encoding="utf-8")
    dead = sorted(set(REFERENCE.findall(text)) - _anchors())
    assert not dead, f"{path.name} cites missing sections of docs/methodology.md: {dead}"


def test_the_package_cites_only_documents_that_ship_with_the_repository() -> None:
    """No docstring or text points at the design digest or the seed excerpts outside the repo."""
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted(ROOT.joinpath("src").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if NOWHERE.search(line)
    ]
    assert not hits, hits
