"""``heron chronology PERSON_ID``: a thin command over ``heron.chronology``.

Prints the person's multi-agency chronology as a table and writes CSV or PDF when asked;
``--show KEY`` prints one of its records in full instead, with its provenance. Holds no
business logic: parsing options, calling the service, showing the result.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, get_args

import orjson
import typer
from rich.markup import escape
from rich.table import Table

from heron.access import Actor, system_actor
from heron.cli.common import AsOfOption, DbOption, console, open_db, out, settings_for
from heron.ingest.schema import RecordType, Sector
from heron.timeutil import to_uk_local

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from heron.chronology import Chronology

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
    show: Annotated[
        str | None,
        typer.Option(
            "--show",
            metavar="KEY",
            help="Print this record of the chronology (its key, agency:id) in full instead "
            "of the table and files: the version visible at --as-of, as stored, with its "
            "provenance.",
        ),
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
    actor = system_actor("chronology-cli")
    try:
        with console.status("Assembling the chronology"):
            result = assemble(
                engine,
                actor,
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
    if show is not None:
        _show(engine, actor, result, show)
        return
    out.print(
        f"[bold]{escape(result.name)}[/bold] ({result.person_id}), "
        f"born {result.date_of_birth or '?'}; as of {result.as_of_label}",
        highlight=False,
    )
    out.print(escape(result.counts_line), highlight=False)
    table = Table("Date", "Agency", "Sector", "Type", "Summary", "Recorded by", "Record")
    for entry in result.entries:
        table.add_row(
            entry.when,
            escape(entry.agency),
            entry.sector.replace("_", " "),
            entry.type.replace("_", " "),
            escape(entry.summary),
            escape(entry.recorded_by),
            escape(entry.record_key),
        )
    out.print(table)
    if csv_path is not None:
        write_csv(result, csv_path)
        console.print(f"CSV written to {csv_path}")
    if pdf_path is not None:
        write_pdf(result, pdf_path)
        console.print(f"PDF written to {pdf_path}")


def _show(engine: Engine, actor: Actor, result: Chronology, key: str) -> None:
    """One record of the chronology as stored, with where it came from (plain text, so
    that the JSON is never wrapped)."""
    from heron.chronology import provenance

    entry = result.entry(key)
    if entry is None:
        console.print(
            f"[red]{escape(key)} is not in the chronology of {result.person_id} as of "
            f"{result.as_of_label}[/red] (with the filters given, if any)."
        )
        raise typer.Exit(1)
    until = f" to {entry.until}" if entry.until else ""
    lines = [
        f"{entry.record_key}, version {entry.version}: in the chronology of {result.name} "
        f"({result.person_id}) as of {result.as_of_label}",
        f"{entry.agency} ({entry.sector.replace('_', ' ')}), {entry.type.replace('_', ' ')}; "
        f"occurred {entry.when}{until}; recorded {entry.recorded_at:%Y-%m-%d %H:%M}"
        + (f" by {entry.recorded_by}" if entry.recorded_by else "")
        + f"; role(s) of {result.person_id}: {', '.join(entry.roles) or 'not given'}",
        provenance(engine, actor, entry).line,
        orjson.dumps(entry.payload, option=orjson.OPT_INDENT_2).decode(),
    ]
    typer.echo("\n".join(lines))


def register(app: typer.Typer) -> None:
    app.command("chronology")(chronology)
