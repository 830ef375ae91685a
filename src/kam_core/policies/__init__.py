"""kam_core.policies: the rules engine and its policy families.

Every built-in policy is data (a frozen pydantic model with a ``kind``) and returns
a :class:`~kam_core.Decision` that explains itself with criteria and reason codes.

>>> from kam_core import policies as p
>>> p.register_criterion("demo.several_regions", lambda facts, params:
...     None if facts.client is None else len(facts.client.regions) > 1)
>>> rule = p.AnyOf(of=(p.Custom(name="demo.several_regions"),))
>>> rule.evaluate(p.Facts(as_of=None)).status   # no client: unknown, never a guess
<CriterionStatus.UNKNOWN: 'unknown'>
>>> p.load_criterion(rule.to_dict()) == rule
True
"""

from kam_core.policies._engine import (
    AllOf,
    AnyOf,
    AtLeast,
    ClientPolicy,
    Criterion,
    CriterionFn,
    Custom,
    Facts,
    FittedSegmentation,
    LeadPolicy,
    Limits,
    Not,
    Policy,
    SegmentationPolicy,
    load,
    load_criterion,
    register_criterion,
    registered_criteria,
    registered_policies,
)
from kam_core.policies._segmentation_base import Fitted, Play, Playbook, Segmentation
from kam_core.policies.activity import SLEEPING_PLAYBOOK, Activity, Sleeping, SleepingFitted
from kam_core.policies.dossier import DossierCompleteness, DossierStatus, company_facts_known
from kam_core.policies.handoff import (
    BoughtProduct,
    CumulativeRevenue,
    FarmerToKeyAccount,
    HandoffRules,
    HunterToFarmer,
    OrderCount,
    Reactivation,
    ScoutToHunter,
    ToProjectManager,
    Uncoupling,
    replay,
)
from kam_core.policies.key_accounts import (
    KAM_PORTFOLIO_PLAYBOOK,
    KEY_ACCOUNT_PLAYBOOK,
    KamPortfolio,
    KamPortfolioFitted,
    KeyAccount,
    KeyAccountFitted,
    KeyAccountStatus,
    PortfolioFactor,
    PortfolioStrategy,
    RelationshipStage,
    RelationshipStages,
    relationship_stage,
)
from kam_core.policies.organisation import (
    Completeness,
    KamReadiness,
    LoadStatus,
    PersonLoad,
    Readiness,
    SalesSystemClassifier,
    SubProcessCompleteness,
    Workload,
    workload,
)

__all__ = [
    "KAM_PORTFOLIO_PLAYBOOK",
    "KEY_ACCOUNT_PLAYBOOK",
    "SLEEPING_PLAYBOOK",
    "Activity",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "BoughtProduct",
    "ClientPolicy",
    "Completeness",
    "Criterion",
    "CriterionFn",
    "CumulativeRevenue",
    "Custom",
    "DossierCompleteness",
    "DossierStatus",
    "Facts",
    "FarmerToKeyAccount",
    "Fitted",
    "FittedSegmentation",
    "HandoffRules",
    "HunterToFarmer",
    "KamPortfolio",
    "KamPortfolioFitted",
    "KamReadiness",
    "KeyAccount",
    "KeyAccountFitted",
    "KeyAccountStatus",
    "LeadPolicy",
    "Limits",
    "LoadStatus",
    "Not",
    "OrderCount",
    "PersonLoad",
    "Play",
    "Playbook",
    "Policy",
    "PortfolioFactor",
    "PortfolioStrategy",
    "Reactivation",
    "Readiness",
    "RelationshipStage",
    "RelationshipStages",
    "SalesSystemClassifier",
    "ScoutToHunter",
    "Segmentation",
    "SegmentationPolicy",
    "Sleeping",
    "SleepingFitted",
    "SubProcessCompleteness",
    "ToProjectManager",
    "Uncoupling",
    "Workload",
    "company_facts_known",
    "load",
    "load_criterion",
    "register_criterion",
    "registered_criteria",
    "registered_policies",
    "relationship_stage",
    "replay",
    "workload",
]
