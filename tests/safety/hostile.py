"""Hypothesis strategies for hostile input: what a CRM field, an API payload or an admin
screen may send kam_core (issue 22).

Three layers, each built on valid documents so the fuzz reaches deep into validation:

- hostile *leaves*: numbers past every bound, exponents of a billion, 5,000-digit
  integers, NaN, long strings, odd dates, wrong types;
- *mutated documents*: a valid entity or policy as JSON data with a few leaves replaced,
  keys dropped or added, containers swapped;
- *bytes*: the JSON text of a mutated document with bytes flipped, cut, repeated or
  inserted, raw binary and byte-order marks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

import kam_core as kc
from kam_core import policies as p
from kam_core.testing import bant_facts, clients, deals, leads

# -- hostile leaves ---------------------------------------------------------------------

_BOUNDARY_DIGITS = (1, 6, 7, 17, 18, 19, 21, 22, 23, 28, 29, 39, 40, 41)

numbers_past_bounds = st.sampled_from(
    [
        "1e999999999",
        "-1e999999999",
        "1e999999999999999999",
        "1e-999999999",
        "0e-999999999",
        "0e+999999999",
        "999999999999999999.999999",
        "1000000000000000000",
        "0.0000001",
        "-0",
        "NaN",
        "sNaN",
        "-Infinity",
        "1_000",
        " 12.50 ",
        "١٢٣",  # Arabic-Indic digits: Decimal reads them
        "1E+18",
        "1E+17",
    ]
) | st.sampled_from([("9", 5000, ""), ("0.", 5000, "1"), ("1.", 100, "")]).map(
    lambda t: t[0] + "0" * t[1] + t[2] if t[0] != "9" else "9" * t[1]
)
"""Amount texts at, past and around the bounds."""

# Strategies hold small descriptions and build the values: hypothesis shows a strategy's
# repr, and the repr of a 5,000-digit int raises in Python itself.
huge_ints = st.sampled_from(
    [
        (10, 5000, 0),
        (-10, 5000, 0),
        (2, 63, 0),
        (-2, 63, -1),
        (10, 40, 0),
        (10, 41, 0),
        (10, 100, 0),
        (2, 4000, 0),
        (10, 5000, -1),
    ]
).map(lambda t: (t[0] // abs(t[0])) * abs(t[0]) ** t[1] + t[2]) | st.sampled_from(
    _BOUNDARY_DIGITS
).flatmap(lambda k: st.sampled_from([-1, 0, 1, 2]).map(lambda d: 10**k + d if d < 2 else -(10**k)))

hostile_decimals = st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [
        Decimal("1e999999999"),
        Decimal("-1e999999999"),
        Decimal("1e-999999999"),
        Decimal("0e-999999999"),
        Decimal("0e+999999999"),
        Decimal("1.000000000000000000000000000000000000000000000000000000000000"),
        Decimal("sNaN"),
        Decimal("-0"),
        Decimal("999999999999999999.999999"),
    ]
)

long_strings = st.sampled_from(
    [("x", 10_001), ("9", 100_000), ("a", 1_000_001), ("\u0000", 5000), ("é", 20_000)]
).map(lambda t: t[0] * t[1])

odd_dates = st.sampled_from(
    [
        "0001-01-01",
        "9999-12-31",
        "2026-02-30",
        "2026-13-01",
        "20260101",
        "2026-1-1",
        "2026-11-24T10:00:00+03:00",
        "24.11.2026",
        "",
    ]
) | st.dates().map(date.isoformat)

hostile_leaves: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    numbers_past_bounds,
    long_strings,
    odd_dates,
    st.binary(max_size=20),
    st.sampled_from(["RUB", "rub", "XXX", "USD", "JPY", "KWD", "won", "lost", "open", "abc"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
"""Any value a hostile document may hold in place of a valid one (JSON and Python)."""


class BigLiteral(str):
    """An integer too long for Python's int-to-text limit, kept as its JSON digits."""


json_leaves: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([41, 100, 5000, 100_000]).map(lambda n: BigLiteral("9" * n)),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    numbers_past_bounds,
    long_strings,
    odd_dates,
    st.sampled_from(["RUB", "rub", "XXX", "USD", "JPY", "won", "lost", "abc"]),
)
"""Values JSON can carry (a long int is written out as digits)."""


# -- mutated documents ------------------------------------------------------------------

_EXTRA_KEYS = st.sampled_from(["kind", "amount", "currency", "note", "id", "x" * 300, ""])


def _paths(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair in a JSON-like document, breadth first."""
    out: list[tuple[Any, Any]] = []
    queue = [doc]
    while queue:
        node = queue.pop(0)
        if isinstance(node, dict):
            for key, value in node.items():
                out.append((node, key))
                queue.append(value)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                out.append((node, i))
                queue.append(value)
    return out


@st.composite
def mutated(
    draw: st.DrawFn,
    documents: st.SearchStrategy[Any],
    leaves: st.SearchStrategy[Any] = hostile_leaves,
    max_mutations: int = 3,
) -> Any:
    """A valid document with up to ``max_mutations`` hostile changes (often none)."""
    doc = json.loads(json.dumps(draw(documents)))  # a private, JSON-shaped copy
    for _ in range(draw(st.integers(0, max_mutations))):
        paths = _paths(doc)
        if not paths:
            break
        container, key = paths[draw(st.integers(0, len(paths) - 1))]
        how = draw(st.sampled_from(["replace", "replace", "replace", "drop", "add", "wrap"]))
        if how == "replace":
            container[key] = draw(leaves)
        elif how == "drop":
            del container[key]
        elif how == "add" and isinstance(container, dict):
            container[draw(_EXTRA_KEYS)] = draw(leaves)
        elif how == "wrap":
            container[key] = [container[key]] if draw(st.booleans()) else {"x": container[key]}
    return doc


def to_json(doc: Any) -> str:
    """JSON text of a document; a :class:`BigLiteral` is written as a bare number."""
    bigs: list[str] = []

    def marked(node: Any) -> Any:
        if isinstance(node, BigLiteral):
            bigs.append(str(node))
            return f"@@big{len(bigs) - 1}@@"
        if isinstance(node, dict):
            return {k: marked(v) for k, v in node.items()}
        if isinstance(node, list):
            return [marked(v) for v in node]
        return node

    text = json.dumps(marked(doc), ensure_ascii=False, default=str)
    for i, digits in enumerate(bigs):
        text = text.replace(f'"@@big{i}@@"', digits, 1)
    return text


def dumped(documents: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """The JSON text of documents (non-JSON floats written as Python writes them)."""
    return documents.map(to_json)


@st.composite
def byte_mutated(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> bytes:
    """UTF-8 of a text with bytes flipped, cut, repeated or inserted; sometimes a BOM."""
    data = bytearray(draw(texts).encode("utf-8"))
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            data.extend(draw(st.binary(min_size=1, max_size=8)))
            continue
        at = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        if how == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "cut":
            del data[at : at + draw(st.integers(1, 16))]
        elif how == "repeat":
            chunk = data[at : at + draw(st.integers(1, 16))]
            data[at:at] = chunk * draw(st.integers(1, 50))
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at:]
    if draw(st.integers(0, 9)) == 0:
        data[0:0] = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
    return bytes(data)


def texts_of(documents: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """JSON text: of documents, byte-mutated and decoded leniently, or arbitrary text."""
    as_text = dumped(documents)
    return st.one_of(
        as_text,
        as_text,
        byte_mutated(as_text).map(lambda b: b.decode("utf-8", errors="replace")),
        st.text(max_size=200),
        st.sampled_from(
            ["[" * 10_000, '{"kind": ' * 5000, "{" + '"a":1,' * 30_000 + '"b":2}', "\ufeff{}"]
        ),
    )


def bytes_of(documents: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    """UTF-8 bytes: of documents, byte-mutated, or raw binary."""
    as_text = dumped(documents)
    return st.one_of(
        as_text.map(lambda t: t.encode("utf-8")),
        byte_mutated(as_text),
        byte_mutated(as_text),
        st.binary(max_size=200),
    )


# -- valid documents to start from ------------------------------------------------------


def _policy_documents() -> list[dict[str, Any]]:
    """Every built-in policy's configuration, the preset set and a few criteria trees."""
    preset = p.PolicySet.preset("erokhin", currency="RUB")
    docs = [preset.to_dict(), *(policy.to_dict() for policy in preset)]
    for kind in p.registered_policies():
        if kind == "policy_set":
            continue
        try:
            docs.append(p.load({"kind": kind}).to_dict())
        except kc.errors.PolicyConfigError:
            continue  # a kind with required fields: the preset's instance covers it
    docs.append(
        p.DecisionTable(
            hit="first",
            inputs=(p.TableInput(name="abc", values=("A", "B", "C")),),
            rows=(p.Row(when={"abc": ("A",)}, output="key"), p.Row(output="rest")),
        ).to_dict()
    )
    return docs


POLICY_DOCUMENTS = _policy_documents()
CRITERION_DOCUMENTS = [
    p.OrderCount(at_least=3).to_dict(),
    p.CumulativeRevenue(at_least=kc.Money("1000000", "RUB")).to_dict(),
    p.BoughtProduct(product_ids=("SKU-42",), categories=("paper",)).to_dict(),
    p.AnyOf(of=(p.OrderCount(at_least=3), p.Not(of=p.OrderCount(at_least=9)))).to_dict(),
    p.AtLeast(n=1, of=(p.OrderCount(at_least=2), p.OrderCount(at_least=5))).to_dict(),
]

policy_documents = st.sampled_from(POLICY_DOCUMENTS)
criterion_documents = st.sampled_from(CRITERION_DOCUMENTS)
policy_set_documents = st.just(POLICY_DOCUMENTS[0])


def _json_of(entities: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return entities.map(lambda e: e.model_dump(mode="json"))


def _pool(entities: Any) -> st.SearchStrategy[Any]:
    """Documents of ready-made entities: drawing one costs nothing (10⁵ cases add up)."""
    return st.sampled_from([e.model_dump(mode="json") for e in entities])


_AS_OF = date(2026, 11, 24)
_BOOK = kc.generate_book(60, seed=22, as_of=_AS_OF, deals_per_client=5)
_BOOK_DEALS = list(_BOOK.deals())
ENTITY_DOCUMENTS: dict[type[kc.Entity], st.SearchStrategy[Any]] = {
    kc.Client: _pool(_BOOK.clients) | _json_of(clients()),
    kc.Deal: _pool(_BOOK_DEALS) | _json_of(deals()),
    kc.DealLine: _pool(line for deal in _BOOK_DEALS for line in deal.lines),
    kc.Lead: _pool(_BOOK.leads) | _json_of(leads()),
    kc.BantFacts: _pool(lead.bant for lead in _BOOK.leads) | _json_of(bant_facts()),
    kc.Stakeholder: _pool(s for client in _BOOK.clients for s in client.stakeholders),
    kc.Dossier: st.just(
        kc.Dossier(
            history=(kc.DossierEntry(on=_AS_OF, summary="Тендер", kind="tender"),),
            employees=120,
            annual_revenue=kc.Money("250000000", "RUB"),
            competitors=("ООО Гамма",),
            facts=(kc.CompanyFact(name="ERP", value="1С:ERP"),),
        ).model_dump(mode="json")
    ),
    kc.Evidence: st.just(
        kc.Evidence(criterion="metrics", level=3, note="ROI", observed_on=_AS_OF).model_dump(
            mode="json"
        )
    ),
    kc.SalesSystemProfile: st.just(
        kc.SalesSystemProfile(
            price=kc.Level.LOW,
            complexity=kc.Level.MEDIUM,
            client_count=3000,
            orders_per_year=8,
            average_deal_size=kc.Money("45000", "RUB"),
            decision_group_size=3,
        ).model_dump(mode="json")
    ),
}
"""Valid JSON documents of each entity the fuzz suite validates."""


# -- money ------------------------------------------------------------------------------

amounts_any = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    numbers_past_bounds,
    huge_ints,
    st.integers(-(10**19), 10**19),
    hostile_decimals,
    st.floats(),
    st.text(max_size=30),
    long_strings,
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)
currencies_any = st.one_of(
    st.sampled_from(["RUB", "USD", "JPY", "KWD", "rub", "RUR", "XXX", ""]),
    st.text(max_size=5),
    st.integers(),
    st.none(),
)


def _valid_amounts() -> st.SearchStrategy[Decimal]:
    """Amounts within the default bounds, the extremes over-represented."""
    extreme = st.sampled_from(
        ["999999999999999999.999999", "-999999999999999999.999999", "0.000001", "0", "-0.000001"]
    ).map(Decimal)
    ordinary = st.decimals(
        min_value=Decimal("-999999999999999999.999999"),
        max_value=Decimal("999999999999999999.999999"),
        places=6,
        allow_nan=False,
        allow_infinity=False,
    )
    return st.one_of(extreme, ordinary, st.integers(-(10**18) + 1, 10**18 - 1).map(Decimal))


valid_amounts = _valid_amounts()
valid_moneys = st.builds(kc.Money, valid_amounts, st.sampled_from(["RUB", "RUB", "USD", "JPY"]))
"""Money within the default bounds, in a few currencies (mixing them must raise)."""

operands = st.one_of(
    valid_moneys,
    st.integers(-1000, 1000),
    huge_ints,
    hostile_decimals,
    st.floats(),
    st.none(),
    st.text(max_size=4),
)
"""What may stand on the other side of a Money operation."""

_OPERATIONS: dict[str, Callable[[kc.Money, Any], object]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "r*": lambda a, b: b * a,
    "/": lambda a, b: a / b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    "neg": lambda a, _: -a,
    "abs": lambda a, _: abs(a),
    "total": lambda a, b: kc.Money.total([a, b, a], currency=a.currency),
}
operations = st.sampled_from(sorted(_OPERATIONS))


def operate(name: str, a: kc.Money, b: Any) -> object:
    """Apply the named operation (a chain of two, so computed amounts meet again)."""
    result = _OPERATIONS[name](a, b)
    if isinstance(result, kc.Money):
        return result + result
    return result


places_any = st.one_of(
    st.none(),
    st.integers(-30, 70),
    huge_ints,
    st.booleans(),
    st.text(max_size=3),
    st.floats(),
)
roundings_any = st.one_of(
    st.sampled_from(
        ["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN", "ROUND_CEILING", "ROUND_05UP"]
    ),
    st.text(max_size=12),
    st.none(),
    st.integers(),
)


# -- books for ClientStats --------------------------------------------------------------

_CLIENTS = ("C-1", "C-2")


_statuses = st.sampled_from(list(kc.DealStatus))
_currencies = st.sampled_from(["RUB", "RUB", "RUB", "USD"])
_products = st.sampled_from(["SKU-1", "SKU-2"])
_quantities = st.sampled_from([Decimal("0.000001"), Decimal(1), Decimal("999999999999999999")])
_days = st.integers(0, 3660)
_maybe = st.booleans()


@st.composite
def extreme_deals(draw: st.DrawFn) -> kc.Deal:
    """Valid deals at the edges: amounts at the bounds, any date in the calendar."""

    def later(day: date) -> date:
        return day + timedelta(days=min(draw(_days), (date.max - day).days))

    status = draw(_statuses)
    opened = draw(st.dates())
    closed = None if status is kc.DealStatus.OPEN else later(opened)
    currency = draw(_currencies)
    lines = tuple(
        kc.DealLine(
            product_id=draw(_products),
            category="paper" if draw(_maybe) else None,
            quantity=draw(_quantities),
            unit_price=kc.Money(abs(draw(valid_amounts)), currency),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    return kc.Deal(
        id=f"D-{draw(st.integers(0, 10**6))}",
        client_id=draw(st.sampled_from(_CLIENTS)),
        status=status,
        opened_on=opened,
        closed_on=closed,
        amount=kc.Money(abs(draw(valid_amounts)), currency),
        lines=lines,
        margin=kc.Money(draw(valid_amounts), currency) if draw(_maybe) else None,
        due_on=later(opened) if draw(_maybe) else None,
        paid_on=later(opened) if draw(_maybe) else None,
        referred_by="C-9" if draw(_maybe) else None,
    )


_book_deals = st.sampled_from(
    [d.replace(client_id=_CLIENTS[i % 2]) for i, d in enumerate(_BOOK_DEALS[:200])]
)
books = st.tuples(
    st.lists(extreme_deals() | _book_deals | _book_deals, max_size=12),
    st.sampled_from(_CLIENTS),
    st.dates(),
    st.integers(0, 12),
    st.none() | st.sampled_from(["RUB", "USD"]),
)
"""(deals, client id, as_of, where to split them, currency or None) for stats and merge."""
