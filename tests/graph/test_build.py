"""Building the POLE graph from the store, on SQLite and PostgreSQL: only records naming two
or more entities, each named the way records-v1 says, persons summarised over every
visible mention, and nothing recorded after the date."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from heron.access import system_actor
from heron.graph import PoleGraph, build_graph
from heron.identity.service import link_persons
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.asof import parse_as_of
from tests.factories import record, write_jsonl

ACTOR = system_actor("test-graph")
CHILD = {"ref": "c", "role": "missing_person", "given_name": "Jess", "family_name": "Smith",
         "date_of_birth": "1993-05-02", "sex": "F", "address": "1 Elm Road",
         "postcode": "OX4 1AB"}  # fmt: skip
YOUTH = {**CHILD, "role": "subject"}
UNHOUSED = {k: v for k, v in YOUTH.items() if k not in ("address", "postcode")}
WORKER = {"ref": "w", "role": "professional", "given_name": "Ann", "family_name": "Lowe",
          "date_of_birth": "1970-02-02", "sex": "F"}  # fmt: skip
FRIEND = {"ref": "f", "role": "subject", "given_name": "Clare", "family_name": "Jones"}
PUPIL = {"ref": "p", "role": "subject", "given_name": "Elliot", "family_name": "Humphreys",
         "date_of_birth": "1995-01-14", "sex": "M"}  # fmt: skip
NEIGHBOUR = {"ref": "n", "role": "victim", "given_name": "Maria", "family_name": "Marshall",
             "date_of_birth": "1982-07-14", "sex": "F"}  # fmt: skip


def _county(engine: Engine, tmp_path: Path) -> int:
    alone = [
        record(f"YS-{i}", agency="youth", sector="youth", type="other", persons=[WORKER],
               vehicles=[], phones=[], online=[], attributes={},
               occurred_at=f"2007-01-0{i + 1}T18:00", recorded_at=f"2007-01-0{i + 1}T19:00")
        for i in range(3)
    ] + [
        record("SCH-1", agency="school", sector="education", type="school_attendance",
               persons=[YOUTH], vehicles=[], phones=[], online=[], attributes={},
               occurred_at="2007-01-08T09:00", recorded_at="2007-01-08T10:00"),
        record("SCH-2", agency="school", sector="education", type="school_attendance",
               persons=[PUPIL], vehicles=[], phones=[], online=[], attributes={},
               occurred_at="2007-01-09T09:00", recorded_at="2007-01-09T10:00"),
        record("INC-1", type="police_incident", persons=[NEIGHBOUR], vehicles=[], phones=[],
               online=[], attributes={"category": "disturbance"},
               occurred_at="2007-01-10T21:00", recorded_at="2007-01-10T22:00"),
    ]  # fmt: skip
    tied = [
        record("MIS-1", occurred_at="2007-03-01T22:00", recorded_at="2007-03-02T01:00"),
        record("YS-9", agency="youth", sector="youth", type="other",
               persons=[WORKER, UNHOUSED, FRIEND],
               vehicles=[], phones=[], online=[], attributes={},
               occurred_at="2007-03-05T18:00", recorded_at="2007-03-05T19:00"),
        record("MIS-2", occurred_at="2007-05-01T22:00", recorded_at="2007-05-02T01:00"),
    ]  # fmt: skip
    path = write_jsonl(tmp_path / "county.jsonl", alone + tied)
    ingest_paths(engine, [path], ACTOR, Settings())
    return link_persons(engine, ACTOR, parse_as_of("2007-12-31")).run_id


@pytest.fixture
def graph(engine: Engine, tmp_path: Path) -> PoleGraph:
    return build_graph(engine, ACTOR, parse_as_of("2007-03-31"), _county(engine, tmp_path))


def test_only_records_naming_two_entities_are_in_the_graph(graph: PoleGraph) -> None:
    assert [r.key for r in graph.records] == ["tvp:MIS-1", "youth:YS-9"]  # MIS-2: later


def test_a_missing_episode_names_every_kind_of_entity(graph: PoleGraph) -> None:
    rec = graph.records[0]
    by_context = {n.context: graph.entities[n.entity] for n in rec.named}
    assert set(by_context) == {
        "mention", "vehicle", "phone", "holder", "handle", "found_at", "alias"
    }  # fmt: skip
    assert by_context["found_at"].place_kind == "hotel"
    assert by_context["found_at"].label == "Fir Tree Hotel"
    assert by_context["handle"].id == "H:snapchat:mo_b"
    assert rec.found_with == frozenset({"a1"})
    assert rec.attributes == {"found_with": ["a1"]}
    holder = next(n for n in rec.named if n.context == "holder")
    adult = next(n for n in rec.named if n.ref == "a1")
    assert holder.holder == adult.entity  # the adult's own phone ties only to them
    assert {t.kind for t in graph.ties()} >= {"found_with", "called"}


def test_someone_named_by_an_alias_alone_is_also_an_alias_node(graph: PoleGraph) -> None:
    rec = graph.records[0]
    alias = next(n for n in rec.named if n.context == "alias")
    adult = next(n for n in rec.named if n.ref == "a1" and n.context == "mention")
    child = next(n for n in rec.named if n.ref == "c")
    entity = graph.entities[alias.entity]
    assert (entity.id, entity.kind, entity.label) == ("A:bluey", "alias", "'Bluey'")
    assert (alias.ref, alias.role, alias.holder) == ("a1", "associate", adult.entity)
    assert entity.is_child is None  # nothing records Mo's age
    ties = {(t.a, t.b): t.kind for t in graph.ties()}
    pairs = {frozenset(pair) for pair in ties}
    assert frozenset({alias.entity, child.entity}) in pairs  # it stands in for Mo
    assert frozenset({alias.entity, adult.entity}) not in pairs  # never tied to Mo himself
    assert ties.get((child.entity, alias.entity), ties.get((alias.entity, child.entity))) == (
        "found_with"
    )


def test_roles_come_from_ties_and_homes_from_every_visible_mention(graph: PoleGraph) -> None:
    worker = next(e for e in graph.entities if e.roles and e.roles[0][0] == "professional")
    assert dict(worker.roles) == {
        "professional": 1
    }  # YS-9; the records naming her alone tie nothing
    [child] = [e for e in graph.entities if e.is_child]  # Jess, in MIS-1 and YS-9
    assert dict(child.roles) == {"missing_person": 1, "subject": 1}
    assert child.home is not None and "elm road" in child.home  # only SCH-1 gives it
    assert child.age == 13


def test_a_person_named_by_a_name_alone_is_marked_so(graph: PoleGraph) -> None:
    session = graph.records[1]
    bare = {n.ref: n.bare for n in session.named if n.context == "mention"}
    assert bare == {"w": False, "c": False, "f": True}  # a date of birth; a name alone
    mis = graph.records[0]
    assert not any(n.bare for n in mis.named)  # Mo gives a phone, Jess a date of birth


def test_children_no_tying_record_names_are_listed_apart_with_name_and_age(
    graph: PoleGraph,
) -> None:
    """Elliot's only record names him alone: he is in no tie, so no vertex, but he is one of
    the run's children, listed apart so that an unidentified "Elliot" can be put to a
    person as possibly him; Maria, an adult named alone, is not listed."""
    assert [(e.given_name, e.family_name, e.age, e.is_child) for e in graph.other_children] == [
        ("Elliot", "humphreys", 12, True)
    ]
    assert all(e.id not in graph.index for e in graph.other_children)
    assert [e.given_name for e in graph.entities if e.is_child] == ["Jess"]
