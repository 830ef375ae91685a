"""The ABC×XYZ matrix: nine cells, each with its strategy."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

import attrs
from pydantic import Field

from kam_core._decision import CriterionResult, Decision
from kam_core._domain.client import Client
from kam_core._stats.client_stats import ClientStats
from kam_core.policies._engine import reason
from kam_core.policies.segmentation._base import (
    ClientsArg,
    Fitted,
    Playbook,
    Population,
    Segmentation,
    population_as_of,
)
from kam_core.policies.segmentation._shared import (
    CM,
    SUPPORT,
    UNKNOWN,
    R,
    _play,
    _play_params,
    _status,
)
from kam_core.policies.segmentation.abc import Abc, FittedAbc
from kam_core.policies.segmentation.xyz import FittedXyz, Xyz

__all__ = [
    "AbcXyz",
    "FittedAbcXyz",
    "abc_xyz_playbook",
]


def abc_xyz_playbook() -> Playbook:
    """The default strategy of each ABC×XYZ cell (docs/methodology.md#positions tasks).

    >>> abc_xyz_playbook().play_for("CZ").strategy
    'serve_on_order'
    """
    return Playbook(
        plays={
            "AX": _play(CM, 14, "keep_and_automate", R.BUILD_SWITCHING_BARRIERS, R.RAISE_LOYALTY),
            "AY": _play(CM, 14, "keep_and_plan", R.RAISE_LOYALTY, R.GROW_ORDER_FREQUENCY),
            "AZ": _play(CM, 14, "keep_and_stabilise", R.GROW_ORDER_FREQUENCY, R.FILL_DOSSIER),
            "BX": _play(CM, 30, "grow_order_value", R.GROW_AVERAGE_ORDER, R.DEVELOP_ASSORTMENT),
            "BY": _play(CM, 30, "develop", R.GROW_TURNOVER, R.DEVELOP_ASSORTMENT),
            "BZ": _play(CM, 30, "stabilise", R.GROW_ORDER_FREQUENCY, R.FILL_DOSSIER),
            "CX": _play(SUPPORT, 60, "serve_efficiently", R.TAKE_ORDERS, R.GROW_AVERAGE_ORDER),
            "CY": _play(SUPPORT, 90, "serve_efficiently", R.TAKE_ORDERS),
            "CZ": _play(SUPPORT, 180, "serve_on_order", R.TAKE_ORDERS),
        }
    )


class AbcXyz(Segmentation):
    """The ABC×XYZ matrix: nine cells (``"AX"`` … ``"CZ"``), each with a strategy.

    The cell's :class:`Play` (who, how often, which tasks) is in :attr:`playbook`;
    override cells with ``playbook.override({...})``.

    >>> from decimal import Decimal
    >>> from kam_core import ClientStats
    >>> steady = tuple((date(2026, m, 10), Decimal(100)) for m in range(1, 13))
    >>> s = ClientStats("C1", date(2026, 12, 31), "RUB", steady)
    >>> policy = AbcXyz()
    >>> d = policy.segment([s])["C1"]
    >>> d.outcome, policy.playbook.play_for(d.outcome).strategy
    ('AX', 'keep_and_automate')
    """

    kind: Literal["abc_xyz"] = "abc_xyz"
    abc: Abc = Abc()
    """The ABC analysis giving the row of the matrix."""
    xyz: Xyz = Xyz()
    """The XYZ analysis giving the column of the matrix."""
    playbook: Playbook = Field(default_factory=abc_xyz_playbook)
    """The play (role, contact cadence, tasks, strategy) of each of the nine cells."""

    def fit(self, population: Population, *, clients: ClientsArg = None) -> FittedAbcXyz:
        """Fit the ABC and the XYZ on the same population."""
        stats, as_of = population_as_of(population)
        return FittedAbcXyz(
            policy=self, as_of=as_of, abc=self.abc.fit(stats), xyz=self.xyz.fit(stats)
        )


@attrs.frozen
class FittedAbcXyz(Fitted):
    """An :class:`AbcXyz` fitted to a population.

    >>> from kam_core import ClientStats
    >>> fitted = AbcXyz().fit([ClientStats.empty("C1", date(2026, 11, 24), "RUB")])
    >>> sorted(fitted.thresholds())
    ['abc', 'xyz']
    """

    policy: AbcXyz
    abc: FittedAbc
    xyz: FittedXyz

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FittedAbcXyz:
        """Rebuild from :meth:`to_dict`: an equal fitted object."""
        policy = AbcXyz.load(data["policy"])
        as_of = date.fromisoformat(data["as_of"])
        abc = FittedAbc._restore(policy.abc, as_of, data["thresholds"]["abc"])
        return cls(
            policy=policy, as_of=as_of, abc=abc, xyz=FittedXyz(policy=policy.xyz, as_of=as_of)
        )

    def thresholds(self) -> dict[str, Any]:
        """The thresholds of both halves."""
        return {"abc": self.abc.thresholds(), "xyz": self.xyz.thresholds()}

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's cell and the play for it."""
        self.check(stats, client)
        a = self.abc.assign(stats)
        x = self.xyz.assign(stats)
        criteria = (
            CriterionResult("abc", _status(a), observed=a.outcome, children=a.criteria),
            CriterionResult("xyz", _status(x), observed=x.outcome, children=x.criteria),
        )
        reasons = a.reasons + x.reasons
        unknown = [part for part, d in (("abc", a), ("xyz", x)) if d.outcome == UNKNOWN]
        if unknown:
            why = tuple(reason("abc_xyz.unknown", part=part.upper()) for part in unknown)
            return Decision(
                UNKNOWN,
                criteria=criteria,
                missing=a.missing + x.missing,
                reasons=why + reasons,  # the deciding reason first
                policy=self.policy.ref,
                as_of=stats.as_of,
                subject=stats.client_id,
            )
        cell = f"{a.outcome}{x.outcome}"
        play = self.policy.playbook.play_for(cell)
        if play is not None:
            reasons += (
                reason(
                    "abc_xyz.cell",
                    cell=cell,
                    **_play_params(play),
                ),
            )
        return Decision(
            cell,
            criteria=criteria,
            reasons=reasons,
            policy=self.policy.ref,
            as_of=stats.as_of,
            subject=stats.client_id,
        )
