"""The moment a buyer decides to switch or add a product (docs/methodology.md#bant).

In the mixed sales system the client needs the goods regularly, so the scouts do not judge
the need: what matters is *when* the decision to switch to a new product, or to add one,
is taken — a retailer's assortment committee, a plant's switch of raw material or
components, a tender, a contract renewal.  Finding that date is the development
specialist's task, and knowing it starts the active-sales phase.  A
:class:`DecisionEvent` records one such moment on a lead or a client; the BANT timeline
reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from kam_core._domain._base import Day, Entity, Text
from kam_core._words import Worded

__all__ = ["DecisionEvent", "DecisionKind", "next_decision"]


class DecisionKind(Worded, StrEnum):
    """What kind of moment a :class:`DecisionEvent` is.

    >>> DecisionKind.ASSORTMENT_COMMITTEE.text("ru"), DecisionKind.MATERIAL_SWITCH.text()
    ('ассортиментный комитет', 'switch of raw material or components')
    """

    __words__ = "decision_kind"

    ASSORTMENT_COMMITTEE = "assortment_committee"
    """A retail chain's assortment committee: new items enter (and C items leave) its matrix."""
    MATERIAL_SWITCH = "material_switch"
    """A plant switches from one raw material or component to another."""
    TENDER = "tender"
    """A tender or a request for proposals closes."""
    CONTRACT_RENEWAL = "contract_renewal"
    """The supply contract is renewed or re-tendered."""
    BUDGET_APPROVAL = "budget_approval"
    """The buyer's purchasing budget or plan is approved."""
    OTHER = "other"
    """Another dated decision (say what in ``note``)."""


class DecisionEvent(Entity):
    """A dated moment when a buyer decides to switch to a product or to add one.

    ``on`` is the day the decision is taken (the committee sits, the tender closes).  An
    event on or after ``as_of`` is *upcoming*; the nearest upcoming one is the lead's or
    client's decision moment (:func:`next_decision`).

    >>> from datetime import date
    >>> committee = DecisionEvent(kind=DecisionKind.ASSORTMENT_COMMITTEE, on=date(2027, 1, 15),
    ...                           note="весенняя ротация матрицы")
    >>> committee.days_from(date(2026, 11, 24)), committee.is_upcoming(date(2027, 1, 16))
    (52, False)
    """

    kind: DecisionKind
    on: Day
    """The day the decision is taken."""
    note: Text | None = None
    """What is decided, who sits on it, what to submit."""

    def days_from(self, as_of: date) -> int:
        """Days from ``as_of`` to the decision (negative once it has passed)."""
        return (self.on - as_of).days

    def is_upcoming(self, as_of: date) -> bool:
        """The decision is on or after ``as_of``."""
        return self.on >= as_of


def next_decision(events: Iterable[DecisionEvent], as_of: date) -> DecisionEvent | None:
    """The nearest event on or after ``as_of``; ties go to the kind listed first, then the note.

    >>> from datetime import date
    >>> events = (DecisionEvent(kind="tender", on=date(2027, 3, 1)),
    ...           DecisionEvent(kind="assortment_committee", on=date(2026, 12, 10)),
    ...           DecisionEvent(kind="contract_renewal", on=date(2026, 6, 1)))
    >>> next_decision(events, date(2026, 11, 24)).kind
    <DecisionKind.ASSORTMENT_COMMITTEE: 'assortment_committee'>
    >>> next_decision(events, date(2027, 3, 2)) is None
    True
    """
    order = list(DecisionKind)
    upcoming = [e for e in events if e.on >= as_of]
    if not upcoming:
        return None
    return min(upcoming, key=lambda e: (e.on, order.index(e.kind), e.note or ""))
