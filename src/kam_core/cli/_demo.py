"""``demo``: the report of a seeded synthetic book, analysed with the ``erokhin`` policy set."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from kam_core import Deal, DealStatus, SalesType, analyze, generate_book
from kam_core._words import Term
from kam_core.cli._common import say
from kam_core.cli._progress import Progress
from kam_core.cli._run import check_output, write_report
from kam_core.policies import Assortment, Bant, PolicySet

__all__ = ["run"]


def run(args: Any) -> int:
    """Generate the book, analyse it, write the report; the exit code."""
    lang = args.lang or "en"
    check_output(args, (), lang)
    book = generate_book(
        args.clients,
        seed=args.seed,
        as_of=args.as_of,
        currency="RUB",
        managers=max(3, args.clients // 40),
    )
    # the preset, and the assortment view of the client manager's fourth task; the
    # synthetic book spreads its eight categories evenly over the clients, so no category
    # is bought by most peers: the demo draws white spots from a quarter of them (said so)
    policies = PolicySet.preset("erokhin", currency=book.currency).replace(
        Assortment(white_spot_share=Decimal("0.25"))
    )
    note = None
    system = getattr(args, "sales_system", None)
    if system is not None:  # the BANT preset written for that sales system, same pass lines
        bant = policies.get("bant")
        policies = policies.replace(
            Bant.preset_for(
                system, min_budget=bant.min_budget, max_days_to_decision=bant.max_days_to_decision
            )
        )
        asks = tuple(Term(n) for n in policies.get("bant").ask_order)
        note = say("qualification", lang, system=SalesType(system), asks=asks)
    by_status = dict.fromkeys(DealStatus, 0)
    progress = Progress("demo", len(book.clients))

    def counted(deals: Iterable[Deal]) -> Iterator[Deal]:
        last = None
        for deal in deals:
            by_status[deal.status] += 1
            if deal.client_id != last:
                last = deal.client_id
                progress.advance(1)
            yield deal

    report = analyze(
        book.clients,
        counted(book.deals()),
        as_of=args.as_of,
        policies=policies,
        leads=book.leads,
        currency=book.currency,
        managers=book.managers,
        touches=book.touches(),
    )
    progress.close()
    title = say("title", lang, clients=len(book.clients), as_of=args.as_of, seed=args.seed)
    return write_report(
        args, report, policies, lang, title=title, deal_counts=by_status, funnel_note=note
    )
