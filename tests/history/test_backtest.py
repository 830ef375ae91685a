"""kc.backtest: policies judged as of past dates against what happened next."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyEvaluationError
from kam_core.history import SILENT, predicted_event
from tests.clv import cdnow

RUB = "RUB"
AS_OF = date(2026, 1, 1)


def _order(i: int, client: str, day: date, amount: str = "1000") -> kc.Deal:
    return kc.Deal(
        id=f"D-{client}-{i}",
        client_id=client,
        status="won",
        opened_on=day,
        closed_on=day,
        amount=kc.Money(amount, RUB),
    )


def _monthly(client: str, first: date, count: int, every: int = 30) -> list[kc.Deal]:
    return [_order(i, client, first + timedelta(days=every * i)) for i in range(count)]


def _book() -> list[kc.Deal]:
    """C-1 buys monthly throughout; C-2 bought monthly, stopped in June 2025 and stays silent."""
    return [
        *_monthly("C-1", date(2025, 1, 5), 24),
        *_monthly("C-2", date(2025, 1, 10), 6),
        *_monthly("C-3", date(2025, 2, 1), 16),
    ]


def test_a_sleeping_client_that_stays_silent_is_a_hit_of_the_sleeping_call() -> None:
    """C-2 asleep on 1 Jan 2026 and silent for 180 days counts for the sleeping call."""
    bt = kc.backtest([p.Sleeping()], (), _book(), at=[AS_OF], horizon_days=180)
    labels = bt.labels(AS_OF, "sleeping")
    assert labels == {"C-1": "active", "C-2": "lost", "C-3": "active"}
    (call,) = bt.call("sleeping")
    assert (call.event, call.subjects, call.happened, call.precision) == (SILENT, 1, 1, 1.0)
    assert (call.recall, call.base_rate, call.lift) == (1.0, 0.3333, 3.0)


def test_active_clients_bought_again_and_their_revenue_follows_in_money() -> None:
    """The active row counts both active clients as buying again, with the horizon's revenue."""
    bt = kc.backtest([p.Sleeping()], (), _book(), at=[AS_OF], horizon_days=180)
    active = next(r for r in bt.table() if r.label == "active")
    assert active.event == "buys_again"
    assert (active.subjects, active.bought_again, active.precision) == (2, 2, 1.0)
    end = AS_OF + timedelta(180)
    c1 = sum(1 for d in _monthly("C-1", date(2025, 1, 5), 24) if AS_OF < d.closed_on <= end)  # type: ignore[operator]
    c3 = sum(1 for d in _monthly("C-3", date(2025, 2, 1), 16) if AS_OF < d.closed_on <= end)  # type: ignore[operator]
    assert active.revenue_after == kc.Money(1000 * (c1 + c3), RUB)


def test_deals_are_read_once_so_a_generator_gives_the_same_back_test() -> None:
    """A one-shot generator of deals gives the rows a list gives."""
    deals = _book()
    once = kc.backtest([p.Sleeping(), p.Abc()], (), (d for d in deals), at=[AS_OF])
    again = kc.backtest([p.Sleeping(), p.Abc()], (), deals, at=[AS_OF])
    assert once.rows() == again.rows()


def test_the_order_of_the_deals_never_changes_the_back_test() -> None:
    """Shuffled deals give identical rows, ordered by date, policy and label."""
    book = kc.generate_book(clients=40, seed=7, as_of=date(2026, 11, 24))
    deals = list(book.deals())
    at = [date(2026, 6, 1), date(2026, 1, 1)]
    first = kc.backtest([p.Sleeping(), p.Abc()], book.clients, deals, at=at)
    random.Random(3).shuffle(deals)
    second = kc.backtest([p.Sleeping(), p.Abc()], book.clients, deals, at=at)
    assert first.rows() == second.rows()
    keys = [(r["on"], first.policies.index(r["policy"]), r["label"]) for r in first.rows()]
    assert keys == sorted(keys)


def test_an_a_client_that_stays_a_is_what_the_a_label_predicts() -> None:
    """ABC's labels predict keeping the label at the end of the horizon."""
    deals = [*_book(), _order(99, "C-4", date(2025, 12, 1), "50")]
    bt = kc.backtest([p.Abc()], (), deals, at=[AS_OF], horizon_days=180)
    rows = {r.label: r for r in bt.table()}
    assert predicted_event(p.Abc(), "A") == "keeps_label"
    assert rows["A"].event == "keeps_label"
    later = {o.subject: o.later_label for o in bt.evaluation(AS_OF, "abc").outcomes}
    assert rows["A"].happened == sum(
        1 for c, lb in bt.labels(AS_OF, "abc").items() if lb == "A" and later[c] == "A"
    )


def test_an_sql_lead_that_becomes_a_client_in_the_horizon_converts() -> None:
    """An SQL lead whose client's first order falls in the horizon is a hit; a lost one is not."""
    sure = kc.BantFacts(
        budget=kc.Money("900000", RUB),
        authority=kc.BuyingRole.DECISION_MAKER,
        need=kc.NeedLevel.CONFIRMED,
        decision_date=date(2026, 2, 1),
    )
    leads = [
        kc.Lead(id="L-1", company="ООО Альфа", created_on=date(2025, 12, 1), bant=sure,
                stage="converted", client_id="C-9"),
        kc.Lead(id="L-2", company="ООО Бета", created_on=date(2025, 12, 1),
                bant=kc.BantFacts(need=kc.NeedLevel.NONE), stage="disqualified"),
        kc.Lead(id="L-3", company="ООО Гамма", created_on=date(2026, 3, 1)),
    ]  # fmt: skip
    deals = [*_book(), _order(1, "C-9", date(2026, 2, 10), "900000")]
    bt = kc.backtest([p.Bant(min_budget=kc.Money("500000", RUB))], (), deals, at=[AS_OF],
                     leads=leads)  # fmt: skip
    assert bt.labels(AS_OF, "bant") == {"L-1": "sql", "L-2": "disqualified"}
    rows = {r.label: r for r in bt.table()}
    assert (rows["sql"].event, rows["sql"].happened, rows["sql"].precision) == ("converts", 1, 1.0)
    assert rows["sql"].revenue_after == kc.Money("900000", RUB)
    assert (rows["disqualified"].event, rows["disqualified"].happened) == ("not_converts", 1)


def test_a_handoff_due_predicts_the_client_buys_again() -> None:
    """A hunter-to-farmer handoff due is scored against buying again; nothing due, not at all."""
    clients = [kc.Client(id=c, name=f"ООО {c}", owner=kc.Role.DEVELOPMENT_SPECIALIST)
               for c in ("C-1", "C-2", "C-3")]  # fmt: skip
    bt = kc.backtest([p.HunterToFarmer(when=p.OrderCount(at_least=3))], clients, _book(),
                     at=[AS_OF])  # fmt: skip
    rows = {r.label: r for r in bt.table()}
    assert rows["client_manager"].event == "buys_again"
    assert rows["client_manager"].subjects == 3
    assert rows["client_manager"].happened == 2


def test_the_rows_are_json_safe_and_the_frames_have_one_row_each() -> None:
    """rows() survive json.dumps; polars and pandas frames hold the same rows."""
    bt = kc.backtest([p.Sleeping()], (), _book(), at=[AS_OF, date(2025, 9, 1)])
    rows = bt.rows()
    assert json.loads(json.dumps(rows)) == rows
    assert bt.to_polars().height == len(rows) == len(bt.to_pandas())
    assert set(bt.to_polars().columns) >= {"on", "policy", "label", "precision", "currency"}


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_the_back_test_reads_as_a_table_in_words(locale: str) -> None:
    """text() names policies, labels and events from the catalogue, not by their codes."""
    bt = kc.backtest([p.Sleeping(), p.Abc()], (), _book(), at=[AS_OF])
    said = bt.text(locale)
    assert ("спящие клиенты" if locale == "ru" else "sleeping clients") in said
    assert "buys_again" not in said
    assert "keeps_label" not in said
    assert str(bt) == bt.text("en")
    assert bt._repr_html_().startswith("<table>")


def test_a_horizon_past_the_last_deal_is_marked_incomplete() -> None:
    """Evaluations whose horizon runs past the data say so in the rows and the text."""
    bt = kc.backtest([p.Sleeping()], (), _book(), at=[date(2026, 12, 1)], horizon_days=30)
    assert not any(r["complete"] for r in bt.rows())
    assert bt.text("en").splitlines()[-1].startswith("The deals end")


def test_bad_arguments_are_refused_with_what_to_give() -> None:
    """No date, a horizon under a day, a client twice or an empty book are refused."""
    with pytest.raises(PolicyEvaluationError, match="at least one date"):
        kc.backtest([p.Sleeping()], (), _book(), at=[])
    with pytest.raises(PolicyEvaluationError, match="horizon_days=0"):
        kc.backtest([p.Sleeping()], (), _book(), at=[AS_OF], horizon_days=0)
    twice = [kc.Client(id="C-1", name="А"), kc.Client(id="C-1", name="Б")]
    with pytest.raises(PolicyEvaluationError, match="given twice"):
        kc.backtest([p.Sleeping()], twice, _book(), at=[AS_OF])
    with pytest.raises(PolicyEvaluationError, match="currency="):
        kc.backtest([p.Sleeping()], (), [], at=[AS_OF])


def test_two_versions_of_one_policy_get_their_own_rows() -> None:
    """The book default and a variant of the sleeping policy are kept apart by name."""
    bt = kc.backtest({"book": p.Sleeping(), "ours": p.Sleeping(sleeping=3, lost=4)}, (),
                     _book(), at=[AS_OF])  # fmt: skip
    assert bt.policies == ("book", "ours")
    assert bt.call("book")[0].fingerprint != bt.call("ours")[0].fingerprint


def test_p_alive_is_back_tested_beside_sleeping_on_cdnow() -> None:
    """On the CDNOW sample both rules are judged as of the calibration end, horizon 39 weeks."""
    bt = kc.backtest([p.Sleeping(), p.PAlive()], (), cdnow.deals(),
                     at=[cdnow.CALIBRATION_END], horizon_days=273)  # fmt: skip
    sleeping, p_alive = bt.call("sleeping")[0], bt.call("p_alive")[0]
    assert len(bt.evaluation(cdnow.CALIBRATION_END, "p_alive").outcomes) == 2357
    assert sleeping.base_rate == p_alive.base_rate
    assert sleeping.label == "drowsy+lost+sleeping"
    assert p_alive.label == "at_risk+probably_gone"
    assert all(r.complete for r in bt.table())


DAY0 = date(2025, 1, 1)


@st.composite
def _books(draw: st.DrawFn) -> tuple[list[kc.Deal], date]:
    """A small random book and a cut-off date inside it."""
    clients = draw(st.integers(2, 6))
    deals = []
    for c in range(clients):
        days = draw(st.lists(st.integers(0, 600), min_size=1, max_size=8))
        for i, day in enumerate(days):
            deals.append(_order(i, f"C-{c}", DAY0 + timedelta(days=day), str(100 * (i + 1))))
    cut = DAY0 + timedelta(days=draw(st.integers(100, 500)))
    return deals, cut


@settings(max_examples=25)
@given(_books(), st.lists(st.integers(1, 300), min_size=1, max_size=5), st.randoms())
def test_deals_after_a_date_never_change_its_evaluation(
    book: tuple[list[kc.Deal], date], later_days: list[int], rnd: random.Random
) -> None:
    """Appending, dropping or changing deals closed after a date leaves that date's labels alone."""
    deals, cut = book
    before = [d for d in deals if d.closed_on is not None and d.closed_on <= cut]
    after = [d for d in deals if d.closed_on is not None and d.closed_on > cut]
    changed = [d.replace(amount=kc.Money("7", RUB)) for d in after]
    rnd.shuffle(changed)
    added = [
        _order(900 + i, f"C-{i % 3}", cut + timedelta(days=n)) for i, n in enumerate(later_days)
    ]
    policies = [p.Sleeping(), p.Abc(), p.Rfm(), p.HunterToFarmer(when=p.OrderCount(at_least=2))]
    one = kc.backtest(policies, (), deals, at=[cut], horizon_days=90, currency=RUB)
    for variant in (before + changed + added, before, before + added):
        other = kc.backtest(policies, (), variant, at=[cut], horizon_days=90, currency=RUB)
        for name in one.policies:
            assert other.labels(cut, name) == one.labels(cut, name)


@settings(max_examples=20)
@given(_books(), st.lists(st.integers(50, 550), min_size=1, max_size=3, unique=True))
def test_dates_evaluated_together_are_judged_as_each_alone(
    book: tuple[list[kc.Deal], date], offsets: list[int]
) -> None:
    """One pass over the deals for several dates gives each date what its own back-test does."""
    deals, _ = book
    dates = [DAY0 + timedelta(days=n) for n in offsets]
    policies = [p.Sleeping(), p.Abc()]
    together = kc.backtest(policies, (), deals, at=dates, horizon_days=60, currency=RUB)
    for day in dates:
        alone = kc.backtest(policies, (), deals, at=[day], horizon_days=60, currency=RUB)
        for name in alone.policies:
            assert together.evaluation(day, name) == alone.evaluation(day, name)


def test_the_account_plan_backtests_with_the_team_and_the_contact_log() -> None:
    """managers= and touches= reach each date's plan; a touch after a date changes nothing."""
    as_of = date(2026, 11, 24)
    book = kc.generate_book(40, seed=4, as_of=as_of, managers=3)
    deals = tuple(book.deals())
    touches = tuple(book.touches())
    preset = p.PolicySet.preset("erokhin", currency="RUB")
    at = [date(2026, 6, 1)]
    with_log = kc.backtest(
        preset, book.clients, deals, at=at, managers=book.managers, touches=touches
    )
    early = tuple(t for t in touches if t.on <= at[0])
    only_early = kc.backtest(
        preset, book.clients, deals, at=at, managers=book.managers, touches=early
    )
    assert "account_plan" in with_log.policies
    assert with_log.rows() == only_early.rows()
