"""Reason texts: one catalogue, every language, registered texts, never a blank."""

from __future__ import annotations

import re
from datetime import date

import pytest

import kam_core as kc
from kam_core._words import (
    ReasonText,
    catalogue,
    locales,
    reason_text,
    register_terms,
    term,
)
from kam_core.errors import LocaleError, TemplateError


def test_every_code_of_the_catalogue_has_a_text_in_every_language() -> None:
    """A missing translation is a test failure, not a blank."""
    texts = catalogue()
    assert texts
    for code, entry in texts.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", code), code
        for locale in entry:
            assert entry[locale].strip(), (code, locale)


def test_catalogue_is_sorted_and_read_only() -> None:
    """catalogue() lists codes in order and cannot be written to."""
    codes = list(catalogue())
    assert codes == sorted(codes)
    with pytest.raises(TypeError):
        catalogue()["x.y"] = ReasonText({"en": "a"})  # type: ignore[index]


def test_criterion_texts_name_the_criterion_in_the_readers_language() -> None:
    """criterion.* read the criterion's name from the catalogue, as a sentence."""
    assert reason_text("criterion.failed", {"name": "budget"}, "en") == "Budget: not met"
    assert reason_text("criterion.failed", {"name": "budget"}, "ru") == "Бюджет: не выполнено"
    assert reason_text("criterion.unknown", {"name": "need"}, "ru") == (
        "Потребность: неизвестно, не хватает данных"
    )
    assert reason_text("decision.no_reason", {}, "ru") == "Причина не указана"


def test_a_registered_text_formats_its_parameters_for_the_reader() -> None:
    """Money reads with the language's separators and currency sign."""
    kc.register_reason_texts(
        {"test_words.budget.low": ("Budget {budget} is low", "Бюджет {budget} мал")}
    )
    budget = kc.Money("1250000.50", "RUB")
    assert reason_text("test_words.budget.low", {"budget": budget}, "en") == (
        "Budget ₽1,250,000.50 is low"
    )
    assert reason_text("test_words.budget.low", {"budget": budget}, "ru") == (
        "Бюджет 1\u00a0250\u00a0000,50 ₽ мал"
    )


def test_texts_register_as_a_mapping_of_locales_too() -> None:
    """{code: {locale: text}} registers any languages; a missing one falls back to English."""
    kc.register_reason_texts({"test_words.mapping": {"en": "Late by {days:unit.day}"}})
    assert kc.Reason("test_words.mapping", {"days": 1}).text("ru") == "Late by 1 day"
    assert kc.Reason("test_words.mapping", {"days": 3}).text("en") == "Late by 3 days"


def test_a_bad_template_is_refused_when_registered() -> None:
    """An unknown format is a TemplateError at registration, never a blank later."""
    with pytest.raises(TemplateError, match="unknown format 'percnt'"):
        kc.register_reason_texts({"test_words.bad": ("{share:percnt}", "{share:percent}")})
    assert "test_words.bad" not in catalogue()


def test_a_missing_parameter_is_an_error_not_a_blank() -> None:
    """A template field the reason does not carry raises, naming the field."""
    with pytest.raises(TemplateError, match="no parameter 'name'"):
        reason_text("criterion.passed", {}, "en")


def test_an_unknown_code_renders_as_the_code_with_its_parameters() -> None:
    """A code without texts is shown as code(params), never blank."""
    assert reason_text("acme.unknown", {}, "en") == "acme.unknown"
    assert reason_text("acme.unknown", {"limit": kc.Money("1000", "RUB"), "who": None}, "ru") == (
        "acme.unknown(limit=1\u00a0000 ₽, who=—)"
    )
    assert kc.Reason("acme.unknown", {"n": 3}).text("en") == "acme.unknown(n=3)"


@pytest.mark.parametrize("code", ["criterion.passed", "acme.unknown"])
def test_an_unknown_locale_is_refused_naming_the_available_ones(code: str) -> None:
    """A language without a file is a LocaleError (a ValueError) listing the others."""
    assert locales() == ("en", "ru")
    with pytest.raises(ValueError, match=r"locale='de': kam_core has words in en, ru") as caught:
        kc.Reason(code, {"name": "x"}).text("de")
    assert isinstance(caught.value, LocaleError)
    assert caught.value.available == ("en", "ru")


def test_re_registering_the_same_texts_is_harmless() -> None:
    """Registering identical texts twice (a module re-imported) is fine."""
    texts = {"test_words.same": ("Same", "То же")}
    kc.register_reason_texts(texts)
    kc.register_reason_texts(texts)
    assert dict(catalogue()["test_words.same"]) == {"en": "Same", "ru": "То же"}


def test_conflicting_re_registration_is_refused() -> None:
    """An existing code is never replaced by other texts, a built-in one least of all."""
    kc.register_reason_texts({"test_words.conflict": ("One", "Один")})
    with pytest.raises(ValueError, match=r"'test_words\.conflict' is already registered"):
        kc.register_reason_texts({"test_words.conflict": ("Two", "Два")})
    assert catalogue()["test_words.conflict"]["en"] == "One"
    with pytest.raises(ValueError, match="kam_core's own"):
        kc.register_reason_texts({"criterion.passed": ("{name}: ok", "{name}: ок")})


def test_a_built_in_code_may_be_registered_with_its_own_texts() -> None:
    """Passing kam_core's own texts back changes nothing."""
    own = catalogue()["criterion.passed"]
    kc.register_reason_texts({"criterion.passed": dict(own)})
    assert catalogue()["criterion.passed"] == own


@pytest.mark.parametrize(
    "texts", [("", "Пусто"), ("Empty", ""), ("Empty", "   "), {}, ("only one",), 42]
)
def test_registering_an_empty_or_malformed_text_is_refused(texts: object) -> None:
    """Every text given must say something; the shape is (en, ru) or {locale: text}."""
    with pytest.raises(ValueError, match=r"test_words\.half"):
        kc.register_reason_texts({"test_words.half": texts})
    assert "test_words.half" not in catalogue()


def test_a_locale_must_be_a_language_code() -> None:
    """{"English": ...} is not a locale."""
    with pytest.raises(ValueError, match="not a language code"):
        kc.register_reason_texts({"test_words.lang": {"English 1": "Hi"}})


def test_reason_text_is_a_read_only_mapping_of_locales() -> None:
    """ReasonText reads like a dict of templates by locale."""
    entry = ReasonText({"ru": "Привет", "en": "Hi"})
    assert list(entry) == ["en", "ru"]
    assert len(entry) == 2
    assert (entry["en"], entry.get("fr")) == ("Hi", None)
    assert "Привет" in repr(entry)


def test_a_registered_term_names_a_users_criterion() -> None:
    """register_terms gives a user's criterion its names; the first registration wins."""
    register_terms({"test_words.credit": {"en": "credit line", "ru": "кредитная линия"}})
    register_terms({"test_words.credit": ("credit", "кредит")})
    assert term("test_words.credit", "ru") == "кредитная линия"
    d = kc.Decision("nurture", missing=("test_words.credit",), as_of=date(2026, 1, 1))
    assert d.explain("ru").splitlines()[-1] == "Что выяснить: кредитная линия"
