"""``heron missing`` over the store: one child's episodes, overdue interviews, shared nights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import Engine
from typer.testing import CliRunner

from heron.access import system_actor
from heron.cli import missing as command
from heron.cli.main import app
from heron.ingest import ingest_paths
from heron.settings import Settings
from tests.factories import record, write_jsonl

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console wide enough that no table cell wraps (whatever COLUMNS says)."""
    monkeypatch.setattr(command, "out", Console(width=250))


HOTEL = {
    "kind": "hotel",
    "name": "Fir Tree Hotel",
    "address": "3 Mill Lane, Oxford",
    "postcode": "OX4 1AB",
}
ADULT = {"ref": "a1", "role": "associate", "given_name": "Mo", "family_name": "Khan", "age": 31}


def child(ref: str, given: str, local_id: str, dob: str) -> dict[str, object]:
    return {"ref": ref, "role": "missing_person", "given_name": given, "family_name": "Ward",
            "date_of_birth": dob, "sex": "F", "identifiers": {"local_id": local_id}}  # fmt: skip


def missing(rid: str, persons: list[dict[str, object]], **attributes: Any) -> dict[str, object]:
    return record(
        rid, persons=persons, occurred_at="2007-03-01T21:00", ended_at="2007-03-02T08:00",
        recorded_at="2007-03-02T09:00", attributes=attributes,
    )  # fmt: skip


def load(engine: Engine, tmp_path: Path) -> None:
    amy = child("c", "Amy", "L1", "1993-01-05")
    beth = child("c", "Bethany", "L2", "1994-07-19")
    cara = child("c", "Cara", "L3", "1992-11-30")
    done = {"offered": True, "done": True, "date": "2007-03-02T12:00"}
    late = {"offered": True, "done": True, "date": "2007-03-06T10:00"}  # 98 h after return
    records = [
        missing("M1", [amy, ADULT], found_at=HOTEL, found_with=["a1"]),
        missing("M2", [beth], return_interview=done),
        missing("M3", [cara], return_interview=late),
    ]
    path = write_jsonl(tmp_path / "m.jsonl", records)
    ingest_paths(engine, [path], system_actor("test"), Settings())


def test_missing_commands(engine: Engine, db_url: str, tmp_path: Path) -> None:
    load(engine, tmp_path)
    nights = runner.invoke(app, ["missing", "nights", "--as-of", "2007-04-01", "--db", db_url])
    assert nights.exit_code == 0, nights.output
    assert "2007-03-01" in nights.stdout and "(1)" in nights.stdout
    unknown = runner.invoke(app, ["missing", "episodes", "P999999", "--db", db_url])
    assert unknown.exit_code == 1

    children = [w.strip(",") for w in nights.stdout.split() if w.startswith("P0")]
    shown = {}
    for person in children:
        result = runner.invoke(app, ["missing", "episodes", person, "--db", db_url])
        assert result.exit_code == 0 and "Missing episodes of" in result.stdout, result.output
        shown[person] = result.stdout
    [amy] = [out for out in shown.values() if "Fir Tree" in out]
    assert "hotel: Fir Tree Hotel, 3 Mill Lane, Oxford, OX4 1AB" in amy
    assert "(associate, 31)" in amy
    found_with = amy.split("(associate, 31)")[0].split()[-1]
    assert found_with.startswith("P0") and found_with not in children  # the adult's person id
    assert "offer not recorded; OVERDUE" in amy
    others = "".join(out for out in shown.values() if out != amy)
    assert "offered; done within 72 h" in others
    assert "offered; done late (98 h after return)" in others


def test_overdue_lists_interviews_not_done_and_done_late(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    load(engine, tmp_path)
    overdue = runner.invoke(app, ["missing", "overdue", "--as-of", "2007-04-01", "--db", db_url])
    assert overdue.exit_code == 0, overdue.output
    assert "Return interviews not done within 72 hours (2)" in overdue.stdout
    assert "tvp:M1" in overdue.stdout and "NOT DONE" in overdue.stdout
    assert "tvp:M3" in overdue.stdout and "done late 2007-03-06 10:00" in overdue.stdout
    assert "tvp:M2" not in overdue.stdout
    helped = runner.invoke(app, ["missing", "overdue", "--help"])
    assert "not done within 72 hours" in helped.stdout and "done late" in helped.stdout
