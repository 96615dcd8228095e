"""Entry point: builds the ``heron`` Typer app from each capability's command module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="heron",
    help="Heron: join the dots on child sexual exploitation across agencies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


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
