"""Handoff: the recorded event of a client (or lead) passing from one role to another."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from kam_core._decision import Reason, jsonable
from kam_core._domain.role import Position, Role, RoleLike

__all__ = ["Handoff", "role_key", "role_russian", "same_role"]


def role_key(role: RoleLike | None) -> str | None:
    """The stable key of a role or position (None stays None)."""
    return None if role is None else role.key


def role_russian(role: RoleLike | None) -> str:
    """The Russian name of a catalogue role, or a position's title / name."""
    if role is None:
        return "никто"
    if isinstance(role, Role):
        return role.russian
    return role.title or role.name


def same_role(a: RoleLike | None, b: RoleLike | None) -> bool:
    """Two roles are the same position: same catalogue member, or positions of one name."""
    if a is None or b is None:
        return a is b
    if isinstance(a, Role) or isinstance(b, Role):
        return a is b
    return isinstance(a, Position) and isinstance(b, Position) and a.name == b.name


@attrs.frozen
class Handoff:
    """A client (or a lead) passes from one role to another: who, from whom, to whom, when, why.

    ``rule`` names the transfer that fired (``"hunter_to_farmer"`` …), ``fingerprint``
    the policy that decided, so the event can be audited against its configuration.
    ``from_role`` is None when nobody worked the client yet.  ``lead_id`` is set when
    the subject was a lead (scout → hunter); ``client_id`` is then the client the lead
    names, or the lead's own id.

    >>> from datetime import date
    >>> from kam_core import Role
    >>> h = Handoff("C-1", Role.DEVELOPMENT_SPECIALIST, Role.CLIENT_MANAGER,
    ...             "hunter_to_farmer", date(2026, 3, 1))
    >>> print(h)
    development_specialist → client_manager (hunter_to_farmer)
    >>> h.explain()
    'C-1: development_specialist → client_manager, rule hunter_to_farmer, as of 2026-03-01'
    >>> h.to_dict()["to_role"], h.to_dict()["as_of"]
    ('client_manager', '2026-03-01')
    >>> h.explain("ru")
    'C-1: специалист по развитию (активный менеджер) → клиентский менеджер (КМ), \
правило hunter_to_farmer, на 2026-03-01'
    """

    client_id: str
    from_role: RoleLike | None
    to_role: RoleLike
    rule: str
    as_of: date
    fingerprint: str | None = None
    """The fingerprint of the policy that decided (None for hand-made events)."""
    reasons: tuple[Reason, ...] = ()
    lead_id: str | None = None

    def __str__(self) -> str:
        """The move and its rule, short: a decision's explanation adds the client and date."""
        return f"{role_key(self.from_role) or 'nobody'} → {self.to_role.key} ({self.rule})"

    def explain(self, locale: str = "en") -> str:
        """The whole event in words, ``"en"`` or ``"ru"``: client, roles, rule and date."""
        if locale == "ru":
            return (
                f"{self.client_id}: {role_russian(self.from_role)} → "
                f"{role_russian(self.to_role)}, правило {self.rule}, "
                f"на {self.as_of.isoformat()}"
            )
        if locale == "en":
            return (
                f"{self.client_id}: {role_key(self.from_role) or 'nobody'} → "
                f"{self.to_role.key}, rule {self.rule}, as of {self.as_of.isoformat()}"
            )
        raise ValueError(f"locale={locale!r}: expected one of ('en', 'ru')")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, stable key order: the record a CRM stores."""
        return {
            "client_id": self.client_id,
            "lead_id": self.lead_id,
            "from_role": jsonable(self.from_role),
            "to_role": jsonable(self.to_role),
            "rule": self.rule,
            "as_of": self.as_of.isoformat(),
            "fingerprint": self.fingerprint,
            "reasons": [r.to_dict() for r in self.reasons],
        }
