"""A population of one: many mentions of the same child must not be trained on.

Training without labels needs random pairs to be mostly different people; otherwise the
model learns that agreeing on everything is common and links nothing. Such inputs use the
reference parameters instead (the end-to-end case, 2,000+ records of one child, is
exercised by ``benchmarks/chronology.py``).
"""

from __future__ import annotations

from heron.identity.resolve import MIN_TRAINING_PEOPLE, _trainable


def person(i: int) -> dict[str, object]:
    return {"given_primary": f"name{i}", "family": f"family{i % 97}", "dob_year": 1990 + i % 9}


def test_many_mentions_of_one_child_are_not_trained_on() -> None:
    assert not _trainable([person(1)] * 3200)


def test_a_varied_population_is_trained_on() -> None:
    assert _trainable([person(i) for i in range(3200)])
    assert not _trainable([person(i % (MIN_TRAINING_PEOPLE - 1)) for i in range(3200)])


def test_small_inputs_are_not_trained_on() -> None:
    assert not _trainable([person(i) for i in range(500)])
