"""Money: an exact Decimal amount with an ISO 4217 currency."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    Rounded,
    getcontext,
)
from typing import Any, ClassVar, Self

import attrs
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from kam_core._amounts import check_decimal_rule, parse_number
from kam_core._bounds import DEFAULT_BOUNDS, AmountBounds, current_bounds
from kam_core._brief import brief, int_digits
from kam_core._currencies import MINOR_UNITS
from kam_core.errors import AmountFormatError, CurrencyMismatchError, MoneyError

__all__ = ["Money", "check_bounds", "to_decimal", "trusted_money"]

# -- bounds ------------------------------------------------------------------------------
#
# The defaults are checked inline on the hot paths: a parsed text by its length and
# adjusted exponent (two int comparisons, see _TEXT_SLACK), an int by one range test, a
# Decimal given as such by one quantize in a private context, a sum by its adjusted
# exponent.  Only a value past the defaults reads the bounds in force
# (``wider_amount_bounds``), which can only be wider, so nothing within the defaults
# ever pays for the setting.

_INT_DIGITS = DEFAULT_BOUNDS.integer_digits  # entered: |x| < 10**18
_FRACTION = -DEFAULT_BOUNDS.fraction_digits  # entered: no digit past 10**-6, as written
_QUANTUM = DEFAULT_BOUNDS.quantum
_RESULT_DIGITS = DEFAULT_BOUNDS.result_integer_digits  # computed: |x| < 10**22
_INT_LIMIT = 10**_INT_DIGITS
_TEXT_LENGTH = DEFAULT_BOUNDS.text_length
_TINY = -64
"""A product or quotient whose leading digit lies past the 64th decimal place is refused:
no amount is that small, and its plain digits would be as long as the exponent."""
_FACTOR_LIMIT = 10**100
"""An int factor or divisor of 100 digits or more cannot give an amount within bounds."""

# quantize() under this context raises ``Rounded`` exactly when a digit (even a zero)
# lies beyond the quantum: the test "at most N digits after the point, as written".
# The context is private (the caller's decimal context is never touched); a trap is
# decided from each operation's own status, so sharing it between threads is safe.
_PLACES = Context(prec=200, traps=[Rounded, InvalidOperation])
_quantize = _PLACES.quantize
# The default bounds in one call: quantize() to 10**-6 under 24 digits of precision also
# raises ``InvalidOperation`` when the result needs more than 24 digits, that is when the
# amount has more than 18 before the point.  (A zero passes whatever its exponent, so
# zeros are checked apart; NaN passes too, so finiteness is checked first.)
_DEFAULTS = Context(prec=_INT_DIGITS - _FRACTION, traps=[Rounded, InvalidOperation])
_fits_defaults = _DEFAULTS.quantize
_OUTSIDE = (Rounded, InvalidOperation)
_TEXT_SLACK = 1 - _FRACTION
"""Parsed from a text of n characters, a Decimal has at most n digits, so its exponent is
at least ``adjusted() - n + 1``: when ``n - 7 <= adjusted()`` it has at most 6 digits after
the point without looking further.  Every ordinary amount passes this way (``"125034.50"``:
9 characters, adjusted 5), for two int comparisons; the rest take :func:`check_bounds`."""
# Recomputes sums and multiples past the default result bound, exactly.
_EXACT = Context(prec=200, traps=[InvalidOperation, Overflow, DivisionByZero])

_ROUNDINGS = frozenset(
    {
        ROUND_05UP,
        ROUND_CEILING,
        ROUND_DOWN,
        ROUND_FLOOR,
        ROUND_HALF_DOWN,
        ROUND_HALF_EVEN,
        ROUND_HALF_UP,
        ROUND_UP,
    }
)

_HINT = "kam_core.wider_amount_bounds widens it"


def check_bounds(value: Decimal, field: str = "amount", given: object = None) -> Decimal:
    """``value`` if it is a finite number within the bounds in force, else MoneyError.

    The check every exact number entering kam_core passes (amounts, quantities,
    shares): at most ``integer_digits`` digits before the point and
    ``fraction_digits`` after it, as written.  ``given`` is what the caller passed, for
    the message.  The exponent is read, never the digits expanded.

    >>> check_bounds(Decimal("1250.50"))
    Decimal('1250.50')
    >>> check_bounds(Decimal("1E+999999999"))
    Traceback (most recent call last):
    ...
    kam_core.errors.MoneyError: amount=Decimal('1E+999999999'): 1,000,000,000 digits before \
the point; the bound is 18 (kam_core.wider_amount_bounds widens it)
    """
    shown = value if given is None else given
    if not value.is_finite():
        raise MoneyError(field, shown, "amount must be a finite number")
    adjusted = value.adjusted()
    try:
        _fits_defaults(value, _QUANTUM)
    except _OUTSIDE:
        pass
    else:
        if value or _FRACTION <= adjusted < _INT_DIGITS:
            return value
    bounds = current_bounds()
    if adjusted >= bounds.integer_digits:
        raise MoneyError(
            field,
            shown,
            f"{adjusted + 1:,} digits before the point; "
            f"the bound is {bounds.integer_digits} ({_HINT})",
        )
    if adjusted >= -bounds.fraction_digits:
        try:
            _quantize(value, bounds.quantum)
        except Rounded:
            pass
        else:
            return value
    raise MoneyError(
        field,
        shown,
        f"more than {bounds.fraction_digits} digits after the point; "
        f"the bound is {bounds.fraction_digits} ({_HINT})",
    )


def _text_fits(text: str, field: str) -> None:
    """Refuse a text too long to hold an amount within bounds, before parsing it."""
    limit = current_bounds().text_length
    if len(text) > limit:
        raise MoneyError(
            field,
            text,
            f"a text of {len(text):,} characters cannot be an amount within the bounds "
            f"(at most {limit} characters; {_HINT})",
        )


def _int_fits(value: int, field: str) -> None:
    """Refuse an int past the bounds before converting it (big ints convert slowly)."""
    bounds = current_bounds()
    if value.bit_length() <= 4 * bounds.integer_digits and abs(value) < 10**bounds.integer_digits:
        return
    raise MoneyError(
        field,
        value,
        f"{int_digits(value):,} digits before the point; "
        f"the bound is {bounds.integer_digits} ({_HINT})",
    )


def to_decimal(value: object, field: str = "amount") -> Decimal:
    """Turn ``value`` into a finite Decimal within the bounds; floats and bools are refused.

    The bounds (:class:`~kam_core.AmountBounds`) are checked before any conversion
    that could take long: a text's length first, an int's size first.

    >>> to_decimal("1250.00")
    Decimal('1250.00')
    >>> to_decimal(3)
    Decimal('3')
    >>> to_decimal(0.1)
    Traceback (most recent call last):
    ...
    kam_core.errors.MoneyError: amount=0.1: float is refused (binary floats cannot hold \
kopecks exactly); pass a str, int or Decimal
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise MoneyError(field, value, "bool is not an amount")
    elif isinstance(value, int):
        if -_INT_LIMIT < value < _INT_LIMIT:
            return Decimal(value)  # an int has no digits after the point
        _int_fits(value, field)
        result = Decimal(value)
    elif isinstance(value, str):
        if len(value) > _TEXT_LENGTH:
            _text_fits(value, field)
        text = value.strip()
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise MoneyError(
                field, value, "not a decimal number (text typed by people: Money.parse)"
            ) from None
        if result.is_finite() and len(text) - _TEXT_SLACK <= result.adjusted() < _INT_DIGITS:
            return result  # within the defaults, by the text's length (see _TEXT_SLACK)
    elif isinstance(value, float):
        raise MoneyError(
            field,
            value,
            "float is refused (binary floats cannot hold kopecks exactly); "
            "pass a str, int or Decimal",
        )
    else:
        raise MoneyError(field, value, f"expected str, int or Decimal, got {type(value).__name__}")
    # check_bounds' test within the defaults, inlined: this runs for every amount built
    if result.is_finite():
        try:
            _fits_defaults(result, _QUANTUM)
        except _OUTSIDE:
            pass
        else:
            if result or _FRACTION <= result.adjusted() < _INT_DIGITS:
                return result
    return check_bounds(result, field, value)


def _check_currency(value: object) -> str:
    """The ISO 4217 code ``value`` names, in capitals: codes are read in any case."""
    if not isinstance(value, str):
        raise MoneyError("currency", value, "expected an ISO 4217 code such as 'RUB'")
    if value not in MINOR_UNITS:
        upper = value.upper()
        if upper not in MINOR_UNITS:
            raise MoneyError("currency", value, "unknown ISO 4217 currency code")
        return upper
    return value


class Money:
    """An exact amount of one currency: ``Decimal`` + ISO 4217 code, never float.

    Arithmetic keeps the currency; mixing currencies raises
    :class:`~kam_core.errors.CurrencyMismatchError`.  Nothing is rounded unless you
    call :meth:`round`.

    A frozen value: assigning an attribute raises
    ``attrs.exceptions.FrozenInstanceError``; two Money are equal when amount and
    currency are (``Money("1.0", "RUB") == Money("1.00", "RUB")``), and hash alike;
    Money pickles, copies and matches by position (``case Money(amount, "RUB"): ...``).
    It is a slotted class of kam_core's own, so that values computed from checked
    Money (sums, products, roundings) are built without checking them again.

    >>> from kam_core import Money
    >>> price = Money("1250.00", "RUB")
    >>> price * 3
    Money('3750.00', 'RUB')
    >>> price + Money("0.50", "RUB")
    Money('1250.50', 'RUB')
    >>> Money("1", "RUB") + Money("1", "USD")
    Traceback (most recent call last):
    ...
    kam_core.errors.CurrencyMismatchError: currency='USD': expected RUB, got USD; \
kam_core never converts currencies
    >>> (Money("100", "RUB") / 3).round()
    Money('33.33', 'RUB')
    >>> price.to_dict()
    {'amount': '1250.00', 'currency': 'RUB'}
    """

    __slots__ = ("__weakref__", "amount", "currency")
    __match_args__ = ("amount", "currency")

    amount: Decimal
    """The exact amount, within the bounds (:class:`~kam_core.AmountBounds`)."""
    currency: str
    """The ISO 4217 code, in capitals."""

    _json_keys: ClassVar[frozenset[str]] = frozenset({"amount", "currency"})

    def __init__(self, amount: object, currency: object) -> None:
        _set_amount(self, to_decimal(amount))
        _set_currency(self, _check_currency(currency))

    # -- a frozen value: no assignment, equality and hash by amount and currency -------

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.amount == other.amount and self.currency == other.currency

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.amount != other.amount or self.currency != other.currency

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt as it is, without the entry checks: a computed amount (a third of
        # 100 RUB, a sum of 20 digits) is a valid Money the constructor would refuse
        return _restore, (self.__class__, self.amount, self.currency)

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        return self

    # -- construction -------------------------------------------------------------------

    @classmethod
    def zero(cls, currency: str) -> Self:
        """Zero in ``currency``.

        >>> Money.zero("RUB")
        Money('0', 'RUB')
        """
        return cls(Decimal(0), currency)

    @classmethod
    def total(cls, moneys: Iterable[Money], currency: str) -> Self:
        """Exact sum of ``moneys``, all in ``currency`` (an empty iterable sums to zero).

        The sum may reach ``result_integer_digits`` (22) digits before the point and
        stays exact; past that it raises :class:`~kam_core.errors.MoneyError`.

        >>> Money.total([Money("0.10", "RUB"), Money("0.20", "RUB")], currency="RUB")
        Money('0.30', 'RUB')
        >>> Money.total([], currency="USD")
        Money('0', 'USD')
        """
        currency = _check_currency(currency)
        amount = Decimal(0)
        items = iter(moneys)
        for m in items:
            if type(m) is not Money and not isinstance(m, Money):
                raise MoneyError("moneys", m, "Money.total sums Money values only")
            if m.currency != currency:
                raise CurrencyMismatchError(currency, m.currency)
            try:
                partial = amount + m.amount
            except DecimalException as exc:
                raise _failed("Money.total", (amount, m), exc) from exc
            if partial.adjusted() >= _RESULT_DIGITS:  # past the default: exact, or refused
                return cls._trusted(_total_past_default(amount, m, items, currency), currency)
            amount = partial
        return cls._trusted(amount, currency)

    @classmethod
    def parse(cls, text: str, currency: str, *, decimal: str | None = None) -> Self:
        """Read an amount as people type it: ``"1 250,50"``, ``"1250.50"``, ``"-3"``.

        Spaces group thousands; ``decimal`` (``","`` or ``"."``) is the decimal
        separator, and the other one may group thousands.  Without it, text that reads
        two ways is refused: ``"1,250"`` may be 1.25 or 1250, so it raises
        :class:`~kam_core.errors.AmountFormatError` (code ``amount.ambiguous``) rather
        than guess.  Exponents, ``NaN``, infinities and letters are refused; the rouble
        sign ``₽`` may lead or trail an amount in RUB.  The currency code is read in any
        case (``"rub"`` is RUB), as the constructor reads it; the value ends in the
        constructor, so every check of ``Money(...)`` applies.  The full rules are in
        ``docs/io.md``.

        >>> Money.parse("1 250,50", "RUB"), Money.parse("1250.50 ₽", "rub")
        (Money('1250.50', 'RUB'), Money('1250.50', 'RUB'))
        >>> Money.parse("1,250", "USD", decimal="."), Money.parse("1,250", "USD", decimal=",")
        (Money('1250', 'USD'), Money('1.250', 'USD'))
        >>> Money.parse("1,250", "USD")
        Traceback (most recent call last):
        ...
        kam_core.errors.AmountFormatError: amount='1,250': ambiguous: ',' may separate \
decimals (1.250) or thousands (1250); give the decimal separator
        """
        if not isinstance(text, str):
            raise MoneyError("amount", text, "Money.parse reads text; use Money(...) for numbers")
        body = text
        if "₽" in body:
            code = _check_currency(currency)
            body = body.strip()
            trimmed = body.removeprefix("₽").removesuffix("₽")
            if code != "RUB" or "₽" in trimmed:
                raise AmountFormatError(
                    "amount",
                    text,
                    f"the rouble sign in an amount in {code}"
                    if code != "RUB"
                    else "one rouble sign, before or after the amount",
                    code="amount.currency_sign",
                )
            body = trimmed
        if decimal is not None and decimal != "," and decimal != ".":
            check_decimal_rule(decimal)  # raises, naming the rule
        return cls(parse_number(body, decimal=decimal), currency)

    @classmethod
    def _trusted(cls, amount: Decimal, currency: str) -> Self:
        """Build without validation: for values computed from validated Money."""
        obj = _new(cls)
        _set_amount(obj, amount)
        _set_currency(obj, currency)
        return obj

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Parse the JSON form ``{"amount": "1250.00", "currency": "RUB"}``.

        >>> Money.from_dict({"amount": "10.5", "currency": "EUR"})
        Money('10.5', 'EUR')
        """
        if isinstance(data, cls):
            return data
        if type(data) is dict and len(data) == 2 and "amount" in data and "currency" in data:
            # the common case, without set algebra; a plain str or int amount and a known
            # code skip the constructor's checks (same operations, fewer calls)
            amount, currency = data["amount"], data["currency"]
            if type(currency) is str and currency in MINOR_UNITS:
                kind = type(amount)
                value: Decimal | None = None
                if kind is str:
                    # within the default bounds, checked inline (see check_bounds);
                    # anything else takes the full path, which raises the precise error
                    if len(amount) <= _TEXT_LENGTH:
                        text = amount.strip()
                        try:
                            value = Decimal(text)
                        except InvalidOperation:
                            pass
                        else:
                            if not (
                                value.is_finite()
                                and len(text) - _TEXT_SLACK <= value.adjusted() < _INT_DIGITS
                            ):
                                value = None  # maybe within bounds: the full path decides
                elif kind is int and -_INT_LIMIT < amount < _INT_LIMIT:
                    value = Decimal(amount)
                if value is not None:  # what _trusted does, inlined: this is the hot path
                    money = _new(cls)
                    _set_amount(money, value)
                    _set_currency(money, currency)
                    return money
            return cls(amount, currency)
        if not isinstance(data, dict):
            raise MoneyError("money", data, 'expected {"amount": "...", "currency": "..."}')
        unknown = set(data) - cls._json_keys
        if unknown:
            raise MoneyError("money", data, f"unknown keys {sorted(unknown)}")
        missing = cls._json_keys - set(data)
        if missing:
            raise MoneyError("money", data, f"missing keys {sorted(missing)}")
        return cls(data["amount"], data["currency"])

    def to_dict(self) -> dict[str, str]:
        """The JSON form: amount as an exact string of plain digits, currency as its code.

        >>> Money("1E+3", "RUB").to_dict()
        {'amount': '1000', 'currency': 'RUB'}
        """
        return {"amount": format(self.amount, "f"), "currency": self.currency}

    # -- arithmetic ---------------------------------------------------------------------

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(self.currency, other.currency)

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        try:
            amount = self.amount + other.amount
        except DecimalException as exc:
            raise _failed(f"{self!r} + {other!r}", (self, other), exc) from exc
        if amount.adjusted() >= _RESULT_DIGITS:
            amount = _exact_past_default("+", self, other, _EXACT.add(self.amount, other.amount))
        return Money._trusted(amount, self.currency)

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        try:
            amount = self.amount - other.amount
        except DecimalException as exc:
            raise _failed(f"{self!r} - {other!r}", (self, other), exc) from exc
        if amount.adjusted() >= _RESULT_DIGITS:
            amount = _exact_past_default(
                "-", self, other, _EXACT.subtract(self.amount, other.amount)
            )
        return Money._trusted(amount, self.currency)

    def __neg__(self) -> Money:
        try:
            amount = -self.amount
        except DecimalException as exc:
            raise _failed(f"-{self!r}", (self,), exc) from exc
        return Money._trusted(amount, self.currency)

    def __abs__(self) -> Money:
        try:
            amount = abs(self.amount)
        except DecimalException as exc:
            raise _failed(f"abs({self!r})", (self,), exc) from exc
        return Money._trusted(amount, self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            if isinstance(factor, float):
                raise MoneyError("factor", factor, "float is refused; use Decimal")
            return NotImplemented
        _check_operand("factor", factor)
        try:
            amount = self.amount * factor
        except DecimalException as exc:
            raise _failed(f"{self!r} * {brief(factor)}", (self, factor), exc) from exc
        if not _TINY <= amount.adjusted() < _RESULT_DIGITS:
            exact = _EXACT.multiply(self.amount, factor) if isinstance(factor, int) else amount
            amount = _computed_past_default("*", self, factor, exact)
        return Money._trusted(amount, self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> Any:
        """``Money / number`` is Money; ``Money / Money`` (same currency) is a Decimal ratio."""
        if isinstance(divisor, Money):
            self._same(divisor)
            if not divisor.amount:
                raise MoneyError("divisor", divisor, "division by zero")
            try:
                return self.amount / divisor.amount
            except DecimalException as exc:
                raise _failed(f"{self!r} / {divisor!r}", (self, divisor), exc) from exc
        if isinstance(divisor, bool) or not isinstance(divisor, int | Decimal):
            if isinstance(divisor, float):
                raise MoneyError("divisor", divisor, "float is refused; use Decimal")
            return NotImplemented
        _check_operand("divisor", divisor)
        if not divisor:
            raise MoneyError("divisor", divisor, "division by zero")
        try:
            amount = self.amount / divisor
        except DecimalException as exc:
            raise _failed(f"{self!r} / {brief(divisor)}", (self, divisor), exc) from exc
        if not _TINY <= amount.adjusted() < _RESULT_DIGITS:
            amount = _computed_past_default("/", self, divisor, amount)
        return Money._trusted(amount, self.currency)

    # -- comparisons (equality above: same amount and same currency) -----------------

    def _key(self, other: object) -> tuple[Decimal, Decimal] | None:
        if not isinstance(other, Money):
            return None
        self._same(other)
        return self.amount, other.amount

    def __lt__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] < k[1]

    def __le__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] <= k[1]

    def __gt__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] > k[1]

    def __ge__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] >= k[1]

    def __bool__(self) -> bool:
        return bool(self.amount)

    # -- rounding and display -----------------------------------------------------------

    @property
    def minor_units(self) -> int:
        """Digits after the point in this currency (RUB 2, JPY 0, KWD 3)."""
        return MINOR_UNITS[self.currency]

    def round(self, places: int | None = None, rounding: str = ROUND_HALF_UP) -> Money:
        """Round explicitly: to the currency's minor units unless ``places`` is given.

        ``rounding`` is a :mod:`decimal` rounding mode; the default is commercial
        rounding (half up), as on invoices.  ``places`` runs from -21 (to tens of
        sextillions) to 64; a result the decimal context cannot hold raises
        :class:`~kam_core.errors.MoneyError`.

        >>> Money("10.005", "RUB").round()
        Money('10.01', 'RUB')
        >>> Money("10.005", "RUB").round(rounding="ROUND_HALF_EVEN")
        Money('10.00', 'RUB')
        >>> Money("1234.5", "JPY").round()
        Money('1235', 'JPY')
        """
        digits = self.minor_units if places is None else places
        bounds = current_bounds()
        if type(digits) is not int or not -bounds.result_integer_digits < digits <= -_TINY:
            raise MoneyError(
                "places",
                places,
                f"expected an int from {1 - bounds.result_integer_digits} to {-_TINY}",
            )
        if rounding not in _ROUNDINGS:
            raise MoneyError(
                "rounding", rounding, f"expected one of decimal's modes: {sorted(_ROUNDINGS)}"
            )
        quantum = _ONE.scaleb(-digits)
        try:
            amount = self.amount.quantize(quantum, rounding=rounding)
        except DecimalException as exc:
            raise _failed(f"{self!r}.round({digits})", (self, digits), exc) from exc
        if amount.adjusted() >= _RESULT_DIGITS:
            amount = _computed_past_default("round", self, digits, amount)
        return Money._trusted(amount, self.currency)

    def is_zero(self) -> bool:
        """True when the amount is zero."""
        return not self.amount

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency}')"

    def __str__(self) -> str:
        return f"{self.amount:f} {self.currency}"

    # -- pydantic integration -----------------------------------------------------------

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.from_dict,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda m: m.to_dict(), when_used="json"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "title": "Money",
            "type": "object",
            "properties": {
                "amount": {
                    "type": "string",
                    "pattern": _amount_pattern(current_bounds()),
                    "description": (
                        "exact decimal amount as a string: at most "
                        f"{current_bounds().integer_digits} digits before the point and "
                        f"{current_bounds().fraction_digits} after it"
                    ),
                },
                "currency": {
                    "type": "string",
                    "enum": sorted(MINOR_UNITS),
                    "description": "ISO 4217 code",
                },
            },
            "required": ["amount", "currency"],
            "additionalProperties": False,
        }


_ONE = Decimal(1)


def _check_operand(name: str, value: int | Decimal) -> None:
    """Refuse a factor or divisor no amount within bounds can be multiplied or divided by."""
    if isinstance(value, int):
        if not -_FACTOR_LIMIT < value < _FACTOR_LIMIT:
            raise MoneyError(
                name,
                value,
                f"an integer of {int_digits(value):,} digits cannot give an amount within bounds",
            )
    elif not value.is_finite():
        raise MoneyError(name, value, "must be a finite number")


def _failed(expression: str, operands: tuple[object, ...], exc: DecimalException) -> MoneyError:
    """The MoneyError for an operation Python's decimal context refused."""
    ctx = getcontext()
    return MoneyError(
        expression,
        None,
        f"the decimal context cannot hold the result ({type(exc).__name__} at a precision "
        f"of {ctx.prec} digits, exponents {ctx.Emin} to {ctx.Emax})",
        operands=operands,
    )


def _too_large(expression: str, operands: tuple[object, ...], result: Decimal) -> MoneyError:
    bound = current_bounds().result_integer_digits
    return MoneyError(
        expression,
        result,
        f"the result has {result.adjusted() + 1:,} digits before the point; "
        f"the bound is {bound} ({_HINT})",
        operands=operands,
    )


def _exact_past_default(op: str, a: Money, b: Money, exact: Decimal) -> Decimal:
    """A sum or difference past the default bound: exact, within the bounds in force."""
    if exact.adjusted() >= current_bounds().result_integer_digits:
        raise _too_large(f"{a!r} {op} {b!r}", (a, b), exact)
    return exact


def _computed_past_default(op: str, money: Money, operand: object, result: Decimal) -> Decimal:
    """A product, quotient or rounding the fast check did not pass: allowed, or refused."""
    expression = (
        f"{money!r}.round({operand})" if op == "round" else f"{money!r} {op} {brief(operand)}"
    )
    adjusted = result.adjusted()
    if adjusted >= current_bounds().result_integer_digits:
        raise _too_large(expression, (money, operand), result)
    if adjusted < _TINY:
        raise MoneyError(
            expression,
            result,
            f"the result's first digit lies {-adjusted:,} places after the point; "
            f"no amount is smaller than 1E{_TINY}",
            operands=(money, operand),
        )
    return result


def _total_past_default(
    amount: Decimal, first: Money, rest: Iterable[object], currency: str
) -> Decimal:
    """Finish ``Money.total`` exactly once a partial sum passed the default bound."""
    exact = _EXACT.add(amount, first.amount)
    count = 1
    for m in rest:
        if not isinstance(m, Money):
            raise MoneyError("moneys", m, "Money.total sums Money values only")
        if m.currency != currency:
            raise CurrencyMismatchError(currency, m.currency)
        exact = _EXACT.add(exact, m.amount)
        count += 1
    if exact.adjusted() >= current_bounds().result_integer_digits:
        raise _too_large(f"Money.total(…, currency={currency!r})", (f"{count:,} amounts",), exact)
    return exact


def _amount_pattern(bounds: AmountBounds) -> str:
    return rf"^-?\d{{1,{bounds.integer_digits}}}(\.\d{{1,{bounds.fraction_digits}}})?$"


# Money is a slotted class of kam_core's own (not a dependency's): its constructor and
# `Money._trusted` fill its two slots through their descriptors, since __setattr__
# refuses every assignment.
_new = object.__new__
_set_amount = vars(Money)["amount"].__set__
_set_currency = vars(Money)["currency"].__set__


def _restore(cls: type[Money], amount: Decimal, currency: str) -> Money:
    """Unpickle a Money as it was pickled (its amount was checked when it was made)."""
    return cls._trusted(amount, currency)


trusted_money = Money._trusted
"""``trusted_money(amount, currency)``: Money built without the checks, for amounts
kam_core computed from validated Money (sums, means, shares).  Never for outside input."""
