"""Hypothesis strategies for kam_core values and entities (extra ``kam_core[hypothesis]``).

Use them to property-test your own policies and integrations::

    from hypothesis import given
    from kam_core.testing import deals

    @given(deals(client_ids=("C-1",)))
    def test_my_rule_never_crashes(deal): ...

Installed with hypothesis, kam_core registers them through hypothesis' entry point,
so ``st.from_type(kc.Deal)`` works too.

>>> from hypothesis import given, settings
>>> @settings(max_examples=5, database=None)
... @given(moneys(currency="RUB"))
... def check(m):
...     assert m.currency == "RUB"
>>> check()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from kam_core._currencies import MINOR_UNITS
from kam_core._domain.client import BuyingRole, Client, Stakeholder
from kam_core._domain.deal import Deal, DealLine, DealStatus
from kam_core._domain.lead import BantFacts, Lead, NeedLevel
from kam_core._domain.role import Role
from kam_core._money import Money
from kam_core._stats.client_stats import ClientStats

__all__ = [
    "amounts",
    "bant_facts",
    "client_stats",
    "clients",
    "deal_histories",
    "deals",
    "leads",
    "moneys",
]

_EPOCH = date(2020, 1, 1)
_HORIZON = date(2027, 12, 31)
_PURCHASE_STATUSES = (DealStatus.OPEN, DealStatus.WON, DealStatus.LOST, DealStatus.CANCELLED)


def amounts(
    *, min_value: Decimal | int = 0, max_value: Decimal | int = 10_000_000, places: int = 2
) -> st.SearchStrategy[Decimal]:
    """Exact decimal amounts with at most ``places`` digits after the point.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None, derandomize=True)
    ... @given(amounts(max_value=100))
    ... def check(amount):
    ...     assert 0 <= amount <= 100 and amount.as_tuple().exponent >= -2
    >>> check()
    """
    scale = 10**places
    return st.integers(int(min_value * scale), int(max_value * scale)).map(
        lambda n: Decimal(n).scaleb(-places)
    )


def moneys(
    *,
    currency: str | None = None,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 10_000_000,
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (or any ISO 4217 currency) with its own minor units.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None, derandomize=True)
    ... @given(moneys(currency="RUB", max_value=1000))
    ... def check(money):
    ...     assert money.currency == "RUB" and money.amount <= 1000
    >>> check()
    """
    currencies = st.just(currency) if currency else st.sampled_from(sorted(MINOR_UNITS))
    return currencies.flatmap(
        lambda cur: amounts(min_value=min_value, max_value=max_value, places=MINOR_UNITS[cur]).map(
            lambda a: Money(a, cur)
        )
    )


def _dates(start: date = _EPOCH, end: date = _HORIZON) -> st.SearchStrategy[date]:
    return st.dates(min_value=start, max_value=end)


_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12
)


def clients(
    *, ids: Sequence[str] | None = None, currency: str = "RUB"
) -> st.SearchStrategy[Client]:
    """Valid clients; ``ids`` restricts their ids (e.g. to match :func:`deals`).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None, derandomize=True)
    ... @given(clients(ids=["C-1", "C-2"]))
    ... def check(client):
    ...     assert client.id in ("C-1", "C-2")
    >>> check()
    """
    id_st = st.sampled_from(list(ids)) if ids else _text.map(lambda t: f"C-{t}")
    stakeholder = st.builds(
        Stakeholder,
        name=_text,
        buying_role=st.sampled_from(list(BuyingRole)),
        department=st.none() | st.sampled_from(["procurement", "finance", "production", "it"]),
        site=st.none() | st.sampled_from(["Москва", "Казань", "Самара"]),
    )
    return st.builds(
        Client,
        id=id_st,
        name=_text,
        regions=st.lists(
            st.sampled_from(["Москва", "Казань", "Самара", "Пермь"]), max_size=3, unique=True
        ).map(tuple),
        industry=st.none() | st.sampled_from(["FMCG", "retail", "construction"]),
        potential=st.none() | moneys(currency=currency, max_value=100_000_000),
        partnership_intent=st.none() | st.booleans(),
        owner=st.none() | st.sampled_from(list(Role)),
        stakeholders=st.lists(stakeholder, max_size=4).map(tuple),
    )


@st.composite
def _deal(
    draw: st.DrawFn,
    client_ids: Sequence[str],
    currency: str,
    statuses: Sequence[DealStatus],
    start: date,
    end: date,
) -> Deal:
    status = draw(st.sampled_from(list(statuses)))
    opened = draw(_dates(start, end))
    closed = None
    if status is not DealStatus.OPEN:
        closed = opened + timedelta(days=draw(st.integers(0, 60)))
    lines = tuple(
        draw(
            st.lists(
                st.builds(
                    DealLine,
                    product_id=st.sampled_from([f"SKU-{i}" for i in range(1, 9)]),
                    category=st.none() | st.sampled_from(["cleaning", "paper", "tools"]),
                    quantity=st.integers(1, 50),
                    unit_price=moneys(currency=currency, max_value=100_000),
                ),
                max_size=3,
            )
        )
    )
    amount = (
        Money.total((line.total for line in lines), currency)
        if lines
        else draw(moneys(currency=currency, max_value=5_000_000))
    )
    due = draw(st.none() | st.integers(0, 60).map(lambda d: (closed or opened) + timedelta(d)))
    paid = None
    if due is not None and draw(st.booleans()):
        paid = due + timedelta(days=draw(st.integers(-10, 90)))
        paid = max(paid, opened)
    client_id = draw(st.sampled_from(list(client_ids)))
    referrers = [c for c in client_ids if c != client_id]
    return Deal(
        id=f"D-{draw(st.integers(0, 10**9))}",
        client_id=client_id,
        status=status,
        opened_on=opened,
        closed_on=closed,
        amount=amount,
        lines=lines,
        due_on=due,
        paid_on=paid,
        referred_by=draw(st.none() | st.sampled_from(referrers)) if referrers else None,
    )


def deals(
    *,
    client_ids: Sequence[str] = ("C-1", "C-2", "C-3"),
    currency: str = "RUB",
    statuses: Sequence[DealStatus] = _PURCHASE_STATUSES,
    start: date = _EPOCH,
    end: date = _HORIZON,
) -> st.SearchStrategy[Deal]:
    """Valid deals of ``client_ids`` in ``currency``, opened between ``start`` and ``end``.

    The default ``statuses`` are the life of a sale (open, won, lost, cancelled): a list
    of independent deals is then always a consistent book.  Returns need a purchase to
    return: :func:`deal_histories` draws them after the deals they take back; pass
    ``statuses=(DealStatus.RETURNED,)`` for returns on their own (valid entities, but
    not a consistent history).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None, derandomize=True)
    ... @given(deals(client_ids=["C-1"], currency="EUR"))
    ... def check(deal):
    ...     assert deal.client_id == "C-1" and deal.amount.currency == "EUR"
    >>> check()
    """
    return _deal(tuple(client_ids), currency, tuple(statuses), start, end)


@st.composite
def _history(
    draw: st.DrawFn,
    client_ids: Sequence[str],
    currency: str,
    start: date,
    end: date,
    max_deals: int,
) -> list[Deal]:
    purchases = draw(
        st.lists(
            deals(client_ids=client_ids, currency=currency, start=start, end=end),
            max_size=max_deals,
            unique_by=lambda d: d.id,
        )
    )
    history = list(purchases)
    minor = MINOR_UNITS[currency]
    for deal in purchases:
        if deal.closed_on is None or deal.status is not DealStatus.WON or not deal.amount:
            continue
        if not draw(st.booleans()):
            continue
        units = int(deal.amount.amount.scaleb(minor))
        back = Decimal(draw(st.integers(1, max(units, 1)))).scaleb(-minor)
        day = deal.closed_on + timedelta(days=draw(st.integers(0, 90)))
        lines = tuple(
            DealLine(
                product_id=line.product_id,
                category=line.category,
                quantity=draw(st.integers(1, max(int(line.quantity), 1))),
                unit_price=line.unit_price,
            )
            for line in deal.lines[: draw(st.integers(0, len(deal.lines)))]
        )
        history.append(
            Deal(
                id=f"R-{deal.id}",
                client_id=deal.client_id,
                status=DealStatus.RETURNED,
                opened_on=day,
                closed_on=day,
                amount=Money(back, currency),
                lines=lines,
            )
        )
    return draw(st.permutations(history))


def deal_histories(
    *,
    client_ids: Sequence[str] = ("C-1", "C-2", "C-3"),
    currency: str = "RUB",
    start: date = _EPOCH,
    end: date = _HORIZON,
    max_deals: int = 30,
) -> st.SearchStrategy[list[Deal]]:
    """Lists of deals that make a consistent history, **returns included**, in any order.

    Deals as :func:`deals` draws them (unique ids), plus returns of some won deals:
    each dated on or after the deal it takes back (``R-<deal id>``), for at most its
    amount, with some of its lines.  So a client's returns never exceed what it had
    bought by the day of a return, and every list folds into stats.

    >>> from hypothesis import given, settings
    >>> from kam_core import ClientStats
    >>> @settings(max_examples=20, database=None, derandomize=True)
    ... @given(deal_histories(client_ids=["C-1"]))
    ... def check(history):
    ...     stats = ClientStats.from_deals(history, client_id="C-1", as_of=_HORIZON,
    ...                                    currency="RUB")
    ...     assert stats.total.amount >= 0 and stats.returned <= stats.purchased
    >>> check()
    """
    return _history(tuple(client_ids), currency, start, end, max_deals)


def bant_facts(*, currency: str = "RUB") -> st.SearchStrategy[BantFacts]:
    """BANT facts where each fact may be unknown (None).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None, derandomize=True)
    ... @given(bant_facts())
    ... def check(facts):
    ...     assert facts.budget is None or facts.budget.currency == "RUB"
    >>> check()
    """
    return st.builds(
        BantFacts,
        budget=st.none() | moneys(currency=currency, max_value=5_000_000),
        authority=st.none() | st.sampled_from(list(BuyingRole)),
        need=st.none() | st.sampled_from(list(NeedLevel)),
        decision_date=st.none() | _dates(date(2026, 1, 1), _HORIZON),
    )


def leads(*, currency: str = "RUB") -> st.SearchStrategy[Lead]:
    """Valid new leads with partial BANT facts.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None, derandomize=True)
    ... @given(leads())
    ... def check(lead):
    ...     assert lead.id.startswith("L-")
    >>> check()
    """
    return st.builds(
        Lead,
        id=_text.map(lambda t: f"L-{t}"),
        company=_text,
        created_on=_dates(_EPOCH, date(2026, 1, 1)),
        bant=bant_facts(currency=currency),
    )


def client_stats(
    *,
    client_id: str = "C-1",
    as_of: date = date(2026, 11, 24),
    currency: str = "RUB",
    max_deals: int = 30,
) -> st.SearchStrategy[ClientStats]:
    """Stats of one client built from a generated history (some deals after ``as_of``).

    Returns appear: the deals come from :func:`deal_histories`.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None, derandomize=True)
    ... @given(client_stats(client_id="C-7", max_deals=5))
    ... def check(stats):
    ...     assert stats.client_id == "C-7"
    >>> check()
    """
    return deal_histories(client_ids=(client_id,), currency=currency, max_deals=max_deals).map(
        lambda ds: ClientStats.from_deals(ds, client_id=client_id, as_of=as_of, currency=currency)
    )
