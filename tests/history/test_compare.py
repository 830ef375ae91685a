"""kc.compare: two reports of one book side by side — who moves, and why."""

from __future__ import annotations

import json
from datetime import date

import pytest

import kam_core as kc
from kam_core import policies as p

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    """A seeded book of 80 clients."""
    return kc.generate_book(clients=80, seed=2, as_of=AS_OF)


def _report(book: kc.SyntheticBook, *policies: object, as_of: date = AS_OF) -> kc.Report:
    return kc.analyze(book.clients, book.deals(), as_of=as_of, policies=list(policies))


def test_tighter_sleeping_multipliers_move_clients_deeper_and_say_why(
    book: kc.SyntheticBook,
) -> None:
    """Clients whose label changes carry both decisions' reasons; nobody wakes up."""
    old = _report(book, p.Sleeping())
    new = _report(book, p.Sleeping(drowsy=1.25, sleeping=1.5, lost=2.5))
    diff = kc.compare(old, new)
    moved = diff.changed("sleeping")
    assert moved
    order = ["active", "drowsy", "sleeping", "lost"]
    for change in moved:
        assert order.index(change.after) > order.index(change.before)
        assert change.before_reasons[0].code.startswith("sleeping.")
        assert change.after_reasons[0].code.startswith("sleeping.")
    first = diff.rows()[0]
    assert first["before_reasons"][0]["code"].startswith("sleeping.")
    assert (first["before"], first["after"]) == (moved[0].before, moved[0].after)
    matrix = diff.matrix("sleeping")
    assert sum(n for row in matrix.values() for n in row.values()) == len(old)
    assert sum(n for a, row in matrix.items() for b, n in row.items() if a != b) == len(moved)


def test_an_earlier_handoff_rule_hands_more_clients_over(book: kc.SyntheticBook) -> None:
    """Handing over after the first order instead of the third adds handoffs, never removes."""
    old = _report(book, p.HunterToFarmer(when=p.OrderCount(at_least=3)))
    new = _report(book, p.HunterToFarmer(when=p.OrderCount(at_least=1)))
    diff = kc.compare(old, new)
    assert {(c.before, c.after) for c in diff.changed("handoff")} <= {("none", "client_manager")}
    assert diff.kinds["handoff"] == "hunter_to_farmer"


def test_two_dates_of_one_policy_compare_too(book: kc.SyntheticBook) -> None:
    """The same ABC policy half a year apart: the matrix counts every client of either report."""
    old = _report(book, p.Abc(), as_of=date(2026, 5, 24))
    new = _report(book, p.Abc())
    diff = kc.compare(old, new)
    clients = {r.client_id for r in old.clients} | {r.client_id for r in new.clients}
    assert sum(n for row in diff.matrix("abc").values() for n in row.values()) == len(clients)
    assert diff.text("en").startswith("What changes: the report as of 24 May 2026")


def test_the_comparison_is_json_safe_and_reads_in_words(book: kc.SyntheticBook) -> None:
    """rows() and summary() survive json.dumps; text() has no codes in either language."""
    diff = kc.compare(_report(book, p.Sleeping()), _report(book, p.Sleeping(sleeping=1.6)))
    assert json.loads(json.dumps(diff.rows())) == diff.rows()
    assert json.loads(json.dumps(diff.summary())) == diff.summary()
    for locale in ("en", "ru"):
        said = diff.text(locale)
        assert "_" not in said.replace("C-0", "")
    assert str(diff) == diff.text("en")


def test_a_policy_only_one_report_holds_shows_its_clients_as_absent_from_the_other(
    book: kc.SyntheticBook,
) -> None:
    """A key the first report lacks reads "absent" before, for every client."""
    diff = kc.compare(_report(book, p.Abc()), _report(book, p.Abc(), p.Xyz()))
    assert set(diff.matrix("xyz")) == {kc.history.ABSENT}
    assert len(diff.changed("xyz")) == len(book.clients)
    assert "not in the report" in diff.text("en", limit=1)


def test_a_policy_nobody_moves_under_still_has_its_matrix_and_kind(book: kc.SyntheticBook) -> None:
    """The same policy twice: every client on the diagonal, no change, the kind still known."""
    report = _report(book, p.Xyz())
    diff = kc.compare(report, report)
    assert diff.changes == ()
    assert diff.kinds["xyz"] == "xyz"
    assert all(a == b for a, row in diff.matrix("xyz").items() for b in row)
