"""Deals (orders), their lines and payment dates."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import model_validator

from kam_core._domain._base import Day, Entity, NonNegativeMoney, Quantity, Text
from kam_core._ids import ClientIdField, DealIdField, ProductIdField
from kam_core._money import Money
from kam_core._words import Worded

__all__ = ["Deal", "DealLine", "DealStatus"]


class DealStatus(Worded, StrEnum):
    """Where a deal stands. Only WON deals are purchases.

    RETURNED is a return or a credit note: goods taken back, money given back.  Its
    ``amount`` (never negative) is what the client got back; it reduces the client's
    revenue on its ``closed_on`` date (see :class:`~kam_core.ClientStats`) and is not
    an order.

    >>> DealStatus("won") is DealStatus.WON, DealStatus.LOST == "lost"
    (True, True)
    >>> DealStatus.RETURNED.value
    'returned'
    """

    __words__ = "deal_status"

    OPEN = "open"
    WON = "won"
    LOST = "lost"
    CANCELLED = "cancelled"
    RETURNED = "returned"


class DealLine(Entity):
    """One product line of a deal.

    >>> from kam_core import Money
    >>> DealLine(product_id="SKU-42", category="cleaning", quantity=10,
    ...          unit_price=Money("30000", "RUB")).total
    Money('300000', 'RUB')
    """

    product_id: ProductIdField
    category: Text | None = None
    quantity: Quantity
    unit_price: NonNegativeMoney

    @property
    def total(self) -> Money:
        """quantity × unit price, exact."""
        return self.unit_price * self.quantity


class Deal(Entity):
    """A deal with a client: an order when WON.

    ``amount`` is the deal's revenue (authoritative: it may include discounts the
    lines do not show); ``lines`` say what was bought.  For a return
    (:attr:`DealStatus.RETURNED`) ``amount`` is the money given back, ``lines`` what
    was taken back and ``closed_on`` the day of the return.  ``due_on`` / ``paid_on`` measure
    payment discipline; ``referred_by`` names the client who recommended us.

    >>> from datetime import date
    >>> from kam_core import Money
    >>> d = Deal(id="D-1", client_id="C-1", status=DealStatus.WON, opened_on=date(2026, 1, 10),
    ...          closed_on=date(2026, 2, 1), amount=Money("300000", "RUB"))
    >>> d.is_purchase
    True
    >>> Deal(id="D-2", client_id="C-1", status="won", opened_on=date(2026, 1, 10),
    ...      amount=Money("1", "RUB"))
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Deal
      Value error, closed_on=None: a won deal needs the date it was closed ...
    """

    id: DealIdField
    client_id: ClientIdField
    status: DealStatus
    opened_on: Day
    closed_on: Day | None = None
    amount: NonNegativeMoney
    lines: tuple[DealLine, ...] = ()
    margin: Money | None = None
    """Gross margin of the deal, if the host knows it (ABC by margin)."""
    due_on: Day | None = None
    """Payment due date."""
    paid_on: Day | None = None
    """Date the deal was paid in full; None = not paid (yet)."""
    referred_by: ClientIdField | None = None
    """The client whose recommendation brought this deal."""
    owner: Text | None = None
    """The host's id of the salesperson (not a position)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.closed_on is not None and self.closed_on < self.opened_on:
            raise ValueError(
                f"closed_on={self.closed_on.isoformat()}: before opened_on "
                f"{self.opened_on.isoformat()}"
            )
        if self.closed_on is None and self.status is not DealStatus.OPEN:
            if self.status is DealStatus.WON:
                raise ValueError("closed_on=None: a won deal needs the date it was closed")
            if self.status is DealStatus.RETURNED:
                raise ValueError("closed_on=None: a return needs the date it was made")
        if self.status is DealStatus.OPEN and self.closed_on is not None:
            raise ValueError(
                f"closed_on={self.closed_on.isoformat()}: an open deal has no closing date"
            )
        if self.paid_on is not None and self.paid_on < self.opened_on:
            raise ValueError(
                f"paid_on={self.paid_on.isoformat()}: before opened_on {self.opened_on.isoformat()}"
            )
        if self.due_on is not None and self.due_on < self.opened_on:
            raise ValueError(
                f"due_on={self.due_on.isoformat()}: before opened_on {self.opened_on.isoformat()}"
            )
        currency = self.amount.currency
        for i, line in enumerate(self.lines):
            if line.unit_price.currency != currency:
                raise ValueError(
                    f"lines[{i}].unit_price.currency={line.unit_price.currency!r}: "
                    f"the deal is in {currency}"
                )
        if self.margin is not None and self.margin.currency != currency:
            raise ValueError(f"margin.currency={self.margin.currency!r}: the deal is in {currency}")
        if self.referred_by is not None and self.referred_by == self.client_id:
            raise ValueError(f"referred_by={self.referred_by!r}: a client cannot refer itself")
        return self

    @property
    def is_purchase(self) -> bool:
        """A won deal: the only kind that counts as an order."""
        return self.status is DealStatus.WON

    @property
    def is_return(self) -> bool:
        """A return or credit note: money the client got back, on ``closed_on``.

        >>> from datetime import date
        >>> from kam_core import Money
        >>> Deal(id="R-1", client_id="C-1", status="returned", opened_on=date(2026, 3, 1),
        ...      closed_on=date(2026, 3, 1), amount=Money("500", "RUB")).is_return
        True
        """
        return self.status is DealStatus.RETURNED
