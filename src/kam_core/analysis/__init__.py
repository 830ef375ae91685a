"""kam_core.analysis: the whole client base at once, as of a date.

:func:`analyze` streams the deals into per-client :class:`~kam_core.ClientStats`
(never all held in memory), then runs every policy of a set over the population and
returns a :class:`Report` whose rows and summary are JSON-safe and never depend on the
order of the input: clients are sorted by id, leads by id.

How a policy is used is what it declares (:class:`AnalysisPlan`; the protocols are in
:mod:`kam_core.policies`), never guessed from its signature:

- a **segmentation** (``fit(population, *, clients=None)``) is fitted once on the whole
  population, then labels each client — in one pass through ``fit_labels`` when it has
  it (every built-in does);
- a **client policy** (``judges = "clients"``, ``evaluate(client, stats, *, as_of)``,
  such as :class:`~kam_core.policies.HandoffRules`) runs per client, through its
  ``label(client, stats, *, as_of)`` when it has one;
- a **lead policy** (``judges = "leads"``, ``evaluate(lead, *, as_of)``, such as
  :class:`~kam_core.policies.Bant`) judges every lead; a set holds one at most.

Each outcome lands in the rows under its policy's ``report_key`` (``"handoff"`` for
every handoff policy) or else its ``kind``; of two policies with one key, the later
one's outcome is read.  A row keeps outcomes and builds the decisions behind them
(``assign`` / ``evaluate`` again: policies are pure) only when read.

A :class:`Report` is written over a :class:`ReportStore` — the interface a second
backend implements: :class:`RowStore` holds the rows :func:`analyze` builds,
:mod:`kam_core.frames` keeps its labels in polars columns.

>>> from datetime import date
>>> import kam_core as kc
>>> from kam_core import policies as p
>>> book = kc.generate_book(clients=40, seed=2, as_of=date(2026, 11, 24))
>>> report = kc.analyze(book.clients, book.deals(), as_of=date(2026, 11, 24),
...                     policies=[p.Sleeping(), p.HandoffRules(transfers=(p.Reactivation(),))])
>>> summary = report.summary()
>>> summary["sleeping_clients"] == len(report.sleeping()), "handoff" in report.rows()[0]
(True, True)
"""

from kam_core.analysis._analyze import analyze, analyze_stats, index_clients
from kam_core.analysis._plan import AnalysisPlan
from kam_core.analysis._report import Report, redistribute
from kam_core.analysis._rows import ClientRow
from kam_core.analysis._store import ReportStore, RowStore
from kam_core.policies import HANDOFF_KEY

__all__ = [
    "HANDOFF_KEY",
    "AnalysisPlan",
    "ClientRow",
    "Report",
    "ReportStore",
    "RowStore",
    "analyze",
    "analyze_stats",
    "index_clients",
    "redistribute",
]
