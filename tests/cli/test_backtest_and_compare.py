"""``backtest`` and ``analyze --compare``: the history questions from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import kam_core as kc
from kam_core import io as kio
from kam_core import policies as p
from tests.cli.cli_support import run_in_process

AS_OF = date(2026, 11, 24)
AT = (date(2026, 3, 1), date(2026, 6, 1))


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated book written as the CRM export the commands read."""
    folder = tmp_path_factory.mktemp("export")
    book = kc.generate_book(80, seed=3, as_of=AS_OF)
    with (folder / "deals.csv").open("w", encoding="utf-8", newline="") as f:
        kio.write_deals(f, book.deals())
    with (folder / "clients.csv").open("w", encoding="utf-8", newline="") as f:
        kio.write_clients(f, book.clients)
    preset = p.PolicySet.preset("erokhin", currency="RUB")
    stricter = preset.replace(p.Sleeping(drowsy=1.25, sleeping=1.5, lost=2.5))
    (folder / "stricter.json").write_text(json.dumps(stricter.to_dict()), encoding="utf-8")
    return folder


def _read(export: Path) -> tuple[list[kc.Client], list[kc.Deal]]:
    """The clients and deals of the export, read back by kam_core.io."""
    return list(kio.read_clients(export / "clients.csv")), list(
        kio.read_deals(export / "deals.csv")
    )


def test_backtest_prints_what_the_library_computes_for_the_same_export(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The JSON rows of `backtest` are kc.backtest's rows over the files it read."""
    done = run_in_process(
        capsys,
        "backtest",
        "--deals", str(export / "deals.csv"),
        "--clients", str(export / "clients.csv"),
        "--at", AT[1].isoformat(), "--at", AT[0].isoformat(),
        "--horizon-days", "120",
        "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    clients, deals = _read(export)
    expected = kc.backtest(
        p.PolicySet.preset("erokhin", currency="RUB"), clients, deals, at=AT, horizon_days=120
    )
    assert json.loads(done.stdout) == {"rows": expected.rows()}


def test_backtest_table_in_russian_names_the_dates_and_the_horizon(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The table a sales director reads: Russian headings, dates as 01.03.2026."""
    done = run_in_process(
        capsys, "backtest", "--deals", str(export / "deals.csv"),
        "--at", "2026-03-01", "--horizon-days", "90", "--lang", "ru",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Проверка на истории: 1 дата, горизонт 90 дней")
    assert "01.03.2026" in done.stdout
    assert "sleeping" not in done.stdout


def test_backtest_csv_for_russian_excel_has_a_bom_semicolons_and_decimal_commas(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--format csv --lang ru: UTF-8 with BOM, ';', money as an amount with its currency apart."""
    out = export / "bt.csv"
    done = run_in_process(
        capsys, "backtest", "--deals", str(export / "deals.csv"), "--at", "2026-03-01",
        "--format", "csv", "--lang", "ru", "--output", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    head, first = raw.decode("utf-8-sig").splitlines()[:2]
    columns = head.split(";")
    assert {"revenue_after", "currency", "precision"} <= set(columns)
    cells = dict(zip(columns, first.split(";"), strict=True))
    assert cells["currency"] == "RUB"
    assert "," in cells["revenue_after"] or cells["revenue_after"].isdigit()


def test_backtest_needs_at_least_one_date(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --at there is nothing to judge: a usage error, exit code 2."""
    done = run_in_process(capsys, "backtest", "--deals", str(export / "deals.csv"))
    assert done.returncode == 2
    assert "--at" in done.stderr


def test_analyze_compare_lists_the_clients_the_second_set_decides_differently(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--compare: kc.compare of the two reports, each change with both decisions' reasons."""
    done = run_in_process(
        capsys, "analyze", "--deals", str(export / "deals.csv"),
        "--clients", str(export / "clients.csv"), "--as-of", AS_OF.isoformat(),
        "--compare", str(export / "stricter.json"), "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    clients, deals = _read(export)
    preset = p.PolicySet.preset("erokhin", currency="RUB")
    stricter = p.PolicySet.load(json.loads((export / "stricter.json").read_text("utf-8")))
    before = kc.analyze(clients, deals, as_of=AS_OF, policies=preset)
    after = kc.analyze(clients, deals, as_of=AS_OF, policies=stricter)
    expected = kc.compare(before, after)
    got = json.loads(done.stdout)
    assert got == {"summary": expected.summary(), "changes": expected.rows()}
    assert expected.changed("sleeping")


def test_analyze_compare_in_words_says_who_moves_and_why(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The table form: per policy how many clients change, and the reasons before and after."""
    done = run_in_process(
        capsys, "analyze", "--deals", str(export / "deals.csv"),
        "--compare", str(export / "stricter.json"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("What changes if the second set of policies is adopted")
    assert "before: " in done.stdout
    assert "after: " in done.stdout


def test_analyze_compare_refuses_a_format_it_cannot_write(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--compare with --format html: a usage error before any file is read."""
    done = run_in_process(
        capsys, "analyze", "--deals", str(export / "missing.csv"),
        "--compare", str(export / "stricter.json"), "--format", "html",
    )  # fmt: skip
    assert done.returncode == 2
    assert "--compare writes table, json, not html" in done.stderr
