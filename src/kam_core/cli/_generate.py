"""``generate``: a synthetic book written as CSV files in the documented columns.

Each file is written atomically (see :mod:`kam_core.cli._output`): an interrupted run
leaves the files that were there before, never half a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kam_core import Deal, generate_book
from kam_core import io as kio
from kam_core.cli._common import EXIT_IO, EXIT_OK, Failure, say
from kam_core.cli._output import atomic_file
from kam_core.cli._progress import Progress

__all__ = ["run"]


def _counted(deals: Iterator[Deal], progress: Progress) -> Iterator[Deal]:
    last = None
    for deal in deals:
        if deal.client_id != last:
            last = deal.client_id
            progress.advance(1)
        yield deal


def run(args: Any) -> int:
    """Write ``clients.csv``, ``leads.csv`` and ``deals.csv`` into ``--out``; the exit code."""
    lang = getattr(args, "lang", None) or "en"
    book = generate_book(
        args.clients,
        seed=args.seed,
        as_of=args.as_of,
        currency=args.currency or "RUB",
        deals_per_client=max(args.deals_per_client, 1),
        leads=args.leads,
    )
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with atomic_file(out / "clients.csv") as handle:
            kio.write_clients(handle, book.clients)
        with atomic_file(out / "leads.csv") as handle:
            kio.write_leads(handle, book.leads)
        progress = Progress("deals.csv", len(book.clients))
        with atomic_file(out / "deals.csv") as handle:
            count = kio.write_deals(handle, _counted(book.deals(), progress))
        progress.close()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        where = exc.filename or out
        raise Failure(say("error.cannot_write", lang, file=where, reason=reason), EXIT_IO) from None
    said = say(
        "generated",
        lang,
        clients=len(book.clients),
        leads=len(book.leads),
        deals=count,
        folder=str(out),
        seed=args.seed,
        as_of=args.as_of,
    )
    print(said)
    return EXIT_OK
