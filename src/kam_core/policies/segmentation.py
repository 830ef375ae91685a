"""Value segmentations of the client base: ABC, XYZ, ABC×XYZ, ABCD, RFM and migrations.

METHODOLOGY.md §5.  Every policy here is data (``kind``, ``version``, fingerprint) and a
:class:`~kam_core.policies.Segmentation`: ``fit(population)`` learns what the population
says (the ABC boundaries, the RFM quintiles), ``fitted.assign(stats)`` decides one client,
``segment(population)`` does both for the whole book.  Outcomes are labels (``"A"``,
``"AX"``, ``"champions"`` …); a client the policy cannot judge gets the label
``"unknown"`` with the missing fact in ``decision.missing`` and a reason saying why.

Conventions (all documented in ``docs/segmentation.md``):

* clients are ranked by their metric, largest first, **ties broken by client id**
  (ascending), so the result never depends on input order;
* shares are compared with exact ``Decimal`` arithmetic (``cumulative ≤ cut-off × total``,
  never a rounded ratio); ratios shown in reasons are rounded for display only;
* nothing after ``as_of`` counts: everything is read from ``ClientStats`` built as of it.
"""

from __future__ import annotations

import functools
import itertools
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, getcontext, localcontext
from operator import mul
from types import MappingProxyType
from typing import Annotated, Any, ClassVar, Literal, Self

import attrs
from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core._domain.client import Client
from kam_core._domain.role import Position, Responsibility, Role
from kam_core._i18n import Term, register_reason_texts, register_terms
from kam_core._i18n.segmentation import METRIC_RU, RFM_SEGMENT_RU, STRATEGY_RU, TEXTS
from kam_core._money import Money
from kam_core._stats import ClientStats
from kam_core._time import Month, Period
from kam_core.errors import CurrencyMismatchError, PolicyEvaluationError
from kam_core.policies._engine import Policy, _Data, reason
from kam_core.policies._segmentation_base import (
    ClientsArg,
    Fitted,
    Play,
    Playbook,
    Segmentation,
    compact_orders,
    population_as_of,
)

__all__ = [
    "ABCD_NAMES",
    "ABSENT",
    "STANDARD_RFM_GRID",
    "UNKNOWN",
    "Abc",
    "AbcXyz",
    "Abcd",
    "FittedAbc",
    "FittedAbcXyz",
    "FittedAbcd",
    "FittedProductAbc",
    "FittedRfm",
    "FittedXyz",
    "Migration",
    "ProductAbc",
    "Rfm",
    "RfmCell",
    "Xyz",
    "abc_xyz_playbook",
    "abcd_playbook",
    "migration",
    "rfm_playbook",
]

register_reason_texts(TEXTS)
register_terms({f"rfm.{label}": (label, ru) for label, ru in RFM_SEGMENT_RU.items()})
register_terms(
    {
        "outcome.unknown": ("unknown", "не определено"),
        "outcome.no_orders": ("no orders", "нет заказов"),
    }
)

UNKNOWN = "unknown"
"""The label of a client a segmentation cannot judge (a fact is missing)."""
ABSENT = "absent"
"""The label :func:`migration` gives a client missing from one of the two dates."""

PASSED, FAILED, UNKNOWN_STATUS = (
    CriterionStatus.PASSED,
    CriterionStatus.FAILED,
    CriterionStatus.UNKNOWN,
)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_PREC = 80
"""Decimal precision for sums and products: far above any book's digits, so exact."""

_POW10 = tuple(10**k for k in range(256))
_DIGITS_18 = 10**18
_SAFE_PREC = 19
"""Monthly sums under 18 digits are exact Decimal sums at this precision or more."""
_SAFE_EXP = 10_000

_Share = Annotated[float, Field(gt=0, lt=1)]
_Months = Annotated[int, Field(ge=1, le=600, strict=True)]
R = Responsibility


@functools.lru_cache(maxsize=256)
def _trailing(as_of: date, months: int) -> Period:
    """``Period.trailing_months``, cached: every client of a book shares its window."""
    return Period.trailing_months(as_of, months)


def _dec(value: float) -> Decimal:
    """The decimal a configuration float stands for (``0.8`` → ``Decimal('0.8')``)."""
    return Decimal(repr(value))


def _pct(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator ÷ denominator`` in per cent, two places, for display only."""
    if denominator == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = _PREC
        return (numerator * _HUNDRED / denominator).quantize(Decimal("0.01"))


def _percent(share: Decimal) -> Decimal:
    """A configured share as a per-cent figure without trailing zeros (0.8 → 80)."""
    value = (share * _HUNDRED).normalize()
    exponent = value.as_tuple().exponent
    return value if isinstance(exponent, int) and exponent <= 0 else value.quantize(Decimal(1))


def _unknown(
    policy: Policy,
    stats: ClientStats,
    missing: str,
    why: Reason,
    criteria: tuple[CriterionResult, ...] = (),
) -> Decision[Any]:
    return Decision(
        UNKNOWN,
        criteria=(*criteria, CriterionResult(missing, UNKNOWN_STATUS, reasons=(why,))),
        missing=(missing,),
        reasons=(why,),
        policy=policy.ref,
        as_of=stats.as_of,
        subject=stats.client_id,
    )


def _check_currency(stats: Iterable[ClientStats]) -> str | None:
    currency: str | None = None
    for s in stats:
        if currency is None:
            currency = s.currency
        elif s.currency != currency:
            raise CurrencyMismatchError(currency, s.currency, field=f"stats of {s.client_id}")
    return currency


def _label(outcome: object) -> str:
    if outcome is None:
        return UNKNOWN
    return str(outcome)


# --------------------------------------------------------------------------------------
# the Pareto ranking shared by client ABC and product ABC


@attrs.frozen
class _Ranked:
    key: str
    value: Decimal
    rank: int
    before: Decimal
    """Sum of the positive values ranked above this one."""
    cumulative: Decimal
    """``before`` plus this value when positive."""
    label: str


def _pareto(
    items: Iterable[tuple[str, Decimal]], a: Decimal, b: Decimal, boundary: str
) -> tuple[Decimal, tuple[_Ranked, ...]]:
    """Rank ``(key, value)`` largest first (ties by key) and cut A / B / C exactly."""
    ordered = sorted(items, key=lambda kv: (-kv[1], kv[0]))
    with localcontext() as ctx:
        ctx.prec = _PREC
        total = sum((v for _, v in ordered if v > 0), _ZERO)
        a_amount, b_amount = a * total, b * total
        out: list[_Ranked] = []
        cumulative = _ZERO
        for rank, (key, value) in enumerate(ordered, 1):
            before = cumulative
            if value > 0:
                cumulative = before + value
            # the comparison the convention reads: the share before the client
            # ("inclusive": the client crossing the cut-off stays in the upper class)
            # or the share including it ("exclusive": it drops to the next class)
            edge = before if boundary == "inclusive" else cumulative
            if value <= 0:
                label = "C"
            elif (edge < a_amount) if boundary == "inclusive" else (edge <= a_amount):
                label = "A"
            elif (edge < b_amount) if boundary == "inclusive" else (edge <= b_amount):
                label = "B"
            else:
                label = "C"
            out.append(_Ranked(key, value, rank, before, cumulative, label))
    return total, tuple(out)


def _last_of(members: tuple[_Ranked, ...], label: str) -> _Ranked | None:
    last = None
    for m in members:
        if m.label == label:
            last = m
    return last


def _place(value: Decimal, key: str, last_a: _Ranked | None, last_b: _Ranked | None) -> str:
    """The class of a newcomer (value > 0) by its position against the boundary keys."""
    mine = (-value, key)
    if last_a is not None and mine <= (-last_a.value, last_a.key):
        return "A"
    if last_b is not None and mine <= (-last_b.value, last_b.key):
        return "B"
    return "C"


def _validate_cutoffs(cutoffs: tuple[float, float]) -> None:
    if not cutoffs[0] < cutoffs[1]:
        raise ValueError(f"cutoffs={cutoffs!r}: the A cut-off must be below the B cut-off")


# --------------------------------------------------------------------------------------
# ABC of clients


class Abc(Segmentation):
    """ABC analysis of clients: A = the few who make most of the revenue.

    Clients are ranked by ``metric`` in the window (``window_months`` up to ``as_of``;
    None = all history), largest first, ties by client id.  With the default
    ``boundary="inclusive"`` a client is A while the share of the clients ranked above
    it is below the A cut-off — the client whose cumulative share *crosses* 80 % is
    still A, so the biggest client is A even when it alone makes 90 %.  With
    ``"exclusive"`` a client is A only when the cumulative share *including* it is at
    most 80 % (METHODOLOGY "A ≤ 80 %" read literally).  A client with nothing in the
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
        orders = stats._orders
        if self.window_months is None:
            lo, hi = 0, len(orders)
        else:
            window = _trailing(stats.as_of, self.window_months)
            lo, hi = orders.span(window.start, window.end)
        # as revenue_in(window).amount and orders_in(window) read them
        return orders.amount(lo, hi) if metric == "revenue" else Decimal(hi - lo)

    def fit(self, population: Iterable[ClientStats], *, clients: ClientsArg = None) -> FittedAbc:
        """Rank the population and learn the class boundaries."""
        return self._fit_labels(population)[0]

    def _fit_labels(
        self, population: Iterable[ClientStats], *, clients: ClientsArg = None
    ) -> tuple[FittedAbc, list[str]]:
        """:meth:`fit`, and every member's label (by client id), reading each client once.

        The labels are those :meth:`FittedAbc.label` gives (a member keeps its class);
        :func:`~kam_core.analyze` uses this to fit and label a population in one pass.
        """
        stats, as_of = population_as_of(population)
        currency = None if self.metric == "orders" else _check_currency(stats)
        values = [(s.client_id, self.measure(s)) for s in stats]
        known = [(key, value) for key, value in values if value is not None]
        fitted = FittedAbc.build(self, as_of, currency, known)
        index = fitted._index
        return fitted, [UNKNOWN if v is None else index[key].label for key, v in values]


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
    _index: Mapping[str, _Ranked] = attrs.field(init=False, eq=False, repr=False)
    _last: tuple[_Ranked | None, _Ranked | None] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {m.key: m for m in self.members})
        object.__setattr__(
            self, "_last", (_last_of(self.members, "A"), _last_of(self.members, "B"))
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
        return Money._trusted(value, self.currency or "XXX")

    def _classify(self, stats: ClientStats) -> tuple[Decimal | None, str, _Ranked | None]:
        """The metric value, the class and the ranked member it was read from (if any)."""
        policy = self.policy
        if (
            self.currency is not None
            and policy.metric != "orders"
            and stats.currency != self.currency
        ):
            raise CurrencyMismatchError(self.currency, stats.currency, field="stats")
        value = policy.measure(stats)
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

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's ABC class, with the numbers it was read from."""
        self.check(stats, client)
        policy = self.policy
        metric = policy.metric
        value, label, member = self._classify(stats)
        if value is None:
            why = reason("abc.margin.unknown", known=stats.margin_orders, orders=stats.order_count)
            return _unknown(policy, stats, metric, why)
        observed = self._observed(value)
        a, b = (_dec(c) for c in policy.cutoffs)
        shown = {"metric": Term(metric, METRIC_RU[metric]), "value": observed}
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
    is the one that leaves a retailer's matrix (METHODOLOGY §5).  ``ClientStats``
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

    def fit(self, population: Iterable[ClientStats]) -> FittedProductAbc:
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

    def segment(self, population: Iterable[ClientStats]) -> Mapping[str, Decision[Any]]:
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
    _index: Mapping[str, _Ranked] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {m.key: m for m in self.members})

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
            Money._trusted(member.value, self.currency or "XXX")
            if metric == "revenue"
            else member.value
        )
        a, b = (_dec(c) for c in self.policy.cutoffs)
        if member.value <= 0:
            why = reason("abc.no_value", metric=Term(metric, METRIC_RU[metric]), value=observed)
        else:
            why = reason(
                "abc.class",
                metric=Term(metric, METRIC_RU[metric]),
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


def _xyz_window(as_of: date, months: int) -> tuple[Month, ...]:
    """The ``months`` complete calendar months ending on or before ``as_of``."""
    current = Month.of(as_of)
    last = current if as_of == current.last_day else current - 1
    return tuple(last - i for i in range(months - 1, -1, -1))


class Xyz(Segmentation):
    """XYZ analysis: how steady the client's monthly revenue is.

    The coefficient of variation (population standard deviation ÷ mean) of the revenue
    of each of the last ``months`` *complete* calendar months — the months whose last
    day is on or before ``as_of`` (so as of 24 November the window ends with October;
    as of 30 November it ends with November).  Months without orders count as zero.
    X when CV ≤ ``x_max``, Y when CV ≤ ``y_max``, Z above; compared exactly
    (``n·Σx² − (Σx)² ≤ t²·(Σx)²``), the CV shown is rounded.  A client whose first
    order falls after the window's first month has too little history: UNKNOWN, not Z.

    >>> from kam_core import ClientStats
    >>> orders = tuple((date(2026, m, 10), Decimal(100 if m % 2 else 120)) for m in range(1, 13))
    >>> s = ClientStats("C1", date(2026, 12, 31), "RUB", orders)
    >>> d = Xyz().segment([s])["C1"]
    >>> d.outcome, d.criteria[0].observed
    ('X', Decimal('0.0909'))
    >>> Xyz.preset("b2b").x_max, Xyz.preset("b2b").y_max
    (0.25, 0.5)
    """

    kind: Literal["xyz"] = "xyz"
    months: Annotated[int, Field(ge=2, le=120, strict=True)] = 12
    """How many complete calendar months up to ``as_of`` the CV is computed over."""
    x_max: Annotated[float, Field(ge=0)] = 0.10
    """Highest coefficient of variation of class X (steady demand)."""
    y_max: Annotated[float, Field(ge=0)] = 0.25
    """Highest coefficient of variation of class Y; above it, Z."""

    PRESETS: ClassVar[dict[str, dict[str, float]]] = {
        "classic": {"x_max": 0.10, "y_max": 0.25},
        "b2b": {"x_max": 0.25, "y_max": 0.50},
    }

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.x_max <= self.y_max:
            raise ValueError(f"x_max={self.x_max!r}: must not exceed y_max={self.y_max!r}")
        return self

    @classmethod
    def preset(cls, name: str) -> Xyz:
        """``"classic"`` (X ≤ 10 %, Y ≤ 25 %) or the looser ``"b2b"`` (25 % / 50 %)."""
        try:
            return cls.model_validate(cls.PRESETS[name])
        except KeyError:
            raise ValueError(f"name={name!r}: expected one of {sorted(cls.PRESETS)}") from None

    def window(self, as_of: date) -> tuple[Month, ...]:
        """The complete months the CV is computed over.

        >>> [str(m) for m in Xyz(months=3).window(date(2026, 11, 24))]
        ['2026-08', '2026-09', '2026-10']
        """
        return _xyz_window(as_of, self.months)

    def fit(self, population: Iterable[ClientStats], *, clients: ClientsArg = None) -> FittedXyz:
        """XYZ learns nothing from the population; the fitted object fixes ``as_of``."""
        _, as_of = population_as_of(population)
        return FittedXyz(policy=self, as_of=as_of)


@attrs.frozen
class FittedXyz(Fitted):
    """An :class:`Xyz` fixed to one ``as_of``: its window of complete months.

    >>> from kam_core import ClientStats
    >>> Xyz().fit([ClientStats.empty("C1", date(2026, 11, 24), "RUB")]).thresholds()["last"]
    '2026-10'
    """

    policy: Xyz
    _window: tuple[Month, ...] = attrs.field(init=False, eq=False, repr=False)
    _limits: tuple[Decimal, Decimal] = attrs.field(init=False, eq=False, repr=False)
    _month_of: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)
    """Window month (0 … months-1) of each day of the window, by ordinal - ``_start``."""
    _start: int = attrs.field(init=False, eq=False, repr=False)
    _second: int = attrs.field(init=False, eq=False, repr=False)
    """First day (ordinal) of the window's second month: an earlier first order is needed."""
    _ratios: tuple[tuple[int, int], tuple[int, int]] = attrs.field(init=False, eq=False, repr=False)
    """The X and Y limits as exact integer ratios (p, q)."""

    def __attrs_post_init__(self) -> None:
        window = self.policy.window(self.as_of)
        object.__setattr__(self, "_window", window)
        object.__setattr__(self, "_limits", (_dec(self.policy.x_max), _dec(self.policy.y_max)))
        firsts = [m.first_day.toordinal() for m in (*window, window[-1] + 1)]
        month_of = tuple(
            i for i, (a, b) in enumerate(itertools.pairwise(firsts)) for _ in range(b - a)
        )
        object.__setattr__(self, "_month_of", month_of)
        object.__setattr__(self, "_start", firsts[0])
        object.__setattr__(self, "_second", firsts[1])
        x, y = self._limits
        object.__setattr__(self, "_ratios", (x.as_integer_ratio(), y.as_integer_ratio()))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FittedXyz:
        """Rebuild from :meth:`to_dict`: an equal fitted object."""
        return cls(policy=Xyz.load(data["policy"]), as_of=date.fromisoformat(data["as_of"]))

    def thresholds(self) -> dict[str, Any]:
        """The window and the X / Y limits."""
        window = self.policy.window(self.as_of)
        return {
            "first": str(window[0]),
            "last": str(window[-1]),
            "x_max": str(_dec(self.policy.x_max)),
            "y_max": str(_dec(self.policy.y_max)),
        }

    def _classify(self, stats: ClientStats) -> tuple[str, tuple[Decimal, ...], Decimal, Decimal]:
        """The class, the monthly series, its sum and ``n·Σx² − (Σx)²``.

        The class is UNKNOWN without orders, with too little history (the first order
        after the window's first month) or with nothing bought in the window.
        """
        window = self._window
        first_order = stats.first_order_on
        if first_order is None or Month.of(first_order) > window[0]:
            return UNKNOWN, (), _ZERO, _ZERO
        series = stats.monthly_amounts(window)
        with localcontext() as ctx:
            ctx.prec = _PREC
            s1 = sum(series, _ZERO)
            if s1 == 0:
                return UNKNOWN, series, s1, _ZERO
            s2 = sum((x * x for x in series), _ZERO)
            spread = len(series) * s2 - s1 * s1  # n² · variance, exact
            top = s1 * s1
            x, y = self._limits
            label = "X" if spread <= x * x * top else "Y" if spread <= y * y * top else "Z"
        return label, series, s1, spread

    def label(self, stats: ClientStats, *, client: Client | None = None) -> Any:
        """The class :meth:`assign` gives, without building its explanation.

        >>> from kam_core import ClientStats
        >>> orders = tuple((date(2025, m, 10), Decimal(100)) for m in range(1, 13))
        >>> s = ClientStats("C1", date(2026, 1, 1), "RUB", orders)
        >>> Xyz().fit([s]).label(s)
        'X'
        """
        self.check(stats, client)
        label = self._integer_class(stats)
        return self._classify(stats)[0] if label is None else label

    def _integer_class(self, stats: ClientStats) -> str | None:
        """:meth:`_classify`'s class from the compact store in integer arithmetic.

        The monthly sums of the window are summed as integer coefficients at the
        window's smallest exponent, and CV ≤ t is read as
        ``q²·(n·Σx² − (Σx)²) ≤ p²·(Σx)²`` with t = p/q: the comparison is scale-free
        and exact.  None (let the Decimal path decide) when the Decimal path could
        round — amounts beyond 18 digits, a positive exponent, a context without room —
        so the answer is always the Decimal path's.
        """
        orders = compact_orders(stats)
        if orders is None:
            return None
        days = orders._days
        if not days or days[0] >= self._second:
            return UNKNOWN  # no orders, or the first one after the window's first month
        start, month_of = self._start, self._month_of
        lo = bisect_left(days, start)
        hi = bisect_left(days, start + len(month_of), lo)
        if lo == hi:
            return UNKNOWN  # nothing bought in the window
        exps = orders._exps[lo:hi]
        low = high = exps[0]
        if exps.count(low) != hi - lo:  # mixed exponents: scale to the smallest
            low, high = min(exps), max(exps)
        ctx = getcontext()
        if high > 0 or ctx.prec < _SAFE_PREC or ctx.Emax < _SAFE_EXP or ctx.Emin > -_SAFE_EXP:
            return None
        coefs: Sequence[int] = orders._coefs[lo:hi]
        if low != high:
            coefs = [c * _POW10[e - low] for c, e in zip(coefs, exps, strict=True)]
        if sum(map(abs, coefs)) >= _DIGITS_18:
            return None
        sums = [0] * len(self._window)
        for day, coef in zip(days[lo:hi], coefs, strict=True):
            sums[month_of[day - start]] += coef
        s1 = sum(sums)
        if not s1:
            return UNKNOWN
        spread = len(sums) * sum(map(mul, sums, sums)) - s1 * s1
        top = s1 * s1
        (px, qx), (py, qy) = self._ratios
        if spread * qx * qx <= px * px * top:
            return "X"
        return "Y" if spread * qy * qy <= py * py * top else "Z"

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's XYZ class, with the monthly series' mean and CV."""
        self.check(stats, client)
        policy = self.policy
        window = self._window
        first_order = stats.first_order_on
        if first_order is None:
            return _unknown(policy, stats, "history", reason("xyz.no_orders"))
        if Month.of(first_order) > window[0]:
            why = reason("xyz.history.short", first_order=first_order, first=str(window[0]))
            return _unknown(policy, stats, "history", why)
        label, series, s1, spread = self._classify(stats)
        n = Decimal(len(series))
        span = {"months": len(series), "first": str(window[0]), "last": str(window[-1])}
        if s1 == 0:
            return _unknown(policy, stats, "history", reason("xyz.window.empty", **span))
        x, y = self._limits
        with localcontext() as ctx:
            ctx.prec = _PREC
            mean = s1 / n
        with localcontext() as ctx:
            ctx.prec = 28
            cv = (spread.sqrt() / s1).quantize(Decimal("0.0001"))
        mean_money = Money._trusted(mean.quantize(Decimal("0.01")), stats.currency)
        why = reason(
            "xyz.class",
            **span,
            mean=mean_money,
            cv_pct=(cv * _HUNDRED).quantize(Decimal("0.01")),
            x_pct=_percent(x),
            y_pct=_percent(y),
            label=label,
        )
        return Decision(
            label,
            criteria=(
                CriterionResult(
                    "coefficient_of_variation",
                    PASSED if label == "X" else FAILED,
                    observed=cv,
                    threshold=(x, y),
                ),
            ),
            reasons=(why,),
            policy=policy.ref,
            as_of=stats.as_of,
            subject=stats.client_id,
        )


# --------------------------------------------------------------------------------------
# ABC × XYZ


def _play_params(play: Play) -> dict[str, object]:
    """What a reason says about a play, in both languages."""
    role = play.role
    role_ru = role.russian if isinstance(role, Role) else _position_name(role)
    strategy = play.strategy
    return {
        "strategy": None
        if strategy is None
        else Term(strategy, STRATEGY_RU.get(strategy, strategy)),
        "role": Term(role.key, role_ru),
        "every": play.contact_every_days,
    }


def _position_name(position: Position) -> str:
    return position.title or position.name


def _play(role: Role, every: int, strategy: str, *tasks: Responsibility) -> Play:
    return Play(role=role, contact_every_days=every, tasks=tasks, strategy=strategy)


CM, KAM, SUPPORT = Role.CLIENT_MANAGER, Role.KEY_ACCOUNT_MANAGER, Role.SALES_SUPPORT


def abc_xyz_playbook() -> Playbook:
    """The default strategy of each ABC×XYZ cell (METHODOLOGY §1 tasks).

    >>> abc_xyz_playbook().play_for("CZ").strategy
    'serve_on_order'
    """
    return Playbook(
        plays={
            "AX": _play(CM, 14, "keep_and_automate", R.BUILD_SWITCHING_BARRIERS, R.RAISE_LOYALTY),
            "AY": _play(CM, 14, "keep_and_plan", R.RAISE_LOYALTY, R.GROW_ORDER_FREQUENCY),
            "AZ": _play(CM, 14, "keep_and_stabilise", R.GROW_ORDER_FREQUENCY, R.FILL_DOSSIER),
            "BX": _play(CM, 30, "grow_order_value", R.GROW_AVERAGE_ORDER, R.DEVELOP_ASSORTMENT),
            "BY": _play(CM, 30, "develop", R.GROW_TURNOVER, R.DEVELOP_ASSORTMENT),
            "BZ": _play(CM, 30, "stabilise", R.GROW_ORDER_FREQUENCY, R.FILL_DOSSIER),
            "CX": _play(SUPPORT, 60, "serve_efficiently", R.TAKE_ORDERS, R.GROW_AVERAGE_ORDER),
            "CY": _play(SUPPORT, 90, "serve_efficiently", R.TAKE_ORDERS),
            "CZ": _play(SUPPORT, 180, "serve_on_order", R.TAKE_ORDERS),
        }
    )


class AbcXyz(Segmentation):
    """The ABC×XYZ matrix: nine cells (``"AX"`` … ``"CZ"``), each with a strategy.

    The cell's :class:`Play` (who, how often, which tasks) is in :attr:`playbook`;
    override cells with ``playbook.override({...})``.

    >>> from kam_core import ClientStats
    >>> steady = tuple((date(2026, m, 10), Decimal(100)) for m in range(1, 13))
    >>> s = ClientStats("C1", date(2026, 12, 31), "RUB", steady)
    >>> policy = AbcXyz()
    >>> d = policy.segment([s])["C1"]
    >>> d.outcome, policy.playbook.play_for(d.outcome).strategy
    ('AX', 'keep_and_automate')
    """

    kind: Literal["abc_xyz"] = "abc_xyz"
    abc: Abc = Abc()
    """The ABC analysis giving the row of the matrix."""
    xyz: Xyz = Xyz()
    """The XYZ analysis giving the column of the matrix."""
    playbook: Playbook = Field(default_factory=abc_xyz_playbook)
    """The play (role, contact cadence, tasks, strategy) of each of the nine cells."""

    def fit(self, population: Iterable[ClientStats], *, clients: ClientsArg = None) -> FittedAbcXyz:
        """Fit the ABC and the XYZ on the same population."""
        stats, as_of = population_as_of(population)
        return FittedAbcXyz(
            policy=self, as_of=as_of, abc=self.abc.fit(stats), xyz=self.xyz.fit(stats)
        )


@attrs.frozen
class FittedAbcXyz(Fitted):
    """An :class:`AbcXyz` fitted to a population.

    >>> from kam_core import ClientStats
    >>> fitted = AbcXyz().fit([ClientStats.empty("C1", date(2026, 11, 24), "RUB")])
    >>> sorted(fitted.thresholds())
    ['abc', 'xyz']
    """

    policy: AbcXyz
    abc: FittedAbc
    xyz: FittedXyz

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FittedAbcXyz:
        """Rebuild from :meth:`to_dict`: an equal fitted object."""
        policy = AbcXyz.load(data["policy"])
        as_of = date.fromisoformat(data["as_of"])
        abc = FittedAbc._restore(policy.abc, as_of, data["thresholds"]["abc"])
        return cls(
            policy=policy, as_of=as_of, abc=abc, xyz=FittedXyz(policy=policy.xyz, as_of=as_of)
        )

    def thresholds(self) -> dict[str, Any]:
        """The thresholds of both halves."""
        return {"abc": self.abc.thresholds(), "xyz": self.xyz.thresholds()}

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's cell and the play for it."""
        self.check(stats, client)
        a = self.abc.assign(stats)
        x = self.xyz.assign(stats)
        criteria = (
            CriterionResult("abc", _status(a), observed=a.outcome, children=a.criteria),
            CriterionResult("xyz", _status(x), observed=x.outcome, children=x.criteria),
        )
        reasons = a.reasons + x.reasons
        unknown = [part for part, d in (("abc", a), ("xyz", x)) if d.outcome == UNKNOWN]
        if unknown:
            why = tuple(reason("abc_xyz.unknown", part=part.upper()) for part in unknown)
            return Decision(
                UNKNOWN,
                criteria=criteria,
                missing=a.missing + x.missing,
                reasons=reasons + why,
                policy=self.policy.ref,
                as_of=stats.as_of,
                subject=stats.client_id,
            )
        cell = f"{a.outcome}{x.outcome}"
        play = self.policy.playbook.play_for(cell)
        if play is not None:
            reasons += (
                reason(
                    "abc_xyz.cell",
                    cell=cell,
                    **_play_params(play),
                ),
            )
        return Decision(
            cell,
            criteria=criteria,
            reasons=reasons,
            policy=self.policy.ref,
            as_of=stats.as_of,
            subject=stats.client_id,
        )


def _status(d: Decision[Any]) -> CriterionStatus:
    return UNKNOWN_STATUS if d.outcome == UNKNOWN else PASSED


# --------------------------------------------------------------------------------------
# ABCD


ABCD_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "A": ("drivers", "Драйверы"),
        "B": ("ceiling", "Потолок"),
        "C": ("reserves", "Резервы"),
        "D": ("ballast", "Балласт"),
    }
)
"""ABCD segment → (English, Russian) name."""


def abcd_playbook() -> Playbook:
    """The default ABCD strategies: develop / defend / develop selectively / minimum cost.

    >>> [abcd_playbook().play_for(s).strategy for s in "ABCD"]
    ['develop', 'defend', 'develop_selectively', 'serve_at_minimum_cost']
    """
    return Playbook(
        plays={
            "A": _play(
                KAM, 14, "develop", R.GROW_TURNOVER, R.DEVELOP_ASSORTMENT, R.GROW_AVERAGE_ORDER
            ),
            "B": _play(
                CM, 14, "defend", R.RAISE_LOYALTY, R.BUILD_SWITCHING_BARRIERS, R.FILL_DOSSIER
            ),
            "C": _play(CM, 30, "develop_selectively", R.DEVELOP_ASSORTMENT, R.GROW_ORDER_FREQUENCY),
            "D": _play(SUPPORT, 90, "serve_at_minimum_cost", R.TAKE_ORDERS),
        }
    )


def _abcd_inactive_playbook() -> Playbook:
    return Playbook(
        plays={
            "A": _play(KAM, 14, "defend_and_develop", R.RAISE_LOYALTY, R.BUILD_SWITCHING_BARRIERS),
            "B": _play(CM, 30, "develop", R.GROW_TURNOVER, R.DEVELOP_ASSORTMENT),
            "C": _play(SUPPORT, 60, "serve_efficiently", R.TAKE_ORDERS, R.GROW_AVERAGE_ORDER),
            "D": _play(CM, 30, "reactivate", R.REACTIVATE_SLEEPING),
        }
    )


class Abcd(Segmentation):
    """ABCD analysis: current purchases × headroom, a strategy for each segment.

    ``mode="wallet"`` (default): purchases are high when the client is A in
    :attr:`abc`; it has headroom when its share of wallet — revenue of the last
    ``wallet_months`` months ÷ ``client.potential`` (yearly spend in our categories) —
    is below ``headroom_below``.  A «Драйверы» (high, headroom) → develop; B «Потолок»
    (high, no headroom) → defend with loyalty and switching barriers; C «Резервы» (low,
    headroom) → develop selectively; D «Балласт» (low, no headroom) → serve at minimum
    cost.  Unknown potential is UNKNOWN (``abcd.potential.unknown``); potential zero
    leaves no headroom.  ``mode="inactive"`` (preset ``"inactive_d"``) reads A / B / C
    from ABC and D as "no order in the last ``wallet_months`` months"; it needs no
    potential.  Give the clients as ``clients=...`` (``assign(stats, client=...)``).

    >>> from kam_core import Client, ClientStats, Money
    >>> as_of = date(2026, 11, 24)
    >>> stats = [ClientStats("C1", as_of, "RUB", ((date(2026, 5, 1), Decimal(900)),)),
    ...          ClientStats("C2", as_of, "RUB", ((date(2026, 5, 1), Decimal(100)),))]
    >>> clients = [Client(id="C1", name="Альфа", potential=Money("10000", "RUB")),
    ...            Client(id="C2", name="Бета", potential=Money("200", "RUB"))]
    >>> {c: d.outcome for c, d in Abcd().segment(stats, clients=clients).items()}
    {'C1': 'A', 'C2': 'D'}
    >>> Abcd().segment(stats)["C1"].codes
    ('abcd.potential.unknown',)
    >>> Abcd.preset("inactive_d").mode
    'inactive'
    """

    kind: Literal["abcd"] = "abcd"
    abc: Abc = Abc()
    """The ABC analysis that says whose purchases are high (class A)."""
    headroom_below: _Share = 0.20
    """Share of wallet below which the client can buy more from us."""
    wallet_months: _Months = 12
    """Months of revenue compared with the (yearly) potential."""
    mode: Literal["wallet", "inactive"] = "wallet"
    """``wallet``: D = low purchases and no headroom; ``inactive``: D = no order in
    ``wallet_months``."""
    playbook: Playbook = Field(default_factory=abcd_playbook)
    """The play of each segment A, B, C, D."""

    @classmethod
    def preset(cls, name: str) -> Abcd:
        """``"wallet"`` (the default) or ``"inactive_d"`` (D = no order in the window)."""
        if name == "wallet":
            return cls()
        if name == "inactive_d":
            return cls(mode="inactive", playbook=_abcd_inactive_playbook())
        raise ValueError(f"name={name!r}: expected one of ['inactive_d', 'wallet']")

    def fit(self, population: Iterable[ClientStats], *, clients: ClientsArg = None) -> FittedAbcd:
        """Fit the ABC on the population; potentials are read per client at assign."""
        stats, as_of = population_as_of(population)
        return FittedAbcd(policy=self, as_of=as_of, abc=self.abc.fit(stats))


@attrs.frozen
class FittedAbcd(Fitted):
    """An :class:`Abcd` fitted to a population (its ABC half).

    >>> from kam_core import ClientStats
    >>> Abcd().fit([ClientStats.empty("C1", date(2026, 11, 24), "RUB")]).thresholds()[
    ...     "headroom_below"]
    '0.2'
    """

    policy: Abcd
    abc: FittedAbc

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FittedAbcd:
        """Rebuild from :meth:`to_dict`: an equal fitted object."""
        policy = Abcd.load(data["policy"])
        as_of = date.fromisoformat(data["as_of"])
        return cls(
            policy=policy,
            as_of=as_of,
            abc=FittedAbc._restore(policy.abc, as_of, data["thresholds"]["abc"]),
        )

    def thresholds(self) -> dict[str, Any]:
        """The ABC thresholds and the headroom limit."""
        return {
            "abc": self.abc.thresholds(),
            "headroom_below": str(_dec(self.policy.headroom_below)),
        }

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's ABCD segment and the play for it."""
        self.check(stats, client)
        policy = self.policy
        a = self.abc.assign(stats)
        abc_criterion = CriterionResult("abc", _status(a), observed=a.outcome, children=a.criteria)
        if a.outcome == UNKNOWN:
            return _unknown(policy, stats, "abc", reason("abcd.abc.unknown"))
        window = _trailing(stats.as_of, policy.wallet_months)
        revenue = stats.revenue_in(window)
        if policy.mode == "inactive":
            active = stats.orders_in(window) > 0
            label = a.outcome if active else "D"
            code = (
                reason("abcd.active", months=policy.wallet_months, abc=a.outcome, label=label)
                if active
                else reason("abcd.inactive", months=policy.wallet_months, as_of=stats.as_of)
            )
            criteria = (
                abc_criterion,
                CriterionResult(
                    "active", PASSED if active else FAILED, observed=stats.orders_in(window)
                ),
            )
            return self._decided(stats, label, criteria, (code,))
        potential = None if client is None else client.potential
        if potential is None:
            why = reason("abcd.potential.unknown")
            return _unknown(policy, stats, "potential", why, (abc_criterion,))
        if potential.currency != stats.currency:
            raise CurrencyMismatchError(stats.currency, potential.currency, field="potential")
        threshold = _dec(policy.headroom_below)
        with localcontext() as ctx:
            ctx.prec = _PREC
            headroom = revenue.amount < threshold * potential.amount
        wallet = _pct(revenue.amount, potential.amount)
        high = a.outcome == "A"
        label = ("A" if headroom else "B") if high else ("C" if headroom else "D")
        why = reason(
            "abcd.segment",
            abc=a.outcome,
            wallet_pct=wallet,
            revenue=revenue,
            potential=potential,
            threshold_pct=_percent(threshold),
            label=label,
            name=Term(*ABCD_NAMES[label]),
        )
        criteria = (
            abc_criterion,
            CriterionResult(
                "headroom",
                PASSED if headroom else FAILED,
                observed=None if wallet is None else wallet / _HUNDRED,
                threshold=threshold,
            ),
        )
        return self._decided(stats, label, criteria, (why,))

    def _decided(
        self,
        stats: ClientStats,
        label: str,
        criteria: tuple[CriterionResult, ...],
        reasons: tuple[Reason, ...],
    ) -> Decision[Any]:
        play = self.policy.playbook.play_for(label)
        if play is not None:
            reasons += (
                reason(
                    "abcd.play",
                    **_play_params(play),
                ),
            )
        return Decision(
            label,
            criteria=criteria,
            reasons=reasons,
            policy=self.policy.ref,
            as_of=stats.as_of,
            subject=stats.client_id,
        )


# --------------------------------------------------------------------------------------
# RFM

_Score = Annotated[int, Field(ge=1, le=10, strict=True)]


_RfmRow = tuple[int, int, Decimal]
"""(recency days, frequency, monetary) of one client."""


class RfmCell(_Data):
    """One rule of the R×F grid: R and F score ranges (inclusive) → a segment name.

    >>> RfmCell(recency=(5, 5), frequency=(4, 5), segment="champions").matches(5, 4)
    True
    """

    recency: tuple[_Score, _Score]
    frequency: tuple[_Score, _Score]
    segment: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]

    def matches(self, r: int, f: int) -> bool:
        """True when the scores fall in both ranges."""
        return (
            self.recency[0] <= r <= self.recency[1] and self.frequency[0] <= f <= self.frequency[1]
        )


def _cell(r: tuple[int, int], f: tuple[int, int], segment: str) -> RfmCell:
    return RfmCell(recency=r, frequency=f, segment=segment)


STANDARD_RFM_GRID: tuple[RfmCell, ...] = (
    _cell((5, 5), (4, 5), "champions"),
    _cell((3, 4), (4, 5), "loyal"),
    _cell((4, 5), (2, 3), "potential_loyalists"),
    _cell((5, 5), (1, 1), "new"),
    _cell((4, 4), (1, 1), "promising"),
    _cell((3, 3), (3, 3), "need_attention"),
    _cell((3, 3), (1, 2), "about_to_sleep"),
    _cell((1, 2), (3, 4), "at_risk"),
    _cell((1, 2), (5, 5), "cant_lose"),
    _cell((1, 2), (1, 2), "hibernating"),
)
"""The standard R×F segment map for five bins (R first, F second)."""


def rfm_playbook() -> Playbook:
    """The default play for each standard RFM segment.

    >>> rfm_playbook().play_for("cant_lose").role
    <Role.KEY_ACCOUNT_MANAGER: 'key_account_manager'>
    """
    return Playbook(
        plays={
            "champions": _play(CM, 14, "reward_and_lock_in", R.BUILD_SWITCHING_BARRIERS),
            "loyal": _play(CM, 21, "up_sell", R.GROW_AVERAGE_ORDER, R.DEVELOP_ASSORTMENT),
            "potential_loyalists": _play(CM, 21, "raise_frequency", R.GROW_ORDER_FREQUENCY),
            "new": _play(CM, 14, "onboard", R.GROW_ORDER_FREQUENCY, R.FILL_DOSSIER),
            "promising": _play(CM, 30, "build_relationship", R.RAISE_LOYALTY),
            "need_attention": _play(CM, 30, "re_engage", R.RAISE_LOYALTY, R.GROW_ORDER_FREQUENCY),
            "about_to_sleep": _play(CM, 30, "reactivate", R.REACTIVATE_SLEEPING),
            "at_risk": _play(CM, 14, "win_back", R.REACTIVATE_SLEEPING, R.RAISE_LOYALTY),
            "cant_lose": _play(KAM, 7, "win_back", R.REACTIVATE_SLEEPING, R.FILL_DOSSIER),
            "hibernating": _play(SUPPORT, 180, "serve_on_order", R.REACTIVATE_SLEEPING),
        }
    )


class Rfm(Segmentation):
    """RFM: recency, frequency and monetary scores, read as named segments.

    Recency = days from the last order to ``as_of`` (fewer is better, so its score is
    reversed); frequency = orders and monetary = revenue (``"total"``) or revenue per
    order (``"average"``) in the window (None = all history).  Each score is the
    ``bins``-tile of the value among clients with orders, by rank method "min": the
    score of a value is ``⌊(count of values worse than it) × bins ÷ n⌋ + 1``, so tied
    values share the lowest score of their group and the result never depends on input
    order.  The segment is the first :class:`RfmCell` of :attr:`grid` matching (R, F).
    A client with no orders is outside the grid: label ``"no_orders"``.

    >>> from kam_core import ClientStats
    >>> as_of = date(2026, 11, 24)
    >>> def client(cid, *days):
    ...     return ClientStats(cid, as_of, "RUB", tuple((date(2026, 11, d), Decimal(10))
    ...                                               for d in days))
    >>> book = [client("C1", 20, 21, 22, 23), client("C2", 1), client("C3", 2, 3),
    ...         client("C4", 10, 11, 12), client("C5", 4)]
    >>> {c: d.outcome for c, d in Rfm().segment(book).items()}
    {'C1': 'champions', 'C2': 'hibernating', 'C3': 'at_risk', 'C4': 'loyal', 'C5': 'about_to_sleep'}
    """

    kind: Literal["rfm"] = "rfm"
    bins: Annotated[int, Field(ge=2, le=10, strict=True)] = 5
    """How many scores each of R, F and M takes (5 = quintiles)."""
    window_months: _Months | None = None
    """The months up to ``as_of`` for frequency and monetary; None = all history."""
    monetary: Literal["total", "average"] = "total"
    """``total`` revenue or ``average`` revenue per order."""
    grid: Annotated[tuple[RfmCell, ...], Field(min_length=1, max_length=100)] = STANDARD_RFM_GRID
    """Named segments by ranges of the R and F scores; the first matching cell wins."""
    playbook: Playbook = Field(default_factory=rfm_playbook)
    """The play of each named segment."""

    @model_validator(mode="after")
    def _grid_covers(self) -> Self:
        for i, cell in enumerate(self.grid):
            for name, (low, high) in (("recency", cell.recency), ("frequency", cell.frequency)):
                if low > high:
                    raise ValueError(f"grid[{i}].{name}: empty range {low}..{high}")
                if high > self.bins:
                    raise ValueError(
                        f"grid[{i}].{name}: scores up to {high}, above bins={self.bins}; "
                        "give a grid for this number of bins"
                    )
        holes = [
            f"R{r}F{f}"
            for r in range(1, self.bins + 1)
            for f in range(1, self.bins + 1)
            if not any(c.matches(r, f) for c in self.grid)
        ]
        if holes:
            raise ValueError(
                f"grid: no segment for {', '.join(holes[:10])}"
                f"{' …' if len(holes) > 10 else ''}; cover every R×F cell of {self.bins} bins"
            )
        return self

    def segment_of(self, r: int, f: int) -> str:
        """The segment name of the R×F cell.

        >>> Rfm().segment_of(5, 1), Rfm().segment_of(1, 5)
        ('new', 'cant_lose')
        """
        for cell in self.grid:
            if cell.matches(r, f):
                return cell.segment
        raise PolicyEvaluationError(f"no segment for R{r}F{f}")  # pragma: no cover

    def values(self, stats: ClientStats) -> _RfmRow | None:
        """(recency days, frequency, monetary) of a client; None without orders.

        >>> from kam_core import ClientStats
        >>> s = ClientStats("C1", date(2026, 11, 24), "RUB", ((date(2026, 11, 1), Decimal(5)),))
        >>> Rfm().values(s)
        (23, 1, Decimal('5'))
        """
        orders = stats._orders
        last = orders.last()
        if last is None:
            return None
        if self.window_months is None:
            lo, hi = 0, len(orders)
        else:
            window = _trailing(stats.as_of, self.window_months)
            lo, hi = orders.span(window.start, window.end)
        # as orders_in(window) and revenue_in(window).amount read them
        frequency = hi - lo
        revenue = orders.amount(lo, hi)
        if self.monetary == "average":
            revenue = revenue / frequency if frequency else _ZERO
        return (stats.as_of - last).days, frequency, revenue

    def fit(self, population: Iterable[ClientStats], *, clients: ClientsArg = None) -> FittedRfm:
        """Learn the distribution of R, F and M over the clients with orders."""
        return self._fit_values(population)[0]

    def _fit_values(
        self, population: Iterable[ClientStats]
    ) -> tuple[FittedRfm, list[_RfmRow | None]]:
        stats, as_of = population_as_of(population)
        currency = _check_currency(stats)
        values = [self.values(s) for s in stats]
        rows = [v for v in values if v is not None]
        return FittedRfm.build(self, as_of, currency or "XXX", rows), values

    def _fit_labels(
        self, population: Iterable[ClientStats], *, clients: ClientsArg = None
    ) -> tuple[FittedRfm, list[str]]:
        """:meth:`fit`, and every member's label (by client id), reading each client once.

        The labels are those :meth:`FittedRfm.label` gives; :func:`~kam_core.analyze`
        uses this to fit and label a population in one pass.
        """
        fitted, values = self._fit_values(population)
        segment = fitted._segment
        return fitted, ["no_orders" if v is None else segment(v[0], v[1]) for v in values]


def _edges(ordered: list[Any], bins: int) -> tuple[Any, ...]:
    """Edge k (k = 1 … bins-1): a value must be above it to score k + 1 or more.

    With rank method "min" a value scores ``⌊worse × bins ÷ n⌋ + 1`` where ``worse``
    counts the values below it; that reaches k + 1 exactly when more than
    ``⌈k·n ÷ bins⌉ - 1`` values are below it, i.e. when it beats the value at that
    position of the ascending list.
    """
    n = len(ordered)
    if n == 0:
        return ()
    return tuple(ordered[-(-k * n // bins) - 1] for k in range(1, bins))


@attrs.frozen
class FittedRfm(Fitted):
    """An :class:`Rfm` fitted to a population: the score edges of R, F and M.

    A client scores ``1 +`` the number of edges it beats: fewer recency days than the
    edge, more orders or more money than it.  The edges reproduce the rank-"min"
    quantiles of the population exactly and place newcomers consistently.

    >>> from kam_core import ClientStats
    >>> s = ClientStats("C1", date(2026, 11, 24), "RUB", ((date(2026, 11, 1), Decimal(5)),))
    >>> Rfm().fit([s]).thresholds()["recency_days"]
    [23, 23, 23, 23]
    """

    policy: Rfm
    currency: str
    clients: int
    """Clients with orders the scores were learned from."""
    recency_edges: tuple[int, ...]
    frequency_edges: tuple[Decimal, ...]
    monetary_edges: tuple[Decimal, ...]
    _cells: dict[tuple[int, int], str] = attrs.field(init=False, eq=False, repr=False)
    """The segment of every (R, F) pair of scores."""
    _ascending: tuple[tuple[int, ...], tuple[Decimal, ...]] | None = attrs.field(
        init=False, eq=False, repr=False
    )
    """Negated recency edges and frequency edges, when both ascend (as fitted ones do)."""

    def __attrs_post_init__(self) -> None:
        bins = range(1, self.policy.bins + 1)
        cells = {(r, f): self.policy.segment_of(r, f) for r in bins for f in bins}
        object.__setattr__(self, "_cells", cells)
        negated = tuple(-e for e in self.recency_edges)
        ascending = (negated, self.frequency_edges)
        ordered = all(list(e) == sorted(e) for e in ascending)
        object.__setattr__(self, "_ascending", ascending if ordered else None)

    @classmethod
    def build(cls, policy: Rfm, as_of: date, currency: str, rows: list[_RfmRow]) -> FittedRfm:
        """Learn the edges from the (recency days, frequency, monetary) of each client."""
        bins = policy.bins
        return cls(
            policy=policy,
            as_of=as_of,
            currency=currency,
            clients=len(rows),
            recency_edges=tuple(-e for e in _edges(sorted(-r for r, _, _ in rows), bins)),
            frequency_edges=_edges(sorted(Decimal(f) for _, f, _ in rows), bins),
            monetary_edges=_edges(sorted(m for _, _, m in rows), bins),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FittedRfm:
        """Rebuild from :meth:`to_dict`: an equal fitted object.

        >>> from kam_core import ClientStats
        >>> s = ClientStats("C1", date(2026, 1, 1), "RUB", ((date(2025, 12, 1), Decimal(5)),))
        >>> fitted = Rfm().fit([s])
        >>> FittedRfm.from_dict(fitted.to_dict()) == fitted
        True
        """
        t = data["thresholds"]
        return cls(
            policy=Rfm.load(data["policy"]),
            as_of=date.fromisoformat(data["as_of"]),
            currency=t["currency"],
            clients=t["clients"],
            recency_edges=tuple(int(e) for e in t["recency_days"]),
            frequency_edges=tuple(Decimal(e) for e in t["frequency"]),
            monetary_edges=tuple(Decimal(e) for e in t["monetary"]),
        )

    def thresholds(self) -> dict[str, Any]:
        """The score edges per dimension and the population size."""
        return {
            "currency": self.currency,
            "clients": self.clients,
            "recency_days": list(self.recency_edges),
            "frequency": [str(e) for e in self.frequency_edges],
            "monetary": [str(e) for e in self.monetary_edges],
        }

    def _scores(self, days: int, frequency: int, monetary: Decimal) -> tuple[int, int, int]:
        """R, F and M: one plus the number of edges each value beats."""
        return (
            1 + sum(1 for e in self.recency_edges if days < e),
            1 + sum(1 for e in self.frequency_edges if frequency > e),
            1 + sum(1 for e in self.monetary_edges if monetary > e),
        )

    def label(self, stats: ClientStats, *, client: Client | None = None) -> Any:
        """The segment :meth:`assign` gives, without building its explanation.

        >>> from kam_core import ClientStats
        >>> s = ClientStats("C1", date(2026, 11, 24), "RUB", ((date(2026, 11, 1), Decimal(5)),))
        >>> fitted = Rfm().fit([s])
        >>> fitted.label(s) == fitted.assign(s).outcome
        True
        """
        self.check(stats, client)
        values = self.policy.values(stats)
        if values is None:
            return "no_orders"
        return self._segment(values[0], values[1])

    def _segment(self, days: int, frequency: int) -> str:
        """The segment of a client's recency and frequency (as :meth:`_scores` scores them)."""
        ascending = self._ascending
        if ascending is None:
            r, f, _ = self._scores(days, frequency, _ZERO)
            return self.policy.segment_of(r, f)
        # edges beaten: fewer days than a recency edge, more orders than a frequency edge
        r = 1 + bisect_left(ascending[0], -days)
        return self._cells[r, 1 + bisect_left(ascending[1], frequency)]

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[Any]:
        """The client's R, F, M scores and segment."""
        self.check(stats, client)
        policy = self.policy
        values = policy.values(stats)
        if values is None:
            why = reason("rfm.no_orders")
            return Decision(
                "no_orders",
                criteria=(CriterionResult("recency", FAILED, reasons=(why,)),),
                reasons=(why,),
                policy=policy.ref,
                as_of=stats.as_of,
                subject=stats.client_id,
            )
        days, frequency, monetary = values
        r, f, m = self._scores(days, frequency, monetary)
        segment = policy.segment_of(r, f)
        money = Money._trusted(monetary, stats.currency)
        return Decision(
            segment,
            criteria=(
                CriterionResult("recency", PASSED, observed=days, level=r),
                CriterionResult("frequency", PASSED, observed=frequency, level=f),
                CriterionResult("monetary", PASSED, observed=money, level=m),
            ),
            reasons=(
                reason(
                    "rfm.segment",
                    recency_days=days,
                    frequency=frequency,
                    monetary=money,
                    r=r,
                    f=f,
                    m=m,
                    cell=f"{r}{f}{m}",
                    segment=Term(segment, RFM_SEGMENT_RU.get(segment, segment)),
                ),
            ),
            policy=policy.ref,
            as_of=stats.as_of,
            subject=stats.client_id,
        )


# --------------------------------------------------------------------------------------
# migration matrix


@attrs.frozen
class Migration:
    """How clients moved between segments from one date to another.

    ``counts[(from, to)]`` counts clients per pair (staying ones too), ``clients[(from,
    to)]`` names them sorted; pairs are sorted.  A client present on one date only
    moves from or to :data:`ABSENT`.

    >>> m = migration({"C1": Decision("A")}, {"C1": Decision("B")})
    >>> m.to_dict()
    {'rows': [{'from': 'A', 'to': 'B', 'count': 1, 'clients': ['C1']}]}
    """

    counts: Mapping[tuple[str, str], int]
    clients: Mapping[tuple[str, str], tuple[str, ...]]

    @property
    def moved(self) -> Mapping[tuple[str, str], tuple[str, ...]]:
        """Only the pairs whose segment changed."""
        return MappingProxyType({k: v for k, v in self.clients.items() if k[0] != k[1]})

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: a list of ``{"from", "to", "count", "clients"}`` rows."""
        return {
            "rows": [
                {"from": a, "to": b, "count": self.counts[(a, b)], "clients": list(ids)}
                for (a, b), ids in self.clients.items()
            ]
        }


def migration(before: Mapping[str, Decision[Any]], after: Mapping[str, Decision[Any]]) -> Migration:
    """The migration matrix between two segmentations of the same book.

    >>> a, b = Decision("A"), Decision("B")
    >>> m = migration({"C1": a, "C2": a, "C3": b}, {"C1": a, "C2": b, "C4": b})
    >>> dict(m.counts)
    {('A', 'A'): 1, ('A', 'B'): 1, ('B', 'absent'): 1, ('absent', 'B'): 1}
    >>> dict(m.moved)[("A", "B")]
    ('C2',)
    """
    pairs: dict[tuple[str, str], list[str]] = {}
    for client_id in sorted(set(before) | set(after)):
        was = _label(before[client_id].outcome) if client_id in before else ABSENT
        now = _label(after[client_id].outcome) if client_id in after else ABSENT
        pairs.setdefault((was, now), []).append(client_id)
    ordered = sorted(pairs)
    return Migration(
        MappingProxyType({k: len(pairs[k]) for k in ordered}),
        MappingProxyType({k: tuple(pairs[k]) for k in ordered}),
    )
