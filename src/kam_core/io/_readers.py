"""Rows of cells into deals, clients and leads: one entity at a time, or every problem listed.

Without ``collect`` a reader is a generator of the entities, and the first problem
raises.  With ``collect`` it is a generator of events: ``(entity, rows)`` for an entity
read from those rows, a :class:`Rejected` for an entity left out, and a
:class:`_Retract` when a later row shows an entity already read was wrong too (an id
given twice); :func:`collect` folds them into a :class:`ReadResult`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

import attrs
from pydantic import ValidationError

from kam_core._domain.client import Client, Stakeholder
from kam_core._domain.deal import Deal, DealLine, DealStatus
from kam_core._domain.lead import BantFacts, Lead
from kam_core._domain.people import Manager, Touch
from kam_core._money import Money
from kam_core.errors import DuplicateIdError, RowError
from kam_core.io._cells import Cells, split_list
from kam_core.io._result import ReadResult, Rejected
from kam_core.io._table import Table

__all__ = [
    "CLIENT_COLUMNS",
    "CLIENT_REQUIRED",
    "DEAL_COLUMNS",
    "DEAL_REQUIRED",
    "LEAD_COLUMNS",
    "LEAD_REQUIRED",
    "MANAGER_COLUMNS",
    "MANAGER_REQUIRED",
    "TOUCH_COLUMNS",
    "TOUCH_REQUIRED",
    "client_events",
    "collect",
    "deal_events",
    "lead_events",
    "manager_events",
    "touch_events",
]

_E = TypeVar("_E")

DEAL_COLUMNS = (
    "id",
    "client_id",
    "status",
    "opened_on",
    "closed_on",
    "amount",
    "currency",
    "margin",
    "due_on",
    "paid_on",
    "referred_by",
    "owner",
    "product_id",
    "category",
    "quantity",
    "unit_price",
)
"""Deal columns, in the order the writers write them; the last four describe a line."""
DEAL_REQUIRED = ("id", "client_id", "status", "opened_on", "amount")

CLIENT_COLUMNS = (
    "id",
    "name",
    "regions",
    "industry",
    "potential",
    "currency",
    "partnership_intent",
    "owner",
    "parent_id",
    "created_on",
    "stakeholders",
    "manager_id",
)
"""Client columns; ``stakeholders`` holds the decision-making group as a JSON array,
``manager_id`` the person who works the client."""
CLIENT_REQUIRED = ("id", "name")

LEAD_COLUMNS = (
    "id",
    "company",
    "created_on",
    "stage",
    "currency",
    "budget",
    "authority",
    "need",
    "decision_date",
    "contact_name",
    "contact_role",
    "source",
    "industry",
    "regions",
    "estimated_value",
    "client_id",
    "evidence",
)
"""Lead columns; ``evidence`` holds framework evidence as a JSON array of objects."""
LEAD_REQUIRED = ("id", "company", "created_on")

MANAGER_COLUMNS = ("id", "name", "position", "capacity", "regions")
"""Manager columns: ``position`` a role key (``client_manager`` …), ``capacity`` the
clients the person can carry (empty: not set), ``regions`` separated by ``;``."""
MANAGER_REQUIRED = ("id", "name", "position")

TOUCH_COLUMNS = ("id", "client_id", "manager_id", "on", "channel", "note")
"""Touch (contact log) columns: ``channel`` one of call, meeting, visit, email, message,
other."""
TOUCH_REQUIRED = ("id", "client_id", "manager_id", "on", "channel")

(
    _ID,
    _CLIENT,
    _STATUS,
    _OPENED,
    _CLOSED,
    _AMOUNT,
    _CURRENCY,
    _MARGIN,
    _DUE,
    _PAID,
    _REFERRED,
    _OWNER,
    _PRODUCT,
    _CATEGORY,
    _QUANTITY,
    _PRICE,
) = range(len(DEAL_COLUMNS))
_OWN = tuple(range(_CLIENT, _PRODUCT))
_STATUSES = {s.value: s for s in DealStatus}
_RETURNED = DealStatus.RETURNED


@attrs.frozen
class _Retract:
    """The entity read from ``row`` is left out after all, for ``error``."""

    row: int
    error: RowError
    id: str


Event = tuple[Any, tuple[int, ...]] | Rejected | _Retract


def _required(cells: Cells, row: int, field: str) -> RowError:
    return cells.fail(row, field, None, "required cell is empty", "io.cell.required")


# -- deals --------------------------------------------------------------------------------


class _DealDraft:
    """The deal being read: its first row's cells, its lines, the rows it took."""

    __slots__ = ("cells", "currency", "failure", "id", "lines", "returned", "rows", "status")

    def __init__(self, row: int, cells: list[str]) -> None:
        self.cells = cells
        self.id = cells[_ID]
        self.rows = [row]
        self.lines: list[DealLine] = []
        self.failure: RowError | None = None
        self.currency = ""
        self.status: DealStatus | None = None
        self.returned = False


def deal_events(table: Table, collect: bool) -> Iterator[Any]:
    """Deals from the table's rows; consecutive rows with one id are the lines of one deal.

    Without ``collect`` the deals themselves come out (a problem raises); with it, the
    events of the module docstring.
    """
    cells = Cells(table, table.options)
    seen: dict[str, int] = {}
    draft: _DealDraft | None = None
    for number, row, problem in table.rows():
        deal_id = row[_ID]
        if problem is not None and not collect:
            raise problem
        if draft is not None and deal_id == draft.id:
            draft.rows.append(number)
            if draft.failure is None and problem is not None:
                draft.failure = problem
            elif draft.failure is None:
                try:
                    _same_deal(cells, draft, row, number)
                    _add_line(cells, draft, row, number)
                except RowError as exc:
                    if not collect:
                        raise
                    draft.failure = exc
            continue
        if draft is not None:
            yield _finish(cells, draft, collect)
        draft = _DealDraft(number, row)
        if problem is not None:  # a row that is not cells starts a deal left out
            draft.failure = problem
            if deal_id:
                seen.setdefault(deal_id, number)
            continue
        try:
            if not deal_id:
                raise _required(cells, number, "id")
            first = seen.get(deal_id)
            if first is not None:
                error = DuplicateIdError(
                    number,
                    "id",
                    deal_id,
                    other_row=first,
                    kind="deal",
                    file=table.file,
                    column=table.columns[_ID],
                )
                if collect:
                    yield _Retract(
                        first,
                        DuplicateIdError(
                            first,
                            "id",
                            deal_id,
                            other_row=number,
                            kind="deal",
                            file=table.file,
                            column=table.columns[_ID],
                        ),
                        deal_id,
                    )
                raise error
            seen[deal_id] = number
            _start_deal(cells, draft, row, number)
            _add_line(cells, draft, row, number)
        except RowError as exc:
            if not collect:
                raise
            draft.failure = exc
    if draft is not None:
        yield _finish(cells, draft, collect)


def _start_deal(cells: Cells, draft: _DealDraft, row: list[str], number: int) -> None:
    for field in (_CLIENT, _STATUS, _OPENED, _AMOUNT):
        if not row[field]:
            raise _required(cells, number, DEAL_COLUMNS[field])
    text = row[_STATUS]
    status = _STATUSES.get(text.casefold())
    if status is None:
        allowed = ", ".join(_STATUSES)
        raise cells.fail(
            number,
            "status",
            text,
            f"expected one of {allowed}",
            "io.status.unknown",
            hint='map the export\'s own names, e.g. values={"status": {"Выиграна": "won"}}',
        )
    draft.status = status
    draft.returned = status is _RETURNED
    draft.currency = cells.currency(row[_CURRENCY], number)


def _same_deal(cells: Cells, draft: _DealDraft, row: list[str], number: int) -> None:
    """A later row of a deal may repeat its own cells or leave them empty, not change them."""
    first = draft.cells
    if row[_CLIENT:_PRODUCT] == first[_CLIENT:_PRODUCT]:
        return  # repeated, as kam_core's writers write them
    for field in _OWN:
        text = row[field]
        if text and text != first[field]:
            before = first[field]
            raise cells.fail(
                number,
                DEAL_COLUMNS[field],
                text,
                f"deal {draft.id} has {before!r} on row {draft.rows[0]}"
                if before
                else f"deal {draft.id} has no {DEAL_COLUMNS[field]} on row {draft.rows[0]}",
                "io.deal.inconsistent",
                hint="the rows of one deal are consecutive and agree; another deal has its own id",
            )


def _add_line(cells: Cells, draft: _DealDraft, row: list[str], number: int) -> None:
    product = row[_PRODUCT]
    if not product:
        for field in (_CATEGORY, _QUANTITY, _PRICE):
            if row[field]:
                raise cells.fail(
                    number,
                    "product_id",
                    None,
                    "a line needs its product_id",
                    "io.line.incomplete",
                )
        return
    quantity_text, price_text = row[_QUANTITY], row[_PRICE]
    if not quantity_text or not price_text:
        raise cells.fail(
            number,
            "quantity" if not quantity_text else "unit_price",
            None,
            "a line needs product_id, quantity and unit_price",
            "io.line.incomplete",
        )
    if draft.failure is not None or draft.status is None:
        return  # the deal's own row failed: nothing of it is read
    quantity = cells.numbers.get(quantity_text) or cells.number(quantity_text, number, "quantity")
    price = cells.moneys.get((price_text, draft.currency)) or cells.price(
        price_text, draft.currency, number, "unit_price"
    )
    if draft.returned:  # a credit note may write what was taken back as negative
        quantity, price = abs(quantity), abs(price)
    try:
        line = DealLine(
            product_id=product,
            category=row[_CATEGORY] or None,
            quantity=quantity,
            unit_price=price,
        )
    except ValidationError as exc:
        raise cells.invalid(exc, number) from None
    draft.lines.append(line)


def _day(cells: Cells, text: str, row: int, field: str) -> date | None:
    return cells.day(text, row, field) if text else None


def _finish(cells: Cells, draft: _DealDraft, collect: bool) -> Any:
    """The deal read (with its rows when collecting), or the record of it left out."""
    if not collect:
        return _deal(cells, draft)
    if draft.failure is None:
        try:
            return _deal(cells, draft), tuple(draft.rows)
        except RowError as exc:
            draft.failure = exc
    return Rejected.of(draft.failure, rows=tuple(draft.rows), id=draft.id or None)


def _deal(cells: Cells, draft: _DealDraft) -> Deal:
    row = draft.cells
    number = draft.rows[0]
    currency = draft.currency
    amount = cells.money(row[_AMOUNT], currency, number, "amount")
    if draft.returned:
        amount = abs(amount)
    elif amount.amount < 0:
        raise cells.fail(
            number,
            "amount",
            row[_AMOUNT],
            "a negative amount in a deal that is not a return",
            "io.amount.negative",
            hint='a return or credit note? give it the status "returned"',
        )
    opened, closed, due, paid = row[_OPENED], row[_CLOSED], row[_DUE], row[_PAID]
    margin = row[_MARGIN]
    days, day = cells.days, cells.day
    try:
        return Deal(
            id=draft.id,
            client_id=row[_CLIENT],
            status=draft.status,
            opened_on=days.get(opened) or day(opened, number, "opened_on"),
            closed_on=(days.get(closed) or day(closed, number, "closed_on")) if closed else None,
            amount=amount,
            lines=tuple(draft.lines),
            margin=cells.money(margin, currency, number, "margin") if margin else None,
            due_on=(days.get(due) or day(due, number, "due_on")) if due else None,
            paid_on=(days.get(paid) or day(paid, number, "paid_on")) if paid else None,
            referred_by=row[_REFERRED] or None,
            owner=row[_OWNER] or None,
        )
    except ValidationError as exc:
        raise cells.invalid(exc, number) from None


# -- clients and leads ------------------------------------------------------------------


def _one_row_each(
    table: Table,
    collect: bool,
    kind: str,
    required: tuple[str, ...],
    build: Any,
) -> Iterator[Event]:
    """One entity per row: ``build(cells, row, number)``; ids unique in the file."""
    cells = Cells(table, table.options)
    fields = table.fields
    need = [(fields.index(f), f) for f in required]
    seen: dict[str, int] = {}
    for number, row, problem in table.rows():
        entity_id = row[0]
        try:
            if problem is not None:
                raise problem
            for i, field in need:
                if not row[i]:
                    raise _required(cells, number, field)
            first = seen.get(entity_id)
            if first is not None:
                if collect:
                    yield _Retract(
                        first,
                        DuplicateIdError(
                            first,
                            "id",
                            entity_id,
                            other_row=number,
                            kind=kind,
                            file=table.file,
                            column=table.columns[0],
                        ),
                        entity_id,
                    )
                raise DuplicateIdError(
                    number,
                    "id",
                    entity_id,
                    other_row=first,
                    kind=kind,
                    file=table.file,
                    column=table.columns[0],
                )
            seen[entity_id] = number
            entity = build(cells, row, number)
        except RowError as exc:
            if not collect:
                raise
            yield Rejected.of(exc, id=entity_id or None)
        else:
            yield (entity, (number,)) if collect else entity


def client_events(table: Table, collect: bool) -> Iterator[Event]:
    """Clients from the table's rows, one per row."""
    return _one_row_each(table, collect, "client", CLIENT_REQUIRED, _client)


def _client(cells: Cells, row: list[str], number: int) -> Client:
    (
        id_,
        name,
        regions,
        industry,
        potential,
        currency,
        intent,
        owner,
        parent,
        created,
        people,
        manager,
    ) = row
    money: Money | None = None
    if potential:
        money = cells.money(potential, cells.currency(currency, number), number, "potential")
    return cells.build(
        Client,
        number,
        None,
        id=id_,
        name=name,
        regions=split_list(regions),
        industry=industry or None,
        potential=money,
        partnership_intent=cells.flag(intent, number, "partnership_intent") if intent else None,
        owner=owner or None,
        parent_id=parent or None,
        created_on=_day(cells, created, number, "created_on"),
        stakeholders=tuple(cells.json_list(people, number, "stakeholders")) if people else (),
        manager_id=manager or None,
    )


def manager_events(table: Table, collect: bool) -> Iterator[Event]:
    """Managers from the table's rows, one per row."""
    return _one_row_each(table, collect, "manager", MANAGER_REQUIRED, _manager)


def _manager(cells: Cells, row: list[str], number: int) -> Manager:
    id_, name, position, capacity, regions = row
    count: int | None = None
    if capacity:
        amount = cells.number(capacity, number, "capacity")
        if amount != amount.to_integral_value():
            raise cells.fail(
                number, "capacity", capacity, "clients are counted in whole numbers",
                "io.invalid",
            )  # fmt: skip
        count = int(amount)
    return cells.build(
        Manager,
        number,
        None,
        id=id_,
        name=name,
        position=position.casefold(),
        capacity=count,
        regions=split_list(regions),
    )


def touch_events(table: Table, collect: bool) -> Iterator[Event]:
    """Touches (the contact log) from the table's rows, one per row."""
    return _one_row_each(table, collect, "touch", TOUCH_REQUIRED, _touch)


def _touch(cells: Cells, row: list[str], number: int) -> Touch:
    id_, client_id, manager_id, on, channel, note = row
    return cells.build(
        Touch,
        number,
        None,
        id=id_,
        client_id=client_id,
        manager_id=manager_id,
        on=cells.day(on, number, "on"),
        channel=channel.casefold(),
        note=note or None,
    )


def lead_events(table: Table, collect: bool) -> Iterator[Event]:
    """Leads from the table's rows, one per row; empty BANT cells are unknown facts."""
    return _one_row_each(table, collect, "lead", LEAD_REQUIRED, _lead)


_CONTACT_FIELDS = {"name": "contact_name", "buying_role": "contact_role"}


def _lead(cells: Cells, row: list[str], number: int) -> Lead:
    (
        id_,
        company,
        created,
        stage,
        currency,
        budget,
        authority,
        need,
        decision,
        contact_name,
        contact_role,
        source,
        industry,
        regions,
        estimated,
        client_id,
        evidence,
    ) = row
    code = cells.currency(currency, number) if budget or estimated else ""
    contact: Stakeholder | None = None
    if contact_role and not contact_name:
        raise cells.fail(
            number,
            "contact_name",
            None,
            f"a contact role ({contact_role}) needs the contact's name",
            "io.lead.contact_incomplete",
        )
    if contact_name:
        contact = cells.build(
            Stakeholder,
            number,
            _CONTACT_FIELDS,
            name=contact_name,
            buying_role=contact_role or "unknown",
        )
    bant = cells.build(
        BantFacts,
        number,
        None,
        budget=cells.money(budget, code, number, "budget") if budget else None,
        authority=authority or None,
        need=need or None,
        decision_date=_day(cells, decision, number, "decision_date"),
    )
    fields: dict[str, Any] = {
        "id": id_,
        "company": company,
        "created_on": cells.day(created, number, "created_on"),
        "bant": bant,
        "evidence": tuple(cells.json_list(evidence, number, "evidence")) if evidence else (),
        "contact": contact,
        "source": source or None,
        "industry": industry or None,
        "regions": split_list(regions),
        "estimated_value": (
            cells.money(estimated, code, number, "estimated_value") if estimated else None
        ),
        "client_id": client_id or None,
    }
    if stage:
        fields["stage"] = stage.casefold()
    return cells.build(Lead, number, None, **fields)


# -- the two modes ----------------------------------------------------------------------


def collect(events: Iterator[Event]) -> ReadResult[Any]:
    """Every event of a ``collect`` read as good entities and rejected records, in row order."""
    good: list[tuple[Any, tuple[int, ...]] | None] = []
    by_row: dict[int, int] = {}
    rejected: list[Rejected] = []
    for event in events:
        if type(event) is tuple:
            by_row[event[1][0]] = len(good)
            good.append(event)
        elif type(event) is _Retract:
            index = by_row.pop(event.row, None)
            if index is not None:
                _, rows = good[index]  # type: ignore[misc]
                good[index] = None
                rejected.append(Rejected.of(event.error, rows=rows, id=event.id))
        else:
            rejected.append(event)  # type: ignore[arg-type]
    rejected.sort(key=lambda r: r.row)
    return ReadResult(good=tuple(g[0] for g in good if g is not None), rejected=tuple(rejected))
