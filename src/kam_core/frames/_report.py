"""frames.analyze(): a :class:`~kam_core.Report` over labels kept in polars columns."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

from kam_core._collector import collector_paused
from kam_core._domain.deal import DealStatus
from kam_core._domain.lead import Lead
from kam_core.analysis import (
    HANDOFF_KEY,
    AnalysisPlan,
    ClientRow,
    Report,
    RowStore,
    index_clients,
)
from kam_core.analysis import analyze as analyze_deals
from kam_core.errors import ReadOptionError
from kam_core.frames import _stats
from kam_core.frames._columns import _clients, _lazy, _polars
from kam_core.frames._labels import _label_table, _LabelTable
from kam_core.frames._validate import (
    ErrorMode,
    as_text,
    is_plain,
    plain_frame,
    read_by_io,
    required_columns,
)
from kam_core.io import Rejected

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = ["Analyzed", "analyze"]


class Analyzed(NamedTuple):
    """What ``frames.analyze(..., errors="collect")`` returns: the report and the rows left out.

    A tuple, so ``report, rejected = frames.analyze(..., errors="collect")`` unpacks it;
    ``rejected`` holds :class:`kam_core.io.Rejected` records, as the io readers give them
    (an example is in :func:`analyze`).
    """

    report: Report
    rejected: tuple[Rejected, ...]

    @property
    def ok(self) -> bool:
        """True when no row was left out."""
        return not self.rejected


@overload
def analyze(
    deals: Any,
    clients: Any = ...,
    *,
    as_of: date,
    policies: object,
    leads: Iterable[Lead] = ...,
    currency: str | None = ...,
    partitions: int = ...,
    pause_gc: bool = ...,
    errors: Literal["raise"] = ...,
    progress: Callable[[int], None] | None = ...,
) -> Report: ...
@overload
def analyze(
    deals: Any,
    clients: Any = ...,
    *,
    as_of: date,
    policies: object,
    leads: Iterable[Lead] = ...,
    currency: str | None = ...,
    partitions: int = ...,
    pause_gc: bool = ...,
    errors: Literal["collect"],
    progress: Callable[[int], None] | None = ...,
) -> Analyzed: ...
def analyze(
    deals: Any,
    clients: Any = None,
    *,
    as_of: date,
    policies: object,
    leads: Iterable[Lead] = (),
    currency: str | None = None,
    partitions: int = 1,
    pause_gc: bool = False,
    errors: ErrorMode = "raise",
    progress: Callable[[int], None] | None = None,
) -> Report | Analyzed:
    """:func:`kam_core.analyze` on frames: the same report, the work in polars.

    The rows are read by the rules of :func:`kam_core.io.read_deals` (see
    ``docs/frames.md``): with ``errors="raise"`` (the default) the first bad row raises
    its :class:`~kam_core.errors.RowError`, naming the row (as in the CSV: the header is
    row 1), the column and the value; with ``errors="collect"`` the bad deals are left
    out and the result is :class:`Analyzed` ``(report, rejected)``, the rejects with the
    reason codes the readers give.  A frame whose every row is plainly valid is analysed
    in polars; any other (a suspect row, a return, a decimal comma) is read row by row
    as ``read_deals`` reads it, and the deals it accepts are analysed in polars (with a
    return, as :func:`kam_core.analyze` analyses them, netting it).

    ``deals`` is a polars ``DataFrame``/``LazyFrame`` or a pandas ``DataFrame`` in the
    documented CSV columns (see the module docstring); ``clients`` is a frame in the
    client CSV columns or an iterable of :class:`~kam_core.Client`; ``leads`` are
    :class:`~kam_core.Lead` objects (a book has few) and are judged now.

    The report keeps its labels and KPIs in the table :func:`labels` computes, so
    ``len``, :meth:`~kam_core.Report.summary`, :meth:`~kam_core.Report.counts` and
    :meth:`~kam_core.Report.matrix` read columns.  Its rows — iterating it,
    :meth:`~kam_core.Report.rows`, :meth:`~kam_core.Report.row`,
    :meth:`~kam_core.Report.sleeping`, :meth:`~kam_core.Report.handoffs_due` — are
    built on first read, once, from :func:`client_stats` of the same frames, with the
    policies run exactly as :func:`kam_core.analyze` runs them: that read costs what
    ``analyze()`` costs in Python, and reads ``deals`` (and a ``clients`` frame) again,
    so keep them unchanged.  Labels, numbers and summary are identical to
    ``analyze()``'s, whichever is read first.  ``partitions`` is as in :func:`labels`;
    ``pause_gc`` as in :func:`kam_core.analyze` (off by default), for the Python work
    here and when the rows are built.  ``progress`` is called with the number of deal
    rows read, once the frame has been read and labelled (polars does that work in one
    go, so there is nothing to report in between) — the same callback as
    :func:`kam_core.analyze`'s works with tqdm.

    >>> import polars as pl
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> deals = pl.DataFrame({"id": ["D-1", "D-2", "D-3"], "client_id": ["C-1", "C-2", "C-2"],
    ...                       "status": ["won", "won", "won"],
    ...                       "closed_on": ["2026-10-05", "2026-03-01", "2026-04-01"],
    ...                       "amount": ["900.00", "50.00", "50.00"], "currency": "RUB"})
    >>> report = analyze(deals, as_of=date(2026, 11, 24), policies=[p.Abc()])
    >>> len(report), report.counts("abc")
    (2, {'A': 1, 'B': 1})
    >>> [(r["client_id"], r["abc"], r["orders"]) for r in report.rows()]
    [('C-1', 'A', 1), ('C-2', 'B', 2)]

    A negative amount in a deal that is not a return, and a status the readers do not
    know, are refused as :func:`kam_core.io.read_deals` refuses them:

    >>> bad = deals.with_columns(
    ...     amount=pl.Series(["900.00", "-50.00", "50.00"]),
    ...     status=pl.Series(["won", "won", "maybe"]))
    >>> analyze(bad, as_of=date(2026, 11, 24), policies=[p.Abc()])
    Traceback (most recent call last):
    ...
    kam_core.errors.RowError: row 3, column 'amount': '-50.00': a negative amount in a deal \
that is not a return; a return or credit note? give it the status "returned"
    >>> report, rejected = analyze(bad, as_of=date(2026, 11, 24), policies=[p.Abc()],
    ...                            errors="collect")
    >>> [(r.row, r.column, r.code) for r in rejected]
    [(3, 'amount', 'io.amount.negative'), (4, 'status', 'io.status.unknown')]
    >>> [(r["client_id"], r["abc"]) for r in report.rows()]
    [('C-1', 'A')]
    """
    if errors not in ("raise", "collect"):
        raise ReadOptionError("errors", errors, 'expected "raise" or "collect"')
    pl = _polars()
    plan = AnalysisPlan.of(policies)
    lazy = _lazy(deals, pl)
    required_columns(lazy.collect_schema().names())
    text = as_text(lazy, pl)
    rejected: tuple[Rejected, ...] = ()
    if not is_plain(text, currency, pl):
        good, rejected = read_by_io(text, currency, errors, as_of)
        if any(deal.status is DealStatus.RETURNED for deal in good):
            report = analyze_deals(  # returns are netted as analyze() nets them
                _clients(clients, currency, pl),
                good,
                as_of=as_of,
                policies=policies,
                leads=leads,
                currency=currency,
                pause_gc=pause_gc,
            )
            if progress is not None:
                progress(int(text.select(pl.len()).collect().item()))
            return Analyzed(report, rejected) if errors == "collect" else report
        lazy = plain_frame(good, pl)  # the deals io accepted, written plainly: columnar
    table = _label_table(lazy, clients, as_of, plan, currency, partitions, pause_gc)
    if progress is not None:
        progress(int(text.select(pl.len()).collect().item()))

    def rows() -> tuple[ClientRow, ...]:
        with collector_paused(pause_gc):
            if table.decided is not None:  # stats and clients were read for those policies
                index = table.decided.clients
                stats = tuple(row.stats for row in table.decided.rows.rows())
            else:
                listed = table.listed
                index = index_clients(
                    listed if listed is not None else _clients(clients, currency, pl)
                )
                built = _stats.client_stats(lazy, as_of=as_of, currency=currency, clients=index)
                stats = tuple(built.values())
            return plan.decide(stats, index, as_of)

    report = plan.report(as_of, ColumnStore(table, _keys_of(plan, table.frame), rows), leads)
    return Analyzed(report, rejected) if errors == "collect" else report


class _Once:
    """A value made on first use, once; the first caller makes it under a lock."""

    __slots__ = ("_lock", "_make", "_value")

    def __init__(self, make: Callable[[], tuple[ClientRow, ...]]) -> None:
        self._lock = threading.Lock()
        self._make: Callable[[], tuple[ClientRow, ...]] | None = make
        self._value: tuple[ClientRow, ...] = ()

    def get(self) -> tuple[ClientRow, ...]:
        with self._lock:
            if self._make is not None:
                self._value = self._make()  # raises again on the next read if it fails
                self._make = None
            return self._value


def _keys_of(plan: AnalysisPlan, frame: pl.DataFrame) -> list[str] | None:
    """The keys a report's rows would hold, in order of first appearance.

    None when two policies share a key: rows of listed clients then hold the client
    policy's outcome, other rows the segmentation's (or the later of two), and the
    store reads such keys from its rows.
    """
    every = list(plan.keys)
    if len(set(every)) != len(every):
        return None
    if frame.height == 0:
        return []
    judged = bool(frame["_client"].any())  # some client is listed: client policies ran
    return list(plan.segmentation_keys) + (list(plan.client_keys) if judged else [])


class ColumnStore:
    """A :class:`~kam_core.analysis.ReportStore` over the label table of :func:`labels`.

    Counting reads the columns (a polars ``group_by`` per count); anything that needs
    rows or explanations — a handoff's full record, a key two policies share, the rows
    themselves — reads the rows, built once on first use by ``build`` (under a lock).
    The labels the Python path decided are read from its own rows.  Two stores are
    equal only when they are the same object: the frames behind them are not compared.
    """

    __slots__ = ("_built", "_keys", "_rows", "_table")

    def __init__(
        self,
        table: _LabelTable,
        keys: list[str] | None,
        build: Callable[[], tuple[ClientRow, ...]],
    ) -> None:
        self._table = table
        self._keys = keys
        self._built = _Once(build)
        self._rows: RowStore | None = None

    def __len__(self) -> int:
        return int(self._table.frame.height)

    def __repr__(self) -> str:
        return f"<ColumnStore of {len(self)} clients>"

    def rows(self) -> tuple[ClientRow, ...]:
        """One row per client, sorted by client id (built on first read)."""
        return self._built.get()

    def _row_store(self) -> RowStore:
        if self._rows is None:
            self._rows = RowStore(self.rows())
        return self._rows

    def client_ids(self) -> list[str]:
        """The table's client ids, sorted."""
        ids: list[str] = self._table.frame["client_id"].to_list()
        return ids

    def outcome_keys(self) -> list[str]:
        """The keys rows hold, from the plan (from the rows when two policies share one)."""
        if self._keys is None:
            return self._row_store().outcome_keys()
        return list(self._keys)

    def texts(self, key: str) -> list[str | None]:
        """Per row, the text of its outcome under ``key`` (a column where polars labelled it)."""
        table, decided = self._table, self._table.decided
        if self._keys is None or (key == HANDOFF_KEY and key in table.columnar):
            return self._row_store().texts(key)  # a shared key, or a handoff's full record
        if key in table.columnar:
            texts: list[str | None] = table.frame[key].fill_null("None").to_list()
            return texts
        if decided is not None and key in decided.keys:
            return decided.rows.texts(key)
        return [None] * len(self)

    def _in_columns(self, keys: Sequence[str]) -> bool:
        """Every key's labels are a column of the table, as rows would give them."""
        columnar = self._table.columnar
        return (
            self._keys is not None
            and len(set(keys)) == len(keys)
            and all(k in columnar and k != HANDOFF_KEY for k in keys)
        )

    def tally(self, keys: Sequence[str]) -> Counter[tuple[str, ...]]:
        """Rows counted by their labels under ``keys``: a polars ``group_by`` when columnar."""
        if not self._in_columns(keys):
            texts = zip(*(self.texts(key) for key in keys), strict=True)
            return Counter(t for t in texts if None not in t)
        pl = _polars()
        counted = (
            self._table.frame.lazy()
            .select(pl.col(k).fill_null("None") for k in keys)
            .group_by(keys)
            .len()
            .collect()
        )
        return Counter({row[:-1]: row[-1] for row in counted.iter_rows()})

    def handoff_targets(self, key: str) -> list[str]:
        """The role each due handoff under ``key`` goes to, from the table when it holds them."""
        table, decided = self._table, self._table.decided
        if key == HANDOFF_KEY and self._keys is not None:
            if key in table.columnar:
                targets: list[str] = table.frame["handoff_to"].drop_nulls().to_list()
                return targets
            if decided is not None and key in decided.keys:
                return decided.rows.handoff_targets(key)
        return self._row_store().handoff_targets(key)
