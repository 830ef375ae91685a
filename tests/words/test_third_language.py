"""Adding a language is one file: a temporary third language passes the completeness checks."""

from __future__ import annotations

import re
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest

import kam_core as kc
from kam_core import policies as p
from kam_core._words import Catalogue, builtin, locales, use
from kam_core.errors import LocaleError, TemplateError

WORDS = Path(__file__).resolve().parents[2] / "src" / "kam_core" / "_words"


def _shout(value: str) -> str:
    """Every string literal of a TOML value in capitals, its {fields} untouched."""

    def literal(match: re.Match[str]) -> str:
        parts = re.split(r"(\{[^{}]*\})", match.group(1))
        return '"' + "".join(x if x.startswith("{") else x.upper() for x in parts) + '"'

    return re.sub(r'"((?:[^"\\]|\\.)*)"', literal, value)


def _fake_language(folder: Path) -> None:
    """xx.toml: English with every word after [format] and [currency] in capitals."""
    for name in ("en.toml", "ru.toml"):
        shutil.copy(WORDS / name, folder / name)
    head, body = (WORDS / "en.toml").read_text(encoding="utf-8").split("[unit]", 1)
    lines = []
    for line in body.splitlines():
        key, sep, value = line.partition(" = ")
        lines.append(key + sep + _shout(value) if sep else line)
    text = head.replace('language = "English"', 'language = "Shouty"') + "[unit]"
    (folder / "xx.toml").write_text(text + "\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def three(tmp_path: Path) -> Catalogue:
    """A catalogue of en, ru and the fake xx."""
    _fake_language(tmp_path)
    return Catalogue(tmp_path)


def test_a_third_file_is_a_third_language(three: Catalogue) -> None:
    """The languages are the files present; kam_core's own stay en and ru."""
    assert three.locales() == ("en", "ru", "xx")
    assert builtin().locales() == ("en", "ru")


def test_the_third_language_has_every_key_and_parameter(three: Catalogue) -> None:
    """The completeness check that guards en and ru passes for the new file."""
    english, third = three.words("en"), three.words("xx")
    for section in ("reason", "name", "term", "text"):
        assert set(third.sections[section]) == set(english.sections[section])
        for key, template in english.sections[section].items():
            assert set(third.sections[section][key].names) == set(template.names), key
    assert set(third.units) == set(english.units)


def test_decisions_explain_themselves_in_the_third_language(three: Catalogue) -> None:
    """Inside use(...), explain("xx") and the enums speak the new language."""
    lead = kc.Lead(
        id="L-7",
        company="ООО Бета",
        created_on=date(2026, 11, 1),
        bant=kc.BantFacts(budget=kc.Money("750000", "RUB"), need=kc.NeedLevel.CONFIRMED),
    )
    d = p.Bant(min_budget=kc.Money("500000", "RUB")).evaluate(lead, as_of=date(2026, 11, 24))
    with use(three):
        assert locales() == ("en", "ru", "xx")
        said = d.explain("xx")
        assert kc.Role.CLIENT_MANAGER.text("xx") == "CLIENT MANAGER"
    assert said.startswith("L-7 AS OF 24 Nov 2026: NURTURE. UNKNOWN: WHO DECIDES")
    assert "₽750,000" in said
    with pytest.raises(LocaleError, match="kam_core has words in en, ru"):
        d.explain("xx")  # outside the block, kam_core's own catalogue again


def test_use_is_local_to_its_thread(three: Catalogue) -> None:
    """Activating a catalogue in one thread leaves the others on kam_core's own."""
    seen: list[tuple[str, ...]] = []
    with use(three):
        worker = threading.Thread(target=lambda: seen.append(locales()))
        worker.start()
        worker.join()
        assert locales() == ("en", "ru", "xx")
    assert seen == [("en", "ru")]


def test_a_directory_without_english_is_refused(tmp_path: Path) -> None:
    """English is the fallback language: a catalogue needs en.toml."""
    shutil.copy(WORDS / "ru.toml", tmp_path / "ru.toml")
    with pytest.raises(LocaleError, match="locale='en'"):
        Catalogue(tmp_path)


def test_a_broken_language_file_fails_whole_on_first_use(tmp_path: Path) -> None:
    """A file with a bad template or a unit without its forms is refused when loaded."""
    _fake_language(tmp_path)
    xx = tmp_path / "xx.toml"
    xx.write_text(xx.read_text(encoding="utf-8").replace('day = ["DAY", "DAYS"]', 'day = ["DAY"]'))
    with pytest.raises(TemplateError, match=r"unit\.day"):
        Catalogue(tmp_path).words("xx")
    xx.write_text("[format\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"xx\.toml"):
        Catalogue(tmp_path).words("xx")
    xx.write_text('[wording]\nx = "y"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="unknown sections"):
        Catalogue(tmp_path).words("xx")
    xx.write_text("[format]\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="missing"):
        Catalogue(tmp_path).words("xx")
