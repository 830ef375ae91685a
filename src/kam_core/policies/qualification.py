"""Lead qualification: BANT and the framework scorecards (docs/methodology.md#bant).

Each criterion is judged to a level 0–3 (0 none, 1 weak, 2 partial, 3 confirmed) or
is UNKNOWN when its facts are missing.  Weights turn levels into a score 0–100
(unknown counts 0); must-haves and thresholds turn the score into a
:class:`~kam_core.LeadVerdict`:

1. a known level 0 on a *hard-fail* criterion (BANT: need, budget) → DISQUALIFIED;
2. every must-have known and met and score ≥ ``sql_at`` → SQL;
3. score ≥ ``nurture_at`` → NURTURE;
4. even with every unknown at its best the score stays below ``nurture_at`` → DISQUALIFIED;
5. otherwise the score is low only because facts are unknown → NURTURE.

Unknown facts therefore never disqualify, and improving any level never lowers the
verdict.  ``decision.missing`` lists the unknown criteria in the order to ask about them
(BANT: need, authority, budget, timeline; a scorecard: its criteria's order).

Policies compile once: an evaluation reads the lead, looks up precomputed criterion
results and verdicts and builds one :class:`~kam_core.Decision`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, model_validator

from kam_core._decision import CriterionResult, CriterionStatus, Decision, Reason
from kam_core._domain.client import BuyingRole
from kam_core._domain.decision_event import DecisionEvent, next_decision
from kam_core._domain.lead import BantFacts, Lead, NeedLevel
from kam_core._domain.lifecycle import LeadVerdict
from kam_core._money import Money
from kam_core._organisation.profile import SalesType
from kam_core._words import Term, register_terms
from kam_core.policies._engine import Bounded, Policy, _Data, reason
from kam_core.policies._protocols import LEADS

__all__ = ["BANT_CRITERIA", "Bant", "BantWeights", "ScoreItem", "Scorecard"]

PASSED, FAILED, UNKNOWN = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN
SQL, NURTURE, DISQUALIFIED = LeadVerdict.SQL, LeadVerdict.NURTURE, LeadVerdict.DISQUALIFIED

BantName = Literal["budget", "authority", "need", "timeline"]
BANT_CRITERIA: tuple[str, ...] = ("budget", "authority", "need", "timeline")
"""BANT's criteria in the order they appear in ``decision.criteria``."""

_TERM = {name: Term(name) for name in BANT_CRITERIA}
"""BANT's criteria as reason parameters, named by the catalogue's ``[term]``."""

Level = Annotated[int, Field(ge=0, le=3, strict=True)]
Threshold = Annotated[float, Field(ge=0, le=100)]
_CACHE_CAP = 4096


# --------------------------------------------------------------------------------------
# the shared grading: levels → score → verdict, precomputed per combination of levels


class _Codes:
    """The reason constructors of one family (literal codes, see the reason catalogue)."""

    def __init__(self, family: str, framework: str) -> None:
        self.family = family
        self.framework = framework

    def sql(self, score: float, threshold: float) -> Reason:
        if self.family == "bant":
            return reason("bant.sql", score=score, threshold=threshold)
        return reason("scorecard.sql", framework=self.framework, score=score, threshold=threshold)

    def highly(self, score: float, threshold: float) -> Reason:
        return reason("bant.highly_qualified", score=score, threshold=threshold)

    def nurture(self, score: float, threshold: float) -> Reason:
        if self.family == "bant":
            return reason("bant.nurture", score=score, threshold=threshold)
        return reason(
            "scorecard.nurture", framework=self.framework, score=score, threshold=threshold
        )

    def nurture_enough(self, score: float, threshold: float) -> Reason:
        """The score reaches SQL but a must-have holds the lead back (said after it)."""
        if self.family == "bant":
            return reason("bant.nurture.score_enough", score=score, threshold=threshold)
        return reason(
            "scorecard.nurture.score_enough",
            framework=self.framework,
            score=score,
            threshold=threshold,
        )

    def nurture_unknown(self) -> Reason:
        if self.family == "bant":
            return reason("bant.nurture.unknown_facts")
        return reason("scorecard.nurture.unknown_facts", framework=self.framework)

    def unmet(self, name: Term, level: int, required: int, lined: bool = False) -> Reason:
        if self.family == "bant":
            if lined:  # a criterion with a named pass line: say the line, not a level
                return reason("bant.must_have.below_line", name=name)
            return reason("bant.must_have.unmet", name=name, level=level, required=required)
        return reason("scorecard.must_have.unmet", name=name, level=level, required=required)

    def must_unknown(self, name: Term) -> Reason:
        if self.family == "bant":
            return reason("bant.must_have.unknown", name=name)
        return reason("scorecard.must_have.unknown", name=name)

    def hard_fail(self, name: Term) -> Reason:
        if self.family == "bant":
            return reason("bant.disqualified.hard_fail", name=name)
        return reason("scorecard.disqualified.hard_fail", framework=self.framework, name=name)

    def low_score(self, score: float, threshold: float) -> Reason:
        if self.family == "bant":
            return reason("bant.disqualified.low_score", score=score, threshold=threshold)
        return reason(
            "scorecard.disqualified.low_score",
            framework=self.framework,
            score=score,
            threshold=threshold,
        )


_Graded = tuple[LeadVerdict, float, tuple[str, ...], tuple[Reason, ...]]


class _Grader:
    """Levels (None = unknown) → verdict, score, missing, verdict reasons; memoised."""

    def __init__(
        self,
        *,
        names: tuple[str, ...],
        terms: tuple[Term, ...],
        weights: tuple[int, ...],
        must: tuple[int | None, ...],
        hard: tuple[bool, ...],
        ask_order: tuple[int, ...],
        sql_at: float,
        nurture_at: float,
        highly_at: float | None,
        codes: _Codes,
        lined: tuple[bool, ...] | None = None,
    ) -> None:
        self.names, self.terms, self.weights = names, terms, weights
        self.must, self.hard, self.ask_order = must, hard, ask_order
        self.lined = lined if lined is not None else (False,) * len(names)
        self.sql_at, self.nurture_at, self.highly_at = sql_at, nurture_at, highly_at
        self.codes = codes
        self.total = 3 * sum(weights)
        self.memo: dict[tuple[int | None, ...], _Graded] = {}

    def __call__(self, levels: tuple[int | None, ...]) -> _Graded:
        graded = self.memo.get(levels)
        if graded is None:
            graded = self.grade(levels)
            if len(self.memo) < _CACHE_CAP:
                self.memo[levels] = graded
        return graded

    def grade(self, levels: tuple[int | None, ...]) -> _Graded:
        codes = self.codes
        known = sum(w * lv for w, lv in zip(self.weights, levels, strict=True) if lv is not None)
        best = known + sum(3 * w for w, lv in zip(self.weights, levels, strict=True) if lv is None)
        score = round(100 * known / self.total, 1)
        optimistic = round(100 * best / self.total, 1)
        missing = tuple(self.names[i] for i in self.ask_order if levels[i] is None)
        for i in range(len(levels)):
            if self.hard[i] and levels[i] == 0:
                return DISQUALIFIED, score, missing, (codes.hard_fail(self.terms[i]),)
        notes: list[Reason] = []
        asked = set(self.ask_order)
        # must-haves in the order they are asked about, then any the scouts do not ask
        for i in (*self.ask_order, *(j for j in range(len(levels)) if j not in asked)):
            required, level = self.must[i], levels[i]
            if required is None:
                continue
            if level is None:
                notes.append(codes.must_unknown(self.terms[i]))
            elif level < required:
                notes.append(codes.unmet(self.terms[i], level, required, self.lined[i]))
        # the deciding reason first: an unmet or unknown must-have decides a NURTURE
        # before the score does (docs/qualification.md)
        if not notes and score >= self.sql_at:
            out = [codes.sql(score, self.sql_at)]
            if self.highly_at is not None and score >= self.highly_at:
                out.insert(0, codes.highly(score, self.highly_at))
            return SQL, score, missing, tuple(out)
        if score >= self.sql_at:  # enough points: the must-haves above hold the lead back
            return NURTURE, score, missing, (*notes, codes.nurture_enough(score, self.sql_at))
        if score >= self.nurture_at:
            return NURTURE, score, missing, (*notes, codes.nurture(score, self.sql_at))
        if optimistic < self.nurture_at:
            return DISQUALIFIED, score, missing, (codes.low_score(optimistic, self.nurture_at),)
        return NURTURE, score, missing, (*notes, codes.nurture_unknown())


def _check_thresholds(sql_at: float, nurture_at: float, highly_at: float | None) -> None:
    if nurture_at > sql_at:
        raise ValueError(f"nurture_at={nurture_at}: above sql_at={sql_at}")
    if highly_at is not None and highly_at < sql_at:
        raise ValueError(f"highly_qualified_at={highly_at}: below sql_at={sql_at}")


# --------------------------------------------------------------------------------------
# BANT

_RunLead = Callable[[Lead, date], Decision[Any]]
_RunFacts = Callable[[BantFacts, Lead | None, date, str | None], Decision[Any]]


def _shown(money: Money) -> Money:
    """The canonical display form of an amount: 750000.00 → 750000, 0.5 → 0.50."""
    rounded = money.round()
    whole = rounded.amount.to_integral_value()
    return Money(whole, money.currency) if rounded.amount == whole else rounded


class _Judge:
    """A criterion judge with its cache of results by observed value and its UNKNOWN."""

    __slots__ = ("cache", "judge", "other", "unknown")

    def __init__(
        self,
        judge: Callable[..., CriterionResult],
        cache: dict[Any, CriterionResult],
        unknown: CriterionResult,
    ) -> None:
        self.judge, self.cache, self.unknown = judge, cache, unknown
        self.other: dict[Any, CriterionResult] = {}

    def __call__(self, *args: Any) -> CriterionResult:
        return self.judge(*args)


class _TimelineJudge(_Judge):
    """The timeline judge, with the reading of a lead's decision events."""

    __slots__ = ("moment",)

    def __init__(
        self,
        judge: Callable[..., CriterionResult],
        cache: dict[Any, CriterionResult],
        unknown: CriterionResult,
        moment: Callable[[tuple[DecisionEvent, ...], date | None, date], CriterionResult | None],
    ) -> None:
        super().__init__(judge, cache, unknown)
        self.moment = moment


def _default_authority() -> dict[BuyingRole, int]:
    return {
        BuyingRole.DECISION_MAKER: 3,
        BuyingRole.ECONOMIC_BUYER: 3,
        BuyingRole.CHAMPION: 2,
        BuyingRole.INFLUENCER: 1,
        BuyingRole.TECHNICAL_BUYER: 1,
        BuyingRole.USER: 1,
        BuyingRole.GATEKEEPER: 0,
    }


def _default_must_have() -> dict[BantName, int]:
    return {"need": 2, "authority": 2}


class BantWeights(_Data):
    """BANT weights; the score is ``Σ weight·level / (3·Σ weight) · 100``.

    >>> BantWeights(need=40, authority=20).model_dump()
    {'budget': 25, 'authority': 20, 'need': 40, 'timeline': 20}
    """

    budget: Annotated[int, Field(ge=0, le=1000, strict=True)] = 25
    authority: Annotated[int, Field(ge=0, le=1000, strict=True)] = 25
    need: Annotated[int, Field(ge=0, le=1000, strict=True)] = 30
    timeline: Annotated[int, Field(ge=0, le=1000, strict=True)] = 20

    @model_validator(mode="after")
    def _some_weight(self) -> Self:
        if self.budget + self.authority + self.need + self.timeline == 0:
            raise ValueError("at least one weight must be positive")
        return self


_PRESETS: dict[str, dict[str, Any]] = {
    "default": {},
    "all_confirmed": {
        "must_have": {"budget": 3, "authority": 3, "need": 3, "timeline": 3},
        "sql_at": 100.0,
        "nurture_at": 0.0,
    },
    "weighted_0_4": {
        "weights": {"budget": 25, "authority": 25, "need": 25, "timeline": 25},
        "must_have": {},
        "sql_at": 56.25,
        "nurture_at": 25.0,
        "highly_qualified_at": 81.25,
    },
    # the mixed system (docs/methodology.md#bant): the goods are needed regularly, so the
    # telemarketer does not judge the need; the decision moment takes its place, and
    # finding it is the development specialist's task, not a question for the scouts
    "mixed": {
        "weights": {"budget": 30, "authority": 40, "need": 0, "timeline": 30},
        "must_have": {"authority": 2},
        "ask_order": ("authority", "budget"),
    },
}

_PRESET_FITS: dict[str, tuple[SalesType, ...]] = {
    "default": (SalesType.TRANSACTIONAL, SalesType.CONSULTATIVE),
    "all_confirmed": (SalesType.CONSULTATIVE,),
    "weighted_0_4": (SalesType.TRANSACTIONAL, SalesType.CONSULTATIVE),
    "mixed": (SalesType.MIXED,),
}
"""The sales systems each preset is written for (docs/qualification.md#presets)."""


class Bant(Policy):
    """BANT lead qualification: budget, authority, need, timeline → SQL / nurture / disqualified.

    Levels (0–3) are judged from :class:`~kam_core.BantFacts`:

    - **budget** vs ``min_budget``: ≥ minimum 3, ≥ ``budget_partial_share`` of it 2,
      ≥ ``budget_weak_share`` 1, below 0 ("far below"); another currency is UNKNOWN
      with a reason (kam_core never converts); without a minimum any positive budget is 3.
    - **authority** from the buying role (``bant.authority``, else the contact's role)
      through ``authority_levels``; the ЛПР and the economic buyer are 3.
    - **need**: the :class:`~kam_core.NeedLevel` rank.
    - **timeline**: days from ``as_of`` to the decision date: ≤ ``max_days_to_decision`` 3,
      ≤ twice that 2, ≤ four times 1, later 0; a date already passed is UNKNOWN (ask again).

    A threshold named min or max is the **pass line**: the budget criterion is PASSED only
    at ``min_budget`` or more, the timeline only within ``max_days_to_decision``; the
    partial levels below the line still count in the score but the criterion is FAILED.
    A must-have on budget or timeline is that line (level 3; 0 means "must be known").
    Authority and need have no named line: they pass from their must-have level (1 when
    they are not must-haves).

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> bant = p.Bant(min_budget=kc.Money("500000", "RUB"), max_days_to_decision=90)
    >>> lead = kc.Lead(id="L-7", company="ООО Бета", created_on=date(2026, 11, 1),
    ...     bant=kc.BantFacts(budget=kc.Money("750000", "RUB"), need=kc.NeedLevel.CONFIRMED,
    ...                       decision_date=date(2027, 1, 15)))
    >>> d = bant.evaluate(lead, as_of=date(2026, 11, 24))
    >>> d.outcome, d.score, d.missing
    (<LeadVerdict.NURTURE: 'nurture'>, 75.0, ('authority',))
    >>> print(d.explain("ru"))
    L-7 на 24.11.2026: дорабатывать. Не выяснено: кто принимает решение (ЛПР) — без этого лид не \
квалифицировать
    - Набрано 75 баллов из 100 — для SQL достаточно (порог 70), но не закрыт обязательный \
критерий
    - Бюджет 750...000 ₽ — не ниже минимума 500...000 ₽
    - Неизвестно, кто принимает решение: ЛПР не выявлен
    - Потребность подтверждена
    - Решение ожидается через 52 дня (предел — 90 дней)
    Что выяснить: кто принимает решение (ЛПР)
    """

    kind: Literal["bant"] = "bant"
    judges: ClassVar[str] = LEADS
    """A lead policy: :func:`~kam_core.analyze` judges every lead with it."""
    min_budget: Money | None = None
    """The pass line of the budget: the budget a lead must have for level 3 and a PASSED
    criterion (the shares below give levels 2 and 1, both FAILED); None = any positive
    budget."""
    budget_partial_share: Annotated[Decimal, Field(gt=0, le=1), Bounded] = Decimal("0.8")
    """Share of ``min_budget`` that still gives budget level 2."""
    budget_weak_share: Annotated[Decimal, Field(gt=0, le=1), Bounded] = Decimal("0.5")
    """Share of ``min_budget`` that still gives budget level 1; below it, level 0."""
    max_days_to_decision: Annotated[int, Field(ge=1, le=3660, strict=True)] = 90
    """The pass line of the timeline: days to the decision date that still give level 3 and
    a PASSED criterion (twice that: level 2, four times: level 1, both FAILED)."""
    authority_levels: Annotated[dict[BuyingRole, Level], Field(max_length=8)] = Field(
        default_factory=_default_authority
    )
    """The authority level (0–3) of each buying role; the ЛПР and the economic buyer are 3."""
    weights: BantWeights = BantWeights()
    """Weight of each criterion in the 0–100 score."""
    must_have: Annotated[dict[BantName, Level], Field(max_length=4)] = Field(
        default_factory=_default_must_have
    )
    """The lowest level a criterion needs for SQL, whatever the score; for budget and
    timeline only their pass line (3) or "must be known" (0)."""
    hard_fail: Annotated[tuple[BantName, ...], Field(max_length=4)] = ("need", "budget")
    """Criteria whose known level 0 disqualifies (confirmed no need, budget far below)."""
    sql_at: Threshold = 70.0
    """Score from which a lead meeting every must-have is sales-qualified (SQL)."""
    nurture_at: Threshold = 40.0
    """Score from which a lead that is not SQL is nurtured; below it, disqualified."""
    highly_qualified_at: Threshold | None = None
    """Score from which an SQL is also marked highly qualified; None = never."""
    ask_order: Annotated[tuple[BantName, ...], Field(min_length=1, max_length=4)] = (
        "need",
        "authority",
        "budget",
        "timeline",
    )
    """The questions the scouts ask, in the order of ``decision.missing``: need first (no
    need, nothing else matters), then who decides, then the money, then the date.  A
    criterion left out is not a scout's question (the mixed preset leaves out need and the
    decision moment): it still scores when known, is never in ``missing`` and cannot be a
    must-have."""

    presets: ClassVar[tuple[str, ...]] = tuple(_PRESETS)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.budget_weak_share > self.budget_partial_share:
            raise ValueError(
                f"budget_weak_share={self.budget_weak_share}: above "
                f"budget_partial_share={self.budget_partial_share}"
            )
        if len(set(self.ask_order)) != len(self.ask_order):
            raise ValueError(f"ask_order={self.ask_order}: a criterion is listed twice")
        for name in self.must_have:
            if name not in self.ask_order:
                raise ValueError(
                    f"must_have[{name!r}]: {name} is not in ask_order, so the scouts never ask "
                    "about it; a must-have has to be a question they ask"
                )
        if len(set(self.hard_fail)) != len(self.hard_fail):
            raise ValueError(f"hard_fail={self.hard_fail}: a criterion is listed twice")
        if self.min_budget is not None and self.min_budget.amount < 0:
            raise ValueError("min_budget: must not be negative")
        for name, line in (("budget", "min_budget"), ("timeline", "max_days_to_decision")):
            level = self.must_have.get(name)
            if level in (1, 2):
                raise ValueError(
                    f"must_have[{name!r}]={level}: a must-have on {name} is its pass line, "
                    f"{line} (level 3), or 0 (must be known); to accept more, change {line}"
                )
        _check_thresholds(self.sql_at, self.nurture_at, self.highly_qualified_at)
        return self

    @classmethod
    def preset(cls, name: str = "default", **overrides: Any) -> Bant:
        """A methodology preset, with any field overridden; each is written for a sales system.

        ``"default"`` (transactional and consultative selling, where each purchase is a
        need of its own): weights N30 A25 B25 T20, SQL ≥ 70 with need ≥ 2 and
        authority ≥ 2, nurture 40–69.  ``"all_confirmed"`` (consultative selling of large
        projects and tenders): a gate, SQL only when all four are confirmed (level 3).
        ``"weighted_0_4"`` (transactional and consultative, for companies that keep the
        0–16 practice): equal weights, the 0–16 scale's 9 (qualified) and 13 (highly
        qualified) rescaled to 56.25 and 81.25 of 100, no must-haves.  ``"mixed"`` (the
        mixed system): the goods are needed regularly, so need is not judged (weight 0,
        not asked); the decision moment — the lead's nearest
        :class:`~kam_core.DecisionEvent` or its decision date — takes its weight, but it
        is the development specialist's to find, not the scouts': they ask who decides
        and the budget (weights A40 B30 T30, SQL ≥ 70 with authority ≥ 2).

        >>> Bant.preset("all_confirmed").must_have["timeline"]
        3
        >>> Bant.preset("mixed").ask_order
        ('authority', 'budget')
        >>> Bant.preset("nope")
        Traceback (most recent call last):
        ...
        ValueError: unknown BANT preset 'nope'; known: default, all_confirmed, weighted_0_4, mixed
        """
        if name not in _PRESETS:
            raise ValueError(f"unknown BANT preset {name!r}; known: {', '.join(_PRESETS)}")
        return cls.model_validate({**_PRESETS[name], **overrides})

    @classmethod
    def preset_for(cls, sales_type: SalesType | str, **overrides: Any) -> Bant:
        """The preset written for ``sales_type``: ``"mixed"`` for the mixed system,
        ``"default"`` for transactional and consultative selling.

        >>> import kam_core as kc
        >>> Bant.preset_for(kc.SalesType.MIXED).weights.need
        0
        >>> Bant.preset_for("consultative") == Bant.preset("default")
        True
        >>> Bant.preset_fits("mixed")
        (<SalesType.MIXED: 'mixed'>,)
        """
        kind = SalesType(sales_type)
        if kind is SalesType.UNKNOWN:
            raise ValueError(
                "sales_type='unknown': classify the sales system first "
                "(p.SalesSystemClassifier), then take its preset"
            )
        name = "mixed" if kind is SalesType.MIXED else "default"
        return cls.preset(name, **overrides)

    @staticmethod
    def preset_fits(name: str) -> tuple[SalesType, ...]:
        """The sales systems the preset ``name`` is written for."""
        if name not in _PRESET_FITS:
            raise ValueError(f"unknown BANT preset {name!r}; known: {', '.join(_PRESETS)}")
        return _PRESET_FITS[name]

    def evaluate(self, lead: Lead, *, as_of: date) -> Decision[LeadVerdict]:
        """Qualify ``lead`` as of ``as_of``."""
        return self._compiled[0](lead, as_of)

    def evaluate_facts(
        self, facts: BantFacts, *, as_of: date, subject: str | None = None
    ) -> Decision[LeadVerdict]:
        """Qualify bare BANT facts (no lead): same rules, the contact is not consulted."""
        return self._compiled[1](facts, None, as_of, subject)

    # -- compilation ---------------------------------------------------------------

    @cached_property
    def _compiled(self) -> tuple[_RunLead, _RunFacts]:
        """Compile once: ``run(lead, as_of)`` for :meth:`evaluate` and
        ``run_facts(facts, lead, as_of, subject)`` for :meth:`evaluate_facts`."""
        names = BANT_CRITERIA
        w = self.weights
        grader = _Grader(
            names=names,
            terms=tuple(_TERM[n] for n in names),
            weights=(w.budget, w.authority, w.need, w.timeline),
            must=tuple(self.must_have.get(n) for n in names),  # type: ignore[call-overload]
            hard=tuple(n in self.hard_fail for n in names),
            ask_order=tuple(names.index(n) for n in self.ask_order),
            sql_at=self.sql_at,
            nurture_at=self.nurture_at,
            highly_at=self.highly_qualified_at,
            codes=_Codes("bant", "BANT"),
            lined=tuple(n in ("budget", "timeline") for n in names),
        )
        budget = self._budget_judge()
        authority = self._authority_judge()
        need = self._need_judge()
        timeline = self._timeline_judge()
        budgets, roles, needs, days_cache = budget.cache, authority, need, timeline.cache
        currency = "" if self.min_budget is None else self.min_budget.currency
        other_budgets = budget.other
        memo, grade = grader.memo, grader
        ref = self.ref
        decided = Decision

        def run_facts(
            facts: BantFacts, lead: Lead | None, as_of: date, subject: str | None
        ) -> Decision[Any]:
            role = facts.authority
            if role is None and lead is not None and lead.contact is not None:
                role = lead.contact.buying_role
            money = facts.budget
            # results are cached by amount in the minimum's currency (hashing a Decimal is
            # cheaper than hashing Money); other currencies take the slow path
            b: CriterionResult | None
            if money is None:
                b = budget.unknown
            elif money.currency == currency:
                b = budgets.get(money.amount)
            else:
                b = other_budgets.get(money)
            if b is None:
                b = budget(money)
            assert b is not None
            a = roles[role]
            n = needs[facts.need]
            when = facts.decision_date
            if when is None:
                t = timeline.unknown
            else:
                days = (when - as_of).days
                t = days_cache.get(days) or timeline(days, when)
            events = None if lead is None else lead.decision_events
            if events:  # a dated decision moment on the lead: the nearest one counts
                t = timeline.moment(events, when, as_of) or t
            levels = (b.level, a.level, n.level, t.level)
            graded = memo.get(levels) or grade(levels)
            why = graded[3] + b.reasons + a.reasons + n.reasons + t.reasons
            return decided(graded[0], graded[1], (b, a, n, t), graded[2], why, ref, as_of, subject)

        def run(lead: Lead, as_of: date) -> Decision[Any]:
            return run_facts(lead.bant, lead, as_of, lead.id)

        return run, run_facts

    def _budget_judge(self) -> _Judge:
        minimum = self.min_budget
        unknown = CriterionResult("budget", UNKNOWN, reasons=(reason("bant.budget.unknown"),))
        cache: dict[Decimal, CriterionResult] = {}
        other: dict[Money, CriterionResult] = {}

        def status(level: int) -> CriterionStatus:
            return PASSED if level == 3 else FAILED  # the pass line is min_budget

        def judge_new(raw: Money) -> CriterionResult:
            # results are cached by value, so 750000 and 750000.00 share one: show one
            # canonical form (whole amounts without a fraction, others to minor units)
            budget = _shown(raw)
            if minimum is None:
                if raw.amount > 0:
                    return CriterionResult(
                        "budget",
                        PASSED,
                        budget,
                        None,
                        (reason("bant.budget.stated", budget=budget),),
                        3,
                    )
                return CriterionResult(
                    "budget", FAILED, budget, None, (reason("bant.budget.none"),), 0
                )
            if budget.currency != minimum.currency:
                why = reason("bant.budget.other_currency", budget=budget, minimum=minimum)
                return CriterionResult("budget", UNKNOWN, budget, minimum, (why,))
            amount = raw.amount
            if amount >= minimum.amount:
                level, why = 3, reason("bant.budget.meets_minimum", budget=budget, minimum=minimum)
            elif amount >= minimum.amount * self.budget_partial_share:
                level, why = 2, reason("bant.budget.below_minimum", budget=budget, minimum=minimum)
            elif amount >= minimum.amount * self.budget_weak_share:
                level, why = 1, reason("bant.budget.below_minimum", budget=budget, minimum=minimum)
            else:
                level = 0
                why = reason("bant.budget.far_below_minimum", budget=budget, minimum=minimum)
            return CriterionResult("budget", status(level), budget, minimum, (why,), level)

        def judge(budget: Money) -> CriterionResult:
            found = judge_new(budget)
            if len(cache) + len(other) < _CACHE_CAP:
                if minimum is not None and budget.currency == minimum.currency:
                    cache[budget.amount] = found
                else:
                    other[budget] = found
            return found

        judged = _Judge(judge, cache, unknown)
        judged.other = other
        return judged

    def _authority_judge(self) -> dict[BuyingRole | None, CriterionResult]:
        must = self.must_have.get("authority", 1)
        table: dict[BuyingRole | None, CriterionResult] = {}
        unknown = CriterionResult("authority", UNKNOWN, reasons=(reason("bant.authority.unknown"),))
        table[None] = table[BuyingRole.UNKNOWN] = unknown
        for role in BuyingRole:
            if role is BuyingRole.UNKNOWN:
                continue
            level = self.authority_levels.get(role)
            if level is None:
                table[role] = CriterionResult(
                    "authority", UNKNOWN, role, must, (reason("bant.authority.unknown"),)
                )
                continue
            why = (
                reason("bant.authority.decision_maker", role=role)
                if level == 3
                else reason("bant.authority.access", role=role)
                if level == 2
                else reason("bant.authority.weak", role=role)
                if level == 1
                else reason("bant.authority.none", role=role)
            )
            ok = PASSED if level >= must and level > 0 else FAILED
            table[role] = CriterionResult("authority", ok, role, must, (why,), level)
        return table

    def _need_judge(self) -> dict[NeedLevel | None, CriterionResult]:
        must = self.must_have.get("need", 1)
        codes = {
            NeedLevel.NONE: reason("bant.need.none"),
            NeedLevel.WEAK: reason("bant.need.weak"),
            NeedLevel.PARTIAL: reason("bant.need.partial"),
            NeedLevel.CONFIRMED: reason("bant.need.confirmed"),
        }
        if "need" in self.ask_order:
            unknown = reason("bant.need.unknown")
        else:  # the mixed system: the goods are needed regularly, need is not asked
            unknown = reason("bant.need.not_asked")
        table: dict[NeedLevel | None, CriterionResult] = {
            None: CriterionResult("need", UNKNOWN, reasons=(unknown,))
        }
        for level in NeedLevel:
            ok = PASSED if level.rank >= must and level.rank > 0 else FAILED
            table[level] = CriterionResult("need", ok, level, must, (codes[level],), level.rank)
        return table

    def _timeline_judge(self) -> _TimelineJudge:
        limit = self.max_days_to_decision
        if "timeline" in self.ask_order:
            unknown_why = reason("bant.timeline.unknown")
        else:  # the decision moment is the development specialist's to find
            unknown_why = reason("bant.timeline.not_asked")
        unknown = CriterionResult("timeline", UNKNOWN, reasons=(unknown_why,))
        cache: dict[int, CriterionResult] = {}

        def level_of(days: int) -> tuple[int, str]:
            if days <= limit:
                return 3, "within"
            if days <= 2 * limit:
                return 2, "later"
            if days <= 4 * limit:
                return 1, "later"
            return 0, "far"

        def judge_new(days: int, when: date) -> CriterionResult:
            if days < 0:
                why = reason("bant.timeline.passed", decision_date=when)
                return CriterionResult("timeline", UNKNOWN, days, limit, (why,))
            level, how = level_of(days)
            why = (
                reason("bant.timeline.within", days=days, max_days=limit)
                if how == "within"
                else reason("bant.timeline.later", days=days, max_days=limit)
                if how == "later"
                else reason("bant.timeline.far", days=days, max_days=limit)
            )
            ok = PASSED if level == 3 else FAILED  # the pass line is max_days_to_decision
            return CriterionResult("timeline", ok, days, limit, (why,), level)

        def judge(days: int, when: date) -> CriterionResult:
            found = judge_new(days, when)
            if days >= 0 and len(cache) < _CACHE_CAP:
                cache[days] = found
            return found

        def moment(
            events: tuple[DecisionEvent, ...], stated: date | None, as_of: date
        ) -> CriterionResult | None:
            """The timeline from the lead's decision events: the nearest upcoming one when
            it comes no later than the stated decision date; None keeps the stated date."""
            event = next_decision(events, as_of)
            if event is None:
                if stated is not None:
                    return None
                last = max(e.on for e in events)  # every event has passed: ask again
                why = reason("bant.timeline.passed", decision_date=last)
                return CriterionResult("timeline", UNKNOWN, (last - as_of).days, limit, (why,))
            if stated is not None and as_of <= stated < event.on:
                return None
            days = (event.on - as_of).days
            level, how = level_of(days)
            params = {"kind": event.kind, "on": event.on, "days": days, "max_days": limit}
            why = (
                reason("bant.timeline.event.within", **params)
                if how == "within"
                else reason("bant.timeline.event.later", **params)
                if how == "later"
                else reason("bant.timeline.event.far", **params)
            )
            ok = PASSED if level == 3 else FAILED
            return CriterionResult("timeline", ok, days, limit, (why,), level)

        return _TimelineJudge(judge, cache, unknown, moment)


# --------------------------------------------------------------------------------------
# framework scorecards


class ScoreItem(_Data):
    """One criterion of a scorecard: read from the lead's evidence of the same ``name``.

    >>> from kam_core._words import format_value
    >>> format_value(ScoreItem(name="fit", weight=2, must_have=2, ru="соответствие").term, "ru")
    'соответствие'
    """

    name: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")]
    weight: Annotated[int, Field(ge=0, le=1000, strict=True)] = 1
    must_have: Level | None = None
    """The level needed for SQL; None = not a must-have."""
    hard_fail: bool = False
    """A known level 0 disqualifies."""
    en: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    ru: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    """Your own display names; without them the catalogue's ``[term]`` entry for ``name``
    (every built-in framework's criteria have one), else the name itself."""

    @property
    def term(self) -> Term:
        """The criterion as a reason parameter: its name, with your own display names."""
        own = {locale: text for locale, text in (("en", self.en), ("ru", self.ru)) if text}
        return Term(self.name, names=own)


def _item(name: str, weight: int, must: int | None = None, hard: bool = False) -> Any:
    return {"name": name, "weight": weight, "must_have": must, "hard_fail": hard}


_FRAMEWORKS: dict[str, tuple[str, tuple[dict[str, Any], ...]]] = {
    "anum": (
        "ANUM",
        (
            _item("authority", 30, 2),
            _item("need", 30, 2, True),
            _item("urgency", 20),
            _item("money", 20),
        ),
    ),
    "champ": (
        "CHAMP",
        (
            _item("challenges", 30, 2, True),
            _item("authority", 30, 2),
            _item("money", 20),
            _item("prioritization", 20),
        ),
    ),
    "faint": (
        "FAINT",
        (
            _item("funds", 25),
            _item("authority", 25, 2),
            _item("interest", 20),
            _item("need", 20, 2, True),
            _item("timing", 10),
        ),
    ),
    "neat": (
        "NEAT",
        (
            _item("need", 30, 2, True),
            _item("economic_impact", 25),
            _item("access_to_authority", 25, 2),
            _item("timeline", 20),
        ),
    ),
    "gpctba": (
        "GPCTBA/C&I",
        (
            _item("goals", 15),
            _item("challenges", 15, 2, True),
            _item("plans", 10),
            _item("timeline", 10),
            _item("budget", 15),
            _item("authority", 15, 2),
            _item("negative_consequences", 10),
            _item("positive_implications", 10),
        ),
    ),
    "meddic": (
        "MEDDIC",
        (
            _item("identify_pain", 20, 2, True),
            _item("economic_buyer", 20, 2),
            _item("champion", 15, 2),
            _item("metrics", 15),
            _item("decision_criteria", 15),
            _item("decision_process", 15),
        ),
    ),
    "meddpicc": (
        "MEDDPICC",
        (
            _item("identify_pain", 15, 2, True),
            _item("economic_buyer", 15, 2),
            _item("champion", 15, 2),
            _item("competition", 15),
            _item("metrics", 10),
            _item("decision_criteria", 10),
            _item("decision_process", 10),
            _item("paper_process", 10),
        ),
    ),
}


class Scorecard(Policy):
    """A weighted framework scorecard over the lead's :class:`~kam_core.Evidence`.

    Each criterion's level is the strongest evidence recorded for it (none = UNKNOWN);
    the grading is BANT's (see the module).  ``criteria`` are listed in the order to
    ask about them: ``decision.missing`` keeps it.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> lead = kc.Lead(id="L-8", company="ООО Гамма", created_on=date(2026, 11, 1), evidence=(
    ...     kc.Evidence(criterion="identify_pain", level=3),
    ...     kc.Evidence(criterion="economic_buyer", level=2),
    ...     kc.Evidence(criterion="champion", level=3),
    ...     kc.Evidence(criterion="metrics", level=2)))
    >>> d = p.Scorecard.preset("meddic").evaluate(lead, as_of=date(2026, 11, 24))
    >>> d.outcome, d.score, d.missing
    (<LeadVerdict.NURTURE: 'nurture'>, 58.3, ('decision_criteria', 'decision_process'))
    >>> print(d.explain("ru").splitlines()[-1])
    Что выяснить: критерии выбора, процесс принятия решения
    """

    kind: Literal["scorecard"] = "scorecard"
    judges: ClassVar[str] = LEADS
    """A lead policy: :func:`~kam_core.analyze` judges every lead with it."""
    framework: Annotated[str, Field(min_length=1, max_length=64)]
    """The framework's name (``CHAMP``, ``MEDDIC`` …), for reports."""
    criteria: Annotated[tuple[ScoreItem, ...], Field(min_length=1, max_length=32)]
    """The weighted criteria, judged from the lead's evidence."""
    sql_at: Threshold = 70.0
    """Score from which a lead meeting every must-have is sales-qualified (SQL)."""
    nurture_at: Threshold = 40.0
    """Score from which a lead that is not SQL is nurtured; below it, disqualified."""

    presets: ClassVar[tuple[str, ...]] = tuple(_FRAMEWORKS)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        names = [c.name for c in self.criteria]
        if len(set(names)) != len(names):
            raise ValueError(f"criteria: names repeat: {names}")
        if sum(c.weight for c in self.criteria) == 0:
            raise ValueError("criteria: at least one weight must be positive")
        _check_thresholds(self.sql_at, self.nurture_at, None)
        return self

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> Scorecard:
        """The scorecard of a published framework: anum, champ, faint, neat, gpctba, meddic,
        meddpicc (SQL ≥ 70, nurture 40–69; pain/need criteria are must-haves and hard fails).

        >>> [c.name for c in Scorecard.preset("champ").criteria]
        ['challenges', 'authority', 'money', 'prioritization']
        """
        if name not in _FRAMEWORKS:
            raise ValueError(f"unknown scorecard preset {name!r}; known: {', '.join(_FRAMEWORKS)}")
        framework, items = _FRAMEWORKS[name]
        return cls.model_validate({"framework": framework, "criteria": items, **overrides})

    def evaluate(self, lead: Lead, *, as_of: date) -> Decision[LeadVerdict]:
        """Qualify ``lead`` from its evidence as of ``as_of``."""
        return self._compiled(lead, as_of)

    @cached_property
    def _compiled(self) -> Callable[[Lead, date], Decision[Any]]:
        """Compile once: ``run(lead, as_of)`` for :meth:`evaluate`."""
        items = self.criteria
        terms = tuple(c.term for c in items)
        register_terms({t.value: dict(t.names) for t in terms if t.names})
        grader = _Grader(
            names=tuple(c.name for c in items),
            terms=terms,
            weights=tuple(c.weight for c in items),
            must=tuple(c.must_have for c in items),
            hard=tuple(c.hard_fail for c in items),
            ask_order=tuple(range(len(items))),
            sql_at=self.sql_at,
            nurture_at=self.nurture_at,
            highly_at=None,
            codes=_Codes("scorecard", self.framework),
        )
        results: list[dict[int | None, CriterionResult]] = []
        for c, t in zip(items, terms, strict=True):
            must = 1 if c.must_have is None else c.must_have
            row: dict[int | None, CriterionResult] = {
                None: CriterionResult(
                    c.name, UNKNOWN, reasons=(reason("scorecard.unknown", name=t),)
                )
            }
            for level in range(4):
                ok = PASSED if level >= must and level > 0 else FAILED
                why = reason("scorecard.level", name=t, level=level)
                row[level] = CriterionResult(c.name, ok, level, must, (why,), level)
            results.append(row)
        names = tuple(c.name for c in items)
        ref = self.ref

        def run(lead: Lead, as_of: date) -> Decision[Any]:
            best: dict[str, int] = {}
            for e in lead.evidence:
                if e.level > best.get(e.criterion, -1):
                    best[e.criterion] = e.level
            crs = tuple(r[best.get(n)] for r, n in zip(results, names, strict=True))
            outcome, score, missing, verdict = grader(tuple(best.get(n) for n in names))
            why = verdict + tuple(x for cr in crs for x in cr.reasons)
            return Decision(outcome, score, crs, missing, why, ref, as_of, lead.id)

        return run
