"""The command line, run as users run it: ``python -m kam_core`` in a subprocess."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.cli_support import assert_one_line_error, run, run_in_process

Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(params=["subprocess", "in-process"])
def cli(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run the command line as a subprocess (as users do) and in-process (for coverage)."""
    if request.param == "subprocess":
        return run
    return lambda *args: run_in_process(capsys, *args)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("book")
    result = run("generate", "--clients", "40", "--seed", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


DEAL_HEADER = (
    "id,client_id,status,opened_on,closed_on,amount,currency,product_id,quantity,unit_price"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DEMO_SECTIONS = {
    "en": (
        "Policy set “erokhin”, version 1 (fingerprint sha256:",
        "== ABC × XYZ",
        "== ABCD",
        "A (drivers)",
        "D (ballast)",
        "== RFM segments",
        "== Top 10 clients by revenue",
        "== Handoffs due:",
        "hunter → farmer",
        "== Sleeping clients:",
        "days silent",
        "== Key accounts:",
        "== Lead funnel (BANT):",
        "== Questions to ask",
        "== Why: client C-",
        "== Why: lead L-",
    ),
    "ru": (
        "Набор правил «erokhin», версия 1 (отпечаток sha256:",
        "== ABC × XYZ",
        "A «Драйверы»",
        "B «Потолок»",
        "C «Резервы»",
        "D «Балласт»",
        "== RFM-сегменты",
        "== Топ-10 клиентов по выручке",
        "== Пора передать клиентов:",
        "охотник → фермер",
        "== Спящие клиенты:",
        "дней без заказа",
        "== Ключевые клиенты:",
        "== Воронка лидов (BANT):",
        "квалифицирован (SQL)",
        "== Что выяснить",
        "== Почему так: клиент C-",
        "== Почему так: лид L-",
    ),
}


def test_demo_prints_every_section_and_is_deterministic(cli: Runner) -> None:
    """The main command prints the methodology's sections, the same twice."""
    first = cli("demo", "--clients", "120", "--seed", "5")
    second = cli("demo", "--clients", "120", "--seed", "5")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert "120 clients" in first.stdout
    for section in DEMO_SECTIONS["en"]:
        assert section in first.stdout, section
    assert "Traceback" not in first.stderr


def test_demo_speaks_russian(cli: Runner) -> None:
    """--lang ru prints every section in Russian."""
    result = cli("demo", "--clients", "200", "--lang", "ru", "--as-of", "2026-06-30")
    assert result.returncode == 0, result.stderr
    assert "на 30.06.2026" in result.stdout
    assert "₽" in result.stdout
    assert "RUB" not in result.stdout
    for section in DEMO_SECTIONS["ru"]:
        assert section in result.stdout, section
    for english in ("Handoffs due", "Sleeping clients", "Lead funnel", "clients by revenue"):
        assert english not in result.stdout


def test_demo_matrix_counts_every_client_once(capsys: pytest.CaptureFixture[str]) -> None:
    """The ABC×XYZ table's grand total is the book size; rows A, B, C are always shown."""
    result = run_in_process(capsys, "demo", "--clients", "80", "--seed", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("== ABC × XYZ"))
    header = lines[start + 1].split()
    assert header[:3] == ["X", "Y", "Z"]
    body = lines[start + 3 : start + 7]
    assert [line.split()[0] for line in body] == ["A", "B", "C", "total"]
    assert body[-1].split()[-1] == "80"


def test_demo_of_an_empty_book_still_prints(cli: Runner) -> None:
    """--clients 0 gives a short report, not a crash."""
    result = cli("demo", "--clients", "0")
    assert result.returncode == 0, result.stderr
    assert "clients: 0" in result.stdout


def test_generate_writes_the_documented_columns(cli: Runner, book: Path) -> None:
    """generate writes deals, clients and leads with the documented headers."""
    from kam_core import _ingest

    for name, columns in (
        ("deals.csv", _ingest.DEAL_COLUMNS),
        ("clients.csv", _ingest.CLIENT_COLUMNS),
        ("leads.csv", _ingest.LEAD_COLUMNS),
    ):
        with (book / name).open(encoding="utf-8", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == columns


def test_generated_book_round_trips_through_analyze(cli: Runner, book: Path) -> None:
    """analyze reads back what generate wrote; its JSON equals kc.analyze in memory."""
    from datetime import date

    import kam_core as kc
    from kam_core import policies as p

    result = cli(
        "analyze",
        "--deals",
        str(book / "deals.csv"),
        "--clients",
        str(book / "clients.csv"),
        "--leads",
        str(book / "leads.csv"),
        "--as-of",
        "2026-11-24",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert sorted(report) == ["clients", "leads", "summary"]
    generated = kc.generate_book(40, seed=3, as_of=date(2026, 11, 24))
    in_memory = kc.analyze(
        generated.clients,
        generated.deals(),
        as_of=generated.as_of,
        policies=p.PolicySet.preset("erokhin", currency="RUB"),
        leads=generated.leads,
    )
    assert report == json.loads(json.dumps(in_memory.to_dict()))
    assert report["summary"]["as_of"] == "2026-11-24"
    assert report["summary"]["clients"] == 40
    assert sum(report["summary"]["leads"].values()) == len(generated.leads)


CSV_COLUMNS = [
    "client_id",
    "name",
    "owner",
    "abc",
    "xyz",
    "abc_xyz",
    "abcd",
    "rfm",
    "sleeping",
    "key_account",
    "kam_portfolio",
    "handoff",
    "handoff_from",
    "handoff_to",
    "account_plan",
    "plan_manager",
    "plan_due",
    "plan_overdue",
    "orders",
    "turnover",
    "currency",
    "revenue_all_time",
    "revenue_12m",
    "average_order",
    "first_order_on",
    "last_order_on",
    "products",
    "categories",
    "overdue",
    "reasons",
]


def test_analyze_writes_one_csv_row_per_client(cli: Runner, book: Path) -> None:
    """--format csv: the documented columns, money as amount + currency, lists joined by ';'."""
    result = cli(
        "analyze",
        "--deals",
        str(book / "deals.csv"),
        "--clients",
        str(book / "clients.csv"),
        "--as-of",
        "2026-11-24",
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    reader = csv.DictReader(result.stdout.splitlines())
    rows = list(reader)
    assert reader.fieldnames == CSV_COLUMNS
    assert len(rows) == 40
    assert rows[0]["client_id"] == "C-000001"
    assert {r["currency"] for r in rows} == {"RUB"}
    assert all(r["abc"] in {"A", "B", "C"} for r in rows)
    assert all(";" in r["reasons"] and " " not in r["reasons"] for r in rows)
    due = [r for r in rows if r["handoff"]]
    assert due
    assert {r["handoff"] for r in due} <= {
        "hunter_to_farmer",
        "farmer_to_key_account",
        "reactivation",
    }
    assert all(r["handoff_from"] and r["handoff_to"] for r in due)


def test_analyze_table_has_the_demo_sections(cli: Runner, book: Path) -> None:
    """--format table prints the report sections of the demo, in the language asked."""
    args = ("--deals", str(book / "deals.csv"), "--clients", str(book / "clients.csv"))
    args += ("--leads", str(book / "leads.csv"), "--as-of", "2026-11-24")
    english = cli("analyze", *args)
    assert english.returncode == 0, english.stderr
    assert english.stdout.startswith(
        "Analysis of deals.csv, clients.csv, leads.csv as of 24 Nov 2026"
    )
    for section in ("== ABC × XYZ", "== ABCD", "== Handoffs due:", "== Lead funnel (BANT):"):
        assert section in english.stdout
    russian = cli("analyze", *args, "--lang", "ru")
    assert russian.returncode == 0, russian.stderr
    for section in ("== Пора передать клиентов:", "== Воронка лидов (BANT):", "на 24.11.2026"):
        assert section in russian.stdout


def test_analyze_defaults_as_of_to_the_latest_date_in_the_export(
    cli: Runner, tmp_path: Path
) -> None:
    """Without --as-of the export's latest deal date is used."""
    deals = write(
        tmp_path,
        "d.csv",
        f"{DEAL_HEADER}\nD-1,C-1,won,2026-01-10,2026-01-12,10,RUB,,,\n"
        "D-2,C-1,won,2026-02-10,2026-02-12,5,RUB,,,\n"
        "D-3,C-1,open,2026-01-05,,5,RUB,,,\n",
    )
    result = cli("analyze", "--deals", str(deals), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["as_of"] == "2026-02-12"


def test_analyze_maps_russian_columns_and_semicolons(cli: Runner, tmp_path: Path) -> None:
    """A Russian spreadsheet export (';' separated, own headers) reads with --column."""
    deals = write(
        tmp_path,
        "d.csv",
        "Сделка;Клиент;Статус;Открыта;Закрыта;Сумма\nD-1;C-1;won;10.01.2026;12.01.2026;1 250,50\n",
    )
    mapping = write(
        tmp_path,
        "map.json",
        json.dumps(
            {"deals": {"Сделка": "id", "Клиент": "client_id", "Статус": "status"}},
            ensure_ascii=False,
        ),
    )
    result = cli(
        "analyze",
        "--deals",
        str(deals),
        "--map",
        str(mapping),
        "--column",
        "Открыта=opened_on",
        "--column",
        "Закрыта=closed_on",
        "--column",
        "Сумма=amount",
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    [row] = csv.DictReader(result.stdout.splitlines())
    assert (row["client_id"], row["turnover"], row["currency"]) == ("C-1", "1250.50", "RUB")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((), "required"),
        (("bogus",), "invalid choice"),
        (("demo", "--clients", "-3"), "must not be negative"),
        (("demo", "--clients", "many"), "not a whole number"),
        (("demo", "--as-of", "24.11.2026"), "not a date"),
        (("demo", "--lang", "de"), "invalid choice"),
        (("analyze",), "--deals"),
        (("analyze", "--deals", "x.csv", "--format", "xml"), "invalid choice"),
        (("analyze", "--deals", "x.csv", "--column", "oops"), "OLD=NEW"),
        (("analyze", "--deals", "x.csv", "--column", "a=nonsense"), "unknown columns"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_code_2(
    cli: Runner, args: tuple[str, ...], fragment: str
) -> None:
    """Usage errors are one line on stderr with exit code 2."""
    result = cli(*args)
    assert_one_line_error(result, fragment)
    assert result.returncode == 2


def test_missing_file_gives_exit_code_3(cli: Runner, tmp_path: Path) -> None:
    """An unreadable file is reported by name with exit code 3."""
    result = cli("analyze", "--deals", str(tmp_path / "nope.csv"), "--as-of", "2026-01-01")
    assert_one_line_error(result, "nope.csv", "cannot read")
    assert result.returncode == 3


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ("D-1,C-1,won,2026-01-10,2026-01-12,12x,RUB,,,\n", ("row 2", "'amount'", "12x")),
        (
            "D-1,C-1,won,2026-01-10,2026-01-12,10,RUB,,,\nD-2,C-1,won,2026-13-10,,1,RUB,,,\n",
            ("row 3", "'opened_on'"),
        ),
        ("D-1,C-1,maybe,2026-01-10,,10,RUB,,,\n", ("row 2", "'status'", "won")),
        ("D-1,C-1,won,2026-01-10,,10,RUB,,,\n", ("row 2", "closed_on")),
        ("D-1,C-1,won,2026-01-10,2026-01-12,-10,RUB,,,\n", ("row 2", "'amount'", "negative")),
        ("D-1,C-1,won,2026-01-10,2026-01-12,10,RUR,,,\n", ("row 2", "'currency'", "RUR")),
        ("D-1,,won,2026-01-10,2026-01-12,10,RUB,,,\n", ("row 2", "'client_id'", "empty")),
        ("D-1,C-1,won,2026-01-10,2026-01-12,10,RUB,SKU-1,0,5\n", ("row 2", "'quantity'")),
        ("D-1,C-1,won,2026-01-10,2026-01-12,10,RUB,,,,extra\n", ("row 2", "more cell")),
        (
            "D-1,C-1,won,2026-01-10,2026-01-12,10,RUB,SKU-1,1,5\nD-1,C-2,won,,,,,SKU-2,1,5\n",
            ("row 3", "'client_id'", "row 2"),
        ),
    ],
)
def test_bad_rows_name_the_row_and_column(
    cli: Runner, tmp_path: Path, body: str, fragments: tuple[str, ...]
) -> None:
    """A bad row stops the run with one line naming the file, row and column; exit 1."""
    deals = write(tmp_path, "deals.csv", f"{DEAL_HEADER}\n{body}")
    result = cli("analyze", "--deals", str(deals), "--as-of", "2026-11-24")
    assert_one_line_error(result, "deals.csv", *fragments)
    assert result.returncode == 1


def test_missing_required_column_is_reported_at_the_header(cli: Runner, tmp_path: Path) -> None:
    """A header without a required column fails at row 1 before reading data."""
    deals = write(tmp_path, "deals.csv", "id,client_id,status\nD-1,C-1,won\n")
    result = cli("analyze", "--deals", str(deals), "--as-of", "2026-11-24")
    assert_one_line_error(result, "row 1", "opened_on", "amount")


def test_bad_client_and_lead_rows_and_bad_json_are_data_errors(cli: Runner, tmp_path: Path) -> None:
    """Clients, leads and the mapping file are checked like deals; exit 1."""
    deals = write(tmp_path, "deals.csv", f"{DEAL_HEADER}\n")
    clients = write(tmp_path, "clients.csv", "id,name,partnership_intent\nC-1,A,perhaps\n")
    result = cli(
        "analyze", "--deals", str(deals), "--clients", str(clients), "--as-of", "2026-11-24"
    )
    assert_one_line_error(result, "clients.csv", "row 2", "partnership_intent")
    leads = write(tmp_path, "leads.csv", "id,company,created_on,need\nL-1,B,2026-01-01,huge\n")
    result = cli("analyze", "--deals", str(deals), "--leads", str(leads), "--as-of", "2026-11-24")
    assert_one_line_error(result, "leads.csv", "row 2", "need")
    bad_json = write(tmp_path, "map.json", "{not json")
    result = cli("analyze", "--deals", str(deals), "--map", str(bad_json))
    assert_one_line_error(result, "map.json", "not valid JSON")
    assert result.returncode == 1


def test_a_policy_set_file_decides_the_segments(cli: Runner, book: Path, tmp_path: Path) -> None:
    """--policies applies the company's own set: its cut-offs and only its policies."""
    from kam_core import policies as p

    own = p.PolicySet(
        name="acme", currency="RUB", policies=(p.Abc(cutoffs=(0.5, 0.9)), p.Sleeping())
    )
    path = write(tmp_path, "acme.json", json.dumps(own.to_dict()))
    deals = ("--deals", str(book / "deals.csv"), "--as-of", "2026-11-24")
    result = cli("analyze", *deals, "--policies", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert sorted(summary["segments"]) == ["abc", "sleeping"]
    assert [x["fingerprint"] for x in summary["policies"]] == [pol.ref.fingerprint for pol in own]
    preset = json.loads(cli("analyze", *deals, "--format", "json").stdout)["summary"]
    assert summary["segments"]["abc"]["A"] < preset["segments"]["abc"]["A"]
    table = cli("analyze", *deals, "--policies", str(path))
    assert table.returncode == 0, table.stderr
    assert "Policy set “acme”, version 1" in table.stdout
    assert "== Other segments" in table.stdout
    assert "== ABCD" not in table.stdout


def test_a_single_policy_file_is_a_set_of_one(cli: Runner, book: Path, tmp_path: Path) -> None:
    """A file holding one policy (not a set) is analysed as a set of that one."""
    path = write(tmp_path, "abc.json", '{"kind": "abc"}')
    deals = ("--deals", str(book / "deals.csv"), "--as-of", "2026-11-24")
    result = cli("analyze", *deals, "--policies", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert list(json.loads(result.stdout)["summary"]["segments"]) == ["abc"]
    table = cli("analyze", *deals, "--policies", str(path), "--lang", "ru")
    assert table.returncode == 0, table.stderr
    assert "  ABC-анализ: A: " in table.stdout
    assert "Спящие клиенты" not in table.stdout


def test_a_policy_file_that_is_not_text_and_twice_given_clients_are_refused(
    cli: Runner, tmp_path: Path
) -> None:
    """Non-UTF-8 policies and a client id given twice are one-line data errors."""
    deals = write(tmp_path, "deals.csv", f"{DEAL_HEADER}\n")
    policies = tmp_path / "p.json"
    policies.write_bytes(b'{"kind": "abc", "version": "\xff"}')
    result = cli("analyze", "--deals", str(deals), "--policies", str(policies))
    assert_one_line_error(result, "p.json", "not a UTF-8 text file")
    assert result.returncode == 1
    clients = write(tmp_path, "clients.csv", "id,name\nC-1,A\nC-1,B\n")
    result = cli(
        "analyze", "--deals", str(deals), "--clients", str(clients), "--as-of", "2026-11-24"
    )
    assert_one_line_error(result, "clients.csv", "row 3", "'C-1'", "on row 2")
    assert result.returncode == 1


def test_csv_cells_flatten_every_json_value() -> None:
    """None is empty, lists join with ';', booleans and objects stay readable."""
    from kam_core.cli._formats.as_csv import csv_cell

    assert csv_cell(None) == ""
    assert csv_cell(["abc.class", "xyz.class"]) == "abc.class;xyz.class"
    assert (csv_cell(True), csv_cell(False)) == ("true", "false")
    assert csv_cell({"b": 1, "a": "я"}) == '{"a":"я","b":1}'
    assert csv_cell(3) == "3"


def _context(lang: str) -> Any:
    """The sections' context over an empty book, for the words it lends every section."""
    from datetime import date

    import kam_core as kc
    from kam_core import policies as p
    from kam_core.cli._sections import Context

    policies = p.PolicySet(policies=(p.Abc(),))
    report = kc.analyze([], [], as_of=date(2026, 11, 24), policies=policies, currency="RUB")
    return Context(report, policies, lang, "an empty book")


def test_roles_read_short_in_russian() -> None:
    """Catalogue roles show their abbreviation in Russian, a company's position its title."""
    from kam_core import Function, Position, Role

    ru, en = _context("ru"), _context("en")
    assert ru.role(Role.KEY_ACCOUNT_MANAGER) == "КАМ"
    assert ru.role(Role.DEVELOPMENT_SPECIALIST) == "специалист по развитию"
    assert en.role(Role.CLIENT_MANAGER) == "client manager"
    assert ru.role(None) == "никто"
    grower = Position(name="grower", function=Function.FARMER, title="Растениевод")
    assert ru.role(grower) == "Растениевод"


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (
            '{"kind": "policy_set", "policies": [{"kind": "abc", "cutoffs": [0.9, 0.5]}]}',
            ("p.json", "invalid policy configuration", "policies[0]", "cut-off"),
        ),
        ('{"kind": "no_such_policy"}', ("p.json", "unknown policy kind 'no_such_policy'")),
        ("{not json", ("p.json", "invalid policy configuration")),
        ("{}", ("p.json", "kind")),
        (
            '{"kind": "policy_set", "currency": "USD", "policies": [{"kind": "abc"}]}',
            ("p.json", "USD", "RUB", "never converts"),
        ),
    ],
)
def test_a_bad_policy_file_is_one_line_and_exit_1(
    cli: Runner, tmp_path: Path, content: str, fragments: tuple[str, ...]
) -> None:
    """An invalid policy set stops the run before reading deals: one line, no traceback."""
    deals = write(
        tmp_path, "deals.csv", f"{DEAL_HEADER}\nD-1,C-1,won,2026-01-10,2026-01-12,10,RUB,,,\n"
    )
    policies = write(tmp_path, "p.json", content)
    result = cli("analyze", "--deals", str(deals), "--policies", str(policies))
    assert_one_line_error(result, *fragments)
    assert result.returncode == 1


def test_an_empty_export_without_a_date_asks_for_as_of(cli: Runner, tmp_path: Path) -> None:
    """No dated deal and no --as-of: a clear message, not a crash."""
    deals = write(tmp_path, "deals.csv", f"{DEAL_HEADER}\n")
    assert_one_line_error(cli("analyze", "--deals", str(deals)), "--as-of")


def test_generate_into_an_unwritable_place_is_an_io_error(cli: Runner, tmp_path: Path) -> None:
    """generate reports a path it cannot write to with exit code 3."""
    blocker = write(tmp_path, "file", "x")
    result = cli("generate", "--clients", "3", "--out", str(blocker / "sub"))
    assert_one_line_error(result, "cannot write")
    assert result.returncode == 3


def test_generate_then_analyze_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """generate writes three files and reports what it wrote."""
    result = run_in_process(
        capsys, "generate", "--clients", "12", "--seed", "1", "--leads", "4", "--out", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote 12 clients, 4 leads" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.csv", "deals.csv", "leads.csv"]


def test_mixed_currencies_in_one_export_are_a_data_error(cli: Runner, tmp_path: Path) -> None:
    """kam_core never converts: a second currency stops the run with exit 1."""
    deals = write(
        tmp_path,
        "deals.csv",
        f"{DEAL_HEADER}\nD-1,C-1,won,2026-01-10,2026-01-12,10,RUB,,,\n"
        "D-2,C-1,won,2026-01-10,2026-01-12,10,USD,,,\n",
    )
    result = cli("analyze", "--deals", str(deals), "--as-of", "2026-11-24")
    assert_one_line_error(result, "deals.csv", "USD", "never converts")
    assert result.returncode == 1


def test_a_file_that_is_not_text_is_a_data_error(cli: Runner, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 name the byte, its offset and row, and the flag to pass."""
    deals = tmp_path / "deals.csv"
    deals.write_bytes(DEAL_HEADER.encode() + b"\n\xff\xfe,\x80\n")
    where = ("deals.csv", "row 2", "not utf-8 text: byte 0xff", "offset 87", "--encoding cp1251")
    assert_one_line_error(cli("analyze", "--deals", str(deals)), *where)
    result = cli("analyze", "--deals", str(deals), "--as-of", "2026-11-24")
    assert_one_line_error(result, *where)


def test_a_windows_1251_export_reads_with_encoding_decimal_and_value_map(
    cli: Runner, tmp_path: Path
) -> None:
    """Russian Excel's CSV: cp1251, ';', Russian statuses and returns, decimal commas."""
    deals = tmp_path / "deals.csv"
    deals.write_bytes(
        (
            "id;client_id;status;opened_on;closed_on;amount;currency\n"
            "D-1;C-1;Выиграна;10.01.2026;12.01.2026;1 250,50;RUB\n"
            "R-1;C-1;Возврат;20.01.2026;20.01.2026;-250,50;RUB\n"
        ).encode("cp1251")
    )
    values = write(
        tmp_path, "values.json", '{"status": {"Выиграна": "won", "Возврат": "returned"}}'
    )
    args = ("analyze", "--deals", str(deals), "--as-of", "2026-11-24", "--format", "csv")
    refused = cli(*args)
    assert_one_line_error(refused, "deals.csv", "row 2", "--encoding cp1251")
    unmapped = cli(*args, "--encoding", "cp1251")
    assert_one_line_error(unmapped, "deals.csv", "row 2", "'status'", "--value-map")
    result = cli(*args, "--encoding", "cp1251", "--decimal", ",", "--value-map", str(values))
    assert result.returncode == 0, result.stderr
    [row] = csv.DictReader(result.stdout.splitlines())
    assert (row["turnover"], row["orders"]) == ("1000.00", "1")


def test_an_ambiguous_amount_stops_the_run_instead_of_a_1000x_error(
    cli: Runner, tmp_path: Path
) -> None:
    """'1,250' was read as 1.25 with exit code 0; now it names the cell and --decimal."""
    deals = write(
        tmp_path, "deals.csv", f'{DEAL_HEADER}\nD-1,C-1,won,2026-01-10,2026-01-12,"1,250",RUB,,,\n'
    )
    args = ("analyze", "--deals", str(deals), "--as-of", "2026-11-24", "--format", "csv")
    assert_one_line_error(cli(*args), "row 2", "'amount'", "'1,250'", "--decimal")
    result = cli(*args, "--decimal", ".")
    assert result.returncode == 0, result.stderr
    assert next(csv.DictReader(result.stdout.splitlines()))["turnover"] == "1250"


def test_one_deal_id_on_non_consecutive_rows_is_refused_not_counted_twice(
    cli: Runner, tmp_path: Path
) -> None:
    """The same id for two clients on rows 2 and 4 is an error naming both rows."""
    deals = write(
        tmp_path,
        "deals.csv",
        f"{DEAL_HEADER}\nD-1,C-1,won,2026-01-10,2026-01-12,10,RUB,,,\n"
        "D-2,C-1,won,2026-01-10,2026-01-12,10,RUB,,,\n"
        "D-1,C-2,won,2026-01-10,2026-01-12,10,RUB,,,\n",
    )
    result = cli("analyze", "--deals", str(deals), "--as-of", "2026-11-24")
    assert_one_line_error(result, "deals.csv", "row 4", "'D-1'", "row 2")
    assert result.returncode == 1


def test_bad_reading_options_are_usage_errors(cli: Runner, tmp_path: Path) -> None:
    """An unknown encoding, a bad value map file: one line, no traceback."""
    deals = write(tmp_path, "deals.csv", f"{DEAL_HEADER}\n")
    result = cli("analyze", "--deals", str(deals), "--encoding", "klingon", "--as-of", "2026-01-01")
    assert_one_line_error(result, "--encoding klingon", "unknown encoding")
    assert result.returncode == 2
    bad = write(tmp_path, "values.json", '{"status": "won"}')
    result = cli("analyze", "--deals", str(deals), "--value-map", str(bad), "--as-of", "2026-01-01")
    assert_one_line_error(result, "values.json", "value maps")
    unknown = write(tmp_path, "values2.json", '{"deals": {"colour": {"red": "won"}}}')
    result = cli(
        "analyze", "--deals", str(deals), "--value-map", str(unknown), "--as-of", "2026-01-01"
    )
    assert_one_line_error(result, "values", "colour")
    assert result.returncode == 2


def test_a_bad_date_is_found_while_looking_for_the_latest(cli: Runner, tmp_path: Path) -> None:
    """The as-of pass reports bad dates with their row too."""
    deals = write(
        tmp_path, "deals.csv", f"{DEAL_HEADER}\nD-1,C-1,won,2026-01-10,someday,10,RUB,,,\n"
    )
    assert_one_line_error(cli("analyze", "--deals", str(deals)), "row 2", "'closed_on'")


@pytest.mark.parametrize("content", ["[1, 2]", '{"deals": 3}', '{"a": 1}'])
def test_a_mapping_file_of_the_wrong_shape_is_refused(
    cli: Runner, tmp_path: Path, content: str
) -> None:
    """--map needs an object of column names."""
    deals = write(tmp_path, "deals.csv", f"{DEAL_HEADER}\n")
    mapping = write(tmp_path, "map.json", content)
    result = cli("analyze", "--deals", str(deals), "--map", str(mapping))
    assert_one_line_error(result, "expected a JSON object")


def test_a_flat_mapping_file_applies_to_every_file(cli: Runner, tmp_path: Path) -> None:
    """{"Клиент": "client_id"} renames the column in deals (and would in leads)."""
    deals = write(
        tmp_path,
        "deals.csv",
        DEAL_HEADER.replace("client_id", "Клиент")
        + "\nD-1,C-9,won,2026-01-10,2026-01-12,10,RUB,,,\n",
    )
    mapping = write(tmp_path, "map.json", '{"Клиент": "client_id"}')
    result = cli("analyze", "--deals", str(deals), "--map", str(mapping), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "C-9" in result.stdout


def test_an_unknown_generate_currency_is_a_data_error(cli: Runner, tmp_path: Path) -> None:
    """Library errors surface as one line, exit 1."""
    result = cli("generate", "--clients", "2", "--currency", "RUR", "--out", str(tmp_path))
    assert_one_line_error(result, "RUR")
    assert result.returncode == 1


def test_interrupt_and_closed_pipe_end_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C exits 130 with a short note; a closed stdout pipe is not an error."""
    from kam_core import cli as cli_package

    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli_package._COMMANDS, "demo", interrupted)
    assert cli_package.main(["demo"]) == 130
    assert "interrupted" in capsys.readouterr().err

    def broken(_args: object) -> int:
        raise BrokenPipeError

    monkeypatch.setitem(cli_package._COMMANDS, "demo", broken)
    monkeypatch.setattr(sys, "stderr", open(os.devnull, "w"))  # noqa: SIM115 - closed by main
    assert cli_package.main(["demo"]) == 0


def test_progress_is_drawn_only_when_enabled(capsys: pytest.CaptureFixture[str]) -> None:
    """The progress line goes to stderr, reaches 100 % and is silent when disabled."""
    from kam_core.cli._progress import Progress

    shown = Progress("deals.csv", 100, enabled=True)
    shown.update(70)
    shown.advance(30)
    shown.close()
    err = capsys.readouterr().err
    assert "deals.csv" in err
    assert " 70%" in err
    assert err.endswith("100%\n")
    quiet = Progress("deals.csv", 100, enabled=False)
    quiet.advance(100)
    quiet.close()
    assert capsys.readouterr().err == ""


def test_money_is_grouped_per_language() -> None:
    """1 234 567,89 in Russian, 1,234,567.89 in English, exact."""
    from decimal import Decimal

    from kam_core.cli._formats._cells import cell_text
    from kam_core.cli._sections import Amount

    amount = Amount(Decimal("1234567.891"), "RUB")
    assert cell_text(amount, "en") == "1,234,567.89"
    assert cell_text(amount, "ru") == "1\u00a0234\u00a0567,89"
    assert _context("ru").money(Decimal("1234567.891")) == "1\u00a0234\u00a0567,89"  # no currency


def test_percentages_follow_the_language_and_survive_an_empty_book() -> None:
    """12.5% in English, 12,5 % in Russian, a dash when there is nothing to divide."""
    from decimal import Decimal

    from kam_core.cli._formats._cells import cell_text

    en, ru = _context("en"), _context("ru")
    assert en.percent(Decimal(1), Decimal(8)) == "12.5%"
    assert ru.percent(Decimal(1), Decimal(8)) == "12,5\u00a0%"
    assert ru.percent(Decimal(1), Decimal(8), 0) == "13\u00a0%"
    assert ru.percent(Decimal(1), Decimal(0)) == "—"
    assert cell_text(ru.share(1, 0), "ru") == "—"
    assert cell_text(ru.share(1, 8), "ru") == "12,5\u00a0%"


def test_cli_without_a_command_is_a_usage_error(cli: Runner) -> None:
    """A missing command exits 2 with one line naming what is missing, not a traceback."""
    done = cli()
    assert done.returncode == 2
    assert "COMMAND" in done.stderr
    assert "Traceback" not in done.stderr


def test_analyze_refuses_a_policy_set_it_cannot_run(
    cli: Runner, book: Path, tmp_path: Path
) -> None:
    """A set with two lead policies is a one-line error naming the policies file."""
    from kam_core import policies as p

    bad = tmp_path / "two_lead_policies.json"
    bad.write_text(p.PolicySet(policies=(p.Bant(), p.Scorecard.preset("meddic"))).to_json())
    result = cli("analyze", "--deals", str(book / "deals.csv"), "--policies", str(bad))
    assert_one_line_error(result, "two_lead_policies.json", "one policy")
