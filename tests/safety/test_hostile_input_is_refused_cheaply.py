"""The breaks issue 22 found: each is now a documented error, refused for little work.

Work is measured, not time: the hostile value is built before measuring, and what
kam_core allocates while refusing it (``tracemalloc``'s peak) must stay under a budget
a thousand times smaller than what the old code allocated; the message must be short.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest

from kam_core import Money
from kam_core import policies as p
from kam_core._brief import brief
from kam_core.errors import MoneyError, PolicyConfigError

_BUDGET = 2 * 2**20  # bytes kam_core may allocate to refuse one hostile value
_SHORT = 400  # characters of an error message


@contextmanager
def allocations() -> Iterator[list[int]]:
    """The peak of what the block allocates, in bytes (appended when the block ends)."""
    peak: list[int] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def refused_cheaply(call: Callable[[], object], error: type[Exception]) -> Exception:
    """Run ``call``: it must raise ``error`` with a short message, within the budget."""
    with allocations() as peak, pytest.raises(error) as info:
        call()
    assert peak[0] < _BUDGET, f"{peak[0]:,} bytes to refuse it"
    assert len(str(info.value)) < _SHORT
    return info.value


_DIGITS_5000 = "9" * 5000
_INT_5000 = 10**5000


@pytest.mark.parametrize(
    "config",
    [
        '{"kind": ' + _DIGITS_5000 + "}",
        '{"kind": "abc", "window_months": ' + _DIGITS_5000 + "}",
        '{"kind": "bant", "min_budget": {"amount": ' + _DIGITS_5000 + ', "currency": "RUB"}}',
        {"kind": _INT_5000},
        {"kind": "abc", "window_months": _INT_5000},
        {"kind": "bant", "min_budget": {"amount": _INT_5000, "currency": "RUB"}},
    ],
    ids=lambda c: "text" if isinstance(c, str) else "dict",
)
def test_a_five_thousand_digit_integer_in_a_policy_is_a_policy_config_error(config: object) -> None:
    """In JSON text or a dict, in kind or a field: PolicyConfigError, not Python's ValueError."""
    error = refused_cheaply(lambda: p.load(config), PolicyConfigError)  # type: ignore[arg-type]
    assert "5,00" in str(error)  # the message says how long the number was


@pytest.mark.parametrize(
    "amount",
    ["1e999999999", "1e999999999999999999", "-1e999999999", "1e-999999999", "0e-999999999"],
)
def test_an_amount_with_a_huge_exponent_is_refused_before_its_digits_exist(amount: str) -> None:
    """Money("1e999999999") took 1.9 GB to print; now it never gets built."""
    refused_cheaply(lambda: Money(amount, "RUB"), MoneyError)
    refused_cheaply(lambda: Money(Decimal(amount), "RUB"), MoneyError)
    refused_cheaply(lambda: Money.from_dict({"amount": amount, "currency": "RUB"}), MoneyError)


def test_a_huge_integer_or_text_amount_is_refused_without_converting_it() -> None:
    """A 5,000-digit int and a 10-million-character text are refused by their size."""
    refused_cheaply(lambda: Money(_INT_5000, "RUB"), MoneyError)
    long_text = "9" * 10_000_000
    error = refused_cheaply(lambda: Money(long_text, "RUB"), MoneyError)
    assert "10,000,000 characters" in str(error)


@pytest.mark.parametrize(
    "operation",
    [
        lambda m: m * Decimal("1e999999999"),
        lambda m: m / Decimal("1e-999999999"),
        lambda m: m * Decimal("1e-999999"),
        lambda m: m * _INT_5000,
        lambda m: m / _INT_5000,
        lambda m: m.round(_INT_5000),
        lambda m: m.round(64),
        lambda m: Money.total([m] * 2, currency="RUB") * 10**10,
    ],
    ids=[
        "times-1e999999999",
        "by-1e-999999999",
        "times-1e-999999",
        "times-5000-digits",
        "by-5000-digits",
        "round-5000-digits",
        "round-64-places",
        "sum-times-1e10",
    ],
)
def test_arithmetic_past_the_bounds_is_a_money_error_naming_the_operands(
    operation: Callable[[Money], object],
) -> None:
    """Every failure of +, *, /, round() is a MoneyError, never decimal.Overflow."""
    money = Money("999999999999999999.99", "RUB")
    error = refused_cheaply(lambda: operation(money), MoneyError)
    assert isinstance(error, MoneyError)
    assert str(error).startswith(("Money(", "places=", "factor=", "divisor="))


def test_every_money_within_the_bounds_formats_for_little_work() -> None:
    """str(), repr() and to_dict() of the largest and finest amounts stay short."""
    for amount in ("999999999999999999.999999", "-0.000001", "0E+17", "1E+17"):
        money = Money(amount, "RUB")
        with allocations() as peak:
            texts = (str(money), repr(money), money.to_dict()["amount"], format(money))
        assert peak[0] < 64 * 1024
        assert max(len(t) for t in texts) < 60


def test_an_unterminated_string_of_escaped_quotes_is_refused_in_linear_time() -> None:
    """A regex pre-scan took quadratic time on this; the C parser refuses it at once."""
    text = '{"kind": "' + '\\"' * 200_000
    refused_cheaply(lambda: p.load(text), PolicyConfigError)


def test_brief_describes_any_value_in_a_few_dozen_characters() -> None:
    """Error messages are built with brief(): safe on what repr() cannot show."""
    deep: list[object] = []
    node = deep
    for _ in range(10_000):
        node.append([])
        node = node[0]  # type: ignore[assignment]

    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    for value in (_INT_5000, "x" * 10**6, b"\0" * 10**6, deep, {"k": _INT_5000}, Broken()):
        assert len(brief(value)) < 120


def test_brief_shows_small_containers_as_repr_does_and_cuts_large_ones() -> None:
    """Up to four items read as repr would write them; more are counted."""
    assert brief((1,)) == "(1,)"
    assert brief(frozenset({7})) == "frozenset({7})"
    assert (
        brief({f"k{i}": i for i in range(6)}) == "{'k0': 0, 'k1': 1, 'k2': 2, 'k3': 3, … (6 items)}"
    )
    assert brief([[[[1]]]]) == "[[[… (1 item)]]]"
