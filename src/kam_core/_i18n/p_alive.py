"""Reason texts of the P(alive) family (``p_alive.*``) and its segment names."""

from __future__ import annotations

STATUS_NAMES: dict[str, tuple[str, str]] = {
    "alive": ("alive", "живой"),
    "at_risk": ("at risk", "в зоне риска"),
    "probably_gone": ("probably gone", "скорее всего ушёл"),
    "no_orders": ("no orders", "без заказов"),
}
"""The P(alive) segments by label: (English, Russian) names as sales managers say them."""

TEXTS: dict[str, tuple[str, str]] = {
    "p_alive.history": (
        "Ordered on {days} days from {first} to {last}; silent for {silent} days",
        "Дней с заказами: {days} (с {first} по {last}); молчит {silent} дн.",
    ),
    "p_alive.single_purchase": (
        "Only one order day so far ({first}), silent for {silent} days: the model counts "
        "a client as alive until it orders again, so judge it by its expected orders",
        "Пока только один день с заказами ({first}), молчит {silent} дн.: модель считает "
        "клиента живым, пока он не закажет повторно, поэтому ориентируйтесь на ожидаемое "
        "число заказов",
    ),
    "p_alive.alive": (
        "Alive: still buying with a probability of {p_alive}% (alive from {alive_from}%)",
        "Живой: клиент продолжает покупать с вероятностью {p_alive} % "
        "(живым считаем от {alive_from} %)",
    ),
    "p_alive.at_risk": (
        "At risk: still buying with a probability of {p_alive}%, below {alive_from}% "
        "but not below {gone_below}%",
        "В зоне риска: клиент продолжает покупать с вероятностью {p_alive} % — меньше "
        "{alive_from} %, но не меньше {gone_below} %",
    ),
    "p_alive.probably_gone": (
        "Probably gone: still buying with a probability of only {p_alive}%, below {gone_below}%",
        "Скорее всего ушёл: клиент продолжает покупать с вероятностью всего {p_alive} % "
        "— меньше {gone_below} %",
    ),
    "p_alive.expected_orders": (
        "Expected orders in the next {days} days: {orders}",
        "Ожидаемое число заказов за следующие {days} дн.: {orders}",
    ),
    "p_alive.expected_spend": (
        "Expected average order {order_value}; expected revenue in the next {days} days: {revenue}",
        "Ожидаемый средний чек {order_value}; ожидаемая выручка за следующие {days} дн.: {revenue}",
    ),
    "p_alive.spend.non_positive": (
        "No expected spend: the repeat orders total {amount}, and spend is estimated "
        "from positive amounts only",
        "Ожидаемый чек не оценить: повторные заказы на сумму {amount}, а чек оценивается "
        "только по положительным суммам",
    ),
    "p_alive.spend.no_average": (
        "No expected spend yet: without repeat orders the client is judged by the "
        "average order of the whole book, and the fitted spend model has no finite one",
        "Ожидаемый чек пока не оценить: без повторных заказов клиента оценивают по "
        "среднему чеку всей базы, а подобранная модель не даёт для него конечного значения",
    ),
    "p_alive.no_orders": (
        "No orders up to {as_of}: the model needs at least a first order",
        "Нет заказов по {as_of}: модели нужен хотя бы первый заказ",
    ),
}
