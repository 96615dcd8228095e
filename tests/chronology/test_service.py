"""Assembling a chronology from the store on SQLite and PostgreSQL: order, as of, filters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from heron.chronology import UnknownPerson, chronology
from heron.store.asof import parse_as_of
from tests.chronology.records import ACTOR, LONG_INTELLIGENCE, seeded

ALL_KEYS = [
    "tvp:INC-9", "tvp:MISS-1", "ouh:ED-1", "occ-csc:CN-1", "tvp:INT-1", "cherwell-school:ATT-1",
]  # fmt: skip


@pytest.fixture
def jess(engine: Engine, tmp_path: Path) -> str:
    return seeded(engine, tmp_path / "in")


def test_entries_in_order_across_agencies(engine: Engine, jess: str) -> None:
    result = chronology(engine, ACTOR, jess)
    assert [e.record_key for e in result.entries] == ALL_KEYS
    assert (result.given_name, result.family_name, result.date_of_birth) == (
        "Jessica", "Smith", "1993-05-02"
    )  # fmt: skip
    missing = result.entries[1]
    assert missing.roles == ("missing_person",) and missing.mention_keys == ("tvp:MISS-1#c",)
    assert missing.summary == (
        "Missing 22:00 → 09:10 next day (11 h); found at Fir Tree Hotel (hotel) with 2 others; "
        "reported by children's home"
    )
    assert missing.when == "2007-03-01 22:00" and missing.until == "2007-03-02 09:10"
    assert missing.recorded_by == "Sam Jones (PC)" and missing.sector == "police"
    assert missing.payload["attributes"]["found_with"] == ["a1", "a2"]  # the full record
    note = result.entries[3]
    assert note.version == 2 and note.payload["text"] == "Visited at home; corrected."
    assert result.entries[0].roles == ("victim",)
    assert result.by_agency == {"tvp": 3, "cherwell-school": 1, "occ-csc": 1, "ouh": 1}
    assert result.by_sector == {"police": 3, "education": 1, "health": 1, "social_care": 1}


def test_as_of_excludes_later_records_and_shows_the_version_then(engine: Engine, jess: str) -> None:
    result = chronology(engine, ACTOR, jess, as_of=parse_as_of("2007-12-31"))
    assert [e.record_key for e in result.entries] == ALL_KEYS[1:]  # INC-9 recorded in 2008
    note = next(e for e in result.entries if e.record_key == "occ-csc:CN-1")
    assert note.version == 1 and note.summary == "Case note: Visited at home; Jessica was out."
    assert result.as_of == parse_as_of("2007-12-31") and result.person_id == jess
    early = chronology(engine, ACTOR, jess, as_of=parse_as_of("2007-03-02T10:00"))
    assert [e.record_key for e in early.entries] == ["tvp:MISS-1"]


def test_filters_by_sector_type_and_period(engine: Engine, jess: str) -> None:
    police = chronology(engine, ACTOR, jess, sectors=["police"])
    assert [e.record_key for e in police.entries] == ["tvp:INC-9", "tvp:MISS-1", "tvp:INT-1"]
    assert police.sectors == ("police",) and police.by_agency == {"tvp": 3}
    typed = chronology(engine, ACTOR, jess, types=["intelligence", "health_attendance"])
    assert [e.record_key for e in typed.entries] == ["ouh:ED-1", "tvp:INT-1"]
    assert typed.entries[1].summary == f"Intelligence (grade B2): {LONG_INTELLIGENCE[:79]}…"
    # the attendance period (Sep-Dec) overlaps a window starting in October
    period = chronology(engine, ACTOR, jess, start=date(2007, 3, 2), end=date(2007, 10, 1))
    assert [e.record_key for e in period.entries] == [
        "tvp:MISS-1", "ouh:ED-1", "occ-csc:CN-1", "tvp:INT-1", "cherwell-school:ATT-1"
    ]  # fmt: skip
    narrow = chronology(engine, ACTOR, jess, start=date(2007, 10, 1), end=date(2007, 10, 31))
    assert [e.record_key for e in narrow.entries] == ["cherwell-school:ATT-1"]
    both = chronology(engine, ACTOR, jess, sectors=["police"], types=["missing_episode"])
    assert [e.record_key for e in both.entries] == ["tvp:MISS-1"]


def test_unknown_person_is_a_clear_error(engine: Engine, jess: str) -> None:
    with pytest.raises(UnknownPerson, match="never given out"):
        chronology(engine, ACTOR, "P999999")
    # Jess is known now, but as of 2006 nobody had written anything about her
    with pytest.raises(UnknownPerson, match=f"{jess} is not a person as of 2006-12-31"):
        chronology(engine, ACTOR, jess, as_of=parse_as_of("2006-12-31"))
