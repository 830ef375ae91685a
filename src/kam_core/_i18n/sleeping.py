"""Reason texts of the sleeping-clients family (``sleeping.*``)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "sleeping.rhythm": (
        "Own rhythm: one order every {median} days (median of {gaps} gaps between "
        "{orders} order days); silent for {gap} days, {ratio}× the rhythm",
        "Собственный ритм: заказ раз в {median} дн. (медиана {gaps} интервалов между "
        "{orders} днями заказов); молчит {gap} дн., это {ratio}× ритма",
    ),
    "sleeping.fallback": (
        "Only {orders} order days (fewer than {min_orders}): silence of {gap} days compared "
        "with the percentiles {percentiles} of the population's {population_gaps} gaps "
        "between orders",
        "Всего {orders} дн. с заказами (меньше {min_orders}): молчание {gap} дн. сравнивается "
        "с перцентилями {percentiles} по {population_gaps} интервалам между заказами всей базы",
    ),
    "sleeping.active": (
        "Active: silent for {gap} days, not longer than {threshold} days",
        "Активный: молчит {gap} дн., не дольше порога {threshold} дн.",
    ),
    "sleeping.drowsy": (
        "Drowsy: silent for {gap} days, longer than {threshold} days",
        "Засыпающий: молчит {gap} дн., дольше порога {threshold} дн.",
    ),
    "sleeping.sleeping": (
        "Sleeping: silent for {gap} days, longer than {threshold} days",
        "Уснувший: молчит {gap} дн., дольше порога {threshold} дн.",
    ),
    "sleeping.lost": (
        "Lost: silent for {gap} days, longer than {threshold} days",
        "Потерянный: молчит {gap} дн., дольше порога {threshold} дн.",
    ),
    "sleeping.lost.absolute": (
        "Lost: silent for {gap} days, longer than {threshold} days whatever the rhythm",
        "Потерянный: молчит {gap} дн., дольше {threshold} дн. независимо от ритма",
    ),
    "sleeping.fallback.unavailable": (
        "Silent for {gap} days after {orders} order days; no client in the population has "
        "two order days, so there is no rhythm to compare with",
        "Молчит {gap} дн. после {orders} дн. с заказами; ни у одного клиента базы нет двух "
        "дней с заказами, сравнить не с чем",
    ),
    "sleeping.no_orders": (
        "No orders up to {as_of}: not a sleeping client but one still to win",
        "Нет заказов по {as_of}: это не уснувший клиент, а клиент, которого ещё предстоит получить",
    ),
}
