"""A key account's dossier is held to a stricter standard (issue 19, item 6).

The book (docs/methodology.md#positions, task 8): «В работе КАМ есть задача по сбору
полного досье ключевого клиента. Но и КМ должен фиксировать информацию о клиенте по мере
возможности».
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.policies.dossier import is_key_account_owner

AS_OF = date(2026, 11, 24)


def _client(owner: kc.RoleLike | None, *, last_note: date = date(2026, 6, 1)) -> kc.Client:
    """What a КМ typically knows: the ЛПР, two people in two departments, two facts."""
    return kc.Client(
        id="C-1",
        name="ООО Альфа",
        industry="FMCG",
        owner=owner,
        stakeholders=(
            kc.Stakeholder(
                name="И. Петров", buying_role=kc.BuyingRole.DECISION_MAKER, department="закупки"
            ),
            kc.Stakeholder(name="О. Сидорова", department="финансы"),
        ),
        dossier=kc.Dossier(
            employees=250,
            history=(kc.DossierEntry(on=last_note, summary="встреча по ассортименту"),),
        ),
    )


def test_the_client_manager_records_what_he_can_and_that_is_complete() -> None:
    """For a КМ's client the usual standard holds: this dossier is complete."""
    d = p.DossierCompleteness().evaluate(_client(kc.Role.CLIENT_MANAGER), as_of=AS_OF)
    assert d.outcome is p.DossierStatus.COMPLETE
    assert "dossier.key_account_standard" not in d.codes


def test_the_kam_collects_a_full_dossier_of_a_key_account() -> None:
    """The same facts for a КАМ's client fall short of the full dossier, and say why."""
    d = p.DossierCompleteness().evaluate(_client(kc.Role.KEY_ACCOUNT_MANAGER), as_of=AS_OF)
    assert d.outcome is p.DossierStatus.INCOMPLETE
    assert d.missing == ("buying_group", "history", "company_facts")
    assert d.codes[1] == "dossier.key_account_standard"
    assert "КАМ собирает полное досье" in d.explain("ru")
    group = d.criterion("buying_group")
    assert group.threshold == {"people": 4, "functions": 3}


def test_a_key_accounts_history_must_be_recent() -> None:
    """A note from June is stale for a key account in November (90 days at most)."""
    d = p.DossierCompleteness().evaluate(_client(kc.Role.KEY_ACCOUNT_MANAGER), as_of=AS_OF)
    assert [r.code for r in d.criterion("history").reasons] == ["dossier.history.stale"]
    fresh = _client(kc.Role.KEY_ACCOUNT_MANAGER, last_note=date(2026, 11, 1))
    again = p.DossierCompleteness().evaluate(fresh, as_of=AS_OF)
    assert again.criterion("history").passed


def test_the_caller_can_say_a_client_is_a_key_account() -> None:
    """key_account=True applies the full standard whoever the owner is; False lifts it."""
    policy = p.DossierCompleteness()
    km = _client(kc.Role.CLIENT_MANAGER)
    kam = _client(kc.Role.KEY_ACCOUNT_MANAGER)
    assert policy.evaluate(km, as_of=AS_OF, key_account=True).outcome is p.DossierStatus.INCOMPLETE
    assert policy.evaluate(kam, as_of=AS_OF, key_account=False).outcome is p.DossierStatus.COMPLETE


def test_a_companys_own_kam_position_counts_as_the_key_account_manager() -> None:
    """A Position carrying the KAM's duty of multi-level relationships owns key accounts."""
    kam = kc.Position(
        name="global_account_director",
        function=kc.Function.FARMER,
        responsibilities=(kc.Responsibility.DEVELOP_MULTILEVEL_RELATIONSHIPS,),
    )
    assert is_key_account_owner(_client(kam))
    assert not is_key_account_owner(_client(None))


def test_the_key_account_standard_is_never_looser_than_the_usual_one() -> None:
    """Usual lines above the key-account ones lift the key-account lines with them."""
    policy = p.DossierCompleteness(min_company_facts=6, max_history_age_days=30)
    d = policy.evaluate(_client(kc.Role.KEY_ACCOUNT_MANAGER), as_of=AS_OF)
    assert d.criterion("company_facts").threshold == 6
    assert d.criterion("history").threshold == 30


@given(st.sampled_from([kc.Role.CLIENT_MANAGER, kc.Role.KEY_ACCOUNT_MANAGER, None]))
def test_score_agrees_with_evaluate_under_either_standard(owner: kc.Role | None) -> None:
    """score() is evaluate()'s score without the explanation, for both standards."""
    client = _client(owner)
    policy = p.DossierCompleteness()
    assert policy.score(client, as_of=AS_OF) == policy.evaluate(client, as_of=AS_OF).score
