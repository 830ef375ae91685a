"""The template language: strict, parsed once, no evaluation."""

from __future__ import annotations

import pytest

from kam_core._words import FORMATS, builtin, parse
from kam_core._words._template import Field
from kam_core.errors import KamError, TemplateError


def test_a_template_splits_into_literals_and_fields() -> None:
    """Text, {name}, {name:format} and escaped braces parse into parts in order."""
    t = parse("Silent {gap:unit.day} of {{limit}} {limit}")
    assert t.parts == (
        "Silent ",
        Field("gap", "unit", "day"),
        " of {limit} ",
        Field("limit"),
    )
    assert t.names == ("gap", "limit")


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("{share:percnt}", "unknown format 'percnt'"),
        ("{a.b}", "bad field"),
        ("{}", "bad field"),
        ("{x:unit}", "unit needs a key"),
        ("{x:name.}", "name needs a key"),
        ("{x:percent.9}", "decimal places must be 0…6"),
        ("{x:percent.one}", "decimal places must be 0…6"),
        ("{x:term.extra}", "term takes no argument"),
        ("open { brace", "stray '{'"),
        ("close } brace", "stray '}'"),
        ("{x!r}", "bad field"),
        ("{x[0]}", "bad field"),
    ],
)
def test_a_malformed_template_is_refused_with_its_problem(source: str, problem: str) -> None:
    """Every mistake is a TemplateError naming the key, the language and the problem."""
    with pytest.raises(TemplateError, match=problem) as caught:
        parse(source, "acme.code", "en")
    assert isinstance(caught.value, KamError)
    assert isinstance(caught.value, ValueError)
    assert (caught.value.key, caught.value.locale) == ("acme.code", "en")


def test_a_template_is_never_evaluated() -> None:
    """Attribute access and calls are not fields: nothing in a text can run code."""
    for source in ("{x.__class__}", "{x()}", "{__import__('os')}"):
        with pytest.raises(TemplateError):
            parse(source)


def test_every_template_of_the_catalogue_uses_known_formats() -> None:
    """The shipped files parse (they are parsed whole on first use) with the documented kinds."""
    for locale in builtin().locales():
        words = builtin().words(locale)
        for section in ("reason", "name", "term", "text"):
            for template in words.sections[section].values():
                assert all(f.kind in (None, *FORMATS) for f in template.fields)
