"""Reason texts of the handoff family (``handoff.*``): English and Russian."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # criteria
    "handoff.stats.unknown": (
        "{name}: no purchase history given",
        "{name}: нет данных о покупках клиента",
    ),
    "handoff.order_count.reached": (
        "Orders: {count} (threshold {at_least})",
        "Заказов: {count} (порог — {at_least})",
    ),
    "handoff.order_count.below": (
        "Orders: {count}, fewer than the {at_least} required",
        "Заказов: {count}, меньше порога {at_least}",
    ),
    "handoff.order_count.reached_within": (
        "Orders in the last {within_days} days (since {since}): {count} (threshold {at_least})",
        "Заказов за последние {within_days} дн. (с {since}): {count} (порог — {at_least})",
    ),
    "handoff.order_count.below_within": (
        "Orders in the last {within_days} days (since {since}): {count}, fewer than the "
        "{at_least} required",
        "Заказов за последние {within_days} дн. (с {since}): {count}, меньше порога {at_least}",
    ),
    "handoff.cumulative_revenue.reached": (
        "Purchases total {total}, at least {at_least}",
        "Сумма закупок {total} — не меньше порога {at_least}",
    ),
    "handoff.cumulative_revenue.below": (
        "Purchases total {total}, below {at_least}",
        "Сумма закупок {total} — меньше порога {at_least}",
    ),
    "handoff.cumulative_revenue.reached_within": (
        "Purchases in the last {within_days} days (since {since}) total {total}, "
        "at least {at_least}",
        "Сумма закупок за последние {within_days} дн. (с {since}) {total} — "
        "не меньше порога {at_least}",
    ),
    "handoff.cumulative_revenue.below_within": (
        "Purchases in the last {within_days} days (since {since}) total {total}, below {at_least}",
        "Сумма закупок за последние {within_days} дн. (с {since}) {total} — "
        "меньше порога {at_least}",
    ),
    "handoff.bought_product.found": (
        "Bought {items}",
        "Клиент купил: {items}",
    ),
    "handoff.bought_product.found_within": (
        "Bought {items} in the last {within_days} days (since {since})",
        "Клиент купил за последние {within_days} дн. (с {since}): {items}",
    ),
    "handoff.bought_product.not_found": (
        "Has not bought any of {wanted}",
        "Клиент не покупал ничего из: {wanted}",
    ),
    "handoff.bought_product.not_found_within": (
        "Has not bought any of {wanted} in the last {within_days} days (since {since})",
        "За последние {within_days} дн. (с {since}) клиент не покупал ничего из: {wanted}",
    ),
    "handoff.bought_product.lines_unknown": (
        "{orders} orders without line detail: what was bought is unknown",
        "Заказов без расшифровки по позициям: {orders}; что куплено — неизвестно",
    ),
    # the transfer's verdict
    "handoff.fired": (
        "Hand client {client} over from {from_role} to {to_role} (rule {rule})",
        "Передать клиента {client}: {from_role} → {to_role} (правило {rule})",
    ),
    "handoff.not_due": (
        "{rule}: the criteria are not met, no handoff",
        "{rule}: критерии передачи не выполнены, клиент остаётся",
    ),
    "handoff.undecided": (
        "{rule}: not enough facts to decide; find out: {missing}",
        "{rule}: не хватает данных для решения; уточнить: {missing}",
    ),
    "handoff.already_with_target": (
        "{rule}: the client is already with {to_role}",
        "{rule}: клиент уже у роли {to_role}",
    ),
    "handoff.owner_mismatch": (
        "{rule}: the client is with {owner}, the rule hands over from {expected}",
        "{rule}: клиент у роли {owner}, а правило передаёт от роли {expected}",
    ),
    "handoff.held": (
        "The client stays with {owner} while {rule} still applies",
        "Клиент остаётся у роли {owner}, пока действует правило {rule}",
    ),
    "handoff.no_transfer_from": (
        "No transfer hands a client over from {owner}",
        "Нет правила передачи клиента от роли {owner}",
    ),
    # key accounts (docs/methodology.md#key-accounts)
    "handoff.key_account.potential_high": (
        "Purchase potential {potential}, at least {at_least}",
        "Потенциал закупок {potential} — не меньше порога {at_least}",
    ),
    "handoff.key_account.potential_low": (
        "Purchase potential {potential}, below {at_least}",
        "Потенциал закупок {potential} — ниже порога {at_least}",
    ),
    "handoff.key_account.potential_unknown": (
        "Purchase potential unknown",
        "Потенциал закупок клиента неизвестен",
    ),
    "handoff.key_account.group_large": (
        "Decision-making group of {people} people (at least {at_least})",
        "В ГПР {people} чел. (порог — {at_least})",
    ),
    "handoff.key_account.group_small": (
        "Decision-making group of {people} people, fewer than {at_least}",
        "В ГПР {people} чел., меньше порога {at_least}",
    ),
    "handoff.key_account.group_unknown": (
        "Decision-making group not recorded",
        "ГПР клиента не заполнена в досье",
    ),
    "handoff.key_account.spread_wide": (
        "The group spans {departments} departments and {sites} sites (at least {at_least})",
        "ГПР охватывает подразделений: {departments}, площадок: {sites} (порог — {at_least})",
    ),
    "handoff.key_account.spread_narrow": (
        "The group spans {departments} departments and {sites} sites, fewer than {at_least}",
        "ГПР охватывает подразделений: {departments}, площадок: {sites} — меньше порога {at_least}",
    ),
    "handoff.key_account.spread_unknown": (
        "Departments and sites of the group partly unknown ({departments} departments, "
        "{sites} sites known)",
        "Подразделения и площадки участников ГПР известны не полностью (подразделений: "
        "{departments}, площадок: {sites})",
    ),
    "handoff.key_account.partnership_wanted": (
        "The client wants a long-term partnership",
        "Клиент настроен на долгосрочное партнёрство",
    ),
    "handoff.key_account.partnership_not_wanted": (
        "The client does not want a long-term partnership",
        "Клиент не настроен на долгосрочное партнёрство",
    ),
    "handoff.key_account.partnership_unknown": (
        "Partnership intent unknown",
        "Неизвестно, настроен ли клиент на долгосрочное партнёрство",
    ),
    "handoff.key_account.national_account": (
        "National account: buys in {regions} regions (at least {at_least})",
        "Национальный ключевой клиент: закупает в {regions} регионах (порог — {at_least})",
    ),
    # reactivation (task 7)
    "handoff.reactivation.sleeping": (
        "Sleeping: no order for {gap} days since {last_order_on} (limit {limit})",
        "Клиент «уснул»: нет заказов {gap} дн. с {last_order_on} (порог — {limit})",
    ),
    "handoff.reactivation.sleeping_for_rhythm": (
        "Sleeping for its own rhythm: no order for {gap} days since {last_order_on} "
        "(limit {limit})",
        "Клиент «уснул» по собственному ритму: нет заказов {gap} дн. с {last_order_on} "
        "(порог — {limit})",
    ),
    "handoff.reactivation.awake": (
        "Active: last order {gap} days ago on {last_order_on} (limit {limit})",
        "Клиент активен: последний заказ {gap} дн. назад, {last_order_on} (порог — {limit})",
    ),
    "handoff.reactivation.never_ordered": (
        "Never ordered: not a sleeping client",
        "Клиент ещё не делал заказов — он не «уснувший»",
    ),
    "handoff.reactivation.rhythm_unknown": (
        "{orders} orders are too few to know the client's rhythm ({gap} days since the last)",
        "Заказов слишком мало ({orders}), чтобы судить о ритме клиента "
        "(с последнего прошло {gap} дн.)",
    ),
    # leads (scout -> hunter)
    "handoff.lead.sql": (
        "Lead {lead} is sales-qualified (SQL)",
        "Лид {lead} квалифицирован (SQL)",
    ),
    "handoff.lead.not_sql": (
        "Lead {lead} is not sales-qualified yet (stage {stage})",
        "Лид {lead} ещё не квалифицирован (стадия {stage})",
    ),
    "handoff.lead.closed": (
        "Lead {lead} is {stage}: no handoff",
        "Лид {lead} закрыт ({stage}): передача не нужна",
    ),
}
