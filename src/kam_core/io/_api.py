"""One read: options checked, the source wrapped, the entities streamed or collected."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kam_core.io._options import options as make_options
from kam_core.io._readers import (
    CLIENT_COLUMNS,
    CLIENT_REQUIRED,
    DEAL_COLUMNS,
    DEAL_REQUIRED,
    LEAD_COLUMNS,
    LEAD_REQUIRED,
    MANAGER_COLUMNS,
    MANAGER_REQUIRED,
    TOUCH_COLUMNS,
    TOUCH_REQUIRED,
    client_events,
    collect,
    deal_events,
    lead_events,
    manager_events,
    touch_events,
)
from kam_core.io._result import ReadResult
from kam_core.io._table import Table

__all__ = ["KINDS", "read"]

KINDS = {
    "deals": (DEAL_COLUMNS, DEAL_REQUIRED, deal_events),
    "clients": (CLIENT_COLUMNS, CLIENT_REQUIRED, client_events),
    "leads": (LEAD_COLUMNS, LEAD_REQUIRED, lead_events),
    "managers": (MANAGER_COLUMNS, MANAGER_REQUIRED, manager_events),
    "touches": (TOUCH_COLUMNS, TOUCH_REQUIRED, touch_events),
}
"""Each reader's columns, required columns and row reader."""


def read(
    kind: str,
    source: object,
    *,
    header: Iterable[str] | None = None,
    first_row: int = 2,
    **given: Any,
) -> Iterator[Any] | ReadResult[Any]:
    """Read ``kind`` ("deals", "clients", "leads") from ``source`` with the given options.

    ``header`` (the column names of dict rows) and ``first_row`` (the number of the first
    data row) serve readers of rows that come without a header line.
    """
    fields, required, events = KINDS[kind]
    options = make_options(fields, **given)
    table = Table(source, fields, required, options, header=header, first_row=first_row)
    if options.collect:
        return collect(events(table, True))
    return events(table, False)
