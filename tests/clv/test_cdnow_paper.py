"""kam_core reproduces the published BG/NBD and Gamma-Gamma estimates on the CDNOW sample.

Fader, Hardie & Lee (2005), "Counting your customers the easy way", table 1 / section 4:
r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4 (2,357 customers, 39 weeks).
Fader & Hardie (2013), "The Gamma-Gamma model of monetary value": p = 6.25, q = 3.74,
γ = 15.44 on the 946 customers with repeat purchases in the calibration period.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from decimal import Decimal

import pytest

from kam_core import policies as p
from kam_core._clv import bg_nbd, gamma_gamma
from kam_core._clv.params import BgNbdParams, GammaGammaParams
from tests.clv import cdnow

PAPER = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PAPER_LL = -9582.4
NOTE = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def _as_published(params: dict[str, float], digits: int) -> dict[str, float]:
    return {k: round(v, digits) for k, v in params.items()}


def test_data_files_are_the_bytes_the_lifetimes_wheel_ships() -> None:
    """The copies under tests/data hash to the sha256 recorded in tests/data/README.md."""
    readme = (cdnow.DATA / "README.md").read_text(encoding="utf-8")
    for name in ("cdnow_sample.txt", "cdnow_summary.csv"):
        digest = hashlib.sha256((cdnow.DATA / name).read_bytes()).hexdigest()
        assert f"| `{name}` |" in readme
        assert digest in readme, name


def test_the_sample_has_2357_customers_and_6919_purchases() -> None:
    """The transaction log and the summary describe the same 2,357 customers."""
    assert len(cdnow.purchases()) == 6919
    assert {s.customer for s in cdnow.summary()} == {x.customer for x in cdnow.purchases()}
    assert len(cdnow.summary()) == 2357
    assert len(cdnow.calibration_stats()) == 2357


def test_kam_core_histories_are_the_papers_calibration_summary() -> None:
    """x = order days − 1, t_x and T in weeks, zbar = mean repeat-day amount: as published."""
    stats = cdnow.calibration_stats()
    for row in cdnow.summary():
        s = stats[cdnow.client_id(row.customer)]
        days = sorted(set(s.order_dates))
        assert len(days) - 1 == row.x
        assert round((days[-1] - days[0]).days / 7, 2) == row.t_x
        assert round((cdnow.CALIBRATION_END - days[0]).days / 7, 2) == row.T
        by_day: dict[object, Decimal] = defaultdict(Decimal)
        for day, amount in s.orders:
            by_day[day] += amount
        repeat = [by_day[d] for d in days[1:]]
        mean = sum(repeat, Decimal(0)) / len(repeat) if repeat else Decimal(0)
        assert abs(mean - Decimal(repr(row.zbar))) <= Decimal("0.005")


def test_bg_nbd_on_the_published_summary_gives_the_papers_estimates() -> None:
    """The summary as the paper prints it (two decimals) gives r, α, a, b and LL to its digits."""
    rows = cdnow.summary()
    fit = bg_nbd.fit([r.x for r in rows], [r.t_x for r in rows], [r.T for r in rows])
    assert _as_published(fit.params.as_dict(), 3) == PAPER
    assert round(fit.log_likelihood, 1) == PAPER_LL
    assert (fit.customers, fit.repeat_buyers) == (2357, 946)


def test_the_papers_estimates_have_the_papers_log_likelihood() -> None:
    """At the published r, α, a, b the log-likelihood of the summary is −9582.4."""
    rows = cdnow.summary()
    ll = bg_nbd.log_likelihood(
        BgNbdParams(**PAPER), [r.x for r in rows], [r.t_x for r in rows], [r.T for r in rows]
    )
    assert round(ll, 1) == PAPER_LL


def test_p_alive_fitted_on_the_transactions_gives_the_papers_estimates() -> None:
    """Deals → kc.build_stats as of 1997-09-30 → PAlive(weeks): the paper's table."""
    fitted = p.PAlive(time_unit="weeks").fit(cdnow.calibration_stats())
    assert _as_published(fitted.params, 3) == PAPER
    assert round(fitted.log_likelihood, 1) == PAPER_LL
    assert (fitted.clients, fitted.repeat_buyers) == (2357, 946)


def test_gamma_gamma_on_exact_repeat_spend_gives_the_notes_estimates() -> None:
    """With spend on, the 946 repeat buyers' exact mean spend gives p, q, γ to the note's digits."""
    # the summary's two-decimal zbar gives γ = 15.448 (15.45): the note's 15.44 needs the
    # amounts as the transaction log has them, which is what kam_core reads; −4055.9177 is
    # the log-likelihood CLVTools' tests record for the same fit
    fitted = p.PAlive(time_unit="weeks", spend=True).fit(cdnow.calibration_stats())
    assert fitted.spend_params is not None
    assert _as_published(fitted.spend_params, 2) == NOTE
    assert fitted.spend_clients == 946
    assert fitted.spend_log_likelihood == pytest.approx(-4055.9177, abs=5e-5)
    assert fitted.currency == "USD"


def test_gamma_gamma_on_the_rounded_summary_misses_the_last_digit_of_gamma() -> None:
    """The two-decimal zbar of the summary: p and q as published, γ 15.448 (documented)."""
    rows = [r for r in cdnow.summary() if r.x > 0]
    fit = gamma_gamma.fit([r.x for r in rows], [r.zbar for r in rows])
    got = _as_published(fit.params.as_dict(), 2)
    assert (got["p"], got["q"]) == (NOTE["p"], NOTE["q"])
    assert round(fit.params.gamma, 3) == 15.448


def test_days_and_weeks_fit_one_model() -> None:
    """time_unit only changes α's unit (×7) and the likelihood by Σx·ln 7, never P(alive)."""
    stats = cdnow.calibration_stats()
    weeks = p.PAlive(time_unit="weeks").fit(stats)
    days = p.PAlive(time_unit="days").fit(stats)
    for name in ("r", "a", "b"):
        assert days.params[name] == pytest.approx(weeks.params[name], rel=1e-5)
    assert days.params["alpha"] == pytest.approx(7 * weeks.params["alpha"], rel=1e-5)
    repeat = sum(s.x for s in cdnow.summary())
    assert days.log_likelihood == pytest.approx(
        weeks.log_likelihood - repeat * math.log(7), abs=1e-6
    )
    for cid in ("CD-0001", "CD-0002", "CD-1000"):
        assert days.p_alive(stats[cid]) == pytest.approx(weeks.p_alive(stats[cid]), abs=1e-6)


def test_customer_one_of_the_sample_as_the_papers_formulas_give() -> None:
    """Customer 1 (x=2, t_x=30.43, T=38.86): P(alive) 0.727, 1.226 orders in 39 weeks."""
    # the same figures lifetimes 0.11.3 gives at the published parameters
    model = BgNbdParams(**PAPER)
    assert round(model.p_alive(2, 30.43, 38.86), 3) == 0.727
    assert round(model.expected_purchases(39.0, x=2, t_x=30.43, T=38.86), 3) == 1.226
    spend = GammaGammaParams(**NOTE)
    assert round(spend.expected_spend(2, 22.35) or 0.0, 2) == 24.66
