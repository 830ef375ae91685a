"""National accounts: "spread geographically", counted in a unit the company chooses.

Issue 19, item 10: two regions (Moscow and Kazan) made a national account.  The book
(docs/methodology.md#key-accounts) calls geographically spread key accounts national;
kam_core counts the spread in federal districts by default (3 of 8), or in countries or
regions.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import kam_core as kc
from kam_core import policies as p

AS_OF = date(2026, 11, 24)


def _key(*regions: str) -> kc.Client:
    def who(dept: str, site: str) -> kc.Stakeholder:
        return kc.Stakeholder(name=dept, department=dept, site=site)

    return kc.Client(
        id="C-1",
        name="ООО Сеть Магнолия",
        potential=kc.Money(60_000_000, "RUB"),
        partnership_intent=True,
        regions=regions,
        stakeholders=(who("закупки", "Москва"), who("финансы", "Москва"), who("логистика", "Тула")),
    )


def _decide(policy: p.KeyAccount, client: kc.Client) -> kc.Decision:  # type: ignore[type-arg]
    stats = [kc.ClientStats.empty(client.id, AS_OF, "RUB")]
    return policy.segment(stats, clients=[client])[client.id]


def test_two_regions_in_one_country_are_not_a_national_account_by_default() -> None:
    """Moscow and Kazan: two federal districts, a key account but not a national one."""
    d = _decide(p.KeyAccount(), _key("Москва", "Казань"))
    assert d.outcome is p.KeyAccountStatus.KEY_ACCOUNT
    regions = d.criterion("regions")
    assert (regions.status, regions.observed, regions.threshold) == (
        kc.CriterionStatus.FAILED,
        2,
        3,
    )
    assert "key_account.regional.districts" in d.codes
    assert "Приволжский, Центральный" in d.explain("ru")


def test_a_network_across_three_federal_districts_is_a_national_account() -> None:
    """Moscow, Kazan and Yekaterinburg: Central, Volga and Ural — national."""
    d = _decide(p.KeyAccount(), _key("Москва", "Казань", "Екатеринбург"))
    assert d.outcome is p.KeyAccountStatus.NATIONAL_ACCOUNT
    assert "key_account.national.districts" in d.codes


def test_many_regions_of_one_district_stay_a_key_account() -> None:
    """Moscow, Tula, Kaluga, Tver and Yaroslavl are all in the Central district."""
    d = _decide(p.KeyAccount(), _key("Москва", "Тула", "Калуга", "Тверь", "Ярославль"))
    assert d.outcome is p.KeyAccountStatus.KEY_ACCOUNT
    assert d.criterion("regions").observed == 1


def test_region_names_are_read_as_people_write_them() -> None:
    """«Республика Татарстан», «г. Екатеринбург», «Московская обл.» place like the short names."""
    d = _decide(p.KeyAccount(), _key("Московская обл.", "Республика Татарстан", "г. Екатеринбург"))
    assert d.outcome is p.KeyAccountStatus.NATIONAL_ACCOUNT


def test_countries_count_when_the_company_says_so() -> None:
    """national_by="countries": Russia and Kazakhstan (from the company's table) make two."""
    policy = p.KeyAccount(national_by="countries", region_groups={"Алматы": "Казахстан"})
    d = _decide(policy, _key("Москва", "Алматы"))
    assert d.outcome is p.KeyAccountStatus.NATIONAL_ACCOUNT
    assert "key_account.national.countries" in d.codes
    one = _decide(policy, _key("Москва", "Казань", "Новосибирск"))
    assert one.outcome is p.KeyAccountStatus.KEY_ACCOUNT


def test_a_region_the_table_does_not_know_is_named_and_leaves_the_spread_open() -> None:
    """Two districts and an unknown town: maybe national — the criterion is UNKNOWN."""
    d = _decide(p.KeyAccount(), _key("Москва", "Казань", "Кукуевка"))
    assert d.outcome is p.KeyAccountStatus.KEY_ACCOUNT
    assert d.criterion("regions").status is kc.CriterionStatus.UNKNOWN
    assert "key_account.region.unplaced" in d.codes
    assert "Кукуевка" in d.explain("ru")
    placed = p.KeyAccount(region_groups={"Кукуевка": "Сибирский"})
    assert _decide(placed, _key("Москва", "Казань", "Кукуевка")).outcome is (
        p.KeyAccountStatus.NATIONAL_ACCOUNT
    )


def test_a_key_account_without_recorded_regions_says_so() -> None:
    """No regions recorded: not national, and the reason says the regions are missing."""
    d = _decide(p.KeyAccount(), _key())
    assert d.outcome is p.KeyAccountStatus.KEY_ACCOUNT
    assert "key_account.regions.none" in d.codes


def test_the_spread_thresholds_are_bounded() -> None:
    """A district threshold above the eight districts is a configuration error."""
    with pytest.raises(ValidationError):
        p.KeyAccount(national_min_districts=9)
    with pytest.raises(ValidationError):
        p.KeyAccount(national_by="cities")  # type: ignore[arg-type]


@given(
    st.sampled_from(["federal_districts", "countries", "regions"]),
    st.integers(2, 5),
    st.dictionaries(st.sampled_from(["Алматы", "Минск", "Кукуевка"]), st.sampled_from(["X", "Y"])),
)
def test_the_national_rule_round_trips_through_load(
    by: str, line: int, table: dict[str, str]
) -> None:
    """p.load(policy.to_dict()) == policy with every spread setting."""
    policy = p.KeyAccount(
        national_by=by,  # type: ignore[arg-type]
        national_min_districts=line,
        national_min_countries=line,
        national_min_regions=line,
        region_groups=table,
    )
    assert p.load(policy.to_dict()) == policy
