"""The public surface promised in shared/design/API.md works as written there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import kam_core as kc
from kam_core import policies as p

AS_OF = date(2026, 11, 24)


def _client() -> kc.Client:
    return kc.Client(
        id="C-1",
        name="ООО Альфа",
        regions=("Москва", "Казань"),
        industry="FMCG",
        potential=kc.Money("12000000", "RUB"),
        partnership_intent=True,
        owner=kc.Role.CLIENT_MANAGER,
        stakeholders=(
            kc.Stakeholder(
                name="И. Петров",
                buying_role=kc.BuyingRole.DECISION_MAKER,
                department="procurement",
                site="Москва",
            ),
        ),
    )


def _deal() -> kc.Deal:
    return kc.Deal(
        id="D-1",
        client_id="C-1",
        status=kc.DealStatus.WON,
        opened_on=date(2026, 1, 10),
        closed_on=date(2026, 2, 1),
        amount=kc.Money("300000", "RUB"),
        lines=(
            kc.DealLine(
                product_id="SKU-42",
                category="cleaning",
                quantity=10,
                unit_price=kc.Money("30000", "RUB"),
            ),
        ),
        due_on=date(2026, 3, 3),
        paid_on=date(2026, 3, 10),
    )


def _lead() -> kc.Lead:
    return kc.Lead(
        id="L-7",
        company="ООО Бета",
        created_on=date(2026, 11, 1),
        bant=kc.BantFacts(
            budget=kc.Money("750000", "RUB"),
            authority=kc.BuyingRole.DECISION_MAKER,
            need=kc.NeedLevel.CONFIRMED,
            decision_date=date(2027, 1, 15),
        ),
    )


def test_values_and_entities_as_the_contract_shows() -> None:
    """Money, Client, Deal and Lead build exactly as API.md writes them."""
    m = kc.Money("1250.00", "RUB")
    assert (m.amount, m.currency) == (m.amount, "RUB")
    assert m * 2 == kc.Money("2500.00", "RUB")
    assert kc.Money.zero("RUB") == kc.Money("0", "RUB")
    assert kc.Money.total([m, m], currency="RUB") == kc.Money("2500", "RUB")
    with pytest.raises(kc.errors.MoneyError):
        kc.Money(1.5, "RUB")  # type: ignore[arg-type]
    with pytest.raises(kc.errors.CurrencyMismatchError):
        kc.Money("1", "RUB") + kc.Money("1", "USD")
    client, deal, lead = _client(), _deal(), _lead()
    for entity in (client, deal, lead):
        cls = type(entity)
        assert cls.model_validate(entity.model_dump(mode="json")) == entity
        assert cls.model_validate_json(entity.model_dump_json()) == entity
        assert cls.model_json_schema()["type"] == "object"
    assert kc.BantFacts().budget is None


def test_roles_functions_and_enums_as_the_contract_names_them() -> None:
    """The nine positions, four functions, buying roles and StrEnum values are binding."""
    assert {r.name for r in kc.Role} == {
        "MARKETER",
        "TELEMARKETER",
        "DEVELOPMENT_SPECIALIST",
        "CLIENT_MANAGER",
        "KEY_ACCOUNT_MANAGER",
        "PROJECT_MANAGER",
        "SPECIALIST",
        "SALES_SUPPORT",
        "BACK_OFFICE",
    }
    assert {f.name for f in kc.Function} == {"SCOUT", "HUNTER", "FARMER", "SUPPORT"}
    assert [b.name for b in kc.BuyingRole] == [
        "DECISION_MAKER",
        "ECONOMIC_BUYER",
        "INFLUENCER",
        "TECHNICAL_BUYER",
        "USER",
        "GATEKEEPER",
        "CHAMPION",
        "UNKNOWN",
    ]
    assert [s.name for s in kc.DealStatus] == ["OPEN", "WON", "LOST", "CANCELLED", "RETURNED"]
    assert [n.name for n in kc.NeedLevel] == ["NONE", "WEAK", "PARTIAL", "CONFIRMED"]
    assert kc.LeadVerdict.SQL == "sql"
    assert kc.Role.CLIENT_MANAGER.function is kc.Function.FARMER
    assert kc.Role.CLIENT_MANAGER.responsibilities


def test_client_stats_summarise_a_client_as_of_a_date() -> None:
    """ClientStats.from_deals and merge() behave as the contract says."""
    stats = kc.ClientStats.from_deals([_deal()], client_id="C-1", as_of=AS_OF)
    assert (stats.client_id, stats.as_of, stats.order_count) == ("C-1", AS_OF, 1)
    assert stats.total == kc.Money("300000", "RUB")
    assert stats.first_order_on == stats.last_order_on == date(2026, 2, 1)
    assert stats.merge(kc.ClientStats.empty("C-1", AS_OF, "RUB")) == stats


def test_bant_decides_and_names_its_criteria() -> None:
    """p.Bant returns a LeadVerdict and names budget/authority/need/timeline."""
    bant = p.Bant(min_budget=kc.Money("500000", "RUB"), max_days_to_decision=90)
    d = bant.evaluate(_lead(), as_of=AS_OF)
    assert d.outcome in set(kc.LeadVerdict)
    assert {c.name for c in d.criteria} == {"budget", "authority", "need", "timeline"}
    unknown = bant.evaluate(_lead().replace(bant=kc.BantFacts()), as_of=AS_OF)
    assert set(unknown.missing) <= {"budget", "authority", "need", "timeline"}
    assert unknown.outcome is kc.LeadVerdict.NURTURE
    for name in ("anum", "champ", "faint", "neat", "gpctba", "meddic", "meddpicc"):
        assert p.Scorecard.preset(name).kind == "scorecard"


def test_hunter_to_farmer_as_the_contract_composes_it() -> None:
    """HunterToFarmer(when=AnyOf(...)) gives a Handoff or None."""
    hand = p.HunterToFarmer(
        when=p.AnyOf(
            of=(
                p.OrderCount(at_least=3),
                p.CumulativeRevenue(at_least=kc.Money("1000000", "RUB")),
                p.BoughtProduct(product_ids=("SKU-42",)),
            )
        )
    )
    client = _client().replace(owner=kc.Role.DEVELOPMENT_SPECIALIST)
    stats = kc.ClientStats.from_deals([_deal()], client_id="C-1", as_of=AS_OF)
    d = hand.evaluate(client, stats, as_of=AS_OF)
    assert isinstance(d.outcome, kc.Handoff)
    assert (d.outcome.client_id, d.outcome.from_role, d.outcome.to_role) == (
        "C-1",
        kc.Role.DEVELOPMENT_SPECIALIST,
        kc.Role.CLIENT_MANAGER,
    )
    assert p.load(hand.to_dict()) == hand


def test_segmentations_fit_assign_and_segment() -> None:
    """Abc fit/assign/segment; Abcd and Sleeping take clients=...; kinds and versions."""
    book = kc.generate_book(clients=40, seed=2, as_of=AS_OF)
    all_stats = list(
        kc.build_stats(book.deals(), as_of=AS_OF, clients=[c.id for c in book.clients]).values()
    )
    abc = p.Abc(cutoffs=(0.80, 0.95), window_months=12)
    fitted = abc.fit(all_stats)
    assert fitted.assign(all_stats[0]).outcome in {"A", "B", "C", "unknown"}
    segments = abc.segment(all_stats)
    assert set(segments) == {s.client_id for s in all_stats}
    assert set(p.Abcd().segment(all_stats, clients=book.clients))
    assert {str(d.outcome) for d in p.Sleeping().segment(all_stats).values()} <= {
        "active",
        "drowsy",
        "sleeping",
        "lost",
        "no_orders",
        "unknown",
    }
    for policy in (
        abc,
        p.Xyz(),
        p.AbcXyz(),
        p.Abcd(),
        p.Rfm(),
        p.Sleeping(),
        p.KeyAccount(),
        p.KamPortfolio(),
    ):
        assert isinstance(policy.kind, str)
        assert isinstance(policy.version, str)
        assert policy.fingerprint.startswith("sha256:")
        assert p.load(policy.to_dict()) == policy
    rules = p.PolicySet.preset("erokhin", currency="RUB")
    assert p.load(rules.to_dict()) == rules


def test_organisation_design_as_the_contract_shows() -> None:
    """The book's mixed system comes out MIXED; readiness lists unmet and unknown conditions."""
    profile = kc.SalesSystemProfile(
        price=kc.Level.LOW, complexity=kc.Level.MEDIUM, client_count=3000, orders_per_year=8
    )
    assert p.SalesSystemClassifier().evaluate(profile).outcome is kc.SalesType.MIXED
    assert all(isinstance(r, kc.Role) for r in kc.structure_for(kc.SalesType.MIXED))
    d = p.KamReadiness().evaluate(
        kc.KamProgramme(
            integrated_into_sales=True,
            top_management_support=True,
            clear_communication_lines=True,
            objectives_set=True,
            field_sales_cooperation=False,
            key_accounts_identified=None,
        )
    )
    assert d.criterion("field_sales_cooperation").failed
    assert "key_accounts_identified" in d.missing


def test_the_whole_book_at_once() -> None:
    """kc.analyze with the erokhin preset gives JSON-safe rows keyed by policy kind."""
    book = kc.generate_book(clients=40, seed=4, as_of=AS_OF)
    report = kc.analyze(
        book.clients,
        book.deals(),
        leads=book.leads,
        as_of=AS_OF,
        policies=p.PolicySet.preset("erokhin"),
    )
    row = report.rows()[0]
    for key in ("client_id", "abc", "xyz", "abcd", "rfm", "sleeping", "handoff", "reasons"):
        assert key in row
    summary = report.summary()
    assert {"segments", "handoffs_due", "sleeping_clients", "leads"} <= set(summary)
    assert sum(summary["leads"].values()) == len(book.leads)


def test_reading_a_real_export_as_the_second_wave_writes_it(tmp_path: Path) -> None:
    """kam_core.io.read_deals with the options API.md names, in both error modes."""
    import kam_core.io

    path = tmp_path / "deals.csv"
    path.write_bytes(
        (
            "id;client_id;status;opened_on;closed_on;Сумма;currency\n"
            "D-1;C-1;Выиграна;10.01.2026;12.01.2026;1 250,50;RUB\n"
        ).encode("cp1251")
    )
    rows = kam_core.io.read_deals(
        str(path),
        encoding="cp1251",
        delimiter=";",
        decimal=",",
        columns={"Сумма": "amount"},
        values={"status": {"Выиграна": "won"}},
        errors="raise",
    )
    [deal] = rows
    assert (deal.status, deal.amount) == (kc.DealStatus.WON, kc.Money("1250.50", "RUB"))
    good, rejected = kam_core.io.read_deals(
        str(path), encoding="cp1251", columns={"Сумма": "amount"}, errors="collect"
    )
    assert good == ()
    assert [r.code for r in rejected] == ["io.status.unknown"]
