"""Dossier completeness: which client facts the client manager still has to collect (task 8).

docs/methodology.md#positions, client-manager task 8: fill the client dossier — the relationship
history, the company facts, the decision-making group (ГПР) and the decision maker
(ЛПР).  :class:`DossierCompleteness` checks each and scores the dossier 0–100.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar, Literal, NamedTuple, Self

from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core._domain.client import Client
from kam_core._domain.role import Responsibility, Role
from kam_core._stats.client_stats import ClientStats
from kam_core._words import Term, Worded
from kam_core.policies._engine import Policy, reason
from kam_core.policies._protocols import CLIENTS

__all__ = [
    "DossierCompleteness",
    "DossierStatus",
    "company_facts_known",
    "is_key_account_owner",
]


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


class _Standard(NamedTuple):
    """The lines a dossier is held to: the usual ones or a key account's."""

    key_account: bool
    min_group_size: int
    min_functions: int
    min_company_facts: int
    max_history_age_days: int | None


def is_key_account_owner(client: Client) -> bool:
    """The client is worked by the key account manager: ``owner`` is
    ``Role.KEY_ACCOUNT_MANAGER`` or a position carrying the KAM's own duty
    (developing multi-level relationships).

    >>> from kam_core import Client, Role
    >>> is_key_account_owner(Client(id="C-1", name="Альфа", owner=Role.KEY_ACCOUNT_MANAGER))
    True
    >>> is_key_account_owner(Client(id="C-2", name="Бета", owner=Role.CLIENT_MANAGER))
    False
    """
    owner = client.owner
    if owner is None:
        return False
    if owner is Role.KEY_ACCOUNT_MANAGER:
        return True
    return Responsibility.DEVELOP_MULTILEVEL_RELATIONSHIPS in owner.responsibilities


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

    **A key account has a stricter standard** (docs/methodology.md#positions, task 8: the
    КАМ collects a *full* dossier of a key account, the КМ records what he can): for a
    client whose ``owner`` is the key account manager (``Role.KEY_ACCOUNT_MANAGER`` or a
    :class:`~kam_core.Position` carrying the KAM's own duty
    ``DEVELOP_MULTILEVEL_RELATIONSHIPS``) — or when ``evaluate(key_account=True)`` says
    so — the lines are ``key_account_min_group_size`` (4), ``key_account_min_functions``
    (3), ``key_account_min_company_facts`` (4) and ``key_account_max_history_age_days``
    (90, when ``as_of`` is given) — never looser than the usual lines —, and the reason
    ``dossier.key_account_standard`` says which standard was applied.

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
    key_account_min_group_size: Annotated[int, Field(ge=1, le=1000, strict=True)] = 4
    """People in the ГПР of a key account's full dossier."""
    key_account_min_functions: Annotated[int, Field(ge=1, le=100, strict=True)] = 3
    """Departments the ГПР of a key account spans."""
    key_account_min_company_facts: Annotated[int, Field(ge=1, le=100, strict=True)] = 4
    """Company facts a key account's dossier must hold."""
    key_account_max_history_age_days: Annotated[int, Field(ge=1, le=36600, strict=True)] | None = 90
    """A key account's relationship history must have an entry this recent; None = any age."""

    def _standard(self, client: Client, key_account: bool | None = None) -> _Standard:
        """The lines that apply to ``client``: the key-account standard when its owner is
        the key account manager (or ``key_account=True``), else the usual one."""
        if key_account is None:
            key_account = is_key_account_owner(client)
        if key_account:
            usual_age, age = self.max_history_age_days, self.key_account_max_history_age_days
            return _Standard(  # never below the usual lines: a full dossier asks at least as much
                True,
                max(self.key_account_min_group_size, self.min_group_size),
                max(self.key_account_min_functions, self.min_functions),
                max(self.key_account_min_company_facts, self.min_company_facts),
                usual_age if age is None else age if usual_age is None else min(age, usual_age),
            )
        return _Standard(
            False,
            self.min_group_size,
            self.min_functions,
            self.min_company_facts,
            self.max_history_age_days,
        )

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
        self,
        client: Client,
        stats: ClientStats | None = None,
        *,
        as_of: date | None = None,
        key_account: bool | None = None,
    ) -> Decision[DossierStatus]:
        """Check ``client``'s dossier (``stats`` is accepted for symmetry and unused).

        ``key_account`` forces the key-account standard on (True) or off (False); None
        reads it from the client's owner.
        """
        std = self._standard(client, key_account)
        checks = (
            (self._decision_maker(client), self.decision_maker_weight),
            (self._buying_group(client, std), self.buying_group_weight),
            (self._history(client, as_of, std), self.history_weight),
            (self._company_facts(client, std), self.company_facts_weight),
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
            reasons=(
                head,
                *((reason("dossier.key_account_standard"),) if std.key_account else ()),
                *(r for c, _ in checks for r in c.reasons),
            ),
            policy=self.ref,
            as_of=as_of,
            subject=client.id,
        )

    def score(
        self, client: Client, *, as_of: date | None = None, key_account: bool | None = None
    ) -> float:
        """Only the 0–100 score of :meth:`evaluate`, without building the explanation.

        >>> from kam_core import Client
        >>> DossierCompleteness().score(Client(id="C-1", name="Альфа", industry="FMCG"))
        0.0
        """
        std = self._standard(client, key_account)
        history = [e.on for e in client.dossier.history if as_of is None or e.on <= as_of]
        limit = std.max_history_age_days
        fresh = bool(history) and (
            limit is None or as_of is None or (as_of - max(history)).days <= limit
        )
        people = client.stakeholders
        departments = len({s.department for s in people if s.department})
        checks = (
            (bool(client.decision_makers), self.decision_maker_weight),
            (
                len(people) >= std.min_group_size and departments >= std.min_functions,
                self.buying_group_weight,
            ),
            (fresh, self.history_weight),
            (len(company_facts_known(client)) >= std.min_company_facts, self.company_facts_weight),
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

    @staticmethod
    def _buying_group(client: Client, std: _Standard) -> CriterionResult:
        people = len(client.stakeholders)
        functions = len({s.department for s in client.stakeholders if s.department})
        ok = people >= std.min_group_size and functions >= std.min_functions
        params = {"people": people, "functions": functions}
        why = (
            reason("dossier.buying_group.mapped", **params)
            if ok
            else reason(
                "dossier.buying_group.missing",
                min_people=std.min_group_size,
                min_functions=std.min_functions,
                **params,
            )
        )
        return CriterionResult(
            "buying_group",
            PASSED if ok else FAILED,
            observed=params,
            threshold={"people": std.min_group_size, "functions": std.min_functions},
            reasons=(why,),
        )

    @staticmethod
    def _history(client: Client, as_of: date | None, std: _Standard) -> CriterionResult:
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
        limit = std.max_history_age_days
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

    @staticmethod
    def _company_facts(client: Client, std: _Standard) -> CriterionResult:
        names = company_facts_known(client)
        ok = len(names) >= std.min_company_facts
        why = (
            reason("dossier.company_facts.present", count=len(names), names=names)
            if ok
            else reason(
                "dossier.company_facts.missing", count=len(names), min_count=std.min_company_facts
            )
        )
        return CriterionResult(
            "company_facts",
            PASSED if ok else FAILED,
            observed=len(names),
            threshold=std.min_company_facts,
            reasons=(why,),
        )
