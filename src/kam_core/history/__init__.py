"""kam_core.history: back-tests, calibration from a company's own history, comparisons.

Every policy is pure data evaluated as of a date, so it can be judged on the past:

- :func:`backtest` evaluates a policy set as of past dates (reading nothing after each
  date) and observes what happened in the horizon that followed — a
  :class:`Backtest` of precision, recall and lift per date, policy and label;
- :func:`calibrate_sleeping`, :func:`advise_handoff` and :func:`calibrate_bant` fit
  the book's thresholds to a company's own history and return a :class:`Calibration`:
  the fitted policy (data, with its fingerprint), what it was fitted on and why;
- :func:`compare` sets two reports of the same book side by side: who changes label,
  handoff or plan, and both decisions' reasons.

>>> from datetime import date
>>> import kam_core as kc
>>> from kam_core import policies as p
>>> book = kc.generate_book(clients=40, seed=5, as_of=date(2026, 11, 24))
>>> bt = kc.backtest([p.Sleeping(), p.Abc()], book.clients, book.deals(),
...                  at=[date(2026, 1, 1), date(2026, 4, 1)], horizon_days=120)
>>> bt.dates, bt.policies
((datetime.date(2026, 1, 1), datetime.date(2026, 4, 1)), ('sleeping', 'abc'))
"""

from kam_core.history._backtest import (
    BUYS_AGAIN,
    CONVERTS,
    EVENTS,
    KEEPS_LABEL,
    NOT_CONVERTS,
    SILENT,
    Backtest,
    BacktestRow,
    Evaluation,
    Outcome,
    backtest,
    predicted_event,
)
from kam_core.history._calibrate import (
    BANT_MIN_EACH,
    BANT_MIN_OUTCOMES,
    SLEEPING_GRID,
    Calibration,
    FittedOn,
    advise_handoff,
    calibrate_bant,
    calibrate_sleeping,
    held_out,
)
from kam_core.history._compare import ABSENT, Change, Comparison, compare

__all__ = [
    "ABSENT",
    "BANT_MIN_EACH",
    "BANT_MIN_OUTCOMES",
    "BUYS_AGAIN",
    "CONVERTS",
    "EVENTS",
    "KEEPS_LABEL",
    "NOT_CONVERTS",
    "SILENT",
    "SLEEPING_GRID",
    "Backtest",
    "BacktestRow",
    "Calibration",
    "Change",
    "Comparison",
    "Evaluation",
    "FittedOn",
    "Outcome",
    "advise_handoff",
    "backtest",
    "calibrate_bant",
    "calibrate_sleeping",
    "compare",
    "held_out",
    "predicted_event",
]
