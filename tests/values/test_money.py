"""Money: exact amounts, one currency, no floats, explicit rounding."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError

from kam_core import Money
from kam_core.errors import CurrencyMismatchError, KamError, MoneyError
from kam_core.testing import amounts, moneys

rub = moneys(currency="RUB", min_value=-1_000_000, max_value=1_000_000)


# -- construction -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("1250.00", Decimal("1250.00")), (3, Decimal(3)), (Decimal("0.1"), Decimal("0.1"))],
)
def test_money_accepts_str_int_and_decimal(amount: object, expected: Decimal) -> None:
    """A str, an int or a Decimal becomes the exact Decimal amount."""
    m = Money(amount, "RUB")  # type: ignore[arg-type]
    assert m.amount == expected
    assert isinstance(m.amount, Decimal)
    assert m.currency == "RUB"


def test_money_strips_whitespace_around_a_string_amount() -> None:
    """Surrounding spaces in a CRM export do not make an amount invalid."""
    assert Money(" 10.50 ", "RUB").amount == Decimal("10.50")


def test_money_refuses_a_float_amount_with_money_error() -> None:
    """A float cannot hold kopecks exactly, so it is refused, never converted."""
    with pytest.raises(MoneyError, match=r"amount=0\.1: float is refused") as info:
        Money(0.1, "RUB")  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, KamError)
    assert info.value.field == "amount"
    assert info.value.value == 0.1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (True, "bool is not an amount"),
        ("12,50", "not a decimal number"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        (Decimal("NaN"), "finite"),
        ([1], "expected str, int or Decimal, got list"),
        (None, "expected str, int or Decimal, got NoneType"),
    ],
)
def test_money_refuses_amounts_that_are_not_exact_numbers(amount: object, message: str) -> None:
    """Bools, malformed strings, NaN, infinities and other types are refused."""
    with pytest.raises(MoneyError, match=message):
        Money(amount, "RUB")  # type: ignore[arg-type]


@pytest.mark.parametrize("currency", ["RUR", "rur", "XXX", "", " RUB", 643, None])
def test_money_refuses_an_unknown_currency(currency: object) -> None:
    """Only active ISO 4217 codes are currencies."""
    with pytest.raises(MoneyError) as info:
        Money("1", currency)  # type: ignore[arg-type]
    assert info.value.field == "currency"
    assert info.value.value == currency


@pytest.mark.parametrize("currency", ["rub", "Rub", "RUB"])
def test_currency_codes_are_read_in_any_case_and_kept_in_capitals(currency: str) -> None:
    """'rub' is RUB: the constructor, zero() and total() agree with the CSV readers."""
    assert Money("1", currency) == Money("1", "RUB")
    assert Money("1", currency).currency == "RUB"
    assert Money.zero(currency).currency == "RUB"
    assert Money.total([Money("1", "RUB")], currency=currency) == Money("1", "RUB")
    assert Money.from_dict({"amount": "1", "currency": currency}).currency == "RUB"


def test_money_is_frozen() -> None:
    """A Money value cannot be changed in place."""
    m = Money("1", "RUB")
    with pytest.raises(AttributeError):
        m.amount = Decimal(2)  # type: ignore[misc]


# -- arithmetic -------------------------------------------------------------------------


def test_money_adds_subtracts_and_negates_in_one_currency() -> None:
    """Sums and differences keep the currency and stay exact."""
    a, b = Money("0.10", "RUB"), Money("0.20", "RUB")
    assert a + b == Money("0.30", "RUB")
    assert b - a == Money("0.10", "RUB")
    assert -a == Money("-0.10", "RUB")
    assert abs(-a) == a


def test_money_multiplies_by_int_and_decimal_from_either_side() -> None:
    """Money times a whole number or a Decimal is Money."""
    m = Money("1250.00", "RUB")
    assert m * 2 == Money("2500", "RUB")
    assert 2 * m == Money("2500", "RUB")
    assert m * Decimal("0.5") == Money("625", "RUB")
    assert Decimal("0.5") * m == Money("625", "RUB")


def test_money_divides_by_a_number_into_money_and_by_money_into_a_ratio() -> None:
    """Money / 4 is Money; Money / Money (same currency) is a Decimal share."""
    m = Money("100", "RUB")
    assert m / 4 == Money("25", "RUB")
    assert m / Decimal("0.5") == Money("200", "RUB")
    share = Money("25", "RUB") / m
    assert share == Decimal("0.25")
    assert isinstance(share, Decimal)


@pytest.mark.parametrize(
    "operation",
    [lambda m: m * 1.5, lambda m: 1.5 * m, lambda m: m / 1.5],
    ids=["mul", "rmul", "div"],
)
def test_money_refuses_float_factors_and_divisors(operation: object) -> None:
    """Multiplying or dividing by a float is refused like a float amount."""
    with pytest.raises(MoneyError, match="float is refused"):
        operation(Money("10", "RUB"))  # type: ignore[operator]


@pytest.mark.parametrize("operand", ["2", True, None])
def test_money_does_not_multiply_or_divide_by_other_types(operand: object) -> None:
    """Strings, bools and None are not factors: Python raises TypeError."""
    m = Money("10", "RUB")
    with pytest.raises(TypeError):
        m * operand  # type: ignore[operator]
    with pytest.raises(TypeError):
        m / operand  # type: ignore[operator]


def test_money_does_not_add_plain_numbers() -> None:
    """Money + 1 is a TypeError: the currency of 1 is unknown."""
    m = Money("10", "RUB")
    with pytest.raises(TypeError):
        m + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        m - 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = m < 1  # type: ignore[operator]


@pytest.mark.parametrize("divisor", [0, Decimal(0), Money("0", "RUB")])
def test_money_refuses_division_by_zero(divisor: object) -> None:
    """Dividing by zero is a MoneyError, not a decimal trap."""
    with pytest.raises(MoneyError, match="division by zero"):
        Money("10", "RUB") / divisor


@pytest.mark.parametrize(
    "operation",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a / b,
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
    ids=["add", "sub", "div", "lt", "le", "gt", "ge"],
)
def test_mixing_currencies_raises_currency_mismatch(operation: object) -> None:
    """kam_core never converts: RUB and USD never meet in one operation."""
    with pytest.raises(CurrencyMismatchError) as info:
        operation(Money("1", "RUB"), Money("1", "USD"))  # type: ignore[operator]
    assert info.value.expected == "RUB"
    assert info.value.actual == "USD"
    assert isinstance(info.value, ValueError)


def test_money_in_different_currencies_is_simply_not_equal() -> None:
    """Equality does not raise: 1 RUB is not 1 USD."""
    assert Money("1", "RUB") != Money("1", "USD")
    assert Money("1.0", "RUB") == Money("1.00", "RUB")
    assert hash(Money("1.0", "RUB")) == hash(Money("1.00", "RUB"))
    assert Money("1", "RUB") != "1 RUB"


def test_money_orders_by_amount() -> None:
    """Comparisons read the amounts of the same currency."""
    small, big = Money("1", "RUB"), Money("2", "RUB")
    assert small < big
    assert small <= big
    assert big > small
    assert big >= small
    assert small <= Money("1.00", "RUB")
    assert max([small, big]) is big


def test_money_is_truthy_unless_zero() -> None:
    """Zero money is falsy and is_zero; anything else is truthy."""
    assert not Money.zero("RUB")
    assert Money.zero("RUB").is_zero()
    assert Money("0.01", "RUB")
    assert not Money("-1", "RUB").is_zero()


# -- zero and total ---------------------------------------------------------------------


def test_zero_is_zero_of_its_currency() -> None:
    """Money.zero gives a zero amount in the currency asked for."""
    assert Money.zero("JPY") == Money("0", "JPY")
    with pytest.raises(MoneyError):
        Money.zero("XYZ")


def test_total_sums_exactly_and_empty_sums_to_zero() -> None:
    """Money.total of 0.10 + 0.20 is exactly 0.30; of nothing, zero."""
    parts = [Money("0.10", "RUB"), Money("0.20", "RUB")]
    assert Money.total(parts, currency="RUB") == Money("0.30", "RUB")
    assert Money.total(iter(parts), currency="RUB") == Money("0.30", "RUB")
    assert Money.total([], currency="EUR") == Money.zero("EUR")


def test_total_refuses_other_currencies_non_money_and_unknown_codes() -> None:
    """Money.total checks the currency of every term and of its target."""
    with pytest.raises(CurrencyMismatchError):
        Money.total([Money("1", "RUB"), Money("1", "USD")], currency="RUB")
    with pytest.raises(MoneyError, match="Money values only"):
        Money.total([Decimal(1)], currency="RUB")  # type: ignore[list-item]
    with pytest.raises(MoneyError, match="unknown ISO 4217"):
        Money.total([], currency="ABC")


# -- rounding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("10.005", "RUB", "10.01"),
        ("10.004", "RUB", "10.00"),
        ("-10.005", "RUB", "-10.01"),
        ("1234.5", "JPY", "1235"),
        ("1.0005", "KWD", "1.001"),
        ("7", "RUB", "7.00"),
    ],
)
def test_round_goes_half_up_to_the_currency_minor_units(
    amount: str, currency: str, expected: str
) -> None:
    """Commercial rounding to kopecks, yen or fils, as on an invoice."""
    rounded = Money(amount, currency).round()
    assert rounded == Money(expected, currency)
    assert str(rounded.amount) == expected


def test_round_takes_places_and_a_rounding_mode() -> None:
    """Explicit places and banker's rounding are available on request."""
    assert Money("10.005", "RUB").round(rounding="ROUND_HALF_EVEN") == Money("10.00", "RUB")
    assert str(Money("1234.56", "RUB").round(0).amount) == "1235"
    assert Money("1250", "RUB").round(-2).to_dict()["amount"] == "1300"


def test_arithmetic_never_rounds_by_itself() -> None:
    """Only round() rounds: a third of a rouble keeps its digits."""
    third = Money("1", "RUB") / 3
    assert third.amount == Decimal(1) / Decimal(3)
    assert third.round() == Money("0.33", "RUB")


def test_minor_units_follow_iso_4217() -> None:
    """RUB has kopecks, JPY has none, KWD has three digits."""
    assert Money("1", "RUB").minor_units == 2
    assert Money("1", "JPY").minor_units == 0
    assert Money("1", "KWD").minor_units == 3


# -- text and JSON ----------------------------------------------------------------------


def test_money_repr_and_str_show_the_exact_amount() -> None:
    """repr is eval-like, str is for people."""
    m = Money("1250.00", "RUB")
    assert repr(m) == "Money('1250.00', 'RUB')"
    assert str(m) == "1250.00 RUB"


def test_money_json_form_keeps_the_exact_amount_as_a_string() -> None:
    """The JSON form is {"amount": "1250.00", "currency": "RUB"} and parses back."""
    m = Money("1250.00", "RUB")
    assert m.to_dict() == {"amount": "1250.00", "currency": "RUB"}
    assert json.loads(json.dumps(m.to_dict())) == m.to_dict()
    back = Money.from_dict(m.to_dict())
    assert back == m
    assert str(back.amount) == "1250.00"
    assert Money.from_dict(m) is m


def test_money_json_form_never_uses_exponent_notation() -> None:
    """Amounts written with an exponent still serialise as plain digits."""
    assert Money("1E+3", "RUB").to_dict() == {"amount": "1000", "currency": "RUB"}
    assert Money("1E-6", "RUB").to_dict()["amount"] == "0.000001"
    assert Money.from_dict(Money("1E+3", "RUB").to_dict()) == Money("1000", "RUB")
    assert str(Money("1E+3", "RUB")) == "1000 RUB"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("1250 RUB", "expected"),
        ({"amount": "1"}, "missing keys"),
        ({"amount": "1", "currency": "RUB", "note": "x"}, "unknown keys"),
        ({"amount": 1.5, "currency": "RUB"}, "float is refused"),
        ({"amount": "1", "currency": "RUR"}, "unknown ISO 4217"),
    ],
)
def test_money_from_dict_refuses_malformed_json(data: object, message: str) -> None:
    """The JSON form has exactly two keys with a valid amount and code."""
    with pytest.raises(MoneyError, match=message):
        Money.from_dict(data)


# -- inside pydantic --------------------------------------------------------------------


class Invoice(BaseModel):
    """A host model holding Money."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str
    total: Money
    discount: Money | None = None


def test_money_validates_inside_a_pydantic_model_from_dict_and_json() -> None:
    """A pydantic model accepts Money, its dict form and its JSON form."""
    inv = Invoice(number="1", total=Money("10.50", "RUB"))
    assert Invoice.model_validate({"number": "1", "total": {"amount": "10.50", "currency": "RUB"}})
    assert (
        Invoice.model_validate_json(
            '{"number": "1", "total": {"amount": "10.50", "currency": "RUB"}}'
        )
        == inv
    )
    assert Invoice.model_validate_json(inv.model_dump_json()) == inv


def test_money_dumps_to_its_json_form_in_json_mode_and_stays_money_in_python_mode() -> None:
    """model_dump(mode="json") writes the string form; plain model_dump keeps Money."""
    inv = Invoice(number="1", total=Money("10.50", "RUB"))
    assert inv.model_dump(mode="json") == {
        "number": "1",
        "total": {"amount": "10.50", "currency": "RUB"},
        "discount": None,
    }
    assert inv.model_dump()["total"] == Money("10.50", "RUB")
    assert Invoice.model_validate(inv.model_dump()) == inv


@pytest.mark.parametrize(
    "total",
    [
        {"amount": 10.5, "currency": "RUB"},
        {"amount": "10.5", "currency": "XXX"},
        {"amount": "10.5"},
        "10.5",
    ],
)
def test_bad_money_inside_a_model_raises_validation_error_naming_the_field(total: object) -> None:
    """pydantic reports a bad Money with the field's location."""
    with pytest.raises(ValidationError) as info:
        Invoice.model_validate({"number": "1", "total": total})
    (error,) = info.value.errors()
    assert error["loc"] == ("total",)


def test_float_amount_in_json_is_refused() -> None:
    """A JSON number with a fraction parses as float and is refused."""
    with pytest.raises(ValidationError, match="float is refused"):
        Invoice.model_validate_json('{"number": "1", "total": {"amount": 10.5, "currency": "RUB"}}')


def test_money_json_schema_describes_the_string_form() -> None:
    """The JSON Schema of Money is an object with a string amount and an ISO code."""
    schema = Invoice.model_json_schema()
    money = schema["properties"]["total"]
    if "$ref" in money:
        money = schema["$defs"][money["$ref"].split("/")[-1]]
    assert money["type"] == "object"
    assert money["required"] == ["amount", "currency"]
    assert money["properties"]["amount"]["type"] == "string"
    assert "RUB" in money["properties"]["currency"]["enum"]
    assert money["additionalProperties"] is False


# -- laws -------------------------------------------------------------------------------


@given(rub, rub, rub)
def test_addition_is_associative(a: Money, b: Money, c: Money) -> None:
    """(a + b) + c == a + (b + c): Decimal sums are exact."""
    assert (a + b) + c == a + (b + c)


@given(rub, rub)
def test_addition_is_commutative(a: Money, b: Money) -> None:
    """a + b == b + a."""
    assert a + b == b + a


@given(moneys())
def test_zero_is_the_identity_of_addition(m: Money) -> None:
    """m + 0 == m == 0 + m in every currency."""
    zero = Money.zero(m.currency)
    assert m + zero == m == zero + m


@given(rub, rub)
def test_subtraction_undoes_addition(a: Money, b: Money) -> None:
    """a - b + b == a."""
    assert a - b + b == a


@given(st.lists(rub, max_size=20))
def test_total_is_the_fold_of_addition(ms: list[Money]) -> None:
    """Money.total equals adding the terms one by one from zero."""
    assert Money.total(ms, currency="RUB") == reduce(lambda x, y: x + y, ms, Money.zero("RUB"))


@given(rub, st.integers(-10_000, 10_000).filter(bool))
def test_multiplying_then_dividing_by_a_whole_number_gives_the_money_back(m: Money, k: int) -> None:
    """(m * k) / k == m for any non-zero int k."""
    assert (m * k) / k == m


@given(rub, rub)
def test_ordering_agrees_with_amounts(a: Money, b: Money) -> None:
    """a < b exactly when a.amount < b.amount, and so on."""
    assert (a < b) == (a.amount < b.amount)
    assert (a <= b) == (a.amount <= b.amount)
    assert (a > b) == (a.amount > b.amount)
    assert (a >= b) == (a.amount >= b.amount)
    assert (a == b) == (a.amount == b.amount)


@given(moneys())
def test_json_form_round_trips_exactly(m: Money) -> None:
    """from_dict(to_dict(m)) == m and keeps the digits."""
    back = Money.from_dict(json.loads(json.dumps(m.to_dict())))
    assert back == m
    assert back.to_dict() == m.to_dict()


@given(amounts(min_value=-1000, max_value=1000, places=4))
def test_round_lands_on_the_minor_unit_within_half_of_it(amount: Decimal) -> None:
    """Rounded RUB has two places and is within half a kopeck of the exact amount."""
    rounded = Money(amount, "RUB").round()
    assert rounded.amount.as_tuple().exponent == -2
    assert abs(rounded.amount - amount) <= Decimal("0.005")
