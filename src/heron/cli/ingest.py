"""``heron ingest`` and ``heron quarantine``: thin commands over ``heron.ingest``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    DownloadColumn,
    Progress,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from heron.access import system_actor
from heron.cli.common import DbOption, console, open_db, out, settings_for
from heron.ingest import IngestError, IngestSummary, ingest_paths
from heron.ingest.quarantine import get_quarantined, list_quarantine
from heron.ingest.service import total_bytes

quarantine_app = typer.Typer(help="Lines that could not be stored, and why.", no_args_is_help=True)


def _short(path: str) -> str:
    """The file's name with its folder: enough to tell files apart in a narrow terminal."""
    parts = Path(path).parts
    return "/".join(parts[-2:])


def print_summary(summary: IngestSummary) -> None:
    table = Table(title=f"Ingest batch {summary.batch_id}")
    for column in ("file", "stored", "unchanged", "amended", "quarantined", "status"):
        table.add_column(column, justify="left" if column in ("file", "status") else "right")
    for f in summary.files:
        c = f.counts
        status = f.status if not f.problem else f"{f.status}: {f.problem}"
        table.add_row(
            _short(f.path), *map(str, (c.stored, c.unchanged, c.amended, c.quarantined)), status
        )
    c = summary.counts
    table.add_row(
        "[b]total", *(f"[b]{n}" for n in (c.stored, c.unchanged, c.amended, c.quarantined)), ""
    )
    console.print(table)
    out.print(
        f"stored {c.stored}, unchanged {c.unchanged}, amended {c.amended}, "
        f"quarantined {c.quarantined}"
    )
    if c.quarantined:
        console.print("See them with [b]heron quarantine list[/b].")


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of records.")],
    format: Annotated[str, typer.Option("--format", help="Input format.")] = "records-v1",
    db: DbOption = None,
) -> None:
    """Read records (.jsonl, .jsonl.gz; files or folders) into the store."""
    settings = settings_for(db)
    engine = open_db(settings)
    try:
        size = total_bytes(paths) if all(p.exists() for p in paths) else 0
        with Progress(
            *Progress.get_default_columns()[:-1],
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("Ingesting", total=size)
            summary = ingest_paths(
                engine,
                paths,
                system_actor("ingest-cli"),
                settings,
                source_format=format,
                on_progress=lambda n: progress.advance(task, n),
            )
    except IngestError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    except KeyboardInterrupt:
        console.print(
            "[yellow]Interrupted.[/yellow] Every whole chunk read so far is stored; "
            "run the same command again to finish."
        )
        raise typer.Exit(130) from None
    print_summary(summary)


@quarantine_app.command("list")
def quarantine_list(
    batch: Annotated[int | None, typer.Option(help="Only this ingest batch.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 100,
    db: DbOption = None,
) -> None:
    """List quarantined lines with their reasons."""
    engine = open_db(settings_for(db))
    entries = list_quarantine(engine, system_actor("cli"), batch_id=batch, limit=limit)
    if not entries:
        out.print("Nothing is in quarantine.")
        return
    table = Table()
    for column in ("id", "file", "line", "field", "reason"):
        table.add_column(column)
    for e in entries:
        table.add_row(str(e.id), e.source_path, str(e.line_no), e.field or "", e.reason)
    out.print(table)


@quarantine_app.command("show")
def quarantine_show(
    entry_id: Annotated[int, typer.Argument(help="The quarantine id from `list`.")],
    db: DbOption = None,
) -> None:
    """Show one quarantined line in full: where it came from, why, and its content."""
    engine = open_db(settings_for(db))
    entry = get_quarantined(engine, system_actor("cli"), entry_id)
    if entry is None:
        console.print(f"[red]No quarantined line has id {entry_id}.[/red]")
        raise typer.Exit(1)
    out.print(f"[b]id[/b] {entry.id}   [b]batch[/b] {entry.batch_id}")
    out.print(f"[b]file[/b] {entry.source_path}   [b]line[/b] {entry.line_no}")
    out.print(
        f"[b]record[/b] {entry.record_key or '(unknown)'}   [b]field[/b] {entry.field or '-'}"
    )
    out.print(f"[b]reason[/b] {entry.reason}")
    out.print(f"[b]sha256[/b] {entry.line_sha256}   [b]bytes[/b] {entry.line_length}")
    note = " (truncated; the file holds the rest)" if entry.raw_truncated else ""
    out.print(f"[b]content[/b]{note}:")
    out.print(entry.raw_text, markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.add_typer(quarantine_app, name="quarantine")
