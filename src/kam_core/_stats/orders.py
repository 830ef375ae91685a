"""A client's orders, (closing date, amount) pairs, stored compactly and exactly.

``ClientStats`` keeps every order (RFM recency, sleeping gaps and XYZ months need
them).  As a tuple of ``(date, Decimal)`` pairs an order costs ~200 bytes (tuple,
date, Decimal and a slot), so a streamed book's memory grew with its deals.  Here an
order is 13 bytes: its ordinal day in an ``array('i')``, its Decimal coefficient in an
``array('q')`` and its exponent in an ``array('b')``.  The amount read back is the
*same* Decimal (same digits and exponent: ``str()`` is unchanged), and sums are done
on the integers, giving the value and exponent Decimal addition gives.

An amount that does not fit (a coefficient beyond int64, an exponent beyond int8,
``-0``, NaN, infinity, a non-Decimal) or a day that is not a plain ``date`` switches
that client to :class:`PlainOrders`, the sorted tuple of pairs kept before: exact,
just not compact.

Orders are sorted by (date, amount) with a stable sort, exactly as
``tuple(sorted(pairs))`` sorts them.

>>> from datetime import date
>>> from decimal import Decimal
>>> book = orders_of([(date(2026, 3, 1), Decimal("250.50")), (date(2026, 1, 1), Decimal("100"))])
>>> type(book).__name__, len(book), book.pairs()[0][1], book.pairs()[1][1]
('CompactOrders', 2, Decimal('100'), Decimal('250.50'))
>>> book.amount(0, 2)
Decimal('350.50')
>>> type(orders_of([(date(2026, 1, 1), Decimal("1E+200"))])).__name__
'PlainOrders'
"""

from __future__ import annotations

import decimal
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from operator import itemgetter, le
from typing import Any

__all__ = [
    "NO_ORDERS",
    "CompactOrders",
    "OrderBuilder",
    "OrderPairs",
    "Orders",
    "PlainOrders",
    "orders_of",
]

OrderPairs = tuple[tuple[date, Decimal], ...]

_ZERO = Decimal(0)
# Never rounds: scaling a Decimal by a power of ten under it is exact.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_INT64 = 1 << 63
_EXP_MIN, _EXP_MAX = -128, 127  # array('b')
_POW10 = tuple(10**k for k in range(_EXP_MAX - _EXP_MIN + 1))
# Integer sums stand in for Decimal addition only where the context cannot overflow.
_SAFE_EXP = 10_000
_SAFE_BITS = 850  # 2**850 < 10**256 <= 10**prec once prec is beyond _POW10
_day = itemgetter(0)


def _encode(amount: object) -> tuple[int, int] | None:
    """(coefficient, exponent) of a Decimal that fits int64/int8, else None."""
    if type(amount) is not Decimal:
        return None
    # Fast path (faster than as_tuple): the plain form "-123.45" is the coefficient's
    # digits with a point placed by the exponent.
    head, _, tail = str(amount).partition(".")
    try:
        coef = int(head + tail)
    except ValueError:  # scientific form (1E+2), NaN, Infinity
        return _encode_tuple(amount)
    if not -_INT64 <= coef < _INT64 or len(tail) > -_EXP_MIN or (not coef and head[0] == "-"):
        return None  # beyond int64 or int8, or -0 (its sign would be lost)
    return coef, -len(tail)


def _encode_tuple(amount: Decimal) -> tuple[int, int] | None:
    """:func:`_encode` of a Decimal not written in plain form."""
    sign, digits, exp = amount.as_tuple()
    if type(exp) is not int or not _EXP_MIN <= exp <= _EXP_MAX or len(digits) > 19:
        return None  # NaN / infinity, or too large to fit
    coef = int(amount.scaleb(-exp, _EXACT))
    if not -_INT64 <= coef < _INT64 or (sign and not coef):
        return None  # beyond int64, or -0 (its sign would be lost)
    return coef, exp


def _decode(coef: int, exp: int) -> Decimal:
    """The Decimal with exactly this coefficient and exponent."""
    return Decimal(coef).scaleb(exp, _EXACT)


@lru_cache(maxsize=1 << 14)
def _next_month(ordinal: int) -> tuple[int, int]:
    """(month index, ordinal of the first day of the next month) of a day."""
    day = date.fromordinal(ordinal)
    index = day.year * 12 + day.month - 1
    year, month0 = divmod(index + 1, 12)
    return index, date(year, month0 + 1, 1).toordinal()


class Orders:
    """Sorted (date, amount) pairs, immutable; two layouts share this interface."""

    __slots__ = ()

    def __len__(self) -> int:
        raise NotImplementedError

    def pairs(self) -> OrderPairs:
        """Every (date, amount), sorted (built on each call for compact orders)."""
        raise NotImplementedError

    def dates(self) -> tuple[date, ...]:
        """Every order's date, sorted."""
        raise NotImplementedError

    def first(self) -> date | None:
        """The first order's date."""
        raise NotImplementedError

    def last(self) -> date | None:
        """The latest order's date."""
        raise NotImplementedError

    def span(self, start: date | None, end: date | None) -> tuple[int, int]:
        """Index range of the orders with ``start <= date < end`` (None: unbounded)."""
        raise NotImplementedError

    def amount(self, lo: int, hi: int) -> Decimal:
        """``sum(amounts[lo:hi], Decimal(0))``, value and exponent alike."""
        raise NotImplementedError

    def months(self) -> dict[int, Decimal]:
        """Month index -> summed amount (from Decimal(0)), months with orders, in order."""
        raise NotImplementedError

    def merged(self, other: Orders) -> Orders:
        """Orders of both: ``tuple(sorted(self.pairs() + other.pairs()))``."""
        if not other:
            return self  # immutable: safe to share
        if not self:
            return other
        if isinstance(self, CompactOrders) and isinstance(other, CompactOrders):
            return CompactOrders.build(
                self._days + other._days, self._coefs + other._coefs, self._exps + other._exps
            )
        return PlainOrders(tuple(sorted(self.pairs() + other.pairs())))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Orders):
            return NotImplemented
        if isinstance(self, CompactOrders) and isinstance(other, CompactOrders):
            if self._days != other._days:
                return False
            if self._coefs == other._coefs and self._exps == other._exps:
                return True
        return len(self) == len(other) and self.pairs() == other.pairs()

    def __hash__(self) -> int:
        return hash(self.pairs())

    def __repr__(self) -> str:
        return repr(self.pairs())


class CompactOrders(Orders):
    """Ordinal days, int64 coefficients and int8 exponents in three arrays."""

    __slots__ = ("_coefs", "_days", "_exps")

    def __init__(self, days: array[int], coefs: array[int], exps: array[int]) -> None:
        self._days = days
        self._coefs = coefs
        self._exps = exps

    @property
    def days(self) -> array[int]:
        """Every order's day as an ordinal, sorted (read-only: do not change it)."""
        return self._days

    @property
    def coefs(self) -> array[int]:
        """Every order's amount as an integer coefficient, in :attr:`days`' order."""
        return self._coefs

    @property
    def exps(self) -> array[int]:
        """Every order's decimal exponent: amount = coefficient × 10 ** exponent."""
        return self._exps

    @classmethod
    def build(cls, days: array[int], coefs: array[int], exps: array[int]) -> CompactOrders:
        """Sort (stably, by date then amount value) the orders given in input order."""
        n = len(days)
        if n == 0:
            return _EMPTY
        lo, hi = min(exps), max(exps)
        values: Iterable[int] = (
            coefs if lo == hi else [c * _POW10[e - lo] for c, e in zip(coefs, exps, strict=True)]
        )
        keys = list(zip(days, values, strict=True))
        if all(map(le, keys, islice(keys, 1, None))):
            return cls(days, coefs, exps)
        order = sorted(range(n), key=keys.__getitem__)
        return cls(
            array("i", [days[i] for i in order]),
            array("q", [coefs[i] for i in order]),
            array("b", [exps[i] for i in order]),
        )

    @classmethod
    def presorted(cls, days: array[int], coefs: array[int], exp: int) -> CompactOrders:
        """Orders given sorted by (date, amount), at least one, every amount at exponent ``exp``.

        For columns a dataframe already sorted (``kam_core.frames``): no Decimal is built.

        >>> from array import array
        >>> days, coefs = array("i", [739000, 739001]), array("q", [1000, 5])
        >>> book = CompactOrders.presorted(days, coefs, -2)
        >>> [str(a) for _, a in book.pairs()]
        ['10.00', '0.05']
        """
        return cls(days, coefs, array("b", [exp]) * len(days))

    def __reduce__(self) -> tuple[Any, ...]:
        return (CompactOrders, (self._days, self._coefs, self._exps))

    def __len__(self) -> int:
        return len(self._days)

    def _amounts(self, lo: int, hi: int) -> Iterator[Decimal]:
        return map(_decode, self._coefs[lo:hi], self._exps[lo:hi])

    def pairs(self) -> OrderPairs:
        return tuple(zip(self.dates(), self._amounts(0, len(self)), strict=True))

    def dates(self) -> tuple[date, ...]:
        return tuple(map(date.fromordinal, self._days))

    def first(self) -> date | None:
        return date.fromordinal(self._days[0]) if self._days else None

    def last(self) -> date | None:
        return date.fromordinal(self._days[-1]) if self._days else None

    def span(self, start: date | None, end: date | None) -> tuple[int, int]:
        days = self._days
        lo = 0 if start is None else bisect_left(days, start.toordinal())
        hi = len(days) if end is None else bisect_left(days, end.toordinal())
        return lo, max(lo, hi)

    def amount(self, lo: int, hi: int) -> Decimal:
        if lo >= hi:
            return _ZERO
        ctx = decimal.getcontext()
        prec = ctx.prec
        if ctx.Emax < _SAFE_EXP or ctx.Emin > -_SAFE_EXP:
            return self._decimal_sum(lo, hi)  # Decimal addition could overflow: let it
        if hi - lo == 1 and prec >= 19 and self._exps[lo] <= 0:
            # Decimal(0) + x is x itself: exact, as int64's 19 digits fit the precision
            return _decode(self._coefs[lo], self._exps[lo])
        coefs, exps = self._coefs[lo:hi], self._exps[lo:hi]
        low, high = min(exps), max(exps)
        base = min(low, 0)  # Decimal(0) + x takes the smaller exponent, 0 included
        if high == base:
            values: Iterable[int] = coefs
            total = sum(coefs)
        else:
            values = [c * _POW10[e - base] for c, e in zip(coefs, exps, strict=True)]
            total = sum(values)
        if min(values) < 0:
            if not total:  # the sign of an exact zero follows the rounding mode
                return self._decimal_sum(lo, hi)
            bound = sum(map(abs, values))
        else:
            bound = total
        if (bound >= _POW10[prec]) if prec < len(_POW10) else (bound.bit_length() > _SAFE_BITS):
            return self._decimal_sum(lo, hi)  # Decimal addition would round: let it
        return Decimal(total).scaleb(base, _EXACT)

    def _decimal_sum(self, lo: int, hi: int) -> Decimal:
        return sum(self._amounts(lo, hi), _ZERO)

    def months(self) -> dict[int, Decimal]:
        days, coefs, exps = self._days, self._coefs, self._exps
        n = len(days)
        if not n:
            return {}
        exp = exps[0]
        ctx = decimal.getcontext()
        prec = ctx.prec
        if (
            exp > 0
            or exps.count(exp) != n
            or min(coefs) < 0
            or prec < 19
            or ctx.Emax < _SAFE_EXP
            or ctx.Emin > -_SAFE_EXP
            or (prec < len(_POW10) and sum(coefs) >= _POW10[prec])
        ):
            return self._months_by_amount()
        # The usual client: one exponent, no refunds, a total within the precision.
        # Every month's Decimal sum is then exact, at that exponent: sum the integers.
        out: dict[int, Decimal] = {}
        index, next_month = _next_month(days[0])
        acc = 0
        for day, coef in zip(days, coefs, strict=True):
            if day >= next_month:
                out[index] = _decode(acc, exp)
                index, next_month = _next_month(day)
                acc = coef
            else:
                acc += coef
        out[index] = _decode(acc, exp)
        return out

    def _months_by_amount(self) -> dict[int, Decimal]:
        days = self._days
        out: dict[int, Decimal] = {}
        lo, n = 0, len(days)
        while lo < n:
            index, next_month = _next_month(days[lo])
            hi = bisect_left(days, next_month, lo)
            out[index] = self.amount(lo, hi)
            lo = hi
        return out


_EMPTY = CompactOrders(array("i"), array("q"), array("b"))
NO_ORDERS: Orders = _EMPTY


class PlainOrders(Orders):
    """The sorted tuple of (date, amount) pairs: for amounts or days that do not fit."""

    __slots__ = ("_pairs",)

    def __init__(self, pairs: OrderPairs) -> None:
        self._pairs = pairs

    def __reduce__(self) -> tuple[Any, ...]:
        return (PlainOrders, (self._pairs,))

    def __len__(self) -> int:
        return len(self._pairs)

    def pairs(self) -> OrderPairs:
        return self._pairs

    def dates(self) -> tuple[date, ...]:
        return tuple(d for d, _ in self._pairs)

    def first(self) -> date | None:
        return self._pairs[0][0] if self._pairs else None

    def last(self) -> date | None:
        return self._pairs[-1][0] if self._pairs else None

    def span(self, start: date | None, end: date | None) -> tuple[int, int]:
        pairs = self._pairs
        lo = 0 if start is None else bisect_left(pairs, start, key=_day)
        hi = len(pairs) if end is None else bisect_left(pairs, end, key=_day)
        return lo, max(lo, hi)

    def amount(self, lo: int, hi: int) -> Decimal:
        return sum((a for _, a in self._pairs[lo:hi]), _ZERO)

    def months(self) -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        for day, amount in self._pairs:
            key = day.year * 12 + day.month - 1
            out[key] = out.get(key, _ZERO) + amount
        return out


def orders_of(value: Iterable[tuple[date, Decimal]] | Orders) -> Orders:
    """The orders of ``value`` (pairs in any order, or orders already stored), sorted."""
    if isinstance(value, Orders):
        return value
    pairs = list(value)
    if not pairs:
        return _EMPTY
    days, coefs, exps = array("i"), array("q"), array("b")
    for day, amount in pairs:
        code = _encode(amount)
        if code is None or type(day) is not date:
            return PlainOrders(tuple(sorted(pairs)))
        days.append(day.toordinal())
        coefs.append(code[0])
        exps.append(code[1])
    return CompactOrders.build(days, coefs, exps)


class OrderBuilder:
    """Orders streaming in, one at a time: compact until an amount does not fit."""

    __slots__ = ("_coefs", "_days", "_exps", "_plain")

    def __init__(self) -> None:
        self._days: array[int] = array("i")
        self._coefs: array[int] = array("q")
        self._exps: array[int] = array("b")
        self._plain: list[tuple[date, Decimal]] | None = None

    def add(self, day: date, amount: Decimal) -> None:
        """Keep one order."""
        # _encode written out for the common case (this runs once per order of a book).
        # array('q') refuses a coefficient beyond int64 with OverflowError.  In plain form
        # (no "E") an int64 coefficient has an exponent in -24..0, which array('b') holds.
        if self._plain is None and type(amount) is Decimal and type(day) is date:
            head, _, tail = str(amount).partition(".")
            try:
                coef = int(head + tail)  # ValueError: 1E+2, NaN, Infinity
                self._coefs.append(coef)
            except (ValueError, OverflowError):
                pass
            else:
                if coef or head[0] != "-":
                    self._exps.append(-len(tail))
                    self._days.append(day.toordinal())
                    return
                self._coefs.pop()  # -0: its sign would be lost
        self._add_other(day, amount)

    def _add_other(self, day: date, amount: Decimal) -> None:
        """:meth:`add` of an order the fast path does not take."""
        if self._plain is None:
            code = _encode(amount)
            if code is not None and type(day) is date:
                self._days.append(day.toordinal())
                self._coefs.append(code[0])
                self._exps.append(code[1])
                return
            self._plain = list(
                zip(
                    map(date.fromordinal, self._days),
                    map(_decode, self._coefs, self._exps),
                    strict=True,
                )
            )
            self._days, self._coefs, self._exps = array("i"), array("q"), array("b")
        self._plain.append((day, amount))

    def freeze(self) -> Orders:
        """The orders kept so far, sorted."""
        if self._plain is not None:
            return PlainOrders(tuple(sorted(self._plain)))
        # copies (trimmed to size): the frozen orders must not share the builder's arrays
        return CompactOrders.build(self._days[:], self._coefs[:], self._exps[:])
