"""Segmentations of the client base: ABC, XYZ, ABC×XYZ, ABCD, RFM, sleeping clients, migrations.

See docs/methodology.md#segmentation.  Every policy here is data (``kind``, ``version``,
fingerprint) and a :class:`~kam_core.policies.Segmentation`: ``fit(population)`` learns
what the population says (the ABC boundaries, the RFM quintiles),
``fitted.assign(stats)`` decides one client, ``segment(population)`` does both for the
whole book.  Outcomes are labels (``"A"``, ``"AX"``, ``"champions"`` …); a client the
policy cannot judge gets the label ``"unknown"`` with the missing fact in
``decision.missing`` and a reason saying why.

Conventions (all documented in ``docs/segmentation.md``):

* clients are ranked by their metric, largest first, **ties broken by client id**
  (ascending), so the result never depends on input order;
* shares are compared with exact ``Decimal`` arithmetic (``cumulative ≤ cut-off × total``,
  never a rounded ratio); ratios shown in reasons are rounded for display only;
* nothing after ``as_of`` counts: everything is read from ``ClientStats`` built as of it.
"""

from kam_core.policies.segmentation._base import (
    Fitted,
    Play,
    Playbook,
    Population,
    Segmentation,
)
from kam_core.policies.segmentation._shared import ABSENT, UNKNOWN
from kam_core.policies.segmentation.abc import Abc, FittedAbc, FittedProductAbc, ProductAbc
from kam_core.policies.segmentation.abc_xyz import AbcXyz, FittedAbcXyz, abc_xyz_playbook
from kam_core.policies.segmentation.abcd import ABCD_NAMES, Abcd, FittedAbcd, abcd_playbook
from kam_core.policies.segmentation.migration import Migration, migration
from kam_core.policies.segmentation.rfm import (
    STANDARD_RFM_GRID,
    FittedRfm,
    Rfm,
    RfmCell,
    rfm_playbook,
)
from kam_core.policies.segmentation.sleeping import (
    SLEEPING_PLAYBOOK,
    Activity,
    Sleeping,
    SleepingFitted,
)
from kam_core.policies.segmentation.xyz import FittedXyz, Xyz

__all__ = [
    "ABCD_NAMES",
    "ABSENT",
    "SLEEPING_PLAYBOOK",
    "STANDARD_RFM_GRID",
    "UNKNOWN",
    "Abc",
    "AbcXyz",
    "Abcd",
    "Activity",
    "Fitted",
    "FittedAbc",
    "FittedAbcXyz",
    "FittedAbcd",
    "FittedProductAbc",
    "FittedRfm",
    "FittedXyz",
    "Migration",
    "Play",
    "Playbook",
    "Population",
    "ProductAbc",
    "Rfm",
    "RfmCell",
    "Segmentation",
    "Sleeping",
    "SleepingFitted",
    "Xyz",
    "abc_xyz_playbook",
    "abcd_playbook",
    "migration",
    "rfm_playbook",
]
