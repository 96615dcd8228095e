"""What every command shares: the ``--db`` option, opening the store, the console."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import Engine

from heron.settings import Settings, get_settings
from heron.store.db import open_store

console = Console(stderr=True)
out = Console()

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: HERON_DB, else sqlite:///heron.db).",
        show_default=False,
    ),
]


def settings_for(db: str | None) -> Settings:
    """The process settings, with ``--db`` taking precedence over ``HERON_DB``."""
    settings = get_settings()
    return settings.model_copy(update={"db": db}) if db else settings


def open_db(settings: Settings) -> Engine:
    try:
        return open_store(settings.db)
    except Exception as exc:  # a bad URL or unreachable server: say so plainly
        console.print(f"[red]Cannot open the database {settings.db}:[/red] {exc}")
        raise typer.Exit(2) from exc
