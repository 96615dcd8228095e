"""``heron demo``: a synthetic county made, ingested, linked, assessed and detected in one go.

It ends with every child's level, the networks found and the alerts raised as of the
county's last day (the web app, a later issue, will be served from here too).
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine

from heron.access import system_actor
from heron.cli.common import DbOption, console, open_db, out, settings_for
from heron.cli.ingest import print_summary
from heron.ingest import ingest_paths
from heron.ingest.service import total_bytes
from heron.synth import SynthConfig, generate


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
    """Make a synthetic county, ingest it, link persons and assess every child."""
    settings = settings_for(db)
    engine = open_db(settings)
    target = folder or settings.demo_dir
    n_children = children or settings.demo_children
    console.rule("[b]Heron demo[/b] — synthetic data only")
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console,
    ) as bar:  # fmt: skip
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
    end = datetime.combine(config.end, time.max)
    _link_and_detect(engine, end)
    out.print(
        f"\nHeron holds the county in {settings.db}. Try: "
        f"[b]heron alerts list[/b], [b]heron export alerts[/b], "
        f"[b]heron export risk --as-of {config.end}[/b], [b]heron chronology PERSON_ID[/b], "
        f"[b]heron replay --from {config.start} --to {config.end} --every 3m[/b], "
        f"[b]heron language report[/b]."
    )


def _link_and_detect(engine: Engine, as_of: datetime) -> None:
    """Resolve persons, then assess every child, find networks and raise alerts."""
    from heron.detection import detect
    from heron.identity.service import link_persons

    actor = system_actor("demo")
    with console.status("Linking mentions into persons (Splink on DuckDB)"):
        linked = link_persons(engine, actor, as_of)
    out.print(
        f"Linked {linked.mentions:,} person mentions into {linked.persons:,} persons "
        f"(identity run {linked.run_id})."
    )
    with console.status(f"Assessing every child and finding networks as of {as_of:%Y-%m-%d}"):
        result = detect(engine, actor, as_of)
    table = Table(title=f"Children by level of concern, as of {as_of:%Y-%m-%d}")
    table.add_column("level")
    table.add_column("children", justify="right")
    for level in ("high", "medium", "low", "none"):
        table.add_row(level, f"{result.levels[level]:,}")
    out.print(table)
    out.print(f"Alerts: {result.alerts.describe()}.")
    for finding in result.findings[: result.alerted_findings][:3]:
        out.print(f"[b]network {finding.score:.2f}[/b] {finding.summary}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
