"""kam_core.distributed.analyze on a LocalCluster: the report frames.analyze gives.

One small cluster of two worker processes (one thread each) serves the module.  The
books are written as several parquet files, deals scattered over them, so that a
client's deals are in more than one file; the report — labels, summary, rows — and the
rejects are compared with ``frames.analyze`` over the same files read as one and with
``kc.analyze`` over the same deals.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.io import DEAL_COLUMNS, deal_rows

pl = pytest.importorskip("polars")
distributed = pytest.importorskip("distributed")
from kam_core import distributed as kd  # noqa: E402
from kam_core import frames  # noqa: E402
from tests.frames.columnar_support import clients_frame  # noqa: E402

AS_OF = date(2026, 11, 24)


def _policies() -> list[Any]:
    return [
        p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),)),
        p.Abc(),
        p.Xyz(),
        p.Rfm(),
        p.Sleeping(),
        p.Abcd(),  # decided in Python, on the stats the workers build
    ]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=":0",
            memory_limit="1GiB",
        ) as cluster,
        distributed.Client(cluster) as dask_client,
    ):
        yield dask_client


@pytest.fixture
def one_process_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """The book is analysed on the workers: the one-process fallback is not taken."""
    import kam_core.frames._distributed as module

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the book went to one process")

    monkeypatch.setattr(module, "frames_analyze", refuse)


def _text(deals: Any) -> Any:
    rows = [row for deal in deals for row in deal_rows(deal)]
    return pl.DataFrame(rows, schema=dict.fromkeys(DEAL_COLUMNS, pl.String))


def _typed(frame: Any) -> Any:
    """Date and Decimal columns, as a warehouse writes them."""
    return frame.with_columns(
        *(
            pl.col(c).replace("", None).str.to_date()
            for c in ("opened_on", "closed_on", "due_on", "paid_on")
        ),
        *(
            pl.col(c).replace("", None).str.to_decimal(scale=2)
            for c in ("amount", "margin", "unit_price", "quantity")
        ),
    )


def _write(frame: Any, directory: Path, files: int, seed: int) -> list[str]:
    """Deals scattered over ``files`` files at random, each deal's lines kept together."""
    rng = random.Random(seed)
    ids = frame["id"].unique(maintain_order=True).to_list()
    which = {deal: rng.randrange(files) for deal in ids}
    tagged = frame.with_columns(
        pl.col("id").replace_strict(which, return_dtype=pl.Int64).alias("_f")
    )
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(files):
        path = directory / f"part-{k:02d}.parquet"
        tagged.filter(pl.col("_f") == k).drop("_f").write_parquet(path)
        paths.append(str(path))
    return paths


def _split_clients(paths: list[str]) -> int:
    """How many clients have deals in more than one of the files."""
    seen = pl.concat(
        [
            pl.read_parquet(path).select("client_id").unique().with_columns(pl.lit(i).alias("f"))
            for i, path in enumerate(paths)
        ]
    )
    return int(seen.group_by("client_id").len().filter(pl.col("len") > 1).height)


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(120, seed=7, as_of=AS_OF, deals_per_client=6)


@pytest.mark.usefixtures("one_process_forbidden")
@pytest.mark.parametrize(("files", "buckets", "typed"), [(3, None, False), (4, 3, True)])
def test_the_report_is_frames_and_analyze_report(
    client: Any,
    book: kc.SyntheticBook,
    tmp_path: Path,
    files: int,
    buckets: int | None,
    typed: bool,
) -> None:
    """Labels, summary and rows equal frames.analyze's over the files and analyze()'s.

    Clients are given as objects, or as a frame in the client CSV columns; one has no deal.
    """
    frame = _text(book.deals())
    paths = _write(_typed(frame) if typed else frame, tmp_path, files, seed=files)
    assert _split_clients(paths) > 50  # most clients' deals are in several files
    idle = kc.Client(id="Z-1", name="ООО Тишина", owner="client_manager")  # no deal at all
    listed = [*book.clients, idle]
    given = clients_frame(listed) if typed else listed
    got = kd.analyze(
        tmp_path, given, as_of=AS_OF, policies=_policies(), client=client, buckets=buckets
    )
    single = frames.analyze(pl.scan_parquet(paths), given, as_of=AS_OF, policies=_policies())
    expected = kc.analyze(listed, book.deals(), as_of=AS_OF, policies=_policies())
    assert len(got) == len(expected) == 121
    assert got.row("Z-1").stats.order_count == 0
    assert got.counts("abc") == single.counts("abc") == expected.counts("abc")
    assert got.summary() == single.summary() == expected.summary()
    assert got.rows() == single.rows() == expected.rows()


def _bad(frame: Any) -> Any:
    """The same rows with a negative amount, an unknown status and a broken date slipped in."""
    n = frame.height
    amount = frame["amount"].to_list()
    status = frame["status"].to_list()
    closed = frame["closed_on"].to_list()
    for i in range(5, n, 97):
        amount[i] = "-" + amount[i]
    for i in range(11, n, 131):
        status[i] = "maybe"
    for i in range(17, n, 173):
        closed[i] = "2026-13-40"
    return frame.with_columns(
        pl.Series("amount", amount), pl.Series("status", status), pl.Series("closed_on", closed)
    )


@pytest.mark.usefixtures("one_process_forbidden")
def test_collect_leaves_out_the_rows_frames_leaves_out(
    client: Any, book: kc.SyntheticBook, tmp_path: Path
) -> None:
    """Bad rows in several files: the same rejects (rows numbered over the files) and report."""
    paths = _write(_bad(_text(book.deals())), tmp_path, 3, seed=5)
    got, rejected = kd.analyze(
        paths, book.clients, as_of=AS_OF, policies=_policies(), client=client, errors="collect"
    )
    single, single_rejected = frames.analyze(
        pl.scan_parquet(paths), book.clients, as_of=AS_OF, policies=_policies(), errors="collect"
    )
    assert len(rejected) > 10
    assert {r.code for r in rejected} >= {"io.amount.negative", "io.status.unknown"}
    assert rejected == single_rejected
    assert got.rows() == single.rows()
    assert got.summary() == single.summary()


def test_raise_names_the_first_bad_row_of_the_book(
    client: Any, book: kc.SyntheticBook, tmp_path: Path
) -> None:
    """errors="raise": the RowError frames raises, its row numbered over the files."""
    paths = _write(_text(book.deals()), tmp_path, 3, seed=5)
    for path in paths[1:]:  # the first file is clean: the first bad row is in another
        _bad(pl.read_parquet(path)).write_parquet(path)
    with pytest.raises(kc.errors.RowError) as single:
        frames.analyze(pl.scan_parquet(paths), book.clients, as_of=AS_OF, policies=_policies())
    with pytest.raises(kc.errors.RowError) as got:
        kd.analyze(paths, book.clients, as_of=AS_OF, policies=_policies(), client=client)
    assert (got.value.row, got.value.code, str(got.value)) == (
        single.value.row,
        single.value.code,
        str(single.value),
    )
    assert got.value.row > pl.scan_parquet(paths[0]).select(pl.len()).collect().item()


def test_a_book_with_a_return_is_netted_as_frames_nets_it(
    client: Any, book: kc.SyntheticBook, tmp_path: Path
) -> None:
    """A return is netted over the whole book: the same report as frames.analyze gives."""
    won = next(d for d in book.deals() if d.status is kc.DealStatus.WON and d.closed_on)
    back = kc.Deal(
        id="R-1",
        client_id=won.client_id,
        status=kc.DealStatus.RETURNED,
        opened_on=won.closed_on,
        closed_on=won.closed_on,
        amount=won.amount,
    )
    deals = [*book.deals(), back]
    paths = _write(_text(deals), tmp_path, 3, seed=2)
    got = kd.analyze(paths, book.clients, as_of=AS_OF, policies=_policies(), client=client)
    expected = kc.analyze(book.clients, deals, as_of=AS_OF, policies=_policies())
    assert got.row(won.client_id).stats.total == expected.row(won.client_id).stats.total
    assert got.rows() == expected.rows()


def test_a_deal_id_in_two_files_is_two_deals_refused(
    client: Any, book: kc.SyntheticBook, tmp_path: Path
) -> None:
    """The same deal id in two files is what frames finds over the files read as one."""
    frame = _text(book.deals())
    first, second = frame.head(40), frame.tail(frame.height - 40)
    twin = second.head(1).with_columns(pl.lit(first["id"][0]).alias("id"))
    tmp_path.mkdir(exist_ok=True)
    paths = [str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet")]
    first.write_parquet(paths[0])
    pl.concat([twin, second.tail(second.height - 1)]).write_parquet(paths[1])
    got, rejected = kd.analyze(
        paths, book.clients, as_of=AS_OF, policies=_policies(), client=client, errors="collect"
    )
    single, single_rejected = frames.analyze(
        pl.scan_parquet(paths), book.clients, as_of=AS_OF, policies=_policies(), errors="collect"
    )
    assert "io.deal.duplicate_id" in {r.code for r in rejected}
    assert rejected == single_rejected
    assert got.rows() == single.rows()


@settings(max_examples=6)
@given(
    clients=st.integers(1, 25),
    seed=st.integers(0, 10_000),
    files=st.integers(1, 4),
    buckets=st.integers(1, 5),
)
def test_any_split_into_files_gives_the_report_analyze_gives(
    client: Any,
    tmp_path_factory: pytest.TempPathFactory,
    clients: int,
    seed: int,
    files: int,
    buckets: int,
) -> None:
    """Small books scattered at random over files and buckets: analyze()'s rows and summary."""
    book = kc.generate_book(clients, seed=seed, as_of=AS_OF, deals_per_client=4)
    directory = tmp_path_factory.mktemp("book")
    _write(_text(book.deals()), directory, files, seed=seed)
    got = kd.analyze(
        directory, book.clients, as_of=AS_OF, policies=_policies(), client=client, buckets=buckets
    )
    expected = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=_policies())
    assert got.rows() == expected.rows()
    assert got.summary() == expected.summary()


def test_parquet_files_lists_a_directory_a_glob_and_a_list_in_path_order(tmp_path: Path) -> None:
    """Directories at any depth and globs are sorted; a list keeps its order."""
    frame = pl.DataFrame({"id": ["D-1"]})
    for name in ("b/2.parquet", "b/1.parquet", "a.parquet"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a book", encoding="utf-8")
    listed = kd.parquet_files(tmp_path)
    assert listed == [str(tmp_path / n) for n in ("a.parquet", "b/1.parquet", "b/2.parquet")]
    assert kd.parquet_files(str(tmp_path / "b" / "*.parquet")) == listed[1:]
    assert kd.parquet_files([listed[2], listed[0]]) == [listed[2], listed[0]]
    with pytest.raises(kc.errors.ReadOptionError):
        kd.parquet_files(str(tmp_path / "none-*.parquet"))


def test_options_are_checked_before_any_file_is_read(client: Any, tmp_path: Path) -> None:
    """An unknown errors= or a bucket count out of range is refused up front."""
    with pytest.raises(kc.errors.ReadOptionError, match="errors"):
        kd.analyze(tmp_path, as_of=AS_OF, policies=[p.Abc()], client=client, errors="skip")  # type: ignore[call-overload]
    with pytest.raises(kc.errors.ReadOptionError, match="buckets"):
        kd.analyze(tmp_path, as_of=AS_OF, policies=[p.Abc()], client=client, buckets=0)
