"""The book analysed over partitions with Dask: partial stats, merge, analyse — same report."""

from __future__ import annotations

import functools
import itertools
from datetime import date
from operator import attrgetter
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p

dask = pytest.importorskip("dask")
import dask.bag as db  # noqa: E402

AS_OF = date(2026, 11, 24)


def _policies() -> list[Any]:
    return [
        p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),)),
        p.Abc(),
        p.Xyz(),
        p.AbcXyz(),
        p.Abcd(),
        p.Rfm(),
        p.Sleeping(),
        p.KeyAccount(),
    ]


def _partial(deals: list[kc.Deal]) -> list[kc.ClientStats]:
    return list(kc.build_stats(deals, as_of=AS_OF, currency="RUB").values())


def _merge(a: kc.ClientStats, b: kc.ClientStats) -> kc.ClientStats:
    return a.merge(b)


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
@pytest.mark.parametrize("partitions", [1, 4, 7])
def test_partitioned_analysis_equals_the_single_process_run(
    scheduler: str, partitions: int
) -> None:
    """Partial stats per partition, merged per client, give analyze()'s very report."""
    book = kc.generate_book(80, seed=9, as_of=AS_OF, deals_per_client=6)
    deals = list(book.deals())
    expected = kc.analyze(book.clients, deals, as_of=AS_OF, policies=_policies())

    bag = db.from_sequence(deals, npartitions=partitions)
    merged = (
        bag.map_partitions(_partial)
        .foldby(attrgetter("client_id"), _merge, combine=_merge)
        .compute(scheduler=scheduler)
    )
    stats = dict(merged)
    # clients without any deal have no partial stats anywhere: add their empty stats
    for client_id in book.client_ids:
        stats.setdefault(client_id, kc.ClientStats.empty(client_id, AS_OF, "RUB"))
    got = kc.analyze_stats(stats.values(), book.clients, as_of=AS_OF, policies=_policies())
    assert got.rows() == expected.rows()
    assert got.summary() == expected.summary()


def test_merge_order_does_not_matter() -> None:
    """Merging a client's partial stats in any order gives the stats of all its deals."""
    book = kc.generate_book(5, seed=2, as_of=AS_OF, deals_per_client=12)
    deals = [d for d in book.deals() if d.client_id == book.client_ids[0]]
    whole = kc.ClientStats.from_deals(deals, client_id=book.client_ids[0], as_of=AS_OF)
    parts = [
        kc.ClientStats.from_deals(
            deals[i::3], client_id=whole.client_id, as_of=AS_OF, currency="RUB"
        )
        for i in range(3)
    ]
    for order in itertools.permutations(parts):
        assert functools.reduce(_merge, order) == whole


def test_analyze_stats_refuses_duplicates_and_other_dates() -> None:
    """Unmerged duplicates and stats of another date are misuse, not silently summed."""
    s = kc.ClientStats.empty("C-1", AS_OF, "RUB")
    with pytest.raises(kc.errors.PolicyEvaluationError, match="merge"):
        kc.analyze_stats([s, s], as_of=AS_OF, policies=[p.Abc()])
    with pytest.raises(kc.errors.PolicyEvaluationError, match="as of"):
        kc.analyze_stats([s], as_of=date(2026, 1, 1), policies=[p.Abc()])
