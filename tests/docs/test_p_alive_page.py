"""docs/p-alive.md: the CDNOW reproduction on the page runs and prints what the page shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "p-alive.md"
_BLOCK = re.compile(
    r"<!-- cdnow-reproduction -->\n```python\n(?P<code>.*?)```\n\n```text\n(?P<output>.*?)```",
    re.DOTALL,
)


def test_the_papers_table_on_the_page_is_what_the_code_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The page's code, run from the repository root, prints exactly the output shown."""
    found = _BLOCK.search(PAGE.read_text(encoding="utf-8"))
    assert found is not None, "the cdnow-reproduction block is missing"
    monkeypatch.chdir(ROOT)
    exec(compile(found["code"], str(PAGE), "exec"), {"__name__": "p_alive_page"})
    assert capsys.readouterr().out == found["output"]


def test_the_tables_on_the_page_show_the_published_estimates() -> None:
    """The two comparison tables give the paper's and the note's digits for kam_core too."""
    text = PAGE.read_text(encoding="utf-8")
    paper = "| 0.243 | 4.414 | 0.793 | 2.426 | −9582.4 |"
    note = "| 6.25 | 3.74 | 15.44 | 946 |"
    assert text.count(paper) == 2
    assert text.count(note) == 2
    printed = _BLOCK.search(text)
    assert printed is not None
    first, second = printed["output"].splitlines()[1:3]
    values = dict(zip(first.split()[::2], first.split()[1::2], strict=True))
    assert [round(float(values[k]), 3) for k in ("r", "alpha", "a", "b")] == [
        0.243,
        4.414,
        0.793,
        2.426,
    ]
    assert round(float(values["LL"]), 1) == -9582.4
    spend = dict(zip(second.split()[::2], second.split()[1::2], strict=True))
    assert [round(float(spend[k]), 2) for k in ("p", "q", "gamma")] == [6.25, 3.74, 15.44]
