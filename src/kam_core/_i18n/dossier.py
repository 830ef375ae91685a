"""Reason texts of the dossier-completeness family (``dossier.*``)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "dossier.complete": (
        "The client dossier is complete ({score} of 100)",
        "Досье клиента заполнено ({score} из 100)",
    ),
    "dossier.incomplete": (
        "The client dossier is {score} of 100 complete; missing: {missing}",
        "Досье клиента заполнено на {score} из 100; не хватает: {missing}",
    ),
    "dossier.decision_maker.identified": (
        "Decision maker identified: {names}",
        "ЛПР определён: {names}",
    ),
    "dossier.decision_maker.missing": (
        "No decision maker identified among {people} known people",
        "ЛПР не определён среди {people} известных людей",
    ),
    "dossier.buying_group.mapped": (
        "Decision-making group mapped: {people} people across {functions} functions",
        "ГПР описана: людей {people}, подразделений {functions}",
    ),
    "dossier.buying_group.missing": (
        "Decision-making group not mapped: {people} people across {functions} functions, "
        "need {min_people} across {min_functions}",
        "ГПР не описана: людей {people}, подразделений {functions}; нужно не меньше "
        "{min_people} и {min_functions}",
    ),
    "dossier.history.present": (
        "Relationship history: {entries} entries, the latest on {latest}",
        "История отношений: {entries} записей, последняя от {latest}",
    ),
    "dossier.history.missing": (
        "No relationship history recorded",
        "История отношений не ведётся",
    ),
    "dossier.history.stale": (
        "Relationship history is stale: the latest entry is {age} days old (limit {max_age})",
        "История отношений устарела: последней записи {age} дн. (допустимо {max_age})",
    ),
    "dossier.company_facts.present": (
        "Company facts: {count} known ({names})",
        "Сведения о компании: известно {count} ({names})",
    ),
    "dossier.company_facts.missing": (
        "Company facts: {count} known, need {min_count}",
        "Сведения о компании: известно {count}, нужно {min_count}",
    ),
}
