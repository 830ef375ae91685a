"""Where a report's outcomes live: the declared interface a report is written over.

:class:`~kam_core.Report` reads counts, matrices, its summary and its rows through
:class:`ReportStore` only.  :class:`RowStore` keeps :class:`ClientRow` objects (what
:func:`~kam_core.analyze` builds); :mod:`kam_core.frames` keeps the labels in polars
columns and builds the rows when they are first read.  A store of your own (labels in a
database, say) works the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, runtime_checkable

import attrs

from kam_core._decision import jsonable
from kam_core.analysis._rows import ClientRow

__all__ = ["ReportStore", "RowStore"]


@runtime_checkable
class ReportStore(Protocol):
    """The storage of a report's per-client outcomes, one row per client sorted by id.

    Every method answers for the rows in client-id order.  Where a row holds two
    outcomes under one key, the later one counts (as :meth:`ClientRow.outcome` reads).
    A *text* is the JSON form of an outcome as a string (``str(jsonable(outcome))``):
    ``"A"``, ``"sleeping"``, ``"no_orders"``; ``None`` where the row has no outcome
    under the key.

    >>> from kam_core.analysis import ReportStore, RowStore
    >>> isinstance(RowStore(()), ReportStore)
    True
    """

    def __len__(self) -> int:
        """The number of rows (clients)."""
        ...

    def rows(self) -> tuple[ClientRow, ...]:
        """Every row, sorted by client id; a store may build them on the first call (once)."""
        ...

    def client_ids(self) -> Sequence[str]:
        """The client id of every row, in row order."""
        ...

    def outcome_keys(self) -> Sequence[str]:
        """The keys the rows hold outcomes under, in order of first appearance."""
        ...

    def texts(self, key: str) -> Sequence[str | None]:
        """Per row, the text of its outcome under ``key``; None where it has none."""
        ...

    def tally(self, keys: Sequence[str]) -> Mapping[tuple[str, ...], int]:
        """Rows counted by their texts under ``keys`` (one text per key, in order).

        A row without an outcome under one of the keys is left out.
        """
        ...

    def handoff_targets(self, key: str) -> Sequence[str]:
        """Per row with a handoff due under ``key``, the key of the role it goes to."""
        ...


def _rows_of(rows: Iterable[ClientRow]) -> tuple[ClientRow, ...]:
    return tuple(rows)


@attrs.frozen
class RowStore:
    """A report's rows held as :class:`ClientRow` objects: what :func:`~kam_core.analyze` keeps.

    >>> from datetime import date
    >>> from kam_core import ClientStats, Decision
    >>> stats = ClientStats.empty("C-1", date(2026, 11, 24), "RUB")
    >>> store = RowStore((ClientRow.of("C-1", stats, [("abc", Decision("C"))]),))
    >>> len(store), list(store.outcome_keys()), dict(store.tally(["abc"]))
    (1, ['abc'], {('C',): 1})
    """

    _rows: tuple[ClientRow, ...] = attrs.field(alias="rows", converter=_rows_of)

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self) -> tuple[ClientRow, ...]:
        """The rows, as given."""
        return self._rows

    def client_ids(self) -> list[str]:
        """The client id of every row."""
        return [row.client_id for row in self._rows]

    def outcome_keys(self) -> list[str]:
        """The keys the rows hold, in order of first appearance."""
        keys: dict[str, None] = {}
        for row in self._rows:
            for key, _ in row.outcomes:
                keys.setdefault(key)
        return list(keys)

    def texts(self, key: str) -> list[str | None]:
        """Per row, the text of its (later) outcome under ``key``; None where it has none."""
        out: list[str | None] = []
        for row in self._rows:
            text = None
            for k, outcome in reversed(row.outcomes):
                if k == key:
                    # a composite outcome (a plan) is counted by the label it declares
                    label = getattr(outcome, "tally_label", None)
                    text = label if isinstance(label, str) else str(jsonable(outcome))
                    break
            out.append(text)
        return out

    def tally(self, keys: Sequence[str]) -> Counter[tuple[str, ...]]:
        """Rows counted by their texts under ``keys``; a row lacking one of them is left out."""
        texts = zip(*(self.texts(key) for key in keys), strict=True)
        return Counter(t for t in texts if None not in t)

    def handoff_targets(self, key: str) -> list[str]:
        """The key of the role each due handoff under ``key`` goes to, in row order.

        An outcome without a ``to_role`` (a plug-in's own record) counts under its text.
        """
        out = []
        for row in self._rows:
            outcome = row.outcome(key)
            if outcome is not None:
                to_role = getattr(outcome, "to_role", None)
                role = getattr(to_role, "key", to_role)
                out.append(str(jsonable(outcome)) if role is None else str(role))
        return out
