"""The label table: every client's labels and row KPIs, computed in polars.

The built-in policies the columns can express exactly (see :mod:`kam_core.frames._columnar`)
are labelled by polars expressions; any other policy is decided in Python on
:func:`~kam_core.frames.client_stats`, exactly as :func:`kam_core.analyze` decides it, and
joined in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

import attrs

from kam_core._collector import collector_paused
from kam_core._decision import jsonable
from kam_core._domain.client import Client
from kam_core._domain.role import Role
from kam_core.analysis import HANDOFF_KEY, AnalysisPlan, RowStore, index_clients
from kam_core.frames import _stats
from kam_core.frames._columns import _clients, _lazy, _normaliser, _owners, _polars
from kam_core.frames._validate import checked_frame

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl
    from polars import DataFrame as PolarsDataFrame

__all__ = ["labels"]

_MAX_PARTITIONS = 4096
_PARTITION_SEED = 20261124  # fixed: a client falls in the same pass in every run

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


_ORDER_CELLS = (
    "id",
    "client_id",
    "status",
    "closed_on",
    "amount",
    "currency",
    "margin",
    "due_on",
    "paid_on",
    "product_id",
    "category",
)
"""The columns of the normalised lines that :func:`_aggregate_part` reads."""


def _is_order(as_of: date, pl: Any) -> Any:
    """The lines of orders: a won deal closed on or before ``as_of``."""
    closed = pl.col("closed_on")
    return (pl.col("status") == "won") & closed.is_not_null() & (closed <= pl.lit(as_of))


def _aggregate_part(
    lf: pl.LazyFrame, as_of: date, with_margin: bool, pl: Any, ids: Any = None
) -> list[Any]:
    """The per-part aggregates of normalised deal lines: what the labelling step reads.

    Four ``LazyFrame``: the orders (one row per order: a won deal closed on or before
    ``as_of``, its first line standing for the deal; ``client_id``, ``closed_on``,
    ``amount`` and, when ``with_margin``, ``margin``), each client's row KPIs, the ids of
    every client with a line, and the orders' currencies.  Exact for the clients whose
    lines are all in ``lf``: a pass of :func:`_book_in_parts`, or a bucket of clients on
    a worker of :mod:`kam_core.distributed`, which may keep only the order lines and
    give the ids of every client with a line as ``ids`` (a frame of ``client_id``).
    """
    due, paid = pl.col("due_on"), pl.col("paid_on")
    paid_ok = (due.is_not_null() & paid.is_not_null() & (paid <= pl.lit(as_of))).fill_null(False)
    overdue = (due.is_not_null() & ~paid_ok & (due < pl.lit(as_of))).fill_null(False)
    won = lf.filter(_is_order(as_of, pl))
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
    return [
        first.select(order_columns),
        aggregates.join(bought, on="client_id", how="left"),
        (lf if ids is None else ids).select(pl.col("client_id").drop_nulls().unique()),
        first.select(pl.col("currency").unique()),
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
    normalised = _normaliser(raw, currency, pl)
    parts: list[list[pl.DataFrame]] = [[], [], [], []]
    for part in range(partitions):
        where = None if partitions == 1 else key.hash(seed=_PARTITION_SEED) % partitions == part
        got = pl.collect_all(_aggregate_part(normalised(where), as_of, with_margin, pl))
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
    :meth:`kam_core.Report.rows` keys them (by the policy's ``report_key``, else its
    ``kind``; the handoff policies — report key ``"handoff"`` — give ``handoff``,
    ``handoff_from`` and ``handoff_to``), then ``orders``, ``turnover``, ``first_order_on``,
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

    The rows are read by the rules of :func:`kam_core.io.read_deals`, as
    :func:`analyze` reads them: the first bad row raises its
    :class:`~kam_core.errors.RowError`.  A frame with a return raises too (code
    ``frames.labels.returns``): the label table counts purchases only, and
    :func:`analyze` nets returns.

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
    pl = _polars()
    plan = AnalysisPlan.of(policies)
    lazy = checked_frame(_lazy(deals, pl), currency, as_of, pl)
    table = _label_table(lazy, clients, as_of, plan, currency, partitions)
    return cast("PolarsDataFrame", table.frame.select(table.columns))


@attrs.frozen
class _Decided:
    """What the label table decided in Python: the rows of those policies."""

    rows: RowStore
    """One row per client of the table, holding those policies' outcomes."""
    keys: frozenset[str]
    """The row keys of those policies."""
    clients: dict[str, Client]
    """The clients by id, as read for ``rows``."""


@attrs.frozen
class _LabelTable:
    """The label table and what a report needs to read it as rows would be read."""

    frame: Any
    """One row per client sorted by id: ``client_id``, labels, KPIs and ``_client``
    (the client is listed in ``clients``, so client policies judged it)."""
    columns: list[str]
    """The columns :func:`labels` returns, in order."""
    columnar: frozenset[str]
    """Keys whose labels polars computed (a segmentation's key, ``handoff``)."""
    decided: _Decided | None
    """What the policies decided in Python made (None when none was)."""
    listed: list[Client] | None
    """The clients, when given as objects."""


def _label_table(
    lazy: pl.LazyFrame,
    clients: Any,
    as_of: date,
    plan: AnalysisPlan,
    currency: str | None,
    partitions: int,
    pause_gc: bool = False,
) -> _LabelTable:
    pl = _polars()
    if type(partitions) is not int or not 1 <= partitions <= _MAX_PARTITIONS:
        raise ValueError(
            f"partitions={partitions!r}: give a whole number from 1 to {_MAX_PARTITIONS}"
        )
    listed, owners = _owners(clients, pl)
    order_parts, agg_df, ids_df, book_currencies = _book_in_parts(
        lazy, as_of, currency, partitions, _with_margin(plan), pl
    )

    def stats_of(index: dict[str, Client]) -> dict[str, Any]:
        return _stats.client_stats(lazy, as_of=as_of, currency=currency, clients=index)

    return _label_step(
        _Aggregates(order_parts, agg_df, ids_df, book_currencies),
        _Listing(clients, listed, owners),
        as_of,
        plan,
        currency,
        stepwise=partitions > 1,
        stats_of=stats_of,
        pause_gc=pause_gc,
    )


def _with_margin(plan: AnalysisPlan) -> bool:
    """Margins are held only when a policy may rank by them (they cost 16 bytes an order)."""
    return any(getattr(pol, "metric", None) == "margin" for pol in plan.segmentations)


@attrs.frozen
class _Aggregates:
    """What the per-part aggregates of :func:`_aggregate_part` give, merged over the parts.

    The parts split the clients (each client's lines in one part), so merging is
    concatenating: the labelling step reads the same whatever the split.
    """

    orders: list[Any]
    """The orders, one frame per part (let go one at a time as they are numbered)."""
    kpis: Any
    """Each client's row KPIs (a client with an order in one row)."""
    ids: Any
    """The ids of the clients with a deal line."""
    currencies: list[str | None]
    """The orders' currencies."""


@attrs.frozen
class _Listing:
    """The clients as given, as objects (when given so) and as owner keys."""

    given: Any
    listed: list[Client] | None
    owners: Any


def _label_step(
    book: _Aggregates,
    listing: _Listing,
    as_of: date,
    plan: AnalysisPlan,
    currency: str | None,
    *,
    stepwise: bool,
    stats_of: Callable[[dict[str, Client]], dict[str, Any]],
    pause_gc: bool = False,
) -> _LabelTable:
    """The label table from the merged aggregates: the population-wide labelling.

    ``stepwise`` collects one labeller at a time (less memory, a little more time);
    ``stats_of`` gives the per-client stats of the listed clients (and every client
    with a deal) for the policies decided in Python.
    """
    pl = _polars()
    order_parts = list(book.orders)
    agg_df, ids_df, book_currencies = book.kpis, book.ids, book.currencies
    listed, owners, clients = listing.listed, listing.owners, listing.given
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
    # a row keeps the later outcome of a key at the place of its first: so does this
    last = dict(zip(plan.segmentation_keys, plan.segmentations, strict=True))
    columns: dict[str, Any] = {}  # key -> frame of client_id + label, None for Python
    python: list[Any] = []
    for key, pol in last.items():
        labeller = known.get(type(pol)) if columnar else None
        got = None if labeller is None else labeller(pol, orders, population, as_of)
        if got is None:
            python.append(pol)
        if got is not None and stepwise:
            got = got.collect().lazy()  # one labeller at a time: slower, but less memory
        columns[key] = None if got is None else got.rename({"client_id": "_key", "label": key})
    # the client policies' outcomes, later ones winning a shared key, as rows read them
    judging = dict(zip(plan.client_keys, plan.client_policies, strict=True))
    rules = judging.get(HANDOFF_KEY)
    handoff = None if rules is None or not columnar else _handoff_columns(rules, pl)
    if handoff is not None and owners.select(pl.col("_role").all()).collect().item() is False:
        handoff = None  # a Position owner: same_role() decides
    python += [pol for key, pol in judging.items() if pol is not rules or handoff is None]
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
            result, stats_of, listed, clients, plan.only(python), as_of, currency, pause_gc, pl
        )
    order = ["client_id", *columns]
    if HANDOFF_KEY in judging:
        order += ["handoff", "handoff_from", "handoff_to"]
    order += [key for key in judging if key != HANDOFF_KEY and key not in columns]
    order += _KPIS
    in_polars = frozenset(k for k, frame in columns.items() if frame is not None)
    if handoff is not None:
        in_polars |= {HANDOFF_KEY}
    return _LabelTable(result, order, in_polars, decided, listed)


def _join_python(
    result: pl.DataFrame,
    stats_of: Callable[[dict[str, Client]], dict[str, Any]],
    listed: list[Client] | None,
    clients: Any,
    sub: AnalysisPlan,
    as_of: date,
    currency: str | None,
    pause_gc: bool,
    pl: Any,
) -> tuple[pl.DataFrame, _Decided]:
    """Decide the ``sub`` plan's policies on per-client stats, as analyze() does; join them.

    Returns the joined table and the rows those policies made.
    """
    client_list = listed if listed is not None else _clients(clients, currency, pl)
    index = index_clients(client_list)
    with collector_paused(pause_gc):
        stats = stats_of(index)
        rows = RowStore(sub.decide(tuple(stats.values()), index, as_of))
    data: dict[str, list[Any]] = {"client_id": rows.client_ids()}
    for key in dict.fromkeys(sub.keys):
        if key == HANDOFF_KEY:
            outcomes = [row.outcome(key) for row in rows.rows()]
            data["handoff"] = [_text(jsonable(h)) for h in outcomes]
            data["handoff_from"] = [_role_of(h, "from_role") for h in outcomes]
            data["handoff_to"] = [_role_of(h, "to_role") for h in outcomes]
        else:  # a composite outcome (a plan) is its declared label (the plan's action)
            data[key] = [_text(_tally(row.outcome(key)) or row.label(key)) for row in rows.rows()]
    frame = pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))
    keep = [c for c in result.columns if c not in data or c == "client_id"]
    joined = result.select(keep).join(frame, on="client_id", how="left")
    return joined, _Decided(rows, frozenset(sub.keys), index)


def _tally(outcome: Any) -> str | None:
    label = getattr(outcome, "tally_label", None)
    return label if isinstance(label, str) else None


def _role_of(outcome: Any, attribute: str) -> str | None:
    role = getattr(outcome, attribute, None)
    return None if role is None else str(jsonable(role))


def _text(label: Any) -> str | None:
    if label is None:
        return None
    if isinstance(label, dict):
        return str(label.get("rule", label))
    return str(label)
