"""What kam_core.io writes, it reads back as the same entities: a property over generated ones."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core.io import (
    read_clients,
    read_deals,
    read_leads,
    write_clients,
    write_deals,
    write_leads,
)
from kam_core.testing import clients, deal_histories, leads

_SETTINGS = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(deal_histories(), st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "cp1251"]))
def test_deals_with_returns_written_to_a_file_read_back_equal(
    history: list[kc.Deal], delimiter: str, encoding: str
) -> None:
    """Any history (multi-line deals, returns) survives write_deals → read_deals exactly."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deals.csv"
        rows = write_deals(path, history, encoding=encoding, delimiter=delimiter)
        assert rows == sum(max(len(d.lines), 1) for d in history)
        back = list(read_deals(path, encoding=encoding, decimal="."))
    assert back == history


@_SETTINGS
@given(st.lists(clients(), max_size=8, unique_by=lambda c: c.id))
def test_clients_written_to_a_stream_read_back_equal(population: list[kc.Client]) -> None:
    """Regions, potentials, the decision-making group and owners survive the round trip."""
    out = io.StringIO()
    write_clients(out, population)
    out.seek(0)
    assert list(read_clients(out, decimal=".")) == population


@_SETTINGS
@given(st.lists(leads(), max_size=8, unique_by=lambda lead: lead.id))
def test_leads_written_as_rows_read_back_equal(funnel: list[kc.Lead]) -> None:
    """Unknown BANT facts stay unknown; known ones come back as they were."""
    out = io.StringIO()
    write_leads(out, funnel)
    good, rejected = read_leads(io.StringIO(out.getvalue()), decimal=".", errors="collect")
    assert rejected == ()
    assert list(good) == funnel
