"""Segment labels computed as polars expressions: the contract of the columnar labellers.

:mod:`kam_core.frames` computes the labels of the built-in policies it can express in
polars without building a :class:`~kam_core.ClientStats` per client.  Each labeller is
a second implementation of one policy's ``fit`` + ``label`` and must give, for every
client, exactly the label the Python policy gives (tests compare the two on generated
books).  polars is imported by the caller; nothing here imports it at module import.

A labeller is called as ``labeller(policy, orders, population, as_of)``:

- ``orders``: a ``pl.LazyFrame`` with one row per order (a deal won and closed on or
  before ``as_of``) and the columns ``client_id`` (String, or an unsigned integer key
  whose order is the ids' order: :func:`kam_core.frames.labels` numbers the sorted
  population to save memory), ``closed_on`` (Date),
  ``amount`` (Decimal, one scale for the column) and ``margin`` (Decimal, null when the
  deal has none).  Every amount is in the book's one currency.
- ``population``: a ``pl.LazyFrame`` with the column ``client_id`` (of the orders'
  type): every client that gets a row, with or without orders, unique and sorted.
- ``as_of``: the date of the analysis.

It returns a ``pl.LazyFrame`` with the columns ``client_id`` and ``label`` (String:
``str(jsonable(label))`` of the Python label, null where that label is None) and
exactly one row per client of ``population``; or None when this policy's configuration
is not supported in columns (the caller then takes the Python path).

Exact arithmetic: polars multiplies two Decimals at the left operand's scale
(truncating), so labellers compare money through the integer coefficients
(``pl.col("amount").to_physical()``, Int128) and compare shares and ratios by cross
multiplication, never through floats.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

Labeller = Callable[[Any, Any, Any, date], Any]
"""``(policy, orders, population, as_of) -> pl.LazyFrame | None``: see the module docstring."""
