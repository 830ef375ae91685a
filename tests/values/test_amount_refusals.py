"""What a refused amount text says: the field, the text, the code and the reason.

Written against the survivors of the first mutation run (docs/mutation.md): the codes
were pinned, but not which field and which text an error names, nor its reason, so a
reader reporting ``budget`` as ``amount`` (or naming no text at all) passed every test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kam_core._amounts import MAX_TEXT, check_decimal_rule, parse_number
from kam_core.errors import AmountFormatError

_CASES = [
    (
        "1,250.50",
        None,
        "amount.mixed_separators",
        "both ',' and '.': one groups thousands, the other separates decimals; "
        "give the decimal separator",
    ),
    ("1.250,50", ".", "amount.grouping", "',' after the decimal separator '.'"),
    ("1.250,5.0", ",", "amount.grouping", "'.' after the decimal separator ','"),
    ("1,25", ".", "amount.grouping", "',' groups thousands only in threes (1,250,000)"),
    ("1234,567", ".", "amount.grouping", "',' groups thousands only in threes (1,250,000)"),
    ("1.5.5", None, "amount.grouping", "'.' groups thousands only in threes (1.250.000)"),
    (
        "1e5",
        None,
        "amount.exponent",
        "an exponent is not an amount a person types; write the digits",
    ),
    ("NaN", None, "amount.not_finite", "not a finite number"),
    ("-inf", None, "amount.not_finite", "not a finite number"),
    ("12x", None, "amount.not_a_number", "not a decimal number (e.g. 1250.50 or 1 250,50)"),
    ("", None, "amount.empty", "empty"),
    ("   ", None, "amount.empty", "empty"),
]


@pytest.mark.parametrize(("text", "decimal", "code", "reason"), _CASES)
def test_a_refused_text_names_its_field_its_text_its_code_and_why(
    text: str, decimal: str | None, code: str, reason: str
) -> None:
    """The error carries the caller's field name, the text as given, the code and the reason."""
    with pytest.raises(AmountFormatError) as info:
        parse_number(text, decimal=decimal, field="budget")
    error = info.value
    assert (error.field, error.value, error.code, error.message) == ("budget", text, code, reason)


def test_the_field_is_amount_unless_the_caller_names_another() -> None:
    """parse_number's errors speak of the amount when no field is given."""
    with pytest.raises(AmountFormatError) as info:
        parse_number("12x")
    assert info.value.field == "amount"


def test_a_text_at_the_length_bound_is_read_and_one_past_it_is_refused_shown_cut() -> None:
    """MAX_TEXT characters are read; one more is amount.too_long, the text cut with an ellipsis."""
    assert parse_number("1" * MAX_TEXT) == Decimal("1" * MAX_TEXT)
    too_long = "1" * (MAX_TEXT + 1)
    with pytest.raises(AmountFormatError) as info:
        parse_number(too_long, field="budget")
    error = info.value
    assert (error.field, error.code) == ("budget", "amount.too_long")
    assert error.value == "1" * MAX_TEXT + "…"
    assert error.message == f"longer than {MAX_TEXT} characters"


@pytest.mark.parametrize("rule", [",", ".", None])
def test_the_decimal_rule_is_a_comma_a_point_or_none(rule: str | None) -> None:
    """Each of the three rules is returned as given."""
    assert check_decimal_rule(rule) == rule


@pytest.mark.parametrize("rule", [";", ",,", "", 1])
def test_any_other_decimal_rule_is_refused_naming_the_option_and_the_value(rule: object) -> None:
    """A bad rule is amount.rule on the option ``decimal``, with the value given."""
    with pytest.raises(AmountFormatError) as info:
        check_decimal_rule(rule)
    error = info.value
    assert (error.field, error.value, error.code) == ("decimal", rule, "amount.rule")
    assert error.message == "the decimal separator is ',' or '.' (or None)"


def test_a_decimal_comma_takes_the_last_comma_and_points_group_the_rest() -> None:
    """With decimal=',' the point groups thousands and the comma separates decimals."""
    assert parse_number("1.250.000,5", decimal=",") == Decimal("1250000.5")
    assert parse_number("1,5", decimal=",") == Decimal("1.5")
    assert parse_number("-1.250,50", decimal=",") == Decimal("-1250.50")
