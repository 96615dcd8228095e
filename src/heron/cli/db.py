"""``heron db``: create or upgrade the database schema."""

from __future__ import annotations

import typer

from heron.cli.common import DbOption, out, settings_for
from heron.store.db import make_engine, upgrade_schema

db_app = typer.Typer(help="The database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Create the schema or apply pending migrations (every command also does this)."""
    settings = settings_for(db)
    upgrade_schema(make_engine(settings.db))
    out.print(f"Schema is up to date in {settings.db}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
