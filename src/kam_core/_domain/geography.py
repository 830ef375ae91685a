"""Where a client buys: regions, federal districts, countries (docs/methodology.md#key-accounts).

A key account spread geographically is a national account.  ``Client.regions`` holds
the names the CRM has (a city, a region); this module places them in a federal district
of Russia (the 85 federal subjects of the 2022 list and their administrative centres, plus
a few large cities) or a country, so that "spread" can be counted in the unit a company
chooses.  A name the table does not know is *not placed*; a company gives its own table
(region → district or country) for those.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["RUSSIA", "normalise_region", "place", "spread"]

RUSSIA = "Россия"
"""The country every region of the built-in table is in."""

_DISTRICTS: dict[str, tuple[str, ...]] = {
    "Центральный": (
        "Москва", "Московская", "Белгородская", "Белгород", "Брянская", "Брянск",
        "Владимирская", "Владимир", "Воронежская", "Воронеж", "Ивановская", "Иваново",
        "Калужская", "Калуга", "Костромская", "Кострома", "Курская", "Курск", "Липецкая",
        "Липецк", "Орловская", "Орёл", "Рязанская", "Рязань", "Смоленская", "Смоленск",
        "Тамбовская", "Тамбов", "Тверская", "Тверь", "Тульская", "Тула", "Ярославская",
        "Ярославль",
    ),
    "Северо-Западный": (
        "Санкт-Петербург", "Ленинградская", "Карелия", "Петрозаводск", "Коми", "Сыктывкар",
        "Архангельская", "Архангельск", "Ненецкий", "Нарьян-Мар", "Вологодская", "Вологда",
        "Череповец", "Калининградская", "Калининград", "Мурманская", "Мурманск",
        "Новгородская", "Великий Новгород", "Псковская", "Псков",
    ),
    "Южный": (
        "Адыгея", "Майкоп", "Калмыкия", "Элиста", "Крым", "Симферополь", "Севастополь",
        "Краснодарский", "Краснодар", "Сочи", "Астраханская", "Астрахань", "Волгоградская",
        "Волгоград", "Ростовская", "Ростов-на-Дону",
    ),
    "Северо-Кавказский": (
        "Дагестан", "Махачкала", "Ингушетия", "Магас", "Кабардино-Балкарская",
        "Кабардино-Балкария", "Нальчик", "Карачаево-Черкесская", "Карачаево-Черкесия",
        "Черкесск", "Северная Осетия", "Северная Осетия — Алания", "Владикавказ",
        "Чеченская", "Чечня", "Грозный", "Ставропольский", "Ставрополь",
    ),
    "Приволжский": (
        "Башкортостан", "Уфа", "Марий Эл", "Йошкар-Ола", "Мордовия", "Саранск", "Татарстан",
        "Казань", "Набережные Челны", "Удмуртская", "Удмуртия", "Ижевск", "Чувашская",
        "Чувашия", "Чебоксары", "Пермский", "Пермь", "Кировская", "Киров", "Нижегородская",
        "Нижний Новгород", "Оренбургская", "Оренбург", "Пензенская", "Пенза", "Самарская",
        "Самара", "Тольятти", "Саратовская", "Саратов", "Ульяновская", "Ульяновск",
    ),
    "Уральский": (
        "Курганская", "Курган", "Свердловская", "Екатеринбург", "Тюменская", "Тюмень",
        "Челябинская", "Челябинск", "Магнитогорск", "Ханты-Мансийский", "Югра",
        "Ханты-Мансийск", "Сургут", "Ямало-Ненецкий", "Салехард",
    ),
    "Сибирский": (
        "Алтай", "Горно-Алтайск", "Тыва", "Кызыл", "Хакасия", "Абакан", "Алтайский",
        "Барнаул", "Красноярский", "Красноярск", "Иркутская", "Иркутск", "Кемеровская",
        "Кузбасс", "Кемерово", "Новокузнецк", "Новосибирская", "Новосибирск", "Омская",
        "Омск", "Томская", "Томск",
    ),
    "Дальневосточный": (
        "Бурятия", "Улан-Удэ", "Саха", "Якутия", "Якутск", "Забайкальский", "Чита",
        "Камчатский", "Петропавловск-Камчатский", "Приморский", "Владивосток",
        "Хабаровский", "Хабаровск", "Амурская", "Благовещенск", "Магаданская", "Магадан",
        "Сахалинская", "Южно-Сахалинск", "Еврейская", "Биробиджан", "Чукотский", "Анадырь",
    ),
}  # fmt: skip

_PREFIXES = ("республика ", "город ", "г. ", "г.")
_SUFFIXES = (
    " автономная область",
    " автономный округ",
    " область",
    " обл.",
    " край",
    " республика",
    " ао",
)


def normalise_region(name: str) -> str:
    """The key a region name is looked up by: lower case, «ё» as «е», no «область»,
    «край», «республика», «г.».

    >>> normalise_region("  Республика Татарстан "), normalise_region("г. Орёл")
    ('татарстан', 'орел')
    """
    key = " ".join(name.lower().replace("ё", "е").split())
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :].strip()
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)].strip()
    return key


_BUILT_IN: dict[str, str] = {
    normalise_region(name): district for district, names in _DISTRICTS.items() for name in names
}


def place(name: str, by: str, table: Mapping[str, str] | None = None) -> str | None:
    """The federal district (``by="federal_districts"``) or country (``"countries"``) of
    the region ``name``; ``table`` (region → district or country) comes first; None when
    neither knows it.

    >>> place("Казань", "federal_districts"), place("Казань", "countries")
    ('Приволжский', 'Россия')
    >>> place("Алматы", "countries", {"Алматы": "Казахстан"}), place("Алматы", "countries")
    ('Казахстан', None)
    """
    own = {normalise_region(k): v for k, v in (table or {}).items()}
    return _place(normalise_region(name), by, own)


def _place(key: str, by: str, own: Mapping[str, str]) -> str | None:
    unit = own.get(key)
    if unit is not None:
        return unit
    district = _BUILT_IN.get(key)
    if district is None:
        return None
    return district if by == "federal_districts" else RUSSIA


def spread(
    regions: Iterable[str], by: str, table: Mapping[str, str] | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The distinct units the regions fall in (sorted) and the regions not placed (in order).

    ``by="regions"`` counts the distinct regions themselves (names that differ only in
    case, «ё» or «г.»/«область» are one region).

    >>> spread(("Москва", "Казань", "Тула"), "federal_districts")
    (('Приволжский', 'Центральный'), ())
    >>> spread(("Москва", "г. Москва", "Казань"), "regions")
    (('казань', 'москва'), ())
    >>> spread(("Москва", "Атлантида"), "countries")
    (('Россия',), ('Атлантида',))
    """
    if by == "regions":
        return tuple(sorted({normalise_region(n) for n in regions})), ()
    own = {normalise_region(k): v for k, v in (table or {}).items()}
    units: set[str] = set()
    unplaced: list[str] = []
    for name in dict.fromkeys(regions):
        unit = _place(normalise_region(name), by, own)
        if unit is None:
            unplaced.append(name)
        else:
            units.add(unit)
    return tuple(sorted(units)), tuple(unplaced)
