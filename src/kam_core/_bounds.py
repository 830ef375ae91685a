"""How large and how finely written an exact number entering kam_core may be.

Every amount, quantity and share that enters (``Money(...)``, an entity's field, a
policy's threshold) has at most :attr:`AmountBounds.integer_digits` digits before the
point and :attr:`AmountBounds.fraction_digits` after it, as written: 18 and 6 by
default, like a ``NUMERIC(24, 6)`` column.  Amounts kam_core computes (sums, products,
rounded values) may reach :attr:`AmountBounds.result_integer_digits` digits before the
point (22 by default), so a book total of ten thousand maximal amounts still fits.
Anything larger is refused with :class:`~kam_core.errors.MoneyError` before its digits
are materialised: microseconds, never gigabytes.

The bounds only widen, and only where a caller asks, with :func:`wider_amount_bounds`:
the setting lives in a :mod:`contextvars` variable, so it holds for the ``with`` block
in this thread (or asyncio task) and nowhere else — other users of the library in the
same process keep the defaults.

>>> from kam_core import AmountBounds, Money, wider_amount_bounds
>>> AmountBounds.current()
AmountBounds(integer_digits=18, fraction_digits=6)
>>> Money("1234567890123456789012", "IDR")
Traceback (most recent call last):
...
kam_core.errors.MoneyError: amount='1234567890123456789012': 22 digits before the point; \
the bound is 18 (kam_core.wider_amount_bounds widens it)
>>> with wider_amount_bounds(integer_digits=24):
...     Money("1234567890123456789012", "IDR")
Money('1234567890123456789012', 'IDR')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import ClassVar

import attrs

from kam_core.errors import MoneyError

__all__ = [
    "DEFAULT_BOUNDS",
    "FRACTION_CAP",
    "INTEGER_CAP",
    "RESULT_HEADROOM",
    "AmountBounds",
    "current_bounds",
    "wider_amount_bounds",
]

INTEGER_CAP = 60
"""The most digits before the point any setting may allow."""
FRACTION_CAP = 30
"""The most digits after the point any setting may allow."""
RESULT_HEADROOM = 4
"""Digits a computed amount may have beyond an entered one: 10**4 maximal amounts."""


def _at_least_default(
    name: str, default: int, cap: int
) -> Callable[[object, object, object], None]:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if type(value) is not int:
            raise MoneyError(name, value, "expected an int")
        if value < default:
            raise MoneyError(name, value, f"bounds only widen: at least {default}, the default")
        if value > cap:
            raise MoneyError(name, value, f"at most {cap}")

    return check


@attrs.frozen
class AmountBounds:
    """The bounds exact numbers are checked against: digits before and after the point.

    Build one to widen the defaults with :func:`wider_amount_bounds`; it refuses to
    narrow them (a bound lower than the default would make valid data invalid for
    every other user of the library in the process).

    >>> AmountBounds(integer_digits=24).result_integer_digits
    28
    >>> AmountBounds(fraction_digits=2)
    Traceback (most recent call last):
    ...
    kam_core.errors.MoneyError: fraction_digits=2: bounds only widen: at least 6, the default
    """

    integer_digits: int = attrs.field(
        default=18, validator=_at_least_default("integer_digits", 18, INTEGER_CAP)
    )
    """Digits before the point an entered number may have: ``|x| < 10 ** integer_digits``."""
    fraction_digits: int = attrs.field(
        default=6, validator=_at_least_default("fraction_digits", 6, FRACTION_CAP)
    )
    """Digits after the point an entered number may have, as written (trailing zeros count)."""

    DEFAULT: ClassVar[AmountBounds]

    @property
    def result_integer_digits(self) -> int:
        """Digits before the point a computed amount (a sum, a product) may have."""
        return self.integer_digits + RESULT_HEADROOM

    @property
    def text_length(self) -> int:
        """The longest text that may hold an amount within these bounds.

        Digits, sign, point, an exponent and the spaces of a CRM export: anything longer
        is refused before it is parsed.
        """
        return self.integer_digits + self.fraction_digits + 40

    @property
    def quantum(self) -> Decimal:
        """``10 ** -fraction_digits``: the finest step an entered number may take."""
        return Decimal(1).scaleb(-self.fraction_digits)

    @classmethod
    def current(cls) -> AmountBounds:
        """The bounds in force here: the defaults unless inside :func:`wider_amount_bounds`."""
        return _CURRENT.get()


DEFAULT_BOUNDS = AmountBounds()
AmountBounds.DEFAULT = DEFAULT_BOUNDS
_CURRENT: ContextVar[AmountBounds] = ContextVar("kam_core_amount_bounds", default=DEFAULT_BOUNDS)
current_bounds = _CURRENT.get
"""The bounds in force in this context (a fast alias of :meth:`AmountBounds.current`)."""


@contextmanager
def wider_amount_bounds(
    *, integer_digits: int | None = None, fraction_digits: int | None = None
) -> Iterator[AmountBounds]:
    """Accept larger or finer amounts inside the ``with`` block, in this context only.

    A bound left out keeps its current value.  The setting is a :mod:`contextvars`
    variable: it holds for this thread or asyncio task until the block ends, and never
    for other threads (a thread pool worker opens its own block, or runs under
    :func:`contextvars.copy_context`).

    Python's decimal context is not touched.  Sums, differences and integer multiples
    past ``10 ** 22`` are recomputed exactly by kam_core; below it they are exact under
    the default precision (28 digits: 22 before the point, 6 after).  With more than 6
    digits after the point, raise the precision in your code (``decimal.localcontext``)
    to ``22 + fraction_digits`` to keep every digit of those sums, as you would for
    products and quotients.

    >>> from kam_core import Money, wider_amount_bounds
    >>> with wider_amount_bounds(fraction_digits=8) as bounds:
    ...     print(bounds.fraction_digits, Money("0.00000001", "USD"))
    8 0.00000001 USD
    >>> Money("0.00000001", "USD")
    Traceback (most recent call last):
    ...
    kam_core.errors.MoneyError: amount='0.00000001': more than 6 digits after the point; \
the bound is 6 (kam_core.wider_amount_bounds widens it)
    """
    now = _CURRENT.get()
    bounds = AmountBounds(
        integer_digits=now.integer_digits if integer_digits is None else integer_digits,
        fraction_digits=now.fraction_digits if fraction_digits is None else fraction_digits,
    )
    token = _CURRENT.set(bounds)
    try:
        yield bounds
    finally:
        _CURRENT.reset(token)
