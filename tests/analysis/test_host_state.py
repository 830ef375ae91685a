"""A library leaves its host alone: no process-wide switch changes during an analysis."""

from __future__ import annotations

import decimal
import gc
import sys
import warnings
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(clients=40, seed=8, as_of=AS_OF)


def _host_state() -> tuple[Any, ...]:
    """What a host process would notice if a library changed it."""
    ctx = decimal.getcontext()
    return (
        gc.isenabled(),
        gc.get_threshold(),
        (ctx.prec, ctx.rounding, ctx.Emin, ctx.Emax, ctx.capitals, ctx.clamp),
        {signal: ctx.traps[signal] for signal in ctx.traps},
        tuple(warnings.filters),
        sys.getrecursionlimit(),
    )


def _policies() -> list[Any]:
    return [
        p.Abc(),
        p.Xyz(),
        p.Rfm(),
        p.Sleeping(),
        p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),)),
    ]


def _with_stats(book: kc.SyntheticBook) -> kc.Report:
    stats = kc.build_stats(book.deals(), as_of=AS_OF, clients=book.client_ids)
    return kc.analyze_stats(stats.values(), book.clients, as_of=AS_OF, policies=_policies())


def _on_frames(book: kc.SyntheticBook) -> kc.Report:
    pl = pytest.importorskip("polars")
    from kam_core import frames

    rows = [
        {
            "id": d.id,
            "client_id": d.client_id,
            "status": d.status.value,
            "closed_on": None if d.closed_on is None else d.closed_on.isoformat(),
            "amount": str(d.amount.amount),
            "currency": d.amount.currency,
        }
        for d in book.deals()
    ]
    report = frames.analyze(pl.DataFrame(rows), book.clients, as_of=AS_OF, policies=_policies())
    report.rows()  # the rows are built on first read: that runs the Python policies too
    return report


RUNS: dict[str, Callable[[kc.SyntheticBook], kc.Report]] = {
    "analyze": lambda book: kc.analyze(
        book.clients, book.deals(), leads=book.leads, as_of=AS_OF, policies=_policies()
    ),
    "analyze_stats": _with_stats,
    "frames.analyze": _on_frames,
}


@pytest.mark.parametrize("run", list(RUNS), ids=str)
def test_an_analysis_leaves_the_hosts_switches_as_it_found_them(
    run: str, book: kc.SyntheticBook
) -> None:
    """The collector, the decimal context, warning filters and the recursion limit are unchanged."""
    before = _host_state()
    report = RUNS[run](book)
    assert len(report) == len(book.clients)
    assert _host_state() == before


def test_a_collector_the_host_disabled_stays_disabled(book: kc.SyntheticBook) -> None:
    """With the collector off before, it is off after, with or without pause_gc."""
    gc.disable()
    try:
        for pause in (False, True):
            kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[p.Abc()], pause_gc=pause)
            assert not gc.isenabled()
    finally:
        gc.enable()


class _Watching:
    """A user's client policy that records whether the collector runs while it is called."""

    kind = "acme_watch"
    judges = "clients"

    def __init__(self) -> None:
        self.seen: list[bool] = []

    def evaluate(
        self, client: kc.Client, stats: kc.ClientStats, *, as_of: date
    ) -> kc.Decision[Any]:
        self.seen.append(gc.isenabled())
        return kc.Decision(stats.order_count > 0, subject=client.id, as_of=as_of)


def _watched_deals(book: kc.SyntheticBook, seen: list[bool]) -> Iterator[kc.Deal]:
    for deal in book.deals():
        seen.append(gc.isenabled())
        yield deal


def test_the_collector_runs_inside_callbacks_during_an_analysis(book: kc.SyntheticBook) -> None:
    """Deal generators, progress callbacks and a user's policy all run with the collector on."""
    read: list[bool] = []
    progress: list[bool] = []
    watching = _Watching()
    kc.analyze(
        book.clients,
        _watched_deals(book, read),
        as_of=AS_OF,
        policies=[p.Abc(), watching],
        progress=lambda _n: progress.append(gc.isenabled()),
    )
    assert read
    assert all(read)
    assert progress
    assert all(progress)
    assert len(watching.seen) == len(book.clients)
    assert all(watching.seen)


def test_pausing_the_collector_is_the_callers_explicit_choice(book: kc.SyntheticBook) -> None:
    """pause_gc=True pauses it for the batch only, and the report is the same."""
    watching = _Watching()
    paused = kc.analyze(
        book.clients, book.deals(), as_of=AS_OF, policies=[p.Abc(), watching], pause_gc=True
    )
    assert watching.seen
    assert not any(watching.seen)
    assert gc.isenabled()
    running = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[p.Abc(), _Watching()])
    assert paused.rows() == running.rows()
