"""analyze(): the whole book at once, streamed, order-independent and JSON-safe."""

from __future__ import annotations

import json
import random
from datetime import date
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core._decision import jsonable

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(clients=60, seed=3, as_of=AS_OF)


def _policies() -> list[Any]:
    return [
        p.HandoffRules(
            transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)), p.Reactivation())
        ),
        p.Abc(),
        p.Xyz(),
        p.AbcXyz(),
        p.Abcd(),
        p.Rfm(),
        p.Sleeping(),
        p.KeyAccount(),
    ]


def test_every_client_gets_one_row_with_every_policys_label(book: kc.SyntheticBook) -> None:
    """Each client has a row keyed by client id, holding one label per segmentation."""
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=_policies())
    rows = report.rows()
    assert [r["client_id"] for r in rows] == sorted(c.id for c in book.clients)
    for key in ("abc", "xyz", "abc_xyz", "abcd", "rfm", "sleeping", "key_account", "handoff"):
        assert all(key in r for r in rows)
    assert sum(report.counts("abc").values()) == len(book.clients)


def test_results_do_not_depend_on_input_order(book: kc.SyntheticBook) -> None:
    """Shuffling clients and deals gives the same rows and summary."""
    deals = list(book.deals())
    clients = list(book.clients)
    first = kc.analyze(clients, deals, as_of=AS_OF, policies=_policies())
    rng = random.Random(5)
    rng.shuffle(deals)
    rng.shuffle(clients)
    second = kc.analyze(clients, iter(deals), as_of=AS_OF, policies=_policies())
    assert first.rows() == second.rows()
    assert first.summary() == second.summary()


def test_rows_and_summary_are_json_safe(book: kc.SyntheticBook) -> None:
    """The report survives json.dumps without a custom encoder."""
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=_policies())
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    assert json.loads(text)["summary"]["clients"] == len(book.clients)


def test_deals_may_arrive_as_dicts_in_their_json_form(book: kc.SyntheticBook) -> None:
    """Deal dicts from a host system are validated on the way in and give the same result."""
    as_dicts = (d.model_dump(mode="json") for d in book.deals())
    a = kc.analyze(book.clients, as_dicts, as_of=AS_OF, policies=[p.Abc()])
    b = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[p.Abc()])
    assert a.rows() == b.rows()


def test_deals_after_as_of_change_nothing(book: kc.SyntheticBook) -> None:
    """A deal closed after as_of is ignored."""
    late = kc.Deal(
        id="D-late",
        client_id=book.clients[0].id,
        status="won",
        opened_on=AS_OF,
        closed_on=date(2026, 12, 1),
        amount=kc.Money("99999999", "RUB"),
    )
    a = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=_policies())
    b = kc.analyze(book.clients, [*book.deals(), late], as_of=AS_OF, policies=_policies())
    assert a.rows() == b.rows()


def test_matrix_counts_clients_by_two_policies(book: kc.SyntheticBook) -> None:
    """matrix("abc", "xyz") counts every client once, in its ABC row and XYZ column."""
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=_policies())
    matrix = report.matrix("abc", "xyz")
    assert sum(sum(cols.values()) for cols in matrix.values()) == len(book.clients)
    assert {k: sum(v.values()) for k, v in matrix.items()} == report.counts("abc")


def test_handoffs_due_are_summarised_by_target_role(book: kc.SyntheticBook) -> None:
    """The summary counts due handoffs by the role the client goes to."""
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=_policies())
    due = report.handoffs_due()
    assert sum(report.summary()["handoffs_due"].values()) == len(due)
    assert all(d.outcome is not None for d in due)


def test_sleeping_clients_are_the_sleeping_and_lost(book: kc.SyntheticBook) -> None:
    """sleeping() holds the clients labelled sleeping or lost; the summary counts them."""
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=_policies())
    expected = [r["client_id"] for r in report.rows() if r["sleeping"] in ("sleeping", "lost")]
    assert expected
    assert [row.client_id for row in report.sleeping()] == expected
    assert report.summary()["sleeping_clients"] == len(expected)


def test_the_summary_keeps_ids_in_the_rows_not_in_itself(book: kc.SyntheticBook) -> None:
    """The summary is counts only: no client id appears in its JSON."""
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=_policies())
    text = json.dumps(report.summary())
    assert not any(c.id in text for c in book.clients)


class _BigClient:
    """A user's own client policy: no base class, a kind, judges and evaluate()."""

    kind = "acme_big_client"
    judges = "clients"

    def evaluate(
        self, client: kc.Client, stats: kc.ClientStats, *, as_of: date
    ) -> kc.Decision[Any]:
        return kc.Decision("big" if stats.order_count >= 5 else "small", subject=client.id)


class _AlwaysSql:
    """A user's own lead policy."""

    kind = "acme_sql"
    judges = "leads"

    def evaluate(self, lead: kc.Lead, *, as_of: date) -> kc.Decision[Any]:
        return kc.Decision("sql", subject=lead.id, as_of=as_of)


def test_users_own_policies_work_where_built_ins_do(book: kc.SyntheticBook) -> None:
    """A plain object declaring what it judges is used as a client or lead policy."""
    report = kc.analyze(
        book.clients,
        book.deals(),
        leads=book.leads,
        as_of=AS_OF,
        policies=[_BigClient(), _AlwaysSql()],
    )
    assert {r["acme_big_client"] for r in report.rows()} == {"big", "small"}
    assert {r["handoff"] for r in report.rows()} == {None}
    assert report.summary()["leads"] == {"sql": len(book.leads)}
    assert report.summary()["policies"][0] == {
        "kind": "acme_big_client",
        "version": "",
        "fingerprint": "",
    }


def test_a_client_given_twice_is_refused(book: kc.SyntheticBook) -> None:
    """Duplicate client ids are misuse, reported before any work."""
    with pytest.raises(kc.errors.PolicyEvaluationError, match="given twice"):
        kc.analyze([*book.clients, book.clients[0]], [], as_of=AS_OF, policies=[])


@pytest.mark.parametrize("policies", ["abc", {"kind": "abc"}, 42, [object()]])
def test_policies_must_be_a_set_or_policies(policies: object) -> None:
    """Anything but a PolicySet or an iterable of policy objects is a TypeError."""
    with pytest.raises(TypeError):
        kc.analyze([], [], as_of=AS_OF, policies=policies)


def test_progress_is_reported_with_the_number_of_deals_read(book: kc.SyntheticBook) -> None:
    """The progress callback ends with the total number of deals."""
    seen: list[int] = []
    kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[], progress=seen.append)
    assert seen[-1] == sum(1 for _ in book.deals())


def test_an_empty_book_gives_an_empty_report() -> None:
    """No clients and no deals: no rows, zero counts."""
    report = kc.analyze([], [], as_of=AS_OF, policies=[p.Abc()])
    assert report.rows() == []
    assert report.summary()["clients"] == 0
    with pytest.raises(KeyError):
        report.row("C-1")


def test_a_policy_about_something_else_than_clients_or_leads_is_refused() -> None:
    """Organisation policies judge profiles: analyze() says so instead of misusing them."""
    with pytest.raises(kc.errors.PolicyConfigError, match="sales_system"):
        kc.analyze([], [], as_of=AS_OF, policies=[p.SalesSystemClassifier()])


def test_two_lead_policies_are_refused_rather_than_one_ignored() -> None:
    """analyze() qualifies leads with one policy and says so when given two."""
    with pytest.raises(kc.errors.PolicyConfigError, match="one policy"):
        kc.analyze([], [], as_of=AS_OF, policies=[p.Bant(), p.Scorecard.preset("meddic")])


class _ByOrders:
    """A user's own segmentation: fit() returns an object with assign() and no label()."""

    kind = "acme_orders"

    def fit(self, population: Any, *, clients: Any = None) -> _ByOrdersFitted:
        return _ByOrdersFitted()


class _ByOrdersFitted:
    def assign(self, stats: kc.ClientStats, *, client: kc.Client | None = None) -> kc.Decision[Any]:
        return kc.Decision(
            "many" if stats.order_count > 3 else "few",
            reasons=(kc.Reason("acme.orders", {"n": stats.order_count}),),
            subject=stats.client_id,
        )


def test_a_users_segmentation_without_label_is_decided_at_once(book: kc.SyntheticBook) -> None:
    """A plug-in segmentation without label() gets its decisions made and kept in the rows."""
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[_ByOrders()])
    for row in report:
        decision = row.decision("acme_orders")
        assert decision is not None
        assert row.label("acme_orders") == decision.outcome
        assert decision.codes == ("acme.orders",)
    assert sum(report.counts("acme_orders").values()) == len(report)


def test_rows_explain_on_demand_exactly_what_assign_explains(book: kc.SyntheticBook) -> None:
    """A row's decisions, built when asked, equal the fitted policies' own decisions."""
    stats = kc.build_stats(book.deals(), as_of=AS_OF, clients=book.client_ids)
    index = {c.id: c for c in book.clients}
    segmentations = [p.Abc(), p.Xyz(), p.Rfm(), p.Sleeping(), p.AbcXyz()]
    report = kc.analyze_stats(stats.values(), book.clients, as_of=AS_OF, policies=segmentations)
    fitted = {pol.kind: pol.fit(tuple(stats.values()), clients=index) for pol in segmentations}
    for row in report:
        for key, decision in row.decisions:
            expected = fitted[key].assign(row.stats, client=row.client)
            assert decision == expected
            assert row.outcome(key) == expected.outcome
            assert row.label(key) == jsonable(expected.outcome)
        assert row.to_dict()["reasons"] == [c for _, d in row.decisions for c in d.codes]


def test_a_row_of_decisions_already_made_keeps_them() -> None:
    """ClientRow.of() stores given decisions; outcome() and decision() read them back."""
    stats = kc.ClientStats.empty("C-1", AS_OF, "RUB")
    made = kc.Decision("A", reasons=(kc.Reason("abc.no_value"),), subject="C-1")
    row = kc.ClientRow.of("C-1", stats, [("abc", made)])
    assert row.outcomes == (("abc", "A"),)
    assert row.decision("abc") is made
    assert row.outcome("xyz") is None
    assert row.decisions == (("abc", made),)
