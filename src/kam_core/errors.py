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
from datetime import date

import attrs

from kam_core._brief import brief

__all__ = [
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


class KamError(Exception):
    """Root of every error kam_core raises on purpose.

    >>> try:
    ...     raise MoneyError("amount", 1.5, "float is refused")
    ... except KamError as exc:
    ...     print(type(exc).__name__)
    MoneyError

    Every error pickles with its attributes, as it must to cross from a worker process
    to its caller (a Dask cluster, a process pool):

    >>> import pickle
    >>> err = pickle.loads(pickle.dumps(RowError(7, "amount", "-5", "negative", code="io.x")))
    >>> err.row, err.code, str(err)
    (7, 'io.x', "row 7, column 'amount': '-5': negative")
    """

    def __reduce__(self) -> tuple[object, ...]:
        # the constructors take other arguments than ``args``: restore the state as is
        return (_restored, (type(self), self.args, self.__dict__))


def _restored(cls: type[KamError], args: tuple[object, ...], state: dict[str, object]) -> KamError:
    """An error as it was pickled (see :meth:`KamError.__reduce__`)."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


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


class AmountFormatError(MoneyError):
    """Text typed by a person is not an amount kam_core can read without guessing.

    Raised by :meth:`kam_core.Money.parse` (and the readers of :mod:`kam_core.io`,
    which report it as a row error) with a stable ``code``: ``amount.ambiguous``
    (``1,250``: a decimal comma or a thousands separator?), ``amount.mixed_separators``,
    ``amount.grouping``, ``amount.exponent``, ``amount.not_finite``,
    ``amount.currency_sign``, ``amount.too_long``, ``amount.empty`` or
    ``amount.not_a_number``.

    >>> err = AmountFormatError("amount", "1,250", "ambiguous", code="amount.ambiguous")
    >>> err.code, isinstance(err, MoneyError)
    ('amount.ambiguous', True)
    """

    def __init__(self, field: str, value: object, message: str, *, code: str) -> None:
        self.code = code
        super().__init__(field, value, message)


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


class PopulationTypeError(KamError, TypeError):
    """A function that reads a population of client stats was given something else.

    A population is what :func:`kam_core.build_stats` returns — a mapping of client id
    to :class:`~kam_core.ClientStats` — or any iterable of ``ClientStats`` (its values).
    Carries the ``argument`` name and the ``got`` description.

    >>> err = PopulationTypeError("population", "str 'C-1'")
    >>> err.argument, err.got
    ('population', "str 'C-1'")
    >>> str(err)  # doctest: +NORMALIZE_WHITESPACE
    "population: expected what build_stats() returns (a mapping of client id to ClientStats)
    or an iterable of ClientStats, got str 'C-1'"
    """

    def __init__(self, argument: str, got: str) -> None:
        self.argument = argument
        self.got = got
        super().__init__(
            f"{argument}: expected what build_stats() returns (a mapping of client id to "
            f"ClientStats) or an iterable of ClientStats, got {got}"
        )


class RowError(KamError, ValueError):
    """A row of tabular input (a CSV export) cannot become an entity.

    Carries the ``row`` number (the header is row 1, as in a spreadsheet), the
    ``field`` (the kam_core column, after renaming) and the offending ``value``, so a
    host can point the user at the exact cell.  Readers of :mod:`kam_core.io` also fill
    in the ``file``, the export's own ``column`` name when it differs from the field, a
    stable reason ``code`` (listed in ``docs/io.md``) and a ``hint`` saying how to read
    the row.

    >>> err = RowError(17, "amount", "12,x", "not a decimal number")
    >>> err.row, err.field, err.value, err.code
    (17, 'amount', '12,x', 'io.invalid')
    >>> str(err)
    "row 17, column 'amount': '12,x': not a decimal number"
    >>> str(RowError(1, None, None, "missing columns: id"))
    'row 1: missing columns: id'
    >>> str(RowError(4, "amount", "1,250", "one and a quarter or twelve hundred fifty?",
    ...              file="deals.csv", column="Сумма", code="io.amount.ambiguous",
    ...              hint="give the decimal separator"))
    "deals.csv: row 4, column 'Сумма' (amount): '1,250': one and a quarter or twelve \
hundred fifty?; give the decimal separator"
    """

    def __init__(
        self,
        row: int,
        field: str | None,
        value: object,
        message: str,
        *,
        file: str | None = None,
        column: str | None = None,
        code: str = "io.invalid",
        hint: str = "",
    ) -> None:
        self.row = row
        self.field = field
        self.value = value
        self.message = message
        self.file = file
        self.column = field if column is None else column
        self.code = code
        self.hint = hint
        super().__init__(self._text())

    def _text(self) -> str:
        where = f"{self.file}: " if self.file else ""
        where += f"row {self.row}"
        if self.field is not None:
            where += f", column {self.column!r}"
            if self.column != self.field:
                where += f" ({self.field})"
        text = self.message if self.value is None else f"{brief(self.value)}: {self.message}"
        return f"{where}: {text}" + (f"; {self.hint}" if self.hint else "")


class DuplicateIdError(RowError):
    """An id given twice in one export: two deals, clients or leads share it.

    The rows of one multi-line deal are consecutive; the same deal id again on a later,
    non-consecutive row is another deal with the same id, and nothing says which of the
    two is right, so the error names both rows: ``row`` and ``other_row``.

    >>> err = DuplicateIdError(9, "id", "D-1", other_row=2, kind="deal", file="deals.csv")
    >>> err.other_row, err.code
    (2, 'io.deal.duplicate_id')
    >>> print(err)
    deals.csv: row 9, column 'id': 'D-1': the same deal id is on row 2; the rows of one \
deal are consecutive, so these are two deals with one id
    """

    def __init__(
        self,
        row: int,
        field: str,
        value: str,
        *,
        other_row: int,
        kind: str,
        file: str | None = None,
        column: str | None = None,
    ) -> None:
        self.other_row = other_row
        self.kind = kind
        hint = (
            "the rows of one deal are consecutive, so these are two deals with one id"
            if kind == "deal"
            else f"one row per {kind}"
        )
        super().__init__(
            row,
            field,
            value,
            f"the same {kind} id is on row {other_row}",
            file=file,
            column=column,
            code=f"io.{kind}.duplicate_id",
            hint=hint,
        )


class FileEncodingError(RowError, UnicodeError):
    """A file's bytes are not text in the encoding it was read with.

    Names the ``encoding``, the byte ``offset`` (from 0; None for a stream, which is
    read ahead and cannot be read again) and the ``row`` holding it;
    for UTF-8 the hint suggests Windows-1251, the encoding Russian Excel saves CSV in.
    ``no_bom`` says the codec needs a byte-order mark the file does not start with
    (UTF-16 read as ``"utf-16"``).  ``except UnicodeError`` catches it too.

    >>> err = FileEncodingError("deals.csv", "utf-8", offset=51, row=2, byte=b"\\xcf",
    ...                         hint='pass encoding="cp1251"')
    >>> err.encoding, err.offset, err.row, err.code
    ('utf-8', 51, 2, 'io.file.encoding')
    >>> print(err)
    deals.csv: row 2: not utf-8 text: byte 0xcf at offset 51; pass encoding="cp1251"
    """

    def __init__(
        self,
        file: str | None,
        encoding: str,
        *,
        offset: int | None,
        row: int,
        byte: bytes,
        hint: str = "",
        no_bom: bool = False,
    ) -> None:
        self.encoding = encoding
        self.offset = offset
        shown = " ".join(f"0x{b:02x}" for b in byte[:4]) or "the end of the file"
        where = "" if offset is None else f" at offset {offset}"
        problem = "no byte-order mark at the start" if no_bom else f"byte {shown}{where}"
        super().__init__(
            row,
            None,
            None,
            f"not {encoding} text: {problem}",
            file=file,
            code="io.file.encoding",
            hint=hint,
        )


class ReadOptionError(KamError, ValueError):
    """An option given to a reader of :mod:`kam_core.io` is not one it understands.

    Raised before any row is read: a decimal separator other than ``","`` or ``"."``,
    an unknown time zone or encoding, a column renamed to a field the reader does not
    have, a value map for an unknown field.

    >>> err = ReadOptionError("decimal", ";", "expected ',' or '.'")
    >>> err.option, err.value
    ('decimal', ';')
    >>> str(err)
    "decimal=';': expected ',' or '.'"
    """

    def __init__(self, option: str, value: object, message: str) -> None:
        self.option = option
        self.value = value
        self.message = message
        super().__init__(f"{option}={value!r}: {message}")


class ReturnsExceedPurchasesError(KamError, ValueError):
    """A client's returns add up to more than it bought by the date of a return.

    A return (a credit note) takes back part of what was sold; more taken back than was
    ever sold to the client by that day means a purchase is missing from the deals, or a
    return is counted twice.  Names the client, the return (``deal_id``, when known, and
    its day ``on``) and both sums.

    >>> from datetime import date
    >>> err = ReturnsExceedPurchasesError("C-1", "R-7", date(2026, 3, 1), "1500", "1000", "RUB")
    >>> err.client_id, err.deal_id, err.returned, err.purchased
    ('C-1', 'R-7', '1500', '1000')
    >>> print(err)
    client 'C-1': returns of 1500 RUB by 2026-03-01 (return 'R-7') exceed its purchases \
of 1000 RUB up to that day; is a purchase missing from the deals?
    """

    def __init__(
        self,
        client_id: str,
        deal_id: str | None,
        on: date,
        returned: object,
        purchased: object,
        currency: str,
    ) -> None:
        self.client_id = client_id
        self.deal_id = deal_id
        self.on = on
        self.returned = returned
        self.purchased = purchased
        self.currency = currency
        which = "" if deal_id is None else f" (return {deal_id!r})"
        super().__init__(
            f"client {client_id!r}: returns of {returned} {currency} by {on.isoformat()}"
            f"{which} exceed its purchases of {purchased} {currency} up to that day; "
            "is a purchase missing from the deals?"
        )


class CalibrationError(KamError, ValueError):
    """The history given is too thin to fit a policy on: a refusal, not a fit.

    Names what was fitted, what it needed and what there was.

    >>> err = CalibrationError("bant", "leads with a known outcome", 30, 12)
    >>> err.needed, err.found
    (30, 12)
    >>> print(err)
    cannot calibrate bant: it needs at least 30 leads with a known outcome, the history has 12
    """

    def __init__(self, what: str, of: str, needed: int, found: int) -> None:
        self.what = what
        self.of = of
        self.needed = needed
        self.found = found
        super().__init__(
            f"cannot calibrate {what}: it needs at least {needed} {of}, the history has {found}"
        )


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


class LocaleError(KamError, ValueError):
    """Words were asked for in a language kam_core has no catalogue file for.

    Carries the ``locale`` asked for and the ``available`` ones.

    >>> err = LocaleError("de", ("en", "ru"))
    >>> err.locale, err.available
    ('de', ('en', 'ru'))
    >>> str(err)
    "locale='de': kam_core has words in en, ru"
    """

    def __init__(self, locale: object, available: Iterable[str]) -> None:
        self.locale = locale
        self.available = tuple(available)
        super().__init__(f"locale={locale!r}: kam_core has words in {', '.join(self.available)}")


class TemplateError(KamError, ValueError):
    """A text template of the catalogue (or one a user registers) cannot be used.

    Raised when the template is parsed — once, when it is first needed or registered —
    never as a blank in the middle of an explanation.  Carries the ``key`` (a reason
    code or a catalogue key), the ``locale`` and the problem.

    >>> err = TemplateError("acme.credit", "en", "unknown format 'percnt' in {share:percnt}")
    >>> err.key, err.locale
    ('acme.credit', 'en')
    >>> str(err)
    "acme.credit [en]: unknown format 'percnt' in {share:percnt}"
    """

    def __init__(self, key: str, locale: str, message: str) -> None:
        self.key = key
        self.locale = locale
        self.message = message
        super().__init__(f"{key} [{locale}]: {message}")
