"""Leads and the facts scouts gather to qualify them (docs/methodology.md#bant)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictInt, model_validator

from kam_core._domain._base import Day, Entity, NonNegativeMoney, Text
from kam_core._domain.client import BuyingRole, Stakeholder
from kam_core._domain.decision_event import DecisionEvent, next_decision
from kam_core._ids import ClientIdField, LeadIdField
from kam_core._words import Worded

__all__ = ["BantFacts", "Evidence", "Lead", "LeadStage", "NeedLevel"]


class NeedLevel(Worded, StrEnum):
    """How strong the lead's need is, weakest first; compare with :attr:`rank`.

    >>> NeedLevel.PARTIAL.rank > NeedLevel.WEAK.rank
    True
    >>> [n.value for n in NeedLevel]
    ['none', 'weak', 'partial', 'confirmed']
    """

    __words__ = "need_level"

    NONE = "none"
    WEAK = "weak"
    PARTIAL = "partial"
    CONFIRMED = "confirmed"

    @property
    def rank(self) -> int:
        """0 for NONE … 3 for CONFIRMED."""
        return _NEED_RANK[self]


_NEED_RANK = {NeedLevel.NONE: 0, NeedLevel.WEAK: 1, NeedLevel.PARTIAL: 2, NeedLevel.CONFIRMED: 3}


class LeadStage(Worded, StrEnum):
    """The lead lifecycle: new → contacted → nurturing → MQL → SQL → converted | disqualified.

    >>> LeadStage.SQL.is_final, LeadStage.DISQUALIFIED.is_final
    (False, True)
    """

    __words__ = "lead_stage"

    NEW = "new"
    CONTACTED = "contacted"
    NURTURING = "nurturing"
    MQL = "mql"
    SQL = "sql"
    CONVERTED = "converted"
    DISQUALIFIED = "disqualified"

    @property
    def is_final(self) -> bool:
        """True for converted and disqualified leads."""
        return self in (LeadStage.CONVERTED, LeadStage.DISQUALIFIED)


class BantFacts(Entity):
    """What the scout knows for BANT; every field is optional, ``None`` = unknown.

    >>> BantFacts().budget is None
    True
    """

    budget: NonNegativeMoney | None = None
    """The money the lead can spend on this purchase."""
    authority: BuyingRole | None = None
    """The buying role of the person we talk to."""
    need: NeedLevel | None = None
    decision_date: Day | None = None
    """When the lead expects to decide."""


class Evidence(Entity):
    """One piece of qualification evidence for a framework criterion (MEDDIC, CHAMP …).

    ``criterion`` names the criterion in lower snake case (``"metrics"``,
    ``"economic_buyer"``, ``"pain"``); ``level`` is 0 none … 3 confirmed.
    A criterion without evidence is unknown, not failed.

    >>> Evidence(criterion="metrics", level=3, note="ROI 18 % agreed with CFO").level
    3
    """

    criterion: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")]
    level: Annotated[StrictInt, Field(ge=0, le=3)]
    note: Text | None = None
    observed_on: Day | None = None


class Lead(Entity):
    """A potential client the scouts work until it is sales-qualified (SQL).

    >>> from datetime import date
    >>> from kam_core import Money
    >>> lead = Lead(id="L-7", company="ООО Бета", created_on=date(2026, 11, 1),
    ...             bant=BantFacts(budget=Money("750000", "RUB"), need=NeedLevel.CONFIRMED))
    >>> lead.stage, lead.bant.authority
    (<LeadStage.NEW: 'new'>, None)
    """

    id: LeadIdField
    company: Text
    created_on: Day
    stage: LeadStage = LeadStage.NEW
    bant: BantFacts = BantFacts()
    evidence: tuple[Evidence, ...] = ()
    """Evidence for the other qualification frameworks (ANUM, CHAMP, MEDDIC …)."""
    contact: Stakeholder | None = None
    """The person the scout talks to."""
    source: Text | None = None
    """Channel the lead came from (inbound call, exhibition, cold base …)."""
    industry: Text | None = None
    regions: tuple[Text, ...] = ()
    estimated_value: NonNegativeMoney | None = None
    client_id: ClientIdField | None = None
    """The client this lead became, once converted."""
    decision_events: tuple[DecisionEvent, ...] = ()
    """Dated moments when the lead decides to switch or add a product (an assortment
    committee, a switch of raw material, a tender); the nearest upcoming one feeds the
    BANT timeline."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.bant.decision_date is not None and self.bant.decision_date < self.created_on:
            raise ValueError(
                f"bant.decision_date={self.bant.decision_date.isoformat()}: "
                f"before created_on {self.created_on.isoformat()}"
            )
        if self.stage is LeadStage.CONVERTED and self.client_id is None:
            raise ValueError("client_id=None: a converted lead names the client it became")
        return self

    def next_decision(self, as_of: date) -> DecisionEvent | None:
        """The nearest decision event on or after ``as_of``, or None.

        >>> from datetime import date
        >>> from kam_core import DecisionEvent
        >>> lead = Lead(id="L-1", company="ООО Бета", created_on=date(2026, 11, 1),
        ...             decision_events=(DecisionEvent(kind="assortment_committee",
        ...                                            on=date(2027, 1, 15)),))
        >>> lead.next_decision(date(2026, 11, 24)).on
        datetime.date(2027, 1, 15)
        """
        return next_decision(self.decision_events, as_of)

    def evidence_for(self, criterion: str) -> Evidence | None:
        """The strongest evidence recorded for ``criterion`` (latest wins ties), or None."""
        best: Evidence | None = None
        for item in self.evidence:
            if item.criterion == criterion and (
                best is None
                or (item.level, item.observed_on or date.min)
                >= (best.level, best.observed_on or date.min)
            ):
                best = item
        return best
