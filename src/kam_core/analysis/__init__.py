"""analyze(): the whole client base at once, as of a date.

Deals stream into per-client :class:`~kam_core.ClientStats` (never all held in
memory); every segmentation in the policy set is fitted on the population and
assigns each client; the handoff rules run on every client and the lead policy on
every lead.  The result is a :class:`Report` whose rows and summary are JSON-safe and
never depend on the order of the input: clients are sorted by id, leads by id.

How a policy is used depends on what it is:

- a segmentation (anything with ``fit(population, clients=...)``) is fitted once on
  the whole population, then labels each client (``label(stats, client=...)``, or
  ``assign(...)`` when it has no ``label``); its label lands in the row under the
  policy's ``kind``;
- a client policy (``evaluate(client, stats, *, as_of)``, such as
  :class:`~kam_core.policies.HandoffRules`) runs per client — through its
  ``label(client, stats, *, as_of)`` when it has one; the first one gives the row's
  ``"handoff"``, later ones their own ``kind`` key;
- a lead policy (``evaluate(lead, *, as_of)``, such as
  :class:`~kam_core.policies.Bant`) judges every lead.

Each policy runs over the whole population in turn; a row keeps outcomes and builds
the explained decisions behind them (``assign`` / ``evaluate`` again: policies are
pure) only when read.
"""

from kam_core.analysis._analyze import analyze, analyze_stats
from kam_core.analysis._report import ClientRow, Report

__all__ = ["ClientRow", "Report", "analyze", "analyze_stats"]
