"""The practitioner's own recorded concern (``attributes.concern_level``) is a floor, as of D."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from heron.access import system_actor
from heron.indicators import Level, evaluate
from heron.indicators.service import assess_children, risk_line
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.asof import parse_as_of
from tests.factories import record, write_jsonl
from tests.indicators.builders import CHILD, D, child, rec


def concern(rid: str, level: str, at: str, type_: str = "assessment") -> dict[str, object]:
    return rec(rid, type_, at=at, sector="social_care", agency="occ-csc",
               attributes={"concern_level": level})  # fmt: skip


def test_a_recorded_high_concern_raises_a_child_with_no_indicators() -> None:
    risk = evaluate(child([concern("A1", "high", "2008-04-01T10:00")]), D)
    assert risk.indicators == () and risk.computed_level is Level.NONE
    assert risk.level is Level.HIGH
    assert risk.practitioner_level is Level.HIGH
    assert risk.practitioner_record == "occ-csc:A1"
    assert "recorded concern level is high (record occ-csc:A1)" in risk.explanation


def test_only_the_concern_known_at_the_date_counts() -> None:
    recs = [concern("A1", "high", "2008-07-01T10:00")]  # after D
    assert evaluate(child(recs), D).level is Level.NONE


def test_the_latest_recorded_concern_wins_even_when_lower() -> None:
    recs = [
        concern("A1", "high", "2008-01-01T10:00"),
        concern("S1", "low", "2008-05-01T10:00", "strategy_meeting"),
    ]
    risk = evaluate(child(recs), D)
    assert risk.level is Level.LOW and risk.practitioner_record == "occ-csc:S1"


def test_unknown_values_other_types_and_other_childrens_records_are_ignored() -> None:
    sibling = rec("N2", "case_note", at="2008-05-01T10:00", sector="social_care",
                  attributes={"concern_level": "high"})  # fmt: skip
    sibling["persons"][0]["role"] = "other"  # the child is only named in someone else's note
    recs = [
        concern("A1", "very high", "2008-04-01T10:00"),
        rec("M1", "missing_episode", at="2008-04-02T22:00", attributes={"concern_level": "high"}),
        sibling,
    ]
    assert evaluate(child(recs), D).practitioner_level is None


def test_a_given_level_and_a_recorded_one_take_the_higher() -> None:
    recs = [concern("A1", "medium", "2008-04-01T10:00")]
    assert evaluate(child(recs, practitioner_level="high"), D).level is Level.HIGH
    assert evaluate(child(recs, practitioner_level="low"), D).level is Level.MEDIUM


def test_the_store_reads_the_recorded_concern_as_of_each_date(
    engine: Engine, tmp_path: Path
) -> None:
    person = {**CHILD, "postcode": "OX4 1AB", "identifiers": {"local_id": "X1"}}
    lines = [
        record("A1", "occ-csc", type="assessment", sector="social_care", persons=[person],
               occurred_at="2008-03-01T10:00", recorded_at="2008-03-02T10:00",
               attributes={"kind": "cse_screening", "concern_level": "medium"}),
        record("CN1", "occ-csc", type="case_note", sector="social_care", persons=[person],
               occurred_at="2008-05-01T10:00", recorded_at="2008-05-03T10:00",
               attributes={"concern_level": "high"}, text="Strategy discussion booked."),
    ]  # fmt: skip
    ingest_paths(
        engine, [write_jsonl(tmp_path / "csc.jsonl", lines)], system_actor("t"), Settings()
    )
    actor = system_actor("test")
    levels = {
        day: [r.level for r in assess_children(engine, actor, parse_as_of(day))]
        for day in ("2008-02-01", "2008-03-02", "2008-05-02", "2008-05-03")
    }
    assert levels["2008-02-01"] == []
    assert levels["2008-03-02"] == [Level.MEDIUM]
    assert levels["2008-05-02"] == [Level.MEDIUM], "the case note was not recorded yet"
    assert levels["2008-05-03"] == [Level.HIGH]
    [risk] = assess_children(engine, actor, parse_as_of("2008-05-03"))
    line = risk_line(risk)
    assert "practitioner's own recorded concern level is high" in line["explanation"]
    assert (line["practitioner_level"], line["practitioner_record"]) == ("high", "occ-csc:CN1")
