"""Per-client :class:`~kam_core.ClientStats` of a deals frame, aggregated in polars."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kam_core._stats.client_stats import (
    ClientStats,
    ItemTotal,
    PaymentDiscipline,
    build_stats,
    trusted_items,
)
from kam_core._stats.orders import CompactOrders, Orders, orders_of
from kam_core.errors import MoneyError
from kam_core.frames._columns import _check_currencies, _lazy, _normalised, _polars, _scale
from kam_core.frames._validate import as_text, is_plain, read_by_io, required_columns

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = ["client_stats"]

_ZERO = Decimal(0)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # polars Date: days since then
_MAX_DAY = date.max.toordinal()


def client_stats(
    deals: Any,
    *,
    as_of: date,
    currency: str | None = None,
    clients: Iterable[str] = (),
) -> dict[str, ClientStats]:
    """Per-client stats of a deals frame, as :func:`kam_core.build_stats` gives them.

    Every client with a row in ``deals`` (whatever its status) or listed in
    ``clients`` gets stats; the result is keyed by client id in sorted order.  The rows
    are read by the rules of :func:`kam_core.io.read_deals` (the first bad row raises
    its :class:`~kam_core.errors.RowError`); a frame that is not plainly valid, or has
    returns, is folded by :func:`kam_core.build_stats` over the deals io reads.

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
    lazy = _lazy(deals, pl)
    required_columns(lazy.collect_schema().names())
    text = as_text(lazy, pl)
    if not is_plain(text, currency, pl):  # io's rules decide, and build_stats folds
        good, _ = read_by_io(text, currency, "raise", as_of)
        built = build_stats(good, as_of=as_of, currency=currency, clients=clients)
        return dict(sorted(built.items()))
    lf = _normalised(lazy, as_of, currency, pl)
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


def _order_stores(order_df: pl.DataFrame, at: dict[Any, tuple[int, int]]) -> dict[Any, Orders]:
    """Each client's orders, from rows sorted by client, day and amount.

    A Decimal column holds integers at one scale: those integers and the days (polars
    counts them from 1970-01-01) are the compact store itself, read without building a
    date and a Decimal per order.  A client with an amount beyond int64 (or a book with
    a missing amount or a day Python's ``date`` cannot hold) is built from the
    (date, Decimal) pairs instead, as :class:`~kam_core.ClientStats` would build it.
    """
    import polars as pl

    out: dict[Any, Orders] = {}
    amount = order_df["amount"]
    days = order_df["closed_on"].to_physical().cast(pl.Int64) + _EPOCH_ORDINAL
    if order_df.height and not amount.null_count() and days.is_between(1, _MAX_DAY).all():
        coefs = amount.to_physical().cast(pl.Int64, strict=False)  # null beyond int64
        exp = -int(getattr(amount.dtype, "scale", 0) or 0)
        big = set(order_df.filter(coefs.is_null())["client_id"].to_list())
        day_array = array("i", days.to_list())
        coef_array = array("q", coefs.fill_null(0).to_list())
        presorted = CompactOrders.presorted
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
    return trusted_items(
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
