"""Linking through the store on SQLite and PostgreSQL: persons, stable ids, as-of, decisions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from heron.access import system_actor
from heron.identity import (
    DecisionKind,
    explain_pair,
    link_persons,
    person_rows,
    record_decision,
    withdraw_decision,
)
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.asof import parse_as_of
from heron.store.models import IdentityEvent, IdentityRun, PersonMention, ResolvedObject
from tests.factories import record
from tests.identity.households import first_batch, second_batch, write

ACTOR = system_actor("test-link")


@pytest.fixture
def linked(engine: Engine, tmp_path: Path) -> Engine:
    path = write(tmp_path / "in", first_batch(), "first.jsonl")
    ingest_paths(engine, [path], ACTOR, Settings())
    link_persons(engine, ACTOR)
    return engine


def _person_of(engine: Engine) -> dict[str, str]:
    return {
        key: row["person_id"] for row in person_rows(engine, ACTOR, None) for key in row["mentions"]
    }


def test_every_mention_is_in_exactly_one_person(linked: Engine) -> None:
    rows = list(person_rows(linked, ACTOR, None))
    keys = Counter(k for row in rows for k in row["mentions"])
    assert set(keys.values()) == {1}
    assert len(keys) == 11  # every person mention of the nine records
    assert all(row["person_id"].startswith("P") and len(row["person_id"]) == 7 for row in rows)
    assert set(rows[0]) == {
        "person_id", "mentions", "given_name", "family_name", "date_of_birth", "is_child"
    }  # fmt: skip


def test_nicknames_link_but_mother_and_daughter_and_twins_stay_apart(linked: Engine) -> None:
    person = _person_of(linked)
    jess = {person["ouh:ED-1#0"], person["ouh:ED-2#0"], person["tvp:INC-1#0"]}
    assert len(jess) == 1
    assert person["tvp:INC-1#1"] != person["tvp:INC-1#0"]  # the mother
    assert person["tvp:INC-1#1"] == person["tvp:INC-2#0"]
    amy, ella = person["school:ATT-1#0"], person["school:ATT-2#0"]
    assert amy != ella
    assert person["occ:CN-1#0"] == amy and person["occ:CN-1#1"] == ella
    row = next(r for r in person_rows(linked, ACTOR, None) if "ouh:ED-1#0" in r["mentions"])
    assert row["is_child"] is True and row["date_of_birth"] == "1993-05-02"


def test_ids_hold_when_new_records_arrive(linked: Engine, tmp_path: Path) -> None:
    before = _person_of(linked)
    path = write(tmp_path / "in2", second_batch(), "second.jsonl")
    ingest_paths(linked, [path], ACTOR, Settings())
    summary = link_persons(linked, ACTOR)
    after = _person_of(linked)
    assert all(after[key] == pid for key, pid in before.items())
    assert after["ouh:ED-3#0"] == before["ouh:ED-1#0"]
    assert after["tvp:INC-4#0"] not in set(before.values())
    assert summary.new_persons == 1 and summary.merges == 0 and summary.splits == 0
    with linked.connect() as conn:
        kinds = conn.execute(
            select(IdentityEvent.kind).where(IdentityEvent.run_id == summary.run_id)
        ).scalars()
        assert list(kinds) == ["new"]


def test_as_of_sees_only_what_was_recorded_by_then(linked: Engine) -> None:
    as_of = parse_as_of("2006-12-31")
    rows = list(person_rows(linked, ACTOR, as_of))
    keys = {k for row in rows for k in row["mentions"]}
    assert keys == {"ouh:ED-1#0", "ouh:ED-2#0", "tvp:INC-1#0", "tvp:INC-1#1"}
    with linked.connect() as conn:
        stored = conn.execute(select(IdentityRun.as_of).order_by(IdentityRun.id)).scalars()
        assert list(stored)[-1] == as_of
        # the as-of run is stored beside the first one and did not change its assignment
        first = conn.execute(select(PersonMention.run_id).distinct()).scalars()
        assert len(set(first)) == 2


def test_a_rejection_splits_and_a_confirmation_merges(linked: Engine) -> None:
    record_decision(
        linked, ACTOR, DecisionKind.REJECT, "ouh:ED-1#0", "tvp:INC-1#0",
        "ED-1 is a different Jessica: checked with the hospital",
    )  # fmt: skip
    record_decision(
        linked, ACTOR, DecisionKind.CONFIRM, "tvp:INC-3#0", "tvp:INC-2#0", "same PNC record"
    )
    # a confirmation cannot put an adult (Dean, 35) and a child (Ella, 7) in one person
    record_decision(linked, ACTOR, DecisionKind.CONFIRM, "tvp:INC-3#0", "occ:CN-2#0", "typo")
    summary = link_persons(linked, ACTOR)
    person = _person_of(linked)
    assert person["ouh:ED-1#0"] != person["tvp:INC-1#0"]
    assert person["tvp:INC-3#0"] == person["tvp:INC-2#0"]
    assert person["tvp:INC-3#0"] != person["occ:CN-2#0"]
    assert summary.splits >= 1 and summary.merges >= 1


def test_a_decision_needs_a_reason(linked: Engine) -> None:
    with pytest.raises(ValueError, match="say why"):
        record_decision(linked, ACTOR, DecisionKind.REJECT, "ouh:ED-1#0", "tvp:INC-1#0", " ")


def test_a_link_explains_itself(linked: Engine) -> None:
    linked_pair = explain_pair(linked, ACTOR, "ouh:ED-1#0", "ouh:ED-2#0")
    assert linked_pair.match_probability >= 0.8
    text = linked_pair.text()
    assert "same NHS number" in text and "evidence for" in text
    twins = explain_pair(linked, ACTOR, "school:ATT-1#0", "school:ATT-2#0")
    assert not twins.stored and "twins" in twins.text()
    given = next(e for e in twins.evidence if e.comparison == "given_name")
    assert given.weight < 0 and (given.left, given.right) == ("amy", "ella")
    mother = explain_pair(linked, ACTOR, "ouh:ED-1#0", "tvp:INC-2#0")
    assert "a child and an adult" in mother.text()


def test_a_run_as_of_an_earlier_date_does_not_renumber_later_persons(linked: Engine) -> None:
    before = _person_of(linked)
    link_persons(linked, ACTOR, parse_as_of("2006-12-31"))
    link_persons(linked, ACTOR)
    assert _person_of(linked) == before


def test_linking_the_same_dates_again_gives_the_same_ids(engine: Engine, tmp_path: Path) -> None:
    """A replay repeated after later runs renumbered someone gives that person, first seen
    between two replayed dates, the id they had at those dates, not the later one."""
    ingest_paths(engine, [write(tmp_path / "in", first_batch(), "first.jsonl")], ACTOR, Settings())
    dates = [parse_as_of("2006-12-31"), parse_as_of("2007-06-30")]

    def replayed() -> dict[str, str]:
        for as_of in dates:
            link_persons(engine, ACTOR, as_of)
        rows = person_rows(engine, ACTOR, dates[-1])
        return {key: row["person_id"] for row in rows for key in row["mentions"]}

    first = replayed()
    assert first["tvp:INC-3#0"] != first["tvp:INC-2#0"]  # Dean, first seen in 2007
    # Someone joins Dean to the mother, a live run follows, then the decision is withdrawn:
    # the live run gave Dean's mention the mother's id.
    decision = record_decision(
        engine, ACTOR, DecisionKind.CONFIRM, "tvp:INC-3#0", "tvp:INC-2#0", "same PNC record"
    )
    link_persons(engine, ACTOR)
    assert _person_of(engine)["tvp:INC-3#0"] == first["tvp:INC-2#0"]
    withdraw_decision(engine, ACTOR, decision, "the PNC match was wrong")
    assert replayed() == first


def test_phones_vehicles_and_places_are_resolved_in_the_same_run(
    engine: Engine, tmp_path: Path
) -> None:
    from tests.factories import record, write_jsonl

    second = record("INC-2", vehicles=[{"registration": "AB12CDE", "role": "seen"}])
    path = write_jsonl(tmp_path / "r.jsonl", [record("INC-1"), second])
    ingest_paths(engine, [path], ACTOR, Settings())
    summary = link_persons(engine, ACTOR)
    with engine.connect() as conn:
        rows = conn.execute(
            select(ResolvedObject.object_key, ResolvedObject.object_id).where(
                ResolvedObject.run_id == summary.run_id
            )
        ).all()
    ids = dict(rows)
    assert ids["tvp:INC-1#vehicle0"] == ids["tvp:INC-2#vehicle0"] == "V:AB12CDE"
    assert ids["tvp:INC-1#phone0"] == "PH:+447700900124"
    assert summary.objects == len(ids)


def test_a_run_can_reuse_the_previous_runs_model(linked: Engine) -> None:
    before = _person_of(linked)
    summary = link_persons(linked, ACTOR, reuse_model=True)
    with linked.connect() as conn:
        models = conn.execute(select(IdentityRun.model).order_by(IdentityRun.id)).scalars().all()
    assert models[-1]["comparisons"] == models[-2]["comparisons"]
    assert _person_of(linked) == before and summary.merges == summary.splits == 0


def _helpline(rid: str, day: str, caller_kind: str, given: str) -> dict[str, object]:
    return record(
        rid, "speakout", sector="helpline", type="helpline_contact",
        occurred_at=f"{day}T11:00", recorded_at=f"{day}T12:00",
        persons=[{"ref": "p1", "role": "subject", "given_name": given, "sex": "F"},
                 {"ref": "p2", "role": "other", "given_name": "Reece", "sex": "M"}],
        vehicles=[], phones=[], online=[],
        attributes={"caller_kind": caller_kind, "anonymous": True}, text="",
    )  # fmt: skip


def test_a_helplines_child_caller_is_a_child_in_full_and_incremental_runs(
    engine: Engine, tmp_path: Path
) -> None:
    """ "Sophie", of no stated age, calling a helpline as a child is a child; the man she
    names, and a caller a parent speaks for, are not said to be anything."""
    first = write(tmp_path / "in", [_helpline("HL-1", "2007-09-08", "parent", "Nadia")], "a.jsonl")
    ingest_paths(engine, [first], ACTOR, Settings())
    link_persons(engine, ACTOR, incremental=False)
    second = write(tmp_path / "in", [_helpline("HL-2", "2007-10-08", "child", "Sophie")], "b.jsonl")
    ingest_paths(engine, [second], ACTOR, Settings())
    summary = link_persons(engine, ACTOR, incremental=True)
    assert summary.mode == "incremental"
    rows = {row["mentions"][0]: row["is_child"] for row in person_rows(engine, ACTOR, None)}
    assert rows["speakout:HL-2#p1"] is True  # summarised by the incremental run
    assert rows["speakout:HL-2#p2"] is None and rows["speakout:HL-1#p1"] is None
