"""Reading managers and the contact log from CSV: the same rules and errors as other readers."""

from __future__ import annotations

import io as std_io
from datetime import date

import pytest

import kam_core as kc
from kam_core import io
from kam_core.errors import DuplicateIdError, RowError


def test_managers_are_read_with_positions_capacities_and_regions() -> None:
    """A manager row becomes a Manager; the capacity is a whole number of clients."""
    text = "id;name;position;capacity;regions\nM-1;Ирина Котова;client_manager;120;Москва\n"
    [m] = io.read_managers(std_io.StringIO(text), delimiter=";")
    assert (m.id, m.position, m.capacity, m.regions) == (
        "M-1", kc.Role.CLIENT_MANAGER, 120, ("Москва",),
    )  # fmt: skip


def test_a_fractional_capacity_is_an_error_naming_the_row_and_column() -> None:
    """Clients are counted in whole numbers: 1.5 is refused with the cell named."""
    rows = [{"id": "M-1", "name": "А", "position": "client_manager", "capacity": "1.5"}]
    with pytest.raises(RowError) as caught:
        list(io.read_managers(rows))
    assert (caught.value.row, caught.value.field) == (2, "capacity")


def test_an_unknown_position_is_an_error_naming_the_field() -> None:
    """A position outside the catalogue is refused, naming the column."""
    with pytest.raises(RowError, match="position"):
        list(io.read_managers([{"id": "M-1", "name": "А", "position": "wizard"}]))


def test_touches_are_read_and_bad_rows_collected_without_losing_good_ones() -> None:
    """errors='collect' keeps the good touches and names each rejected row."""
    rows = [
        {"id": "T-1", "client_id": "C-1", "manager_id": "M-1", "on": "2026-11-02",
         "channel": "visit"},
        {"id": "T-2", "client_id": "C-1", "manager_id": "M-1", "on": "2026-11-03",
         "channel": "pigeon"},
        {"id": "T-1", "client_id": "C-2", "manager_id": "M-1", "on": "2026-11-04",
         "channel": "call"},
        {"id": "T-3", "client_id": "C-2", "manager_id": "M-2", "on": "05.11.2026",
         "channel": "email"},
    ]  # fmt: skip
    result = io.read_touches(rows, errors="collect")
    assert [t.id for t in result.good] == ["T-3"]
    assert sorted(r.row for r in result.rejected) == [2, 3, 4]


def test_a_duplicate_touch_id_names_both_rows() -> None:
    """Two touches with one id are an error naming both rows."""
    rows = [
        {"id": "T-1", "client_id": "C-1", "manager_id": "M-1", "on": "2026-11-02",
         "channel": "call"},
        {"id": "T-1", "client_id": "C-1", "manager_id": "M-1", "on": "2026-11-03",
         "channel": "call"},
    ]  # fmt: skip
    with pytest.raises(DuplicateIdError):
        list(io.read_touches(rows))


def test_a_clients_manager_survives_a_csv_round_trip() -> None:
    """write_clients then read_clients keeps manager_id: nothing is lost."""
    out = std_io.StringIO()
    client = kc.Client(id="C-1", name="ООО Альфа", manager_id="M-1", created_on=date(2026, 1, 5))
    io.write_clients(out, [client])
    [back] = io.read_clients(std_io.StringIO(out.getvalue()))
    assert back == client
