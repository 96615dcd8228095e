"""``heron synth`` on the command line."""

from __future__ import annotations

from pathlib import Path

import orjson
import typer
from typer.testing import CliRunner

from heron.cli.synth import register


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps typer from collapsing the group
        """Nothing."""

    return app


def test_synth_command_writes_a_county(tmp_path: Path) -> None:
    out = tmp_path / "c"
    result = CliRunner().invoke(
        _app(),
        [
            "synth",
            "--seed",
            "3",
            "--children",
            "60",
            "--start",
            "2006-01-01",
            "--end",
            "2009-12-31",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert manifest["arguments"]["start"] == "2006-01-01"
    assert manifest["counts"]["records"] > 300
    assert (out / "records" / "wsp.jsonl.gz").exists()
    assert (out / "truth" / "networks.json").exists()


def test_synth_rejects_a_bad_window(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        _app(), ["synth", "--start", "2010-01-01", "--end", "2009-01-01", "--out", str(tmp_path)]
    )
    assert result.exit_code != 0
