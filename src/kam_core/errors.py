"""Errors raised by kam_core: one hierarchy rooted at :class:`KamError`.

A policy's "no" is a :class:`~kam_core.Decision`, never an exception.  Exceptions
mean misuse (mixing currencies, stats of the wrong client) or broken configuration.

Every error subclasses the builtin it resembles, so ``except ValueError`` in host
code keeps working:

>>> from kam_core import errors
>>> issubclass(errors.CurrencyMismatchError, ValueError)
True
>>> err = errors.PolicyConfigError([("rows[2].when", "overlaps row 1")])
>>> print(err)
invalid policy configuration (1 problem):
  rows[2].when: overlaps row 1
>>> err.problems[0].path
'rows[2].when'
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from kam_core._brief import brief

__all__ = [
    "ConfigProblem",
    "CurrencyMismatchError",
    "KamError",
    "LeadStageError",
    "MoneyError",
    "PolicyConfigError",
    "PolicyEvaluationError",
    "RowError",
]


class KamError(Exception):
    """Root of every error kam_core raises on purpose.

    >>> try:
    ...     raise MoneyError("amount", 1.5, "float is refused")
    ... except KamError as exc:
    ...     print(type(exc).__name__)
    MoneyError
    """


class MoneyError(KamError, ValueError):
    """A money value is malformed or out of bounds, or an operation on money failed.

    Carries the offending ``field`` and ``value`` so host code can report them; the
    message shows the value cut short, however large it is.  When an operation fails
    (a sum past the bounds, a rounding the decimal context cannot hold), ``field`` is
    the operation as written and ``operands`` holds what it was applied to.

    >>> err = MoneyError("currency", "RUR", "unknown ISO 4217 currency code")
    >>> err.field, err.value, err.operands
    ('currency', 'RUR', ())
    >>> str(err)
    "currency='RUR': unknown ISO 4217 currency code"
    >>> str(MoneyError("amount", "9" * 10_000, "too long"))
    "amount='99999999999999999999999999999999999999999999999999'… (10,000 characters): too long"
    >>> from kam_core import Money
    >>> err = Money("999999999999999999", "RUB") * 10**5
    Traceback (most recent call last):
    ...
    kam_core.errors.MoneyError: Money('999999999999999999', 'RUB') * 100000: the result has 23 \
digits before the point; the bound is 22 (kam_core.wider_amount_bounds widens it)
    """

    def __init__(
        self, field: str, value: object, message: str, *, operands: tuple[object, ...] = ()
    ) -> None:
        self.field = field
        self.value = value
        self.message = message
        self.operands = operands
        where = field if operands else f"{field}={brief(value)}"
        super().__init__(f"{where}: {message}")


class CurrencyMismatchError(MoneyError):
    """Two money values in different currencies met in one operation.

    kam_core never converts currencies: convert in the host system first.

    >>> err = CurrencyMismatchError("RUB", "USD")
    >>> err.expected, err.actual
    ('RUB', 'USD')
    >>> str(err)
    "currency='USD': expected RUB, got USD; kam_core never converts currencies"
    """

    def __init__(self, expected: str, actual: str, field: str = "currency") -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(
            field, actual, f"expected {expected}, got {actual}; kam_core never converts currencies"
        )


@attrs.frozen
class ConfigProblem:
    """One problem found in a policy configuration, with the path to it.

    >>> ConfigProblem("when.of[0].at_least", "must be >= 1, got 0")
    ConfigProblem(path='when.of[0].at_least', message='must be >= 1, got 0')
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '<root>'}: {self.message}"


class PolicyConfigError(KamError, ValueError):
    """A policy configuration is invalid; lists every problem with its path.

    Raised at load time, never at the millionth evaluation.

    >>> err = PolicyConfigError([("kind", "unknown policy kind 'bantt'"), ("version", "empty")])
    >>> [p.path for p in err.problems]
    ['kind', 'version']
    """

    def __init__(self, problems: Iterable[ConfigProblem | tuple[str, str]]) -> None:
        self.problems: tuple[ConfigProblem, ...] = tuple(
            p if isinstance(p, ConfigProblem) else ConfigProblem(*p) for p in problems
        )
        count = len(self.problems)
        lines = [f"invalid policy configuration ({count} problem{'s' if count != 1 else ''}):"]
        lines.extend(f"  {p}" for p in self.problems)
        super().__init__("\n".join(lines))


class PolicyEvaluationError(KamError):
    """A policy was applied to inputs that cannot be judged together.

    Examples: stats of another client, an ``as_of`` earlier than the stats' own,
    a threshold in another currency than the client's purchases.

    >>> raise PolicyEvaluationError("stats are for client 'C-2', not 'C-1'")
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyEvaluationError: stats are for client 'C-2', not 'C-1'
    """


class RowError(KamError, ValueError):
    """A row of tabular input (a CSV export) cannot become an entity.

    Carries the ``row`` number (the header is row 1, as in a spreadsheet), the
    ``field`` (the column, after mapping) and the offending ``value``, so a host can
    point the user at the exact cell.

    >>> err = RowError(17, "amount", "12,x", "not a decimal number")
    >>> err.row, err.field, err.value
    (17, 'amount', '12,x')
    >>> str(err)
    "row 17, column 'amount': '12,x': not a decimal number"
    >>> str(RowError(1, None, None, "missing columns: id"))
    'row 1: missing columns: id'
    """

    def __init__(self, row: int, field: str | None, value: object, message: str) -> None:
        self.row = row
        self.field = field
        self.value = value
        self.message = message
        where = f"row {row}" if field is None else f"row {row}, column {field!r}"
        text = message if value is None else f"{brief(value)}: {message}"
        super().__init__(f"{where}: {text}")


class LeadStageError(KamError, ValueError):
    """A lead was moved to a stage its current stage cannot reach (see ``kam_core.advance``).

    Carries the lead id and both stages.

    >>> err = LeadStageError("L-1", "new", "converted")
    >>> err.lead_id, err.current, err.target
    ('L-1', 'new', 'converted')
    >>> str(err)
    "lead 'L-1': cannot go from stage 'new' to 'converted'"
    """

    def __init__(self, lead_id: str, current: str, target: str, hint: str = "") -> None:
        self.lead_id = lead_id
        self.current = current
        self.target = target
        message = f"lead {lead_id!r}: cannot go from stage {current!r} to {target!r}"
        super().__init__(message + (f"; {hint}" if hint else ""))
