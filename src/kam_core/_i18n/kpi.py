"""Reason texts of the KPI family (``kpi.*``): why a KPI could not be computed."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "kpi.share_of_wallet.no_potential": (
        "Share of wallet unknown: the client's potential is not known",
        "Доля кошелька неизвестна: не оценён потенциал клиента",
    ),
    "kpi.share_of_wallet.partial": (
        "Share of wallet over {covered} of {clients} clients whose potential is known",
        "Доля кошелька по {covered} из {clients} клиентов с оценённым потенциалом",
    ),
    "kpi.growth.no_previous_period": (
        "Growth unknown: no previous period given",
        "Рост неизвестен: не задан предыдущий период",
    ),
    "kpi.growth.no_previous_revenue": (
        "Growth unknown: no revenue in the previous period {start} – {end}",
        "Рост неизвестен: в предыдущем периоде {start} – {end} не было выручки",
    ),
    "kpi.payments.no_due_dates": (
        "Payment discipline unknown: no deal carries a due date",
        "Платёжная дисциплина неизвестна: ни у одной сделки нет срока оплаты",
    ),
    "kpi.assortment.no_lines": (
        "Assortment unknown: orders carry no product lines",
        "Ассортимент неизвестен: в заказах нет товарных строк",
    ),
    "kpi.assortment.approximate": (
        "Assortment breadth counts items last bought inside the period: exact only for a "
        "period that ends at the stats' date",
        "Ширина ассортимента считается по позициям, последняя покупка которых попала в "
        "период: точно только для периода, заканчивающегося на дату статистики",
    ),
    "kpi.no_orders": (
        "No orders in the period {start} – {end}",
        "Нет заказов в периоде {start} – {end}",
    ),
}
