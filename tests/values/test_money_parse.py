"""Money.parse: amounts as people type them, one reading or a refusal, never a guess."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_core import Money
from kam_core.errors import AmountFormatError, MoneyError


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1250.50", "1250.50"),
        ("1250,50", "1250.50"),
        ("1 250,50", "1250.50"),
        ("1\u00a0250\u00a0000", "1250000"),
        ("1\u202f250,5", "1250.5"),
        ("1'250.50", "1250.50"),
        ("-3", "-3"),
        ("\u22123", "-3"),
        ("+7", "7"),
        (".5", "0.5"),
        ("0,125", "0.125"),
        ("1 250,500", "1250.500"),
        ("1250,500", "1250.500"),
        ("12,345,678", "12345678"),
        ("12.345.678", "12345678"),
        (" 7 ", "7"),
        ("-0", "0"),
    ],
)
def test_unambiguous_amounts_read_the_same_with_no_rule(text: str, amount: str) -> None:
    """Space groups, a lone separator that cannot group thousands, a sign."""
    assert Money.parse(text, "RUB") == Money(amount, "RUB")
    assert str(Money.parse(text, "RUB").amount) == amount


@pytest.mark.parametrize("text", ["1,250", "1.250", "-1,250", "999,999", "12.500"])
def test_a_lone_separator_before_three_digits_is_refused_as_ambiguous(text: str) -> None:
    """'1,250' is 1.25 or 1250: without a rule kam_core refuses it rather than guess."""
    with pytest.raises(AmountFormatError, match="ambiguous") as info:
        Money.parse(text, "RUB")
    assert info.value.code == "amount.ambiguous"
    assert info.value.value == text


@pytest.mark.parametrize(
    ("text", "decimal", "amount"),
    [
        ("1,250", ".", "1250"),
        ("1,250", ",", "1.250"),
        ("1.250", ",", "1250"),
        ("1.250", ".", "1.250"),
        ("1,250.50", ".", "1250.50"),
        ("1.250,50", ",", "1250.50"),
        ("1 250,50", ",", "1250.50"),
        ("12,345,678.9", ".", "12345678.9"),
    ],
)
def test_the_decimal_rule_settles_what_the_text_leaves_open(
    text: str, decimal: str, amount: str
) -> None:
    """decimal=',' or '.' names the decimal separator; the other groups thousands."""
    assert Money.parse(text, "EUR", decimal=decimal) == Money(amount, "EUR")


@pytest.mark.parametrize(
    ("text", "decimal", "code"),
    [
        ("1,250.50", None, "amount.mixed_separators"),
        ("1.250,50", ".", "amount.grouping"),
        ("1,25", ".", "amount.grouping"),
        ("1,2,3", None, "amount.grouping"),
        ("1,5,5", ",", "amount.grouping"),
        ("1e5", None, "amount.exponent"),
        ("1E+3", ",", "amount.exponent"),
        ("NaN", None, "amount.not_finite"),
        ("-inf", None, "amount.not_finite"),
        ("12x", None, "amount.not_a_number"),
        ("--1", None, "amount.not_a_number"),
        ("$100", None, "amount.not_a_number"),
        ("", None, "amount.empty"),
        ("   ", None, "amount.empty"),
        ("1" * 65, None, "amount.too_long"),
    ],
)
def test_text_that_is_not_an_amount_is_refused_with_a_code(
    text: str, decimal: str | None, code: str
) -> None:
    """Each refusal says why, by a stable code."""
    with pytest.raises(AmountFormatError) as info:
        Money.parse(text, "RUB", decimal=decimal)
    assert info.value.code == code


def test_the_rouble_sign_is_read_only_for_roubles() -> None:
    """'1 250 ₽' is RUB; a rouble sign on a dollar amount is a contradiction."""
    assert Money.parse("1 250 ₽", "RUB") == Money("1250", "RUB")
    assert Money.parse("₽1250.50", "RUB") == Money("1250.50", "RUB")
    with pytest.raises(AmountFormatError, match="USD") as info:
        Money.parse("100 ₽", "USD")
    assert info.value.code == "amount.currency_sign"
    with pytest.raises(AmountFormatError, match="one rouble sign"):
        Money.parse("₽1₽0₽", "RUB")


def test_parse_ends_in_the_constructor_so_its_checks_apply() -> None:
    """An unknown currency, a bad rule or a non-text amount are MoneyErrors."""
    with pytest.raises(MoneyError, match="unknown ISO 4217"):
        Money.parse("1", "RUR")
    with pytest.raises(AmountFormatError, match="decimal separator") as info:
        Money.parse("1", "RUB", decimal=";")
    assert info.value.code == "amount.rule"
    with pytest.raises(MoneyError, match="reads text"):
        Money.parse(12, "RUB")  # type: ignore[arg-type]


def test_currency_codes_are_read_in_any_case_by_parse_too() -> None:
    """'rub' is RUB for Money.parse as for Money(...)."""
    assert Money.parse("10", "rub").currency == "RUB"


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12
    ),
    st.sampled_from([",", "."]),
)
@settings(max_examples=200)
def test_any_amount_written_plainly_reads_back_exactly_under_its_rule(
    value: Decimal, decimal: str
) -> None:
    """format(x, 'f') with the rule's separator reads back as x, digits and scale alike."""
    text = format(value, "f").replace(".", decimal)
    parsed = Money.parse(text, "RUB", decimal=decimal).amount
    assert parsed == value
    assert parsed.as_tuple().exponent == value.as_tuple().exponent or not value


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([" ", "\u00a0", ",", "."]))
@settings(max_examples=200)
def test_whole_numbers_grouped_in_threes_read_back_under_the_other_rule(
    value: int, group: str
) -> None:
    """1 250 000, 1,250,000 and 1.250.000 are whole numbers when the rule says so."""
    text = f"{value:,}".replace(",", group)
    decimal = "." if group == "," else ","
    assert Money.parse(text, "RUB", decimal=decimal).amount == value
