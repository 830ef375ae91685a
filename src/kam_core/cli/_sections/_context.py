"""What every section reads: the report, the policy set, the language, and shared orderings."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from kam_core import ClientRow, DealStatus, Decision, Money, Report
from kam_core._words import format_value, segment_name
from kam_core.cli._common import say
from kam_core.cli._sections._model import Amount, Share
from kam_core.policies import PolicySet

__all__ = ["UNKNOWN", "Context", "ordered"]

UNKNOWN = "unknown"
"""The label of a client a segmentation could not judge (too few facts)."""


def ordered(labels: Iterable[str], first: Sequence[str], *, always: bool = False) -> list[str]:
    """``first`` in its order (all of it if ``always``), other labels sorted, unknown last.

    >>> ordered({"B", "unknown", "A", "Q"}, "ABC")
    ['A', 'B', 'Q', 'unknown']
    >>> ordered({"B"}, "ABC", always=True)
    ['A', 'B', 'C']
    """
    labels = set(labels)
    head = [x for x in first if always or x in labels]
    rest = sorted(labels - set(head) - {UNKNOWN})
    return head + rest + ([UNKNOWN] if UNKNOWN in labels else [])


@attrs.frozen
class Context:
    """A report about to be shown: what the sections share, computed once when first read.

    ``title`` heads the report; ``deal_counts`` (deals per status) is known when the
    command saw every deal (the demo), else None; ``funnel_note`` opens the lead funnel.
    """

    report: Report
    policies: PolicySet
    lang: str
    title: str
    deal_counts: Mapping[DealStatus, int] | None = None
    funnel_note: str | None = None
    """A line the lead funnel starts with (the demo's ``--sales-system``: which
    qualification preset judged the leads and what the scouts ask)."""

    @functools.cached_property
    def rows(self) -> tuple[ClientRow, ...]:
        """One row per client, by id."""
        return self.report.clients

    @functools.cached_property
    def kinds(self) -> frozenset[str]:
        """The kinds of the policies that decided."""
        return frozenset(ref["kind"] for ref in self.report.policies)

    @functools.cached_property
    def currency(self) -> str:
        """The book's currency (the policy set's when there are no clients; "" if neither)."""
        return next((r.stats.currency for r in self.rows), self.policies.currency or "")

    @functools.cached_property
    def by_revenue(self) -> tuple[ClientRow, ...]:
        """The rows, largest revenue first (ties by client id)."""
        return tuple(sorted(self.rows, key=lambda r: (-r.stats.total.amount, r.client_id)))

    @functools.cached_property
    def rank(self) -> Mapping[str, int]:
        """Each client's place in :attr:`by_revenue`."""
        return {r.client_id: i for i, r in enumerate(self.by_revenue)}

    @functools.cached_property
    def revenue(self) -> Decimal:
        """The book's revenue."""
        return sum((r.stats.total.amount for r in self.rows), Decimal(0))

    @functools.cached_property
    def due(self) -> tuple[tuple[ClientRow, Decision[Any]], ...]:
        """The handoffs due, by client id: each row with its handoff decision."""
        return tuple(
            (r, d)
            for r in self.rows
            if r.outcome("handoff") is not None
            and (d := r.decision("handoff")) is not None
            and d.outcome
        )

    # -- words ------------------------------------------------------------------------

    def say(self, key: str, /, **params: object) -> str:
        """The command line's phrase ``key`` in the report's language."""
        return say(key, self.lang, **params)

    def label(self, kind: str, label: object) -> str:
        """A segment label as a sales manager reads it (its catalogue name)."""
        if label is None:
            return "—"
        if label == UNKNOWN:
            return self.say("unknown")
        return segment_name(kind, str(label), self.lang)

    def role(self, role: Any) -> str:
        """A role or a company's position by its name; nobody when None."""
        if role is None:
            return self.say("nobody")
        return str(role.text(self.lang))

    def money(self, amount: Decimal) -> str:
        """An amount with its currency, as the catalogue writes money (``1 250,50 ₽``)."""
        if not self.currency:
            return format_value(amount, self.lang, "number.2")
        return format_value(Money(amount.quantize(Decimal("0.01")), self.currency), self.lang)

    def amount(self, amount: Decimal) -> Amount:
        """A money cell in the book's currency."""
        return Amount(amount, self.currency)

    def share(self, part: int | Decimal, whole: int | Decimal, places: int = 1) -> Share | None:
        """``part / whole`` as a per-cent cell; None (a dash) when ``whole`` is zero."""
        if not whole:
            return None
        return Share(Decimal(part) / Decimal(whole), places)

    def percent(self, part: int | Decimal, whole: int | Decimal, places: int = 1) -> str:
        """``part / whole`` as per cent in words; a dash when ``whole`` is zero."""
        if not whole:
            return "—"
        return format_value(Decimal(part) / Decimal(whole), self.lang, f"percent.{places}")

    @staticmethod
    def name(row: ClientRow) -> str:
        """The client's name, a dash without client facts."""
        return row.client.name if row.client is not None else "—"
