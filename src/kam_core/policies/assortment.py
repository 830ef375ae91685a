"""Assortment development: the client manager's fourth task made measurable (issue 19, item 4).

The book (docs/methodology.md#positions): developing the assortment is not growing the
average order.  In a retail matrix a C item of the product ABC leaves the matrix
whatever the client manager does; the task is to *replace* it with a new one, so the
client keeps buying in that category — and the average order may well fall after the
rotation while the task is met.

:class:`Assortment` reads, per client and as of ``as_of`` (won deals closed on or before
it, as every kam_core policy counts):

* **breadth** — distinct products and categories bought in the recent window
  (``recent_months``, default 6) against the window of ``earlier_months`` (default 6)
  before it, the average order in both, and the cross-sales made in the recent window;
* **dropped items** — products and categories bought in the earlier window and not in
  the recent one, with the last purchase, the revenue before and, for a product, its
  class in the book's product ABC and whether a new product of its category started in
  the recent window (*replaced*);
* **white spots** — categories that at least ``white_spot_share`` of the client's peers
  buy in the recent window and the client does not; peers are the other clients of its
  segment (``peers``, default the client ABC: clients of the same size) that bought a
  categorised line in the recent window;
* **candidates** — *cross-sell*: a white spot the client never bought (buying it would be
  a cross-sale, a later order of another product); *up-sell*: a category the client buys
  whose share of its purchases is at most ``up_sell_below`` × the median share among the
  peers who buy it.

Item totals are all history up to ``as_of`` (:class:`~kam_core.ItemTotal`): the revenue of
a dropped item is all its revenue (it was bought before the recent window only), shares
and medians for up-sell are of all-history revenue, so a long and a short relationship
compare.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

import attrs
from dateutil.relativedelta import relativedelta
from pydantic import Field

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason, jsonable
from kam_core._domain.client import Client
from kam_core._money import Money, trusted_money
from kam_core._stats.assortment import (
    breadth_in,
    cross_sale_items,
    held_in,
    is_cross_sale,
)
from kam_core._stats.client_stats import ClientStats, ItemTotal
from kam_core._time import Period
from kam_core._words import Worded
from kam_core.policies._engine import Bounded, reason
from kam_core.policies.segmentation._base import (
    ClientsArg,
    Fitted,
    Population,
    Segmentation,
    clients_by_id,
    population_as_of,
)
from kam_core.policies.segmentation.abc import Abc, FittedProductAbc, ProductAbc
from kam_core.policies.segmentation.abc_xyz import AbcXyz

__all__ = [
    "Assortment",
    "AssortmentBreadth",
    "AssortmentFitted",
    "AssortmentTrend",
    "AssortmentView",
    "CandidateKind",
    "DroppedItem",
    "SaleCandidate",
    "WhiteSpot",
]

PASSED, FAILED, UNKNOWN = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN
_PLACES = Decimal("0.0001")
_ZERO = Decimal(0)
_Share = Annotated[Decimal, Field(gt=0, le=1, max_digits=6, decimal_places=4), Bounded]
_Months = Annotated[int, Field(ge=1, le=60, strict=True)]


def _q(value: Decimal) -> Decimal:
    return value.quantize(_PLACES, ROUND_HALF_EVEN)


class AssortmentTrend(Worded, StrEnum):
    """How a client's assortment moved: the products of the recent window against the earlier.

    >>> AssortmentTrend.WIDENING.text("ru")
    'ассортимент расширяется'
    """

    __words__ = "assortment_trend"

    WIDENING = "widening"
    """More distinct products in the recent window than the earlier one held at most."""
    STEADY = "steady"
    """No change both bounds of the earlier window agree on."""
    NARROWING = "narrowing"
    """Fewer than the earlier window surely had."""
    INACTIVE = "inactive"
    """Nothing bought in either window (orders before them only)."""
    NO_LINES = "no_lines"
    """The orders carry no product lines: the assortment is unknown."""
    NO_ORDERS = "no_orders"
    """No orders up to ``as_of``."""


class CandidateKind(Worded, StrEnum):
    """What a sale candidate is: another category (cross-sell) or more of one (up-sell).

    >>> CandidateKind.CROSS_SELL.text("ru")
    'кросс-продажа'
    """

    __words__ = "candidate_kind"

    CROSS_SELL = "cross_sell"
    """A category the client's peers buy and the client never bought."""
    UP_SELL = "up_sell"
    """A category the client buys well below its peers' median share."""


@attrs.frozen
class AssortmentBreadth:
    """The KPI of task 4: distinct items now against a comparable earlier window.

    ``products_now`` and ``categories_now`` count the items bought in the recent window;
    ``*_before`` the items held in the earlier window of the same policy
    (:func:`~kam_core._stats.assortment.held_in`: bought before its end and after its
    start).  ``new_products`` were first bought in the recent window; ``cross_sales``
    are the categories (products without one) first bought there after the client's
    first order.  The average orders show that breadth and order value are two things.

    >>> b = AssortmentBreadth(Period(date(2026, 6, 1), date(2026, 12, 1)),
    ...                       Period(date(2025, 12, 1), date(2026, 6, 1)), 5, 3, 2, 2, 2, 1)
    >>> b.product_change, b.category_change
    (2, 0)
    """

    recent: Period
    earlier: Period
    products_now: int
    products_before: int
    categories_now: int
    categories_before: int
    new_products: int
    cross_sales: int
    average_order_now: Money | None = None
    average_order_before: Money | None = None
    products_before_at_least: int | None = None
    """Products surely bought in the earlier window (first or last purchase inside it);
    ``products_before`` also counts those bought before it and again after it.  The
    exact number lies between the two (item totals keep first and last purchases only).
    None: the same as ``products_before``."""

    @property
    def before_range(self) -> str:
        """The earlier window's products as read: ``"12–18"`` when the bounds differ.

        >>> b = AssortmentBreadth(Period(date(2026, 6, 1), date(2026, 12, 1)),
        ...                       Period(date(2025, 12, 1), date(2026, 6, 1)), 13, 18, 2, 2, 0, 0,
        ...                       products_before_at_least=12)
        >>> b.before_range, b.widened, b.narrowed
        ('12–18', False, False)
        """
        low = self.products_before_at_least
        if low is None or low == self.products_before:
            return str(self.products_before)
        return f"{low}–{self.products_before}"

    @property
    def widened(self) -> bool:
        """More products now than the earlier window held, even at its most."""
        return self.products_now > self.products_before

    @property
    def narrowed(self) -> bool:
        """Fewer products now than the earlier window surely had."""
        low = (
            self.products_before
            if self.products_before_at_least is None
            else (self.products_before_at_least)
        )
        return self.products_now < low

    @property
    def product_change(self) -> int:
        """Distinct products now minus before."""
        return self.products_now - self.products_before

    @property
    def category_change(self) -> int:
        """Distinct categories now minus before."""
        return self.categories_now - self.categories_before

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "recent": {"start": self.recent.start.isoformat(), "end": self.recent.end.isoformat()},
            "earlier": {
                "start": self.earlier.start.isoformat(),
                "end": self.earlier.end.isoformat(),
            },
            "products_now": self.products_now,
            "products_before": self.products_before,
            "product_change": self.product_change,
            "categories_now": self.categories_now,
            "categories_before": self.categories_before,
            "category_change": self.category_change,
            "new_products": self.new_products,
            "cross_sales": self.cross_sales,
            "average_order_now": jsonable(self.average_order_now),
            "average_order_before": jsonable(self.average_order_before),
            "products_before_at_least": self.products_before_at_least,
        }


@attrs.frozen
class DroppedItem:
    """A product or category the client stopped buying, with the evidence.

    ``replaced_by`` are the products of the same category first bought in the recent
    window; ``replaced`` is None for a category and for a product without one (nothing
    to replace it *within*).  ``product_class`` is the product's class in the book's
    product ABC (None for categories or without a product ABC).

    >>> from kam_core import Money
    >>> gone = DroppedItem("SKU-7", "product", "snacks", date(2026, 3, 2), Money(900, "RUB"),
    ...                    "C", ("SKU-8",))
    >>> gone.replaced, DroppedItem("snacks", "category", "snacks", date(2026, 3, 2),
    ...                            Money(900, "RUB")).replaced
    (True, None)
    """

    key: str
    level: Literal["product", "category"]
    category: str | None
    last_bought_on: date
    revenue_before: Money
    product_class: str | None = None
    replaced_by: tuple[str, ...] = ()

    @property
    def replaced(self) -> bool | None:
        """A new product of the same category started in the recent window (None: n/a)."""
        if self.level == "category" or self.category is None:
            return None
        return bool(self.replaced_by)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "key": self.key,
            "level": self.level,
            "category": self.category,
            "last_bought_on": self.last_bought_on.isoformat(),
            "revenue_before": self.revenue_before.to_dict(),
            "product_class": self.product_class,
            "replaced": self.replaced,
            "replaced_by": list(self.replaced_by),
        }


@attrs.frozen
class WhiteSpot:
    """A category most peers of the client's segment buy and the client does not.

    ``peer_share`` = ``peers_buying`` ÷ ``peers``; ``peer_median`` is the median revenue
    of the category among the peers who buy it; ``ever_bought`` says the client bought it
    before the recent window (a white spot to win back, not a cross-sell).

    >>> from kam_core import Money
    >>> WhiteSpot("drinks", "A", 10, 7, Decimal("0.7"), Money(5000, "RUB"), False).to_dict()[
    ...     "peer_share"]
    '0.7'
    """

    category: str
    segment: str
    peers: int
    peers_buying: int
    peer_share: Decimal
    peer_median: Money
    ever_bought: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "category": self.category,
            "segment": self.segment,
            "peers": self.peers,
            "peers_buying": self.peers_buying,
            "peer_share": str(self.peer_share),
            "peer_median": self.peer_median.to_dict(),
            "ever_bought": self.ever_bought,
        }


@attrs.frozen
class SaleCandidate:
    """A cross-sell or up-sell candidate with the numbers behind it.

    ``peer_share`` — share of the segment's peers buying the category; ``client_share`` and
    ``peer_median_share`` — the category's share of the client's purchases and the peers'
    median (up-sell; zero and the peers' median for cross-sell); ``client_amount`` and
    ``peer_median`` — the category's revenue of the client and the peers' median;
    ``expected`` — what the candidate is worth if the client bought like a median peer:
    the peers' median revenue (cross-sell), the share gap × the client's purchases
    (up-sell).  Candidates are ordered by ``expected`` (largest first), cross-sell before
    up-sell, then category.

    >>> from kam_core import Money
    >>> rub = lambda a: Money(a, "RUB")
    >>> c = SaleCandidate(CandidateKind.UP_SELL, "drinks", "A", 10, 6, Decimal("0.6"),
    ...                   Decimal("0.05"), Decimal("0.3"), rub(500), rub(3000), rub(2500))
    >>> c.kind.text("ru"), c.to_dict()["expected"]
    ('допродажа', {'amount': '2500', 'currency': 'RUB'})
    """

    kind: CandidateKind
    category: str
    segment: str
    peers: int
    peers_buying: int
    peer_share: Decimal
    client_share: Decimal
    peer_median_share: Decimal
    client_amount: Money
    peer_median: Money
    expected: Money

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "kind": self.kind.value,
            "category": self.category,
            "segment": self.segment,
            "peers": self.peers,
            "peers_buying": self.peers_buying,
            "peer_share": str(self.peer_share),
            "client_share": str(self.client_share),
            "peer_median_share": str(self.peer_median_share),
            "client_amount": self.client_amount.to_dict(),
            "peer_median": self.peer_median.to_dict(),
            "expected": self.expected.to_dict(),
        }


@attrs.frozen
class AssortmentView:
    """One client's assortment as of a date: the outcome of :class:`Assortment`.

    A report counts views by :attr:`trend` (``tally_label``); :meth:`text` words it.

    >>> breadth = AssortmentBreadth(Period(date(2026, 6, 1), date(2026, 12, 1)),
    ...                             Period(date(2025, 12, 1), date(2026, 6, 1)), 3, 2, 1, 1, 2, 0)
    >>> view = AssortmentView("C-1", date(2026, 11, 30), AssortmentTrend.WIDENING, breadth)
    >>> view.tally_label, view.text("ru"), view.to_dict()["breadth"]["product_change"]
    ('widening', 'ассортимент расширяется', 1)
    """

    client_id: str
    as_of: date
    trend: AssortmentTrend
    breadth: AssortmentBreadth
    segment: str | None = None
    peers: int = 0
    dropped: tuple[DroppedItem, ...] = ()
    white_spots: tuple[WhiteSpot, ...] = ()
    candidates: tuple[SaleCandidate, ...] = ()

    @property
    def tally_label(self) -> str:
        """What a report counts assortment views by: the trend."""
        return self.trend.value

    @property
    def replaced(self) -> tuple[DroppedItem, ...]:
        """The dropped products replaced by a new one of their category."""
        return tuple(d for d in self.dropped if d.replaced)

    @property
    def not_replaced(self) -> tuple[DroppedItem, ...]:
        """The dropped products nothing new of their category has replaced yet."""
        return tuple(d for d in self.dropped if d.replaced is False)

    def text(self, locale: str = "en") -> str:
        """The view in words, as a decision's outcome: the trend."""
        return self.trend.text(locale)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "client_id": self.client_id,
            "as_of": self.as_of.isoformat(),
            "trend": self.trend.value,
            "segment": self.segment,
            "peers": self.peers,
            "breadth": self.breadth.to_dict(),
            "dropped": [d.to_dict() for d in self.dropped],
            "white_spots": [w.to_dict() for w in self.white_spots],
            "candidates": [c.to_dict() for c in self.candidates],
        }


def _median_of(values: Sequence[Decimal]) -> Decimal:
    n = len(values)
    mid = n // 2
    if n % 2:
        return values[mid]
    return (values[mid - 1] + values[mid]) / 2


def _median_without(values: Sequence[Decimal], own: Decimal | None) -> Decimal | None:
    """The median of sorted ``values`` with one occurrence of ``own`` left out."""
    if own is None:
        return _median_of(values) if values else None
    n = len(values) - 1
    if n <= 0:
        return None
    at = bisect.bisect_left(values, own)

    def kth(k: int) -> Decimal:  # the k-th value (0-based) of the rest
        return values[k if k < at else k + 1]

    mid = n // 2
    if n % 2:
        return kth(mid)
    return (kth(mid - 1) + kth(mid)) / 2


@attrs.frozen
class _Bought:
    """What the buyers of one category in a segment bought of it (sorted columns)."""

    shares: tuple[Decimal, ...]
    amounts: tuple[Decimal, ...]


@attrs.frozen
class _Segment:
    """The active members of one segment and, per category, its buyers' numbers."""

    members: frozenset[str]
    categories: Mapping[str, _Bought]


def _line_revenue(stats: ClientStats) -> Decimal:
    return sum((c.revenue for c in stats.categories), _ZERO)


def _bought_categories(stats: ClientStats, recent: Period) -> list[ItemTotal]:
    return [c for c in stats.categories if c.last_on >= recent.start]


class Assortment(Segmentation):
    """Assortment development per client: breadth, dropped and replaced items, white spots
    against the segment's peers, up-sell and cross-sell candidates (КМ task 4).

    A segmentation (it compares a client with the population): ``fit`` learns the peer
    segments and what each segment buys, ``assign`` gives one client's
    :class:`AssortmentView` with reasons in every language.  See the module for the
    definitions; ``docs/methodology.md#assortment`` for what the book says.

    >>> from kam_core import Deal, DealLine, Money, build_stats
    >>> def deal(i, client, day, sku, cat):
    ...     line = DealLine(product_id=sku, category=cat, quantity=1,
    ...                     unit_price=Money(1000, "RUB"))
    ...     return Deal(id=f"D-{i}", client_id=client, status="won", opened_on=day,
    ...                 closed_on=day, amount=line.total, lines=(line,))
    >>> deals = [deal(1, "C-1", date(2026, 2, 1), "SKU-1", "snacks"),
    ...          deal(2, "C-1", date(2026, 9, 1), "SKU-2", "snacks"),
    ...          deal(3, "C-2", date(2026, 9, 1), "SKU-2", "snacks"),
    ...          deal(4, "C-2", date(2026, 9, 2), "SKU-9", "drinks")]
    >>> stats = build_stats(deals, as_of=date(2026, 11, 24))
    >>> view = Assortment(peers=None, min_peers=1).segment(stats)["C-1"].outcome
    >>> view.trend.value, [(d.key, d.replaced_by) for d in view.dropped]
    ('steady', [('SKU-1', ('SKU-2',))])
    >>> [(c.kind.value, c.category, str(c.peer_share)) for c in view.candidates]
    [('cross_sell', 'drinks', '1.0000')]
    """

    kind: Literal["assortment"] = "assortment"
    recent_months: _Months = 6
    """Months of the recent window, up to ``as_of``: what the client buys now."""
    earlier_months: _Months = 6
    """Months of the earlier window, just before the recent one: what it bought before."""
    peers: Abc | AbcXyz | None = Abc()
    """The segmentation whose segments are the peer groups (default: the client ABC,
    clients of the same size); None compares every client with the whole book."""
    product_abc: ProductAbc | None = ProductAbc()
    """The product ABC naming the class of a dropped product (a C item leaves a retail
    matrix); None leaves the class out."""
    white_spot_share: _Share = Decimal("0.5")
    """Share of the segment's peers that must buy a category for it to be a white spot."""
    min_peers: Annotated[int, Field(ge=1, le=100_000, strict=True)] = 3
    """Peers a segment needs (other clients buying there) before it is compared at all."""
    up_sell_below: _Share = Decimal("0.5")
    """Up-sell when the client's share of a category is at most this × the peers' median."""
    max_candidates: Annotated[int, Field(ge=1, le=1000, strict=True)] = 10
    """At most this many white spots and candidates per client (the most valuable)."""

    def windows(self, as_of: date) -> tuple[Period, Period]:
        """The recent window (``recent_months`` up to ``as_of``) and the earlier one before it.

        >>> recent, earlier = Assortment().windows(date(2026, 11, 24))
        >>> str(recent.start), str(earlier.start), earlier.end == recent.start
        ('2026-05-25', '2025-11-25', True)
        """
        recent = Period.trailing_months(as_of, self.recent_months)
        return recent, Period(
            recent.start - relativedelta(months=self.earlier_months), recent.start
        )

    def fit(self, population: Population, *, clients: ClientsArg = None) -> AssortmentFitted:
        """Learn the peer segments and, per segment and category, what its buyers bought."""
        stats, as_of = population_as_of(population)
        index = clients_by_id(clients)
        if self.peers is None:
            labels = ["all"] * len(stats)
        else:
            _, found = self.peers.fit_labels(stats, clients=index)
            labels = [str(jsonable(label)) for label in found]
        recent, _ = self.windows(as_of)
        members: dict[str, set[str]] = {}
        bought: dict[str, dict[str, tuple[list[Decimal], list[Decimal]]]] = {}
        segment_of: dict[str, str] = {}
        for s, label in zip(stats, labels, strict=True):
            segment_of[s.client_id] = label
            now = _bought_categories(s, recent)
            if not now:
                continue
            members.setdefault(label, set()).add(s.client_id)
            total = _line_revenue(s)
            by_category = bought.setdefault(label, {})
            for c in now:
                shares, amounts = by_category.setdefault(c.key, ([], []))
                shares.append(c.revenue / total if total else _ZERO)
                amounts.append(c.revenue)
        segments = {
            label: _Segment(
                frozenset(members.get(label, ())),
                {
                    key: _Bought(tuple(sorted(sh)), tuple(sorted(am)))
                    for key, (sh, am) in sorted(bought.get(label, {}).items())
                },
            )
            for label in sorted(set(labels))
        }
        products = None if self.product_abc is None else self.product_abc.fit(stats)
        return AssortmentFitted(
            policy=self,
            as_of=as_of,
            segment_of=segment_of,
            segments=segments,
            products=products,
        )


@attrs.frozen
class AssortmentFitted(Fitted):
    """:class:`Assortment` fitted to a population: each client's segment and what the
    segments buy.  ``label`` gives the :class:`AssortmentView`; ``assign`` adds the reasons.

    >>> from kam_core import ClientStats, ItemTotal
    >>> day = date(2026, 10, 1)
    >>> book = [ClientStats(c, date(2026, 11, 24), "RUB", orders=((day, Decimal(100)),),
    ...                     categories=(ItemTotal("paper", Decimal(100), Decimal(1), day, day),))
    ...         for c in ("C-1", "C-2")]
    >>> fitted = Assortment(peers=None).fit(book)
    >>> fitted.thresholds()
    {'all': {'members': 2, 'buyers': {'paper': 2}}}
    >>> fitted.label(book[0]) == fitted.assign(book[0]).outcome
    True
    """

    policy: Assortment
    segment_of: Mapping[str, str] = attrs.field(factory=dict)
    segments: Mapping[str, _Segment] = attrs.field(factory=dict)
    products: FittedProductAbc | None = None

    def thresholds(self) -> dict[str, Any]:
        """Per segment: the active peers and how many of them buy each category."""
        return {
            label: {
                "members": len(seg.members),
                "buyers": {key: len(b.shares) for key, b in seg.categories.items()},
            }
            for label, seg in self.segments.items()
        }

    def label(self, stats: ClientStats, *, client: Client | None = None) -> AssortmentView:
        """The client's assortment view, without the explanation."""
        self.check(stats, client)
        policy = self.policy
        as_of = stats.as_of
        recent, earlier = policy.windows(as_of)
        breadth = _breadth(stats, recent, earlier)
        if not stats.order_count:
            trend = AssortmentTrend.NO_ORDERS
        elif not stats.products:
            trend = AssortmentTrend.NO_LINES
        elif not breadth.products_now and not breadth.products_before:
            trend = AssortmentTrend.INACTIVE
        elif breadth.widened:
            trend = AssortmentTrend.WIDENING
        elif breadth.narrowed:
            trend = AssortmentTrend.NARROWING
        else:
            trend = AssortmentTrend.STEADY
        dropped = _dropped(stats, recent, earlier, self.products)
        segment = self.segment_of.get(stats.client_id)
        seg = None if segment is None else self.segments.get(segment)
        if seg is None or segment is None or not stats.order_count:
            return AssortmentView(stats.client_id, as_of, trend, breadth, segment, 0, dropped)
        own_active = stats.client_id in seg.members
        peers = len(seg.members) - own_active
        if peers < policy.min_peers:
            return AssortmentView(stats.client_id, as_of, trend, breadth, segment, peers, dropped)
        spots, candidates = self._compare(stats, recent, segment, seg, peers)
        return AssortmentView(
            stats.client_id, as_of, trend, breadth, segment, peers, dropped, spots, candidates
        )

    def _compare(
        self, stats: ClientStats, recent: Period, segment: str, seg: _Segment, peers: int
    ) -> tuple[tuple[WhiteSpot, ...], tuple[SaleCandidate, ...]]:
        policy = self.policy
        currency = stats.currency
        ever = {c.key: c for c in stats.categories}
        now = {c.key: c for c in _bought_categories(stats, recent)}
        total = _line_revenue(stats)
        line = policy.white_spot_share
        spots: list[WhiteSpot] = []
        cross: list[SaleCandidate] = []
        up: list[SaleCandidate] = []
        for key, b in seg.categories.items():
            mine = now.get(key)
            own_share = None if mine is None else (mine.revenue / total if total else _ZERO)
            own_amount = None if mine is None else mine.revenue
            buying = len(b.shares) - (mine is not None)
            if not buying:
                continue
            share = Decimal(buying) / Decimal(peers)
            median_amount = _median_without(b.amounts, own_amount)
            median_share = _median_without(b.shares, own_share)
            if median_amount is None or median_share is None:  # pragma: no cover - buying > 0
                continue
            peer_median = trusted_money(median_amount, currency).round()
            if mine is None:
                if share < line:
                    continue
                spots.append(
                    WhiteSpot(key, segment, peers, buying, _q(share), peer_median, key in ever)
                )
                if key in ever:
                    continue
                cross.append(
                    SaleCandidate(
                        CandidateKind.CROSS_SELL,
                        key,
                        segment,
                        peers,
                        buying,
                        _q(share),
                        _ZERO,
                        _q(median_share),
                        trusted_money(_ZERO, currency),
                        peer_median,
                        peer_median,
                    )
                )
                continue
            if buying < policy.min_peers or own_share is None:
                continue
            if own_share > policy.up_sell_below * median_share:
                continue
            gap = (median_share - own_share) * total
            up.append(
                SaleCandidate(
                    CandidateKind.UP_SELL,
                    key,
                    segment,
                    peers,
                    buying,
                    _q(share),
                    _q(own_share),
                    _q(median_share),
                    trusted_money(mine.revenue if mine else _ZERO, currency),
                    peer_median,
                    trusted_money(gap, currency).round(),
                )
            )
        spots.sort(key=lambda w: (-w.peer_share, -w.peer_median.amount, w.category))
        ranked = sorted(
            (*cross, *up),
            key=lambda c: (
                -c.expected.amount,
                c.kind is not CandidateKind.CROSS_SELL,
                c.category,
            ),
        )
        n = policy.max_candidates
        return tuple(spots[:n]), tuple(ranked[:n])

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's :class:`AssortmentView`, with criteria and reasons."""
        view = self.label(stats, client=client)
        return Decision(
            view,
            criteria=_criteria(view),
            reasons=_reasons(self.policy, view),
            policy=self.policy.ref,
            as_of=stats.as_of,
            subject=stats.client_id,
        )


def _average(stats: ClientStats, period: Period) -> Money | None:
    n = stats.orders_in(period)
    return None if not n else (stats.revenue_in(period) / n).round()


def _breadth(stats: ClientStats, recent: Period, earlier: Period) -> AssortmentBreadth:
    first = stats.first_order_on
    return AssortmentBreadth(
        recent,
        earlier,
        breadth_in(stats.products, recent),
        sum(1 for p in stats.products if held_in(p, earlier)),
        breadth_in(stats.categories, recent),
        sum(1 for c in stats.categories if held_in(c, earlier)),
        sum(1 for p in stats.products if p.first_on in recent),
        sum(1 for i in cross_sale_items(stats) if is_cross_sale(i, first) and i.first_on in recent),
        _average(stats, recent),
        _average(stats, earlier),
        breadth_in(stats.products, earlier),
    )


def _dropped(
    stats: ClientStats, recent: Period, earlier: Period, products: FittedProductAbc | None
) -> tuple[DroppedItem, ...]:
    """Items last bought in the earlier window: bought then, not since (exact)."""
    currency = stats.currency
    started: dict[str, list[str]] = {}
    for p in stats.products:
        if p.category is not None and p.first_on in recent:
            started.setdefault(p.category, []).append(p.key)
    out: list[DroppedItem] = []
    gone_categories = {c.key for c in stats.categories if c.last_on in earlier}
    for c in stats.categories:
        if c.key in gone_categories:
            out.append(
                DroppedItem(c.key, "category", c.key, c.last_on, trusted_money(c.revenue, currency))
            )
    for p in stats.products:
        if p.last_on not in earlier:
            continue
        label = None if products is None else str(products.classify(p.key).outcome)
        replaced_by = () if p.category is None else tuple(sorted(started.get(p.category, ())))
        out.append(
            DroppedItem(
                p.key,
                "product",
                p.category,
                p.last_on,
                trusted_money(p.revenue, currency),
                label,
                replaced_by,
            )
        )
    out.sort(key=lambda d: (d.level != "product", -d.revenue_before.amount, d.key))
    return tuple(out)


def _criteria(view: AssortmentView) -> tuple[CriterionResult, ...]:
    b = view.breadth
    if view.trend in (
        AssortmentTrend.NO_LINES,
        AssortmentTrend.NO_ORDERS,
        AssortmentTrend.INACTIVE,
    ):
        breadth = CriterionResult("assortment_breadth", UNKNOWN)
    else:
        breadth = CriterionResult(
            "assortment_breadth",
            FAILED if b.narrowed else PASSED,
            observed=b.products_now,
            threshold=b.products_before,
        )
    gone = [d for d in view.dropped if d.replaced is not None]
    if not gone:
        replacement = CriterionResult("replacement", PASSED if view.dropped == () else UNKNOWN)
    else:
        kept = sum(1 for d in gone if d.replaced)
        replacement = CriterionResult(
            "replacement",
            PASSED if kept == len(gone) else FAILED,
            observed=kept,
            threshold=len(gone),
        )
    return breadth, replacement


def _reasons(policy: Assortment, view: AssortmentView) -> tuple[Reason, ...]:
    b = view.breadth
    out: list[Reason] = []
    if view.trend is AssortmentTrend.NO_ORDERS:
        return (reason("assortment.no_orders", as_of=view.as_of),)
    if view.trend is AssortmentTrend.NO_LINES:
        return (reason("assortment.no_lines"),)
    if view.trend is AssortmentTrend.INACTIVE:
        out.append(reason("assortment.inactive", since=b.earlier.start))
    else:
        out.append(
            reason(
                f"assortment.breadth.{view.trend.value}",
                now=b.products_now,
                before=b.before_range,
                categories_now=b.categories_now,
                categories_before=b.categories_before,
                months=policy.recent_months,
                earlier_months=policy.earlier_months,
            )
        )
    now, before = b.average_order_now, b.average_order_before
    if now is not None and before is not None and now < before and not b.narrowed:
        out.append(reason("assortment.rotation", before_order=before, now_order=now))
    if b.cross_sales:
        out.append(
            reason("assortment.cross_sales", count=b.cross_sales, months=policy.recent_months)
        )
    for d in view.dropped:
        if d.level == "category":
            out.append(
                reason(
                    "assortment.dropped.category",
                    category=d.category,
                    last_on=d.last_bought_on,
                    revenue=d.revenue_before,
                )
            )
        elif d.replaced is None:
            out.append(
                reason(
                    "assortment.dropped.product",
                    product=d.key,
                    last_on=d.last_bought_on,
                    revenue=d.revenue_before,
                )
            )
        else:
            code = (
                "assortment.dropped.replaced" if d.replaced else "assortment.dropped.not_replaced"
            )
            params: dict[str, object] = {
                "product": d.key,
                "category": d.category,
                "label": d.product_class or "—",
                "last_on": d.last_bought_on,
                "revenue": d.revenue_before,
            }
            if d.replaced:
                params["items"] = d.replaced_by
            out.append(reason(code, **params))
    if view.segment is not None and view.peers < policy.min_peers:
        out.append(
            reason(
                "assortment.few_peers",
                segment=view.segment,
                peers=view.peers,
                min_peers=policy.min_peers,
            )
        )
    for w in view.white_spots:
        if not w.ever_bought:
            continue  # a white spot never bought is a cross-sell candidate: said there
        out.append(
            reason(
                "assortment.white_spot.win_back",
                category=w.category,
                segment=w.segment,
                share=w.peer_share,
                peers=w.peers,
                median_amount=w.peer_median,
            )
        )
    for c in view.candidates:
        if c.kind is CandidateKind.CROSS_SELL:
            out.append(
                reason(
                    "assortment.cross_sell",
                    category=c.category,
                    segment=c.segment,
                    share=c.peer_share,
                    peers=c.peers,
                    median_amount=c.peer_median,
                )
            )
        else:
            out.append(
                reason(
                    "assortment.up_sell",
                    category=c.category,
                    segment=c.segment,
                    client_share=c.client_share,
                    median_share=c.peer_median_share,
                    buyers=c.peers_buying,
                    amount=c.client_amount,
                    median_amount=c.peer_median,
                    gap=c.expected,
                )
            )
    return tuple(out)
