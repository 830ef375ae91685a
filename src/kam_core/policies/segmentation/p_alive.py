"""P(alive): is the client still buying? The BG/NBD model, with Gamma-Gamma spend.

The sleeping-clients policy reads one client's silence against its own rhythm
(docs/methodology.md#segmentation); :class:`PAlive` reads it against a model of the
whole book: every client buys at its own rate while it is "alive" and may stop
for good after any order (Fader, Hardie & Lee 2005, "Counting your customers the
easy way").  Fitted on the book as of a date, the model gives each client the
probability it is still alive, the orders to expect in the next period and, with
the Gamma-Gamma spend model, the average order and revenue to expect.

Needs the optional extra ``kam_core[clv]`` (numpy, scipy), imported when a policy
is first fitted: building, loading and serialising :class:`PAlive` needs neither.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Annotated, Any, Literal, Self

import attrs
from pydantic import Field, model_validator

from kam_core._clv.params import BgNbdParams, GammaGammaParams, require_numerics
from kam_core._currencies import MINOR_UNITS
from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core._domain.client import Client
from kam_core._domain.role import Responsibility, Role
from kam_core._money import Money
from kam_core._stats.client_stats import ClientStats
from kam_core.errors import PolicyEvaluationError
from kam_core.policies._engine import reason
from kam_core.policies.segmentation._base import (
    ClientsArg,
    Fitted,
    Play,
    Playbook,
    Population,
    Segmentation,
    order_days,
    population_as_of,
)
from kam_core.policies.segmentation._shared import _check_currency, _Share

__all__ = ["LABELS", "P_ALIVE_PLAYBOOK", "PAlive", "PAliveFitted"]

PASSED, FAILED, UNKNOWN = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN
_UNIT_DAYS = {"days": 1, "weeks": 7}
_PERCENT = Decimal("0.1")
_ORDERS = Decimal("0.01")
_PREC = 60
"""Decimal precision for summing a client's amounts: exact for any book."""

"""What :meth:`PAlive.fit` accepts: stats, or ``kc.build_stats()``'s mapping by id."""


ALIVE, AT_RISK, PROBABLY_GONE, NO_ORDERS = "alive", "at_risk", "probably_gone", "no_orders"
LABELS = (ALIVE, AT_RISK, PROBABLY_GONE, NO_ORDERS)
"""The outcomes of :class:`PAlive`; ``no_orders`` is a client still to win."""
_VERDICT = {
    ALIVE: "p_alive.alive",
    AT_RISK: "p_alive.at_risk",
    PROBABLY_GONE: "p_alive.probably_gone",
}
"""The reason code that states each verdict."""


R = Responsibility

P_ALIVE_PLAYBOOK = Playbook(
    plays={
        ALIVE: Play(
            role=Role.CLIENT_MANAGER,
            contact_every_days=30,
            tasks=(R.GROW_ORDER_FREQUENCY, R.GROW_AVERAGE_ORDER, R.DEVELOP_ASSORTMENT),
            strategy="develop",
        ),
        AT_RISK: Play(
            role=Role.CLIENT_MANAGER,
            contact_every_days=7,
            tasks=(R.REACTIVATE_SLEEPING, R.RAISE_LOYALTY),
            strategy="re_engage",
        ),
        PROBABLY_GONE: Play(
            role=Role.DEVELOPMENT_SPECIALIST,
            contact_every_days=30,
            tasks=(R.REACTIVATE_SLEEPING, R.FIND_DECISION_MOMENT),
            strategy="win_back",
        ),
        NO_ORDERS: Play(
            role=Role.DEVELOPMENT_SPECIALIST,
            contact_every_days=14,
            tasks=(R.FIND_DECISION_MOMENT, R.MAKE_FIRST_SALE),
            strategy="first_sale",
        ),
    }
)
"""Default plays: clients at risk are re-engaged by their client manager (КМ task 7);
probably gone ones go back to a hunter to be won again, like lost sleeping clients."""


@attrs.frozen
class _History:
    """One client's purchases as BG/NBD reads them, in days (orders after as_of ignored)."""

    first: date
    last: date
    days: int
    """Distinct order days; x = days − 1 repeat purchases."""
    age: int
    """T: days from the first order to ``as_of``."""
    span: int
    """t_x: days from the first order to the last."""
    repeat_revenue: Decimal | None
    """The amounts of the orders after the first order day (None when not read)."""

    @property
    def repeat(self) -> int:
        """x: order days after the first."""
        return self.days - 1

    @property
    def silent(self) -> int:
        """Days since the last order."""
        return self.age - self.span


def _history(stats: ClientStats, as_of: date, *, spend: bool) -> _History | None:
    """The client's history as of ``as_of``; None without orders on or before it."""
    days = order_days(stats)
    today = as_of.toordinal()
    end = bisect.bisect_right(days, today)
    if not end:
        return None
    first, last = days[0], days[end - 1]
    distinct = len(set(days[:end])) if end > 1 else 1
    revenue = None
    if spend:
        with localcontext() as ctx:
            ctx.prec = _PREC
            revenue = sum(
                (a for d, a in stats.orders if first < d.toordinal() <= today), Decimal(0)
            )
    return _History(
        date.fromordinal(first),
        date.fromordinal(last),
        distinct,
        today - first,
        last - first,
        revenue,
    )


class PAlive(Segmentation):
    """P(alive) by the BG/NBD model; outcome ``alive | at_risk | probably_gone``.

    * :meth:`fit` reads every client's purchase history as of the population's
      common ``as_of`` — order **days** (several orders on one day are one purchase
      occasion), so x = order days − 1 repeat purchases, t_x = last − first order
      day, T = ``as_of`` − first order day, in ``time_unit`` — and fits BG/NBD by
      maximum likelihood (and Gamma-Gamma on the amounts of the repeat order days
      when ``spend`` is on).  Nothing after ``as_of`` is read.
    * :meth:`PAliveFitted.assign` gives the probability the client is still
      alive: *alive* from the upper cut-off, *probably gone* below the lower one,
      *at risk* between (``cutoffs``, default 0.3 and 0.7), with the orders to
      expect in the next ``horizon_days`` and, with ``spend``, the expected average
      order and revenue.  A client without orders is ``no_orders``.
    * In BG/NBD a client may stop only right after an order, so a client who has
      ordered on one day only is alive with probability 1; its decision says so
      and its expected orders tell how much to count on it.

    A book the model cannot read is refused with
    :class:`~kam_core.errors.PolicyEvaluationError` naming what is wrong: fewer than
    ``min_clients`` clients with orders or ``min_repeat_buyers`` clients who ordered
    on a second day, no time observed, a fit that does not converge.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> as_of = date(2026, 11, 24)
    >>> stats = kc.build_stats(kc.generate_book(300, seed=7, as_of=as_of).deals(), as_of=as_of)
    >>> fitted = p.PAlive(time_unit="weeks").fit(stats)
    >>> {name: f"{value:.3g}" for name, value in fitted.params.items()}
    {'r': '1.26', 'alpha': '7.53', 'a': '0.752', 'b': '617'}
    >>> print(fitted.assign(stats["C-000012"]).explain("ru"))
    C-000012 на 24.11.2026: в зоне риска. Продолжает покупать с вероятностью 62 %:
    меньше 70 %, но не меньше 30 %
    - 7 дней с заказами — с 01.03.2023 по 30.08.2024; молчит 816 дней
    - Ожидаемое число заказов в ближайшие 91 день: 0,29
    """

    kind: Literal["p_alive"] = "p_alive"
    time_unit: Literal["days", "weeks"] = "weeks"
    """The model's unit of time (the paper uses weeks): α is in it, P(alive) is not."""
    cutoffs: tuple[_Share, _Share] = (0.3, 0.7)
    """P(alive) below the first is probably gone, from the second alive, between at risk."""
    horizon_days: Annotated[int, Field(ge=1, le=3660, strict=True)] = 91
    """The next period, in days, for the expected orders and revenue (default a quarter)."""
    spend: bool = False
    """Fit the Gamma-Gamma spend model too, for the expected average order and revenue."""
    min_clients: Annotated[int, Field(ge=2, le=1_000_000, strict=True)] = 30
    """Fewer clients with orders than this is refused: too few to fit the model on."""
    min_repeat_buyers: Annotated[int, Field(ge=1, le=1_000_000, strict=True)] = 10
    """Fewer clients who ordered on a second day is refused (for spend: with a positive amount)."""
    playbook: Playbook = P_ALIVE_PLAYBOOK
    """What to do with each segment."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        low, high = self.cutoffs
        if not low < high:
            raise ValueError(
                f"cutoffs={self.cutoffs!r}: the probably-gone cut-off must be below the alive one"
            )
        return self

    def fit(self, population: Population, *, clients: ClientsArg = None) -> PAliveFitted:
        """Fit BG/NBD (and Gamma-Gamma with ``spend``) on the book as of its ``as_of``."""
        stats, as_of = population_as_of(population)
        require_numerics()
        from kam_core._clv import bg_nbd, gamma_gamma

        currency = _check_currency(stats) if self.spend else None
        read = (_history(s, as_of, spend=self.spend) for s in stats)
        histories = [h for h in read if h is not None]
        self._check_book(histories, as_of)
        unit = _UNIT_DAYS[self.time_unit]
        where = f"cannot fit {self.kind} as of {as_of.isoformat()}"
        try:
            model = bg_nbd.fit(
                [h.repeat for h in histories],
                [h.span / unit for h in histories],
                [h.age / unit for h in histories],
            )
        except PolicyEvaluationError as exc:
            raise PolicyEvaluationError(f"{where}: {exc}") from None
        spend_fit = None
        if self.spend:
            positive = [h for h in histories if h.repeat and _positive(h.repeat_revenue)]
            if len(positive) < self.min_repeat_buyers:
                raise PolicyEvaluationError(
                    f"{where}: only {len(positive)} clients have repeat orders with a "
                    f"positive amount, the spend model needs at least "
                    f"min_repeat_buyers={self.min_repeat_buyers}; or set spend=False"
                )
            try:
                spend_fit = gamma_gamma.fit(
                    [h.repeat for h in positive],
                    [float(_mean(h)) for h in positive],
                )
            except PolicyEvaluationError as exc:
                raise PolicyEvaluationError(f"{where}: {exc}; or set spend=False") from None
        return PAliveFitted(
            policy=self,
            as_of=as_of,
            model=model.params,
            log_likelihood=model.log_likelihood,
            clients=model.customers,
            repeat_buyers=model.repeat_buyers,
            spend_model=None if spend_fit is None else spend_fit.params,
            spend_log_likelihood=None if spend_fit is None else spend_fit.log_likelihood,
            spend_clients=0 if spend_fit is None else spend_fit.customers,
            currency=currency,
        )

    def _check_book(self, histories: list[_History], as_of: date) -> None:
        where = f"cannot fit {self.kind} as of {as_of.isoformat()}"
        n = len(histories)
        if n < self.min_clients:
            raise PolicyEvaluationError(
                f"{where}: {n} clients have orders, at least min_clients={self.min_clients} "
                "are needed"
            )
        if all(h.age == 0 for h in histories):
            raise PolicyEvaluationError(
                f"{where}: every client's first order is on {as_of.isoformat()}, so no "
                "time has been observed (every T = 0)"
            )
        repeat = sum(1 for h in histories if h.repeat)
        if repeat == 0:
            raise PolicyEvaluationError(
                f"{where}: none of the {n} clients with orders has ordered on a second "
                "day, so nothing shows how often clients buy or when they stop"
            )
        if repeat < self.min_repeat_buyers:
            raise PolicyEvaluationError(
                f"{where}: only {repeat} of the {n} clients with orders have ordered on a "
                f"second day, at least min_repeat_buyers={self.min_repeat_buyers} are needed"
            )

    def segment(
        self, population: Population, *, clients: ClientsArg = None
    ) -> Mapping[str, Decision[Any]]:
        """Fit on ``population`` and assign every client in it; keyed by client id."""
        return super().segment(population, clients=clients)

    def play_for(self, decision: Decision[Any]) -> Play | None:
        """The play for a decision of this policy, from :attr:`playbook`."""
        return self.playbook.play_for(str(decision.outcome))


def _positive(amount: Decimal | None) -> bool:
    return amount is not None and amount > 0


def _mean(h: _History) -> Decimal:
    """The average amount of the client's repeat order days."""
    assert h.repeat_revenue is not None
    with localcontext() as ctx:
        ctx.prec = _PREC
        return h.repeat_revenue / h.repeat


def _percent(probability: float) -> Decimal:
    """A probability in per cent for people: one decimal, no trailing zero (88.1, 70)."""
    with localcontext() as ctx:
        ctx.prec = _PREC
        shown = (Decimal(repr(probability)) * 100).quantize(_PERCENT)
        return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown


def _orders_shown(orders: float) -> Decimal:
    """Expected orders for people: two decimals."""
    with localcontext() as ctx:
        ctx.prec = _PREC
        return Decimal(repr(orders)).quantize(_ORDERS)


def _money(value: float, currency: str) -> Money:
    """A model's float estimate as money, from the float's shortest repr."""
    return _rounded(Decimal(repr(value)), currency)


def _rounded(amount: Decimal, currency: str) -> Money:
    """An estimate rounded half up to the currency's minor units, once, before it becomes
    Money (an amount enters with at most six digits after the point)."""
    quantum = Decimal(1).scaleb(-MINOR_UNITS.get(currency, 2))
    with localcontext() as ctx:
        ctx.prec = _PREC
        return Money(amount.quantize(quantum, rounding=ROUND_HALF_UP), currency)


@attrs.frozen
class PAliveFitted(Fitted):
    """:class:`PAlive` fitted to a book: the BG/NBD (and Gamma-Gamma) parameters.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> as_of = date(2026, 11, 24)
    >>> stats = kc.build_stats(kc.generate_book(300, seed=7, as_of=as_of).deals(), as_of=as_of)
    >>> fitted = p.PAlive().fit(stats)
    >>> fitted.clients, fitted.repeat_buyers        # one client of the 300 has no orders
    (299, 281)
    >>> client = stats["C-000007"]                    # 13 orders, silent since 2025-09-13
    >>> round(fitted.p_alive(client), 3), round(fitted.expected_orders(client), 2)
    (0.911, 0.71)
    >>> fitted.label(client), fitted.label(stats["C-000157"])
    ('alive', 'probably_gone')
    """

    policy: PAlive
    model: BgNbdParams
    """The fitted BG/NBD parameters (α in the policy's ``time_unit``)."""
    log_likelihood: float
    """The maximised BG/NBD log-likelihood (in ``time_unit``)."""
    clients: int
    """The clients with orders the model was fitted on."""
    repeat_buyers: int
    """Of them, the clients who ordered on a second day."""
    spend_model: GammaGammaParams | None = None
    """The fitted Gamma-Gamma parameters (γ in ``currency``); None without ``spend``."""
    spend_log_likelihood: float | None = None
    """The maximised Gamma-Gamma log-likelihood; None without ``spend``."""
    spend_clients: int = 0
    """The clients the spend model was fitted on: repeat orders with a positive amount."""
    currency: str | None = None
    """The book's currency (with ``spend``)."""

    @property
    def params(self) -> dict[str, float]:
        """``{"r", "alpha", "a", "b"}``: the BG/NBD parameters, α in ``time_unit``."""
        return self.model.as_dict()

    @property
    def spend_params(self) -> dict[str, float] | None:
        """``{"p", "q", "gamma"}``: the Gamma-Gamma parameters; None without ``spend``."""
        return None if self.spend_model is None else self.spend_model.as_dict()

    def thresholds(self) -> dict[str, Any]:
        """What the fit learned, JSON-safe."""
        return {
            "time_unit": self.policy.time_unit,
            "params": self.params,
            "log_likelihood": self.log_likelihood,
            "clients": self.clients,
            "repeat_buyers": self.repeat_buyers,
            "spend_params": self.spend_params,
            "spend_log_likelihood": self.spend_log_likelihood,
            "spend_clients": self.spend_clients,
            "currency": self.currency,
        }

    # -- the numbers ----------------------------------------------------------------

    def _units(self, h: _History) -> tuple[int, float, float]:
        unit = _UNIT_DAYS[self.policy.time_unit]
        return h.repeat, h.span / unit, h.age / unit

    def _history(self, stats: ClientStats, *, spend: bool) -> _History | None:
        return _history(stats, self.as_of, spend=spend)

    def p_alive(self, stats: ClientStats) -> float | None:
        """The probability the client is still alive as of the fitted date; None without orders."""
        self.check(stats, None)
        h = self._history(stats, spend=False)
        return None if h is None else self.model.p_alive(*self._units(h))

    def expected_orders(
        self, stats: ClientStats, *, horizon_days: int | None = None
    ) -> float | None:
        """Orders (order days) to expect in the next ``horizon_days`` (the policy's by default)."""
        self.check(stats, None)
        h = self._history(stats, spend=False)
        return None if h is None else self._expected_orders(h, horizon_days)

    def _expected_orders(self, h: _History, horizon_days: int | None) -> float:
        days = self.policy.horizon_days if horizon_days is None else horizon_days
        x, t_x, T = self._units(h)
        return self.model.expected_purchases(
            days / _UNIT_DAYS[self.policy.time_unit], x=x, t_x=t_x, T=T
        )

    def expected_order_value(self, stats: ClientStats) -> Money | None:
        """The average order to expect (Gamma-Gamma), to the kopeck; None when unknown."""
        self.check(stats, None)
        h = self._history(stats, spend=True)
        if h is None or self.spend_model is None:
            return None
        value, _ = self._order_value(h)
        return value

    def _order_value(self, h: _History) -> tuple[Money | None, Reason | None]:
        """The expected average order, or None and the reason it is unknown."""
        assert self.spend_model is not None
        assert self.currency is not None
        if h.repeat and not _positive(h.repeat_revenue):
            amount = Money(h.repeat_revenue or Decimal(0), self.currency)
            return None, reason("p_alive.spend.non_positive", amount=amount)
        mean = float(_mean(h)) if h.repeat else 0.0
        value = self.spend_model.expected_spend(h.repeat, mean)
        if value is None:
            return None, reason("p_alive.spend.no_average")
        return _money(value, self.currency), None

    # -- labels and decisions -------------------------------------------------------

    def _status(self, probability: float) -> str:
        low, high = self.policy.cutoffs
        if probability >= high:
            return ALIVE
        if probability < low:
            return PROBABLY_GONE
        return AT_RISK

    def label(self, stats: ClientStats, *, client: Client | None = None) -> str:
        """The outcome :meth:`assign` gives, without the expectations and reasons."""
        self.check(stats, client)
        h = self._history(stats, spend=False)
        if h is None:
            return NO_ORDERS
        return self._status(self.model.p_alive(*self._units(h)))

    def assign(self, stats: ClientStats, *, client: Client | None = None) -> Decision[str]:
        """Judge one client as of the fitted date: P(alive), expected orders and spend."""
        self.check(stats, client)
        policy, as_of = self.policy, self.as_of
        h = self._history(stats, spend=self.spend_model is not None)
        if h is None:
            return Decision(
                NO_ORDERS,
                criteria=(CriterionResult("orders", FAILED, observed=0, threshold=1),),
                reasons=(reason("p_alive.no_orders", as_of=as_of),),
                policy=self.ref,
                as_of=as_of,
                subject=stats.client_id,
            )
        probability = self.model.p_alive(*self._units(h))
        outcome = self._status(probability)
        low, high = policy.cutoffs
        orders = self._expected_orders(h, None)
        days = policy.horizon_days
        criteria = [
            CriterionResult("alive", PASSED if probability >= high else FAILED, probability, high),
            CriterionResult(
                "probably_gone", PASSED if probability < low else FAILED, probability, low
            ),
            CriterionResult("expected_orders", PASSED, orders),
        ]
        if h.repeat:
            basis = reason(
                "p_alive.history", days=h.days, first=h.first, last=h.last, silent=h.silent
            )
        else:
            basis = reason("p_alive.single_purchase", first=h.first, silent=h.silent)
        shown = _percent(probability)
        verdict = reason(
            _VERDICT[outcome],
            p_alive=shown,
            alive_from=_percent(high),
            gone_below=_percent(low),
        )
        reasons = [  # the verdict first: explain() opens with the deciding reason
            verdict,
            basis,
            reason(
                "p_alive.expected_orders",
                days=days,
                orders=_orders_shown(orders),
            ),
        ]
        if self.spend_model is not None:
            value, why = self._order_value(h)
            if value is None:
                assert why is not None
                criteria.append(CriterionResult("expected_order_value", UNKNOWN, reasons=(why,)))
                criteria.append(CriterionResult("expected_revenue", UNKNOWN, reasons=(why,)))
                reasons.append(why)
            else:
                revenue = _money_product(orders, value)
                criteria.append(CriterionResult("expected_order_value", PASSED, value))
                criteria.append(CriterionResult("expected_revenue", PASSED, revenue))
                reasons.append(
                    reason("p_alive.expected_spend", order_value=value, days=days, revenue=revenue)
                )
        return Decision(
            outcome,
            score=round(probability, 3),
            criteria=tuple(criteria),
            reasons=tuple(reasons),
            policy=self.ref,
            as_of=as_of,
            subject=stats.client_id,
        )


def _money_product(orders: float, value: Money) -> Money:
    """Expected orders × expected average order, rounded once, to the kopeck."""
    with localcontext() as ctx:
        ctx.prec = _PREC
        amount = Decimal(repr(orders)) * value.amount
    return _rounded(amount, value.currency)
