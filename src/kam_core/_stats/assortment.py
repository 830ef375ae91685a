"""What a client's assortment is in a window: one reading shared by the KPIs and the policies.

The client manager's fourth task is developing the assortment (docs/methodology.md#positions):
the number of distinct items and categories a client buys.  :class:`~kam_core.ItemTotal`
keeps, per product and per category, the first and the last purchase up to ``as_of``;
everything here reads those two dates, so the client KPIs
(:func:`~kam_core.client_kpis`), the key-account portfolio's ``assortment_breadth`` and
the assortment policy (:class:`~kam_core.policies.Assortment`) count an item the same way.

* :func:`bought_in` — the item was bought inside a period: its first or last purchase
  falls in it.  Exact for a period that ends after ``as_of`` (a trailing window: the
  last purchase decides);
* :func:`held_in` — the item was in the client's assortment during a period: bought
  from before its end until after its start.  For a trailing window it is
  :func:`bought_in`; for an earlier window it also counts an item bought before it and
  again after it (a regular item), which :func:`bought_in` would miss;
* :func:`cross_sale_items` and :func:`is_cross_sale` — the book's cross-sale: a
  *later* order of another product or service, so a category (a product, when it has
  no category) first bought after the client's first order.  A first order that spans
  two categories is not a cross-sale (docs/methodology.md#segmentation).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kam_core._stats.client_stats import ClientStats, ItemTotal
from kam_core._time import Period

__all__ = ["bought_in", "breadth_in", "cross_sale_items", "held_in", "is_cross_sale"]


def bought_in(item: ItemTotal, period: Period) -> bool:
    """The item's first or last purchase falls inside ``period``.

    >>> from decimal import Decimal
    >>> item = ItemTotal("SKU-1", Decimal(10), Decimal(1), date(2026, 1, 5), date(2026, 9, 1))
    >>> bought_in(item, Period(date(2026, 6, 1), date(2026, 12, 1)))
    True
    >>> bought_in(item, Period(date(2026, 3, 1), date(2026, 6, 1)))   # only in between: not counted
    False
    """
    return item.first_on in period or item.last_on in period


def held_in(item: ItemTotal, period: Period) -> bool:
    """The item was bought from before ``period`` ends until after it starts.

    >>> from decimal import Decimal
    >>> item = ItemTotal("SKU-1", Decimal(10), Decimal(1), date(2026, 1, 5), date(2026, 9, 1))
    >>> held_in(item, Period(date(2026, 3, 1), date(2026, 6, 1)))   # a regular item
    True
    >>> held_in(item, Period(date(2026, 10, 1), date(2026, 12, 1)))
    False
    """
    return item.first_on < period.end and item.last_on >= period.start


def breadth_in(items: Iterable[ItemTotal], period: Period) -> int:
    """How many of ``items`` were bought inside ``period`` (:func:`bought_in`).

    >>> from decimal import Decimal
    >>> day = date(2026, 5, 1)
    >>> items = [ItemTotal(k, Decimal(1), Decimal(1), day, day) for k in ("A", "B")]
    >>> breadth_in(items, Period(date(2026, 1, 1), date(2027, 1, 1)))
    2
    """
    return sum(1 for item in items if item.first_on in period or item.last_on in period)


def cross_sale_items(stats: ClientStats) -> tuple[ItemTotal, ...]:
    """What a cross-sale is counted in: the categories, and the products without one."""
    return (*stats.categories, *(p for p in stats.products if p.category is None))


def is_cross_sale(item: ItemTotal, first_order_on: date | None) -> bool:
    """The item was first bought after the client's first order: a *later* order of another
    product or service.

    >>> from decimal import Decimal
    >>> paper = ItemTotal("paper", Decimal(1), Decimal(1), date(2026, 1, 5), date(2026, 1, 5))
    >>> is_cross_sale(paper, date(2026, 1, 5)), is_cross_sale(paper, date(2025, 12, 1))
    (False, True)
    """
    return first_order_on is not None and item.first_on > first_order_on
