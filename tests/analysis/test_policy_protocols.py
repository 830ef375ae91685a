"""analyze() runs each policy as what it declares: segmentation, client or lead policy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core.analysis import AnalysisPlan, ReportStore, RowStore

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def book() -> kc.SyntheticBook:
    return kc.generate_book(clients=50, seed=11, as_of=AS_OF)


class _Tier:
    """A user's client policy: a tier by order count."""

    kind = "acme_tier"
    judges = "clients"

    def evaluate(
        self, client: kc.Client, stats: kc.ClientStats, *, as_of: date
    ) -> kc.Decision[Any]:
        tier = "gold" if stats.order_count >= 10 else "silver"
        return kc.Decision(
            tier, reasons=(kc.Reason("acme.tier", {"tier": tier}),), subject=client.id
        )


class _Quiet:
    """A user's segmentation: quiet when nothing was bought in 90 days, which is dormant."""

    kind = "acme_quiet"
    sleeping_labels = frozenset({"quiet"})

    def __init__(self) -> None:
        self.fits = 0

    def fit(self, population: Iterable[kc.ClientStats], *, clients: Any = None) -> _QuietFitted:
        self.fits += 1
        return _QuietFitted()


class _QuietFitted:
    def assign(self, stats: kc.ClientStats, *, client: kc.Client | None = None) -> kc.Decision[Any]:
        last = stats.last_order_on
        quiet = last is None or (stats.as_of - last).days > 90
        return kc.Decision("quiet" if quiet else "buying", subject=stats.client_id)


class _OnePass(_Quiet):
    """The same segmentation with a one-pass fast path."""

    kind = "acme_one_pass"

    def __init__(self, *, short_by: int = 0) -> None:
        super().__init__()
        self.passes = 0
        self.short_by = short_by

    def fit_labels(
        self, population: Sequence[kc.ClientStats], *, clients: Any = None
    ) -> tuple[_QuietFitted, list[Any]]:
        self.passes += 1
        fitted = _QuietFitted()
        labels = [fitted.assign(s).outcome for s in population]
        return fitted, labels[self.short_by :]


def _handoff_decisions(report: kc.Report) -> list[tuple[str, str]]:
    return [(d.subject or "", d.outcome.rule) for d in report.handoffs_due()]


def test_a_client_policy_is_filed_under_its_kind_wherever_it_stands(
    book: kc.SyntheticBook,
) -> None:
    """Listed first, a user's client policy keeps its own key; "handoff" is the handoff rules'."""
    rules = p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=3)),))
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[_Tier(), rules])
    alone = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[rules])
    rows = report.rows()
    assert {r["acme_tier"] for r in rows} == {"gold", "silver"}
    assert [r["handoff"] for r in rows] == [r["handoff"] for r in alone.rows()]
    assert report.summary()["handoffs_due"] == alone.summary()["handoffs_due"]
    assert report.counts("acme_tier") == report.summary()["segments"]["acme_tier"]
    assert report.row(rows[0]["client_id"]).decision("acme_tier").codes == ("acme.tier",)


def test_a_single_transfer_files_its_handoffs_under_handoff(book: kc.SyntheticBook) -> None:
    """HunterToFarmer used on its own declares report key "handoff", as the chain does."""
    transfer = p.HunterToFarmer(when=p.OrderCount(at_least=3))
    chain = p.HandoffRules(transfers=(transfer,))
    alone = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[transfer])
    chained = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[chain])
    assert alone.summary()["handoffs_due"] == chained.summary()["handoffs_due"]
    assert alone.summary()["handoffs_due"]
    assert [d.outcome.to_role for d in alone.handoffs_due()] == [
        d.outcome.to_role for d in chained.handoffs_due()
    ]


def test_of_two_policies_with_one_key_the_later_decides(book: kc.SyntheticBook) -> None:
    """Two handoff policies: rows, counts and handoffs_due() read the later one's outcome."""
    eager = p.HunterToFarmer(when=p.OrderCount(at_least=1))
    strict = p.HandoffRules(transfers=(p.HunterToFarmer(when=p.OrderCount(at_least=1000)),))
    both = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[eager, strict])
    assert kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[eager]).handoffs_due()
    assert both.handoffs_due() == []
    assert both.summary()["handoffs_due"] == {}
    assert {r["handoff"] for r in both.rows()} == {None}
    flipped = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[strict, eager])
    assert len(flipped.handoffs_due()) == sum(flipped.summary()["handoffs_due"].values()) > 0


class _Undeclared:
    kind = "acme_undeclared"

    def evaluate(self, client: Any, stats: Any, *, as_of: date) -> kc.Decision[Any]:
        raise AssertionError("never run")  # pragma: no cover


class _Misdeclared(_Undeclared):
    kind = "acme_misdeclared"
    judges = "client"


def test_a_policy_that_declares_nothing_is_refused_with_what_to_declare() -> None:
    """No guessing from the signature: evaluate() alone is not enough, and the error says why."""
    with pytest.raises(kc.errors.PolicyConfigError, match="judges = 'clients'") as refused:
        kc.analyze([], [], as_of=AS_OF, policies=[p.Abc(), _Undeclared()])
    assert "policies[1]" in str(refused.value)
    with pytest.raises(kc.errors.PolicyConfigError, match="judges='client'"):
        kc.analyze([], [], as_of=AS_OF, policies=[_Misdeclared()])


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ({"report_key": ""}, "report_key"),
        ({"sleeping_labels": "lost"}, "give a set of labels"),
        ({"sleeping_labels": frozenset({1})}, "labels are strings"),
    ],
)
def test_a_malformed_declaration_is_refused(declared: dict[str, Any], message: str) -> None:
    """An empty report key or labels given as one string are configuration errors."""
    policy = type("_Declared", (_Tier,), declared)()
    with pytest.raises(kc.errors.PolicyConfigError, match=message):
        AnalysisPlan.of([policy])


class _Courier:
    """A user's handoff policy: every client with orders goes to a courier desk."""

    kind = "acme_courier"
    judges = "clients"
    report_key = "handoff"

    def evaluate(
        self, client: kc.Client, stats: kc.ClientStats, *, as_of: date
    ) -> kc.Decision[Any]:
        due = None
        if stats.order_count:
            due = kc.Handoff(
                client.id, kc.Role.CLIENT_MANAGER, kc.Role.SALES_SUPPORT, self.kind, as_of
            )
        return kc.Decision(due, subject=client.id, as_of=as_of)


def test_a_users_handoff_policy_gets_the_handoff_treatment(book: kc.SyntheticBook) -> None:
    """Declaring report_key "handoff" puts a plug-in's handoffs in handoffs_due() and summary."""
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[_Courier()])
    due = report.handoffs_due()
    assert due
    assert {d.outcome.rule for d in due} == {"acme_courier"}
    assert report.summary()["handoffs_due"] == {"sales_support": len(due)}
    assert "acme_courier" not in report.summary()["segments"]


def test_a_users_segmentation_declares_which_labels_are_sleeping(book: kc.SyntheticBook) -> None:
    """sleeping_labels make a plug-in's quiet clients the report's sleeping clients."""
    quiet = _Quiet()
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[quiet])
    expected = [r["client_id"] for r in report.rows() if r["acme_quiet"] == "quiet"]
    assert expected
    assert [row.client_id for row in report.sleeping()] == expected
    assert report.summary()["sleeping_clients"] == len(expected)
    assert quiet.fits == 1


def test_sleeping_clients_of_two_policies_are_counted_once(book: kc.SyntheticBook) -> None:
    """A client both the built-in and a plug-in call sleeping is one sleeping client."""
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[p.Sleeping(), _Quiet()])
    rows = report.rows()
    either = [
        r["client_id"]
        for r in rows
        if r["sleeping"] in ("sleeping", "lost") or r["acme_quiet"] == "quiet"
    ]
    assert report.summary()["sleeping_clients"] == len(either)
    assert [row.client_id for row in report.sleeping()] == either


def test_a_one_pass_segmentation_is_fitted_and_labelled_in_one_call(
    book: kc.SyntheticBook,
) -> None:
    """fit_labels() replaces fit() + a label per client; rows explain through assign()."""
    one_pass = _OnePass()
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[one_pass])
    assert (one_pass.passes, one_pass.fits) == (1, 0)
    plain = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[_Quiet()])
    assert [r.outcome("acme_one_pass") for r in report] == [r.outcome("acme_quiet") for r in plain]
    for row in report:
        decision = row.decision("acme_one_pass")
        assert decision is not None
        assert decision.outcome == row.outcome("acme_one_pass")


def test_fit_labels_must_label_every_client(book: kc.SyntheticBook) -> None:
    """A fit_labels() that returns too few labels is refused, not zipped short."""
    with pytest.raises(kc.errors.PolicyEvaluationError, match="gave 49 labels for 50 clients"):
        kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[_OnePass(short_by=1)])


@pytest.mark.parametrize(
    "policy",
    [p.Bant(), p.Scorecard.preset("meddic"), p.ScoutToHunter()],
    ids=lambda pol: pol.kind,
)
def test_built_in_lead_policies_declare_they_judge_leads(policy: Any) -> None:
    """Bant, scorecards and the scout → hunter handoff are lead policies by declaration."""
    assert policy.judges == p.LEADS
    assert isinstance(policy, p.LeadPolicy)
    assert AnalysisPlan.of([policy]).lead_policy is policy


@pytest.mark.parametrize(
    ("policy", "key"),
    [
        (p.HandoffRules(transfers=(p.Reactivation(),)), "handoff"),
        (p.HunterToFarmer(when=p.OrderCount(at_least=3)), "handoff"),
        (p.Uncoupling(when=p.OrderCount(at_least=3)), "handoff"),
        (p.FarmerToKeyAccount(min_potential=kc.Money("1", "RUB")), "handoff"),
        (p.ToProjectManager(categories=("installation",)), "handoff"),
        (p.Reactivation(), "handoff"),
        (p.RelationshipStages(), "relationship_stage"),
        (p.DossierCompleteness(), "dossier_completeness"),
    ],
    ids=lambda x: getattr(x, "kind", x),
)
def test_built_in_client_policies_declare_they_judge_clients(policy: Any, key: str) -> None:
    """Handoff policies, relationship stages and the dossier check are client policies."""
    assert policy.judges == p.CLIENTS
    assert isinstance(policy, p.ClientPolicy)
    plan = AnalysisPlan.of([policy])
    assert plan.client_policies == (policy,)
    assert plan.client_keys == (key,)


@pytest.mark.parametrize(
    "policy",
    [p.Abc(), p.Xyz(), p.AbcXyz(), p.Abcd(), p.Rfm(), p.Sleeping(), p.KeyAccount()],
    ids=lambda pol: pol.kind,
)
def test_built_in_segmentations_fit_and_label_in_one_declared_call(
    policy: Any, book: kc.SyntheticBook
) -> None:
    """Every built-in segmentation has fit_labels(), giving what fit() and assign() give."""
    assert isinstance(policy, p.SegmentationPolicy)
    assert isinstance(policy, p.OnePassSegmentation)
    stats = tuple(kc.build_stats(book.deals(), as_of=AS_OF, clients=book.client_ids).values())
    index = {c.id: c for c in book.clients}
    fitted, labels = policy.fit_labels(stats, clients=index)
    assert fitted == policy.fit(stats, clients=index)
    assert labels == [fitted.assign(s, client=index.get(s.client_id)).outcome for s in stats]


class _DictStore:
    """A report store of one's own: labels in plain dicts, rows from a callable."""

    def __init__(self, labels: Mapping[str, dict[str, str]], rows: RowStore) -> None:
        self._labels = labels
        self._rows = rows

    def __len__(self) -> int:
        return len(self._labels)

    def rows(self) -> tuple[kc.ClientRow, ...]:
        return self._rows.rows()

    def client_ids(self) -> list[str]:
        return sorted(self._labels)

    def outcome_keys(self) -> list[str]:
        return list(dict.fromkeys(k for row in self._labels.values() for k in row))

    def texts(self, key: str) -> list[str | None]:
        return [self._labels[cid].get(key) for cid in self.client_ids()]

    def tally(self, keys: Sequence[str]) -> dict[tuple[str, ...], int]:
        out: dict[tuple[str, ...], int] = {}
        for texts in zip(*(self.texts(k) for k in keys), strict=True):
            if None not in texts:
                out[texts] = out.get(texts, 0) + 1  # type: ignore[index]
        return out

    def handoff_targets(self, key: str) -> list[str]:
        return []


def test_a_report_reads_any_store_that_implements_the_interface(book: kc.SyntheticBook) -> None:
    """Report is written over ReportStore: a dict-backed store gives the same summary."""
    policies = [p.Abc(), p.Sleeping()]
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=policies)
    labels = {r["client_id"]: {"abc": r["abc"], "sleeping": r["sleeping"]} for r in report.rows()}
    store = _DictStore(labels, report.store)  # type: ignore[arg-type]
    assert isinstance(store, ReportStore)
    mine = AnalysisPlan.of(policies).report(AS_OF, store)
    assert mine.summary() == report.summary()
    assert mine.matrix("abc", "sleeping") == report.matrix("abc", "sleeping")
    assert [r.client_id for r in mine.sleeping()] == [r.client_id for r in report.sleeping()]


class _Counted:
    """A user's segmentation whose fitted object labels cheaply and counts its explanations."""

    kind = "acme_counted"

    def __init__(self) -> None:
        self.explained = 0

    def fit(self, population: Iterable[kc.ClientStats], *, clients: Any = None) -> _Counted:
        return self

    def label(self, stats: kc.ClientStats, *, client: kc.Client | None = None) -> str:
        return "many" if stats.order_count > 5 else "few"

    def assign(self, stats: kc.ClientStats, *, client: kc.Client | None = None) -> kc.Decision[Any]:
        self.explained += 1
        return kc.Decision(self.label(stats), subject=stats.client_id)


def test_a_fitted_labeller_is_explained_only_when_a_row_is_read(book: kc.SyntheticBook) -> None:
    """label() gives the outcomes; assign() runs for a row's decision, not for counts."""
    counted = _Counted()
    report = kc.analyze(book.clients, book.deals(), as_of=AS_OF, policies=[counted])
    assert sum(report.counts("acme_counted").values()) == len(book.clients)
    assert counted.explained == 0
    first = report.clients[0]
    assert first.decision("acme_counted") == kc.Decision(
        first.label("acme_counted"), subject=first.client_id
    )
    assert counted.explained == 1


def test_a_policy_with_neither_fit_nor_evaluate_is_a_type_error() -> None:
    """Something with a kind that cannot be run is misuse, not configuration."""
    with pytest.raises(TypeError, match="neither fit"):
        AnalysisPlan.of([type("_Idle", (), {"kind": "acme_idle", "judges": "clients"})()])


@pytest.mark.parametrize("base", [p.Rfm, p.Sleeping, p.Xyz], ids=lambda cls: cls.__name__)
def test_a_subclass_with_its_own_fit_is_labelled_through_it(
    base: type[Any], book: kc.SyntheticBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fit_labels() of a subclass overriding fit() follows that fit(), not the one-pass path."""
    from kam_core.policies._engine import _POLICIES

    kind = base.model_fields["kind"].default
    monkeypatch.setitem(_POLICIES, kind, _POLICIES[kind])  # the subclass re-registers it
    fitted_by: list[str] = []

    class _Own(base):  # type: ignore[misc, valid-type]
        def fit(self, population: Any, *, clients: Any = None) -> Any:
            fitted_by.append("own")
            return super().fit(population, clients=clients)

    stats = tuple(kc.build_stats(book.deals(), as_of=AS_OF, clients=book.client_ids).values())
    fitted, labels = _Own().fit_labels(stats)
    assert isinstance(fitted, p.Fitted)
    assert fitted_by == ["own"]
    assert labels == base().fit_labels(stats)[1]


def test_the_generic_fit_labels_falls_back_to_assign(
    book: kc.SyntheticBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fitted object without label() is labelled by its assign() outcomes."""
    from kam_core.policies._engine import _POLICIES

    monkeypatch.setitem(_POLICIES, "abc", _POLICIES["abc"])  # the subclass re-registers it

    class _Unlabelled(p.Abc):
        """A segmentation subclass whose fit() returns an object with assign() only."""

        def fit(self, population: Any, *, clients: Any = None) -> Any:
            fitted = p.Abc().fit(population, clients=clients)

            class _Assigns:
                def assign(self, stats: kc.ClientStats, *, client: Any = None) -> Any:
                    return fitted.assign(stats, client=client)

            return _Assigns()

    stats = tuple(kc.build_stats(book.deals(), as_of=AS_OF, clients=book.client_ids).values())
    assert _Unlabelled().fit_labels(stats)[1] == p.Abc().fit_labels(stats)[1]
