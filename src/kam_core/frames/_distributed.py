"""frames' analysis on a ``dask.distributed`` cluster, over a book written as parquet files.

The work splits as :func:`kam_core.frames.labels` splits it into ``partitions`` passes,
with the passes on workers:

1. **read** — one task per file: the rows are read by the rules of
   :func:`kam_core.io.read_deals` (the frames screen, else the readers row by row, rows
   numbered as in the files read one after another), cast to their types and split by
   a hash of the client id into ``buckets``;
2. **reduce by client** — one task per bucket gathers that bucket's lines from every
   file (so each client's deals, from whichever files, are in one task) and computes
   the per-part aggregates :func:`kam_core.frames.labels` computes for a pass: the
   orders, each client's row KPIs, the client ids;
3. **label** — where :func:`analyze` is called, the population-wide step of
   :func:`kam_core.frames.labels` (ABC's cumulative shares, RFM's quintiles, sleeping's
   pooled gaps…) runs over the merged parts, through the same code.

A report's rows are built on first read from per-client stats that the workers
compute per bucket (:func:`kam_core.frames.client_stats`, the same code).

polars and ``distributed`` are imported when a function runs, never at import.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from kam_core._collector import collector_paused
from kam_core._domain.client import Client
from kam_core._domain.deal import DealStatus
from kam_core._domain.lead import Lead
from kam_core.analysis import AnalysisPlan, ClientRow, Report, index_clients
from kam_core.errors import KamError, ReadOptionError, RowError
from kam_core.frames import _stats
from kam_core.frames._columns import _clients, _normaliser, _owners, _polars
from kam_core.frames._labels import (
    _ORDER_CELLS,
    _PARTITION_SEED,
    _aggregate_part,
    _Aggregates,
    _is_order,
    _label_step,
    _Listing,
    _with_margin,
)
from kam_core.frames._report import Analyzed, ColumnStore, _keys_of
from kam_core.frames._report import analyze as frames_analyze
from kam_core.frames._validate import (
    ErrorMode,
    as_text,
    is_plain,
    plain_frame,
    read_by_io,
    required_columns,
)
from kam_core.io import DEAL_COLUMNS, Rejected

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = ["DistributedUnavailableError", "analyze", "parquet_files"]

_MAX_BUCKETS = 4096
_TEXT_CELLS = ("owner",)
"""Deal columns the frames normaliser leaves as they are: read here as text."""


class DistributedUnavailableError(KamError, ImportError):
    """``dask.distributed`` is not installed: install the extra."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise DistributedUnavailableError(
            "kam_core.distributed needs dask.distributed: pip install 'kam_core[distributed]'"
        ) from None
    return distributed


def parquet_files(deals: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """The parquet files of ``deals``, in the order their rows are numbered.

    ``deals`` is a file, a directory (every ``*.parquet`` file under it, at any depth),
    a glob pattern (``"exports/deals-*.parquet"``), or a list of these; a URL with a
    protocol (``s3://bucket/deals/``) is listed through fsspec.  Each entry's files are
    sorted by path; the entries keep their order.

    >>> parquet_files(["b.parquet", "a.parquet"])
    ['b.parquet', 'a.parquet']
    """
    items = [deals] if isinstance(deals, str | os.PathLike) else list(deals)
    found: list[str] = []
    for item in items:
        text = os.fspath(item)
        pattern = any(ch in text for ch in "*?[")
        if "://" in text:
            import fsspec

            fs, root = fsspec.core.url_to_fs(text)
            if pattern:
                paths = fs.glob(root)
            elif fs.isdir(root):
                paths = [p for p in fs.find(root) if str(p).endswith(".parquet")]
            else:
                paths = [root]
            found += sorted(fs.unstrip_protocol(p) for p in paths)
        elif pattern:
            found += sorted(glob.glob(text, recursive=True))
        elif Path(text).is_dir():
            found += sorted(str(p) for p in Path(text).rglob("*.parquet"))
        else:
            found.append(text)
    if not found:
        raise ReadOptionError("deals", deals, "no parquet file there")
    return found


# -- on the workers -------------------------------------------------------------------


@attrs.frozen
class _Read:
    """One file read: its lines split by client bucket, and what the reading found."""

    rejected: tuple[Rejected, ...]
    error: RowError | None
    """The first bad row (``errors="raise"``), numbered in the whole book."""
    returns: bool
    currencies: tuple[str | None, ...]
    lines: tuple[tuple[Any, Any], ...]
    """Per bucket, the normalised lines of its clients (all of them, or the order lines
    only) and the ids of its clients with a line (two polars DataFrames)."""
    ids: tuple[Any, ...]
    """One polars Series per bucket of deal-id hashes: the file's deal ids, hashed."""


def _row_count(path: str) -> int:
    pl = _polars()
    return int(pl.scan_parquet(path).select(pl.len()).collect().item())


def _lines(lazy: pl.LazyFrame, currency: str | None, as_of: date, pl: Any) -> pl.LazyFrame:
    """The deal columns cast to their types by frames' normaliser, in one schema."""
    schema = lazy.collect_schema()
    extra = []
    for name in _TEXT_CELLS:
        cell = pl.col(name).cast(pl.String) if name in schema else pl.lit(None, pl.String)
        extra.append(cell.alias(name))
    if "opened_on" in schema:
        dtype = schema["opened_on"]
        opened = pl.col("opened_on")
        opened = opened.str.to_date("%Y-%m-%d") if dtype == pl.String else opened.cast(pl.Date)
    else:  # as frames documents it: the first date the deal has, else as_of
        opened = pl.coalesce(
            pl.col("closed_on"), pl.min_horizontal("due_on", "paid_on"), pl.lit(as_of)
        )
    normalised = _normaliser(lazy, currency, pl)(None).with_columns(extra)
    return normalised.with_columns(opened.alias("opened_on")).select(DEAL_COLUMNS)


def _read_file(
    path: str,
    offset: int,
    buckets: int,
    currency: str | None,
    as_of: date,
    errors: ErrorMode,
    orders_only: bool,
) -> _Read:
    """Read one file by the io rules and split its lines by client bucket.

    ``orders_only`` keeps the lines of orders and the columns the label table reads
    (what moves to the reducing worker), with every client's id apart.
    """
    pl = _polars()
    lazy = pl.scan_parquet(path)
    required_columns(lazy.collect_schema().names())
    text = as_text(lazy, pl)
    # every deal id of the file as a cell holds it, hashed: a clash between files sends
    # the book to one process, so a hash collision costs time, never a different answer
    cell = pl.col("id").str.strip_chars().replace("", None).drop_nulls().unique()
    ids = text.select(cell.hash(seed=_PARTITION_SEED).alias("h")).collect()
    hashes = tuple(frame["h"] for frame in _split(ids, "h", buckets, pl, hashed=True))
    rejected: tuple[Rejected, ...] = ()
    returns = False
    if not is_plain(text, currency, pl):
        try:
            good, rejected = read_by_io(text, currency, errors, as_of, offset)
        except RowError as error:
            return _Read((), error, False, (), (), hashes)
        returns = any(deal.status is DealStatus.RETURNED for deal in good)
        lazy = plain_frame(good, pl)
    lines = _lines(lazy, currency, as_of, pl).collect()
    clients = lines.select(pl.col("client_id").drop_nulls().unique())
    kept = lines.filter(_is_order(as_of, pl)).select(_ORDER_CELLS) if orders_only else lines
    return _Read(
        rejected,
        None,
        returns,
        tuple(lines["currency"].unique().sort(nulls_last=True).to_list()),
        tuple(
            zip(
                _split(kept, "client_id", buckets, pl),
                _split(clients, "client_id", buckets, pl),
                strict=True,
            )
        ),
        hashes,
    )


def _split(
    frame: pl.DataFrame, column: str, buckets: int, pl: Any, *, hashed: bool = False
) -> tuple[pl.DataFrame, ...]:
    """``frame``'s rows by bucket of ``column``'s hash (the bucket frames of labels' passes)."""
    value = pl.col(column) if hashed else pl.col(column).hash(seed=_PARTITION_SEED)
    parts = frame.with_columns((value % buckets).alias("_bucket")).partition_by(
        "_bucket", as_dict=True, include_key=False, maintain_order=True
    )
    empty = frame.clear()
    return tuple(parts.get((j,), empty) for j in range(buckets))


def _piece(read: _Read, bucket: int) -> Any:
    return read.lines[bucket] if read.lines else None  # None: the file raised


def _id_piece(read: _Read, bucket: int) -> Any:
    return read.ids[bucket]


def _meta(read: _Read) -> _Read:
    return attrs.evolve(read, lines=(), ids=())


def _clash(*pieces: Any) -> bool:
    """True when a deal id (by its hash) is in two files: the book is read as one then."""
    pl = _polars()
    return bool(pl.concat(pieces).is_duplicated().any())


def _concat(pieces: Sequence[Any], pl: Any) -> Any:
    """The pieces as one frame, each decimal column at the largest scale among them.

    Casting to a larger scale is exact: the same numbers, with the zeros the column adds.
    """
    frames = [p for p in pieces if p.height] or list(pieces[:1])
    scales: dict[str, int] = {}
    for frame in frames:
        for name, dtype in frame.schema.items():
            if isinstance(dtype, pl.Decimal):
                scales[name] = max(scales.get(name, 0), dtype.scale or 0)
    casts = [pl.col(n).cast(pl.Decimal(38, s)) for n, s in scales.items()]
    return pl.concat([f.with_columns(casts) for f in frames], rechunk=False)


def _bucket_aggregates(as_of: date, with_margin: bool, *pieces: Any) -> tuple[Any, ...]:
    """One bucket's aggregates, as a pass of :func:`kam_core.frames.labels` computes them."""
    pl = _polars()
    if any(piece is None for piece in pieces):
        return ()  # a file raised: nothing to reduce, the caller raises its error
    lines = _concat([lines for lines, _ in pieces], pl)
    ids = pl.concat([ids for _, ids in pieces]).lazy()
    orders, kpis, clients, currencies = pl.collect_all(
        _aggregate_part(lines.lazy(), as_of, with_margin, pl, ids)
    )
    return orders, kpis, clients, tuple(currencies["currency"].to_list())


def _bucket_stats(
    as_of: date, currency: str | None, listed: list[str], *pieces: Any
) -> dict[str, Any]:
    """The per-client stats of one bucket's clients, by :func:`kam_core.frames.client_stats`."""
    pl = _polars()
    lines = _concat([lines for lines, _ in pieces], pl)
    return _stats.client_stats(lines, as_of=as_of, currency=currency, clients=listed)


# -- where analyze is called ------------------------------------------------------------


@attrs.frozen
class _Cluster:
    """The files of a book on a cluster, read into client buckets on demand."""

    dask: Any
    files: list[str]
    offsets: list[int]
    buckets: int
    currency: str | None
    as_of: date
    errors: ErrorMode

    def read(self, orders_only: bool) -> list[Any]:
        """One future per file: its :class:`_Read`."""
        return [
            self.dask.submit(
                _read_file,
                path,
                offset,
                self.buckets,
                self.currency,
                self.as_of,
                self.errors,
                orders_only,
                pure=False,
            )
            for path, offset in zip(self.files, self.offsets, strict=True)
        ]

    def pieces(self, reads: list[Any], pick: Any) -> list[list[Any]]:
        """Per bucket, the future of each file's piece of it (computed where the file is)."""
        return [
            [self.dask.submit(pick, read, bucket, pure=False) for read in reads]
            for bucket in range(self.buckets)
        ]

    def stats(self, clients: Iterable[str], currency: str | None) -> dict[str, Any]:
        """Every client's stats (those with a line and the ``clients`` listed), by id."""
        pl = _polars()
        listed = pl.DataFrame({"client_id": list(clients)}, schema={"client_id": pl.String})
        by_bucket = _split(listed, "client_id", self.buckets, pl)
        reads = self.read(orders_only=False)
        pieces = self.pieces(reads, _piece)
        del reads
        futures = [
            self.dask.submit(
                _bucket_stats,
                self.as_of,
                currency,
                by_bucket[bucket]["client_id"].to_list(),
                *pieces[bucket],
                pure=False,
            )
            for bucket in range(self.buckets)
        ]
        del pieces
        merged: dict[str, Any] = {}
        for part in self.dask.gather(futures):
            merged.update(part)
        return dict(sorted(merged.items()))


@overload
def analyze(
    deals: Any,
    clients: Any = ...,
    *,
    as_of: date,
    policies: object,
    client: Any = ...,
    leads: Iterable[Lead] = ...,
    currency: str | None = ...,
    buckets: int | None = ...,
    pause_gc: bool = ...,
    errors: Literal["raise"] = ...,
) -> Report: ...
@overload
def analyze(
    deals: Any,
    clients: Any = ...,
    *,
    as_of: date,
    policies: object,
    client: Any = ...,
    leads: Iterable[Lead] = ...,
    currency: str | None = ...,
    buckets: int | None = ...,
    pause_gc: bool = ...,
    errors: Literal["collect"],
) -> Analyzed: ...
def analyze(
    deals: Any,
    clients: Any = None,
    *,
    as_of: date,
    policies: object,
    client: Any = None,
    leads: Iterable[Lead] = (),
    currency: str | None = None,
    buckets: int | None = None,
    pause_gc: bool = False,
    errors: ErrorMode = "raise",
) -> Report | Analyzed:
    """:func:`kam_core.frames.analyze` over parquet files, the work on a Dask cluster.

    The same report (labels, KPIs, summary, rows) and, with ``errors="collect"``, the
    same rejects as ``frames.analyze(pl.scan_parquet(files), ...)`` — the files read one
    after another, their rows numbered so (the header is row 1).  ``deals`` is what
    :func:`parquet_files` lists: a file, a directory, a glob or a list, local or on
    shared storage (``s3://…`` through fsspec); a client's deals may be in any number
    of files, but the lines of one deal are in one file.

    ``client`` is a ``distributed.Client`` (default: the current one,
    ``distributed.default_client()``).  Each file is read on a worker, by the rules of
    :func:`kam_core.io.read_deals`, and split by a hash of the client id into
    ``buckets`` (default: twice the cluster's threads); each bucket is reduced on a
    worker to the aggregates :func:`kam_core.frames.labels` computes per pass; the
    population-wide labelling runs here, on the merged aggregates (one order row per
    order: client, day, amount).  A worker holds the files it read and the buckets it
    reduces: more buckets and smaller files, less memory per worker.

    A book that cannot be read file by file — a return (netted over the whole book), a
    deal id in two files, more than one currency — is analysed here in one process by
    :func:`kam_core.frames.analyze`, which gives the same verdict on it.  The rows are
    built on first read, by the workers (one :class:`~kam_core.ClientStats` per client,
    per bucket) and the policies here: keep the cluster and the files until then.
    ``clients``, ``leads``, ``currency``, ``pause_gc`` and ``errors`` are as in
    :func:`kam_core.frames.analyze`.
    """
    if errors not in ("raise", "collect"):
        raise ReadOptionError("errors", errors, 'expected "raise" or "collect"')
    if buckets is not None and (type(buckets) is not int or not 1 <= buckets <= _MAX_BUCKETS):
        raise ReadOptionError("buckets", buckets, f"give a whole number from 1 to {_MAX_BUCKETS}")
    pl = _polars()
    dask = _distributed().default_client() if client is None else client
    files = parquet_files(deals)
    plan = AnalysisPlan.of(policies)
    if buckets is None:
        buckets = max(1, 2 * sum(dask.nthreads().values()))
    counts = dask.gather([dask.submit(_row_count, path, pure=False) for path in files])
    offsets = [sum(counts[:i]) for i in range(len(files))]
    cluster = _Cluster(dask, files, offsets, buckets, currency, as_of, errors)
    reads = cluster.read(orders_only=True)
    metas = [dask.submit(_meta, read, pure=False) for read in reads]
    clashes = [dask.submit(_clash, *ids, pure=False) for ids in cluster.pieces(reads, _id_piece)]
    # the buckets are reduced while the checks come back: the workers do not wait
    parts = [
        dask.submit(_bucket_aggregates, as_of, _with_margin(plan), *pieces, pure=False)
        for pieces in cluster.pieces(reads, _piece)
    ]
    del reads
    read = dask.gather(metas)
    currencies = {c for meta in read for c in meta.currencies}
    one = currencies == {currency} if currency is not None else len(currencies) == 1
    errors_met = any(meta.error is not None for meta in read)
    # raising at the first bad row, io reads no further: only a clash can come first
    whole = not errors_met and (any(meta.returns for meta in read) or not one)
    whole = whole or any(dask.gather(clashes))
    if whole or errors_met:
        dask.cancel(parts)
        del parts
    if whole:  # the book is read as one, in this process: the same verdict
        return frames_analyze(
            pl.scan_parquet(files),
            clients,
            as_of=as_of,
            policies=policies,
            leads=leads,
            currency=currency,
            pause_gc=pause_gc,
            errors=errors,
        )
    for meta in read:
        if meta.error is not None:
            raise meta.error
    book = _merged(dask.gather(parts), pl)
    del parts
    listed, owners = _owners(clients, pl)
    book_currency = currency if currency is not None else next(iter(currencies))

    def stats_of(index: dict[str, Client]) -> dict[str, Any]:
        return cluster.stats(index, book_currency)

    table = _label_step(
        book,
        _Listing(clients, listed, owners),
        as_of,
        plan,
        currency,
        stepwise=True,
        stats_of=stats_of,
        pause_gc=pause_gc,
    )

    def rows() -> tuple[ClientRow, ...]:
        with collector_paused(pause_gc):
            if table.decided is not None:  # stats and clients were read for those policies
                index = table.decided.clients
                stats = tuple(row.stats for row in table.decided.rows.rows())
            else:
                given = table.listed
                index = index_clients(
                    given if given is not None else _clients(clients, currency, pl)
                )
                stats = tuple(stats_of(index).values())
            return plan.decide(stats, index, as_of)

    report = plan.report(as_of, ColumnStore(table, _keys_of(plan, table.frame), rows), leads)
    rejected = tuple(r for meta in read for r in meta.rejected)
    return Analyzed(report, rejected) if errors == "collect" else report


def _merged(parts: list[tuple[Any, ...]], pl: Any) -> _Aggregates:
    """The buckets' aggregates as the label step reads them: one decimal scale each."""
    scales: dict[str, int] = {}
    for part in parts:
        for name, dtype in part[0].schema.items():
            if isinstance(dtype, pl.Decimal):
                scales[name] = max(scales.get(name, 0), dtype.scale or 0)
    casts = [pl.col(n).cast(pl.Decimal(38, s)) for n, s in scales.items()]
    order_parts = [p[0].with_columns(casts) for p in parts]
    return _Aggregates(
        order_parts,
        _concat([p[1] for p in parts], pl),
        pl.concat([p[2] for p in parts]),
        sorted({c for p in parts for c in p[3]}, key=lambda c: (c is None, c or "")),
    )
