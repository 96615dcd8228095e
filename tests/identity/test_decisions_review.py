"""Human decisions on whole persons (split, merge) and the review queue, through the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, func, insert, select

from heron.access import person_actor, system_actor
from heron.identity import DecisionKind, link_persons, person_rows, record_decision
from heron.identity.decisions import (
    active_decisions,
    merge_persons,
    split_person,
    withdraw_decision,
)
from heron.identity.review import review_queue
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.models import IdentityDecision, IdentityReviewPair, IdentityRun
from tests.identity.households import first_batch, write

ACTOR = system_actor("test-decisions")
ANALYST = person_actor("analyst-7")


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


def test_a_confirmation_a_hard_rule_overrides_goes_to_the_review_queue(linked: Engine) -> None:
    # Dean (35) and Ella (7): a person confirms them, but a child is never an adult
    record_decision(
        linked, ANALYST, DecisionKind.CONFIRM, "tvp:INC-3#0", "occ:CN-2#0", "same person"
    )
    for incremental in (False, None):
        link_persons(linked, ACTOR, incremental=incremental)
        person = _person_of(linked)
        assert person["tvp:INC-3#0"] != person["occ:CN-2#0"]
        entries = review_queue(linked, ACTOR, limit=50)
        conflict = [e for e in entries if e.kind == "conflict"]
        assert [(e.left, e.right) for e in conflict] == [("occ:CN-2#0", "tvp:INC-3#0")]
        assert "a child and an adult" in (conflict[0].rule or "")
        text = conflict[0].text()
        assert "a person confirmed they are one, but a hard rule overrides it" in text
        assert "starting point" in text  # explained, scored now when the run never scored it
        both = {person["tvp:INC-3#0"], person["occ:CN-2#0"]}
        assert sum(1 for e in entries if set(e.persons) == both) == 1


def test_decisions_need_real_mentions(linked: Engine) -> None:
    with pytest.raises(ValueError, match="no such mention: tvp:INC-99#0"):
        record_decision(linked, ANALYST, DecisionKind.CONFIRM, "tvp:INC-99#0", "ouh:ED-1#0", "typo")
    with linked.connect() as conn:
        assert conn.execute(select(IdentityDecision.id)).first() is None


def test_a_split_is_one_group_withdrawn_together_and_kept(linked: Engine) -> None:
    jess = _person_of(linked)["ouh:ED-1#0"]
    ids = split_person(linked, ANALYST, jess, ["tvp:INC-1#0", "ouh:ED-2#0"], "two girls")
    assert len(ids) == 3  # one confirmation, two rejections
    withdrawn = withdraw_decision(linked, ANALYST, ids[-1], "one girl after all")
    assert withdrawn == ids
    with linked.connect() as conn:
        rows = conn.execute(
            select(
                IdentityDecision.id,
                IdentityDecision.kind,
                IdentityDecision.group_id,
                IdentityDecision.withdraws,
                IdentityDecision.withdrawn_at,
                IdentityDecision.reason,
            ).order_by(IdentityDecision.id)
        ).all()
    made, events = rows[:3], rows[3:]
    assert {r.group_id for r in made} == {ids[0]} and all(r.withdrawn_at for r in made)
    assert [r.kind for r in events] == ["withdraw"] * 3
    assert sorted(r.withdraws for r in events) == ids
    assert {r.group_id for r in events} == {events[0].id}
    assert {r.reason for r in events} == {"one girl after all"}
    assert active_decisions(linked, ACTOR, set(_person_of(linked))) == ([], [])
    with pytest.raises(ValueError, match="already withdrawn"):
        withdraw_decision(linked, ANALYST, ids[0], "again")
    link_persons(linked, ACTOR)
    after = _person_of(linked)
    assert after["tvp:INC-1#0"] == after["ouh:ED-1#0"] == after["ouh:ED-2#0"]


def test_review_queue_ranks_children_with_concern_first_then_by_what_a_merge_joins(
    linked: Engine,
) -> None:
    """Jess (a child named in a missing episode) is a concern; nobody else is. Sizes:
    Jess 3 mentions, her mother 2, Dean 1, Amy 2, Ella 3."""
    person = _person_of(linked)
    jess, mum, dean = person["ouh:ED-1#0"], person["tvp:INC-1#1"], person["tvp:INC-3#0"]
    amy, ella = person["school:ATT-1#0"], person["school:ATT-2#0"]
    with linked.connect() as conn:
        run = conn.execute(select(func.max(IdentityRun.id))).scalar_one()
        comparisons = len(conn.execute(select(IdentityRun.model).where(IdentityRun.id == run))
                          .scalar_one()["comparisons"])  # fmt: skip
    wanted = {  # pair: match probability (threshold 0.8)
        ("tvp:INC-3#0", "tvp:INC-1#1"): 0.79,  # mother + Dean: 3 mentions
        ("school:ATT-1#0", "tvp:INC-1#1"): 0.5,  # Amy + mother: 4
        ("school:ATT-1#0", "school:ATT-2#0"): 0.79,  # the twins: 5, near the threshold
        ("school:ATT-2#0", "tvp:INC-1#1"): 0.3,  # Ella + mother: 5, further from it
        ("ouh:ED-1#0", "tvp:INC-3#0"): 0.25,  # Jess + Dean: a child with a concern
    }
    with linked.begin() as conn:
        conn.execute(delete(IdentityReviewPair).where(IdentityReviewPair.run_id == run))
        conn.execute(insert(IdentityReviewPair), [
            {"run_id": run, "kind": "uncertain", "left_key": min(pair), "right_key": max(pair),
             "match_weight": 0.0, "match_probability": p, "gammas": [-1] * comparisons,
             "weights": [0.0] * comparisons, "rule": None}
            for pair, p in wanted.items()
        ])  # fmt: skip
    entries = review_queue(linked, ACTOR)
    assert [set(e.persons) for e in entries] == [
        {jess, dean},
        {amy, ella},
        {ella, mum},
        {amy, mum},
        {mum, dean},
    ]
    assert [e.concern for e in entries] == [True, False, False, False, False]
    assert [e.mentions for e in entries] == [4, 5, 5, 4, 3]
