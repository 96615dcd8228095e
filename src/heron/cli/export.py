"""``heron export …``: JSON Lines exports of the public contract (cli-and-exports-v1)."""

from __future__ import annotations

import sys

import orjson
import typer

from heron.access import system_actor
from heron.cli.common import AsOfOption, DbOption, console, open_db, settings_for

export_app = typer.Typer(help="Export what Heron found, as JSON Lines.", no_args_is_help=True)


@export_app.command("persons")
def persons(
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """One resolved person a line: person_id, mentions, names, date_of_birth, is_child."""
    from heron.identity import person_rows  # Splink and DuckDB load only when needed

    engine = open_db(settings_for(db))
    with console.status("Reading persons (linking first if needed)"):
        rows = list(person_rows(engine, system_actor("export-cli"), as_of))
    write = sys.stdout.buffer.write
    for row in rows:
        write(orjson.dumps(row) + b"\n")
    sys.stdout.buffer.flush()


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
