"""``heron ingest`` and ``heron quarantine`` from the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from heron.cli.main import app
from tests.factories import record, write_jsonl

runner = CliRunner()


def test_ingest_prints_the_summary_and_is_idempotent(db_url: str, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [record("A"), record("B"), "{oops"])
    first = runner.invoke(app, ["ingest", str(path), "--db", db_url])
    assert first.exit_code == 0, first.output
    assert "stored 2, unchanged 0, amended 0, quarantined 1" in first.stdout
    second = runner.invoke(app, ["ingest", str(path), "--db", db_url])
    assert "stored 0, unchanged 2, amended 0, quarantined 1" in second.stdout


def test_quarantine_list_and_show(db_url: str, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [record("A", sector="pol")])
    runner.invoke(app, ["ingest", str(path), "--db", db_url])
    listed = runner.invoke(app, ["quarantine", "list", "--db", db_url])
    assert listed.exit_code == 0 and "sector" in listed.stdout
    shown = runner.invoke(app, ["quarantine", "show", "1", "--db", db_url])
    assert shown.exit_code == 0, shown.output
    assert "Invalid enum value 'pol'" in shown.stdout and '"sector":"pol"' in shown.stdout
    missing = runner.invoke(app, ["quarantine", "show", "99", "--db", db_url])
    assert missing.exit_code == 1


def test_empty_quarantine_says_so(db_url: str) -> None:
    result = runner.invoke(app, ["quarantine", "list", "--db", db_url])
    assert result.exit_code == 0 and "Nothing is in quarantine" in result.stdout


def test_missing_path_is_a_clear_error(db_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.jsonl"), "--db", db_url])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", url])
    assert result.exit_code == 2 and "Cannot open the database" in result.output


def test_db_upgrade(db_url: str) -> None:
    result = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert result.exit_code == 0 and "Schema is up to date" in result.stdout
