"""Reason texts of the value segmentations: ABC, XYZ, ABC×XYZ, ABCD and RFM."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # ABC
    "abc.class": (
        "{metric} {value}: rank {rank} of {of}, cumulative share {cumulative_pct} % "
        "({before_pct} % before it); cut-offs {a_pct} % / {b_pct} %: class {label}",
        "{metric} {value} — место {rank} из {of}, накопленная доля {cumulative_pct} % "
        "({before_pct} % до него); границы {a_pct} % / {b_pct} %: класс {label}",
    ),
    "abc.placed": (
        "{metric} {value}: not in the population the ABC was fitted on; placed against its "
        "learned boundaries: class {label}",
        "{metric} {value}: клиента не было в выборке, на которой строился ABC-анализ; "
        "отнесён по найденным границам к классу {label}",
    ),
    "abc.no_value": (
        "{metric} is {value} in the window: class C",
        "{metric} за период — {value}: класс C",
    ),
    "abc.margin.unknown": (
        "Margin is known for {known} of {orders} orders: the margin ABC class is unknown",
        "Маржа известна по {known} из {orders} заказов: класс ABC по марже не определить",
    ),
    "abc.product.unknown": (
        "Product {product} was not sold to the population: class C",
        "Товар {product} не продавался клиентам выборки: класс C",
    ),
    # XYZ
    "xyz.class": (
        "Monthly revenue over {months} months ({first} … {last}): mean {mean}, coefficient "
        "of variation {cv_pct} %; X ≤ {x_pct} %, Y ≤ {y_pct} %: class {label}",
        "Выручка по месяцам за {months} мес. ({first} … {last}): среднее {mean}, "
        "коэффициент вариации {cv_pct} %; X ≤ {x_pct} %, Y ≤ {y_pct} %: класс {label}",
    ),
    "xyz.history.short": (
        "First order on {first_order}, after the window starts ({first}): too few months "
        "to judge stability",
        "Первый заказ {first_order}, позже начала периода ({first}): месяцев мало, "
        "стабильность спроса не оценить",
    ),
    "xyz.no_orders": (
        "No orders yet: stability cannot be judged",
        "Заказов ещё не было: стабильность спроса не оценить",
    ),
    "xyz.window.empty": (
        "Nothing bought in the {months} months {first} … {last}: the variation is undefined",
        "За {months} мес. ({first} … {last}) закупок не было: вариация не определена",
    ),
    # ABC×XYZ
    "abc_xyz.cell": (
        "Cell {cell}: strategy {strategy}, {role} in charge, a contact every {every} days",
        "Ячейка {cell}: {strategy}; отвечает {role}, контакт раз в {every} дн.",
    ),
    "abc_xyz.unknown": (
        "The ABC×XYZ cell is unknown while the {part} class is unknown",
        "Ячейку ABC×XYZ не определить, пока неизвестен класс {part}",
    ),
    # ABCD
    "abcd.segment": (
        "ABC class {abc}, share of wallet {wallet_pct} % ({revenue} of the potential "
        "{potential}), headroom below {threshold_pct} %: segment {label} ({name})",
        "Класс ABC {abc}, доля в кошельке {wallet_pct} % ({revenue} из потенциала "
        "{potential}), резерв роста при доле ниже {threshold_pct} %: сегмент {label} "
        "«{name}»",
    ),
    "abcd.potential.unknown": (
        "The client's potential (yearly spend in our categories) is unknown: the share of "
        "wallet and the ABCD segment cannot be judged",
        "Потенциал клиента (годовые закупки в наших категориях) неизвестен: долю в "
        "кошельке и сегмент ABCD не определить",
    ),
    "abcd.abc.unknown": (
        "The ABC class is unknown: the ABCD segment cannot be judged",
        "Класс ABC неизвестен: сегмент ABCD не определить",
    ),
    "abcd.inactive": (
        "No orders in the {months} months up to {as_of}: segment D (inactive)",
        "Нет заказов за {months} мес. до {as_of}: сегмент D (неактивный)",
    ),
    "abcd.active": (
        "Bought in the last {months} months; ABC class {abc}: segment {label}",
        "Были закупки за последние {months} мес.; класс ABC {abc}: сегмент {label}",
    ),
    "abcd.play": (
        "Strategy {strategy}: {role} in charge, a contact every {every} days",
        "Стратегия: {strategy}; отвечает {role}, контакт раз в {every} дн.",
    ),
    # RFM
    "rfm.segment": (
        "Recency {recency_days} days (R{r}), {frequency} orders (F{f}), monetary {monetary} "
        "(M{m}): segment {segment}",
        "Давность {recency_days} дн. (R{r}), заказов {frequency} (F{f}), сумма {monetary} "
        "(M{m}): сегмент «{segment}»",
    ),
    "rfm.no_orders": (
        "No orders yet: outside the RFM grid",
        "Заказов ещё не было: клиент вне RFM-сетки",
    ),
}
"""code → (English, Russian)."""

METRIC_RU: dict[str, str] = {
    "revenue": "Выручка",
    "margin": "Маржа",
    "orders": "Число заказов",
    "quantity": "Количество",
}
"""ABC metric → its Russian name in reason texts."""

STRATEGY_RU: dict[str, str] = {
    "keep_and_automate": "удерживать и автоматизировать пополнение",
    "keep_and_plan": "удерживать и планировать поставки вместе с клиентом",
    "keep_and_stabilise": "удерживать и изучать закупочный цикл",
    "grow_order_value": "наращивать сумму заказа",
    "develop": "развивать",
    "stabilise": "делать закупки регулярными",
    "serve_efficiently": "обслуживать эффективно",
    "serve_on_order": "обслуживать по заявке с минимальными затратами",
    "defend": "защищать: лояльность, барьеры перехода, сервис",
    "develop_selectively": "развивать выборочно",
    "serve_at_minimum_cost": "обслуживать с минимальными затратами",
    "defend_and_develop": "защищать и развивать",
    "reactivate": "реанимировать",
    "reward_and_lock_in": "поощрять и закреплять",
    "up_sell": "наращивать средний чек и ассортимент",
    "raise_frequency": "повышать частоту заказов",
    "onboard": "вводить в работу, заполнять досье",
    "build_relationship": "строить отношения",
    "re_engage": "вернуть внимание клиента",
    "win_back": "возвращать клиента",
}
"""Built-in strategy code → Russian; a user's own code is shown as it is."""

RFM_SEGMENT_RU: dict[str, str] = {
    "champions": "чемпионы",
    "loyal": "лояльные",
    "potential_loyalists": "потенциально лояльные",
    "new": "новые",
    "promising": "перспективные",
    "need_attention": "требуют внимания",
    "about_to_sleep": "засыпающие",
    "at_risk": "под угрозой ухода",
    "cant_lose": "нельзя потерять",
    "hibernating": "в спячке",
}
"""Standard RFM segment → Russian; a user's own segment is shown as it is."""
