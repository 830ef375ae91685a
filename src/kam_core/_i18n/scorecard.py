"""Reason texts of framework scorecards (``scorecard.*``), English and Russian."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "scorecard.level": (
        "{name}: level {level} of 3",
        "{name}: уровень {level} из 3",
    ),
    "scorecard.unknown": (
        "{name}: no evidence yet",
        "{name}: данных пока нет",
    ),
    "scorecard.sql": (
        "{framework}: qualified, score {score} of 100 (threshold {threshold})",
        "{framework}: лид квалифицирован, оценка {score} из 100 (порог {threshold})",
    ),
    "scorecard.nurture": (
        "{framework}: nurture, score {score} of 100 (qualified from {threshold})",
        "{framework}: дорабатывать, оценка {score} из 100 (для квалификации нужно {threshold})",
    ),
    "scorecard.nurture.unknown_facts": (
        "{framework}: the score is low only because evidence is missing",
        "{framework}: балл низкий лишь потому, что не хватает данных",
    ),
    "scorecard.must_have.unmet": (
        "{name} is at level {level}, at least {required} is required",
        "{name}: уровень {level}, а нужно не ниже {required}",
    ),
    "scorecard.must_have.unknown": (
        "{name} must be known to qualify the lead",
        "{name}: без этого лид не квалифицировать",
    ),
    "scorecard.disqualified.hard_fail": (
        "{framework}: disqualified, {name} is at level 0",
        "{framework}: дисквалифицирован, {name} — уровень 0",
    ),
    "scorecard.disqualified.low_score": (
        "{framework}: disqualified, score {score} (at best, counting open questions as "
        "confirmed) is below {threshold}",
        "{framework}: дисквалифицирован, оценка {score} (в лучшем случае, если открытые "
        "вопросы подтвердятся) ниже порога {threshold}",
    ),
}
