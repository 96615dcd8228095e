"""Record views kept between a replay's steps: reused only while linking says the same."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from heron.access import system_actor
from heron.indicators import child_view_from_records, evaluate
from heron.indicators.service import assess_children, risk_line
from heron.indicators.viewcache import ViewCache, ViewPart, child_view_of, view_part
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.asof import parse_as_of
from tests.factories import record, write_jsonl

ACTOR = system_actor("test")
WHEN = datetime(2007, 6, 30, 23, 59)
CHILD = {"ref": "c", "role": "missing_person", "given_name": "Jess", "family_name": "Smith",
         "date_of_birth": "1993-05-02", "sex": "F", "postcode": "OX4 1AB"}  # fmt: skip
FRIEND = {"ref": "f", "role": "associate", "given_name": "Amy", "postcode": "OX1 2CD"}
ADULT = {"ref": "a1", "role": "associate", "given_name": "Mo", "family_name": "Khan",
         "date_of_birth": "1975-01-01", "sex": "M"}  # fmt: skip


def episode(n: int, day: str, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "persons": [CHILD, FRIEND, ADULT],
        "occurred_at": f"{day}T22:00",
        "ended_at": f"{day}T23:30",
        "recorded_at": f"{day}T23:45",
        "attributes": {"found_with": ["a1", "f"], "found_at": {"kind": "hotel"}},
    }
    return record(f"MIS-{n}", **{**fields, **overrides})


RECORDS = [episode(1, "2007-03-01"), episode(2, "2007-03-20"), episode(3, "2007-04-10")]
PERSONS = {f"tvp:MIS-{n}#{ref}": person for n in (1, 2, 3)
           for ref, person in (("c", "P1"), ("f", "P2"), ("a1", "P3"))}  # fmt: skip
CHILDREN = {"P1": True, "P2": True, "P3": False}


def is_child(person_of: dict[str, str], child_of: dict[str, bool]) -> dict[str, bool]:
    return {key: child_of[person] for key, person in person_of.items()}


def parts_of(
    person_of: dict[str, str], child_of: dict[str, bool], person_id: str = "P1"
) -> list[ViewPart]:
    flags = is_child(person_of, child_of)
    return [view_part(rec, person_id, person_of, child_of, flags) for rec in RECORDS]


def test_a_view_from_parts_is_the_view_from_records() -> None:
    for person_id in ("P1", "P2"):
        parts = parts_of(PERSONS, CHILDREN, person_id)
        whole = child_view_from_records(
            person_id,
            RECORDS,
            person_ids=PERSONS,
            is_child=is_child(PERSONS, CHILDREN),
            home_postcode="OX4 1AB" if person_id == "P1" else "OX1 2CD",
        )
        assert child_view_of(person_id, parts) == whole
        assert evaluate(child_view_of(person_id, parts), WHEN) == evaluate(whole, WHEN)


def test_a_kept_view_is_reused_while_linking_says_the_same() -> None:
    cache = ViewCache()
    [part, *_] = parts_of(PERSONS, CHILDREN)
    cache.put(1, "P1", part)
    assert cache.get(1, "P1", dict(PERSONS), dict(CHILDREN)) is part
    assert cache.get(1, "P2", PERSONS, CHILDREN) is None  # another child's view of it
    assert cache.get(2, "P1", PERSONS, CHILDREN) is None  # an amendment is a new version


def test_a_kept_view_is_built_again_when_linking_moves_a_mention() -> None:
    cache = ViewCache()
    [part, *_] = parts_of(PERSONS, CHILDREN)
    cache.put(1, "P1", part)
    moved = {**PERSONS, "tvp:MIS-1#a1": "P4"}  # the adult is someone else now
    assert cache.get(1, "P1", moved, {**CHILDREN, "P4": False}) is None
    unlinked = {k: v for k, v in PERSONS.items() if k != "tvp:MIS-1#f"}
    assert cache.get(1, "P1", unlinked, CHILDREN) is None
    grown = {**CHILDREN, "P2": False}  # the friend is an adult by other records now
    assert cache.get(1, "P1", PERSONS, grown) is None
    friend = parts_of(PERSONS, grown)[0].view.other("f")
    assert friend is not None and friend.is_child is False  # rebuilt: seen as an adult now


def test_the_cache_stays_bounded() -> None:
    cache = ViewCache(limit=2)
    for pk, part in enumerate(parts_of(PERSONS, CHILDREN)):
        cache.put(pk, "P1", part)
    assert len(cache) == 2
    assert cache.get(0, "P1", PERSONS, CHILDREN) is None  # the oldest went first


def full(risks: Any) -> list[Any]:
    return [(risk_line(r), r.score, r.indicators, r.uncertainty) for r in risks]


def test_kept_views_give_the_same_results_across_steps_and_an_amendment(
    engine: Engine, tmp_path: Path
) -> None:
    """Steps in one process share a cache; an amended record (a new version) is seen."""
    first = write_jsonl(tmp_path / "a.jsonl", RECORDS)
    ingest_paths(engine, [first], ACTOR, Settings())
    amended = episode(
        4, "2007-04-10", supersedes="MIS-3", recorded_at="2007-05-15T09:00",
        attributes={"found_with": [], "found_at": {"kind": "home"}},
    )  # fmt: skip
    second = write_jsonl(tmp_path / "b.jsonl", [amended, episode(5, "2007-06-01")])
    ingest_paths(engine, [second], ACTOR, Settings())
    cache = ViewCache()
    for day in ("2007-03-02", "2007-04-30", "2007-05-31", "2007-06-30", "2007-09-30"):
        when = parse_as_of(day)
        plain = full(assess_children(engine, ACTOR, when))
        kept = full(assess_children(engine, ACTOR, when, cache=cache))
        assert kept == plain, day
    assert len(cache) > 0
