"""People on our side and the contact log: managers, touches, and who works a client."""

from __future__ import annotations

from datetime import date

import pydantic
import pytest

import kam_core as kc
from kam_core.errors import PolicyEvaluationError

AS_OF = date(2026, 11, 24)
IRINA = kc.Manager(id="M-1", name="Ирина Котова", position=kc.Role.CLIENT_MANAGER, capacity=2)


def test_a_manager_round_trips_through_json() -> None:
    """A manager is a frozen entity: JSON in, the same manager out."""
    assert kc.Manager.model_validate_json(IRINA.model_dump_json()) == IRINA


def test_a_touch_needs_a_known_channel() -> None:
    """A channel outside the catalogue is refused, naming the field."""
    with pytest.raises(pydantic.ValidationError, match="channel"):
        kc.Touch(id="T-1", client_id="C-1", manager_id="M-1", on=AS_OF, channel="pigeon")


def test_the_clients_role_follows_its_managers_position() -> None:
    """A client with a manager and no owner is worked in the manager's position."""
    client = kc.Client(id="C-1", name="ООО Альфа", manager_id="M-1")
    report = kc.analyze([client], [], as_of=AS_OF, policies=[], managers=[IRINA], currency="RUB")
    assert report.row("C-1").client is not None
    assert report.row("C-1").client.owner is kc.Role.CLIENT_MANAGER


def test_an_unknown_manager_id_is_an_error_naming_both_ids() -> None:
    """A client naming a manager who is not among those given is refused with both ids."""
    client = kc.Client(id="C-7", name="ООО Альфа", manager_id="M-9")
    with pytest.raises(PolicyEvaluationError, match=r"'C-7'.*'M-9'"):
        kc.analyze([client], [], as_of=AS_OF, policies=[], managers=[IRINA], currency="RUB")


def test_an_owner_that_disagrees_with_the_managers_position_is_refused() -> None:
    """Owner KAM but manager a client manager: the data disagree, so nothing wins silently."""
    client = kc.Client(
        id="C-1", name="ООО Альфа", manager_id="M-1", owner=kc.Role.KEY_ACCOUNT_MANAGER
    )
    with pytest.raises(PolicyEvaluationError, match="key_account_manager"):
        kc.analyze([client], [], as_of=AS_OF, policies=[], managers=[IRINA], currency="RUB")


def test_a_manager_given_twice_is_refused() -> None:
    """Two managers with one id are refused."""
    with pytest.raises(PolicyEvaluationError, match="twice"):
        kc.analyze([], [], as_of=AS_OF, policies=[], managers=[IRINA, IRINA])


def test_a_touch_by_an_unknown_manager_is_refused() -> None:
    """With managers given, every touch must be by one of them."""
    touch = kc.Touch(id="T-1", client_id="C-1", manager_id="M-5", on=AS_OF, channel="call")
    with pytest.raises(PolicyEvaluationError, match="'M-5'"):
        kc.analyze([], [], as_of=AS_OF, policies=[], managers=[IRINA], touches=[touch])


def test_without_managers_the_manager_id_is_kept_unchecked() -> None:
    """No managers given: a client's manager id is carried as it is."""
    client = kc.Client(id="C-1", name="ООО Альфа", manager_id="M-9")
    report = kc.analyze([client], [], as_of=AS_OF, policies=[], currency="RUB")
    assert report.row("C-1").client == client
