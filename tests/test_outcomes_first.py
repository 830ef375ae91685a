"""Outcomes first, explanations on demand: the cheap paths decide exactly as the eager ones."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyEvaluationError
from kam_core.testing import client_stats, clients

AS_OF = date(2026, 11, 24)

RULES: list[p.HandoffRules] = [
    p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),)),
    p.PolicySet.preset("erokhin").get("handoff_rules"),
    p.HandoffRules(
        transfers=(
            p.HunterToFarmer(
                when=p.AllOf(
                    of=(
                        p.OrderCount(at_least=2, within_days=365),
                        p.Not(of=p.BoughtProduct(categories=("cleaning",))),
                    )
                )
            ),
            p.ToProjectManager(categories=("installation", "cleaning"), within_days=None),
            p.Reactivation(rhythm_factor=None, after_days=90),
            p.Uncoupling(when=p.AtLeast(n=1, of=(p.OrderCount(at_least=50),))),
        )
    ),
    p.HandoffRules(
        transfers=(
            p.Reactivation(),
            p.HunterToFarmer(when=p.AnyOf(of=(p.OrderCount(at_least=1),))),
            p.HunterToFarmer(when=p.CumulativeRevenue(at_least=kc.Money("100", "RUB"))),
        )
    ),
]
OWNERS: list[kc.Role | None] = [None, *kc.Role]


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(clients=150, seed=17, as_of=AS_OF)


@pytest.fixture(scope="module")
def stats(book: kc.SyntheticBook) -> dict[str, kc.ClientStats]:
    return kc.build_stats(book.deals(), as_of=AS_OF, clients=book.client_ids)


@pytest.mark.parametrize("rules", RULES, ids=lambda r: "+".join(r.names))
def test_handoff_label_is_the_outcome_evaluate_explains(
    rules: p.HandoffRules, book: kc.SyntheticBook, stats: dict[str, kc.ClientStats]
) -> None:
    """For every client of a generated book and every owner, label() == evaluate().outcome."""
    for client in book.clients:
        for owner in OWNERS:
            someone = client.replace(owner=owner)
            mine = stats[client.id]
            due = rules.label(someone, mine, as_of=AS_OF)
            assert due == rules.evaluate(someone, mine, as_of=AS_OF).outcome


@settings(max_examples=120, deadline=None)
@given(
    clients(ids=["C-1"]),
    client_stats(client_id="C-1", as_of=AS_OF, max_deals=10),
    st.sampled_from(RULES),
)
def test_handoff_label_and_evaluate_agree_on_any_client(
    client: kc.Client, mine: kc.ClientStats, rules: p.HandoffRules
) -> None:
    """Property: for generated clients and stats, label() is evaluate()'s outcome or both raise."""
    try:
        expected = rules.evaluate(client, mine, as_of=AS_OF).outcome
    except PolicyEvaluationError as refused:
        with pytest.raises(type(refused), match="never converts"):
            rules.label(client, mine, as_of=AS_OF)
        return
    assert rules.label(client, mine, as_of=AS_OF) == expected


def test_handoff_label_refuses_what_evaluate_refuses(stats: dict[str, kc.ClientStats]) -> None:
    """A threshold in another currency raises even for a client no transfer could move."""
    rules = p.HandoffRules(
        transfers=(p.HunterToFarmer(when=p.CumulativeRevenue(at_least=kc.Money("1", "USD"))),)
    )
    cid, mine = next(iter(stats.items()))
    farmer = kc.Client(id=cid, name="Альфа", owner=kc.Role.KEY_ACCOUNT_MANAGER)
    for ask in (rules.evaluate, rules.label):
        with pytest.raises(PolicyEvaluationError, match="never converts"):
            ask(farmer, mine, as_of=AS_OF)
    with pytest.raises(PolicyEvaluationError, match="earlier than"):
        rules.label(farmer, mine, as_of=date(2026, 12, 1))


def _eager(
    population: tuple[kc.ClientStats, ...], known: list[kc.Client], policies: list[Any]
) -> kc.Report:
    """The report decided the eager way: every assign() and evaluate() made and kept."""
    index = {c.id: c for c in known}
    segmentations = [pol for pol in policies if hasattr(pol, "fit")]
    rules = [pol for pol in policies if isinstance(pol, p.HandoffRules)]
    fitted = [(pol.kind, pol.fit(population, clients=index)) for pol in segmentations]
    rows = []
    for s in population:
        client = index.get(s.client_id)
        made = [(kind, f.assign(s, client=client)) for kind, f in fitted]
        if client is not None:
            made += [
                ("handoff" if i == 0 else r.kind, r.evaluate(client, s, as_of=AS_OF))
                for i, r in enumerate(rules)
            ]
        rows.append(kc.ClientRow.of(s.client_id, s, made, client))
    refs = tuple(pol.ref.to_dict() for pol in policies)
    return kc.Report(AS_OF, tuple(rows), (), refs)


@pytest.mark.parametrize(
    "policies",
    [
        [pol for pol in p.PolicySet.preset("erokhin") if pol.kind != "bant"],
        [p.Abc(), p.Xyz(), p.Rfm(), p.Sleeping(), RULES[0], RULES[2]],
    ],
    ids=["erokhin", "benchmark"],
)
def test_analysis_decides_exactly_as_the_eager_path(
    policies: list[Any], book: kc.SyntheticBook, stats: dict[str, kc.ClientStats]
) -> None:
    """rows(), summary(), every decision and the handoffs due equal those of assign()/evaluate()."""
    # a client without a record, to check rows holding segmentations only
    known = [c for c in book.clients if c.id != book.clients[0].id]
    report = kc.analyze_stats(stats.values(), known, as_of=AS_OF, policies=policies)
    eager = _eager(tuple(stats.values()), known, policies)
    assert report.rows() == eager.rows()
    assert report.summary() == eager.summary()
    assert [d.to_dict() for d in report.handoffs_due()] == [
        d.to_dict() for d in eager.handoffs_due()
    ]
    for mine, theirs in zip(report, eager, strict=True):
        assert mine.outcomes == theirs.outcomes
        assert mine.decisions == theirs.decisions
