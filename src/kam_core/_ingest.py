"""Rows of strings (a CRM export read by ``csv.DictReader``) into validated entities.

No I/O here: the caller opens and reads the file (``__main__.py``) and passes the rows.
Every problem is a :class:`~kam_core.errors.RowError` naming the row (the header is
row 1, as a spreadsheet shows it) and the column.

Cells
-----
- Empty cells (or cells of spaces) mean "unknown" (``None``).
- Amounts and quantities are exact decimals, never floats: ``1250.50``, ``1250,50``,
  ``1 250,50`` and ``-3`` are accepted; spaces (including non-breaking and thin ones)
  group thousands; one comma or one dot is the decimal separator.  Refused: both a
  comma and a dot (``1,250.50`` is ambiguous between conventions), exponents
  (``1e5``), currency signs (``₽``), ``NaN`` and infinities.
- Dates are ``YYYY-MM-DD`` or ``DD.MM.YYYY``; times are refused (a deal closes on a day).
- Booleans: ``true/false``, ``yes/no``, ``1/0``, ``да/нет`` in any case.
- Lists (``regions``) are separated by ``;``.

Deals with several lines are written as consecutive rows with the same ``id``: the
deal's own columns are read from its first row (later rows may repeat them or leave
them empty, but must not contradict them), and each row with a ``product_id``
adds a line.

>>> rows = [
...     {"id": "D-1", "client_id": "C-1", "status": "won", "opened_on": "2026-01-10",
...      "closed_on": "01.02.2026", "amount": "1 250,50", "product_id": "SKU-1",
...      "quantity": "2", "unit_price": "500"},
...     {"id": "D-1", "product_id": "SKU-2", "quantity": "1", "unit_price": "250,50"},
... ]
>>> [deal] = read_deals(rows, currency="RUB")
>>> deal.amount, [line.product_id for line in deal.lines]
(Money('1250.50', 'RUB'), ['SKU-1', 'SKU-2'])
>>> next(read_deals([{"id": "D-2", "client_id": "C-1", "status": "won",
...                   "opened_on": "2026-01-10", "closed_on": "2026-01-11",
...                   "amount": "12,x"}], currency="RUB"))
Traceback (most recent call last):
...
kam_core.errors.RowError: row 2, column 'amount': '12,x': not a decimal number ...
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kam_core._currencies import MINOR_UNITS
from kam_core._domain.client import Client, Stakeholder
from kam_core._domain.deal import Deal, DealLine, DealStatus
from kam_core._domain.lead import BantFacts, Lead
from kam_core._money import Money
from kam_core.errors import RowError

__all__ = [
    "CLIENT_COLUMNS",
    "DEAL_COLUMNS",
    "LEAD_COLUMNS",
    "client_row",
    "deal_rows",
    "lead_row",
    "parse_date",
    "parse_decimal",
    "read_clients",
    "read_deals",
    "read_leads",
]

Row = Mapping[Any, Any]
_E = TypeVar("_E", bound=BaseModel)

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
"""Deal columns, in the order ``generate`` writes them; the last four describe a line."""
_DEAL_REQUIRED = ("id", "client_id", "status", "opened_on", "amount")
_LINE_COLUMNS = ("product_id", "category", "quantity", "unit_price")
_DEAL_OWN = tuple(c for c in DEAL_COLUMNS if c not in _LINE_COLUMNS and c != "id")

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
)
"""Client columns; ``stakeholders`` holds the ГПР as a JSON array of objects."""
_CLIENT_REQUIRED = ("id", "name")

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
_LEAD_REQUIRED = ("id", "company", "created_on")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_FIELD = re.compile(r"[a-z_]+")
_RU_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_TRUE = frozenset({"true", "yes", "1", "да", "y"})
_FALSE = frozenset({"false", "no", "0", "нет", "n"})


# -- cells ----------------------------------------------------------------------------


def parse_decimal(text: str, *, row: int = 0, field: str = "amount") -> Decimal:
    """Parse an exact decimal from a cell, by the rules in the module docstring.

    >>> parse_decimal("1 250,50"), parse_decimal("-3"), parse_decimal("0.1")
    (Decimal('1250.50'), Decimal('-3'), Decimal('0.1'))
    >>> parse_decimal("1,250.50", row=4)
    Traceback (most recent call last):
    ...
    kam_core.errors.RowError: row 4, column 'amount': '1,250.50': both ',' and '.'; use one ...
    """
    cleaned = text.strip().translate(_SPACES)
    if "," in cleaned:
        if "." in cleaned:
            raise RowError(row, field, text, "both ',' and '.'; use one decimal separator")
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        raise RowError(row, field, text, "not a decimal number (e.g. 1250.50 or 1 250,50)")
    return Decimal(cleaned)


def parse_date(text: str, *, row: int = 0, field: str = "date") -> date:
    """Parse ``YYYY-MM-DD`` or ``DD.MM.YYYY``.

    >>> parse_date("2026-11-24"), parse_date("24.11.2026")
    (datetime.date(2026, 11, 24), datetime.date(2026, 11, 24))
    """
    text = text.strip()
    ru = _RU_DATE.fullmatch(text)
    try:
        if ru:
            return date(int(ru.group(3)), int(ru.group(2)), int(ru.group(1)))
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise RowError(row, field, text, "not a date (YYYY-MM-DD or DD.MM.YYYY)")


def _parse_bool(text: str, row: int, field: str) -> bool:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise RowError(row, field, text, "not a yes/no value (true/false, yes/no, 1/0, да/нет)")


def _parse_json_list(text: str, row: int, field: str) -> list[Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise RowError(row, field, text[:60], f"not JSON: {exc.args[0]}") from None
    if not isinstance(value, list):
        raise RowError(row, field, text[:60], "expected a JSON array")
    return value


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _currency(cells: Mapping[str, str], default: str | None, row: int) -> str:
    code = cells.get("currency") or default
    if code is None:
        raise RowError(row, "currency", None, "no currency: add the column or pass a default")
    code = code.upper()
    if code not in MINOR_UNITS:
        raise RowError(row, "currency", code, "unknown ISO 4217 currency code")
    return code


def _money(cells: Mapping[str, str], name: str, currency: str, row: int) -> Money | None:
    text = cells.get(name)
    if text is None:
        return None
    return Money._trusted(parse_decimal(text, row=row, field=name), currency)


def _date(cells: Mapping[str, str], name: str, row: int) -> date | None:
    text = cells.get(name)
    return None if text is None else parse_date(text, row=row, field=name)


# -- columns --------------------------------------------------------------------------


class _Columns:
    """Where each known column is found in the source rows, after the user's mapping."""

    def __init__(
        self,
        known: tuple[str, ...],
        required: tuple[str, ...],
        mapping: Mapping[str, str] | None,
        header: Iterable[str] | None,
    ) -> None:
        mapping = dict(mapping or {})
        bad = sorted(v for v in mapping.values() if v not in known)
        if bad:
            raise RowError(
                1, None, None, f"mapping targets unknown columns {bad}; known: {', '.join(known)}"
            )
        source_of = {target: source for source, target in mapping.items()}
        self.pairs = tuple((name, source_of.get(name, name)) for name in known)
        if header is not None:
            present = set(header)
            self.pairs = tuple((n, s) for n, s in self.pairs if s in present)
            have = {n for n, _ in self.pairs}
            missing = [c for c in required if c not in have]
            if missing:
                raise RowError(1, None, None, f"missing columns: {', '.join(missing)}")
        self.required = required

    def cells(self, row: Row, number: int) -> dict[str, str]:
        """Known, non-empty cells of ``row``, stripped; too many cells is an error."""
        extra = row.get(None)
        if extra:
            raise RowError(number, None, None, f"{len(extra)} more cell(s) than the header has")
        out: dict[str, str] = {}
        for name, source in self.pairs:
            value = row.get(source)
            if value is not None:
                value = value.strip()
                if value:
                    out[name] = value
        return out

    def need(self, cells: Mapping[str, str], number: int) -> None:
        for name in self.required:
            if name not in cells:
                raise RowError(number, name, None, "required cell is empty")


def _validated(cls: type[_E], row: int, /, _prefix: str = "", **values: Any) -> _E:
    """Build ``cls(**values)``, turning a pydantic ValidationError into a RowError."""
    try:
        return cls(**values)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        # the last plain field name: skips list indexes and union tags ("str-enum[Role]")
        loc = [str(p) for p in first["loc"] if isinstance(p, str) and _FIELD.fullmatch(p)]
        field = loc[-1] if loc else None
        message = str(first["msg"]).removeprefix("Value error, ")
        raise RowError(row, (_prefix + field) if field else None, None, message) from None


# -- deals ----------------------------------------------------------------------------


def read_deals(
    rows: Iterable[Row],
    *,
    currency: str | None = None,
    mapping: Mapping[str, str] | None = None,
    header: Iterable[str] | None = None,
    first_row: int = 2,
) -> Iterator[Deal]:
    """Stream validated deals from rows of strings (see the module docstring for cells).

    ``currency`` is used where the ``currency`` column is absent or empty; ``mapping``
    renames source columns to the documented ones (``{"Сумма": "amount"}``); ``header``
    (the source column names, e.g. ``DictReader.fieldnames``) lets missing required
    columns be reported before the first row; ``first_row`` is the number of the first
    data row (2 after a header line).  Memory is one deal at a time.

    >>> list(read_deals([{"Сделка": "D-1", "client_id": "C-1", "status": "lost",
    ...                   "opened_on": "2026-01-10", "closed_on": "2026-01-20",
    ...                   "amount": "10", "currency": "usd"}],
    ...                 mapping={"Сделка": "id"}))[0].amount
    Money('10', 'USD')
    """
    columns = _Columns(DEAL_COLUMNS, _DEAL_REQUIRED, mapping, header)
    current: dict[str, str] | None = None
    lines: list[DealLine] = []
    start = first_row
    number = first_row - 1
    for number, row in enumerate(rows, start=first_row):
        cells = columns.cells(row, number)
        deal_id = cells.get("id")
        if current is not None and deal_id == current["id"]:
            for name in _DEAL_OWN:
                value = cells.get(name)
                if value is not None and value != current.get(name):
                    raise RowError(
                        number,
                        name,
                        value,
                        f"deal {deal_id} has {current.get(name)!r} here on row {start}",
                    )
        else:
            if current is not None:
                yield _deal(current, lines, currency, start)
            columns.need(cells, number)
            current, lines, start = cells, [], number
        if "product_id" in cells:
            lines.append(_line(cells, _currency(current, currency, start), number))
        elif any(c in cells for c in _LINE_COLUMNS):
            raise RowError(number, "product_id", None, "a line needs its product_id")
    if current is not None:
        yield _deal(current, lines, currency, start)


def _line(cells: Mapping[str, str], currency: str, row: int) -> DealLine:
    quantity = cells.get("quantity")
    price = _money(cells, "unit_price", currency, row)
    if quantity is None or price is None:
        missing = "quantity" if quantity is None else "unit_price"
        raise RowError(row, missing, None, "a line needs product_id, quantity and unit_price")
    qty = parse_decimal(quantity, row=row, field="quantity")
    return _validated(
        DealLine,
        row,
        product_id=cells["product_id"],
        category=cells.get("category"),
        quantity=qty,
        unit_price=price,
    )


def _deal(cells: Mapping[str, str], lines: list[DealLine], default: str | None, row: int) -> Deal:
    currency = _currency(cells, default, row)
    status_text = cells["status"].lower()
    try:
        status = DealStatus(status_text)
    except ValueError:
        allowed = ", ".join(s.value for s in DealStatus)
        raise RowError(row, "status", cells["status"], f"expected one of {allowed}") from None
    amount = _money(cells, "amount", currency, row)
    margin = _money(cells, "margin", currency, row)
    opened = _date(cells, "opened_on", row)
    closed = _date(cells, "closed_on", row)
    due = _date(cells, "due_on", row)
    paid = _date(cells, "paid_on", row)
    return _validated(
        Deal,
        row,
        id=cells["id"],
        client_id=cells["client_id"],
        status=status,
        opened_on=opened,
        closed_on=closed,
        amount=amount,
        lines=tuple(lines),
        margin=margin,
        due_on=due,
        paid_on=paid,
        referred_by=cells.get("referred_by"),
        owner=cells.get("owner"),
    )


def deal_rows(deal: Deal) -> Iterator[dict[str, str]]:
    """The rows :func:`read_deals` reads back as ``deal``: one per line (at least one).

    >>> from datetime import date
    >>> d = Deal(id="D-1", client_id="C-1", status="open", opened_on=date(2026, 1, 10),
    ...          amount=Money("5", "RUB"))
    >>> [r["status"] for r in deal_rows(d)], list(read_deals(deal_rows(d))) == [d]
    (['open'], True)
    """
    own = {
        "id": deal.id,
        "client_id": deal.client_id,
        "status": deal.status.value,
        "opened_on": deal.opened_on.isoformat(),
        "closed_on": _iso(deal.closed_on),
        "amount": str(deal.amount.amount),
        "currency": deal.amount.currency,
        "margin": "" if deal.margin is None else str(deal.margin.amount),
        "due_on": _iso(deal.due_on),
        "paid_on": _iso(deal.paid_on),
        "referred_by": deal.referred_by or "",
        "owner": deal.owner or "",
    }
    if not deal.lines:
        yield {**own, "product_id": "", "category": "", "quantity": "", "unit_price": ""}
        return
    for line in deal.lines:
        yield {
            **own,
            "product_id": line.product_id,
            "category": line.category or "",
            "quantity": str(line.quantity),
            "unit_price": str(line.unit_price.amount),
        }


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


# -- clients --------------------------------------------------------------------------


def read_clients(
    rows: Iterable[Row],
    *,
    currency: str | None = None,
    mapping: Mapping[str, str] | None = None,
    header: Iterable[str] | None = None,
    first_row: int = 2,
) -> Iterator[Client]:
    """Stream validated clients from rows of strings (columns: :data:`CLIENT_COLUMNS`).

    >>> [c] = read_clients([{"id": "C-1", "name": "ООО Альфа", "regions": "Москва; Казань",
    ...                      "potential": "12 000 000", "currency": "RUB",
    ...                      "partnership_intent": "да", "owner": "client_manager"}])
    >>> c.regions, c.potential, c.partnership_intent
    (('Москва', 'Казань'), Money('12000000', 'RUB'), True)
    """
    columns = _Columns(CLIENT_COLUMNS, _CLIENT_REQUIRED, mapping, header)
    for number, row in enumerate(rows, start=first_row):
        cells = columns.cells(row, number)
        columns.need(cells, number)
        potential = None
        if "potential" in cells:
            potential = _money(cells, "potential", _currency(cells, currency, number), number)
        intent = cells.get("partnership_intent")
        stakeholders = cells.get("stakeholders")
        people = (
            () if stakeholders is None else _parse_json_list(stakeholders, number, "stakeholders")
        )
        yield _validated(
            Client,
            number,
            id=cells["id"],
            name=cells["name"],
            regions=_split(cells.get("regions", "")),
            industry=cells.get("industry"),
            potential=potential,
            partnership_intent=(
                None if intent is None else _parse_bool(intent, number, "partnership_intent")
            ),
            owner=cells.get("owner"),
            parent_id=cells.get("parent_id"),
            created_on=_date(cells, "created_on", number),
            stakeholders=tuple(people),
        )


def client_row(client: Client) -> dict[str, str]:
    """The row :func:`read_clients` reads back as ``client`` (the dossier is not exported).

    >>> c = Client(id="C-1", name="ООО Альфа", regions=("Москва",))
    >>> client_row(c)["regions"], list(read_clients([client_row(c)])) == [c]
    ('Москва', True)
    """
    people = [s.model_dump(mode="json", exclude_defaults=True) for s in client.stakeholders]
    owner = client.owner
    return {
        "id": client.id,
        "name": client.name,
        "regions": ";".join(client.regions),
        "industry": client.industry or "",
        "potential": "" if client.potential is None else str(client.potential.amount),
        "currency": "" if client.potential is None else client.potential.currency,
        "partnership_intent": (
            "" if client.partnership_intent is None else str(client.partnership_intent).lower()
        ),
        "owner": "" if owner is None else str(getattr(owner, "value", owner)),
        "parent_id": client.parent_id or "",
        "created_on": _iso(client.created_on),
        "stakeholders": json.dumps(people, ensure_ascii=False) if people else "",
    }


# -- leads ----------------------------------------------------------------------------


def read_leads(
    rows: Iterable[Row],
    *,
    currency: str | None = None,
    mapping: Mapping[str, str] | None = None,
    header: Iterable[str] | None = None,
    first_row: int = 2,
) -> Iterator[Lead]:
    """Stream validated leads from rows of strings (columns: :data:`LEAD_COLUMNS`).

    Unknown BANT facts are empty cells and stay ``None``.

    >>> [lead] = read_leads([{"id": "L-1", "company": "ООО Бета", "created_on": "2026-11-01",
    ...                       "budget": "750000", "currency": "RUB", "need": "confirmed"}])
    >>> lead.bant.budget, lead.bant.need, lead.bant.authority
    (Money('750000', 'RUB'), <NeedLevel.CONFIRMED: 'confirmed'>, None)
    """
    columns = _Columns(LEAD_COLUMNS, _LEAD_REQUIRED, mapping, header)
    for number, row in enumerate(rows, start=first_row):
        cells = columns.cells(row, number)
        columns.need(cells, number)
        code: str | None = None
        if "budget" in cells or "estimated_value" in cells:
            code = _currency(cells, currency, number)
        budget = None if code is None else _money(cells, "budget", code, number)
        value = None if code is None else _money(cells, "estimated_value", code, number)
        evidence_text = cells.get("evidence")
        evidence = (
            () if evidence_text is None else _parse_json_list(evidence_text, number, "evidence")
        )
        contact: Stakeholder | None = None
        if "contact_name" in cells:
            contact = _validated(
                Stakeholder,
                number,
                _prefix="contact_",
                name=cells["contact_name"],
                buying_role=cells.get("contact_role", "unknown"),
            )
        bant = _validated(
            BantFacts,
            number,
            budget=budget,
            authority=cells.get("authority"),
            need=cells.get("need"),
            decision_date=_date(cells, "decision_date", number),
        )
        fields: dict[str, Any] = {
            "id": cells["id"],
            "company": cells["company"],
            "created_on": _date(cells, "created_on", number),
            "bant": bant,
            "evidence": tuple(evidence),
            "contact": contact,
            "source": cells.get("source"),
            "industry": cells.get("industry"),
            "regions": _split(cells.get("regions", "")),
            "estimated_value": value,
            "client_id": cells.get("client_id"),
        }
        if "stage" in cells:
            fields["stage"] = cells["stage"].lower()
        yield _validated(Lead, number, **fields)


def lead_row(lead: Lead) -> dict[str, str]:
    """The row :func:`read_leads` reads back as ``lead`` (a contact's name and role only).

    >>> from datetime import date
    >>> lead = Lead(id="L-1", company="ООО Бета", created_on=date(2026, 11, 1))
    >>> list(read_leads([lead_row(lead)])) == [lead]
    True
    """
    facts = lead.bant
    money = facts.budget or lead.estimated_value
    evidence = [e.model_dump(mode="json", exclude_defaults=True) for e in lead.evidence]
    contact = lead.contact
    return {
        "id": lead.id,
        "company": lead.company,
        "created_on": lead.created_on.isoformat(),
        "stage": lead.stage.value,
        "currency": "" if money is None else money.currency,
        "budget": "" if facts.budget is None else str(facts.budget.amount),
        "authority": "" if facts.authority is None else facts.authority.value,
        "need": "" if facts.need is None else facts.need.value,
        "decision_date": _iso(facts.decision_date),
        "contact_name": "" if contact is None else contact.name,
        "contact_role": "" if contact is None else contact.buying_role.value,
        "source": lead.source or "",
        "industry": lead.industry or "",
        "regions": ";".join(lead.regions),
        "estimated_value": "" if lead.estimated_value is None else str(lead.estimated_value.amount),
        "client_id": lead.client_id or "",
        "evidence": json.dumps(evidence, ensure_ascii=False) if evidence else "",
    }
