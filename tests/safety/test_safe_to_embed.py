"""Safe to embed: no public call changes process-wide state, and threads share policies safely.

A host (a CRM worker, a notebook, a web service) runs kam_core next to its own code: the
garbage collector, the decimal context, the locale, warning filters, the recursion limit
and the standard streams are the host's.  Each public call below is run between two
snapshots of that state, which must be equal.  The decimal context's *flags* are left
out on purpose: they record what arithmetic in the caller's context signalled
(``Money / 3`` is inexact there, as ``Decimal(100) / 3`` is), and that is the caller's
context working as Python documents it.
"""

from __future__ import annotations

import contextlib
import decimal
import gc
import io
import locale
import os
import sys
import threading
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.io import (
    read_clients,
    read_deals,
    read_leads,
    write_clients,
    write_deals,
    write_leads,
)

AS_OF = date(2026, 11, 24)
BOOK = kc.generate_book(30, seed=44, as_of=AS_OF, deals_per_client=6)
CLIENTS = tuple(BOOK.clients)
DEALS = tuple(BOOK.deals())
LEADS = tuple(BOOK.leads)
PRESET = p.PolicySet.preset("erokhin", currency="RUB")

# importing polars sets an allocator variable in os.environ: import it before any snapshot
with contextlib.suppress(ImportError):  # without the extra the frames cases skip
    import polars  # noqa: F401


def host_state() -> dict[str, Any]:
    """Everything process-wide (or thread-wide) a library could change behind its host."""
    ctx = decimal.getcontext()
    return {
        "gc enabled": gc.isenabled(),
        "gc thresholds": gc.get_threshold(),
        "gc frozen": gc.get_freeze_count(),
        "decimal context object": id(ctx),
        "decimal context": (ctx.prec, ctx.rounding, ctx.Emin, ctx.Emax, ctx.capitals, ctx.clamp),
        "decimal traps": {signal.__name__: on for signal, on in ctx.traps.items()},
        "locale": locale.setlocale(locale.LC_ALL),
        "warning filters": tuple(warnings.filters),
        "recursion limit": sys.getrecursionlimit(),
        "switch interval": sys.getswitchinterval(),
        "int digits limit": sys.get_int_max_str_digits(),
        "streams": (id(sys.stdout), id(sys.stderr), id(sys.stdin)),
        "working directory": os.getcwd(),
        "environment": dict(os.environ),
    }


def _csv(write: Callable[..., int], items: Any) -> str:
    out = io.StringIO()
    write(out, items)
    return out.getvalue()


DEALS_CSV = _csv(write_deals, DEALS)
CLIENTS_CSV = _csv(write_clients, CLIENTS)
LEADS_CSV = _csv(write_leads, LEADS)


def _analyze() -> object:
    report = kc.analyze(CLIENTS, DEALS, leads=LEADS, as_of=AS_OF, policies=PRESET)
    row = report.row(CLIENTS[0].id)
    return report.rows(), report.summary(), [d.explain("ru") for _key, d in row.decisions]


def _analyze_paused() -> object:
    report = kc.analyze(CLIENTS, DEALS, as_of=AS_OF, policies=PRESET, pause_gc=True)
    return report.rows()


def _analyze_stats() -> object:
    stats = kc.build_stats(DEALS, as_of=AS_OF, clients=[c.id for c in CLIENTS])
    return kc.analyze_stats(stats.values(), CLIENTS, as_of=AS_OF, policies=PRESET).rows()


def _frames() -> object:
    pl = pytest.importorskip("polars")
    from kam_core import frames

    frame = pl.read_csv(io.StringIO(DEALS_CSV), infer_schema=False)
    report = frames.analyze(frame, CLIENTS, as_of=AS_OF, policies=PRESET)
    return report.summary(), report.counts("abc"), report.rows()


def _readers(tmp: Path) -> object:
    path = tmp / "deals.csv"
    path.write_text(DEALS_CSV, encoding="utf-8-sig")  # a byte-order mark, as Excel writes
    good, rejected = read_deals(path, decimal=".", errors="collect")
    clients = list(read_clients(io.StringIO(CLIENTS_CSV), decimal="."))
    leads = list(read_leads(io.BytesIO(LEADS_CSV.encode("cp1251")), encoding="cp1251"))
    header = "id,client_id,status,opened_on,amount\n"
    bad = read_deals(io.StringIO(header + "D-1,,won,2026-01-10,-5\n"), errors="collect")
    with pytest.raises(kc.errors.RowError):
        list(read_deals(io.StringIO("id,client_id\nD-1,C-1\n")))
    return len(good), rejected, len(clients), len(leads), bad


def _policies() -> object:
    loaded = [p.load(policy.to_json()) for policy in (p.Abc(), p.Rfm(), p.Sleeping())]
    with pytest.raises(kc.errors.PolicyConfigError):
        p.load('{"kind": "abc", "a": 1' + "0" * 5000 + "}")
    return loaded


def _money() -> object:
    a = kc.Money("1250.50", "RUB")
    b = kc.Money.parse("1 250,50", "rub")
    results = [a + b, a - b, -a, abs(a), a * 3, a / 3, (a / 3).round(), a / b, a < b]
    results += [
        str(a / 7),
        repr(a),
        a.to_dict(),
        kc.Money.from_dict({"amount": "1", "currency": "USD"}),
    ]
    results.append(kc.Money.total([a, b], currency="RUB"))
    for bad in ("1e999999999", "NaN", "1,250"):
        with pytest.raises(kc.errors.MoneyError):
            kc.Money.parse(bad, "RUB")
    with pytest.raises(kc.errors.MoneyError):
        a * 10**5000
    with kc.wider_amount_bounds(integer_digits=30):
        results.append(kc.Money("1" * 25, "RUB"))
    return results


def _generate() -> object:
    book = kc.generate_book(12, seed=3, as_of=AS_OF)
    return list(book.deals()), book.clients, book.leads


CALLS: dict[str, Callable[[Path], object]] = {
    "analyze + rows/summary/explain": lambda _tmp: _analyze(),
    "analyze(pause_gc=True)": lambda _tmp: _analyze_paused(),
    "build_stats + analyze_stats": lambda _tmp: _analyze_stats(),
    "frames.analyze + summary/counts/rows": lambda _tmp: _frames(),
    "io readers (path with BOM, text, cp1251 bytes, collect)": _readers,
    "policies: p.load, PolicySet.preset": lambda _tmp: (_policies(), p.PolicySet.preset("erokhin")),
    "Money: arithmetic, rounding, parse, bounds": lambda _tmp: _money(),
    "generate_book": lambda _tmp: _generate(),
}


@pytest.mark.parametrize("call", list(CALLS), ids=str)
def test_a_public_call_leaves_the_hosts_process_state_as_it_found_it(
    call: str, tmp_path: Path
) -> None:
    """Collector, decimal context, locale, warnings, recursion limit and streams are unchanged."""
    before = host_state()
    CALLS[call](tmp_path)
    assert host_state() == before


def test_a_host_with_its_own_decimal_context_keeps_it_through_every_call(tmp_path: Path) -> None:
    """A host at 12 digits with traps of its own finds them unchanged after each call."""
    with decimal.localcontext(prec=12, rounding=decimal.ROUND_DOWN) as ctx:
        ctx.traps[decimal.Inexact] = False
        before = host_state()
        for call in ("io readers (path with BOM, text, cp1251 bytes, collect)", "generate_book"):
            CALLS[call](tmp_path)
            assert host_state() == before, call


def _in_threads(count: int, work: Callable[[], Any]) -> list[Any]:
    """Run ``work`` in ``count`` threads started together; their results, in thread order."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count
    failures: list[BaseException] = []

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = work()
        except BaseException as exc:  # reported below, with the thread's own traceback
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results


def test_eight_threads_analysing_one_book_with_shared_policies_agree() -> None:
    """Shared policies and immutable inputs: eight concurrent reports equal the serial one."""
    policies = PRESET

    def work() -> list[dict[str, Any]]:
        return kc.analyze(CLIENTS, DEALS, leads=LEADS, as_of=AS_OF, policies=policies).rows()

    serial = work()
    assert serial
    assert all(rows == serial for rows in _in_threads(8, work))


def test_eight_threads_on_one_policy_set_through_frames_agree() -> None:
    """One PolicySet and one polars frame shared by eight frames.analyze calls: equal reports."""
    pl = pytest.importorskip("polars")
    from kam_core import frames

    frame = pl.read_csv(io.StringIO(DEALS_CSV), infer_schema=False)

    def work() -> tuple[Any, ...]:
        report = frames.analyze(frame, CLIENTS, as_of=AS_OF, policies=PRESET)
        return report.summary(), report.rows()

    serial = work()
    assert serial[1] == kc.analyze(CLIENTS, DEALS, as_of=AS_OF, policies=PRESET).rows()
    assert all(result == serial for result in _in_threads(8, work))
