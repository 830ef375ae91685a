"""Entities: frozen pydantic models that refuse bad input, naming the field and the value."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import kam_core as kc
from kam_core.testing import bant_facts, clients, deals, leads


def errors_of(model: type[BaseModel], data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Validate ``data`` and return the (loc, msg) of every error."""
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return [(e["loc"], e["msg"]) for e in info.value.errors()]


DEAL: dict[str, Any] = {
    "id": "D-1",
    "client_id": "C-1",
    "status": "won",
    "opened_on": date(2026, 1, 10),
    "closed_on": date(2026, 2, 1),
    "amount": kc.Money("300000", "RUB"),
}
LINE: dict[str, Any] = {
    "product_id": "SKU-42",
    "category": "cleaning",
    "quantity": 10,
    "unit_price": kc.Money("30000", "RUB"),
}


# -- the field and the value are named --------------------------------------------------


def test_float_quantity_is_refused_naming_the_quantity_and_the_value() -> None:
    """quantity=0.5 is refused, never silently turned into a Decimal."""
    [(loc, msg)] = errors_of(kc.DealLine, {**LINE, "quantity": 0.5})
    assert loc == ("quantity",)
    assert "quantity=0.5: float is refused" in msg


def test_negative_price_is_refused_naming_the_field_and_the_value() -> None:
    """A negative unit price names unit_price and the amount."""
    [(loc, msg)] = errors_of(kc.DealLine, {**LINE, "unit_price": kc.Money("-1", "RUB")})
    assert loc == ("unit_price",)
    assert "unit_price=-1 RUB: must not be negative" in msg


@pytest.mark.parametrize("text", ["20260110", "2026-W02-6", "10.01.2026", "2026-1-10"])
def test_dates_are_iso_yyyy_mm_dd_only(text: str) -> None:
    """Only the YYYY-MM-DD spelling is a date in JSON input; the value is echoed."""
    [(loc, msg)] = errors_of(kc.Deal, {**DEAL, "opened_on": text})
    assert loc == ("opened_on",)
    assert f"{text!r} is not an ISO date YYYY-MM-DD" in msg


# -- every entity refuses unknown fields and wrong types --------------------------------

MINIMAL: dict[type[kc.Entity], dict[str, Any]] = {
    kc.Client: {"id": "C-1", "name": "ООО Альфа"},
    kc.Stakeholder: {"name": "И. Петров"},
    kc.Dossier: {},
    kc.DossierEntry: {"on": date(2026, 3, 2), "summary": "Встреча"},
    kc.CompanyFact: {"name": "ERP", "value": "1C"},
    kc.Lead: {"id": "L-7", "company": "ООО Бета", "created_on": date(2026, 11, 1)},
    kc.BantFacts: {},
    kc.Evidence: {"criterion": "metrics", "level": 2},
    kc.Deal: DEAL,
    kc.DealLine: LINE,
    kc.Position: {"name": "inside_sales", "function": "hunter"},
}
ENTITIES = sorted(MINIMAL, key=lambda cls: cls.__name__)


@pytest.mark.parametrize("cls", ENTITIES, ids=lambda c: c.__name__)
def test_every_entity_refuses_unknown_fields(cls: type[kc.Entity]) -> None:
    """A misspelt field is an error naming it, never silently dropped."""
    [(loc, msg)] = errors_of(cls, {**MINIMAL[cls], "colour": "red"})
    assert loc == ("colour",)
    assert msg == "Extra inputs are not permitted"


@pytest.mark.parametrize("cls", ENTITIES, ids=lambda c: c.__name__)
def test_every_entity_is_frozen(cls: type[kc.Entity]) -> None:
    """Entities cannot change in place."""
    entity = cls.model_validate(MINIMAL[cls])
    field = next(iter(cls.model_fields))
    with pytest.raises(ValidationError, match="frozen"):
        setattr(entity, field, getattr(entity, field))


@pytest.mark.parametrize("cls", ENTITIES, ids=lambda c: c.__name__)
def test_every_entity_exports_a_json_schema_that_forbids_extra_fields(
    cls: type[kc.Entity],
) -> None:
    """model_json_schema() documents the contract for other languages."""
    schema = cls.model_json_schema()
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(cls.model_fields)
    json.dumps(schema)


@pytest.mark.parametrize("cls", ENTITIES, ids=lambda c: c.__name__)
def test_every_entity_round_trips_through_dict_and_json(cls: type[kc.Entity]) -> None:
    """dict -> entity -> JSON -> entity gives the same entity and the same dump."""
    entity = cls.model_validate(MINIMAL[cls])
    assert_round_trips(entity)


def test_quantity_schema_says_integer_or_decimal_string_never_number() -> None:
    """Other languages learn that a quantity is exact: no JSON floats accepted, strings out."""
    validation = kc.DealLine.model_json_schema()["properties"]["quantity"]
    assert [branch["type"] for branch in validation["anyOf"]] == ["integer", "string"]
    assert validation["anyOf"][0]["exclusiveMinimum"] == 0
    serialization = kc.DealLine.model_json_schema(mode="serialization")["properties"]["quantity"]
    assert serialization["type"] == "string"
    assert "gt" not in validation
    assert "gt" not in serialization


@given(deals())
def test_dumped_amounts_and_quantities_match_their_json_schema_patterns(deal: kc.Deal) -> None:
    """Every amount and quantity kam_core writes matches the pattern its schema declares."""
    schema = kc.Deal.model_json_schema(mode="serialization")
    money = schema["properties"]["amount"]
    quantity = schema["$defs"]["DealLine"]["properties"]["quantity"]
    data = deal.model_dump(mode="json")
    assert re.fullmatch(money["properties"]["amount"]["pattern"], data["amount"]["amount"])
    for line in data["lines"]:
        assert re.fullmatch(quantity["pattern"], line["quantity"])


@pytest.mark.parametrize(
    ("cls", "field", "value"),
    [
        (kc.Client, "name", 5),
        (kc.Client, "id", ""),
        (kc.Client, "id", " C-1"),
        (kc.Client, "regions", "Москва"),
        (kc.Client, "partnership_intent", "yes"),
        (kc.Client, "partnership_intent", 1),
        (kc.Client, "owner", "boss"),
        (kc.Stakeholder, "buying_role", "boss"),
        (kc.Stakeholder, "name", ""),
        (kc.Dossier, "employees", 12.0),
        (kc.Dossier, "employees", -1),
        (kc.Dossier, "employees", "12"),
        (kc.Evidence, "criterion", "Metrics"),
        (kc.Evidence, "level", 4),
        (kc.Evidence, "level", "3"),
        (kc.Lead, "stage", "hot"),
        (kc.BantFacts, "need", "strong"),
        (kc.BantFacts, "authority", "ceo"),
        (kc.Deal, "status", "pending"),
        (kc.Deal, "id", 5),
        (kc.Deal, "amount", "300000"),
        (kc.DealLine, "quantity", 0),
        (kc.DealLine, "quantity", -2),
        (kc.DealLine, "quantity", "NaN"),
        (kc.DealLine, "quantity", True),
        (kc.Position, "name", "Inside Sales"),
        (kc.Position, "function", "closer"),
    ],
)
def test_wrong_values_are_refused_naming_the_field(
    cls: type[kc.Entity], field: str, value: object
) -> None:
    """Wrong types and out-of-range values raise ValidationError located at the field."""
    errors = errors_of(cls, {**MINIMAL[cls], field: value})
    assert errors
    assert all(loc[0] == field for loc, _ in errors)


@pytest.mark.parametrize(
    ("cls", "field"),
    [
        (kc.Client, "potential"),
        (kc.Dossier, "annual_revenue"),
        (kc.BantFacts, "budget"),
        (kc.Lead, "estimated_value"),
        (kc.Deal, "amount"),
        (kc.DealLine, "unit_price"),
    ],
)
def test_money_fields_refuse_negative_float_and_unknown_currency(
    cls: type[kc.Entity], field: str
) -> None:
    """Prices, budgets and potentials are non-negative Money in a real currency."""
    for bad, expected in [
        (kc.Money("-1", "RUB"), f"{field}=-1 RUB: must not be negative"),
        ({"amount": 1.5, "currency": "RUB"}, "amount=1.5: float is refused"),
        ({"amount": "1", "currency": "RUR"}, "currency='RUR': unknown ISO 4217"),
        (1000, "expected"),
    ]:
        [(loc, msg)] = errors_of(cls, {**MINIMAL[cls], field: bad})
        assert loc == (field,)
        assert expected in msg


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 1, 10, 9, 30),
        datetime(2026, 1, 10, 9, 30, tzinfo=UTC),
        1768000000,
        "2026-02-30",
        None,
    ],
)
def test_dates_refuse_datetimes_timestamps_and_impossible_days(value: object) -> None:
    """A calendar date is a date: naive or aware datetimes and timestamps are refused."""
    [(loc, msg)] = errors_of(kc.Deal, {**DEAL, "opened_on": value})
    assert loc == ("opened_on",)
    assert ("datetime" in msg) or ("date" in msg)


# -- consistency rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closed_on": date(2026, 1, 9)}, "closed_on=2026-01-09: before opened_on 2026-01-10"),
        ({"closed_on": None}, "closed_on=None: a won deal needs the date it was closed"),
        ({"status": "open"}, "closed_on=2026-02-01: an open deal has no closing date"),
        ({"paid_on": date(2026, 1, 1)}, "paid_on=2026-01-01: before opened_on 2026-01-10"),
        ({"due_on": date(2026, 1, 1)}, "due_on=2026-01-01: before opened_on 2026-01-10"),
        (
            {"lines": ({**LINE, "unit_price": kc.Money("1", "USD")},)},
            "lines[0].unit_price.currency='USD': the deal is in RUB",
        ),
        ({"margin": kc.Money("1", "EUR")}, "margin.currency='EUR': the deal is in RUB"),
        ({"referred_by": "C-1"}, "referred_by='C-1': a client cannot refer itself"),
    ],
)
def test_inconsistent_deals_are_refused_naming_the_field_and_value(
    changes: dict[str, Any], message: str
) -> None:
    """Dates in the wrong order, missing closing dates and foreign currencies are refused."""
    [(_loc, msg)] = errors_of(kc.Deal, {**DEAL, **changes})
    assert message in msg


def test_open_lost_and_cancelled_deals_need_no_closing_date() -> None:
    """Only a won deal must say when it closed; an open one must not."""
    for status in ("open", "lost", "cancelled"):
        deal = kc.Deal.model_validate({**DEAL, "status": status, "closed_on": None})
        assert deal.closed_on is None
        assert not deal.is_purchase
    assert kc.Deal.model_validate(DEAL).is_purchase


def test_deal_margin_may_be_negative_and_paid_late_is_allowed() -> None:
    """A loss-making deal has a negative margin; paying late is a fact, not an error."""
    deal = kc.Deal.model_validate(
        {
            **DEAL,
            "margin": kc.Money("-500", "RUB"),
            "due_on": date(2026, 3, 3),
            "paid_on": date(2026, 3, 10),
        }
    )
    assert deal.margin == kc.Money("-500", "RUB")


def test_deal_line_total_is_quantity_times_price_exactly() -> None:
    """10 × 30 000 RUB is 300 000 RUB; fractional quantities stay exact."""
    assert kc.DealLine.model_validate(LINE).total == kc.Money("300000", "RUB")
    line = kc.DealLine.model_validate(
        {**LINE, "quantity": "0.333", "unit_price": kc.Money("3", "RUB")}
    )
    assert line.quantity == Decimal("0.333")
    assert line.total == kc.Money("0.999", "RUB")


def test_client_cannot_be_its_own_parent() -> None:
    """An account hierarchy has no loops of one."""
    [(_loc, msg)] = errors_of(kc.Client, {"id": "C-1", "name": "x", "parent_id": "C-1"})
    assert "parent_id='C-1': a client cannot be its own parent" in msg
    assert kc.Client(id="C-2", name="x", parent_id="C-1").parent_id == "C-1"


def test_lead_decision_date_cannot_precede_its_creation() -> None:
    """A lead cannot have decided before we met it."""
    [(_loc, msg)] = errors_of(
        kc.Lead,
        {**MINIMAL[kc.Lead], "bant": {"decision_date": date(2026, 10, 1)}},
    )
    assert "bant.decision_date=2026-10-01: before created_on 2026-11-01" in msg


def test_converted_lead_names_the_client_it_became() -> None:
    """A converted lead without client_id is refused; with one it is fine."""
    [(_loc, msg)] = errors_of(kc.Lead, {**MINIMAL[kc.Lead], "stage": "converted"})
    assert "client_id=None: a converted lead names the client it became" in msg
    lead = kc.Lead.model_validate({**MINIMAL[kc.Lead], "stage": "converted", "client_id": "C-9"})
    assert lead.stage.is_final


# -- replace() validates ----------------------------------------------------------------


def test_replace_applies_changes_and_validates_them() -> None:
    """replace() is model_copy with validation: bad values and rule breaks are refused."""
    deal = kc.Deal.model_validate(DEAL)
    assert deal.replace(status="lost").status is kc.DealStatus.LOST
    assert deal.replace(amount={"amount": "1", "currency": "RUB"}).amount == kc.Money("1", "RUB")
    with pytest.raises(ValidationError, match="float is refused"):
        deal.replace(amount={"amount": 1.5, "currency": "RUB"})
    with pytest.raises(ValidationError, match="an open deal has no closing date"):
        deal.replace(status="open")
    assert deal.replace() == deal


def test_replace_refuses_unknown_fields() -> None:
    """replace(colour=...) is a TypeError naming the field."""
    with pytest.raises(TypeError, match=r"Deal.replace\(\) got unknown fields \['colour'\]"):
        kc.Deal.model_validate(DEAL).replace(colour="red")


# -- enums and catalogues ---------------------------------------------------------------


def test_need_levels_are_ordered_weakest_first() -> None:
    """NONE < WEAK < PARTIAL < CONFIRMED by rank."""
    assert [n.rank for n in kc.NeedLevel] == [0, 1, 2, 3]
    assert [n.value for n in kc.NeedLevel] == ["none", "weak", "partial", "confirmed"]


def test_buying_roles_know_who_holds_authority_and_their_russian_names() -> None:
    """ЛПР and the economic buyer can commit budget; every role has a Russian name."""
    assert {r for r in kc.BuyingRole if r.has_authority} == {
        kc.BuyingRole.DECISION_MAKER,
        kc.BuyingRole.ECONOMIC_BUYER,
    }
    assert kc.BuyingRole.DECISION_MAKER.text("ru") == "ЛПР"
    assert all(r.text("ru") for r in kc.BuyingRole)
    assert [r.name for r in kc.BuyingRole] == [
        "DECISION_MAKER",
        "ECONOMIC_BUYER",
        "INFLUENCER",
        "TECHNICAL_BUYER",
        "USER",
        "GATEKEEPER",
        "CHAMPION",
        "UNKNOWN",
    ]


def test_statuses_stages_and_roles_are_str_enums() -> None:
    """Every enum compares equal to its JSON value."""
    assert kc.DealStatus.WON == "won"
    assert [s.value for s in kc.DealStatus] == ["open", "won", "lost", "cancelled", "returned"]
    assert kc.LeadStage.SQL == "sql"
    assert {s for s in kc.LeadStage if s.is_final} == {
        kc.LeadStage.CONVERTED,
        kc.LeadStage.DISQUALIFIED,
    }
    assert kc.Role.CLIENT_MANAGER == "client_manager"


def test_client_lists_its_decision_making_group_and_decision_makers() -> None:
    """The ГПР is every stakeholder; the ЛПР are those with the decision-maker role."""
    boss = kc.Stakeholder(name="И. Петров", buying_role=kc.BuyingRole.DECISION_MAKER)
    user = kc.Stakeholder(name="А. Сидоров", buying_role=kc.BuyingRole.USER)
    client = kc.Client(id="C-1", name="ООО Альфа", stakeholders=(boss, user))
    assert client.decision_making_group == (boss, user)
    assert client.decision_makers == (boss,)


def test_dossier_is_empty_until_something_is_recorded() -> None:
    """Any history, fact, criterion or figure makes the dossier non-empty."""
    assert kc.Dossier().is_empty
    assert kc.Client(id="C-1", name="x").dossier.is_empty
    for filled in (
        {"history": ({"on": date(2026, 1, 1), "summary": "Встреча"},)},
        {"employees": 0},
        {"annual_revenue": kc.Money("0", "RUB")},
        {"buying_criteria": ("цена",)},
        {"competitors": ("ООО Гамма",)},
        {"switching_barriers": ("общий ЭДО",)},
        {"facts": ({"name": "ERP", "value": "1C"},)},
    ):
        assert not kc.Dossier.model_validate(filled).is_empty


def test_lead_evidence_for_takes_the_strongest_then_latest() -> None:
    """The strongest evidence for a criterion wins; among equals the latest."""
    old = kc.Evidence(criterion="pain", level=2, observed_on=date(2026, 1, 1))
    new = kc.Evidence(criterion="pain", level=2, observed_on=date(2026, 2, 1))
    weak = kc.Evidence(criterion="pain", level=1, observed_on=date(2026, 3, 1))
    undated = kc.Evidence(criterion="metrics", level=3)
    lead = kc.Lead.model_validate({**MINIMAL[kc.Lead], "evidence": (old, weak, new, undated)})
    assert lead.evidence_for("pain") is new
    assert lead.evidence_for("metrics") is undated
    assert lead.evidence_for("champion") is None


# -- roles and positions ----------------------------------------------------------------


def test_role_catalogue_has_the_nine_positions_of_the_methodology() -> None:
    """Marketer, telemarketer, development specialist, КМ, КАМ, PM, specialist, СОП, back office."""
    assert [r.name for r in kc.Role] == [
        "MARKETER",
        "TELEMARKETER",
        "DEVELOPMENT_SPECIALIST",
        "CLIENT_MANAGER",
        "KEY_ACCOUNT_MANAGER",
        "PROJECT_MANAGER",
        "SPECIALIST",
        "SALES_SUPPORT",
        "BACK_OFFICE",
    ]


@pytest.mark.parametrize(
    ("role", "function"),
    [
        (kc.Role.MARKETER, kc.Function.SCOUT),
        (kc.Role.TELEMARKETER, kc.Function.SCOUT),
        (kc.Role.DEVELOPMENT_SPECIALIST, kc.Function.HUNTER),
        (kc.Role.CLIENT_MANAGER, kc.Function.FARMER),
        (kc.Role.KEY_ACCOUNT_MANAGER, kc.Function.FARMER),
        (kc.Role.PROJECT_MANAGER, kc.Function.SUPPORT),
        (kc.Role.SPECIALIST, kc.Function.SUPPORT),
        (kc.Role.SALES_SUPPORT, kc.Function.SUPPORT),
        (kc.Role.BACK_OFFICE, kc.Function.SUPPORT),
    ],
)
def test_each_position_carries_its_function(role: kc.Role, function: kc.Function) -> None:
    """Scouts find, hunters make the first sale, farmers grow, support serves."""
    assert role.function is function
    assert role.key == role.value
    assert role.text("ru")
    assert role.text("en")
    assert function.text("ru")
    assert function.text("en")


def test_client_manager_has_the_nine_tasks_in_the_book_order() -> None:
    """The КМ's tasks: grow turnover, order value and frequency ... hand over to projects."""
    R = kc.Responsibility
    assert kc.Role.CLIENT_MANAGER.responsibilities == (
        R.GROW_TURNOVER,
        R.GROW_AVERAGE_ORDER,
        R.GROW_ORDER_FREQUENCY,
        R.DEVELOP_ASSORTMENT,
        R.RAISE_LOYALTY,
        R.BUILD_SWITCHING_BARRIERS,
        R.REACTIVATE_SLEEPING,
        R.FILL_DOSSIER,
        R.HAND_OVER_TO_PROJECTS,
    )


def test_key_account_manager_does_the_client_manager_tasks_plus_kam_duties() -> None:
    """The КАМ farms like the КМ and adds the three key-account duties."""
    kam = kc.Role.KEY_ACCOUNT_MANAGER.responsibilities
    assert kam[:9] == kc.Role.CLIENT_MANAGER.responsibilities
    assert kam[9:] == (
        kc.Responsibility.DEVELOP_MULTILEVEL_RELATIONSHIPS,
        kc.Responsibility.MOBILISE_SUPPLIER_RESOURCES,
        kc.Responsibility.COORDINATE_FIELD_REPS,
    )


def test_specialists_have_three_tasks_and_the_back_office_takes_orders_first() -> None:
    """Shape, deliver, raise loyalty; operators take orders before upselling."""
    R = kc.Responsibility
    for role in (kc.Role.SPECIALIST, kc.Role.PROJECT_MANAGER):
        assert role.responsibilities == (R.SHAPE_SOLUTION, R.DELIVER_SOLUTION, R.RAISE_LOYALTY)
    for role in (kc.Role.SALES_SUPPORT, kc.Role.BACK_OFFICE):
        assert role.responsibilities[0] is R.TAKE_ORDERS
        assert set(role.responsibilities[1:]) == {R.GROW_AVERAGE_ORDER, R.DEVELOP_ASSORTMENT}
    assert R.QUALIFY_LEADS in kc.Role.TELEMARKETER.responsibilities
    assert R.MAKE_FIRST_SALE in kc.Role.DEVELOPMENT_SPECIALIST.responsibilities


def test_every_responsibility_has_a_russian_name() -> None:
    """The catalogue reads in the methodology's Russian."""
    assert all(r.text("ru") for r in kc.Responsibility)
    assert kc.Responsibility.FILL_DOSSIER.text("ru") == "наполнение досье клиента"
    assert kc.Responsibility.REACTIVATE_SLEEPING.text("ru") == "реактивация «уснувших» клиентов"


def test_a_user_position_works_as_a_client_owner_and_round_trips() -> None:
    """Client.owner takes a catalogue Role or the company's own Position."""
    inside = kc.Position(
        name="inside_sales",
        function=kc.Function.HUNTER,
        responsibilities=(kc.Responsibility.MAKE_FIRST_SALE,),
        title="Менеджер по работе с сетями",
    )
    assert inside.key == "inside_sales"
    client = kc.Client(id="C-1", name="x", owner=inside)
    assert client.owner == inside
    assert client.model_dump(mode="json")["owner"]["function"] == "hunter"
    assert_round_trips(client)
    by_role = kc.Client(id="C-1", name="x", owner="client_manager")
    assert by_role.owner is kc.Role.CLIENT_MANAGER
    assert by_role.model_dump(mode="json")["owner"] == "client_manager"
    assert_round_trips(by_role)


# -- round trips ------------------------------------------------------------------------


def assert_round_trips(entity: kc.Entity) -> None:
    """dict and JSON forms parse back to an equal entity with an identical dump."""
    cls = type(entity)
    as_dict = entity.model_dump(mode="json")
    as_json = entity.model_dump_json()
    assert json.loads(as_json) == as_dict
    from_dict = cls.model_validate(as_dict)
    from_json = cls.model_validate_json(as_json)
    assert from_dict == entity
    assert from_json == entity
    assert from_json.model_dump(mode="json") == as_dict
    assert cls.model_validate(entity.model_dump()) == entity


def test_a_full_deal_round_trips_with_exact_digits() -> None:
    """Kopecks, fractional quantities and every optional field survive JSON."""
    deal = kc.Deal.model_validate(
        {
            **DEAL,
            "amount": kc.Money("300000.10", "RUB"),
            "lines": (
                {**LINE, "quantity": "2.500", "unit_price": kc.Money("0.04", "RUB")},
                {**LINE, "product_id": "SKU-7", "category": None},
            ),
            "margin": kc.Money("-12.30", "RUB"),
            "due_on": date(2026, 3, 3),
            "paid_on": date(2026, 3, 10),
            "referred_by": "C-2",
            "owner": "manager-17",
        }
    )
    assert_round_trips(deal)
    dumped = deal.model_dump(mode="json")
    assert dumped["amount"] == {"amount": "300000.10", "currency": "RUB"}
    assert dumped["lines"][0]["quantity"] == "2.500"
    assert dumped["opened_on"] == "2026-01-10"


def test_a_full_client_round_trips() -> None:
    """Stakeholders, dossier and hierarchy survive JSON."""
    client = kc.Client.model_validate(
        {
            "id": "C-1",
            "name": "ООО Альфа",
            "regions": ("Москва", "Казань"),
            "industry": "FMCG",
            "potential": kc.Money("12000000", "RUB"),
            "partnership_intent": True,
            "owner": kc.Role.KEY_ACCOUNT_MANAGER,
            "parent_id": "H-1",
            "stakeholders": (
                {"name": "И. Петров", "buying_role": "decision_maker", "department": "procurement"},
            ),
            "dossier": {
                "history": ({"on": date(2026, 3, 2), "summary": "Тендер", "kind": "tender"},),
                "employees": 1200,
                "annual_revenue": kc.Money("5000000000", "RUB"),
                "buying_criteria": ("цена", "отсрочка"),
                "competitors": ("ООО Гамма",),
                "switching_barriers": ("общий ЭДО",),
                "facts": ({"name": "ERP", "value": "SAP"},),
            },
            "created_on": date(2020, 5, 1),
        }
    )
    assert_round_trips(client)


@given(clients())
def test_generated_clients_round_trip(client: kc.Client) -> None:
    """Every client the strategy makes survives dict and JSON."""
    assert_round_trips(client)


@given(deals())
def test_generated_deals_round_trip(deal: kc.Deal) -> None:
    """Every deal the strategy makes survives dict and JSON."""
    assert_round_trips(deal)


@given(leads())
def test_generated_leads_round_trip(lead: kc.Lead) -> None:
    """Every lead the strategy makes survives dict and JSON."""
    assert_round_trips(lead)


@given(st.sampled_from(["RUB", "USD", "JPY"]).flatmap(lambda cur: bant_facts(currency=cur)))
def test_generated_bant_facts_round_trip(facts: kc.BantFacts) -> None:
    """BANT facts, known or unknown, survive dict and JSON."""
    assert_round_trips(facts)
