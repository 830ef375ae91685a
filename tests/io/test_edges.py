"""Corners of reading and writing: blank lines, odd cells, odd streams, odd targets."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

import kam_core as kc
from kam_core.errors import FileEncodingError, ReadOptionError, RowError
from kam_core.io import read_clients, read_deals, read_leads, write_clients, write_deals
from tests.io.support import deals_csv

LINES = "id,client_id,status,opened_on,closed_on,amount,currency,product_id,quantity,unit_price"


def test_blank_lines_are_skipped_but_counted_as_rows() -> None:
    """Row numbers stay those a spreadsheet shows, blank rows included."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,10,RUB",
        "",
        ",,,,,,",
        "D-2,C-1,won,2026-01-10,2026-01-12,x,RUB",
    )
    with pytest.raises(RowError) as info:
        list(read_deals(io.StringIO(text)))
    assert info.value.row == 5


def test_a_bad_row_inside_a_deal_leaves_out_the_whole_deal() -> None:
    """A line row with too many cells fails its deal; the next deal reads."""
    text = deals_csv(
        "D-1,C-1,won,2026-01-10,2026-01-12,20,RUB,SKU-1,1,10",
        "D-1,,,,,,,SKU-2,1,10,extra",
        "D-2,C-1,won,2026-01-10,2026-01-12,10,RUB,,,",
        header=LINES,
    )
    good, rejected = read_deals(io.StringIO(text), errors="collect")
    assert [d.id for d in good] == ["D-2"]
    assert [(r.code, r.rows) for r in rejected] == [("io.row.too_many_cells", (2, 3))]


def test_a_row_without_an_id_is_refused_and_its_neighbours_read() -> None:
    """An empty id is a required cell, named."""
    text = deals_csv(",C-1,won,2026-01-10,2026-01-12,10,RUB", "D-2,C-1,won,2026-01-10,,1,RUB")
    good, rejected = read_deals(io.StringIO(text), errors="collect")
    assert good == ()
    assert [(r.row, r.column, r.code) for r in rejected] == [
        (2, "id", "io.cell.required"),
        (3, None, "io.invalid"),
    ]
    assert "closed_on" in rejected[1].message


def test_an_ambiguous_quantity_is_refused_as_a_quantity() -> None:
    """Quantities follow the amount rules, under their own codes."""
    text = deals_csv('D-1,C-1,won,2026-01-10,2026-01-12,10,RUB,SKU-1,"1,500",1', header=LINES)
    with pytest.raises(RowError) as info:
        list(read_deals(io.StringIO(text)))
    assert (info.value.field, info.value.code) == ("quantity", "io.quantity.ambiguous")
    [deal] = read_deals(io.StringIO(text), decimal=",")
    assert deal.lines[0].quantity == Decimal("1.5")


def test_dict_rows_read_booleans_and_empty_cells() -> None:
    """True/False and None cells from typed rows."""
    [client] = read_clients([{"id": "C-1", "name": "A", "partnership_intent": True, "owner": None}])
    assert (client.partnership_intent, client.owner) == (True, None)


def test_a_stream_opened_in_binary_mode_is_read_as_bytes(tmp_path: Path) -> None:
    """A file object opened 'rb' is decoded with encoding=."""
    path = tmp_path / "c.csv"
    path.write_bytes("id,name\nC-1,ООО Альфа\n".encode("cp1251"))
    with path.open("rb") as handle:
        [client] = read_clients(handle, encoding="cp1251")
    assert client.name == "ООО Альфа"


def test_a_text_stream_that_cannot_decode_says_where_reading_stood(tmp_path: Path) -> None:
    """The caller's own decoding fails: the error names the row, with the hint."""
    path = tmp_path / "c.csv"
    path.write_bytes("id,name\nC-1,ООО Альфа\n".encode("cp1251"))
    with (
        path.open(encoding="utf-8", newline="") as handle,
        pytest.raises(FileEncodingError) as info,
    ):
        list(read_clients(handle))
    assert info.value.offset is None
    assert 'encoding="cp1251"' in info.value.hint


def test_a_file_in_another_single_byte_encoding_gets_a_generic_hint(tmp_path: Path) -> None:
    """Read as ASCII, a UTF-8 file fails with a hint to give its encoding."""
    path = tmp_path / "c.csv"
    path.write_bytes("id,name\nC-1,Café\n".encode())
    with pytest.raises(FileEncodingError, match="the encoding the file was saved in"):
        list(read_clients(path, encoding="ascii"))


def test_lead_amounts_need_a_currency_and_a_lead_reads_without_any() -> None:
    """A budget without a currency is named; a lead with no money needs none."""
    with pytest.raises(RowError, match="no currency"):
        list(read_leads([{"id": "L-1", "company": "A", "created_on": "2026-01-01", "budget": "5"}]))
    [lead] = read_leads([{"id": "L-1", "company": "A", "created_on": "2026-01-01"}])
    assert lead.bant.budget is None


def test_writers_refuse_what_they_cannot_write_to() -> None:
    """A bad delimiter or a target without write() is an option error."""
    client = kc.Client(id="C-1", name="A")
    with pytest.raises(ReadOptionError, match="delimiter"):
        write_clients(io.StringIO(), [client], delimiter="ab")
    with pytest.raises(ReadOptionError, match="write to a path"):
        write_deals(42, [])  # type: ignore[arg-type]


def test_writers_write_to_a_path_with_a_byte_order_mark(tmp_path: Path) -> None:
    """encoding='utf-8-sig' writes the BOM Excel looks for; the reader skips it."""
    path = tmp_path / "c.csv"
    write_clients(path, [kc.Client(id="C-1", name="ООО Альфа")], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [c.name for c in read_clients(path)] == ["ООО Альфа"]
