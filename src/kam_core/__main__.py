"""Command line: ``python -m kam_core demo``; the only module that prints.

The demo builds a small seeded client base in memory and prints what kam_core
computes from it.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from kam_core import Client, ClientStats, Deal, DealLine, DealStatus, Money, Role, build_stats

__all__ = ["main"]


def _demo_book(clients: int, seed: int, as_of: date) -> tuple[list[Client], list[Deal]]:
    rng = random.Random(seed)
    book: list[Client] = []
    deals: list[Deal] = []
    for i in range(1, clients + 1):
        client = Client(id=f"C-{i:03d}", name=f"Client {i:03d}", owner=Role.CLIENT_MANAGER)
        book.append(client)
        size = Decimal(rng.choice([5_000, 20_000, 80_000, 300_000]))
        day = as_of - timedelta(days=rng.randint(200, 700))
        n = 0
        while day <= as_of:
            n += 1
            qty = Decimal(rng.randint(1, 10))
            price = Money(size / 10, "RUB").round()
            deals.append(
                Deal(
                    id=f"D-{i:03d}-{n:03d}",
                    client_id=client.id,
                    status=DealStatus.WON,
                    opened_on=day,
                    closed_on=day,
                    amount=price * qty,
                    lines=(
                        DealLine(
                            product_id=f"SKU-{rng.randint(1, 12):02d}",
                            quantity=qty,
                            unit_price=price,
                        ),
                    ),
                )
            )
            day += timedelta(days=rng.randint(15, 120))
    return book, deals


def _demo(args: argparse.Namespace) -> int:
    as_of = date.fromisoformat(args.as_of)
    clients, deals = _demo_book(args.clients, args.seed, as_of)
    stats = build_stats(deals, as_of=as_of, currency="RUB", clients=[c.id for c in clients])
    ordered: list[ClientStats] = sorted(
        stats.values(), key=lambda s: (-s.total.amount, s.client_id)
    )
    print(f"kam_core demo: {len(clients)} clients, {len(deals)} deals, as of {as_of}")
    print(f"{'client':<8} {'orders':>6} {'total':>16} {'last order':>12} {'products':>8}")
    for s in ordered:
        last = s.last_order_on.isoformat() if s.last_order_on else "—"
        print(
            f"{s.client_id:<8} {s.order_count:>6} {s.total!s:>16} {last:>12} {len(s.products):>8}"
        )
    book_total = Money.total((s.total for s in ordered), currency="RUB")
    print(f"book total: {book_total}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kam_core", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the methodology on a seeded synthetic client base")
    demo.add_argument("--clients", type=int, default=12)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--as-of", default="2026-11-24", help="YYYY-MM-DD")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m kam_core``."""
    args = _parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
