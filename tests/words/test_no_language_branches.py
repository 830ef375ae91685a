"""Code never branches on the language, and no word lives outside the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kam_core as kc
from kam_core import policies as p

SRC = Path(__file__).resolve().parents[2] / "src" / "kam_core"
BRANCH = re.compile(
    r"""[=!]=\s*['"](?:en|ru)['"]|['"](?:en|ru)['"]\s*[=!]=|"""
    r"""\b(?:in|not in)\s*[(\[{]\s*['"](?:en|ru)['"]"""
)
TABLE = re.compile(r"\b_?[A-Z_]*_RU\b|\b_?[a-z_]*russian[a-z_]*\s*(?::[^=]*)?=\s*[{(]")


def _sources() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_no_module_compares_a_language_code() -> None:
    """No == "ru", != "en" or "ru" in (...): a language is a file, not a branch."""
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in _sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BRANCH.search(line)
    ]
    assert not found, "\n".join(found)


def test_no_module_keeps_its_own_table_of_russian_words() -> None:
    """No _X_RU dict, no russian = {...}: every word is in kam_core/_words/<locale>.toml."""
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in _sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TABLE.search(line)
    ]
    assert not found, "\n".join(found)


def test_the_scans_recognise_what_they_forbid() -> None:
    """The patterns catch the shapes this library used to have."""
    for bad in ('if lang == "ru":', "x if 'en' != locale else y", 'if lang in ("en", "ru")'):
        assert BRANCH.search(bad), bad
    for bad in ("_ROLE_RU = {", "STRATEGY_RU: dict[str, str] = {", "russian_names = {"):
        assert TABLE.search(bad), bad
    assert not BRANCH.search('name_of(key, "ru")')


ENUMS = [
    kc.BuyingRole.DECISION_MAKER,
    kc.DealStatus.WON,
    kc.NeedLevel.PARTIAL,
    kc.LeadStage.MQL,
    kc.LeadVerdict.SQL,
    kc.Function.HUNTER,
    kc.Responsibility.REACTIVATE_SLEEPING,
    kc.Role.DEVELOPMENT_SPECIALIST,
    kc.KamCondition.OBJECTIVES_SET,
    kc.Readiness.READY,
    kc.Level.HIGH,
    kc.SalesType.CONSULTATIVE,
    kc.LoadStatus.UNDER_LOADED,
    kc.Completeness.COMPLETE,
    kc.SubProcess.RETENTION,
    p.DossierStatus.COMPLETE,
    p.PortfolioStrategy.MANAGE_FOR_CASH,
    p.RelationshipStage.UNCOUPLING,
    p.KeyAccountStatus.NATIONAL_ACCOUNT,
    p.Activity.SLEEPING,
]


@pytest.mark.parametrize("member", ENUMS, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_every_display_enum_reads_its_names_from_the_catalogue(member: object) -> None:
    """member.text(locale) is the catalogue's name, one for each language."""
    english, russian = member.text(), member.text("ru")  # type: ignore[attr-defined]
    assert english
    assert russian
    assert english != russian
    assert "_" not in english + russian


@pytest.mark.parametrize("member", ENUMS, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_the_russian_property_is_a_deprecated_alias(member: object) -> None:
    """.russian still answers, with a DeprecationWarning pointing at .text("ru")."""
    with pytest.deprecated_call(match=r"\.text\('ru'\)"):
        said = member.russian  # type: ignore[attr-defined]
    assert said == member.text("ru")  # type: ignore[attr-defined]


def test_the_other_bilingual_attributes_are_deprecated_aliases() -> None:
    """.english, ChecklistItem.russian, the *_ru fields and ABCD_NAMES warn and still work."""
    item = kc.checklist_item("retention", "competitors")
    assert item is not None
    row, spec = kc.TRANSACTIONAL_VS_KAM[0], kc.positions_for("mixed")[0]
    checks = [
        (lambda: kc.KamCondition.OBJECTIVES_SET.english, kc.KamCondition.OBJECTIVES_SET.text()),
        (lambda: kc.SubProcess.RETENTION.english, kc.SubProcess.RETENTION.text()),
        (lambda: item.english, item.text()),
        (lambda: item.russian, item.text("ru")),
        (lambda: row.dimension_ru, row.text("dimension", "ru")),
        (lambda: row.transactional_ru, row.text("transactional", "ru")),
        (lambda: row.key_account_management_ru, row.text("key_account_management", "ru")),
        (lambda: spec.purpose_ru, spec.purpose_text("ru")),
        (lambda: p.ABCD_NAMES["A"], ("drivers", "Драйверы")),
    ]
    for read, expected in checks:
        with pytest.deprecated_call():
            assert read() == expected
    assert list(p.ABCD_NAMES) == ["A", "B", "C", "D"]
    assert len(p.ABCD_NAMES) == 4


def test_the_current_names_raise_no_warning() -> None:
    """.text(), row.text() and purpose_text() are the supported way (warnings are errors here)."""
    assert kc.Role.CLIENT_MANAGER.text("ru") == "КМ"
    assert kc.TRANSACTIONAL_VS_KAM[0].text("dimension", "ru") == "Общая цель"
    assert kc.positions_for("mixed")[0].purpose_text().startswith("qualifies")
