"""The public entry points that take outside input, what they may raise, and their inputs.

One registry serves both the short CI profile (``tests/safety/test_fuzz_entry_points.py``)
and the long command (``python tools/fuzz.py --cases 100000``).  Adding an entry point
is one small function::

    @entry_point("kam_core.io.read_deals", inputs=csv_files(), documented=(RowError,))
    def read_deals(path):
        kam_core.io.read_deals(path)

The property every entry point must keep: a call either returns or raises one of its
``documented`` errors; nothing else escapes.  The readers and ``frames.analyze`` take
hostile CSV exports (``tests/safety/exports.py``); the command line joins the same way,
one function that writes the export to a temporary file and runs
``python -m kam_core`` on it as a subprocess, documenting its exit codes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st
from pydantic import ValidationError

import kam_core as kc
from kam_core import io as kio
from kam_core import policies as p
from kam_core.errors import (
    MoneyError,
    PolicyConfigError,
    PolicyEvaluationError,
    ReadOptionError,
    ReturnsExceedPurchasesError,
    RowError,
)
from tests.safety import hostile as h
from tests.safety.exports import AS_OF, Export, exports


@attrs.frozen
class EntryPoint:
    """A public function fed outside input, the errors it documents, and its inputs."""

    name: str
    call: Callable[[Any], object]
    inputs: st.SearchStrategy[Any]
    documented: tuple[type[BaseException], ...]

    def escapes(self, case: Any) -> BaseException | None:
        """Run one case: the undocumented exception it raised, or None."""
        try:
            self.call(case)
        except self.documented:
            return None
        except Exception as exc:  # the property under test: nothing else escapes
            return exc
        return None


ENTRY_POINTS: dict[str, EntryPoint] = {}


def entry_point(
    name: str, *, inputs: st.SearchStrategy[Any], documented: tuple[type[BaseException], ...]
) -> Callable[[Callable[[Any], object]], Callable[[Any], object]]:
    """Register ``call`` under ``name`` with its inputs and documented errors."""

    def register(call: Callable[[Any], object]) -> Callable[[Any], object]:
        ENTRY_POINTS[name] = EntryPoint(name, call, inputs, documented)
        return call

    return register


# -- the rules engine -------------------------------------------------------------------

_config_dicts = st.one_of(
    h.mutated(h.policy_documents),
    h.mutated(h.policy_documents, max_mutations=8),
    h.mutated(h.policy_documents, leaves=h.json_leaves),
)


@entry_point(
    "policies.load:text",
    inputs=h.texts_of(h.mutated(h.policy_documents, leaves=h.json_leaves)),
    documented=(PolicyConfigError,),
)
def _load_text(text: str) -> object:
    return p.load(text)


@entry_point(
    "policies.load:bytes",
    inputs=h.bytes_of(h.mutated(h.policy_documents, leaves=h.json_leaves)),
    documented=(PolicyConfigError,),
)
def _load_bytes(data: bytes) -> object:
    return p.load(data)


@entry_point("policies.load:dict", inputs=_config_dicts, documented=(PolicyConfigError,))
def _load_dict(data: Any) -> object:
    return p.load(data)


@entry_point(
    "policies.load_criterion",
    inputs=st.one_of(
        h.mutated(h.criterion_documents),
        h.texts_of(h.mutated(h.criterion_documents, leaves=h.json_leaves)),
        h.hostile_leaves,
    ),
    documented=(PolicyConfigError,),
)
def _load_criterion(data: Any) -> object:
    return p.load_criterion(data)


_preset_calls = st.tuples(
    st.sampled_from(["erokhin", "erokhin", "Erokhin", "", "x" * 1000]),
    st.sampled_from(["RUB", "USD", "JPY", "rub", "RUR", ""]) | st.text(max_size=4),
)


@entry_point(
    "policies.PolicySet",
    inputs=st.one_of(
        h.mutated(h.policy_set_documents, max_mutations=6),
        h.texts_of(h.mutated(h.policy_set_documents, leaves=h.json_leaves)),
        _preset_calls,
    ),
    documented=(PolicyConfigError, ValueError),
)
def _policy_set(data: Any) -> object:
    if isinstance(data, tuple):  # PolicySet.preset(name, currency=...) documents ValueError
        return p.PolicySet.preset(data[0], currency=data[1])
    return p.PolicySet.load(data)


# -- entities ---------------------------------------------------------------------------


def _entity_inputs(cls: type[kc.Entity]) -> st.SearchStrategy[Any]:
    docs = h.ENTITY_DOCUMENTS[cls]
    return st.one_of(
        h.mutated(docs),
        h.mutated(docs, max_mutations=6),
        h.texts_of(h.mutated(docs, leaves=h.json_leaves)),
        h.bytes_of(h.mutated(docs, leaves=h.json_leaves)),
    )


def _validate(cls: type[kc.Entity]) -> Callable[[Any], object]:
    def call(data: Any) -> object:
        if isinstance(data, str | bytes):
            entity = cls.model_validate_json(data)
        else:
            entity = cls.model_validate(data)
        # what was accepted must dump and load back (the round trip is a promise too)
        again = cls.model_validate_json(entity.model_dump_json())
        assert again == entity, f"{cls.__name__} round trip changed the entity"
        return again

    return call


for _cls in h.ENTITY_DOCUMENTS:
    entry_point(
        f"{_cls.__name__}.model_validate",
        inputs=_entity_inputs(_cls),
        documented=(ValidationError,),
    )(_validate(_cls))


# -- money ------------------------------------------------------------------------------


@entry_point("Money", inputs=st.tuples(h.amounts_any, h.currencies_any), documented=(MoneyError,))
def _money(case: tuple[Any, Any]) -> object:
    m = kc.Money(*case)
    return str(m), repr(m), m.to_dict()


@entry_point(
    "Money.from_dict",
    inputs=st.one_of(
        st.fixed_dictionaries({"amount": h.amounts_any, "currency": h.currencies_any}),
        h.mutated(st.just({"amount": "1250.50", "currency": "RUB"})),
        h.hostile_leaves,
    ),
    documented=(MoneyError,),
)
def _money_from_dict(data: Any) -> object:
    m = kc.Money.from_dict(data)
    return m.to_dict()


@entry_point(
    "Money arithmetic",
    inputs=st.tuples(h.operations, h.valid_moneys, h.operands),
    documented=(MoneyError, TypeError),  # TypeError: Python's protocol for foreign operands
)
def _money_arithmetic(case: tuple[str, kc.Money, Any]) -> object:
    name, a, b = case
    result = h.operate(name, a, b)
    if isinstance(result, kc.Money):
        return str(result), result.to_dict(), result.round()
    return result


@entry_point(
    "Money rounding and formatting",
    inputs=st.tuples(h.valid_moneys, h.places_any, h.roundings_any),
    documented=(MoneyError,),
)
def _money_rounding(case: tuple[kc.Money, Any, Any]) -> object:
    money, places, rounding = case
    rounded = money.round(places, rounding=rounding)
    return str(rounded), repr(rounded), rounded.to_dict(), format(rounded), f"{money}"


# -- statistics -------------------------------------------------------------------------


@entry_point(
    "ClientStats.from_deals/merge",
    inputs=h.books,
    # ReturnsExceedPurchasesError: a book whose returns give back more than was bought
    documented=(MoneyError, PolicyEvaluationError, ReturnsExceedPurchasesError),
)
def _stats(case: tuple[list[kc.Deal], str, Any, int, str | None]) -> object:
    deals, client_id, as_of, split, currency = case
    whole = kc.ClientStats.from_deals(deals, client_id=client_id, as_of=as_of, currency=currency)
    # the partitions of a valid book: a return's purchase may be in the other one
    first = kc.ClientStats.from_deals(
        deals[:split], client_id=client_id, as_of=as_of, currency=whole.currency, partial=True
    )
    rest = kc.ClientStats.from_deals(
        deals[split:], client_id=client_id, as_of=as_of, currency=whole.currency, partial=True
    )
    merged = first.merge(rest)
    merged.check_returns()
    assert merged == whole, "merging the partitions changed the stats"
    return whole.total, whole.revenue_by_month, whole.overdue, whole.payments


# -- CSV exports ------------------------------------------------------------------------

_READERS: dict[str, Callable[..., Any]] = {
    "deals": kio.read_deals,
    "clients": kio.read_clients,
    "leads": kio.read_leads,
}


def _read(export: Export) -> tuple[Any, ...]:
    """Read an export as a user would, from a stream or (one case in four) from a file."""
    read = _READERS[export.kind]
    if len(export.data) % 4:
        return _consumed(read(export.source(), **export.options), export)
    with tempfile.TemporaryDirectory(prefix="kam-fuzz-") as folder:
        path = Path(folder) / f"{export.kind}.csv"
        if isinstance(export.data, str):
            path.write_text(export.data, encoding="utf-8", newline="")
            options = {**export.options, "encoding": "utf-8"}
        else:
            path.write_bytes(export.data)
            options = export.options
        return _consumed(read(path, **options), export)


def _consumed(result: Any, export: Export) -> tuple[Any, ...]:
    if export.options.get("errors") != "collect":
        return tuple(result)
    good, rejected = result
    # every rejected record names its row and a reason code the docs list
    for record in rejected:
        assert record.row >= 2, record
        assert record.code.startswith("io."), record
        assert record.row in record.rows, record
    return good, rejected


for _kind in _READERS:
    entry_point(
        f"kam_core.io.read_{_kind}",
        inputs=exports(_kind),
        documented=(RowError, ReadOptionError),
    )(_read)


def _frame_of(export: Export) -> Any:
    """The export as polars reads it (every column as text), or None if polars cannot."""
    import polars as pl

    data = export.data if isinstance(export.data, bytes) else export.data.encode("utf-8")
    try:
        return pl.read_csv(
            data,
            infer_schema=False,
            separator=export.options.get("delimiter") or _sniffed(data),
            encoding="utf8-lossy",
            truncate_ragged_lines=True,
        )
    except Exception:  # polars' own reading of the CSV is not under test here
        return None


def _sniffed(data: bytes) -> str:
    head = data.split(b"\n", 1)[0]
    return "\t" if b"\t" in head else (";" if b";" in head else ",")


def _frames_analyze(export: Export) -> object:
    frame = _frame_of(export)
    if frame is None:
        return None
    from kam_core import frames

    report = frames.analyze(
        frame,
        as_of=AS_OF,
        policies=_FRAME_POLICIES,
        currency=export.options.get("currency"),
    )
    return report.summary(), report.rows()


_FRAME_POLICIES: Iterable[object] = (p.Abc(), p.Xyz(), p.Rfm(), p.Sleeping())

try:
    import polars  # noqa: F401
except ImportError:  # pragma: no cover - without the extra there is no frames entry point
    pass
else:
    entry_point(
        "kam_core.frames.analyze",
        inputs=exports("deals"),
        documented=(RowError, ReadOptionError, MoneyError, PolicyEvaluationError),
    )(_frames_analyze)
