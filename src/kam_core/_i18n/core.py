"""Reason texts shared by every family: generic outcomes and combinators."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "decision.no_reason": ("No reason given", "Причина не указана"),
    "criterion.passed": ("{name}: met", "{name}: выполнено"),
    "criterion.failed": ("{name}: not met", "{name}: не выполнено"),
    "criterion.unknown": (
        "{name}: unknown, the facts are missing",
        "{name}: неизвестно, не хватает данных",
    ),
}
