"""The back-test's and calibrations' edges: plug-ins, snapshots per date, refusals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.errors import CalibrationError, CurrencyMismatchError, PolicyEvaluationError
from kam_core.history import Backtest, Outcome, backtest, predicted_event

RUB = "RUB"
AS_OF = date(2026, 1, 1)


def _deal(i: int, client: str, day: date, currency: str = RUB) -> kc.Deal:
    return kc.Deal(id=f"D-{client}-{i}", client_id=client, status="won", opened_on=day,
                   closed_on=day, amount=kc.Money("100", currency))  # fmt: skip


def _steady(client: str, n: int = 20) -> list[kc.Deal]:
    return [_deal(i, client, date(2025, 1, 1) + timedelta(days=30 * i)) for i in range(n)]


class QuietAfterTwo:
    """A plug-in segmentation: "quiet" after fewer than three orders, declaring its predictions."""

    kind = "acme.quiet"
    predicts: ClassVar[dict[str, str]] = {"quiet": "silent", "busy": "buys_again"}

    def fit(self, population: Any, *, clients: Any = None) -> QuietAfterTwo:
        return self

    def assign(self, stats: kc.ClientStats, *, client: Any = None) -> kc.Decision[str]:
        label = "quiet" if stats.order_count < 3 else "busy"
        return kc.Decision(label, subject=stats.client_id, as_of=stats.as_of)


def test_a_plug_in_declares_what_its_labels_predict() -> None:
    """A user's segmentation with ``predicts`` is back-tested against its own events."""
    deals = [*_steady("C-1"), _deal(0, "C-2", date(2025, 3, 1))]
    bt = backtest([QuietAfterTwo()], (), deals, at=[AS_OF])
    rows = {r.label: r for r in bt.table()}
    assert (rows["quiet"].event, rows["quiet"].happened) == ("silent", 1)
    assert (rows["busy"].event, rows["busy"].happened) == ("buys_again", 1)
    assert predicted_event(QuietAfterTwo(), "other") is None


def test_clients_and_leads_may_be_given_as_a_snapshot_per_date() -> None:
    """A callable gives each date its own clients and leads."""
    asked: list[date] = []

    def clients_on(day: date) -> list[kc.Client]:
        asked.append(day)
        return [kc.Client(id="C-1", name="ООО Альфа", owner=kc.Role.DEVELOPMENT_SPECIALIST)]

    def leads_on(day: date) -> list[kc.Lead]:
        return [kc.Lead(id="L-1", company="ООО Бета", created_on=day)]

    bt = backtest([p.HunterToFarmer(when=p.OrderCount(at_least=3)), p.Bant()], clients_on,
                  _steady("C-1"), at=[AS_OF, date(2025, 6, 1)], leads=leads_on)  # fmt: skip
    assert sorted(set(asked)) == [date(2025, 6, 1), AS_OF]
    assert bt.labels(AS_OF, "handoff") == {"C-1": "client_manager"}
    assert bt.labels(AS_OF, "bant") == {"L-1": "nurture"}


def test_a_lead_already_a_client_is_not_judged_again_and_twins_are_refused() -> None:
    """A converted lead whose client bought before the date is left out; a lead twice raises."""
    lead = kc.Lead(id="L-1", company="ООО Альфа", created_on=date(2024, 12, 1),
                   stage="converted", client_id="C-1")  # fmt: skip
    bt = backtest([p.Bant()], (), _steady("C-1"), at=[AS_OF], leads=[lead])
    assert bt.labels(AS_OF, "bant") == {}
    with pytest.raises(PolicyEvaluationError, match="given twice"):
        backtest([p.Bant()], (), _steady("C-1"), at=[AS_OF], leads=[lead, lead])


def test_orders_after_the_date_in_another_currency_are_refused() -> None:
    """Revenue that followed is summed in the book's currency; another one raises."""
    deals = [*_steady("C-1", 12), _deal(99, "C-1", date(2026, 2, 1), "USD")]
    with pytest.raises(CurrencyMismatchError):
        backtest([p.Sleeping()], (), deals, at=[AS_OF], currency=RUB)


def test_calls_that_mix_events_or_policies_that_are_not_sets_are_refused() -> None:
    """Reading active with sleeping as one call, or ABC labels together, is refused."""
    bt = backtest([p.Sleeping(), p.Abc()], (), [*_steady("C-1"), *_steady("C-2", 3)], at=[AS_OF])
    with pytest.raises(PolicyEvaluationError, match="predict different events"):
        bt.call("sleeping", ["active", "lost"])
    with pytest.raises(PolicyEvaluationError, match="one label at a time"):
        bt.call("abc", ["A", "B"])
    with pytest.raises(KeyError):
        bt.evaluation(AS_OF, "rfm")
    with pytest.raises(TypeError, match="policies must be"):
        backtest(42, (), _steady("C-1"), at=[AS_OF])
    assert backtest(p.Sleeping(), (), _steady("C-1"), at=[AS_OF]).policies == ("sleeping",)
    with pytest.raises(PolicyEvaluationError, match="unknown event"):
        Outcome("C-1", "x", 0, bt.table()[0].revenue_after.amount).happened("sunny")


def test_an_empty_back_test_reads_as_a_table_with_a_title() -> None:
    """A back-test with no evaluation still renders its heading."""
    assert Backtest((), 90, RUB).text("ru").startswith("Проверка на истории")


def test_the_handoff_advisor_refuses_a_history_too_short_for_its_horizon() -> None:
    """Clients whose first order is too recent to observe a horizon after it are not enough."""
    deals = [_deal(0, f"C-{c}", date(2025, 12, 1)) for c in range(30)]
    with pytest.raises(CalibrationError, match="days before the end of the history"):
        kc.advise_handoff(deals, as_of=date(2026, 1, 1))
    with pytest.raises(PolicyEvaluationError, match="by='sometimes'"):
        kc.advise_handoff(deals, as_of=date(2026, 1, 1), by="sometimes")
