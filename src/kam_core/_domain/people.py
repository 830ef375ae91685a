"""People on our side and the contact log: :class:`Manager`, :class:`Touch`, :class:`Channel`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictInt

from kam_core._domain._base import Day, Entity, Text
from kam_core._domain.role import RoleLike
from kam_core._ids import ClientIdField, ManagerIdField
from kam_core._words import Worded

__all__ = ["Channel", "Manager", "Touch", "TouchIdField"]

TouchIdField = Annotated[str, Field(min_length=1, max_length=256, pattern=r"^\S(.*\S)?$")]
"""Identifier of a touch (a logged call, meeting, visit …)."""


class Manager(Entity):
    """A person who works clients: their position, how many clients they carry, where.

    ``position`` is a catalogue :class:`~kam_core.Role` or the company's own
    :class:`~kam_core.Position`; it is the role of every client the manager works
    (``Client.manager_id``).  ``capacity`` is how many clients the person can carry
    (None: not set, so never over or under); ``regions`` where they work (empty: anywhere).

    >>> import kam_core as kc
    >>> m = kc.Manager(id="M-1", name="Ирина Котова", position=kc.Role.CLIENT_MANAGER,
    ...                capacity=120, regions=("Москва",))
    >>> m.position.function.value, m.capacity, m.works_in("Москва"), m.works_in("Казань")
    ('farmer', 120, True, False)
    >>> kc.Manager.model_validate_json(m.model_dump_json()) == m
    True
    """

    id: ManagerIdField
    name: Text
    position: RoleLike
    """The person's position: the role of every client they work."""
    capacity: Annotated[StrictInt, Field(ge=0, le=1_000_000)] | None = None
    """Clients the person can carry; None = not set."""
    regions: tuple[Text, ...] = ()
    """Regions the person works in; empty = anywhere."""

    def works_in(self, region: str | None) -> bool:
        """Whether the person works in ``region`` (anyone works where nothing is known)."""
        return not self.regions or region is None or region in self.regions


class Channel(Worded, StrEnum):
    """How a touch reached the client.

    >>> Channel.VISIT.text("ru"), Channel("call").text()
    ('визит', 'call')
    """

    __words__ = "channel"

    CALL = "call"
    MEETING = "meeting"
    VISIT = "visit"
    EMAIL = "email"
    MESSAGE = "message"
    OTHER = "other"


class Touch(Entity):
    """One logged contact with a client: who, when, how (the contact log).

    >>> from datetime import date
    >>> import kam_core as kc
    >>> t = kc.Touch(id="T-1", client_id="C-1", manager_id="M-1", on=date(2026, 11, 2),
    ...              channel=kc.Channel.CALL, note="Обсудили отгрузку на декабрь")
    >>> t.channel.text("ru"), kc.Touch.model_validate(t.model_dump(mode="json")) == t
    ('звонок', True)
    """

    id: TouchIdField
    client_id: ClientIdField
    manager_id: ManagerIdField
    on: Day
    channel: Channel
    note: Text | None = None
