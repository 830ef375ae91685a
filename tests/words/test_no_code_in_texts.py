"""No text a person reads shows a code identifier, a template field or None."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import kam_core as kc
from kam_core._domain.handoff import role_term
from kam_core._words import Term, builtin, builtin_texts, locales, reason_text

M = kc.Money
# representative parameters by name, and by code where one name carries another type
PARAMS: dict[str, object] = {
    "a": 1, "a_pct": Decimal("80"), "abc": "A", "age": 54, "as_of": date(2026, 11, 24),
    "at_least": 3, "attractiveness": Decimal("0.0396"), "axis": "attractiveness", "b": 2,
    "b_pct": Decimal("95"), "before_pct": Decimal("92.12"), "boundary": "inclusive",
    "budget": M("750000", "RUB"), "capacity": Decimal("100"), "cell": "AZ",
    "change": Decimal("-0.8182"), "client": "C-1", "clients": 21, "condition":
    "key_accounts_identified", "count": 2, "covered": 1, "cumulative_pct": Decimal("93.10"),
    "current": M("700", "RUB"), "cv_pct": Decimal("54.52"), "days": 45,
    "decision_date": date(2026, 11, 23), "departments": 3, "end": date(2026, 12, 31),
    "entries": 1, "every": 14, "expected": "development_specialist", "f": 1,
    "fact": "revenue_growth", "factor": Decimal("1.5"), "first": "2025-11",
    "first_order": date(2026, 9, 23), "floor": Decimal("0.5"), "framework": "MEDDIC",
    "frequency": 11, "from_role": role_term(kc.Role.CLIENT_MANAGER), "functions": 2, "gap": 45,
    "gaps": 21, "high": Decimal("0.5"), "input": "abc", "item": "contract_campaign",
    "items": ("SKU-42",), "known": 3, "label": "A", "last": "2026-10",
    "last_order_on": date(2026, 2, 18), "latest": date(2026, 10, 1), "lead": "L-7", "level": 1,
    "limit": Decimal("180"), "load": Decimal("127.46"), "m": 2, "max_age": 30, "max_days": 90,
    "mean": M("271427.45", "RUB"), "median": Decimal("15"), "met": 2,
    "metric": "revenue", "min_count": 2, "min_departments": 2, "min_functions": 2,
    "min_orders": 3, "min_people": 3, "min_sites": 2, "minimum": M("500000", "RUB"),
    "missing": ("potential", "decision_making_group", "partnership_intent"),
    "monetary": M("1271651", "RUB"), "months": 12, "name": Term("authority"), "names":
    ("И. Петров",), "need": 3, "observed": 1691, "of": 500, "orders": 1, "output":
    "key_account_manager", "overdue": 3, "owner": "key_account_manager", "part": "XYZ",
    "people": 22, "percentiles": (Decimal("75"), Decimal("90"), Decimal("95")), "person":
    "client_manager", "population_gaps": 829, "potential": M("29011297.55", "RUB"),
    "previous": M("1100", "RUB"), "product": "SKU-404", "r": 2, "rank": 17,
    "ratio": Decimal("3.0"), "recency_days": 62, "regions": 5, "required": 2, "revenue":
    M("1271651", "RUB"), "role": role_term(kc.Role.KEY_ACCOUNT_MANAGER), "row": 1, "rule":
    "farmer_to_key_account", "score": 75.0, "segment": "at_risk", "segments": ("Z",),
    "share": Decimal("0.23"), "since": date(2025, 11, 25), "sites": 1, "stage": "mql",
    "start": date(2026, 1, 1), "strategy": "keep_and_stabilise", "strength": Decimal("0.5077"),
    "sub_process": "acquisition", "threshold": 70.0, "threshold_pct": Decimal("20"),
    "title": Term("acquisition", kind="sub_process"), "to_role":
    role_term(kc.Role.DEVELOPMENT_SPECIALIST), "total": 9, "unknown": 1, "value":
    M("12081040.84", "RUB"), "wallet_pct": Decimal("41.19"), "wanted": ("SKU-42", "SKU-7"),
    "with_due_date": 13, "within_days": 90, "x_pct": Decimal("10"), "y_pct": Decimal("25"),
    "years": Decimal("2.5"),
    "labels": (kc.policies.Activity.SLEEPING, kc.policies.Activity.LOST),
    "from_manager": "M-2", "to_manager": "M-3", "position": role_term(kc.Role.CLIENT_MANAGER),
    "by": Term("sleeping", kind="policy"), "winner": Term("key_account", kind="policy"),
    "action": kc.Action.REACTIVATE, "due": date(2026, 11, 30), "late": 3, "why": "leaving",
}  # fmt: skip
PARAMS |= {  # P(alive)
    "alive_from": Decimal("70"),
    "amount": M("0", "RUB"),
    "gone_below": Decimal("30"),
    "order_value": M("52400.10", "RUB"),
    "p_alive": Decimal("62.4"),
    "silent": 27,
}
PARAMS |= {  # sales-system types and decision moments (issue 19)
    "kind": kc.DecisionKind.ASSORTMENT_COMMITTEE,
    "on": date(2027, 1, 15),
    "other": kc.SalesType.CONSULTATIVE,
    "outside": (Term("price"), Term("complexity")),
    "type": kc.SalesType.MIXED,
}
PARAMS |= {"at": 10, "leads": 20, "position_at": 300}  # stage 4, specialisation
PARAMS |= {  # assortment development (issue 19, item 4)
    "before": "12–18",
    "before_order": M("403773.04", "RUB"),
    "buyers": 12,
    "categories_before": 4,
    "categories_now": 3,
    "category": "paper",
    "client_share": Decimal("0.124"),
    "earlier_months": 6,
    "gap": M("1955950.43", "RUB"),
    "last_on": date(2026, 5, 19),
    "median_amount": M("1947262.47", "RUB"),
    "median_share": Decimal("0.308"),
    "min_peers": 3,
    "now": 5,
    "now_order": M("189032.99", "RUB"),
    "peers": 47,
}
BY_CODE: dict[str, dict[str, object]] = {
    "bant.authority": {"role": kc.BuyingRole.ECONOMIC_BUYER},
    "handoff.cumulative_revenue": {"total": M("288283.24", "RUB"), "at_least": M("1e6", "RUB")},
    "handoff.key_account.potential": {"at_least": M("10000000", "RUB")},
    "handoff.stats.unknown": {"name": "order_count"},
    "criterion": {"name": "order_count"},
    "key_account.potential": {"threshold": M("37580388.45", "RUB")},
    "sales_system.deal_size": {"observed": M("50000", "RUB"), "threshold": M("1e6", "RUB")},
    "sales_system.orders_per_year": {"observed": Decimal("0.5"), "threshold": Decimal("6")},
    "subprocess.payment_discipline": {"threshold": Decimal("0.10")},
    "kam_portfolio.axis": {"known": Decimal("0.4"), "need": Decimal("0.5")},
    "kam_readiness.condition": {"label": Term("objectives_set", kind="kam_condition")},
    "subprocess.item": {"label": Term("competitors", kind="subprocess_completeness")},
    "dossier.incomplete": {"missing": (Term("history", kind="dossier_completeness"),)},
    "dossier.company_facts": {"names": ("employees", "annual_revenue", "ERP")},
    "dossier.complete": {"score": Decimal("100")},
    "table.input_invalid": {"value": "Z"},
    "sleeping.active": {"threshold": Decimal("37.5")},
    "p_alive.history": {"days": 7, "first": date(2023, 3, 1), "last": date(2024, 8, 30)},
    "p_alive.single_purchase": {"first": date(2026, 2, 3)},
    "p_alive.expected_orders": {"orders": Decimal("0.29")},
    "p_alive.expected_spend": {"orders": Decimal("0.29")},
    "criterion.segment": {
        "of": Term("sleeping", kind="policy"),
        "label": kc.policies.Activity.LOST,
    },
    "plan.touch": {"last": date(2026, 11, 2)},
    "move.over_capacity": {"capacity": 120},
}
BY_CODE |= {
    "specialisation.lead_nurturing": {"at": Decimal("30"), "share": Decimal("40")},
}

IDENTIFIER = re.compile(r"[A-Za-z0-9]+_[A-Za-z0-9_]+|[{}]|\bNone\b|\b[a-z]+\.[a-z_]+\(")


def _params(code: str) -> dict[str, object]:
    template = builtin().words("en").template("reason", code)
    assert template is not None
    out = {name: PARAMS[name] for name in template.names}
    for prefix, overrides in BY_CODE.items():
        if code == prefix or code.startswith(prefix + "."):
            out.update({k: v for k, v in overrides.items() if k in out})
    return out


def test_every_parameter_of_every_template_has_a_representative_value() -> None:
    """A new code's parameters must be added to PARAMS, so the checks below cover it."""
    lacking = {
        code: sorted(set(builtin().words("en").template("reason", code).names) - set(PARAMS))  # type: ignore[union-attr]
        for code in builtin_texts()
    }
    assert not {c: p for c, p in lacking.items() if p}


@pytest.mark.parametrize("locale", locales())
@pytest.mark.parametrize("code", sorted(builtin_texts()))
def test_every_reason_reads_without_code_identifiers(code: str, locale: str) -> None:
    """Rendered with representative parameters, no text shows snake_case, a brace or None."""
    said = reason_text(code, _params(code), locale)
    assert said.strip()
    assert not IDENTIFIER.search(said), f"{code} [{locale}]: {said}"


@pytest.mark.parametrize("locale", locales())
def test_every_name_and_phrase_reads_without_code_identifiers(locale: str) -> None:
    """[name], [term] and [text] entries say words, not keys (the program's name aside)."""
    words = builtin().words(locale)
    for section in ("name", "term", "text"):
        for key, template in words.sections[section].items():
            literal = "".join(p for p in template.parts if isinstance(p, str))
            assert not IDENTIFIER.search(literal.replace("{{", "").replace("}}", "")), (
                f"{locale} [{section}] {key}: {template.source}"
            )


@pytest.mark.parametrize("locale", locales())
def test_the_demo_report_reads_without_code_identifiers(locale: str) -> None:
    """python -m kam_core demo in each language prints no code identifier on any line."""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "kam_core", "demo", "--lang", locale, "--clients", "200"],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    lines = result.stdout.splitlines()
    assert len(lines) > 50
    leaks = [line for line in lines if IDENTIFIER.search(line)]
    assert not leaks, "\n".join(leaks[:10])


def _decisions_with_open_questions() -> list[kc.Decision[object]]:
    """A decision of every built-in policy family, most of them with facts missing."""
    from kam_core import policies as p

    as_of = date(2026, 11, 24)
    client = kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.CLIENT_MANAGER)
    deals = [
        kc.Deal(id=f"D-{m}", client_id="C-1", status="won", opened_on=date(2026, m, 1),
                closed_on=date(2026, m, 2), amount=kc.Money("100000", "RUB"))
        for m in (1, 3)
    ]  # fmt: skip
    stats = kc.ClientStats.from_deals(deals, client_id="C-1", as_of=as_of)
    book = [stats, kc.ClientStats.empty("C-2", as_of, "RUB")]
    lead = kc.Lead(id="L-1", company="ООО Бета", created_on=date(2026, 11, 1))
    blank = kc.SalesSystemProfile(
        price=None, complexity=None, client_count=None, orders_per_year=None
    )
    out: list[kc.Decision[object]] = [
        *p.KeyAccount().segment([stats], clients=[client]).values(),
        *p.KamPortfolio().segment([stats], clients=[client]).values(),
        p.RelationshipStages().evaluate(client, stats, as_of=as_of),
        p.SalesSystemClassifier().evaluate(blank),
        p.KamReadiness().evaluate(kc.KamProgramme()),
        *p.SubProcessCompleteness().evaluate(kc.SalesProcessAssessment.blank()).values(),
        p.DossierCompleteness().evaluate(client),
        p.FarmerToKeyAccount(min_potential=kc.Money("1000000", "RUB")).evaluate(
            client, stats, as_of=as_of
        ),
        p.Reactivation().evaluate(client, stats, as_of=as_of),
        p.Bant().evaluate(lead, as_of=as_of),
        p.Scorecard.preset("meddpicc").evaluate(lead, as_of=as_of),
    ]
    for policy in (p.Sleeping(), p.Abcd(), p.Xyz(), p.Rfm(), p.AbcXyz()):
        out.extend(policy.segment(book).values())
    return out


@pytest.mark.parametrize("locale", locales())
def test_explanations_with_open_questions_name_them_in_words(locale: str) -> None:
    """Every family's 'Ask about' line and reasons name criteria in words, in each language."""
    decisions = _decisions_with_open_questions()
    assert sum(1 for d in decisions if d.missing) >= 10
    for d in decisions:
        said = d.explain(locale)
        assert not IDENTIFIER.search(said), said


@pytest.mark.parametrize("locale", locales())
def test_every_segment_label_of_the_demo_set_has_a_name_in_the_catalogue(locale: str) -> None:
    """A label counted in the report reads as a word of the catalogue, not its code.

    "steady" or "defend" has no underscore, so the identifier check above cannot catch
    it: every label the demo's policy set gives (the preset with the assortment view)
    must be a ``[name]`` entry, as the "other segments" section prints it (letter cells
    such as ``AX`` are the methodology's own notation and read as they are).
    """
    from kam_core import policies as p
    from kam_core._words import segment_name, words

    book = kc.generate_book(clients=150, seed=7, as_of=date(2026, 11, 24), managers=4)
    policies = p.PolicySet.preset("erokhin", currency=book.currency).replace(p.Assortment())
    report = kc.analyze(
        book.clients, book.deals(), as_of=date(2026, 11, 24), policies=policies,
        managers=book.managers, touches=book.touches(),
    )  # fmt: skip
    found = words(locale)
    unnamed = [
        f"{key}: {label}"
        for key in report.summary()["segments"]
        for label in report.counts(key)
        if label != label.upper()  # AX, B, 555: the methodology's own notation
        and segment_name(key, label, locale) not in {found.name(k) for k in _named(key, label)}
    ]
    assert not unnamed, unnamed


def _named(key: str, label: str) -> list[str]:
    """Every ``[name]`` key a label of the policy under ``key`` may be named by."""
    from kam_core._words import _SEGMENT_NAMES

    return [f"{_SEGMENT_NAMES.get(key, key)}.{label}", f"outcome.{label}"]
