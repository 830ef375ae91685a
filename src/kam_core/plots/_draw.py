"""The pictures: one function each, a matplotlib `Figure` out, words from the catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kam_core import Report
from kam_core._words import check_locale, format_value, segment_name, text, words
from kam_core.plots._data import (
    funnel_counts,
    grid_bins,
    load_rows,
    matrix_of,
    migration_between,
    ranked,
    rfm_counts,
)
from kam_core.plots._mpl import GRID, INK, new_figure, style
from kam_core.policies import STANDARD_RFM_GRID, FittedAbc, Migration, RfmCell

if TYPE_CHECKING:  # pragma: no cover - matplotlib is an optional extra
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "abc_xyz_heatmap",
    "lead_funnel",
    "manager_load",
    "migration",
    "pareto",
    "rfm_grid",
]

_CLASS_COLOURS = {"A": "#15803d", "B": "#d97706", "C": "#9ca3af"}
_HEAT = "Blues"
_STATUS_COLOURS = {
    "over_capacity": "#b91c1c",
    "within_capacity": "#2563eb",
    "under_loaded": "#d97706",
}
_FUNNEL = ("#93c5fd", "#3b82f6", "#1e40af")


def _say(key: str, locale: str, **params: object) -> str:
    return text(f"plot.{key}", locale, **params)


def _has(key: str, locale: str) -> bool:
    return words(locale).template("text", f"plot.{key}") is not None


def _count(n: int, locale: str) -> str:
    return format_value(n, locale)


def _percent(part: float | Decimal, whole: float | Decimal, locale: str, places: int = 0) -> str:
    if not whole:
        return "—"
    return format_value(Decimal(part) / Decimal(whole), locale, f"percent.{places}")


def _percent_axis(ax: Axes, axis: str, locale: str) -> None:
    from matplotlib.ticker import FuncFormatter

    def tick(value: float, _position: int) -> str:
        return format_value(Decimal(str(round(value, 4))), locale, "percent.0")

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(FuncFormatter(tick))


def _cells(
    ax: Axes, values: list[list[int]], locale: str, *, names: list[list[str]] | None = None
) -> None:
    """A heat map of counts with each count (and a name under it) written in its cell."""
    peak = max((v for row in values for v in row), default=0) or 1
    ax.imshow(values, cmap=_HEAT, vmin=0, vmax=peak, aspect="auto")
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            colour = "white" if value > peak * 0.55 else INK
            label = _count(value, locale)
            if names is not None and names[i][j]:
                label = f"{label}\n{names[i][j]}"
            ax.text(j, i, label, ha="center", va="center", color=colour, fontsize=9)
    ax.set_xticks(range(len(values[0])) if values else [])
    ax.set_yticks(range(len(values)))
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


# -- ABC: the Pareto curve --------------------------------------------------------------


def pareto(source: Report | FittedAbc, *, locale: str = "en") -> Figure:
    """The ABC Pareto curve: clients largest first (x) against their cumulative share of the
    total (y), each class in its colour, the cut-offs dashed.

    ``source`` is a report whose policy set has an ABC analysis (the curve reads each
    client's metric and class from its ``abc`` decision), or a fitted ABC analysis,
    ``p.Abc().fit(stats)``.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> book = kc.generate_book(40, seed=1, as_of=date(2026, 11, 24))
    >>> report = kc.analyze(book.clients, book.deals(), as_of=book.as_of, policies=[p.Abc()])
    >>> fig = pareto(report)
    >>> ax = fig.axes[0]
    >>> ax.get_title(), ax.get_xlabel()
    ('ABC: the Pareto curve of 40 clients', 'share of clients, largest first')
    >>> [t.get_text().split(":")[0] for t in ax.get_legend().get_texts()]
    ['class A', 'class B', 'class C']
    """
    check_locale(locale)
    data = ranked(source)
    fig = new_figure()
    ax = fig.add_subplot()
    style(ax)
    n = len(data.members)
    total = data.total
    xs: list[float] = [0.0]
    ys: list[float] = [0.0]
    labels: list[str] = []
    cumulative = Decimal(0)
    for i, (_, value, label) in enumerate(data.members, 1):
        if value > 0:
            cumulative += value
        xs.append(i / n)
        ys.append(float(cumulative / total) if total else 0.0)
        labels.append(label)
    for label in ("A", "B", "C"):
        where = [i for i, lab in enumerate(labels) if lab == label]
        if not where:
            continue
        lo, hi = where[0], where[-1] + 1
        ax.fill_between(
            xs[lo : hi + 1],
            ys[lo : hi + 1],
            color=_CLASS_COLOURS[label],
            alpha=0.35,
            linewidth=0,
            label=_say(
                "pareto.class",
                locale,
                label=segment_name("abc", label, locale),
                clients=len(where),
                share=Decimal(len(where)) / Decimal(n),
            ),
        )
    ax.plot(xs, ys, color=INK, linewidth=1.6)
    for cut in data.cutoffs:
        ax.axhline(float(cut), color=INK, linestyle="--", linewidth=0.8)
        ax.annotate(
            format_value(cut, locale, "percent.0"),
            xy=(1.0, float(cut)),
            xytext=(-4, 3),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            color=INK,
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    _percent_axis(ax, "x", locale)
    _percent_axis(ax, "y", locale)
    ax.grid(color=GRID, linewidth=0.5)
    ax.set_xlabel(_say("pareto.x", locale))
    y_key = f"pareto.y.{data.metric}"
    ax.set_ylabel(_say(y_key if _has(y_key, locale) else "pareto.y", locale))
    ax.set_title(_say("pareto.title", locale, clients=n))
    if n:
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    return fig


# -- ABC × XYZ --------------------------------------------------------------------------


def abc_xyz_heatmap(
    source: Report | Mapping[str, Mapping[str, int]], *, locale: str = "en"
) -> Figure:
    """The ABC × XYZ matrix as a heat map: revenue classes (rows) by regularity (columns),
    the number of clients in each cell.

    ``source`` is a report with ABC and XYZ analyses, or ``report.matrix("abc", "xyz")``
    itself (``{"A": {"X": 12, ...}, ...}``).  Rows A, B, C and columns X, Y, Z are always
    drawn; clients too new to judge sit in an "unknown" column.

    >>> fig = abc_xyz_heatmap({"A": {"X": 3, "Z": 1}, "B": {"Y": 2}, "C": {"unknown": 4}})
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.get_xticklabels()], [t.get_text() for t in ax.get_yticklabels()]
    (['X', 'Y', 'Z', 'unknown'], ['A', 'B', 'C'])
    >>> ax.get_title()
    'ABC × XYZ: 10 clients by revenue class and regularity of purchases'
    """
    check_locale(locale)
    matrix = matrix_of(source)
    rows = _order(matrix, "ABC")
    columns = _order((c for cells in matrix.values() for c in cells), "XYZ")
    values = [[matrix.get(r, {}).get(c, 0) for c in columns] for r in rows]
    fig = new_figure(7.8, 4.4)
    ax = fig.add_subplot()
    style(ax)
    _cells(ax, values, locale)
    ax.set_xticklabels([segment_name("xyz", c, locale) for c in columns])
    ax.set_yticklabels([segment_name("abc", r, locale) for r in rows])
    ax.set_xlabel(_say("heatmap.x", locale))
    ax.set_ylabel(_say("heatmap.y", locale))
    ax.set_title(_say("heatmap.title", locale, clients=sum(map(sum, values))), fontsize=11)
    return fig


def _order(labels: Iterable[str], first: str) -> list[str]:
    present = set(labels)
    rest = sorted(present - set(first) - {"unknown"})
    return [*first, *rest, *(["unknown"] if "unknown" in present else [])]


# -- RFM --------------------------------------------------------------------------------


def rfm_grid(
    source: Report | Mapping[tuple[int, int], int],
    *,
    grid: Iterable[RfmCell] = STANDARD_RFM_GRID,
    locale: str = "en",
) -> Figure:
    """The R × F grid: clients per recency score (rows, most recent on top) and frequency
    score (columns), each cell named by the segment ``grid`` gives it.

    ``source`` is a report with an RFM segmentation (each client's scores are read from
    its ``rfm`` decision) or a mapping ``{(r, f): clients}``.

    >>> fig = rfm_grid({(5, 5): 7, (1, 1): 3}, locale="ru")
    >>> ax = fig.axes[0]
    >>> ax.get_title(), ax.get_ylabel()
    ('RFM: 10 клиентов по давности и частоте покупок', 'оценка давности (R)')
    >>> [t.get_text() for t in ax.get_yticklabels()]  # the most recent on top
    ['5', '4', '3', '2', '1']
    """
    check_locale(locale)
    cells = tuple(grid)
    counts, outside = rfm_counts(source)
    bins = grid_bins(cells)
    recency = list(range(bins, 0, -1))
    frequency = list(range(1, bins + 1))
    values = [[counts.get((r, f), 0) for f in frequency] for r in recency]
    names = [[_segment_at(cells, r, f, locale) for f in frequency] for r in recency]
    fig = new_figure(7.2, 5.4)
    ax = fig.add_subplot()
    style(ax)
    _cells(ax, values, locale, names=names)
    ax.set_xticklabels([str(f) for f in frequency])
    ax.set_yticklabels([str(r) for r in recency])
    ax.set_xlabel(_say("rfm.x", locale))
    ax.set_ylabel(_say("rfm.y", locale))
    ax.set_title(_say("rfm.title", locale, clients=sum(map(sum, values))))
    if outside:
        fig.text(0.01, 0.005, _say("rfm.outside", locale, clients=outside), fontsize=8, color=INK)
    return fig


def _segment_at(cells: tuple[RfmCell, ...], r: int, f: int, locale: str) -> str:
    for cell in cells:
        if cell.matches(r, f):
            return segment_name("rfm", cell.segment, locale)
    return ""


# -- migration between two dates --------------------------------------------------------


def migration(
    before: Report | Migration,
    after: Report | None = None,
    *,
    kind: str = "abc",
    locale: str = "en",
) -> Figure:
    """How clients moved between segments from one date to another: a from × to matrix,
    the clients who stayed on the diagonal.

    Give two reports of the same book at two dates (``kind`` names the segmentation
    compared: ``"abc"``, ``"abcd"``, ``"rfm"``, ``"sleeping"`` …) or one
    ``p.migration(before, after)`` result.  Clients present on one date only come from
    or go to "not in the book".

    >>> from kam_core import Decision, policies as p
    >>> a, b = Decision("A"), Decision("B")
    >>> fig = migration(p.migration({"C-1": a, "C-2": b, "C-3": b}, {"C-1": a, "C-2": a}))
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A', 'B', 'not in the book']
    >>> ax.get_title()
    'ABC analysis: 2 of 3 clients changed segment'
    """
    check_locale(locale)
    moved, first, last = migration_between(before, after, kind)
    labels = _migration_order(moved)
    values = [[moved.counts.get((a, b), 0) for b in labels] for a in labels]
    fig = new_figure(6.8, 5.2)
    ax = fig.add_subplot()
    style(ax)
    _cells(ax, values, locale)
    names = [segment_name(kind, label, locale) for label in labels]
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.set_yticklabels(names)
    if first is None or last is None:
        ax.set_ylabel(_say("migration.before", locale))
        ax.set_xlabel(_say("migration.after", locale))
    else:
        ax.set_ylabel(_say("migration.as_of", locale, date=_day(first)))
        ax.set_xlabel(_say("migration.as_of", locale, date=_day(last)))
    clients = sum(moved.counts.values())
    changed = sum(n for (a, b), n in moved.counts.items() if a != b)
    ax.set_title(_say("migration.title", locale, kind=kind, moved=changed, clients=clients))
    return fig


def _day(iso: str) -> date:
    return date.fromisoformat(iso)


def _migration_order(moved: Migration) -> list[str]:
    labels = {x for pair in moved.counts for x in pair}
    known = [*"ABCD", *"XYZ"]
    head = [x for x in known if x in labels]
    tail = [x for x in ("unknown", "absent") if x in labels]
    return [*head, *sorted(labels - set(head) - set(tail)), *tail]


# -- the lead funnel --------------------------------------------------------------------


def lead_funnel(source: Report | Mapping[str, int], *, locale: str = "en") -> Figure:
    """The lead funnel: all leads, those still in play (qualified or to nurture), the
    sales-qualified ones; each bar with its count and share of all leads.

    ``source`` is a report with leads, or the leads per verdict
    (``{"sql": 4, "nurture": 30, "disqualified": 16}``).

    >>> fig = lead_funnel({"sql": 4, "nurture": 30, "disqualified": 16})
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['all leads', 'still in play', 'sales-qualified']
    >>> [t.get_text() for t in ax.texts]
    ['50 (100%)', '34 (68%)', '4 (8%)']
    """
    check_locale(locale)
    counts = funnel_counts(source)
    every = sum(counts.values())
    in_play = every - counts.get("disqualified", 0)
    stages = [
        (_say("funnel.all", locale), every),
        (_say("funnel.in_play", locale), in_play),
        (_say("funnel.sql", locale), counts.get("sql", 0)),
    ]
    fig = new_figure(7.2, 3.6)
    ax = fig.add_subplot()
    style(ax)
    widest = every or 1
    for i, ((_, n), colour) in enumerate(zip(stages, _FUNNEL, strict=True)):
        ax.barh(i, n, left=(widest - n) / 2, color=colour, height=0.72)
        ax.text(
            widest / 2,
            i,
            _say("funnel.bar", locale, count=n, share=_ratio(n, every)),
            ha="center",
            va="center",
            color="white" if i else INK,
            fontsize=10,
        )
    ax.set_yticks(range(len(stages)))
    ax.set_yticklabels([name for name, _ in stages])
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.set_xlim(0, widest)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(_say("funnel.title", locale, leads=every))
    return fig


def _ratio(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole) if whole else Decimal(0)


# -- the managers' load -----------------------------------------------------------------


def manager_load(loads: Mapping[str, Any], *, locale: str = "en") -> Figure:
    """Each manager's clients against their capacity: a bar per manager, the capacity
    marked, the bar coloured by the load's verdict.

    ``loads`` maps manager ids to ``(clients, capacity)`` pairs, or to objects with
    ``clients``, ``capacity`` and ``status`` attributes (what ``report.workload()``
    gives).  Without a status, a manager with more clients than capacity is over
    capacity and every other within it.

    >>> fig = manager_load({"M-1": (130, 120), "M-2": (80, 120)}, locale="ru")
    >>> ax = fig.axes[0]
    >>> ax.get_title(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('Загрузка менеджеров: клиенты и норма', ['перегружен', 'в пределах нормы'])
    """
    check_locale(locale)
    rows = load_rows(loads)
    fig = new_figure(7.2, max(2.4, 0.5 * len(rows) + 1.4))
    ax = fig.add_subplot()
    style(ax)
    shown: set[str] = set()
    for i, load in enumerate(rows):
        status = load.status or (
            "over_capacity" if load.clients > load.capacity else "within_capacity"
        )
        name = format_value(status, locale, "name.load_status")
        ax.barh(
            i,
            load.clients,
            color=_STATUS_COLOURS.get(status, INK),
            height=0.6,
            label=None if status in shown else name,
        )
        shown.add(status)
        ax.plot([load.capacity, load.capacity], [i - 0.4, i + 0.4], color=INK, linewidth=2)
        ax.annotate(
            _say("load.bar", locale, clients=load.clients, capacity=load.capacity),
            xy=(max(load.clients, load.capacity), i),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=INK,
        )
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([load.manager_id for load in rows])
    ax.invert_yaxis()
    peak = max((max(x.clients, x.capacity) for x in rows), default=1) or 1
    ax.set_xlim(0, peak * 1.25)
    ax.grid(axis="x", color=GRID, linewidth=0.5)
    ax.set_xlabel(_say("load.x", locale))
    ax.set_title(_say("load.title", locale))
    if rows:
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    return fig
