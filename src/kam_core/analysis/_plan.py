"""How an analysis uses each policy of a set: read from what the policies declare."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

from kam_core._decision import Decision, jsonable
from kam_core._domain.client import Client
from kam_core._domain.lead import Lead
from kam_core._domain.people import Manager
from kam_core._stats.client_stats import ClientStats
from kam_core._stats.touches import TouchStats
from kam_core.analysis._report import Report
from kam_core.analysis._rows import ClientRow, Explains, FromFacts, Reevaluates
from kam_core.analysis._store import ReportStore
from kam_core.errors import PolicyConfigError, PolicyEvaluationError
from kam_core.policies import (
    CLIENTS,
    LEADS,
    ClientLabeller,
    FactfulSegmentation,
    FittedLabeller,
    OnePassSegmentation,
    SegmentationPolicy,
)

__all__ = ["AnalysisPlan"]

_NO_REF = {"version": "", "fingerprint": ""}


def _chosen(policies: object) -> tuple[Any, ...]:
    inner = getattr(policies, "policies", None)
    if inner is not None:
        return tuple(inner)
    if isinstance(policies, Iterable) and not isinstance(policies, str | bytes | Mapping):
        return tuple(policies)
    raise TypeError(
        f"policies must be a PolicySet or an iterable of policies, got {type(policies)!r}"
    )


def _row_key(policy: Any, kind: str, at: str) -> str:
    key = getattr(policy, "report_key", kind)
    if not isinstance(key, str) or not key:
        raise PolicyConfigError(
            [(at, f"{kind!r} declares report_key={key!r}: give a non-empty str")]
        )
    return key


def _sleeping(policy: Any, kind: str, at: str) -> frozenset[str] | None:
    labels = getattr(policy, "sleeping_labels", None)
    if labels is None:
        return None
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        raise PolicyConfigError(
            [(at, f"{kind!r} declares sleeping_labels={labels!r}: give a set of labels")]
        )
    chosen = frozenset(labels)
    if not all(isinstance(label, str) for label in chosen):
        raise PolicyConfigError(
            [(at, f"{kind!r} declares sleeping_labels={labels!r}: labels are strings")]
        )
    return chosen


def _reads(policy: Any, kind: str, at: str, before: Sequence[str]) -> tuple[str, ...]:
    """The row keys whose verdicts a client policy declares it reads (``reads``)."""
    keys = getattr(policy, "reads", ())
    if isinstance(keys, str) or not isinstance(keys, Iterable):
        raise PolicyConfigError(
            [(at, f"{kind!r} declares reads={keys!r}: give a tuple of row keys")]
        )
    chosen = tuple(keys)
    absent = [k for k in chosen if k not in before]
    optional = getattr(policy, "reads_optional", ())
    if isinstance(optional, str) or not isinstance(optional, Iterable):
        raise PolicyConfigError(
            [(at, f"{kind!r} declares reads_optional={optional!r}: give a tuple of row keys")]
        )
    chosen += tuple(k for k in optional if k in before and k not in chosen)
    if absent:
        known = ", ".join(repr(k) for k in before) or "none"
        raise PolicyConfigError(
            [
                (
                    at,
                    f"{kind!r} reads the verdicts of {', '.join(repr(k) for k in absent)}, "
                    f"which no policy before it in the set decides (decided before it: "
                    f"{known}); add that policy to the set",
                )
            ]
        )
    return chosen


_WANTS = frozenset({"plays", "touches", "manager"})


def _wants(policy: Any, kind: str, at: str) -> frozenset[str]:
    """What else a client policy declares it reads (``wants``)."""
    wants: object = getattr(policy, "wants", frozenset())
    if isinstance(wants, str) or not isinstance(wants, Iterable):
        raise PolicyConfigError([(at, f"{kind!r} declares wants={wants!r}: give a set")])
    chosen = frozenset(wants)
    unknown = sorted(str(w) for w in chosen - _WANTS)
    if unknown:
        raise PolicyConfigError(
            [(at, f"{kind!r} wants {unknown}: analyze() offers {sorted(_WANTS)}")]
        )
    return chosen


def _refused(kind: str, judges: object) -> str:
    if judges is None:
        return (
            f"{kind!r} declares nothing analyze() runs: a segmentation has fit(), a client "
            "policy declares judges = 'clients' and evaluate(client, stats, *, as_of), a lead "
            "policy judges = 'leads' and evaluate(lead, *, as_of); evaluate other policies "
            "directly"
        )
    return f"{kind!r} declares judges={judges!r}: expected 'clients' or 'leads'"


def _read_only(labels: Mapping[str, frozenset[str]]) -> Mapping[str, frozenset[str]]:
    return MappingProxyType(dict(labels))


@attrs.frozen
class AnalysisPlan:
    """How :func:`~kam_core.analyze` uses each policy of a set, from what each declares.

    A policy with ``fit()`` is a segmentation
    (:class:`~kam_core.policies.SegmentationPolicy`); one with ``evaluate()`` declares
    what it judges: ``judges = "clients"`` (:class:`~kam_core.policies.ClientPolicy`)
    or ``judges = "leads"`` (:class:`~kam_core.policies.LeadPolicy`).  Nothing is
    guessed from signatures.  Each segmentation and client policy files its outcomes
    in the rows under its ``report_key`` when it declares one (every handoff policy
    declares ``"handoff"``), else under its ``kind``; when two share a key, the later
    one's outcome is the one rows, counts and the summary read.  A book's leads are
    judged by one lead policy at most.

    >>> from kam_core import policies as p
    >>> plan = AnalysisPlan.of([p.Bant(), p.HandoffRules(transfers=(p.Reactivation(),)),
    ...                         p.Abc(), p.Sleeping()])
    >>> plan.keys, plan.lead_policy.kind, dict(plan.sleeping_labels)
    (('abc', 'sleeping', 'handoff'), 'bant', {'sleeping': frozenset({...})})
    """

    segmentations: tuple[Any, ...]
    """The segmentations, in set order."""
    segmentation_keys: tuple[str, ...]
    """The row key of each segmentation."""
    client_policies: tuple[Any, ...]
    """The client policies, in set order."""
    client_keys: tuple[str, ...]
    """The row key of each client policy."""
    lead_policy: Any | None
    """The lead policy, or None."""
    refs: tuple[dict[str, str], ...] = attrs.field(hash=False)
    """kind, version and fingerprint of every policy, in set order (empty strings for a
    policy without a ``ref``)."""
    sleeping_labels: Mapping[str, frozenset[str]] = attrs.field(converter=_read_only, hash=False)
    """Row key -> the labels its policy declares mean a sleeping client."""
    client_wants: tuple[frozenset[str], ...] = attrs.field(default=(), hash=False)
    """Per client policy: what else it declares it reads (``wants``): ``"plays"`` (the
    play each verdict read prescribes), ``"touches"`` (the client's contact log),
    ``"manager"`` (the person working the client)."""
    client_reads: tuple[tuple[str, ...], ...] = attrs.field(default=(), hash=False)
    """Per client policy: the row keys of the verdicts it reads (``reads``), passed to it
    as ``verdicts=``; segmentations are decided first, client policies in set order."""

    @classmethod
    def of(cls, policies: object) -> AnalysisPlan:
        """The plan of a :class:`~kam_core.policies.PolicySet` or any iterable of policies.

        A policy without a string ``kind``, or with neither ``fit()`` nor ``evaluate()``,
        is a :class:`TypeError`; a policy that declares nothing :func:`analyze` runs,
        or a second lead policy, a :class:`~kam_core.errors.PolicyConfigError`.
        """
        seg: list[Any] = []
        seg_keys: list[str] = []
        cli: list[Any] = []
        cli_keys: list[str] = []
        lead: list[Any] = []
        refs: list[dict[str, str]] = []
        sleeping: dict[str, frozenset[str] | None] = {}
        client_sleeping: list[tuple[str, frozenset[str] | None]] = []
        reads: list[tuple[str, ...]] = []
        pending: list[tuple[Any, str, str]] = []
        for i, policy in enumerate(_chosen(policies)):
            at = f"policies[{i}]"
            kind = getattr(policy, "kind", None)
            if not isinstance(kind, str):
                raise TypeError(f"{policy!r} has no string 'kind'")
            ref = getattr(policy, "ref", None)
            refs.append(ref.to_dict() if ref is not None else {"kind": kind, **_NO_REF})
            if isinstance(policy, SegmentationPolicy) and callable(policy.fit):
                key = _row_key(policy, kind, at)
                seg.append(policy)
                seg_keys.append(key)
                sleeping[key] = _sleeping(policy, kind, at)
                continue
            if not callable(getattr(policy, "evaluate", None)):
                raise TypeError(f"policy {kind!r} has neither fit() nor evaluate()")
            judges = getattr(policy, "judges", None)
            if judges == CLIENTS:
                key = _row_key(policy, kind, at)
                cli.append(policy)
                cli_keys.append(key)
                client_sleeping.append((key, _sleeping(policy, kind, at)))
                pending.append((policy, kind, at))
            elif judges == LEADS:
                lead.append(policy)
            else:
                raise PolicyConfigError([(at, _refused(kind, judges))])
        if len(lead) > 1:
            raise PolicyConfigError(
                [
                    (
                        "policies",
                        "analyze() qualifies leads with one policy; got "
                        + ", ".join(repr(p.kind) for p in lead),
                    )
                ]
            )
        for i, (policy, kind, at) in enumerate(pending):  # what each may read: decided before
            reads.append(_reads(policy, kind, at, seg_keys + cli_keys[:i]))
        # rows hold segmentations first: a client policy sharing a key comes later
        for key, labels in client_sleeping:
            sleeping[key] = labels
        return cls(
            tuple(seg),
            tuple(seg_keys),
            tuple(cli),
            tuple(cli_keys),
            lead[0] if lead else None,
            tuple(refs),
            {key: labels for key, labels in sleeping.items() if labels is not None},
            client_wants=tuple(_wants(p, k, a) for p, k, a in pending),
            client_reads=tuple(reads),
        )

    @property
    def keys(self) -> tuple[str, ...]:
        """The row key of every segmentation, then of every client policy (repeats kept)."""
        return self.segmentation_keys + self.client_keys

    def only(self, policies: Iterable[Any]) -> AnalysisPlan:
        """The plan of some of this plan's segmentations and client policies, no lead policy.

        Each keeps its row key; ``policies`` are matched by identity.  A segmentation
        whose verdict a kept client policy reads is kept too.
        """
        keep = {id(policy) for policy in policies}
        seg = [(p, k) for p, k in zip(self.segmentations, self.segmentation_keys, strict=True)]
        cli = [
            (p, k, r, w)
            for p, k, r, w in zip(
                self.client_policies, self.client_keys, self._reads(), self._wants(), strict=True
            )
        ]
        cli = [(p, k, r, w) for p, k, r, w in cli if id(p) in keep]
        needed = {key for _, _, r, _ in cli for key in r}  # verdicts a kept policy reads
        seg = [(p, k) for p, k in seg if id(p) in keep or k in needed]
        keys = {k for _, k in seg} | {k for _, k, _, _ in cli}
        return AnalysisPlan(
            tuple(p for p, _ in seg),
            tuple(k for _, k in seg),
            tuple(p for p, _, _, _ in cli),
            tuple(k for _, k, _, _ in cli),
            None,
            (),
            {k: v for k, v in self.sleeping_labels.items() if k in keys},
            client_wants=tuple(w for _, _, _, w in cli),
            client_reads=tuple(r for _, _, r, _ in cli),
        )

    def _reads(self) -> tuple[tuple[str, ...], ...]:
        """:attr:`client_reads`, one entry per client policy (none read for a plan built
        without them)."""
        if len(self.client_reads) == len(self.client_policies):
            return self.client_reads
        return ((),) * len(self.client_policies)

    def _wants(self) -> tuple[frozenset[str], ...]:
        """:attr:`client_wants`, one entry per client policy."""
        if len(self.client_wants) == len(self.client_policies):
            return self.client_wants
        return (frozenset(),) * len(self.client_policies)

    def decide(
        self,
        population: Sequence[ClientStats],
        clients: Mapping[str, Client],
        as_of: date,
        *,
        touches: Mapping[str, TouchStats] | None = None,
        managers: Mapping[str, Manager] | None = None,
    ) -> tuple[ClientRow, ...]:
        """One row per client of ``population`` (one stats each, sorted by client id).

        Each policy runs over the whole population in turn — a column of outcomes — and
        the columns are then read across into rows.  Segmentations are fitted once
        (``fit_labels`` when they have it); a client policy judges the clients listed in
        ``clients`` (a row without a client record holds segmentations only).  Where a
        policy gives outcomes without explanations (``label``), rows explain on demand —
        from the facts the labelling pass kept where the segmentation keeps them
        (``fit_facts``); otherwise its decisions are made now and kept.
        """
        listed = tuple(clients.get(s.client_id) for s in population)
        n = len(population)
        outcomes: list[Sequence[Any]] = []
        sources: list[Sequence[Decision[Any] | Explains]] = []
        for pol, key in zip(self.segmentations, self.segmentation_keys, strict=True):
            if not population:
                break
            if isinstance(pol, FactfulSegmentation):
                explainer, labels, facts = pol.fit_facts(population, clients=clients)
                if len(labels) != n or len(facts) != n:
                    raise PolicyEvaluationError(
                        f"{key!r}: fit_facts() gave {len(labels)} labels and {len(facts)} "
                        f"facts for {n} clients"
                    )
                outcomes.append(labels)
                sources.append([FromFacts(explainer, f) for f in facts])
                continue
            if isinstance(pol, OnePassSegmentation):
                fitted, labels = pol.fit_labels(population, clients=clients)
                if len(labels) != n:
                    raise PolicyEvaluationError(
                        f"{key!r}: fit_labels() gave {len(labels)} labels for {n} clients"
                    )
                outcomes.append(labels)
                sources.append((fitted,) * n)
                continue
            fitted = pol.fit(population, clients=clients)
            if isinstance(fitted, FittedLabeller):
                label = fitted.label
                outcomes.append(
                    [label(s, client=c) for s, c in zip(population, listed, strict=True)]
                )
                explains: Explains = fitted  # type: ignore[assignment]  # fit() gives assign()
                sources.append((explains,) * n)
            else:
                made = [fitted.assign(s, client=c) for s, c in zip(population, listed, strict=True)]
                outcomes.append([d.outcome for d in made])
                sources.append(made)
        judged = len(outcomes)
        decided = list(self.segmentation_keys)
        books = {
            k: getattr(p, "playbook", None)
            for p, k in zip(self.segmentations, decided, strict=True)
        }
        for pol, key, reads, wants in zip(
            self.client_policies, self.client_keys, self._reads(), self._wants(), strict=True
        ):
            if reads or wants:
                # the columns decided so far, by key (a key decided twice: the later)
                columns = dict(zip(decided, outcomes, strict=True)) if population else {}
                context = _Context(
                    reads, wants, columns, books, touches or {}, managers or {}, as_of
                )
                out, src = context.judge(pol, population, listed)
                outcomes.append(out)
                sources.append(src)
                decided.append(key)
                continue
            decided.append(key)
            if isinstance(pol, ClientLabeller):
                outcomes.append(
                    [
                        None if c is None else pol.label(c, s, as_of=as_of)
                        for s, c in zip(population, listed, strict=True)
                    ]
                )
                sources.append((Reevaluates(pol, as_of),) * n)
            else:
                made = [
                    None if c is None else pol.evaluate(c, s, as_of=as_of)
                    for s, c in zip(population, listed, strict=True)
                ]
                outcomes.append([None if d is None else d.outcome for d in made])
                sources.append(made)  # None only where the row has no client: never read
        keys = self.keys
        across = zip(*outcomes, strict=True) if outcomes else itertools.repeat((), n)
        behind = zip(*sources, strict=True) if sources else itertools.repeat((), n)
        rows = []
        for s, c, outs, srcs in zip(population, listed, across, behind, strict=True):
            if c is None:
                outs, srcs = outs[:judged], srcs[:judged]
                row_keys = keys[:judged]
            else:
                row_keys = keys
            rows.append(
                ClientRow(s.client_id, s, tuple(zip(row_keys, outs, strict=True)), c, sources=srcs)
            )
        return tuple(rows)

    def qualify(self, leads: Iterable[Lead], as_of: date) -> tuple[Decision[Any], ...]:
        """The lead policy's decision on every lead, sorted by lead id (none without one)."""
        policy = self.lead_policy
        if policy is None:
            return ()
        return tuple(policy.evaluate(lead, as_of=as_of) for lead in sorted(leads, key=_lead_id))

    def report(
        self,
        as_of: date,
        store: ReportStore | Iterable[ClientRow],
        leads: Iterable[Lead] = (),
        *,
        managers: Mapping[str, Manager] | None = None,
        touches: Mapping[str, TouchStats] | None = None,
    ) -> Report:
        """The :class:`~kam_core.Report` over ``store``, with ``leads`` judged and this plan's
        policies and sleeping labels recorded, and the managers and touches given."""
        return Report(
            as_of,
            store,
            self.qualify(leads, as_of),
            self.refs,
            sleeping_labels=self.sleeping_labels,
            managers=managers or {},
            touches=touches or {},
        )


def _lead_id(lead: Lead) -> str:
    return lead.id


@attrs.frozen
class _Context:
    """What the analysis passes a client policy beside the client and its stats."""

    reads: tuple[str, ...]
    wants: frozenset[str]
    columns: Mapping[str, Sequence[Any]]
    books: Mapping[str, Any]
    touches: Mapping[str, TouchStats]
    managers: Mapping[str, Manager]
    as_of: date

    def judge(
        self,
        pol: Any,
        population: Sequence[ClientStats],
        listed: Sequence[Client | None],
    ) -> tuple[list[Any], list[Decision[Any] | Explains]]:
        """Judge every client with ``pol``, passing what it declared it reads.

        ``verdicts=`` (row key → outcome) when it reads verdicts; ``plays=`` (row key →
        the play that policy's playbook prescribes for the verdict), ``touches=`` and
        ``manager=`` when it wants them.  Each outcome comes with what explains it (a
        re-evaluation with the same context, or the decision itself).
        """
        out: list[Any] = []
        src: list[Decision[Any] | Explains] = []
        if not population:
            return out, src
        as_of = self.as_of
        chosen = [(key, self.columns[key]) for key in self.reads]
        books: list[tuple[str, Any]] = []
        if "plays" in self.wants:
            books = [(key, self.books.get(key)) for key in self.reads]
            books = [(key, b) for key, b in books if callable(getattr(b, "play_for", None))]
        labeller = isinstance(pol, ClientLabeller)
        for i, (s, c) in enumerate(zip(population, listed, strict=True)):
            if c is None:
                out.append(None)
                src.append(Reevaluates(pol, as_of))  # never read: the row has no client
                continue
            extra: dict[str, object] = {}
            if self.reads:
                verdicts = {key: column[i] for key, column in chosen}
                extra["verdicts"] = MappingProxyType(verdicts)
                if "plays" in self.wants:
                    plays = {}
                    for key, book in books:
                        label = jsonable(verdicts[key])
                        play = None if label is None else book.play_for(str(label))
                        if play is not None:
                            plays[key] = play
                    extra["plays"] = MappingProxyType(plays)
            if "touches" in self.wants:
                extra["touches"] = self.touches.get(c.id) or TouchStats.empty(c.id, as_of)
            if "manager" in self.wants:
                extra["manager"] = None if c.manager_id is None else self.managers.get(c.manager_id)
            context = MappingProxyType(extra)
            if labeller:
                out.append(pol.label(c, s, as_of=as_of, **context))
                src.append(Reevaluates(pol, as_of, context))
            else:
                made = pol.evaluate(c, s, as_of=as_of, **context)
                out.append(made.outcome)
                src.append(made)
        return out, src
