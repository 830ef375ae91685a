"""Dossier completeness: which client facts the client manager still has to collect (task 8).

docs/methodology.md#positions, client-manager task 8: fill the client dossier — the relationship
history, the company facts, the decision-making group (ГПР) and the decision maker
(ЛПР).  :class:`DossierCompleteness` checks each and scores the dossier 0–100.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core._domain.client import Client
from kam_core._stats.client_stats import ClientStats
from kam_core._words import Term, Worded
from kam_core.policies._engine import Policy, reason
from kam_core.policies._protocols import CLIENTS

__all__ = ["DossierCompleteness", "DossierStatus", "company_facts_known"]


PASSED, FAILED = CriterionStatus.PASSED, CriterionStatus.FAILED

_Weight = Annotated[int, Field(ge=0, le=1000, strict=True)]


class DossierStatus(Worded, StrEnum):
    """The outcome of :class:`DossierCompleteness`.

    >>> from kam_core import Client
    >>> DossierCompleteness().evaluate(Client(id="C-1", name="Альфа")).outcome
    <DossierStatus.INCOMPLETE: 'incomplete'>
    """

    __words__ = "dossier_status"

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


def _terms(names: tuple[str, ...]) -> tuple[Term, ...]:
    """Check names as reason parameters, worded as the dossier's checks."""
    return tuple(Term(n, kind="dossier_completeness") for n in names)


def company_facts_known(client: Client) -> tuple[str, ...]:
    """Names of the company facts known about ``client``, sorted.

    Counted: ``industry``, ``employees``, ``annual_revenue``, ``buying_criteria``,
    ``competitors`` (when not empty) and every named :class:`~kam_core.CompanyFact`.

    >>> from kam_core import Client, CompanyFact, Dossier
    >>> company_facts_known(Client(id="C-1", name="Альфа", industry="FMCG",
    ...     dossier=Dossier(employees=120, facts=(CompanyFact(name="ERP", value="1С"),))))
    ('ERP', 'employees', 'industry')
    """
    d = client.dossier
    known = {
        "industry": client.industry is not None,
        "employees": d.employees is not None,
        "annual_revenue": d.annual_revenue is not None,
        "buying_criteria": bool(d.buying_criteria),
        "competitors": bool(d.competitors),
    }
    names = {k for k, v in known.items() if v} | {f.name for f in d.facts}
    return tuple(sorted(names))


class DossierCompleteness(Policy):
    """Which dossier facts are missing, with a 0–100 score (client-manager task 8).

    Four checks, each worth its weight (defaults 30 / 30 / 20 / 20):

    * ``decision_maker`` — at least one stakeholder is the ЛПР (``DECISION_MAKER``);
    * ``buying_group`` — the ГПР is mapped: at least ``min_group_size`` people across at
      least ``min_functions`` distinct departments (functions);
    * ``history`` — the relationship history has an entry on or before ``as_of``
      (and, when ``max_history_age_days`` is set and ``as_of`` given, a recent one);
    * ``company_facts`` — at least ``min_company_facts`` facts known
      (see :func:`company_facts_known`).

    The score is 100 × the weights of the checks met ÷ all weights; the outcome is
    ``complete`` when every check with a weight is met.  A missing fact is a FAILED
    check listed in ``decision.missing`` — the questions to ask the client next.

    >>> from kam_core import BuyingRole, Client, Stakeholder
    >>> client = Client(id="C-1", name="ООО Альфа", stakeholders=(
    ...     Stakeholder(name="И. Петров", buying_role=BuyingRole.DECISION_MAKER,
    ...                 department="procurement"),))
    >>> d = DossierCompleteness().evaluate(client)
    >>> d.outcome, d.score, d.missing
    (<DossierStatus.INCOMPLETE: 'incomplete'>, 30.0, ('buying_group', 'history', 'company_facts'))
    >>> print(d.explain("ru"))
    C-1: досье заполнено не полностью. Досье клиента заполнено на 30...%; не хватает: описание \
ГПР, история отношений, сведения о компании
    - ЛПР известен: И. Петров
    - ГПР описана не полностью: людей — 1, подразделений — 1; нужно людей не меньше 2, \
подразделений не меньше 2
    - История отношений не ведётся
    - Сведений о компании известно 0, а нужно не меньше 2
    Что выяснить: описание ГПР, история отношений, сведения о компании
    """

    kind: Literal["dossier_completeness"] = "dossier_completeness"
    judges: ClassVar[str] = CLIENTS
    """A client policy: :func:`~kam_core.analyze` judges every client with it."""
    min_group_size: Annotated[int, Field(ge=1, le=1000, strict=True)] = 2
    """People in the mapped decision-making group (ГПР)."""
    min_functions: Annotated[int, Field(ge=1, le=100, strict=True)] = 2
    """Distinct departments (functions) the ГПР spans."""
    min_company_facts: Annotated[int, Field(ge=1, le=100, strict=True)] = 2
    """Company facts that must be known."""
    max_history_age_days: Annotated[int, Field(ge=1, le=36600, strict=True)] | None = None
    """When set, history older than this (as of ``as_of``) does not count."""
    decision_maker_weight: _Weight = 30
    """Weight of the check that the ЛПР is known."""
    buying_group_weight: _Weight = 30
    """Weight of the check that the ГПР is mapped."""
    history_weight: _Weight = 20
    """Weight of the check that the relationship history is kept."""
    company_facts_weight: _Weight = 20
    """Weight of the check that company facts are known."""

    @model_validator(mode="after")
    def _some_weight(self) -> Self:
        if not (
            self.decision_maker_weight
            + self.buying_group_weight
            + self.history_weight
            + self.company_facts_weight
        ):
            raise ValueError("at least one check needs a weight above zero")
        return self

    def evaluate(
        self, client: Client, stats: ClientStats | None = None, *, as_of: date | None = None
    ) -> Decision[DossierStatus]:
        """Check ``client``'s dossier (``stats`` is accepted for symmetry and unused)."""
        checks = (
            (self._decision_maker(client), self.decision_maker_weight),
            (self._buying_group(client), self.buying_group_weight),
            (self._history(client, as_of), self.history_weight),
            (self._company_facts(client), self.company_facts_weight),
        )
        total = sum(w for _, w in checks)
        met = sum(w for c, w in checks if c.passed)
        exact = (Decimal(100 * met) / Decimal(total)).quantize(Decimal("0.1"))
        score = float(exact)
        shown = exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact
        missing = tuple(c.name for c, w in checks if w and not c.passed)
        head = (
            reason("dossier.incomplete", score=shown, missing=_terms(missing))
            if missing
            else reason("dossier.complete", score=shown)
        )
        return Decision(
            DossierStatus.INCOMPLETE if missing else DossierStatus.COMPLETE,
            score=score,
            criteria=tuple(c for c, _ in checks),
            missing=missing,
            reasons=(head, *(r for c, _ in checks for r in c.reasons)),
            policy=self.ref,
            as_of=as_of,
            subject=client.id,
        )

    def score(self, client: Client, *, as_of: date | None = None) -> float:
        """Only the 0–100 score of :meth:`evaluate`, without building the explanation.

        >>> from kam_core import Client
        >>> DossierCompleteness().score(Client(id="C-1", name="Альфа", industry="FMCG"))
        0.0
        """
        history = [e.on for e in client.dossier.history if as_of is None or e.on <= as_of]
        limit = self.max_history_age_days
        fresh = bool(history) and (
            limit is None or as_of is None or (as_of - max(history)).days <= limit
        )
        people = client.stakeholders
        departments = len({s.department for s in people if s.department})
        checks = (
            (bool(client.decision_makers), self.decision_maker_weight),
            (
                len(people) >= self.min_group_size and departments >= self.min_functions,
                self.buying_group_weight,
            ),
            (fresh, self.history_weight),
            (len(company_facts_known(client)) >= self.min_company_facts, self.company_facts_weight),
        )
        total = sum(w for _, w in checks)
        met = sum(w for ok, w in checks if ok)
        return float((Decimal(100 * met) / Decimal(total)).quantize(Decimal("0.1")))

    @staticmethod
    def _decision_maker(client: Client) -> CriterionResult:
        names = tuple(s.name for s in client.decision_makers)
        why: Reason
        if names:
            why = reason("dossier.decision_maker.identified", names=names)
        else:
            why = reason("dossier.decision_maker.missing", people=len(client.stakeholders))
        return CriterionResult(
            "decision_maker",
            PASSED if names else FAILED,
            observed=len(names),
            threshold=1,
            reasons=(why,),
        )

    def _buying_group(self, client: Client) -> CriterionResult:
        people = len(client.stakeholders)
        functions = len({s.department for s in client.stakeholders if s.department})
        ok = people >= self.min_group_size and functions >= self.min_functions
        params = {"people": people, "functions": functions}
        why = (
            reason("dossier.buying_group.mapped", **params)
            if ok
            else reason(
                "dossier.buying_group.missing",
                min_people=self.min_group_size,
                min_functions=self.min_functions,
                **params,
            )
        )
        return CriterionResult(
            "buying_group",
            PASSED if ok else FAILED,
            observed=params,
            threshold={"people": self.min_group_size, "functions": self.min_functions},
            reasons=(why,),
        )

    def _history(self, client: Client, as_of: date | None) -> CriterionResult:
        entries = [e.on for e in client.dossier.history if as_of is None or e.on <= as_of]
        if not entries:
            return CriterionResult(
                "history",
                FAILED,
                observed=0,
                threshold=1,
                reasons=(reason("dossier.history.missing"),),
            )
        latest = max(entries)
        limit = self.max_history_age_days
        if limit is not None and as_of is not None and (as_of - latest).days > limit:
            age = (as_of - latest).days
            return CriterionResult(
                "history",
                FAILED,
                observed=age,
                threshold=limit,
                reasons=(reason("dossier.history.stale", age=age, max_age=limit),),
            )
        return CriterionResult(
            "history",
            PASSED,
            observed=len(entries),
            threshold=1,
            reasons=(reason("dossier.history.present", entries=len(entries), latest=latest),),
        )

    def _company_facts(self, client: Client) -> CriterionResult:
        names = company_facts_known(client)
        ok = len(names) >= self.min_company_facts
        why = (
            reason("dossier.company_facts.present", count=len(names), names=names)
            if ok
            else reason(
                "dossier.company_facts.missing", count=len(names), min_count=self.min_company_facts
            )
        )
        return CriterionResult(
            "company_facts",
            PASSED if ok else FAILED,
            observed=len(names),
            threshold=self.min_company_facts,
            reasons=(why,),
        )
