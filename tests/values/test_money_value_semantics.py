"""Money is a frozen value of kam_core's own: equality, hashing, pickling, copying, matching."""

from __future__ import annotations

import copy
import pickle
import weakref
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core import Money

amounts = st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False)


def test_assigning_or_deleting_an_amount_is_refused() -> None:
    """Neither field can be assigned nor deleted, and no other attribute can be added."""
    m = Money("10.00", "RUB")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        m.amount = Decimal(1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del m.currency
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        m.note = "x"
    assert m == Money("10.00", "RUB")


@given(amounts, st.sampled_from(["RUB", "USD", "JPY"]))
def test_equal_money_hashes_alike_whatever_the_trailing_zeros(amount: Decimal, code: str) -> None:
    """1.0 RUB and 1.00 RUB are equal and hash alike; another currency is another value."""
    a, b = Money(amount, code), Money(amount.quantize(Decimal("0.0001")), code)
    assert a == b
    assert (a != b) is False
    assert hash(a) == hash(b)
    other = Money(amount, "EUR")
    assert a != other
    assert len({a, b, other}) == 2


def test_money_is_never_equal_to_a_bare_number_or_a_tuple() -> None:
    """Equality is between Money only: a Decimal or a tuple of the fields is not Money."""
    m = Money("5", "RUB")
    assert m != Decimal(5)
    assert m != (Decimal(5), "RUB")
    assert (m == "5 RUB") is False


@given(amounts, st.integers(1, 97))
def test_a_computed_amount_pickles_and_copies_as_it_is(amount: Decimal, divisor: int) -> None:
    """A third of an amount has more digits than an entered amount may: it still round-trips."""
    m = Money(amount, "RUB") / divisor
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(m, protocol=protocol))
        assert again == m
        assert again.amount.as_tuple() == m.amount.as_tuple()
        assert type(again) is Money
    assert copy.copy(m) is m
    assert copy.deepcopy([m])[0] is m


def test_money_matches_by_position() -> None:
    """``case Money(amount, "RUB")`` reads the amount and the currency."""
    match Money("1250.50", "rub"):
        case Money(amount, "RUB"):
            assert amount == Decimal("1250.50")
        case _:
            pytest.fail("Money did not match by position")


def test_money_has_no_instance_dict() -> None:
    """Money is slotted: two fields and a weak reference slot, no per-instance dict."""
    m = Money("1", "RUB")
    assert not hasattr(m, "__dict__")
    assert weakref.ref(m)() is m
