"""Functions, positions and their responsibilities (docs/methodology.md#positions)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

from kam_core._domain._base import Entity, Text
from kam_core._words import Worded, humanize

_LOCALE = r"^[a-z]{2,3}(_[A-Z]{2})?$"


def _titles_in(value: object) -> object:
    """``{locale: title}`` in, sorted ``((locale, title), …)`` kept: hashable and stable."""
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value


Titles = Annotated[
    tuple[tuple[Annotated[str, Field(pattern=_LOCALE)], Text], ...],
    BeforeValidator(_titles_in),
    PlainSerializer(lambda pairs: dict(pairs), return_type=dict[str, str]),
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"pattern": _LOCALE},
            "additionalProperties": {"type": "string"},
        }
    ),
    Field(max_length=50),
]
"""Display titles by language: a ``{locale: title}`` mapping in and out."""

__all__ = ["Function", "Position", "Responsibility", "Role", "RoleLike"]


class Function(Worded, StrEnum):
    """The three functions of the marketing-and-sales process, plus support.

    >>> Function.FARMER, Function.FARMER.text("ru")
    (<Function.FARMER: 'farmer'>, 'фермер')
    """

    __words__ = "function"

    SCOUT = "scout"
    """Разведчик: finds, attracts and qualifies leads; result: a sales-qualified lead."""
    HUNTER = "hunter"
    """Охотник: makes the first sale; result: a new client with a first order."""
    FARMER = "farmer"
    """Фермер: grows the client's volume: frequency, order value, assortment."""
    SUPPORT = "support"
    """Projects, specialists, sales support and back office serving the other functions."""


class Responsibility(Worded, StrEnum):
    """A task a position is accountable for; the catalogue of docs/methodology.md#positions.

    The client manager's nine tasks are the first nine members: tasks 4–9 in the book's
    order, tasks 1–3 reconstructed by kam_core from the farmer's levers (frequency, average
    order, cross-sales; docs/methodology.md#positions), as the book's list opens with the
    fourth.

    >>> [r.value for r in Role.CLIENT_MANAGER.responsibilities][:3]
    ['grow_turnover', 'grow_average_order', 'grow_order_frequency']
    """

    __words__ = "responsibility"

    # the client manager's nine tasks (КМ): 1-3 reconstructed from the farmer's levers,
    # 4-9 in the book's order
    GROW_TURNOVER = "grow_turnover"
    GROW_AVERAGE_ORDER = "grow_average_order"
    GROW_ORDER_FREQUENCY = "grow_order_frequency"
    DEVELOP_ASSORTMENT = "develop_assortment"
    RAISE_LOYALTY = "raise_loyalty"
    BUILD_SWITCHING_BARRIERS = "build_switching_barriers"
    REACTIVATE_SLEEPING = "reactivate_sleeping"
    FILL_DOSSIER = "fill_dossier"
    HAND_OVER_TO_PROJECTS = "hand_over_to_projects"
    # specialists and project managers
    SHAPE_SOLUTION = "shape_solution"
    DELIVER_SOLUTION = "deliver_solution"
    # sales support and back office
    TAKE_ORDERS = "take_orders"
    # scouts
    ANALYSE_MARKET = "analyse_market"
    RUN_CAMPAIGNS = "run_campaigns"
    QUALIFY_LEADS = "qualify_leads"
    # hunters
    FIND_DECISION_MOMENT = "find_decision_moment"
    MAKE_FIRST_SALE = "make_first_sale"
    # key account managers
    DEVELOP_MULTILEVEL_RELATIONSHIPS = "develop_multilevel_relationships"
    MOBILISE_SUPPLIER_RESOURCES = "mobilise_supplier_resources"
    COORDINATE_FIELD_REPS = "coordinate_field_reps"
    """Coordinate *and motivate* the field reps dealing with the key account's departments,
    units and locations (the KAM's duty; the name keeps its first verb)."""


R = Responsibility
_CLIENT_MANAGER_TASKS = (
    R.GROW_TURNOVER,
    R.GROW_AVERAGE_ORDER,
    R.GROW_ORDER_FREQUENCY,
    R.DEVELOP_ASSORTMENT,
    R.RAISE_LOYALTY,
    R.BUILD_SWITCHING_BARRIERS,
    R.REACTIVATE_SLEEPING,
    R.FILL_DOSSIER,
    R.HAND_OVER_TO_PROJECTS,
)
_SPECIALIST_TASKS = (R.SHAPE_SOLUTION, R.DELIVER_SOLUTION, R.RAISE_LOYALTY)


class Role(Worded, StrEnum):
    """The catalogue of positions; each carries a :class:`Function` and responsibilities.

    >>> Role.TELEMARKETER.function
    <Function.SCOUT: 'scout'>
    >>> Role.CLIENT_MANAGER.text("ru"), Role.CLIENT_MANAGER.text()
    ('КМ', 'client manager')
    >>> len(Role.CLIENT_MANAGER.responsibilities)
    9
    >>> Role.BACK_OFFICE.responsibilities[0]
    <Responsibility.TAKE_ORDERS: 'take_orders'>
    """

    __words__ = "role"

    MARKETER = "marketer"
    TELEMARKETER = "telemarketer"
    DEVELOPMENT_SPECIALIST = "development_specialist"
    CLIENT_MANAGER = "client_manager"
    KEY_ACCOUNT_MANAGER = "key_account_manager"
    PROJECT_MANAGER = "project_manager"
    SPECIALIST = "specialist"
    SALES_SUPPORT = "sales_support"
    BACK_OFFICE = "back_office"

    @property
    def key(self) -> str:
        """A stable string key for the position (its value), as :attr:`Position.key`."""
        return self.value

    @property
    def function(self) -> Function:
        """The function this position carries."""
        return _ROLE_FUNCTION[self]

    @property
    def responsibilities(self) -> tuple[Responsibility, ...]:
        """What this position is accountable for, most important first."""
        return _ROLE_TASKS[self]


_ROLE_FUNCTION = {
    Role.MARKETER: Function.SCOUT,
    Role.TELEMARKETER: Function.SCOUT,
    Role.DEVELOPMENT_SPECIALIST: Function.HUNTER,
    Role.CLIENT_MANAGER: Function.FARMER,
    Role.KEY_ACCOUNT_MANAGER: Function.FARMER,
    Role.PROJECT_MANAGER: Function.SUPPORT,
    Role.SPECIALIST: Function.SUPPORT,
    Role.SALES_SUPPORT: Function.SUPPORT,
    Role.BACK_OFFICE: Function.SUPPORT,
}

_ROLE_TASKS: dict[Role, tuple[Responsibility, ...]] = {
    Role.MARKETER: (R.ANALYSE_MARKET, R.RUN_CAMPAIGNS, R.QUALIFY_LEADS),
    Role.TELEMARKETER: (R.QUALIFY_LEADS,),
    Role.DEVELOPMENT_SPECIALIST: (R.FIND_DECISION_MOMENT, R.MAKE_FIRST_SALE),
    Role.CLIENT_MANAGER: _CLIENT_MANAGER_TASKS,
    Role.KEY_ACCOUNT_MANAGER: (
        *_CLIENT_MANAGER_TASKS,
        R.DEVELOP_MULTILEVEL_RELATIONSHIPS,
        R.MOBILISE_SUPPLIER_RESOURCES,
        R.COORDINATE_FIELD_REPS,
    ),
    Role.PROJECT_MANAGER: _SPECIALIST_TASKS,
    Role.SPECIALIST: _SPECIALIST_TASKS,
    Role.SALES_SUPPORT: (R.TAKE_ORDERS, R.GROW_AVERAGE_ORDER, R.DEVELOP_ASSORTMENT),
    Role.BACK_OFFICE: (R.TAKE_ORDERS, R.GROW_AVERAGE_ORDER, R.DEVELOP_ASSORTMENT),
}


class Position(Entity):
    """A company's own position, mapped to a :class:`Function`.

    Works wherever a :class:`Role` does (a client's owner, a handoff's roles).  People
    read it by ``titles`` in their language, else by ``title``, else by its ``name``
    with spaces for underscores.

    >>> inside = Position(name="inside_sales", function=Function.HUNTER,
    ...                   responsibilities=(Responsibility.MAKE_FIRST_SALE,),
    ...                   titles={"ru": "менеджер по входящим"})
    >>> inside.function, inside.text("ru"), inside.text("en")
    (<Function.HUNTER: 'hunter'>, 'менеджер по входящим', 'inside sales')
    """

    name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9_]*$")]
    function: Function
    responsibilities: tuple[Responsibility, ...] = ()
    title: Text | None = None
    """A display title in any language, e.g. "Менеджер по работе с сетями"."""
    titles: Titles = ()
    """Display titles by language (``{"ru": "…", "en": "…"}``); they win over ``title``."""

    @property
    def key(self) -> str:
        """A stable string key for the position (its name), as :attr:`Role.key`."""
        return self.name

    def text(self, locale: str = "en") -> str:
        """The position's title in ``locale``: ``titles``, else ``title``, else the name."""
        return dict(self.titles).get(locale) or self.title or humanize(self.name)


RoleLike = Role | Position
"""A catalogue :class:`Role` or a user-defined :class:`Position`."""
