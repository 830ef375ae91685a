"""The readers' options: checked before any row, each doing what its name says."""

from __future__ import annotations

import io
from datetime import date, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import kam_core as kc
from kam_core.errors import ReadOptionError, RowError
from kam_core.io import read_clients, read_deals, read_leads, sniff_delimiter
from tests.io.support import deals_csv

ROW = "D-1,C-1,won,2026-01-10,2026-01-12,10,RUB"


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"decimal": ";"}, "decimal"),
        ({"delimiter": ";;"}, "delimiter"),
        ({"delimiter": '"'}, "delimiter"),
        ({"errors": "ignore"}, "errors"),
        ({"encoding": 1251}, "encoding"),
        ({"currency": "RUR"}, "currency"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"timezone": 3}, "timezone"),
        ({"columns": {"Сумма": "sum"}}, "columns"),
        ({"columns": ["amount"]}, "columns"),
        ({"columns": {"a": "amount", "A": "id"}}, "columns"),
        ({"values": {"colour": {"red": "won"}}}, "values"),
        ({"values": {"status": {"Выиграна": "won", "ВЫИГРАНА": "lost"}}}, "values['status']"),
        ({"values": {"status": {"Выиграна": 1}}}, "values['status']"),
    ],
)
def test_a_bad_option_is_refused_at_the_call_naming_it(
    options: dict[str, Any], option: str
) -> None:
    """Options are checked once, before the file is even opened."""
    with pytest.raises(ReadOptionError) as info:
        read_deals("no-such-file.csv", **options)
    assert info.value.option == option


def test_a_source_that_is_not_readable_is_refused() -> None:
    """Bytes, a mapping or a number are not an export."""
    for source in (b"id,name", {"id": "C-1"}, 42):
        with pytest.raises(ReadOptionError, match="read a path"):
            read_clients(source)  # type: ignore[arg-type]


def test_reading_starts_when_the_deals_are_iterated(tmp_path: Path) -> None:
    """A missing file raises on the first deal, as open() says it; options at the call."""
    deals = read_deals(tmp_path / "missing.csv")
    with pytest.raises(FileNotFoundError):
        next(deals)


def test_a_row_that_is_not_a_mapping_is_a_row_error() -> None:
    """Rows of dicts are checked one by one, with their number."""
    with pytest.raises(RowError, match="expected a mapping") as info:
        list(read_clients([{"id": "C-1", "name": "A"}, ["C-2", "B"]]))  # type: ignore[list-item]
    assert (info.value.row, info.value.code) == (3, "io.row.type")


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("id,client_id,status", ","),
        ("id;client_id;status", ";"),
        ("id\tclient_id\tstatus", "\t"),
        ('"Сумма, руб";"Клиент"', ";"),
        ("id", ","),
    ],
)
def test_the_delimiter_is_read_from_the_header_line(header: str, delimiter: str) -> None:
    """The most frequent of , ; and tab outside quotes; ',' when there is none."""
    assert sniff_delimiter(header) == delimiter


def test_a_given_delimiter_wins_over_the_header() -> None:
    """delimiter='|' reads a pipe-separated export."""
    text = deals_csv(ROW).replace(",", "|")
    [deal] = read_deals(io.StringIO(text), delimiter="|")
    assert deal.id == "D-1"


def test_columns_are_matched_in_any_case_and_a_rename_takes_the_place_of_the_original() -> None:
    """{'Сумма с НДС': 'amount'} reads that column even when an 'amount' column exists too."""
    text = (
        "ID,Client_ID,STATUS,opened_on,closed_on,amount,Сумма с НДС,currency\n"
        "D-1,C-1,won,2026-01-10,2026-01-12,100,120,RUB\n"
    )
    [plain] = read_deals(io.StringIO(text))
    [gross] = read_deals(io.StringIO(text), columns={"сумма с ндс": "amount"})
    assert (plain.amount.amount, gross.amount.amount) == (100, 120)
    rows = [
        {
            "amount": "100",
            "Сумма": "120",
            "id": "D-1",
            "client_id": "C-1",
            "status": "won",
            "opened_on": "2026-01-10",
            "closed_on": "2026-01-12",
            "currency": "RUB",
        }
    ]
    [from_dicts] = read_deals(rows, columns={"Сумма": "amount"})
    assert from_dicts.amount.amount == 120


def test_two_columns_for_one_field_are_refused() -> None:
    """'amount' twice, or two renames to it, cannot both be read."""
    text = "id,client_id,status,opened_on,amount,Amount\nD-1,C-1,won,2026-01-10,1,2\n"
    with pytest.raises(RowError, match="two columns for amount") as info:
        list(read_deals(io.StringIO(text), currency="RUB"))
    assert (info.value.row, info.value.code) == (1, "io.header.duplicate")
    rows = [
        {
            "id": "D-1",
            "Id": "D-2",
            "client_id": "C-1",
            "status": "won",
            "opened_on": "2026-01-10",
            "amount": "1",
            "currency": "RUB",
        }
    ]
    good, rejected = read_deals(rows, errors="collect")
    assert good == ()
    assert [r.code for r in rejected] == ["io.header.duplicate"]


def test_value_maps_apply_to_their_column_in_any_case_and_leave_other_values() -> None:
    """values={'owner': {'КМ': 'client_manager'}}: 'км' maps, 'key_account_manager' stays."""
    rows = [
        {"id": "C-1", "name": "A", "owner": "км"},
        {"id": "C-2", "name": "B", "owner": "key_account_manager"},
    ]
    clients = list(read_clients(rows, values={"owner": {"КМ": "client_manager"}}))
    assert [c.owner for c in clients] == [kc.Role.CLIENT_MANAGER, kc.Role.KEY_ACCOUNT_MANAGER]


def test_a_time_zone_may_be_a_tzinfo_and_offsets_are_converted_into_it() -> None:
    """A fixed-offset tzinfo works like a name; '+03:00' and 'Z' are instants."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10 23:30,2026-01-12T23:30:00+03:00,10,RUB",
        "D-2,C-1,won,10.01.2026 0:00,2026-01-12T21:30:00Z,10,RUB",
    )
    first, second = read_deals(io.StringIO(text), timezone=timezone(timedelta(hours=3)))
    assert (first.opened_on, first.closed_on) == (date(2026, 1, 10), date(2026, 1, 12))
    assert (second.opened_on, second.closed_on) == (date(2026, 1, 10), date(2026, 1, 13))


@pytest.mark.parametrize(
    "stamp", ["2026-01-10 25:00", "2026-01-10T10:00:00+25:00", "31.02.2026 10:00"]
)
def test_a_timestamp_that_is_no_time_is_refused(stamp: str) -> None:
    """Hours, offsets and days are checked."""
    text = deals_csv(f"D-1,C-1,open,{stamp},,10,RUB")
    with pytest.raises(RowError) as info:
        list(read_deals(io.StringIO(text), timezone="UTC"))
    assert (info.value.field, info.value.code) == ("opened_on", "io.date.invalid")


def test_the_default_currency_fills_rows_without_one_and_codes_read_in_any_case() -> None:
    """currency='rub' is RUB, as Money reads it."""
    text = 'id,company,created_on,budget\nL-1,A,2026-01-01,"1 000"\n'
    [lead] = read_leads(io.StringIO(text), currency="rub")
    assert lead.bant.budget == kc.Money("1000", "RUB")


def test_dict_rows_take_integers_decimals_and_dates_but_not_floats() -> None:
    """Typed cells from a DataFrame: exact ones read, a float is refused with the reason."""
    from decimal import Decimal

    row = {
        "id": "D-1",
        "client_id": "C-1",
        "status": "won",
        "opened_on": date(2026, 1, 10),
        "closed_on": "2026-01-12",
        "amount": Decimal("10.50"),
        "currency": "RUB",
        "product_id": 42,
        "quantity": 2,
        "unit_price": Decimal("5.25"),
    }
    [deal] = read_deals([row])
    assert (deal.amount.amount, deal.lines[0].product_id) == (Decimal("10.50"), "42")
    with pytest.raises(RowError, match="floats cannot hold kopecks") as info:
        list(read_deals([{**row, "amount": 10.5}]))
    assert (info.value.field, info.value.code) == ("amount", "io.cell.type")
