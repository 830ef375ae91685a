"""ABC analysis of clients and of products: the few that make most of the revenue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, localcontext
from types import MappingProxyType
from typing import Any, Literal, Self

import attrs
from pydantic import model_validator

from kam_core._decision import CriterionResult, Decision
from kam_core._domain.client import Client
from kam_core._money import trusted_money
from kam_core._stats.client_stats import ClientStats, stored_orders
from kam_core._time import Period
from kam_core.errors import CurrencyMismatchError
from kam_core.policies._engine import Policy, reason
from kam_core.policies.segmentation._base import (
    ClientsArg,
    Fitted,
    Population,
    Segmentation,
    population_as_of,
)
from kam_core.policies.segmentation._shared import (
    _HUNDRED,
    _PREC,
    _ZERO,
    FAILED,
    PASSED,
    UNKNOWN,
    _check_currency,
    _dec,
    _last_of,
    _Months,
    _pareto,
    _pct,
    _percent,
    _place,
    _Ranked,
    _Share,
    _trailing,
    _unknown,
    _validate_cutoffs,
)

__all__ = [
    "Abc",
    "FittedAbc",
    "FittedProductAbc",
    "ProductAbc",
]


class Abc(Segmentation):
    """ABC analysis of clients: A = the few who make most of the revenue.

    Clients are ranked by ``metric`` in the window (``window_months`` up to ``as_of``;
    None = all history), largest first, ties by client id.  With the default
    ``boundary="inclusive"`` a client is A while the share of the clients ranked above
    it is below the A cut-off — the client whose cumulative share *crosses* 80 % is
    still A, so the biggest client is A even when it alone makes 90 %.  With
    ``"exclusive"`` a client is A only when the cumulative share *including* it is at
    most 80 % (the methodology's "A ≤ 80 %" read literally).  A client with nothing in the
    window is C.  ``metric="margin"`` reads the margin of all history (the only span
    :class:`~kam_core.ClientStats` keeps it for) and is unknown for a client with an
    order that carries no margin.

    >>> from datetime import date
    >>> from kam_core import ClientStats
    >>> as_of = date(2026, 11, 24)
    >>> def book(**revenue):
    ...     return [ClientStats(c, as_of, "RUB", ((date(2026, 6, 1), Decimal(v)),))
    ...             for c, v in revenue.items()]
    >>> segments = Abc().segment(book(C1=700, C2=200, C3=60, C4=40))
    >>> {c: d.outcome for c, d in segments.items()}
    {'C1': 'A', 'C2': 'A', 'C3': 'B', 'C4': 'C'}
    >>> segments["C2"].reasons[0].params["cumulative_pct"]
    Decimal('90.00')
    >>> {c: d.outcome for c, d in Abc(boundary="exclusive").segment(
    ...     book(C1=700, C2=200, C3=60, C4=40)).items()}
    {'C1': 'A', 'C2': 'B', 'C3': 'C', 'C4': 'C'}
    """

    kind: Literal["abc"] = "abc"
    cutoffs: tuple[_Share, _Share] = (0.80, 0.95)
    """Cumulative shares closing class A and class B."""
    window_months: _Months | None = 12
    """The months up to ``as_of`` whose purchases count; None = all history."""
    metric: Literal["revenue", "margin", "orders"] = "revenue"
    """What ranks the clients: ``revenue``, ``margin`` (all history) or ``orders``."""
    boundary: Literal["inclusive", "exclusive"] = "inclusive"
    """Whether the client crossing a cut-off stays in the upper class (inclusive)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _validate_cutoffs(self.cutoffs)
        if self.metric == "margin" and self.window_months is not None:
            raise ValueError(
                f"metric='margin' needs window_months=None: ClientStats keeps the margin "
                f"of all history, not of the last {self.window_months} months"
            )
        return self

    def window(self, as_of: date) -> Period | None:
        """The window of purchases that count, None for all history.

        >>> Abc().window(date(2026, 11, 24))
        Period(start=datetime.date(2025, 11, 25), end=datetime.date(2026, 11, 25))
        """
        if self.window_months is None:
            return None
        return _trailing(as_of, self.window_months)

    def measure(self, stats: ClientStats) -> Decimal | None:
        """The client's metric in the window; None when it is unknown (margin).

        >>> from kam_core import ClientStats
        >>> s = ClientStats("C1", date(2026, 11, 24), "RUB", ((date(2026, 6, 1), Decimal(5)),))
        >>> Abc().measure(s), Abc(metric="orders").measure(s)
        (Decimal('5'), Decimal('1'))
        """
        metric = self.metric
        if metric == "margin":
            if stats.margin_orders < stats.order_count:
                return None
            return stats.margin_amount
        orders = stored_orders(stats)
        window = None if self.window_months is None else _trailing(stats.as_of, self.window_months)
        if window is None:
            lo, hi = 0, len(orders)
        else:
            lo, hi = orders.span(window.start, window.end)
        # as revenue_in(window).amount (net of returns) and orders_in(window) read them
        if metric != "revenue":
            return Decimal(hi - lo)
        revenue = orders.amount(lo, hi)
        if stats.return_count:
            revenue -= stats.returned_in(window).amount
        return revenue

    def fit(self, population: Population, *, clients: ClientsArg = None) -> FittedAbc:
        """Rank the population and learn the class boundaries."""
        return self._ranked(population)[0]

    def fit_labels(
        self, population: Population, *, clients: ClientsArg = None
    ) -> tuple[FittedAbc, list[Any]]:
        """:meth:`fit`, and every member's class (in client-id order), reading each client once.

        The labels are those :meth:`FittedAbc.label` gives (a member keeps its class).
        A subclass with its own :meth:`fit` is fitted and labelled through that ``fit``.

        >>> from kam_core import ClientStats
        >>> book = [ClientStats(c, date(2026, 11, 24), "RUB", ((date(2026, 6, 1), Decimal(v)),))
        ...         for c, v in (("C-1", 900), ("C-2", 60), ("C-3", 40))]
        >>> Abc().fit_labels(book)[1]
        ['A', 'B', 'C']
        """
        if type(self).fit is not Abc.fit:
            return super().fit_labels(population, clients=clients)  # type: ignore[return-value]
        return self._ranked(population)

    def fit_facts(
        self, population: Population, *, clients: ClientsArg = None
    ) -> tuple[FittedAbc, list[Any], list[Any]]:
        """:meth:`fit_labels`, and every member's measured metric (for
        :meth:`FittedAbc.explain`), reading each client once.

        >>> from kam_core import ClientStats
        >>> book = [ClientStats(c, date(2026, 11, 24), "RUB", ((date(2026, 6, 1), Decimal(v)),))
        ...         for c, v in (("C-1", 900), ("C-2", 100))]
        >>> fitted, labels, facts = Abc().fit_facts(book)
        >>> labels, fitted.explain(book[0], facts[0]) == fitted.assign(book[0])
        (['A', 'B'], True)
        """
        if type(self).fit is not Abc.fit:
            return super().fit_facts(population, clients=clients)  # type: ignore[return-value]
        fitted, labels, values = self._measured(population)
        return fitted, labels, [(value,) for value in values]

    def _ranked(self, population: Population) -> tuple[FittedAbc, list[Any]]:
        """The fitted ranking and every member's class, in client-id order."""
        fitted, labels, _ = self._measured(population)
        return fitted, labels

    def _measured(self, population: Population) -> tuple[FittedAbc, list[Any], list[Any]]:
        """The fitted ranking, every member's class and metric, in client-id order."""
        stats, as_of = population_as_of(population)
        currency = None if self.metric == "orders" else _check_currency(stats)
        values = [(s.client_id, self.measure(s)) for s in stats]
        known = [(key, value) for key, value in values if value is not None]
        fitted = FittedAbc.build(self, as_of, currency, known)
        index = fitted._index
        labels = [UNKNOWN if v is None else index[key].label for key, v in values]
        return fitted, labels, [v for _, v in values]


def _members_by_key(fitted: FittedAbc | FittedProductAbc) -> dict[str, _Ranked]:
    """A fitted ranking's members by key: the index ``label`` and ``assign`` read."""
    return {m.key: m for m in fitted.members}


def _last_a_and_b(fitted: FittedAbc) -> tuple[_Ranked | None, _Ranked | None]:
    """The last member of class A and of class B: the boundaries newcomers are placed by."""
    return _last_of(fitted.members, "A"), _last_of(fitted.members, "B")


@attrs.frozen
class FittedAbc(Fitted):
    """An :class:`Abc` fitted to a population: every member's rank and class.

    A member keeps the class it got in the ranking; a newcomer is placed against the
    learned boundaries (the last A and the last B client in the ranking order).

    >>> from kam_core import ClientStats
    >>> day = date(2026, 6, 1)
    >>> fitted = Abc().fit([ClientStats(c, date(2026, 11, 24), "RUB", ((day, Decimal(v)),))
    ...                     for c, v in (("C1", 90), ("C2", 10))])
    >>> dict(fitted.classes), fitted.thresholds()["counts"]
    ({'C1': 'A', 'C2': 'B'}, {'A': 1, 'B': 1, 'C': 0})
    """

    policy: Abc
    currency: str | None
    total: Decimal
    members: tuple[_Ranked, ...]
    _index: Mapping[str, _Ranked] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_members_by_key, takes_self=True)
    )
    _last: tuple[_Ranked | None, _Ranked | None] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_last_a_and_b, takes_self=True)
    )

    @classmethod
    def build(
        cls,
        policy: Abc,
        as_of: date,
        currency: str | None,
        values: Iterable[tuple[str, Decimal]],
    ) -> FittedAbc:
        """Rank ``(client id, metric value)`` pairs with ``policy``'s cut-offs."""
        a, b = (_dec(c) for c in policy.cutoffs)
        total, members = _pareto(values, a, b, policy.boundary)
        return cls(policy=policy, as_of=as_of, currency=currency, total=total, members=members)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FittedAbc:
        """Rebuild from :meth:`to_dict`: an equal fitted object.

        >>> from kam_core import ClientStats
        >>> s = ClientStats("C1", date(2026, 1, 1), "RUB", ((date(2025, 12, 1), Decimal(5)),))
        >>> fitted = Abc().fit([s])
        >>> FittedAbc.from_dict(fitted.to_dict()) == fitted
        True
        """
        as_of = date.fromisoformat(data["as_of"])
        return cls._restore(Abc.load(data["policy"]), as_of, data["thresholds"])

    @classmethod
    def _restore(cls, policy: Abc, as_of: date, t: Mapping[str, Any]) -> FittedAbc:
        values = [(m["client_id"], Decimal(m["value"])) for m in t["members"]]
        return cls.build(policy, as_of, t["currency"], values)

    @property
    def classes(self) -> Mapping[str, str]:
        """Class of every member, by client id (sorted by id)."""
        return MappingProxyType({m.key: m.label for m in sorted(self.members, key=_by_key)})

    def thresholds(self) -> dict[str, Any]:
        """Total, cut-off amounts, class counts and the ranked members (JSON-safe)."""
        a, b = (_dec(c) for c in self.policy.cutoffs)
        counts = dict.fromkeys("ABC", 0)
        for m in self.members:
            counts[m.label] += 1
        with localcontext() as ctx:
            ctx.prec = _PREC
            cut = [str(a * self.total), str(b * self.total)]
        return {
            "metric": self.policy.metric,
            "currency": self.currency,
            "total": str(self.total),
            "cutoff_amounts": cut,
            "counts": counts,
            "members": [
                {"client_id": m.key, "value": str(m.value), "label": m.label} for m in self.members
            ],
        }

    def _observed(self, value: Decimal) -> object:
        if self.policy.metric == "orders":
            return int(value)
        return trusted_money(value, self.currency or "XXX")

    def _classify(
        self, stats: ClientStats, facts: tuple[Decimal | None] | None = None
    ) -> tuple[Decimal | None, str, _Ranked | None]:
        """The metric value (measured, or kept in ``facts``), the class and the ranked
        member it was read from (if any)."""
        policy = self.policy
        if (
            self.currency is not None
            and policy.metric != "orders"
            and stats.currency != self.currency
        ):
            raise CurrencyMismatchError(self.currency, stats.currency, field="stats")
        value = policy.measure(stats) if facts is None else facts[0]
        if value is None:
            return None, UNKNOWN, None
        if value <= 0:
            return value, "C", None
        member = self._index.get(stats.client_id)
        if member is not None and member.value == value:
            return value, member.label, member
        return value, _place(value, stats.client_id, *self._last), None

    def label(self, stats: ClientStats, *, client: Client | None = None) -> Any:
        """The class :meth:`assign` gives, without building its explanation.

        >>> from kam_core import ClientStats
        >>> day = date(2026, 6, 1)
        >>> book = [ClientStats(c, date(2026, 11, 24), "RUB", ((day, Decimal(v)),))
        ...         for c, v in (("C1", 90), ("C2", 10))]
        >>> fitted = Abc().fit(book)
        >>> fitted.label(book[1]) == fitted.assign(book[1]).outcome == "B"
        True
        """
        self.check(stats, client)
        return self._classify(stats)[1]

    def label_facts(self, stats: ClientStats, *, client: Client | None = None) -> tuple[Any, Any]:
        """The class and the metric it was read from (for :meth:`explain`)."""
        self.check(stats, client)
        value, label, _ = self._classify(stats)
        return label, (value,)

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's ABC class, with the numbers it was read from."""
        return self.explain(stats, None, client=client)

    def explain(
        self, stats: ClientStats, facts: Any, *, client: Client | None = None
    ) -> Decision[Any]:
        """:meth:`assign` from the metric the labelling pass measured (``(value,)``, as
        :meth:`Abc.fit_facts` and :meth:`label_facts` keep it); None measures again."""
        self.check(stats, client)
        policy = self.policy
        metric = policy.metric
        value, label, member = self._classify(stats, facts)
        if value is None:
            why = reason("abc.margin.unknown", known=stats.margin_orders, orders=stats.order_count)
            return _unknown(policy, stats, metric, why)
        observed = self._observed(value)
        a, b = (_dec(c) for c in policy.cutoffs)
        shown = {"metric": metric, "value": observed}
        if value <= 0:
            why = reason("abc.no_value", **shown)
            share = None
        elif member is not None:
            share = _pct(member.cumulative, self.total)
            why = reason(
                "abc.class",
                **shown,
                label=label,
                rank=member.rank,
                of=len(self.members),
                before_pct=_pct(member.before, self.total),
                cumulative_pct=share,
                a_pct=_percent(a),
                b_pct=_percent(b),
                boundary=policy.boundary,
                total=self._observed(self.total),
            )
        else:
            share = None
            why = reason("abc.placed", **shown, label=label)
        criteria = (
            CriterionResult(metric, PASSED, observed=observed),
            CriterionResult(
                "cumulative_share",
                PASSED if label == "A" else FAILED,
                observed=None if share is None else share / _HUNDRED,
                threshold=a,
            ),
        )
        return Decision(
            label,
            criteria=criteria,
            reasons=(why,),
            policy=policy.ref,
            as_of=stats.as_of,
            subject=stats.client_id,
        )


def _by_key(m: _Ranked) -> str:
    return m.key


# --------------------------------------------------------------------------------------
# ABC of products (assortment ABC)


class ProductAbc(Policy):
    """Assortment ABC: products ranked by what the population bought of them.

    The same Pareto cut as :class:`Abc` (cut-offs, boundary convention, ties by
    product id) over the products of deal lines, summed across clients.  A C product
    is the one that leaves a retailer's matrix (docs/methodology.md#segmentation).  ``ClientStats``
    keep product totals of all history up to ``as_of``: for a window, build the stats
    from the window's deals.

    >>> from kam_core import ClientStats, ItemTotal
    >>> d = date(2026, 3, 1)
    >>> def item(key, revenue):
    ...     return ItemTotal(key, Decimal(revenue), Decimal(1), d, d)
    >>> c1 = ClientStats("C1", date(2026, 6, 1), "RUB",
    ...                  products=(item("SKU-1", 500), item("SKU-2", 150)))
    >>> c2 = ClientStats("C2", date(2026, 6, 1), "RUB",
    ...                  products=(item("SKU-1", 300), item("SKU-3", 50)))
    >>> {k: v.outcome for k, v in ProductAbc().segment([c1, c2]).items()}
    {'SKU-1': 'A', 'SKU-2': 'B', 'SKU-3': 'C'}
    """

    kind: Literal["product_abc"] = "product_abc"
    cutoffs: tuple[_Share, _Share] = (0.80, 0.95)
    """Cumulative shares closing class A and class B."""
    metric: Literal["revenue", "quantity"] = "revenue"
    """What ranks the products: ``revenue`` or ``quantity`` sold."""
    boundary: Literal["inclusive", "exclusive"] = "inclusive"
    """Whether the product crossing a cut-off stays in the upper class (inclusive)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _validate_cutoffs(self.cutoffs)
        return self

    def fit(self, population: Population) -> FittedProductAbc:
        """Sum every product over the population and rank the products."""
        stats, as_of = population_as_of(population)
        currency = _check_currency(stats) if self.metric == "revenue" else None
        totals: dict[str, Decimal] = {}
        with localcontext() as ctx:
            ctx.prec = _PREC
            for s in stats:
                for item in s.products:
                    value = item.revenue if self.metric == "revenue" else item.quantity
                    totals[item.key] = totals.get(item.key, _ZERO) + value
        a, b = (_dec(c) for c in self.cutoffs)
        total, members = _pareto(totals.items(), a, b, self.boundary)
        return FittedProductAbc(
            policy=self, as_of=as_of, currency=currency, total=total, members=members
        )

    def segment(self, population: Population) -> Mapping[str, Decision[Any]]:
        """Every product's class, keyed by product id (sorted)."""
        fitted = self.fit(population)
        return {key: fitted.classify(key) for key in sorted(m.key for m in fitted.members)}


@attrs.frozen
class FittedProductAbc:
    """A :class:`ProductAbc` fitted to a population: each product's rank and class.

    >>> from kam_core import ClientStats, ItemTotal
    >>> day = date(2026, 6, 1)
    >>> s = ClientStats("C1", date(2026, 11, 24), "RUB",
    ...                 products=(ItemTotal("SKU-1", Decimal(9), Decimal(1), day, day),))
    >>> ProductAbc().fit([s]).classify("SKU-1").outcome
    'A'
    """

    policy: ProductAbc
    as_of: date
    currency: str | None
    total: Decimal
    members: tuple[_Ranked, ...]
    _index: Mapping[str, _Ranked] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_members_by_key, takes_self=True)
    )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: the policy, ``as_of``, the total and the ranked products."""
        return {
            "policy": self.policy.to_dict(),
            "as_of": self.as_of.isoformat(),
            "thresholds": {
                "metric": self.policy.metric,
                "currency": self.currency,
                "total": str(self.total),
                "members": [
                    {"product_id": m.key, "value": str(m.value), "label": m.label}
                    for m in self.members
                ],
            },
        }

    def classify(self, product_id: str) -> Decision[str]:
        """The product's class; a product nobody bought is C."""
        member = self._index.get(product_id)
        metric = self.policy.metric
        if member is None:
            return Decision(
                "C",
                reasons=(reason("abc.product.unknown", product=product_id),),
                policy=self.policy.ref,
                as_of=self.as_of,
                subject=product_id,
            )
        observed: object = (
            trusted_money(member.value, self.currency or "XXX")
            if metric == "revenue"
            else member.value
        )
        a, b = (_dec(c) for c in self.policy.cutoffs)
        if member.value <= 0:
            why = reason("abc.no_value", metric=metric, value=observed)
        else:
            why = reason(
                "abc.class",
                metric=metric,
                value=observed,
                label=member.label,
                rank=member.rank,
                of=len(self.members),
                before_pct=_pct(member.before, self.total),
                cumulative_pct=_pct(member.cumulative, self.total),
                a_pct=_percent(a),
                b_pct=_percent(b),
                boundary=self.policy.boundary,
            )
        return Decision(
            member.label,
            criteria=(CriterionResult(metric, PASSED, observed=observed),),
            reasons=(why,),
            policy=self.policy.ref,
            as_of=self.as_of,
            subject=product_id,
        )


# --------------------------------------------------------------------------------------
# XYZ
