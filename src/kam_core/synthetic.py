"""A seeded, realistic synthetic client base for trying policies: :func:`generate_book`.

Users need data that looks like a real B2B book before they trust a policy with theirs.
The generator produces one, deterministically from a seed:

- revenue is heavily skewed (log-normal yearly spend): a fifth of the clients hold most
  of it, as in every real book, so ABC analysis has something to find;
- orders follow each client's own rhythm (regular clients order at steady intervals,
  irregular ones in bursts) and amounts follow a seasonal curve, so XYZ and RFM do too;
- about one client in six has stopped ordering (sleeping) and a few are long lost;
- about one client in a hundred is a key account: high potential, several regions, a
  decision-making group (ГПР) spread over several departments, partnership intent;
- most clients have a known potential (yearly spend in our categories), some not;
- deals carry product lines from a small catalogue of categories, payment due and paid
  dates (some clients pay late, some invoices are overdue), margins and referrals;
- leads carry partial BANT facts (unknown facts are ``None``) and, for some, evidence
  for other qualification frameworks.

Deals are not stored: :meth:`SyntheticBook.deals` returns a fresh generator each time,
so a book of ten million deals costs the memory of its clients only.

>>> from datetime import date
>>> import kam_core as kc
>>> book = kc.generate_book(200, seed=1, as_of=date(2026, 11, 24))
>>> len(book.clients), book.clients[0].id
(200, 'C-000001')
>>> deals = list(book.deals())
>>> deals == list(book.deals())          # re-iterable, identical every time
True
>>> book == kc.generate_book(200, seed=1, as_of=date(2026, 11, 24))
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from pydantic import BaseModel

from kam_core._currencies import MINOR_UNITS
from kam_core._domain.client import BuyingRole, Client, Stakeholder
from kam_core._domain.deal import Deal, DealLine, DealStatus
from kam_core._domain.lead import BantFacts, Evidence, Lead, LeadStage, NeedLevel
from kam_core._domain.people import Channel, Manager, Touch
from kam_core._domain.role import Role
from kam_core._ids import ClientId, ManagerId
from kam_core._money import Money, trusted_money
from kam_core.errors import MoneyError

__all__ = ["SyntheticBook", "generate_book"]

_M = TypeVar("_M", bound=BaseModel)


def _trusted(cls: type[_M], values: dict[str, Any]) -> _M:
    """Build a frozen entity from values that are valid by construction, skipping validation.

    ``cls.model_construct``: pydantic's public way to build a model from trusted values.
    It is safe here because every value is built by this module from already-typed parts
    (``Money`` via its trusted constructor, ``date`` objects, enum members, ``Decimal``
    quantities > 0) respecting every rule the validators check (dates ordered, currencies
    equal, no self-referral); the test suite re-validates each generated object from its
    dump and compares.
    """
    return cls.model_construct(set(values), **values)


# -- the catalogue --------------------------------------------------------------------

_CATEGORIES: tuple[tuple[str, int, float], ...] = (
    # category, typical unit price in minor units, seasonal peak month
    ("cleaning", 45_000, 3),
    ("packaging", 12_000, 11),
    ("paper", 8_000, 9),
    ("tools", 250_000, 4),
    ("workwear", 180_000, 10),
    ("chemicals", 90_000, 5),
    ("lighting", 60_000, 12),
    ("fasteners", 3_000, 6),
)
_PRODUCTS_PER_CATEGORY = 6
_PRODUCTS: tuple[tuple[str, str, int], ...] = tuple(
    (f"SKU-{c}-{k + 1:02d}", cat, price * (4 + 3 * k) // 4)
    for c, (cat, price, _peak) in enumerate(_CATEGORIES)
    for k in range(_PRODUCTS_PER_CATEGORY)
)
_REGIONS = (
    "Москва",
    "Санкт-Петербург",
    "Казань",
    "Екатеринбург",
    "Новосибирск",
    "Нижний Новгород",
    "Самара",
    "Краснодар",
    "Ростов-на-Дону",
    "Пермь",
)
_INDUSTRIES = ("FMCG", "retail", "manufacturing", "construction", "HoReCa", "logistics")
_FORMS = ("ООО", "АО", "ПАО", "ООО", "ООО")
_NAME_PARTS = (
    "Альфа",
    "Вектор",
    "Гранит",
    "Север",
    "Восток",
    "Техно",
    "Пром",
    "Строй",
    "Торг",
    "Снаб",
    "Логистик",
    "Ресурс",
    "Меридиан",
    "Орион",
    "Сфера",
    "Квант",
)
_DEPARTMENTS = ("procurement", "finance", "production", "logistics", "management", "quality")
_FIRST = ("А.", "Б.", "В.", "Г.", "Д.", "Е.", "И.", "К.", "М.", "Н.", "О.", "П.", "С.", "Т.")
_LAST = (
    "Иванов",
    "Петров",
    "Сидорова",
    "Кузнецов",
    "Смирнова",
    "Волков",
    "Морозова",
    "Лебедев",
    "Соколова",
    "Новиков",
)
_LEAD_SOURCES = ("inbound call", "exhibition", "cold base", "website", "referral", "tender")
_EVIDENCE = (
    "metrics",
    "economic_buyer",
    "decision_criteria",
    "decision_process",
    "identify_pain",
    "champion",
    "competition",
    "paper_process",
)
_AUTHORITY_WEIGHTS = (
    (BuyingRole.DECISION_MAKER, 3),
    (BuyingRole.ECONOMIC_BUYER, 2),
    (BuyingRole.INFLUENCER, 3),
    (BuyingRole.TECHNICAL_BUYER, 2),
    (BuyingRole.USER, 2),
    (BuyingRole.GATEKEEPER, 2),
    (BuyingRole.CHAMPION, 1),
)
_NEEDS = (NeedLevel.NONE, NeedLevel.WEAK, NeedLevel.PARTIAL, NeedLevel.CONFIRMED)
_HISTORY_DAYS = 3 * 365
_MEAN_SPAN = (30 + _HISTORY_DAYS) / 2
_MEAN_WEIGHT = math.exp(0.6**2 / 2)


def _company(rng: random.Random) -> str:
    a, b = rng.sample(_NAME_PARTS, 2)
    return f"{rng.choice(_FORMS)} «{a}{b.lower()}»"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


@attrs.frozen
class _Plan:
    """What the deal generator needs to know about one client (kept per client, not per deal)."""

    index: int
    client_id: str
    first: date
    last: date
    orders: int
    mean_order_minor: int
    jitter: float
    """0 (clockwork) … 0.9 (bursty): spread of the order dates around a steady rhythm."""
    season: float
    """Seasonal amplitude of order amounts, 0 … 0.5."""
    late_payer: bool
    terms: int
    """Payment terms in days."""
    categories: tuple[int, ...]
    """Indexes of the categories the client buys from."""
    referred_by: str | None
    steady: bool = False
    """A replenishment buyer: orders every week to month, in steady amounts (XYZ's X/Y)."""


@attrs.frozen
class SyntheticBook:
    """A generated client base: clients and leads held, deals generated on demand.

    ``deals()`` returns a fresh generator over the same deals every time (in client
    order, each client's deals by date), so the book is re-iterable and a large one
    never sits in memory.  Two books are equal when they were generated with the same
    arguments (their contents are then identical).

    >>> from datetime import date
    >>> book = generate_book(50, seed=3, as_of=date(2026, 6, 30), leads=5)
    >>> len(book.leads), book.currency
    (5, 'RUB')
    >>> sum(1 for _ in book.deals()) > 50
    True
    """

    clients: tuple[Client, ...]
    leads: tuple[Lead, ...]
    as_of: date
    currency: str
    seed: int
    deals_per_client: int
    _plans: tuple[_Plan, ...] = attrs.field(repr=False, alias="plans")
    managers: tuple[Manager, ...] = ()
    """The people who work the clients (with ``generate_book(..., managers=N)``), by id."""

    @property
    def client_ids(self) -> tuple[str, ...]:
        """The ids of every client, sorted.

        >>> from datetime import date
        >>> generate_book(3, seed=1, as_of=date(2026, 1, 1)).client_ids
        ('C-000001', 'C-000002', 'C-000003')
        """
        return tuple(c.id for c in self.clients)

    def deals(self) -> Iterator[Deal]:
        """A fresh generator over every deal of the book (won, lost, cancelled and open)."""
        for plan in self._plans:
            yield from _client_deals(plan, self.seed, self.as_of, self.currency)

    def touches(self) -> Iterator[Touch]:
        """A fresh generator over the contact log (empty without managers), by client.

        Each client is touched in its own rhythm by its manager while it buys, less
        often after its last order, and about one client in six is neglected (no touch
        for months): overdue plans to find.  A few touches are dated after ``as_of``
        (planned meetings already logged), which an analysis ignores.

        >>> from datetime import date
        >>> book = generate_book(20, seed=5, as_of=date(2026, 11, 24), managers=3)
        >>> [m.position.key for m in book.managers]
        ['development_specialist', 'client_manager', 'client_manager', 'key_account_manager']
        >>> log = list(book.touches())
        >>> len(log) > 20, log == list(book.touches())
        (True, True)
        """
        if not self.managers:
            return
        by_id: dict[str, Client] = {c.id: c for c in self.clients}
        for plan in self._plans:
            client = by_id[plan.client_id]
            if client.manager_id is not None:
                yield from _client_touches(plan, client.manager_id, self.seed, self.as_of)


def generate_book(
    clients: int = 500,
    *,
    seed: int,
    as_of: date,
    currency: str = "RUB",
    deals_per_client: int = 10,
    leads: int | None = None,
    managers: int | None = None,
) -> SyntheticBook:
    """Generate a realistic, seeded client base as of ``as_of``.

    ``deals_per_client`` is the average number of deals per client (the distribution is
    skewed: new clients have few, key accounts many); ``leads`` defaults to one lead per
    ten clients (at least three).  The same arguments always give the same book: the
    generator uses its own ``random.Random(seed)`` streams and no global state.

    ``managers=N`` also generates N people (at least one per position the clients have:
    hunters, client managers, KAMs, in proportion to their clients), each with regions
    and a capacity around their share of the book (some over, some under), assigns
    every client to a manager of its owner's position in its region where there is
    one, and a contact log (:meth:`SyntheticBook.touches`).  Without it the book has
    no people, as before.

    >>> from datetime import date
    >>> book = generate_book(1000, seed=42, as_of=date(2026, 11, 24))
    >>> key_accounts = [c for c in book.clients if c.partnership_intent and len(c.regions) >= 3]
    >>> len(key_accounts) >= 5
    True
    >>> generate_book(0, seed=1, as_of=date(2026, 1, 1)).clients
    ()
    """
    if isinstance(clients, bool) or not isinstance(clients, int) or clients < 0:
        raise ValueError(f"clients={clients!r}: expected a non-negative int")
    if isinstance(deals_per_client, bool) or not isinstance(deals_per_client, int):
        raise ValueError(f"deals_per_client={deals_per_client!r}: expected a positive int")
    if deals_per_client < 1:
        raise ValueError(f"deals_per_client={deals_per_client!r}: expected a positive int")
    if leads is not None and (isinstance(leads, bool) or not isinstance(leads, int) or leads < 0):
        raise ValueError(f"leads={leads!r}: expected a non-negative int or None")
    if currency not in MINOR_UNITS:
        raise MoneyError("currency", currency, "unknown ISO 4217 currency code")
    rng = random.Random(seed)
    key_count = clients // 100 + (1 if 20 <= clients < 100 else 0)
    key_accounts = set(rng.sample(range(1, clients + 1), key_count)) if clients else set()
    client_list: list[Client] = []
    plans: list[_Plan] = []
    for index in range(1, clients + 1):
        client, plan = _client(rng, index, as_of, currency, deals_per_client, index in key_accounts)
        client_list.append(client)
        plans.append(plan)
    people: tuple[Manager, ...] = ()
    if managers is not None:
        if isinstance(managers, bool) or not isinstance(managers, int) or managers < 1:
            raise ValueError(f"managers={managers!r}: expected a positive int or None")
        people, client_list = _staff(random.Random(seed * 104_729 + 3), client_list, managers)
    lead_count = max(3, clients // 10) if leads is None else leads
    lead_rng = random.Random(seed * 7919 + 17)
    lead_list = tuple(_lead(lead_rng, i, as_of, currency) for i in range(1, lead_count + 1))
    return SyntheticBook(
        clients=tuple(client_list),
        leads=lead_list,
        as_of=as_of,
        currency=currency,
        seed=seed,
        deals_per_client=deals_per_client,
        plans=tuple(plans),
        managers=people,
    )


_CAPACITY_SPREAD = (0.8, 1.3)
"""A person's capacity against their fair share of the clients: some over, some under."""


def _staff(
    rng: random.Random, clients: list[Client], count: int
) -> tuple[tuple[Manager, ...], list[Client]]:
    """``count`` people for the positions the clients have, and the clients assigned."""
    by_role: dict[str, list[int]] = {}
    roles: dict[str, Role] = {}
    for i, c in enumerate(clients):
        if isinstance(c.owner, Role):
            by_role.setdefault(c.owner.key, []).append(i)
            roles[c.owner.key] = c.owner
    order = [r.key for r in Role if r.key in by_role]
    if not order:
        return (), clients
    count = max(count, len(order))
    total = sum(len(by_role[k]) for k in order)
    seats = {k: max(1, round(count * len(by_role[k]) / total)) for k in order}
    people: list[Manager] = []
    for key in order:
        n = seats[key]
        share = len(by_role[key]) / n
        for k in range(n):  # the position's regions shared out: each covered by someone
            mine = set(_REGIONS[k::n]) | ({_REGIONS[0]} if k % 2 else set())  # the capital: half
            regions = tuple(sorted(mine)) if n > 1 else ()
            capacity = max(1, round(share * rng.uniform(*_CAPACITY_SPREAD)))
            person = Manager(
                id=f"M-{len(people) + 1:03d}",
                name=_person(rng),
                position=roles[key],
                capacity=capacity,
                regions=regions,
            )
            people.append(person)
    out = list(clients)
    for key in order:
        team = [m for m in people if m.position.key == key]
        for i in by_role[key]:
            c = clients[i]
            local = [m for m in team if c.regions and m.works_in(c.regions[0])]
            chosen = rng.choice(local or team)
            out[i] = c.model_copy(update={"manager_id": chosen.id})  # trusted: an id we built
    return tuple(people), out


_CHANNELS = (
    (Channel.CALL, 0.45),
    (Channel.EMAIL, 0.2),
    (Channel.MESSAGE, 0.15),
    (Channel.MEETING, 0.12),
    (Channel.VISIT, 0.08),
)


def _client_touches(plan: _Plan, manager_id: str, seed: int, as_of: date) -> Iterator[Touch]:
    """One client's contact log: a rhythm while it buys, sparser after, some neglected."""
    rng = random.Random(seed * 1_000_003 + plan.index * 31 + 7)
    every = rng.choice((7, 14, 21, 30, 45))
    start = max(plan.first, as_of - timedelta(days=400))
    stop = as_of + timedelta(days=14)
    if rng.random() < 0.17:  # neglected: nobody called for months
        stop = as_of - timedelta(days=rng.randint(60, 200))
    channels = [c for c, _ in _CHANNELS]
    weights = [w for _, w in _CHANNELS]
    day, n = start, 0
    while day <= stop:
        n += 1
        yield Touch.model_construct(  # trusted: every field built here, valid by construction
            id=f"T-{plan.index:06d}-{n:04d}",
            client_id=ClientId(plan.client_id),
            manager_id=ManagerId(manager_id),
            on=day,
            channel=rng.choices(channels, weights)[0],
            note=None,
        )
        gap = every if day <= plan.last else every * 3
        day += timedelta(days=max(1, int(gap * rng.uniform(0.6, 1.4))))


def _money(minor: int, currency: str) -> Money:
    return trusted_money(Decimal(minor).scaleb(-2), currency)


def _client(
    rng: random.Random, index: int, as_of: date, currency: str, per_client: int, key: bool
) -> tuple[Client, _Plan]:
    client_id = f"C-{index:06d}"
    yearly = rng.lognormvariate(math.log(1_200_000), 1.3)
    if key:  # key accounts buy much more, and at least 15 million a year
        yearly = max(yearly * 8, 15_000_000)
    span = rng.randint(30, _HISTORY_DAYS)
    weight = rng.lognormvariate(0, 0.6) * (2.5 if key else 1)
    orders = max(1, round(per_client * weight / _MEAN_WEIGHT * span / _MEAN_SPAN))
    fate = rng.random()
    # About a quarter of the active clients replenish on a clock (every 1–4 weeks at the
    # default 10 deals per client, steady amounts): the regular buyers XYZ calls X or Y.
    # The rest order in their own rhythm.
    steady = not key and fate < 0.80 and rng.random() < 0.3
    if steady:
        span = max(span, 400)
        step = rng.choice((7, 14, 21, 28)) * 10 / max(per_client, 1)
        orders = max(orders, int(span / step))
    rhythm = span / max(orders - 1, 1)
    if key or fate < 0.80 or orders < 3:  # active: the next order is about due
        silence = int(rng.uniform(0, min(rhythm, span / 2)))
    elif fate < 0.95:  # sleeping: silent for 2.2 … 5 of its own rhythms
        silence = int(rhythm * rng.uniform(2.2, 5.0))
    else:  # lost: nothing for over a year
        silence = int(rng.uniform(400, 900))
    last = as_of - timedelta(days=silence)
    first = last - timedelta(days=span)
    years = max((last - first).days, 30) / 365
    mean_order = max(100_00, int(yearly * 100 * years / orders))
    cats = tuple(sorted(rng.sample(range(len(_CATEGORIES)), rng.randint(1, 4 if not key else 7))))
    referrer = f"C-{rng.randint(1, index - 1):06d}" if index > 10 and rng.random() < 0.07 else None
    plan = _Plan(
        index=index,
        client_id=client_id,
        first=first,
        last=last,
        orders=orders,
        mean_order_minor=mean_order,
        jitter=0.05 if steady else rng.choice((0.05, 0.2, 0.4, 0.9)),
        season=rng.uniform(0, 0.08) if steady else rng.uniform(0, 0.5),
        late_payer=rng.random() < 0.12,
        terms=rng.choice((14, 30, 30, 45)),
        categories=cats,
        referred_by=referrer,
        steady=steady,
    )
    potential: Money | None = None
    if key:
        potential = _money(int(yearly * 100 * rng.uniform(1.5, 3.0)), currency)
        regions = tuple(sorted(rng.sample(_REGIONS, rng.randint(3, 5))))
        departments = rng.sample(_DEPARTMENTS, rng.randint(3, 5))
        stakeholders = [
            _trusted(
                Stakeholder,
                {
                    "name": _person(rng),
                    "buying_role": BuyingRole.DECISION_MAKER,
                    "department": "management",
                    "site": regions[0],
                },
            )
        ]
        stakeholders.extend(
            _trusted(
                Stakeholder,
                {
                    "name": _person(rng),
                    "buying_role": rng.choice(_AUTHORITY_WEIGHTS[1:])[0],
                    "department": dep,
                    "site": rng.choice(regions),
                },
            )
            for dep in departments
        )
        intent: bool | None = True
        owner = rng.choice((Role.KEY_ACCOUNT_MANAGER, Role.CLIENT_MANAGER))
    else:
        if rng.random() < 0.8:  # potential known; wallet share from ~10 % to 100 %
            potential = _money(int(yearly * 100 * rng.uniform(1.0, 9.0)), currency)
        regions = (rng.choice(_REGIONS),) if rng.random() < 0.9 else ()
        stakeholders = [
            _trusted(
                Stakeholder,
                {
                    "name": _person(rng),
                    "buying_role": rng.choice(_AUTHORITY_WEIGHTS)[0],
                    "department": rng.choice(_DEPARTMENTS[:2]),
                },
            )
            for _ in range(rng.randint(0, 2))
        ]
        intent = rng.choice((True, False, None, None))
        # hunters keep young clients until the handoff; some of them are due now
        owner = Role.DEVELOPMENT_SPECIALIST if orders <= 4 else Role.CLIENT_MANAGER
    values: dict[str, Any] = {
        "id": client_id,
        "name": _company(rng),
        "regions": regions,
        "industry": rng.choice(_INDUSTRIES),
        "potential": potential,
        "partnership_intent": intent,
        "owner": owner,
        "stakeholders": tuple(stakeholders),
        "created_on": first - timedelta(days=rng.randint(0, 60)),
    }
    return _trusted(Client, values), plan


def _client_deals(plan: _Plan, seed: int, as_of: date, currency: str) -> Iterator[Deal]:
    """The deals of one client, from its own random stream (independent of other clients)."""
    rng = random.Random(seed * 1_000_003 + plan.index)
    rand = rng.random
    uniform = rng.uniform
    randint = rng.randint
    span = (plan.last - plan.first).days
    n = plan.orders
    first_ord = plan.first.toordinal()
    if n == 1:
        positions = [span]
    else:
        step = 1 / (n - 1)
        half = plan.jitter * step / 2
        positions = sorted(
            round(span * min(1.0, max(0.0, k * step + uniform(-half, half)))) for k in range(n)
        )
        positions[-1] = span
    products = [p for c in plan.categories for p in _products_of(c)]
    n_products = len(products)
    discount = uniform(0.85, 1.0)
    prices: dict[int, tuple[int, Money]] = {}
    season = plan.season
    peak = _CATEGORIES[plan.categories[0]][2]
    client_id = plan.client_id
    base = plan.mean_order_minor
    as_of_ord = as_of.toordinal()
    won = DealStatus.WON
    margin_pct = randint(8, 35)
    # The hot loop builds entities as _trusted does, with pydantic's model_construct; safe
    # for the reasons given in _trusted.
    line_of = DealLine.model_construct
    deal_of = Deal.model_construct
    money_of = trusted_money
    gauss = rng.gauss
    prefix = f"D-{plan.index:06d}-"
    terms = plan.terms
    late_payer = plan.late_payer
    referred_by = plan.referred_by
    cos = math.cos
    fromordinal = date.fromordinal
    noise = 0.05 if plan.steady else 0.3
    spread = 0.1 if plan.steady else 1.0
    for k, pos in enumerate(positions):
        closed_ord = first_ord + pos
        closed = fromordinal(closed_ord)
        opened = fromordinal(max(first_ord, closed_ord - int(rand() * 11)))
        status = won
        r = rand()
        if r < 0.06:
            status = DealStatus.LOST
        elif r < 0.08:
            status = DealStatus.CANCELLED
        factor = 1 + season * cos((closed.month - peak) * 0.5235987755982988)  # π / 6
        target = base * factor * math.exp(noise * gauss(0.0, 1.0))
        lines = []
        amount_minor = 0
        count = 1 if rand() < 0.5 else 2 + int(rand() * 2)
        for _ in range(count):
            p = products[int(rand() * n_products)]
            price = prices.get(p)
            if price is None:
                minor = max(1, int(_PRODUCTS[p][2] * discount))
                price = prices[p] = (minor, _money(minor, currency))
            qty = max(1, round(target / count / price[0] * (1 - spread / 2 + spread * rand())))
            amount_minor += qty * price[0]
            product = _PRODUCTS[p]
            parts: dict[str, Any] = {
                "product_id": product[0],
                "category": product[1],
                "quantity": Decimal(qty),
                "unit_price": price[1],
            }
            line = line_of(set(_LINE_FIELDS), **parts)
            lines.append(line)
        amount = money_of(Decimal(amount_minor).scaleb(-2), currency)
        margin = due_on = paid_on = referrer = None
        fields: tuple[str, ...] = _UNPAID_FIELDS
        if status is won:
            margin = money_of(Decimal(amount_minor * margin_pct // 100).scaleb(-2), currency)
            due = closed_ord + terms
            due_on = fromordinal(due)
            if late_payer and rand() < 0.6:
                paid = due + 3 + int(rand() * 58)
                if closed_ord > as_of_ord - 180 and rand() < 0.3:
                    paid = as_of_ord + 1  # a recent invoice still unpaid: overdue
            else:
                paid = closed_ord + int(rand() * (terms + 1))
            if paid <= as_of_ord:
                paid_on = fromordinal(paid)
                fields = _PAID_FIELDS
            else:
                fields = _DUE_FIELDS
            if k == 0 and referred_by is not None:
                referrer = referred_by
        values: dict[str, Any] = {
            "id": prefix + f"{k + 1:04d}",
            "client_id": client_id,
            "status": status,
            "opened_on": opened,
            "closed_on": closed,
            "amount": amount,
            "lines": tuple(lines),
            "margin": margin,
            "due_on": due_on,
            "paid_on": paid_on,
            "referred_by": referrer,
            "owner": None,
        }
        deal = deal_of(set(fields), **values)
        yield deal
    if plan.last > as_of - timedelta(days=60) and rand() < 0.3:  # a deal in the pipeline
        p = products[0]
        minor = max(1, int(_PRODUCTS[p][2] * discount))
        qty = max(1, base // minor)
        yield _trusted(
            Deal,
            {
                "id": f"D-{plan.index:06d}-{n + 1:04d}",
                "client_id": client_id,
                "status": DealStatus.OPEN,
                "opened_on": as_of - timedelta(days=randint(0, 30)),
                "amount": _money(qty * minor, currency),
            },
        )


_LINE_FIELDS = ("product_id", "category", "quantity", "unit_price")
_UNPAID_FIELDS = ("id", "client_id", "status", "opened_on", "closed_on", "amount", "lines")
_DUE_FIELDS = (*_UNPAID_FIELDS, "margin", "due_on")
_PAID_FIELDS = (*_DUE_FIELDS, "paid_on")


def _products_of(category: int) -> range:
    start = category * _PRODUCTS_PER_CATEGORY
    return range(start, start + _PRODUCTS_PER_CATEGORY)


def _lead(rng: random.Random, index: int, as_of: date, currency: str) -> Lead:
    created = as_of - timedelta(days=rng.randint(0, 120))
    roles, weights = zip(*_AUTHORITY_WEIGHTS, strict=True)
    authority = rng.choices(roles, weights)[0] if rng.random() < 0.55 else None
    budget = (
        _money(int(rng.lognormvariate(math.log(600_000), 1.0)) * 100, currency)
        if rng.random() < 0.6
        else None
    )
    need = rng.choice(_NEEDS[1:] + _NEEDS) if rng.random() < 0.7 else None
    decision = created + timedelta(days=rng.randint(7, 200)) if rng.random() < 0.5 else None
    facts = _trusted(
        BantFacts,
        {"budget": budget, "authority": authority, "need": need, "decision_date": decision},
    )
    evidence: tuple[Evidence, ...] = ()
    if rng.random() < 0.3:
        span = (as_of - created).days
        evidence = tuple(
            _trusted(
                Evidence,
                {
                    "criterion": name,
                    "level": rng.randint(0, 3),
                    "observed_on": created + timedelta(days=rng.randint(0, span)),
                },
            )
            for name in sorted(rng.sample(_EVIDENCE, rng.randint(1, 3)))
        )
    contact = (
        _trusted(Stakeholder, {"name": _person(rng), "buying_role": authority})
        if authority is not None
        else None
    )
    values: dict[str, Any] = {
        "id": f"L-{index:06d}",
        "company": _company(rng),
        "created_on": created,
        "stage": rng.choice(
            (LeadStage.NEW, LeadStage.CONTACTED, LeadStage.NURTURING, LeadStage.MQL)
        ),
        "bant": facts,
        "evidence": evidence,
        "contact": contact,
        "source": rng.choice(_LEAD_SOURCES),
        "industry": rng.choice(_INDUSTRIES),
        "regions": (rng.choice(_REGIONS),),
    }
    if rng.random() < 0.5:
        value = int(rng.lognormvariate(math.log(900_000), 1.0)) * 100
        values["estimated_value"] = _money(value, currency)
    return _trusted(Lead, values)
