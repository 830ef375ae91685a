"""ClientStats: one client's purchases as of a date, mergeable across partitions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Self

import attrs

from kam_core._currencies import MINOR_UNITS
from kam_core._domain.deal import Deal, DealStatus
from kam_core._money import Money
from kam_core._stats.orders import (
    _EXACT,
    NO_ORDERS,
    OrderBuilder,
    OrderPairs,
    Orders,
    orders_of,
)
from kam_core._time import Month, Period
from kam_core.errors import (
    CurrencyMismatchError,
    MoneyError,
    PolicyEvaluationError,
    PopulationTypeError,
    ReturnsExceedPurchasesError,
)

__all__ = [
    "ClientStats",
    "ItemTotal",
    "PaymentDiscipline",
    "build_stats",
    "build_stats_at",
    "population_members",
    "stored_orders",
    "trusted_items",
]

_ZERO = Decimal(0)
_WON = DealStatus.WON
_RETURNED = DealStatus.RETURNED


@attrs.frozen
class ItemTotal:
    """What a client bought of one product or category, up to ``as_of``.

    ``category`` is the product's category (None for category totals and for
    products sold without one).

    >>> from datetime import date
    >>> a = ItemTotal("SKU-1", Decimal("100"), Decimal("2"), date(2026, 1, 5), date(2026, 1, 5))
    >>> b = ItemTotal("SKU-1", Decimal("50"), Decimal("1"), date(2026, 3, 1), date(2026, 3, 1))
    >>> m = a.merged(b)
    >>> m.revenue, m.quantity, m.first_on, m.last_on
    (Decimal('150'), Decimal('3'), datetime.date(2026, 1, 5), datetime.date(2026, 3, 1))
    """

    key: str
    revenue: Decimal
    quantity: Decimal
    first_on: date
    last_on: date
    category: str | None = None

    def merged(self, other: ItemTotal) -> ItemTotal:
        """Combine two totals of the same key (commutative, associative)."""
        cats = [c for c in (self.category, other.category) if c is not None]
        return ItemTotal(
            self.key,
            self.revenue + other.revenue,
            self.quantity + other.quantity,
            min(self.first_on, other.first_on),
            max(self.last_on, other.last_on),
            min(cats) if cats else None,
        )


@attrs.frozen
class PaymentDiscipline:
    """How a client pays, from deals' due and paid dates as of a date.

    A deal is *overdue* when its due date is before ``as_of`` and it was not paid by
    ``as_of``; a deal *paid late* was paid after its due date (on or before ``as_of``).

    >>> from datetime import date
    >>> from kam_core import ClientStats, Deal, Money
    >>> deals = [Deal(id="D-1", client_id="C-1", status="won", opened_on=date(2026, 1, 10),
    ...               closed_on=date(2026, 1, 10), amount=Money("1000", "RUB"),
    ...               due_on=date(2026, 2, 10), paid_on=date(2026, 2, 15)),
    ...          Deal(id="D-2", client_id="C-1", status="won", opened_on=date(2026, 3, 1),
    ...               closed_on=date(2026, 3, 1), amount=Money("500", "RUB"),
    ...               due_on=date(2026, 4, 1))]
    >>> pay = ClientStats.from_deals(deals, client_id="C-1", as_of=date(2026, 4, 11)).payments
    >>> pay.paid_late, pay.overdue, pay.overdue_amount, pay.overdue_share
    (1, 1, Decimal('500'), Decimal('0.5'))
    >>> pay.average_days_late   # (5 days late + 10 days overdue) / 2
    Decimal('7.5')
    """

    with_due_date: int = 0
    paid: int = 0
    paid_late: int = 0
    days_late_total: int = 0
    """Sum of days late over the deals paid late."""
    overdue: int = 0
    overdue_amount: Decimal = _ZERO
    overdue_days_total: int = 0
    """Sum over overdue deals of days since the due date, as of ``as_of``."""

    def merged(self, other: PaymentDiscipline) -> PaymentDiscipline:
        """Field-wise sum: the discipline of both partitions together."""
        return PaymentDiscipline(
            *(getattr(self, f.name) + getattr(other, f.name) for f in _PD_FIELDS)
        )

    @property
    def overdue_share(self) -> Decimal | None:
        """Overdue deals ÷ deals with a due date; None when there are none."""
        if not self.with_due_date:
            return None
        return Decimal(self.overdue) / Decimal(self.with_due_date)

    @property
    def average_days_late(self) -> Decimal | None:
        """Mean days late over deals paid late or still overdue; None when none is late."""
        late = self.paid_late + self.overdue
        if not late:
            return None
        return Decimal(self.days_late_total + self.overdue_days_total) / Decimal(late)


_PD_FIELDS = attrs.fields(PaymentDiscipline)


def _merge_items(a: tuple[ItemTotal, ...], b: tuple[ItemTotal, ...]) -> tuple[ItemTotal, ...]:
    merged: dict[str, ItemTotal] = {item.key: item for item in a}
    for item in b:
        have = merged.get(item.key)
        merged[item.key] = item if have is None else have.merged(item)
    return tuple(merged[k] for k in sorted(merged))


@attrs.frozen
class ClientStats:
    """One client's purchase summary as of a date.

    Built from won deals closed on or before ``as_of``; open, lost, cancelled and
    later deals are ignored.  **Returns** (:attr:`DealStatus.RETURNED`, e.g. credit
    notes) closed on or before ``as_of`` reduce the revenue on their own date: the
    readers of money — :attr:`total`, :attr:`revenue_by_month`,
    :meth:`monthly_amounts`, :meth:`revenue_in`, :attr:`average_order_value` — give
    *net* revenue (purchases minus returns), a month with only a return shows a negative
    amount, and :attr:`purchased` and :attr:`returned` give the two sides.  A return is
    not an order: :attr:`order_count`, the order dates and the first and last order are
    the purchases'.  :attr:`products` and :attr:`categories` say what was *bought*
    (a returned item was still bought: assortment and "bought product" rules read
    purchases); a return's margin, when given, reduces :attr:`margin`; its due and paid
    dates are not receivables.  Returns that add up to more than the client had bought
    by the day of a return are refused by :meth:`from_deals` and :func:`build_stats`
    (:class:`~kam_core.errors.ReturnsExceedPurchasesError`) unless the deals are one
    partition of a book (``partial=True``; check the merged stats with
    :meth:`check_returns`).  Memory is O(orders of this client), about 13 bytes an
    order: orders are stored compactly and read back exactly (see :attr:`orders`).
    Partial stats of
    the same client and ``as_of`` :meth:`merge` (associative, commutative, with
    :meth:`empty` as identity), so a book can be summarised per partition.

    >>> from datetime import date
    >>> from kam_core import Deal, Money
    >>> deals = [Deal(id=f"D-{i}", client_id="C-1", status="won", opened_on=date(2026, m, 1),
    ...               closed_on=date(2026, m, 5), amount=Money(a, "RUB"))
    ...          for i, (m, a) in enumerate([(1, "100"), (3, "250.50"), (12, "999")])]
    >>> stats = ClientStats.from_deals(deals, client_id="C-1", as_of=date(2026, 11, 24))
    >>> stats.order_count, stats.total, stats.last_order_on
    (2, Money('350.50', 'RUB'), datetime.date(2026, 3, 5))
    >>> {str(m): str(v) for m, v in stats.revenue_by_month.items()}
    {'2026-01': '100 RUB', '2026-03': '250.50 RUB'}
    """

    client_id: str
    as_of: date
    currency: str = attrs.field()
    _orders: Orders = attrs.field(default=NO_ORDERS, converter=orders_of)
    """The orders, compact; passed as ``orders=``: (date, Decimal) pairs in any order."""
    products: tuple[ItemTotal, ...] = ()
    """Per product, sorted by product id."""
    categories: tuple[ItemTotal, ...] = ()
    """Per category, sorted by category."""
    payments: PaymentDiscipline = PaymentDiscipline()
    margin_amount: Decimal = _ZERO
    margin_orders: int = 0
    """How many orders carried a margin (``margin_amount`` sums those)."""
    referrers: tuple[str, ...] = ()
    """Clients whose recommendation brought this client's orders, sorted, unique."""
    _returns: Orders = attrs.field(default=NO_ORDERS, converter=orders_of)
    """The returns, compact; passed as ``returns=``: (date, Decimal) pairs in any order."""

    @currency.validator
    def _check_currency(self, _attr: attrs.Attribute[str], value: str) -> None:
        if value not in MINOR_UNITS:
            raise MoneyError("currency", value, "unknown ISO 4217 currency code")

    # -- construction -------------------------------------------------------------------

    @classmethod
    def empty(cls, client_id: str, as_of: date, currency: str) -> Self:
        """Stats of a client with no orders: the identity of :meth:`merge`.

        >>> from datetime import date
        >>> ClientStats.empty("C-1", date(2026, 1, 1), "RUB").order_count
        0
        """
        return cls(client_id, as_of, currency)

    @classmethod
    def from_deals(
        cls,
        deals: Iterable[Deal],
        *,
        client_id: str,
        as_of: date,
        currency: str | None = None,
        partial: bool = False,
    ) -> ClientStats:
        """Summarise ``client_id``'s purchases (and returns) as of ``as_of``.

        ``deals`` may hold other clients' deals: they are skipped.  ``currency`` is
        read from the first order when not given; a client with no orders needs it.
        A deal in another currency raises :class:`~kam_core.errors.CurrencyMismatchError`.
        Returns exceeding the purchases by a return's date raise
        :class:`~kam_core.errors.ReturnsExceedPurchasesError`, unless ``partial`` says
        the deals are one part of the client's history (to :meth:`merge` later).

        >>> from datetime import date
        >>> from kam_core import Deal, Money
        >>> bought = Deal(id="D-1", client_id="C-1", status="won", opened_on=date(2026, 1, 5),
        ...               closed_on=date(2026, 1, 5), amount=Money("1000", "RUB"))
        >>> back = Deal(id="R-1", client_id="C-1", status="returned",
        ...             opened_on=date(2026, 2, 2), closed_on=date(2026, 2, 2),
        ...             amount=Money("300", "RUB"))
        >>> s = ClientStats.from_deals([bought, back], client_id="C-1", as_of=date(2026, 3, 1))
        >>> s.total, s.purchased, s.returned, s.order_count
        (Money('700', 'RUB'), Money('1000', 'RUB'), Money('300', 'RUB'), 1)
        >>> {str(m): str(v) for m, v in s.revenue_by_month.items()}
        {'2026-01': '1000 RUB', '2026-02': '-300 RUB'}
        >>> ClientStats.from_deals([back], client_id="C-1", as_of=date(2026, 3, 1))
        Traceback (most recent call last):
        ...
        kam_core.errors.ReturnsExceedPurchasesError: client 'C-1': returns of 300 RUB by \
2026-02-02 (return 'R-1') exceed its purchases of 0 RUB up to that day; ...
        """
        builder = _StatsBuilder(client_id, as_of, currency)
        for deal in deals:
            if deal.client_id == client_id:
                builder.add(deal)
        return builder.freeze(partial=partial)

    # -- reading ------------------------------------------------------------------------

    @property
    def orders(self) -> OrderPairs:
        """(closing date, amount) of every order, sorted by date, then amount.

        Built on each access from the compact store (13 bytes an order): the amounts
        are the Decimals given, digits and exponent alike.  The readers below
        (:attr:`order_count`, :attr:`total`, :meth:`revenue_in` ...) work on the store
        directly; prefer them in loops over many clients.

        >>> from datetime import date
        >>> s = ClientStats("C-1", date(2026, 12, 31), "RUB",
        ...                 orders=[(date(2026, 3, 1), Decimal("250.50")),
        ...                         (date(2026, 1, 9), Decimal("100"))])
        >>> [(d.isoformat(), str(a)) for d, a in s.orders]
        [('2026-01-09', '100'), ('2026-03-01', '250.50')]
        """
        return self._orders.pairs()

    @property
    def order_count(self) -> int:
        """Number of orders (won deals) up to ``as_of``."""
        return len(self._orders)

    @property
    def total(self) -> Money:
        """Net revenue up to ``as_of``: the orders minus the returns."""
        orders = self._orders
        amount = orders.amount(0, len(orders))
        returns = self._returns
        if returns:
            amount -= returns.amount(0, len(returns))
        return Money._trusted(amount, self.currency)

    @property
    def purchased(self) -> Money:
        """Revenue of the orders up to ``as_of``, before returns."""
        orders = self._orders
        return Money._trusted(orders.amount(0, len(orders)), self.currency)

    @property
    def returned(self) -> Money:
        """Money given back by returns up to ``as_of`` (zero without returns)."""
        returns = self._returns
        return Money._trusted(returns.amount(0, len(returns)), self.currency)

    @property
    def return_count(self) -> int:
        """Number of returns up to ``as_of``."""
        return len(self._returns)

    @property
    def returns(self) -> OrderPairs:
        """(date, amount) of every return, sorted by date, then amount."""
        return self._returns.pairs()

    def returned_in(self, period: Period | None) -> Money:
        """Money given back by returns inside ``period`` (None = all history).

        >>> from datetime import date
        >>> s = ClientStats("C-1", date(2026, 3, 1), "RUB",
        ...                 orders=[(date(2026, 1, 5), Decimal(1000))],
        ...                 returns=[(date(2026, 2, 2), Decimal(300))])
        >>> s.returned_in(Period(date(2026, 2, 1), date(2026, 3, 1))), s.total
        (Money('300', 'RUB'), Money('700', 'RUB'))
        """
        returns = self._returns
        if period is None:
            lo, hi = 0, len(returns)
        else:
            lo, hi = returns.span(period.start, period.end)
        return Money._trusted(returns.amount(lo, hi), self.currency)

    @property
    def order_dates(self) -> tuple[date, ...]:
        """Closing dates of the orders, sorted (a date repeats for same-day orders)."""
        return self._orders.dates()

    @property
    def first_order_on(self) -> date | None:
        """Date of the first order, None without orders."""
        return self._orders.first()

    @property
    def last_order_on(self) -> date | None:
        """Date of the latest order, None without orders."""
        return self._orders.last()

    @property
    def revenue_by_month(self) -> Mapping[Month, Money]:
        """Net revenue per calendar month with orders or returns, in month order."""
        return MappingProxyType(
            {
                Month.from_index(i): Money._trusted(a, self.currency)
                for i, a in self._net_months().items()
            }
        )

    def monthly_amounts(self, months: Iterable[Month]) -> tuple[Decimal, ...]:
        """Net revenue of each of ``months`` (zero where nothing happened), as Decimals."""
        by_index = self._net_months()
        return tuple(by_index.get(m.index, _ZERO) for m in months)

    def _net_months(self) -> dict[int, Decimal]:
        """Month index -> orders minus returns of that month, months in order."""
        months = self._orders.months()
        returns = self._returns
        if not returns:
            return months
        for index, amount in returns.months().items():
            months[index] = months.get(index, _ZERO) - amount
        return dict(sorted(months.items()))

    def revenue_in(self, period: Period | None) -> Money:
        """Revenue of orders closed inside ``period`` (None = all history to ``as_of``).

        >>> from datetime import date
        >>> ClientStats.empty("C-1", date(2026, 1, 1), "RUB").revenue_in(None)
        Money('0', 'RUB')
        """
        if period is None:
            return self.total
        return Money._trusted(self._amount_between(period.start, period.end), self.currency)

    def orders_in(self, period: Period | None) -> int:
        """Number of orders closed inside ``period`` (None = all history)."""
        if period is None:
            return len(self._orders)
        return self._count_between(period.start, period.end)

    def _count_between(self, start: date | None, end: date | None) -> int:
        """Orders closed on ``start <= day < end`` (None: unbounded on that side)."""
        lo, hi = self._orders.span(start, end)
        return hi - lo

    def _amount_between(self, start: date | None, end: date | None) -> Decimal:
        """Net revenue on ``start <= day < end``, exactly (None: unbounded on that side).

        ``sum(order amounts, Decimal(0))`` minus the returns' sum when there are any.
        """
        amount = self._orders.amount(*self._orders.span(start, end))
        returns = self._returns
        if returns:
            amount -= returns.amount(*returns.span(start, end))
        return amount

    @property
    def average_order_value(self) -> Money | None:
        """Net total ÷ order count, unrounded; None without orders."""
        count = len(self._orders)
        if not count:
            return None
        return self.total / count  # type: ignore[no-any-return]

    @property
    def product_revenue(self) -> Mapping[str, Money]:
        """Revenue per product id (from deal lines), sorted by id."""
        return MappingProxyType(
            {p.key: Money._trusted(p.revenue, self.currency) for p in self.products}
        )

    @property
    def category_revenue(self) -> Mapping[str, Money]:
        """Revenue per category (from deal lines), sorted by category."""
        return MappingProxyType(
            {c.key: Money._trusted(c.revenue, self.currency) for c in self.categories}
        )

    @property
    def overdue(self) -> Money:
        """Overdue receivables as of ``as_of``."""
        return Money._trusted(self.payments.overdue_amount, self.currency)

    @property
    def margin(self) -> Money | None:
        """Sum of the margins of orders that carry one; None when no order does."""
        if not self.margin_orders:
            return None
        return Money._trusted(self.margin_amount, self.currency)

    def __repr__(self) -> str:
        # as attrs writes it, with ``orders=`` showing the (date, amount) pairs
        fields = ", ".join(f"{f.alias}={getattr(self, f.name)!r}" for f in _CS_FIELDS)
        return f"ClientStats({fields})"

    # -- combining ----------------------------------------------------------------------

    def merge(self, other: ClientStats) -> ClientStats:
        """Combine partial stats of the same client, ``as_of`` and currency.

        >>> from datetime import date
        >>> e = ClientStats.empty("C-1", date(2026, 1, 1), "RUB")
        >>> e.merge(e) == e
        True
        """
        if other.client_id != self.client_id:
            raise PolicyEvaluationError(
                f"cannot merge stats of client {other.client_id!r} into {self.client_id!r}"
            )
        if other.as_of != self.as_of:
            raise PolicyEvaluationError(
                f"cannot merge stats as of {other.as_of.isoformat()} into stats as of "
                f"{self.as_of.isoformat()}"
            )
        if other.currency != self.currency:
            raise CurrencyMismatchError(self.currency, other.currency)
        return ClientStats(
            self.client_id,
            self.as_of,
            self.currency,
            self._orders.merged(other._orders),
            _merge_items(self.products, other.products),
            _merge_items(self.categories, other.categories),
            self.payments.merged(other.payments),
            self.margin_amount + other.margin_amount,
            self.margin_orders + other.margin_orders,
            tuple(sorted(set(self.referrers) | set(other.referrers))),
            self._returns.merged(other._returns),
        )

    def check_returns(self) -> Self:
        """These stats, when no return takes back more than was bought by its day.

        :meth:`from_deals` and :func:`build_stats` check this themselves; call it on
        stats merged from partitions folded with ``partial=True``.  Raises
        :class:`~kam_core.errors.ReturnsExceedPurchasesError` naming the day.

        >>> from datetime import date
        >>> s = ClientStats("C-1", date(2026, 3, 1), "RUB",
        ...                 orders=[(date(2026, 2, 5), Decimal(1000))],
        ...                 returns=[(date(2026, 2, 2), Decimal(300))])
        >>> s.check_returns()
        Traceback (most recent call last):
        ...
        kam_core.errors.ReturnsExceedPurchasesError: client 'C-1': returns of 300 RUB by \
2026-02-02 exceed its purchases of 0 RUB up to that day; ...
        """
        _check_returns(self, [(d, a, None) for d, a in self._returns.pairs()])
        return self


_CS_FIELDS = attrs.fields(ClientStats)


def _check_returns(stats: ClientStats, returns: Iterable[tuple[date, Decimal, str | None]]) -> None:
    """Raise when cumulative returns exceed cumulative purchases on a return's day.

    Purchases of the same day count first; returns of one day are taken in id order,
    so the return named is the same whatever the input order.
    """
    pending = sorted(returns, key=lambda r: (r[0], r[2] or "", r[1]))
    if not pending:
        return
    orders = stats._orders.pairs()
    i, n = 0, len(orders)
    bought = back = _ZERO
    add = _EXACT.add
    for day, amount, deal_id in pending:
        while i < n and orders[i][0] <= day:
            bought = add(bought, orders[i][1])
            i += 1
        back = add(back, amount)
        if back > bought:
            raise ReturnsExceedPurchasesError(
                stats.client_id,
                deal_id,
                day,
                format(back, "f"),
                format(bought, "f"),
                stats.currency,
            )


class _StatsBuilder:
    """Mutable per-client accumulator: deals stream in, one ClientStats comes out."""

    __slots__ = (
        "as_of",
        "categories",
        "client_id",
        "currency",
        "margin_amount",
        "margin_orders",
        "orders",
        "pay",
        "products",
        "referrers",
        "returns",
    )

    def __init__(self, client_id: str, as_of: date, currency: str | None) -> None:
        if currency is not None and currency not in MINOR_UNITS:
            raise MoneyError("currency", currency, "unknown ISO 4217 currency code")
        self.client_id = client_id
        self.as_of = as_of
        self.currency = currency
        self.orders = OrderBuilder()
        self.products: dict[str, list[Any]] = {}
        self.categories: dict[str, list[Any]] = {}
        # with_due, paid, paid_late, days_late, overdue, overdue_amount, overdue_days
        self.pay: list[int | Decimal] = [0, 0, 0, 0, 0, _ZERO, 0]
        self.margin_amount = _ZERO
        self.margin_orders = 0
        self.referrers: set[str] = set()
        self.returns: list[tuple[date, Decimal, str | None]] = []

    def add(self, deal: Deal) -> None:
        """Fold one deal in; non-purchases and deals after ``as_of`` are skipped."""
        # This runs once per deal of a book: the per-line folds are written out here, on
        # local names, rather than called (same arithmetic, in the same order).
        closed = deal.closed_on
        as_of = self.as_of
        if deal.status is not _WON or closed is None or closed > as_of:
            if deal.status is _RETURNED and closed is not None and closed <= as_of:
                self._add_return(deal, closed)
            return
        money = deal.amount
        currency = money.currency
        if currency != self.currency:
            if self.currency is not None:
                raise CurrencyMismatchError(self.currency, currency, field=f"deal {deal.id}")
            self.currency = currency
        amount = money.amount
        self.orders.add(closed, amount)
        lines = deal.lines
        if lines:
            products = self.products
            categories = self.categories
            for line in lines:
                quantity = line.quantity
                revenue = line.unit_price.amount * quantity
                category = line.category
                key = line.product_id
                slot = products.get(key)
                if slot is None:
                    products[key] = [revenue, quantity, closed, closed, category]
                else:
                    slot[0] += revenue
                    slot[1] += quantity
                    if closed < slot[2]:
                        slot[2] = closed
                    elif closed > slot[3]:
                        slot[3] = closed
                    if category is not None and (slot[4] is None or category < slot[4]):
                        slot[4] = category
                if category is not None:
                    slot = categories.get(category)
                    if slot is None:
                        categories[category] = [revenue, quantity, closed, closed, None]
                    else:
                        slot[0] += revenue
                        slot[1] += quantity
                        if closed < slot[2]:
                            slot[2] = closed
                        elif closed > slot[3]:
                            slot[3] = closed
        margin = deal.margin
        if margin is not None:
            self.margin_amount += margin.amount
            self.margin_orders += 1
        if deal.referred_by is not None:
            self.referrers.add(deal.referred_by)
        due = deal.due_on
        if due is not None:
            pay = self.pay
            pay[0] += 1
            paid = deal.paid_on
            if paid is not None and paid <= as_of:
                pay[1] += 1
                if paid > due:
                    pay[2] += 1
                    pay[3] += (paid - due).days
            elif due < as_of:
                pay[4] += 1
                pay[5] += amount
                pay[6] += (as_of - due).days

    def _add_return(self, deal: Deal, closed: date) -> None:
        """Fold one return in: its money and margin, on its own day (not an order)."""
        currency = deal.amount.currency
        if currency != self.currency:
            if self.currency is not None:
                raise CurrencyMismatchError(self.currency, currency, field=f"deal {deal.id}")
            self.currency = currency
        self.returns.append((closed, deal.amount.amount, deal.id))
        margin = deal.margin
        if margin is not None:
            self.margin_amount -= abs(margin.amount)

    def freeze(self, *, partial: bool = False) -> ClientStats:
        """The immutable summary of everything added so far (see :meth:`ClientStats.from_deals`)."""
        if self.currency is None:
            raise MoneyError(
                "currency",
                None,
                f"client {self.client_id!r} has no orders as of {self.as_of.isoformat()}; "
                "pass currency= to build its (empty) stats",
            )
        pay = self.pay
        stats = ClientStats(
            self.client_id,
            self.as_of,
            self.currency,
            self.orders.freeze(),
            _freeze_items(self.products),
            _freeze_items(self.categories),
            PaymentDiscipline(
                int(pay[0]),
                int(pay[1]),
                int(pay[2]),
                int(pay[3]),
                int(pay[4]),
                Decimal(pay[5]),
                int(pay[6]),
            ),
            self.margin_amount,
            self.margin_orders,
            tuple(sorted(self.referrers)),
            orders_of([(day, amount) for day, amount, _ in self.returns]),
        )
        if self.returns and not partial:
            _check_returns(stats, self.returns)
        return stats


def trusted_items(
    keys: Iterable[str],
    revenues: Iterable[Decimal],
    quantities: Iterable[Decimal],
    firsts: Iterable[date],
    lasts: Iterable[date],
    categories: Iterable[str | None],
) -> list[ItemTotal]:
    """One :class:`ItemTotal` per key from parallel columns of values already checked.

    For backends that aggregate the totals themselves (``kam_core.frames``): built by
    the attrs-generated constructor, mapped over the columns in one pass.
    """
    return list(map(ItemTotal, keys, revenues, quantities, firsts, lasts, categories))


def _freeze_items(items: dict[str, list[Any]]) -> tuple[ItemTotal, ...]:
    """The accumulated slots as ItemTotals, sorted by key."""
    out: list[ItemTotal] = []
    append = out.append
    for key in sorted(items):
        revenue, quantity, first, last, category = items[key]
        append(ItemTotal(key, revenue, quantity, first, last, category))
    return tuple(out)


def build_stats(
    deals: Iterable[Deal],
    *,
    as_of: date,
    currency: str | None = None,
    clients: Iterable[str] = (),
    partial: bool = False,
) -> dict[str, ClientStats]:
    """Stream a whole book of deals into per-client stats in one pass.

    ``deals`` may be any iterable (a generator over a large export): each deal is
    folded into its client's accumulator and dropped.  ``clients`` adds clients with
    no orders; they get empty stats in ``currency`` or, when it is not given, in the
    currency of the first order seen.  The result is keyed
    by client id in sorted order, so it never depends on input order.  Returns are
    folded as :meth:`ClientStats.from_deals` folds them and checked against the
    purchases, unless ``partial`` says ``deals`` is one partition of a book (merge the
    partial stats, then :meth:`ClientStats.check_returns`).

    >>> from datetime import date
    >>> from kam_core import Deal, Money
    >>> deals = (Deal(id=f"D-{i}", client_id=c, status="won", opened_on=date(2026, 1, 1),
    ...               closed_on=date(2026, 1, 2), amount=Money("10", "RUB"))
    ...          for i, c in enumerate(["C-2", "C-1", "C-2"]))
    >>> {k: s.order_count for k, s in build_stats(deals, as_of=date(2026, 2, 1),
    ...                                            clients=["C-3"], currency="RUB").items()}
    {'C-1': 1, 'C-2': 2, 'C-3': 0}
    """
    builders: dict[str, _StatsBuilder] = {}
    book_currency = currency
    for deal in deals:
        builder = builders.get(deal.client_id)
        if builder is None:
            builder = builders[deal.client_id] = _StatsBuilder(deal.client_id, as_of, currency)
        builder.add(deal)
        if book_currency is None:
            book_currency = builder.currency
    for client_id in clients:
        if client_id not in builders:
            builders[client_id] = _StatsBuilder(client_id, as_of, currency)
    result: dict[str, ClientStats] = {}
    for client_id in sorted(builders):
        builder = builders.pop(client_id)
        if builder.currency is None:
            builder.currency = book_currency
        result[client_id] = builder.freeze(partial=partial)
    return result


def build_stats_at(
    deals: Iterable[Deal],
    dates: Iterable[date],
    *,
    each: Callable[[Deal], None] | None = None,
) -> dict[date, dict[str, ClientStats]]:
    """Stream a book of deals once into per-client stats as of each of several dates.

    For every date, the stats are exactly what :func:`build_stats` gives as of that
    date for the clients that bought or returned something on or before it: each deal
    is folded into the accumulators of the dates it is not after, so nothing closed
    after a date is read for it.  ``each``, when given, sees every deal once, in input
    order (a back-test folds what happened *after* the dates there).  Dates and client
    ids come out sorted.

    >>> from kam_core import Deal, Money
    >>> deals = [Deal(id=f"D-{m}", client_id="C-1", status="won", opened_on=date(2026, m, 1),
    ...               closed_on=date(2026, m, 2), amount=Money("10", "RUB")) for m in (1, 5)]
    >>> at = build_stats_at(deals, [date(2026, 6, 1), date(2026, 3, 1)])
    >>> [(d.isoformat(), s["C-1"].order_count) for d, s in at.items()]
    [('2026-03-01', 1), ('2026-06-01', 2)]
    """
    ordered = sorted(set(dates))
    builders: list[tuple[date, dict[str, _StatsBuilder]]] = [(d, {}) for d in ordered]
    for deal in deals:
        if each is not None:
            each(deal)
        closed = deal.closed_on
        if closed is None or (deal.status is not _WON and deal.status is not _RETURNED):
            continue
        client_id = deal.client_id
        for day, by_client in reversed(builders):
            if closed > day:
                break
            builder = by_client.get(client_id)
            if builder is None:
                builder = by_client[client_id] = _StatsBuilder(client_id, day, None)
            builder.add(deal)
    return {
        day: {cid: by_client[cid].freeze() for cid in sorted(by_client)}
        for day, by_client in builders
    }


def _described(value: object) -> str:
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def population_members(
    population: Iterable[ClientStats] | Mapping[str, ClientStats], *, argument: str = "population"
) -> tuple[ClientStats, ...]:
    """The stats of a population: :func:`build_stats`'s mapping (its values) or an iterable.

    Every reader of a population (the segmentations' ``fit`` and ``segment``,
    :func:`~kam_core.portfolio_kpis`, :meth:`~kam_core.SalesSystemProfile.from_stats`)
    takes it through here, so ``fit(build_stats(...))`` and
    ``fit(build_stats(...).values())`` read the same clients.  Anything else is a
    :class:`~kam_core.errors.PopulationTypeError` (a ``TypeError``) naming what was given.

    >>> from datetime import date
    >>> book = {"C-1": ClientStats.empty("C-1", date(2026, 1, 1), "RUB")}
    >>> population_members(book) == population_members(book.values())
    True
    >>> population_members(book.keys())
    Traceback (most recent call last):
    ...
    kam_core.errors.PopulationTypeError: population: expected what build_stats() returns \
(a mapping of client id to ClientStats) or an iterable of ClientStats, got str 'C-1' at \
position 0
    """
    if isinstance(population, ClientStats):
        raise PopulationTypeError(
            argument, f"one ClientStats ({population.client_id!r}); pass a list of them"
        )
    if isinstance(population, Mapping):
        members = tuple(population.values())
        for key, member in zip(population, members, strict=True):
            if not isinstance(member, ClientStats):
                raise PopulationTypeError(
                    argument, f"a mapping whose value for {key!r} is {_described(member)}"
                )
        return members
    if isinstance(population, str | bytes) or not isinstance(population, Iterable):
        raise PopulationTypeError(argument, _described(population))
    members = tuple(population)
    for i, member in enumerate(members):
        if not isinstance(member, ClientStats):
            raise PopulationTypeError(argument, f"{_described(member)} at position {i}")
    return members


def stored_orders(stats: ClientStats) -> Orders:
    """The store behind ``stats.orders``: compact arrays or plain pairs.

    For bulk readers in the policies' room, which read the arrays without building a
    date or a Decimal per order.
    """
    return stats._orders
