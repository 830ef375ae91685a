"""Key accounts: who qualifies, where to invest, and how far the relationship has come.

See docs/methodology.md#key-accounts.  A client qualifies as a key account with (1) high
purchase potential, (2) complex buying behaviour — a large decision-making group across
functions, units and geographies — and (3) a wish for a long-term partnership;
geographically spread key accounts are national accounts (:class:`KeyAccount`).
Practice adds the key-account portfolio — account attractiveness × our relative strength
(:class:`KamPortfolio`) — and the relationship stages pre-KAM, early, mid, partnership,
synergistic, uncoupling (:class:`RelationshipStage`, :func:`relationship_stage`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self

import attrs
from dateutil.relativedelta import relativedelta
from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core._domain.client import Client
from kam_core._domain.geography import spread
from kam_core._domain.role import Responsibility, Role
from kam_core._money import Money
from kam_core._stats.assortment import breadth_in
from kam_core._stats.client_stats import ClientStats
from kam_core._time import Period
from kam_core._words import Worded
from kam_core.errors import PolicyEvaluationError
from kam_core.policies._engine import Bounded, Policy, _Data, at_least, reason
from kam_core.policies._protocols import CLIENTS
from kam_core.policies.dossier import DossierCompleteness
from kam_core.policies.segmentation._base import (
    ClientsArg,
    Fitted,
    Play,
    Playbook,
    Population,
    Segmentation,
    clients_by_id,
    population_as_of,
)

__all__ = [
    "KAM_PORTFOLIO_PLAYBOOK",
    "KEY_ACCOUNT_PLAYBOOK",
    "KamPortfolio",
    "KamPortfolioFitted",
    "KeyAccount",
    "KeyAccountFitted",
    "KeyAccountStatus",
    "PortfolioFactor",
    "PortfolioStrategy",
    "RelationshipStage",
    "RelationshipStages",
    "relationship_stage",
]


PASSED, FAILED, UNKNOWN = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN
R = Responsibility
_PLACES = Decimal("0.0001")
_ZERO, _ONE = Decimal(0), Decimal(1)
_Count = Annotated[int, Field(ge=1, le=10_000, strict=True)]
_Share = Annotated[Decimal, Field(gt=0, le=1, max_digits=6, decimal_places=4), Bounded]
_Years = Annotated[Decimal, Field(ge=0, le=100), Bounded]


def _q(value: Decimal) -> Decimal:
    return value.quantize(_PLACES, ROUND_HALF_EVEN)


@functools.lru_cache(maxsize=256)
def _windows(as_of: date, months: int) -> tuple[Period, Period]:
    window = Period.trailing_months(as_of, months)
    return window, Period(window.start - relativedelta(months=months), window.start)


def _group(client: Client) -> tuple[int, int, int]:
    people = client.stakeholders
    return (
        len(people),
        len({s.department for s in people if s.department}),
        len({s.site for s in people if s.site}),
    )


# ======================================================================================
# KeyAccount


class KeyAccountStatus(Worded, StrEnum):
    """The outcome of :class:`KeyAccount`.

    >>> KeyAccountStatus.NATIONAL_ACCOUNT.text("ru")
    'национальный ключевой клиент'
    """

    __words__ = "key_account_status"

    NATIONAL_ACCOUNT = "national_account"
    """A key account spread over several regions."""
    KEY_ACCOUNT = "key_account"
    NOT_KEY = "not_key"
    UNKNOWN = "unknown"
    """Facts are missing to decide; ``decision.missing`` says which."""


KEY_ACCOUNT_PLAYBOOK = Playbook(
    plays={
        KeyAccountStatus.NATIONAL_ACCOUNT.value: Play(
            role=Role.KEY_ACCOUNT_MANAGER,
            contact_every_days=7,
            tasks=(
                R.DEVELOP_MULTILEVEL_RELATIONSHIPS,
                R.COORDINATE_FIELD_REPS,
                R.MOBILISE_SUPPLIER_RESOURCES,
            ),
            strategy="key_account_management",
        ),
        KeyAccountStatus.KEY_ACCOUNT.value: Play(
            role=Role.KEY_ACCOUNT_MANAGER,
            contact_every_days=14,
            tasks=(
                R.DEVELOP_MULTILEVEL_RELATIONSHIPS,
                R.MOBILISE_SUPPLIER_RESOURCES,
                R.BUILD_SWITCHING_BARRIERS,
            ),
            strategy="key_account_management",
        ),
        KeyAccountStatus.NOT_KEY.value: Play(
            role=Role.CLIENT_MANAGER,
            contact_every_days=30,
            tasks=(R.GROW_TURNOVER, R.GROW_ORDER_FREQUENCY, R.DEVELOP_ASSORTMENT),
            strategy="farm",
        ),
        KeyAccountStatus.UNKNOWN.value: Play(
            role=Role.CLIENT_MANAGER,
            contact_every_days=30,
            tasks=(R.FILL_DOSSIER,),
            strategy="qualify",
        ),
    }
)
"""Default plays: key and national accounts go to the КАМ, the rest stay with the КМ,
who first fills the dossier where candidacy is unknown."""


class KeyAccount(Segmentation):
    """Key-account candidates and national accounts (docs/methodology.md#key-accounts).

    Three conditions, each PASSED / FAILED / UNKNOWN:

    * ``potential`` — high purchase potential: ``client.potential`` ≥ ``min_potential``,
      or the client is in the top ``potential_top_share`` of the population's known
      potential (clients sorted by potential, largest first, ties by id; the top share
      is the smallest set whose cumulative potential reaches that share of the total;
      :meth:`fit` learns its smallest potential as a money floor, so equal potentials
      are treated alike).  Unknown potential is UNKNOWN.
    * ``buying_group`` — complex buying: the decision-making group (ГПР, the client's
      stakeholders) has ≥ ``min_group_size`` people spread across ≥ ``min_departments``
      departments **or** ≥ ``min_sites`` sites.  No stakeholder recorded is UNKNOWN.
    * ``partnership_intent`` — ``client.partnership_intent`` (None is UNKNOWN).

    A client is a candidate when at least ``min_conditions`` (default all 3) pass
    (three-valued, so an unknown that could still change the answer gives ``unknown``
    with the facts to collect in ``decision.missing``).  A candidate spread
    geographically is a ``national_account``, else a ``key_account``; a non-candidate is
    ``not_key``.  ``score`` counts the conditions met.

    *Spread geographically* is counted in ``national_by``: ``"federal_districts"`` (the
    default: ``client.regions`` placed in Russia's eight federal districts, ≥
    ``national_min_districts``, 3), ``"countries"`` (≥ ``national_min_countries``, 2) or
    ``"regions"`` (distinct regions, ≥ ``national_min_regions``).  Two regions of one
    country — Moscow and Kazan — are not a national account by default: they span two
    districts, and a network that reaches a third district is spread over the country,
    not a pair of cities.  ``region_groups`` (region → federal district or country) places
    regions the built-in table does not know (the 85 federal subjects and their centres,
    all in Russia); a region not placed is named in the reasons, and while it could still
    make the account national the ``regions`` criterion is UNKNOWN.

    >>> from datetime import date
    >>> from kam_core import BuyingRole, Client, ClientStats, Money, Stakeholder
    >>> def who(dept, site): return Stakeholder(name=dept, department=dept, site=site)
    >>> big = Client(id="C-1", name="Альфа", potential=Money(10_000_000, "RUB"),
    ...              partnership_intent=True, regions=("Москва", "Казань", "Екатеринбург"),
    ...              stakeholders=(who("procurement", "Москва"), who("finance", "Москва"),
    ...                            who("production", "Казань")))
    >>> small = Client(id="C-2", name="Бета", potential=Money(100_000, "RUB"))
    >>> stats = [ClientStats.empty(c, date(2026, 11, 24), "RUB") for c in ("C-1", "C-2")]
    >>> out = KeyAccount().segment(stats, clients=[big, small])
    >>> out["C-1"].outcome, out["C-2"].outcome, out["C-2"].missing
    (<KeyAccountStatus.NATIONAL_ACCOUNT: 'national_account'>, \
<KeyAccountStatus.NOT_KEY: 'not_key'>, ('buying_group', 'partnership_intent'))
    """

    kind: Literal["key_account"] = "key_account"
    min_potential: Money | None = None
    """Absolute threshold of yearly potential; None = use the population share only."""
    potential_top_share: _Share | None = Decimal("0.5")
    """High potential = in the clients making up this share of the population potential."""
    min_group_size: _Count = 3
    """People in the decision-making group (ГПР) for complex buying."""
    min_departments: _Count = 2
    """Departments the ГПР spans for complex buying (or ``min_sites`` sites)."""
    min_sites: _Count = 2
    """Sites the ГПР spans for complex buying (or ``min_departments`` departments)."""
    min_conditions: Annotated[int, Field(ge=1, le=3, strict=True)] = 3
    """How many of the three conditions make a key account."""
    national_by: Literal["federal_districts", "countries", "regions"] = "federal_districts"
    """The unit "spread geographically" is counted in."""
    national_min_districts: Annotated[int, Field(ge=2, le=8, strict=True)] = 3
    """Federal districts from which a key account is a national account
    (``national_by="federal_districts"``)."""
    national_min_countries: Annotated[int, Field(ge=2, le=250, strict=True)] = 2
    """Countries from which a key account is a national (international) account
    (``national_by="countries"``)."""
    national_min_regions: Annotated[int, Field(ge=2, le=1000, strict=True)] = 2
    """Regions from which a key account is a national account (``national_by="regions"``)."""
    region_groups: dict[str, str] = Field(default_factory=dict, max_length=10_000)
    """Region → federal district or country, for regions the built-in table does not place
    (it comes first, so it also overrides the table)."""
    playbook: Playbook = KEY_ACCOUNT_PLAYBOOK
    """The play of each outcome."""

    @model_validator(mode="after")
    def _some_potential_rule(self) -> Self:
        if self.min_potential is None and self.potential_top_share is None:
            raise ValueError("set min_potential, potential_top_share or both")
        return self

    def fit(self, population: Population, *, clients: ClientsArg = None) -> KeyAccountFitted:
        """Learn the potential floor of the population's top share."""
        stats, as_of = population_as_of(population)
        index = clients_by_id(clients)
        floor = None
        share = self.potential_top_share
        known = [
            (c.potential, c.id)
            for s in stats
            if (c := index.get(s.client_id)) is not None and c.potential is not None
        ]
        if share is not None and known:
            known.sort(key=lambda pair: (-pair[0].amount, pair[1]))
            total = sum((p.amount for p, _ in known), Decimal(0))
            reached = Decimal(0)
            for potential, _ in known:
                floor = potential
                reached += potential.amount
                if reached >= share * total:
                    break
        return KeyAccountFitted(policy=self, as_of=as_of, potential_floor=floor)

    def play_for(self, decision: Decision[Any]) -> Play | None:
        """The play for a decision of this policy."""
        return self.playbook.play_for(str(decision.outcome))


def _national(
    policy: KeyAccount, client: Client | None
) -> tuple[CriterionResult, tuple[Reason, ...]]:
    """The ``regions`` criterion: is the client spread geographically, in the policy's unit."""
    by = policy.national_by
    units, unplaced = spread(() if client is None else client.regions, by, policy.region_groups)
    count = len(units)
    names = tuple(units)
    line = {
        "regions": policy.national_min_regions,
        "federal_districts": policy.national_min_districts,
    }.get(by, policy.national_min_countries)
    national = count >= line
    why: list[Reason] = []
    if not count:
        if not unplaced:
            why.append(reason("key_account.regions.none"))
    elif by == "regions":
        if national:
            why.append(reason("key_account.national", regions=count, threshold=line))
        else:
            why.append(reason("key_account.regional.regions", regions=count, threshold=line))
    elif by == "federal_districts":
        if national:
            why.append(
                reason("key_account.national.districts", count=count, names=names, threshold=line)
            )
        else:
            why.append(
                reason("key_account.regional.districts", count=count, names=names, threshold=line)
            )
    else:
        if national:
            why.append(
                reason("key_account.national.countries", count=count, names=names, threshold=line)
            )
        else:
            why.append(
                reason("key_account.regional.countries", count=count, names=names, threshold=line)
            )
    if unplaced:
        why.append(reason("key_account.region.unplaced", names=unplaced))
    if national:
        status = PASSED
    elif unplaced and count + len(unplaced) >= line:
        status = UNKNOWN  # the regions not placed could still make it national
    else:
        status = FAILED
    return CriterionResult("regions", status, observed=count, threshold=line), tuple(why)


@attrs.frozen
class KeyAccountFitted(Fitted):
    """:class:`KeyAccount` fitted to a population: the potential floor of the top share.

    >>> from datetime import date
    >>> from kam_core import Client, ClientStats, Money
    >>> stats = [ClientStats.empty("C-1", date(2026, 11, 24), "RUB")]
    >>> fitted = KeyAccount().fit(stats, clients=[
    ...     Client(id="C-1", name="Альфа", potential=Money(5_000_000, "RUB"))])
    >>> fitted.thresholds()
    {'potential_floor': {'amount': '5000000', 'currency': 'RUB'}}
    """

    policy: KeyAccount
    potential_floor: Money | None
    """Smallest potential inside the top share; None when no potential is known."""

    def thresholds(self) -> dict[str, Any]:
        """The learned floor, JSON-safe."""
        floor = self.potential_floor
        return {"potential_floor": None if floor is None else floor.to_dict()}

    def assign(
        self, stats: ClientStats, *, client: Client | None = None
    ) -> Decision[KeyAccountStatus]:
        """Decide whether the client is a key account (``client`` carries the facts)."""
        self.check(stats, client)
        policy = self.policy
        checks = (self._potential(client), self._buying_group(client), _intent(client))
        statuses = [c.status for c in checks]
        met = statuses.count(PASSED)
        unknown = statuses.count(UNKNOWN)
        verdict = at_least(policy.min_conditions, statuses)
        need = policy.min_conditions
        national, spread_why = _national(policy, client)
        why: list[Reason] = []
        if verdict is PASSED:
            why.append(reason("key_account.candidate", met=met, need=need))
            outcome = KeyAccountStatus.KEY_ACCOUNT
            if national.passed:
                outcome = KeyAccountStatus.NATIONAL_ACCOUNT
            why.extend(spread_why)
        elif verdict is FAILED:
            why.append(reason("key_account.not_candidate", met=met, need=need))
            outcome = KeyAccountStatus.NOT_KEY
        else:
            why.append(reason("key_account.undecided", met=met, unknown=unknown, need=need))
            outcome = KeyAccountStatus.UNKNOWN
        why.extend(r for c in checks for r in c.reasons)
        return Decision(
            outcome,
            score=float(met),
            criteria=(*checks, national),
            missing=tuple(c.name for c in checks if c.unknown),
            reasons=tuple(why),
            policy=self.ref,
            as_of=self.as_of,
            subject=stats.client_id,
        )

    def _potential(self, client: Client | None) -> CriterionResult:
        potential = None if client is None else client.potential
        floors = [m for m in (self.policy.min_potential, self.potential_floor) if m is not None]
        if potential is None or not floors:
            return CriterionResult(
                "potential", UNKNOWN, reasons=(reason("key_account.potential.unknown"),)
            )
        threshold = min(floors)
        high = potential >= threshold
        return CriterionResult(
            "potential",
            PASSED if high else FAILED,
            observed=potential,
            threshold=threshold,
            reasons=(
                reason("key_account.potential.high", potential=potential, threshold=threshold)
                if high
                else reason("key_account.potential.low", potential=potential, threshold=threshold),
            ),
        )

    def _buying_group(self, client: Client | None) -> CriterionResult:
        if client is None or not client.stakeholders:
            return CriterionResult(
                "buying_group", UNKNOWN, reasons=(reason("key_account.buying_group.unknown"),)
            )
        p = self.policy
        people, departments, sites = _group(client)
        ok = people >= p.min_group_size and (
            departments >= p.min_departments or sites >= p.min_sites
        )
        observed = {"people": people, "departments": departments, "sites": sites}
        if ok:
            why = reason("key_account.buying_group.complex", **observed)
        else:
            why = reason(
                "key_account.buying_group.simple",
                min_people=p.min_group_size,
                min_departments=p.min_departments,
                min_sites=p.min_sites,
                **observed,
            )
        return CriterionResult(
            "buying_group",
            PASSED if ok else FAILED,
            observed=observed,
            threshold={
                "people": p.min_group_size,
                "departments": p.min_departments,
                "sites": p.min_sites,
            },
            reasons=(why,),
        )


def _intent(client: Client | None) -> CriterionResult:
    intent = None if client is None else client.partnership_intent
    if intent is None:
        return CriterionResult(
            "partnership_intent", UNKNOWN, reasons=(reason("key_account.partnership.unknown"),)
        )
    return CriterionResult(
        "partnership_intent",
        PASSED if intent else FAILED,
        observed=intent,
        threshold=True,
        reasons=(
            reason("key_account.partnership.yes")
            if intent
            else reason("key_account.partnership.no"),
        ),
    )


# ======================================================================================
# KamPortfolio


Fact = Literal[
    "potential",
    "revenue",
    "revenue_growth",
    "share_of_wallet",
    "relationship_years",
    "dossier_completeness",
    "order_frequency",
    "assortment_breadth",
    "payment_discipline",
    "partnership_intent",
    "buying_group_size",
]
"""The facts a portfolio factor can read; see :class:`PortfolioFactor`."""


class PortfolioFactor(_Data):
    """One weighted factor of an axis of :class:`KamPortfolio`, scored 0–1.

    ``fact`` (all computed as of the decision date, windows of ``window_months``):

    * ``potential`` — the client's yearly potential (amount);
    * ``revenue`` — revenue in the window; ``revenue_growth`` — its change against
      the window before ((current − previous) ÷ previous; unknown without previous
      revenue);
    * ``share_of_wallet`` — annualised window revenue ÷ potential;
    * ``relationship_years`` — years since the first order;
    * ``dossier_completeness`` — the :class:`~kam_core.policies.DossierCompleteness`
      score, 0–100, by the usual standard for every client (the portfolio compares
      clients on one scale; the key-account standard is for the dossier policy itself);
    * ``order_frequency`` — orders a year in the window;
    * ``assortment_breadth`` — distinct products bought in the window;
    * ``payment_discipline`` — 1 − the overdue share (unknown without due dates);
    * ``partnership_intent`` — 1 yes, 0 no; ``buying_group_size`` — stakeholders
      (unknown when none is recorded).

    The score is value ÷ ``full_at`` clipped to 0–1; with ``full_at`` None the value is
    divided by the population's largest value of that fact (learned by ``fit``).

    >>> f = PortfolioFactor(fact="share_of_wallet", weight=Decimal("0.4"), full_at=Decimal("0.5"))
    >>> f.to_dict()
    {'fact': 'share_of_wallet', 'weight': '0.4', 'full_at': '0.5'}
    """

    fact: Fact
    weight: Annotated[Decimal, Field(gt=0, le=1000, max_digits=10, decimal_places=4), Bounded]
    full_at: Annotated[Decimal, Field(gt=0, max_digits=20, decimal_places=4), Bounded] | None = None


class PortfolioStrategy(Worded, StrEnum):
    """The four cells of the key-account portfolio, plus unknown.

    >>> [s.value for s in PortfolioStrategy][:2]
    ['invest_for_growth', 'invest_selectively']
    """

    __words__ = "strategy"

    INVEST_FOR_GROWTH = "invest_for_growth"
    """Attractive account, strong position."""
    INVEST_SELECTIVELY = "invest_selectively"
    """Attractive account, weak position."""
    MAINTAIN = "maintain"
    """Less attractive account, strong position."""
    MANAGE_FOR_CASH = "manage_for_cash"
    """Less attractive account, weak position."""
    UNKNOWN = "unknown"


KAM_PORTFOLIO_PLAYBOOK = Playbook(
    plays={
        PortfolioStrategy.INVEST_FOR_GROWTH.value: Play(
            role=Role.KEY_ACCOUNT_MANAGER,
            contact_every_days=7,
            tasks=(
                R.DEVELOP_MULTILEVEL_RELATIONSHIPS,
                R.MOBILISE_SUPPLIER_RESOURCES,
                R.GROW_TURNOVER,
            ),
            strategy="invest_for_growth",
        ),
        PortfolioStrategy.INVEST_SELECTIVELY.value: Play(
            role=Role.KEY_ACCOUNT_MANAGER,
            contact_every_days=14,
            tasks=(R.FILL_DOSSIER, R.DEVELOP_ASSORTMENT, R.GROW_TURNOVER),
            strategy="invest_selectively",
        ),
        PortfolioStrategy.MAINTAIN.value: Play(
            role=Role.CLIENT_MANAGER,
            contact_every_days=14,
            tasks=(R.RAISE_LOYALTY, R.BUILD_SWITCHING_BARRIERS),
            strategy="maintain",
        ),
        PortfolioStrategy.MANAGE_FOR_CASH.value: Play(
            role=Role.SALES_SUPPORT,
            contact_every_days=60,
            tasks=(R.TAKE_ORDERS,),
            strategy="serve_at_minimum_cost",
        ),
    }
)
"""Default plays per portfolio cell; override per cell with ``Playbook.override``."""

_D = Decimal


def _attractiveness() -> tuple[PortfolioFactor, ...]:
    return (
        PortfolioFactor(fact="potential", weight=_D("0.4")),
        PortfolioFactor(fact="revenue_growth", weight=_D("0.3"), full_at=_D("0.5")),
        PortfolioFactor(fact="partnership_intent", weight=_D("0.3"), full_at=_D(1)),
    )


def _strength() -> tuple[PortfolioFactor, ...]:
    return (
        PortfolioFactor(fact="share_of_wallet", weight=_D("0.4"), full_at=_D("0.5")),
        PortfolioFactor(fact="relationship_years", weight=_D("0.2"), full_at=_D(5)),
        PortfolioFactor(fact="dossier_completeness", weight=_D("0.2"), full_at=_D(100)),
        PortfolioFactor(fact="payment_discipline", weight=_D("0.2"), full_at=_D(1)),
    )


_Factors = Annotated[tuple[PortfolioFactor, ...], Field(min_length=1, max_length=30)]


class KamPortfolio(Segmentation):
    """The key-account portfolio: account attractiveness × our relative strength.

    Each axis is the weighted mean of its factors' 0–1 scores (see
    :class:`PortfolioFactor`) over the factors whose facts are known; when the known
    factors carry less than ``min_known_weight`` of the axis' weight the axis — and the
    outcome — is ``unknown`` and ``decision.missing`` names the facts to collect.
    An axis is *high* at ≥ ``high``.  Cells: high/high ``invest_for_growth``, high
    attractiveness and low strength ``invest_selectively``, low attractiveness and high
    strength ``maintain``, low/low ``manage_for_cash``.

    Defaults — attractiveness: potential 0.4 (relative to the population's largest),
    revenue growth 0.3 (full at +50 %), partnership intent 0.3; strength: share of
    wallet 0.4 (full at 50 %), relationship years 0.2 (full at 5), dossier completeness
    0.2, payment discipline 0.2.

    >>> from datetime import date
    >>> from decimal import Decimal as D
    >>> from kam_core import Client, ClientStats, Money
    >>> as_of = date(2026, 11, 24)
    >>> stats = ClientStats("C-1", as_of, "RUB", orders=((date(2026, 6, 1), D(600_000)),))
    >>> client = Client(id="C-1", name="Альфа", potential=Money(1_000_000, "RUB"))
    >>> policy = KamPortfolio(
    ...     attractiveness=(PortfolioFactor(fact="potential", weight=D(1)),),
    ...     strength=(PortfolioFactor(fact="share_of_wallet", weight=D(1), full_at=D("0.5")),))
    >>> d = policy.segment([stats], clients=[client])["C-1"]
    >>> d.outcome, d.reasons[0].params["attractiveness"], d.reasons[0].params["strength"]
    (<PortfolioStrategy.INVEST_FOR_GROWTH: 'invest_for_growth'>, Decimal('1.0000'), \
Decimal('1.0000'))
    """

    kind: Literal["kam_portfolio"] = "kam_portfolio"
    attractiveness: _Factors = Field(default_factory=_attractiveness)
    """The weighted factors of account attractiveness."""
    strength: _Factors = Field(default_factory=_strength)
    """The weighted factors of our strength with the account."""
    high: _Share = Decimal("0.5")
    """An axis score (0–1) from which the axis is high."""
    min_known_weight: _Share = Decimal("0.5")
    """Share of an axis' weight whose facts must be known; else unknown."""
    window_months: Annotated[int, Field(ge=1, le=120, strict=True)] = 12
    """Months of the revenue window (revenue, growth, share of wallet)."""
    dossier: DossierCompleteness = DossierCompleteness()
    """The dossier policy behind the ``dossier_completeness`` factor."""
    playbook: Playbook = KAM_PORTFOLIO_PLAYBOOK
    """The play of each strategy."""

    def facts(
        self,
        stats: ClientStats,
        client: Client | None,
        as_of: date,
        wanted: Iterable[str] | None = None,
    ) -> dict[str, Decimal | None]:
        """The facts a factor can read for one client (None = unknown).

        ``wanted`` limits the work to those facts (default: every fact).
        """
        window, before = _windows(as_of, self.window_months)
        potential = None if client is None else client.potential
        months = self.window_months

        def revenue() -> Decimal:
            return stats.revenue_in(window).amount

        def growth() -> Decimal | None:
            previous = stats.revenue_in(before).amount
            return (revenue() - previous) / previous if previous else None

        def share() -> Decimal | None:
            if potential is None or not potential.amount:
                return None
            return revenue() * 12 / months / potential.amount

        def years() -> Decimal | None:
            first = stats.first_order_on
            return None if first is None else Decimal((as_of - first).days) / Decimal("365.25")

        def dossier() -> Decimal | None:
            if client is None:
                return None
            # one scale for every client compared: the usual standard, not the key-account one
            return Decimal(str(self.dossier.score(client, as_of=as_of, key_account=False)))

        def breadth() -> Decimal:
            return Decimal(breadth_in(stats.products, window))

        def discipline() -> Decimal | None:
            overdue = stats.payments.overdue_share
            return None if overdue is None else 1 - overdue

        def intent() -> Decimal | None:
            wish = None if client is None else client.partnership_intent
            return None if wish is None else Decimal(int(wish))

        def group() -> Decimal | None:
            if client is None or not client.stakeholders:
                return None
            return Decimal(len(client.stakeholders))

        readers: dict[str, Callable[[], Decimal | None]] = {
            "potential": lambda: None if potential is None else potential.amount,
            "revenue": revenue,
            "revenue_growth": growth,
            "share_of_wallet": share,
            "relationship_years": years,
            "dossier_completeness": dossier,
            "order_frequency": lambda: Decimal(stats.orders_in(window)) * 12 / months,
            "assortment_breadth": breadth,
            "payment_discipline": discipline,
            "partnership_intent": intent,
            "buying_group_size": group,
        }
        names = readers if wanted is None else dict.fromkeys(wanted)
        return {name: readers[name]() for name in names}

    def fit(self, population: Population, *, clients: ClientsArg = None) -> KamPortfolioFitted:
        """Learn the population's largest value of each factor scored relatively."""
        stats, as_of = population_as_of(population)
        index = clients_by_id(clients)
        relative = {f.fact for f in (*self.attractiveness, *self.strength) if f.full_at is None}
        maxima: dict[str, Decimal] = {}
        if relative:
            for s in stats:
                found = self.facts(s, index.get(s.client_id), as_of, relative)
                for fact, value in found.items():
                    if value is not None and value > maxima.get(fact, 0):
                        maxima[fact] = value
        return KamPortfolioFitted(policy=self, as_of=as_of, maxima=maxima)

    def play_for(self, decision: Decision[Any]) -> Play | None:
        """The play for a decision of this policy."""
        return self.playbook.play_for(str(decision.outcome))


@attrs.frozen
class KamPortfolioFitted(Fitted):
    """:class:`KamPortfolio` fitted to a population: the maxima of relative factors.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import Client, ClientStats, Money
    >>> stats = [ClientStats.empty("C-1", date(2026, 11, 24), "RUB")]
    >>> fitted = KamPortfolio().fit(stats, clients=[
    ...     Client(id="C-1", name="Альфа", potential=Money(2_000_000, "RUB"))])
    >>> fitted.thresholds()
    {'maxima': {'potential': '2000000'}}
    """

    policy: KamPortfolio
    maxima: Mapping[str, Decimal]
    """Largest positive value per relatively scored fact (absent = none known)."""

    @property
    def _wanted(self) -> tuple[str, ...]:
        factors = (*self.policy.attractiveness, *self.policy.strength)
        return tuple(dict.fromkeys(f.fact for f in factors))

    def thresholds(self) -> dict[str, Any]:
        """The learned maxima, JSON-safe."""
        return {"maxima": {k: str(v) for k, v in sorted(self.maxima.items())}}

    def assign(
        self, stats: ClientStats, *, client: Client | None = None
    ) -> Decision[PortfolioStrategy]:
        """Place one client in the portfolio."""
        self.check(stats, client)
        policy = self.policy
        facts = policy.facts(stats, client, self.as_of, self._wanted)
        a, a_result, a_missing = self._axis("attractiveness", policy.attractiveness, facts)
        s, s_result, s_missing = self._axis("strength", policy.strength, facts)
        missing = tuple(dict.fromkeys((*a_missing, *s_missing)))
        why: list[Reason] = []
        if a is None or s is None:
            outcome = PortfolioStrategy.UNKNOWN
            for name, value, result in (("attractiveness", a, a_result), ("strength", s, s_result)):
                if value is None:
                    why.append(
                        reason(
                            "kam_portfolio.axis.unknown",
                            axis=name,
                            known=result.observed,
                            need=policy.min_known_weight,
                        )
                    )
        else:
            why.append(
                reason("kam_portfolio.position", attractiveness=a, strength=s, high=policy.high)
            )
            outcome = _CELLS[(a >= policy.high, s >= policy.high)]
            why.append(_cell_reason(outcome))
        why.extend(reason("kam_portfolio.factor.unknown", fact=f) for f in missing)
        return Decision(
            outcome,
            criteria=(a_result, s_result),
            missing=missing,
            reasons=tuple(why),
            policy=self.ref,
            as_of=self.as_of,
            subject=stats.client_id,
        )

    def _axis(
        self,
        name: str,
        factors: tuple[PortfolioFactor, ...],
        facts: Mapping[str, Decimal | None],
    ) -> tuple[Decimal | None, CriterionResult, tuple[str, ...]]:
        high = self.policy.high
        total = sum((f.weight for f in factors), Decimal(0))
        known_weight = Decimal(0)
        weighted = Decimal(0)
        children: list[CriterionResult] = []
        missing: list[str] = []
        for f in factors:
            value = facts[f.fact]
            scale = f.full_at if f.full_at is not None else self.maxima.get(f.fact)
            if value is None:
                missing.append(f.fact)
                children.append(CriterionResult(f.fact, UNKNOWN, threshold=scale))
                continue
            # no positive value in the population: nothing to scale by, the value scores 0
            score = Decimal(0) if scale is None else _q(min(max(value / scale, _ZERO), _ONE))
            known_weight += f.weight
            weighted += f.weight * score
            children.append(
                CriterionResult(
                    f.fact,
                    PASSED if score >= high else FAILED,
                    observed={"value": _q(value), "score": score},
                    threshold={"full_at": scale, "weight": f.weight},
                )
            )
        known_share = _q(known_weight / total)
        if known_weight == 0 or known_share < self.policy.min_known_weight:
            return (
                None,
                CriterionResult(
                    name, UNKNOWN, observed=known_share, threshold=high, children=tuple(children)
                ),
                tuple(missing),
            )
        value = _q(weighted / known_weight)
        result = CriterionResult(
            name,
            PASSED if value >= high else FAILED,
            observed=value,
            threshold=high,
            children=tuple(children),
        )
        return value, result, tuple(missing)


_CELLS = {
    (True, True): PortfolioStrategy.INVEST_FOR_GROWTH,
    (True, False): PortfolioStrategy.INVEST_SELECTIVELY,
    (False, True): PortfolioStrategy.MAINTAIN,
    (False, False): PortfolioStrategy.MANAGE_FOR_CASH,
}


def _cell_reason(cell: PortfolioStrategy) -> Reason:
    if cell is PortfolioStrategy.INVEST_FOR_GROWTH:
        return reason("kam_portfolio.invest_for_growth")
    if cell is PortfolioStrategy.INVEST_SELECTIVELY:
        return reason("kam_portfolio.invest_selectively")
    if cell is PortfolioStrategy.MAINTAIN:
        return reason("kam_portfolio.maintain")
    return reason("kam_portfolio.manage_for_cash")


# ======================================================================================
# relationship stages


class RelationshipStage(Worded, StrEnum):
    """Where a key-account relationship stands (practice: Millman & Wilson's stages).

    >>> RelationshipStage.PARTNERSHIP.value, RelationshipStage("early").text("ru")
    ('partnership', 'ранняя стадия')
    >>> RelationshipStage.UNCOUPLING.text("ru")
    'разрыв отношений'
    """

    __words__ = "relationship_stage"

    PRE_KAM = "pre_kam"
    EARLY = "early"
    MID = "mid"
    PARTNERSHIP = "partnership"
    SYNERGISTIC = "synergistic"
    UNCOUPLING = "uncoupling"


class RelationshipStages(Policy):
    """The relationship stage of a client, by documented rules, first match wins.

    1. ``uncoupling`` — revenue in the last ``window_months`` fell by more than
       ``uncoupling_decline`` against the window before (which had revenue);
    2. ``pre_kam`` — fewer than ``min_orders`` orders;
    3. ``synergistic`` — ≥ ``synergistic_years`` years since the first order, a ГПР of
       ≥ ``synergistic_people`` across ≥ ``synergistic_departments`` departments, and
       partnership intent;
    4. ``partnership`` — the same with the ``partnership_*`` thresholds;
    5. ``mid`` — ≥ ``mid_years`` years and a ГПР of ≥ ``mid_people``;
    6. ``early`` — otherwise.

    Unknown partnership intent never counts as intent: when it alone keeps a client
    from a partnership stage, ``decision.missing`` says ``partnership_intent``.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from kam_core import Client, ClientStats
    >>> orders = tuple((date(2026, m, 1), Decimal(100)) for m in (1, 2, 3))
    >>> d = RelationshipStages().evaluate(Client(id="C-1", name="Альфа"),
    ...     ClientStats("C-1", date(2026, 11, 24), "RUB", orders=orders), as_of=date(2026, 11, 24))
    >>> d.outcome
    <RelationshipStage.EARLY: 'early'>
    """

    kind: Literal["relationship_stage"] = "relationship_stage"
    judges: ClassVar[str] = CLIENTS
    """A client policy: :func:`~kam_core.analyze` judges every client with it."""
    window_months: Annotated[int, Field(ge=1, le=120, strict=True)] = 12
    """Months of the revenue window compared with the one before."""
    uncoupling_decline: _Share = Decimal("0.3")
    """Revenue decline (share) from which the relationship is uncoupling."""
    min_orders: _Count = 3
    """Orders below which the client is pre-KAM."""
    mid_years: _Years = Decimal(1)
    """Years since the first order for the mid stage."""
    mid_people: _Count = 2
    """People in the ГПР for the mid stage."""
    partnership_years: _Years = Decimal(2)
    """Years since the first order for partnership."""
    partnership_people: _Count = 4
    """People in the ГПР for partnership."""
    partnership_departments: _Count = 2
    """Departments the ГПР spans for partnership."""
    synergistic_years: _Years = Decimal(5)
    """Years since the first order for the synergistic stage."""
    synergistic_people: _Count = 6
    """People in the ГПР for the synergistic stage."""
    synergistic_departments: _Count = 3
    """Departments the ГПР spans for the synergistic stage."""

    def evaluate(
        self, client: Client, stats: ClientStats, *, as_of: date
    ) -> Decision[RelationshipStage]:
        """The stage of ``client`` as of ``as_of`` (stats must be as of the same date)."""
        if stats.as_of != as_of or stats.client_id != client.id:
            raise PolicyEvaluationError(
                f"stats of {stats.client_id!r} as of {stats.as_of.isoformat()} do not match "
                f"client {client.id!r} as of {as_of.isoformat()}"
            )
        window, before = _windows(as_of, self.window_months)
        current, previous = stats.revenue_in(window), stats.revenue_in(before)
        first = stats.first_order_on
        years = (
            Decimal(0)
            if first is None
            else _q(Decimal((as_of - first).days) / Decimal("365.25")).quantize(Decimal("0.1"))
        )
        people, departments, _ = _group(client)
        intent = client.partnership_intent
        criteria = (
            CriterionResult("orders", PASSED if stats.order_count >= self.min_orders else FAILED,
                            observed=stats.order_count, threshold=self.min_orders),
            CriterionResult("years", PASSED if years >= self.mid_years else FAILED,
                            observed=years, threshold=self.mid_years),
            CriterionResult("buying_group", UNKNOWN if not people else PASSED
                            if people >= self.mid_people else FAILED,
                            observed={"people": people, "departments": departments},
                            threshold=self.mid_people),
            CriterionResult("partnership_intent",
                            UNKNOWN if intent is None else PASSED if intent else FAILED,
                            observed=intent, threshold=True),
        )  # fmt: skip
        missing: tuple[str, ...] = ()
        group = {"years": years, "people": people, "departments": departments}
        if previous.amount and current.amount < previous.amount * (1 - self.uncoupling_decline):
            change = _q((current.amount - previous.amount) / previous.amount)
            stage = RelationshipStage.UNCOUPLING
            why = reason(
                "key_account.stage.uncoupling", previous=previous, current=current, change=change
            )
        elif stats.order_count < self.min_orders:
            stage = RelationshipStage.PRE_KAM
            why = reason(
                "key_account.stage.pre_kam", orders=stats.order_count, min_orders=self.min_orders
            )
        else:
            synergy = self._reaches(
                years, people, departments, self.synergistic_years, self.synergistic_people,
                self.synergistic_departments,
            )  # fmt: skip
            partner = self._reaches(
                years, people, departments, self.partnership_years, self.partnership_people,
                self.partnership_departments,
            )  # fmt: skip
            if synergy and intent:
                stage = RelationshipStage.SYNERGISTIC
                why = reason("key_account.stage.synergistic", **group)
            elif partner and intent:
                stage = RelationshipStage.PARTNERSHIP
                why = reason("key_account.stage.partnership", **group)
            else:
                if partner and intent is None:
                    missing = ("partnership_intent",)
                if years >= self.mid_years and people >= self.mid_people:
                    stage = RelationshipStage.MID
                    why = reason("key_account.stage.mid", **group)
                else:
                    stage = RelationshipStage.EARLY
                    why = reason("key_account.stage.early", years=years, people=people)
                    if not people:
                        missing = (*missing, "buying_group")
        return Decision(
            stage,
            criteria=criteria,
            missing=missing,
            reasons=(why,),
            policy=self.ref,
            as_of=as_of,
            subject=client.id,
        )

    @staticmethod
    def _reaches(years: Decimal, people: int, departments: int, y: Decimal, p: int, d: int) -> bool:
        return years >= y and people >= p and departments >= d


def relationship_stage(
    client: Client,
    stats: ClientStats,
    *,
    as_of: date,
    policy: RelationshipStages | None = None,
) -> Decision[RelationshipStage]:
    """The relationship stage of ``client``: :class:`RelationshipStages` with defaults.

    >>> from datetime import date
    >>> from kam_core import Client, ClientStats
    >>> relationship_stage(Client(id="C-1", name="Альфа"),
    ...                    ClientStats.empty("C-1", date(2026, 1, 1), "RUB"),
    ...                    as_of=date(2026, 1, 1)).outcome
    <RelationshipStage.PRE_KAM: 'pre_kam'>
    """
    return (policy or RelationshipStages()).evaluate(client, stats, as_of=as_of)
