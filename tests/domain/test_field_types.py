"""Fast paths of the shared field types accept and refuse exactly what the full checks do.

``Day``, ``Money.from_dict`` and ``NonNegativeMoney`` validate their common inputs (an ISO
string or a date; ``{"amount": str | int, "currency": code}``) in fewer steps than the full
checks.  These tests pin every split: the fast input, the input that falls through to the
full checks, and the refusals with their messages naming the field and the value.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import kam_core as kc
from kam_core._currencies import MINOR_UNITS
from kam_core._domain import _base
from kam_core._domain._base import _strict_date
from kam_core.errors import MoneyError

# -- the checks as they were before the fast paths, kept as the reference ---------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _reference_date(value: object) -> object:
    """The full Day check, verbatim from before the fast path."""
    if isinstance(value, datetime):
        raise ValueError(f"expected a calendar date, got the datetime {value.isoformat()}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO date YYYY-MM-DD") from None
    raise ValueError(f"expected a date, got {type(value).__name__} {value!r}")


def _outcome(fn: Any, *args: object) -> tuple[str, object]:
    """("ok", result) or (exception class name, message)."""
    try:
        return "ok", fn(*args)
    except (ValueError, TypeError) as exc:
        return type(exc).__name__, str(exc)


class _Text(str):
    """A str subclass: takes the full path, not the fast one."""


class _Day(date):
    """A date subclass that is not a datetime."""


DEAL: dict[str, Any] = {
    "id": "D-1",
    "client_id": "C-1",
    "status": "won",
    "opened_on": "2026-01-10",
    "closed_on": "2026-02-01",
    "amount": {"amount": "300000", "currency": "RUB"},
}


def _error(model: type[BaseModel], data: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    [error] = info.value.errors()
    return error["loc"], error["msg"]


# -- Day --------------------------------------------------------------------------------


def test_iso_string_and_date_object_are_the_same_day() -> None:
    """'2026-01-10' and date(2026, 1, 10) validate to the same calendar date."""
    from_text = kc.Deal.model_validate(DEAL)
    from_date = kc.Deal.model_validate({**DEAL, "opened_on": date(2026, 1, 10)})
    assert from_text.opened_on == from_date.opened_on == date(2026, 1, 10)
    assert type(from_text.opened_on) is date


def test_date_object_passes_through_unchanged() -> None:
    """A date is kept as given, subclasses of date included (datetimes excluded)."""
    day = _Day(2026, 1, 10)
    assert _strict_date(day) is day
    assert kc.Deal.model_validate({**DEAL, "opened_on": day}).opened_on == date(2026, 1, 10)


@pytest.mark.parametrize(
    "value", [datetime(2026, 1, 10, 9, 30), datetime(2026, 1, 10, 0, 0, tzinfo=UTC)]
)
def test_datetimes_are_refused_even_though_they_are_dates(value: datetime) -> None:
    """A datetime is an instant, not a calendar date: refused, naming field and value."""
    loc, msg = _error(kc.Deal, {**DEAL, "opened_on": value})
    assert loc == ("opened_on",)
    assert f"expected a calendar date, got the datetime {value.isoformat()}" in msg


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",  # the right shape, an impossible day
        "2026-13-01",
        "0000-01-01",
        "2026-01-10 ",
        " 2026-01-10",
        "2026-01-10T00:00",
        "２０２６-01-10",  # non-ASCII digits
        "2026-01-1０",
        "",
    ],
)
def test_bad_strings_are_refused_naming_field_and_value(text: str) -> None:
    """Malformed or impossible ISO strings are refused with the string echoed."""
    loc, msg = _error(kc.Deal, {**DEAL, "opened_on": text})
    assert loc == ("opened_on",)
    assert f"{text!r} is not an ISO date YYYY-MM-DD" in msg


def test_str_subclasses_take_the_full_path_with_the_same_result() -> None:
    """A str subclass is parsed, or refused, exactly like a plain str."""
    assert _strict_date(_Text("2026-01-10")) == date(2026, 1, 10)
    for bad in ("2026-02-30", "2026-1-10"):
        with pytest.raises(ValueError, match=rf"'{bad}' is not an ISO date"):
            _strict_date(_Text(bad))


@pytest.mark.parametrize("value", [1768000000, 1768000000.0, b"2026-01-10", None, ("2026",)])
def test_other_types_are_refused_naming_the_type(value: object) -> None:
    """Timestamps, bytes and other types are not dates."""
    assert _outcome(_strict_date, value) == (
        "ValueError",
        f"expected a date, got {type(value).__name__} {value!r}",
    )


def test_day_from_json_is_the_iso_string() -> None:
    """JSON input carries dates as strings and takes the fast path too."""
    deal = kc.Deal.model_validate_json(
        '{"id": "D-1", "client_id": "C-1", "status": "won", "opened_on": "2026-01-10", '
        '"closed_on": "2026-02-01", "amount": {"amount": "300000", "currency": "RUB"}}'
    )
    assert deal.opened_on == date(2026, 1, 10)
    with pytest.raises(ValidationError, match="'2026-1-10' is not an ISO date"):
        kc.Deal.model_validate_json(
            '{"id": "D-1", "client_id": "C-1", "status": "open", "opened_on": "2026-1-10", '
            '"amount": {"amount": "1", "currency": "RUB"}}'
        )


def test_parsed_days_are_remembered_and_bad_strings_never(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A valid ISO string parses once; a bad one is refused every time; the memory is bounded."""
    monkeypatch.setattr(_base, "_day_cache", {})
    monkeypatch.setattr(_base, "_day_cached", _base._day_cache.get)
    monkeypatch.setattr(_base, "_DAY_CACHE_SIZE", 2)
    first = _strict_date("2026-01-10")
    assert _strict_date("2026-01-10") is first == date(2026, 1, 10)
    for _ in range(2):
        with pytest.raises(ValueError, match="'2026-02-30' is not an ISO date"):
            _strict_date("2026-02-30")
    assert _strict_date("2026-01-11") == date(2026, 1, 11)
    assert _strict_date("2026-01-12") == date(2026, 1, 12)  # parsed, not kept: memory full
    assert sorted(_base._day_cache) == ["2026-01-10", "2026-01-11"]


@settings(max_examples=200)
@given(
    st.one_of(
        st.text(max_size=12),
        st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
        st.dates().map(date.isoformat),
        st.dates(),
        st.datetimes(),
        st.integers(),
        st.none(),
    )
)
def test_day_accepts_and_refuses_exactly_what_the_full_check_does(value: object) -> None:
    """For any input, the fast Day check gives the reference result or the same message."""
    assert _outcome(_strict_date, value) == _outcome(_reference_date, value)


# -- Money.from_dict ----------------------------------------------------------------------

_AMOUNTS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from([" 12.50 ", "1_000", "1E+3", "-0", "+5", "NaN", "-Infinity", "1,5", ""]),
    st.none(),
)
_CURRENCIES = st.one_of(
    st.sampled_from(sorted(MINOR_UNITS)), st.sampled_from(["RUR", "rub", "", "XXX"]), st.none()
)


def _money_outcome(fn: Any, *args: object) -> tuple[str, object]:
    try:
        money = fn(*args)
    except MoneyError as exc:
        return "MoneyError", (exc.field, str(exc))
    return "ok", (money, str(money.amount), money.currency)


@settings(max_examples=200)
@given(_AMOUNTS, _CURRENCIES)
def test_money_from_dict_gives_what_the_constructor_gives(amount: object, code: object) -> None:
    """{"amount", "currency"} parses to Money(amount, currency) or to the same MoneyError."""
    assert _money_outcome(
        kc.Money.from_dict, {"amount": amount, "currency": code}
    ) == _money_outcome(kc.Money, amount, code)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("1250.00", "1250.00"), (" 12.50 ", "12.50"), ("1E+3", "1E+3"), (7, "7"), ("-0", "-0")],
)
def test_money_from_dict_keeps_the_amount_exact(amount: object, expected: str) -> None:
    """The fast path keeps the exact Decimal, exponent and trailing zeros included."""
    money = kc.Money.from_dict({"amount": amount, "currency": "RUB"})
    assert str(money.amount) == expected
    assert money == kc.Money(Decimal(expected), "RUB")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "NaN", "currency": "RUB"}, "amount='NaN': amount must be a finite number"),
        ({"amount": "12,5", "currency": "RUB"}, "amount='12,5': not a decimal number"),
        ({"amount": 1.5, "currency": "RUB"}, "amount=1.5: float is refused"),
        ({"amount": True, "currency": "RUB"}, "amount=True: bool is not an amount"),
        ({"amount": "1", "currency": "RUR"}, "currency='RUR': unknown ISO 4217 currency code"),
        ({"amount": "1", "currency": 643}, "currency=643: expected an ISO 4217 code"),
    ],
)
def test_money_from_dict_refusals_name_the_part_and_the_value(
    data: dict[str, object], message: str
) -> None:
    """Inputs the fast path does not take get the full checks' precise errors."""
    with pytest.raises(MoneyError) as info:
        kc.Money.from_dict(data)
    assert message in str(info.value)


def test_dict_subclasses_take_the_full_path_with_the_same_result() -> None:
    """An OrderedDict (or any dict subclass) parses like a plain dict, refusals included."""
    assert kc.Money.from_dict(OrderedDict(amount="10.50", currency="RUB")) == kc.Money(
        "10.50", "RUB"
    )
    with pytest.raises(MoneyError, match="float is refused"):
        kc.Money.from_dict(OrderedDict(amount=1.5, currency="RUB"))


def test_trusted_money_is_frozen_like_any_other() -> None:
    """Money built through the trusted constructor is equal to and as immutable as any."""
    money = kc.Money.from_dict({"amount": "10", "currency": "EUR"})
    assert money == kc.Money("10", "EUR")
    assert hash(money) == hash(kc.Money("10", "EUR"))
    with pytest.raises(AttributeError):
        money.amount = Decimal(1)  # type: ignore[misc]


# -- NonNegativeMoney -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        {"amount": "300000", "currency": "RUB"},
        {"amount": 300000, "currency": "RUB"},
        {"amount": Decimal("300000"), "currency": "RUB"},
        kc.Money("300000", "RUB"),
    ],
)
def test_non_negative_money_takes_the_dict_and_money_forms(value: object) -> None:
    """A deal amount may be given as Money or as its dict form with a str, int or Decimal."""
    assert kc.Deal.model_validate({**DEAL, "amount": value}).amount == kc.Money("300000", "RUB")


def test_money_instance_is_kept_as_given() -> None:
    """A Money value is not rebuilt."""
    money = kc.Money("300000", "RUB")
    assert kc.Deal.model_validate({**DEAL, "amount": money}).amount is money


@pytest.mark.parametrize(
    "value",
    [
        kc.Money("-1", "RUB"),
        {"amount": "-1", "currency": "RUB"},
        {"amount": -1, "currency": "RUB"},
        {"amount": Decimal("-1"), "currency": "RUB"},
    ],
)
def test_negative_amounts_are_refused_naming_field_and_value(value: object) -> None:
    """Each form of a negative amount is refused with the field and the amount."""
    loc, msg = _error(kc.Deal, {**DEAL, "amount": value})
    assert loc == ("amount",)
    assert "amount=-1 RUB: must not be negative" in msg


def test_nested_money_field_is_named_in_its_error() -> None:
    """A lead's budget inside BANT facts names bant.budget."""
    with pytest.raises(ValidationError) as info:
        kc.Lead.model_validate(
            {
                "id": "L-1",
                "company": "ООО Бета",
                "created_on": "2026-01-01",
                "bant": {"budget": {"amount": "-5", "currency": "RUB"}},
            }
        )
    [error] = info.value.errors()
    assert error["loc"] == ("bant", "budget")
    assert "budget=-5 RUB: must not be negative" in error["msg"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"amount": 1.5, "currency": "RUB"}, "amount=1.5: float is refused"),
        ({"amount": "1", "currency": "RUR"}, "currency='RUR': unknown ISO 4217"),
        ({"amount": "1"}, "missing keys ['currency']"),
        ({"amount": "1", "currency": "RUB", "vat": "0"}, "unknown keys ['vat']"),
        ("300000 RUB", 'expected {"amount": "...", "currency": "..."}'),
    ],
)
def test_malformed_money_is_refused_with_the_money_error_message(
    value: object, message: str
) -> None:
    """Floats, unknown codes, wrong keys and strings are refused, one error at the field."""
    loc, msg = _error(kc.Deal, {**DEAL, "amount": value})
    assert loc == ("amount",)
    assert message in msg


def test_non_negative_money_from_json_and_back() -> None:
    """JSON in, JSON out: the dict form round-trips through a deal."""
    deal = kc.Deal.model_validate(DEAL)
    assert deal.model_dump(mode="json")["amount"] == {"amount": "300000", "currency": "RUB"}
    assert kc.Deal.model_validate_json(deal.model_dump_json()) == deal
    assert deal.model_dump()["amount"] == kc.Money("300000", "RUB")
