"""Small books of client stats, built by hand, that the segmentation tests share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import kam_core as kc

AS_OF = date(2026, 11, 24)
MID_YEAR = date(2026, 6, 1)


def stats(client_id: str, *orders: tuple[date, int | str], as_of: date = AS_OF) -> kc.ClientStats:
    """Stats of one client from (date, amount) orders, in roubles."""
    return kc.ClientStats(
        client_id, as_of, "RUB", tuple(sorted((d, Decimal(a)) for d, a in orders))
    )


def book(**revenue: int) -> list[kc.ClientStats]:
    """One order per client on 1 June 2026 with the given revenue."""
    return [stats(c, (MID_YEAR, v)) for c, v in revenue.items()]


def outcomes(segments: object) -> dict[str, object]:
    return {c: d.outcome for c, d in segments.items()}  # type: ignore[attr-defined]


def monthly(client_id: str, amounts: list[int], *, year: int = 2026) -> kc.ClientStats:
    """One order on the 10th of each month Jan… of ``year``, as of 31 December."""
    orders = tuple((date(year, i + 1, 10), a) for i, a in enumerate(amounts) if a)
    return stats(client_id, *orders, as_of=date(year, 12, 31))


def client(cid: str, potential: int | None) -> kc.Client:
    """A client with a purchase potential in roubles (None: unknown)."""
    money = None if potential is None else kc.Money(potential, "RUB")
    return kc.Client(id=cid, name=f"ООО {cid}", potential=money)
