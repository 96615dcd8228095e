"""The flagged-wording report over records in the store, as of a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from heron.access import system_actor
from heron.cli.main import app
from heron.ingest import ingest_paths
from heron.language.report import flag_report
from heron.language.stored import stored_texts
from heron.settings import Settings
from heron.store.asof import parse_as_of
from tests.factories import record, write_jsonl

BLAMING = "Staff describe her as streetwise and say she is putting herself at risk."


def load(engine: Engine, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "notes.jsonl",
        [
            record("N1", type="case_note", text=BLAMING, recorded_at="2008-02-01T10:00",
                   occurred_at="2008-02-01", recorded_by={"name": "A", "role": "social worker"}),
            record("N2", type="case_note", text="Seen at home; no concerns today.",
                   occurred_at="2008-05-01", recorded_at="2008-05-01T10:00"),
        ],
    )  # fmt: skip
    ingest_paths(engine, [path], system_actor("test"), Settings())


def test_stored_texts_follow_as_of(engine: Engine, tmp_path: Path) -> None:
    load(engine, tmp_path)
    actor = system_actor("test")
    items = list(stored_texts(engine, actor))
    assert [(i.agency, i.team, i.when) for i in items] == [
        ("tvp", "social worker", date(2008, 2, 1)),
        ("tvp", "unknown", date(2008, 5, 1)),
    ]
    assert len(list(stored_texts(engine, actor, parse_as_of("2008-03-01")))) == 1
    report = flag_report(stored_texts(engine, actor), period="quarter")
    flagged = {(g.team, g.period): g.texts_flagged for g in report.groups}
    assert flagged == {("social worker", "2008-Q1"): 1, ("unknown", "2008-Q2"): 0}


def test_report_command(engine: Engine, db_url: str, tmp_path: Path) -> None:
    load(engine, tmp_path)
    out = tmp_path / "report.csv"
    result = CliRunner().invoke(
        app, ["language", "report", "--db", db_url, "--csv", str(out), "--period", "month"]
    )
    assert result.exit_code == 0, result.output
    assert "2008-02" in out.read_text()
