"""--format xlsx: a workbook with a sheet per section, typed cells (extra kam_core[xlsx])."""

from __future__ import annotations

import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli.cli_support import assert_one_line_error, run_in_process

openpyxl = pytest.importorskip("openpyxl", reason="--format xlsx needs the xlsx extra")


@pytest.fixture(scope="module")
def workbook_ru(tmp_path_factory: pytest.TempPathFactory) -> object:
    target = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    from kam_core.cli import main

    assert main(["demo", "--clients", "120", "--lang", "ru", "--format", "xlsx",
                 "--output", str(target)]) == 0  # fmt: skip
    return openpyxl.load_workbook(target)


def test_one_sheet_per_section_then_every_client(workbook_ru: object) -> None:
    """The tabs are the report's sections in order, named in Russian, then all clients."""
    names = workbook_ru.sheetnames  # type: ignore[attr-defined]
    assert names[:4] == ["База", "ABC × XYZ", "ABCD", "RFM"]
    assert "Воронка лидов" in names
    assert names[-1] == "Все клиенты"
    assert all(len(name) <= 31 for name in names)


def test_cells_are_typed_numbers_money_and_dates(workbook_ru: object) -> None:
    """Counts are numbers, money numbers in a ₽ format, shares per cent, dates dates."""
    sheet = workbook_ru["Все клиенты"]  # type: ignore[index]
    header = [c.value for c in sheet[1]]
    revenue = header.index("выручка") + 1
    orders = header.index("заказов") + 1
    last = header.index("последний заказ") + 1
    money = sheet.cell(row=2, column=revenue)
    assert isinstance(money.value, int | float | Decimal)
    assert "₽" in money.number_format
    assert isinstance(sheet.cell(row=2, column=orders).value, int)
    dates = [sheet.cell(row=r, column=last) for r in range(2, sheet.max_row + 1)]
    dated = [c for c in dates if c.value is not None]
    assert dated
    assert all(isinstance(c.value, datetime) for c in dated)
    assert {c.number_format for c in dated} == {"dd.mm.yyyy"}
    assert sheet.max_row == 121
    top = workbook_ru["Крупнейшие клиенты"]  # type: ignore[index]
    shares = [c for row in top.iter_rows() for c in row if c.number_format == "0.0%"]
    assert shares
    assert all(0 < float(c.value) <= 1 for c in shares)


def test_without_openpyxl_the_error_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No xlsx extra: one line saying what to install, and no file left behind."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    target = tmp_path / "report.xlsx"
    done = run_in_process(
        capsys, "demo", "--clients", "5", "--format", "xlsx", "--output", str(target)
    )
    assert_one_line_error(done, "--format xlsx", "kam_core[xlsx]")
    assert list(tmp_path.iterdir()) == []


def test_a_workbook_is_never_written_to_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--format xlsx without --output on a terminal asks for a file instead."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    done = run_in_process(capsys, "demo", "--clients", "5", "--format", "xlsx")
    assert_one_line_error(done, "--output")
    assert done.returncode == 2
