"""PolicySet: a company's policies as one versioned object, and the named presets."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, SerializeAsAny, model_validator

from kam_core._money import Money
from kam_core.policies._engine import _POLICIES, Policy

__all__ = ["PolicySet", "preset_names", "register_preset"]


def _load_policy(value: object) -> Policy:
    if isinstance(value, Policy):
        return value
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a policy object with a 'kind', got {type(value).__name__}")
    kind = value.get("kind")
    cls = _POLICIES.get(kind) if isinstance(kind, str) else None
    if cls is None or kind == "policy_set":
        raise ValueError(f"unknown policy kind {kind!r}")
    return cls.model_validate(value)


PolicyField = SerializeAsAny[Annotated[Policy, BeforeValidator(_load_policy)]]

_PRESETS: dict[str, Callable[[str], tuple[Policy, ...]]] = {}


def register_preset(name: str, build: Callable[[str], tuple[Policy, ...]]) -> None:
    """Add a named preset: ``build(currency)`` returns its policies.

    >>> from kam_core import policies as p
    >>> register_preset("doctest_minimal", lambda currency: (p.Abc(),))
    >>> [pol.kind for pol in PolicySet.preset("doctest_minimal")]
    ['abc']
    """
    if name in _PRESETS and _PRESETS[name] is not build:
        raise ValueError(f"preset {name!r} is already registered")
    _PRESETS[name] = build


def preset_names() -> tuple[str, ...]:
    """The names :meth:`PolicySet.preset` accepts.

    >>> "erokhin" in preset_names()
    True
    """
    return tuple(sorted(_PRESETS))


class PolicySet(Policy):
    """A company's policies grouped, versioned and fingerprinted as one piece of data.

    Holds at most one policy of each kind, in the order given: qualification,
    handoff rules and every segmentation the company uses.  ``analyze()`` runs them
    all; ``to_dict()`` / ``p.load()`` round-trip the whole set.

    >>> from kam_core import policies as p
    >>> rules = p.PolicySet.preset("erokhin", currency="RUB")
    >>> [pol.kind for pol in rules][:3]
    ['bant', 'handoff_rules', 'abc']
    >>> p.load(rules.to_dict()) == rules
    True
    >>> rules.get("abc").cutoffs
    (0.8, 0.95)
    """

    kind: Literal["policy_set"] = "policy_set"
    name: Annotated[str, Field(min_length=1, max_length=64)] = "custom"
    """The set's name (a preset's name, or your own)."""
    currency: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    """The currency the set's money thresholds are in (None: no money thresholds)."""
    policies: Annotated[tuple[PolicyField, ...], Field(max_length=50)]
    """The policies, at most one of each kind, in the order given."""

    @model_validator(mode="after")
    def _one_per_kind(self) -> Self:
        seen: set[str] = set()
        for i, policy in enumerate(self.policies):
            if policy.kind in seen:
                raise ValueError(
                    f"policies[{i}]: a second {policy.kind!r} policy; a set holds one of each kind"
                )
            seen.add(policy.kind)
        if self.currency is not None:
            Money.zero(self.currency)
        return self

    @classmethod
    def preset(cls, name: str = "erokhin", *, currency: str = "RUB", version: str = "1") -> Self:
        """The named preset's policies, with money thresholds in ``currency``.

        ``"erokhin"`` holds the methodology's defaults (each policy with its own
        defaults; see docs/policies-reference.md).
        """
        build = _PRESETS.get(name)
        if build is None:
            raise ValueError(f"name={name!r}: unknown preset; known: {', '.join(preset_names())}")
        return cls(name=name, currency=currency, version=version, policies=build(currency))

    def get(self, kind: str) -> Any:
        """The policy of ``kind``, or None."""
        for policy in self.policies:
            if policy.kind == kind:
                return policy
        return None

    def __iter__(self) -> Iterator[Policy]:  # type: ignore[override]
        return iter(self.policies)

    def __len__(self) -> int:
        return len(self.policies)

    def replace(self, policy: Policy) -> PolicySet:
        """A copy with ``policy`` in place of the one of its kind (or appended).

        >>> from kam_core import policies as p
        >>> base = p.PolicySet.preset("erokhin")
        >>> base.replace(p.Abc(cutoffs=(0.7, 0.9))).get("abc").cutoffs
        (0.7, 0.9)
        """
        kept = [p for p in self.policies if p.kind != policy.kind]
        index = next((i for i, p in enumerate(self.policies) if p.kind == policy.kind), len(kept))
        kept.insert(index, policy)
        return type(self)(
            name=self.name, currency=self.currency, version=self.version, policies=tuple(kept)
        )


def _erokhin(currency: str) -> tuple[Policy, ...]:
    from kam_core.policies import handoff as h
    from kam_core.policies import qualification as q
    from kam_core.policies._engine import AllOf, AnyOf, Not
    from kam_core.policies._verdicts import Segment
    from kam_core.policies.account_plan import AccountPlan
    from kam_core.policies.key_accounts import KamPortfolio, KeyAccount
    from kam_core.policies.segmentation import Abc, Abcd, AbcXyz, Rfm, Xyz
    from kam_core.policies.segmentation.sleeping import Sleeping

    # one definition per concept: the handoffs read the Sleeping and KeyAccount verdicts;
    # in the mixed system the client manager reactivates his own sleeping clients (an
    # action of the account plan), so no transfer hands them to the hunters
    asleep = Segment(of="sleeping", labels=("sleeping", "lost"))
    return (
        q.Bant(min_budget=Money("500000", currency), max_days_to_decision=90),
        h.HandoffRules(
            transfers=(
                h.HunterToFarmer(
                    when=AllOf(
                        of=(
                            AnyOf(
                                of=(
                                    h.OrderCount(at_least=3),
                                    h.CumulativeRevenue(at_least=Money("1000000", currency)),
                                )
                            ),
                            Not(of=asleep),
                        )
                    )
                ),
                h.FarmerToKeyAccount(
                    when=AllOf(
                        of=(
                            Segment(of="key_account", labels=("key_account", "national_account")),
                            Not(of=asleep),
                        )
                    )
                ),
            )
        ),
        Abc(),
        Xyz(),
        AbcXyz(),
        Abcd(),
        Rfm(),
        Sleeping(),
        KeyAccount(),
        KamPortfolio(),
        AccountPlan(),
    )


register_preset("erokhin", _erokhin)
