"""generate_book: a seeded, realistic synthetic client base."""

from __future__ import annotations

import itertools
import statistics
from datetime import date
from decimal import Decimal

import pytest

import kam_core as kc
from kam_core.errors import MoneyError

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(1000, seed=11, as_of=AS_OF)


@pytest.fixture(scope="module")
def stats(book: kc.SyntheticBook) -> dict[str, kc.ClientStats]:
    return kc.build_stats(book.deals(), as_of=AS_OF, currency="RUB", clients=book.client_ids)


def test_same_seed_gives_the_identical_book() -> None:
    """Two books from the same arguments are equal, deals included."""
    a = kc.generate_book(150, seed=5, as_of=AS_OF)
    b = kc.generate_book(150, seed=5, as_of=AS_OF)
    assert a == b
    assert list(a.deals()) == list(b.deals())


def test_another_seed_gives_another_book() -> None:
    """The seed matters."""
    a = kc.generate_book(50, seed=1, as_of=AS_OF)
    b = kc.generate_book(50, seed=2, as_of=AS_OF)
    assert list(a.deals()) != list(b.deals())


def test_deals_are_re_iterable_and_not_stored(book: kc.SyntheticBook) -> None:
    """deals() is a fresh generator each time."""
    first = book.deals()
    assert iter(first) is first
    assert next(book.deals()) == next(book.deals())


def test_revenue_is_skewed_top_fifth_holds_over_half(stats: dict[str, kc.ClientStats]) -> None:
    """Pareto-like skew: the top 20 % of clients hold more than half the revenue."""
    totals = sorted((s.total.amount for s in stats.values()), reverse=True)
    assert sum(totals[: len(totals) // 5]) > sum(totals) / 2


def test_some_clients_are_sleeping_for_their_own_rhythm(stats: dict[str, kc.ClientStats]) -> None:
    """A share of regular clients is silent for more than twice their median gap."""
    sleeping = 0
    regular = 0
    for s in stats.values():
        days = s.order_dates
        if len(days) < 3:
            continue
        regular += 1
        gaps = [(b - a).days for a, b in itertools.pairwise(days)]
        median = statistics.median(gaps)
        if median and (AS_OF - days[-1]).days > 2 * median:
            sleeping += 1
    assert 0.05 * regular < sleeping < 0.5 * regular


def test_a_few_clients_look_like_key_accounts(book: kc.SyntheticBook) -> None:
    """About one in a hundred: high potential, several regions, a wide ГПР, partnership."""
    key = [
        c
        for c in book.clients
        if c.partnership_intent
        and len(c.regions) >= 3
        and len({s.department for s in c.stakeholders}) >= 3
        and c.decision_makers
    ]
    assert 5 <= len(key) <= 30
    potentials = sorted(c.potential.amount for c in book.clients if c.potential is not None)
    median = potentials[len(potentials) // 2]
    assert all(c.potential is not None and c.potential.amount > median for c in key)


def test_most_potentials_are_known(book: kc.SyntheticBook) -> None:
    """Potential is known for most clients but not all."""
    known = sum(1 for c in book.clients if c.potential is not None)
    assert 0.6 * len(book.clients) < known < len(book.clients)


def test_book_has_late_payers_referrals_lines_and_every_status(book: kc.SyntheticBook) -> None:
    """Payment discipline, referrals, product lines in categories and each sale status occur."""
    statuses = set()
    late = referred = categories = 0
    for deal in book.deals():
        statuses.add(deal.status)
        if deal.paid_on and deal.due_on and deal.paid_on > deal.due_on:
            late += 1
        referred += deal.referred_by is not None
        categories += any(line.category for line in deal.lines)
    # the synthetic book has no returns yet: the columnar backend does not read them
    assert statuses == set(kc.DealStatus) - {kc.DealStatus.RETURNED}
    assert late > 0
    assert referred > 0
    assert categories > 0


def test_seasonality_shows_in_monthly_revenue(stats: dict[str, kc.ClientStats]) -> None:
    """Monthly revenue of the book varies across calendar months."""
    by_month = [Decimal(0)] * 12
    for s in stats.values():
        for month, money in s.revenue_by_month.items():
            by_month[month.month - 1] += money.amount
    assert max(by_month) > Decimal("1.1") * min(by_month)


def test_leads_carry_partial_bant_facts_and_some_evidence(book: kc.SyntheticBook) -> None:
    """Some facts are unknown (None), some known; some leads have framework evidence."""
    leads = book.leads
    assert len(leads) == 100
    assert any(lead.bant.budget is None for lead in leads)
    assert any(lead.bant.budget is not None for lead in leads)
    assert any(lead.bant == kc.BantFacts() for lead in leads) or any(
        lead.bant.need is None for lead in leads
    )
    assert any(lead.evidence for lead in leads)


def test_every_generated_object_passes_validation() -> None:
    """Objects built without validation equal their re-validated dumps."""
    small = kc.generate_book(200, seed=9, as_of=AS_OF, deals_per_client=5, leads=40)
    objects: list[kc.Entity] = [*small.clients, *small.leads, *small.deals()]
    for obj in objects:
        assert type(obj).model_validate(obj.model_dump()) == obj
        assert type(obj).model_validate_json(obj.model_dump_json()) == obj


def test_more_deals_per_client_means_more_deals_for_the_same_clients() -> None:
    """deals_per_client scales the deals and leaves the clients alone."""
    few = kc.generate_book(100, seed=4, as_of=AS_OF, deals_per_client=2)
    many = kc.generate_book(100, seed=4, as_of=AS_OF, deals_per_client=10)
    assert few.client_ids == many.client_ids
    assert sum(1 for _ in many.deals()) > 3 * sum(1 for _ in few.deals())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"clients": -1},
        {"clients": True},
        {"deals_per_client": 0},
        {"deals_per_client": 1.5},
        {"leads": -2},
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object]) -> None:
    """Nonsense sizes raise ValueError."""
    args = {"clients": 10, **kwargs}
    with pytest.raises(ValueError, match="expected"):
        kc.generate_book(args.pop("clients"), seed=1, as_of=AS_OF, **args)  # type: ignore[arg-type]


def test_unknown_currency_is_refused() -> None:
    """The currency is an ISO 4217 code."""
    with pytest.raises(MoneyError):
        kc.generate_book(3, seed=1, as_of=AS_OF, currency="RUR")


def test_other_currencies_work() -> None:
    """Amounts come out in the requested currency."""
    book = kc.generate_book(5, seed=1, as_of=AS_OF, currency="EUR")
    assert {d.amount.currency for d in book.deals()} == {"EUR"}
