"""ABCD analysis: purchases × headroom, on books computed by hand."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import CurrencyMismatchError
from kam_core.policies.segmentation import (
    UNKNOWN,
    FittedAbcd,
)
from tests.policies.segmentation.books import book, client, outcomes, stats

# --------------------------------------------------------------------------------------
# ABCD


def test_abcd_reads_purchases_and_headroom() -> None:
    """A buys a lot with headroom; B a lot at 22.5 %; C little at 10 %; D little at 50 %."""
    population = book(C1=900, C2=900, C3=100, C4=100)
    # ABC: 900, 900 → A, A (second starts at 45 %); 100 starts at 90 % → B; last C
    clients = [
        client("C1", 10_000),
        client("C2", 4_000),
        client("C3", 1_000),
        client("C4", 200),
    ]
    segments = p.Abcd().segment(population, clients=clients)
    assert outcomes(segments) == {"C1": "A", "C2": "B", "C3": "C", "C4": "D"}
    strategies = {c: d.reasons[-1].params["strategy"] for c, d in segments.items()}
    assert strategies == {
        "C1": "develop",
        "C2": "defend",
        "C3": "develop_selectively",
        "C4": "serve_at_minimum_cost",
    }
    c2 = segments["C2"]
    assert c2.reasons[0].params["wallet_pct"] == Decimal("22.50")
    assert c2.criterion("headroom").observed == Decimal("0.225")
    assert c2.criterion("headroom").failed
    assert "сегмент B «Потолок»" in c2.explain("ru")
    assert "- Стратегия — защищать: лояльность, барьеры перехода, сервис" in c2.explain("ru")
    assert "клиента ведёт КМ, контакт раз в 14 дней" in c2.explain("ru")


def test_share_of_wallet_exactly_at_the_threshold_leaves_no_headroom() -> None:
    """900 of 4500 is exactly 20 %: headroom needs less than 20 %, so B, not A."""
    d = p.Abcd().segment(book(C1=900), clients=[client("C1", 4_500)])["C1"]
    assert d.outcome == "B"


def test_abcd_is_unknown_without_potential() -> None:
    """No potential, or no client record: 'unknown' with abcd.potential.unknown."""
    segments = p.Abcd().segment(book(C1=900, C2=100), clients=[client("C1", None)])
    for d in segments.values():
        assert d.outcome == UNKNOWN
        assert d.missing == ("potential",)
        assert d.codes == ("abcd.potential.unknown",)


def test_abcd_zero_potential_means_no_headroom() -> None:
    """A client whose estimated spend is zero cannot buy more: B or D."""
    d = p.Abcd().segment(book(C1=900), clients=[client("C1", 0)])["C1"]
    assert d.outcome == "B"
    assert d.criterion("headroom").observed is None


def test_abcd_refuses_a_potential_in_another_currency() -> None:
    """Potential in dollars against rouble revenue is misuse."""
    client = kc.Client(id="C1", name="X", potential=kc.Money("1", "USD"))
    with pytest.raises(CurrencyMismatchError):
        p.Abcd().segment(book(C1=900), clients=[client])


def test_abcd_inactive_preset_reads_d_as_no_orders_in_the_window() -> None:
    """Preset inactive_d: ABC classes for active clients, D for a client silent 12 months."""
    population = [*book(C1=900, C2=90), stats("C3", (date(2025, 1, 1), 5_000))]
    policy = p.Abcd.preset("inactive_d")
    segments = policy.segment(population)
    assert outcomes(segments) == {"C1": "A", "C2": "B", "C3": "D"}
    assert segments["C3"].codes == ("abcd.inactive", "abcd.play")
    assert segments["C3"].reasons[-1].params["strategy"] == "reactivate"
    assert segments["C1"].codes[0] == "abcd.active"
    assert p.Abcd.preset("wallet") == p.Abcd()
    with pytest.raises(ValueError, match="inactive_d"):
        p.Abcd.preset("nope")


def test_abcd_without_a_play_for_the_segment_still_decides() -> None:
    """An empty playbook: the segment is decided, no strategy reason is added."""
    d = p.Abcd(playbook=p.Playbook(plays={})).segment(book(C1=9), clients=[client("C1", 10)])
    assert (d["C1"].outcome, d["C1"].codes) == ("B", ("abcd.segment",))


def test_a_users_own_position_and_strategy_read_in_the_play_reason() -> None:
    """A Position owns the play: its title is shown; an unknown strategy code in words."""
    desk = kc.Position(name="key_desk", function=kc.Function.FARMER, title="Отдел сетей")
    plays = {"B": p.Play(role=desk, contact_every_days=7, strategy="hold_the_line")}
    policy = p.Abcd(playbook=p.abcd_playbook().override(plays))
    d = policy.segment(book(C1=9), clients=[client("C1", 10)])["C1"]
    assert "- Стратегия — hold the line; клиента ведёт Отдел сетей, контакт раз в 7 дней" in (
        d.explain("ru")
    )
    assert p.load(policy.to_dict()) == policy


def test_abcd_is_unknown_when_its_abc_is_unknown() -> None:
    """Margin ABC without margins: the ABCD segment is unknown too."""
    policy = p.Abcd(abc=p.Abc(metric="margin", window_months=None))
    d = policy.segment(book(C1=5), clients=[client("C1", 100)])["C1"]
    assert (d.outcome, d.codes) == (UNKNOWN, ("abcd.abc.unknown",))


def test_fitted_abcd_round_trips() -> None:
    """The fitted ABCD serialises and rebuilds equal."""
    fitted = p.Abcd().fit(book(C1=5, C2=3))
    assert FittedAbcd.from_dict(json.loads(json.dumps(fitted.to_dict()))) == fitted
