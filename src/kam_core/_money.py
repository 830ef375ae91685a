"""Money: an exact Decimal amount with an ISO 4217 currency."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, ClassVar, Self

import attrs
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from kam_core._amounts import check_decimal_rule, parse_number
from kam_core._currencies import MINOR_UNITS
from kam_core.errors import AmountFormatError, CurrencyMismatchError, MoneyError

__all__ = ["Money", "to_decimal"]


def to_decimal(value: object, field: str = "amount") -> Decimal:
    """Turn ``value`` into a finite Decimal; floats and bools are refused.

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
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise MoneyError(
                field, value, "not a decimal number (text typed by people: Money.parse)"
            ) from None
    elif isinstance(value, float):
        raise MoneyError(
            field,
            value,
            "float is refused (binary floats cannot hold kopecks exactly); "
            "pass a str, int or Decimal",
        )
    else:
        raise MoneyError(field, value, f"expected str, int or Decimal, got {type(value).__name__}")
    if not result.is_finite():
        raise MoneyError(field, value, "amount must be a finite number")
    return result


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


@attrs.frozen(repr=False, order=False)
class Money:
    """An exact amount of one currency: ``Decimal`` + ISO 4217 code, never float.

    Arithmetic keeps the currency; mixing currencies raises
    :class:`~kam_core.errors.CurrencyMismatchError`.  Nothing is rounded unless you
    call :meth:`round`.

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

    amount: Decimal = attrs.field(converter=to_decimal)
    currency: str = attrs.field(converter=_check_currency)

    _json_keys: ClassVar[frozenset[str]] = frozenset({"amount", "currency"})

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

        >>> Money.total([Money("0.10", "RUB"), Money("0.20", "RUB")], currency="RUB")
        Money('0.30', 'RUB')
        >>> Money.total([], currency="USD")
        Money('0', 'USD')
        """
        currency = _check_currency(currency)
        amount = Decimal(0)
        for m in moneys:
            if not isinstance(m, Money):
                raise MoneyError("moneys", m, "Money.total sums Money values only")
            if m.currency != currency:
                raise CurrencyMismatchError(currency, m.currency)
            amount += m.amount
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
            # code skip the attrs converter and validator (same operations, fewer calls)
            amount, currency = data["amount"], data["currency"]
            if type(currency) is str and currency in MINOR_UNITS:
                kind = type(amount)
                value: Decimal | None = None
                if kind is str:
                    try:
                        value = Decimal(amount.strip())
                    except InvalidOperation:
                        pass  # the full path below raises the precise MoneyError
                    else:
                        if not value.is_finite():
                            value = None
                elif kind is int:
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
        return Money._trusted(self.amount + other.amount, self.currency)

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money._trusted(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money._trusted(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money._trusted(abs(self.amount), self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            if isinstance(factor, float):
                raise MoneyError("factor", factor, "float is refused; use Decimal")
            return NotImplemented
        return Money._trusted(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> Any:
        """``Money / number`` is Money; ``Money / Money`` (same currency) is a Decimal ratio."""
        if isinstance(divisor, Money):
            self._same(divisor)
            if not divisor.amount:
                raise MoneyError("divisor", divisor, "division by zero")
            return self.amount / divisor.amount
        if isinstance(divisor, bool) or not isinstance(divisor, int | Decimal):
            if isinstance(divisor, float):
                raise MoneyError("divisor", divisor, "float is refused; use Decimal")
            return NotImplemented
        if not divisor:
            raise MoneyError("divisor", divisor, "division by zero")
        return Money._trusted(self.amount / divisor, self.currency)

    # -- comparisons (equality comes from attrs: same amount and same currency) --------

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
        rounding (half up), as on invoices.

        >>> Money("10.005", "RUB").round()
        Money('10.01', 'RUB')
        >>> Money("10.005", "RUB").round(rounding="ROUND_HALF_EVEN")
        Money('10.00', 'RUB')
        >>> Money("1234.5", "JPY").round()
        Money('1235', 'JPY')
        """
        digits = self.minor_units if places is None else places
        quantum = Decimal(1).scaleb(-digits)
        return Money._trusted(self.amount.quantize(quantum, rounding=rounding), self.currency)

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
                    "pattern": r"^-?\d+(\.\d+)?$",
                    "description": "exact decimal amount as a string",
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


# Money is a slotted frozen attrs class: its slot descriptors set the fields of a new
# object directly, which is what `Money._trusted` does for values already validated.
_new = object.__new__
_set_amount = Money.__dict__["amount"].__set__
_set_currency = Money.__dict__["currency"].__set__
