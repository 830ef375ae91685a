"""The command line answers 'what does M do this week' and 'who is overloaded', in en and ru."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import kam_core as kc
from kam_core import io
from kam_core.cli import main

AS_OF = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("lang", "week", "load"),
    [("en", "This week for", "Load: clients carried"), ("ru", "План на неделю", "Загрузка:")],
)
def test_the_demo_prints_this_week_for_two_managers_and_the_load(
    lang: str, week: str, load: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two agendas, the load table and the proposed moves, in the chosen language."""
    assert main(["demo", "--clients", "120", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert out.count(week) == 2
    assert load in out


def test_analyze_reads_managers_and_touches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--managers and --touches feed the account plan of a CRM export."""
    book = kc.generate_book(60, seed=3, as_of=AS_OF, managers=4)
    io.write_deals(tmp_path / "deals.csv", book.deals())
    io.write_clients(tmp_path / "clients.csv", book.clients)
    with (tmp_path / "managers.csv").open("w", encoding="utf-8") as f:
        f.write("id,name,position,capacity,regions\n")
        for m in book.managers:
            f.write(f"{m.id},{m.name},{m.position.key},{m.capacity},{';'.join(m.regions)}\n")
    with (tmp_path / "touches.csv").open("w", encoding="utf-8") as f:
        f.write("id,client_id,manager_id,on,channel,note\n")
        for t in book.touches():
            f.write(f"{t.id},{t.client_id},{t.manager_id},{t.on.isoformat()},{t.channel.value},\n")
    code = main([
        "analyze", "--deals", str(tmp_path / "deals.csv"), "--clients",
        str(tmp_path / "clients.csv"), "--managers", str(tmp_path / "managers.csv"),
        "--touches", str(tmp_path / "touches.csv"), "--as-of", "2026-11-24", "--lang", "ru",
    ])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "План на неделю" in out
    assert "Загрузка:" in out


def test_analyze_names_the_file_of_a_bad_manager_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad row in --managers is reported with its file and row, nothing half-done."""
    book = kc.generate_book(10, seed=3, as_of=AS_OF)
    io.write_deals(tmp_path / "deals.csv", book.deals())
    (tmp_path / "managers.csv").write_text("id,name,position\nM-1,А,wizard\n", encoding="utf-8")
    code = main(["analyze", "--deals", str(tmp_path / "deals.csv"), "--managers",
                 str(tmp_path / "managers.csv")])  # fmt: skip
    assert code != 0
    assert "managers.csv" in capsys.readouterr().err
