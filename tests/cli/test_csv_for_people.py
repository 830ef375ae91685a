"""--format csv: the data contract for programs, or a spreadsheet for people with --lang."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli.cli_support import run, run_in_process


def _csv_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str], *lang: str) -> bytes:
    target = tmp_path / "rows.csv"
    args = ("demo", "--clients", "40", "--seed", "2", "--format", "csv", *lang)
    done = run_in_process(capsys, *args, "--output", str(target))
    assert done.returncode == 0, done.stderr
    return target.read_bytes()


def test_russian_csv_opens_in_russian_excel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lang ru: a byte-order mark, ';' between cells, decimal commas, Russian headers."""
    data = _csv_bytes(tmp_path, capsys, "--lang", "ru")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows[0]
    assert header[:3] == ["клиент", "название", "кто ведёт"]
    assert "выручка" in header
    revenue = [row[header.index("выручка")] for row in rows[1:]]
    assert len(rows) == 41
    assert all("," in r and "." not in r for r in revenue if r not in ("", "0"))
    last = [row[header.index("последний заказ")] for row in rows[1:] if row[0]]
    assert any(cell.count(".") == 2 and len(cell) == 10 for cell in last)  # 24.11.2026


def test_english_csv_for_people_is_plain_utf8_with_commas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lang en: no mark, ',' between cells, '.' for decimals, English headings."""
    data = _csv_bytes(tmp_path, capsys, "--lang", "en")
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0][:3] == ["client", "name", "owner"]
    revenue = [row[rows[0].index("revenue")] for row in rows[1:]]
    assert any("." in r for r in revenue)


def test_csv_without_a_language_stays_the_data_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No --lang: code headers, codes in cells, reason codes kept — for programs."""
    data = _csv_bytes(tmp_path, capsys)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert list(rows[0])[:3] == ["client_id", "name", "owner"]
    assert {"abc", "turnover", "currency", "reasons"} <= set(rows[0])
    assert {row["abc"] for row in rows} <= {"A", "B", "C", "unknown", ""}


def test_csv_to_stdout_is_the_same_as_to_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The subprocess's stdout and --output give the same rows."""
    stdout = run("demo", "--clients", "40", "--seed", "2", "--format", "csv").stdout
    assert stdout == _csv_bytes(tmp_path, capsys).decode("utf-8")
