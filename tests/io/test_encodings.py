"""Encodings: Windows-1251 and UTF-8 with a byte-order mark read; a wrong one says where and why."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest

import kam_core as kc
from kam_core.errors import FileEncodingError, ReadOptionError, RowError
from kam_core.io import read_clients, read_deals

RUSSIAN = (
    "Сделка;Клиент;Статус;Открыта;Закрыта;Сумма;Валюта\n"
    "D-1;ООО Альфа;Выиграна;10.01.2026;12.01.2026;1 250,50;руб\n"
    "D-2;ООО Бета;Выиграна;11.01.2026;13.01.2026;99,90;руб\n"
)
COLUMNS = {
    "Сделка": "id",
    "Клиент": "client_id",
    "Статус": "status",
    "Открыта": "opened_on",
    "Закрыта": "closed_on",
    "Сумма": "amount",
    "Валюта": "currency",
}
VALUES = {"status": {"Выиграна": "won"}, "currency": {"руб": "RUB"}}


def write(tmp_path: Path, data: bytes, name: str = "deals.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_windows_1251_export_reads_with_encoding_cp1251(tmp_path: Path) -> None:
    """Russian Excel's CSV: Windows-1251, ';' separated, Russian headers and values."""
    path = write(tmp_path, RUSSIAN.encode("cp1251"))
    deals = list(read_deals(path, encoding="cp1251", columns=COLUMNS, values=VALUES))
    assert [(d.client_id, d.amount) for d in deals] == [
        ("ООО Альфа", kc.Money("1250.50", "RUB")),
        ("ООО Бета", kc.Money("99.90", "RUB")),
    ]


def test_a_windows_1251_export_read_as_utf8_names_the_byte_and_suggests_cp1251(
    tmp_path: Path,
) -> None:
    """The byte offset, the row and the way round, in raise and in collect mode."""
    text = "id,name\nC-1,Alfa\nC-2,ООО Бета\n"
    path = write(tmp_path, text.encode("cp1251"))
    offset = len(b"id,name\nC-1,Alfa\nC-2,")
    for mode in ("raise", "collect"):
        with pytest.raises(FileEncodingError) as info:
            list(read_clients(path, errors=mode))  # type: ignore[call-overload]
        err = info.value
        assert (err.row, err.offset, err.encoding, err.code) == (
            3,
            offset,
            "utf-8",
            "io.file.encoding",
        )
        assert err.file == str(path)
        assert 'encoding="cp1251"' in str(err)
        assert "byte 0xce" in str(err)
        assert isinstance(err, RowError)
        assert isinstance(err, UnicodeError)


def test_the_row_of_a_bad_byte_counts_rows_not_lines(tmp_path: Path) -> None:
    """A quoted cell with a line break is one row, as a spreadsheet shows it."""
    text = 'id,name\nC-1,"two\nlines"\nC-2,Бета\n'
    path = write(tmp_path, text.encode("cp1251"))
    with pytest.raises(FileEncodingError) as info:
        list(read_clients(path))
    assert info.value.row == 3


def test_a_utf8_export_with_a_byte_order_mark_reads_its_first_column(tmp_path: Path) -> None:
    """Excel's 'CSV UTF-8' starts with a BOM: the first header is still 'id'."""
    path = write(tmp_path, codecs.BOM_UTF8 + "id,name\nC-1,ООО Альфа\n".encode())
    [client] = read_clients(path)
    assert (client.id, client.name) == ("C-1", "ООО Альфа")
    [again] = read_clients(io.BytesIO(path.read_bytes()))
    assert again == client


def test_a_utf16_export_is_named_as_such_and_reads_with_its_encoding(tmp_path: Path) -> None:
    """Excel's 'Unicode text' is UTF-16 with tabs: the hint says so."""
    data = "id\tname\nC-1\tООО Альфа\n".encode("utf-16")
    path = write(tmp_path, data)
    with pytest.raises(FileEncodingError, match='encoding="utf-16"'):
        list(read_clients(path))
    [client] = read_clients(path, encoding="utf-16")
    assert client.name == "ООО Альфа"


def test_a_binary_stream_in_the_wrong_encoding_names_the_byte_and_stays_open() -> None:
    """A seekable stream is read again for the exact byte; the caller's stream stays open."""
    stream = io.BytesIO("id,name\nC-1,ООО Бета\n".encode("cp1251"))
    with pytest.raises(FileEncodingError) as info:
        list(read_clients(stream))
    assert (info.value.offset, info.value.row) == (len(b"id,name\nC-1,"), 2)
    assert not stream.closed
    stream.seek(0)
    [client] = read_clients(stream, encoding="cp1251")
    assert client.name == "ООО Бета"
    assert not stream.closed


def test_a_stream_that_cannot_be_read_again_names_the_first_row_not_read() -> None:
    """A pipe is read once and ahead: no offset is guessed, the row is where reading stood."""

    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    with pytest.raises(FileEncodingError) as info:
        list(read_clients(Pipe("id,name\nC-1,ООО Бета\n".encode("cp1251"))))
    assert (info.value.offset, info.value.row) == (None, 1)


def test_a_text_stream_is_read_as_it_was_decoded(tmp_path: Path) -> None:
    """An open text file brings its own encoding; the option is for bytes."""
    path = write(tmp_path, "id,name\nC-1,ООО Альфа\n".encode("cp1251"))
    with path.open(encoding="cp1251", newline="") as handle:
        [client] = read_clients(handle)
    assert client.name == "ООО Альфа"


def test_an_unknown_encoding_is_refused_before_reading() -> None:
    """A misspelt codec is an option error, raised at the call."""
    with pytest.raises(ReadOptionError, match="unknown encoding"):
        read_clients("nowhere.csv", encoding="windows-1252x")
