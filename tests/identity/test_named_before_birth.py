"""No one is named in a record before they were born: a hotel's report of 2005 naming
"Simon Wright", with no date of birth, age or identifier, is never the Simon Wright a
school records as born that November, however well the names agree, in a full run or an
incremental one. The same name in a record after his birth still links."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from heron.access import system_actor
from heron.identity import explain_pair, link_persons, person_rows
from heron.ingest import ingest_paths
from heron.settings import Settings
from tests.identity.households import _rec, first_batch, write

ACTOR = system_actor("test-before-birth")
SIMON = {"given_name": "Simon", "family_name": "Wright", "sex": "M"}
BORN = {**SIMON, "date_of_birth": "2005-11-16"}


def _school(rid: str, day: str) -> dict[str, object]:
    return _rec(rid, "school", "education", "school_attendance", day, [
        {**BORN, "role": "subject", "identifiers": {"upn": "B123456789012"}}])  # fmt: skip


SOPHIE = {"given_name": "Sophie", "sex": "F", "role": "other"}
HOTEL = _rec("BR-1", "hotel", "business", "business_report", "2005-08-20", [
    {**SIMON, "role": "subject"}, SOPHIE])  # fmt: skip
LATER = _rec("INC-1", "tvp", "police", "police_incident", "2011-02-01", [
    {**SIMON, "role": "victim"}])  # fmt: skip


def _persons(engine: Engine) -> dict[str, str]:
    return {k: r["person_id"] for r in person_rows(engine, ACTOR, None) for k in r["mentions"]}


def _linked(engine: Engine, tmp_path: Path, records: list[dict[str, object]]) -> dict[str, str]:
    path = write(tmp_path / "in", [*first_batch(), *records], "records.jsonl")
    ingest_paths(engine, [path], ACTOR, Settings())
    link_persons(engine, ACTOR)
    return _persons(engine)


def test_a_name_in_a_record_before_a_birth_is_not_that_child(
    engine: Engine, tmp_path: Path
) -> None:
    person = _linked(engine, tmp_path, [HOTEL, _school("ATT-1", "2010-09-03")])
    assert person["hotel:BR-1#0"] != person["school:ATT-1#0"]
    explained = explain_pair(engine, ACTOR, "hotel:BR-1#0", "school:ATT-1#0")
    assert "named (no date of birth or age) in a record dated before the other's birth" in (
        explained.rules
    )


def test_the_same_name_after_the_birth_links(engine: Engine, tmp_path: Path) -> None:
    person = _linked(engine, tmp_path, [LATER, _school("ATT-1", "2010-09-03")])
    assert person["tvp:INC-1#0"] == person["school:ATT-1#0"]


def test_an_incremental_run_keeps_the_rule(engine: Engine, tmp_path: Path) -> None:
    early = write(tmp_path / "a", [*first_batch(), HOTEL], "records.jsonl")
    ingest_paths(engine, [early], ACTOR, Settings())
    link_persons(engine, ACTOR, as_of=datetime(2006, 1, 1))
    late = write(tmp_path / "b", [_school("ATT-1", "2010-09-03")], "records.jsonl")
    ingest_paths(engine, [late], ACTOR, Settings())
    summary = link_persons(engine, ACTOR, as_of=datetime(2011, 3, 1), incremental=True)
    assert summary.mode == "incremental"
    person = _persons(engine)
    assert person["hotel:BR-1#0"] != person["school:ATT-1#0"]
