"""The CDNOW sample of tests/data (see tests/data/README.md), read for tests and benchmarks."""

from __future__ import annotations

import csv
import functools
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs

import kam_core as kc

DATA = Path(__file__).resolve().parents[1] / "data"
CALIBRATION_END = date(1997, 9, 30)
"""The last day of the paper's 39-week calibration period (1997-01-01 … 1997-09-30)."""
SAMPLE_END = date(1998, 6, 30)
"""The last day of the sample: weeks 40-78 are the paper's holdout period."""


@attrs.frozen
class Purchase:
    """One line of the transaction log."""

    customer: int
    day: date
    cds: int
    amount: Decimal


@attrs.frozen
class Summary:
    """One row of the paper's calibration summary (weeks and dollars to two decimals)."""

    customer: int
    x: int
    t_x: float
    T: float
    zbar: float


@functools.cache
def purchases() -> tuple[Purchase, ...]:
    """Every line of ``cdnow_sample.txt``, in file order."""
    out = []
    with (DATA / "cdnow_sample.txt").open(encoding="ascii") as lines:
        for line in lines:
            _master_id, customer, day, cds, amount = line.split()
            out.append(
                Purchase(
                    int(customer),
                    date(int(day[:4]), int(day[4:6]), int(day[6:])),
                    int(cds),
                    Decimal(amount),
                )
            )
    return tuple(out)


@functools.cache
def summary() -> tuple[Summary, ...]:
    """Every row of ``cdnow_summary.csv``, by customer."""
    with (DATA / "cdnow_summary.csv").open(encoding="ascii", newline="") as f:
        rows = [
            Summary(int(r["ID"]), int(r["x"]), float(r["t_x"]), float(r["T"]), float(r["zbar"]))
            for r in csv.DictReader(f)
        ]
    return tuple(sorted(rows, key=lambda s: s.customer))


def client_id(customer: int) -> str:
    """The kam_core client id of a sample customer: ``CD-0001`` … ``CD-2357``."""
    return f"CD-{customer:04}"


@functools.cache
def deals() -> tuple[kc.Deal, ...]:
    """Every purchase as a won deal in US dollars, closed on its day."""
    return tuple(
        kc.Deal(
            id=f"D-{i}",
            client_id=client_id(p.customer),
            status="won",
            opened_on=p.day,
            closed_on=p.day,
            amount=kc.Money(p.amount, "USD"),
        )
        for i, p in enumerate(purchases())
    )


@functools.cache
def calibration_stats() -> dict[str, kc.ClientStats]:
    """Every customer's stats as of the end of the calibration period (nothing later)."""
    return kc.build_stats(deals(), as_of=CALIBRATION_END)
