"""``heron synth``: write a synthetic county (records-v1 files plus ground truth)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from heron.synth import SynthConfig, generate

console = Console(stderr=True)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def synth(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the county into.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same bytes.")] = 1,
    children: Annotated[
        int, typer.Option("--children", min=1, help="Children in the county.")
    ] = 1000,
    records: Annotated[
        int | None,
        typer.Option(
            "--records", min=100, help="Aim for about this many records (overrides --children)."
        ),
    ] = None,
    start: Annotated[str, typer.Option("--start", help="First day of the window.")] = "2004-01-01",
    end: Annotated[str, typer.Option("--end", help="Last day of the window.")] = "2011-12-31",
    networks: Annotated[
        int | None,
        typer.Option("--networks", min=0, help="Exploitation networks (default: by size)."),
    ] = None,
    compresslevel: Annotated[
        int, typer.Option("--compresslevel", min=0, max=9, help="gzip level of the output.")
    ] = 3,
) -> None:
    """Write a synthetic county: records per agency under OUT/records, truth under OUT/truth."""
    try:
        config = SynthConfig(
            out=out,
            seed=seed,
            children=children,
            start=_date(start),
            end=_date(end),
            records=records,
            networks=networks,
            compresslevel=compresslevel,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    with Progress(
        TextColumn("[bold]synth[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[records]:,} records"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task("synth", total=None, records=0)

        def progress(done: int, total: int, written: int) -> None:
            bar.update(task, completed=done, total=total, records=written)

        summary = generate(config, progress)
    table = Table(title=f"Synthetic county in {summary.out}", show_header=True)
    table.add_column("agency")
    table.add_column("records", justify="right")
    for agency, count in summary.by_agency.items():
        table.add_row(agency, f"{count:,}")
    console.print(table)
    console.print(
        f"{summary.records:,} records, {summary.mentions:,} mentions, "
        f"{summary.persons:,} true persons ({summary.children:,} children), "
        f"{summary.networks} networks, {summary.decoys} decoy groups, "
        f"{summary.reissued} re-issued, {summary.superseding} superseding; "
        f"{summary.seconds:.1f} s ({summary.records_per_second:,.0f} records/s)"
    )


def register(app: typer.Typer) -> None:
    """Add the ``synth`` command to the ``heron`` app."""
    app.command("synth")(synth)
