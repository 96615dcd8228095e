"""``heron chronology PERSON_ID``: a thin command over ``heron.chronology``.

Prints the person's multi-agency chronology as a table and writes CSV or PDF when asked.
Holds no business logic: parsing options, calling the service, showing the result.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, get_args

import typer
from rich.markup import escape
from rich.table import Table

from heron.access import system_actor
from heron.cli.common import AsOfOption, DbOption, console, open_db, out, settings_for
from heron.ingest.schema import RecordType, Sector
from heron.timeutil import to_uk_local

SECTORS = frozenset(get_args(Sector))
TYPES = frozenset(get_args(RecordType))


def _when(option: str, value: str | None) -> date | datetime | None:
    """A date (kept as a date, so that the service can take the whole day) or a datetime."""
    if value is None:
        return None
    try:
        text = value.strip()
        return (
            date.fromisoformat(text)
            if len(text) == 10
            else to_uk_local(datetime.fromisoformat(text))
        )
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date or datetime", param_hint=option) from exc


def _known(option: str, values: list[str], known: frozenset[str]) -> list[str]:
    unknown = sorted(set(values) - known)
    if unknown:
        raise typer.BadParameter(
            f"unknown {', '.join(unknown)}; known: {', '.join(sorted(known))}", param_hint=option
        )
    return values


def chronology(
    person_id: Annotated[str, typer.Argument(help="The person's id, e.g. P000123.")],
    as_of: AsOfOption = None,
    sector: Annotated[
        list[str] | None, typer.Option("--sector", help="Only this sector (repeatable).")
    ] = None,
    record_type: Annotated[
        list[str] | None, typer.Option("--type", help="Only this record type (repeatable).")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="Only what happened from this date.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Only what happened up to this date.")
    ] = None,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Also write the chronology as CSV here.")
    ] = None,
    pdf_path: Annotated[
        Path | None, typer.Option("--pdf", help="Also write the chronology as PDF here.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Every record of every agency that mentions a person, in order, as of a date."""
    from heron.chronology import UnknownPerson, write_csv, write_pdf
    from heron.chronology import chronology as assemble

    sectors = _known("--sector", sector or [], SECTORS)
    types = _known("--type", record_type or [], TYPES)
    lower, upper = _when("--from", start), _when("--to", end)
    engine = open_db(settings_for(db))
    try:
        with console.status("Assembling the chronology"):
            result = assemble(
                engine,
                system_actor("chronology-cli"),
                person_id,
                as_of,
                sectors,
                types,
                lower,
                upper,
            )
    except UnknownPerson as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    out.print(
        f"[bold]{escape(result.name)}[/bold] ({result.person_id}), "
        f"born {result.date_of_birth or '?'}; as of {result.as_of_label}",
        highlight=False,
    )
    out.print(escape(result.counts_line), highlight=False)
    table = Table("Date", "Agency", "Type", "Summary", show_lines=False)
    for entry in result.entries:
        table.add_row(
            entry.when, escape(entry.agency), entry.type.replace("_", " "), escape(entry.summary)
        )
    out.print(table)
    if csv_path is not None:
        write_csv(result, csv_path)
        console.print(f"CSV written to {csv_path}")
    if pdf_path is not None:
        write_pdf(result, pdf_path)
        console.print(f"PDF written to {pdf_path}")


def register(app: typer.Typer) -> None:
    app.command("chronology")(chronology)
