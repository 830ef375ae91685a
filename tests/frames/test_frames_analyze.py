"""kam_core.frames: the columnar backend gives the very report analyze() gives."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core._ingest import deal_rows

pl = pytest.importorskip("polars")
from kam_core import frames  # noqa: E402
from kam_core.frames._columns import _clients  # noqa: E402  (an internal, on purpose)
from tests.frames.columnar_support import clients_frame  # noqa: E402

AS_OF = date(2026, 11, 24)


def _policies() -> list[Any]:
    return [
        p.HandoffRules(
            transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)), p.Reactivation())
        ),
        p.Abc(),
        p.Xyz(),
        p.AbcXyz(),
        p.Abcd(),
        p.Rfm(),
        p.Sleeping(),
        p.KeyAccount(),
        p.KamPortfolio(),
    ]


@pytest.mark.parametrize(
    ("clients", "seed", "per_client"), [(40, 1, 10), (120, 7, 4), (25, 11, 20)]
)
def test_frames_report_equals_analyze_row_by_row(clients: int, seed: int, per_client: int) -> None:
    """Generated books give identical rows and summary through polars and through analyze()."""
    book = kc.generate_book(clients, seed=seed, as_of=AS_OF, deals_per_client=per_client)
    expected = kc.analyze(
        book.clients, book.deals(), as_of=AS_OF, policies=_policies(), leads=book.leads
    )
    got = frames.analyze(
        _deals_frame(book, edges=False),
        book.clients,
        as_of=AS_OF,
        policies=_policies(),
        leads=book.leads,
    )
    assert got.rows() == expected.rows()
    assert got.summary() == expected.summary()
    assert [r.stats for r in got] == [r.stats for r in expected]


def _rub(amount: str) -> kc.Money:
    return kc.Money(amount, "RUB")


def _edge_deals() -> list[kc.Deal]:
    """Hand-made deals for what a small generated book may lack."""
    line = kc.DealLine
    won = {"status": "won", "opened_on": date(2026, 1, 2)}
    return [
        # overdue and paid late, with fractional quantities on two lines
        kc.Deal(
            id="E-1",
            client_id="C-000001",
            closed_on=date(2026, 5, 1),
            amount=_rub("33.33"),
            due_on=date(2026, 6, 1),
            lines=(
                line(product_id="P-X", category="cat-x", quantity="1.5", unit_price=_rub("11.11")),
                line(product_id="P-X", quantity="0.25", unit_price=_rub("66.66")),
            ),
            **won,
        ),
        kc.Deal(
            id="E-2",
            client_id="C-000001",
            closed_on=date(2026, 6, 1),
            amount=_rub("10.00"),
            due_on=date(2026, 6, 10),
            paid_on=date(2026, 7, 1),
            margin=_rub("2.50"),
            referred_by="C-000002",
            **won,
        ),
        # paid after as_of: still overdue today
        kc.Deal(
            id="E-3",
            client_id="C-000002",
            closed_on=date(2026, 9, 1),
            amount=_rub("70.00"),
            due_on=date(2026, 10, 1),
            paid_on=date(2026, 12, 1),
            **won,
        ),
        # a client with only a lost deal and one closing after as_of
        kc.Deal(
            id="E-4",
            client_id="Z-1",
            status="lost",
            opened_on=date(2026, 1, 2),
            closed_on=date(2026, 2, 1),
            amount=_rub("5.00"),
        ),
        kc.Deal(id="E-5", client_id="Z-2", closed_on=date(2026, 12, 1), amount=_rub("5.00"), **won),
    ]


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(60, seed=5, as_of=AS_OF, deals_per_client=8)


def _all_deals(book: kc.SyntheticBook) -> list[kc.Deal]:
    return [*book.deals(), *_edge_deals()]


def _deals_frame(book: kc.SyntheticBook, edges: bool = True) -> Any:
    deals = _all_deals(book) if edges else book.deals()
    rows = [row for deal in deals for row in deal_rows(deal)]
    return pl.DataFrame(rows, infer_schema_length=None)


@pytest.fixture(scope="module")
def expected(book: kc.SyntheticBook) -> kc.Report:
    return kc.analyze(book.clients, _all_deals(book), as_of=AS_OF, policies=_policies())


def test_generated_book_exercises_every_aggregated_fact(expected: kc.Report) -> None:
    """The compared book has clients without orders, multi-line deals, debts, referrals."""
    stats = [row.stats for row in expected]
    assert any(s.order_count == 0 for s in stats)
    assert any(len(s.products) > 1 for s in stats)
    assert any(s.payments.overdue for s in stats)
    assert any(s.payments.paid_late for s in stats)
    assert any(s.margin_orders for s in stats)
    assert any(s.referrers for s in stats)
    assert {"Z-1", "Z-2"} <= {s.client_id for s in stats if not s.order_count}


def test_lazyframe_and_clients_frame_give_the_same_report(
    book: kc.SyntheticBook, expected: kc.Report
) -> None:
    """A LazyFrame of deals and a frame of clients in CSV columns change nothing."""
    got = frames.analyze(
        _deals_frame(book).lazy(), clients_frame(book.clients), as_of=AS_OF, policies=_policies()
    )
    assert got.rows() == expected.rows()
    assert got.summary() == expected.summary()


def test_typed_columns_give_the_same_report(book: kc.SyntheticBook, expected: kc.Report) -> None:
    """Date and Decimal columns (not strings) and shuffled deals give the same report.

    Deals are shuffled, not rows: the rows of one deal are consecutive, as in a CSV
    export (the same id on rows apart is two deals with one id, refused by io's rules).
    """
    df = _deals_frame(book)
    typed = df.with_columns(
        *(
            pl.col(c).replace("", None).str.to_date()
            for c in ("opened_on", "closed_on", "due_on", "paid_on")
        ),
        pl.col("amount").str.to_decimal(scale=2),
        pl.col("margin").replace("", None).str.to_decimal(scale=2),
        pl.col("unit_price").replace("", None).str.to_decimal(scale=2),
        pl.col("quantity").replace("", None).str.to_decimal(scale=2),
    )
    order = typed.select(pl.col("id").unique(maintain_order=True)).sample(
        fraction=1.0, shuffle=True, seed=3
    )
    typed = order.with_row_index("_deal").join(typed, on="id", maintain_order="left")
    typed = typed.drop("_deal")
    got = frames.analyze(typed, book.clients, as_of=AS_OF, policies=_policies())
    assert got.rows() == expected.rows()


def test_pandas_frame_is_converted(book: kc.SyntheticBook, expected: kc.Report) -> None:
    """A pandas DataFrame of the same rows gives the same report."""
    pd = pytest.importorskip("pandas")
    rows = [row for deal in _all_deals(book) for row in deal_rows(deal)]
    got = frames.analyze(pd.DataFrame(rows), book.clients, as_of=AS_OF, policies=_policies())
    assert got.rows() == expected.rows()


def _tiny(**extra: Any) -> Any:
    data = {
        "id": ["D-1", "D-2"],
        "client_id": ["C-1", "C-1"],
        "status": ["won", "WON"],
        "closed_on": ["2026-01-05", "2026-03-01"],
        "amount": ["100", "250,5"],
    }
    data.update(extra)
    return pl.DataFrame(data)


def test_currency_comes_from_the_argument_when_the_column_is_absent() -> None:
    """Without a currency column the default currency prices every order."""
    stats = frames.client_stats(_tiny(), as_of=AS_OF, currency="EUR", clients=["C-9"])
    assert stats["C-1"].total == kc.Money("350.5", "EUR")
    assert stats["C-9"].order_count == 0


def test_a_client_buying_in_two_currencies_is_refused() -> None:
    """Another currency than the file's is io's io.currency.mixed; currency= is a check too."""
    with pytest.raises(kc.errors.RowError) as mixed:
        frames.client_stats(_tiny(currency=["RUB", "USD"]), as_of=AS_OF)
    assert (mixed.value.row, mixed.value.code) == (3, "io.currency.mixed")
    with pytest.raises(kc.errors.CurrencyMismatchError):
        frames.client_stats(_tiny(currency=["RUB", "RUB"]), as_of=AS_OF, currency="USD")


def test_no_currency_anywhere_is_a_clear_error() -> None:
    """Rows without a currency column or default are refused as io refuses them."""
    for frame in (_tiny(), _tiny(status=["lost", "lost"])):
        with pytest.raises(kc.errors.RowError, match="pass currency=") as caught:
            frames.client_stats(frame, as_of=AS_OF)
        assert (caught.value.row, caught.value.code) == (2, "io.currency.missing")


def test_floats_and_missing_columns_are_refused() -> None:
    """Float money is inexact and required columns must be present."""
    with pytest.raises(kc.errors.KamError, match="not floats"):
        frames.client_stats(_tiny(amount=[1.0, 2.0]), as_of=AS_OF, currency="RUB")
    with pytest.raises(kc.errors.KamError, match="closed_on"):
        frames.client_stats(_tiny().drop("closed_on"), as_of=AS_OF, currency="RUB")
    with pytest.raises(TypeError, match="polars"):
        frames.client_stats([{"id": "D-1"}], as_of=AS_OF)


def test_empty_frame_gives_an_empty_report() -> None:
    """No deals and no clients: no rows."""
    report = frames.analyze(_tiny().clear(), as_of=AS_OF, policies=[p.Abc()], currency="RUB")
    assert len(report) == 0


def test_integer_money_columns_are_exact() -> None:
    """Integer amounts are whole units, exact."""
    df = _tiny().with_columns(pl.Series("amount", [100, 250]))
    stats = frames.client_stats(df, as_of=AS_OF, currency="RUB")
    assert stats["C-1"].total == kc.Money("350", "RUB")


def test_typed_clients_frame_reads_as_the_same_clients(book: kc.SyntheticBook) -> None:
    """Lists, booleans and dates in a clients frame give the same Client objects."""
    df = clients_frame(book.clients).with_columns(
        pl.col("regions").str.split(";").list.eval(pl.element().filter(pl.element() != "")),
        pl.col("partnership_intent").replace_strict(
            {"true": True, "false": False, "": None}, return_dtype=pl.Boolean
        ),
        pl.col("created_on").replace("", None).str.to_date(),
    )
    assert df.schema["partnership_intent"] == pl.Boolean
    assert _clients(df, None, pl) == list(book.clients)
    assert _clients(None, None, pl) == []


def test_importing_kam_core_and_frames_does_not_import_polars() -> None:
    """polars is imported when a frames function runs, never at import time."""
    import subprocess
    import sys

    code = (
        "import sys, kam_core, kam_core.frames; "
        "assert 'polars' not in sys.modules and 'pandas' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_orders_keep_the_column_scale_and_huge_amounts_exactly() -> None:
    """Orders read from columns are the Decimals build_stats keeps, a huge amount included."""
    from kam_core._stats.orders import CompactOrders, PlainOrders

    rows = [
        ("D-1", "C-1", "2026-03-01", "250.50"),
        ("D-2", "C-1", "2026-01-05", "10"),
        ("D-3", "C-1", "2026-01-05", "9.99"),
        ("D-4", "C-2", "2026-02-01", "123456789012345678.91"),  # beyond int64 kopecks
        ("D-5", "C-2", "2026-02-01", "1"),
        ("D-6", "C-3", "2026-12-01", "5"),  # after as_of
    ]
    df = pl.DataFrame(rows, schema=["id", "client_id", "closed_on", "amount"], orient="row")
    df = df.with_columns(status=pl.lit("won"), currency=pl.lit("RUB"))
    got = frames.client_stats(df, as_of=AS_OF)
    deals = [
        kc.Deal(
            id=i,
            client_id=c,
            status="won",
            opened_on=date(2026, 1, 1),
            closed_on=date.fromisoformat(d),
            # a decimal column has one scale: every amount comes back with two decimals
            amount=kc.Money(f"{kc.Money(a, 'RUB').amount:.2f}", "RUB"),
        )
        for i, c, d, a in rows
    ]
    expected = kc.build_stats(deals, as_of=AS_OF)
    assert got == expected
    for key in expected:
        assert [str(a) for _, a in got[key].orders] == [str(a) for _, a in expected[key].orders]
    assert [str(a) for _, a in got["C-1"].orders] == ["9.99", "10.00", "250.50"]
    assert isinstance(got["C-1"]._orders, CompactOrders)
    assert isinstance(got["C-2"]._orders, PlainOrders)
    assert got["C-3"].order_count == 0
