"""Every bad export the issues name: a clear error, or a rejected row, never a silent change.

Each case runs in both modes (``errors="raise"`` and ``"collect"``) and from every kind
of source (a path, a text stream, a binary stream, rows of dicts).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import kam_core as kc
from kam_core.errors import DuplicateIdError, RowError
from kam_core.io import read_clients, read_deals, read_leads
from tests.io.support import SOURCE_KINDS, as_source, assert_refused, deals_csv

pytestmark = pytest.mark.parametrize("kind", SOURCE_KINDS)


def test_an_ambiguous_amount_is_refused_naming_row_column_and_value(
    kind: str, tmp_path: Path
) -> None:
    """'1,250' is 1.25 or 1250: refused (it was read as 1.25, a 1000× error, exit code 0)."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,1250.50,RUB",
        'D-2,C-1,won,2026-01-10,2026-01-12,"1,250",RUB',
        "D-3,C-1,won,2026-01-10,2026-01-12,1 250,RUB",
    )
    result = assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=3,
        column="amount",
        code="io.amount.ambiguous",
        value="1,250",
        good=("D-1", "D-3"),
    )
    assert 'decimal=","' in result.rejected[0].hint


def test_the_decimal_rule_reads_1_250_as_the_export_means_it(kind: str, tmp_path: Path) -> None:
    """decimal=',' reads one and a quarter, decimal='.' twelve hundred and fifty."""
    text = deals_csv('D-1,C-1,won,2026-01-10,2026-01-12,"1,250",RUB')
    [comma] = read_deals(as_source(kind, text, tmp_path), decimal=",")
    [dot] = read_deals(as_source(kind, text, tmp_path), decimal=".")
    assert (comma.amount, dot.amount) == (kc.Money("1.250", "RUB"), kc.Money("1250", "RUB"))


def test_a_negative_amount_outside_returns_is_refused(kind: str, tmp_path: Path) -> None:
    """Turnover −90 000 is not a sale: a won deal with a negative amount is an error."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,-90000,RUB",
        "D-2,C-1,won,2026-01-10,2026-01-12,100,RUB",
    )
    result = assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=2,
        column="amount",
        code="io.amount.negative",
        value="-90000",
        good=("D-2",),
    )
    assert "returned" in result.rejected[0].hint


def test_returns_and_credit_notes_are_read_with_either_sign(kind: str, tmp_path: Path) -> None:
    """A credit note written -250,50 or 250,50 gives back 250.50; its lines too."""
    text = deals_csv(
        "D-1,C-1,won,10.01.2026,12.01.2026,1000,RUB,,,",
        "R-1,C-1,Возврат,20.01.2026,20.01.2026,-250,RUB,SKU-1,-2,125",
        "R-2,C-1,returned,21.01.2026,21.01.2026,100,RUB,,,",
        header="id,client_id,status,opened_on,closed_on,amount,currency,"
        "product_id,quantity,unit_price",
    )
    deals = list(
        read_deals(as_source(kind, text, tmp_path), values={"status": {"возврат": "returned"}})
    )
    assert [(d.status.value, d.amount.amount) for d in deals] == [
        ("won", Decimal(1000)),
        ("returned", Decimal(250)),
        ("returned", Decimal(100)),
    ]
    assert deals[1].lines[0].quantity == 2
    stats = kc.ClientStats.from_deals(deals, client_id="C-1", as_of=date(2026, 2, 1))
    assert (stats.total, stats.order_count) == (kc.Money("650", "RUB"), 1)


def test_an_unknown_status_is_refused_until_the_export_names_are_mapped(
    kind: str, tmp_path: Path
) -> None:
    """'Выиграна' was dropped by frames and refused with no way round: now values= maps it."""
    text = deals_csv(
        "D-1,C-1,Выиграна,2026-01-10,2026-01-12,100,RUB",
        "D-2,C-1,won,2026-01-10,2026-01-12,100,RUB",
    )
    result = assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=2,
        column="status",
        code="io.status.unknown",
        value="Выиграна",
        good=("D-2",),
    )
    assert "values=" in result.rejected[0].hint
    mapped = read_deals(as_source(kind, text, tmp_path), values={"status": {"ВЫИГРАНА": "won"}})
    assert [d.status for d in mapped] == [kc.DealStatus.WON, kc.DealStatus.WON]


def test_an_empty_client_id_is_refused(kind: str, tmp_path: Path) -> None:
    """A deal of nobody is not dropped: it is an error naming the cell."""
    text = deals_csv(
        "D-1,,won,2026-01-10,2026-01-12,100,RUB",
        "D-2,C-1,won,2026-01-10,2026-01-12,100,RUB",
    )
    assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=2,
        column="client_id",
        code="io.cell.required",
        good=("D-2",),
    )


def test_one_deal_id_for_two_clients_on_consecutive_rows_names_both_rows(
    kind: str, tmp_path: Path
) -> None:
    """Consecutive rows of one id are lines of one deal: another client there is an error."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,100,RUB",
        "D-1,C-2,won,2026-01-10,2026-01-12,100,RUB",
        "D-2,C-1,won,2026-01-10,2026-01-12,100,RUB",
    )
    result = assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=3,
        column="client_id",
        code="io.deal.inconsistent",
        value="C-2",
        good=("D-2",),
        rows=(2, 3),
    )
    assert "row 2" in result.rejected[0].message


def test_a_deal_id_again_on_a_later_row_names_both_rows_and_rejects_both(
    kind: str, tmp_path: Path
) -> None:
    """The same id for two clients on rows 2 and 4 was counted twice by the CLI: now refused."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,100,RUB",
        "D-2,C-1,won,2026-01-10,2026-01-12,100,RUB",
        "D-1,C-2,won,2026-01-10,2026-01-12,100,RUB",
    )
    result = assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=4,
        column="id",
        code="io.deal.duplicate_id",
        value="D-1",
        good=("D-2",),
    )
    assert [(r.row, r.code) for r in result.rejected] == [
        (2, "io.deal.duplicate_id"),
        (4, "io.deal.duplicate_id"),
    ]
    assert "row 4" in result.rejected[0].message
    assert "row 2" in result.rejected[1].message
    with pytest.raises(DuplicateIdError) as info:
        list(read_deals(as_source(kind, text, tmp_path)))
    assert (info.value.row, info.value.other_row) == (4, 2)


def test_a_client_id_given_twice_names_both_rows(kind: str, tmp_path: Path) -> None:
    """Two clients with one id: both rows named, both left out in collect mode."""
    text = "id,name\nC-1,ООО Альфа\nC-2,ООО Бета\nC-1,ООО Гамма\n"
    result = assert_refused(
        read_clients,
        kind,
        tmp_path,
        text,
        row=4,
        column="id",
        code="io.client.duplicate_id",
        value="C-1",
        good=("C-2",),
    )
    assert [r.row for r in result.rejected] == [2, 4]


def test_a_lead_id_given_twice_names_both_rows(kind: str, tmp_path: Path) -> None:
    """Leads are checked like clients."""
    text = "id,company,created_on\nL-1,A,2026-01-01\nL-1,B,2026-01-02\n"
    assert_refused(
        read_leads,
        kind,
        tmp_path,
        text,
        row=3,
        column="id",
        code="io.lead.duplicate_id",
        good=(),
    )


def test_mixed_currencies_in_one_file_are_refused(kind: str, tmp_path: Path) -> None:
    """kam_core never converts: a second currency in a file names the row of the first."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,100,rub",
        "D-2,C-2,won,2026-01-10,2026-01-12,100,USD",
        "D-3,C-3,won,2026-01-10,2026-01-12,100,RUB",
    )
    result = assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=3,
        column="currency",
        code="io.currency.mixed",
        value="USD",
        good=("D-1", "D-3"),
    )
    assert "RUB (row 2)" in result.rejected[0].message
    assert result.good[0].amount.currency == "RUB"


def test_an_empty_file_says_it_is_empty(kind: str, tmp_path: Path) -> None:
    """An empty export said 'missing columns'; it says 'empty', in both modes."""
    if kind == "rows":
        assert list(read_deals(as_source(kind, "", tmp_path))) == []
        return
    with pytest.raises(RowError, match="empty") as info:
        list(read_deals(as_source(kind, "", tmp_path)))
    assert (info.value.row, info.value.code) == (1, "io.file.empty")
    with pytest.raises(RowError, match="empty") as info:
        read_deals(as_source(kind, "", tmp_path), errors="collect")
    assert (info.value.row, info.value.code) == (1, "io.file.empty")


def test_a_header_without_a_required_column_names_it_and_the_near_one(
    kind: str, tmp_path: Path
) -> None:
    """A misspelt column is reported at row 1 with the export's near name."""
    text = "id,client_id,status,opened_on,amout\nD-1,C-1,won,2026-01-10,10\n"
    with pytest.raises(RowError, match="missing columns: amount") as info:
        list(read_deals(as_source(kind, text, tmp_path), currency="RUB"))
    assert (info.value.row, info.value.code) == (1, "io.header.missing")
    assert "'amout'" in info.value.hint


def test_a_timestamp_is_refused_without_a_time_zone_and_read_as_a_date_with_one(
    kind: str, tmp_path: Path
) -> None:
    """'2026-02-10 10:00:00' was 'not a date': its day depends on the zone, so say which."""
    text = deals_csv(
        "D-1,C-1,won,2026-02-10 10:00:00,2026-02-10T22:30:00Z,100,RUB",
        "D-2,C-1,won,2026-02-10,2026-02-11,100,RUB",
    )
    result = assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=2,
        column="opened_on",
        code="io.date.timestamp",
        good=("D-2",),
    )
    assert "timezone=" in result.rejected[0].hint
    [moscow, _] = read_deals(as_source(kind, text, tmp_path), timezone="Europe/Moscow")
    assert (moscow.opened_on, moscow.closed_on) == (date(2026, 2, 10), date(2026, 2, 11))
    [utc, _] = read_deals(as_source(kind, text, tmp_path), timezone="UTC")
    assert (utc.opened_on, utc.closed_on) == (date(2026, 2, 10), date(2026, 2, 10))


def test_russian_dates_and_space_grouped_amounts_read_in_any_source(
    kind: str, tmp_path: Path
) -> None:
    """DD.MM.YYYY and '1 250,50' (refused by frames) read the same everywhere."""
    text = deals_csv('D-1,C-1,won,10.01.2026,12.01.2026,"1 250,50",RUB')
    [deal] = read_deals(as_source(kind, text, tmp_path))
    assert (deal.opened_on, deal.amount) == (date(2026, 1, 10), kc.Money.parse("1 250,50", "RUB"))


def test_a_row_with_more_cells_than_the_header_is_refused(kind: str, tmp_path: Path) -> None:
    """An unquoted separator inside a cell shifts the row: refused, not misread."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,1,250,RUB",
        "D-2,C-1,won,2026-01-10,2026-01-12,10,RUB,",
    )
    result = assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=2,
        column=None,
        code="io.row.too_many_cells",
        good=("D-2",),
    )
    assert "quotes" in result.rejected[0].hint


def test_a_bad_line_leaves_out_its_whole_deal_and_names_every_row(
    kind: str, tmp_path: Path
) -> None:
    """A deal is never read with a line missing: all its rows are in the rejected record."""
    header = (
        "id,client_id,status,opened_on,closed_on,amount,currency,product_id,quantity,unit_price"
    )
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,30,RUB,SKU-1,1,10",
        "D-1,,,,,,,SKU-2,0,10",
        "D-1,,,,,,,SKU-3,1,10",
        "D-2,C-1,won,2026-01-10,2026-01-12,10,RUB,,,",
        header=header,
    )
    assert_refused(
        read_deals,
        kind,
        tmp_path,
        text,
        row=3,
        column="quantity",
        code="io.invalid",
        good=("D-2",),
        rows=(2, 3, 4),
    )


def test_collect_mode_accounts_for_every_data_row(kind: str, tmp_path: Path) -> None:
    """Each data row is in a good deal or in a rejected record: nothing is lost silently."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,100,RUB",
        "D-2,C-1,maybe,2026-01-10,2026-01-12,100,RUB",
        "D-3,,won,2026-01-10,2026-01-12,100,RUB",
        "D-1,C-2,won,2026-01-10,2026-01-12,100,RUB",
        "D-4,C-1,won,2026-01-10,2026-01-12,-1,RUB",
        "D-5,C-1,lost,2026-01-10,2026-01-12,5,RUB",
    )
    good, rejected = read_deals(as_source(kind, text, tmp_path), errors="collect")
    assert [d.id for d in good] == ["D-5"]
    assert sorted(r for record in rejected for r in record.rows) == [2, 3, 4, 5, 6]
    assert [r.code for r in rejected] == [
        "io.deal.duplicate_id",
        "io.status.unknown",
        "io.cell.required",
        "io.deal.duplicate_id",
        "io.amount.negative",
    ]
    assert all(r.to_dict()["message"] for r in rejected)
