"""The sales system's profile: price, complexity, clients and purchase frequency.

These are facts entered by people (or measured from the book with
:meth:`SalesSystemProfile.from_stats`), so ``None`` always means *unknown*, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from statistics import median
from typing import Annotated, Self

from pydantic import Field

from kam_core._domain._base import Entity, NonNegativeMoney, Rate
from kam_core._money import Money
from kam_core._stats.client_stats import ClientStats, population_members
from kam_core._time import Period
from kam_core._words import Worded

__all__ = [
    "Level",
    "OrdersPerYear",
    "SalesSystemProfile",
    "SalesType",
]

# --------------------------------------------------------------------------------------
# the sales system


class Level(Worded, StrEnum):
    """A three-step level of a characteristic (price, product complexity).

    Levels are ordered by :attr:`rank` (LOW < MEDIUM < HIGH), not alphabetically.

    >>> Level.LOW < Level.HIGH, max(Level), Level.MEDIUM.text("ru")
    (True, <Level.HIGH: 'high'>, 'средняя')
    """

    __words__ = "level"

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank

    @property
    def rank(self) -> int:
        """0 for LOW, 1 for MEDIUM, 2 for HIGH."""
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.LOW: 0, Level.MEDIUM: 1, Level.HIGH: 2}


class SalesType(Worded, StrEnum):
    """The type of a sales system (docs/methodology.md#sales-systems).

    ``UNKNOWN`` is a profile that fits none of the three descriptions (or one whose
    missing facts leave the type open); :func:`~kam_core.structure_for` refuses it.

    >>> SalesType.MIXED.text("ru"), SalesType.UNKNOWN.text("en")
    ('смешанные транзакционные и консультационные продажи', 'type not determined')
    """

    __words__ = "sales_type"

    TRANSACTIONAL = "transactional"
    """Транзакционные продажи: low price and complexity, many clients or frequent orders."""
    CONSULTATIVE = "consultative"
    """Консультационные продажи: high price or complexity, few clients or rare orders."""
    MIXED = "mixed"
    """Смешанные продажи: low or medium price and complexity, thousands of clients, an
    order at least every two months; the most common B2B system."""
    UNKNOWN = "unknown"
    """The profile fits none of the three descriptions, or facts are missing to decide;
    the decision's reasons say which."""


OrdersPerYear = Annotated[Rate, Field(ge=0, le=100_000)]
"""Orders a year per client, a rate: int, str, Decimal or float (``0.5`` = an order every
two years; floats are read by their shortest repr, see :func:`to_rate`); 6 = an order
every two months."""

_Count = Annotated[int, Field(ge=0, le=10**9, strict=True)]


class SalesSystemProfile(Entity):
    """The four characteristics that decide a sales system's type, plus two optional ones.

    Every characteristic may be ``None`` (unknown); the classifier then says what to ask.
    ``orders_per_year`` is per client (typical, e.g. the median); 6 means "an order at
    least every two months".

    >>> seed = SalesSystemProfile(price=Level.LOW, complexity=Level.MEDIUM,
    ...                           client_count=3000, orders_per_year=8)
    >>> seed.orders_per_year, seed.average_deal_size is None
    (Decimal('8'), True)
    >>> SalesSystemProfile.model_validate(seed.model_dump(mode="json")) == seed
    True
    """

    price: Level | None
    """Price of the goods (стоимость товаров)."""
    complexity: Level | None
    """Product complexity (сложность товаров)."""
    client_count: _Count | None
    """Number of clients (количество клиентов): units … thousands."""
    orders_per_year: OrdersPerYear | None
    """Purchase frequency per client (частота покупок)."""
    average_deal_size: NonNegativeMoney | None = None
    """Average deal amount (средний чек), if known."""
    decision_group_size: Annotated[int, Field(ge=1, le=10_000, strict=True)] | None = None
    """People in a typical client's decision-making group (ГПР), if known."""

    @classmethod
    def from_stats(
        cls,
        population: Iterable[ClientStats] | Mapping[str, ClientStats],
        *,
        price: Level | None,
        complexity: Level | None,
        window_months: int = 12,
        decision_group_size: int | None = None,
    ) -> Self:
        """Measure clients, frequency and average deal from the book of deals.

        Price and complexity are judgements people make; the rest is measured over the
        ``window_months`` up to the population's common ``as_of``: ``client_count`` =
        clients with an order in the window, ``orders_per_year`` = the median client's
        orders in the window scaled to a year (two decimals), ``average_deal_size`` =
        the window's revenue ÷ its orders (rounded to the currency's minor units).
        ``population`` is what :func:`~kam_core.build_stats` returns, or its values.

        >>> from datetime import date
        >>> from kam_core import Deal, Money, build_stats
        >>> deals = [Deal(id=f"D-{c}-{m}", client_id=c, status="won",
        ...               opened_on=date(2026, m, 1), closed_on=date(2026, m, 2),
        ...               amount=Money("1000", "RUB"))
        ...          for c, months in (("C-1", range(1, 11)), ("C-2", (2, 4, 6, 8)),
        ...                            ("C-3", (5,)))
        ...          for m in months]
        >>> stats = build_stats(deals, as_of=date(2026, 11, 24)).values()
        >>> prof = SalesSystemProfile.from_stats(stats, price=Level.LOW, complexity=Level.LOW)
        >>> prof.client_count, prof.orders_per_year, prof.average_deal_size
        (3, Decimal('4.00'), Money('1000.00', 'RUB'))
        """
        if window_months < 1:
            raise ValueError(f"window_months={window_months!r}: must be >= 1")
        stats = population_members(population)
        dates = {s.as_of for s in stats}
        if len(dates) > 1:
            raise ValueError(
                f"stats are as of {sorted(d.isoformat() for d in dates)}: "
                "build every client's stats for one date"
            )
        if not stats:
            return cls(
                price=price,
                complexity=complexity,
                client_count=0,
                orders_per_year=None,
                decision_group_size=decision_group_size,
            )
        period = Period.trailing_months(stats[0].as_of, window_months)
        counts = sorted(n for n in (s.orders_in(period) for s in stats) if n)
        frequency = None
        deal = None
        if counts:
            scale = Decimal(12) / Decimal(window_months)
            frequency = (Decimal(median(counts)) * scale).quantize(Decimal("0.01"))
            currency = stats[0].currency
            revenue = Money.total((s.revenue_in(period) for s in stats), currency)
            deal = (revenue / sum(counts)).round()
        return cls(
            price=price,
            complexity=complexity,
            client_count=len(counts),
            orders_per_year=frequency,
            average_deal_size=deal,
            decision_group_size=decision_group_size,
        )
