"""Reason texts: one catalogue, English and Russian, never a blank."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import Enum

import pytest

import kam_core as kc
from kam_core._i18n import LOCALES, ReasonText, catalogue, format_value, render


class Colour(Enum):
    """A plain (non-str) enum for format_value."""

    RED = 1


def test_every_registered_code_has_english_and_russian_text() -> None:
    """A missing translation is a test failure, not a blank."""
    texts = catalogue()
    assert texts
    for code, text in texts.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", code), code
        assert text.en.strip(), code
        assert text.ru.strip(), code
        assert set(re.findall(r"\{(\w+)\}", text.en)) == set(re.findall(r"\{(\w+)\}", text.ru)), (
            f"{code}: English and Russian texts take different parameters"
        )


def test_catalogue_is_sorted_and_read_only() -> None:
    """catalogue() lists codes in order and cannot be written to."""
    codes = list(catalogue())
    assert codes == sorted(codes)
    with pytest.raises(TypeError):
        catalogue()["x.y"] = ReasonText("a", "b")  # type: ignore[index]


def test_core_texts_render_in_both_locales() -> None:
    """criterion.* and decision.no_reason read naturally in English and Russian."""
    assert render("criterion.failed", {"name": "budget"}, "en") == "budget: not met"
    assert render("criterion.failed", {"name": "budget"}, "ru") == "budget: не выполнено"
    assert render("criterion.unknown", {"name": "need"}, "ru") == (
        "need: неизвестно, не хватает данных"
    )
    assert render("decision.no_reason", {}, "ru") == "Причина не указана"


def test_parameters_are_formatted_for_people() -> None:
    """Money gets thousands separators in the reader's locale."""
    kc.register_reason_texts(
        {"test_i18n.budget.low": ("Budget {budget} is low", "Бюджет {budget} мал")}
    )
    budget = kc.Money("1250000.50", "RUB")
    assert render("test_i18n.budget.low", {"budget": budget}, "en") == (
        "Budget 1,250,000.50 RUB is low"
    )
    assert render("test_i18n.budget.low", {"budget": budget}, "ru") == (
        "Бюджет 1\u00a0250\u00a0000,50 RUB мал"
    )


def test_a_missing_parameter_shows_its_placeholder_not_a_blank() -> None:
    """A template parameter the reason lacks is left visible."""
    assert render("criterion.passed", {}, "en") == "{name}: met"


def test_an_unknown_code_renders_as_the_code_with_its_parameters() -> None:
    """A code without texts is shown as code(params), never blank."""
    assert render("acme.unknown", {}, "en") == "acme.unknown"
    assert render("acme.unknown", {"limit": kc.Money("1000", "RUB"), "who": None}, "ru") == (
        "acme.unknown(limit=1\u00a0000 RUB, who=—)"
    )
    assert kc.Reason("acme.unknown", {"n": 3}).text("en") == "acme.unknown(n=3)"


@pytest.mark.parametrize("code", ["criterion.passed", "acme.unknown"])
def test_an_unknown_locale_is_refused(code: str) -> None:
    """Only en and ru exist; anything else is a ValueError."""
    assert LOCALES == ("en", "ru")
    with pytest.raises(ValueError, match="locale='de'"):
        render(code, {"name": "x"}, "de")


def test_re_registering_the_same_texts_is_harmless() -> None:
    """Registering identical texts twice (a module re-imported) is fine."""
    texts = {"test_i18n.same": ("Same", "То же")}
    kc.register_reason_texts(texts)
    kc.register_reason_texts(texts)
    assert catalogue()["test_i18n.same"] == ReasonText("Same", "То же")


def test_conflicting_re_registration_is_refused() -> None:
    """An existing code is never replaced by other texts."""
    kc.register_reason_texts({"test_i18n.conflict": ("One", "Один")})
    with pytest.raises(ValueError, match=r"'test_i18n\.conflict' is already registered"):
        kc.register_reason_texts({"test_i18n.conflict": ("Two", "Два")})
    assert catalogue()["test_i18n.conflict"].en == "One"
    with pytest.raises(ValueError, match="already registered"):
        kc.register_reason_texts({"criterion.passed": ("{name}: ok", "{name}: ок")})


@pytest.mark.parametrize("texts", [("", "Пусто"), ("Empty", ""), ("Empty", "   ")])
def test_registering_without_both_languages_is_refused(texts: tuple[str, str]) -> None:
    """Both an English and a Russian text are required."""
    with pytest.raises(ValueError, match="both an English and a Russian text"):
        kc.register_reason_texts({"test_i18n.half": texts})
    assert "test_i18n.half" not in catalogue()


@pytest.mark.parametrize(
    ("value", "en", "ru"),
    [
        (kc.Money("1250000.50", "RUB"), "1,250,000.50 RUB", "1\u00a0250\u00a0000,50 RUB"),
        (kc.Money("-999.5", "USD"), "-999.5 USD", "-999,5 USD"),
        (Decimal("0.25"), "0.25", "0,25"),
        (Decimal("1E+3"), "1,000", "1\u00a0000"),
        (1234, "1,234", "1\u00a0234"),
        (12, "12", "12"),
        (0.5, "0.5", "0,5"),
        (72.0, "72", "72"),
        (float("nan"), "NaN", "NaN"),
        (float("inf"), "∞", "∞"),
        (Decimal("-Infinity"), "-∞", "-∞"),
        (True, "yes", "да"),
        (False, "no", "нет"),
        (date(2026, 11, 24), "2026-11-24", "2026-11-24"),
        (kc.NeedLevel.CONFIRMED, "confirmed", "подтверждена"),
        (Colour.RED, "1", "1"),
        (("need", 3), "need, 3", "need, 3"),
        (["a"], "a", "a"),
        (None, "—", "—"),
        ("ЛПР", "ЛПР", "ЛПР"),
    ],
)
def test_format_value_renders_each_kind_of_parameter(value: object, en: str, ru: str) -> None:
    """Money, numbers, booleans, dates, enums, sequences and None read well in both locales."""
    assert format_value(value, "en") == en
    assert format_value(value, "ru") == ru


def test_reason_text_get_refuses_unknown_locales() -> None:
    """ReasonText.get knows en and ru only."""
    text = ReasonText("Hi", "Привет")
    assert (text.get("en"), text.get("ru")) == ("Hi", "Привет")
    with pytest.raises(ValueError, match="locale='fr'"):
        text.get("fr")
