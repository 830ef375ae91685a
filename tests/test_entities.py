"""Entities: frozen pydantic models that refuse bad input, naming the field and the value."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import kam_core as kc


def errors_of(model: type[BaseModel], data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Validate ``data`` and return the (loc, msg) of every error."""
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return [(e["loc"], e["msg"]) for e in info.value.errors()]


DEAL: dict[str, Any] = {
    "id": "D-1",
    "client_id": "C-1",
    "status": "won",
    "opened_on": date(2026, 1, 10),
    "closed_on": date(2026, 2, 1),
    "amount": kc.Money("300000", "RUB"),
}
LINE: dict[str, Any] = {
    "product_id": "SKU-42",
    "category": "cleaning",
    "quantity": 10,
    "unit_price": kc.Money("30000", "RUB"),
}


# -- the field and the value are named --------------------------------------------------


def test_float_quantity_is_refused_naming_the_quantity_and_the_value() -> None:
    """quantity=0.5 is refused, never silently turned into a Decimal."""
    [(loc, msg)] = errors_of(kc.DealLine, {**LINE, "quantity": 0.5})
    assert loc == ("quantity",)
    assert "quantity=0.5: float is refused" in msg


def test_negative_price_is_refused_naming_the_field_and_the_value() -> None:
    """A negative unit price names unit_price and the amount."""
    [(loc, msg)] = errors_of(kc.DealLine, {**LINE, "unit_price": kc.Money("-1", "RUB")})
    assert loc == ("unit_price",)
    assert "unit_price=-1 RUB: must not be negative" in msg


@pytest.mark.parametrize("text", ["20260110", "2026-W02-6", "10.01.2026", "2026-1-10"])
def test_dates_are_iso_yyyy_mm_dd_only(text: str) -> None:
    """Only the YYYY-MM-DD spelling is a date in JSON input; the value is echoed."""
    [(loc, msg)] = errors_of(kc.Deal, {**DEAL, "opened_on": text})
    assert loc == ("opened_on",)
    assert f"{text!r} is not an ISO date YYYY-MM-DD" in msg
