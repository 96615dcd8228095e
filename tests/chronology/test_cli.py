"""``heron chronology``: the table, CSV and PDF files, and plain errors."""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from heron.cli.chronology import register
from tests.chronology.records import seeded

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """A fresh app with only the chronology command."""

    register(app)
    return app


def test_prints_the_table_and_writes_csv_and_pdf(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    jess = seeded(engine, tmp_path / "in")
    csv_path, pdf_path = tmp_path / "jess.csv", tmp_path / "jess.pdf"
    args = ["chronology", jess, "--db", db_url, "--as-of", "2007-12-31", "--csv", str(csv_path)]
    result = runner.invoke(_app(), [*args, "--pdf", str(pdf_path)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert f"Jessica Smith ({jess}), born 1993-05-02; as of 2007-12-31 23:59" in result.output
    assert "5 records: tvp 2, cherwell-school 1, occ-csc 1, ouh 1" in result.output
    assert "A&E: intoxication" in result.output and "INC-9" not in result.output
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert [r["record_key"] for r in rows][:2] == ["tvp:MISS-1", "ouh:ED-1"]
    assert pdf_path.read_bytes().startswith(b"%PDF")

    police = runner.invoke(
        _app(),
        ["chronology", jess, "--db", db_url, "--sector", "police", "--type", "intelligence",
         "--from", "2007-01-01", "--to", "2007-06-30"],
        terminal_width=200,
    )  # fmt: skip
    assert police.exit_code == 0, police.output
    assert "1 record: tvp 1" in police.output and "Intelligence (grade B2)" in police.output


def test_unknown_person_and_bad_options_are_plain_errors(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    seeded(engine, tmp_path / "in")
    unknown = runner.invoke(_app(), ["chronology", "P999999", "--db", db_url])
    assert unknown.exit_code == 1 and "never given out" in unknown.output
    sector = runner.invoke(_app(), ["chronology", "P000001", "--db", db_url, "--sector", "pub"])
    assert sector.exit_code == 2 and "unknown pub" in sector.output
    when = runner.invoke(_app(), ["chronology", "P000001", "--db", db_url, "--from", "soon"])
    assert when.exit_code == 2 and "is not a date" in when.output
