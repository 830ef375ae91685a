"""Client and portfolio KPIs over a period: the farmer's levers measured.

The client manager grows turnover, average order value, order frequency and
assortment (tasks 1–4, docs/methodology.md#positions); loyalty shows in repeat
purchases, cross-sales and referrals; payment discipline belongs in the client's
analytics (docs/methodology.md#sub-processes).  Money stays
:class:`~kam_core.Money`; ratios are :class:`~decimal.Decimal` rounded half-even to
four places.

What is windowed to ``period`` and what is not:

* **windowed** — turnover, orders, average order value, order frequency, assortment
  breadth (products and categories bought in the period), share of wallet, repeat and
  cross-sell flags, growth (``previous`` is a second window);
* **not windowed** (as of the stats' ``as_of``) — payment discipline (overdue share,
  average days late, overdue amount: receivables are a state, not a flow), the
  ``*_all_time`` assortment counts and the referrers (who recommended the client, ever).

Assortment breadth in a window is read from each item's first and last purchase date
(:class:`~kam_core.ItemTotal`), so it is exact for a period that ends after the stats'
``as_of`` (the usual trailing window); for an earlier period an item bought before,
inside and after it is missed — build the stats as of that period's end instead
(the note ``kpi.assortment.approximate`` says so).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from types import MappingProxyType
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from kam_core._decision import Reason, jsonable
from kam_core._domain.client import Client
from kam_core._money import Money
from kam_core._stats.assortment import breadth_in, cross_sale_items, is_cross_sale
from kam_core._stats.client_stats import ClientStats, population_members
from kam_core._time import Period
from kam_core.errors import PolicyEvaluationError

__all__ = ["ClientKpis", "PortfolioKpis", "client_kpis", "portfolio_kpis"]


_PLACES = Decimal("0.0001")
_MEAN_MONTH_DAYS = Decimal("30.436875")
"""The mean Gregorian month (365.2425 / 12), for periods that are not whole months."""


def _ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    return (Decimal(numerator) / Decimal(denominator)).quantize(_PLACES, ROUND_HALF_EVEN)


def _q(value: Decimal) -> Decimal:
    return value.quantize(_PLACES, ROUND_HALF_EVEN)


def period_months(period: Period) -> Decimal:
    """Length of ``period`` in months: whole months when its ends fall on the same day
    of the month (``Period.trailing_months(as_of, 12)`` is exactly 12), else days ÷ the
    mean Gregorian month (30.436875 days).

    >>> from datetime import date
    >>> period_months(Period.trailing_months(date(2026, 11, 24), 12))
    Decimal('12')
    >>> period_months(Period(date(2026, 1, 1), date(2026, 1, 16)))
    Decimal('0.4928')
    """
    if period.days <= 0:
        raise PolicyEvaluationError(f"period {period}: is empty, KPIs need at least one day")
    delta = relativedelta(period.end, period.start)
    if delta.days == 0:
        return Decimal(delta.years * 12 + delta.months)
    return _ratio(period.days, _MEAN_MONTH_DAYS)


def _loyalty(stats: ClientStats, period: Period) -> tuple[bool | None, bool]:
    """Repeat purchase and cross-sale in ``period``, as the book defines them
    (docs/methodology.md#segmentation).

    A repeat purchase is a product bought again: first bought on an earlier day, last
    bought inside the period (None when the orders carry no product lines).  A
    cross-sale is a category — or an uncategorised product — first bought inside the
    period and after the client's first order.
    """
    if not stats.products:
        return None, False
    repeat = any(p.first_on < p.last_on and p.last_on in period for p in stats.products)
    first = stats.first_order_on
    cross = any(is_cross_sale(i, first) and i.first_on in period for i in cross_sale_items(stats))
    return repeat, cross


def _note(code: str, **params: object) -> Reason:
    return Reason(code, params)


def _as_dict(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if isinstance(value, Period):
            out[field.name] = {"start": value.start.isoformat(), "end": value.end.isoformat()}
        elif field.name == "clients":
            out[field.name] = [c.to_dict() for c in value]
        else:
            out[field.name] = jsonable(value)
    return out


@attrs.frozen
class ClientKpis:
    """One client's KPIs over ``period``; see the module for what is windowed.

    Build with :func:`client_kpis`.  ``notes`` are ``kpi.*`` reasons saying why a KPI
    is None or approximate.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import ClientStats, Period
    >>> stats = ClientStats("C-1", date(2026, 12, 31), "RUB",
    ...     orders=((date(2026, 3, 1), Decimal(100)), (date(2026, 9, 1), Decimal(300))))
    >>> k = client_kpis(stats, period=Period(date(2026, 1, 1), date(2027, 1, 1)))
    >>> k.turnover, k.orders, k.average_order_value
    (Money('400', 'RUB'), 2, Money('200', 'RUB'))
    """

    client_id: str
    period: Period
    as_of: date
    turnover: Money
    """Revenue of the orders closed in the period (КМ task 1)."""
    orders: int
    average_order_value: Money | None
    """Turnover ÷ orders, unrounded; None without orders (task 2)."""
    orders_per_month: Decimal
    """Orders ÷ the period's length in months (task 3)."""
    orders_per_year: Decimal
    products: int
    """Distinct products bought in the period (task 4)."""
    categories: int
    """Distinct categories bought in the period."""
    products_all_time: int
    categories_all_time: int
    share_of_wallet: Decimal | None
    """Annualised turnover ÷ the client's yearly potential; None when it is unknown."""
    overdue_share: Decimal | None
    """Overdue deals ÷ deals with a due date, as of ``as_of``."""
    average_days_late: Decimal | None
    """Mean days late over late-paid and still overdue deals, as of ``as_of``."""
    overdue: Money
    """Overdue receivables as of ``as_of``."""
    repeat_buyer: bool
    """Bought in the period a product it had bought on an earlier day: the *same* product
    again (docs/methodology.md#segmentation).  Orders without product lines fall back to
    any further order, with the note ``kpi.repeat.by_orders``."""
    cross_buyer: bool
    """First bought in the period a category (a product, when it has no category) after
    its first order: a *later* order of another product or service.  A first order that
    spans two categories is not a cross-sale."""
    referrers: tuple[str, ...]
    """Clients whose recommendation brought this client (all history).  Only won deals
    carry them into the stats, so a referral always comes with the referred client's own
    purchase."""
    previous_turnover: Money | None
    turnover_growth: Decimal | None
    """(turnover − previous) ÷ previous; None without a previous period or revenue in it."""
    orders_growth: Decimal | None
    notes: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: Money as ``{"amount", "currency"}``, ratios as strings."""
        return _as_dict(self)


def client_kpis(
    stats: ClientStats,
    *,
    period: Period,
    previous: Period | None = None,
    client: Client | None = None,
) -> ClientKpis:
    """The KPIs of one client over ``period`` (and growth against ``previous``).

    ``client`` supplies the yearly potential for the share of wallet.

    >>> from datetime import date
    >>> from kam_core import Client, ClientStats, Deal, DealLine, Money, Period
    >>> def deal(i, day, sku, cat, price):
    ...     line = DealLine(product_id=sku, category=cat, quantity=1,
    ...                     unit_price=Money(price, "RUB"))
    ...     return Deal(id=f"D-{i}", client_id="C-1", status="won", opened_on=day,
    ...                 closed_on=day, amount=line.total, lines=(line,))
    >>> deals = [deal(1, date(2025, 3, 1), "SKU-1", "paper", 1000),
    ...          deal(2, date(2026, 2, 1), "SKU-1", "paper", 3000),
    ...          deal(3, date(2026, 8, 1), "SKU-2", "tools", 5000)]
    >>> stats = ClientStats.from_deals(deals, client_id="C-1", as_of=date(2026, 11, 24))
    >>> year = Period.trailing_months(date(2026, 11, 24), 12)
    >>> k = client_kpis(stats, period=year, previous=Period(date(2024, 11, 25), year.start),
    ...                 client=Client(id="C-1", name="Альфа", potential=Money(80000, "RUB")))
    >>> k.turnover, k.average_order_value, k.orders_per_month
    (Money('8000', 'RUB'), Money('4000', 'RUB'), Decimal('0.1667'))
    >>> k.categories, k.cross_buyer, k.repeat_buyer, k.share_of_wallet, k.turnover_growth
    (2, True, True, Decimal('0.1000'), Decimal('7.0000'))
    """
    if stats.as_of < period.start:
        raise PolicyEvaluationError(
            f"stats of {stats.client_id!r} are as of {stats.as_of.isoformat()}, before the "
            f"period starting {period.start.isoformat()}"
        )
    if client is not None and client.id != stats.client_id:
        raise PolicyEvaluationError(
            f"client {client.id!r} given with the stats of {stats.client_id!r}"
        )
    months = period_months(period)
    notes: list[Reason] = []
    turnover = stats.revenue_in(period)
    orders = stats.orders_in(period)
    if not orders:
        notes.append(_note("kpi.no_orders", start=period.start, end=period.end))
    per_month = _ratio(orders, months)
    products = breadth_in(stats.products, period)
    categories = breadth_in(stats.categories, period)
    if orders and not stats.products:
        notes.append(_note("kpi.assortment.no_lines"))
    elif period.end <= stats.as_of:
        notes.append(_note("kpi.assortment.approximate"))
    share: Decimal | None = None
    potential = None if client is None else client.potential
    if potential is None or not potential.amount:
        notes.append(_note("kpi.share_of_wallet.no_potential"))
    else:
        share = _q(turnover * Decimal(12) / months / potential)
    pay = stats.payments
    if not pay.with_due_date:
        notes.append(_note("kpi.payments.no_due_dates"))
    days_late = pay.average_days_late
    prev_turnover: Money | None = None
    growth = orders_growth = None
    if previous is None:
        notes.append(_note("kpi.growth.no_previous_period"))
    else:
        prev_turnover = stats.revenue_in(previous)
        prev_orders = stats.orders_in(previous)
        if prev_turnover.amount:
            growth = _ratio(turnover.amount - prev_turnover.amount, prev_turnover.amount)
        else:
            notes.append(
                _note("kpi.growth.no_previous_revenue", start=previous.start, end=previous.end)
            )
        if prev_orders:
            orders_growth = _ratio(orders - prev_orders, prev_orders)
    repeat, cross = _loyalty(stats, period)
    if repeat is None:
        notes.append(_note("kpi.repeat.by_orders"))
        repeat = orders > 0 and stats._count_between(None, period.end) >= 2
    return ClientKpis(
        client_id=stats.client_id,
        period=period,
        as_of=stats.as_of,
        turnover=turnover,
        orders=orders,
        average_order_value=turnover / orders if orders else None,
        orders_per_month=per_month,
        orders_per_year=_ratio(orders * 12, months),
        products=products,
        categories=categories,
        products_all_time=len(stats.products),
        categories_all_time=len(stats.categories),
        share_of_wallet=share,
        overdue_share=None if pay.overdue_share is None else _q(pay.overdue_share),
        average_days_late=None if days_late is None else _q(days_late),
        overdue=stats.overdue,
        repeat_buyer=repeat,
        cross_buyer=cross,
        referrers=stats.referrers,
        previous_turnover=prev_turnover,
        turnover_growth=growth,
        orders_growth=orders_growth,
        notes=tuple(notes),
    )


@attrs.frozen
class PortfolioKpis:
    """A portfolio's KPIs over ``period``: totals, means over buying clients, loyalty rates.

    *Active* clients are those with an order in the period; means and loyalty rates are
    over them.  Build with :func:`portfolio_kpis`.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import ClientStats, Period
    >>> book = [ClientStats("C-1", date(2026, 12, 31), "RUB",
    ...     orders=((date(2026, 3, 1), Decimal(100)), (date(2026, 9, 1), Decimal(300))))]
    >>> k = portfolio_kpis(book, period=Period(date(2026, 1, 1), date(2027, 1, 1)))
    >>> k.client_count, k.active_clients, k.turnover, k.repeat_purchase_rate
    (1, 1, Money('400', 'RUB'), Decimal('1.0000'))
    """

    period: Period
    as_of: date
    currency: str
    client_count: int
    active_clients: int
    turnover: Money
    orders: int
    average_order_value: Money | None
    """Turnover ÷ orders."""
    orders_per_client_per_year: Decimal | None
    """Orders ÷ active clients, per year."""
    average_products: Decimal | None
    """Mean distinct products per active client."""
    average_categories: Decimal | None
    share_of_wallet: Decimal | None
    """Annualised turnover ÷ yearly potential, over the clients whose potential is known."""
    share_of_wallet_clients: int
    """How many clients the share of wallet covers."""
    overdue_share: Decimal | None
    """Overdue deals ÷ deals with a due date, across the portfolio."""
    average_days_late: Decimal | None
    overdue: Money
    repeat_purchase_rate: Decimal | None
    """Repeat buyers ÷ active clients."""
    cross_sell_rate: Decimal | None
    """Active clients buying ≥ 2 categories ÷ active clients."""
    referred_buyers: int
    """Active clients that came by a recommendation (referred clients who bought)."""
    referrals: Mapping[str, int]
    """Referrer id → how many of its referred clients bought in the period."""
    previous_turnover: Money | None
    turnover_growth: Decimal | None
    clients: tuple[ClientKpis, ...]
    """Every client's KPIs, sorted by client id."""
    notes: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (per-client KPIs nested)."""
        return _as_dict(self)


def portfolio_kpis(
    stats: Iterable[ClientStats] | Mapping[str, ClientStats],
    *,
    period: Period,
    previous: Period | None = None,
    clients: Iterable[Client] | Mapping[str, Client] | None = None,
    currency: str | None = None,
) -> PortfolioKpis:
    """KPIs of a whole portfolio over ``period``; ``clients`` give potentials.

    ``stats`` is what :func:`~kam_core.build_stats` returns, or its values.  All stats
    must share one ``as_of`` and one currency (an empty portfolio needs ``currency``).
    The result never depends on input order.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import ClientStats, Period
    >>> as_of = date(2026, 12, 31)
    >>> book = [ClientStats("C-1", as_of, "RUB", orders=((date(2026, 3, 1), Decimal(100)),
    ...                                                  (date(2026, 9, 1), Decimal(300)))),
    ...         ClientStats("C-2", as_of, "RUB", orders=((date(2026, 5, 1), Decimal(200)),),
    ...                     referrers=("C-1",)),
    ...         ClientStats("C-3", as_of, "RUB")]
    >>> k = portfolio_kpis(book, period=Period(date(2026, 1, 1), date(2027, 1, 1)))
    >>> k.turnover, k.active_clients, k.orders_per_client_per_year, k.repeat_purchase_rate
    (Money('600', 'RUB'), 2, Decimal('1.5000'), Decimal('0.5000'))
    >>> k.referred_buyers, dict(k.referrals)
    (1, {'C-1': 1})
    """
    ordered = sorted(population_members(stats, argument="stats"), key=lambda s: s.client_id)
    if not ordered and currency is None:
        raise PolicyEvaluationError("an empty portfolio needs currency=")
    seen: set[str] = set()
    for s in ordered:
        if s.as_of != ordered[0].as_of:
            raise PolicyEvaluationError(
                f"stats of {s.client_id!r} are as of {s.as_of.isoformat()}, the portfolio "
                f"is as of {ordered[0].as_of.isoformat()}"
            )
        if s.client_id in seen:
            raise PolicyEvaluationError(f"client {s.client_id!r} appears twice: merge its stats")
        seen.add(s.client_id)
    cur = currency or ordered[0].currency
    as_of = ordered[0].as_of if ordered else period.end
    if clients is None:
        index: Mapping[str, Client] = {}
    elif isinstance(clients, Mapping):
        index = clients
    else:
        index = {c.id: c for c in clients}
    each = tuple(
        client_kpis(s, period=period, previous=previous, client=index.get(s.client_id))
        for s in ordered
    )
    months = period_months(period)
    turnover = Money.total((k.turnover for k in each), cur)
    overdue = Money.total((k.overdue for k in each), cur)
    orders = sum(k.orders for k in each)
    active = [k for k in each if k.orders]
    n = len(active)
    covered = [(k, index[k.client_id].potential) for k in each if k.share_of_wallet is not None]
    notes: list[Reason] = []
    share = None
    if covered:
        spent = sum((k.turnover.amount for k, _ in covered), Decimal(0)) * 12 / months
        wallet = sum((pot.amount for _, pot in covered if pot is not None), Decimal(0))
        share = _q(spent / wallet)
        if len(covered) < len(each):
            notes.append(
                _note("kpi.share_of_wallet.partial", covered=len(covered), clients=len(each))
            )
    else:
        notes.append(_note("kpi.share_of_wallet.no_potential"))
    pays = [s.payments for s in ordered]
    with_due = sum(pd.with_due_date for pd in pays)
    late = sum(pd.paid_late + pd.overdue for pd in pays)
    late_days = sum(pd.days_late_total + pd.overdue_days_total for pd in pays)
    if not with_due:
        notes.append(_note("kpi.payments.no_due_dates"))
    referrals: dict[str, int] = {}
    for k in active:
        for r in k.referrers:
            referrals[r] = referrals.get(r, 0) + 1
    prev_turnover = growth = None
    if previous is None:
        notes.append(_note("kpi.growth.no_previous_period"))
    else:
        prev_turnover = Money.total((k.previous_turnover for k in each if k.previous_turnover), cur)
        if prev_turnover.amount:
            growth = _ratio(turnover.amount - prev_turnover.amount, prev_turnover.amount)
        else:
            notes.append(
                _note("kpi.growth.no_previous_revenue", start=previous.start, end=previous.end)
            )
    return PortfolioKpis(
        period=period,
        as_of=as_of,
        currency=cur,
        client_count=len(each),
        active_clients=n,
        turnover=turnover,
        orders=orders,
        average_order_value=turnover / orders if orders else None,
        orders_per_client_per_year=_ratio(Decimal(orders) * 12, months * n) if n else None,
        average_products=_ratio(sum(k.products for k in active), n) if n else None,
        average_categories=_ratio(sum(k.categories for k in active), n) if n else None,
        share_of_wallet=share,
        share_of_wallet_clients=len(covered),
        overdue_share=_ratio(sum(pd.overdue for pd in pays), with_due) if with_due else None,
        average_days_late=_ratio(late_days, late) if late else None,
        overdue=overdue,
        repeat_purchase_rate=_ratio(sum(k.repeat_buyer for k in active), n) if n else None,
        cross_sell_rate=_ratio(sum(k.cross_buyer for k in active), n) if n else None,
        referred_buyers=sum(1 for k in active if k.referrers),
        referrals=MappingProxyType(dict(sorted(referrals.items()))),
        previous_turnover=prev_turnover,
        turnover_growth=growth,
        clients=each,
        notes=tuple(notes),
    )
