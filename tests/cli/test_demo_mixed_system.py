"""The demo qualifies leads as the mixed system does when asked to (issue 19, item 1)."""

from __future__ import annotations

import pytest

from tests.cli.cli_support import run_in_process


def _section(stdout: str, heading: str) -> list[str]:
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("== ")), None)
    return lines[start:end]


def test_the_demo_stops_asking_scouts_about_timeline_in_the_mixed_system(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--sales-system mixed: the scouts are asked who decides and the budget, never the date."""
    result = run_in_process(capsys, "demo", "--clients", "200", "--sales-system", "mixed")
    assert result.returncode == 0, result.stderr
    funnel = _section(result.stdout, "== Lead funnel")
    assert funnel[1].strip() == (
        "Lead qualification set for mixed transactional and consultative selling; "
        "the scouts find out: who decides, budget"
    )
    questions = "\n".join(_section(result.stdout, "== Questions to ask"))
    assert "decision date" not in questions
    assert "need" not in questions
    assert "who decides" in questions


def test_the_demo_without_a_sales_system_keeps_the_default_questions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without the flag the demo is as before: no preset line, the timeline may be asked."""
    result = run_in_process(capsys, "demo", "--clients", "200")
    assert result.returncode == 0, result.stderr
    assert "Lead qualification set for" not in result.stdout
    assert "decision date" in "\n".join(_section(result.stdout, "== Questions to ask"))


def test_the_mixed_demo_speaks_russian(capsys: pytest.CaptureFixture[str]) -> None:
    """The preset line reads as a sales professional writes it."""
    result = run_in_process(
        capsys, "demo", "--clients", "200", "--sales-system", "mixed", "--lang", "ru"
    )
    assert result.returncode == 0, result.stderr
    assert (
        "Квалификация лидов настроена на смешанные транзакционные и консультационные "
        "продажи; разведчики выясняют: кто принимает решение (ЛПР), бюджет"
    ) in result.stdout
