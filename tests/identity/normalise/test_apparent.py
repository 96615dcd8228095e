"""Apparent ages read from descriptions: only the age, and only where a word says it is one."""

from __future__ import annotations

import pytest

from heron.identity.normalise.apparent import ApparentAge, apparent_age


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("male, about 29-34, slim build, shaved head", 29, 34),
        ("male, about 17-23, heavy build, glasses", 17, 23),
        ("aged between 40 and 45", 40, 45),
        ("20-25 years old, tall", 20, 25),
        ("driver in his 40s", 40, 49),
        ("a man in his late 20s", 26, 29),
        ("early 30s, dark jacket", 30, 33),
        ("about 25", 22, 28),
        ("aged 17, school uniform", 17, 17),
        ("looks 15 years old", 15, 15),
        ("teenage girl with a red bag", 13, 19),
    ],
)
def test_an_age_a_description_gives_is_read(text: str, low: int, high: int) -> None:
    assert apparent_age(text) == ApparentAge(low, high)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "male, slim build, glasses",
        "5-6 ft tall, stocky",  # a height, not an age
        "drives a 2005-07 Corsa",
        "wore a 1980s jacket",
        "flat 4-6 on the second floor",
    ],
)
def test_no_age_is_read_where_none_is_given(text: str | None) -> None:
    assert apparent_age(text) is None


def test_only_a_range_wholly_on_one_side_of_18_settles_child_or_adult() -> None:
    assert ApparentAge(29, 34).is_child is False
    assert ApparentAge(13, 16).is_child is True
    assert ApparentAge(17, 23).is_child is None
