"""UTF-16 read as "utf-16" needs a byte-order mark: without one, an error that says so."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kam_core.errors import FileEncodingError
from kam_core.io import read_deals

EXPORT = (
    "id,client_id,status,opened_on,closed_on,amount,currency\n"
    "D-1,C-1,won,2026-01-01,2026-01-02,5,RUB\n"
)


def test_a_utf16_stream_without_a_bom_is_an_encoding_error_naming_the_cure() -> None:
    """The codec's own UnicodeError becomes the reader's documented FileEncodingError."""
    with pytest.raises(FileEncodingError, match="no byte-order mark") as caught:
        list(read_deals(io.BytesIO(EXPORT.encode("utf-16-le")), encoding="utf-16"))
    assert caught.value.code == "io.file.encoding"
    assert 'encoding="utf-16-le"' in caught.value.hint


def test_a_utf16_file_without_a_bom_is_refused_in_both_modes(tmp_path: Path) -> None:
    """Read from a path, with errors="collect" too: a file that cannot be decoded raises."""
    path = tmp_path / "deals.csv"
    path.write_bytes(EXPORT.encode("utf-16-be"))
    with pytest.raises(FileEncodingError, match="no byte-order mark") as caught:
        read_deals(path, encoding="utf-16", errors="collect")
    assert caught.value.row == 1
    assert caught.value.offset == 0


def test_the_same_bytes_read_as_utf16_le_give_the_deal() -> None:
    """With the byte order named, the export reads."""
    [deal] = read_deals(io.BytesIO(EXPORT.encode("utf-16-le")), encoding="utf-16-le")
    assert deal.id == "D-1"
