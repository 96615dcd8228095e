"""A child's records across police, health, school and social care, with one amendment,
one record written down long after it happened, and one record of somebody else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from heron.access import system_actor
from heron.identity.service import link_persons
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.models import PersonMention
from tests.factories import record, write_jsonl

ACTOR = system_actor("test-chronology")
JESS = {
    "given_name": "Jessica", "family_name": "Smith", "date_of_birth": "1993-05-02", "sex": "F",
    "address": "12 High Street, Oxford", "postcode": "OX4 1AB",
}  # fmt: skip
LONG_INTELLIGENCE = (
    "Jessica Smith seen getting into a silver car outside the Fir Tree Hotel late at night "
    "with two older males; believed to be given alcohol."
)


def _rec(rid: str, agency: str, sector: str, rtype: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sector": sector, "type": rtype, "vehicles": [], "phones": [], "online": [],
        "attributes": {}, "text": "", "recorded_by": {"name": "Sam Jones", "role": "PC"},
    }  # fmt: skip
    return record(rid, agency, **{**base, **fields})


def first_batch() -> list[dict[str, Any]]:
    """Everything but the amendment, in no particular order."""
    return [
        _rec("ED-1", "ouh", "health", "health_attendance",
             occurred_at="2007-03-05T02:00", recorded_at="2007-03-05T03:00",
             persons=[{**JESS, "role": "subject"}],
             attributes={"setting": "ed", "reasons": ["intoxication"]},
             recorded_by={"name": "Ann Lee", "role": "Triage nurse"}),
        _rec("MISS-1", "tvp", "police", "missing_episode",
             occurred_at="2007-03-01T22:00", ended_at="2007-03-02T09:10",
             recorded_at="2007-03-02T10:00",
             persons=[{**JESS, "ref": "c", "role": "missing_person"},
                      {"ref": "a1", "role": "associate", "given_name": "Mo", "age": 31},
                      {"ref": "a2", "role": "associate", "given_name": "Dan", "age": 29}],
             attributes={"reported_by": "childrens_home", "found_with": ["a1", "a2"],
                         "found_at": {"kind": "hotel", "name": "Fir Tree Hotel"}}),
        _rec("ATT-1", "cherwell-school", "education", "school_attendance",
             occurred_at="2007-09-01", ended_at="2007-12-20", recorded_at="2007-12-21T09:00",
             persons=[{**JESS, "role": "subject"}], recorded_by=None,
             attributes={"period_start": "2007-09-01", "period_end": "2007-12-20",
                         "sessions_possible": 120, "sessions_missed": 38}),
        _rec("INT-1", "tvp", "police", "intelligence",
             occurred_at="2007-06-01T11:00", recorded_at="2007-06-02T09:00",
             persons=[{**JESS, "role": "subject"}], text=LONG_INTELLIGENCE,
             attributes={"source_grade": "B", "information_grade": "2", "handling": "P"}),
        _rec("CN-1", "occ-csc", "social_care", "case_note",
             occurred_at="2007-04-10T10:00", recorded_at="2007-04-10T12:00",
             persons=[{**JESS, "role": "subject"}], text="Visited at home; Jessica was out.",
             recorded_by={"name": "Kim Patel", "role": "Social worker"}),
        _rec("INC-9", "tvp", "police", "police_incident",
             occurred_at="2007-02-01T20:00", recorded_at="2008-02-01T09:00",
             persons=[{**JESS, "role": "victim"}],
             attributes={"category": "assault", "outcome": "arrest"}),
        _rec("INC-5", "tvp", "police", "police_incident",
             occurred_at="2007-05-01T10:00", recorded_at="2007-05-01T12:00",
             persons=[{"given_name": "Dean", "family_name": "Walsh", "age": 35, "sex": "M",
                       "role": "suspect"}],
             attributes={"category": "drunk"}),
    ]  # fmt: skip


def amendment() -> dict[str, Any]:
    """A second version of the case note, written in January 2008."""
    (note,) = [r for r in first_batch() if r["id"] == "CN-1"]
    return {**note, "recorded_at": "2008-01-10T09:00", "text": "Visited at home; corrected."}


def ingest(engine: Engine, folder: Path) -> None:
    """Ingest the first batch, then the amendment (so the note has two versions)."""
    folder.mkdir(parents=True, exist_ok=True)
    first = write_jsonl(folder / "first.jsonl", first_batch())
    second = write_jsonl(folder / "second.jsonl", [amendment()])
    ingest_paths(engine, [first], ACTOR, Settings())
    ingest_paths(engine, [second], ACTOR, Settings())


def seeded(engine: Engine, folder: Path) -> str:
    """Ingest and link everything; return Jess's person id."""
    ingest(engine, folder)
    run = link_persons(engine, ACTOR).run_id
    return person_of(engine, run, "ouh:ED-1#0")


def person_of(engine: Engine, run_id: int, mention_key: str) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                select(PersonMention.person_id).where(
                    PersonMention.run_id == run_id, PersonMention.mention_key == mention_key
                )
            ).scalar_one()
        )
