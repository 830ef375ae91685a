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
        "{observed} clients, at least {threshold}: a mass market, typical of transactional selling",
        "Клиентов {observed}, не меньше {threshold}: массовый рынок, признак транзакционных продаж",
    ),
    "sales_system.client_count.middle": (
        "{observed} clients: neither a mass market nor a few large buyers",
        "Клиентов {observed}: ни массовый рынок, ни несколько крупных покупателей",
    ),
    "sales_system.client_count.few": (
        "{observed} clients, fewer than {threshold}: typical of consultative selling",
        "Клиентов {observed}, меньше {threshold}: признак консультационных продаж",
    ),
    "sales_system.client_count.unknown": (
        "The number of clients is unknown",
        "Количество клиентов неизвестно",
    ),
    "sales_system.orders_per_year.frequent": (
        "{observed} orders a year per client, at least {threshold}: frequent purchases, "
        "typical of transactional selling",
        "{observed} заказов в год на клиента, не меньше {threshold}: частые покупки, признак "
        "транзакционных продаж",
    ),
    "sales_system.orders_per_year.regular": (
        "{observed} orders a year per client: regular, medium-frequency purchases",
        "{observed} заказов в год на клиента: регулярные покупки средней частоты",
    ),
    "sales_system.orders_per_year.rare": (
        "{observed} orders a year per client, fewer than {threshold}: rare purchases, "
        "typical of consultative selling",
        "{observed} заказов в год на клиента, меньше {threshold}: редкие покупки, признак "
        "консультационных продаж",
    ),
    "sales_system.orders_per_year.unknown": (
        "Purchase frequency is unknown",
        "Частота покупок неизвестна",
    ),
    "sales_system.deal_size.large": (
        "Average deal {observed}, at least {threshold}: reads as a consultative sale",
        "Средняя сделка {observed}, не меньше {threshold}: признак консультационной продажи",
    ),
    "sales_system.deal_size.small": (
        "Average deal {observed}, below {threshold}",
        "Средняя сделка {observed}, меньше {threshold}",
    ),
    "sales_system.deal_size.unknown": (
        "The average deal size is unknown",
        "Средний размер сделки неизвестен",
    ),
    "sales_system.decision_group.large": (
        "{observed} people in the decision-making group, at least {threshold}: a complex purchase",
        "В группе принятия решения (ГПР) {observed} чел., не меньше {threshold}: сложная закупка",
    ),
    "sales_system.decision_group.small": (
        "{observed} people in the decision-making group, fewer than {threshold}",
        "В группе принятия решения (ГПР) {observed} чел., меньше {threshold}",
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
        "Not ready for key account management: {met} of {total} conditions in place",
        "Компания не готова к работе с ключевыми клиентами: выполнено {met} из {total} условий",
    ),
    "kam_readiness.condition.met": ("In place: {en}", "Выполнено: {ru}"),
    "kam_readiness.condition.unmet": ("Not in place: {en}", "Не выполнено: {ru}"),
    "kam_readiness.condition.unknown": ("Unknown, check: {en}", "Неизвестно, проверить: {ru}"),
    # subprocess
    "subprocess.complete": (
        "{title}: the technology is in place ({met} of {total} items)",
        "{title_ru}: технология выстроена ({met} из {total} пунктов)",
    ),
    "subprocess.incomplete": (
        "{title}: {met} of {total} items in place, {required} required",
        "{title_ru}: выстроено {met} из {total} пунктов, требуется {required}",
    ),
    "subprocess.item.unmet": ("Not in place: {en}", "Не выстроено: {ru}"),
    "subprocess.item.unknown": ("Unknown, check: {en}", "Неизвестно, проверить: {ru}"),
    "subprocess.payment_discipline.ok": (
        "Payment discipline: {overdue} of {with_due_date} deals overdue ({share}), at most "
        "{threshold} allowed",
        "Платёжная дисциплина: просрочено {overdue} из {with_due_date} сделок ({share}), "
        "допустимо не больше {threshold}",
    ),
    "subprocess.payment_discipline.poor": (
        "Payment discipline is poor: {overdue} of {with_due_date} deals overdue ({share}), "
        "more than {threshold}",
        "Платёжная дисциплина низкая: просрочено {overdue} из {with_due_date} сделок "
        "({share}), больше допустимых {threshold}",
    ),
    "subprocess.payment_discipline.unknown": (
        "Payment discipline unknown: no deals with a due date were given",
        "Платёжная дисциплина неизвестна: нет сделок со сроком оплаты",
    ),
    # workload
    "workload.over_capacity": (
        "{person}: {load} contacts a month for {clients} clients, over the capacity of {capacity}",
        "{person}: {load} контактов в месяц по {clients} клиентам — больше нормы {capacity}",
    ),
    "workload.within_capacity": (
        "{person}: {load} contacts a month for {clients} clients, within the capacity of "
        "{capacity}",
        "{person}: {load} контактов в месяц по {clients} клиентам — в пределах нормы {capacity}",
    ),
    "workload.under_loaded": (
        "{person}: {load} contacts a month for {clients} clients, below {floor} of the "
        "capacity of {capacity}",
        "{person}: {load} контактов в месяц по {clients} клиентам — загрузка ниже {floor} "
        "от нормы {capacity}",
    ),
    "workload.no_cadence": (
        "{person}: {count} clients in segments without a contact cadence: {segments}",
        "{person}: у {count} клиентов сегменты без заданной частоты контактов: {segments}",
    ),
}
