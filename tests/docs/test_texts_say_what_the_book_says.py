"""Texts state what the book says and mark what kam_core adds (issue 19, item 7)."""

from __future__ import annotations

import re
from pathlib import Path

import kam_core as kc

ROOT = Path(__file__).resolve().parents[2]
METHODOLOGY = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")


def test_the_client_managers_first_three_tasks_are_said_to_be_reconstructed() -> None:
    """The book's list opens with the fourth task: tasks 1-3 come from the farmer's levers."""
    nine = METHODOLOGY[METHODOLOGY.index("**The client manager's nine tasks**") :]
    intro = nine[: nine.index("1. `GROW_TURNOVER`")]
    assert "reconstructed by kam_core" in intro
    assert "farmer's levers" in intro
    assert "Tasks 4–9 are the book's" in intro
    doc = kc.Responsibility.__doc__ or ""
    assert "reconstructed" in doc
    assert not re.search(r"nine tasks[^.]*, in the book's order", METHODOLOGY)


def test_key_account_manager_duties_include_motivating_field_representatives() -> None:
    """«координация и мотивация усилий … торговых представителей на местах» is a KAM duty."""
    duty = kc.Responsibility.COORDINATE_FIELD_REPS
    assert duty in kc.Role.KEY_ACCOUNT_MANAGER.responsibilities
    assert "motivate" in duty.text("en")
    assert "мотивация" in duty.text("ru")
    assert "coordinate *and motivate*" in METHODOLOGY
