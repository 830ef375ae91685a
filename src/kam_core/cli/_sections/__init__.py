"""The sections of a report, one builder each, shared by every format that shows sections.

A builder is a function ``(Context) -> Section | None`` (None: nothing to show for this
book or policy set) in a module named after its section.  :data:`SECTIONS` lists them
in the order a report reads; to add a section, write its module and put its builder in
the list — the terminal table, HTML and the spreadsheet show it with no more code.

>>> from datetime import date
>>> import kam_core as kc
>>> from kam_core import policies as p
>>> book = kc.generate_book(40, seed=3, as_of=date(2026, 11, 24))
>>> policies = p.PolicySet.preset("erokhin", currency="RUB")
>>> report = kc.analyze(book.clients, book.deals(), as_of=book.as_of, policies=policies,
...                     leads=book.leads)
>>> doc = document(Context(report, policies, "en", title="40 clients"))
>>> [s.key for s in doc.sections]  # doctest: +NORMALIZE_WHITESPACE
['book', 'abc_xyz', 'abcd', 'rfm', 'segments', 'top', 'handoffs', 'sleeping', 'key_accounts',
 'funnel', 'questions', 'why_client', 'why_lead']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from kam_core.cli._sections import (
    abc_xyz,
    abcd,
    assortment,
    book,
    handoffs,
    key_accounts,
    leads,
    people,
    receivables,
    rfm,
    segments,
    sleeping,
    top,
    why,
)
from kam_core.cli._sections._context import Context
from kam_core.cli._sections._model import (
    Amount,
    Cell,
    Column,
    Explanation,
    Kind,
    Lines,
    Part,
    Section,
    Share,
    Table,
)

__all__ = [
    "SECTIONS",
    "Amount",
    "Builder",
    "Cell",
    "Column",
    "Context",
    "Document",
    "Explanation",
    "Kind",
    "Lines",
    "Part",
    "Section",
    "Share",
    "Table",
    "document",
]

Builder = Callable[[Context], Section | None]
"""A section builder: the section of this report, or None when it has nothing to show."""

SECTIONS: tuple[Builder, ...] = (
    book.build,
    abc_xyz.build,
    abcd.build,
    rfm.build,
    segments.build,
    top.build,
    handoffs.build,
    sleeping.build,
    key_accounts.build,
    assortment.build,
    receivables.build,
    leads.funnel,
    leads.questions,
    people.this_week,
    people.load,
    why.client,
    why.lead,
)
"""Every section, in the order a report reads."""


@attrs.frozen
class Document:
    """A report as people read it: a title, the policy set that decided, the sections."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    context: Context = attrs.field(eq=False, repr=False)

    @property
    def lang(self) -> str:
        """The language of every word in it."""
        return self.context.lang


def document(ctx: Context, builders: Sequence[Builder] = SECTIONS) -> Document:
    """The sections of ``ctx``'s report that have something to show, in order."""
    policies = ctx.policies
    subtitle = ctx.say(
        "policies",
        name=policies.name,
        version=policies.ref.version,
        fingerprint=policies.ref.fingerprint,
        count=len(policies),
    )
    built = (builder(ctx) for builder in builders)
    return Document(ctx.title, subtitle, tuple(s for s in built if s is not None), ctx)
