"""Reason texts of organisation design: sales_system, kam_readiness, subprocess, workload."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # sales_system: the outcome
    "sales_system.transactional": (
        "Transactional sales system: low price and complexity with many clients or frequent orders",
        "Транзакционная система продаж: низкие стоимость и сложность товара при большом "
        "числе клиентов или частых покупках",
    ),
    "sales_system.consultative": (
        "Consultative sales system: high price or complexity with few clients or rare orders",
        "Консультационная система продаж: высокая стоимость или сложность товара при "
        "небольшом числе клиентов или редких покупках",
    ),
    "sales_system.mixed": (
        "Mixed transactional and consultative sales system",
        "Смешанная система продаж: транзакционные и консультационные продажи",
    ),
    "sales_system.undetermined": (
        "The type cannot be decided until the missing characteristics are known",
        "Тип системы продаж не определить, пока не известны недостающие характеристики",
    ),
    # sales_system: per characteristic
    "sales_system.price.low": (
        "Price is low: typical of transactional selling",
        "Стоимость товаров низкая: признак транзакционных продаж",
    ),
    "sales_system.price.medium": (
        "Price is medium: points to neither extreme",
        "Стоимость товаров средняя: не указывает ни на один из крайних типов",
    ),
    "sales_system.price.high": (
        "Price is high: typical of consultative selling",
        "Стоимость товаров высокая: признак консультационных продаж",
    ),
    "sales_system.price.unknown": ("Price level is unknown", "Уровень цен неизвестен"),
    "sales_system.complexity.low": (
        "Product complexity is low: typical of transactional selling",
        "Сложность товаров низкая: признак транзакционных продаж",
    ),
    "sales_system.complexity.medium": (
        "Product complexity is medium: points to neither extreme",
        "Сложность товаров средняя: не указывает ни на один из крайних типов",
    ),
    "sales_system.complexity.high": (
        "Product complexity is high: typical of consultative selling",
        "Сложность товаров высокая: признак консультационных продаж",
    ),
    "sales_system.complexity.unknown": (
        "Product complexity is unknown",
        "Сложность товаров неизвестна",
    ),
    "sales_system.client_count.many": (
        "Clients: {observed} (at least {threshold}) — a mass market, typical of "
        "transactional selling",
        "Клиентов: {observed} (не меньше {threshold}) — массовый рынок, признак "
        "транзакционных продаж",
    ),
    "sales_system.client_count.middle": (
        "Clients: {observed} — neither a mass market nor a few large buyers",
        "Клиентов: {observed} — ни массовый рынок, ни несколько крупных покупателей",
    ),
    "sales_system.client_count.few": (
        "Clients: {observed} (fewer than {threshold}) — typical of consultative selling",
        "Клиентов: {observed} (меньше {threshold}) — признак консультационных продаж",
    ),
    "sales_system.client_count.unknown": (
        "The number of clients is unknown",
        "Количество клиентов неизвестно",
    ),
    "sales_system.orders_per_year.frequent": (
        "Orders a year per client: {observed} (at least {threshold}) — frequent purchases, "
        "typical of transactional selling",
        "Заказов в год на клиента: {observed} (не меньше {threshold}) — частые покупки, признак "
        "транзакционных продаж",
    ),
    "sales_system.orders_per_year.regular": (
        "Orders a year per client: {observed} — regular, medium-frequency purchases",
        "Заказов в год на клиента: {observed} — регулярные покупки средней частоты",
    ),
    "sales_system.orders_per_year.rare": (
        "Orders a year per client: {observed} (fewer than {threshold}) — rare purchases, "
        "typical of consultative selling",
        "Заказов в год на клиента: {observed} (меньше {threshold}) — редкие покупки, признак "
        "консультационных продаж",
    ),
    "sales_system.orders_per_year.unknown": (
        "Purchase frequency is unknown",
        "Частота покупок неизвестна",
    ),
    "sales_system.deal_size.large": (
        "Average deal {observed} (at least {threshold}) — reads as a consultative sale",
        "Средняя сделка {observed} (не меньше {threshold}) — признак консультационной продажи",
    ),
    "sales_system.deal_size.small": (
        "Average deal {observed} (below {threshold})",
        "Средняя сделка {observed} (меньше {threshold})",
    ),
    "sales_system.deal_size.unknown": (
        "The average deal size is unknown",
        "Средний размер сделки неизвестен",
    ),
    "sales_system.decision_group.large": (
        "People in the decision-making group: {observed} (at least {threshold}) — "
        "a complex purchase",
        "Людей в группе принятия решения (ГПР): {observed} (не меньше {threshold}) — "
        "сложная закупка",
    ),
    "sales_system.decision_group.small": (
        "People in the decision-making group: {observed} (fewer than {threshold})",
        "Людей в группе принятия решения (ГПР): {observed} (меньше {threshold})",
    ),
    "sales_system.decision_group.unknown": (
        "The size of the decision-making group is unknown",
        "Размер группы принятия решения (ГПР) неизвестен",
    ),
    # kam_readiness
    "kam_readiness.ready": (
        "Ready for key account management: all {total} conditions are in place",
        "Компания готова к управлению ключевыми клиентами: все условия ({total}) выполнены",
    ),
    "kam_readiness.not_ready": (
        "Not ready for key account management: conditions in place {met} of {total}",
        "Компания не готова к работе с ключевыми клиентами: выполнено условий {met} из {total}",
    ),
    "kam_readiness.condition.met": ("In place: {label}", "Выполнено: {label}"),
    "kam_readiness.condition.unmet": ("Not in place: {label}", "Не выполнено: {label}"),
    "kam_readiness.condition.unknown": (
        "Unknown, check: {label}",
        "Неизвестно, проверить: {label}",
    ),
    # subprocess
    "subprocess.complete": (
        "{title}: the technology is in place (items {met} of {total})",
        "{title}: технология выстроена (пунктов {met} из {total})",
    ),
    "subprocess.incomplete": (
        "{title}: items in place {met} of {total}, {required} required",
        "{title}: выстроено пунктов {met} из {total}, требуется {required}",
    ),
    "subprocess.item.unmet": ("Not in place: {label}", "Не выстроено: {label}"),
    "subprocess.item.unknown": ("Unknown, check: {label}", "Неизвестно, проверить: {label}"),
    "subprocess.payment_discipline.ok": (
        "Payment discipline: deals overdue {overdue} of {with_due_date} ({share}), at most "
        "{threshold} allowed",
        "Платёжная дисциплина: просрочено сделок {overdue} из {with_due_date} ({share}), "
        "допустимо не больше {threshold}",
    ),
    "subprocess.payment_discipline.poor": (
        "Payment discipline is poor: deals overdue {overdue} of {with_due_date} ({share}), "
        "more than {threshold}",
        "Платёжная дисциплина низкая: просрочено сделок {overdue} из {with_due_date} "
        "({share}), больше допустимых {threshold}",
    ),
    "subprocess.payment_discipline.unknown": (
        "Payment discipline unknown: no deals with a due date were given",
        "Платёжная дисциплина неизвестна: нет сделок со сроком оплаты",
    ),
    # workload
    "workload.over_capacity": (
        "{person}: contacts a month {load}, clients {clients}: over the capacity of {capacity}",
        "{person}: контактов в месяц {load}, клиентов {clients} — больше нормы {capacity}",
    ),
    "workload.within_capacity": (
        "{person}: contacts a month {load}, clients {clients}: within the capacity of {capacity}",
        "{person}: контактов в месяц {load}, клиентов {clients} — в пределах нормы {capacity}",
    ),
    "workload.under_loaded": (
        "{person}: contacts a month {load}, clients {clients}: below {floor} of the "
        "capacity of {capacity}",
        "{person}: контактов в месяц {load}, клиентов {clients} — загрузка ниже {floor} "
        "от нормы {capacity}",
    ),
    "workload.no_cadence": (
        "{person}: clients in segments without a contact cadence: {count} ({segments})",
        "{person}: клиентов в сегментах без заданной частоты контактов: {count} ({segments})",
    ),
}
