"""Decisions: what every policy returns, explained by criteria and reason codes."""

from __future__ import annotations

import html
import operator
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from kam_core._money import Money
from kam_core._words import Term, check_locale, humanize, name_of, reason_text, text, words

__all__ = [
    "CriterionResult",
    "CriterionStatus",
    "Decision",
    "PolicyRef",
    "Reason",
    "jsonable",
    "outcome_words",
]

OutcomeT = TypeVar("OutcomeT")


def jsonable(value: object) -> Any:
    """A JSON-safe form of a value found in a decision.

    Money becomes ``{"amount": str, "currency": str}``, Decimal a string, dates ISO
    strings, enums their value, tuples lists, objects with ``to_dict()`` their dict.

    >>> jsonable((Money("1.50", "RUB"), Decimal("0.2"), date(2026, 1, 2)))
    [{'amount': '1.50', 'currency': 'RUB'}, '0.2', '2026-01-02']
    """
    kind = type(value)
    if kind in _AS_IS:
        return value
    exact = _EXACT.get(kind)
    if exact is not None:  # the common types by exact type: one lookup, not a chain of checks
        return exact(value)
    return _jsonable_other(value)


def _jsonable_other(value: object) -> Any:
    """:func:`jsonable` of a value whose exact type is not one of the common ones."""
    if value is None or isinstance(value, bool | int | str):
        if isinstance(value, Enum):
            return value.value
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Money):
        return value.to_dict()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list | frozenset | set):
        items = [jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, frozenset | set) else items
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump):
        return model_dump(mode="json")
    return str(value)


_AS_IS = frozenset({str, int, bool, float, type(None)})


def _sequence(value: tuple[Any, ...] | list[Any]) -> list[Any]:
    return [jsonable(v) for v in value]


def _mapping(value: dict[Any, Any]) -> dict[str, Any]:
    return {str(jsonable(k)): jsonable(v) for k, v in value.items()}


_EXACT: dict[type, Callable[[Any], Any]] = {
    Decimal: str,
    date: date.isoformat,
    datetime: datetime.isoformat,
    Money: Money.to_dict,
    tuple: _sequence,
    list: _sequence,
    dict: _mapping,
}
"""Exact type -> its JSON-safe form, as :func:`_jsonable_other` gives it for that type."""


class CriterionStatus(StrEnum):
    """Three-valued result of one criterion: facts missing make it UNKNOWN, never a guess.

    >>> [s.value for s in CriterionStatus]
    ['passed', 'failed', 'unknown']
    """

    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"


_EXACT[CriterionStatus] = operator.attrgetter("value")


def _freeze_params(params: Mapping[str, object] | tuple[tuple[str, object], ...]) -> Any:
    if type(params) is dict and all(type(k) is str for k in params):
        return tuple(sorted(params.items()))  # the common case, without re-keying
    items = params.items() if isinstance(params, Mapping) else params
    return tuple(sorted((str(k), v) for k, v in items))


@attrs.frozen
class Reason:
    """A stable dotted code with its parameters: the unit of explanation.

    Codes are API: they never change meaning.  Texts come from the catalogue.

    >>> r = Reason("criterion.failed", {"name": "budget"})
    >>> r.code, r.params["name"]
    ('criterion.failed', 'budget')
    >>> r.text("ru")
    'Бюджет: не выполнено'
    >>> r.to_dict()
    {'code': 'criterion.failed', 'params': {'name': 'budget'}}
    """

    code: str
    _params: tuple[tuple[str, object], ...] = attrs.field(
        default=(), converter=_freeze_params, alias="params"
    )

    @property
    def params(self) -> Mapping[str, object]:
        """The parameters, by name."""
        return MappingProxyType(dict(self._params))

    def text(self, locale: str = "en") -> str:
        """The reason in words in ``locale`` (one of ``kam_core``'s languages).

        An unknown locale is a :class:`~kam_core.errors.LocaleError` (a ``ValueError``)
        naming the languages there are.
        """
        return reason_text(self.code, dict(self._params), locale)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {"code": self.code, "params": {k: jsonable(v) for k, v in self._params}}


@attrs.frozen
class CriterionResult:
    """How one criterion came out: status, what was observed, the threshold, why.

    ``level`` carries graded criteria (BANT's 0–3); ``children`` the results of
    the criteria a combinator combined.

    >>> cr = CriterionResult("order_count", CriterionStatus.PASSED, observed=3, threshold=3)
    >>> cr.passed, cr.to_dict()["status"]
    (True, 'passed')
    """

    name: str
    status: CriterionStatus
    observed: object = None
    threshold: object = None
    reasons: tuple[Reason, ...] = ()
    level: int | None = None
    children: tuple[CriterionResult, ...] = ()

    @property
    def passed(self) -> bool:
        """Status is PASSED."""
        return self.status is CriterionStatus.PASSED

    @property
    def failed(self) -> bool:
        """Status is FAILED."""
        return self.status is CriterionStatus.FAILED

    @property
    def unknown(self) -> bool:
        """Status is UNKNOWN."""
        return self.status is CriterionStatus.UNKNOWN

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (children nested)."""
        out: dict[str, Any] = {
            "name": self.name,
            "status": self.status.value,
            "observed": jsonable(self.observed),
            "threshold": jsonable(self.threshold),
            "reasons": [r.to_dict() for r in self.reasons],
        }
        if self.level is not None:
            out["level"] = self.level
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


@attrs.frozen
class PolicyRef:
    """Which policy decided: its kind, the user's version label and the content hash.

    >>> PolicyRef("bant", "2026-11", "sha256:0123456789abcdef").to_dict()["version"]
    '2026-11'
    """

    kind: str
    version: str
    fingerprint: str

    def to_dict(self) -> dict[str, str]:
        """JSON-safe form."""
        return {"kind": self.kind, "version": self.version, "fingerprint": self.fingerprint}


_DECISION_FIELDS = (
    "outcome",
    "score",
    "criteria",
    "missing",
    "reasons",
    "policy",
    "as_of",
    "subject",
)


def outcome_words(outcome: object, kind: str | None, locale: str) -> str:
    """An outcome in words: enums by their catalogue names, labels by ``[name]`` keys.

    A plain-string label such as RFM's ``"loyal"`` is looked up as the name
    ``"<kind>.<label>"``, then ``"outcome.<label>"``; a label without a name shows with
    spaces for underscores (``"key_account_manager"`` → key account manager).  Other
    outcomes (a :class:`~kam_core.Handoff`, a plan) word themselves; None is
    ``outcome.none``.

    >>> outcome_words("loyal", "rfm", "ru"), outcome_words(None, None, "en")
    ('лояльные', 'undetermined')
    """
    if outcome is None:
        return name_of("outcome.none", locale)
    found = words(locale)
    if isinstance(outcome, str) and not isinstance(outcome, Enum):
        keys = [f"outcome.{outcome}"]
        if kind is not None:
            keys.insert(0, f"{kind}.{outcome}")
        for key in keys:
            name = found.name(key)
            if name is not None:
                return name
        return humanize(outcome)
    return found.value(outcome)


class Decision(Generic[OutcomeT]):
    """What a policy decided, with everything needed to explain and audit it.

    A "no" is a decision, never an exception.  ``outcome`` is the policy's verdict
    (an enum member, a segment label, a :class:`~kam_core.Handoff` or None);
    ``missing`` names the criteria whose facts are unknown, most useful question
    first.

    A frozen value: assigning an attribute raises ``attrs.exceptions.FrozenInstanceError``;
    decisions compare and hash by their fields, pickle and copy, and match by position
    (``case Decision(outcome, score): ...``).  It is a slotted class of kam_core's own
    rather than an attrs class because policies build one per lead in tight loops: its
    constructor fills the slots directly, a tenth of a BANT decision cheaper than an
    attrs-generated ``__init__`` (measured in ``docs/performance.md``).

    >>> d = Decision(outcome="A", reasons=(Reason("criterion.passed", {"name": "abc"}),
    ...                                    Reason("criterion.unknown", {"name": "xyz"})),
    ...              missing=("xyz",), subject="C-1", as_of=date(2026, 11, 24))
    >>> print(d.explain("ru"))
    C-1 на 24.11.2026: A. Класс ABC: выполнено
    - Класс XYZ: неизвестно, не хватает данных
    Что выяснить: класс XYZ
    >>> d.to_dict()["outcome"]
    'A'
    """

    __slots__ = (*_DECISION_FIELDS, "__weakref__")
    __match_args__ = (
        "outcome",
        "score",
        "criteria",
        "missing",
        "reasons",
        "policy",
        "as_of",
        "subject",
    )

    outcome: OutcomeT
    """The verdict: an enum member, a segment label, a :class:`~kam_core.Handoff` or None."""
    score: float | None
    """A 0–100 score, for policies that score (BANT, scorecards); else None."""
    criteria: tuple[CriterionResult, ...]
    """How each criterion came out."""
    missing: tuple[str, ...]
    """The criteria whose facts are unknown, the most useful question first."""
    reasons: tuple[Reason, ...]
    """Why, as reason codes with their parameters."""
    policy: PolicyRef | None
    """Which policy decided: kind, version and fingerprint."""
    as_of: date | None
    """The date the decision holds for."""
    subject: str | None
    """The id of the lead or client decided about."""

    def __init__(
        self,
        outcome: OutcomeT,
        score: float | None = None,
        criteria: tuple[CriterionResult, ...] = (),
        missing: tuple[str, ...] = (),
        reasons: tuple[Reason, ...] = (),
        policy: PolicyRef | None = None,
        as_of: date | None = None,
        subject: str | None = None,
    ) -> None:
        _set_outcome(self, outcome)
        _set_score(self, score)
        _set_criteria(self, criteria)
        _set_missing(self, missing)
        _set_reasons(self, reasons)
        _set_policy(self, policy)
        _set_as_of(self, as_of)
        _set_subject(self, subject)

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.outcome,
            self.score,
            self.criteria,
            self.missing,
            self.reasons,
            self.policy,
            self.as_of,
            self.subject,
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((Decision, *self._fields()))

    def __repr__(self) -> str:
        pairs = zip(_DECISION_FIELDS, self._fields(), strict=True)
        shown = ", ".join(f"{name}={value!r}" for name, value in pairs)
        return f"Decision({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return Decision, self._fields()

    def __str__(self) -> str:
        """The explanation in English (:meth:`explain`)."""
        return self.explain()

    def _repr_html_(self) -> str:
        """The explanation as a notebook shows it: the deciding line in bold, then the rest."""
        first, *rest = self.explain().split("\n")
        items = "".join(f"<li>{html.escape(line.removeprefix('- '))}</li>" for line in rest)
        listed = f"<ul>{items}</ul>" if items else ""
        return f"<div><p><strong>{html.escape(first)}</strong></p>{listed}</div>"

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, in order."""
        return tuple(r.code for r in self.reasons)

    def criterion(self, name: str) -> CriterionResult:
        """The result of the top-level criterion called ``name``."""
        for c in self.criteria:
            if c.name == name:
                return c
        raise KeyError(name)

    def _outcome_text(self, locale: str) -> str:
        """The outcome in words (:func:`outcome_words`); None by the policy's own word
        for "nothing" (``handoff_rules.none``: no handoff) when it has one."""
        kind = None if self.policy is None else self.policy.kind
        if self.outcome is None and kind is not None:
            own = words(locale).name(f"{kind}.none")
            if own is not None:
                return own
        return outcome_words(self.outcome, kind, locale)

    def explain(self, locale: str = "en") -> str:
        """The decision in words for a sales manager, in ``locale``.

        The first line states the outcome and the reason that decided it (the first
        reason), then the other reasons, one a line, then the criteria to ask about.
        The score shows only when no reason explains the decision: every built-in
        policy states its figures in its reasons.  An unknown locale is a
        :class:`~kam_core.errors.LocaleError` (a ``ValueError``) naming the languages
        there are.
        """
        check_locale(locale)
        outcome = self._outcome_text(locale)
        if self.subject is not None and self.as_of is not None:
            key = "explain.head"
        elif self.subject is not None:
            key = "explain.head.subject"
        elif self.as_of is not None:
            key = "explain.head.as_of"
        else:
            key = "explain.head.bare"
            outcome = outcome[:1].upper() + outcome[1:]  # the outcome starts the sentence
        params = {"outcome": outcome, "subject": self.subject, "as_of": self.as_of}
        head = text(key, locale, **params)
        reasons = [r.text(locale) for r in self.reasons]
        if reasons:
            first = text("explain.deciding", locale, head=head, reason=reasons[0])
        elif self.score is not None:
            first = text("explain.score", locale, head=head, score=self.score)
        else:
            first = head
        lines = [first]
        lines.extend(text("explain.item", locale, reason=r) for r in reasons[1:])
        if self.missing:
            # a policy's own word for a criterion (``dossier_completeness.history``) wins
            kind = "term" if self.policy is None else self.policy.kind
            asks = tuple(Term(m, kind=kind) for m in self.missing)
            lines.append(text("explain.ask", locale, missing=asks))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, stable key order."""
        return {
            "subject": self.subject,
            "outcome": jsonable(self.outcome),
            "score": self.score,
            "criteria": [c.to_dict() for c in self.criteria],
            "missing": list(self.missing),
            "reasons": [r.to_dict() for r in self.reasons],
            "policy": None if self.policy is None else self.policy.to_dict(),
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
        }


# A Decision's slots are its own (not a dependency's): its constructor fills them through
# their descriptors, since __setattr__ refuses every assignment.
(
    _set_outcome,
    _set_score,
    _set_criteria,
    _set_missing,
    _set_reasons,
    _set_policy,
    _set_as_of,
    _set_subject,
) = (Decision.__dict__[name].__set__ for name in _DECISION_FIELDS)
