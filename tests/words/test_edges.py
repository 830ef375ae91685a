"""The catalogue's edges: broken files, odd values and fallbacks behave as documented."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import kam_core as kc
from kam_core._words import (
    Catalogue,
    Term,
    format_value,
    parse,
    register_terms,
    registered_terms,
    text,
    use,
)
from kam_core._words._plural import form_index
from kam_core.errors import TemplateError

WORDS = Path(__file__).resolve().parents[2] / "src" / "kam_core" / "_words"


def _copy(folder: Path) -> Path:
    for name in ("en.toml", "ru.toml"):
        shutil.copy(WORDS / name, folder / name)
    return folder / "en.toml"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('plural = "one_other"', 'plural = "dual"', "unknown rule 'dual'"),
        ('months_short = ["Jan",', 'months_short = ["Jan", "Extra",', "12 month names"),
        ('code_pattern = "{code} {amount}"\n', "", "needs 'pattern' and 'code_pattern'"),
        ('percent = "{number}%"', 'percent = "{number:pct}%"', "a pattern takes plain"),
        ('"rfm.new" = "new"', '"rfm.new" = ""', "expected a non-empty text"),
        ('"rfm.new" = "new"', '"rfm.new" = 7', "expected a non-empty text"),
    ],
)
def test_a_broken_english_file_is_refused_whole(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    """Each [format], [currency] and text rule is checked when the file is first read."""
    english = _copy(tmp_path)
    body = english.read_text(encoding="utf-8")
    assert old in body
    english.write_text(body.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TemplateError, match=problem):
        Catalogue(tmp_path).words("en")


def test_nested_keys_read_as_dotted_codes(tmp_path: Path) -> None:
    """A file may nest tables ([reason.acme]) or dot keys instead of quoting whole codes."""
    english = _copy(tmp_path)
    body = (WORDS / "en.toml").read_text(encoding="utf-8")
    body = body.replace("[reason]\n", '[reason]\nacme.hold = "On hold"\n')
    english.write_text(body + '\n[reason.beta]\nlate = "Late"\n', encoding="utf-8")
    words = Catalogue(tmp_path).words("en")
    assert words.template("reason", "acme.hold") is not None
    assert words.template("reason", "beta.late") is not None


def test_a_language_that_lacks_a_text_answers_in_english(tmp_path: Path) -> None:
    """A name, text or unit missing from a file falls back to English, never to a blank."""
    _copy(tmp_path)
    russian = tmp_path / "ru.toml"
    body = russian.read_text(encoding="utf-8")
    for line in ('"rfm.loyal" = "лояльные"\n', 'policy = ["правило", "правила", "правил"]\n'):
        assert line in body
        body = body.replace(line, "")
    russian.write_text(body, encoding="utf-8")
    with use(Catalogue(tmp_path)):
        assert format_value("loyal", "ru", "name.rfm") == "loyal"
        assert text("cli.policies", "ru", name="x", version="1", fingerprint="f", count=2)
        with pytest.raises(TemplateError, match="no unit 'policy'"):
            format_value(3, "ru", "unit.policy")  # Russian needs its own forms


def test_an_unknown_text_key_is_an_error() -> None:
    """A phrase the catalogue does not have is a bug to see, not a blank."""
    with pytest.raises(TemplateError, match="no such text"):
        text("cli.nothing_like_this", "en")


def test_formats_fall_back_for_values_they_do_not_fit() -> None:
    """A unit of a non-number, a date of a string, a percent of text show the value itself."""
    assert format_value("many", "en", "unit.day") == "many"
    assert format_value("soon", "en", "date") == "soon"
    assert format_value("n/a", "ru", "percent") == "n/a"
    assert format_value(object, "en", "month").startswith("<class")
    assert format_value(Decimal("-0.004"), "en", "number.2") == "0.00"
    assert format_value(Decimal("12345.000"), "ru", "number") == "12\u00a0345"


def test_an_object_that_words_itself_is_asked_in_the_readers_language() -> None:
    """Anything with text(locale) (a Position, a Handoff) is shown by it; others by str()."""

    class Shouty:
        def text(self, locale: str) -> str:
            return f"HELLO {locale}"

    class Quiet:
        text = "not callable"

        def __str__(self) -> str:
            return "quiet"

    assert format_value(Shouty(), "ru") == "HELLO ru"
    assert format_value(Quiet(), "ru") == "quiet"


def test_a_term_reads_its_own_name_then_the_catalogue_then_its_key() -> None:
    """Own names win; a kind's own name, the criterion's, then the key in words."""
    assert Term("need", names={"ru": "нужда"}).text("ru") == "нужда"
    assert Term("need", names={"en": "demand"}).text("ru") == "потребность"
    assert Term("acme_fit", names={"en": "fit"}).text("ru") == "fit"
    assert Term("acme_fit").text("en") == "acme fit"
    assert Term("history", kind="dossier_completeness").text("ru") == "история отношений"
    assert Term("need", kind="dossier_completeness").text("en") == "need"
    assert str(Term("need")) == "need"


def test_registered_terms_are_kept_apart_from_the_catalogue() -> None:
    """registered_terms() lists what users gave, in every language they gave."""
    register_terms({"test_edges.fit": {"ru": "соответствие", "en": "fit"}})
    assert registered_terms()["test_edges.fit"] == {"ru": "соответствие", "en": "fit"}


def test_templates_must_be_text_and_single_languages_have_one_form() -> None:
    """parse() takes text only; the 'single' rule always picks the one form."""
    with pytest.raises(TemplateError, match="expected text, got int"):
        parse(42)  # type: ignore[arg-type]
    assert parse("plain").parts == ("plain",)
    assert parse("").parts == ()
    assert form_index("single", Decimal(5)) == 0


def test_a_user_enum_member_as_a_name_reads_its_value() -> None:
    """{x:name.rule} of an enum member looks up its value."""
    assert format_value(kc.Role.CLIENT_MANAGER, "ru", "name.role") == "КМ"
    assert format_value(date(2026, 1, 2), "en", "date") == "2 Jan 2026"
