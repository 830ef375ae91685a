"""Fitted.label(): the outcome assign() gives, without its explanation, for every segmentation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyEvaluationError
from kam_core.testing import client_stats

AS_OF = date(2026, 11, 24)

SEGMENTATIONS: list[Any] = [
    p.Abc(),
    p.Abc(boundary="exclusive"),
    p.Abc(metric="orders"),
    p.Abc(metric="margin", window_months=None),
    p.Xyz(),
    p.Xyz.preset("b2b"),
    p.AbcXyz(),
    p.Abcd(),
    p.Rfm(),
    p.Rfm(monetary="average", window_months=12),
    p.Sleeping(),
    p.Sleeping(min_orders=10),
    p.KeyAccount(),
    p.KamPortfolio(),
]


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(clients=200, seed=11, as_of=AS_OF)


@pytest.fixture(scope="module")
def population(book: kc.SyntheticBook) -> tuple[kc.ClientStats, ...]:
    stats = kc.build_stats(book.deals(), as_of=AS_OF, clients=book.client_ids)
    return tuple(stats.values())


@pytest.mark.parametrize("policy", SEGMENTATIONS, ids=lambda pol: pol.kind)
def test_label_is_the_outcome_assign_explains(
    policy: Any, book: kc.SyntheticBook, population: tuple[kc.ClientStats, ...]
) -> None:
    """For every client of a realistic book, label() == assign().outcome."""
    index = {c.id: c for c in book.clients}
    fitted = policy.fit(population, clients=index)
    for s in population:
        client = index.get(s.client_id)
        assert fitted.label(s, client=client) == fitted.assign(s, client=client).outcome


def test_label_places_a_newcomer_as_assign_does(population: tuple[kc.ClientStats, ...]) -> None:
    """Stats outside the fitted population (a newcomer, a changed value) agree too."""
    fitted = p.Abc().fit(population[:100])
    for s in population[100:]:
        assert fitted.label(s) == fitted.assign(s).outcome
    changed = kc.ClientStats(
        population[0].client_id, AS_OF, "RUB", ((date(2026, 10, 1), Decimal("123.45")),)
    )
    assert fitted.label(changed) == fitted.assign(changed).outcome


def test_label_refuses_what_assign_refuses(population: tuple[kc.ClientStats, ...]) -> None:
    """Stats of another date are refused by label() as by assign()."""
    fitted = p.Rfm().fit(population)
    other = kc.ClientStats.empty("C-X", date(2026, 1, 1), "RUB")
    with pytest.raises(PolicyEvaluationError):
        fitted.label(other)


def test_a_plug_in_fitted_without_its_own_label_uses_assign() -> None:
    """The base class takes the label from assign() for segmentations that do not override it."""

    class _Everyone(kc.policies.Fitted):
        def assign(
            self, stats: kc.ClientStats, *, client: kc.Client | None = None
        ) -> kc.Decision[Any]:
            return kc.Decision("everyone", subject=stats.client_id)

    fitted = _Everyone(policy=p.Abc(), as_of=AS_OF)
    assert fitted.label(kc.ClientStats.empty("C-1", AS_OF, "RUB")) == "everyone"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["C-1", "C-2", "C-3", "C-4", "C-5"]), st.data()),
        min_size=1,
        max_size=5,
        unique_by=lambda t: t[0],
    ),
    st.sampled_from(SEGMENTATIONS),
)
def test_label_and_assign_agree_on_any_population(people: list[Any], policy: Any) -> None:
    """Property: on generated populations every segmentation's label equals its outcome."""
    population = [
        data.draw(client_stats(client_id=cid, as_of=AS_OF, max_deals=12)) for cid, data in people
    ]
    fitted = policy.fit(population)
    for s in population:
        assert fitted.label(s) == fitted.assign(s).outcome
