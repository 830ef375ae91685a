"""Reading rows of strings (CRM exports) into entities, with errors naming row and column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import _ingest
from kam_core.errors import KamError, RowError

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
        ("-3", "-3"),
        (".5", "0.5"),
        (" 7 ", "7"),
    ],
)
def test_amounts_are_exact_decimals_in_both_conventions(text: str, value: str) -> None:
    """Dot or comma decimals, space-grouped thousands."""
    assert _ingest.parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,250.50", "1e5", "NaN", "inf", "₽100", "1,2,3", "", "--1"])
def test_ambiguous_or_non_numeric_amounts_are_refused(text: str) -> None:
    """Mixed separators, exponents, symbols and non-finite values are errors."""
    with pytest.raises(RowError):
        _ingest.parse_decimal(text, row=3)


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, max_value=10**12, min_value=-(10**12)
    )
)
@settings(max_examples=100)
def test_any_decimal_written_plainly_reads_back_exactly(value: Decimal) -> None:
    """str(Decimal) in fixed notation round-trips, with either separator."""
    text = format(value, "f")
    assert _ingest.parse_decimal(text) == value
    assert _ingest.parse_decimal(text.replace(".", ",")) == value


@pytest.mark.parametrize("text", ["2026-02-30", "2026-01-10T10:00:00", "10/01/2026", "31.02.2026"])
def test_bad_dates_and_times_are_refused(text: str) -> None:
    """Only calendar dates in ISO or DD.MM.YYYY form."""
    with pytest.raises(RowError, match="not a date"):
        _ingest.parse_date(text, row=2, field="opened_on")


def test_multi_line_deal_is_consecutive_rows_with_one_id() -> None:
    """Rows with the same id build one deal with several lines."""
    rows = [
        deal_row(product_id="A", quantity="2", unit_price="3", category="x"),
        {"id": "D-1", "product_id": "B", "quantity": "1", "unit_price": "4"},
        deal_row(id="D-2"),
    ]
    deals = list(_ingest.read_deals(rows))
    assert [d.id for d in deals] == ["D-1", "D-2"]
    assert [(line.product_id, line.quantity) for line in deals[0].lines] == [
        ("A", Decimal(2)),
        ("B", Decimal(1)),
    ]
    assert deals[1].lines == ()
    assert list(_ingest.read_deals([])) == []


def test_a_line_without_product_is_refused() -> None:
    """Line cells need a product id."""
    with pytest.raises(RowError, match="product_id"):
        list(_ingest.read_deals([deal_row(quantity="2")]))


def test_a_line_without_price_is_refused() -> None:
    """A product needs quantity and unit price."""
    with pytest.raises(RowError, match="unit_price"):
        list(_ingest.read_deals([deal_row(product_id="A", quantity="2")]))


def test_mapping_renames_columns_and_rejects_unknown_targets() -> None:
    """{"Сумма": "amount"} maps a source column; a target not documented is an error."""
    row = deal_row()
    row["Сумма"] = row.pop("amount")
    [deal] = _ingest.read_deals([row], mapping={"Сумма": "amount"})
    assert deal.amount == kc.Money("10", "RUB")
    with pytest.raises(RowError, match="unknown columns"):
        list(_ingest.read_deals([row], mapping={"Сумма": "sum"}))


def test_missing_currency_without_default_is_reported() -> None:
    """Amounts need a currency: from the column or the default."""
    row = deal_row()
    del row["currency"]
    with pytest.raises(RowError, match="no currency"):
        list(_ingest.read_deals([row]))
    [deal] = _ingest.read_deals([row], currency="USD")
    assert deal.amount.currency == "USD"


def test_synthetic_book_round_trips_through_rows() -> None:
    """deal_rows / client_row / lead_row read back as the same entities."""
    book = kc.generate_book(120, seed=2, as_of=AS_OF)
    deals = list(book.deals())
    assert list(_ingest.read_deals(r for d in deals for r in _ingest.deal_rows(d))) == deals
    assert tuple(_ingest.read_clients(map(_ingest.client_row, book.clients))) == book.clients
    assert tuple(_ingest.read_leads(map(_ingest.lead_row, book.leads))) == book.leads


def test_client_cells_are_parsed() -> None:
    """Regions, booleans, JSON stakeholders."""
    [client] = _ingest.read_clients(
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
    assert [s.name for s in client.decision_makers] == ["И. Петров"]


@pytest.mark.parametrize(
    ("cells", "fragment"),
    [
        ({"stakeholders": "{oops"}, "not JSON"),
        ({"stakeholders": "{}"}, "JSON array"),
        ({"owner": "janitor"}, "owner"),
        ({"potential": "1", "currency": "XXX1"}, "currency"),
    ],
)
def test_bad_client_cells_name_the_column(cells: dict[str, str], fragment: str) -> None:
    """Client errors carry the row and column."""
    with pytest.raises(RowError, match=fragment) as info:
        list(_ingest.read_clients([{"id": "C-1", "name": "A", **cells}], first_row=7))
    assert info.value.row == 7


def test_lead_contact_and_evidence_are_read() -> None:
    """Contact name and role, evidence as JSON."""
    [lead] = _ingest.read_leads(
        [
            {
                "id": "L-1",
                "company": "B",
                "created_on": "2026-11-01",
                "contact_name": "А. Иванов",
                "contact_role": "economic_buyer",
                "evidence": '[{"criterion": "metrics", "level": 2}]',
                "stage": "MQL",
            }
        ]
    )
    assert lead.contact is not None
    assert lead.contact.buying_role is kc.BuyingRole.ECONOMIC_BUYER
    assert lead.evidence_for("metrics") is not None
    assert lead.stage is kc.LeadStage.MQL


def test_bad_lead_contact_role_names_the_contact_column() -> None:
    """Nested errors are reported under the CSV column name."""
    with pytest.raises(RowError, match="contact_buying_role"):
        list(
            _ingest.read_leads(
                [
                    {
                        "id": "L-1",
                        "company": "B",
                        "created_on": "2026-11-01",
                        "contact_name": "X",
                        "contact_role": "boss",
                    }
                ]
            )
        )


def test_header_check_reports_missing_columns_before_rows() -> None:
    """Required columns missing from the header fail at row 1."""
    with pytest.raises(RowError, match="row 1: missing columns: name"):
        list(_ingest.read_clients([], header=["id"]))
