"""Reason texts of BANT qualification (``bant.*``), English and Russian."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # budget
    "bant.budget.meets_minimum": (
        "Budget {budget} meets the minimum of {minimum}",
        "Бюджет {budget} не ниже минимума {minimum}",
    ),
    "bant.budget.below_minimum": (
        "Budget {budget} is below the minimum of {minimum}",
        "Бюджет {budget} ниже минимума {minimum}",
    ),
    "bant.budget.far_below_minimum": (
        "Budget {budget} is far below the minimum of {minimum}",
        "Бюджет {budget} намного ниже минимума {minimum}",
    ),
    "bant.budget.stated": (
        "Budget stated: {budget} (no minimum is set)",
        "Бюджет назван: {budget} (минимум не задан)",
    ),
    "bant.budget.none": ("The lead has no budget", "Бюджета у лида нет"),
    "bant.budget.other_currency": (
        "Budget {budget} is in another currency than the minimum {minimum}; convert it first",
        "Бюджет {budget} в другой валюте, чем минимум {minimum}: сначала пересчитайте",
    ),
    "bant.budget.unknown": ("Budget unknown", "Бюджет неизвестен"),
    # authority
    "bant.authority.decision_maker": (
        "We talk to the person who decides ({role})",
        "Контакт — {role}",
    ),
    "bant.authority.access": (
        "Our contact ({role}) gives access to the decision maker",
        "Контакт — {role}, даёт выход на ЛПР",
    ),
    "bant.authority.weak": (
        "Our contact ({role}) only influences the decision",
        "Контакт — {role}, выхода на ЛПР нет",
    ),
    "bant.authority.none": (
        "Our contact ({role}) has no say in the decision",
        "Контакт — {role}, в решении не участвует",
    ),
    "bant.authority.unknown": (
        "Unknown who decides",
        "Неизвестно, кто принимает решение (ЛПР не выявлен)",
    ),
    # need
    "bant.need.confirmed": ("Need confirmed", "Потребность подтверждена"),
    "bant.need.partial": ("Need partly confirmed", "Потребность подтверждена частично"),
    "bant.need.weak": ("Need weak", "Потребность слабая"),
    "bant.need.none": ("No need", "Потребности нет"),
    "bant.need.unknown": ("Need unknown", "Потребность не выяснена"),
    # timeline
    "bant.timeline.within": (
        "Decision expected in {days} days (limit {max_days})",
        "Решение ожидается через {days} дн. (предел {max_days})",
    ),
    "bant.timeline.later": (
        "Decision expected in {days} days, later than {max_days}",
        "Решение ожидается через {days} дн. — позже предела в {max_days}",
    ),
    "bant.timeline.far": (
        "Decision expected in {days} days, far beyond {max_days}",
        "Решение ожидается через {days} дн. — гораздо позже предела в {max_days}",
    ),
    "bant.timeline.passed": (
        "The expected decision date {decision_date} has passed; ask again",
        "Ожидаемая дата решения {decision_date} уже прошла: уточните сроки заново",
    ),
    "bant.timeline.unknown": ("Decision date unknown", "Сроки решения неизвестны"),
    # verdict
    "bant.sql": (
        "Sales-qualified: score {score} of 100 (threshold {threshold})",
        "Лид квалифицирован (SQL): оценка {score} из 100 (порог {threshold})",
    ),
    "bant.highly_qualified": (
        "Highly qualified: score {score} (threshold {threshold})",
        "Лид высоко квалифицирован: оценка {score} (порог {threshold})",
    ),
    "bant.nurture": (
        "Nurture: score {score} of 100, below {threshold} for a sales-qualified lead",
        "Дорабатывать: оценка {score} из 100, для SQL нужно {threshold}",
    ),
    "bant.nurture.unknown_facts": (
        "Nurture: the score is low only because facts are missing",
        "Дорабатывать: балл низкий лишь потому, что не хватает данных",
    ),
    "bant.must_have.unmet": (
        "{name} is at level {level}, at least {required} is required",
        "{name}: уровень {level}, а нужно не ниже {required}",
    ),
    "bant.must_have.unknown": (
        "{name} must be known to qualify the lead",
        "{name}: без этого лид не квалифицировать",
    ),
    "bant.disqualified.hard_fail": (
        "Disqualified: {name} is at level 0",
        "Дисквалифицирован: {name} — уровень 0",
    ),
    "bant.disqualified.low_score": (
        "Disqualified: score {score} of 100 (at best, counting open questions as confirmed) "
        "is below {threshold}",
        "Дисквалифицирован: оценка {score} из 100 (в лучшем случае, если открытые вопросы "
        "подтвердятся) ниже порога {threshold}",
    ),
}
