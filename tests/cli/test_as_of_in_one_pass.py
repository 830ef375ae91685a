"""analyze without --as-of: one pass over the deals gives the report --as-of would."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.cli._as_of import analyze_as_of_latest, latest_date


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    clients=st.integers(1, 25),
    days_back=st.integers(0, 900),
)
def test_the_latest_date_found_in_the_same_pass_gives_the_same_report(
    seed: int, clients: int, days_back: int
) -> None:
    """Folding as of a provisional date and restating equals analysing as of the latest."""
    as_of = date(2026, 11, 24) - timedelta(days=days_back)
    book = kc.generate_book(clients, seed=seed, as_of=as_of)
    policies = p.PolicySet.preset("erokhin", currency="RUB")
    latest = None
    for deal in book.deals():
        latest = latest_date(deal, latest)
    one_pass = analyze_as_of_latest(
        book.clients, book.deals(), policies=policies, leads=book.leads, currency="RUB"
    )
    assert one_pass.as_of == latest
    expected = kc.analyze(
        book.clients,
        book.deals(),
        as_of=latest,
        policies=policies,
        leads=book.leads,
        currency="RUB",
    )
    assert one_pass.to_dict() == expected.to_dict()
