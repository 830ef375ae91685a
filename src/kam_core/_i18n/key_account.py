"""Reason texts of the key-account family (``key_account.*``): candidacy and stages."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "key_account.candidate": (
        "Key-account candidate: {met} of 3 conditions met (need {need})",
        "Кандидат в ключевые клиенты: выполнено {met} из 3 условий (нужно {need})",
    ),
    "key_account.not_candidate": (
        "Not a key account: {met} of 3 conditions met (need {need})",
        "Не ключевой клиент: выполнено {met} из 3 условий (нужно {need})",
    ),
    "key_account.undecided": (
        "Key-account candidacy undecided: {met} of 3 conditions met, {unknown} unknown "
        "(need {need})",
        "Статус ключевого клиента не определён: выполнено {met} из 3 условий, неизвестно "
        "{unknown} (нужно {need})",
    ),
    "key_account.potential.high": (
        "High purchase potential: {potential} (threshold {threshold})",
        "Высокий потенциал закупок: {potential} (порог {threshold})",
    ),
    "key_account.potential.low": (
        "Purchase potential {potential} is below the threshold {threshold}",
        "Потенциал закупок {potential} ниже порога {threshold}",
    ),
    "key_account.potential.unknown": (
        "Purchase potential unknown",
        "Потенциал закупок не оценён",
    ),
    "key_account.buying_group.complex": (
        "Complex buying: a decision-making group of {people} across {departments} "
        "departments and {sites} sites",
        "Сложная закупка: ГПР из {people} чел., подразделений {departments}, площадок {sites}",
    ),
    "key_account.buying_group.simple": (
        "Simple buying: a decision-making group of {people} across {departments} departments "
        "and {sites} sites (need {min_people} across {min_departments} departments or "
        "{min_sites} sites)",
        "Простая закупка: ГПР из {people} чел., подразделений {departments}, площадок {sites} "
        "(нужно {min_people} чел. и {min_departments} подразделения или {min_sites} площадки)",
    ),
    "key_account.buying_group.unknown": (
        "Decision-making group not mapped",
        "ГПР не описана",
    ),
    "key_account.partnership.yes": (
        "Wants a long-term partnership",
        "Хочет долгосрочного партнёрства",
    ),
    "key_account.partnership.no": (
        "Does not want a long-term partnership",
        "Не стремится к долгосрочному партнёрству",
    ),
    "key_account.partnership.unknown": (
        "Partnership intent unknown",
        "Неизвестно, нужно ли клиенту долгосрочное партнёрство",
    ),
    "key_account.national": (
        "National account: buys in {regions} regions (threshold {threshold})",
        "Национальный (федеральный) клиент: закупает в {regions} регионах (порог {threshold})",
    ),
    "key_account.stage.pre_kam": (
        "Pre-KAM: {orders} orders, fewer than {min_orders}",
        "Пре-КАМ: {orders} заказов, меньше {min_orders}",
    ),
    "key_account.stage.early": (
        "Early KAM: {years} years of orders, decision-making group of {people}",
        "Ранняя стадия КАМ: заказы {years} лет, ГПР из {people} чел.",
    ),
    "key_account.stage.mid": (
        "Mid KAM: {years} years of orders, decision-making group of {people} across "
        "{departments} departments",
        "Средняя стадия КАМ: заказы {years} лет, ГПР из {people} чел. в подразделениях: "
        "{departments}",
    ),
    "key_account.stage.partnership": (
        "Partnership KAM: {years} years, {people} people across {departments} departments, "
        "partnership wanted",
        "Партнёрская стадия КАМ: {years} лет, ГПР из {people} чел., подразделений "
        "{departments}, партнёрство желательно обеим сторонам",
    ),
    "key_account.stage.synergistic": (
        "Synergistic KAM: {years} years, {people} people across {departments} departments, "
        "partnership wanted",
        "Синергетическая стадия КАМ: {years} лет, ГПР из {people} чел., подразделений "
        "{departments}, партнёрство",
    ),
    "key_account.stage.uncoupling": (
        "Uncoupling: revenue fell from {previous} to {current} ({change})",
        "Разрыв отношений: выручка упала с {previous} до {current} ({change})",
    ),
}
