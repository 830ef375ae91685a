"""frames reads rows by kam_core.io's rules: the same errors and codes, returns netted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p

pl = pytest.importorskip("polars")
from kam_core import frames  # noqa: E402

AS_OF = date(2026, 11, 24)


def _frame(**columns: Any) -> Any:
    data: dict[str, Any] = {
        "id": ["D-1", "D-2", "D-3"],
        "client_id": ["C-1", "C-1", "C-2"],
        "status": ["won", "won", "won"],
        "closed_on": ["2026-01-05", "2026-03-01", "2026-04-01"],
        "amount": ["100.00", "250.50", "40.00"],
        "currency": ["RUB", "RUB", "RUB"],
    }
    data.update(columns)
    return pl.DataFrame(data)


def test_a_decimal_column_of_ten_places_takes_the_columnar_path() -> None:
    """A Decimal(38, 10) amount is the number it holds, not ten digits after the point."""
    frame = _frame().with_columns(pl.col("amount").str.to_decimal(scale=10))
    report = frames.analyze(frame, as_of=AS_OF, policies=[p.Abc()])
    assert type(report.store).__name__ == "ColumnStore"
    assert report.row("C-1").stats.total == kc.Money("350.5", "RUB")


def test_a_float_column_is_refused_naming_the_column() -> None:
    """Floats are not exact: a RowError on the header row with the io.cell.type code."""
    frame = _frame(amount=[100.0, 250.5, 40.0])
    with pytest.raises(kc.errors.RowError) as caught:
        frames.analyze(frame, as_of=AS_OF, policies=[p.Abc()])
    assert (caught.value.row, caught.value.field, caught.value.code) == (
        1,
        "amount",
        "io.cell.type",
    )


def test_a_missing_required_column_is_the_readers_header_error() -> None:
    """Without an amount column: io.header.missing on row 1, in both modes."""
    frame = _frame().drop("amount")
    for errors in ("raise", "collect"):
        with pytest.raises(kc.errors.RowError, match="amount") as caught:
            frames.analyze(frame, as_of=AS_OF, policies=[p.Abc()], errors=errors)
        assert caught.value.code == "io.header.missing"


def test_an_unknown_errors_mode_is_a_read_option_error() -> None:
    """errors= takes "raise" or "collect", as the readers' option does."""
    with pytest.raises(kc.errors.ReadOptionError, match="errors"):
        frames.analyze(_frame(), as_of=AS_OF, policies=[p.Abc()], errors="ignore")  # type: ignore[call-overload]


def test_one_id_on_rows_apart_is_two_deals_and_both_are_refused() -> None:
    """D-1 on rows 2 and 4 is refused at both rows, as the reader refuses it."""
    frame = _frame(id=["D-1", "D-2", "D-1"])
    report, rejected = frames.analyze(frame, as_of=AS_OF, policies=[p.Abc()], errors="collect")
    assert [(r.row, r.code) for r in rejected] == [
        (2, "io.deal.duplicate_id"),
        (4, "io.deal.duplicate_id"),
    ]
    assert [row["client_id"] for row in report.rows()] == ["C-1"]


def test_client_stats_of_a_frame_with_a_return_net_it() -> None:
    """frames.client_stats folds a return as build_stats does: the revenue is net."""
    frame = _frame(
        id=["D-1", "D-2", "R-1"],
        client_id=["C-1", "C-1", "C-1"],
        status=["won", "won", "returned"],
        amount=["100.00", "250.50", "-50.50"],
    )
    stats = frames.client_stats(frame, as_of=AS_OF)
    assert stats["C-1"].total == kc.Money("300.00", "RUB")
    assert stats["C-1"].returned == kc.Money("50.50", "RUB")


def test_the_label_table_refuses_a_return_rather_than_drop_it() -> None:
    """labels() counts purchases only: a return is a RowError naming its row."""
    frame = _frame(status=["won", "returned", "won"], amount=["100.00", "-20.00", "40.00"])
    with pytest.raises(kc.errors.RowError) as caught:
        frames.labels(frame, as_of=AS_OF, policies=[p.Abc()])
    assert (caught.value.row, caught.value.code) == (3, "frames.labels.returns")


def test_a_suspect_but_valid_row_gives_the_readers_values() -> None:
    """A decimal comma, WON in capitals, a spaced amount: read as io reads them."""
    frame = _frame(amount=["100,00", "1 250.50", "40"], status=["WON", "won", "Won"])
    report = frames.analyze(frame, as_of=AS_OF, policies=[p.Abc()])
    assert report.row("C-1").stats.total == kc.Money("1350.50", "RUB")
    assert report.row("C-2").stats.total == kc.Money(Decimal(40), "RUB")
