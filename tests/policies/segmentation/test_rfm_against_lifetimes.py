"""Dev-only cross-check of ClientStats and Rfm against lifetimes on the CDNOW sample.

Runs only where ``lifetimes`` is installed (it is not a dependency of kam_core)::

    python -m venv /work/venv-xcheck
    /work/venv-xcheck/bin/pip install lifetimes pytest pytest-cov hypothesis pydantic attrs \
        python-dateutil
    PYTHONPATH=src /work/venv-xcheck/bin/python -m pytest tests/test_rfm_crosscheck.py --no-cov

lifetimes ships the CDNOW sample (2 357 customers, 6 919 purchases of CDs, 1997-01-01 to
1998-06-30) inside its wheel.  The definitions differ (see docs/segmentation.md):
lifetimes' ``frequency`` counts *repeat purchase days*, its ``recency`` is the age of the
customer at the last purchase and its ``monetary_value`` averages the repeat days only.
The test checks each of them is exactly what kam_core's numbers say under that reading.
"""

from __future__ import annotations

import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import kam_core as kc
from kam_core import policies as p

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    lifetimes_datasets = pytest.importorskip("lifetimes.datasets")
    lifetimes_utils = pytest.importorskip("lifetimes.utils")
    pd = pytest.importorskip("pandas")

AS_OF = date(1998, 6, 30)


def _cdnow_rows() -> list[tuple[str, date, Decimal]]:
    """(customer, date, amount) read from the text file lifetimes ships, exactly."""
    path = Path(lifetimes_datasets.__file__).parent / "CDNOW_sample.txt"
    rows = []
    for line in path.read_text(encoding="ascii").splitlines():
        customer, _index, day, _quantity, amount = line.split()
        rows.append(
            (
                f"CD-{int(customer)}",
                date(int(day[:4]), int(day[4:6]), int(day[6:])),
                Decimal(amount),
            )
        )
    return rows


@pytest.fixture(scope="module")
def cdnow() -> tuple[dict[str, kc.ClientStats], object]:
    rows = _cdnow_rows()
    deals = (
        kc.Deal(
            id=f"D-{i}",
            client_id=customer,
            status="won",
            opened_on=day,
            closed_on=day,
            amount=kc.Money(amount, "USD"),
        )
        for i, (customer, day, amount) in enumerate(rows)
    )
    stats = kc.build_stats(deals, as_of=AS_OF)
    frame = pd.DataFrame(
        {
            "customer": [c for c, _, _ in rows],
            "date": pd.to_datetime([d.isoformat() for _, d, _ in rows]),
            "amount": [float(a) for _, _, a in rows],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = lifetimes_utils.summary_data_from_transaction_data(
            frame,
            "customer",
            "date",
            monetary_value_col="amount",
            observation_period_end=AS_OF.isoformat(),
            freq="D",
        )
    return stats, summary


def test_cdnow_sample_has_every_customer_on_both_sides(cdnow: tuple) -> None:
    """2 357 customers, 6 919 purchases: the same customers in ClientStats and lifetimes."""
    stats, summary = cdnow
    assert len(stats) == len(summary) == 2357
    assert sum(s.order_count for s in stats.values()) == 6919
    assert set(stats) == set(summary.index)


def test_lifetimes_frequency_is_repeat_purchase_days(cdnow: tuple) -> None:
    """lifetimes frequency = distinct order days − 1; order_count − 1 differs on same-day orders."""
    stats, summary = cdnow
    same_day = 0
    for cid, s in stats.items():
        days = len(set(s.order_dates))
        assert summary.at[cid, "frequency"] == days - 1
        same_day += s.order_count != days
    # customers with two or more orders on one day (documented in docs/segmentation.md)
    assert same_day == 118


def test_lifetimes_recency_and_t_are_ages_not_days_since(cdnow: tuple) -> None:
    """recency = last − first order, T = as_of − first order; Rfm's recency = T − recency."""
    stats, summary = cdnow
    fitted = p.Rfm().fit(stats.values())
    for cid, s in stats.items():
        first, last = s.first_order_on, s.last_order_on
        assert summary.at[cid, "recency"] == (last - first).days
        assert summary.at[cid, "T"] == (AS_OF - first).days
        d = fitted.assign(s)
        assert d.criterion("recency").observed == summary.at[cid, "T"] - summary.at[cid, "recency"]
        assert d.criterion("frequency").observed == s.order_count


def test_lifetimes_monetary_value_averages_repeat_days_only(cdnow: tuple) -> None:
    """monetary_value = (total − first day's revenue) ÷ repeat days; 0 without repeats."""
    stats, summary = cdnow
    for cid, s in stats.items():
        first = s.first_order_on
        first_day = sum((a for d, a in s.orders if d == first), Decimal(0))
        repeat_days = len(set(s.order_dates)) - 1
        ours = (s.total.amount - first_day) / repeat_days if repeat_days else Decimal(0)
        assert float(ours) == pytest.approx(summary.at[cid, "monetary_value"], abs=1e-9)
