"""The checker finds the victim-blaming notes heron.synth writes (where the text says enough)."""

from __future__ import annotations

import random

from heron.language.checker import check
from heron.synth import text


def test_synthetic_victim_blaming_notes_are_flagged() -> None:
    rng = random.Random(11)
    notes = []
    for _ in range(600):
        adult = rng.choice([None, "Dean Walsh", "Mo Khan", "Lee Price"])
        age = rng.randint(19, 45) if adult else None
        notes.append(text.blaming_note(rng, "Amy Cole", rng.choice("FFM"), adult, 14, age))
    found = sum(1 for note in notes if check(note))
    assert found / len(notes) >= 0.9, f"{found} of {len(notes)} flagged"


def test_a_note_that_gives_the_adults_age_is_flagged_every_time() -> None:
    rng = random.Random(5)
    for _ in range(100):
        note = text.blaming_note(rng, "Amy Cole", "F", "Dean Walsh", 14, 29)
        if "29" in note:
            assert check(note), note
