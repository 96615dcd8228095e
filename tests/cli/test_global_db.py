"""``heron --db URL <command>`` works as well as ``heron <command> --db URL``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect
from typer.testing import CliRunner

from heron.cli.main import app
from heron.store.db import make_engine

runner = CliRunner()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_db_before_the_command_sets_its_default(db_url: str) -> None:
    result = runner.invoke(app, ["--db", db_url, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Schema is up to date" in result.stdout
    assert "identity_runs" in _tables(db_url)


def test_the_commands_own_db_still_wins(db_url: str, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'other.db'}"
    result = runner.invoke(app, ["--db", other, "db", "upgrade", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "identity_runs" in _tables(db_url)
    assert not (tmp_path / "other.db").exists()


def test_db_before_a_nested_command(db_url: str) -> None:
    result = runner.invoke(app, ["--db", db_url, "identity", "review"])
    assert result.exit_code == 1  # reaches the database: nothing linked there yet
    assert "no linking run yet" in result.output
