"""Identifier types: each id is its own type so a client id is never passed as a deal id."""

from __future__ import annotations

from typing import Annotated, NewType

from pydantic import Field

__all__ = [
    "ClientId",
    "ClientIdField",
    "DealId",
    "DealIdField",
    "LeadId",
    "LeadIdField",
    "ManagerId",
    "ManagerIdField",
    "ProductId",
    "ProductIdField",
]

ClientId = NewType("ClientId", str)
"""Identifier of a client (the host CRM's key)."""
DealId = NewType("DealId", str)
"""Identifier of a deal (an order, an opportunity)."""
LeadId = NewType("LeadId", str)
"""Identifier of a lead."""
ManagerId = NewType("ManagerId", str)
"""Identifier of a person on our side (a manager, a specialist)."""
ProductId = NewType("ProductId", str)
"""Identifier of a product or service (SKU)."""

_ID = Field(min_length=1, max_length=256, pattern=r"^\S(.*\S)?$")

ClientIdField = Annotated[ClientId, _ID]
DealIdField = Annotated[DealId, _ID]
LeadIdField = Annotated[LeadId, _ID]
ProductIdField = Annotated[ProductId, _ID]
ManagerIdField = Annotated[ManagerId, _ID]
