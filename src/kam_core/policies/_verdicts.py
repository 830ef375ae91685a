"""Reading another policy's verdict: one definition per concept.

A client policy that acts on what another policy of the same set decided — the
handoff that reactivates the clients :class:`~kam_core.policies.Sleeping` calls
sleeping, the account plan that follows every verdict of the preset — reads the
verdict instead of deciding it again.  :class:`Segment` is the criterion that does it:
it passes when the verdict stored under a row key (a policy's ``report_key`` or
``kind``) is one of ``labels``.

:func:`~kam_core.analyze` evaluates the segmentations first and passes each client's
verdicts to the client policies that declare they read them (``reads``, the row keys);
a direct ``evaluate(..., verdicts={...})`` takes them as an explicit argument.  A
verdict that was not given is UNKNOWN, never a guess.

>>> from datetime import date
>>> from kam_core import policies as p
>>> asleep = p.Segment(of="sleeping", labels=("sleeping", "lost"))
>>> facts = p.Facts(as_of=date(2026, 11, 24), values={"sleeping": "lost"})
>>> asleep.evaluate(facts).status, asleep.evaluate(p.Facts(as_of=None)).status
(<CriterionStatus.PASSED: 'passed'>, <CriterionStatus.UNKNOWN: 'unknown'>)
>>> print(asleep.evaluate(facts).reasons[0].text("en"))
Verdict on sleeping clients: lost, one of sleeping, lost
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from kam_core._decision import CriterionResult
from kam_core._words import Term
from kam_core.policies._engine import FAILED, PASSED, UNKNOWN, Criterion, Evaluator, Facts, reason

__all__ = ["NO_VERDICTS", "Segment", "criteria_reads", "shown_label"]

NO_VERDICTS: Mapping[str, object] = MappingProxyType({})
"""The verdicts of a direct evaluation that was given none."""

_Key = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


def shown_label(of: str, value: object) -> object:
    """A verdict as a reason shows it: an enum member by its catalogue name, a plain label
    as it is (the analysis passes verdicts as the policies give them: enums by name).

    >>> shown_label("rfm", "champions")
    'champions'
    """
    if isinstance(value, Enum) or value is None:
        return value
    return str(value)


class Segment(Criterion):
    """The verdict another policy gave this client (stored under ``of``) is one of ``labels``.

    ``of`` is the row key of that policy: its ``report_key`` or else its ``kind``
    (``"sleeping"``, ``"key_account"``, ``"abcd"`` …).  The verdict is read from the
    facts' ``values`` under that key; when it is absent the criterion is UNKNOWN.

    >>> from datetime import date
    >>> from kam_core import policies as p
    >>> key = p.Segment(of="key_account", labels=("key_account", "national_account"))
    >>> r = key.evaluate(p.Facts(as_of=date(2026, 11, 24), values={"key_account": "not_key"}))
    >>> r.status.value, r.name, r.observed
    ('failed', 'key_account', 'not_key')
    >>> p.load_criterion(key.to_dict()) == key
    True
    """

    kind: Literal["segment"] = "segment"
    of: _Key
    """The row key of the policy whose verdict is read (its ``report_key`` or ``kind``)."""
    labels: Annotated[
        tuple[Annotated[str, Field(min_length=1, max_length=64)], ...],
        Field(min_length=1, max_length=100),
    ]
    """The labels that make the criterion pass."""
    default_name: ClassVar[str] = "segment"

    @property
    def name(self) -> str:
        """How decisions name this criterion: its ``label``, else the key it reads."""
        return self.label or self.of

    def compile(self) -> Evaluator:
        name, of, wanted = self.name, self.of, frozenset(self.labels)
        plain = tuple(shown_label(of, label) for label in self.labels)
        by_type: dict[type, tuple[object, ...]] = {}

        def shown(value: object) -> tuple[object, ...]:
            # the configured labels in the words of the verdict's own enum, when it has one
            if not isinstance(value, Enum):
                return plain
            cls = type(value)
            found = by_type.get(cls)
            if found is None:
                members = cls._value2member_map_
                found = by_type[cls] = tuple(
                    members.get(label, shown_label(of, label)) for label in self.labels
                )
            return found

        def evaluate(facts: Facts) -> CriterionResult:
            if of not in facts.values:
                why = reason("criterion.segment.unknown", of=Term(of, kind="policy"))
                return CriterionResult(name, UNKNOWN, threshold=self.labels, reasons=(why,))
            value = facts.values[of]
            text = None if value is None else str(value.value if isinstance(value, Enum) else value)
            params: dict[str, object] = {
                "of": Term(of, kind="policy"),
                "label": shown_label(of, value),
                "labels": shown(value),
            }
            if text is not None and text in wanted:
                why = reason("criterion.segment.in", **params)
                return CriterionResult(name, PASSED, text, self.labels, (why,))
            why = reason("criterion.segment.not_in", **params)
            return CriterionResult(name, FAILED, text, self.labels, (why,))

        return evaluate


def criteria_reads(criteria: Iterable[Criterion]) -> tuple[str, ...]:
    """The row keys whose verdicts ``criteria`` (and every criterion nested in them) read.

    >>> from kam_core import policies as p
    >>> criteria_reads([p.AllOf(of=(p.OrderCount(at_least=3),
    ...                             p.Not(of=p.Segment(of="sleeping", labels=("lost",)))))])
    ('sleeping',)
    """
    keys: set[str] = set()
    for criterion in criteria:
        for c in criterion.walk():
            if isinstance(c, Segment):
                keys.add(c.of)
    return tuple(sorted(keys))
