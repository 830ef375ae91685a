"""Reading rows of strings (CRM exports) into entities, with errors naming row and column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import _ingest
from kam_core.errors import KamError, ReadOptionError, RowError
from kam_core.io import (
    DEAL_COLUMNS,
    client_row,
    deal_rows,
    lead_row,
    read_clients,
    read_deals,
    read_leads,
)

AS_OF = date(2026, 11, 24)


def deal_row(**cells: str) -> dict[str, str]:
    base = {
        "id": "D-1",
        "client_id": "C-1",
        "status": "won",
        "opened_on": "2026-01-10",
        "closed_on": "2026-01-12",
        "amount": "10",
        "currency": "RUB",
    }
    return {**base, **cells}


def amount_of(text: str, **options: str) -> Decimal:
    [deal] = read_deals([deal_row(amount=text)], **options)  # type: ignore[arg-type]
    return deal.amount.amount


def test_row_error_is_a_kam_value_error_carrying_row_and_column() -> None:
    """RowError has one root with the others and says where the problem is."""
    err = RowError(5, "amount", "x", "not a decimal number")
    assert isinstance(err, KamError)
    assert isinstance(err, ValueError)
    assert (err.row, err.field, err.value, err.message) == (
        5,
        "amount",
        "x",
        "not a decimal number",
    )
    assert str(err) == "row 5, column 'amount': 'x': not a decimal number"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1250.50", "1250.50"),
        ("1250,50", "1250.50"),
        ("1 250,50", "1250.50"),
        ("1\u00a0250\u00a0000", "1250000"),
        (".5", "0.5"),
        (" 7 ", "7"),
        ("1 250 ₽", "1250"),
    ],
)
def test_amounts_are_exact_decimals_in_both_conventions(text: str, value: str) -> None:
    """Dot or comma decimals, space-grouped thousands: the same reading as Money.parse."""
    assert amount_of(text) == Decimal(value)
    assert kc.Money.parse(text, "RUB").amount == Decimal(value)


@pytest.mark.parametrize("text", ["1,250.50", "1e5", "NaN", "inf", "$100", "1,2,3", "--1", "1,250"])
def test_ambiguous_or_non_numeric_amounts_are_refused(text: str) -> None:
    """Mixed separators, exponents, symbols, non-finite values and '1,250' are errors."""
    with pytest.raises(RowError) as info:
        amount_of(text)
    assert (info.value.row, info.value.field, info.value.value) == (2, "amount", text)
    assert info.value.code.startswith("io.amount.")


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**12, min_value=0))
@settings(max_examples=100)
def test_any_decimal_written_plainly_reads_back_exactly(value: Decimal) -> None:
    """str(Decimal) in fixed notation round-trips, with either separator and its rule."""
    text = format(value, "f")
    assert amount_of(text, decimal=".") == value
    assert amount_of(text.replace(".", ","), decimal=",") == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026-02-30", "io.date.invalid"),
        ("31.02.2026", "io.date.invalid"),
        ("10/01/2026", "io.date.invalid"),
        ("2026-01-10T10:00:00", "io.date.timestamp"),
    ],
)
def test_bad_dates_and_times_are_refused(text: str, code: str) -> None:
    """Only calendar dates in ISO or DD.MM.YYYY form; a timestamp needs a time zone."""
    with pytest.raises(RowError) as info:
        list(read_deals([deal_row(opened_on=text, closed_on="")]))
    assert (info.value.field, info.value.code) == ("opened_on", code)


def test_multi_line_deal_is_consecutive_rows_with_one_id() -> None:
    """Rows with the same id build one deal with several lines."""
    rows = [
        deal_row(product_id="A", quantity="2", unit_price="3", category="x"),
        {"id": "D-1", "product_id": "B", "quantity": "1", "unit_price": "4"},
        deal_row(id="D-2"),
    ]
    deals = list(read_deals(rows))
    assert [d.id for d in deals] == ["D-1", "D-2"]
    assert [(line.product_id, line.quantity) for line in deals[0].lines] == [
        ("A", Decimal(2)),
        ("B", Decimal(1)),
    ]
    assert deals[1].lines == ()
    assert list(read_deals([])) == []


def test_a_line_without_product_is_refused() -> None:
    """Line cells need a product id."""
    with pytest.raises(RowError, match="product_id") as info:
        list(read_deals([deal_row(quantity="2")]))
    assert info.value.code == "io.line.incomplete"


def test_a_line_without_price_is_refused() -> None:
    """A product needs quantity and unit price."""
    with pytest.raises(RowError, match="unit_price"):
        list(read_deals([deal_row(product_id="A", quantity="2")]))


def test_columns_rename_export_headers_and_refuse_unknown_targets() -> None:
    """{"Сумма": "amount"} maps a source column (any case); a target not documented is an error."""
    row = deal_row()
    row["СУММА"] = row.pop("amount")
    [deal] = read_deals([row], columns={"Сумма": "amount"})
    assert deal.amount == kc.Money("10", "RUB")
    with pytest.raises(ReadOptionError, match="not a column kam_core reads"):
        read_deals([row], columns={"Сумма": "sum"})


def test_missing_currency_without_default_is_reported() -> None:
    """Amounts need a currency: from the column or the default."""
    row = deal_row()
    del row["currency"]
    with pytest.raises(RowError, match="no currency") as info:
        list(read_deals([row]))
    assert info.value.code == "io.currency.missing"
    [deal] = read_deals([row], currency="USD")
    assert deal.amount.currency == "USD"


def test_synthetic_book_round_trips_through_rows() -> None:
    """deal_rows / client_row / lead_row read back as the same entities."""
    book = kc.generate_book(120, seed=2, as_of=AS_OF)
    deals = list(book.deals())
    assert list(read_deals((r for d in deals for r in deal_rows(d)), decimal=".")) == deals
    assert tuple(read_clients(map(client_row, book.clients), decimal=".")) == book.clients
    assert tuple(read_leads(map(lead_row, book.leads), decimal=".")) == book.leads


def test_the_private_ingest_functions_are_thin_wrappers_over_kam_core_io() -> None:
    """The command line's _ingest reads exactly as kam_core.io does, '1,250' refused alike."""
    rows = [deal_row(amount="1 250,50", product_id="A", quantity="1", unit_price="1 250,50")]
    assert list(_ingest.read_deals(rows)) == list(read_deals(rows))
    assert _ingest.parse_decimal("1 250,50") == Decimal("1250.50")
    assert _ingest.parse_date("24.11.2026") == date(2026, 11, 24)
    with pytest.raises(RowError, match="ambiguous") as info:
        _ingest.parse_decimal("1,250", row=4)
    assert (info.value.row, info.value.code) == (4, "io.amount.ambiguous")
    with pytest.raises(RowError, match="time zone") as info:
        _ingest.parse_date("2026-02-10 10:00:00", row=3, field="closed_on")
    assert (info.value.row, info.value.field) == (3, "closed_on")
    renamed = {("Сделка" if k == "id" else k): v for k, v in deal_row().items()}
    [deal] = _ingest.read_deals([renamed], mapping={"Сделка": "id"})
    assert deal.id == "D-1"
    assert _ingest.DEAL_COLUMNS == DEAL_COLUMNS


def test_client_cells_are_parsed() -> None:
    """Regions, booleans, JSON stakeholders."""
    [client] = read_clients(
        [
            {
                "id": "C-1",
                "name": "ООО Альфа",
                "regions": "Москва;Казань",
                "partnership_intent": "нет",
                "stakeholders": '[{"name": "И. Петров", "buying_role": "decision_maker"}]',
                "potential": "100",
            }
        ],
        currency="RUB",
    )
    assert client.partnership_intent is False
    assert client.regions == ("Москва", "Казань")
    assert [s.name for s in client.decision_makers] == ["И. Петров"]


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        ({"stakeholders": "{oops"}, "stakeholders", "io.json.invalid"),
        ({"stakeholders": "{}"}, "stakeholders", "io.json.invalid"),
        ({"owner": "janitor"}, "owner", "io.invalid"),
        ({"potential": "1", "currency": "XXX1"}, "currency", "io.currency.unknown"),
        ({"partnership_intent": "perhaps"}, "partnership_intent", "io.flag.invalid"),
        ({"created_on": "yesterday"}, "created_on", "io.date.invalid"),
    ],
)
def test_bad_client_cells_name_the_column(cells: dict[str, str], column: str, code: str) -> None:
    """Client errors carry the row, the column and a reason code."""
    with pytest.raises(RowError) as info:
        list(read_clients([{"id": "C-1", "name": "A", **cells}]))
    assert (info.value.row, info.value.field, info.value.code) == (2, column, code)


def test_lead_contact_and_evidence_are_read() -> None:
    """Contact name and role, evidence as JSON, the stage in any case."""
    [lead] = read_leads(
        [
            {
                "id": "L-1",
                "company": "B",
                "created_on": "2026-11-01",
                "contact_name": "А. Иванов",
                "contact_role": "economic_buyer",
                "evidence": '[{"criterion": "metrics", "level": 2}]',
                "stage": "MQL",
                "estimated_value": "1 000 000",
                "currency": "RUB",
            }
        ]
    )
    assert lead.contact is not None
    assert lead.contact.buying_role is kc.BuyingRole.ECONOMIC_BUYER
    assert lead.evidence_for("metrics") is not None
    assert lead.stage is kc.LeadStage.MQL
    assert lead.estimated_value == kc.Money("1000000", "RUB")


def test_bad_lead_contact_role_names_the_contact_column() -> None:
    """Nested errors are reported under the CSV column they came from."""
    row = {"id": "L-1", "company": "B", "created_on": "2026-11-01", "contact_name": "X"}
    with pytest.raises(RowError) as info:
        list(read_leads([{**row, "contact_role": "boss"}]))
    assert info.value.field == "contact_role"
    with pytest.raises(RowError, match="needs the contact's name") as info:
        list(read_leads([{**row, "contact_name": "", "contact_role": "user"}]))
    assert info.value.code == "io.lead.contact_incomplete"


def test_header_check_reports_missing_columns_before_rows() -> None:
    """Required columns missing from the header fail at row 1."""
    with pytest.raises(RowError, match="row 1: missing columns: name") as info:
        list(_ingest.read_clients([], header=["id"]))
    assert info.value.code == "io.header.missing"
