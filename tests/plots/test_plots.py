"""kam_core.plots: a Figure per picture, words from the catalogue, the host left alone."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="kam_core.plots needs the plots extra (matplotlib)")

import kam_core as kc
from kam_core import plots
from kam_core import policies as p

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
PICTURES = ("pareto", "abc-xyz", "rfm", "migration", "funnel", "load")


@pytest.fixture(scope="module")
def reports() -> tuple[kc.Report, kc.Report]:
    book = kc.generate_book(120, seed=4, as_of=date(2026, 11, 24))
    policies = p.PolicySet.preset("erokhin", currency="RUB")

    def at(day: date) -> kc.Report:
        return kc.analyze(
            book.clients, book.deals(), as_of=day, policies=policies, leads=book.leads
        )

    return at(date(2026, 5, 24)), at(date(2026, 11, 24))


def _labels(ticks: list[object]) -> list[str]:
    return [t.get_text() for t in ticks]  # type: ignore[attr-defined]


def test_every_picture_is_a_figure_with_its_axes_and_words(
    reports: tuple[kc.Report, kc.Report],
) -> None:
    """Each function returns a matplotlib Figure, titled and labelled in the language asked."""
    from matplotlib.figure import Figure

    before, now = reports
    drawn = {
        "pareto": plots.pareto(now, locale="ru"),
        "abc_xyz": plots.abc_xyz_heatmap(now, locale="ru"),
        "rfm": plots.rfm_grid(now, locale="ru"),
        "migration": plots.migration(before, now, kind="abc", locale="ru"),
        "funnel": plots.lead_funnel(now, locale="ru"),
        "load": plots.manager_load({"M-1": (130, 120), "M-2": (40, 120)}, locale="ru"),
    }
    for name, fig in drawn.items():
        assert isinstance(fig, Figure), name
        assert len(fig.axes) == 1, name
        assert fig.axes[0].get_title(), name
    assert drawn["pareto"].axes[0].get_title() == "ABC: кривая Парето, 120 клиентов"
    assert drawn["pareto"].axes[0].get_ylabel() == "накопленная доля выручки"
    heat = drawn["abc_xyz"].axes[0]
    assert _labels(heat.get_yticklabels()) == ["A", "B", "C"]
    assert heat.get_xlabel() == "регулярность закупок (XYZ)"
    assert drawn["rfm"].axes[0].get_xlabel() == "оценка частоты (F)"
    assert drawn["migration"].axes[0].get_ylabel() == "на 24.05.2026"
    assert drawn["migration"].axes[0].get_xlabel() == "на 24.11.2026"
    assert _labels(drawn["funnel"].axes[0].get_yticklabels()) == [
        "все лиды",
        "в работе",
        "готовы к продаже (SQL)",
    ]
    assert _labels(drawn["load"].axes[0].get_yticklabels()) == ["M-1", "M-2"]


def test_the_heat_map_counts_every_client_once(reports: tuple[kc.Report, kc.Report]) -> None:
    """The numbers written in the ABC × XYZ cells add up to the book."""
    _, now = reports
    ax = plots.abc_xyz_heatmap(now).axes[0]
    assert sum(int(t.get_text()) for t in ax.texts) == len(now.clients)


def test_pictures_leave_pyplot_and_rcparams_alone(reports: tuple[kc.Report, kc.Report]) -> None:
    """No pyplot import, no open pyplot figure, rcParams unchanged."""
    import matplotlib

    before = dict(matplotlib.rcParams)
    had_pyplot = "matplotlib.pyplot" in sys.modules
    plots.pareto(reports[1])
    plots.lead_funnel(reports[1])
    assert dict(matplotlib.rcParams) == before
    if not had_pyplot:
        assert "matplotlib.pyplot" not in sys.modules


def test_bad_numbers_for_the_load_are_refused_by_name() -> None:
    """A negative or fractional count is a ChartDataError naming the manager."""
    with pytest.raises(plots.ChartDataError, match="M-7"):
        plots.manager_load({"M-7": (-1, 120)})
    with pytest.raises(plots.ChartDataError, match="capacity"):
        plots.manager_load({"M-7": (10, 1.5)})


def test_an_unknown_language_is_refused() -> None:
    """locale= must be a language of the catalogue."""
    from kam_core.errors import KamError

    with pytest.raises(KamError):
        plots.lead_funnel({"sql": 1}, locale="xx")


@pytest.mark.parametrize("name", PICTURES)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_documented_images_are_committed(name: str, lang: str) -> None:
    """docs/plots.md shows images tools/render_plots.py drew; each is a PNG file."""
    path = IMAGES / f"plot-{name}-{lang}.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"img/plot-{name}-en.png" in (IMAGES.parent / "plots.md").read_text(encoding="utf-8")


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """PlotsUnavailableError (an ImportError) says how to install the extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(plots.PlotsUnavailableError, match=r"kam_core\[plots\]"):
        plots.lead_funnel({"sql": 1})


def test_a_picture_without_its_analysis_is_refused_by_name() -> None:
    """A report lacking the analysis a picture draws is a ChartDataError saying which."""
    book = kc.generate_book(20, seed=2, as_of=date(2026, 11, 24))
    only_xyz = kc.analyze(book.clients, book.deals(), as_of=book.as_of, policies=[p.Xyz()])
    with pytest.raises(plots.ChartDataError, match="no ABC analysis"):
        plots.pareto(only_xyz)
    with pytest.raises(plots.ChartDataError, match="abc"):
        plots.abc_xyz_heatmap(only_xyz)
    with pytest.raises(plots.ChartDataError, match="no RFM segmentation"):
        plots.rfm_grid(only_xyz)
    with pytest.raises(plots.ChartDataError, match="no 'abcd' segmentation"):
        plots.migration(only_xyz, only_xyz, kind="abcd")
    with pytest.raises(plots.ChartDataError, match="two reports"):
        plots.migration(only_xyz)
    with pytest.raises(plots.ChartDataError, match="not str"):
        plots.pareto("revenue")  # type: ignore[arg-type]


def test_the_managers_load_takes_objects_with_a_status() -> None:
    """Objects with clients, capacity and status colour their bar by that status."""
    from types import SimpleNamespace

    loads = {
        "M-1": SimpleNamespace(clients=60, capacity=120, status="under_loaded"),
        "M-2": SimpleNamespace(clients=150, capacity=120, status="over_capacity"),
    }
    legend = plots.manager_load(loads).axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["under-loaded", "over capacity"]
    with pytest.raises(plots.ChartDataError, match="expected \\(clients, capacity\\)"):
        plots.manager_load({"M-3": (1, 2, 3)})


def test_the_load_picture_reads_the_reports_workload() -> None:
    """plots.manager_load(report.workload()): one bar per manager of the account plan."""
    pytest.importorskip("matplotlib")
    import kam_core as kc
    from kam_core import plots
    from kam_core import policies as p

    as_of = date(2026, 11, 24)
    book = kc.generate_book(80, seed=7, as_of=as_of, managers=3)
    report = kc.analyze(
        book.clients,
        book.deals(),
        as_of=as_of,
        policies=p.PolicySet.preset("erokhin"),
        managers=book.managers,
        touches=book.touches(),
    )
    loads = report.workload()
    fig = plots.manager_load(loads)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == sorted(loads)
