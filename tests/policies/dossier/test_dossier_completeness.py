"""Dossier completeness: the facts the client manager still has to collect (task 8)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import PolicyConfigError
from kam_core.testing import clients

AS_OF = date(2026, 11, 24)


def person(name: str, role: kc.BuyingRole, department: str | None) -> kc.Stakeholder:
    return kc.Stakeholder(name=name, buying_role=role, department=department)


FULL = kc.Client(
    id="C-1",
    name="ООО Альфа",
    industry="FMCG",
    stakeholders=(
        person("И. Петров", kc.BuyingRole.DECISION_MAKER, "procurement"),
        person("А. Сидорова", kc.BuyingRole.INFLUENCER, "finance"),
    ),
    dossier=kc.Dossier(
        history=(kc.DossierEntry(on=date(2026, 10, 1), summary="Годовой контракт"),),
        employees=250,
    ),
)


def test_full_dossier_is_complete_with_score_100() -> None:
    """ЛПР, a ГПР across two functions, history and two company facts: 100 of 100."""
    d = p.DossierCompleteness().evaluate(FULL, as_of=AS_OF)
    assert d.outcome == p.DossierStatus.COMPLETE
    assert d.score == 100.0
    assert d.missing == ()
    assert d.codes[0] == "dossier.complete"


def test_empty_dossier_scores_zero_and_lists_every_missing_fact() -> None:
    """A client we know nothing about: all four facts are missing."""
    d = p.DossierCompleteness().evaluate(kc.Client(id="C-2", name="Бета"))
    assert d.score == 0.0
    assert d.missing == ("decision_maker", "buying_group", "history", "company_facts")
    assert "dossier.decision_maker.missing" in d.codes


def test_group_in_one_function_is_not_mapped() -> None:
    """Two people, both in procurement: the ГПР is not mapped across functions (70 of 100)."""
    client = FULL.replace(
        stakeholders=(
            person("И. Петров", kc.BuyingRole.DECISION_MAKER, "procurement"),
            person("О. Ким", kc.BuyingRole.USER, "procurement"),
        )
    )
    d = p.DossierCompleteness().evaluate(client, as_of=AS_OF)
    assert d.missing == ("buying_group",)
    assert d.score == 70.0
    assert d.criterion("buying_group").observed == {"people": 2, "functions": 1}


def test_history_after_as_of_does_not_count() -> None:
    """A meeting recorded after as_of is not yet history (80 of 100)."""
    d = p.DossierCompleteness().evaluate(FULL, as_of=date(2026, 9, 1))
    assert d.missing == ("history",)
    assert d.score == 80.0


def test_stale_history_fails_when_an_age_limit_is_set() -> None:
    """History older than max_history_age_days does not count."""
    policy = p.DossierCompleteness(max_history_age_days=30)
    d = policy.evaluate(FULL, as_of=AS_OF)
    assert d.missing == ("history",)
    assert d.codes[-2] == "dossier.history.stale"
    assert d.criterion("history").observed == 54
    assert policy.score(FULL, as_of=AS_OF) == d.score == 80.0


def test_weights_are_settings_and_zero_weight_checks_are_ignored() -> None:
    """With only the ЛПР weighted, a client with an ЛПР is complete."""
    policy = p.DossierCompleteness(buying_group_weight=0, history_weight=0, company_facts_weight=0)
    client = kc.Client(id="C-3", name="Гамма", stakeholders=FULL.stakeholders[:1])
    d = policy.evaluate(client)
    assert d.outcome == "complete"
    assert d.score == 100.0


def test_all_weights_zero_is_refused() -> None:
    """A dossier policy that weighs nothing is a configuration error."""
    with pytest.raises(PolicyConfigError):
        p.load(
            {
                "kind": "dossier_completeness",
                "decision_maker_weight": 0,
                "buying_group_weight": 0,
                "history_weight": 0,
                "company_facts_weight": 0,
            }
        )


def test_company_facts_count_named_facts_and_known_fields() -> None:
    """Industry, employees and each named company fact count once."""
    client = FULL.replace(
        dossier=kc.Dossier(
            competitors=("ООО Конкурент",), facts=(kc.CompanyFact(name="ERP", value="1С"),)
        )
    )
    assert p.company_facts_known(client) == ("ERP", "competitors", "industry")


@settings(max_examples=80)
@given(clients())
def test_score_is_between_0_and_100_and_missing_matches_failed_checks(client: kc.Client) -> None:
    """For any client the score is in 0..100 and missing names exactly the failed checks."""
    policy = p.DossierCompleteness()
    d = policy.evaluate(client, as_of=AS_OF)
    assert d.score is not None
    assert 0 <= d.score <= 100
    assert d.missing == tuple(c.name for c in d.criteria if c.failed)
    assert (d.outcome == "complete") == (not d.missing)
    assert policy.score(client, as_of=AS_OF) == d.score
    stale = p.DossierCompleteness(max_history_age_days=30)
    assert stale.score(client, as_of=AS_OF) == stale.evaluate(client, as_of=AS_OF).score
    for locale in ("en", "ru"):
        assert "dossier." not in d.explain(locale)


@settings(max_examples=50)
@given(
    st.builds(
        p.DossierCompleteness,
        min_group_size=st.integers(1, 10),
        min_functions=st.integers(1, 5),
        min_company_facts=st.integers(1, 5),
        max_history_age_days=st.none() | st.integers(1, 1000),
    )
)
def test_policy_round_trips_through_load(policy: p.DossierCompleteness) -> None:
    """p.load(policy.to_dict()) == policy."""
    assert p.load(policy.to_dict()) == policy
