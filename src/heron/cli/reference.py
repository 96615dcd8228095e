"""Generated reference docs: every command (docs/cli.md) and every setting (docs/settings.md).

``python -m heron.cli.reference`` (``make docs``) rewrites them; a test fails when they are
out of date, so a new command or setting cannot go undocumented.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from heron.settings import Settings

CLI_DOC = "cli.md"
SETTINGS_DOC = "settings.md"


# Typer ships its own copy of click, so parameters and commands are read by their attributes.
def _param_row(param: Any) -> str:
    if getattr(param, "param_type_name", "") == "option":
        name = ", ".join(f"`{o}`" for o in param.opts)
        default = param.default if param.default not in (None, False, ()) else ""
        help_text = param.help or ""
    else:
        name = f"`{(param.name or '').upper()}`"
        default = ""
        help_text = getattr(param, "help", "") or ""
    default_text = f" (default: `{default}`)" if default not in ("", None) else ""
    return f"| {name} | {help_text}{default_text} |"


def _command_docs(command: Any, path: str) -> list[str]:
    lines: list[str] = []
    if hasattr(command, "commands"):
        for name in sorted(command.commands):
            lines += _command_docs(command.commands[name], f"{path} {name}")
        return lines
    params = [p for p in command.params if p.name != "help"]
    usage = " ".join(
        f"[{(p.name or '').upper()}…]" if p.nargs == -1 else (p.name or "").upper()
        for p in params
        if getattr(p, "param_type_name", "") == "argument"
    )
    lines += [f"## `{path}`", "", (command.help or "").strip(), ""]
    lines += [f"Usage: `{f'{path} [OPTIONS] {usage}'.rstrip()}`", ""]
    if params:
        lines += ["| argument / option | meaning |", "|---|---|"]
        lines += [_param_row(p) for p in params]
        lines.append("")
    return lines


def cli_reference(app: typer.Typer) -> str:
    root = typer.main.get_command(app)
    header = [
        "# Command reference",
        "",
        "Generated from the code by `make docs`; do not edit by hand. The public contract is "
        "[cli-and-exports-v1](../../shared/spec/cli-and-exports-v1.md).",
        "",
        "`--db URL` can also come before the command (`heron --db URL db upgrade`); a `--db` "
        "after the command wins.",
        "",
    ]
    return "\n".join(header + _command_docs(root, "heron")).rstrip() + "\n"


def settings_reference() -> str:
    lines = [
        "# Settings",
        "",
        "Generated from `heron/settings.py` by `make docs`; do not edit by hand. Each is read "
        "from the environment variable shown (or a `.env` file); `--db` overrides `HERON_DB`.",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    for name, field in Settings.model_fields.items():
        env = f"HERON_{name.upper()}"
        lines.append(f"| `{env}` | `{field.default}` | {field.description or ''} |")
    return "\n".join(lines) + "\n"


def write_all(docs: Path) -> None:
    from heron.cli.main import app

    (docs / CLI_DOC).write_text(cli_reference(app))
    (docs / SETTINGS_DOC).write_text(settings_reference())


if __name__ == "__main__":
    write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs"))
