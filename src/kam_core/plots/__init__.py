"""Pictures of a client base for the people who run it (optional extra ``kam_core[plots]``).

Each function draws one picture and returns a :class:`matplotlib.figure.Figure`:

- :func:`pareto` — the ABC Pareto curve: how much of the revenue the largest clients hold;
- :func:`abc_xyz_heatmap` — the ABC × XYZ matrix, clients per cell;
- :func:`rfm_grid` — the R × F grid, clients per score pair, cells named by segment;
- :func:`migration` — how clients moved between segments from one date to another;
- :func:`lead_funnel` — all leads, those still in play, the sales-qualified;
- :func:`manager_load` — each manager's clients against capacity.

They read a :class:`~kam_core.Report` (or plain numbers, see each function), take
``locale=`` for their words (every title, axis and label comes from the catalogue of
words, like every other text of kam_core), and leave the host alone: figures are built
directly (no ``pyplot``, no global figure manager, no ``rcParams`` change), so nothing
is shown or kept open; save one with ``fig.savefig("abc.png")`` or display it in a
notebook.  matplotlib is imported when the first picture is drawn; without it,
:class:`PlotsUnavailableError` (an ``ImportError``) names the extra to install.

>>> from datetime import date
>>> import kam_core as kc
>>> from kam_core import plots, policies as p
>>> book = kc.generate_book(60, seed=1, as_of=date(2026, 11, 24))
>>> report = kc.analyze(book.clients, book.deals(), as_of=book.as_of, leads=book.leads,
...                     policies=p.PolicySet.preset("erokhin", currency="RUB"))
>>> fig = plots.abc_xyz_heatmap(report, locale="ru")
>>> fig.axes[0].get_title()
'ABC × XYZ: 60 клиентов по классу выручки и регулярности закупок'
>>> fig = plots.manager_load({"M-1": (130, 120), "M-2": (80, 120)})
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['M-1', 'M-2']

The pictures are shown, rendered, in ``docs/plots.md``.
"""

from kam_core.plots._data import ChartDataError
from kam_core.plots._draw import (
    abc_xyz_heatmap,
    lead_funnel,
    manager_load,
    migration,
    pareto,
    rfm_grid,
)
from kam_core.plots._mpl import INSTALL, PlotsUnavailableError

__all__ = [
    "INSTALL",
    "ChartDataError",
    "PlotsUnavailableError",
    "abc_xyz_heatmap",
    "lead_funnel",
    "manager_load",
    "migration",
    "pareto",
    "rfm_grid",
]
