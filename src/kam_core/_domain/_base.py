"""The entity base class and the field types every entity shares."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import core_schema

from kam_core._money import Money, to_decimal

__all__ = ["Day", "Entity", "NonNegativeMoney", "Quantity", "Rate", "Text", "to_rate"]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_iso_date_match = _ISO_DATE.fullmatch
_date_from_iso = date.fromisoformat

# ISO strings already parsed: a book has a few hundred distinct days a year, and a date is
# immutable, so every entity may share one.  Only valid days are kept, at most this many.
_DAY_CACHE_SIZE = 4096
_day_cache: dict[str, date] = {}
_day_cached = _day_cache.get


def _strict_date(value: object) -> object:
    """Dates are calendar dates: a ``date`` or an ISO ``YYYY-MM-DD`` string, nothing else."""
    # the two common inputs first, in as few steps as possible (this runs for every date
    # field of every entity); anything else takes the full checks below
    if type(value) is str:
        day = _day_cached(value)
        if day is not None:
            return day
        if _iso_date_match(value) is not None:
            try:
                day = _date_from_iso(value)
            except ValueError:
                pass
            else:
                if len(_day_cache) < _DAY_CACHE_SIZE:
                    _day_cache[value] = day
                return day
        raise ValueError(f"{value!r} is not an ISO date YYYY-MM-DD")
    if type(value) is date:
        return value
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


def _decimal(value: object, info: ValidationInfo) -> Decimal:
    return to_decimal(value, field=str(info.field_name))


def to_rate(value: object, field: str = "rate") -> Decimal:
    """A rate or a share (orders a year, a share of wallet) as an exact Decimal.

    Rates are not money: a ``float`` is accepted and read by its shortest repr, so
    ``0.5`` is ``Decimal('0.5')`` and ``0.1`` is ``Decimal('0.1')``, never
    ``0.1000000000000000055…``.  ``Decimal``, ``int`` and ``str`` are read as for money;
    bools, NaN and infinities are refused.

    >>> to_rate(0.5), to_rate("8.5"), to_rate(6), to_rate(0.1)
    (Decimal('0.5'), Decimal('8.5'), Decimal('6'), Decimal('0.1'))
    >>> to_rate(float("nan"), "orders_per_year")
    Traceback (most recent call last):
    ...
    ValueError: orders_per_year=nan: a rate must be a finite number
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{field}={value!r}: a rate must be a finite number")
        return Decimal(repr(value))
    if isinstance(value, bool):
        raise ValueError(f"{field}={value!r}: a bool is not a rate")
    try:
        return to_decimal(value, field=field)
    except ValueError:
        raise ValueError(
            f"{field}={value!r}: expected a number (int, float, str or Decimal)"
        ) from None


def _rate(value: object, info: ValidationInfo) -> Decimal:
    return to_rate(value, field=str(info.field_name))


Rate = Annotated[
    Decimal,
    BeforeValidator(_rate),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
]
"""A rate or share: Decimal, int, str or float (read by its shortest repr); exact inside."""

Day = Annotated[date, BeforeValidator(_strict_date)]
"""A calendar date: ``date`` or ``"YYYY-MM-DD"``; datetimes and timestamps are refused."""

Quantity = Annotated[
    Decimal,
    BeforeValidator(_decimal),
    Field(gt=0),
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "exclusiveMinimum": 0},
                {"type": "string", "pattern": r"^\d+(\.\d+)?$"},
            ],
            "description": "positive exact quantity: an integer or a decimal string, never a float",
        },
        mode="validation",
    ),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d+(\.\d+)?$", "description": "exact quantity"},
        mode="serialization",
    ),
]
"""A positive exact quantity: int, str or Decimal; float refused."""


class _NonNegative:
    """Money's own validator with the sign check in the same call.

    One Python call per value instead of a before-validator wrapping Money's validator:
    the serialization and the JSON schema stay Money's.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        money_schema = handler(source)
        declared = getattr(handler, "field_name", None)
        from_dict = Money.from_dict

        def validate(value: object, info: ValidationInfo) -> Money:
            money = from_dict(value)
            if money.amount < 0:
                raise ValueError(f"{info.field_name or declared}={money}: must not be negative")
            return money

        return core_schema.with_info_plain_validator_function(
            validate,
            serialization=money_schema.get("serialization"),
            metadata=money_schema.get("metadata"),
        )


NonNegativeMoney = Annotated[Money, _NonNegative]
"""Money that cannot be negative."""

Text = Annotated[str, Field(min_length=1, max_length=1000)]
"""A non-empty bounded string."""


class Entity(BaseModel):
    """Base of every kam_core entity: frozen, unknown fields refused.

    ``model_copy(update=...)`` skips validation; use :meth:`replace`, which validates.

    >>> from kam_core import DealLine
    >>> DealLine(product_id="SKU-1", quantity=1, unit_price={"amount": "5", "currency": "RUB"},
    ...          colour="red")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for DealLine
    colour
      Extra inputs are not permitted ...
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        allow_inf_nan=False,
        validate_default=False,
        revalidate_instances="never",
        ser_json_inf_nan="strings",
    )

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied, validated like a new entity.

        >>> from kam_core import Stakeholder, BuyingRole
        >>> s = Stakeholder(name="И. Петров", buying_role=BuyingRole.INFLUENCER)
        >>> s.replace(buying_role="decision_maker").buying_role
        <BuyingRole.DECISION_MAKER: 'decision_maker'>
        >>> s.replace(buying_role="boss")
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for Stakeholder
        buying_role
        ...
        """
        unknown = set(changes) - set(type(self).model_fields)
        if unknown:
            raise TypeError(f"{type(self).__name__}.replace() got unknown fields {sorted(unknown)}")
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self).model_validate(data)
