"""Entities as the rows (and files) the readers read back as the same entities."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import IO, Any

from kam_core._domain.client import Client
from kam_core._domain.deal import Deal
from kam_core._domain.lead import Lead
from kam_core.errors import ReadOptionError
from kam_core.io._readers import CLIENT_COLUMNS, DEAL_COLUMNS, LEAD_COLUMNS

__all__ = ["client_row", "deal_rows", "lead_row", "write_rows"]


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def _plain(amount: Any) -> str:
    return format(amount, "f")


def deal_rows(deal: Deal) -> Iterator[dict[str, str]]:
    """The rows :func:`~kam_core.io.read_deals` reads back as ``deal``: one per line (at least one).

    Amounts are written with a decimal point and no grouping (``1250.50``), as Python
    writes a Decimal; read them back with ``decimal="."`` when amounts may have three
    decimals (``1.250`` alone is ambiguous).

    >>> from datetime import date
    >>> from kam_core import Deal, Money
    >>> from kam_core.io import read_deals
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
        "amount": _plain(deal.amount.amount),
        "currency": deal.amount.currency,
        "margin": "" if deal.margin is None else _plain(deal.margin.amount),
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
            "quantity": _plain(line.quantity),
            "unit_price": _plain(line.unit_price.amount),
        }


def client_row(client: Client) -> dict[str, str]:
    """The row :func:`~kam_core.io.read_clients` reads back as ``client`` (no dossier).

    >>> from kam_core import Client
    >>> from kam_core.io import read_clients
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
        "potential": "" if client.potential is None else _plain(client.potential.amount),
        "currency": "" if client.potential is None else client.potential.currency,
        "partnership_intent": (
            "" if client.partnership_intent is None else str(client.partnership_intent).lower()
        ),
        "owner": "" if owner is None else str(getattr(owner, "value", owner)),
        "parent_id": client.parent_id or "",
        "created_on": _iso(client.created_on),
        "stakeholders": json.dumps(people, ensure_ascii=False) if people else "",
        "manager_id": client.manager_id or "",
    }


def lead_row(lead: Lead) -> dict[str, str]:
    """The row :func:`~kam_core.io.read_leads` reads back as ``lead`` (a contact's name and role).

    >>> from datetime import date
    >>> from kam_core import Lead
    >>> from kam_core.io import read_leads
    >>> lead = Lead(id="L-1", company="ООО Бета", created_on=date(2026, 11, 1))
    >>> list(read_leads([lead_row(lead)])) == [lead]
    True
    """
    facts = lead.bant
    money = facts.budget if facts.budget is not None else lead.estimated_value
    evidence = [e.model_dump(mode="json", exclude_defaults=True) for e in lead.evidence]
    contact = lead.contact
    return {
        "id": lead.id,
        "company": lead.company,
        "created_on": lead.created_on.isoformat(),
        "stage": lead.stage.value,
        "currency": "" if money is None else money.currency,
        "budget": "" if facts.budget is None else _plain(facts.budget.amount),
        "authority": "" if facts.authority is None else facts.authority.value,
        "need": "" if facts.need is None else facts.need.value,
        "decision_date": _iso(facts.decision_date),
        "contact_name": "" if contact is None else contact.name,
        "contact_role": "" if contact is None else contact.buying_role.value,
        "source": lead.source or "",
        "industry": lead.industry or "",
        "regions": ";".join(lead.regions),
        "estimated_value": (
            "" if lead.estimated_value is None else _plain(lead.estimated_value.amount)
        ),
        "client_id": lead.client_id or "",
        "evidence": json.dumps(evidence, ensure_ascii=False) if evidence else "",
    }


def write_rows(
    target: object,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    *,
    encoding: str,
    delimiter: str,
) -> int:
    """Write a header and ``rows`` as CSV to a path or an open text stream; the row count."""
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        raise ReadOptionError("delimiter", delimiter, "expected one character such as ',' or ';'")
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding=encoding, newline="") as handle:
            return _write(handle, columns, rows, delimiter)
    if not hasattr(target, "write"):
        raise ReadOptionError(
            "target", type(target).__name__, "write to a path or an open text stream"
        )
    return _write(target, columns, rows, delimiter)  # type: ignore[arg-type]


def _write(
    handle: IO[str], columns: Sequence[str], rows: Iterable[Mapping[str, str]], delimiter: str
) -> int:
    writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n", delimiter=delimiter)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


COLUMNS = {"deals": DEAL_COLUMNS, "clients": CLIENT_COLUMNS, "leads": LEAD_COLUMNS}
