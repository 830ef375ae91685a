"""Shared by the columnar labeller tests: a book's orders as the frame labellers read,
and the labels the Python policies give for the same book."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import polars as pl

import kam_core as kc
from kam_core import policies as p
from kam_core._decision import jsonable
from kam_core._ingest import client_row, deal_rows

COLUMNAR_POLICIES = (
    p.Abc(),
    p.Xyz(),
    p.Rfm(),
    p.Sleeping(),
    p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),)),
)
"""Every policy the label table computes in polars, in their default configuration."""


_DEALS: dict[int, tuple[kc.SyntheticBook, tuple[kc.Deal, ...]]] = {}
_STATS: dict[tuple[int, date], tuple[kc.SyntheticBook, dict[str, kc.ClientStats]]] = {}


def deals_of(book: kc.SyntheticBook) -> tuple[kc.Deal, ...]:
    """The book's deals, generated once per book (``book.deals()`` regenerates them).

    The cache holds the book itself, so its id cannot be reused by another book.
    """
    held = _DEALS.get(id(book))
    if held is None or held[0] is not book:
        held = _DEALS[id(book)] = (book, tuple(book.deals()))
    return held[1]


def stats_of(book: kc.SyntheticBook, as_of: date) -> dict[str, kc.ClientStats]:
    """``kc.build_stats`` of the book as of ``as_of``, built once per book and date."""
    held = _STATS.get((id(book), as_of))
    if held is None or held[0] is not book:
        stats = kc.build_stats(deals_of(book), as_of=as_of, clients=book.client_ids)
        held = _STATS[id(book), as_of] = (book, stats)
    return held[1]


def deals_frame(deals: Iterable[kc.Deal]) -> pl.DataFrame:
    """Deals as the documented frame: one row per deal line, the CSV columns."""
    return pl.DataFrame([r for d in deals for r in deal_rows(d)], infer_schema_length=None)


def clients_frame(clients: Iterable[kc.Client]) -> pl.DataFrame:
    """Clients as the documented frame: the client CSV columns."""
    return pl.DataFrame([client_row(c) for c in clients], infer_schema_length=None)


def orders_frame(deals: Iterable[kc.Deal], as_of: date) -> pl.LazyFrame:
    """The labellers' ``orders``: one row per deal won and closed on or before ``as_of``."""
    rows: dict[str, list[Any]] = {"client_id": [], "closed_on": [], "amount": [], "margin": []}
    for deal in deals:
        if deal.status is kc.DealStatus.WON and deal.closed_on and deal.closed_on <= as_of:
            rows["client_id"].append(deal.client_id)
            rows["closed_on"].append(deal.closed_on)
            rows["amount"].append(deal.amount.amount)
            rows["margin"].append(None if deal.margin is None else deal.margin.amount)
    scale = max((-a.as_tuple().exponent for a in rows["amount"]), default=0)
    margin_scale = max((-m.as_tuple().exponent for m in rows["margin"] if m is not None), default=0)
    return pl.LazyFrame(
        rows,
        schema={
            "client_id": pl.String,
            "closed_on": pl.Date,
            "amount": pl.Decimal(38, max(scale, 0)),
            "margin": pl.Decimal(38, max(margin_scale, 0)),
        },
    )


def population_frame(client_ids: Iterable[str]) -> pl.LazyFrame:
    """The labellers' ``population``: every client id, unique and sorted."""
    return pl.LazyFrame({"client_id": sorted(set(client_ids))}, schema={"client_id": pl.String})


def python_labels(policy: Any, book: kc.SyntheticBook, as_of: date) -> dict[str, str | None]:
    """``str(jsonable(label))`` (None for None) of every client, by the Python policy."""
    stats = stats_of(book, as_of)
    clients = {c.id: c for c in book.clients}
    fitted = policy.fit(tuple(stats.values()), clients=clients)
    out: dict[str, str | None] = {}
    for cid, s in stats.items():
        label = jsonable(fitted.label(s, client=clients.get(cid)))
        out[cid] = None if label is None else str(label)
    return out


def columnar_labels(
    labeller: Any, policy: Any, book: kc.SyntheticBook, as_of: date
) -> dict[str, str | None]:
    """The labeller's labels for the same book, by client id."""
    got = labeller(
        policy, orders_frame(deals_of(book), as_of), population_frame(book.client_ids), as_of
    )
    assert got is not None, "the labeller refused a configuration the test expects it to support"
    frame = got.collect()
    assert frame.columns == ["client_id", "label"], frame.columns
    assert frame["client_id"].is_unique().all()
    return dict(zip(frame["client_id"].to_list(), frame["label"].to_list(), strict=True))


def keyed_labels(
    labeller: Any, policy: Any, orders: pl.LazyFrame, population: pl.LazyFrame, as_of: date
) -> dict[str, str | None]:
    """The labeller's labels when clients are numbered in id order, as frames.labels does.

    ``orders`` and ``population`` are string-keyed; the numbers go in, the ids come back.
    """
    keys = population.collect().with_row_index("key")
    numbered = orders.join(keys.lazy(), on="client_id", how="left").drop("client_id")
    got = labeller(
        policy,
        numbered.rename({"key": "client_id"}),
        keys.lazy().select(pl.col("key").alias("client_id")),
        as_of,
    ).collect()
    assert got.schema["client_id"] == pl.UInt32
    ids = keys["client_id"].to_list()
    return {ids[k]: label for k, label in got.iter_rows()}
