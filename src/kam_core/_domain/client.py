"""The client, its decision-making group (ГПР) and its dossier (КМ task 8)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictBool, StrictInt, model_validator

from kam_core._domain._base import Day, Entity, NonNegativeMoney, Text
from kam_core._domain.decision_event import DecisionEvent, next_decision
from kam_core._domain.role import RoleLike
from kam_core._ids import ClientIdField, ManagerIdField
from kam_core._words import Worded

__all__ = ["BuyingRole", "Client", "CompanyFact", "Dossier", "DossierEntry", "Stakeholder"]


class BuyingRole(Worded, StrEnum):
    """A person's role in the client's buying decision.

    The stakeholders of a client are its decision-making group (ГПР);
    ``DECISION_MAKER`` is the ЛПР.

    >>> BuyingRole.DECISION_MAKER.text("ru"), BuyingRole.DECISION_MAKER.text()
    ('ЛПР', 'decision maker')
    >>> BuyingRole("economic_buyer").has_authority
    True
    """

    __words__ = "buying_role"

    DECISION_MAKER = "decision_maker"
    ECONOMIC_BUYER = "economic_buyer"
    INFLUENCER = "influencer"
    TECHNICAL_BUYER = "technical_buyer"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    CHAMPION = "champion"
    UNKNOWN = "unknown"

    @property
    def has_authority(self) -> bool:
        """True for the roles that can commit budget: the ЛПР and the economic buyer."""
        return self in (BuyingRole.DECISION_MAKER, BuyingRole.ECONOMIC_BUYER)


class Stakeholder(Entity):
    """A person in the client's decision-making group (ГПР).

    >>> Stakeholder(name="И. Петров", buying_role=BuyingRole.DECISION_MAKER,
    ...             department="procurement", site="Москва").buying_role.has_authority
    True
    """

    name: Text
    buying_role: BuyingRole = BuyingRole.UNKNOWN
    department: Text | None = None
    """The function the person works in (procurement, finance, production …)."""
    site: Text | None = None
    """The operating unit or city the person works at."""
    title: Text | None = None


class DossierEntry(Entity):
    """One event in the relationship history: a meeting, a claim, a tender, a visit.

    >>> from datetime import date
    >>> DossierEntry(on=date(2026, 3, 2), summary="Переговоры о годовом контракте").on.year
    2026
    """

    on: Day
    summary: Text
    kind: Text | None = None
    """A host-defined category: "meeting", "claim", "tender" …"""


class CompanyFact(Entity):
    """A named fact about the client company ("warehouses", "ERP", "fiscal year" …).

    >>> CompanyFact(name="ERP", value="1С:ERP 2.5").value
    '1С:ERP 2.5'
    """

    name: Annotated[str, Field(min_length=1, max_length=100)]
    value: Text


class Dossier(Entity):
    """The client dossier the client manager fills (task 8).

    The decision-making group itself lives on :attr:`Client.stakeholders`; the dossier
    holds the relationship history and what is known about the company.

    >>> Dossier().is_empty
    True
    """

    history: tuple[DossierEntry, ...] = ()
    """Relationship history, any order (read it sorted by :attr:`DossierEntry.on`)."""
    employees: Annotated[StrictInt, Field(ge=0, le=10**9)] | None = None
    annual_revenue: NonNegativeMoney | None = None
    buying_criteria: tuple[Text, ...] = ()
    """What the client selects suppliers by (price, delay, service level …)."""
    competitors: tuple[Text, ...] = ()
    """Competing suppliers the client also buys from."""
    switching_barriers: tuple[Text, ...] = ()
    """Barriers built (shared software, documents in our cabinet, consignment stock …)."""
    facts: tuple[CompanyFact, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing at all is recorded."""
        return not (
            self.history
            or self.employees is not None
            or self.annual_revenue is not None
            or self.buying_criteria
            or self.competitors
            or self.switching_barriers
            or self.facts
        )


class Client(Entity):
    """A client company: who it is, who decides there, and who works it on our side.

    >>> from kam_core import Money, Role
    >>> c = Client(id="C-1", name="ООО Альфа", regions=("Москва", "Казань"),
    ...            potential=Money("12000000", "RUB"), owner=Role.CLIENT_MANAGER,
    ...            stakeholders=(Stakeholder(name="И. Петров",
    ...                                      buying_role=BuyingRole.DECISION_MAKER),))
    >>> [s.name for s in c.decision_makers]
    ['И. Петров']
    >>> Client.model_validate_json(c.model_dump_json()) == c
    True
    """

    id: ClientIdField
    name: Text
    regions: tuple[Text, ...] = ()
    """Regions (cities, countries) the client buys in; several make a national account."""
    industry: Text | None = None
    potential: NonNegativeMoney | None = None
    """Estimated yearly spend in our categories; None = unknown."""
    partnership_intent: StrictBool | None = None
    """Wants a long-term partnership; None = unknown."""
    owner: RoleLike | None = None
    """The position working the client now; None = nobody yet.  With ``manager_id`` and the
    managers given to :func:`~kam_core.analyze`, the manager's position (see there)."""
    manager_id: ManagerIdField | None = None
    """The person working the client now (a :class:`~kam_core.Manager`'s id); None = nobody
    named."""
    parent_id: ClientIdField | None = None
    """The parent account in a holding / account hierarchy."""
    stakeholders: tuple[Stakeholder, ...] = ()
    """The decision-making group (ГПР)."""
    dossier: Dossier = Dossier()
    created_on: Day | None = None
    decision_events: tuple[DecisionEvent, ...] = ()
    """Dated moments when the client decides on its assortment or suppliers (its
    assortment committee, a contract renewal, a switch of raw material)."""

    @model_validator(mode="after")
    def _not_own_parent(self) -> Self:
        if self.parent_id is not None and self.parent_id == self.id:
            raise ValueError(f"parent_id={self.parent_id!r}: a client cannot be its own parent")
        return self

    def next_decision(self, as_of: date) -> DecisionEvent | None:
        """The nearest decision event on or after ``as_of``, or None.

        >>> from datetime import date
        >>> from kam_core import DecisionEvent
        >>> c = Client(id="C-1", name="ООО Альфа", decision_events=(
        ...     DecisionEvent(kind="assortment_committee", on=date(2027, 3, 1)),))
        >>> c.next_decision(date(2026, 11, 24)).kind.text("ru")
        'ассортиментный комитет'
        """
        return next_decision(self.decision_events, as_of)

    @property
    def decision_making_group(self) -> tuple[Stakeholder, ...]:
        """The ГПР: every stakeholder."""
        return self.stakeholders

    @property
    def decision_makers(self) -> tuple[Stakeholder, ...]:
        """The ЛПР: stakeholders whose buying role is ``DECISION_MAKER``."""
        return tuple(s for s in self.stakeholders if s.buying_role is BuyingRole.DECISION_MAKER)
