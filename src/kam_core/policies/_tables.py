"""Decision tables (DMN-like): rows of conditions on named facts, a hit policy, checks at load.

Inputs are named facts read from :attr:`Facts.values <kam_core.policies.Facts>` (or a
plain mapping): a ``"text"`` input takes one of its declared ``values``; a ``"number"``
input takes a number, optionally bounded by ``min`` (inclusive) and ``max`` (exclusive).
Each row gives, per input, a cell: ``"any"``, a list of allowed values, or a half-open
numeric range ``{"min": a, "max": b}`` (``min ≤ x < max``; either side may be left out).

At load the table is analysed over its *elementary cells* (every declared text value ×
every interval between the numbers any row or bound mentions) and refused with a
:class:`~kam_core.errors.PolicyConfigError` naming the rows when rows overlap under
``unique``, when input combinations match no row (``check_gaps``), or when a row can
never win (shadowed by earlier rows under ``first``, by higher priorities under
``priority``).  The analysis is bounded: a table with more than
:data:`MAX_ANALYSED_CELLS` cell × row checks is refused rather than analysed slowly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core.errors import ConfigProblem
from kam_core.policies._engine import Facts, Policy, _Data, all_of, reason

__all__ = ["MAX_ANALYSED_CELLS", "DecisionTable", "NumberRange", "Row", "TableInput"]


MAX_ANALYSED_CELLS = 200_000
"""The most (elementary cell × row) checks the load-time analysis performs."""

PASSED, FAILED, UNKNOWN = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN

_Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]{0,63}$")]
_Value = Annotated[str, Field(min_length=1, max_length=100)]
_Number = float


class TableInput(_Data):
    """A named fact the table reads: a text with a finite domain, or a number.

    >>> TableInput(name="orders", type="number", min=0).max is None
    True
    """

    name: _Name
    type: Literal["text", "number"] = "text"
    values: Annotated[tuple[_Value, ...], Field(max_length=200)] = ()
    """The text domain (required for text inputs)."""
    min: _Number | None = None
    """Numbers: the inclusive lower bound (None = unbounded)."""
    max: _Number | None = None
    """Numbers: the exclusive upper bound (None = unbounded)."""

    @model_validator(mode="after")
    def _domain(self) -> Self:
        if self.type == "text":
            if not self.values:
                raise ValueError(f"input {self.name!r}: a text input lists its values")
            if len(set(self.values)) != len(self.values):
                raise ValueError(f"input {self.name!r}: values repeat")
            if self.min is not None or self.max is not None:
                raise ValueError(f"input {self.name!r}: min/max apply to number inputs")
        else:
            if self.values:
                raise ValueError(f"input {self.name!r}: a number input has no values list")
            if self.min is not None and self.max is not None and self.min >= self.max:
                raise ValueError(f"input {self.name!r}: min must be below max")
        return self


class NumberRange(_Data):
    """A half-open numeric cell: ``min ≤ x < max``; a missing side is unbounded.

    >>> NumberRange(min=3).to_dict()
    {'min': 3.0, 'max': None}
    """

    min: _Number | None = None
    max: _Number | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"range [{self.min}, {self.max}) is empty")
        return self


Cell = (
    Literal["any"]
    | Annotated[tuple[_Value, ...], Field(min_length=1, max_length=200)]
    | NumberRange
)


class Row(_Data):
    """One rule: a cell per input (missing inputs mean ``"any"``), an output, a priority.

    >>> Row(when={"abc": ("A", "B")}, output="farmer").priority
    0
    """

    when: Annotated[dict[_Name, Cell], Field(max_length=50)] = Field(default_factory=dict)
    output: _Value
    priority: Annotated[int, Field(ge=-1_000_000, le=1_000_000, strict=True)] = 0


_Test = Callable[[object], CriterionStatus]


def _as_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = float(value)
    return None if math.isnan(number) else number


class DecisionTable(Policy):
    """A DMN-style decision table; hit policy ``first``, ``unique``, ``priority`` or ``collect``.

    ``evaluate`` returns the matched row's output (``collect``: the tuple of all matched
    outputs, in row order), or ``None`` when no row matches or an unknown input leaves
    the answer open (the input is then in ``decision.missing``).  Rows are numbered
    from 1 in reasons and errors.

    >>> from kam_core import policies as p
    >>> table = p.DecisionTable(hit="first", inputs=(
    ...         {"name": "abc", "values": ("A", "B", "C")},
    ...         {"name": "orders", "type": "number", "min": 0}),
    ...     rows=({"when": {"abc": ("A",)}, "output": "key_account_manager"},
    ...           {"when": {"orders": {"min": 3}}, "output": "client_manager"},
    ...           {"output": "development_specialist"}))
    >>> d = table.evaluate({"abc": "B", "orders": 5})
    >>> d.outcome, d.codes
    ('client_manager', ('table.row_matched',))
    >>> table.evaluate({"orders": 5}).missing    # row 1 may match: the table cannot decide
    ('abc',)
    >>> p.DecisionTable(hit="unique", inputs=({"name": "abc", "values": ("A", "B")},),
    ...     rows=({"when": {"abc": ("A", "B")}, "output": "x"},
    ...           {"when": {"abc": ("B",)}, "output": "y"}))
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for DecisionTable
      Value error, rows 1 and 2 overlap (e.g. abc='B') ...
    """

    kind: Literal["decision_table"] = "decision_table"
    hit: Literal["first", "unique", "priority", "collect"] = "first"
    """Which matching row wins: ``first``, ``unique``, ``priority`` or all (``collect``)."""
    inputs: Annotated[tuple[TableInput, ...], Field(min_length=1, max_length=20)]
    """The named facts the rows test, with their values or numeric range."""
    rows: Annotated[tuple[Row, ...], Field(min_length=1, max_length=1000)]
    """The rules: conditions on the inputs and an output; a row without conditions matches all."""
    check_gaps: bool = True
    """Refuse tables where some input combination matches no row."""

    @model_validator(mode="after")
    def _analyse(self) -> Self:
        problems = self._shape_problems()
        if not problems:
            problems = self._coverage_problems()
        if problems:
            raise ValueError("; ".join(p.message for p in problems))
        return self

    # -- load-time checks ------------------------------------------------------------

    def _shape_problems(self) -> list[ConfigProblem]:
        names = [i.name for i in self.inputs]
        out: list[ConfigProblem] = []
        if len(set(names)) != len(names):
            out.append(ConfigProblem("inputs", f"input names repeat: {names}"))
        by_name = {i.name: i for i in self.inputs}
        for r, row in enumerate(self.rows, start=1):
            for name, cell in row.when.items():
                spec = by_name.get(name)
                path = f"rows[{r - 1}].when.{name}"
                if spec is None:
                    out.append(ConfigProblem(path, f"row {r}: no input named {name!r}"))
                elif spec.type == "text" and isinstance(cell, NumberRange):
                    out.append(ConfigProblem(path, f"row {r}: a range on text input {name!r}"))
                elif spec.type == "number" and isinstance(cell, tuple):
                    out.append(ConfigProblem(path, f"row {r}: a value list on number {name!r}"))
                elif isinstance(cell, tuple):
                    unknown = sorted(set(cell) - set(spec.values))
                    if unknown:
                        out.append(
                            ConfigProblem(path, f"row {r}: {unknown} not among {name!r} values")
                        )
        return out

    def _elements(self, spec: TableInput) -> list[object]:
        """Representative values, one per elementary cell of the input's domain."""
        if spec.type == "text":
            return list(spec.values)
        lo = -math.inf if spec.min is None else spec.min
        hi = math.inf if spec.max is None else spec.max
        points = {lo, hi}
        for row in self.rows:
            cell = row.when.get(spec.name)
            if isinstance(cell, NumberRange):
                points.update(p for p in (cell.min, cell.max) if p is not None and lo < p < hi)
        ordered = sorted(points)
        reps: list[object] = []
        for a, b in itertools.pairwise(ordered):
            if a == -math.inf:
                reps.append(b - 1 if b != math.inf else 0.0)
            else:
                reps.append(a)
        return reps

    def _coverage_problems(self) -> list[ConfigProblem]:
        elements = [self._elements(spec) for spec in self.inputs]
        cells = math.prod(len(e) for e in elements)
        if cells * len(self.rows) > MAX_ANALYSED_CELLS:
            return [
                ConfigProblem(
                    "rows",
                    f"the table has {cells} elementary cells × {len(self.rows)} rows, more than "
                    f"the {MAX_ANALYSED_CELLS} checks analysed at load; split it",
                )
            ]
        tests = [self._row_tests(row) for row in self.rows]
        order = self._order()
        names = [spec.name for spec in self.inputs]
        gaps: list[str] = []
        overlaps: dict[tuple[int, int], str] = {}
        wins = [False] * len(self.rows)
        for combo in itertools.product(*elements):
            values = dict(zip(names, combo, strict=True))
            matched = [i for i in order if all(t(values[n]) is PASSED for n, t in tests[i])]
            if not matched:
                if len(gaps) < 3:
                    gaps.append(_show(values))
                continue
            wins[matched[0]] = True
            if self.hit == "collect":
                for i in matched:
                    wins[i] = True
            if self.hit == "unique" and len(matched) > 1:
                pair = (min(matched[:2]) + 1, max(matched[:2]) + 1)
                overlaps.setdefault(pair, _show(values))
        out: list[ConfigProblem] = []
        for (a, b), example in sorted(overlaps.items())[:10]:
            out.append(ConfigProblem("rows", f"rows {a} and {b} overlap (e.g. {example})"))
        if self.check_gaps and gaps:
            out.append(
                ConfigProblem("rows", f"no row matches {'; '.join(gaps)} (a gap in the table)")
            )
        if self.hit != "unique":
            dead = [i + 1 for i, won in enumerate(wins) if not won]
            if dead:
                why = "higher-priority" if self.hit == "priority" else "earlier"
                out.append(
                    ConfigProblem("rows", f"rows {dead} can never win: {why} rows cover them")
                )
        return out

    def _order(self) -> list[int]:
        indices = list(range(len(self.rows)))
        if self.hit == "priority":
            indices.sort(key=lambda i: (-self.rows[i].priority, i))
        return indices

    def _row_tests(self, row: Row) -> list[tuple[str, _Test]]:
        by_name = {i.name: i for i in self.inputs}
        return [
            (name, _cell_test(by_name[name], cell))
            for name, cell in row.when.items()
            if cell != "any"
        ]

    # -- evaluation --------------------------------------------------------------------

    @cached_property
    def _compiled(self) -> tuple[list[list[tuple[str, Any]]], list[int]]:
        """Each row's cell tests and the order rows are tried in, built once per instance."""
        return [self._row_tests(row) for row in self.rows], self._order()

    def evaluate(
        self,
        values: Mapping[str, object] | Facts,
        *,
        as_of: date | None = None,
        subject: str | None = None,
    ) -> Decision[Any]:
        """Look the facts up in the table; see the class docstring for the outcome."""
        if isinstance(values, Facts):
            as_of = values.as_of if as_of is None else as_of
            values = values.values
        tests, order = self._compiled
        rows: list[CriterionResult] = []
        matched: list[int] = []
        open_inputs: list[str] = []
        for i in order:
            statuses = []
            for name, test in tests[i]:
                status = test(values.get(name))
                statuses.append(status)
                if status is UNKNOWN and name not in open_inputs:
                    open_inputs.append(name)
            status = all_of(statuses)
            rows.append(CriterionResult(f"row {i + 1}", status, observed=self.rows[i].output))
            if status is PASSED:
                matched.append(i)
                if self.hit != "collect":
                    break
            elif status is UNKNOWN and self.hit != "collect":
                break
        reasons: list[Reason] = []
        missing: tuple[str, ...] = ()
        undecided = any(r.status is UNKNOWN for r in rows)
        for name in open_inputs:
            value = values.get(name)
            if value is None:
                reasons.append(reason("table.input_missing", input=name))
            else:
                reasons.append(reason("table.input_invalid", input=name, value=str(value)[:100]))
        outcome: Any = None
        if undecided:
            missing = tuple(open_inputs)
        elif not matched:
            reasons.append(reason("table.no_match"))
        else:
            for i in matched:
                reasons.append(reason("table.row_matched", row=i + 1, output=self.rows[i].output))
            outputs = tuple(self.rows[i].output for i in matched)
            outcome = outputs if self.hit == "collect" else outputs[0]
        return self._decision(
            outcome,
            criteria=tuple(rows),
            missing=missing,
            reasons=tuple(reasons),
            as_of=as_of,
            subject=subject,
        )


def _cell_test(spec: TableInput, cell: Cell) -> _Test:
    if isinstance(cell, NumberRange):
        lo = -math.inf if cell.min is None else cell.min
        hi = math.inf if cell.max is None else cell.max
        in_lo = -math.inf if spec.min is None else spec.min
        in_hi = math.inf if spec.max is None else spec.max

        def in_range(value: object) -> CriterionStatus:
            number = _as_number(value)
            if number is None or not in_lo <= number < in_hi:
                return UNKNOWN
            return PASSED if lo <= number < hi else FAILED

        return in_range
    allowed = frozenset(cell)
    domain = frozenset(spec.values)

    def in_set(value: object) -> CriterionStatus:
        if not isinstance(value, str) or value not in domain:
            return UNKNOWN
        return PASSED if value in allowed else FAILED

    return in_set


def _show(values: Mapping[str, object]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in values.items())
