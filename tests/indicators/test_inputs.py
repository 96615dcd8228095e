"""The input model of risk indicators: protected names, frozen views, levels, ages, grouping."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from heron.indicators import Level
from heron.indicators.inputs import age_on, group_overlapping, is_protected
from tests.indicators.builders import child, missing, rec


@pytest.mark.parametrize(
    ("name", "protected"),
    [
        ("ethnicity", True),
        ("Ethnic_origin", True),
        ("religion", True),
        ("nationality", True),
        ("country_of_birth", True),
        ("race", True),
        ("trace", False),
        ("found_at.kind", False),
        ("relationship", False),
    ],
)
def test_protected_names(name: str, protected: bool) -> None:
    assert is_protected(name) is protected


def test_view_is_frozen_and_levels_parse() -> None:
    view = child([], practitioner_level="Medium")
    assert view.practitioner_level is Level.MEDIUM
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.person_id = "P2"  # type: ignore[misc]


def test_visible_filters_on_recorded_at() -> None:
    view = child([rec("N1", "case_note", at="2008-05-01T10:00", recorded="2008-05-03T10:00")])
    assert view.visible(datetime(2008, 5, 3, 9, 59)) == ()
    assert len(view.visible(datetime(2008, 5, 3, 10, 0))) == 1


def test_age_on_birthday_edges() -> None:
    assert age_on(date(1993, 5, 2), date(2009, 5, 1)) == 15
    assert age_on(date(1993, 5, 2), date(2009, 5, 2)) == 16
    assert age_on(None, date(2009, 5, 2)) is None


def test_group_overlapping_merges_overlaps_and_open_records() -> None:
    a = missing("A", "2008-05-01T22:00", "2008-05-02T03:00")
    b = missing("B", "2008-05-02T01:00", "2008-05-02T05:00", agency="occ")
    c = missing("C", "2008-05-04T22:00")  # open: matched as 24 hours
    d = missing("D", "2008-05-05T20:00", "2008-05-05T23:00")
    e = missing("E", "2008-05-07T20:00", "2008-05-07T23:00")
    groups = group_overlapping(child([e, d, c, b, a]).records)
    assert [[r.key for r in g] for g in groups] == [
        ["tvp:A", "occ:B"],
        ["tvp:C", "tvp:D"],
        ["tvp:E"],
    ]
