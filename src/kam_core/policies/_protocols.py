"""The plug-in protocols: what a policy declares so that ``analyze()`` knows how to run it.

A policy needs no base class.  :func:`~kam_core.analyze` reads what each policy of a
set *declares* and never guesses from signatures:

- a **segmentation** has ``fit(population, *, clients=None)`` returning a fitted object
  with ``assign(stats, *, client=None)`` (:class:`SegmentationPolicy`,
  :class:`FittedSegmentation`);
- a **client policy** declares ``judges = "clients"`` and has
  ``evaluate(client, stats, *, as_of)`` (:class:`ClientPolicy`);
- a **lead policy** declares ``judges = "leads"`` and has ``evaluate(lead, *, as_of)``
  (:class:`LeadPolicy`).

Optional members make a policy cheaper to run over a whole book, never different:

- ``fit_labels(population, *, clients=None)`` on a segmentation fits and labels every
  member in one pass (:class:`OnePassSegmentation`);
- ``label(stats, *, client=None)`` on a fitted segmentation and
  ``label(client, stats, *, as_of)`` on a client policy give the outcome without its
  explanation (:class:`FittedLabeller`, :class:`ClientLabeller`); a report builds the
  explanation when a row is read;
- ``fit_facts(population, *, clients=None)`` on a segmentation fits and labels every
  member and keeps, per member, the facts its label was read from; the fitted object's
  ``explain(stats, facts, *, client=None)`` builds the decision from them without
  measuring the client again (:class:`FactfulSegmentation`, :class:`FittedExplainer`).

And two optional declarations say how the outcomes appear in a report:

- ``report_key``: the row key of the policy's outcomes (default: its ``kind``).  Every
  policy that hands clients over declares :data:`HANDOFF_KEY` (``"handoff"``), the row
  key :meth:`~kam_core.Report.handoffs_due` and the summary read;
- ``sleeping_labels``: the labels that mean a client has gone quiet and should be
  reactivated (``Sleeping``: ``"sleeping"`` and ``"lost"``), which
  :meth:`~kam_core.Report.sleeping` and the summary's ``sleeping_clients`` count.

A runtime ``isinstance`` check against a protocol only sees that the members exist
(``LeadPolicy`` and ``ClientPolicy`` differ in what ``judges`` *says*, which is what
``analyze()`` reads).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, ClassVar, Final, Protocol, runtime_checkable

from kam_core._decision import Decision
from kam_core._domain.client import Client
from kam_core._domain.lead import Lead
from kam_core._stats.client_stats import ClientStats

__all__ = [
    "CLIENTS",
    "HANDOFF_KEY",
    "LEADS",
    "ClientLabeller",
    "ClientPolicy",
    "FactfulSegmentation",
    "FittedExplainer",
    "FittedLabeller",
    "FittedSegmentation",
    "LeadPolicy",
    "OnePassSegmentation",
    "SegmentationPolicy",
]

LEADS: Final = "leads"
"""``judges`` of a lead policy: ``evaluate(lead, *, as_of)``."""
CLIENTS: Final = "clients"
"""``judges`` of a client policy: ``evaluate(client, stats, *, as_of)``."""
HANDOFF_KEY: Final = "handoff"
"""The row key of handoffs: the ``report_key`` every policy that hands clients over declares."""


@runtime_checkable
class LeadPolicy(Protocol):
    """Anything that judges a lead as of a date, declaring ``judges = "leads"``.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> class AlwaysNurture:
    ...     kind = "acme.always_nurture"
    ...     judges = "leads"
    ...     def evaluate(self, lead, *, as_of):
    ...         return kc.Decision(kc.LeadVerdict.NURTURE, subject=lead.id, as_of=as_of)
    >>> isinstance(AlwaysNurture(), p.LeadPolicy), p.Bant().judges
    (True, 'leads')
    """

    judges: ClassVar[str]
    """``"leads"``: what :func:`~kam_core.analyze` runs the policy on."""

    @property
    def kind(self) -> str: ...

    def evaluate(self, lead: Lead, *, as_of: date) -> Decision[Any]: ...


@runtime_checkable
class ClientPolicy(Protocol):
    """Anything that judges a client and its stats as of a date, declaring ``judges = "clients"``.

    Its outcomes land in report rows under its ``report_key`` when it declares one
    (every handoff policy declares ``"handoff"``), else under its ``kind``.

    >>> from kam_core import policies as p
    >>> rules = p.HunterToFarmer(when=p.OrderCount(at_least=3))
    >>> isinstance(rules, p.ClientPolicy), rules.judges, rules.report_key
    (True, 'clients', 'handoff')
    """

    judges: ClassVar[str]
    """``"clients"``: what :func:`~kam_core.analyze` runs the policy on."""

    @property
    def kind(self) -> str: ...

    def evaluate(self, client: Client, stats: ClientStats, *, as_of: date) -> Decision[Any]: ...


@runtime_checkable
class ClientLabeller(Protocol):
    """A client policy that can give its outcome without building its explanation.

    ``label(client, stats, as_of=...)`` must always equal
    ``evaluate(client, stats, as_of=...).outcome``; a report then explains the outcome
    (calls ``evaluate``) only when a row's decisions are read.

    >>> from kam_core import policies as p
    >>> isinstance(p.HandoffRules(transfers=(p.Reactivation(),)), p.ClientLabeller)
    True
    """

    def label(self, client: Client, stats: ClientStats, *, as_of: date) -> Any: ...


@runtime_checkable
class FittedSegmentation(Protocol):
    """A segmentation fitted to a population: assigns one client to a segment.

    >>> from datetime import date
    >>> from kam_core import ClientStats, policies as p
    >>> stats = ClientStats.empty("C-1", date(2026, 11, 24), "RUB")
    >>> isinstance(p.Abc().fit([stats]), p.FittedSegmentation)
    True
    """

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]: ...


@runtime_checkable
class FittedLabeller(Protocol):
    """A fitted segmentation that can give a client's label without its explanation.

    ``label(stats, client=...)`` must always equal ``assign(stats, client=...).outcome``.

    >>> from datetime import date
    >>> from kam_core import ClientStats, policies as p
    >>> stats = ClientStats.empty("C-1", date(2026, 11, 24), "RUB")
    >>> fitted = p.Sleeping().fit([stats])
    >>> isinstance(fitted, p.FittedLabeller), fitted.label(stats) == fitted.assign(stats).outcome
    (True, True)
    """

    def label(self, stats: ClientStats, *, client: Client | None = None) -> Any: ...


@runtime_checkable
class SegmentationPolicy(Protocol):
    """Learns thresholds from a population, then assigns clients to segments.

    >>> from kam_core import policies as p
    >>> isinstance(p.Xyz(), p.SegmentationPolicy), isinstance(p.Bant(), p.SegmentationPolicy)
    (True, False)
    """

    @property
    def kind(self) -> str: ...

    def fit(
        self,
        population: Iterable[ClientStats],
        *,
        clients: Iterable[Client] | Mapping[str, Client] | None = None,
    ) -> FittedSegmentation: ...


@runtime_checkable
class OnePassSegmentation(Protocol):
    """A segmentation that fits and labels a whole population in one pass.

    ``fit_labels(population, clients=...)`` returns the fitted segmentation and one
    label per member, in client-id order; each label equals what the fitted object's
    ``assign`` gives that member.  Every built-in segmentation has it: the base class
    fits, then labels each member, and ABC, RFM and sleeping read each client once for
    both (a subclass that overrides ``fit`` is fitted and labelled through its ``fit``).

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import ClientStats, policies as p
    >>> book = [ClientStats(c, date(2026, 11, 24), "RUB", ((date(2026, 6, 1), Decimal(v)),))
    ...         for c, v in (("C-1", 900), ("C-2", 60), ("C-3", 40))]
    >>> fitted, labels = p.Abc().fit_labels(book)
    >>> labels, [fitted.assign(s).outcome for s in book] == labels
    (['A', 'B', 'C'], True)
    """

    def fit_labels(
        self,
        population: Iterable[ClientStats],
        *,
        clients: Iterable[Client] | Mapping[str, Client] | None = None,
    ) -> tuple[FittedSegmentation, Sequence[Any]]: ...


@runtime_checkable
class FittedExplainer(Protocol):
    """A fitted segmentation that explains a label from the facts it was read from.

    ``explain(stats, facts, client=...)`` must always equal ``assign(stats,
    client=...)`` when ``facts`` are what :meth:`FactfulSegmentation.fit_facts` kept
    for that member; ``facts=None`` means "none kept": it measures the client again,
    as :meth:`assign` does.  Facts are opaque to everyone but the fitted object.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import ClientStats, policies as p
    >>> book = [ClientStats(c, date(2026, 11, 24), "RUB", ((date(2026, 6, 1), Decimal(v)),))
    ...         for c, v in (("C-1", 900), ("C-2", 100))]
    >>> fitted, labels, facts = p.Abc().fit_facts(book)
    >>> isinstance(fitted, p.FittedExplainer)
    True
    >>> fitted.explain(book[1], facts[1]) == fitted.assign(book[1]) == fitted.explain(book[1], None)
    True
    """

    def explain(
        self, stats: ClientStats, facts: Any, *, client: Client | None = None
    ) -> Decision[Any]: ...


@runtime_checkable
class FactfulSegmentation(Protocol):
    """A segmentation that fits, labels and keeps each member's facts in one pass.

    ``fit_facts(population, clients=...)`` returns the fitted segmentation (a
    :class:`FittedExplainer`), one label per member and one fact record per member,
    both in client-id order; each label equals ``fit_labels``'s.  A report keeps the
    facts beside the labels, so that reading a row's decisions formats what the
    labelling pass measured instead of running the policy again.  Every built-in
    segmentation has it.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import ClientStats, policies as p
    >>> book = [ClientStats(c, date(2026, 11, 24), "RUB", ((date(2026, 6, 1), Decimal(v)),))
    ...         for c, v in (("C-1", 900), ("C-2", 60), ("C-3", 40))]
    >>> fitted, labels, facts = p.Rfm().fit_facts(book)
    >>> labels == p.Rfm().fit_labels(book)[1]
    True
    """

    def fit_facts(
        self,
        population: Iterable[ClientStats],
        *,
        clients: Iterable[Client] | Mapping[str, Client] | None = None,
    ) -> tuple[FittedExplainer, Sequence[Any], Sequence[Any]]: ...
