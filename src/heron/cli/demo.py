"""``heron demo``: a synthetic county, made and ingested in one go.

As later capabilities land (linking, detection, the web app) the demo grows to run them
too; today it ends after ingest with a summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

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
    """Make a synthetic county, ingest it, and summarise what Heron now holds."""
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
        made = generate(
            SynthConfig(out=target, seed=seed, children=n_children),
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
    out.print(
        f"\nHeron holds the county in {settings.db}. Try: "
        f"[b]heron quarantine list[/b], or ingest your own records-v1 files with "
        f"[b]heron ingest PATH[/b]."
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
