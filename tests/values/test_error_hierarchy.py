"""Errors: one root, the builtin they resemble, data to report."""

from __future__ import annotations

import pytest

from kam_core import errors
from kam_core.errors import (
    ConfigProblem,
    CurrencyMismatchError,
    KamError,
    MoneyError,
    PolicyConfigError,
    PolicyEvaluationError,
)


@pytest.mark.parametrize(
    ("error", "builtins"),
    [
        (MoneyError, (ValueError,)),
        (CurrencyMismatchError, (MoneyError, ValueError)),
        (PolicyConfigError, (ValueError,)),
        (PolicyEvaluationError, ()),
        (errors.AmountFormatError, (MoneyError, ValueError)),
        (errors.RowError, (ValueError,)),
        (errors.DuplicateIdError, (errors.RowError, ValueError)),
        (errors.FileEncodingError, (errors.RowError, UnicodeError, ValueError)),
        (errors.ReadOptionError, (ValueError,)),
        (errors.ReturnsExceedPurchasesError, (ValueError,)),
        (errors.LocaleError, (ValueError,)),
        (errors.TemplateError, (ValueError,)),
        (errors.PopulationTypeError, (TypeError,)),
    ],
)
def test_every_error_descends_from_kam_error_and_its_builtin(
    error: type[Exception], builtins: tuple[type[Exception], ...]
) -> None:
    """except KamError catches them all; except ValueError keeps working in host code."""
    assert issubclass(error, KamError)
    for base in builtins:
        assert issubclass(error, base)


def test_kam_error_is_an_exception_not_a_value_error() -> None:
    """The root is neutral: only the children pick a builtin."""
    assert issubclass(KamError, Exception)
    assert not issubclass(KamError, ValueError)
    assert not issubclass(PolicyEvaluationError, ValueError)


def test_public_error_names() -> None:
    """kam_core.errors exports exactly its error types."""
    assert sorted(errors.__all__) == [
        "AmountFormatError",
        "CalibrationError",
        "ConfigProblem",
        "CurrencyMismatchError",
        "DuplicateIdError",
        "FileEncodingError",
        "KamError",
        "LeadStageError",
        "LocaleError",
        "MoneyError",
        "PolicyConfigError",
        "PolicyEvaluationError",
        "PopulationTypeError",
        "ReadOptionError",
        "ReturnsExceedPurchasesError",
        "RowError",
        "TemplateError",
    ]


def test_money_error_carries_field_value_and_message() -> None:
    """Host code can report the field and the offending value."""
    err = MoneyError("amount", 0.1, "float is refused")
    assert (err.field, err.value, err.message) == ("amount", 0.1, "float is refused")
    assert str(err) == "amount=0.1: float is refused"


def test_currency_mismatch_names_both_currencies_and_the_field() -> None:
    """expected and actual are kept; the field defaults to currency."""
    err = CurrencyMismatchError("RUB", "USD", field="deal D-2")
    assert (err.expected, err.actual, err.field, err.value) == ("RUB", "USD", "deal D-2", "USD")
    assert "expected RUB, got USD" in str(err)
    assert CurrencyMismatchError("RUB", "EUR").field == "currency"


def test_policy_config_error_lists_every_problem_with_its_path() -> None:
    """All problems are reported at once, each with the path to it."""
    err = PolicyConfigError(
        [("when.of[0].at_least", "must be >= 1, got 0"), ConfigProblem("", "empty policy")]
    )
    assert [p.path for p in err.problems] == ["when.of[0].at_least", ""]
    assert str(err) == (
        "invalid policy configuration (2 problems):\n"
        "  when.of[0].at_least: must be >= 1, got 0\n"
        "  <root>: empty policy"
    )
    with pytest.raises(ValueError, match="2 problems"):
        raise err


def test_policy_config_error_with_one_problem_says_problem() -> None:
    """Singular for one problem."""
    assert str(PolicyConfigError([("kind", "unknown")])).startswith(
        "invalid policy configuration (1 problem):"
    )


def test_config_problems_are_values() -> None:
    """ConfigProblem compares by path and message."""
    assert ConfigProblem("a", "b") == ConfigProblem("a", "b")
    assert str(ConfigProblem("rows[1]", "overlaps")) == "rows[1]: overlaps"
