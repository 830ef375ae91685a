"""An export analysed as of the latest date it records, reading its deals once.

``analyze --deals FILE`` without ``--as-of`` analyses the book as of the latest opening
or closing date in the deals.  That date is known only when the last deal is read, and
the statistics of a client depend on ``as_of`` while deals are folded in; so the deals
are folded in one pass as of a provisional date no deal reaches (:data:`datetime.date.max`),
and the few whose fold does depend on the date are held back and folded once it is
known:

- a deal closed on or before ``as_of`` folds the same as of any later date, and every
  closing date is at most the latest date, so the closing filter changes nothing;
- a won deal with a due date folds as *paid* when its payment date is on or before
  ``as_of``, and as *overdue* (by ``as_of − due`` days) when it is unpaid and due before
  ``as_of``: such a deal is held back when it is unpaid, or paid after every date seen
  so far (its payment may fall after the latest date: then, as of that date, it is not
  paid yet).  Paid deals whose payment is already behind a date seen fold the same
  as of any date from there on.

The statistics of the folded deals are then restated as of the latest date (nothing in
them depends on the date any more: :func:`attrs.evolve`), merged with those of the held
deals folded as of that date (:meth:`~kam_core.ClientStats.merge`), their returns
checked against their purchases (:meth:`~kam_core.ClientStats.check_returns`), and
analysed (:func:`~kam_core.analyze_stats`): the report equals ``kc.analyze(...,
as_of=latest)`` over the same deals, which a property test checks.  Memory: the held
deals (unpaid invoices, mostly) beside the per-client statistics.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import attrs

from kam_core import (
    Client,
    ClientStats,
    Deal,
    DealStatus,
    Lead,
    Manager,
    Report,
    Touch,
    analyze_stats,
    build_stats,
)

__all__ = ["NoDatesError", "analyze_as_of_latest", "latest_date"]

_WON = DealStatus.WON


class NoDatesError(Exception):
    """The deals record no date at all: there is no latest date to analyse them as of."""


def latest_date(deal: Deal, latest: date | None) -> date | None:
    """The later of ``latest`` and the deal's opening and closing dates.

    >>> from kam_core import Money
    >>> d = Deal(id="D-1", client_id="C-1", status="won", opened_on=date(2026, 1, 10),
    ...          closed_on=date(2026, 2, 1), amount=Money("10", "RUB"))
    >>> latest_date(d, None), latest_date(d, date(2026, 5, 1))
    (datetime.date(2026, 2, 1), datetime.date(2026, 5, 1))
    """
    for day in (deal.opened_on, deal.closed_on):
        if day is not None and (latest is None or day > latest):
            latest = day
    return latest


class _Split:
    """Deals passing through to the fold, the date-dependent ones held back, the latest date."""

    def __init__(self) -> None:
        self.latest: date | None = None
        self.held: list[Deal] = []

    def passing(self, deals: Iterable[Deal]) -> Iterator[Deal]:
        held = self.held
        latest = self.latest
        try:
            for deal in deals:
                latest = latest_date(deal, latest)
                if deal.due_on is not None and deal.status is _WON:
                    paid = deal.paid_on
                    if paid is None or latest is None or paid > latest:
                        held.append(deal)
                        continue
                yield deal
        finally:
            self.latest = latest


def analyze_as_of_latest(
    clients: Iterable[Client],
    deals: Iterable[Deal],
    *,
    policies: object,
    leads: Iterable[Lead] = (),
    currency: str,
    managers: Iterable[Manager] | None = None,
    touches: Iterable[Touch] = (),
) -> Report:
    """``kc.analyze(clients, deals, as_of=<the latest date in deals>, ...)``, one pass.

    ``currency`` is the book's (clients without orders get empty stats in it).  Raises
    :class:`NoDatesError` when no deal has a date.

    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> book = kc.generate_book(30, seed=2, as_of=date(2026, 11, 24))
    >>> report = analyze_as_of_latest(book.clients, book.deals(), policies=[p.Abc(), p.Xyz()],
    ...                               currency="RUB")
    >>> latest = max(latest_date(d, None) for d in book.deals())
    >>> report.as_of == latest
    True
    >>> report.to_dict() == kc.analyze(book.clients, book.deals(), as_of=latest,
    ...                                policies=[p.Abc(), p.Xyz()], currency="RUB").to_dict()
    True
    """
    clients = tuple(clients)
    split = _Split()
    folded = build_stats(
        split.passing(deals),
        as_of=date.max,
        currency=currency,
        clients=[c.id for c in clients],
        partial=True,
    )
    as_of = split.latest
    if as_of is None:
        raise NoDatesError
    later = build_stats(split.held, as_of=as_of, currency=currency, partial=True)
    stats: dict[str, ClientStats] = {}
    for client_id, partial in folded.items():
        stats[client_id] = _restated(partial, as_of)
    for client_id, partial in later.items():
        known = stats.get(client_id)
        stats[client_id] = partial if known is None else known.merge(partial)
    for merged in stats.values():
        merged.check_returns()
    return analyze_stats(
        stats.values(),
        clients,
        as_of=as_of,
        policies=policies,
        leads=leads,
        managers=managers,
        touches=touches,
    )


def _restated(stats: ClientStats, as_of: date) -> ClientStats:
    """Stats folded as of a later date, as of ``as_of``: nothing in them depends on it."""
    restated: ClientStats = attrs.evolve(stats, as_of=as_of)
    return restated
