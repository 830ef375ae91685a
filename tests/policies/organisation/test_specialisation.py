"""Stage 4 «Специализация»: analyse the new functions before adding a post (issue 19, item 3).

The book (docs/methodology.md#functions): wanting to work better with key accounts is not
a reason for a new position — KAM is a function first; at stage 4 the new functions are
analysed: key accounts, a product or category, a territory, lead nurturing, technical
support, events, a partner programme.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

import kam_core as kc

AS_OF = date(2026, 11, 24)


@attrs.frozen
class _Report:
    """A report's two readings the assessment uses: key-account counts and the leads."""

    key_accounts: dict[str, int]
    leads: tuple[kc.Decision[Any], ...] = ()

    def counts(self, key: str) -> dict[str, int]:
        assert key == "key_account"
        return self.key_accounts


def _leads(nurture: int, sql: int) -> tuple[kc.Decision[Any], ...]:
    return tuple(kc.Decision(kc.LeadVerdict.NURTURE) for _ in range(nurture)) + tuple(
        kc.Decision(kc.LeadVerdict.SQL) for _ in range(sql)
    )


def _one(report: _Report, function: kc.NewFunction, **kw: Any) -> kc.FunctionAssessment:
    return next(a for a in kc.assess_specialisation(report, **kw) if a.function is function)


def test_the_catalogue_lists_the_books_seven_new_functions_each_with_its_question() -> None:
    """Key accounts, product, territory, nurturing, support, events, partners — each asks."""
    assert [f.value for f in kc.NewFunction] == [
        "key_accounts",
        "product_promotion",
        "territory_promotion",
        "lead_nurturing",
        "technical_support",
        "events",
        "partner_programme",
    ]
    for f in kc.NewFunction:
        for locale in ("en", "ru"):
            assert f.question(locale).endswith("?")
            assert f.text(locale)


def test_key_account_management_is_a_function_first_not_a_new_position() -> None:
    """Three key accounts: the client managers carry the function; no new post."""
    a = _one(
        _Report({"key_account": 2, "national_account": 1, "not_key": 40}),
        kc.NewFunction.KEY_ACCOUNTS,
    )
    assert (a.needed, a.form, a.observed) == (True, kc.FunctionForm.WITHIN_EXISTING, 3)
    assert "не новая должность" in a.explain("ru")


def test_enough_key_accounts_fill_a_position_of_their_own() -> None:
    """Twelve key accounts against a line of ten: a key account manager position."""
    a = _one(_Report({"key_account": 12}), kc.NewFunction.KEY_ACCOUNTS)
    assert (a.needed, a.form) == (True, kc.FunctionForm.NEW_POSITION)


def test_without_key_accounts_the_function_is_not_needed_yet() -> None:
    """No key or national account: the function waits."""
    a = _one(_Report({"not_key": 40}), kc.NewFunction.KEY_ACCOUNTS)
    assert (a.needed, a.form, a.observed) == (False, None, 0)


def test_without_key_account_decisions_the_function_is_left_open() -> None:
    """A report without the key-account policy cannot judge the function."""
    a = _one(_Report({}), kc.NewFunction.KEY_ACCOUNTS)
    assert a.needed is None
    assert a.reasons[0].code == "specialisation.key_accounts.no_policy"


@pytest.mark.parametrize(
    ("nurture", "sql", "needed", "form"),
    [
        (2, 18, False, None),
        (8, 12, True, kc.FunctionForm.WITHIN_EXISTING),
        (400, 100, True, kc.FunctionForm.NEW_POSITION),
    ],
)
def test_leads_sent_back_to_nurture_call_for_lead_nurturing(
    nurture: int, sql: int, needed: bool, form: kc.FunctionForm | None
) -> None:
    """10 % nurtured: not needed; 40 %: a function of the scouts; 400 leads: a position."""
    a = _one(_Report({}, _leads(nurture, sql)), kc.NewFunction.LEAD_NURTURING)
    assert (a.needed, a.form, a.observed) == (needed, form, nurture)


def test_functions_the_deals_cannot_show_are_left_to_their_question() -> None:
    """Product, territory, support, events and partners: needed=None, the question printed."""
    out = kc.assess_specialisation(_Report({"key_account": 1}, _leads(1, 1)))
    open_ = [a for a in out if a.needed is None]
    assert [a.function for a in open_] == [
        kc.NewFunction.PRODUCT_PROMOTION,
        kc.NewFunction.TERRITORY_PROMOTION,
        kc.NewFunction.TECHNICAL_SUPPORT,
        kc.NewFunction.EVENTS,
        kc.NewFunction.PARTNER_PROGRAMME,
    ]
    said = open_[0].explain("ru")
    assert "решение за компанией" in said
    assert kc.NewFunction.PRODUCT_PROMOTION.question("ru") in said


def test_lines_outside_their_range_are_refused() -> None:
    """A share above one or a zero position line is a clear error."""
    with pytest.raises(ValueError, match="nurture_share_at"):
        kc.assess_specialisation(_Report({}), nurture_share_at=Decimal("1.5"))
    with pytest.raises(ValueError, match="at least 1"):
        kc.assess_specialisation(_Report({}), kam_position_at=0)
