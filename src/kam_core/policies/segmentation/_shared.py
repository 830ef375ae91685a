"""What the value segmentations share: labels, exact shares, the Pareto ranking, plays."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, localcontext
from typing import Annotated, Any

import attrs
from pydantic import Field

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core._domain.handoff import role_term
from kam_core._domain.role import Responsibility, Role
from kam_core._stats.client_stats import ClientStats
from kam_core._time import Period
from kam_core.errors import CurrencyMismatchError
from kam_core.policies._engine import Policy
from kam_core.policies.segmentation._base import (
    Play,
)

__all__ = [
    "ABSENT",
    "UNKNOWN",
]

UNKNOWN = "unknown"
"""The label of a client a segmentation cannot judge (a fact is missing)."""
ABSENT = "absent"
"""The label :func:`migration` gives a client missing from one of the two dates."""

PASSED, FAILED, UNKNOWN_STATUS = (
    CriterionStatus.PASSED,
    CriterionStatus.FAILED,
    CriterionStatus.UNKNOWN,
)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_PREC = 80
"""Decimal precision for sums and products: far above any book's digits, so exact."""

_POW10 = tuple(10**k for k in range(256))
_DIGITS_18 = 10**18
_SAFE_PREC = 19
"""Monthly sums under 18 digits are exact Decimal sums at this precision or more."""
_SAFE_EXP = 10_000

_Share = Annotated[float, Field(gt=0, lt=1)]
_Months = Annotated[int, Field(ge=1, le=600, strict=True)]
R = Responsibility


@functools.lru_cache(maxsize=256)
def _trailing(as_of: date, months: int) -> Period:
    """``Period.trailing_months``, cached: every client of a book shares its window."""
    return Period.trailing_months(as_of, months)


def _dec(value: float) -> Decimal:
    """The decimal a configuration float stands for (``0.8`` → ``Decimal('0.8')``)."""
    return Decimal(repr(value))


def _pct(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator ÷ denominator`` in per cent, two places, for display only."""
    if denominator == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = _PREC
        return (numerator * _HUNDRED / denominator).quantize(Decimal("0.01"))


def _percent(share: Decimal) -> Decimal:
    """A configured share as a per-cent figure without trailing zeros (0.8 → 80)."""
    value = (share * _HUNDRED).normalize()
    exponent = value.as_tuple().exponent
    return value if isinstance(exponent, int) and exponent <= 0 else value.quantize(Decimal(1))


def _unknown(
    policy: Policy,
    stats: ClientStats,
    missing: str,
    why: Reason,
    criteria: tuple[CriterionResult, ...] = (),
) -> Decision[Any]:
    return Decision(
        UNKNOWN,
        criteria=(*criteria, CriterionResult(missing, UNKNOWN_STATUS, reasons=(why,))),
        missing=(missing,),
        reasons=(why,),
        policy=policy.ref,
        as_of=stats.as_of,
        subject=stats.client_id,
    )


def _check_currency(stats: Iterable[ClientStats]) -> str | None:
    currency: str | None = None
    for s in stats:
        if currency is None:
            currency = s.currency
        elif s.currency != currency:
            raise CurrencyMismatchError(currency, s.currency, field=f"stats of {s.client_id}")
    return currency


def _label(outcome: object) -> str:
    if outcome is None:
        return UNKNOWN
    return str(outcome)


# --------------------------------------------------------------------------------------
# the Pareto ranking shared by client ABC and product ABC


@attrs.frozen
class _Ranked:
    key: str
    value: Decimal
    rank: int
    before: Decimal
    """Sum of the positive values ranked above this one."""
    cumulative: Decimal
    """``before`` plus this value when positive."""
    label: str


def _pareto(
    items: Iterable[tuple[str, Decimal]], a: Decimal, b: Decimal, boundary: str
) -> tuple[Decimal, tuple[_Ranked, ...]]:
    """Rank ``(key, value)`` largest first (ties by key) and cut A / B / C exactly."""
    ordered = sorted(items, key=lambda kv: (-kv[1], kv[0]))
    with localcontext() as ctx:
        ctx.prec = _PREC
        total = sum((v for _, v in ordered if v > 0), _ZERO)
        a_amount, b_amount = a * total, b * total
        out: list[_Ranked] = []
        cumulative = _ZERO
        for rank, (key, value) in enumerate(ordered, 1):
            before = cumulative
            if value > 0:
                cumulative = before + value
            # the comparison the convention reads: the share before the client
            # ("inclusive": the client crossing the cut-off stays in the upper class)
            # or the share including it ("exclusive": it drops to the next class)
            edge = before if boundary == "inclusive" else cumulative
            if value <= 0:
                label = "C"
            elif (edge < a_amount) if boundary == "inclusive" else (edge <= a_amount):
                label = "A"
            elif (edge < b_amount) if boundary == "inclusive" else (edge <= b_amount):
                label = "B"
            else:
                label = "C"
            out.append(_Ranked(key, value, rank, before, cumulative, label))
    return total, tuple(out)


def _last_of(members: tuple[_Ranked, ...], label: str) -> _Ranked | None:
    last = None
    for m in members:
        if m.label == label:
            last = m
    return last


def _place(value: Decimal, key: str, last_a: _Ranked | None, last_b: _Ranked | None) -> str:
    """The class of a newcomer (value > 0) by its position against the boundary keys."""
    mine = (-value, key)
    if last_a is not None and mine <= (-last_a.value, last_a.key):
        return "A"
    if last_b is not None and mine <= (-last_b.value, last_b.key):
        return "B"
    return "C"


def _validate_cutoffs(cutoffs: tuple[float, float]) -> None:
    if not cutoffs[0] < cutoffs[1]:
        raise ValueError(f"cutoffs={cutoffs!r}: the A cut-off must be below the B cut-off")


# --------------------------------------------------------------------------------------
# ABC of clients


def _play_params(play: Play) -> dict[str, object]:
    """What a reason says about a play: the strategy's key, the role, the cadence."""
    return {
        "strategy": play.strategy,
        "role": role_term(play.role),
        "every": play.contact_every_days,
    }


def _play(role: Role, every: int, strategy: str, *tasks: Responsibility) -> Play:
    return Play(role=role, contact_every_days=every, tasks=tasks, strategy=strategy)


CM, KAM, SUPPORT = Role.CLIENT_MANAGER, Role.KEY_ACCOUNT_MANAGER, Role.SALES_SUPPORT


def _status(d: Decision[Any]) -> CriterionStatus:
    return UNKNOWN_STATUS if d.outcome == UNKNOWN else PASSED


# --------------------------------------------------------------------------------------
# ABCD
