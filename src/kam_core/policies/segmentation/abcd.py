"""ABCD analysis of clients: current purchases × headroom, a strategy for each segment."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import localcontext
from types import MappingProxyType
from typing import Any, Literal

import attrs
from pydantic import Field

from kam_core._decision import CriterionResult, Decision, Reason
from kam_core._domain.client import Client
from kam_core._stats.client_stats import ClientStats
from kam_core._words import name_of
from kam_core.errors import CurrencyMismatchError
from kam_core.policies._engine import reason
from kam_core.policies.segmentation._base import (
    ClientsArg,
    Fitted,
    Playbook,
    Population,
    Segmentation,
    population_as_of,
)
from kam_core.policies.segmentation._shared import (
    _HUNDRED,
    _PREC,
    CM,
    FAILED,
    KAM,
    PASSED,
    SUPPORT,
    UNKNOWN,
    R,
    _dec,
    _Months,
    _pct,
    _percent,
    _play,
    _play_params,
    _Share,
    _status,
    _trailing,
    _unknown,
)
from kam_core.policies.segmentation.abc import Abc, FittedAbc

__all__ = [
    "ABCD_NAMES",
    "Abcd",
    "FittedAbcd",
    "abcd_playbook",
]


_SEGMENT_CODES: Mapping[str, str] = MappingProxyType(
    {"A": "drivers", "B": "ceiling", "C": "reserves", "D": "ballast"}
)
"""ABCD segment → its stable name code (``abcd_segment.<code>`` in the catalogue)."""


class _AbcdNames(Mapping[str, tuple[str, str]]):
    """ABCD segment → (English, Russian) name, read from the catalogue when asked."""

    def __getitem__(self, label: str) -> tuple[str, str]:
        code = _SEGMENT_CODES[label]
        warnings.warn(
            "ABCD_NAMES is deprecated: a decision's explain(locale) names the segment in any"
            " language kam_core speaks",
            DeprecationWarning,
            stacklevel=2,
        )
        return name_of(f"abcd_segment.{code}", "en"), name_of(f"abcd_segment.{code}", "ru")

    def __iter__(self) -> Iterator[str]:
        return iter(_SEGMENT_CODES)

    def __len__(self) -> int:
        return len(_SEGMENT_CODES)


ABCD_NAMES: Mapping[str, tuple[str, str]] = _AbcdNames()
"""Deprecated: ABCD segment → (English, Russian) name.  The names live in the catalogue
(``abcd_segment.drivers`` …; a label with its name is ``abcd.A``): a decision's
``explain(locale)`` and ``format_value`` read them in any language; reading this
mapping warns with :class:`DeprecationWarning`.
"""


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
    >>> from decimal import Decimal
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

    def fit(self, population: Population, *, clients: ClientsArg = None) -> FittedAbcd:
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
            name=_SEGMENT_CODES[label],
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

"""(recency days, frequency, monetary) of one client."""
