"""The loop a network alert asks a person to close: a boy named only "Elliot" in
intelligence beside the network's man cannot be put on any child by linking; the alert
suggests who he may be, a person who finds out merges the two (``heron identity merge``),
and the next pass holds him in the network at a level of concern. Ingest, link, detect and
the decision all go through the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine

from heron.access import system_actor
from heron.chronology import chronology
from heron.detection import detect
from heron.identity.decisions import merge_persons
from heron.ingest import ingest_paths
from heron.settings import Settings

ACTOR = system_actor("test-identify-loop")
HALE = {"given_name": "Henry", "family_name": "Hale", "date_of_birth": "1976-05-05", "sex": "M"}


def _day(text: str) -> datetime:
    return datetime.combine(date.fromisoformat(text), time.max)


def _missing(n: int, when: str, given: str, family: str, dob: str) -> dict[str, Any]:
    child = {"given_name": given, "family_name": family, "date_of_birth": dob, "sex": "F"}
    return {
        "id": f"MIS-{n}", "agency": "wsp", "sector": "police", "type": "missing_episode",
        "occurred_at": when, "recorded_at": when,
        "persons": [{"ref": "p1", "role": "missing_person", **child},
                    {"ref": "p2", "role": "associate", **HALE}],
        "attributes": {"found_with": ["p2"]},
    }  # fmt: skip


def _attendance(n: int, family: str, dob: str) -> dict[str, Any]:
    boy = {"given_name": "Elliot", "family_name": family, "date_of_birth": dob, "sex": "M"}
    return {
        "id": f"ATT-{n}", "agency": "kingsmere", "sector": "education",
        "type": "school_attendance", "occurred_at": "2009-01-05", "ended_at": "2009-03-31",
        "recorded_at": "2009-04-10T12:00:00", "persons": [{"role": "subject", **boy}],
        "attributes": {"sessions_possible": 114, "sessions_missed": 4},
    }  # fmt: skip


INTELLIGENCE = {
    "id": "INT-1", "agency": "wsp", "sector": "police", "type": "intelligence",
    "occurred_at": "2009-04-15T23:51:00", "recorded_at": "2009-04-19T10:50:00",
    "persons": [{"ref": "p1", "role": "subject", "given_name": "Henry", "family_name": "Hale",
                 "age": 33, "sex": "M"},
                {"ref": "p2", "role": "associate", "given_name": "Elliot", "sex": "M"}],
    "text": "Source states Henry Hale collects Elliot late at night.",
}  # fmt: skip


def test_a_person_identifying_a_first_named_boy_puts_him_in_the_network(
    engine: Engine, tmp_path: Path
) -> None:
    records = [
        _missing(1, "2009-01-10T23:00:00", "Amy", "Brown", "1994-03-01"),
        _missing(2, "2009-02-14T23:00:00", "Beth", "Clark", "1994-07-07"),
        _missing(3, "2009-03-14T23:00:00", "Amy", "Brown", "1994-03-01"),
        _attendance(1, "Humphreys", "1995-01-14"),  # 14 at the intelligence: no concern yet
        _attendance(2, "Stone", "2003-02-02"),  # 6
        INTELLIGENCE,
    ]
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    ingest_paths(engine, [path], ACTOR, Settings())

    before = detect(engine, ACTOR, _day("2009-04-30"))
    [finding] = before.findings
    [(elliot, keys)] = finding.unidentified
    assert keys == ("wsp:INT-1",)
    [(_, (humphreys, stone))] = finding.may_be  # the boy of 14 before the boy of 6
    assert chronology(engine, ACTOR, humphreys, _day("2009-04-30")).family_name == "Humphreys"
    assert chronology(engine, ACTOR, stone, _day("2009-04-30")).family_name == "Stone"
    assert humphreys not in finding.children
    assert before.child_levels[humphreys] == "none", "a suggestion is not a link"

    merge_persons(engine, ACTOR, humphreys, elliot, "Youth worker: he is the Elliot in INT-1")
    after = detect(engine, ACTOR, _day("2009-05-31"))  # a new linking run keeps the decision
    [grown] = after.findings
    assert humphreys in grown.children and grown.unidentified == ()
    assert after.child_levels[humphreys] in {"medium", "high"}
    assert after.child_levels[stone] == "none"
    keys_on_his_chronology = {
        e.record_key for e in chronology(engine, ACTOR, humphreys, _day("2009-05-31")).entries
    }
    assert "wsp:INT-1" in keys_on_his_chronology
    assert grown.score > finding.score
