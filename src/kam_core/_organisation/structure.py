"""The positions each sales system needs, why, and how loaded a person is against capacity."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from kam_core._domain.role import Function, Responsibility, Role
from kam_core._organisation.profile import SalesType
from kam_core._words import Worded, name_of

__all__ = [
    "LoadStatus",
    "PositionSpec",
    "load_status",
    "positions_for",
    "structure_for",
]


class LoadStatus(Worded, StrEnum):
    """How loaded a person is against their capacity (``workload``'s verdict).

    >>> LoadStatus.OVER_CAPACITY.value
    'over_capacity'
    """

    __words__ = "load_status"

    OVER_CAPACITY = "over_capacity"
    WITHIN_CAPACITY = "within_capacity"
    UNDER_LOADED = "under_loaded"


def load_status(
    load: Decimal | int, capacity: Decimal | int | None, floor: Decimal | None = None
) -> LoadStatus:
    """The one definition of load against capacity, whatever is counted.

    Over capacity above ``capacity``; under-loaded below ``floor`` × capacity when a
    floor is given; else within.  No capacity (None) is never over or under.  Both
    ``p.workload`` (contacts a month) and ``report.workload()`` (clients carried) judge
    by it.

    >>> load_status(130, 120), load_status(40, 120, Decimal("0.5")), load_status(9, None)
    (<LoadStatus.OVER_CAPACITY: 'over_capacity'>, <LoadStatus.UNDER_LOADED: 'under_loaded'>, \
<LoadStatus.WITHIN_CAPACITY: 'within_capacity'>)
    """
    if capacity is None:
        return LoadStatus.WITHIN_CAPACITY
    if load > capacity:
        return LoadStatus.OVER_CAPACITY
    if floor is not None and load < floor * capacity:
        return LoadStatus.UNDER_LOADED
    return LoadStatus.WITHIN_CAPACITY


# --------------------------------------------------------------------------------------
# structure: the positions a sales system needs

_MIXED = (
    Role.TELEMARKETER,
    Role.DEVELOPMENT_SPECIALIST,
    Role.CLIENT_MANAGER,
    Role.BACK_OFFICE,
    Role.SALES_SUPPORT,
)
_TRANSACTIONAL = (
    Role.MARKETER,
    Role.TELEMARKETER,
    Role.CLIENT_MANAGER,
    Role.BACK_OFFICE,
    Role.SALES_SUPPORT,
)
_CONSULTATIVE = (
    Role.MARKETER,
    Role.DEVELOPMENT_SPECIALIST,
    Role.CLIENT_MANAGER,
    Role.PROJECT_MANAGER,
    Role.SPECIALIST,
    Role.SALES_SUPPORT,
)
_STRUCTURES: Mapping[SalesType, tuple[Role, ...]] = MappingProxyType(
    {
        SalesType.MIXED: _MIXED,
        SalesType.TRANSACTIONAL: _TRANSACTIONAL,
        SalesType.CONSULTATIVE: _CONSULTATIVE,
    }
)


def structure_for(
    sales_type: SalesType | str, *, key_accounts: bool = False, kam_post: bool = False
) -> tuple[Role, ...]:
    """The positions a sales system of ``sales_type`` needs, scout to support.

    The mixed structure is the book's (docs/methodology.md#sales-systems): telemarketer,
    development specialist, client manager, operator (back office), sales support.
    Transactional and consultative are this library's reading of the methodology (see
    ``docs/organisation.md``).  Key accounts are a *function* (docs/methodology.md#key-accounts):
    with ``key_accounts=True`` (key-account candidates exist) the client manager takes on
    the KAM duties and the structure is unchanged; only a company that asks for the post
    (``kam_post=True``) gets a key account manager, right after the client manager.

    >>> [r.value for r in structure_for(SalesType.MIXED)]
    ['telemarketer', 'development_specialist', 'client_manager', 'back_office', 'sales_support']
    >>> Role.KEY_ACCOUNT_MANAGER in structure_for("consultative", key_accounts=True)
    False
    >>> Role.KEY_ACCOUNT_MANAGER in structure_for("consultative", key_accounts=True, kam_post=True)
    True
    >>> structure_for(SalesType.UNKNOWN)
    Traceback (most recent call last):
    ...
    ValueError: sales_type='unknown': the sales system's type is not known, so neither is \
its structure; classify the profile first (p.SalesSystemClassifier) or name the type
    """
    kind = SalesType(sales_type)
    if kind is SalesType.UNKNOWN:
        raise ValueError(
            "sales_type='unknown': the sales system's type is not known, so neither is its "
            "structure; classify the profile first (p.SalesSystemClassifier) or name the type"
        )
    roles = _STRUCTURES[kind]
    if not (key_accounts and kam_post):
        return roles
    at = roles.index(Role.CLIENT_MANAGER) + 1
    return (*roles[:at], Role.KEY_ACCOUNT_MANAGER, *roles[at:])


@attrs.frozen
class PositionSpec:
    """One position of a structure: the role, its function, its tasks and why it is there.

    The purpose is worded by the catalogue (``purpose.<sales type>.<role>``); ``purpose``
    is the English text, :meth:`purpose_text` any language.

    >>> spec = positions_for(SalesType.MIXED)[0]
    >>> spec.role, spec.function, spec.function.text("ru")
    (<Role.TELEMARKETER: 'telemarketer'>, <Function.SCOUT: 'scout'>, 'разведчик')
    >>> spec.purpose_text("ru")[:40]
    'квалифицирует клиентов по холодной базе '
    """

    role: Role
    function: Function
    responsibilities: tuple[Responsibility, ...]
    purpose_key: str
    """The catalogue key of the purpose (``purpose.mixed.telemarketer`` …)."""

    def purpose_text(self, locale: str = "en") -> str:
        """Why the position is in the structure, in ``locale``."""
        return name_of(self.purpose_key, locale)

    @property
    def purpose(self) -> str:
        """Why the position is in the structure, in English."""
        return self.purpose_text("en")

    @property
    def purpose_ru(self) -> str:
        """Deprecated: use ``purpose_text("ru")``."""
        warnings.warn(
            "PositionSpec.purpose_ru is deprecated; use .purpose_text('ru')",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.purpose_text("ru")

    def to_dict(self, locale: str = "en") -> dict[str, Any]:
        """JSON-safe form for a UI, names and purpose in ``locale``."""
        return {
            "role": self.role.value,
            "role_name": self.role.text(locale),
            "function": self.function.value,
            "function_name": self.function.text(locale),
            "responsibilities": [r.value for r in self.responsibilities],
            "purpose": self.purpose_text(locale),
        }


def positions_for(
    sales_type: SalesType | str, *, key_accounts: bool = False, kam_post: bool = False
) -> tuple[PositionSpec, ...]:
    """:func:`structure_for` with each position's function, tasks and purpose.

    >>> [(s.role.value, s.function.value) for s in positions_for("mixed")][:3]
    [('telemarketer', 'scout'), ('development_specialist', 'hunter'), ('client_manager', 'farmer')]
    """
    kind = SalesType(sales_type)
    out = []
    for role in structure_for(kind, key_accounts=key_accounts, kam_post=kam_post):
        key = (
            "purpose.key_account_manager"
            if role is Role.KEY_ACCOUNT_MANAGER
            else f"purpose.{kind.value}.{role.value}"
        )
        out.append(PositionSpec(role, role.function, role.responsibilities, key))
    return tuple(out)
