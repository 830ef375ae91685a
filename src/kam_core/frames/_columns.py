"""Reading deals and clients frames: the documented columns, cast to their types.

polars (and pandas, for pandas input) is imported when a function runs, never at import.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from kam_core._decision import jsonable
from kam_core._domain.client import Client
from kam_core._domain.role import Role
from kam_core._ingest import CLIENT_COLUMNS, read_clients
from kam_core.analysis import index_clients
from kam_core.errors import CurrencyMismatchError, KamError, MoneyError, PolicyEvaluationError

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = ["FramesUnavailableError"]

_REQUIRED = ("id", "client_id", "status", "closed_on", "amount")
_MONEY = ("amount", "margin", "unit_price", "quantity")
_DATES = ("closed_on", "due_on", "paid_on")
_TEXT = ("id", "client_id", "status", "currency", "referred_by", "product_id", "category")


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
    index_clients(listed)  # refuses a client given twice, as analyze() does
    return listed, pl.LazyFrame(
        {
            "client_id": [c.id for c in listed],
            "owner": [c.owner.value if isinstance(c.owner, Role) else None for c in listed],
            "_role": [c.owner is None or isinstance(c.owner, Role) for c in listed],
        },
        schema=schema,
    )
