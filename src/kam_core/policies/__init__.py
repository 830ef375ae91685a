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
from kam_core.policies.segmentation import (
    ABCD_NAMES,
    STANDARD_RFM_GRID,
    Abc,
    Abcd,
    AbcXyz,
    FittedAbc,
    FittedAbcd,
    FittedAbcXyz,
    FittedProductAbc,
    FittedRfm,
    FittedXyz,
    Migration,
    ProductAbc,
    Rfm,
    RfmCell,
    Xyz,
    abc_xyz_playbook,
    abcd_playbook,
    migration,
    rfm_playbook,
)

__all__ = [
    "ABCD_NAMES",
    "STANDARD_RFM_GRID",
    "Abc",
    "AbcXyz",
    "Abcd",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "ClientPolicy",
    "Criterion",
    "CriterionFn",
    "Custom",
    "Facts",
    "Fitted",
    "FittedAbc",
    "FittedAbcXyz",
    "FittedAbcd",
    "FittedProductAbc",
    "FittedRfm",
    "FittedSegmentation",
    "FittedXyz",
    "LeadPolicy",
    "Limits",
    "Migration",
    "Not",
    "Play",
    "Playbook",
    "Policy",
    "ProductAbc",
    "Rfm",
    "RfmCell",
    "Segmentation",
    "SegmentationPolicy",
    "Xyz",
    "abc_xyz_playbook",
    "abcd_playbook",
    "load",
    "load_criterion",
    "migration",
    "register_criterion",
    "registered_criteria",
    "registered_policies",
    "rfm_playbook",
]
