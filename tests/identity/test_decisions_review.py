"""Human decisions on whole persons (split, merge) and the review queue, through the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from heron.access import system_actor
from heron.identity import link_persons, person_rows
from heron.identity.decisions import merge_persons, split_person
from heron.identity.review import review_queue
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.models import IdentityDecision
from tests.identity.households import first_batch, write

ACTOR = system_actor("test-decisions")
ANALYST = system_actor("analyst-7")


@pytest.fixture
def linked(engine: Engine, tmp_path: Path) -> Engine:
    ingest_paths(engine, [write(tmp_path / "in", first_batch(), "first.jsonl")], ACTOR, Settings())
    link_persons(engine, ACTOR)
    return engine


def _person_of(engine: Engine) -> dict[str, str]:
    return {k: r["person_id"] for r in person_rows(engine, ACTOR, None) for k in r["mentions"]}


@pytest.mark.parametrize("incremental", [None, False])
def test_a_split_holds_in_every_later_run(linked: Engine, incremental: bool | None) -> None:
    jess = _person_of(linked)["ouh:ED-1#0"]
    ids = split_person(linked, ANALYST, jess, ["tvp:INC-1#0"], "different girl, per school")
    with linked.connect() as conn:
        stored = conn.execute(
            select(IdentityDecision.actor, IdentityDecision.reason).where(
                IdentityDecision.id.in_(ids)
            )
        ).all()
    assert stored and all(r == (ANALYST.label(), "different girl, per school") for r in stored)
    for _ in range(2):
        summary = link_persons(linked, ACTOR, incremental=incremental)
        after = _person_of(linked)
        assert after["tvp:INC-1#0"] != after["ouh:ED-1#0"] == after["ouh:ED-2#0"] == jess
    assert summary.mode == ("full" if incremental is False else "incremental")


def test_a_merge_holds_and_a_split_needs_real_mentions(linked: Engine) -> None:
    before = _person_of(linked)
    mum, dean = before["tvp:INC-2#0"], before["tvp:INC-3#0"]
    assert mum != dean
    merge_persons(linked, ANALYST, mum, dean, "same person: PNC match by phone")
    link_persons(linked, ACTOR)
    after = _person_of(linked)
    assert after["tvp:INC-3#0"] == after["tvp:INC-2#0"] == after["tvp:INC-1#1"]
    with pytest.raises(ValueError, match="not mentions of"):
        split_person(linked, ANALYST, after["ouh:ED-1#0"], ["tvp:INC-3#0"], "x")
    with pytest.raises(ValueError, match="some, but not all"):
        split_person(linked, ANALYST, after["ouh:ED-1#0"], ["ouh:ED-1#0", "ouh:ED-2#0",
                     "tvp:INC-1#0"], "x")  # fmt: skip


def test_review_queue_shows_twins_kept_apart_with_an_explanation(linked: Engine) -> None:
    entries = review_queue(linked, ACTOR, limit=10)
    assert entries
    person = _person_of(linked)
    twins = {person["school:ATT-1#0"], person["school:ATT-2#0"]}
    kept = [e for e in entries if set(e.persons) == twins]
    assert kept and kept[0].kind == "kept_apart" and "twins" in (kept[0].rule or "")
    assert "starting point" in kept[0].text()
    assert all(e.persons[0] != e.persons[1] for e in entries)
