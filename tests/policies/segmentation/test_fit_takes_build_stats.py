"""Every fit reads what build_stats returns: the mapping or its values (issue 19, item 9)."""

from __future__ import annotations

from datetime import date

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PopulationTypeError

AS_OF = date(2026, 11, 24)


def _book() -> dict[str, kc.ClientStats]:
    deals = [
        kc.Deal(
            id=f"D-{c}-{m}",
            client_id=f"C-{c}",
            status="won",
            opened_on=date(2026, m, 1),
            closed_on=date(2026, m, 2),
            amount=kc.Money(1000 * (c + 1), "RUB"),
            lines=(
                kc.DealLine(
                    product_id=f"SKU-{m % 3}",
                    category="paper",
                    quantity=1,
                    unit_price=kc.Money(1000 * (c + 1), "RUB"),
                ),
            ),
        )
        for c in range(12)
        for m in range(1, 11)
    ]
    return kc.build_stats(deals, as_of=AS_OF)


SEGMENTATIONS = [
    p.Abc(),
    p.Xyz(),
    p.AbcXyz(),
    p.Abcd(),
    p.Rfm(),
    p.Sleeping(),
    p.KeyAccount(),
    p.KamPortfolio(),
]


@pytest.mark.parametrize("policy", SEGMENTATIONS, ids=lambda x: x.kind)
def test_fit_on_build_stats_mapping_equals_fit_on_its_values(policy: p.Segmentation) -> None:
    """p.Abc().fit(kc.build_stats(...)) works and learns what fit(...values()) learns."""
    book = _book()
    assert policy.fit(book).to_dict() == policy.fit(book.values()).to_dict()
    by_map = {k: d.outcome for k, d in policy.segment(book).items()}
    assert by_map == {k: d.outcome for k, d in policy.segment(list(book.values())).items()}


def test_product_abc_fit_takes_the_mapping_too() -> None:
    """Product ABC reads the same products from the mapping as from its values."""
    book = _book()
    assert p.ProductAbc().segment(book).keys() == p.ProductAbc().segment(book.values()).keys()


def test_portfolio_kpis_and_profile_take_the_mapping() -> None:
    """portfolio_kpis and SalesSystemProfile.from_stats read build_stats' mapping as is."""
    book = _book()
    year = kc.Period.trailing_months(AS_OF, 12)
    assert kc.portfolio_kpis(book, period=year) == kc.portfolio_kpis(book.values(), period=year)
    assert kc.SalesSystemProfile.from_stats(
        book, price=kc.Level.LOW, complexity=kc.Level.LOW
    ) == kc.SalesSystemProfile.from_stats(
        book.values(), price=kc.Level.LOW, complexity=kc.Level.LOW
    )


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (lambda b: b.keys(), "got str 'C-0' at position 0"),
        (lambda b: "C-0", "got str 'C-0'"),
        (lambda b: b["C-0"], "one ClientStats ('C-0'); pass a list of them"),
        (lambda b: {"C-0": 1}, "a mapping whose value for 'C-0' is int 1"),
        (lambda b: 42, "got int 42"),
    ],
    ids=["keys", "a string", "one stats", "a mapping of numbers", "a number"],
)
def test_anything_else_is_a_type_error_naming_what_was_expected(given, says) -> None:
    """A wrong population is a TypeError saying what fit expects, never an AttributeError."""
    with pytest.raises(PopulationTypeError, match="expected what build_stats\\(\\) returns") as e:
        p.Abc().fit(given(_book()))
    assert says in str(e.value)
    assert isinstance(e.value, TypeError)
    assert isinstance(e.value, kc.errors.KamError)
