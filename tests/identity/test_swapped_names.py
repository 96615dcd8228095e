"""Given and family names entered the wrong way round still link (a comparison level for
the swap, and a blocking rule on every word of both names that finds the pair)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from heron.access import system_actor
from heron.identity import explain_pair, link_persons, person_rows
from heron.ingest import ingest_paths
from heron.settings import Settings
from tests.identity.households import _rec, first_batch, write

ACTOR = system_actor("test-swapped")


def test_a_mention_with_names_swapped_links(engine: Engine, tmp_path: Path) -> None:
    swapped = [
        # same date of birth and postcode: found by the date of birth, linked by the swap
        _rec("INC-7", "tvp", "police", "police_incident", "2007-06-01", [
            {"given_name": "Smith", "family_name": "Jessica", "date_of_birth": "1993-05-02",
             "sex": "F", "postcode": "OX4 1AB", "role": "victim"}]),
        # a stated age only: only the rule on every word of both names finds the pair
        _rec("YS-1", "youth", "youth", "other", "2007-06-02", [
            {"given_name": "Smith", "family_name": "Jess", "age": 14, "sex": "F",
             "postcode": "OX4 1AB", "role": "subject"}]),
    ]  # fmt: skip
    path = write(tmp_path / "in", [*first_batch(), *swapped], "records.jsonl")
    ingest_paths(engine, [path], ACTOR, Settings())
    link_persons(engine, ACTOR)
    person = {k: r["person_id"] for r in person_rows(engine, ACTOR, None) for k in r["mentions"]}
    jess = person["ouh:ED-1#0"]
    assert person["tvp:INC-7#0"] == jess and person["youth:YS-1#0"] == jess
    assert person["tvp:INC-1#1"] != jess  # her mother, of the same name, stays apart
    explained = explain_pair(engine, ACTOR, "ouh:ED-1#0", "tvp:INC-7#0")
    labels = {e.comparison: (e.label, e.weight) for e in explained.evidence}
    assert "swapped" in labels["given_name"][0] and labels["given_name"][1] > 0
    assert "swapped" in labels["family_name"][0] and labels["family_name"][1] > 0
