"""A report in a notebook: short reprs, HTML that escapes, flat typed DataFrames, progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

import kam_core as kc
from kam_core import policies as p

AS_OF = date(2026, 11, 24)
BOOK = kc.generate_book(120, seed=7, as_of=AS_OF)
DEALS = tuple(BOOK.deals())
PRESET = p.PolicySet.preset("erokhin")
REPORT = kc.analyze(BOOK.clients, DEALS, leads=BOOK.leads, as_of=AS_OF, policies=PRESET)


class _Cells(HTMLParser):
    """The text of every table cell, and whether tags were balanced."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.open: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.open.append(tag)
        if tag in ("td", "th"):
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag
        self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def _cells(markup: str) -> list[str]:
    parser = _Cells()
    parser.feed(markup)
    assert parser.open == []
    return parser.cells


# -- repr and str -------------------------------------------------------------------------


def test_a_report_repr_says_its_date_size_policies_and_counts_in_a_few_lines() -> None:
    """The repr of a 120-client report is a dozen lines, not every row's stats."""
    shown = repr(REPORT)
    lines = shown.splitlines()
    assert lines[0].startswith("<Report as of 2026-11-24: 120 clients, ")
    assert "abc v1" in lines[0]
    assert len(lines) <= 15
    assert len(shown) < 2000
    abc = REPORT.counts("abc")
    assert f"  abc: A {abc['A']} · B {abc['B']} · C {abc['C']}" in lines
    assert f"  sleeping clients: {REPORT.summary()['sleeping_clients']}" in lines


def test_a_client_row_repr_is_one_line_with_its_labels_and_turnover() -> None:
    """A row shows its id, name, each label by key, orders and turnover."""
    row = REPORT.clients[0]
    shown = repr(row)
    assert "\n" not in shown
    assert shown.startswith(f"<ClientRow {row.client_id!r}")
    assert f"abc={row.label('abc')!r}" in shown
    assert f"{row.stats.order_count} order" in shown


def test_str_of_a_decision_is_its_explanation() -> None:
    """print(decision) reads as the explanation, not a field dump."""
    decision = REPORT.clients[0].decision("abc")
    assert decision is not None
    assert str(decision) == decision.explain() == decision.explain("en")


# -- HTML -------------------------------------------------------------------------------


def test_report_html_counts_every_label_in_words_and_shows_the_first_rows() -> None:
    """The notebook view: labels named as people read them, ten rows, then how many more."""
    cells = _cells(REPORT._repr_html_())
    assert "ABC analysis" in cells
    sleeping = next(c for c in cells if c.startswith("active: "))
    assert sleeping.startswith(f"active: {REPORT.counts('sleeping')['active']}")
    assert REPORT.clients[9].client_id in cells
    assert REPORT.clients[10].client_id not in cells
    assert "… and 110 more" in REPORT._repr_html_()


def test_report_html_speaks_russian_when_asked() -> None:
    """to_html("ru"): headings, policy and label names in Russian."""
    markup = REPORT.to_html("ru", max_rows=3)
    cells = _cells(markup)
    assert "ABC-анализ" in cells
    assert "клиент" in cells
    assert "Отчёт на 24.11.2026: 120 клиентов" in markup
    assert not any("not_key" in c or "manage_for_cash" in c for c in cells)


def test_html_escapes_what_people_typed() -> None:
    """A client named with markup shows as text, never as markup."""
    client = kc.Client(id="C-1", name="<script>alert(1)</script> & Co")
    deal = kc.Deal(
        id="D-1",
        client_id="C-1",
        status="won",
        opened_on=date(2026, 1, 1),
        closed_on=date(2026, 1, 5),
        amount=kc.Money("100.00", "RUB"),
    )
    report = kc.analyze([client], [deal], as_of=AS_OF, policies=[p.Abc()])
    for markup in (report._repr_html_(), report.clients[0]._repr_html_()):
        assert "<script>" not in markup
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in markup
        _cells(markup)


def test_a_rows_html_gives_each_policys_outcome_and_deciding_reason() -> None:
    """One line per policy: its name, its outcome in words, the reason that decided."""
    row = REPORT.clients[0]
    cells = _cells(row._repr_html_())
    decision = row.decision("abc")
    assert decision is not None
    i = cells.index("ABC analysis")
    assert cells[i + 2] == decision.reasons[0].text("en")


def test_a_decisions_html_is_its_explanation() -> None:
    """The deciding line in bold, the other reasons as a list, nothing lost."""
    decision = REPORT.leads[0]
    markup = decision._repr_html_()
    first, *rest = decision.explain().split("\n")
    assert markup.count("<li>") == len(rest)
    assert _cells(markup) == []
    assert first.replace("“", "").split(":")[0] in markup


# -- DataFrames ---------------------------------------------------------------------------


def test_to_polars_has_one_typed_row_per_client_with_exact_amounts() -> None:
    """Amounts are exact decimals that add up to the kopeck; labels and codes as text."""
    pl = pytest.importorskip("polars")
    frame = REPORT.to_polars()
    assert frame.height == len(REPORT)
    assert frame["client_id"].to_list() == [row.client_id for row in REPORT.clients]
    assert frame.schema["turnover"] == pl.Decimal(38, 2)
    assert frame.schema["orders"] == pl.Int64
    assert frame.schema["last_order_on"] == pl.Date
    total = kc.Money.total((row.stats.total for row in REPORT.clients), currency="RUB")
    assert sum(frame["turnover"].to_list(), Decimal(0)) == total.amount
    assert set(frame["currency"].to_list()) == {"RUB"}
    for row, values in zip(REPORT.clients, frame.iter_rows(named=True), strict=True):
        assert values["abc"] == row.label("abc")
        assert values["sleeping"] == row.label("sleeping")
        assert values["reason_codes"].split(" ") == row.to_dict()["reasons"]


def test_a_handoff_spreads_into_columns_that_are_always_there() -> None:
    """handoff_to_role and handoff_rule: filled for clients handed over, empty otherwise."""
    pytest.importorskip("polars")
    frame = REPORT.to_polars()
    due = {d.subject: d.outcome for d in REPORT.handoffs_due()}
    assert due
    for values in frame.iter_rows(named=True):
        handoff = due.get(values["client_id"])
        if handoff is None:
            assert values["handoff_to_role"] is None
            assert values["handoff_rule"] is None
        else:
            assert values["handoff_to_role"] == kc.Role(handoff.to_role).value
            assert values["handoff_rule"] == handoff.rule
    bare = kc.analyze(BOOK.clients, DEALS, as_of=AS_OF, policies=[p.Abc()]).to_polars()
    assert {"handoff_to_role", "handoff_rule"} <= set(bare.columns)
    assert bare["handoff_rule"].null_count() == bare.height


def test_reasons_are_the_deciding_reasons_in_the_language_asked() -> None:
    """to_polars("ru"): each policy's deciding reason in Russian, joined by semicolons."""
    pytest.importorskip("polars")
    row = REPORT.clients[0]
    frame = REPORT.to_polars("ru")
    expected = "; ".join(d.reasons[0].text("ru") for _, d in row.decisions if d.reasons)
    assert frame["reasons"][0] == expected


def test_to_pandas_gives_the_same_values_with_pandas_types() -> None:
    """Decimal objects, nullable ints, datetimes: the same table as polars."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("polars")
    frame = REPORT.to_pandas()
    polars = REPORT.to_polars()
    assert list(frame.columns) == polars.columns
    assert str(frame["orders"].dtype) == "Int64"
    assert isinstance(frame["turnover"].iloc[0], Decimal)
    assert frame["turnover"].tolist() == polars["turnover"].to_list()
    first = polars["last_order_on"][0]
    assert frame["last_order_on"].iloc[0] == pd.Timestamp(first)


def test_the_columnar_backends_report_gives_the_same_frame() -> None:
    """frames.analyze's report converts to the same table as analyze's."""
    pytest.importorskip("polars")
    from kam_core import frames
    from tests.frames.columnar_support import deals_frame

    policies = [p.Abc(), p.Xyz(), p.Rfm(), p.Sleeping()]
    ours = kc.analyze(BOOK.clients, DEALS, as_of=AS_OF, policies=policies).to_polars()
    theirs = frames.analyze(deals_frame(DEALS), BOOK.clients, as_of=AS_OF, policies=policies)
    assert theirs.to_polars().equals(ours)


# -- progress -----------------------------------------------------------------------------


class _Bar:
    """What tqdm offers a callback: ``n`` and ``update``."""

    def __init__(self) -> None:
        self.n = 0
        self.updates: list[int] = []

    def update(self, k: int) -> None:
        self.n += k
        self.updates.append(k)


def test_progress_drives_a_tqdm_style_bar_to_the_number_of_deals() -> None:
    """progress=lambda n: bar.update(n - bar.n) ends at the number of deals read."""
    bar = _Bar()
    kc.analyze(
        BOOK.clients,
        DEALS,
        as_of=AS_OF,
        policies=[p.Abc()],
        progress=lambda n: bar.update(n - bar.n),
    )
    assert bar.n == len(DEALS)
    assert all(k >= 0 for k in bar.updates)


def test_frames_analyze_reports_progress_to_the_same_kind_of_bar() -> None:
    """frames.analyze(progress=...) ends the bar at the number of deal rows read."""
    pytest.importorskip("polars")
    from kam_core import frames
    from tests.frames.columnar_support import deals_frame

    frame = deals_frame(DEALS)
    bar = _Bar()
    frames.analyze(
        frame,
        BOOK.clients,
        as_of=AS_OF,
        policies=[p.Abc()],
        progress=lambda n: bar.update(n - bar.n),
    )
    assert bar.n == frame.height
