"""Calibration from a company's own history: sleeping multipliers, the handoff, BANT weights."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from kam_core._decision import jsonable
from kam_core._domain.deal import Deal
from kam_core._domain.lead import Lead, LeadStage
from kam_core._money import Money
from kam_core._stats.client_stats import build_stats
from kam_core._words import text
from kam_core.errors import CalibrationError, PolicyEvaluationError
from kam_core.history._backtest import Backtest, backtest
from kam_core.policies import (
    AnyOf,
    Bant,
    BantWeights,
    CumulativeRevenue,
    HunterToFarmer,
    OrderCount,
    Sleeping,
)

__all__ = [
    "BANT_MIN_EACH",
    "BANT_MIN_OUTCOMES",
    "SLEEPING_GRID",
    "Calibration",
    "FittedOn",
    "advise_handoff",
    "calibrate_bant",
    "calibrate_sleeping",
    "held_out",
]

SLEEPING_GRID: Final = {
    "drowsy": (Decimal("1.25"), Decimal("1.5"), Decimal("2.0")),
    "sleeping": (Decimal("1.5"), Decimal("2.0"), Decimal("2.5"), Decimal("3.0")),
    "lost": (Decimal("2.5"), Decimal("3.0"), Decimal("4.0"), Decimal("5.0")),
}
"""The multipliers :func:`calibrate_sleeping` tries (every increasing triple)."""
BANT_MIN_OUTCOMES: Final = 30
"""Leads with a known outcome (converted or disqualified) BANT weights need, at least."""
BANT_MIN_EACH: Final = 10
"""Of which converted, and of which disqualified, at least."""


def _jsonable_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType({str(k): v for k, v in value.items()})


@attrs.frozen
class FittedOn:
    """Which data a calibration was fitted on."""

    dates: tuple[date, ...]
    """The dates the history was read as of (a back-test's dates, or the one ``as_of``)."""
    horizon_days: int | None
    """The horizon observed after each date (None for BANT weights)."""
    clients: int = 0
    deals: int = 0
    leads: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "dates": [d.isoformat() for d in self.dates],
            "horizon_days": self.horizon_days,
            "clients": self.clients,
            "deals": self.deals,
            "leads": self.leads,
        }


@attrs.frozen
class Calibration:
    """A policy fitted on a company's history, with what it was fitted on and why.

    ``policy`` is an ordinary built-in policy: adopt it as it is, or save
    ``policy.to_dict()`` (``p.load`` reads it back, fingerprint and all).  ``table``
    holds the candidates or the curve the choice was read from, JSON-safe;
    ``explain(locale)`` says the choice in words.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> from kam_core import policies as p
    >>> book = kc.generate_book(clients=200, seed=4, as_of=date(2026, 11, 24))
    >>> advice = kc.advise_handoff(book.deals(), as_of=date(2026, 11, 24))
    >>> p.load(advice.to_dict()["policy"]) == advice.policy, advice.subject
    (True, 'handoff')
    >>> advice.explain("ru").splitlines()[-1].startswith("История: 200 клиентов")
    True
    """

    subject: str
    """What was calibrated: ``"sleeping"``, ``"handoff"`` or ``"bant"``."""
    policy: Any
    fitted_on: FittedOn
    metric: str
    """What the choice maximised: ``"f1"``, ``"share"`` (of clients buying on) or
    ``"accuracy"``."""
    chosen: Mapping[str, Any] = attrs.field(converter=_jsonable_map, hash=False)
    """The parameters chosen (JSON-safe)."""
    score: float | None
    default: Mapping[str, Any] = attrs.field(converter=_jsonable_map, hash=False)
    """The book default's parameters, for comparison."""
    default_score: float | None
    table: tuple[Mapping[str, Any], ...]
    notes: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    """The explanation: catalogue text keys and their parameters, in order."""

    @property
    def fingerprint(self) -> str:
        """The fitted policy's fingerprint."""
        return str(self.policy.fingerprint)

    def rows(self) -> list[dict[str, Any]]:
        """The candidates or curve, one JSON-safe dict each."""
        return [dict(r) for r in self.table]

    def explain(self, locale: str = "en") -> str:
        """The choice, the book default's score and the data it was fitted on, in words."""
        lines = [text(key, locale, **params) for key, params in self.notes]
        on = self.fitted_on
        if on.leads:
            lines.append(
                text(
                    "calibration.fitted_on_leads",
                    locale,
                    first=on.dates[0],
                    last=on.dates[-1],
                    leads=on.leads,
                )
            )
        elif len(on.dates) == 1:
            lines.append(
                text(
                    "calibration.fitted_on_one"
                    if self.subject == "handoff"
                    else "calibration.fitted_on_date",
                    locale,
                    last=on.dates[0],
                    clients=on.clients,
                    deals=on.deals,
                    horizon=on.horizon_days or 0,
                )
            )
        else:
            lines.append(
                text(
                    "calibration.fitted_on",
                    locale,
                    first=on.dates[0],
                    last=on.dates[-1],
                    dates=len(on.dates),
                    clients=on.clients,
                    deals=on.deals,
                    horizon=on.horizon_days or 0,
                )
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain("en")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: the policy's dict and fingerprint, the data and the choice."""
        return {
            "subject": self.subject,
            "policy": self.policy.to_dict(),
            "fingerprint": self.fingerprint,
            "fitted_on": self.fitted_on.to_dict(),
            "metric": self.metric,
            "chosen": jsonable(dict(self.chosen)),
            "score": self.score,
            "default": jsonable(dict(self.default)),
            "default_score": self.default_score,
            "table": jsonable([dict(r) for r in self.table]),
        }


class _Counted:
    """Counts the deals that pass through, once."""

    def __init__(self, deals: Iterable[Deal | Mapping[str, Any]]) -> None:
        self.deals = deals
        self.n = 0

    def __iter__(self) -> Iterator[Deal]:
        for deal in self.deals:
            self.n += 1
            yield deal if isinstance(deal, Deal) else Deal.model_validate(deal)


# --------------------------------------------------------------------------------------
# sleeping thresholds


def _pooled_f1(bt: Backtest, name: str, labels: frozenset[str]) -> float:
    hits = flagged = silent = 0
    for e in bt.evaluations:
        if e.policy != name:
            continue
        for o in e.outcomes:
            quiet = o.orders_after == 0
            silent += quiet
            if o.label in labels:
                flagged += 1
                hits += quiet
    return 0.0 if hits == 0 else 2 * hits / (flagged + silent)


_TIERS: Final = (
    frozenset({"drowsy", "sleeping", "lost"}),
    frozenset({"sleeping", "lost"}),
    frozenset({"lost"}),
)


def calibrate_sleeping(
    deals: Iterable[Deal | Mapping[str, Any]],
    *,
    at: Sequence[date],
    horizon_days: int = 180,
    base: Sleeping | None = None,
    grid: Mapping[str, Sequence[Decimal]] | None = None,
    currency: str | None = None,
) -> Calibration:
    """The drowsy, sleeping and lost multipliers that best predict "no order in the horizon".

    Every increasing triple of the grid (:data:`SLEEPING_GRID` unless given; the book
    default's multipliers always included) is back-tested as of the dates ``at``, the
    deals read once.  Each triple is scored by the mean of three F1 scores against "no
    order in the next ``horizon_days``", the dates pooled: drowsy-or-deeper,
    sleeping-or-lost and lost, so each multiplier is judged by the tier it opens.
    The best score (to four decimals) wins; ties go to the book default, then to the
    smaller multipliers.  The other settings of ``base`` (``p.Sleeping()`` by
    default) are kept.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> book = kc.generate_book(clients=60, seed=4, as_of=date(2026, 11, 24))
    >>> fit = kc.calibrate_sleeping(book.deals(), at=[date(2026, 1, 1)], horizon_days=180)
    >>> fit.policy.kind, fit.score >= fit.default_score, fit.fitted_on.clients
    ('sleeping', True, 48)
    """
    base = Sleeping() if base is None else base
    grid = SLEEPING_GRID if grid is None else grid
    default = (base.drowsy, base.sleeping, base.lost)
    triples = {
        t
        for t in itertools.product(
            sorted(set(grid["drowsy"]) | {default[0]}),
            sorted(set(grid["sleeping"]) | {default[1]}),
            sorted(set(grid["lost"]) | {default[2]}),
        )
        if t[0] < t[1] < t[2]
    }
    ordered = sorted(triples)
    dump = base.model_dump()
    candidates = {
        f"c{i}": type(base).model_validate(dump | {"drowsy": d, "sleeping": s, "lost": lost})
        for i, (d, s, lost) in enumerate(ordered)
    }
    counted = _Counted(deals)
    bt = backtest(candidates, (), counted, at=at, horizon_days=horizon_days, currency=currency)
    scored = []
    for i, triple in enumerate(ordered):
        tiers = [_pooled_f1(bt, f"c{i}", tier) for tier in _TIERS]
        scored.append((round(sum(tiers) / 3, 4), triple, [round(t, 4) for t in tiers]))
    best = min(scored, key=lambda s: (-s[0], s[1] != default, s[1]))
    book = next(s for s in scored if s[1] == default)
    clients = max((len(e.outcomes) for e in bt.evaluations), default=0)
    names = ("drowsy", "sleeping", "lost")
    table = tuple(
        {
            **{n: str(v) for n, v in zip(names, triple, strict=True)},
            "f1": f1,
            "f1_drowsy": tiers[0],
            "f1_sleeping": tiers[1],
            "f1_lost": tiers[2],
            "default": triple == default,
        }
        for f1, triple, tiers in sorted(scored, key=lambda s: (-s[0], s[1] != default, s[1]))
    )
    chosen = dict(zip(names, best[1], strict=True))
    policy = candidates[f"c{ordered.index(best[1])}"]
    notes: list[tuple[str, Mapping[str, Any]]] = [
        (
            "calibration.sleeping.chosen",
            {**chosen, "f1": Decimal(str(best[0])), "horizon": horizon_days},
        ),
        (
            "calibration.sleeping.default",
            {
                "drowsy": default[0],
                "sleeping": default[1],
                "lost": default[2],
                "f1": Decimal(str(book[0])),
            },
        ),
    ]
    if best[1] == default:
        notes.append(("calibration.sleeping.keep", {}))
    return Calibration(
        "sleeping",
        policy,
        FittedOn(tuple(sorted(set(at))), horizon_days, clients, counted.n),
        "f1",
        chosen,
        best[0],
        dict(zip(names, default, strict=True)),
        book[0],
        table,
        tuple(notes),
    )


# --------------------------------------------------------------------------------------
# the handoff


def _quantiles(values: Sequence[Decimal], qs: Sequence[Decimal]) -> list[Decimal]:
    """Nearest-rank quantiles of sorted ``values``, to whole currency units, distinct."""
    out: list[Decimal] = []
    n = len(values)
    for q in qs:
        rank = max(1, int((q * n).to_integral_value(rounding="ROUND_CEILING")))
        v = values[rank - 1].quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if v > 0 and v not in out:
            out.append(v)
    return out


def _curve_point(
    reached: list[date | None], next_after: list[date | None], end: date, horizon: timedelta
) -> tuple[int, int]:
    eligible = went_on = 0
    for when, following in zip(reached, next_after, strict=True):
        if when is None or when + horizon > end:
            continue
        eligible += 1
        if following is not None and following <= when + horizon:
            went_on += 1
    return eligible, went_on


def _recommend(
    points: list[tuple[Any, int, int]], step: float, min_clients: int
) -> tuple[int, str]:
    """Index of the recommended point and why: the first from which the share stays flat.

    The first point (with at least ``min_clients`` clients) that no later such point
    beats by more than ``step`` percentage points.  ``"rising"`` when that is the last
    point only because the share was still rising into it.
    """
    usable = [i for i, (_, eligible, _) in enumerate(points) if eligible >= min_clients]
    shares = {i: points[i][2] / points[i][1] for i in usable}
    for k, i in enumerate(usable):
        later = [shares[j] for j in usable[k + 1 :]]
        if not later or (max(later) - shares[i]) * 100 <= step:
            rising = not later and k > 0 and (shares[i] - shares[usable[k - 1]]) * 100 > step
            return i, "rising" if rising else "flat"
    raise AssertionError("unreachable: the last usable point has no later one")  # pragma: no cover


def advise_handoff(
    deals: Iterable[Deal | Mapping[str, Any]],
    *,
    as_of: date,
    horizon_days: int = 180,
    step_points: float = 5.0,
    min_clients: int = 20,
    by: str = "orders",
    base: HunterToFarmer | None = None,
    currency: str | None = None,
) -> Calibration:
    """After which order (or how many roubles) hunters should hand clients to farmers.

    From the deals up to ``as_of`` (read once), for N = 1 … 10 orders: of the clients
    that reached their N-th order at least ``horizon_days`` before ``as_of``, the share
    that ordered again within ``horizon_days`` of it.  The same for cumulative revenue
    thresholds at the book's deciles (of each client's purchases as of ``as_of``).
    **The rule:** recommend the smallest N from which no later N raises that share by
    more than ``step_points`` percentage points — after it, more orders no longer make a
    client noticeably more loyal, so it is a farmer's client.  Only points with at least
    ``min_clients`` clients count; if the share is still rising at the last of them,
    that one is recommended and the explanation says so.
    ``by`` chooses the returned criterion: ``"orders"`` (``OrderCount``), ``"revenue"``
    (``CumulativeRevenue``) or ``"either"`` (``AnyOf`` of both); roles as in ``base``.
    Fewer than ``min_clients`` clients with a first order is a
    :class:`~kam_core.errors.CalibrationError`.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> book = kc.generate_book(clients=200, seed=4, as_of=date(2026, 11, 24))
    >>> advice = kc.advise_handoff(book.deals(), as_of=date(2026, 11, 24))
    >>> advice.policy.when.kind, 1 <= advice.chosen["orders"] <= 10
    ('order_count', True)
    """
    if by not in ("orders", "revenue", "either"):
        raise PolicyEvaluationError(f"by={by!r}: expected 'orders', 'revenue' or 'either'")
    base = HunterToFarmer(when=OrderCount(at_least=3)) if base is None else base
    counted = _Counted(deals)
    stats = build_stats(counted, as_of=as_of, currency=currency)
    horizon = timedelta(days=horizon_days)
    histories = [s.orders for s in stats.values() if s.order_count > 0]
    if len(histories) < min_clients:
        raise CalibrationError("the handoff", "clients with an order", min_clients, len(histories))
    money = next(iter(stats.values())).currency
    by_n: list[tuple[Any, int, int]] = []
    for n in range(1, 11):
        reached = [h[n - 1][0] if len(h) >= n else None for h in histories]
        following = [h[n][0] if len(h) > n else None for h in histories]
        by_n.append((n, *_curve_point(reached, following, as_of, horizon)))
    totals = sorted(sum((a for _, a in h), Decimal(0)) for h in histories)
    thresholds = _quantiles(totals, [Decimal(k) / 10 for k in range(1, 10)])
    by_x: list[tuple[Any, int, int]] = []
    for x in thresholds:
        reached_x: list[date | None] = []
        following_x: list[date | None] = []
        for h in histories:
            running, at_ = Decimal(0), None
            for i, (_day, amount) in enumerate(h):
                running += amount
                if running >= x:
                    at_ = i
                    break
            reached_x.append(None if at_ is None else h[at_][0])
            following_x.append(None if at_ is None or at_ + 1 >= len(h) else h[at_ + 1][0])
        by_x.append((x, *_curve_point(reached_x, following_x, as_of, horizon)))
    if by_n[0][1] < min_clients:
        raise CalibrationError(
            "the handoff",
            f"clients whose first order is {horizon_days} days before the end of the history",
            min_clients,
            by_n[0][1],
        )
    i_n, why_n = _recommend(by_n, step_points, min_clients)
    n_best = int(by_n[i_n][0])
    usable_x = [p for p in by_x if p[1] >= min_clients]
    x_best: Decimal | None = None
    why_x = "rising"
    if usable_x:
        i_x, why_x = _recommend(by_x, step_points, min_clients)
        x_best = Decimal(by_x[i_x][0])
    orders = OrderCount(at_least=n_best)
    when: Any = orders
    if by != "orders":
        if x_best is None:
            raise CalibrationError(
                "the handoff by revenue", "clients at a revenue threshold", min_clients, 0
            )
        revenue = CumulativeRevenue(at_least=Money(x_best, money))
        when = revenue if by == "revenue" else AnyOf(of=(orders, revenue))
    policy = type(base).model_validate(base.model_dump() | {"when": when})

    def share(p: tuple[Any, int, int]) -> float | None:
        return None if p[1] == 0 else round(p[2] / p[1], 4)

    table = tuple(
        [
            {"by": "orders", "at_least": n, "clients": e, "went_on": w, "share": share((n, e, w))}
            for n, e, w in by_n
        ]
        + [
            {
                "by": "revenue",
                "at_least": jsonable(Money(x, money)),
                "clients": e,
                "went_on": w,
                "share": share((x, e, w)),
            }
            for x, e, w in by_x
        ]
    )
    current = getattr(base.when, "at_least", None)
    default_point = next((p for p in by_n if p[0] == current), None)
    notes: list[tuple[str, Mapping[str, Any]]] = [
        (
            f"calibration.handoff.orders.{why_n}",
            {
                "n": n_best,
                "share": Decimal(str(share(by_n[i_n]) or 0)),
                "step": Decimal(str(step_points)),
                "horizon": horizon_days,
            },
        )
    ]
    curve = ", ".join(f"{n}: {round(100 * w / e)}" for n, e, w in by_n if e >= min_clients)
    notes.append(("calibration.handoff.curve", {"curve": curve}))
    if x_best is not None:
        notes.append(
            (
                f"calibration.handoff.revenue.{why_x}",
                {"amount": Money(x_best, money), "step": Decimal(str(step_points))},
            )
        )
    chosen: dict[str, Any] = {"orders": n_best, "by": by}
    if x_best is not None:
        chosen["revenue"] = jsonable(Money(x_best, money))
    return Calibration(
        "handoff",
        policy,
        FittedOn((as_of,), horizon_days, len(histories), counted.n),
        "share",
        chosen,
        share(by_n[i_n]),
        {"orders": current},
        None if default_point is None else share(default_point),
        table,
        tuple(notes),
    )


# --------------------------------------------------------------------------------------
# BANT weights


def held_out(lead_id: str, share: float = 0.2) -> bool:
    """Whether a lead is in the held-out part: its id's SHA-256, read as a number, mod 1000.

    The split never depends on the order of the leads or on anything else.

    >>> held_out("L-8"), held_out("L-9")
    (False, True)
    """
    digest = hashlib.sha256(lead_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 1000 < share * 1000


_Pattern = tuple[tuple[int | None, ...], bool, bool]  # levels, gate passed, converted


def _patterns(base: Bant, leads: Iterable[Lead]) -> tuple[list[Lead], list[_Pattern]]:
    must = [base.must_have.get(n) for n in ("budget", "authority", "need", "timeline")]
    hard = [n in base.hard_fail for n in ("budget", "authority", "need", "timeline")]
    kept, out = [], []
    for lead in sorted(leads, key=lambda x: x.id):
        if lead.stage not in (LeadStage.CONVERTED, LeadStage.DISQUALIFIED):
            continue
        d = base.evaluate(lead, as_of=lead.created_on)
        levels = tuple(d.criterion(n).level for n in ("budget", "authority", "need", "timeline"))
        gate = not any(h and lv == 0 for h, lv in zip(hard, levels, strict=True)) and all(
            m is None or (lv is not None and lv >= m) for m, lv in zip(must, levels, strict=True)
        )
        kept.append(lead)
        out.append((levels, gate, lead.stage is LeadStage.CONVERTED))
    return kept, out


def _predicts_sql(weights: Sequence[int], sql_at: float) -> Callable[[_Pattern], bool]:
    total = 3 * sum(weights)

    def sql(pattern: _Pattern) -> bool:
        levels, gate, _ = pattern
        known = sum(w * lv for w, lv in zip(weights, levels, strict=True) if lv is not None)
        return gate and round(100 * known / total, 1) >= sql_at

    return sql


def _accuracy(patterns: Sequence[_Pattern], counts: Sequence[int], rule: Any) -> float:
    right = sum(c for p, c in zip(patterns, counts, strict=True) if rule(p) == p[2])
    return right / sum(counts) if counts else 0.0


def calibrate_bant(
    leads: Iterable[Lead],
    *,
    base: Bant | None = None,
    step: int = 5,
    thresholds: Sequence[float] = (50, 55, 60, 65, 70, 75, 80, 85, 90),
    penalty: float = 0.02,
    holdout: float = 0.2,
) -> Calibration:
    """The BANT weights and SQL threshold that best separate converted leads from lost ones.

    The leads with a known outcome — converted or disqualified — are read as of their
    creation (the BANT levels ``base`` gives them then; its must-haves and hard fails
    stay).  A lead is held out when :func:`held_out` says so (20 %, by its id); on the
    others every weighting in steps of ``step`` summing to 100 and every threshold of
    ``thresholds`` is tried, and the one maximising *accuracy − penalty × distance*
    wins, where the distance is how far the weights move from the book's (sum of
    absolute differences / 200, 0 … 1): the regularisation that keeps the book's
    weights unless the leads say otherwise.  Ties go to the book default, then to the
    lexicographically smallest weights and threshold.  The held-out accuracy of the
    fit and of the book default are reported.  Fewer than
    :data:`BANT_MIN_OUTCOMES` (30) outcomes, or fewer than :data:`BANT_MIN_EACH` (10)
    of either kind, is a :class:`~kam_core.errors.CalibrationError`.

    >>> from datetime import date
    >>> import kam_core as kc
    >>> try:
    ...     kc.calibrate_bant([kc.Lead(id="L-1", company="ООО Альфа",
    ...                                created_on=date(2026, 1, 1), stage="disqualified")])
    ... except kc.errors.CalibrationError as refusal:
    ...     print(refusal)
    cannot calibrate BANT weights: it needs at least 30 leads with a known outcome \
(converted or disqualified), the history has 1
    """
    base = Bant() if base is None else base
    kept, patterns = _patterns(base, leads)
    converted = sum(1 for p in patterns if p[2])
    if len(patterns) < BANT_MIN_OUTCOMES:
        raise CalibrationError(
            "BANT weights",
            "leads with a known outcome (converted or disqualified)",
            BANT_MIN_OUTCOMES,
            len(patterns),
        )
    for what, n in (("converted", converted), ("disqualified", len(patterns) - converted)):
        if n < BANT_MIN_EACH:
            raise CalibrationError("BANT weights", f"{what} leads", BANT_MIN_EACH, n)
    test = [held_out(lead.id, holdout) for lead in kept]
    train: dict[_Pattern, int] = {}
    for pattern, t in zip(patterns, test, strict=True):
        if not t:
            train[pattern] = train.get(pattern, 0) + 1
    tp, tc = list(train), list(train.values())
    w = base.weights
    book = (w.budget, w.authority, w.need, w.timeline)
    book_sum = sum(book)
    grid_weights = [ws for ws in itertools.product(range(0, 101, step), repeat=4) if sum(ws) == 100]
    best: tuple[float, bool, tuple[int, ...], float] | None = None
    total = sum(tc)
    book_share = tuple(100 * b / book_sum for b in book)
    for ws in grid_weights:
        distance = sum(abs(a - b) for a, b in zip(ws, book_share, strict=True)) / 200
        scores = [
            round(sum(w * lv for w, lv in zip(ws, levels, strict=True) if lv is not None) / 3, 1)
            if gate
            else -1.0
            for levels, gate, _ in tp
        ]
        for t_ in thresholds:
            right = sum(
                c for sc, (_, _, conv), c in zip(scores, tp, tc, strict=True) if (sc >= t_) == conv
            )
            objective = round(right / total - penalty * distance, 6)
            is_book = ws == book_share and t_ == base.sql_at
            key = (-objective, not is_book, ws, t_)
            if best is None or key < (-best[0], not best[1], best[2], best[3]):
                best = (objective, is_book, ws, t_)
    assert best is not None
    _, _, ws, sql_at = best
    names = ("budget", "authority", "need", "timeline")
    weights = BantWeights(**dict(zip(names, ws, strict=True)))
    nurture_at = min(base.nurture_at, sql_at)
    policy = type(base).model_validate(
        base.model_dump() | {"weights": weights.model_dump(), "sql_at": float(sql_at),
                             "nurture_at": nurture_at}
    )  # fmt: skip
    held = [(lead, p) for lead, p, t in zip(kept, patterns, test, strict=True) if t]

    def real_accuracy(policy_: Bant) -> float | None:
        if not held:
            return None
        right = sum(
            1
            for lead, p in held
            if (policy_.evaluate(lead, as_of=lead.created_on).outcome.value == "sql") == p[2]
        )
        return round(right / len(held), 4)

    fit_acc, book_acc = real_accuracy(policy), real_accuracy(base)
    train_acc = round(_accuracy(tp, tc, _predicts_sql(ws, sql_at)), 4)
    chosen = {**dict(zip(names, ws, strict=True)), "sql_at": float(sql_at)}
    notes: list[tuple[str, Mapping[str, Any]]] = [
        (
            "calibration.bant.chosen",
            {**chosen, "sql_at": Decimal(str(sql_at)), "train": Decimal(str(train_acc))},
        ),
        (
            "calibration.bant.held_out",
            {
                "held": len(held),
                "fit": None if fit_acc is None else Decimal(str(fit_acc)),
                "book": None if book_acc is None else Decimal(str(book_acc)),
            },
        ),
    ]
    table = tuple(
        {"lead_id": lead.id, "converted": p[2], "held_out": t, "levels": list(p[0])}
        for lead, p, t in zip(kept, patterns, test, strict=True)
    )
    dates = sorted({lead.created_on for lead in kept})
    return Calibration(
        "bant",
        policy,
        FittedOn((dates[0], dates[-1]), None, 0, 0, len(kept)),
        "accuracy",
        chosen,
        fit_acc,
        {**dict(zip(names, book, strict=True)), "sql_at": base.sql_at},
        book_acc,
        table,
        tuple(notes),
    )
