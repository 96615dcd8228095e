"""``heron chronology``: the table, CSV and PDF files, and plain errors."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest
import typer
from rich.console import Console
from sqlalchemy import Engine
from typer.testing import CliRunner

from heron.cli import chronology as command
from heron.cli.chronology import register
from tests.chronology.records import seeded

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console wide enough that no table cell wraps (whatever COLUMNS says)."""
    monkeypatch.setattr(command, "out", Console(width=250))


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
    result = runner.invoke(_app(), [*args, "--pdf", str(pdf_path)])
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


def test_the_table_has_sector_recorded_by_and_record_key(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    jess = seeded(engine, tmp_path / "in")
    result = runner.invoke(_app(), ["chronology", jess, "--db", db_url])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "Summary" in line)
    assert [h.strip() for h in header.strip("┃ ").split("┃")] == [
        "Date", "Agency", "Sector", "Type", "Summary", "Recorded by", "Record"
    ]  # fmt: skip
    row = next(line for line in result.output.splitlines() if "ouh:ED-1" in line)
    assert "health" in row and "Ann Lee (Triage nurse)" in row and "A&E: intoxication" in row


def test_show_prints_the_record_as_stored_then_with_its_provenance(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    jess = seeded(engine, tmp_path / "in")
    show = ["chronology", jess, "--db", db_url, "--show", "occ-csc:CN-1"]
    now = runner.invoke(_app(), show)
    assert now.exit_code == 0, now.output
    head, _, body = now.output.partition("\n{")
    assert head.startswith(f"occ-csc:CN-1, version 2: in the chronology of Jessica Smith ({jess})")
    assert (
        "social care" in head and "recorded 2008-01-10 09:00 by Kim Patel (Social worker)" in head
    )
    assert "second.jsonl, line 1 (file sha256 " in head and "ingest batch 2 by " in head
    payload = orjson.loads("{" + body)
    assert payload["text"] == "Visited at home; corrected." and payload["id"] == "CN-1"
    assert '\n  "agency": "occ-csc",\n' in now.output  # pretty, as stored (keys sorted)

    then = runner.invoke(_app(), [*show, "--as-of", "2007-12-31"])
    assert then.exit_code == 0, then.output
    assert then.output.startswith("occ-csc:CN-1, version 1:")
    assert "first.jsonl, line 5 " in then.output and "ingest batch 1 by " in then.output
    assert "Visited at home; Jessica was out." in then.output

    later = runner.invoke(_app(), ["chronology", jess, "--db", db_url, "--as-of", "2007-12-31",
                                   "--show", "tvp:INC-9"])  # fmt: skip
    assert later.exit_code == 1 and "is not in the chronology" in later.output
