"""Entry point: builds the ``heron`` Typer app from each capability's command module."""

from __future__ import annotations

import typer

from heron.cli.common import DbOption, db_defaults

app = typer.Typer(
    name="heron",
    help="Heron: join the dots on child sexual exploitation across agencies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(ctx: typer.Context, db: DbOption = None) -> None:
    """Heron: join the dots on child sexual exploitation across agencies."""
    # ``heron --db URL <command>``: the default for the command's own ``--db``.
    if db:
        ctx.default_map = {**(ctx.default_map or {}), **db_defaults(ctx.command, db)}


def _register_all() -> None:
    from heron.cli import (
        alerts,
        chronology,
        db,
        demo,
        detect,
        export,
        ingest,
        language,
        link,
        missing,
        replay,
        synth,
    )

    modules = (db, ingest, synth, demo, language, link, export, detect, replay, missing, chronology)
    for module in (*modules, alerts):
        module.register(app)


_register_all()
