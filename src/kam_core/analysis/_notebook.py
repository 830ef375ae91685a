"""A report in a notebook: short reprs, HTML tables and flat, typed DataFrame columns.

Everything here reads a :class:`~kam_core.analysis.Report` through its public methods
only, so a second backend's report (``kam_core.frames``) gets the same views.  The
words people read (headings, policy and label names) come from the catalogue; the
``repr`` is for the developer and shows the keys one types (``"abc"``, ``"A"``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kam_core._decision import jsonable, outcome_words
from kam_core._words import check_locale, text, words
from kam_core.policies import HANDOFF_KEY

if TYPE_CHECKING:
    from kam_core.analysis._report import Report
    from kam_core.analysis._rows import ClientRow

__all__ = [
    "client_row_html",
    "client_row_repr",
    "frame_columns",
    "report_html",
    "report_repr",
    "to_pandas",
    "to_polars",
]

_SHOWN_ROWS = 10
"""Rows a report's HTML shows before "… and N more"."""


# -- the developer's repr ---------------------------------------------------------------


def _counts_line(counts: Mapping[str, int]) -> str:
    return " · ".join(f"{label} {n}" for label, n in counts.items())


def report_repr(report: Report) -> str:
    """A few lines: date, size, policies, the counts per policy, handoffs and sleeping.

    >>> from datetime import date
    >>> from kam_core.analysis import Report
    >>> print(report_repr(Report(date(2026, 11, 24), ())))
    <Report as of 2026-11-24: 0 clients, 0 leads, no policies>
    """
    summary = report.summary()
    kinds = [f"{p['kind']} v{p['version']}" for p in summary["policies"]]
    head = (
        f"<Report as of {summary['as_of']}: {summary['clients']} clients, "
        f"{len(report.leads)} leads, " + (", ".join(kinds) if kinds else "no policies") + ">"
    )
    lines = [head]
    for key, counts in summary["segments"].items():
        lines.append(f"  {key}: {_counts_line(counts)}")
    if summary["handoffs_due"]:
        lines.append(f"  handoffs due: {_counts_line(summary['handoffs_due'])}")
    if report.sleeping_labels:
        lines.append(f"  sleeping clients: {summary['sleeping_clients']}")
    if summary["leads"]:
        lines.append(f"  leads: {_counts_line(summary['leads'])}")
    return "\n".join(lines)


def client_row_repr(row: ClientRow) -> str:
    """One line: the id, the name, each outcome by its key, orders and turnover.

    >>> from datetime import date
    >>> from kam_core import ClientStats, Decision
    >>> from kam_core.analysis import ClientRow
    >>> stats = ClientStats.empty("C-1", date(2026, 11, 24), "RUB")
    >>> client_row_repr(ClientRow.of("C-1", stats, (("abc", Decision("C", subject="C-1")),)))
    "<ClientRow 'C-1': abc='C'; 0 orders, turnover 0 RUB>"
    """
    name = "" if row.client is None else f" {row.client.name!r}"
    shown = ", ".join(f"{key}={_short(row.label(key))!r}" for key in _keys(row))
    stats = row.stats
    return (
        f"<ClientRow {row.client_id!r}{name}: {shown or 'no outcomes'}; "
        f"{stats.order_count} order{'' if stats.order_count == 1 else 's'}, "
        f"turnover {stats.total.amount} {stats.currency}>"
    )


def _keys(row: ClientRow) -> list[str]:
    """The row's keys in policy-set order, each once (a key decided twice shows the later)."""
    return list(dict.fromkeys(key for key, _ in row.outcomes))


def _short(label: Any) -> Any:
    """A record outcome (a handoff) by its target; other labels as they are."""
    if isinstance(label, dict):
        return label.get("to_role", "…")
    return label


# -- HTML -------------------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _policy_name(key: str, locale: str) -> str:
    found = words(locale).name(f"policy.{key}")
    if found is None and key == HANDOFF_KEY:
        found = words(locale).name("policy.handoff_rules")
    return found if found is not None else key


def _table(head: Sequence[str], body: Iterable[Sequence[str]], caption: str = "") -> str:
    """An HTML table of already-escaped cells."""
    cap = f"<caption>{caption}</caption>" if caption else ""
    th = "".join(f"<th>{h}</th>" for h in head)
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in body)
    return f'<table class="kam-core">{cap}<thead><tr>{th}</tr></thead><tbody>{rows}</tbody></table>'


def report_html(report: Report, locale: str = "en", max_rows: int = _SHOWN_ROWS) -> str:
    """The report as a notebook shows it: counts per policy, then the first rows.

    >>> from datetime import date
    >>> from kam_core.analysis import Report
    >>> report_html(Report(date(2026, 11, 24), ()), "ru")
    '<div><p><strong>Отчёт на 24.11.2026: 0 клиентов, 0 лидов</strong></p></div>'
    """
    check_locale(locale)
    summary = report.summary()
    title = text(
        "notebook.report", locale, as_of=report.as_of, clients=len(report), leads=len(report.leads)
    )
    out = [
        "<div>",
        f"<p><strong>{_e(title)}</strong></p>",
    ]
    rows = report.clients
    counts = []
    for key, c in summary["segments"].items():
        named = _label_names(rows, key, locale)
        shown = ", ".join(f"{named.get(label, label)}: {n}" for label, n in c.items())
        counts.append((_e(_policy_name(key, locale)), _e(shown)))
    if counts:
        out.append(
            _table(
                (_e(text("notebook.policy", locale)), _e(text("notebook.counts", locale))), counts
            )
        )
    rows = report.clients
    if rows:
        keys = list(dict.fromkeys(key for row in rows[:max_rows] for key in _keys(row)))
        head = [_e(text("notebook.client", locale)), _e(text("notebook.name", locale))]
        head += [_e(_policy_name(key, locale)) for key in keys]
        body = [
            [
                _e(row.client_id),
                _e("" if row.client is None else row.client.name),
                *(_e(_outcome_text(row, key, locale)) for key in keys),
            ]
            for row in rows[:max_rows]
        ]
        out.append(_table(head, body))
        if len(rows) > max_rows:
            out.append(f"<p>{_e(text('cli.more', locale, n=len(rows) - max_rows))}</p>")
    out.append("</div>")
    return "".join(out)


def _label_names(rows: Sequence[ClientRow], key: str, locale: str) -> dict[str, str]:
    """Each label under ``key`` (as the counts show it) in words, from the rows' outcomes."""
    named: dict[str, str] = {}
    for row in rows:
        outcome = row.outcome(key)
        label = str(jsonable(outcome))
        if label not in named:
            named[label] = _worded(key, outcome, locale)
    return named


def _outcome_text(row: ClientRow, key: str, locale: str) -> str:
    return _worded(key, row.outcome(key), locale)


def _worded(key: str, outcome: Any, locale: str) -> str:
    """An outcome under ``key`` in words; no outcome (nobody handed over) is a dash."""
    if outcome is None:
        return words(locale).none_text
    return outcome_words(outcome, key, locale)


def client_row_html(row: ClientRow, locale: str = "en") -> str:
    """One client: each policy's outcome and the reason that decided it."""
    check_locale(locale)
    body = []
    for key, decision in row.decisions:
        why = decision.reasons[0].text(locale) if decision.reasons else ""
        body.append((_e(_policy_name(key, locale)), _e(_outcome_text(row, key, locale)), _e(why)))
    name = "" if row.client is None else f" — {row.client.name}"
    head = (
        _e(text("notebook.policy", locale)),
        _e(text("notebook.outcome", locale)),
        _e(text("notebook.why", locale)),
    )
    return f"<div><p><strong>{_e(row.client_id + name)}</strong></p>{_table(head, body)}</div>"


# -- flat, typed columns ----------------------------------------------------------------

_RECORD_SKIP = frozenset({"client_id", "lead_id", "as_of", "reasons"})
_HANDOFF_FIELDS = ("from_role", "to_role", "rule", "fingerprint")
"""Fields of a record outcome (a handoff) that the row already says or that are nested."""

# column kinds: "str", "int", "money", "date"
_KPI_COLUMNS: tuple[tuple[str, str], ...] = (
    ("orders", "int"),
    ("turnover", "money"),
    ("currency", "str"),
    ("average_order", "money"),
    ("first_order_on", "date"),
    ("last_order_on", "date"),
    ("products", "int"),
    ("categories", "int"),
    ("overdue", "money"),
)


def frame_columns(
    report: Report, locale: str = "en"
) -> tuple[dict[str, list[Any]], dict[str, str]]:
    """The report as columns: name -> values, and name -> kind (str, int, money, date …).

    One row per client, in the report's order (client id).  Columns: ``client_id``,
    ``name``, ``owner``; one per policy key holding its label, in policy-set order; a
    record outcome — a handoff — spreads into one column per field instead
    (``handoff_from_role``, ``handoff_to_role``, ``handoff_rule``, ``handoff_fingerprint``;
    always there, empty for a client nobody hands over); the KPIs (``orders``,
    ``turnover``, ``average_order`` and ``overdue`` as exact Decimals with ``currency``
    apart, order dates as dates, ``products``, ``categories``); ``reasons``, each policy's
    deciding reason in ``locale``'s words, and ``reason_codes``, every reason code,
    space-separated.
    """
    check_locale(locale)
    rows = report.clients
    n = len(rows)
    decided = [row.decisions for row in rows]
    keys: list[str] = list(dict.fromkeys(key for pairs in decided for key, _ in pairs))
    records: dict[str, list[str]] = {HANDOFF_KEY: list(_HANDOFF_FIELDS)}
    for pairs in decided:
        for key, decision in pairs:
            value = jsonable(decision.outcome)
            if isinstance(value, dict):
                fields = records.setdefault(key, [])
                fields.extend(
                    f
                    for f, item in value.items()
                    if f not in _RECORD_SKIP
                    and not isinstance(item, dict | list)
                    and f not in fields
                )
    if HANDOFF_KEY not in keys:
        keys.append(HANDOFF_KEY)
    cols: dict[str, list[Any]] = {"client_id": [], "name": [], "owner": []}
    kinds: dict[str, str] = dict.fromkeys(cols, "str")
    for key in keys:
        for name in [f"{key}_{f}" for f in records[key]] if key in records else [key]:
            cols[name] = [None] * n
            kinds[name] = "str"
    typed: set[str] = set()
    kpis: dict[str, list[Any]] = {name: [] for name, _ in _KPI_COLUMNS}
    reasons: list[str] = []
    codes: list[str] = []
    for i, (row, pairs) in enumerate(zip(rows, decided, strict=True)):
        client = row.client
        cols["client_id"].append(row.client_id)
        cols["name"].append(None if client is None else client.name)
        cols["owner"].append(None if client is None else jsonable(client.owner))
        deciding: list[str] = []
        every: list[str] = []
        for key, decision in pairs:
            value = jsonable(decision.outcome)
            items = (
                {
                    f"{key}_{f}": value.get(f) if isinstance(value, dict) else None
                    for f in records[key]
                }
                if key in records
                else {key: value}
            )
            for name, item in items.items():
                if isinstance(item, dict | list):
                    item = None  # nested: in rows(), not in a flat column
                cols[name][i] = item
                if item is not None and name not in typed:
                    kinds[name] = _kind_of(item)
                    typed.add(name)
            if decision.reasons:
                deciding.append(decision.reasons[0].text(locale))
            every.extend(decision.codes)
        reasons.append("; ".join(deciding))
        codes.append(" ".join(every))
        stats = row.stats
        aov = stats.average_order_value
        kpis["orders"].append(stats.order_count)
        kpis["turnover"].append(stats.total.amount)
        kpis["currency"].append(stats.currency)
        kpis["average_order"].append(None if aov is None else aov.round().amount)
        kpis["first_order_on"].append(stats.first_order_on)
        kpis["last_order_on"].append(stats.last_order_on)
        kpis["products"].append(len(stats.products))
        kpis["categories"].append(len(stats.categories))
        kpis["overdue"].append(stats.overdue.amount)
    cols.update(kpis)
    kinds.update(dict(_KPI_COLUMNS))
    cols["reasons"] = reasons
    cols["reason_codes"] = codes
    kinds["reasons"] = kinds["reason_codes"] = "str"
    return cols, kinds


def _kind_of(value: object) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return "str" if not isinstance(value, bool) else "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "str"


def _scale(values: Iterable[Decimal | None]) -> int:
    """Digits after the point the column needs: the most any of its amounts has."""
    places = 0
    for v in values:
        if v is not None and isinstance(exponent := v.as_tuple().exponent, int):
            places = max(places, -exponent)
    return places


def to_polars(report: Report, locale: str = "en") -> Any:
    """The report as a ``polars.DataFrame`` (extra ``kam_core[polars]``)."""
    try:
        import polars as pl
    except ImportError as exc:  # pragma: no cover - the extra is installed in the suite
        raise ImportError(
            "Report.to_polars() needs polars: pip install 'kam_core[polars]'"
        ) from exc
    cols, kinds = frame_columns(report, locale)
    types = {
        "str": pl.String,
        "int": pl.Int64,
        "bool": pl.Boolean,
        "float": pl.Float64,
        "date": pl.Date,
    }
    schema = {
        name: pl.Decimal(38, _scale(cols[name])) if kind == "money" else types[kind]
        for name, kind in kinds.items()
    }
    return pl.DataFrame({name: cols[name] for name in kinds}, schema=schema)


def to_pandas(report: Report, locale: str = "en") -> Any:
    """The report as a ``pandas.DataFrame`` (pandas installed): amounts as Decimal objects,
    counts as nullable ``Int64``, dates as ``datetime64``, labels as strings."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is installed in the suite
        raise ImportError("Report.to_pandas() needs pandas: pip install pandas") from exc
    cols, kinds = frame_columns(report, locale)
    data: dict[str, Any] = {}
    for name, kind in kinds.items():
        values = cols[name]
        if kind == "int":
            data[name] = pd.array(values, dtype="Int64")
        elif kind == "date":
            data[name] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif kind == "money":
            data[name] = pd.Series(values, dtype="object")
        elif kind == "bool":
            data[name] = pd.array(values, dtype="boolean")
        elif kind == "float":
            data[name] = pd.array(values, dtype="Float64")
        else:
            data[name] = pd.array(values, dtype="string")
    return pd.DataFrame(data)
