"""``heron missing`` over the store: one child's episodes, overdue interviews, shared nights."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from heron.access import system_actor
from heron.cli.main import app
from heron.ingest import ingest_paths
from heron.settings import Settings
from tests.factories import record, write_jsonl

runner = CliRunner()


def child(ref: str, given: str, local_id: str, dob: str) -> dict[str, object]:
    return {"ref": ref, "role": "missing_person", "given_name": given, "family_name": "Ward",
            "date_of_birth": dob, "sex": "F", "identifiers": {"local_id": local_id}}  # fmt: skip


def missing(rid: str, person: dict[str, object], interview: bool) -> dict[str, object]:
    extra = {"return_interview": {"offered": True, "done": True, "date": "2007-03-02"}}
    return record(
        rid, persons=[person], occurred_at="2007-03-01T21:00", ended_at="2007-03-02T08:00",
        recorded_at="2007-03-02T09:00", attributes=extra if interview else {},
    )  # fmt: skip


def load(engine: Engine, tmp_path: Path) -> None:
    amy = child("c", "Amy", "L1", "1993-01-05")
    beth = child("c", "Bethany", "L2", "1994-07-19")
    path = write_jsonl(tmp_path / "m.jsonl", [missing("M1", amy, False), missing("M2", beth, True)])
    ingest_paths(engine, [path], system_actor("test"), Settings())


def test_missing_commands(engine: Engine, db_url: str, tmp_path: Path) -> None:
    load(engine, tmp_path)
    nights = runner.invoke(app, ["missing", "nights", "--as-of", "2007-04-01", "--db", db_url])
    assert nights.exit_code == 0, nights.output
    assert "2007-03-01" in nights.stdout and "(1)" in nights.stdout
    overdue = runner.invoke(app, ["missing", "overdue", "--as-of", "2007-04-01", "--db", db_url])
    assert overdue.exit_code == 0 and "(1)" in overdue.stdout and "tvp:M1" in overdue.stdout
    person = next(w.strip(",") for w in nights.stdout.split() if w.startswith("P0"))
    shown = runner.invoke(app, ["missing", "episodes", person, "--db", db_url])
    assert (
        shown.exit_code == 0 and "Missing episodes of" in shown.stdout and "2007-03" in shown.stdout
    )
    unknown = runner.invoke(app, ["missing", "episodes", "P999999", "--db", db_url])
    assert unknown.exit_code == 1
