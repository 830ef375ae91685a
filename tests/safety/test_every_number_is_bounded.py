"""An audit: every number field of every entity and policy configuration is bounded.

Each int, float and Decimal field (inside optionals, tuples and dicts too) is fed a value
far past any sensible range; it must refuse it.  Decimal fields must also refuse a zero
written with a billion decimals, which passes a value-based ``ge=0``.
"""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import kam_core as kc
from kam_core import policies as p
from kam_core.policies._engine import _Data

_HUGE: dict[type, tuple[object, ...]] = {
    int: (10**40, -(10**40)),
    float: (1e300, -1e300),
    Decimal: (Decimal("1E+999"), Decimal("0E-999999999"), Decimal("1E-999999999")),
}

# Fields that are deliberately unbounded beyond what every configuration number gets
# from p.load (finite, fewer than 40 digits before the point), with the reason.
_CELL = "a decision table compares any numeric fact it is given"
_UNBOUNDED = {
    ("NumberRange", "min"): _CELL,
    ("NumberRange", "max"): _CELL,
    ("TableInput", "min"): _CELL,
    ("TableInput", "max"): _CELL,
}


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    out, todo = [], [root]
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(set(out), key=lambda c: c.__qualname__)


def _leaves(annotation: Any, metadata: tuple[Any, ...] = ()) -> list[tuple[type, Any]]:
    """Numeric leaf types of an annotation, each with its full annotated form."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *meta = typing.get_args(annotation)
        return _leaves(base, (*meta, *metadata))
    if origin in (typing.Union, types.UnionType):
        return [leaf for arg in typing.get_args(annotation) for leaf in _leaves(arg, metadata)]
    if origin in (tuple, list, frozenset, set):
        return [
            leaf
            for arg in typing.get_args(annotation)
            if arg is not Ellipsis
            for leaf in _leaves(arg)
        ]
    if origin is dict:
        return _leaves(typing.get_args(annotation)[1])
    if annotation in _HUGE and annotation is not bool:
        return [(annotation, Annotated[(annotation, *metadata)] if metadata else annotation)]
    return []


def _numeric_fields() -> list[tuple[str, str, type, Any]]:
    fields = []
    for cls in [*_models(kc.Entity), *_models(_Data)]:
        for name, info in cls.model_fields.items():
            for kind, annotated in _leaves(info.annotation, tuple(info.metadata)):
                fields.append((cls.__name__, name, kind, annotated))
    return fields


_FIELDS = _numeric_fields()


def test_the_audit_sees_the_number_fields_of_entities_and_policies() -> None:
    """The walk finds fields in both worlds (a guard against auditing nothing)."""
    owners = {owner for owner, *_ in _FIELDS}
    assert {"DealLine", "Dossier", "SalesSystemProfile", "Bant", "Sleeping", "Rfm"} <= owners
    assert len(_FIELDS) > 50


@pytest.mark.parametrize(
    ("owner", "field", "kind", "annotated"),
    [pytest.param(*f, id=f"{f[0]}.{f[1]}") for f in _FIELDS],
)
def test_every_number_field_refuses_values_past_any_sensible_range(
    owner: str, field: str, kind: type, annotated: Any
) -> None:
    """10**40, 1e300, 1E+999 and a zero with a billion decimals are all refused."""
    if (owner, field) in _UNBOUNDED:
        pytest.skip(_UNBOUNDED[owner, field])
    adapter = TypeAdapter(annotated)
    for value in _HUGE[kind]:
        with pytest.raises(ValidationError):
            adapter.validate_python(value)


def test_configuration_floats_are_finite_and_short_even_where_unbounded() -> None:
    """The two unbounded float fields still get p.load's limits on every number."""
    table = {
        "kind": "decision_table",
        "inputs": [{"name": "revenue", "type": "number"}],
        "rows": [{"when": {"revenue": {"min": 1e300}}, "output": "big"}],
    }
    with pytest.raises(kc.errors.PolicyConfigError, match=r"rows\[0\]\.when\.revenue\.min"):
        p.load(table)
