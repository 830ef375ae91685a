"""kam_core: the typed, I/O-free domain core of B2B client-base management.

Leads, clients, deals and the people who work them, with explainable policies for
lead qualification, handoff between roles and segmentation.

>>> import kam_core as kc
>>> kc.Money("1250.00", "RUB") * 2
Money('2500.00', 'RUB')
"""

from kam_core import errors
from kam_core._decision import CriterionResult, CriterionStatus, Decision, PolicyRef, Reason
from kam_core._domain._base import Entity
from kam_core._domain.client import (
    BuyingRole,
    Client,
    CompanyFact,
    Dossier,
    DossierEntry,
    Stakeholder,
)
from kam_core._domain.deal import Deal, DealLine, DealStatus
from kam_core._domain.lead import BantFacts, Evidence, Lead, LeadStage, NeedLevel
from kam_core._domain.role import Function, Position, Responsibility, Role
from kam_core._i18n import register_reason_texts
from kam_core._ids import ClientId, DealId, LeadId, ProductId
from kam_core._lifecycle import Conversion, LeadVerdict, advance, can_advance, convert
from kam_core._money import Money
from kam_core._stats import ClientStats, ItemTotal, PaymentDiscipline, build_stats
from kam_core._time import Month, Period
from kam_core._version import __version__

__all__ = [
    "BantFacts",
    "BuyingRole",
    "Client",
    "ClientId",
    "ClientStats",
    "CompanyFact",
    "Conversion",
    "CriterionResult",
    "CriterionStatus",
    "Deal",
    "DealId",
    "DealLine",
    "DealStatus",
    "Decision",
    "Dossier",
    "DossierEntry",
    "Entity",
    "Evidence",
    "Function",
    "ItemTotal",
    "Lead",
    "LeadId",
    "LeadStage",
    "LeadVerdict",
    "Money",
    "Month",
    "NeedLevel",
    "PaymentDiscipline",
    "Period",
    "PolicyRef",
    "Position",
    "ProductId",
    "Reason",
    "Responsibility",
    "Role",
    "Stakeholder",
    "__version__",
    "advance",
    "build_stats",
    "can_advance",
    "convert",
    "errors",
    "register_reason_texts",
]
