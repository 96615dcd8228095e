"""``heron replay``: a thin command over ``heron.detection.replay``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from heron.access import system_actor
from heron.cli.common import (
    DbOption,
    open_db,
    out,
    parse_date_option,
    settings_for,
    step_progress,
)


def replay(
    start: Annotated[
        datetime,
        typer.Option("--from", parser=parse_date_option, metavar="D1", help="First as-of date."),
    ],
    end: Annotated[
        datetime,
        typer.Option("--to", parser=parse_date_option, metavar="D2", help="Last as-of date."),
    ],
    every: Annotated[
        str, typer.Option("--every", metavar="STEP", help="Step: 1m (a month), 2w, 7d, 1y.")
    ] = "1m",
    db: DbOption = None,
) -> None:
    """Run link and detect as of each date in turn, on what had been recorded by then.

    Each alert keeps the first date at which it was raised ("what did we know when?").
    """
    from heron.detection import parse_every, replay_dates
    from heron.detection import replay as run_replay

    try:
        step = parse_every(every)
        total = len(replay_dates(start, end, step))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    engine = open_db(settings_for(db))
    table = Table(title=f"Replay {start:%Y-%m-%d} → {end:%Y-%m-%d}, every {every}")
    for column in ("as of", "mentions", "persons", "high", "medium", "networks", "alerts"):
        table.add_column(column, justify="left" if column == "as of" else "right")
    with step_progress() as progress:
        task = progress.add_task("Replaying", total=total)
        for done in run_replay(engine, system_actor("replay-cli"), start, end, step):
            result = done.result
            progress.update(task, advance=1, description=f"As of {done.as_of:%Y-%m-%d}")
            table.add_row(
                f"{done.as_of:%Y-%m-%d}",
                f"{done.mentions:,}",
                f"{done.persons:,}",
                str(result.levels["high"]),
                str(result.levels["medium"]),
                str(result.alerted_findings),
                result.alerts.describe(),
            )
    out.print(table)
    out.print(
        "Each alert's first-raised date now reflects this replay: see [b]heron export "
        "alerts[/b] and [b]heron alerts show[/b]."
    )


def register(app: typer.Typer) -> None:
    app.command("replay")(replay)
