"""Every public name is documented, and every public class or function shows an example."""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest

import kam_core
import kam_core.analysis
import kam_core.errors
import kam_core.io
import kam_core.policies
import kam_core.testing

MODULES = (
    kam_core,
    kam_core.policies,
    kam_core.analysis,
    kam_core.errors,
    kam_core.testing,
    kam_core.io,
)

# Names that are not classes or functions need a docstring only where Python keeps one:
# NewType ids and type aliases carry their documentation in the module source instead.
_VALUES_WITHOUT_OWN_DOCSTRING = {"__version__"}


def _public(module: ModuleType) -> list[tuple[str, object]]:
    return [(f"{module.__name__}.{name}", getattr(module, name)) for name in module.__all__]


PUBLIC = sorted({qual: obj for m in MODULES for qual, obj in _public(m)}.items())


def _has_example(obj: object) -> bool:
    doc = inspect.getdoc(obj) or ""
    if ">>>" in doc:
        return True
    # a method or function defined in a class may lean on its class' example
    owner = getattr(obj, "__qualname__", "").rpartition(".")[0]
    module = inspect.getmodule(obj)
    if owner and module is not None:
        cls = getattr(module, owner, None)
        return cls is not None and ">>>" in (inspect.getdoc(cls) or "")
    return False


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_public_names_are_listed_sorted_in_all(module: ModuleType) -> None:
    """Each front door lists its public names once, in a sorted __all__ that resolves."""
    names = list(module.__all__)
    assert len(names) == len(set(names)), f"{module.__name__}.__all__ repeats a name"
    missing = [n for n in names if not hasattr(module, n)]
    assert not missing, f"{module.__name__}.__all__ names what it does not define: {missing}"


@pytest.mark.parametrize(("qualname", "obj"), PUBLIC, ids=[q for q, _ in PUBLIC])
def test_public_name_has_a_docstring(qualname: str, obj: object) -> None:
    """Every public class, function and module says what it is for."""
    if qualname.rpartition(".")[2] in _VALUES_WITHOUT_OWN_DOCSTRING:
        return
    if not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj)):
        return  # ids (NewType) and aliases are documented where they are defined
    # a class' own __doc__ (inspect.getdoc would fall back to a base class' docstring)
    doc = obj.__doc__ if inspect.isclass(obj) else inspect.getdoc(obj)
    assert (doc or "").strip(), f"{qualname} has no docstring"


# Public names that still lack an example.  Each is an expected failure (strict): adding
# the example makes it pass, and the strict xfail then fails until the name is removed
# from this list, so the list only shrinks.  It is empty: every public name has one.
EXAMPLE_PENDING: frozenset[str] = frozenset()

CALLABLES = [
    pytest.param(
        q,
        o,
        id=q,
        marks=[pytest.mark.xfail(strict=True, reason="example pending")]
        if q in EXAMPLE_PENDING
        else [],
    )
    for q, o in PUBLIC
    if inspect.isclass(o) or inspect.isroutine(o)
]


def test_example_pending_list_names_only_public_names() -> None:
    """The pending list cannot hide a name that no longer exists."""
    assert {q for q, _ in PUBLIC} >= EXAMPLE_PENDING


@pytest.mark.parametrize(("qualname", "obj"), CALLABLES)
def test_public_class_or_function_shows_an_example(qualname: str, obj: object) -> None:
    """Each public class or function has a doctest example, so its use is executed, not told."""
    assert _has_example(obj), f"{qualname}: add a '>>>' example to its docstring"
