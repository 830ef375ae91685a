"""Reading CRM exports (and writing them): the one place besides the CLI that touches files.

The rest of kam_core is I/O-free; this package turns a CSV export — a path, an open
text or binary stream, or an iterable of row dicts such as ``csv.DictReader`` gives —
into validated :class:`~kam_core.Deal`, :class:`~kam_core.Client` and
:class:`~kam_core.Lead` entities, and writes them back.

>>> import io
>>> from kam_core.io import read_deals
>>> export = io.StringIO(
...     "Сделка;Клиент;Статус;Открыта;Закрыта;Сумма\\n"
...     "D-1;C-1;Выиграна;10.01.2026;12.01.2026;1 250,50\\n"
...     "R-1;C-1;Возврат;20.01.2026;20.01.2026;-250,50\\n")
>>> deals = list(read_deals(
...     export, currency="RUB", decimal=",",
...     columns={"Сделка": "id", "Клиент": "client_id", "Статус": "status",
...              "Открыта": "opened_on", "Закрыта": "closed_on", "Сумма": "amount"},
...     values={"status": {"Выиграна": "won", "Возврат": "returned"}}))
>>> [(d.id, d.status.value, str(d.amount)) for d in deals]
[('D-1', 'won', '1250.50 RUB'), ('R-1', 'returned', '250.50 RUB')]

Nothing is read silently wrong: a bad row raises :class:`~kam_core.errors.RowError`
naming the file, the row (the header is row 1), the column and the value — or, with
``errors="collect"``, is left out and recorded in a :class:`Rejected` with a reason
code.  The rules for cells, the options and the reason codes are in ``docs/io.md``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import tzinfo
from typing import IO, Any, Literal, overload

from kam_core._domain.client import Client
from kam_core._domain.deal import Deal
from kam_core._domain.lead import Lead
from kam_core._domain.people import Manager, Touch
from kam_core.io._api import read
from kam_core.io._readers import (
    CLIENT_COLUMNS,
    DEAL_COLUMNS,
    LEAD_COLUMNS,
    MANAGER_COLUMNS,
    TOUCH_COLUMNS,
)
from kam_core.io._result import ReadResult, Rejected
from kam_core.io._table import sniff_delimiter
from kam_core.io._writers import client_row, deal_rows, lead_row, write_rows

__all__ = [
    "CLIENT_COLUMNS",
    "DEAL_COLUMNS",
    "LEAD_COLUMNS",
    "MANAGER_COLUMNS",
    "TOUCH_COLUMNS",
    "ReadResult",
    "Rejected",
    "Source",
    "client_row",
    "deal_rows",
    "lead_row",
    "read_clients",
    "read_deals",
    "read_leads",
    "read_managers",
    "read_touches",
    "sniff_delimiter",
    "write_clients",
    "write_deals",
    "write_leads",
]

Source = str | os.PathLike[str] | IO[str] | IO[bytes] | Iterable[Mapping[str, Any]]
"""What a reader reads: a path, an open text or binary stream, or row dicts."""

DecimalRule = Literal[",", "."] | None
ErrorMode = Literal["raise", "collect"]


@overload
def read_deals(
    source: Source,
    *,
    encoding: str = ...,
    delimiter: str | None = ...,
    decimal: DecimalRule = ...,
    columns: Mapping[str, str] | None = ...,
    values: Mapping[str, Mapping[str, str]] | None = ...,
    timezone: str | tzinfo | None = ...,
    currency: str | None = ...,
    errors: Literal["raise"] = ...,
) -> Iterator[Deal]: ...
@overload
def read_deals(
    source: Source,
    *,
    encoding: str = ...,
    delimiter: str | None = ...,
    decimal: DecimalRule = ...,
    columns: Mapping[str, str] | None = ...,
    values: Mapping[str, Mapping[str, str]] | None = ...,
    timezone: str | tzinfo | None = ...,
    currency: str | None = ...,
    errors: Literal["collect"],
) -> ReadResult[Deal]: ...
def read_deals(
    source: Source,
    *,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    decimal: DecimalRule = None,
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    timezone: str | tzinfo | None = None,
    currency: str | None = None,
    errors: ErrorMode = "raise",
) -> Iterator[Deal] | ReadResult[Deal]:
    """Deals from a CSV export (columns: :data:`DEAL_COLUMNS`; required: ``id``,
    ``client_id``, ``status``, ``opened_on``, ``amount``).

    A deal with several lines is consecutive rows with the same ``id``, one line each;
    the same id again later, or for another client, is an error naming both rows.
    A return or credit note has the status ``returned``; its amount may be written
    negative (``-250,50``) or not: it is the money given back.  A negative amount in any
    other deal is refused.  All amounts of a file are in one currency (the
    ``currency`` column, else ``currency=``).

    Options (checked before any row is read; a bad one raises
    :class:`~kam_core.errors.ReadOptionError`):

    - ``encoding`` of a path or binary stream (default UTF-8, a byte-order mark
      skipped); a file that is not in it raises
      :class:`~kam_core.errors.FileEncodingError` naming the byte and row, and for UTF-8
      suggests ``"cp1251"`` (Russian Excel's CSV);
    - ``delimiter``: default read from the header line (``,``, ``;`` or tab);
    - ``decimal``: ``","`` or ``"."``; without it an amount that reads two ways
      (``1,250``) is refused, naming the cell; ``1 250,50`` and ``1250.50`` read one way;
    - ``columns``: the export's column names as kam_core's, ``{"Сумма": "amount"}``
      (any case);
    - ``values``: per-column value maps, ``{"status": {"Выиграна": "won"}}`` (any case);
    - ``timezone``: read timestamps (``2026-02-10 10:00:00``, ``…T07:00:00Z``) as the
      calendar date in that zone; without it a timestamp is refused;
    - ``currency``: the currency of rows without one;
    - ``errors``: ``"raise"`` (default) streams the deals and raises at the first bad
      row; ``"collect"`` reads the whole source and returns a :class:`ReadResult`
      ``(good, rejected)``.

    Reading starts when the deals are iterated (the file is opened then, and closed
    when the last deal is read).  Memory: one deal at a time, plus each deal id seen
    (to find repeated ids).

    >>> rows = [{"id": "D-1", "client_id": "C-1", "status": "won", "opened_on": "2026-01-10",
    ...          "closed_on": "2026-01-12", "amount": "1,250", "currency": "RUB"}]
    >>> next(read_deals(rows))
    Traceback (most recent call last):
    ...
    kam_core.errors.RowError: row 2, column 'amount': '1,250': ambiguous: ',' may separate \
decimals (1.250) or thousands (1250); give the decimal separator; pass decimal="," or \
decimal="." to say which separator marks decimals
    >>> [d.amount for d in read_deals(rows, decimal=".")]
    [Money('1250', 'RUB')]
    >>> good, rejected = read_deals(rows, errors="collect")
    >>> good, [(r.row, r.column, r.code) for r in rejected]
    ((), [(2, 'amount', 'io.amount.ambiguous')])
    """
    return read(
        "deals",
        source,
        encoding=encoding,
        delimiter=delimiter,
        decimal=decimal,
        columns=columns,
        values=values,
        timezone=timezone,
        currency=currency,
        errors=errors,
    )


@overload
def read_clients(
    source: Source,
    *,
    encoding: str = ...,
    delimiter: str | None = ...,
    decimal: DecimalRule = ...,
    columns: Mapping[str, str] | None = ...,
    values: Mapping[str, Mapping[str, str]] | None = ...,
    timezone: str | tzinfo | None = ...,
    currency: str | None = ...,
    errors: Literal["raise"] = ...,
) -> Iterator[Client]: ...
@overload
def read_clients(
    source: Source,
    *,
    encoding: str = ...,
    delimiter: str | None = ...,
    decimal: DecimalRule = ...,
    columns: Mapping[str, str] | None = ...,
    values: Mapping[str, Mapping[str, str]] | None = ...,
    timezone: str | tzinfo | None = ...,
    currency: str | None = ...,
    errors: Literal["collect"],
) -> ReadResult[Client]: ...
def read_clients(
    source: Source,
    *,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    decimal: DecimalRule = None,
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    timezone: str | tzinfo | None = None,
    currency: str | None = None,
    errors: ErrorMode = "raise",
) -> Iterator[Client] | ReadResult[Client]:
    """Clients from a CSV export (columns: :data:`CLIENT_COLUMNS`; ``id`` and ``name``
    required), one per row; the options are those of :func:`read_deals`.

    ``regions`` are separated by ``;``, ``partnership_intent`` is yes/no (``да``/``нет``
    too), ``owner`` a role (``client_manager`` …; map your own names with
    ``values={"owner": {...}}``), ``stakeholders`` the decision-making group as a JSON
    array.  A client id given twice is an error naming both rows.

    >>> [c] = read_clients([{"id": "C-1", "name": "ООО Альфа", "regions": "Москва; Казань",
    ...                      "potential": "12 000 000", "currency": "rub",
    ...                      "partnership_intent": "да", "owner": "КМ"}],
    ...                    values={"owner": {"КМ": "client_manager"}})
    >>> c.regions, c.potential, c.partnership_intent, c.owner
    (('Москва', 'Казань'), Money('12000000', 'RUB'), True, <Role.CLIENT_MANAGER: 'client_manager'>)
    """
    return read(
        "clients",
        source,
        encoding=encoding,
        delimiter=delimiter,
        decimal=decimal,
        columns=columns,
        values=values,
        timezone=timezone,
        currency=currency,
        errors=errors,
    )


@overload
def read_leads(
    source: Source,
    *,
    encoding: str = ...,
    delimiter: str | None = ...,
    decimal: DecimalRule = ...,
    columns: Mapping[str, str] | None = ...,
    values: Mapping[str, Mapping[str, str]] | None = ...,
    timezone: str | tzinfo | None = ...,
    currency: str | None = ...,
    errors: Literal["raise"] = ...,
) -> Iterator[Lead]: ...
@overload
def read_leads(
    source: Source,
    *,
    encoding: str = ...,
    delimiter: str | None = ...,
    decimal: DecimalRule = ...,
    columns: Mapping[str, str] | None = ...,
    values: Mapping[str, Mapping[str, str]] | None = ...,
    timezone: str | tzinfo | None = ...,
    currency: str | None = ...,
    errors: Literal["collect"],
) -> ReadResult[Lead]: ...
def read_leads(
    source: Source,
    *,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    decimal: DecimalRule = None,
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    timezone: str | tzinfo | None = None,
    currency: str | None = None,
    errors: ErrorMode = "raise",
) -> Iterator[Lead] | ReadResult[Lead]:
    """Leads from a CSV export (columns: :data:`LEAD_COLUMNS`; ``id``, ``company`` and
    ``created_on`` required), one per row; the options are those of :func:`read_deals`.

    An empty BANT cell (``budget``, ``authority``, ``need``, ``decision_date``) is an
    *unknown* fact, never a "no".  A lead id given twice is an error naming both rows.

    >>> [lead] = read_leads([{"id": "L-1", "company": "ООО Бета", "created_on": "2026-11-01",
    ...                       "budget": "750 000", "currency": "RUB", "need": "confirmed"}])
    >>> lead.bant.budget, lead.bant.need, lead.bant.authority
    (Money('750000', 'RUB'), <NeedLevel.CONFIRMED: 'confirmed'>, None)
    """
    return read(
        "leads",
        source,
        encoding=encoding,
        delimiter=delimiter,
        decimal=decimal,
        columns=columns,
        values=values,
        timezone=timezone,
        currency=currency,
        errors=errors,
    )


def read_managers(
    source: Source,
    *,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    errors: ErrorMode = "raise",
) -> Iterator[Manager] | ReadResult[Manager]:
    """The people who work the clients, from a CSV export (columns: ``MANAGER_COLUMNS``;
    ``id``, ``name`` and ``position`` required), one per row; the options are those of
    :func:`read_deals`.  A manager id given twice is an error naming both rows.

    >>> [m] = read_managers([{"id": "M-1", "name": "Ирина Котова", "position": "client_manager",
    ...                       "capacity": "120", "regions": "Москва; Казань"}])
    >>> m.position.key, m.capacity, m.regions
    ('client_manager', 120, ('Москва', 'Казань'))
    """
    return read(
        "managers",
        source,
        encoding=encoding,
        delimiter=delimiter,
        columns=columns,
        values=values,
        errors=errors,
    )


def read_touches(
    source: Source,
    *,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    timezone: str | tzinfo | None = None,
    errors: ErrorMode = "raise",
) -> Iterator[Touch] | ReadResult[Touch]:
    """The contact log from a CSV export (columns: ``TOUCH_COLUMNS``; all but ``note``
    required), one touch per row; the options are those of :func:`read_deals`.

    >>> [t] = read_touches([{"id": "T-1", "client_id": "C-1", "manager_id": "M-1",
    ...                      "on": "02.11.2026", "channel": "Call"}])
    >>> t.on.isoformat(), t.channel.text("ru")
    ('2026-11-02', 'звонок')
    """
    return read(
        "touches",
        source,
        encoding=encoding,
        delimiter=delimiter,
        columns=columns,
        values=values,
        timezone=timezone,
        errors=errors,
    )


def write_deals(
    target: str | os.PathLike[str] | IO[str],
    deals: Iterable[Deal],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> int:
    """Write ``deals`` as CSV (:func:`deal_rows`, one row per line) to a path or a text
    stream; the number of rows written.  :func:`read_deals` reads them back with
    ``decimal="."`` (the writers' separator) as the same deals.

    >>> import io
    >>> from datetime import date
    >>> from kam_core import Deal, Money
    >>> out = io.StringIO()
    >>> d = Deal(id="D-1", client_id="C-1", status="won", opened_on=date(2026, 1, 10),
    ...          closed_on=date(2026, 1, 12), amount=Money("1250.50", "RUB"))
    >>> write_deals(out, [d])
    1
    >>> _ = out.seek(0)
    >>> list(read_deals(out, decimal=".")) == [d]
    True
    """
    rows = (row for deal in deals for row in deal_rows(deal))
    return write_rows(target, DEAL_COLUMNS, rows, encoding=encoding, delimiter=delimiter)


def write_clients(
    target: str | os.PathLike[str] | IO[str],
    clients: Iterable[Client],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> int:
    """Write ``clients`` as CSV (:func:`client_row`) to a path or a text stream; the count.

    >>> import io
    >>> from kam_core import Client
    >>> out = io.StringIO()
    >>> write_clients(out, [Client(id="C-1", name="ООО Альфа")], delimiter=";")
    1
    >>> out.getvalue().splitlines()[1]
    'C-1;ООО Альфа;;;;;;;;;;'
    """
    rows = map(client_row, clients)
    return write_rows(target, CLIENT_COLUMNS, rows, encoding=encoding, delimiter=delimiter)


def write_leads(
    target: str | os.PathLike[str] | IO[str],
    leads: Iterable[Lead],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> int:
    """Write ``leads`` as CSV (:func:`lead_row`) to a path or a text stream; the count.

    >>> import io
    >>> from datetime import date
    >>> from kam_core import Lead
    >>> out = io.StringIO()
    >>> write_leads(out, [Lead(id="L-1", company="ООО Бета", created_on=date(2026, 11, 1))])
    1
    >>> _ = out.seek(0)
    >>> [lead.id for lead in read_leads(out)]
    ['L-1']
    """
    rows = map(lead_row, leads)
    return write_rows(target, LEAD_COLUMNS, rows, encoding=encoding, delimiter=delimiter)
