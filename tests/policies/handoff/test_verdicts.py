"""Handoffs that read another policy's verdict instead of deciding it again."""

from __future__ import annotations

from datetime import date

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyConfigError

AS_OF = date(2026, 11, 24)
ASLEEP = p.Segment(of="sleeping", labels=("sleeping", "lost"))
KEY = p.Segment(of="key_account", labels=("key_account", "national_account"))


def _stats(client_id: str, orders: int) -> kc.ClientStats:
    deals = [
        kc.Deal(
            id=f"D-{client_id}-{m}",
            client_id=client_id,
            status="won",
            opened_on=date(2026, m, 1),
            closed_on=date(2026, m, 2),
            amount=kc.Money("100000", "RUB"),
        )
        for m in range(1, orders + 1)
    ]
    return kc.ClientStats.from_deals(deals, client_id=client_id, as_of=AS_OF)


def test_reactivation_hands_over_exactly_the_clients_the_sleeping_verdict_names() -> None:
    """With when=Segment(...), reactivation follows the given verdict, not its own rhythm."""
    rule = p.Reactivation(when=ASLEEP)
    client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.CLIENT_MANAGER)
    stats = _stats("C-1", 10)  # ordered monthly until October: awake by its own rhythm
    asleep = rule.evaluate(client, stats, as_of=AS_OF, verdicts={"sleeping": "lost"})
    awake = rule.evaluate(client, stats, as_of=AS_OF, verdicts={"sleeping": "active"})
    assert asleep.outcome is not None
    assert asleep.outcome.to_role is kc.Role.DEVELOPMENT_SPECIALIST
    assert awake.outcome is None
    assert "criterion.segment.not_in" in awake.codes


def test_a_verdict_not_given_is_unknown_and_hands_nobody_over() -> None:
    """A direct evaluation without the verdict it reads is UNKNOWN, never a guess."""
    rule = p.Reactivation(when=ASLEEP)
    client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.CLIENT_MANAGER)
    d = rule.evaluate(client, _stats("C-1", 3), as_of=AS_OF)
    assert d.outcome is None
    assert d.missing == ("sleeping",)
    assert "criterion.segment.unknown" in d.codes


def test_farmer_to_key_account_acts_on_the_key_account_verdict() -> None:
    """The KAM handoff reads the KeyAccount verdict: one threshold for both."""
    rule = p.FarmerToKeyAccount(when=KEY)
    client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.CLIENT_MANAGER)
    stats = _stats("C-1", 3)
    fired = rule.evaluate(client, stats, as_of=AS_OF, verdicts={"key_account": "key_account"})
    kept = rule.evaluate(client, stats, as_of=AS_OF, verdicts={"key_account": "not_key"})
    assert fired.outcome is not None
    assert fired.outcome.to_role is kc.Role.KEY_ACCOUNT_MANAGER
    assert kept.outcome is None


def test_farmer_to_key_account_takes_one_definition_of_a_key_account() -> None:
    """Neither or both of min_potential and when is a configuration error."""
    with pytest.raises(ValueError, match="exactly one"):
        p.FarmerToKeyAccount()
    with pytest.raises(ValueError, match="exactly one"):
        p.FarmerToKeyAccount(min_potential=kc.Money("1", "RUB"), when=KEY)


def test_uncoupling_is_no_longer_a_hunter_to_farmer() -> None:
    """Uncoupling shares a base with HunterToFarmer instead of subclassing it."""
    rule = p.Uncoupling(when=p.OrderCount(at_least=1))
    assert not isinstance(rule, p.HunterToFarmer)
    assert p.load(rule.to_dict()) == rule


def test_rules_declare_the_verdicts_they_read() -> None:
    """HandoffRules.reads lists the row keys its Segment criteria read, sorted."""
    rules = p.HandoffRules(
        transfers=(
            p.HunterToFarmer(when=p.AllOf(of=(p.OrderCount(at_least=3), p.Not(of=ASLEEP)))),
            p.FarmerToKeyAccount(when=KEY),
        )
    )
    assert rules.reads == ("key_account", "sleeping")
    assert p.HandoffRules(transfers=(p.Reactivation(),)).reads == ()


def test_analyze_refuses_a_rule_reading_a_verdict_nobody_decides() -> None:
    """Reading the sleeping verdict without a Sleeping policy in the set is a config error."""
    rules = p.HandoffRules(transfers=(p.Reactivation(when=ASLEEP),))
    with pytest.raises(PolicyConfigError, match="'sleeping'"):
        kc.analyze([], [], as_of=AS_OF, policies=[rules])


def test_analyze_passes_the_sleeping_verdict_to_the_handoff() -> None:
    """In a whole-book run reactivation hands over exactly the clients Sleeping calls asleep."""
    book = kc.generate_book(clients=120, seed=3, as_of=AS_OF)
    rules = p.HandoffRules(transfers=(p.Reactivation(when=ASLEEP),))
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[p.Sleeping(), rules])
    for row in report:
        handoff = row.outcome("handoff")
        asleep = row.label("sleeping") in ("sleeping", "lost")
        with_cm = row.client is not None and row.client.owner is kc.Role.CLIENT_MANAGER
        assert (handoff is not None) == (asleep and with_cm), row.client_id
        assert row.decision("handoff") is not None


def test_the_segment_criterion_explains_itself_in_the_words_of_the_verdict() -> None:
    """An enum verdict and the configured labels read in the reader's language."""
    facts = p.Facts(as_of=AS_OF, values={"sleeping": p.Activity.LOST})
    why = ASLEEP.evaluate(facts).reasons[0]
    assert (
        why.text("ru")
        == "Вывод по разделу «спящие клиенты»: потерянный — входит в уснувший, потерянный"
    )
