"""Render the pictures of ``docs/plots.md`` into ``docs/img/`` (run after changing a plot).

    python tools/render_plots.py

The book is the demo's (500 clients, seed 7, as of 2026-11-24), in English and Russian;
the images are committed, and ``tests/plots`` checks that each one exists.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import kam_core as kc
from kam_core import plots
from kam_core import policies as p

OUT = Path(__file__).resolve().parents[1] / "docs" / "img"
AS_OF = date(2026, 11, 24)
BEFORE = date(2026, 5, 24)
LOADS = {"M-01": (142, 120), "M-02": (118, 120), "M-03": (96, 120), "M-04": (61, 120)}


def main() -> None:
    """Draw every picture of the page, in each language, as PNG files."""
    book = kc.generate_book(500, seed=7, as_of=AS_OF, currency="RUB")
    policies = p.PolicySet.preset("erokhin", currency="RUB")

    def report(as_of: date) -> kc.Report:
        return kc.analyze(
            book.clients, book.deals(), as_of=as_of, policies=policies, leads=book.leads
        )

    now, then = report(AS_OF), report(BEFORE)
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "ru"):
        figures = {
            "pareto": plots.pareto(now, locale=lang),
            "abc-xyz": plots.abc_xyz_heatmap(now, locale=lang),
            "rfm": plots.rfm_grid(now, locale=lang),
            "migration": plots.migration(then, now, kind="abcd", locale=lang),
            "funnel": plots.lead_funnel(now, locale=lang),
            "load": plots.manager_load(LOADS, locale=lang),
        }
        for name, figure in figures.items():
            path = OUT / f"plot-{name}-{lang}.png"
            figure.savefig(path, format="png", dpi=90, metadata={"Software": None})
            print(path.relative_to(OUT.parents[1]))


if __name__ == "__main__":
    main()
