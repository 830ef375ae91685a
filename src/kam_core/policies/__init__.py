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
    json_schema,
    load,
    load_criterion,
    register_criterion,
    registered_criteria,
    registered_policies,
)
from kam_core.policies._segmentation_base import Fitted, Play, Playbook, Segmentation
from kam_core.policies._tables import DecisionTable, NumberRange, Row, TableInput
from kam_core.policies.qualification import BANT_CRITERIA, Bant, BantWeights, Scorecard, ScoreItem

__all__ = [
    "BANT_CRITERIA",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Bant",
    "BantWeights",
    "ClientPolicy",
    "Criterion",
    "CriterionFn",
    "Custom",
    "DecisionTable",
    "Facts",
    "Fitted",
    "FittedSegmentation",
    "LeadPolicy",
    "Limits",
    "Not",
    "NumberRange",
    "Play",
    "Playbook",
    "Policy",
    "Row",
    "ScoreItem",
    "Scorecard",
    "Segmentation",
    "SegmentationPolicy",
    "TableInput",
    "json_schema",
    "load",
    "load_criterion",
    "register_criterion",
    "registered_criteria",
    "registered_policies",
]
