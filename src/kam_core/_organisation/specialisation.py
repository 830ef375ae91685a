"""Stage 4 «Специализация»: which new function a company needs (docs/methodology.md#functions).

Before adding a post, the book says, analyse the new *functions* the sales system is to
take on: work with key accounts, stimulating the sales of a product or category, of a
territory, lead nurturing, technical support, events, a partner programme.  Wanting to
work better with key accounts is not a reason for a new position: KAM is a function
first.  :class:`NewFunction` is that catalogue, each with the question it answers and
its level in the three-level model (scouts, hunters, farmers; support).
:func:`assess_specialisation` reads an :func:`~kam_core.analyze` report: it judges the
functions the deals can show (key accounts, lead nurturing) — needed or not, and as a
function within existing positions or a new position — and leaves the others to the
company's answer to their question.  The lines are kam_core's, not the book's.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

import attrs

from kam_core._decision import Decision, Reason
from kam_core._domain.role import Function
from kam_core._words import Worded, text

__all__ = [
    "FunctionAssessment",
    "FunctionForm",
    "NewFunction",
    "assess_specialisation",
]


class NewFunction(Worded, StrEnum):
    """A new function a sales system may take on at stage 4 «Специализация».

    >>> NewFunction.KEY_ACCOUNTS.text("ru"), NewFunction.KEY_ACCOUNTS.level
    ('работа с ключевыми клиентами', <Function.FARMER: 'farmer'>)
    >>> print(NewFunction.LEAD_NURTURING.question("en"))
    Do leads that are not ready to buy yet get lost instead of being grown until they are?
    """

    __words__ = "new_function"

    KEY_ACCOUNTS = "key_accounts"
    PRODUCT_PROMOTION = "product_promotion"
    TERRITORY_PROMOTION = "territory_promotion"
    LEAD_NURTURING = "lead_nurturing"
    TECHNICAL_SUPPORT = "technical_support"
    EVENTS = "events"
    PARTNER_PROGRAMME = "partner_programme"

    @property
    def level(self) -> Function:
        """Where the function sits in the three-level model (kam_core's placing)."""
        return _LEVELS[self]

    def question(self, locale: str = "en") -> str:
        """The question the function answers, in ``locale``."""
        return text(f"new_function.question.{self.value}", locale)


_LEVELS = {
    NewFunction.KEY_ACCOUNTS: Function.FARMER,
    NewFunction.PRODUCT_PROMOTION: Function.FARMER,
    NewFunction.TERRITORY_PROMOTION: Function.HUNTER,
    NewFunction.LEAD_NURTURING: Function.SCOUT,
    NewFunction.TECHNICAL_SUPPORT: Function.SUPPORT,
    NewFunction.EVENTS: Function.SCOUT,
    NewFunction.PARTNER_PROGRAMME: Function.HUNTER,
}


class FunctionForm(Worded, StrEnum):
    """How a needed function is carried: within existing positions, or by a new one.

    >>> FunctionForm.WITHIN_EXISTING.text("ru")
    'функция в существующих должностях'
    """

    __words__ = "function_form"

    WITHIN_EXISTING = "within_existing"
    NEW_POSITION = "new_position"


@attrs.frozen
class FunctionAssessment:
    """What the data say about one new function.

    ``needed`` is True, False or None (not judged from the data: answer the question);
    ``form`` says how a needed function is carried; ``observed`` is the number the
    judgement read (key accounts, leads being nurtured).

    >>> a = FunctionAssessment(NewFunction.EVENTS, None, None, None,
    ...                        (Reason("specialisation.not_judged", {}),))
    >>> print(a.explain("en"))
    events: to be decided
    - The deals do not show whether this function is needed: answer its question
    - The question it answers: Would events bring new leads or strengthen the ties with the \
clients we have?
    """

    function: NewFunction
    needed: bool | None
    form: FunctionForm | None
    observed: int | None
    reasons: tuple[Reason, ...]

    def explain(self, locale: str = "en") -> str:
        """The function, the verdict, the reasons and the question, as a person reads it."""
        if self.needed is None:
            verdict = text("specialisation.open", locale)
        elif not self.needed:
            verdict = text("specialisation.not_needed", locale)
        else:
            assert self.form is not None
            verdict = self.form.text(locale)
        lines = [f"{self.function.text(locale)}: {verdict}"]
        lines += [f"- {r.text(locale)}" for r in self.reasons]
        lines.append(
            f"- {text('specialisation.question', locale)} {self.function.question(locale)}"
        )
        return "\n".join(lines)


class _ReportLike(Protocol):
    leads: tuple[Decision[Any], ...]

    def counts(self, key: str) -> dict[str, int]: ...


def assess_specialisation(
    report: _ReportLike,
    *,
    kam_position_at: int = 10,
    nurture_share_at: Decimal = Decimal("0.3"),
    nurture_position_at: int = 300,
) -> tuple[FunctionAssessment, ...]:
    """Which new functions the book of deals calls for, one assessment per function.

    * **key accounts** (``key_account`` decisions: key and national accounts): none → not
      needed; fewer than ``kam_position_at`` → a function of the existing client managers
      (KAM is a function first); from ``kam_position_at`` → a new key account manager
      position, enough accounts to fill one person's time;
    * **lead nurturing** (the BANT leads): not needed while the leads sent back to the
      scouts are below ``nurture_share_at`` of all leads; above it, a function of the
      scouts, and from ``nurture_position_at`` such leads a new position;
    * the other five are not judged from deals (``needed=None``): answer their question.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> book = kc.generate_book(300, seed=3, as_of=date(2026, 11, 24))
    >>> report = kc.analyze(book.clients, book.deals(), as_of=date(2026, 11, 24),
    ...                     policies=kc.policies.PolicySet.preset("erokhin"), leads=book.leads)
    >>> first = assess_specialisation(report)[0]
    >>> first.function.value, first.needed, first.form.value
    ('key_accounts', True, 'within_existing')
    """
    if kam_position_at < 1 or nurture_position_at < 1:
        raise ValueError("kam_position_at and nurture_position_at must be at least 1")
    if not Decimal(0) < nurture_share_at <= Decimal(1):
        raise ValueError(f"nurture_share_at={nurture_share_at}: must be in (0, 1]")
    out = [
        _key_accounts(report, kam_position_at),
        _nurturing(report, nurture_share_at, nurture_position_at),
    ]
    judged = {a.function for a in out}
    out += [
        FunctionAssessment(f, None, None, None, (Reason("specialisation.not_judged", {}),))
        for f in NewFunction
        if f not in judged
    ]
    order = list(NewFunction)
    return tuple(sorted(out, key=lambda a: order.index(a.function)))


def _key_accounts(report: _ReportLike, at: int) -> FunctionAssessment:
    counts = report.counts("key_account")  # empty without key-account decisions
    f = NewFunction.KEY_ACCOUNTS
    if not counts:
        return FunctionAssessment(
            f, None, None, None, (Reason("specialisation.key_accounts.no_policy", {}),)
        )
    count = counts.get("key_account", 0) + counts.get("national_account", 0)
    if not count:
        return FunctionAssessment(
            f, False, None, 0, (Reason("specialisation.key_accounts.none", {}),)
        )
    if count < at:
        why = Reason("specialisation.key_accounts.function", {"count": count, "at": at})
        return FunctionAssessment(f, True, FunctionForm.WITHIN_EXISTING, count, (why,))
    why = Reason("specialisation.key_accounts.position", {"count": count, "at": at})
    return FunctionAssessment(f, True, FunctionForm.NEW_POSITION, count, (why,))


def _nurturing(report: _ReportLike, share_at: Decimal, at: int) -> FunctionAssessment:
    f = NewFunction.LEAD_NURTURING
    leads = len(report.leads)
    if not leads:
        return FunctionAssessment(
            f, None, None, None, (Reason("specialisation.lead_nurturing.no_leads", {}),)
        )
    nurtured = sum(1 for d in report.leads if str(d.outcome) == "nurture")
    share = Decimal(nurtured) / Decimal(leads)
    params: dict[str, object] = {
        "count": nurtured,
        "leads": leads,
        "share": share * 100,
        "at": share_at * 100,
    }
    if share < share_at:
        return FunctionAssessment(
            f, False, None, nurtured, (Reason("specialisation.lead_nurturing.low", params),)
        )
    if nurtured < at:
        why = Reason("specialisation.lead_nurturing.function", params)
        return FunctionAssessment(f, True, FunctionForm.WITHIN_EXISTING, nurtured, (why,))
    why = Reason("specialisation.lead_nurturing.position", {**params, "position_at": at})
    return FunctionAssessment(f, True, FunctionForm.NEW_POSITION, nurtured, (why,))
