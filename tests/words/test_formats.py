"""Numbers, money, dates, shares and units as each language writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kam_core as kc
from kam_core._words import Term, format_value, name_of
from kam_core._words._plural import form_index

NBSP = "\u00a0"


class Colour(Enum):
    """A user's enum without catalogue names."""

    DARK_RED = "dark_red"


@pytest.mark.parametrize(
    ("value", "en", "ru"),
    [
        (kc.Money("1250.50", "RUB"), "₽1,250.50", f"1{NBSP}250,50 ₽"),
        (kc.Money("1250000", "RUB"), "₽1,250,000", f"1{NBSP}250{NBSP}000 ₽"),
        (kc.Money("99.5", "USD"), "$99.50", "99,50 $"),
        (kc.Money("-999.5", "EUR"), "−€999.50", "−999,50 €"),
        (kc.Money("1250.50", "CHF"), "CHF 1,250.50", f"1{NBSP}250,50 CHF"),
        (kc.Money("0.125", "RUB"), "₽0.125", "0,125 ₽"),
        (kc.Money("1000", "JPY"), "JPY 1,000", f"1{NBSP}000 JPY"),
    ],
)
def test_money_reads_with_the_languages_separators_and_currency_sign(
    value: kc.Money, en: str, ru: str
) -> None:
    """₽ after the amount in Russian, before it in English, the ISO code where no sign is known."""
    assert format_value(value, "en") == en
    assert format_value(value, "ru") == ru


def test_money_keeps_every_kopeck() -> None:
    """Nothing is rounded away: 0.125 stays 0.125, whole amounts drop the fraction."""
    assert format_value(kc.Money("10.10", "RUB"), "ru") == "10,10 ₽"
    assert format_value(kc.Money("10.00", "RUB"), "ru") == "10 ₽"


@pytest.mark.parametrize(
    ("value", "en", "ru"),
    [
        (date(2026, 11, 24), "24 Nov 2026", "24.11.2026"),
        (date(2027, 1, 5), "5 Jan 2027", "05.01.2027"),
        (datetime(2026, 3, 1, 15, 30, tzinfo=UTC), "1 Mar 2026", "01.03.2026"),
        (kc.Month(2025, 11), "Nov 2025", "ноябрь 2025"),
    ],
)
def test_dates_and_months_read_as_a_sales_director_writes_them(
    value: object, en: str, ru: str
) -> None:
    """24.11.2026 in Russian, 24 Nov 2026 in English; months by name."""
    assert format_value(value, "en") == en
    assert format_value(value, "ru") == ru


def test_a_month_given_as_text_reads_by_name() -> None:
    """XYZ's windows carry months as "YYYY-MM": {first:month} names them."""
    assert format_value("2026-02", "ru", "month") == "февраль 2026"
    assert format_value("2026-02", "en", "month") == "Feb 2026"


@pytest.mark.parametrize(
    ("value", "fmt", "en", "ru"),
    [
        (Decimal("0.818"), "percent", "81.8%", f"81,8{NBSP}%"),
        (Decimal("0.8"), "percent", "80%", f"80{NBSP}%"),
        (Decimal("0.0004"), "percent", "0.04%", f"0,04{NBSP}%"),
        (Decimal("0.12"), "percent.1", "12.0%", f"12,0{NBSP}%"),
        (Decimal("-0.8182"), "signed_percent", "−81.8%", f"−81,8{NBSP}%"),
        (Decimal("0.15"), "signed_percent", "+15%", f"+15{NBSP}%"),
        (Decimal("0"), "signed_percent", "0%", f"0{NBSP}%"),
        (Decimal("32.70"), "pct", "32.7%", f"32,7{NBSP}%"),
        (0.25, "percent", "25%", f"25{NBSP}%"),
    ],
)
def test_shares_read_as_per_cent(value: object, fmt: str, en: str, ru: str) -> None:
    """A ratio is a per cent, one decimal; a fall of 82 % is −82 %, never (-0,8182)."""
    assert format_value(value, "en", fmt) == en
    assert format_value(value, "ru", fmt) == ru


@pytest.mark.parametrize(
    ("value", "en", "ru"),
    [
        (Decimal("0.25"), "0.25", "0,25"),
        (Decimal("2.0"), "2", "2"),
        (Decimal("1E+3"), "1,000", f"1{NBSP}000"),
        (1234, "1,234", f"1{NBSP}234"),
        (-5, "−5", "−5"),
        (0.5, "0.5", "0,5"),
        (72.0, "72", "72"),
        (float("nan"), "NaN", "NaN"),
        (float("inf"), "∞", "∞"),
        (Decimal("-Infinity"), "−∞", "−∞"),
        (True, "yes", "да"),
        (False, "no", "нет"),
        (None, "—", "—"),
        ((), "—", "—"),
        ("ЛПР", "ЛПР", "ЛПР"),
        (frozenset({"b", "a"}), "a, b", "a, b"),
    ],
)
def test_plain_values_read_by_their_type(value: object, en: str, ru: str) -> None:
    """Numbers, booleans, None and sequences need no format."""
    assert format_value(value, "en") == en
    assert format_value(value, "ru") == ru


def test_fixed_decimals_round_half_up() -> None:
    """{x:number.2} shows two decimals, rounding half up, for table columns."""
    assert format_value(Decimal("1234.005"), "ru", "number.2") == f"1{NBSP}234,01"
    assert format_value(Decimal("-0.001"), "en", "number.2") == "0.00"


@pytest.mark.parametrize(
    ("n", "day", "order", "person"),
    [
        (1, "1 день", "1 заказ", "1 человек"),
        (2, "2 дня", "2 заказа", "2 человека"),
        (5, "5 дней", "5 заказов", "5 человек"),
        (11, "11 дней", "11 заказов", "11 человек"),
        (21, "21 день", "21 заказ", "21 человек"),
        (22, "22 дня", "22 заказа", "22 человека"),
        (25, "25 дней", "25 заказов", "25 человек"),
        (111, "111 дней", "111 заказов", "111 человек"),
        (Decimal("1.5"), "1,5 дня", "1,5 заказа", "1,5 человека"),
    ],
)
def test_russian_units_agree_with_their_number(
    n: object, day: str, order: str, person: str
) -> None:
    """1 день, 2 дня, 5 дней, 11 дней, 21 день, 22 дня, 25 дней, 111 дней."""
    assert format_value(n, "ru", "unit.day") == day
    assert format_value(n, "ru", "unit.order") == order
    assert format_value(n, "ru", "unit.person") == person


def test_english_units_agree_with_their_number() -> None:
    """1 day, 2 days, 1.5 days; 1 person, 3 people."""
    assert [format_value(n, "en", "unit.day") for n in (1, 2, Decimal("1.5"))] == [
        "1 day",
        "2 days",
        "1.5 days",
    ]
    assert format_value(3, "en", "unit.person") == "3 people"


@given(st.integers(min_value=0, max_value=10**6))
def test_the_east_slavic_rule_follows_the_last_two_digits(n: int) -> None:
    """The form depends on n mod 100 only (11–14 are 'many' whatever the last digit)."""
    assert form_index("east_slavic", Decimal(n)) == form_index("east_slavic", Decimal(n % 100))
    if 11 <= n % 100 <= 14:
        assert form_index("east_slavic", Decimal(n)) == 2


def test_enum_members_and_terms_read_by_their_catalogue_names() -> None:
    """An enum of kam_core reads its [name]; a user's enum reads its value in words."""
    assert format_value(kc.Role.KEY_ACCOUNT_MANAGER, "ru") == "КАМ"
    assert format_value(kc.NeedLevel.CONFIRMED, "en") == "confirmed"
    assert format_value(Colour.DARK_RED, "ru") == "dark red"
    assert format_value(Term("potential"), "ru") == "потенциал закупок"
    assert format_value("hunter_to_farmer#2", "ru", "name.rule") == "охотник → фермер (2)"
    assert format_value("acme_rule", "en", "name.rule") == "acme rule"


def test_a_position_reads_by_its_own_titles_per_language() -> None:
    """A company's position has titles per locale, then its title, then its name."""
    position = kc.Position(
        name="key_retail", function=kc.Function.FARMER, titles={"ru": "менеджер по сетям"}
    )
    assert position.text("ru") == "менеджер по сетям"
    assert position.text("en") == "key retail"
    titled = position.replace(title="Retail manager")
    assert titled.text("en") == "Retail manager"
    assert kc.Position.model_validate(position.model_dump()) == position
    assert position.model_dump(mode="json")["titles"] == {"ru": "менеджер по сетям"}
    assert hash(position) == hash(kc.Position.model_validate_json(position.model_dump_json()))


def test_a_name_without_an_entry_shows_its_key_in_words() -> None:
    """name_of never shows a blank: an unknown key reads with spaces."""
    assert name_of("rfm.acme_vip", "en") == "acme vip"
