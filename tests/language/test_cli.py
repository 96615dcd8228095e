"""``heron language check`` on the command line (contract: spec cli-and-exports-v1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from heron.cli import language
from heron.cli.main import app as main_app


def _registered(app: typer.Typer) -> bool:
    return any(group.name == "language" for group in app.registered_groups)


@pytest.fixture
def app() -> typer.Typer:
    """The real ``heron`` app when it registers the group; else the same group on its own."""
    if _registered(main_app):
        return main_app
    app = typer.Typer()
    language.register(app)
    return app


def run(
    app: typer.Typer, *args: str, stdin: str | None = None
) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(app, ["language", "check", *args], input=stdin)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def test_main_app_registers_the_language_group() -> None:
    if not _registered(main_app):
        pytest.skip("heron.cli.main does not call language.register(app) yet")
    assert _registered(main_app)


def test_json_lines_in_one_json_line_out_per_input(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    rows = [
        {"id": "tvp:1", "text": "She is streetwise."},
        {"id": 7, "text": 'She said "he is my boyfriend".'},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, _ = run(app, str(path))
    assert code == 0
    assert [o["id"] for o in out] == ["tvp:1", 7]
    assert out[1]["flags"] == []
    (flag,) = out[0]["flags"]  # type: ignore[misc]
    assert flag == {
        "start": 7,
        "end": 17,
        "text": "streetwise",
        "suggestion": flag["suggestion"],
        "reason": flag["reason"],
    }
    assert list(flag) == ["start", "end", "text", "suggestion", "reason"]


def test_plain_lines_from_stdin_are_numbered_from_one(app: typer.Typer) -> None:
    code, out, _ = run(app, "-", stdin="She is a runaway.\n\nNo concerns today.\n")
    assert code == 0
    assert [o["id"] for o in out] == [1, 3]
    assert [len(o["flags"]) for o in out] == [1, 0]  # type: ignore[arg-type]


def test_stdin_is_the_default(app: typer.Typer) -> None:
    code, out, _ = run(app, stdin='{"id": "a", "text": "She is wilful."}\n')
    assert code == 0 and out[0]["id"] == "a" and out[0]["flags"]


def test_an_unreadable_path_is_a_clear_error(app: typer.Typer, tmp_path: Path) -> None:
    code, out, err = run(app, str(tmp_path / "missing.jsonl"))
    assert code == 2 and out == []
    assert "cannot read" in err and "missing.jsonl" in err and "No such file" in err
    code, _, err = run(app, str(tmp_path))
    assert code == 2 and "cannot read" in err


def test_a_bad_json_line_names_its_line(app: typer.Typer) -> None:
    code, _, err = run(app, "-", stdin='{"id": 1, "text": "fine"}\n{"id": 2, "text": 5}\n')
    assert code == 2 and "line 2" in err


def test_non_utf8_input_is_a_clear_error(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9 streetwise\n".encode("latin-1"))
    code, _, err = run(app, str(path))
    assert code == 2 and "UTF-8" in err
