"""Sleeping clients by their own rhythm (client-manager task 7)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyConfigError
from kam_core.policies.segmentation.sleeping import order_gaps
from kam_core.testing import deals

AS_OF = date(2026, 6, 30)


def book_stats(client_id: str, *days: date, as_of: date = AS_OF) -> kc.ClientStats:
    """Stats of a client who ordered 100 RUB on each of ``days``."""
    return kc.ClientStats(
        client_id, as_of, "RUB", orders=tuple(sorted((d, Decimal(100)) for d in days))
    )


def every(days: int, count: int, last: date) -> list[date]:
    """``count`` order dates ``days`` apart, the last on ``last``."""
    return [last - timedelta(days=days * i) for i in range(count)]


def judge(*stats: kc.ClientStats, policy: p.Sleeping | None = None) -> dict[str, kc.Decision]:
    return dict((policy or p.Sleeping()).segment(stats))


def test_client_silent_within_one_and_a_half_rhythms_is_active() -> None:
    """Rhythm 10 days, silent 15 days: 15 is not > 1.5 × 10, so still active (strict)."""
    d = judge(book_stats("C-1", *every(10, 4, AS_OF - timedelta(15))))["C-1"]
    assert d.outcome == "active"
    assert d.criterion("drowsy").observed == 15
    assert d.criterion("drowsy").threshold == Decimal(15)
    assert d.codes == ("sleeping.active", "sleeping.rhythm")  # the deciding reason first


def test_client_silent_longer_than_one_and_a_half_rhythms_is_drowsy() -> None:
    """Rhythm 10 days, silent 16 days: drowsy (> 15), not yet sleeping (≤ 20)."""
    d = judge(book_stats("C-1", *every(10, 4, AS_OF - timedelta(16))))["C-1"]
    assert d.outcome == p.Activity.DROWSY
    assert d.score == 1.6
    assert d.reasons[0].params["factor"] == Decimal("1.5")


def test_client_silent_longer_than_twice_its_rhythm_is_sleeping() -> None:
    """Rhythm 10 days, silent 21 days: sleeping (> 20), not lost (≤ 30)."""
    d = judge(book_stats("C-1", *every(10, 3, AS_OF - timedelta(21))))["C-1"]
    assert d.outcome == "sleeping"
    assert d.criterion("sleeping").passed
    assert d.criterion("lost").failed
    assert d.reasons[1].params["median"] == Decimal(10)


def test_client_silent_longer_than_three_rhythms_is_lost() -> None:
    """Rhythm 10 days, silent 31 days: lost."""
    d = judge(book_stats("C-1", *every(10, 3, AS_OF - timedelta(31))))["C-1"]
    assert d.outcome == "lost"
    assert d.codes[0] == "sleeping.lost"


def test_client_silent_over_a_year_is_lost_whatever_its_rhythm() -> None:
    """Rhythm 200 days, silent 366 days (1.83 rhythms): lost by the 365-day limit."""
    d = judge(book_stats("C-1", *every(200, 3, AS_OF - timedelta(366))))["C-1"]
    assert d.outcome == "lost"
    assert d.codes[0] == "sleeping.lost.absolute"
    assert d.criterion("lost_after_days").passed


def test_rhythm_is_the_median_of_the_clients_own_gaps() -> None:
    """Gaps 10, 20, 60 days: median 20; silent 41 days is sleeping (> 40), not lost."""
    last = AS_OF - timedelta(41)
    days = [last, last - timedelta(60), last - timedelta(80), last - timedelta(90)]
    d = judge(book_stats("C-1", *days))["C-1"]
    assert d.reasons[1].params["median"] == Decimal(20)
    assert d.outcome == "sleeping"


def test_even_number_of_gaps_takes_the_mean_of_the_middle_two() -> None:
    """Gaps 10 and 21: median 15.5; drowsy threshold 23.25, silent 24 days is drowsy."""
    last = AS_OF - timedelta(24)
    d = judge(book_stats("C-1", last, last - timedelta(21), last - timedelta(31)))["C-1"]
    assert d.reasons[1].params["median"] == Decimal("15.5")
    assert d.criterion("drowsy").threshold == Decimal("23.25")
    assert d.outcome == "drowsy"


def test_several_orders_on_one_day_are_one_order_day() -> None:
    """Two orders on one day do not make a zero-day rhythm nor count towards min_orders."""
    last = AS_OF - timedelta(5)
    twice = book_stats("C-1", last, last, last - timedelta(10))
    d = judge(twice, book_stats("C-2", *every(10, 3, AS_OF)))["C-1"]
    assert d.codes[1] == "sleeping.fallback"
    assert order_gaps(twice) == (10,)


def test_client_with_few_orders_is_compared_with_population_percentiles() -> None:
    """Pooled gaps of the population give the nearest-rank P75, P90, P95 thresholds."""
    population = [
        book_stats("C-1", *every(10, 5, AS_OF)),  # gaps 10, 10, 10, 10
        book_stats("C-2", *[AS_OF - timedelta(x) for x in (0, 20, 60, 140)]),  # 20, 40, 80
        book_stats("C-3", *[AS_OF - timedelta(x) for x in (0, 100, 300, 600)]),  # 100, 200, 300
        book_stats("C-4", AS_OF - timedelta(150)),  # one order, silent 150 days
        book_stats("C-5", AS_OF - timedelta(201), AS_OF - timedelta(250)),  # silent 201
    ]
    fitted = p.Sleeping().fit(population)
    assert fitted.fallback_days == (100, 200, 300)
    assert fitted.thresholds() == {
        "fallback_days": {"drowsy": 100, "sleeping": 200, "lost": 300},
        "population_gaps": 11,
    }
    # C-5's own gap (49) is pooled too: 10×4, 20, 40, 49, 80, 100, 200, 300 → n=11:
    # P75 = 9th = 100, P90 = 10th = 200, P95 = 11th = 300.
    one = fitted.assign(population[3])
    assert one.outcome == "drowsy"
    assert one.score is None
    assert one.codes == ("sleeping.drowsy", "sleeping.fallback")
    assert fitted.assign(population[4]).outcome == "sleeping"


def test_without_any_rhythm_in_the_population_the_answer_is_unknown() -> None:
    """Only one-order clients: no gap to learn from, so UNKNOWN with what is missing."""
    d = judge(book_stats("C-1", AS_OF - timedelta(100)))["C-1"]
    assert d.outcome == "unknown"
    assert d.missing == ("population_rhythm",)
    assert d.criterion("drowsy").unknown


def test_without_population_rhythm_a_year_of_silence_is_still_lost() -> None:
    """The absolute 365-day limit needs no rhythm."""
    d = judge(book_stats("C-1", AS_OF - timedelta(400)))["C-1"]
    assert d.outcome == "lost"
    assert d.missing == ()
    assert d.codes == ("sleeping.lost.absolute", "sleeping.fallback.unavailable")


def test_client_without_orders_is_no_orders_not_sleeping() -> None:
    """A client that never bought is one to win, documented as ``no_orders``."""
    d = judge(kc.ClientStats.empty("C-1", AS_OF, "RUB"), book_stats("C-2", AS_OF))["C-1"]
    assert d.outcome == p.Activity.NO_ORDERS
    assert d.codes == ("sleeping.no_orders",)


def test_factors_and_limits_are_settings() -> None:
    """A stricter policy (drowsy 1.2, sleeping 1.5, lost 2, 180 days) judges earlier."""
    strict = p.Sleeping(drowsy=Decimal("1.2"), sleeping=Decimal("1.5"), lost=2, lost_after_days=180)
    d = judge(book_stats("C-1", *every(10, 3, AS_OF - timedelta(16))), policy=strict)["C-1"]
    assert d.outcome == "sleeping"


def test_every_decision_explains_itself_in_both_languages() -> None:
    """No reason renders as a bare code: each has English and Russian text."""
    population = [
        book_stats("C-1", *every(10, 3, AS_OF - timedelta(21))),
        book_stats("C-2", AS_OF - timedelta(1)),
        kc.ClientStats.empty("C-3", AS_OF, "RUB"),
    ]
    for d in judge(*population).values():
        for locale in ("en", "ru"):
            text = d.explain(locale)
            assert not re.search(r"sleeping\.[a-z]", text), text
        assert d.to_dict()["policy"]["kind"] == "sleeping"


def test_factors_must_grow() -> None:
    """drowsy < sleeping < lost and growing percentiles, checked at load."""
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "sleeping", "drowsy": "2", "sleeping": "2"})
    with pytest.raises(PolicyConfigError):
        p.load({"kind": "sleeping", "fallback_percentiles": ["90", "75", "95"]})


def test_playbook_sends_sleeping_clients_to_reactivation() -> None:
    """Sleeping and lost clients get the reactivation task (КМ task 7); users override."""
    policy = p.Sleeping()
    d = judge(book_stats("C-1", *every(10, 3, AS_OF - timedelta(21))))["C-1"]
    play = policy.play_for(d)
    assert play is not None
    assert play.tasks[0] is kc.Responsibility.REACTIVATE_SLEEPING
    assert policy.playbook.play_for("lost").tasks[0] is kc.Responsibility.REACTIVATE_SLEEPING  # type: ignore[union-attr]
    mine = p.Sleeping(
        playbook=p.SLEEPING_PLAYBOOK.override(
            {"sleeping": p.Play(role=kc.Role.TELEMARKETER, contact_every_days=3)}
        )
    )
    assert mine.play_for(d).role is kc.Role.TELEMARKETER  # type: ignore[union-attr]
    assert p.load(mine.to_dict()) == mine


def test_fitted_serialises_policy_and_thresholds() -> None:
    """The fitted object is JSON-safe data: policy, as_of and fallback thresholds."""
    fitted = p.Sleeping().fit([book_stats("C-1", AS_OF)])
    data = fitted.to_dict()
    assert data["as_of"] == "2026-06-30"
    assert data["thresholds"] == {"fallback_days": None, "population_gaps": 0}
    assert p.load(data["policy"]) == p.Sleeping()


# -- properties -------------------------------------------------------------------------

policies = st.builds(
    p.Sleeping,
    drowsy=st.decimals("1.1", "1.9", places=1),
    sleeping=st.decimals("2", "2.9", places=1),
    lost=st.decimals("3", "6", places=1),
    lost_after_days=st.integers(30, 1000),
    min_orders=st.integers(2, 6),
)


@settings(max_examples=60)
@given(policies)
def test_policy_round_trips_through_load(policy: p.Sleeping) -> None:
    """p.load(policy.to_dict()) == policy, and through JSON too."""
    assert p.load(policy.to_dict()) == policy
    assert p.load(policy.to_json()) == policy


@settings(max_examples=60)
@given(st.lists(deals(end=date(2027, 6, 1)), max_size=25), st.randoms(use_true_random=False))
def test_deals_after_as_of_and_input_order_change_nothing(book: list[kc.Deal], rnd: object) -> None:
    """Adding deals closed after as_of, or shuffling the book, leaves every decision as it was."""
    ids = ("C-1", "C-2", "C-3")
    before = [d for d in book if d.closed_on is None or d.closed_on <= AS_OF]
    stats_all = kc.build_stats(book, as_of=AS_OF, currency="RUB", clients=ids)
    stats_before = kc.build_stats(before, as_of=AS_OF, currency="RUB", clients=ids)
    shuffled = list(stats_all.values())
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = p.Sleeping().segment(shuffled)
    b = p.Sleeping().segment(stats_before.values())
    assert {k: v.to_dict() for k, v in a.items()} == {k: v.to_dict() for k, v in b.items()}
    assert list(a) == sorted(a)


_LEVEL = {"active": 0, "drowsy": 1, "sleeping": 2, "lost": 3}


@settings(max_examples=60)
@given(
    st.lists(st.integers(0, 900), min_size=1, max_size=8, unique=True),
    st.integers(0, 400),
    st.integers(1, 400),
)
def test_more_silence_never_wakes_a_client(days_ago: list[int], start: int, more: int) -> None:
    """With the same orders, a later as_of never gives a more active outcome."""
    base = date(2024, 1, 1)
    order_days = [base - timedelta(days=d) for d in days_ago]
    early, late = base + timedelta(days=start), base + timedelta(days=start + more)
    other = [base - timedelta(days=d) for d in (0, 10, 30, 60)]  # a population rhythm
    levels = []
    for as_of in (early, late):
        book = [book_stats("C-1", *order_days, as_of=as_of), book_stats("C-2", *other, as_of=as_of)]
        levels.append(_LEVEL[str(p.Sleeping().segment(book)["C-1"].outcome)])
    assert levels[0] <= levels[1]
