"""Functions, positions and their responsibilities (docs/methodology.md#positions)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from kam_core._domain._base import Entity, Text

__all__ = ["Function", "Position", "Responsibility", "Role", "RoleLike"]


class Function(StrEnum):
    """The three functions of the marketing-and-sales process, plus support.

    >>> Function.FARMER, Function.FARMER.russian
    (<Function.FARMER: 'farmer'>, 'фермер')
    """

    SCOUT = "scout"
    """Разведчик: finds, attracts and qualifies leads; result: a sales-qualified lead."""
    HUNTER = "hunter"
    """Охотник: makes the first sale; result: a new client with a first order."""
    FARMER = "farmer"
    """Фермер: grows the client's volume: frequency, order value, assortment."""
    SUPPORT = "support"
    """Projects, specialists, sales support and back office serving the other functions."""

    @property
    def russian(self) -> str:
        """The Russian name used in the methodology."""
        return _FUNCTION_RU[self]


_FUNCTION_RU = {
    Function.SCOUT: "разведчик",
    Function.HUNTER: "охотник",
    Function.FARMER: "фермер",
    Function.SUPPORT: "поддержка",
}


class Responsibility(StrEnum):
    """A task a position is accountable for; the catalogue of docs/methodology.md#positions.

    The client manager's nine tasks are the first nine members, in the book's order.

    >>> [r.value for r in Role.CLIENT_MANAGER.responsibilities][:3]
    ['grow_turnover', 'grow_average_order', 'grow_order_frequency']
    """

    # the client manager's nine tasks (КМ), in the methodology's order
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

    @property
    def russian(self) -> str:
        """The task as the methodology names it in Russian."""
        return _RESPONSIBILITY_RU[self]


_RESPONSIBILITY_RU = {
    Responsibility.GROW_TURNOVER: "рост товарооборота клиента",
    Responsibility.GROW_AVERAGE_ORDER: "рост средней суммы заказа",
    Responsibility.GROW_ORDER_FREQUENCY: "рост частоты заказов",
    Responsibility.DEVELOP_ASSORTMENT: "развитие ассортимента",
    Responsibility.RAISE_LOYALTY: "постоянное повышение лояльности",
    Responsibility.BUILD_SWITCHING_BARRIERS: "создание барьеров перехода",
    Responsibility.REACTIVATE_SLEEPING: "реанимация «уснувших» клиентов",
    Responsibility.FILL_DOSSIER: "наполнение досье клиента",
    Responsibility.HAND_OVER_TO_PROJECTS: "передача клиента менеджеру проекта или специалисту",
    Responsibility.SHAPE_SOLUTION: "формирование решения для клиента",
    Responsibility.DELIVER_SOLUTION: "сопровождение и реализация решения",
    Responsibility.TAKE_ORDERS: "быстрый и безошибочный приём и оформление заказов",
    Responsibility.ANALYSE_MARKET: "анализ целевой аудитории, рынка и конкурентов",
    Responsibility.RUN_CAMPAIGNS: "рекламные каналы и кампании",
    Responsibility.QUALIFY_LEADS: "квалификация лидов",
    Responsibility.FIND_DECISION_MOMENT: "поиск момента принятия решения",
    Responsibility.MAKE_FIRST_SALE: "первая продажа",
    Responsibility.DEVELOP_MULTILEVEL_RELATIONSHIPS: "развитие отношений со многими людьми клиента",
    Responsibility.MOBILISE_SUPPLIER_RESOURCES: "мобилизация ресурсов поставщика",
    Responsibility.COORDINATE_FIELD_REPS: "координация полевых представителей",
}

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


class Role(StrEnum):
    """The catalogue of positions; each carries a :class:`Function` and responsibilities.

    >>> Role.TELEMARKETER.function
    <Function.SCOUT: 'scout'>
    >>> Role.CLIENT_MANAGER.russian
    'клиентский менеджер (КМ)'
    >>> len(Role.CLIENT_MANAGER.responsibilities)
    9
    >>> Role.BACK_OFFICE.responsibilities[0]
    <Responsibility.TAKE_ORDERS: 'take_orders'>
    """

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

    @property
    def russian(self) -> str:
        """The position's Russian name."""
        return _ROLE_RU[self]


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

_ROLE_RU = {
    Role.MARKETER: "маркетолог",
    Role.TELEMARKETER: "телемаркетолог",
    Role.DEVELOPMENT_SPECIALIST: "специалист по развитию (активный менеджер)",
    Role.CLIENT_MANAGER: "клиентский менеджер (КМ)",
    Role.KEY_ACCOUNT_MANAGER: "менеджер по ключевым клиентам (КАМ)",
    Role.PROJECT_MANAGER: "менеджер проекта",
    Role.SPECIALIST: "узкий специалист",
    Role.SALES_SUPPORT: "служба обеспечения продаж (СОП)",
    Role.BACK_OFFICE: "операционист (бэк-офис)",
}


class Position(Entity):
    """A company's own position, mapped to a :class:`Function`.

    Works wherever a :class:`Role` does (a client's owner, a handoff's roles).

    >>> inside = Position(name="inside_sales", function=Function.HUNTER,
    ...                   responsibilities=(Responsibility.MAKE_FIRST_SALE,))
    >>> inside.function
    <Function.HUNTER: 'hunter'>
    """

    name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9_]*$")]
    function: Function
    responsibilities: tuple[Responsibility, ...] = ()
    title: Text | None = None
    """A display title, e.g. "Менеджер по работе с сетями"."""

    @property
    def key(self) -> str:
        """A stable string key for the position (its name), as :attr:`Role.key`."""
        return self.name


RoleLike = Role | Position
"""A catalogue :class:`Role` or a user-defined :class:`Position`."""
