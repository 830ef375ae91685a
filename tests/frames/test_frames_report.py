"""frames.analyze(): a report whose labels live in columns and whose rows come on demand."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p

pytest.importorskip("polars")
from kam_core import frames
from kam_core.frames import _stats as frames_stats  # patched: counts the stats built
from tests.frames.columnar_support import COLUMNAR_POLICIES, clients_frame, deals_frame

AS_OF = date(2026, 11, 24)
_COLUMNAR = [*COLUMNAR_POLICIES, p.Bant()]  # and a lead policy, for the summary's leads


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("client_stats was called")


def _same_reading(got: kc.Report, expected: kc.Report, matrices: list[tuple[str, str]]) -> None:
    assert len(got) == len(expected)
    assert got.summary() == expected.summary()
    for key in [*expected.summary()["segments"], "handoff", "no_such_policy"]:
        assert got.counts(key) == expected.counts(key), key
    for rows, columns in matrices:
        assert got.matrix(rows, columns) == expected.matrix(rows, columns), (rows, columns)


@pytest.mark.parametrize(("clients", "seed"), [(80, 2), (150, 9)])
def test_summary_counts_and_matrices_read_columns_and_build_no_stats(
    monkeypatch: pytest.MonkeyPatch, clients: int, seed: int
) -> None:
    """With columnar policies the summary is the analyze() summary, read from the table."""
    book = kc.generate_book(clients, seed=seed, as_of=AS_OF)
    expected = kc.analyze(
        book.clients, book.deals(), as_of=AS_OF, policies=_COLUMNAR, leads=book.leads
    )
    assert expected.summary()["handoffs_due"]  # the book has handoffs to count
    assert expected.summary()["sleeping_clients"]
    with monkeypatch.context() as patched:
        patched.setattr(frames_stats, "client_stats", _refuse)
        got = frames.analyze(
            deals_frame(book.deals()),
            clients_frame(book.clients),
            as_of=AS_OF,
            policies=_COLUMNAR,
            leads=book.leads,
        )
        assert len(got) == clients
        assert got.summary() == expected.summary()
        assert got.matrix("abc", "xyz") == expected.matrix("abc", "xyz")
        assert got.matrix("rfm", "sleeping") == expected.matrix("rfm", "sleeping")
        with pytest.raises(AssertionError, match="client_stats"):
            got.rows()  # rows need every client's stats
    # once client_stats may run, rows are built (once) and agree too
    _same_reading(got, expected, [("abc", "xyz"), ("abc", "handoff")])
    assert got.rows() == expected.rows()
    assert got.clients is got.clients


class _Tier:
    """A user's client policy: gold or silver by order count."""

    kind = "acme_tier"
    judges = "clients"

    def evaluate(self, client: kc.Client, stats: kc.ClientStats, *, as_of: date) -> Any:
        return kc.Decision("gold" if stats.order_count > 8 else "silver", subject=client.id)


def test_policies_decided_in_python_are_read_from_their_own_rows() -> None:
    """ABC×XYZ, key accounts, two handoff chains and a user's client policy: all equal."""
    book = kc.generate_book(120, seed=4, as_of=AS_OF)
    policies = [
        p.Abc(),
        p.AbcXyz(),
        p.Xyz(),
        p.KeyAccount(),
        p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=2)),)),
        p.HandoffRules(transfers=(p.Reactivation(),)),
        _Tier(),
    ]
    expected = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    got = frames.analyze(deals_frame(book.deals()), book.clients, as_of=AS_OF, policies=policies)
    assert "acme_tier" in expected.summary()["segments"]
    assert "handoff_rules" not in expected.summary()["segments"]
    _same_reading(
        got, expected, [("abc", "abc_xyz"), ("abc_xyz", "key_account"), ("xyz", "acme_tier")]
    )
    assert got.rows() == expected.rows()


def test_a_handoff_decided_in_python_is_counted_from_its_rows() -> None:
    """A handoff chain the columns cannot express still gives the same summary."""
    book = kc.generate_book(90, seed=12, as_of=AS_OF)
    policies = [
        p.Sleeping(),
        p.HandoffRules(
            transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)), p.Reactivation())
        ),
    ]
    expected = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    got = frames.analyze(deals_frame(book.deals()), book.clients, as_of=AS_OF, policies=policies)
    assert expected.summary()["handoffs_due"]
    _same_reading(got, expected, [("sleeping", "handoff")])


def test_two_policies_of_one_kind_read_the_later_outcome_everywhere() -> None:
    """A kind decided twice: counts, matrix and summary follow the later policy, as rows do."""
    book = kc.generate_book(70, seed=3, as_of=AS_OF)
    policies = [p.Abc(), p.Xyz(), p.Abc(cutoffs=(0.5, 0.7))]
    expected = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    later = Counter(row["abc"] for row in expected.rows())
    assert expected.counts("abc") == dict(sorted(later.items()))
    assert expected.row(expected.clients[0].client_id).label("abc") == expected.rows()[0]["abc"]
    got = frames.analyze(deals_frame(book.deals()), as_of=AS_OF, policies=policies)
    _same_reading(got, expected, [("abc", "xyz")])


def test_partitions_and_an_empty_book_give_the_same_summary() -> None:
    book = kc.generate_book(50, seed=21, as_of=AS_OF)
    frame = deals_frame(book.deals())
    one = frames.analyze(frame, book.clients, as_of=AS_OF, policies=_COLUMNAR)
    four = frames.analyze(frame, book.clients, as_of=AS_OF, policies=_COLUMNAR, partitions=4)
    assert four.summary() == one.summary()
    empty = frames.analyze(frame.clear(), as_of=AS_OF, policies=_COLUMNAR, currency="RUB")
    assert empty.summary() == kc.analyze([], [], as_of=AS_OF, policies=_COLUMNAR).summary()
    with pytest.raises(ValueError, match="partitions=0"):
        frames.analyze(frame, as_of=AS_OF, policies=_COLUMNAR, partitions=0)


def test_rows_are_built_once_for_every_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads reading the rows at once share one build."""
    book = kc.generate_book(40, seed=5, as_of=AS_OF)
    calls = []
    original = frames_stats.client_stats

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(frames_stats, "client_stats", counted)
    report = frames.analyze(deals_frame(book.deals()), as_of=AS_OF, policies=_COLUMNAR)
    got: list[Any] = []
    threads = [threading.Thread(target=lambda: got.append(report.clients)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert all(rows is got[0] for rows in got)
    assert len(got[0]) == 40


def test_a_failed_build_raises_again_on_the_next_read(monkeypatch: pytest.MonkeyPatch) -> None:
    book = kc.generate_book(20, seed=5, as_of=AS_OF)
    monkeypatch.setattr(frames_stats, "client_stats", _refuse)
    report = frames.analyze(deals_frame(book.deals()), as_of=AS_OF, policies=[p.Abc()])
    for _ in range(2):
        with pytest.raises(AssertionError, match="client_stats"):
            report.row(book.clients[0].id)


def test_a_frames_report_equals_only_itself() -> None:
    book = kc.generate_book(20, seed=5, as_of=AS_OF)
    frame = deals_frame(book.deals())
    a = frames.analyze(frame, as_of=AS_OF, policies=[p.Abc()])
    b = frames.analyze(frame, as_of=AS_OF, policies=[p.Abc()])
    assert a == a
    assert a != b
    assert len({a, b}) == 2
    assert isinstance(a, kc.Report)
    assert a.rows() == b.rows()


class _Flag:
    """A user's client policy whose kind is also a segmentation's: ``abc``."""

    kind = "abc"
    judges = "clients"

    def evaluate(self, client: kc.Client, stats: kc.ClientStats, *, as_of: date) -> Any:
        return kc.Decision("flagged" if stats.order_count > 5 else "plain", subject=client.id)


def test_a_client_policy_sharing_a_kind_is_read_from_the_rows() -> None:
    """Rows of listed clients hold the client policy's ``abc``, others the segmentation's."""
    book = kc.generate_book(60, seed=8, as_of=AS_OF)
    deals = [
        *book.deals(),
        kc.Deal(
            id="X-1",
            client_id="NOT-LISTED",
            status="won",
            opened_on=date(2026, 1, 1),
            closed_on=date(2026, 2, 1),
            amount=kc.Money("10.00", "RUB"),
        ),
    ]
    policies = [p.Abc(), p.Sleeping(), _COLUMNAR[4], _Flag()]
    expected = kc.analyze(book.clients, deals, as_of=AS_OF, policies=policies)
    assert {"flagged", "plain", "C"} <= set(expected.counts("abc"))
    got = frames.analyze(deals_frame(deals), book.clients, as_of=AS_OF, policies=policies)
    _same_reading(got, expected, [("abc", "sleeping")])


def test_without_listed_clients_no_client_policy_counts() -> None:
    """Client policies judge listed clients only: with none listed, no client key counts."""
    book = kc.generate_book(40, seed=8, as_of=AS_OF)
    policies = [p.Abc(), _COLUMNAR[4], p.HandoffRules(transfers=(p.Reactivation(),)), _Tier()]
    expected = kc.analyze([], book.deals(), as_of=AS_OF, policies=policies)
    assert list(expected.summary()["segments"]) == ["abc"]
    got = frames.analyze(deals_frame(book.deals()), as_of=AS_OF, policies=policies)
    _same_reading(got, expected, [("abc", "acme_tier")])


class _Quiet:
    """A user's segmentation declaring its sleeping label."""

    kind = "acme_quiet"
    sleeping_labels = frozenset({"quiet"})

    def fit(self, population: Any, *, clients: Any = None) -> _Quiet:
        return self

    def assign(self, stats: kc.ClientStats, *, client: Any = None) -> kc.Decision[str]:
        last = stats.last_order_on
        quiet = last is None or (stats.as_of - last).days > 60
        return kc.Decision("quiet" if quiet else "buying", subject=stats.client_id)


class _Courier:
    """A user's handoff policy: declares the row key "handoff"."""

    kind = "acme_courier"
    judges = "clients"
    report_key = "handoff"

    def evaluate(self, client: kc.Client, stats: kc.ClientStats, *, as_of: date) -> Any:
        due = None
        if stats.order_count > 6:
            due = kc.Handoff(
                client.id, kc.Role.CLIENT_MANAGER, kc.Role.SALES_SUPPORT, self.kind, as_of
            )
        return kc.Decision(due, subject=client.id, as_of=as_of)


def test_plug_ins_declaring_sleeping_labels_and_the_handoff_key_read_alike() -> None:
    """A user's sleeping labels and handoff policy give frames the summary analyze() gives."""
    book = kc.generate_book(70, seed=13, as_of=AS_OF)
    policies = [p.Abc(), p.Sleeping(), _Quiet(), _Courier()]
    expected = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    summary = expected.summary()
    assert summary["handoffs_due"] == {"sales_support": len(expected.handoffs_due())} != {}
    assert summary["sleeping_clients"] > summary["segments"]["sleeping"].get("sleeping", 0)
    got = frames.analyze(deals_frame(book.deals()), book.clients, as_of=AS_OF, policies=policies)
    _same_reading(got, expected, [("abc", "acme_quiet")])
    assert [r.client_id for r in got.sleeping()] == [r.client_id for r in expected.sleeping()]
    assert got.handoffs_due() == expected.handoffs_due()
