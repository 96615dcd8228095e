"""The generated reference docs match the code: no command or setting goes undocumented."""

from __future__ import annotations

from pathlib import Path

from heron.cli.main import app
from heron.cli.reference import cli_reference, settings_reference

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_cli_reference_is_current() -> None:
    assert (DOCS / "cli.md").read_text() == cli_reference(app), "run `make docs`"


def test_settings_reference_is_current() -> None:
    assert (DOCS / "settings.md").read_text() == settings_reference(), "run `make docs`"


def test_every_command_has_help() -> None:
    text = cli_reference(app)
    for block in text.split("## `")[1:]:
        title, _, body = block.partition("\n")
        assert body.strip().split("\n")[0].strip() and not body.startswith("\nUsage"), title
