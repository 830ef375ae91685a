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
        "{framework}: лид квалифицирован, {score} баллов из 100 (порог {threshold})",
    ),
    "scorecard.nurture": (
        "{framework}: nurture, score {score} of 100 (qualified from {threshold})",
        "{framework}: дорабатывать, {score} баллов из 100 (квалификация от {threshold})",
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
        "{framework}: disqualified, score {score} is below {threshold} even with the best "
        "missing evidence",
        "{framework}: дисквалифицирован, {score} баллов ниже порога {threshold}, даже если "
        "недостающие данные окажутся лучшими",
    ),
}
