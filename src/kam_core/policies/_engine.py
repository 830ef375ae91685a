"""The rules engine: policies as data, criteria, three-valued combinators, safe loading.

Every built-in policy is a frozen pydantic model with a ``kind`` discriminator.  It is
checked once when built or loaded, compiled once to closures, and then evaluated
many times without re-validation; compiled policies hold no mutable state, so one
instance is safe to share between threads.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal, Self

import attrs
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    SerializeAsAny,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from kam_core._brief import brief, int_digits
from kam_core._decision import (
    CriterionResult,
    CriterionStatus,
    Decision,
    PolicyRef,
    Reason,
    reason_of,
)
from kam_core._domain.client import Client
from kam_core._domain.lead import Lead
from kam_core._money import check_bounds
from kam_core._stats.client_stats import ClientStats
from kam_core.errors import ConfigProblem, PolicyConfigError

__all__ = [
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Criterion",
    "CriterionFn",
    "Custom",
    "Facts",
    "Limits",
    "Not",
    "Policy",
    "all_of",
    "any_of",
    "at_least",
    "json_schema",
    "load",
    "load_criterion",
    "register_criterion",
    "registered_criteria",
    "registered_policies",
]

# --------------------------------------------------------------------------------------
# limits on untrusted configuration


@attrs.frozen
class Limits:
    """Bounds on a policy configuration from an untrusted source (a CRM admin screen).

    Anything larger or deeper is refused with :class:`~kam_core.errors.PolicyConfigError`
    before it is validated (a text past ``max_bytes`` before it is even parsed), so
    hostile input costs milliseconds, never a ``RecursionError``.  ``max_string`` bounds
    every string, keys included.  ``max_number_digits`` bounds every number before it is
    converted: a JSON number with a run of more digits is never turned into an int or a
    float, and an int, float or Decimal given in a dict may have at most that many
    digits before the point (each field then has its own, much
    tighter range, stated in its JSON Schema, ``p.json_schema(cls)``; amounts have the
    :class:`~kam_core.AmountBounds`).

    >>> from kam_core import policies as p
    >>> p.load('{"kind": "abc", "cutoffs": [[[0.8]]]}', limits=p.Limits(max_depth=2))
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyConfigError: invalid policy configuration (1 problem):
      cutoffs[0]: configuration nests deeper than 2 levels
    >>> p.load('{"kind": "abc", "window_months": ' + "9" * 5000 + '}')
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyConfigError: invalid policy configuration (1 problem):
      window_months: a number written with 5,000 characters; the limit is 40
    """

    max_bytes: int = 1_000_000
    max_depth: int = 32
    max_nodes: int = 20_000
    max_string: int = 10_000
    max_number_digits: int = 40


DEFAULT_LIMITS = Limits()


def _check_json_text(text: str, limits: Limits) -> None:
    """Refuse a text past the size limit before parsing it.

    Depth is left to the parser: ``json.loads`` parses in C in linear time and stops
    with ``RecursionError`` long before a hostile nesting costs anything, and
    :func:`_check_shape` then holds the parsed document to ``max_depth``.  (A regular
    expression stripping strings first is quadratic on an unterminated string of
    escaped quotes.)
    """
    if len(text) > limits.max_bytes:
        raise PolicyConfigError(
            [("", f"configuration is {len(text)} characters, the limit is {limits.max_bytes}")]
        )


@attrs.frozen
class _Literal:
    """A JSON literal refused while parsing, kept to be reported with its path."""

    message: str


@functools.lru_cache(maxsize=8)
def _long_digits(most: int) -> re.Pattern[str]:
    return re.compile(rf"\d{{{most + 1}}}")


def _json_hooks(text: str, limits: Limits) -> dict[str, Callable[[str], object]]:
    """``json.loads`` hooks that never convert a number of more than the limit's digits.

    Python's own conversion of a 5,000-digit integer raises ``ValueError``; here such a
    literal is replaced by a marker that :func:`_check_shape` reports with its path.
    The number hooks cost a Python call per number, so they are only used when the
    text holds a run of more digits than the limit.  ``NaN`` and ``Infinity`` are not
    JSON and are refused the same way.
    """
    most = limits.max_number_digits

    def parse_constant(literal: str) -> object:
        return _Literal(f"{literal} is not a JSON number")

    hooks: dict[str, Callable[[str], object]] = {"parse_constant": parse_constant}
    if _long_digits(most).search(text) is None:
        return hooks

    def too_long(literal: str) -> _Literal:
        return _Literal(f"a number written with {len(literal):,} characters; the limit is {most}")

    def parse_int(literal: str) -> object:
        return too_long(literal) if len(literal) > most else int(literal)

    def parse_float(literal: str) -> object:
        return too_long(literal) if len(literal) > most else float(literal)

    hooks.update(parse_int=parse_int, parse_float=parse_float)
    return hooks


def _number_problem(node: object, limits: Limits) -> str | None:
    """Why a number (an int, float or Decimal given in a dict) is refused, if it is."""
    most = limits.max_number_digits
    if isinstance(node, bool):
        return None
    if isinstance(node, int):
        if node.bit_length() > 4 * most or abs(node) >= 10**most:
            return f"an integer of {int_digits(node):,} digits; the limit is {most}"
        return None
    if isinstance(node, float):
        if not math.isfinite(node):
            return f"{node} is not a finite number"
        if abs(node) >= 10.0**most:
            return f"{node} has more than {most} digits before the point"
        return None
    if isinstance(node, Decimal):
        if not node.is_finite():
            return f"{node} is not a finite number"
        if node.adjusted() >= most:
            return (
                f"a number of {node.adjusted() + 1:,} digits before the point; the limit is {most}"
            )
    return None


def _check_shape(data: object, limits: Limits) -> None:
    """Walk ``data`` iteratively: bounded depth, node count, strings, keys and numbers."""
    stack: list[tuple[object, int, str]] = [(data, 1, "")]
    nodes = 0
    while stack:
        node, depth, path = stack.pop()
        nodes += 1
        if nodes > limits.max_nodes:
            raise PolicyConfigError([("", f"configuration has more than {limits.max_nodes} nodes")])
        if depth > limits.max_depth:
            raise PolicyConfigError(
                [(path, f"configuration nests deeper than {limits.max_depth} levels")]
            )
        if isinstance(node, Mapping | list | tuple) and nodes + len(node) > limits.max_nodes:
            raise PolicyConfigError([("", f"configuration has more than {limits.max_nodes} nodes")])
        if isinstance(node, Mapping):
            for key, value in node.items():
                if not isinstance(key, str):
                    raise PolicyConfigError([(path, f"keys must be strings, got {brief(key)}")])
                if len(key) > limits.max_string:
                    message = f"a key of {len(key):,} characters, the limit is {limits.max_string}"
                    raise PolicyConfigError([(path, message)])
                stack.append((value, depth + 1, f"{path}.{key}" if path else key))
        elif isinstance(node, list | tuple):
            for i, value in enumerate(node):
                stack.append((value, depth + 1, f"{path}[{i}]"))
        elif isinstance(node, str | bytes):
            if len(node) > limits.max_string:
                raise PolicyConfigError(
                    [(path, f"string of {len(node)} characters, the limit is {limits.max_string}")]
                )
        elif isinstance(node, _Literal):
            raise PolicyConfigError([(path, node.message)])
        else:
            problem = _number_problem(node, limits)
            if problem is not None:
                raise PolicyConfigError([(path, problem)])


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith("function-") or part in {"tagged-union"}:
            continue
        else:
            out += f".{part}" if out else part
    return out


def config_error(exc: ValidationError, prefix: str = "") -> PolicyConfigError:
    """Turn pydantic's ValidationError into a PolicyConfigError listing every problem."""
    problems = []
    for err in exc.errors(include_url=False):
        path = _path(tuple(err["loc"]))
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        value = err.get("input")
        shown = brief(value) if not isinstance(value, dict | list) else type(value).__name__
        problems.append(ConfigProblem(path, f"{err['msg']} (got {shown})"))
    return PolicyConfigError(problems)


def _parse_raw(data: Mapping[str, Any] | str | bytes, limits: Limits) -> Mapping[str, Any]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PolicyConfigError([("", f"not UTF-8: {exc.reason}")]) from None
    if isinstance(data, str):
        _check_json_text(data, limits)
        try:
            data = json.loads(data, **_json_hooks(data, limits))  # type: ignore[arg-type]
        except json.JSONDecodeError as exc:
            raise PolicyConfigError(
                [("", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")]
            ) from None
        except RecursionError:
            raise PolicyConfigError(
                [("", f"configuration nests deeper than {limits.max_depth} levels")]
            ) from None
    if isinstance(data, _Literal):
        raise PolicyConfigError([("", data.message)])
    if not isinstance(data, Mapping):
        raise PolicyConfigError([("", f"expected an object, got {type(data).__name__}")])
    _check_shape(data, limits)
    return data


def _bounded(value: Decimal, info: ValidationInfo) -> Decimal:
    return check_bounds(value, str(info.field_name))


Bounded = AfterValidator(_bounded)
"""Marks a configuration Decimal as bounded like an amount, as written
(:class:`~kam_core.AmountBounds`): pydantic's ``le`` and ``decimal_places`` compare values,
so ``0E-999999999`` passes ``ge=0`` and its plain digits would be a billion long."""


# --------------------------------------------------------------------------------------
# facts and three-valued logic


@attrs.frozen
class Facts:
    """Everything a criterion may read: the subject's data and the date of judgement.

    Criteria read only what they need; a fact that is ``None`` makes them UNKNOWN.
    ``values`` carries named facts computed elsewhere (segment labels, profile
    characteristics) for decision tables and custom criteria.

    >>> from datetime import date
    >>> from kam_core import policies as p
    >>> p.register_criterion("doctest.segment_is_a",
    ...                      lambda facts, params: facts.values.get("abc") == "A")
    >>> facts = p.Facts(as_of=date(2026, 11, 24), values={"abc": "A"})
    >>> p.Custom(name="doctest.segment_is_a").evaluate(facts).passed
    True
    """

    as_of: date | None
    lead: Lead | None = None
    client: Client | None = None
    stats: ClientStats | None = None
    values: Mapping[str, object] = attrs.field(factory=dict)


PASSED, FAILED, UNKNOWN = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN


def all_of(statuses: Iterable[CriterionStatus]) -> CriterionStatus:
    """Kleene AND: any FAILED fails; else any UNKNOWN is unknown; else PASSED.

    >>> all_of([PASSED, UNKNOWN]), all_of([UNKNOWN, FAILED]), all_of([])
    (<CriterionStatus.UNKNOWN: 'unknown'>, <CriterionStatus.FAILED: 'failed'>, \
<CriterionStatus.PASSED: 'passed'>)
    """
    result = PASSED
    for s in statuses:
        if s is FAILED:
            return FAILED
        if s is UNKNOWN:
            result = UNKNOWN
    return result


def any_of(statuses: Iterable[CriterionStatus]) -> CriterionStatus:
    """Kleene OR: any PASSED passes; else any UNKNOWN is unknown; else FAILED.

    >>> any_of([FAILED, UNKNOWN]), any_of([UNKNOWN, PASSED]), any_of([])
    (<CriterionStatus.UNKNOWN: 'unknown'>, <CriterionStatus.PASSED: 'passed'>, \
<CriterionStatus.FAILED: 'failed'>)
    """
    result = FAILED
    for s in statuses:
        if s is PASSED:
            return PASSED
        if s is UNKNOWN:
            result = UNKNOWN
    return result


def at_least(n: int, statuses: Iterable[CriterionStatus]) -> CriterionStatus:
    """PASSED when ≥ n passed; FAILED when even the unknowns could not reach n.

    >>> at_least(2, [PASSED, UNKNOWN, FAILED]), at_least(2, [PASSED, FAILED, FAILED])
    (<CriterionStatus.UNKNOWN: 'unknown'>, <CriterionStatus.FAILED: 'failed'>)
    """
    passed = unknown = 0
    for s in statuses:
        if s is PASSED:
            passed += 1
        elif s is UNKNOWN:
            unknown += 1
    if passed >= n:
        return PASSED
    if passed + unknown < n:
        return FAILED
    return UNKNOWN


def _negate(status: CriterionStatus) -> CriterionStatus:
    return FAILED if status is PASSED else PASSED if status is FAILED else UNKNOWN


# --------------------------------------------------------------------------------------
# the data model: policies and criteria


class _Data(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        allow_inf_nan=False,
        revalidate_instances="never",
        validate_default=False,
    )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-safe configuration; loading it gives back an equal object."""
        return self.model_dump(mode="json", by_alias=True)

    # Compiled closures and fingerprints are cached per instance as
    # ``functools.cached_property`` values under ``_`` names, which pydantic supports on
    # frozen models (a read costs what reading a field costs; a ``PrivateAttr`` read goes
    # through ``BaseModel.__getattr__``, measured ~60x slower).  Pickles, deep copies and
    # ``model_copy()`` carry the configuration only: the copy compiles again on first use.

    def __getstate__(self) -> dict[Any, Any]:
        bare = self.__copy__()
        _forget_caches(bare)
        return BaseModel.__getstate__(bare)

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        bare = self.__copy__()
        _forget_caches(bare)
        return BaseModel.__deepcopy__(bare, memo)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; caches of the original (fingerprint, compiled closures) are not carried over.

        Prefer ``p.load({**policy.to_dict(), ...})`` to change fields: ``update`` is not
        validated (pydantic's rule).
        """
        copy = super().model_copy(update=update, deep=deep)
        _forget_caches(copy)
        return copy


def _forget_caches(model: BaseModel) -> None:
    """Drop the cached properties computed on ``model`` (anything beside its fields)."""
    fields = type(model).model_fields
    for name in [key for key in vars(model) if key not in fields]:
        delattr(model, name)  # pydantic lets cached properties go, even on frozen models


Evaluator = Callable[[Facts], CriterionResult]
"""A compiled criterion: facts in, a result out; pure and allocation-light."""

_CRITERIA: dict[str, type[Criterion]] = {}
_POLICIES: dict[str, type[Policy]] = {}
_REGISTRY_LOCK = threading.Lock()


def _kind_of(cls: type[BaseModel]) -> str | None:
    field = cls.model_fields.get("kind")
    default = None if field is None else field.default
    return default if isinstance(default, str) else None


class Criterion(_Data):
    """A named test on facts, PASSED / FAILED / UNKNOWN; subclasses register by ``kind``.

    ``label`` renames the criterion in decisions (``criteria``, ``missing``).

    >>> from kam_core import policies as p
    >>> c = p.OrderCount(at_least=3, label="third_order")
    >>> isinstance(c, p.Criterion), c.name, c.kind
    (True, 'third_order', 'order_count')
    """

    kind: str
    label: Annotated[str, Field(min_length=1, max_length=64)] | None = None

    default_name: ClassVar[str] = "criterion"

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        kind = _kind_of(cls)
        if kind is not None:
            with _REGISTRY_LOCK:
                _CRITERIA[kind] = cls

    @property
    def name(self) -> str:
        """How decisions name this criterion."""
        return self.label or self.default_name

    def compile(self) -> Evaluator:
        """Return the pure function that judges facts; called once per policy."""
        raise NotImplementedError

    def evaluate(self, facts: Facts) -> CriterionResult:
        """Judge ``facts`` (compiles on each call: policies compile once and reuse)."""
        return self.compile()(facts)

    def walk(self) -> Iterable[Criterion]:
        """This criterion and every criterion nested in it, depth first."""
        yield self


def _criterion_of(value: object) -> Criterion:
    """A criterion field's validator: the criterion, or the ValueError pydantic reports."""
    if isinstance(value, Criterion):
        return value
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a criterion object with a 'kind', got {type(value).__name__}")
    kind = value.get("kind")
    cls = _CRITERIA.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(f"unknown criterion kind {brief(kind)}; known: {sorted(_CRITERIA)}")
    return cls.model_validate(value)


def load_criterion(
    value: Criterion | Mapping[str, Any] | str | bytes, *, limits: Limits = DEFAULT_LIMITS
) -> Criterion:
    """Parse a criterion from untrusted configuration (a dict, JSON text or UTF-8 bytes
    naming a registered ``kind``), or pass a built criterion through.

    The input is bounded like :func:`load`'s, and every problem is reported at once in a
    :class:`~kam_core.errors.PolicyConfigError`.

    >>> from kam_core import policies as p
    >>> p.load_criterion({"kind": "order_count", "at_least": 3}) == p.OrderCount(at_least=3)
    True
    >>> p.load_criterion('{"kind": "order_count", "at_least": 0}')
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyConfigError: invalid policy configuration (1 problem):
      at_least: Input should be greater than or equal to 1 (got 0)
    """
    if isinstance(value, Criterion):
        return value
    if not isinstance(value, Mapping | str | bytes):
        raise PolicyConfigError(
            [("", f"expected a criterion object with a 'kind', got {type(value).__name__}")]
        )
    raw = _parse_raw(value, limits)
    kind = raw.get("kind")
    cls = _CRITERIA.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise PolicyConfigError(
            [
                (
                    "kind",
                    f"unknown criterion kind {brief(kind)}; known: {', '.join(sorted(_CRITERIA))}",
                )
            ]
        )
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        raise config_error(exc) from None


class _AnyCriterionSchema:
    """JSON Schema of a criterion field: a reference to each criterion kind registered."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"x-kam-criterion": True}


def _criterion_refs() -> dict[str, Any]:
    refs = [{"$ref": f"#/$defs/{cls.__name__}"} for _, cls in sorted(_CRITERIA.items())]
    return {"oneOf": refs, "discriminator": {"propertyName": "kind"}}


CriterionField = SerializeAsAny[
    Annotated[Criterion, BeforeValidator(_criterion_of), _AnyCriterionSchema()]
]
"""A field holding any registered criterion, parsed by its ``kind``; its JSON Schema
refers to every registered kind (see :func:`json_schema`)."""


def json_schema(cls: type[BaseModel] | None = None) -> dict[str, Any]:
    """A self-contained JSON Schema for a policy class (or, with no argument, a criterion).

    Criterion fields accept any registered kind — built-in or a user's own — and the
    schema lists each under ``$defs``, for CRM admin screens and other languages.

    >>> from kam_core import policies as p
    >>> schema = p.json_schema()
    >>> kinds = {d["properties"]["kind"]["const"] for d in schema["$defs"].values()
    ...          if "kind" in d.get("properties", {})}
    >>> {"all_of", "any_of", "at_least", "custom", "not"} <= kinds
    True
    """
    root: dict[str, Any] = _criterion_refs() if cls is None else cls.model_json_schema()
    defs: dict[str, Any] = dict(root.pop("$defs", {}))
    for _, kind_cls in sorted(_CRITERIA.items()):
        body = kind_cls.model_json_schema()
        defs.update(body.pop("$defs", {}))
        defs[kind_cls.__name__] = body
    root["$defs"] = defs
    out: dict[str, Any] = _with_refs(root)
    return out


def _with_refs(node: Any) -> Any:
    """Replace criterion placeholders (pydantic checks ``$ref`` targets) by the refs."""
    if isinstance(node, dict):
        if node.get("x-kam-criterion") is True:
            return _criterion_refs()
        return {k: _with_refs(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_refs(v) for v in node]
    return node


def _combined(
    name: str,
    children: tuple[Evaluator, ...],
    combine: Callable[[list[CriterionStatus]], CriterionStatus],
) -> Evaluator:
    def evaluate(facts: Facts) -> CriterionResult:
        results = tuple(child(facts) for child in children)
        status = combine([r.status for r in results])
        return CriterionResult(name, status, children=results)

    return evaluate


class _Combinator(Criterion):
    """Base of the combinators over several criteria: ``of`` and how statuses combine."""

    of: Annotated[tuple[CriterionField, ...], Field(min_length=1, max_length=100)]

    def _combine(self, statuses: list[CriterionStatus]) -> CriterionStatus:
        raise NotImplementedError

    def compile(self) -> Evaluator:
        return _combined(self.name, tuple(c.compile() for c in self.of), self._combine)

    def walk(self) -> Iterable[Criterion]:
        yield self
        for c in self.of:
            yield from c.walk()


class AllOf(_Combinator):
    """Every criterion passes (Kleene AND).

    >>> from kam_core import policies as p
    >>> p.register_criterion("demo.true", lambda facts, params: True)
    >>> p.AllOf(of=(p.Custom(name="demo.true"),)).evaluate(p.Facts(as_of=None)).status
    <CriterionStatus.PASSED: 'passed'>
    """

    kind: Literal["all_of"] = "all_of"
    default_name: ClassVar[str] = "all_of"

    def _combine(self, statuses: list[CriterionStatus]) -> CriterionStatus:
        return all_of(statuses)


class AnyOf(_Combinator):
    """At least one criterion passes (Kleene OR).

    >>> from kam_core import policies as p
    >>> p.register_criterion("demo.any_of_true", lambda facts, params: True)
    >>> p.register_criterion("demo.any_of_unknown", lambda facts, params: None)
    >>> either = p.AnyOf(of=(p.Custom(name="demo.any_of_unknown"),
    ...                      p.Custom(name="demo.any_of_true")))
    >>> either.evaluate(p.Facts(as_of=None)).status
    <CriterionStatus.PASSED: 'passed'>
    """

    kind: Literal["any_of"] = "any_of"
    default_name: ClassVar[str] = "any_of"

    def _combine(self, statuses: list[CriterionStatus]) -> CriterionStatus:
        return any_of(statuses)


class Not(Criterion):
    """The criterion does not pass; UNKNOWN stays UNKNOWN.

    >>> from kam_core import policies as p
    >>> p.register_criterion("demo.not_true", lambda facts, params: True)
    >>> p.Not(of=p.Custom(name="demo.not_true")).evaluate(p.Facts(as_of=None)).status
    <CriterionStatus.FAILED: 'failed'>
    """

    kind: Literal["not"] = "not"
    of: CriterionField
    default_name: ClassVar[str] = "not"

    def compile(self) -> Evaluator:
        child = self.of.compile()
        name = self.name

        def evaluate(facts: Facts) -> CriterionResult:
            result = child(facts)
            return CriterionResult(name, _negate(result.status), children=(result,))

        return evaluate

    def walk(self) -> Iterable[Criterion]:
        yield self
        yield from self.of.walk()


class AtLeast(_Combinator):
    """At least ``n`` of the criteria pass.

    >>> from kam_core import policies as p
    >>> p.register_criterion("demo.at_least_true", lambda facts, params: True)
    >>> p.register_criterion("demo.at_least_unknown", lambda facts, params: None)
    >>> two = p.AtLeast(n=2, of=(p.Custom(name="demo.at_least_true"),
    ...                          p.Custom(name="demo.at_least_unknown")))
    >>> two.evaluate(p.Facts(as_of=None)).status   # the unknown could still make it two
    <CriterionStatus.UNKNOWN: 'unknown'>
    """

    kind: Literal["at_least"] = "at_least"
    n: Annotated[int, Field(ge=1, le=100, strict=True)]
    default_name: ClassVar[str] = "at_least"

    @model_validator(mode="after")
    def _n_fits(self) -> Self:
        if self.n > len(self.of):
            raise ValueError(f"n={self.n}: more than the {len(self.of)} criteria given")
        return self

    def _combine(self, statuses: list[CriterionStatus]) -> CriterionStatus:
        return at_least(self.n, statuses)


# --------------------------------------------------------------------------------------
# user-defined criteria, registered by name

CriterionFn = Callable[
    [Facts, Mapping[str, Any]], "CriterionResult | CriterionStatus | bool | None"
]
"""A user's criterion: ``(facts, params) -> result``; ``None`` means UNKNOWN."""

_CUSTOM: dict[str, CriterionFn] = {}

_ParamValue = (
    Annotated[str, Field(max_length=10_000)]
    | Annotated[int, Field(ge=-(10**18), le=10**18, strict=True)]
    | bool
    | None
)
_NAME = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]{0,63}$")]


def register_criterion(name: str, fn: CriterionFn) -> None:
    """Make ``fn`` available to configurations as ``{"kind": "custom", "name": name}``.

    ``fn(facts, params)`` returns a :class:`~kam_core.CriterionResult`, a
    :class:`~kam_core.CriterionStatus`, a bool, or ``None`` for unknown.  Register at
    import time; names are never replaced silently.

    >>> from kam_core import policies as p
    >>> p.register_criterion("doctest.has_regions",
    ...                      lambda facts, params: None if facts.client is None
    ...                      else len(facts.client.regions) >= params.get("min", 1))
    >>> p.Custom(name="doctest.has_regions", params={"min": 2}).name
    'doctest.has_regions'
    """
    if not re.fullmatch(r"[a-z][a-z0-9_.]{0,63}", name):
        raise ValueError(f"name={name!r}: use lower-case letters, digits, '_' and '.'")
    with _REGISTRY_LOCK:
        have = _CUSTOM.get(name)
        if have is not None and have is not fn:
            raise ValueError(f"criterion {name!r} is already registered")
        _CUSTOM[name] = fn


def registered_criteria() -> tuple[str, ...]:
    """Every criterion kind and custom criterion name a configuration may use.

    >>> from kam_core import policies as p
    >>> {"all_of", "order_count"} <= set(p.registered_criteria())
    True
    """
    return tuple(sorted(_CRITERIA)) + tuple(f"custom:{n}" for n in sorted(_CUSTOM))


class Custom(Criterion):
    """A criterion registered by the user with :func:`register_criterion`.

    ``params`` (strings, integers, booleans) reach the function as its second argument.

    >>> from kam_core import policies as p
    >>> p.register_criterion("demo.custom_true", lambda facts, params: True)
    >>> p.load_criterion({"kind": "custom", "name": "demo.custom_true"}).to_dict()
    {'kind': 'custom', 'label': None, 'name': 'demo.custom_true', 'params': {}}
    """

    kind: Literal["custom"] = "custom"
    name_: _NAME = Field(alias="name")
    params: Annotated[dict[str, _ParamValue], Field(max_length=50)] = Field(default_factory=dict)

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    @model_validator(mode="after")
    def _registered(self) -> Self:
        if self.name_ not in _CUSTOM:
            raise ValueError(
                f"name={self.name_!r}: no criterion registered under this name; "
                f"registered: {sorted(_CUSTOM)}"
            )
        return self

    @property
    def name(self) -> str:
        return self.label or self.name_

    def compile(self) -> Evaluator:
        fn = _CUSTOM[self.name_]
        params = dict(self.params)
        name = self.name

        def evaluate(facts: Facts) -> CriterionResult:
            out = fn(facts, params)
            if isinstance(out, CriterionResult):
                return out
            if out is None:
                return CriterionResult(name, UNKNOWN)
            if isinstance(out, CriterionStatus):
                return CriterionResult(name, out)
            return CriterionResult(name, PASSED if out else FAILED)

        return evaluate


# --------------------------------------------------------------------------------------
# policies


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Policy(_Data):
    """Base of every built-in policy: data with a ``kind``, a ``version`` and a fingerprint.

    Subclasses declare ``kind: Literal["..."] = "..."``; they are registered for
    :func:`load`.  ``version`` is the user's label; ``fingerprint`` hashes the content
    (everything but ``version``), so two configurations that decide alike share it.

    >>> from kam_core import policies as p
    >>> a, b = p.Abc(), p.Abc(version="2026-11")
    >>> isinstance(a, p.Policy), a.kind, b.version
    (True, 'abc', '2026-11')
    >>> a.fingerprint == b.fingerprint, a.fingerprint.startswith("sha256:")
    (True, True)
    """

    kind: str
    version: Annotated[str, Field(min_length=1, max_length=64)] = "1"
    """Your label for this configuration (e.g. ``"2026-11"``); the fingerprint ignores it."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        kind = _kind_of(cls)
        if kind is not None:
            with _REGISTRY_LOCK:
                _POLICIES[kind] = cls

    @property
    def fingerprint(self) -> str:
        """``sha256:`` + the first 16 hex digits of the canonical JSON of the content."""
        return self.ref.fingerprint

    @property
    def ref(self) -> PolicyRef:
        """The policy's identity as recorded in every decision."""
        return self._identity

    @cached_property
    def _identity(self) -> PolicyRef:
        content = self.to_dict()
        content.pop("version", None)
        digest = hashlib.sha256(_canonical(content).encode("utf-8")).hexdigest()[:16]
        return PolicyRef(self.kind, self.version, f"sha256:{digest}")

    def to_json(self) -> str:
        """The configuration as a JSON string."""
        return self.model_dump_json(by_alias=True)

    @classmethod
    def load(
        cls, data: Mapping[str, Any] | str | bytes, *, limits: Limits = DEFAULT_LIMITS
    ) -> Self:
        """Parse untrusted configuration of this policy class; see :func:`load`."""
        policy = load(data, limits=limits)
        if not isinstance(policy, cls):
            raise PolicyConfigError(
                [("kind", f"expected a {cls.__name__} configuration, got kind {policy.kind!r}")]
            )
        return policy

    def _decision(self, outcome: Any, **fields: Any) -> Decision[Any]:
        return Decision(outcome, policy=self.ref, **fields)


def registered_policies() -> tuple[str, ...]:
    """Every policy kind :func:`load` understands.

    >>> from kam_core import policies as p
    >>> {"abc", "bant", "hunter_to_farmer"} <= set(p.registered_policies())
    True
    """
    return tuple(sorted(_POLICIES))


def load(data: Mapping[str, Any] | str | bytes, *, limits: Limits = DEFAULT_LIMITS) -> Policy:
    """Build a policy from untrusted configuration: a dict, a JSON string or UTF-8 bytes.

    The configuration is bounded (size, depth, node count, string length), parsed —
    never evaluated — and validated; every problem is reported at once with its path
    in a :class:`~kam_core.errors.PolicyConfigError`.

    >>> from kam_core import policies as p
    >>> p.load('{"kind": "no_such_policy"}')
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyConfigError: invalid policy configuration (1 problem):
      kind: unknown policy kind 'no_such_policy' (known: ...)
    >>> p.load("[" * 10_000 + "]" * 10_000)
    Traceback (most recent call last):
    ...
    kam_core.errors.PolicyConfigError: invalid policy configuration (1 problem):
      <root>: configuration nests deeper than 32 levels
    """
    raw = _parse_raw(data, limits)
    kind = raw.get("kind")
    cls = _POLICIES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(registered_policies())
        raise PolicyConfigError([("kind", f"unknown policy kind {brief(kind)} (known: {known})")])
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        raise config_error(exc) from None


def check_kind(policy: object) -> str:
    """The ``kind`` of a built-in or user policy, for reports and registries."""
    kind = getattr(policy, "kind", None)
    if not isinstance(kind, str) or not kind:
        raise TypeError(f"{policy!r} has no string 'kind'")
    return kind


def reason(code: str, **params: object) -> Reason:
    """Shorthand for ``Reason(code, params)`` used by the built-in policies.

    >>> reason("abc.class", label="A", rank=1) == Reason("abc.class", {"rank": 1, "label": "A"})
    True
    """
    return reason_of(code, params)
