"""Sources for the reader tests: the same CSV text as a path, a stream or rows of dicts."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kam_core.errors import RowError
from kam_core.io import ReadResult, sniff_delimiter

SOURCE_KINDS = ("path", "text stream", "binary stream", "rows")

DEAL_HEADER = "id,client_id,status,opened_on,closed_on,amount,currency"


def deals_csv(*rows: str, header: str = DEAL_HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


def as_source(kind: str, text: str, tmp_path: Path, *, encoding: str = "utf-8") -> Any:
    """``text`` as the source kind a test reads it from."""
    if kind == "path":
        path = tmp_path / "export.csv"
        path.write_bytes(text.encode(encoding))
        return path
    if kind == "text stream":
        return io.StringIO(text)
    if kind == "binary stream":
        return io.BytesIO(text.encode(encoding))
    if kind == "rows":
        first = text.split("\n", 1)[0]
        return csv.DictReader(io.StringIO(text), delimiter=sniff_delimiter(first))
    raise AssertionError(kind)


def file_of(kind: str, tmp_path: Path) -> str | None:
    """The file name errors carry for a source kind (streams and rows have none)."""
    return str(tmp_path / "export.csv") if kind == "path" else None


def assert_refused(
    reader: Callable[..., Any],
    kind: str,
    tmp_path: Path,
    text: str,
    *,
    row: int,
    column: str | None,
    code: str,
    value: object = ...,
    good: tuple[str, ...] = (),
    rows: tuple[int, ...] | None = None,
    **options: Any,
) -> ReadResult[Any]:
    """Raise mode stops at the bad row; collect mode keeps the others and records it."""
    with pytest.raises(RowError) as info:
        list(reader(as_source(kind, text, tmp_path), **options))
    err = info.value
    assert (err.row, err.column, err.code) == (row, column, code), str(err)
    if value is not ...:
        assert err.value == value
    assert err.file == file_of(kind, tmp_path)
    if err.file is not None:
        assert str(err).startswith(f"{err.file}: row {row}")
    result = reader(as_source(kind, text, tmp_path), errors="collect", **options)
    assert isinstance(result, ReadResult)
    assert [e.id for e in result.good] == list(good)
    found = [r for r in result.rejected if r.row == row and r.code == code]
    assert found, result.rejected
    assert found[0].column == column
    assert found[0].message == str(err)
    if rows is not None:
        assert found[0].rows == rows
    return result
