"""compare(): two reports of the same book side by side — who moves, and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from kam_core._decision import Decision, Reason
from kam_core._words import text, words
from kam_core.analysis import ClientRow, Report
from kam_core.history._backtest import _label_of, _label_text, _policy_text

__all__ = ["ABSENT", "Change", "Comparison", "compare"]

ABSENT = "absent"
"""The label of a client a report has no row (or no outcome under the key) for."""


@attrs.frozen
class Change:
    """One client whose outcome under one key differs between the two reports."""

    client_id: str
    key: str
    """The row key: a policy's kind (``"abc"``) or its report key (``"handoff"``)."""
    kind: str
    """The kind of the policy that decided (the later report's, where it has one)."""
    before: str
    after: str
    before_reasons: tuple[Reason, ...]
    """Why the first report decided as it did (its decision's reasons, deciding first)."""
    after_reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, reasons as their ``to_dict()``."""
        return {
            "client_id": self.client_id,
            "key": self.key,
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
            "before_reasons": [r.to_dict() for r in self.before_reasons],
            "after_reasons": [r.to_dict() for r in self.after_reasons],
        }


@attrs.frozen
class Comparison:
    """The result of :func:`compare`: per key, the migration matrix and the clients who moved.

    ``matrix(key)`` counts clients by (label before, label after); ``changes`` lists
    every client whose label differs, sorted by key (in the first report's order, then
    the second's new keys) and client id.

    >>> from datetime import date
    >>> from kam_core.analysis import Report
    >>> empty = Report(date(2026, 11, 24), ())
    >>> compare(empty, empty).changes
    ()
    """

    before_as_of: date
    after_as_of: date
    keys: tuple[str, ...]
    matrices: Mapping[str, Mapping[str, Mapping[str, int]]]
    changes: tuple[Change, ...]
    kinds: Mapping[str, str] = attrs.field(factory=dict)
    """Key -> the kind of policy deciding it."""

    def matrix(self, key: str) -> Mapping[str, Mapping[str, int]]:
        """Label before -> label after -> clients, for ``key``."""
        return self.matrices[key]

    def changed(self, key: str | None = None) -> tuple[Change, ...]:
        """The changes, all or under ``key``."""
        return tuple(c for c in self.changes if key is None or c.key == key)

    def rows(self) -> list[dict[str, Any]]:
        """One JSON-safe dict per change."""
        return [c.to_dict() for c in self.changes]

    def summary(self) -> dict[str, Any]:
        """JSON-safe: per key its migration matrix and how many clients changed."""
        return {
            "before_as_of": self.before_as_of.isoformat(),
            "after_as_of": self.after_as_of.isoformat(),
            "keys": {
                key: {
                    "matrix": {a: dict(b) for a, b in self.matrices[key].items()},
                    "changed": len(self.changed(key)),
                }
                for key in self.keys
            },
        }

    def text(self, locale: str = "en", *, limit: int = 20) -> str:
        """The comparison in words: per policy its moves and the clients who moved, and why."""
        found = words(locale)
        if self.before_as_of == self.after_as_of:
            lines = [text("compare.title_same", locale, as_of=self.after_as_of)]
        else:
            before, after = self.before_as_of, self.after_as_of
            lines = [text("compare.title", locale, before=before, after=after)]
        for key in self.keys:
            kind = self.kinds.get(key, key)
            moved = self.changed(key)
            lines.append("")
            lines.append(
                text(
                    "compare.policy",
                    locale,
                    policy=_policy_text(key, kind, locale, found),
                    changed=len(moved),
                )
            )
            for a, row in self.matrices[key].items():
                for b, n in row.items():
                    if a != b:
                        lines.append(
                            text(
                                "compare.move",
                                locale,
                                before=_shown(kind, a, locale, found),
                                after=_shown(kind, b, locale, found),
                                count=n,
                            )
                        )
            for change in moved[:limit]:
                lines.append(
                    text(
                        "compare.client",
                        locale,
                        client=change.client_id,
                        before=_shown(kind, change.before, locale, found),
                        after=_shown(kind, change.after, locale, found),
                    )
                )
                for side, why in (
                    ("before", change.before_reasons),
                    ("after", change.after_reasons),
                ):
                    if why:
                        lines.append(
                            text(f"compare.why_{side}", locale, reason=why[0].text(locale))
                        )
            if len(moved) > limit:
                lines.append(text("cli.more", locale, n=len(moved) - limit))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text("en")


def _shown(kind: str, label: str, locale: str, found: Any) -> str:
    if label == ABSENT:
        return text("compare.absent", locale)
    return _label_text(kind, label, locale, found)


def _keys(report: Report) -> list[str]:
    return list(report.store.outcome_keys())


def _kind(decision: Decision[Any] | None, key: str) -> str | None:
    if decision is None or decision.policy is None:
        return None
    return decision.policy.kind


def compare(before: Report, after: Report) -> Comparison:
    """Two reports of the same book — two policy versions, or two dates — side by side.

    For every row key either report holds (a policy's kind, or ``"handoff"``), the
    migration matrix counts clients by their label in ``before`` and in ``after``
    (``"absent"`` where a report has no row or no outcome for the client), and every
    client whose label differs is a :class:`Change` with both decisions' reasons.  A
    handoff's label is the role it goes to (``"client_manager"``), ``"none"`` when no
    handoff is due.  Explanations are built only for the clients that changed.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> book = kc.generate_book(clients=60, seed=2, as_of=date(2026, 11, 24))
    >>> old = kc.analyze(book.clients, book.deals(), as_of=date(2026, 11, 24),
    ...                  policies=[p.Sleeping()])
    >>> new = kc.analyze(book.clients, book.deals(), as_of=date(2026, 11, 24),
    ...                  policies=[p.Sleeping(drowsy=1.25, sleeping=1.5, lost=2.5)])
    >>> diff = kc.compare(old, new)
    >>> moved = diff.changed("sleeping")
    >>> sum(n for a, row in diff.matrix("sleeping").items() for b, n in row.items() if a != b) \
== len(moved)
    True
    >>> all(c.before_reasons and c.after_reasons for c in moved)
    True
    """
    keys = list(dict.fromkeys(_keys(before) + _keys(after)))
    rows_a = {r.client_id: r for r in before.clients}
    rows_b = {r.client_id: r for r in after.clients}
    ids = sorted(set(rows_a) | set(rows_b))
    matrices: dict[str, dict[str, dict[str, int]]] = {}
    changes: list[Change] = []
    kinds: dict[str, str] = {}
    for key in keys:
        tally: Counter[tuple[str, str]] = Counter()
        for cid in ids:
            a, b = _label(rows_a.get(cid), key), _label(rows_b.get(cid), key)
            tally[(a, b)] += 1
            if a != b:
                da, db = _decision(rows_a.get(cid), key), _decision(rows_b.get(cid), key)
                kind = _kind(db, key) or _kind(da, key) or key
                kinds.setdefault(key, kind)
                changes.append(
                    Change(
                        cid,
                        key,
                        kind,
                        a,
                        b,
                        () if da is None else da.reasons,
                        () if db is None else db.reasons,
                    )
                )
        if key not in kinds:
            kinds[key] = _first_kind(after, key) or _first_kind(before, key) or key
        matrix: dict[str, dict[str, int]] = {}
        for (a, b), n in sorted(tally.items()):
            matrix.setdefault(a, {})[b] = n
        matrices[key] = matrix
    return Comparison(before.as_of, after.as_of, tuple(keys), matrices, tuple(changes), kinds)


def _label(row: ClientRow | None, key: str) -> str:
    if row is None or all(k != key for k, _ in row.outcomes):
        return ABSENT
    return _label_of(row.outcome(key))


def _decision(row: ClientRow | None, key: str) -> Decision[Any] | None:
    return None if row is None else row.decision(key)


def _first_kind(report: Report, key: str) -> str | None:
    for ref in report.policies:
        if ref.get("kind") == key:
            return key
    for row in report.clients[:1]:
        return _kind(row.decision(key), key)
    return None
