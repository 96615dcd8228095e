"""A misspelt given name links even when nothing else is recorded: intelligence naming
"Anngela Gill", with no date of birth or age, is scored against the Angela Gill a school
records (a blocking rule on the given name's sound and the family name finds the pair)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from heron.access import system_actor
from heron.identity import explain_pair, link_persons, person_rows
from heron.ingest import ingest_paths
from heron.settings import Settings
from tests.identity.households import _rec, first_batch, write

ACTOR = system_actor("test-misspelt")
ANGELA = {"given_name": "Angela", "family_name": "Gill", "date_of_birth": "1995-10-16", "sex": "F"}


def test_a_misspelt_given_name_with_no_birth_date_links(engine: Engine, tmp_path: Path) -> None:
    records = [
        _rec("ATT-9", "school", "education", "school_attendance", "2007-04-16", [
            {**ANGELA, "role": "subject", "identifiers": {"upn": "B123456789012"}}]),
        _rec("INT-9", "tvp", "police", "intelligence", "2007-06-13", [
            {"given_name": "Dale", "role": "subject"},
            {"given_name": "Anngela", "family_name": "Gill", "sex": "F", "role": "associate"}]),
    ]  # fmt: skip
    path = write(tmp_path / "in", [*first_batch(), *records], "records.jsonl")
    ingest_paths(engine, [path], ACTOR, Settings())
    link_persons(engine, ACTOR)
    person = {k: r["person_id"] for r in person_rows(engine, ACTOR, None) for k in r["mentions"]}
    assert person["tvp:INT-9#1"] == person["school:ATT-9#0"]
    assert person["tvp:INT-9#0"] != person["school:ATT-9#0"]
    explained = explain_pair(engine, ACTOR, "school:ATT-9#0", "tvp:INT-9#1")
    labels = {e.comparison: e.label for e in explained.evidence}
    assert labels["given_name"] == "given names spelt almost the same"
