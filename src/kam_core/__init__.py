"""kam_core: the typed, I/O-free domain core of B2B client-base management.

Leads, clients, deals and the people who work them, with explainable policies for
lead qualification, handoff between roles and segmentation.

>>> import kam_core as kc
>>> kc.Money("1250.00", "RUB") * 2
Money('2500.00', 'RUB')
"""

from kam_core import errors
from kam_core._bounds import AmountBounds, wider_amount_bounds
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
from kam_core._domain.decision_event import DecisionEvent, DecisionKind
from kam_core._domain.handoff import Handoff
from kam_core._domain.lead import BantFacts, Evidence, Lead, LeadStage, NeedLevel
from kam_core._domain.lifecycle import Conversion, LeadVerdict, advance, can_advance, convert
from kam_core._domain.people import Channel, Manager, Touch
from kam_core._domain.role import Function, Position, Responsibility, Role
from kam_core._ids import ClientId, DealId, LeadId, ManagerId, ProductId
from kam_core._money import Money
from kam_core._organisation.kam import (
    TRANSACTIONAL_VS_KAM,
    ComparisonRow,
    KamCondition,
    KamProgramme,
    Readiness,
)
from kam_core._organisation.profile import Level, SalesSystemProfile, SalesType
from kam_core._organisation.specialisation import (
    FunctionAssessment,
    FunctionForm,
    NewFunction,
    assess_specialisation,
)
from kam_core._organisation.structure import LoadStatus, PositionSpec, positions_for, structure_for
from kam_core._organisation.subprocesses import (
    SUBPROCESS_CHECKLISTS,
    ChecklistItem,
    Completeness,
    SalesProcessAssessment,
    SubProcess,
    SubProcessChecklist,
    checklist_item,
)
from kam_core._planning.plan import Action, Plan
from kam_core._planning.work import AgendaItem, Load, Move
from kam_core._stats.client_stats import ClientStats, ItemTotal, PaymentDiscipline, build_stats
from kam_core._stats.kpis import ClientKpis, PortfolioKpis, client_kpis, portfolio_kpis
from kam_core._stats.touches import TouchStats, build_touch_stats
from kam_core._time import Month, Period
from kam_core._version import __version__
from kam_core._words import register_reason_texts
from kam_core.analysis import ClientRow, Report, analyze, analyze_stats, redistribute
from kam_core.history import (
    Backtest,
    Calibration,
    Comparison,
    advise_handoff,
    backtest,
    calibrate_bant,
    calibrate_sleeping,
    compare,
)
from kam_core.synthetic import SyntheticBook, generate_book

__all__ = [
    "SUBPROCESS_CHECKLISTS",
    "TRANSACTIONAL_VS_KAM",
    "Action",
    "AgendaItem",
    "AmountBounds",
    "Backtest",
    "BantFacts",
    "BuyingRole",
    "Calibration",
    "Channel",
    "ChecklistItem",
    "Client",
    "ClientId",
    "ClientKpis",
    "ClientRow",
    "ClientStats",
    "CompanyFact",
    "Comparison",
    "ComparisonRow",
    "Completeness",
    "Conversion",
    "CriterionResult",
    "CriterionStatus",
    "Deal",
    "DealId",
    "DealLine",
    "DealStatus",
    "Decision",
    "DecisionEvent",
    "DecisionKind",
    "Dossier",
    "DossierEntry",
    "Entity",
    "Evidence",
    "Function",
    "FunctionAssessment",
    "FunctionForm",
    "Handoff",
    "ItemTotal",
    "KamCondition",
    "KamProgramme",
    "Lead",
    "LeadId",
    "LeadStage",
    "LeadVerdict",
    "Level",
    "Load",
    "LoadStatus",
    "Manager",
    "ManagerId",
    "Money",
    "Month",
    "Move",
    "NeedLevel",
    "NewFunction",
    "PaymentDiscipline",
    "Period",
    "Plan",
    "PolicyRef",
    "PortfolioKpis",
    "Position",
    "PositionSpec",
    "ProductId",
    "Readiness",
    "Reason",
    "Report",
    "Responsibility",
    "Role",
    "SalesProcessAssessment",
    "SalesSystemProfile",
    "SalesType",
    "Stakeholder",
    "SubProcess",
    "SubProcessChecklist",
    "SyntheticBook",
    "Touch",
    "TouchStats",
    "__version__",
    "advance",
    "advise_handoff",
    "analyze",
    "analyze_stats",
    "assess_specialisation",
    "backtest",
    "build_stats",
    "build_touch_stats",
    "calibrate_bant",
    "calibrate_sleeping",
    "can_advance",
    "checklist_item",
    "client_kpis",
    "compare",
    "convert",
    "errors",
    "generate_book",
    "portfolio_kpis",
    "positions_for",
    "redistribute",
    "register_reason_texts",
    "structure_for",
    "wider_amount_bounds",
]
