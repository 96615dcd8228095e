"""The wording rules (ADU-02, ADU-03) on the sentences the audit found them wrong on."""

from __future__ import annotations

import random

import pytest

from heron.indicators import evaluate
from heron.synth.text import blaming_note, concern_note
from tests.indicators.builders import D, child, rec


def fired(text: str = "", **attributes: str) -> dict[str, str]:
    """The rule ids fired by one case note, with the first evidence reason of each."""
    note = rec("N1", "case_note", sector="social_care", text=text, attributes=attributes)
    risk = evaluate(child([note]), D)
    return {i.rule_id: i.evidence[0].reason for i in risk.indicators}


@pytest.mark.parametrize(
    "text",
    [
        "Jess says her boyfriend is 24 and drives.",
        "Amy was picked up by her boyfriend Darren (24).",
        "Amy says Darren is her boyfriend. Darren is much older but she is adamant it is her "
        "choice.",
        "She is in a relationship with a 30-year-old man.",
    ],
)
def test_an_adult_boyfriend_fires_with_the_flagged_words(text: str) -> None:
    reason = fired(text)["ADU-02"]
    assert "wording flagged:" in reason and '"' in reason


@pytest.mark.parametrize(
    "text",
    [
        "Jess's boyfriend is 15 and in her class",
        "Her mum's new boyfriend has moved in",
        "Jess denies having a boyfriend.",
        "Jess has a boyfriend.",  # nothing says he is an adult
    ],
)
def test_a_peer_or_a_parents_boyfriend_does_not_fire(text: str) -> None:
    assert "ADU-02" not in fired(text)


def test_the_relationship_attribute_is_read_by_the_same_checker() -> None:
    assert "ADU-02" in fired(relationship="older boyfriend")
    assert "ADU-02" not in fired(relationship="boyfriend, same year at school")


def test_synthetic_blaming_notes_naming_an_adult_boyfriend_with_his_age_fire() -> None:
    notes = {blaming_note(random.Random(s), "Amy", "F", "Darren", 14, 24) for s in range(60)}
    aged = [n for n in notes if "boyfriend" in n and ("is 24" in n or "(24)" in n)]
    assert aged
    for note in aged:
        assert "ADU-02" in fired(note), note


@pytest.mark.parametrize(
    "text",
    [
        "Came home with a new phone and cash she can't explain.",
        "Jess has been given money by a man at the takeaway.",
        "Expensive gifts from an older male friend.",
        "Jess has a second phone that staff did not know about.",
        "Her phone is topped up by someone she will not name.",
        "Unexplained cash found in her room.",
    ],
)
def test_unexplained_gifts_money_and_phones_fire(text: str) -> None:
    assert "ADU-03" in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "She presents as withdrawn and tired.",
        "Jess spends her pocket money on sweets.",
        "Jess said older pupils took her lunch money.",
        "She showed staff her birthday gifts.",
        "Birthday gifts from her nan arrived.",
        "Pocket money from dad is paid on Fridays.",
        "Jess denies having a new phone.",
    ],
)
def test_ordinary_money_and_gifts_do_not_fire(text: str) -> None:
    assert "ADU-03" not in fired(text)


def test_synthetic_concern_notes_about_phones_money_and_key_cards_still_fire() -> None:
    notes = {concern_note(random.Random(s), "Amy", "F", None, None, None) for s in range(60)}
    telling = [n for n in notes if "new phone" in n or "unexplained money" in n]
    assert len(telling) == 2
    for note in telling:
        assert "ADU-03" in fired(note), note
