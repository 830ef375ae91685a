"""The language files: the same keys and parameters in each, well-formed, shipped in the wheel."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from kam_core._words import SECTIONS, builtin, locales
from kam_core._words._plural import FORMS

WORDS = Path(__file__).resolve().parents[2] / "src" / "kam_core" / "_words"
TEMPLATED = ("reason", "name", "term", "text")


def _data(locale: str) -> dict[str, object]:
    return tomllib.loads((WORDS / f"{locale}.toml").read_text(encoding="utf-8"))


def _flat(table: object, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    assert isinstance(table, dict)
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            out.update(_flat(value, full))
        else:
            out[full] = value
    return out


def test_the_languages_are_the_files_present() -> None:
    """locales() lists one language per <locale>.toml of the package, English among them."""
    files = sorted(p.stem for p in WORDS.glob("*.toml"))
    assert locales() == tuple(files)
    assert "en" in files
    assert "ru" in files


@pytest.mark.parametrize("locale", sorted(p.stem for p in WORDS.glob("*.toml")))
def test_every_language_file_has_exactly_the_keys_of_english(locale: str) -> None:
    """Each file has the sections and keys en.toml has, no more and no fewer."""
    english, other = _data("en"), _data(locale)
    assert list(other) == list(SECTIONS), "sections, in the documented order"
    for section in SECTIONS:
        if section == "currency":
            continue  # currency symbols are the language's own choice
        ours, theirs = set(_flat(english[section])), set(_flat(other[section]))
        assert ours - theirs == set(), f"{locale}.toml [{section}] lacks {sorted(ours - theirs)}"
        assert theirs - ours == set(), f"{locale}.toml [{section}] adds {sorted(theirs - ours)}"


@pytest.mark.parametrize("locale", sorted(p.stem for p in WORDS.glob("*.toml")))
def test_every_key_takes_the_same_parameters_in_every_language(locale: str) -> None:
    """A parameter one language names, every language names: none shows a raw field."""
    english, other = builtin().words("en"), builtin().words(locale)
    for section in TEMPLATED:
        for key, template in english.sections[section].items():
            theirs = other.sections[section][key]
            assert set(theirs.names) == set(template.names), f"{locale} [{section}] {key}"


@pytest.mark.parametrize("locale", sorted(p.stem for p in WORDS.glob("*.toml")))
def test_every_unit_a_template_uses_exists_with_its_plural_forms(locale: str) -> None:
    """{x:unit.day} needs [unit] day with as many forms as the language's plural rule."""
    words = builtin().words(locale)
    forms = len(FORMS[words.plural])
    for section in TEMPLATED:
        for key, template in words.sections[section].items():
            for field in template.fields:
                if field.kind == "unit":
                    assert field.arg in words.units, f"{locale} [{section}] {key}: {field.arg}"
    assert all(len(f) == forms for f in words.units.values())


def test_names_and_terms_have_no_fields() -> None:
    """[name] and [term] entries are plain names: they are shown as they are."""
    for locale in locales():
        words = builtin().words(locale)
        for section in ("name", "term"):
            for key, template in words.sections[section].items():
                assert not template.fields, f"{locale} [{section}] {key}"


def test_every_reason_code_is_quoted_whole() -> None:
    """[reason] keys are full dotted codes in quotes, so a file reads as the reference does."""
    for path in WORDS.glob("*.toml"):
        body = path.read_text(encoding="utf-8").split("[reason]", 1)[1].split("\n[", 1)[0]
        for line in body.splitlines():
            if line and not line.startswith("#"):
                assert re.match(r'^"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+" = ', line), line
