"""Handoff: the recorded event of a client (or lead) passing from one role to another."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from kam_core._decision import Reason, jsonable
from kam_core._domain.role import Position, Role, RoleLike
from kam_core._words import Term, locales, text

__all__ = ["Handoff", "role_key", "role_term", "same_role"]


def role_key(role: RoleLike | None) -> str | None:
    """The stable key of a role or position (None stays None)."""
    return None if role is None else role.key


def role_term(role: RoleLike | None) -> Term:
    """A role as a reason parameter: its stable key in JSON, its name in a text.

    A catalogue role reads ``role.<key>`` in ``[name]``; a company's position carries
    its own titles; nobody is ``role.none``.

    >>> from kam_core._words import format_value
    >>> format_value(role_term(Role.CLIENT_MANAGER), "ru"), role_term(None).to_dict()
    ('КМ', 'none')
    """
    if role is None:
        return Term("none", kind="role")
    if isinstance(role, Role):
        return Term(role.key, kind="role")
    names = {locale: role.text(locale) for locale in (*locales(), *dict(role.titles))}
    return Term(role.key, kind="role", names=names)


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
    'C-1 as of 1 Mar 2026: development specialist → client manager, “hunter → farmer” rule'
    >>> h.explain("ru")
    'C-1 на 01.03.2026: специалист по развитию → КМ, правило «охотник → фермер»'
    >>> h.text("ru")
    'специалист по развитию → КМ'
    >>> h.to_dict()["to_role"], h.to_dict()["as_of"]
    ('client_manager', '2026-03-01')
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
        """The move and its rule by their keys, for logs: :meth:`text` is for people."""
        return f"{role_key(self.from_role) or 'nobody'} → {self.to_role.key} ({self.rule})"

    def text(self, locale: str = "en") -> str:
        """The move in words, as a decision's outcome: ``КМ → КАМ``."""
        return text(
            "handoff.move",
            locale,
            from_role=role_term(self.from_role),
            to_role=role_term(self.to_role),
        )

    def explain(self, locale: str = "en") -> str:
        """The whole event in words, in ``locale``: client, roles, rule and date."""
        return text(
            "handoff.explain",
            locale,
            client=self.client_id,
            from_role=role_term(self.from_role),
            to_role=role_term(self.to_role),
            rule=self.rule,
            as_of=self.as_of,
        )

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
