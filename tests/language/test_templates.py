"""The phrase-template language the rule file is written in."""

from __future__ import annotations

import pytest

from heron.language.templates import TemplateError, compile_templates

FORMS = {"reflexive": ["herself", "himself"], "put": ["put", "puts", "putting"]}


def matches(template: str, text: str) -> list[str]:
    return [m.group() for m in compile_templates([template], FORMS).finditer(text)]


@pytest.mark.parametrize("text", ["streetwise", "street-wise", "street wise", "Street Wise"])
def test_a_hyphen_matches_hyphen_space_or_nothing(text: str) -> None:
    assert matches("street-wise", f"She is {text}.") == [text]


def test_forms_expand_and_spaces_match_any_whitespace() -> None:
    found = matches(
        "{put} {reflexive} at risk", "He puts  himself\nat risk; she put herself at risk"
    )
    assert found == ["puts  himself\nat risk", "put herself at risk"]


def test_choices_optionals_digits_wildcards_and_apostrophes() -> None:
    assert matches("in a (sexual )?relationship with", "in a relationship with") != []
    assert matches("in a (sexual )?relationship with", "in a sexual relationship with") != []
    assert matches("#-year-old", "a 24-year-old man, a 31 year old") == [
        "24-year-old",
        "31 year old",
    ]
    assert matches("prostitut*", "prostitution") == ["prostitution"]
    assert matches("pressured _ to", "pressured Maisie to send") == ["pressured Maisie to"]
    assert matches("harm's way", "in harm’s way") == ["harm’s way"]


def test_matches_whole_words_only() -> None:
    assert matches("runaway", "runaways and a runaway") == ["runaway"]
    assert matches("consented", "unconsented") == []


@pytest.mark.parametrize(
    "template", ["{missing} form", "a, b", "(unclosed", "{unclosed", "back\\slash"]
)
def test_bad_templates_are_refused(template: str) -> None:
    with pytest.raises(TemplateError):
        compile_templates([template], FORMS)
