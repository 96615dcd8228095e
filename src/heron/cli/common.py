"""What every command shares: the ``--db`` option, opening the store, the console.

``--db`` works before the command too (``heron --db URL db upgrade``): ``heron.cli.main``
makes it the default of every command's own ``--db`` (``db_defaults``), which still wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from heron.settings import Settings, get_settings
from heron.store.asof import parse_as_of
from heron.store.db import open_store

console = Console(stderr=True)
out = Console()


def step_progress() -> Progress:
    """A progress bar of counted steps (description, bar, n of N, time) on the console."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


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


def db_defaults(command: Any, db: str) -> dict[str, Any]:
    """A click ``default_map`` giving every command under ``command`` that has a ``--db``
    option the default ``db`` (nested by subcommand name, as click looks defaults up)."""
    out: dict[str, Any] = {}
    for name, sub in getattr(command, "commands", {}).items():
        if hasattr(sub, "commands"):
            out[name] = db_defaults(sub, db)
        elif any(param.name == "db" for param in sub.params):
            out[name] = {"db": db}
    return out


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
