"""Reason texts of the key-account portfolio family (``kam_portfolio.*``)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "kam_portfolio.position": (
        "Account attractiveness {attractiveness}, our relative strength {strength} "
        "(high from {high})",
        "Привлекательность клиента {attractiveness}, наша относительная сила {strength} "
        "(высокая от {high})",
    ),
    "kam_portfolio.invest_for_growth": (
        "Attractive account where we are strong: invest for growth",
        "Привлекательный клиент, наши позиции сильны: инвестировать в рост",
    ),
    "kam_portfolio.invest_selectively": (
        "Attractive account where we are weak: invest selectively",
        "Привлекательный клиент, наши позиции слабы: инвестировать избирательно",
    ),
    "kam_portfolio.maintain": (
        "Less attractive account where we are strong: maintain",
        "Менее привлекательный клиент, наши позиции сильны: поддерживать",
    ),
    "kam_portfolio.manage_for_cash": (
        "Less attractive account where we are weak: manage for cash",
        "Менее привлекательный клиент, наши позиции слабы: обслуживать с минимальными затратами",
    ),
    "kam_portfolio.axis.unknown": (
        "{axis}: only {known} of the weight is known (need {need})",
        "{axis}: известна только доля веса {known} (нужно {need})",
    ),
    "kam_portfolio.factor.unknown": (
        "{fact} unknown",
        "{fact}: нет данных",
    ),
}
