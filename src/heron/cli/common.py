"""What every command shares: the ``--db`` option, opening the store, the console."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import Engine

from heron.settings import Settings, get_settings
from heron.store.asof import parse_as_of
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


def parse_date_option(value: str) -> datetime:
    """A command-line date or datetime, as `--as-of` reads it."""
    try:
        when = parse_as_of(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date or datetime") from exc
    assert when is not None
    return when


AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        parser=parse_date_option,
        metavar="D",
        help="As of this date (its end) or datetime: only what had been recorded by then "
        "(default: now).",
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
