"""Numbers typed by people (``1 250,50``, ``1250.50``, ``-3``) read exactly, never guessed.

One reading for every place that takes such text: :meth:`kam_core.Money.parse` and the
readers of :mod:`kam_core.io` (amounts, prices, quantities, margins).

The rules
---------
- Spaces group thousands: the ordinary space, the non-breaking space (U+00A0), the
  narrow and thin spaces (U+202F, U+2009) and the apostrophe (``1'250``) are dropped.
- A leading ``-``, ``+`` or the minus sign ``−`` (U+2212) gives the sign.
- The decimal separator is ``decimal`` (``","`` or ``"."``); the other one may group
  thousands in the whole part, in groups of three (``1.250,50`` with ``decimal=","``).
- With no rule (``decimal=None``) the text must read one way only:

  * ``1250.50``, ``1250,50``, ``0,125``, ``1 250,500``: one separator that cannot be a
    thousands separator (not followed by exactly three digits, or after a whole part
    that is not a group of one to three digits) is the decimal separator;
  * ``1,250`` and ``1.250`` are refused as **ambiguous** (one and a quarter, or twelve
    hundred and fifty?): a 1000× error must not pass in silence;
  * ``12,345,678`` (the same separator more than once, in groups of three) is a whole
    number; ``1,250.50`` (both separators) is refused as ambiguous between conventions.
- Refused always: exponents (``1e5``), ``NaN`` and infinities, letters and signs
  (``₽`` is handled by :meth:`~kam_core.Money.parse` itself), more than
  :data:`MAX_TEXT` characters.

>>> parse_number("1 250,50"), parse_number("1250.50"), parse_number("-3")
(Decimal('1250.50'), Decimal('1250.50'), Decimal('-3'))
>>> parse_number("1,250", decimal="."), parse_number("1,250", decimal=",")
(Decimal('1250'), Decimal('1.250'))
>>> parse_number("1,250")
Traceback (most recent call last):
...
kam_core.errors.AmountFormatError: amount='1,250': ambiguous: ',' may separate decimals \
(1.250) or thousands (1250); give the decimal separator
"""

from __future__ import annotations

from decimal import Decimal

from kam_core.errors import AmountFormatError

__all__ = ["MAX_TEXT", "check_decimal_rule", "parse_number"]

MAX_TEXT = 64
"""The longest text read as a number: more is not an amount a person typed."""

_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009'")
_ALLOWED = frozenset("0123456789.,")
_DIGITS = frozenset("0123456789")
_MINUS = frozenset("-\u2212")
_OTHER = {",": ".", ".": ","}
_NOT_FINITE = frozenset({"nan", "snan", "inf", "infinity"})


def check_decimal_rule(decimal: object) -> str | None:
    """``decimal`` itself when it is ``","``, ``"."`` or None; an error otherwise.

    >>> check_decimal_rule(","), check_decimal_rule(None)
    (',', None)
    """
    if decimal is None:
        return None
    if isinstance(decimal, str) and decimal in (",", "."):
        return decimal
    raise AmountFormatError(
        "decimal", decimal, "the decimal separator is ',' or '.' (or None)", code="amount.rule"
    )


def _grouping_like(whole: str, frac: str) -> bool:
    """True when ``whole.frac`` could also be ``whole`` thousands and ``frac`` units."""
    return len(frac) == 3 and 1 <= len(whole) <= 3 and whole[0] != "0"


def _fail(field: str, text: str, code: str, message: str) -> AmountFormatError:
    return AmountFormatError(field, text, message, code=code)


def _whole_groups(part: str, sep: str, field: str, text: str) -> str:
    """``part`` with ``sep`` as a thousands separator removed, its groups checked."""
    groups = part.split(sep)
    head = groups[0]
    if not (1 <= len(head) <= 3) or any(len(g) != 3 for g in groups[1:]):
        raise _fail(
            field,
            text,
            "amount.grouping",
            f"{sep!r} groups thousands only in threes (1{sep}250{sep}000)",
        )
    return "".join(groups)


def parse_number(text: str, *, decimal: str | None = None, field: str = "amount") -> Decimal:
    """The exact Decimal ``text`` writes, by the rules of the module docstring.

    ``decimal`` is ``","``, ``"."`` or None (no rule: ambiguous text is refused);
    ``field`` names the value in the error.  Raises
    :class:`~kam_core.errors.AmountFormatError` with a code saying what is wrong.

    >>> parse_number("1.250,50", decimal=","), parse_number("0,125"), parse_number("−7")
    (Decimal('1250.50'), Decimal('0.125'), Decimal('-7'))
    >>> parse_number("1e5")
    Traceback (most recent call last):
    ...
    kam_core.errors.AmountFormatError: amount='1e5': an exponent is not an amount a person \
types; write the digits
    """
    if text.isascii() and len(text) <= MAX_TEXT:  # the common cell: digits, maybe a point
        whole, point, frac = text.partition(".")
        if whole.isdigit() and (
            not point
            or (
                frac.isdigit()
                and (decimal == "." or (decimal is None and not _grouping_like(whole, frac)))
            )
        ):
            return Decimal(text)
    s = text.strip()
    if not s:
        raise _fail(field, text, "amount.empty", "empty")
    if len(s) > MAX_TEXT:
        raise _fail(
            field, text[:MAX_TEXT] + "…", "amount.too_long", f"longer than {MAX_TEXT} characters"
        )
    negative = False
    if s[0] in _MINUS or s[0] == "+":
        negative = s[0] != "+"
        s = s[1:]
    s = s.translate(_GROUPING)
    if not s or not _ALLOWED.issuperset(s) or not _DIGITS.intersection(s):
        low = s.lower()
        if low in _NOT_FINITE:
            raise _fail(field, text, "amount.not_finite", "not a finite number")
        if "e" in low and _DIGITS.intersection(low):
            raise _fail(
                field,
                text,
                "amount.exponent",
                "an exponent is not an amount a person types; write the digits",
            )
        raise _fail(
            field, text, "amount.not_a_number", "not a decimal number (e.g. 1250.50 or 1 250,50)"
        )
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        if decimal is None:
            raise _fail(
                field,
                text,
                "amount.mixed_separators",
                "both ',' and '.': one groups thousands, the other separates decimals; "
                "give the decimal separator",
            )
        whole, point, frac = s.rpartition(decimal)
        if not point or _OTHER[decimal] in frac:
            raise _fail(
                field,
                text,
                "amount.grouping",
                f"{_OTHER[decimal]!r} after the decimal separator {decimal!r}",
            )
        whole = _whole_groups(whole, _OTHER[decimal], field, text)
    elif commas or dots:
        sep = "," if commas else "."
        count = commas or dots
        if decimal is None:
            if count > 1:
                whole, frac = _whole_groups(s, sep, field, text), ""
            else:
                whole, _, frac = s.partition(sep)
                if _grouping_like(whole, frac):
                    grouped = whole + frac
                    shown = f"{whole}.{frac}"
                    raise _fail(
                        field,
                        text,
                        "amount.ambiguous",
                        f"ambiguous: {sep!r} may separate decimals ({shown}) or thousands "
                        f"({grouped}); give the decimal separator",
                    )
        elif sep == decimal:
            if count > 1:
                raise _fail(field, text, "amount.grouping", f"more than one {sep!r}")
            whole, _, frac = s.partition(sep)
        else:
            whole, frac = _whole_groups(s, sep, field, text), ""
    else:
        whole, frac = s, ""
    number = Decimal(f"{whole or '0'}.{frac}" if frac else whole or "0")
    return -number if negative and number else number
