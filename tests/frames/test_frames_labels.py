"""frames.labels(): the report's labels and KPIs as one polars DataFrame, equal to analyze()."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p

pl = pytest.importorskip("polars")
from kam_core import frames  # noqa: E402
from kam_core.frames import _stats as frames_stats  # noqa: E402  (patched: counts stats)
from tests.frames.columnar_support import COLUMNAR_POLICIES, clients_frame, deals_frame  # noqa: E402

AS_OF = date(2026, 11, 24)
_COLUMNAR = list(COLUMNAR_POLICIES)


def _same_as_report(table: Any, report: kc.Report) -> list[str]:
    """Where the table and the report's rows differ (empty when they agree everywhere)."""
    differ: list[str] = []
    rows = report.rows()
    if table["client_id"].to_list() != [r["client_id"] for r in rows]:
        return ["client ids"]
    for row, got in zip(rows, table.iter_rows(named=True), strict=True):
        for key in table.columns:
            if key.startswith("handoff"):
                h = row["handoff"]
                field = {"handoff": "rule", "handoff_from": "from_role", "handoff_to": "to_role"}
                want = None if h is None else h[field[key]]
            elif key == "account_plan":
                want = None if row[key] is None else row[key]["action"]
            elif key in ("turnover", "overdue"):
                want = Decimal(row[key]["amount"])
            elif key in ("first_order_on", "last_order_on"):
                want = None if row[key] is None else date.fromisoformat(row[key])
            else:
                want = row[key]
            if got[key] != want:
                differ.append(f"{row['client_id']} {key}: {got[key]!r} != {want!r}")
    return differ


@pytest.mark.parametrize(
    ("clients", "seed", "per_client", "as_of"),
    [
        (40, 1, 10, AS_OF),
        (150, 7, 4, AS_OF),
        (60, 11, 20, date(2026, 3, 31)),
        (200, 3, 8, date(2025, 12, 1)),
    ],
)
def test_label_table_equals_the_report_of_analyze(
    clients: int, seed: int, per_client: int, as_of: date
) -> None:
    """Columnar labels (ABC, XYZ, RFM, sleeping, handoff) and KPIs equal analyze()'s rows."""
    book = kc.generate_book(clients, seed=seed, as_of=as_of, deals_per_client=per_client)
    report = kc.analyze(book.clients, book.deals(), as_of=as_of, policies=_COLUMNAR)
    table = frames.labels(deals_frame(book.deals()), book.clients, as_of=as_of, policies=_COLUMNAR)
    assert table.columns == [
        "client_id", "abc", "xyz", "rfm", "sleeping", "handoff", "handoff_from", "handoff_to",
        "orders", "turnover", "first_order_on", "last_order_on", "products", "categories",
        "overdue",
    ]  # fmt: skip
    assert _same_as_report(table, report) == []


def test_policies_without_columns_are_decided_in_python_and_joined() -> None:
    """The erokhin preset (ABC×XYZ, ABCD, key accounts...) gives the report's labels too."""
    book = kc.generate_book(80, seed=2, as_of=AS_OF)
    policies = p.PolicySet.preset("erokhin")
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    table = frames.labels(
        deals_frame(book.deals()), clients_frame(book.clients), as_of=AS_OF, policies=policies
    )
    assert _same_as_report(table, report) == []
    extra = {"name", "owner", "average_order", "reasons", "revenue_all_time", "revenue_12m"}
    assert set(report.rows()[0]) - extra <= set(table.columns)


class _Tier:
    """A user's segmentation: big or small by order count."""

    kind = "tier"

    def fit(self, population: Any, *, clients: Any = None) -> _Tier:
        return self

    def assign(self, stats: kc.ClientStats, *, client: Any = None) -> kc.Decision[str]:
        return kc.Decision("big" if stats.order_count > 5 else "small", subject=stats.client_id)


class _Flag:
    """A user's client policy: flags clients with overdue money."""

    kind = "acme_flag"
    judges = "clients"

    def evaluate(self, client: kc.Client, stats: kc.ClientStats, *, as_of: date) -> Any:
        flag = "overdue" if stats.overdue.amount else "clean"
        return kc.Decision(flag, subject=client.id, as_of=as_of)


def test_plug_in_policies_keep_their_keys_and_a_later_handoff_policy_wins() -> None:
    """A user's segmentation and client policy land under their kinds; of two handoff
    policies, "handoff" holds the later one's outcome, as in the report's rows."""
    later = p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=1)),))
    policies = [_Tier(), *_COLUMNAR, _Flag(), later]
    book = kc.generate_book(50, seed=4, as_of=AS_OF)
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    table = frames.labels(deals_frame(book.deals()), book.clients, as_of=AS_OF, policies=policies)
    rows = report.rows()
    assert table["tier"].to_list() == [r["tier"] for r in rows]
    assert table["acme_flag"].to_list() == [r["acme_flag"] for r in rows]
    assert "handoff_rules" not in table.columns
    handoffs = [None if r["handoff"] is None else r["handoff"]["rule"] for r in rows]
    assert handoffs == table["handoff"].to_list()
    alone = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[later])
    assert handoffs == [
        None if r["handoff"] is None else r["handoff"]["rule"] for r in alone.rows()
    ]
    assert _same_as_report(table, report) == []


def test_position_owners_take_the_python_path_for_the_handoff() -> None:
    """An owner that is a user-defined position is compared as analyze() compares it."""
    book = kc.generate_book(30, seed=9, as_of=AS_OF)
    clients = list(book.clients)
    clients[0] = clients[0].model_copy(
        update={"owner": kc.Position(name="inside_sales", function=kc.Function.HUNTER)}
    )
    report = kc.analyze(clients, book.deals(), as_of=AS_OF, policies=_COLUMNAR)
    table = frames.labels(deals_frame(book.deals()), clients, as_of=AS_OF, policies=_COLUMNAR)
    assert _same_as_report(table, report) == []


def test_clients_without_deals_and_deals_without_clients_get_rows() -> None:
    """Every client of either input gets a row; only listed clients get a handoff."""
    book = kc.generate_book(20, seed=1, as_of=AS_OF)
    silent = kc.Client(id="C-999999", name="ООО Тишина", owner=kc.Role.DEVELOPMENT_SPECIALIST)
    clients = [*book.clients[1:], silent]  # C-000001 has deals but no client record
    report = kc.analyze(clients, book.deals(), as_of=AS_OF, policies=_COLUMNAR)
    table = frames.labels(deals_frame(book.deals()), clients, as_of=AS_OF, policies=_COLUMNAR)
    assert _same_as_report(table, report) == []
    row = table.row(by_predicate=pl.col("client_id") == "C-999999", named=True)
    assert (row["orders"], row["turnover"], row["abc"]) == (0, Decimal(0), "C")


def test_mixed_currencies_are_refused_as_analyze_refuses_them() -> None:
    """Two currencies in one frame: the label table refuses the row as io's readers do."""
    frame = pl.DataFrame(
        {
            "id": ["D-1", "D-2"],
            "client_id": ["C-1", "C-1"],
            "status": ["won", "won"],
            "closed_on": ["2026-01-05", "2026-02-05"],
            "amount": ["10.00", "20.00"],
            "currency": ["RUB", "USD"],
        }
    )
    with pytest.raises(kc.errors.RowError) as caught:
        frames.labels(frame, as_of=AS_OF, policies=[p.Abc()])
    assert (caught.value.row, caught.value.code) == (3, "io.currency.mixed")


def test_a_clients_frame_must_have_ids_and_unique_ones() -> None:
    """A clients frame without an id column, or with an id twice, is a clear error."""
    deals = pl.DataFrame(
        {"id": ["D-1"], "client_id": ["C-1"], "status": ["won"], "closed_on": ["2026-01-05"],
         "amount": ["10.00"], "currency": ["RUB"]}
    )  # fmt: skip
    with pytest.raises(kc.errors.KamError, match="id"):
        frames.labels(deals, pl.DataFrame({"name": ["x"]}), as_of=AS_OF, policies=[p.Abc()])
    twice = pl.DataFrame({"id": ["C-1", "C-1"], "name": ["a", "b"]})
    with pytest.raises(kc.errors.PolicyEvaluationError, match="twice"):
        frames.labels(deals, twice, as_of=AS_OF, policies=[p.Abc()])


def test_a_currency_other_than_the_books_is_refused() -> None:
    """currency= names the book's currency: deals in another raise, as analyze() raises."""
    book = kc.generate_book(10, seed=1, as_of=AS_OF)
    with pytest.raises(kc.errors.CurrencyMismatchError):
        frames.labels(deals_frame(book.deals()), as_of=AS_OF, policies=[p.Abc()], currency="USD")


def test_columnar_policies_build_no_client_stats(monkeypatch: pytest.MonkeyPatch) -> None:
    """ABC, XYZ, RFM, sleeping and the order-count handoff never fall back to Python stats."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("client_stats was called")

    book = kc.generate_book(40, seed=8, as_of=AS_OF)
    frame = deals_frame(book.deals())
    monkeypatch.setattr(frames_stats, "client_stats", refuse)
    table = frames.labels(frame, clients_frame(book.clients), as_of=AS_OF, policies=_COLUMNAR)
    assert table.height == 40
    with pytest.raises(AssertionError, match="client_stats"):
        frames.labels(frame, as_of=AS_OF, policies=[p.AbcXyz()])


def test_two_policies_of_one_kind_keep_the_later_label_as_the_report_does() -> None:
    """A report row keeps the later of two ABC policies under "abc": so does the table."""
    book = kc.generate_book(60, seed=6, as_of=AS_OF)
    policies = [p.Abc(), p.Xyz(), p.Abc(cutoffs=(0.5, 0.7))]
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    table = frames.labels(deals_frame(book.deals()), book.clients, as_of=AS_OF, policies=policies)
    assert table.columns[:3] == ["client_id", "abc", "xyz"]
    assert table["abc"].to_list() == [r["abc"] for r in report.rows()]
    assert table["abc"].to_list() != [r["abc"] for r in kc.analyze(
        book.clients, book.deals(), as_of=AS_OF, policies=[p.Abc()]).rows()]  # fmt: skip


@pytest.mark.parametrize("partitions", [2, 3, 7])
def test_reading_in_partitions_gives_the_same_table(partitions: int) -> None:
    """Passes over parts of the clients change the memory needed, never the answer."""
    book = kc.generate_book(120, seed=5, as_of=AS_OF, deals_per_client=6)
    deals = deals_frame(book.deals())
    policies = [*_COLUMNAR, p.Abcd()]  # and one decided in Python
    whole = frames.labels(deals, clients_frame(book.clients), as_of=AS_OF, policies=policies)
    parted = frames.labels(
        deals.lazy(),
        clients_frame(book.clients),
        as_of=AS_OF,
        policies=policies,
        partitions=partitions,
    )
    assert parted.equals(whole)
    assert whole["orders"].sum() > 0
    assert whole["abc"].n_unique() > 1


def test_partitions_keep_decimal_text_at_one_scale() -> None:
    """A decimal-text amount column has one scale in every pass (read from the whole frame)."""
    deals = pl.DataFrame(
        {
            "id": [f"D-{i}" for i in range(12)],
            "client_id": [f"C-{i % 6}" for i in range(12)],
            "status": "won",
            "closed_on": [f"2026-0{1 + i % 9}-15" for i in range(12)],
            "amount": ["100", "2,5", "1007.125", "3", "40", "1 000", "5", "6", "7", "8", "9", "10"],
            "currency": "RUB",
        }
    )
    whole = frames.labels(deals, as_of=AS_OF, policies=[p.Abc()])
    parted = frames.labels(deals, as_of=AS_OF, policies=[p.Abc()], partitions=4)
    assert parted.equals(whole)
    assert whole.schema["turnover"] == pl.Decimal(38, 3)


@pytest.mark.parametrize("bad", [0, -1, 4097, 2.0, "2", True])
def test_partitions_must_be_a_whole_number_in_range(bad: object) -> None:
    deals = pl.DataFrame(
        {"id": ["D-1"], "client_id": ["C-1"], "status": ["won"], "closed_on": ["2026-01-01"],
         "amount": ["1"], "currency": ["RUB"]}
    )  # fmt: skip
    with pytest.raises(ValueError, match=rf"partitions={bad!r}"):
        frames.labels(deals, as_of=AS_OF, policies=[p.Abc()], partitions=bad)  # type: ignore[arg-type]


def test_a_doctest_like_call_with_partitions_on_a_scan(tmp_path: Any) -> None:
    """The documented large-book path: a parquet scan read in passes gives the same table."""
    book = kc.generate_book(50, seed=9, as_of=AS_OF, deals_per_client=5)
    path = tmp_path / "deals.parquet"
    deals_frame(book.deals()).write_parquet(path)
    whole = frames.labels(pl.read_parquet(path), as_of=AS_OF, policies=_COLUMNAR)
    parted = frames.labels(pl.scan_parquet(path), as_of=AS_OF, policies=_COLUMNAR, partitions=4)
    assert parted.equals(whole)


def test_abc_by_margin_keeps_the_margins_it_ranks_by() -> None:
    """Margins are read only when a policy ranks by them; then they give analyze()'s labels."""
    book = kc.generate_book(80, seed=12, as_of=AS_OF)
    policies = [p.Abc(metric="margin", window_months=None), p.Rfm()]
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    for partitions in (1, 3):
        table = frames.labels(
            deals_frame(book.deals()), book.clients, as_of=AS_OF, policies=policies,
            partitions=partitions,
        )  # fmt: skip
        assert _same_as_report(table, report) == []
    by_revenue = frames.labels(deals_frame(book.deals()), as_of=AS_OF, policies=[p.Abc()])
    assert by_revenue["abc"].to_list() != table["abc"].to_list()
