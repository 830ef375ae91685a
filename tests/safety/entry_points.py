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

import json
import os
import resource
import subprocess
import sys
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
from kam_core.cli._common import EXIT_DATA, EXIT_IO, EXIT_OK, EXIT_USAGE, say
from kam_core.errors import (
    MoneyError,
    PolicyConfigError,
    PolicyEvaluationError,
    ReadOptionError,
    ReturnsExceedPurchasesError,
    RowError,
)
from tests.safety import hostile as h
from tests.safety.exports import AS_OF, Export, exports, mild_exports


@attrs.frozen
class EntryPoint:
    """A public function fed outside input, the errors it documents, and its inputs."""

    name: str
    call: Callable[[Any], object]
    inputs: st.SearchStrategy[Any]
    documented: tuple[type[BaseException], ...]
    ci_examples: int | None = None
    """Cases of the short CI profile, when fewer than its default (a subprocess is slow)."""

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
    name: str,
    *,
    inputs: st.SearchStrategy[Any],
    documented: tuple[type[BaseException], ...],
    ci_examples: int | None = None,
) -> Callable[[Callable[[Any], object]], Callable[[Any], object]]:
    """Register ``call`` under ``name`` with its inputs and documented errors."""

    def register(call: Callable[[Any], object]) -> Callable[[Any], object]:
        ENTRY_POINTS[name] = EntryPoint(name, call, inputs, documented, ci_examples)
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


# -- the command line -------------------------------------------------------------------

CLI_TIME_BOUND = 15.0
"""Wall seconds one ``analyze`` run may take: a run still going then is a hang (an escape).

Below the fuzz command's watchdog (ten times its ``--timeout``, 20 s by default), so a
hang is reported as this case's escape rather than ending the worker."""

CLI_MEMORY_BOUND = 2**30
"""Address space of the child process (1 GiB): past it Python raises MemoryError, which
the command line does not document, so a run that would take the host's memory is an
escape too."""


class CliRefusal(Exception):
    """The command line refused its input as documented: exit 1, 2 or 3, and one line on
    stderr starting with the error prefix of its language (docs/cli.md)."""


class CliEscape(Exception):
    """The command line broke its promise: a traceback, a signal, an undocumented exit
    code, a failure without its one line on stderr, or a run past the time bound."""


@attrs.frozen
class CliRun:
    """One ``python -m kam_core analyze`` run: the files it reads and its flags."""

    deals: Export
    clients: Export | None
    as_of: bool
    format: str
    lang: str | None

    def __repr__(self) -> str:
        clients = "no clients" if self.clients is None else repr(self.clients)
        flags = f"as_of={self.as_of}, format={self.format}, lang={self.lang}"
        return f"CliRun({self.deals!r}, {clients}, {flags})"


cli_runs = st.builds(
    CliRun,
    deals=exports("deals") | mild_exports("deals"),
    clients=st.none() | exports("clients") | mild_exports("clients"),
    as_of=st.booleans(),
    format=st.sampled_from(["json", "csv", "table"]),
    lang=st.sampled_from([None, "en", "ru"]),
)


def _write_export(export: Export, path: Path) -> None:
    if isinstance(export.data, str):
        path.write_text(export.data, encoding="utf-8", newline="")
    else:
        path.write_bytes(export.data)


def _cli_flags(export: Export, folder: Path) -> list[str]:
    """The reader options of an export as ``analyze`` takes them (docs/cli.md)."""
    options = export.options
    flags: list[str] = []
    if options.get("encoding") is not None:
        flags += ["--encoding", str(options["encoding"])]
    elif isinstance(export.data, str):
        flags += ["--encoding", "utf-8"]  # the text was written as UTF-8
    if options.get("decimal") is not None:
        flags += ["--decimal", str(options["decimal"])]
    if options.get("currency") is not None:
        flags += ["--currency", str(options["currency"])]
    for old, new in (options.get("columns") or {}).items():
        flags += ["--column", f"{old}={new}"]
    if options.get("values"):
        value_map = folder / "values.json"
        value_map.write_text(json.dumps(options["values"], ensure_ascii=False), encoding="utf-8")
        flags += ["--value-map", str(value_map)]
    return flags


def _limit_memory() -> None:  # pragma: no cover - runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (CLI_MEMORY_BOUND, CLI_MEMORY_BOUND))


@entry_point("cli analyze", inputs=cli_runs, documented=(CliRefusal,), ci_examples=4)
def _cli_analyze(run: CliRun) -> object:
    """``python -m kam_core analyze`` as a subprocess on the export written to files.

    Documented outcomes (docs/cli.md, "Errors and exit codes"): exit 0 with the report
    written; or exit 1, 2 or 3 with one line on stderr starting with the error prefix of
    the language, and no traceback (raised as :class:`CliRefusal`).  Anything else raises
    :class:`CliEscape`.
    """
    with tempfile.TemporaryDirectory(prefix="kam-fuzz-cli-") as name:
        folder = Path(name)
        deals = folder / "deals.csv"
        _write_export(run.deals, deals)
        command = [sys.executable, "-m", "kam_core", "analyze", "--deals", str(deals)]
        if run.clients is not None:
            clients = folder / "clients.csv"
            _write_export(run.clients, clients)
            command += ["--clients", str(clients)]
        if run.as_of:
            command += ["--as-of", AS_OF.isoformat()]
        if run.lang is not None:
            command += ["--lang", run.lang]
        output = folder / f"report.{run.format}"
        command += ["--format", run.format, "--output", str(output)]
        command += _cli_flags(run.deals, folder)
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=CLI_TIME_BOUND,
                cwd=folder,
                env={**os.environ, "PYTHONPATH": _PYTHONPATH},
                preexec_fn=_limit_memory,  # the fuzz runs no threads: fork-safe
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise CliEscape(f"still running after {CLI_TIME_BOUND:g} s") from exc
        return _judge(done, output, run.lang or "en")


_PYTHONPATH = os.pathsep.join(
    [str(Path(kc.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]
).rstrip(os.pathsep)
"""The child imports the kam_core this process imports (the worktree's, or a mutant's)."""


def _judge(done: subprocess.CompletedProcess[str], output: Path, lang: str) -> int:
    """The exit code of a run that kept the promise; CliRefusal or CliEscape otherwise."""
    stderr = done.stderr
    if "Traceback (most recent call last)" in stderr:
        raise CliEscape(f"exit {done.returncode} with a traceback: {stderr[-600:]}")
    if done.returncode < 0:
        raise CliEscape(f"ended by signal {-done.returncode}: {stderr[-300:]}")
    if done.returncode == EXIT_OK:
        if not output.is_file() or output.stat().st_size == 0:
            raise CliEscape("exit 0 but no report written")
        return done.returncode
    if done.returncode not in (EXIT_DATA, EXIT_USAGE, EXIT_IO):
        raise CliEscape(f"undocumented exit code {done.returncode}: {stderr[-300:]}")
    prefix = say("error.prefix", lang, message="")
    lines = [line for line in stderr.splitlines() if line.strip()]
    if not lines or not lines[-1].startswith(prefix):
        raise CliEscape(f"exit {done.returncode} without its one line: {stderr[-300:]!r}")
    raise CliRefusal(lines[-1])
