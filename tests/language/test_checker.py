"""What the checker flags, and the context in which it stays quiet."""

from __future__ import annotations

import pytest

from heron.language import check


def flagged(text: str) -> list[str]:
    return [f.text for f in check(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kayleigh is streetwise.", ["streetwise"]),
        ("A school record says she was prostituting herself.", ["prostituting herself"]),
        ("He prostitutes himself at the services.", ["prostitutes himself"]),
        ("She prostituted herself for vodka.", ["prostituted herself"]),
        ("She puts herself at risk.", ["puts herself at risk"]),
        ("He put himself at serious risk.", ["put himself at serious risk"]),
        ("Her boyfriend, who is 24, collected her.", ["boyfriend"]),
        ("She is a child prostitute.", ["child prostitute"]),
        ("Jade (14) is promiscuous and sexually available.", ["promiscuous", "sexually available"]),
        # "no longer" and "not only" still assert the wording
        ("She is no longer putting herself at risk.", ["putting herself at risk"]),
        ("Kayleigh is not just streetwise; she has been groomed.", ["streetwise"]),
        # a group with no cue that it is adults may include the child
        ("Amy and her friends put themselves at risk by going to the flat.",
         ["put themselves at risk"]),
    ],
)  # fmt: skip
def test_flags_wording_about_the_child(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # what the child (or another non-professional) is quoted as saying
        'She said "he\'s my boyfriend".',
        'Kirsty told me: "I chose to go missing, nobody made me."',
        'The suspect told officers she was "promiscuous".',
        # negations and challenges
        "She is not 'streetwise' — she is 14.",
        'She was described as "streetwise" by staff, which is inappropriate language.',
        "We should not call her promiscuous.",
        "The term 'child prostitute' should never be used.",
        # the adult's actions
        "The adult was prostituting her from a flat.",
        "The mother is putting herself at risk by letting him back in.",
        "He is manipulative and controlling towards her.",
        "The male states the sex was consensual.",
        "Mo and his friends put themselves at risk driving drunk.",
        "The men in their thirties put themselves at risk.",
        # the same words in other senses
        "He consented to a search of his car.",
        "She consented to the medical examination.",
        "The ward's consent form was signed.",
        "Pupils attended the school's streetwise road-safety programme.",
        "The runaway vehicle was found burnt out.",
        "The grandmother was charged with wilful neglect.",
        # peers, and partners who are not the child's
        "Her 15-year-old boyfriend from school was spoken to.",
        "The boyfriend of her mother, aged 16, was present.",
        "Mum's boyfriend, who is 38, was asked to leave.",
    ],
)
def test_stays_quiet_in_context(text: str) -> None:
    assert flagged(text) == []


def test_scare_quotes_and_professionals_quoted_are_still_flagged() -> None:
    assert flagged("Her 'boyfriend' (aged 29) collected her.") == ["boyfriend"]
    assert flagged('PC Evans describes her as "prostituting herself".') == ["prostituting herself"]


def test_the_age_gap_makes_a_17_year_old_boyfriend_of_a_12_year_old_a_concern() -> None:
    assert flagged("Amy (12) has a 17-year-old boyfriend.") == ["boyfriend"]
    assert flagged("Amy (16) has a 17-year-old boyfriend.") == []


def test_indirect_speech_of_the_child_or_family_is_the_record_s_own_wording() -> None:
    assert flagged("She says the sex was consensual.") == ["consensual"]
    assert flagged("Mum says she is out of control.") == ["out of control"]


def test_flags_carry_offsets_suggestion_reason_and_rule() -> None:
    text = "Officers note she is streetwise and has been exchanging sex for drugs."
    flags = check(text)
    assert [f.rule for f in flags] == ["streetwise", "exchanging-sex"]
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text
        assert flag.suggestion and "Source:" in flag.reason
        assert list(flag.as_json()) == ["start", "end", "text", "suggestion", "reason"]


def test_overlapping_matches_keep_the_longest() -> None:
    assert flagged("She prostitutes herself.") == ["prostitutes herself"]


def test_empty_text_has_no_flags() -> None:
    assert check("") == [] and check("   \n") == []
