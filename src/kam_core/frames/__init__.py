"""The whole-book analysis on polars frames: the same :class:`~kam_core.analysis.Report`.

Install the extra: ``pip install "kam_core[polars]"``.  polars (and pandas, for pandas
input) are imported when a function runs, never at ``import kam_core``.

:func:`analyze` takes the deals as a polars ``DataFrame`` or ``LazyFrame`` (or a pandas
``DataFrame``, converted with ``pl.from_pandas``) with the documented CSV column names
(:data:`kam_core.io.DEAL_COLUMNS`, see ``docs/cli.md``): one row per deal line,
the deal's own columns repeated on each of its lines (a deal without lines is one row
with an empty ``product_id``).  The per-deal work — keeping won deals closed on or
before ``as_of``, aggregating each client's orders and KPIs — and the built-in
segmentations run in polars (:func:`labels`); the report reads its summary from that
table.  Its rows are built when first read: one :class:`~kam_core.ClientStats` per
client from the aggregated columns (:func:`client_stats`), then the policies run
exactly as :func:`kam_core.analyze` runs them, so labels and numbers are identical.

Columns
-------
- ids (``id``, ``client_id``, ``product_id``, ``category``, ``referred_by``): any type,
  read as strings; ``status`` as text, case-insensitive;
- dates: ``Date`` (or ``Datetime``, truncated to the day) or ``YYYY-MM-DD`` strings;
- money and quantities (``amount``, ``margin``, ``unit_price``, ``quantity``): polars
  ``Decimal`` or integers, or decimal strings (``1250.50``; spaces and a decimal comma
  are accepted).  Floats are refused: they are not exact.  A decimal column has one
  scale, so amounts come back with the column's number of decimals (``10`` in a column
  of cents reads as ``10.00``); numbers are equal either way.
- ``currency``: ISO codes; absent or empty cells take ``currency=``.

Unlike :func:`kam_core.io.read_deals`, rows are not validated one by one as
:class:`~kam_core.Deal` (that per-deal cost is what this backend avoids): give it
frames you trust, such as a cleaned export.  Mixed currencies of one client still raise
:class:`~kam_core.errors.CurrencyMismatchError`.
"""

from __future__ import annotations

import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

import attrs

from kam_core._decision import jsonable
from kam_core._domain.client import Client
from kam_core._domain.lead import Lead
from kam_core._domain.role import Role
from kam_core._ingest import CLIENT_COLUMNS, read_clients
from kam_core._stats.client_stats import ClientStats, ItemTotal, PaymentDiscipline, _trusted_items
from kam_core._stats.orders import _CompactOrders, _Orders, orders_of
from kam_core.analysis import ClientRow, Report
from kam_core.analysis._analyze import _decide, _gc_paused, _index, _Plan, _plan, _qualify
from kam_core.analysis._report import _HANDOFF, _SLEEPING
from kam_core.errors import CurrencyMismatchError, KamError, MoneyError, PolicyEvaluationError

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl
    from polars import DataFrame as PolarsDataFrame

__all__ = ["FramesUnavailableError", "analyze", "client_stats", "labels"]

_ZERO = Decimal(0)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # polars Date: days since then
_MAX_DAY = date.max.toordinal()
_REQUIRED = ("id", "client_id", "status", "closed_on", "amount")
_MONEY = ("amount", "margin", "unit_price", "quantity")
_DATES = ("closed_on", "due_on", "paid_on")
_TEXT = ("id", "client_id", "status", "currency", "referred_by", "product_id", "category")
_MAX_PARTITIONS = 4096
_PARTITION_SEED = 20261124  # fixed: a client falls in the same pass in every run


class FramesUnavailableError(KamError, ImportError):
    """polars (or pandas, for pandas input) is not installed: install the extra."""


def _polars() -> Any:
    try:
        import polars
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise FramesUnavailableError(
            "kam_core.frames needs polars: pip install 'kam_core[polars]'"
        ) from None
    return polars


def _lazy(frame: Any, pl: Any) -> Any:
    if isinstance(frame, pl.LazyFrame):
        return frame
    if isinstance(frame, pl.DataFrame):
        return frame.lazy()
    if type(frame).__module__.startswith("pandas"):
        try:
            return pl.from_pandas(frame).lazy()
        except ImportError:  # pragma: no cover - pandas frames imply pandas
            raise FramesUnavailableError(
                "converting a pandas DataFrame needs pandas and pyarrow installed"
            ) from None
    raise TypeError(f"expected a polars DataFrame/LazyFrame or a pandas DataFrame, got {frame!r}")


def _scale_of_text(lf: pl.LazyFrame, name: str, pl: Any) -> int:
    frac = pl.col(name).str.split(".").list.get(1, null_on_oob=True).str.len_chars()
    got = lf.select(frac.max()).collect().item()
    return int(got or 0)


def _normalised(lf: pl.LazyFrame, as_of: date, currency: str | None, pl: Any) -> pl.LazyFrame:
    """Cast the known columns to their types; add absent optional ones as nulls."""
    return _normaliser(lf, currency, pl)(None)


def _normaliser(lf: pl.LazyFrame, currency: str | None, pl: Any) -> Callable[[Any], pl.LazyFrame]:
    """:func:`_normalised` for the rows an expression on the raw columns selects.

    The returned function filters before any cast, so that a scan reads no more than
    those rows (None keeps them all).  A decimal string column's scale is read here,
    once, from the whole frame: every part gets the same one.
    """
    schema = lf.collect_schema()
    missing = [c for c in _REQUIRED if c not in schema]
    if missing:
        raise KamError(f"deals frame lacks required columns: {', '.join(missing)}")
    text = []
    for name in _TEXT:
        if name in schema:
            text.append(pl.col(name).cast(pl.String).str.strip_chars().replace("", None))
        else:
            text.append(pl.lit(None, dtype=pl.String).alias(name))
    exprs = [
        pl.col("status").str.to_lowercase(),
        pl.col("currency").str.to_uppercase().fill_null(pl.lit(currency, dtype=pl.String)),
    ]
    for name in _DATES:
        dtype = schema.get(name)
        if dtype is None:
            exprs.append(pl.lit(None, dtype=pl.Date).alias(name))
        elif dtype == pl.String:
            exprs.append(pl.col(name).str.strip_chars().replace("", None).str.to_date("%Y-%m-%d"))
        else:
            exprs.append(pl.col(name).cast(pl.Date))
    money_text = []
    for name in _MONEY:
        dtype = schema.get(name)
        if dtype is None:
            exprs.append(pl.lit(None, dtype=pl.Decimal(38, 0)).alias(name))
        elif dtype == pl.String:
            cleaned = pl.col(name).str.replace_all(r"[\s']", "").str.replace(",", ".")
            money_text.append(cleaned.replace("", None).alias(name))
            scale = _scale_of_text(lf.with_columns(text).with_columns(money_text[-1]), name, pl)
            exprs.append(pl.col(name).str.to_decimal(scale=scale))
        elif dtype.is_integer():
            exprs.append(pl.col(name).cast(pl.Decimal(38, 0)))
        elif isinstance(dtype, pl.Decimal) or dtype == pl.Null:
            exprs.append(pl.col(name).cast(pl.Decimal(38, getattr(dtype, "scale", 0) or 0)))
        else:
            raise KamError(
                f"column {name!r} is {dtype}: give exact decimals (polars Decimal, "
                "integers or decimal strings), not floats"
            )

    def normalised(where: Any) -> pl.LazyFrame:
        selected = lf if where is None else lf.filter(where)
        cleaned = selected.with_columns(text)
        if money_text:
            cleaned = cleaned.with_columns(money_text)
        return cleaned.with_columns(exprs)

    return normalised


def _scale(lf: pl.LazyFrame, name: str) -> int:
    dtype = lf.collect_schema()[name]
    return int(getattr(dtype, "scale", 0) or 0)


def client_stats(
    deals: Any,
    *,
    as_of: date,
    currency: str | None = None,
    clients: Iterable[str] = (),
) -> dict[str, ClientStats]:
    """Per-client stats of a deals frame, as :func:`kam_core.build_stats` gives them.

    Every client with a row in ``deals`` (whatever its status) or listed in
    ``clients`` gets stats; the result is keyed by client id in sorted order.

    >>> import polars as pl
    >>> deals = pl.DataFrame({"id": ["D-1", "D-2", "D-3"], "client_id": ["C-1", "C-1", "C-2"],
    ...                       "status": ["won", "won", "lost"],
    ...                       "closed_on": ["2026-01-05", "2026-03-01", "2026-02-01"],
    ...                       "amount": ["100.00", "250.50", "10.00"], "currency": "RUB"})
    >>> stats = client_stats(deals, as_of=date(2026, 11, 24))
    >>> stats["C-1"].total, stats["C-2"].order_count
    (Money('350.50', 'RUB'), 0)
    """
    pl = _polars()
    lf = _normalised(_lazy(deals, pl), as_of, currency, pl)
    won_plan = lf.filter(
        (pl.col("status") == "won")
        & pl.col("closed_on").is_not_null()
        & (pl.col("closed_on") <= pl.lit(as_of))
    )
    # materialised once: every aggregate below reads the won rows
    won_df, ids_df = pl.collect_all(
        [won_plan, lf.select(pl.col("client_id").drop_nulls().unique())]
    )
    won = won_df.lazy()
    price_scale = _scale(lf, "unit_price")
    qty_scale = _scale(lf, "quantity")
    orders = won_df.unique(subset=["id"], keep="any").lazy()
    due, paid = pl.col("due_on"), pl.col("paid_on")
    paid_ok = (due.is_not_null() & paid.is_not_null() & (paid <= pl.lit(as_of))).fill_null(False)
    late = paid_ok & (paid > due)
    overdue = (due.is_not_null() & ~paid_ok & (due < pl.lit(as_of))).fill_null(False)
    per_client = (
        orders.group_by("client_id")
        .agg(
            pl.col("currency").n_unique().alias("n_cur"),
            pl.col("currency").min().alias("cur"),
            pl.col("currency").max().alias("cur_max"),
            due.is_not_null().sum().alias("with_due"),
            paid_ok.sum().alias("paid"),
            late.sum().alias("late"),
            (paid - due).dt.total_days().filter(late).sum().alias("late_days"),
            overdue.sum().alias("overdue"),
            pl.col("amount").filter(overdue).sum().alias("overdue_amount"),
            (pl.lit(as_of) - due).dt.total_days().filter(overdue).sum().alias("overdue_days"),
            pl.col("margin").sum().alias("margin"),
            pl.col("margin").count().alias("margin_orders"),
            pl.col("referred_by").drop_nulls().unique().sort().alias("referrers"),
        )
        .sort("client_id")
    )
    order_rows = orders.select("client_id", "closed_on", "amount").sort(
        "client_id", "closed_on", "amount"
    )
    lines = won.filter(pl.col("product_id").is_not_null()).select(
        "client_id",
        "product_id",
        "category",
        "closed_on",
        pl.col("quantity"),
        (
            pl.col("unit_price").cast(pl.Decimal(38, price_scale + qty_scale))
            * pl.col("quantity").cast(pl.Decimal(38, price_scale + qty_scale))
        ).alias("revenue"),
    )
    totals = [
        pl.col("revenue").sum(),
        pl.col("quantity").sum(),
        pl.col("closed_on").min().alias("first_on"),
        pl.col("closed_on").max().alias("last_on"),
    ]
    products = (
        lines.group_by("client_id", "product_id")
        .agg(*totals, pl.col("category").min())
        .sort("client_id", "product_id")
    )
    categories = (
        lines.filter(pl.col("category").is_not_null())
        .group_by("client_id", "category")
        .agg(*totals)
        .sort("client_id", "category")
    )
    agg, order_df, prod_df, cat_df = pl.collect_all([per_client, order_rows, products, categories])
    first = won_df["currency"].head(1).to_list()
    book_currency = currency if currency is not None else (first[0] if first else None)
    _check_currencies(agg, currency)
    return _assemble(
        agg,
        order_df,
        prod_df,
        cat_df,
        set(ids_df["client_id"].to_list()) | set(clients),
        as_of,
        book_currency,
    )


def _check_currencies(agg: pl.DataFrame, currency: str | None) -> None:
    if agg.height == 0:
        return
    mixed = agg.filter(agg["n_cur"] > 1)
    if mixed.height:
        raise CurrencyMismatchError(
            mixed.item(0, "cur"), mixed.item(0, "cur_max"), field=f"client {mixed.item(0, 0)}"
        )
    nulls = agg.filter(agg["cur"].is_null())
    if nulls.height:
        raise MoneyError("currency", None, "no currency: add the column or pass currency=")
    if currency is not None:
        other = agg.filter(agg["cur"] != currency)
        if other.height:
            raise CurrencyMismatchError(currency, other.item(0, "cur"))


def _runs(keys: pl.Series) -> dict[Any, tuple[int, int]]:
    """Start and end of each run of equal keys in a sorted column."""
    runs = keys.rle()
    out: dict[Any, tuple[int, int]] = {}
    start = 0
    for n, key in zip(
        runs.struct.field("len").to_list(), runs.struct.field("value").to_list(), strict=True
    ):
        out[key] = (start, start + n)
        start += n
    return out


def _order_stores(order_df: pl.DataFrame, at: dict[Any, tuple[int, int]]) -> dict[Any, _Orders]:
    """Each client's orders, from rows sorted by client, day and amount.

    A Decimal column holds integers at one scale: those integers and the days (polars
    counts them from 1970-01-01) are the compact store itself, read without building a
    date and a Decimal per order.  A client with an amount beyond int64 (or a book with
    a missing amount or a day Python's ``date`` cannot hold) is built from the
    (date, Decimal) pairs instead, as :class:`~kam_core.ClientStats` would build it.
    """
    import polars as pl

    out: dict[Any, _Orders] = {}
    amount = order_df["amount"]
    days = order_df["closed_on"].to_physical().cast(pl.Int64) + _EPOCH_ORDINAL
    if order_df.height and not amount.null_count() and days.is_between(1, _MAX_DAY).all():
        coefs = amount.to_physical().cast(pl.Int64, strict=False)  # null beyond int64
        exp = -int(getattr(amount.dtype, "scale", 0) or 0)
        big = set(order_df.filter(coefs.is_null())["client_id"].to_list())
        day_array = array("i", days.to_list())
        coef_array = array("q", coefs.fill_null(0).to_list())
        presorted = _CompactOrders._presorted
        for key, (a, b) in at.items():
            if key not in big:
                out[key] = presorted(day_array[a:b], coef_array[a:b], exp)
    for key, (a, b) in at.items():
        if key not in out:
            rows = order_df[a:b]
            out[key] = orders_of(
                zip(rows["closed_on"].to_list(), rows["amount"].to_list(), strict=True)
            )
    return out


def _decimals(series: pl.Series) -> list[Any]:
    """Python Decimals of a Decimal column, keeping its scale (via text: faster)."""
    if series.null_count():
        return series.to_list()
    import polars as pl

    texts = series.cast(pl.String).to_list()
    if series.n_unique() * 2 > len(texts):
        return list(map(Decimal, texts))
    # few distinct values (quantities): parse each once and share it (Decimals are immutable)
    parsed = {text: Decimal(text) for text in set(texts)}
    return list(map(parsed.__getitem__, texts))


def _dates(series: pl.Series) -> list[Any]:
    """Python dates of a Date column without nulls: each distinct day built once, shared."""
    days = series.to_physical()
    made = {day: date.fromordinal(day + _EPOCH_ORDINAL) for day in days.unique().to_list()}
    return list(map(made.__getitem__, days.to_list()))


def _items(df: pl.DataFrame, key: str, with_category: bool) -> list[ItemTotal]:
    cats = df["category"].to_list() if with_category else [None] * df.height
    return _trusted_items(
        df[key].to_list(),
        _decimals(df["revenue"]),
        _decimals(df["quantity"]),
        _dates(df["first_on"]),  # min and max of closed_on, never null in won rows
        _dates(df["last_on"]),
        cats,
    )


def _assemble(
    agg: pl.DataFrame,
    order_df: pl.DataFrame,
    prod_df: pl.DataFrame,
    cat_df: pl.DataFrame,
    ids: set[str],
    as_of: date,
    book_currency: str | None,
) -> dict[str, ClientStats]:
    orders = _order_stores(order_df, _runs(order_df["client_id"]))
    prod_items = _items(prod_df, "product_id", True)
    prod_at = _runs(prod_df["client_id"])
    cat_items = _items(cat_df, "category", False)
    cat_at = _runs(cat_df["client_id"])
    facts = {
        row[0]: row
        for row in agg.select(
            "client_id",
            "cur",
            "with_due",
            "paid",
            "late",
            "late_days",
            "overdue",
            "overdue_amount",
            "overdue_days",
            "margin",
            "margin_orders",
            "referrers",
        ).iter_rows()
    }
    empty_pay = PaymentDiscipline()
    result: dict[str, ClientStats] = {}
    for client_id in sorted(ids):
        fact = facts.get(client_id)
        if fact is None:
            if book_currency is None:
                raise MoneyError(
                    "currency",
                    None,
                    f"client {client_id!r} has no orders as of {as_of.isoformat()}; "
                    "pass currency= to build its (empty) stats",
                )
            result[client_id] = ClientStats(client_id, as_of, book_currency)
            continue
        (
            _,
            cur,
            with_due,
            paid,
            late,
            late_days,
            overdue,
            overdue_amount,
            overdue_days,
            margin,
            margin_orders,
            referrers,
        ) = fact
        pa, pb = prod_at.get(client_id, (0, 0))
        ca, cb = cat_at.get(client_id, (0, 0))
        pay = (
            PaymentDiscipline(
                with_due,
                paid,
                late,
                late_days or 0,
                overdue,
                overdue_amount if overdue else _ZERO,
                overdue_days or 0,
            )
            if with_due
            else empty_pay
        )
        result[client_id] = ClientStats(
            client_id,
            as_of,
            cur,
            orders[client_id],
            tuple(prod_items[pa:pb]),
            tuple(cat_items[ca:cb]),
            pay,
            margin if margin_orders else _ZERO,
            margin_orders,
            tuple(referrers),
        )
    return result


def _clients(clients: Any, currency: str | None, pl: Any) -> list[Client]:
    if clients is None:
        return []
    if isinstance(clients, pl.DataFrame | pl.LazyFrame) or type(clients).__module__.startswith(
        "pandas"
    ):
        lf = _lazy(clients, pl)
        schema = lf.collect_schema()
        exprs = []
        for name in CLIENT_COLUMNS:
            if name not in schema:
                continue
            dtype = schema[name]
            col = pl.col(name)
            if isinstance(dtype, pl.List):
                col = col.cast(pl.List(pl.String)).list.join(";")
            elif dtype == pl.Boolean:
                col = pl.when(col).then(pl.lit("true")).when(~col).then(pl.lit("false"))
            exprs.append(col.cast(pl.String).fill_null("").alias(name))
        frame = lf.select(exprs).collect()
        return list(read_clients(frame.iter_rows(named=True), currency=currency))
    return list(clients)


def analyze(
    deals: Any,
    clients: Any = None,
    *,
    as_of: date,
    policies: object,
    leads: Iterable[Lead] = (),
    currency: str | None = None,
    partitions: int = 1,
) -> Report:
    """:func:`kam_core.analyze` on frames: the same report, the work in polars.

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
    ``analyze()``'s, whichever is read first.  ``partitions`` is as in :func:`labels`.

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
    """
    pl = _polars()
    plan = _plan(policies)
    lazy = _lazy(deals, pl)
    table = _label_table(lazy, clients, as_of, plan, currency, partitions)

    def rows() -> tuple[ClientRow, ...]:
        with _gc_paused():
            if table.decided is not None:  # stats and clients were read for those policies
                index = table.decided.clients
                stats = tuple(row.stats for row in table.decided.report)
            else:
                listed = table.listed
                index = _index(listed if listed is not None else _clients(clients, currency, pl))
                stats = tuple(
                    client_stats(lazy, as_of=as_of, currency=currency, clients=index).values()
                )
            return _decide(stats, index, plan, as_of, ()).clients

    return _FrameReport(
        as_of,
        (),
        _qualify(plan, leads, as_of),
        plan.refs,
        table=table,
        keys=_keys_of(plan, table.frame),
        built=_Once(rows),
    )


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


def _keys_of(plan: _Plan, frame: pl.DataFrame) -> list[str] | None:
    """The keys a report's rows would hold, ``handoff`` aside, in order of appearance.

    None when a client policy shares its key with another policy: rows of listed
    clients then hold the later outcome, other rows the earlier, and the report reads
    such keys from its rows.  (Two segmentations of one kind are in the table already
    as rows hold them: the later one.)
    """
    segmentations = list(dict.fromkeys(pol.kind for pol in plan.segmentations))
    client_keys = [_HANDOFF if i == 0 else pol.kind for i, pol in enumerate(plan.client_policies)]
    every = segmentations + client_keys
    if len(set(every)) != len(every):
        return None
    if frame.height == 0:
        return []
    judged = bool(frame["_client"].any())  # some client is listed: client policies ran
    return [k for k in segmentations if k != _HANDOFF] + (client_keys[1:] if judged else [])


@attrs.frozen(eq=False)
class _FrameReport(Report):
    """A report whose labels live in a polars table and whose rows are built when read.

    Counting reads the columns; anything that needs rows or explanations (and any key
    two policies share) reads the rows, built once.  Equal to another report only when
    it is the same object, as the frames it came from are not compared.
    """

    _table: _LabelTable = attrs.field(alias="table", kw_only=True, repr=False)
    _keys_in_order: list[str] | None = attrs.field(alias="keys", kw_only=True, repr=False)
    _built: _Once = attrs.field(alias="built", kw_only=True, repr=False)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    @property
    def clients(self) -> tuple[ClientRow, ...]:
        """One row per client, sorted by client id (built on first read)."""
        return self._built.get()

    def __len__(self) -> int:
        return int(self._table.frame.height)

    def _client_ids(self) -> list[str]:
        ids: list[str] = self._table.frame["client_id"].to_list()
        return ids

    def _keys(self) -> list[str]:
        if self._keys_in_order is None:
            return super()._keys()
        return list(self._keys_in_order)

    def _texts(self, key: str) -> list[str | None]:
        table, decided = self._table, self._table.decided
        if self._keys_in_order is None or (key == _HANDOFF and key in table.columnar):
            return super()._texts(key)  # a shared key, or a handoff's full record
        if key in table.columnar:
            texts: list[str | None] = table.frame[key].fill_null("None").to_list()
            return texts
        if decided is not None and key in decided.keys:
            return decided.report._texts(decided.keys[key])
        return [None] * len(self)

    def _in_columns(self, *keys: str) -> bool:
        """Every key's labels are a column of the table, as rows would give them."""
        columnar = self._table.columnar
        return self._keys_in_order is not None and all(
            k in columnar and k != _HANDOFF for k in keys
        )

    def _tally(self, *keys: str) -> Counter[tuple[str, ...]]:
        if not self._in_columns(*keys) or len(set(keys)) != len(keys):
            return super()._tally(*keys)
        pl = _polars()
        counted = (
            self._table.frame.lazy()
            .select(pl.col(k).fill_null("None") for k in keys)
            .group_by(keys)
            .len()
            .collect()
        )
        return Counter({row[:-1]: row[-1] for row in counted.iter_rows()})

    def _sleeping_ids(self) -> list[str]:
        if not self._in_columns("sleeping"):
            return super()._sleeping_ids()
        pl = _polars()
        frame = self._table.frame
        ids: list[str] = frame.filter(pl.col("sleeping").is_in(sorted(_SLEEPING)))[
            "client_id"
        ].to_list()
        return ids

    def _handoff_targets(self) -> list[str]:
        table, decided = self._table, self._table.decided
        if self._keys_in_order is not None and _HANDOFF in table.columnar:
            targets: list[str] = table.frame["handoff_to"].drop_nulls().to_list()
            return targets
        if self._keys_in_order is not None and decided is not None and _HANDOFF in decided.keys:
            return decided.report._handoff_targets()
        return super()._handoff_targets()


# -- the label table ----------------------------------------------------------------

_KPIS = (
    "orders",
    "turnover",
    "first_order_on",
    "last_order_on",
    "products",
    "categories",
    "overdue",
)


def _labellers() -> dict[type, Any]:
    from kam_core.frames._abc_rfm import LABELLERS as SEGMENTS
    from kam_core.frames._xyz_sleeping import LABELLERS as ACTIVITY

    return {**SEGMENTS, **ACTIVITY}


def _owners(clients: Any, pl: Any) -> tuple[list[Client] | None, pl.LazyFrame]:
    """The clients (when given as objects) and a frame of ``client_id``, ``owner`` keys.

    A clients frame is not validated row by row: each distinct ``owner`` cell is read
    once as :class:`~kam_core.Client` reads it.
    """
    schema = {"client_id": pl.String, "owner": pl.String, "_role": pl.Boolean}
    if clients is None:
        return [], pl.LazyFrame(schema=schema)
    if isinstance(clients, pl.DataFrame | pl.LazyFrame) or type(clients).__module__.startswith(
        "pandas"
    ):
        lf = _lazy(clients, pl)
        names = lf.collect_schema().names()
        if "id" not in names:
            raise KamError("clients frame lacks required column: id")
        owner = pl.col("owner") if "owner" in names else pl.lit(None)
        frame = lf.select(
            pl.col("id").cast(pl.String).str.strip_chars().alias("client_id"),
            owner.cast(pl.String).str.strip_chars().replace("", None).alias("owner"),
        ).collect()
        keys = {}
        for raw in frame["owner"].drop_nulls().unique().to_list():
            parsed = Client.model_validate({"id": "owner", "name": "owner", "owner": raw}).owner
            keys[raw] = (jsonable(parsed), isinstance(parsed, Role))
        dup = frame.filter(frame["client_id"].is_duplicated())
        if dup.height:
            raise PolicyEvaluationError(f"client {dup.item(0, 0)!r} is given twice")
        lf = frame.lazy().with_columns(
            pl.col("owner").replace_strict(
                {k: v[0] for k, v in keys.items()}, default=None, return_dtype=pl.String
            ),
            pl.col("owner")
            .replace_strict(
                {k: v[1] for k, v in keys.items()}, default=True, return_dtype=pl.Boolean
            )
            .alias("_role"),
        )
        return None, lf
    listed = list(clients)
    _index(listed)  # refuses a client given twice, as analyze() does
    return listed, pl.LazyFrame(
        {
            "client_id": [c.id for c in listed],
            "owner": [c.owner.value if isinstance(c.owner, Role) else None for c in listed],
            "_role": [c.owner is None or isinstance(c.owner, Role) for c in listed],
        },
        schema=schema,
    )


def _handoff_columns(rules: Any, pl: Any) -> list[Any] | None:
    """Polars expressions for ``handoff`` / ``handoff_from`` / ``handoff_to``, or None.

    Only for rules made of hunter → farmer transfers on the order count alone (the
    methodology's "after the N-th order"); anything else takes the Python path.
    """
    from kam_core.policies import HandoffRules, HunterToFarmer, OrderCount

    if type(rules) is not HandoffRules:
        return None
    chain: list[tuple[str, str, str, int]] = []  # name, from role, to role, orders at least
    for name, t in zip(rules.names, rules.transfers, strict=True):
        if type(t) is not HunterToFarmer or t.allow_backwards:
            return None
        when = t.when
        if type(when) is not OrderCount or when.within_days is not None:
            return None
        if not isinstance(t.from_role, Role) or not isinstance(t.to_role, Role):
            return None
        chain.append((name, t.from_role.value, t.to_role.value, when.at_least))
    owner = pl.col("owner")
    effective = owner.fill_null(pl.lit(chain[0][1]))
    rule: Any = None
    frm: Any = None
    to: Any = None
    for name, from_role, to_role, at_least in reversed(chain):
        due = (
            pl.col("_client")
            & (effective == from_role)
            & (owner.is_null() | (owner != to_role))
            & (pl.col("orders") >= at_least)
        )
        rule = pl.when(due).then(pl.lit(name)).otherwise(rule)
        frm = pl.when(due).then(effective).otherwise(frm)
        to = pl.when(due).then(pl.lit(to_role)).otherwise(to)
    return [
        rule.cast(pl.String).alias("handoff"),
        frm.cast(pl.String).alias("handoff_from"),
        to.cast(pl.String).alias("handoff_to"),
    ]


def _book_in_parts(
    raw: pl.LazyFrame,
    as_of: date,
    currency: str | None,
    partitions: int,
    with_margin: bool,
    pl: Any,
) -> tuple[list[pl.DataFrame], pl.DataFrame, pl.DataFrame, list[str | None]]:
    """The orders (one frame per pass), per-client KPIs, client ids and currencies.

    Read in ``partitions`` passes, each over the clients whose id hashes to it, so that
    no pass holds more than its share of the deal lines (a scan reads each pass's rows
    only).  A client's lines all fall in one pass, so the per-client aggregates are
    exact; the results are the same whatever the number of passes.

    ``orders`` has one row per order (a won deal closed on or before ``as_of``; a deal's
    first line stands for the deal, its own columns repeating on each line) with
    ``client_id``, ``closed_on``, ``amount`` and, when ``with_margin`` and the frame has
    one, ``margin``.
    """
    with_margin = with_margin and "margin" in raw.collect_schema()
    key = pl.col("client_id").cast(pl.String).str.strip_chars().replace("", None)
    due, paid = pl.col("due_on"), pl.col("paid_on")
    paid_ok = (due.is_not_null() & paid.is_not_null() & (paid <= pl.lit(as_of))).fill_null(False)
    overdue = (due.is_not_null() & ~paid_ok & (due < pl.lit(as_of))).fill_null(False)
    normalised = _normaliser(raw, currency, pl)
    parts: list[list[pl.DataFrame]] = [[], [], [], []]
    for part in range(partitions):
        where = None if partitions == 1 else key.hash(seed=_PARTITION_SEED) % partitions == part
        lf = normalised(where)
        won = lf.filter(
            (pl.col("status") == "won")
            & pl.col("closed_on").is_not_null()
            & (pl.col("closed_on") <= pl.lit(as_of))
        )
        first = won.filter(pl.col("id").is_first_distinct())
        order_columns = ["client_id", "closed_on", "amount"] + (["margin"] if with_margin else [])
        aggregates = first.group_by("client_id").agg(
            pl.len().alias("orders"),
            pl.col("amount").sum().alias("turnover"),
            pl.col("closed_on").min().alias("first_order_on"),
            pl.col("closed_on").max().alias("last_order_on"),
            pl.col("amount").filter(overdue).sum().alias("overdue"),
        )
        bought = (
            won.filter(pl.col("product_id").is_not_null())
            .group_by("client_id")
            .agg(
                pl.col("product_id").n_unique().alias("products"),
                pl.col("category").drop_nulls().n_unique().alias("categories"),
            )
        )
        got = pl.collect_all(
            [
                first.select(order_columns),
                aggregates.join(bought, on="client_id", how="left"),
                lf.select(pl.col("client_id").drop_nulls().unique()),
                first.select(pl.col("currency").unique()),
            ]
        )
        for bucket, frame in zip(parts, got, strict=True):
            bucket.append(frame)
    agg_df, ids_df, currencies = (pl.concat(b, rechunk=False) for b in parts[1:])
    return parts[0], agg_df, ids_df, currencies["currency"].unique().to_list()


def labels(
    deals: Any,
    clients: Any = None,
    *,
    as_of: date,
    policies: object,
    currency: str | None = None,
    partitions: int = 1,
) -> PolarsDataFrame:
    """The report's labels and KPIs as one polars DataFrame, computed in polars.

    One row per client (sorted by id) with one column per policy, keyed as
    :meth:`kam_core.Report.rows` keys them (a segmentation by its ``kind``; the first
    client policy gives ``handoff``, ``handoff_from`` and ``handoff_to``, later ones
    their ``kind``), then ``orders``, ``turnover``, ``first_order_on``,
    ``last_order_on``, ``products``, ``categories`` and ``overdue``.  Labels are the
    JSON forms a report row shows (``"A"``, ``"no_orders"``, ``"sleeping"``...).

    ABC, XYZ, RFM, sleeping and hunter → farmer rules on the order count are computed
    as polars expressions — no per-client Python object — and give the labels
    :func:`kam_core.analyze` gives (tested client by client).  Any other policy (a
    user's own, or a configuration the columns cannot express exactly) is decided on
    :func:`client_stats` by the Python policy, as :func:`analyze` would, and joined in.
    Lead policies are left out: a label table is about clients.  For explanations,
    use :func:`analyze`; its rows hold the same labels.

    ``partitions`` trades time for memory on books larger than RAM allows: the deals
    are read in that many passes, each over the clients whose id hashes to it, and the
    labellers then run one at a time.  Pass a ``pl.scan_parquet(...)`` (or another
    scan) so that each pass reads only its rows.  The table is the same for any number
    of passes; only what the Python path decides reads the whole frame at once.  At
    1 M clients and 16 M deal lines from parquet, 8 passes peak at ~1.2 GB instead of
    ~2.7 GB, for ~40 % more time (see the performance page).  A deal id names one
    deal of one client, as in the CSV export.

    >>> import polars as pl
    >>> from kam_core import policies as p
    >>> deals = pl.DataFrame({"id": ["D-1", "D-2", "D-3"], "client_id": ["C-1", "C-2", "C-2"],
    ...                       "status": ["won", "won", "won"],
    ...                       "closed_on": ["2026-10-05", "2026-03-01", "2026-04-01"],
    ...                       "amount": ["900.00", "50.00", "50.00"], "currency": "RUB"})
    >>> table = labels(deals, as_of=date(2026, 11, 24), policies=[p.Abc()])
    >>> table.select("client_id", "abc", "orders", "turnover").rows()
    [('C-1', 'A', 1, Decimal('900.00')), ('C-2', 'B', 2, Decimal('100.00'))]
    """
    table = _label_table(
        _lazy(deals, _polars()), clients, as_of, _plan(policies), currency, partitions
    )
    return cast("PolarsDataFrame", table.frame.select(table.columns))


@attrs.frozen
class _Decided:
    """The report of the policies the label table decided in Python."""

    report: Report
    keys: dict[str, str]
    """A key of the whole report -> the key the same outcome has in ``report``."""
    clients: dict[str, Client]
    """The clients by id, as read for ``report``."""


@attrs.frozen
class _LabelTable:
    """The label table and what a report needs to read it as rows would be read."""

    frame: Any
    """One row per client sorted by id: ``client_id``, labels, KPIs and ``_client``
    (the client is listed in ``clients``, so client policies judged it)."""
    columns: list[str]
    """The columns :func:`labels` returns, in order."""
    columnar: frozenset[str]
    """Keys whose labels polars computed (a segmentation's kind, ``handoff``)."""
    decided: _Decided | None
    """What the policies decided in Python made (None when none was)."""
    listed: list[Client] | None
    """The clients, when given as objects."""


def _label_table(
    lazy: pl.LazyFrame,
    clients: Any,
    as_of: date,
    plan: _Plan,
    currency: str | None,
    partitions: int,
) -> _LabelTable:
    pl = _polars()
    if type(partitions) is not int or not 1 <= partitions <= _MAX_PARTITIONS:
        raise ValueError(
            f"partitions={partitions!r}: give a whole number from 1 to {_MAX_PARTITIONS}"
        )
    listed, owners = _owners(clients, pl)
    # margins are held only when a policy may rank by them (they cost 16 bytes an order)
    with_margin = any(getattr(pol, "metric", None) == "margin" for pol in plan.segmentations)
    order_parts, agg_df, ids_df, book_currencies = _book_in_parts(
        lazy, as_of, currency, partitions, with_margin, pl
    )
    # every client numbered in id order: the labellers group, join and sort on a 4-byte
    # key instead of an id string per order (the same order, so the same labels)
    keyed = (
        pl.concat([ids_df.lazy(), owners.select("client_id")])
        .unique()
        .sort("client_id")
        .collect()
        .with_row_index("_key")
    )
    numbered = []
    while order_parts:  # one part at a time, each let go once numbered
        part = order_parts.pop()
        numbered.append(
            part.join(keyed, on="client_id", how="left")
            .drop("client_id")
            .rename({"_key": "client_id"})
        )
    orders_df = pl.concat(numbered, rechunk=False)
    orders = orders_df.lazy()
    if "margin" not in orders_df.columns:
        orders = orders.with_columns(pl.lit(None, dtype=pl.Decimal(38, 0)).alias("margin"))
    population = keyed.lazy().select(pl.col("_key").alias("client_id"))
    columnar = len(book_currencies) == 1 and book_currencies[0] is not None
    if currency is not None and columnar and book_currencies[0] != currency:
        columnar = False  # the Python path raises the mismatch as analyze() does
    zero = pl.lit(0).cast(orders_df.schema["amount"])
    kpis = (
        keyed.lazy()
        .join(agg_df.lazy(), on="client_id", how="left")
        .join(owners, on="client_id", how="left")
        .with_columns(
            pl.col("orders").fill_null(0).cast(pl.Int64),
            pl.col("turnover").fill_null(zero),
            pl.col("overdue").fill_null(zero),
            pl.col("products").fill_null(0).cast(pl.Int64),
            pl.col("categories").fill_null(0).cast(pl.Int64),
            pl.col("_role").is_not_null().alias("_client"),  # listed in clients
        )
    )
    known = _labellers()
    # a report row keeps the last outcome of a kind at the place of its first: so does this
    last = {pol.kind: pol for pol in plan.segmentations}
    columns: dict[str, Any] = {}  # kind -> frame of client_id + label, None for Python
    python: list[Any] = []
    handoff: list[Any] | None = None
    for kind, pol in last.items():
        labeller = known.get(type(pol)) if columnar else None
        got = None if labeller is None else labeller(pol, orders, population, as_of)
        if got is None:
            python.append(pol)
        if got is not None and partitions > 1:
            got = got.collect().lazy()  # one labeller at a time: slower, but less memory
        columns[kind] = None if got is None else got.rename({"client_id": "_key", "label": kind})
    for i, pol in enumerate(plan.client_policies):
        exprs = _handoff_columns(pol, pl) if i == 0 and columnar else None
        if exprs is None:
            python.append(pol)
        else:
            handoff = exprs
    if handoff is not None and owners.select(pl.col("_role").all()).collect().item() is False:
        python.append(plan.client_policies[0])  # a Position owner: same_role() decides
        handoff = None
    table = kpis
    if handoff is not None:
        table = table.with_columns(handoff)
    for frame in columns.values():
        if frame is not None:
            table = table.join(frame, on="_key", how="left")
    result = table.sort("_key").drop("_key", "_role").collect()
    decided = None
    if python:
        result, decided = _join_python(
            result, lazy, listed, clients, python, plan, as_of, currency, pl
        )
    order = ["client_id", *columns]
    if plan.client_policies:
        order += ["handoff", "handoff_from", "handoff_to"]
        order += dict.fromkeys(pol.kind for pol in plan.client_policies[1:])
    order += _KPIS
    in_polars = frozenset(k for k, frame in columns.items() if frame is not None)
    if handoff is not None:
        in_polars |= {_HANDOFF}
    return _LabelTable(result, order, in_polars, decided, listed)


def _join_python(
    result: pl.DataFrame,
    deals: Any,
    listed: list[Client] | None,
    clients: Any,
    python: list[Any],
    plan: _Plan,
    as_of: date,
    currency: str | None,
    pl: Any,
) -> tuple[pl.DataFrame, _Decided]:
    """Decide ``python`` policies on per-client stats, as analyze() does, and join them.

    Returns the joined table and the report those policies made.
    """
    client_list = listed if listed is not None else _clients(clients, currency, pl)
    index = _index(client_list)
    segmentations = [pol for pol in plan.segmentations if any(pol is q for q in python)]
    client_policies = [pol for pol in plan.client_policies if any(pol is q for q in python)]
    sub = _Plan(tuple(segmentations), tuple(client_policies), (), ())
    with _gc_paused():
        stats = client_stats(deals, as_of=as_of, currency=currency, clients=index)
        report = _decide(tuple(stats.values()), index, sub, as_of, ())
    data: dict[str, list[Any]] = {"client_id": [row.client_id for row in report]}
    for pol in segmentations:
        data[pol.kind] = [_text(row.label(pol.kind)) for row in report]
    keys = {pol.kind: pol.kind for pol in segmentations}  # report key -> sub-report key
    for i, pol in enumerate(client_policies):
        key = "handoff" if i == 0 else pol.kind  # the key the sub-report stored it under
        keys[_HANDOFF if pol is plan.client_policies[0] else pol.kind] = key
        outcomes = [row.outcome(key) for row in report]
        if pol is plan.client_policies[0]:
            data["handoff"] = [_text(jsonable(h)) for h in outcomes]
            data["handoff_from"] = [_role_of(h, "from_role") for h in outcomes]
            data["handoff_to"] = [_role_of(h, "to_role") for h in outcomes]
        else:
            data[pol.kind] = [_text(jsonable(h)) for h in outcomes]
    frame = pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))
    keep = [c for c in result.columns if c not in data or c == "client_id"]
    joined = result.select(keep).join(frame, on="client_id", how="left")
    return joined, _Decided(report, keys, index)


def _role_of(outcome: Any, attribute: str) -> str | None:
    role = getattr(outcome, attribute, None)
    return None if role is None else str(jsonable(role))


def _text(label: Any) -> str | None:
    if label is None:
        return None
    if isinstance(label, dict):
        return str(label.get("rule", label))
    return str(label)
