"""Amount bounds: 18 digits before the point and 6 after, widened only where asked."""

from __future__ import annotations

import contextlib
import contextvars
import decimal
import threading
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import kam_core as kc
from kam_core import AmountBounds, Money, wider_amount_bounds
from kam_core._brief import brief
from kam_core.errors import MoneyError

_MAX = "999999999999999999.999999"


# -- entering amounts -------------------------------------------------------------------


@pytest.mark.parametrize("amount", [_MAX, "-" + _MAX, "0.000001", "1E+17", 10**18 - 1, "0"])
def test_amounts_up_to_eighteen_digits_and_six_decimals_enter(amount: object) -> None:
    """The largest and the finest amounts within the default bounds are accepted as written."""
    money = Money(amount, "RUB")  # type: ignore[arg-type]
    assert money.amount == Decimal(str(amount))


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1000000000000000000", "19 digits before the point; the bound is 18"),
        (10**18, "19 digits before the point; the bound is 18"),
        (-(10**18), "19 digits before the point; the bound is 18"),
        ("0.0000001", "more than 6 digits after the point"),
        ("1.0000000", "more than 6 digits after the point"),  # trailing zeros count
        ("0E-7", "more than 6 digits after the point"),
        (Decimal("1E+18"), "19 digits before the point"),
        ("1e999999999", "1,000,000,000 digits before the point"),
        ("1e-999999999", "more than 6 digits after the point"),
        ("0e-999999999", "more than 6 digits after the point"),
        (10**5000, "5,001 digits before the point"),
        ("9" * 100, "a text of 100 characters cannot be an amount"),
    ],
    ids=brief,
)
def test_amounts_past_the_bounds_are_refused_naming_the_value(amount: object, message: str) -> None:
    """Too many digits on either side of the point is a MoneyError that says which bound."""
    with pytest.raises(MoneyError, match=message) as info:
        Money(amount, "RUB")  # type: ignore[arg-type]
    assert info.value.field == "amount"
    assert info.value.value == amount
    assert "kam_core.wider_amount_bounds" in str(info.value)
    assert len(str(info.value)) < 250


def test_the_json_form_and_pydantic_fields_are_bounded_alike() -> None:
    """from_dict's fast path, the attrs constructor and pydantic fields share the bounds."""
    for data in (
        {"amount": "1e999999999", "currency": "RUB"},
        {"amount": 10**19, "currency": "RUB"},
    ):
        with pytest.raises(MoneyError, match="digits before the point"):
            Money.from_dict(data)
    with pytest.raises(ValidationError, match="digits before the point"):
        kc.Deal.model_validate_json(
            '{"id": "D-1", "client_id": "C-1", "status": "open", "opened_on": "2026-01-01",'
            ' "amount": {"amount": "1e999999999", "currency": "RUB"}}'
        )


def test_quantities_and_shares_share_the_amount_bounds() -> None:
    """Every exact number entering an entity is bounded like an amount."""
    price = Money("1", "RUB")
    with pytest.raises(ValidationError, match=r"quantity=.*digits before the point"):
        kc.DealLine(product_id="SKU-1", quantity="1e999999999", unit_price=price)
    with pytest.raises(ValidationError, match="more than 6 digits after the point"):
        kc.DealLine(product_id="SKU-1", quantity="0.0000001", unit_price=price)
    with pytest.raises(ValidationError, match="orders_per_year"):
        kc.SalesSystemProfile(price=None, complexity=None, client_count=1, orders_per_year="1e-99")


def test_the_json_schema_states_the_default_bounds() -> None:
    """Other languages read the bounds from the schema's pattern and description."""
    schema = TypeAdapter(Money).json_schema()["properties"]["amount"]
    assert schema["pattern"] == r"^-?\d{1,18}(\.\d{1,6})?$"
    assert "18 digits before the point and 6 after" in schema["description"]


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**17), max_value=10**17
    )
)
def test_every_amount_within_the_bounds_round_trips_through_json(amount: Decimal) -> None:
    """Inside the bounds nothing is refused and nothing changes on the way through JSON."""
    money = Money(amount, "EUR")
    assert Money.from_dict(money.to_dict()) == money


def test_building_money_leaves_the_callers_decimal_context_alone() -> None:
    """The bounds are checked in a private context: the caller's flags stay as they were."""
    ctx = decimal.getcontext()
    ctx.clear_flags()
    for amount in ("1250.50", "1.0000000", "1e999999999", "0e-999999999"):
        with contextlib.suppress(MoneyError):
            Money(amount, "RUB")
    assert not any(ctx.flags.values())


# -- computed amounts -------------------------------------------------------------------


def test_sums_may_reach_twenty_two_digits_and_stay_exact() -> None:
    """A book total of ten thousand maximal amounts fits: four digits of headroom."""
    top = Money(_MAX, "RUB")
    total = Money.total([top] * 10_000, currency="RUB")
    assert total.amount == Decimal(_MAX) * 10_000
    assert total.amount.adjusted() == 21


def test_a_sum_past_twenty_two_digits_is_a_money_error_naming_the_operands() -> None:
    """Past the result bound the sum is refused, never rounded to 28 digits."""
    big = Money.total([Money(_MAX, "RUB")] * 10_000, currency="RUB")
    with pytest.raises(MoneyError, match="23 digits before the point; the bound is 22") as info:
        big + big
    assert info.value.operands == (big, big)
    assert str(info.value).startswith(f"{big!r} + {big!r}: ")
    with pytest.raises(MoneyError, match="the bound is 22"):
        Money.total([Money(_MAX, "RUB")] * 10_001, currency="RUB")
    with pytest.raises(MoneyError, match="the bound is 22"):
        Money(_MAX, "RUB") * 10**5


def test_products_and_quotients_past_the_bounds_are_money_errors() -> None:
    """Hostile factors and divisors overflow into MoneyError, never decimal's own signals."""
    m = Money("1250.50", "RUB")
    with pytest.raises(MoneyError, match="Overflow") as info:
        m * Decimal("1e999999999")
    assert info.value.operands == (m, Decimal("1e999999999"))
    with pytest.raises(MoneyError, match="Overflow"):
        m / Decimal("1e-999999999")
    with pytest.raises(MoneyError, match="no amount is smaller than 1E-64"):
        m * Decimal("1e-100")
    with pytest.raises(MoneyError, match="an integer of 5,001 digits"):
        m * 10**5000
    with pytest.raises(MoneyError, match="must be a finite number"):
        m * Decimal("NaN")
    with pytest.raises(MoneyError, match="must be a finite number"):
        m / Decimal("Infinity")


def test_rounding_refuses_bad_places_and_modes_and_what_the_context_cannot_hold() -> None:
    """round() says what was wrong: the places, the mode, or the context's precision."""
    m = Money("123456789012345678.5", "RUB")
    with pytest.raises(MoneyError, match=r"places=.*expected an int from -21 to 64"):
        m.round(10**20)
    with pytest.raises(MoneyError, match="places=True"):
        m.round(True)
    with pytest.raises(MoneyError, match="rounding='ROUND_SOMETIMES'"):
        m.round(rounding="ROUND_SOMETIMES")
    with pytest.raises(MoneyError, match=r"\.round\(20\): the decimal context cannot hold") as info:
        m.round(20)
    assert info.value.operands == (m, 20)
    assert m.round(-21) == Money("0", "RUB")


def test_rounding_up_to_the_result_bound_is_refused() -> None:
    """A rounding that carries past 22 digits before the point is refused too."""
    near = Money.total([Money(_MAX, "RUB")] * 10_000, currency="RUB")  # 9 999 … 999.99
    assert near.round() == near
    assert near.round(0, rounding=decimal.ROUND_DOWN).amount.adjusted() == 21
    with pytest.raises(MoneyError, match="the result has 23 digits before the point"):
        near.round(0)


def test_a_callers_trapping_context_raises_money_error_too() -> None:
    """With Inexact trapped by the host, an inexact division is a MoneyError, not a signal."""
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.Inexact] = True
        with pytest.raises(MoneyError, match="Inexact") as info:
            Money("1", "RUB") / 3
    assert isinstance(info.value.__cause__, decimal.Inexact)


# -- widening, in this context only -----------------------------------------------------


def test_wider_bounds_hold_inside_the_block_only() -> None:
    """A wider setting accepts larger and finer amounts until the block ends."""
    with wider_amount_bounds(integer_digits=24, fraction_digits=8) as bounds:
        assert bounds == AmountBounds(integer_digits=24, fraction_digits=8)
        assert AmountBounds.current() is bounds
        assert Money("123456789012345678901234.12345678", "IDR").currency == "IDR"
    assert AmountBounds.current() == AmountBounds()
    with pytest.raises(MoneyError):
        Money("123456789012345678901234", "IDR")


def test_bounds_only_widen_and_stop_at_their_caps() -> None:
    """Narrower than the default, past the caps, or not an int: refused."""
    with pytest.raises(MoneyError, match="bounds only widen: at least 18"):
        AmountBounds(integer_digits=12)
    with pytest.raises(MoneyError, match="at most 60"):
        AmountBounds(integer_digits=61)
    with pytest.raises(MoneyError, match="at most 30"):
        AmountBounds(fraction_digits=31)
    with pytest.raises(MoneyError, match="expected an int"):
        AmountBounds(fraction_digits=True)  # type: ignore[arg-type]
    with (
        pytest.raises(MoneyError, match="bounds only widen"),
        wider_amount_bounds(fraction_digits=2),
    ):
        pass


def test_nested_blocks_keep_the_outer_setting_for_what_they_leave_out() -> None:
    """An inner block that widens one bound keeps the outer block's other bound."""
    with wider_amount_bounds(integer_digits=30), wider_amount_bounds(fraction_digits=9) as inner:
        assert (inner.integer_digits, inner.fraction_digits) == (30, 9)
    assert AmountBounds.current() == AmountBounds()


def test_the_setting_is_restored_when_the_block_raises() -> None:
    """An exception inside the block does not leave the wider bounds behind."""
    with pytest.raises(RuntimeError), wider_amount_bounds(integer_digits=30):
        raise RuntimeError("boom")
    assert AmountBounds.current() == AmountBounds()


def test_sums_stay_exact_past_the_decimal_contexts_precision_when_widened() -> None:
    """With 30 digits allowed, a 35-digit sum keeps every digit (28 would round it)."""
    a = "12345678901234567890123456789.123456"
    with wider_amount_bounds(integer_digits=30):
        total = Money(a, "RUB") + Money(a, "RUB")
        assert total.amount == Decimal("24691357802469135780246913578.246912")
        assert Money.total([Money(a, "RUB")] * 3, currency="RUB").amount == Decimal(
            "37037036703703703670370370367.370368"
        )
        assert (Money(a, "RUB") * 3).amount == Decimal("37037036703703703670370370367.370368")
        with pytest.raises(MoneyError, match="the bound is 34"):
            Money(a, "RUB") * 10**6


def test_other_threads_keep_the_default_bounds_while_one_thread_widens() -> None:
    """The setting is per context: eight threads interleaved, each sees only its own."""
    wide = "123456789012345678901234"
    barrier = threading.Barrier(8)
    seen: dict[int, str] = {}

    def work(i: int) -> None:
        def attempt() -> str:
            barrier.wait()  # every thread is inside its block (or not) at once
            try:
                Money(wide, "RUB")
            except MoneyError:
                return "refused"
            return "accepted"

        if i % 2:
            with wider_amount_bounds(integer_digits=24):
                seen[i] = attempt()
        else:
            seen[i] = attempt()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {i: "accepted" if i % 2 else "refused" for i in range(8)}


def test_a_copied_context_carries_the_wider_bounds_to_a_worker_thread() -> None:
    """contextvars.copy_context() hands the setting to work run in another thread."""
    out: list[bool] = []
    with wider_amount_bounds(integer_digits=24):
        ctx = contextvars.copy_context()
    thread = threading.Thread(
        target=ctx.run, args=(lambda: out.append(Money("1" * 24, "RUB").is_zero()),)
    )
    thread.start()
    thread.join()
    assert out == [False]


def test_wider_bounds_accept_longer_texts_and_larger_ints() -> None:
    """The text-length and int-size pre-checks follow the bounds in force."""
    long_text = "1" * 59 + "." + "5" * 29  # 89 characters: past the default 64
    big_int = 10**25
    with pytest.raises(MoneyError, match="a text of 89 characters"):
        Money(long_text, "RUB")
    with pytest.raises(MoneyError, match="26 digits before the point"):
        Money(big_int, "RUB")
    with wider_amount_bounds(integer_digits=60, fraction_digits=30):
        assert Money(long_text, "RUB").amount == Decimal(long_text)
        assert Money(big_int, "RUB").amount == big_int
        assert Money.from_dict({"amount": long_text, "currency": "RUB"}).amount.adjusted() == 58


def test_a_callers_narrow_context_makes_every_operation_a_money_error() -> None:
    """Whatever decimal signal the host traps, +, -, -x, abs, / and total say MoneyError."""
    a, b = Money("1234", "RUB"), Money("1", "RUB")
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[decimal.Inexact] = True
        operations = [
            lambda: a + b,
            lambda: a - b,
            lambda: -a,
            lambda: abs(a),
            lambda: a / b,
            lambda: a / 7,
            lambda: Money.total([a, b], currency="RUB"),
        ]
        for operation in operations:
            with pytest.raises(MoneyError, match="Inexact at a precision of 3 digits") as info:
                operation()
            assert info.value.operands


def test_differences_and_quotients_past_the_default_are_exact_or_refused() -> None:
    """The slow paths: a difference past 10**22 widened, a quotient past it refused."""
    big = Money("999999999999999999.5", "RUB")
    with wider_amount_bounds(integer_digits=20):
        wide = Money("99999999999999999999.5", "RUB")
        assert (wide - (-wide)).amount == Decimal("199999999999999999999")
        assert ((wide * 1000) - (-(wide * 1000))).amount == Decimal("199999999999999999999000")
    with pytest.raises(MoneyError, match="the bound is 22"):
        big / Decimal("1e-5")
    with pytest.raises(MoneyError, match="no amount is smaller than 1E-64"):
        Money("1", "RUB") / Decimal("1e70")


def test_a_total_past_the_default_still_refuses_strangers_and_other_currencies() -> None:
    """Once a total is recomputed exactly, the rest of it is checked like the start."""
    top = Money(_MAX, "RUB")
    with pytest.raises(MoneyError, match="Money values only"):
        Money.total([top] * 10_001 + ["1"], currency="RUB")  # type: ignore[list-item]
    with pytest.raises(kc.errors.CurrencyMismatchError):
        Money.total([top] * 10_001 + [Money("1", "USD")], currency="RUB")
    with wider_amount_bounds(integer_digits=20):
        assert Money.total([top] * 20_000, currency="RUB").amount == Decimal(_MAX) * 20_000


def test_a_long_text_in_the_json_form_takes_the_full_path() -> None:
    """from_dict's fast path leaves texts past 64 characters to the constructor's checks."""
    with pytest.raises(MoneyError, match="a text of 70 characters"):
        Money.from_dict({"amount": " " * 60 + "1250.50   ", "currency": "RUB"})
