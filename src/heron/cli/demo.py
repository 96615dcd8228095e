"""``heron demo``: a synthetic county made, ingested, then replayed in one go.

The replay links and detects as of every ``DEMO_EVERY`` over the county's years, so each
alert keeps the first date the records could have raised it (a network that ended years
before the last day would raise nothing on that day alone). It ends with every child's
level on the last day and the alerts raised on the way (the web app, a later issue, will be
served from here too).
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import Engine

from heron.access import system_actor
from heron.cli.common import DbOption, console, open_db, out, settings_for, step_progress
from heron.cli.ingest import print_summary
from heron.ingest import ingest_paths
from heron.ingest.service import total_bytes
from heron.synth import SynthConfig, generate

#: How often the demo's replay links and detects (``heron replay --every 1m`` is finer).
DEMO_EVERY = "6m"


def demo(
    children: Annotated[
        int | None, typer.Option(help="Children in the county (default: HERON_DEMO_CHILDREN).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic county.")] = 2010,
    folder: Annotated[
        Path | None, typer.Option("--dir", help="Where to write the county (default: demo-county).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Make a synthetic county, ingest it, and replay it: link and detect every 6 months."""
    settings = settings_for(db)
    engine = open_db(settings)
    target = folder or settings.demo_dir
    n_children = children or settings.demo_children
    console.rule("[b]Heron demo[/b] — synthetic data only")
    with step_progress() as bar:
        task = bar.add_task(f"Making a county of {n_children:,} children", total=None)
        config = SynthConfig(out=target, seed=seed, children=n_children)
        made = generate(
            config,
            lambda done, total, _written: bar.update(task, completed=done, total=total),
        )
    console.print(
        f"Wrote {made.records:,} records from {len(made.by_agency)} agencies to {target} "
        f"({made.networks} planted networks, {made.decoys} decoys)."
    )
    records = target / "records"
    with Progress(*Progress.get_default_columns(), console=console, transient=True) as bar:
        task = bar.add_task("Ingesting", total=total_bytes([records]))
        summary = ingest_paths(
            engine, [records], system_actor("demo"), settings,
            on_progress=lambda n: bar.advance(task, n),
        )  # fmt: skip
    print_summary(summary)
    start = datetime.combine(config.start, time.max)
    end = datetime.combine(config.end, time.max)
    _replay_and_report(engine, start, end)
    out.print(
        f"\nHeron holds the county in {settings.db}. Try: "
        f"[b]heron alerts list[/b], [b]heron alerts show ALERT_ID --steps[/b], "
        f"[b]heron export risk --as-of {config.end}[/b], [b]heron chronology PERSON_ID[/b], "
        f"[b]heron replay --from {config.start} --to {config.end} --every 1m[/b], "
        f"[b]heron language report[/b]."
    )


def _replay_and_report(engine: Engine, start: datetime, end: datetime) -> None:
    """Link and detect as of each step (a progress bar), then the levels on the last day
    and the alerts raised on the way, each with the date it was first raised."""
    from heron.alerts import alert_lines
    from heron.detection import DetectResult, parse_every, replay, replay_dates

    actor = system_actor("demo")
    every = parse_every(DEMO_EVERY)
    last: DetectResult | None = None
    with step_progress() as bar:
        task = bar.add_task("Linking and detecting", total=len(replay_dates(start, end, every)))
        for step in replay(engine, actor, start, end, every):
            last = step.result
            bar.update(
                task, advance=1, description=f"Linked and detected as of {step.as_of:%Y-%m-%d}"
            )
    assert last is not None  # replay_dates always gives the last day
    table = Table(title=f"Children by level of concern, as of {end:%Y-%m-%d}")
    table.add_column("level")
    table.add_column("children", justify="right")
    for level in ("high", "medium", "low", "none"):
        table.add_row(level, f"{last.levels[level]:,}")
    out.print(table)
    alerts = list(alert_lines(engine, actor, end))
    networks = [a for a in alerts if a["kind"] == "network"]
    out.print(
        f"Alerts raised from {start:%Y-%m-%d} to {end:%Y-%m-%d}, replayed every "
        f"{DEMO_EVERY}: {len(networks)} network, {len(alerts) - len(networks)} child or watch."
    )
    for alert in networks[:3]:
        out.print(
            f"[b]{alert['alert_id']}[/b] first raised {alert['raised_at']}, "
            f"score {alert['score']:.2f}: {alert['summary']}"
        )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
