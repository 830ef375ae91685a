"""What each picture shows, read from a report (or given plainly): pure Python, no matplotlib."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from kam_core import Decision, Money, Report
from kam_core.errors import KamError
from kam_core.policies import STANDARD_RFM_GRID, FittedAbc, Migration, RfmCell
from kam_core.policies import migration as migration_of

__all__ = [
    "ChartDataError",
    "Load",
    "Ranked",
    "funnel_counts",
    "load_rows",
    "matrix_of",
    "migration_between",
    "ranked",
    "rfm_counts",
]

_ABC_CUTOFFS = (Decimal("0.8"), Decimal("0.95"))


class ChartDataError(KamError, ValueError):
    """What a chart was given cannot be drawn: a report without the policy it pictures,
    a value that is not a number.

    >>> issubclass(ChartDataError, ValueError)
    True
    """


@attrs.frozen
class Ranked:
    """Clients ranked for a Pareto curve: ``(client id, value, class)`` largest first."""

    members: tuple[tuple[str, Decimal, str], ...]
    cutoffs: tuple[Decimal, Decimal]
    metric: str
    """``revenue``, ``orders`` or ``margin``: what the values measure."""

    @property
    def total(self) -> Decimal:
        """The sum of the positive values."""
        return sum((v for _, v, _ in self.members if v > 0), Decimal(0))


def _number(value: object) -> Decimal:
    if isinstance(value, Money):
        return value.amount
    return Decimal(str(value))


def ranked(source: Report | FittedAbc) -> Ranked:
    """The members of an ABC analysis, largest first (ties by client id).

    From a report: each client's ABC metric and class as its ``abc`` decision states
    them, and the cut-offs the analysis used; from a fitted ABC analysis
    (``p.Abc().fit(stats)``): its ranked members and its policy's cut-offs.

    >>> from datetime import date
    >>> from kam_core import ClientStats
    >>> from kam_core import policies as p
    >>> stats = [ClientStats(c, date(2026, 11, 24), "RUB", ((date(2026, 6, 1), Decimal(v)),))
    ...          for c, v in (("C-1", 70), ("C-2", 20), ("C-3", 10))]
    >>> r = ranked(p.Abc().fit(stats))
    >>> [(c, str(v), label) for c, v, label in r.members], r.total, r.cutoffs
    ([('C-1', '70', 'A'), ('C-2', '20', 'A'), ('C-3', '10', 'B')], Decimal('100'), \
(Decimal('0.8'), Decimal('0.95')))
    """
    if isinstance(source, Report):
        return _ranked_report(source)
    if not isinstance(source, FittedAbc):
        raise ChartDataError(
            f"a Pareto curve draws a report or a fitted p.Abc, not {type(source).__name__}"
        )
    t = source.thresholds()
    members = [(m["client_id"], Decimal(m["value"]), m["label"]) for m in t["members"]]
    members.sort(key=lambda m: (-m[1], m[0]))
    a, b = source.policy.cutoffs
    return Ranked(tuple(members), (Decimal(str(a)), Decimal(str(b))), source.policy.metric)


def _ranked_report(report: Report) -> Ranked:
    cutoffs: tuple[Decimal, Decimal] | None = None
    members = []
    metric = "revenue"
    for row in report.clients:
        if row.outcome("abc") is None:
            continue
        decision = row.decision("abc")
        if decision is None or not decision.criteria:  # pragma: no cover - every abc decides
            continue
        first = decision.criteria[0]
        if first.observed is None:  # the metric is unknown (margin of some orders only)
            continue
        metric = first.name
        for reason in decision.reasons:
            if cutoffs is None and reason.code == "abc.class":
                params = reason.params
                cutoffs = (
                    Decimal(str(params["a_pct"])) / 100,
                    Decimal(str(params["b_pct"])) / 100,
                )
        members.append((row.client_id, _number(first.observed), str(decision.outcome)))
    if not members and not any(ref["kind"] == "abc" for ref in report.policies):
        raise ChartDataError("the report has no ABC analysis: its policy set has no p.Abc")
    members.sort(key=lambda m: (-m[1], m[0]))
    return Ranked(tuple(members), cutoffs or _ABC_CUTOFFS, metric)


def matrix_of(
    source: Report | Mapping[str, Mapping[str, int]], rows: str = "abc", columns: str = "xyz"
) -> dict[str, dict[str, int]]:
    """Clients per cell: ``report.matrix(rows, columns)``, or the mapping as given.

    >>> matrix_of({"A": {"X": 2}})
    {'A': {'X': 2}}
    """
    if isinstance(source, Report):
        kinds = {ref["kind"] for ref in source.policies}
        missing = [k for k in (rows, columns) if k not in kinds]
        if missing:
            raise ChartDataError(f"the report has no {' and no '.join(missing)} segmentation")
        return source.matrix(rows, columns)
    return {str(r): {str(c): int(n) for c, n in cells.items()} for r, cells in source.items()}


def rfm_counts(
    source: Report | Mapping[tuple[int, int], int],
) -> tuple[dict[tuple[int, int], int], int]:
    """Clients per (R, F) score pair, and how many clients have no orders (outside the grid).

    >>> rfm_counts({(5, 5): 3, (1, 1): 2})
    ({(5, 5): 3, (1, 1): 2}, 0)
    """
    if not isinstance(source, Report):
        return {(int(r), int(f)): int(n) for (r, f), n in source.items()}, 0
    if not any(ref["kind"] == "rfm" for ref in source.policies):
        raise ChartDataError("the report has no RFM segmentation: its policy set has no p.Rfm")
    counts: Counter[tuple[int, int]] = Counter()
    outside = 0
    for row in source.clients:
        if row.outcome("rfm") is None:
            continue
        decision = row.decision("rfm")
        levels = {c.name: c.level for c in decision.criteria} if decision is not None else {}
        r, f = levels.get("recency"), levels.get("frequency")
        if r is None or f is None:
            outside += 1
            continue
        counts[(r, f)] += 1
    return dict(counts), outside


def grid_bins(grid: Iterable[RfmCell] = STANDARD_RFM_GRID) -> int:
    """The number of score bins a grid covers (its highest score).

    >>> grid_bins()
    5
    """
    return max(max(c.recency[1], c.frequency[1]) for c in grid)


def migration_between(
    before: Report | Migration, after: Report | None, kind: str
) -> tuple[Migration, str | None, str | None]:
    """The migration of ``kind``'s labels between two reports (or a ``p.migration`` result
    as it is), with the two reports' dates in ISO form (None for a given migration).

    >>> from kam_core.policies import migration
    >>> m = migration({"C1": Decision("A")}, {"C1": Decision("B")})
    >>> migration_between(m, None, "abc")[0] is m
    True
    """
    if isinstance(before, Migration):
        if after is not None:
            raise ChartDataError("a migration is drawn as it is: give no second report")
        return before, None, None
    if not isinstance(after, Report):
        raise ChartDataError("give two reports (before, after) or one p.migration() result")
    maps = []
    for report in (before, after):
        if not any(ref["kind"] == kind for ref in report.policies):
            raise ChartDataError(
                f"the report as of {report.as_of.isoformat()} has no {kind!r} segmentation"
            )
        maps.append(
            {
                row.client_id: Decision(row.label(kind))
                for row in report.clients
                if row.outcome(kind) is not None
            }
        )
    return migration_of(maps[0], maps[1]), before.as_of.isoformat(), after.as_of.isoformat()


def funnel_counts(source: Report | Mapping[str, int]) -> dict[str, int]:
    """Leads per verdict (``sql``, ``nurture``, ``disqualified`` …).

    >>> funnel_counts({"sql": 2, "nurture": 5})
    {'sql': 2, 'nurture': 5}
    """
    if isinstance(source, Report):
        return dict(Counter(str(d.outcome) for d in source.leads))
    return {str(k): int(v) for k, v in source.items()}


@attrs.frozen
class Load:
    """One manager's load: clients worked against capacity, and the verdict when known."""

    manager_id: str
    clients: int
    capacity: int
    status: str | None = None


def load_rows(loads: Mapping[str, Any]) -> tuple[Load, ...]:
    """Each manager's load, by id: from ``(clients, capacity)`` pairs or from objects with
    ``clients``, ``capacity`` and (optionally) ``status`` attributes (``report.workload()``).

    >>> load_rows({"M-2": (130, 120), "M-1": (80, 120)})
    (Load(manager_id='M-1', clients=80, capacity=120, status=None), \
Load(manager_id='M-2', clients=130, capacity=120, status=None))
    """
    out = []
    for manager_id, load in sorted(loads.items()):
        if isinstance(load, tuple):
            if len(load) != 2:
                raise ChartDataError(
                    f"manager {manager_id!r}: expected (clients, capacity), got {load!r}"
                )
            clients, capacity, status = load[0], load[1], None
        else:
            clients = getattr(load, "clients", None)
            capacity = getattr(load, "capacity", None)
            status = getattr(load, "status", None)
        for name, value in (("clients", clients), ("capacity", capacity)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ChartDataError(
                    f"manager {manager_id!r}: {name} must be a whole number ≥ 0, got {value!r}"
                )
        out.append(
            Load(
                str(manager_id),
                int(clients),
                int(capacity),
                None if status is None else str(status),
            )
        )
    return tuple(out)
