"""Types of the optional C accelerator built from ``_speedups.c`` (private)."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from kam_core._decision import CriterionResult, Decision, PolicyRef
from kam_core._domain.client import BuyingRole
from kam_core._domain.lead import BantFacts, Lead, NeedLevel
from kam_core._money import Money

class BantRunner:
    """``Bant._compile``'s evaluation loop in C over the same caches, judges and grader."""

    def __new__(
        cls,
        *,
        decision_type: type[Decision[Any]],
        criterion_type: type[CriterionResult],
        lead_type: type[Lead],
        facts_type: type[BantFacts],
        budgets: dict[Decimal, CriterionResult],
        other_budgets: dict[Money, CriterionResult],
        budget_judge: Callable[[Money], CriterionResult],
        budget_unknown: CriterionResult,
        currency: str,
        roles: dict[BuyingRole | None, CriterionResult],
        needs: dict[NeedLevel | None, CriterionResult],
        days_cache: dict[int, CriterionResult],
        timeline_judge: Callable[[int, date], CriterionResult],
        timeline_unknown: CriterionResult,
        memo: dict[tuple[int | None, ...], Any],
        grade: Callable[[tuple[int | None, ...]], Any],
        ref: PolicyRef,
    ) -> BantRunner: ...
    def __call__(self, lead: Lead, as_of: date, /) -> Decision[Any]: ...
    def facts(
        self, facts: BantFacts, lead: Lead | None, as_of: date, subject: str | None, /
    ) -> Decision[Any]: ...
