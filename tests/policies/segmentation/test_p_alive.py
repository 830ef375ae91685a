"""PAlive: the BG/NBD segmentation as a policy — data, fit, decisions, refusals, analyze."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core._clv.params import BgNbdParams, GammaGammaParams
from kam_core.errors import CurrencyMismatchError, PolicyConfigError, PolicyEvaluationError
from tests.clv import cdnow

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(300, seed=7, as_of=AS_OF)


@pytest.fixture(scope="module")
def stats(book: kc.SyntheticBook) -> dict[str, kc.ClientStats]:
    return kc.build_stats(book.deals(), as_of=AS_OF)


@pytest.fixture(scope="module")
def fitted(stats: dict[str, kc.ClientStats]) -> p.PAliveFitted:
    return p.PAlive().fit(stats)


@pytest.fixture(scope="module")
def cdnow_fitted() -> p.PAliveFitted:
    return p.PAlive(spend=True).fit(cdnow.calibration_stats())


def _client(cid: str, *days: date, amount: str = "100", as_of: date = AS_OF) -> kc.ClientStats:
    return kc.ClientStats(cid, as_of, "RUB", [(d, Decimal(amount)) for d in days])


def _varied_book(n: int = 60, *, seed: int = 11, currency: str = "RUB") -> list[kc.ClientStats]:
    """Clients with their own rhythms and amounts, some stopped: a book BG/NBD can read."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        first = AS_OF - timedelta(days=rnd.randint(60, 700))
        gap = rnd.randint(5, 90)
        orders = [first]
        stop = rnd.random() < 0.3
        while orders[-1] + timedelta(days=gap) <= AS_OF and not (stop and rnd.random() < 0.3):
            orders.append(orders[-1] + timedelta(days=max(1, int(rnd.expovariate(1 / gap)))))
            if orders[-1] > AS_OF:
                orders.pop()
                break
        amounts = [Decimal(rnd.randint(500, 5000)) for _ in orders]
        out.append(
            kc.ClientStats(f"C-{i:03}", AS_OF, currency, list(zip(orders, amounts, strict=True)))
        )
    return out


# ------------------------------------------------------------------------------------
# a policy is data


def test_p_alive_is_data_that_loads_back_from_its_dict_and_json() -> None:
    """p.load(policy.to_dict()) == policy, through JSON too, with one fingerprint."""
    policy = p.PAlive(time_unit="days", cutoffs=(0.2, 0.8), horizon_days=30, spend=True)
    assert policy.kind == "p_alive"
    assert p.load(policy.to_dict()) == policy
    assert p.load(policy.to_json()).fingerprint == policy.fingerprint
    assert p.PAlive(version="2026-11").fingerprint == p.PAlive().fingerprint
    assert p.PAlive(time_unit="days").fingerprint != p.PAlive().fingerprint


def test_p_alive_sits_in_a_policy_set_beside_sleeping() -> None:
    """A policy set with Sleeping and PAlive round-trips as one piece of data."""
    policies = p.PolicySet(policies=(p.Sleeping(), p.PAlive()))
    assert p.PolicySet.model_validate(policies.to_dict()) == policies
    assert policies.get("p_alive") == p.PAlive()


@pytest.mark.parametrize(
    ("config", "path"),
    [
        ({"cutoffs": [0.7, 0.3]}, ""),
        ({"cutoffs": [0.0, 0.5]}, "cutoffs[0]"),
        ({"time_unit": "months"}, "time_unit"),
        ({"horizon_days": 0}, "horizon_days"),
        ({"min_clients": 1}, "min_clients"),
    ],
)
def test_a_configuration_the_model_cannot_use_is_refused_at_load(
    config: dict[str, object], path: str
) -> None:
    """Falling cut-offs, a cut-off of 0, months, an empty horizon: refused with the path."""
    with pytest.raises(PolicyConfigError) as caught:
        p.load({"kind": "p_alive", **config})
    problem = caught.value.problems[0]
    assert problem.path == path
    assert next(iter(config)) in str(problem)


# ------------------------------------------------------------------------------------
# fitting


def test_fit_takes_what_build_stats_returns_or_its_values(
    stats: dict[str, kc.ClientStats], fitted: p.PAliveFitted
) -> None:
    """The mapping kc.build_stats() gives, its values or a list: one and the same fit."""
    assert p.PAlive().fit(stats.values()) == fitted
    assert p.PAlive().fit(list(reversed(list(stats.values())))) == fitted
    assert fitted.as_of == AS_OF


def test_fitted_params_are_the_papers_four(fitted: p.PAliveFitted) -> None:
    """fitted.params is {"r", "alpha", "a", "b"}, all positive; no spend model by default."""
    assert set(fitted.params) == {"r", "alpha", "a", "b"}
    assert all(v > 0 for v in fitted.params.values())
    assert fitted.spend_params is None
    assert (fitted.clients, fitted.repeat_buyers) == (299, 281)


def test_fit_is_bit_identical_run_after_run(stats: dict[str, kc.ClientStats]) -> None:
    """Two fits of one book: the same floats to the last bit, the same decisions."""
    first, again = p.PAlive().fit(stats), p.PAlive().fit(stats)
    assert first.params == again.params
    assert first.log_likelihood == again.log_likelihood
    cid = "C-000012"
    assert first.assign(stats[cid]).to_dict() == again.assign(stats[cid]).to_dict()


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=30))
def test_orders_after_as_of_never_change_the_fit(later: list[int]) -> None:
    """Deals closed after as_of, fed to build_stats or put into stats by hand, change nothing."""
    base = _varied_book()
    want = p.PAlive().fit(base)
    rnd = random.Random(len(later))
    grown = []
    for s in base:
        extra = [(AS_OF + timedelta(days=d), Decimal(999)) for d in later if rnd.random() < 0.5]
        grown.append(kc.ClientStats(s.client_id, AS_OF, "RUB", [*s.orders, *extra]))
    got = p.PAlive().fit(grown)
    assert got.params == want.params
    for before, after in zip(base, grown, strict=True):
        assert got.assign(after).to_dict() == want.assign(before).to_dict()


def test_deals_after_as_of_are_not_read_by_build_stats_or_the_fit() -> None:
    """The CDNOW holdout (weeks 40-78) in the deals: the calibration fit is unchanged."""
    all_deals = cdnow.deals()
    stats = kc.build_stats(all_deals, as_of=cdnow.CALIBRATION_END)
    assert p.PAlive().fit(stats).params == p.PAlive().fit(cdnow.calibration_stats()).params


# ------------------------------------------------------------------------------------
# decisions


def test_label_is_the_outcome_assign_explains(
    stats: dict[str, kc.ClientStats], fitted: p.PAliveFitted
) -> None:
    """For every client of a realistic book, label() == assign().outcome."""
    for s in stats.values():
        assert fitted.label(s) == fitted.assign(s).outcome


def test_outcomes_follow_the_cutoffs(
    stats: dict[str, kc.ClientStats], fitted: p.PAliveFitted
) -> None:
    """alive from the upper cut-off, probably gone below the lower one, at risk between."""
    seen = set()
    for s in stats.values():
        d = fitted.assign(s)
        seen.add(d.outcome)
        probability = fitted.p_alive(s)
        if probability is None:
            assert d.outcome == "no_orders"
        elif probability >= 0.7:
            assert d.outcome == "alive"
        elif probability < 0.3:
            assert d.outcome == "probably_gone"
        else:
            assert d.outcome == "at_risk"
    assert seen == set(p.P_ALIVE_PLAYBOOK.plays)


def test_tighter_cutoffs_move_clients_from_alive_to_at_risk(
    stats: dict[str, kc.ClientStats],
) -> None:
    """Cut-offs are data: raising the alive cut-off only ever moves clients down."""
    loose, strict = p.PAlive().fit(stats), p.PAlive(cutoffs=(0.3, 0.995)).fit(stats)
    moved = 0
    for s in stats.values():
        before, after = loose.label(s), strict.label(s)
        if before != after:
            moved += 1
            assert (before, after) == ("alive", "at_risk")
    assert moved > 0


def test_decision_shows_p_alive_and_the_orders_to_expect(
    stats: dict[str, kc.ClientStats], fitted: p.PAliveFitted
) -> None:
    """Criteria carry the probability and the expected orders; reasons are p_alive.* codes."""
    s = stats["C-000012"]
    d = fitted.assign(s)
    assert d.outcome == "at_risk"
    alive, gone, orders = (d.criterion(n) for n in ("alive", "probably_gone", "expected_orders"))
    assert alive.failed
    assert alive.observed == fitted.p_alive(s)
    assert alive.threshold == 0.7
    assert gone.failed
    assert gone.threshold == 0.3
    assert orders.passed
    assert orders.observed == fitted.expected_orders(s)
    assert d.score == round(fitted.p_alive(s) or 0.0, 3)
    assert d.codes == ("p_alive.at_risk", "p_alive.history", "p_alive.expected_orders")
    assert d.policy == p.PAlive().ref
    json.dumps(d.to_dict())


def test_expected_orders_over_another_horizon(
    stats: dict[str, kc.ClientStats], fitted: p.PAliveFitted
) -> None:
    """A longer horizon expects more orders; the policy's horizon is the default."""
    s = stats["C-000001"]
    quarter = fitted.expected_orders(s)
    assert quarter == fitted.expected_orders(s, horizon_days=91)
    assert quarter is not None
    year = fitted.expected_orders(s, horizon_days=365)
    assert year is not None
    assert year > quarter


def test_a_client_who_bought_recently_is_likelier_alive_than_one_long_silent(
    fitted: p.PAliveFitted,
) -> None:
    """Same five order days, the last a week ago or a year ago: the recent one is alive."""
    gaps = [timedelta(days=20 * k) for k in range(5)]
    recent = _client("C-R", *(AS_OF - timedelta(days=87) + g for g in gaps))
    silent = _client("C-S", *(AS_OF - timedelta(days=445) + g for g in gaps))
    p_recent, p_silent = fitted.p_alive(recent), fitted.p_alive(silent)
    assert p_recent is not None
    assert p_silent is not None
    assert p_recent > p_silent
    assert fitted.label(recent) == "alive"


def test_a_client_with_one_order_day_is_alive_and_the_decision_says_why(
    fitted: p.PAliveFitted,
) -> None:
    """BG/NBD lets a client stop only after a repeat order: alive, with the caveat as a reason."""
    once = _client("C-1", AS_OF - timedelta(days=300), AS_OF - timedelta(days=300))
    d = fitted.assign(once)
    assert (d.outcome, d.score) == ("alive", 1.0)
    assert d.codes[:2] == ("p_alive.alive", "p_alive.single_purchase")
    assert "until it orders again" in d.explain("en")
    assert "пока он не закажет повторно" in d.explain("ru")


def test_a_client_without_orders_is_one_still_to_win(fitted: p.PAliveFitted) -> None:
    """No order up to as_of: no_orders, a failed orders criterion, no probability."""
    nobody = kc.ClientStats.empty("C-0", AS_OF, "RUB")
    d = fitted.assign(nobody)
    assert d.outcome == fitted.label(nobody) == "no_orders"
    assert d.codes == ("p_alive.no_orders",)
    assert d.criterion("orders").failed
    assert fitted.p_alive(nobody) is None
    assert fitted.expected_orders(nobody) is None
    assert fitted.expected_order_value(nobody) is None


def test_stats_of_another_date_are_refused(fitted: p.PAliveFitted) -> None:
    """A fitted model judges clients as of its own date only."""
    other = _client("C-9", date(2026, 1, 1), as_of=date(2026, 6, 1))
    for judge in (fitted.assign, fitted.label, fitted.p_alive, fitted.expected_orders):
        with pytest.raises(PolicyEvaluationError, match="fitted as of 2026-11-24"):
            judge(other)


def test_explanations_read_in_words_not_identifiers(
    stats: dict[str, kc.ClientStats], fitted: p.PAliveFitted
) -> None:
    """Every explanation, in English and Russian, shows no code identifier."""
    for s in list(stats.values())[:60]:
        for locale in ("en", "ru"):
            text = fitted.assign(s).explain(locale)
            assert "_" not in text.replace(s.client_id, ""), text
    probably_gone = next(s for s in stats.values() if fitted.label(s) == "probably_gone")
    assert "скорее всего ушёл" in fitted.assign(probably_gone).explain("ru")
    assert "probably gone" in fitted.assign(probably_gone).explain("en")


def test_fitted_to_dict_records_what_the_fit_learned(fitted: p.PAliveFitted) -> None:
    """to_dict(): the policy, as_of, parameters, likelihood and counts, JSON-safe."""
    data = json.loads(json.dumps(fitted.to_dict()))
    assert p.load(data["policy"]) == fitted.policy
    assert data["as_of"] == "2026-11-24"
    assert data["thresholds"]["params"] == fitted.params
    assert data["thresholds"]["time_unit"] == "weeks"
    assert data["thresholds"]["clients"] == 299


def test_each_segment_has_a_play(stats: dict[str, kc.ClientStats], fitted: p.PAliveFitted) -> None:
    """At-risk clients go to their client manager weekly; probably gone ones to a hunter."""
    policy = fitted.policy
    at_risk = fitted.assign(stats["C-000012"])
    play = policy.play_for(at_risk)
    assert play is not None
    assert play.role is kc.Role.CLIENT_MANAGER
    assert play.contact_every_days == 7
    gone = next(s for s in stats.values() if fitted.label(s) == "probably_gone")
    gone_play = policy.play_for(fitted.assign(gone))
    assert gone_play is not None
    assert gone_play.role is kc.Role.DEVELOPMENT_SPECIALIST


def test_segment_fits_and_assigns_the_whole_book(
    stats: dict[str, kc.ClientStats], fitted: p.PAliveFitted
) -> None:
    """segment() takes the mapping too and gives every client's decision by id."""
    segments = p.PAlive().segment(stats)
    assert list(segments) == sorted(stats)
    assert segments["C-000012"].to_dict() == fitted.assign(stats["C-000012"]).to_dict()


# ------------------------------------------------------------------------------------
# spend

CENT = Decimal("0.01")


def test_spend_gives_the_expected_average_order_and_revenue(cdnow_fitted: p.PAliveFitted) -> None:
    """CDNOW customer 1: the expected average order and revenue in dollars, to the cent."""
    s = cdnow.calibration_stats()["CD-0001"]
    d = cdnow_fitted.assign(s)
    value = d.criterion("expected_order_value").observed
    revenue = d.criterion("expected_revenue").observed
    assert isinstance(value, kc.Money)
    assert value.currency == "USD"
    assert value == cdnow_fitted.expected_order_value(s)
    orders = cdnow_fitted.expected_orders(s)
    assert orders is not None
    cents = (Decimal(repr(orders)) * value.amount).quantize(CENT, ROUND_HALF_UP)
    assert revenue == kc.Money(cents, "USD")
    assert value.amount == value.amount.quantize(Decimal("0.01"))
    assert d.codes[-1] == "p_alive.expected_spend"


def test_a_client_without_repeat_orders_is_expected_to_spend_the_books_average(
    cdnow_fitted: p.PAliveFitted,
) -> None:
    """x = 0: the Gamma-Gamma population mean pγ / (q − 1), in the book's currency."""
    s = cdnow.calibration_stats()["CD-0003"]
    assert len(set(s.order_dates)) == 1
    model = cdnow_fitted.spend_model
    assert model is not None
    assert model.population_mean is not None
    value = cdnow_fitted.expected_order_value(s)
    assert value == kc.Money(
        Decimal(repr(model.population_mean)).quantize(CENT, ROUND_HALF_UP), "USD"
    )


def test_repeat_orders_worth_nothing_leave_the_spend_unknown(
    cdnow_fitted: p.PAliveFitted,
) -> None:
    """Repeat orders of 0 dollars: the spend criteria are unknown and the reason says why."""
    day = cdnow.CALIBRATION_END - timedelta(days=30)
    free = kc.ClientStats(
        "CD-FREE",
        cdnow.CALIBRATION_END,
        "USD",
        [(day, Decimal(20)), (day + timedelta(days=3), Decimal(0))],
    )
    d = cdnow_fitted.assign(free)
    assert d.criterion("expected_order_value").unknown
    assert d.criterion("expected_revenue").unknown
    assert d.codes[-1] == "p_alive.spend.non_positive"
    assert cdnow_fitted.expected_order_value(free) is None
    assert "total $0," in d.explain("en")


def test_a_spend_model_without_a_finite_average_says_so(stats: dict[str, kc.ClientStats]) -> None:
    """q ≤ 1 has no average order for clients without repeat orders: unknown, explained."""
    fitted = p.PAliveFitted(
        policy=p.PAlive(spend=True),
        as_of=AS_OF,
        model=BgNbdParams(r=1.0, alpha=5.0, a=0.8, b=3.0),
        log_likelihood=-1.0,
        clients=1,
        repeat_buyers=1,
        spend_model=GammaGammaParams(p=2.0, q=0.9, gamma=100.0),
        spend_clients=1,
        currency="RUB",
    )
    once = _client("C-1", AS_OF - timedelta(days=10))
    d = fitted.assign(once)
    assert d.codes[-1] == "p_alive.spend.no_average"
    assert fitted.expected_order_value(once) is None


def test_a_spend_model_that_does_not_converge_is_refused_with_the_way_out(
    stats: dict[str, kc.ClientStats],
) -> None:
    """Generated spend, 3 000 to 29 million a client: Gamma-Gamma refused, with the way out."""
    with pytest.raises(
        PolicyEvaluationError, match=r"Gamma-Gamma fit did not converge.*spend=False"
    ):
        p.PAlive(spend=True).fit(stats)


def test_spend_needs_one_currency() -> None:
    """With spend on, a book in two currencies is refused: amounts are never converted."""
    book = _varied_book(40) + _varied_book(30, seed=12, currency="USD")
    book = [kc.ClientStats(f"X-{i:03}", s.as_of, s.currency, s.orders) for i, s in enumerate(book)]
    with pytest.raises(CurrencyMismatchError):
        p.PAlive(spend=True).fit(book)
    assert p.PAlive().fit(book).currency is None


def test_spend_on_too_few_repeat_buyers_is_refused_and_says_how_to_go_on() -> None:
    """The spend model needs min_repeat_buyers with positive repeat orders, or spend=False."""
    book = []
    for i, s in enumerate(_varied_book()):
        first = s.first_order_on
        free = [(d, a if d == first or i < 5 else Decimal(0)) for d, a in s.orders]
        book.append(kc.ClientStats(s.client_id, AS_OF, "RUB", free))
    assert p.PAlive().fit(book).repeat_buyers >= 10
    with pytest.raises(PolicyEvaluationError, match=r"only \d clients have repeat orders with a"):
        p.PAlive(spend=True).fit(book)


# ------------------------------------------------------------------------------------
# refusals


def test_too_few_clients_are_refused_naming_the_setting() -> None:
    """Fewer clients with orders than min_clients: refused, with the count and the setting."""
    with pytest.raises(
        PolicyEvaluationError, match=r"5 clients have orders, at least min_clients=30"
    ):
        p.PAlive().fit(_varied_book(5))


def test_too_few_repeat_buyers_are_refused_naming_the_setting() -> None:
    """Fewer clients with a second order day than min_repeat_buyers: refused."""
    book = [_client(f"C-{i}", AS_OF - timedelta(days=50 + i)) for i in range(40)]
    book += [_client("C-R", AS_OF - timedelta(days=90), AS_OF - timedelta(days=30))]
    with pytest.raises(PolicyEvaluationError, match=r"only 1 of the 41 .* min_repeat_buyers=10"):
        p.PAlive().fit(book)


def test_a_book_without_repeat_buyers_is_refused() -> None:
    """Nobody ordered on a second day: nothing shows how often clients buy or stop."""
    book = [_client(f"C-{i}", AS_OF - timedelta(days=50 + i)) for i in range(40)]
    with pytest.raises(PolicyEvaluationError, match="none of the 40 clients with orders"):
        p.PAlive().fit(book)


def test_a_book_whose_clients_all_started_today_is_refused() -> None:
    """Every first order on as_of: no time observed (every T = 0)."""
    book = [_client(f"C-{i}", AS_OF, AS_OF) for i in range(40)]
    with pytest.raises(PolicyEvaluationError, match=r"every T = 0"):
        p.PAlive().fit(book)


def test_a_book_the_model_cannot_pin_down_is_refused_with_the_date() -> None:
    """Identical rhythms: the fit does not converge, and the refusal names policy and date."""
    start = AS_OF - timedelta(days=300)
    book = [
        _client(f"C-{i:02}", *(start + timedelta(days=20 * k) for k in range(1 + i % 11)))
        for i in range(60)
    ]
    with pytest.raises(
        PolicyEvaluationError, match=r"cannot fit p_alive as of 2026-11-24: the BG/NBD"
    ):
        p.PAlive().fit(book)


def test_an_empty_population_is_refused() -> None:
    """No stats at all: refused like every segmentation."""
    with pytest.raises(PolicyEvaluationError, match="empty population"):
        p.PAlive().fit({})


# ------------------------------------------------------------------------------------
# the whole book


def test_analyze_runs_p_alive_beside_sleeping(
    book: kc.SyntheticBook, stats: dict[str, kc.ClientStats], fitted: p.PAliveFitted
) -> None:
    """kc.analyze(..., policies=[Sleeping(), PAlive()]): a p_alive label on every row."""
    report = kc.analyze(
        book.clients, book.deals(), as_of=AS_OF, policies=[p.Sleeping(), p.PAlive()]
    )
    rows = {r["client_id"]: r for r in report.rows()}
    assert set(rows) == set(stats)
    for cid, s in stats.items():
        assert rows[cid]["p_alive"] == fitted.label(s)
    assert report.counts("p_alive") == {
        label: sum(1 for s in stats.values() if fitted.label(s) == label)
        for label in sorted({fitted.label(s) for s in stats.values()})
    }
    explained = report.row("C-000012").decision("p_alive")
    assert explained is not None
    assert explained.to_dict() == fitted.assign(stats["C-000012"]).to_dict()
