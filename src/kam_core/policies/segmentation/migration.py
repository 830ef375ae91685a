"""Migration: how clients moved between the segments of two dates."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from kam_core._decision import Decision
from kam_core.policies.segmentation._shared import ABSENT, _label

__all__ = [
    "Migration",
    "migration",
]


@attrs.frozen
class Migration:
    """How clients moved between segments from one date to another.

    ``counts[(from, to)]`` counts clients per pair (staying ones too), ``clients[(from,
    to)]`` names them sorted; pairs are sorted.  A client present on one date only
    moves from or to :data:`ABSENT`.

    >>> m = migration({"C1": Decision("A")}, {"C1": Decision("B")})
    >>> m.to_dict()
    {'rows': [{'from': 'A', 'to': 'B', 'count': 1, 'clients': ['C1']}]}
    """

    counts: Mapping[tuple[str, str], int]
    clients: Mapping[tuple[str, str], tuple[str, ...]]

    @property
    def moved(self) -> Mapping[tuple[str, str], tuple[str, ...]]:
        """Only the pairs whose segment changed."""
        return MappingProxyType({k: v for k, v in self.clients.items() if k[0] != k[1]})

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: a list of ``{"from", "to", "count", "clients"}`` rows."""
        return {
            "rows": [
                {"from": a, "to": b, "count": self.counts[(a, b)], "clients": list(ids)}
                for (a, b), ids in self.clients.items()
            ]
        }


def migration(before: Mapping[str, Decision[Any]], after: Mapping[str, Decision[Any]]) -> Migration:
    """The migration matrix between two segmentations of the same book.

    >>> a, b = Decision("A"), Decision("B")
    >>> m = migration({"C1": a, "C2": a, "C3": b}, {"C1": a, "C2": b, "C4": b})
    >>> dict(m.counts)
    {('A', 'A'): 1, ('A', 'B'): 1, ('B', 'absent'): 1, ('absent', 'B'): 1}
    >>> dict(m.moved)[("A", "B")]
    ('C2',)
    """
    pairs: dict[tuple[str, str], list[str]] = {}
    for client_id in sorted(set(before) | set(after)):
        was = _label(before[client_id].outcome) if client_id in before else ABSENT
        now = _label(after[client_id].outcome) if client_id in after else ABSENT
        pairs.setdefault((was, now), []).append(client_id)
    ordered = sorted(pairs)
    return Migration(
        MappingProxyType({k: len(pairs[k]) for k in ordered}),
        MappingProxyType({k: tuple(pairs[k]) for k in ordered}),
    )
