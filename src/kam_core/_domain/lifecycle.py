"""The lead lifecycle and the scout → hunter handoff: verdicts, stages, conversion.

Stages move forward along new → contacted → nurturing → MQL → SQL → converted; any
open lead may be disqualified; a qualified lead (MQL or SQL) may go back to
nurturing when qualification says so.  Converted and disqualified leads are final.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Final

import attrs

from kam_core._domain.client import Client
from kam_core._domain.deal import Deal, DealStatus
from kam_core._domain.lead import Lead, LeadStage
from kam_core._domain.role import Role, RoleLike
from kam_core._money import Money
from kam_core._words import Worded
from kam_core.errors import LeadStageError

__all__ = ["TRANSITIONS", "Conversion", "LeadVerdict", "advance", "can_advance", "convert"]


class LeadVerdict(Worded, StrEnum):
    """What qualification decides about a lead (docs/methodology.md#bant).

    >>> LeadVerdict.SQL == "sql", LeadVerdict.NURTURE.text("ru")
    (True, 'дорабатывать')
    """

    __words__ = "verdict"

    SQL = "sql"
    """Sales-qualified: hand it to the hunters."""
    NURTURE = "nurture"
    """Back to the scouts: facts to find or a need to grow."""
    DISQUALIFIED = "disqualified"
    """Known negative facts: stop working it."""

    @property
    def rank(self) -> int:
        """0 disqualified, 1 nurture, 2 SQL: better verdicts rank higher."""
        return _VERDICT_RANK[self]


_VERDICT_RANK = {LeadVerdict.DISQUALIFIED: 0, LeadVerdict.NURTURE: 1, LeadVerdict.SQL: 2}

S = LeadStage
_OPEN = (S.NEW, S.CONTACTED, S.NURTURING, S.MQL, S.SQL)
_ORDER = {stage: i for i, stage in enumerate(_OPEN)}

TRANSITIONS: Final = MappingProxyType(
    {
        S.NEW: frozenset({S.CONTACTED, S.NURTURING, S.MQL, S.SQL, S.DISQUALIFIED}),
        S.CONTACTED: frozenset({S.NURTURING, S.MQL, S.SQL, S.DISQUALIFIED}),
        S.NURTURING: frozenset({S.MQL, S.SQL, S.DISQUALIFIED}),
        S.MQL: frozenset({S.NURTURING, S.SQL, S.DISQUALIFIED}),
        S.SQL: frozenset({S.NURTURING, S.CONVERTED, S.DISQUALIFIED}),
        S.CONVERTED: frozenset(),
        S.DISQUALIFIED: frozenset(),
    }
)
"""The stages each stage may move to: forward (skipping is allowed), back to nurturing
from MQL/SQL, disqualified from any open stage, converted only from SQL."""


def can_advance(current: LeadStage, target: LeadStage) -> bool:
    """True when a lead at ``current`` may move to ``target``.

    >>> can_advance(LeadStage.NEW, LeadStage.CONTACTED)
    True
    >>> can_advance(LeadStage.NEW, LeadStage.CONVERTED)
    False
    """
    return target in TRANSITIONS[current]


def advance(lead: Lead, stage: LeadStage | str) -> Lead:
    """The lead moved to ``stage``; an illegal move raises :class:`~kam_core.errors.LeadStageError`.

    Conversion needs a client: use :func:`convert` for it.

    >>> from datetime import date
    >>> from kam_core import Lead, LeadStage
    >>> lead = Lead(id="L-1", company="ООО Бета", created_on=date(2026, 11, 1))
    >>> advance(lead, LeadStage.CONTACTED).stage
    <LeadStage.CONTACTED: 'contacted'>
    >>> advance(lead, "converted")
    Traceback (most recent call last):
    ...
    kam_core.errors.LeadStageError: lead 'L-1': cannot go from stage 'new' to 'converted'; ...
    """
    target = LeadStage(stage)
    if target is S.CONVERTED:
        raise LeadStageError(lead.id, lead.stage.value, target.value, "use convert() to convert")
    if not can_advance(lead.stage, target):
        raise LeadStageError(lead.id, lead.stage.value, target.value)
    return lead.replace(stage=target)


@attrs.frozen
class Conversion:
    """The result of :func:`convert`: the converted lead, its new client, the first deal.

    >>> from datetime import date
    >>> from kam_core import Lead, LeadStage
    >>> lead = Lead(id="L-1", company="ООО Бета", created_on=date(2026, 11, 1), stage=LeadStage.SQL)
    >>> convert(lead, client_id="C-1", as_of=date(2026, 11, 2)).deal is None
    True
    """

    lead: Lead
    client: Client
    deal: Deal | None = None


def convert(
    lead: Lead,
    *,
    client_id: str,
    as_of: date,
    owner: RoleLike = Role.DEVELOPMENT_SPECIALIST,
    first_deal: str | None = None,
    deal_amount: Money | None = None,
) -> Conversion:
    """Turn a sales-qualified lead into a client worked by a hunter: the scout → hunter handoff.

    Pure: returns new objects and changes nothing.  The client takes the lead's
    company, regions and industry, its contact as the first stakeholder and ``owner``
    (by default the development specialist, a hunter).  ``first_deal`` opens an OPEN
    deal with that id for ``deal_amount`` (default: the lead's ``estimated_value``).

    >>> from datetime import date
    >>> from kam_core import Lead, LeadStage, Money
    >>> lead = Lead(id="L-7", company="ООО Бета", created_on=date(2026, 11, 1),
    ...             stage=LeadStage.SQL, estimated_value=Money("750000", "RUB"))
    >>> done = convert(lead, client_id="C-9", as_of=date(2026, 11, 24), first_deal="D-1")
    >>> done.lead.stage, done.lead.client_id, done.deal.amount
    (<LeadStage.CONVERTED: 'converted'>, 'C-9', Money('750000', 'RUB'))
    >>> done.client.owner
    <Role.DEVELOPMENT_SPECIALIST: 'development_specialist'>
    """
    if lead.stage is not S.SQL:
        raise LeadStageError(
            lead.id, lead.stage.value, S.CONVERTED.value, "only a sales-qualified lead converts"
        )
    if as_of < lead.created_on:
        raise ValueError(f"as_of={as_of.isoformat()}: before the lead was created")
    client = Client(
        id=client_id,
        name=lead.company,
        regions=lead.regions,
        industry=lead.industry,
        owner=owner,
        stakeholders=() if lead.contact is None else (lead.contact,),
        created_on=as_of,
    )
    deal = None
    if first_deal is not None:
        amount = deal_amount if deal_amount is not None else lead.estimated_value
        if amount is None:
            raise ValueError("first_deal needs deal_amount or the lead's estimated_value")
        deal = Deal(
            id=first_deal,
            client_id=client.id,
            status=DealStatus.OPEN,
            opened_on=as_of,
            amount=amount,
        )
    return Conversion(lead.replace(stage=S.CONVERTED, client_id=client.id), client, deal)
