"""An adult a case note describes as a child's older "boyfriend" (indicator ADU-02) is
tied to her as strongly as intelligence would tie him: with a helpline call naming the
same man for another girl, the two girls are a network the day the records allow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from heron.access import system_actor
from heron.detection import detect
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.asof import parse_as_of
from tests.factories import record, write_jsonl

ACTOR = system_actor("test-partner")
KATY = {"ref": "c", "role": "subject", "given_name": "Katy", "family_name": "Bell",
        "date_of_birth": "1996-04-12", "sex": "F"}  # fmt: skip
SOPHIE = {"ref": "c", "role": "subject", "given_name": "Sophie", "family_name": "Holmes",
          "date_of_birth": "1992-08-23", "sex": "F"}  # fmt: skip
RABBIT = {"ref": "a", "role": "associate", "aliases": ["Rabbit"], "age": 30, "sex": "M"}


def _rec(rid: str, agency: str, sector: str, type_: str, day: str, persons: list[dict[str, Any]],
         text: str, **attributes: Any) -> dict[str, Any]:  # fmt: skip
    return record(
        rid, agency, sector=sector, type=type_, occurred_at=f"{day}T18:00",
        recorded_at=f"{day}T20:00", persons=persons, vehicles=[], phones=[], online=[],
        attributes=attributes, text=text,
    )  # fmt: skip


def _county(engine: Engine, tmp_path: Path, text: str) -> None:
    records = [
        _rec("CN-1", "wcc", "social_care", "case_note", "2007-09-20", [KATY, RABBIT], text),
        _rec("HL-1", "line", "helpline", "helpline_contact", "2007-09-08",
             [SOPHIE, {**RABBIT, "role": "other"}],
             "Caller says she has to go to a flat when he calls her.", caller_kind="child"),
    ]  # fmt: skip
    ingest_paths(engine, [write_jsonl(tmp_path / "county.jsonl", records)], ACTOR, Settings())


def test_a_case_note_describing_an_older_boyfriend_ties_him_strongly(
    engine: Engine, tmp_path: Path
) -> None:
    text = "Katy Bell was picked up by her boyfriend 'Rabbit' (30). She is 11."
    _county(engine, tmp_path, text)
    result = detect(engine, ACTOR, parse_as_of("2007-09-30"))
    [finding] = [f for f in result.findings if f.alert]
    assert len(finding.children) == 2
    assert any("older partner" in reason for reason in finding.reasons)


def test_a_case_note_naming_him_otherwise_stays_ordinary(engine: Engine, tmp_path: Path) -> None:
    _county(engine, tmp_path, "Katy Bell was seen with 'Rabbit' at the shops.")
    result = detect(engine, ACTOR, parse_as_of("2007-09-30"))
    assert not any(f.alert for f in result.findings)
