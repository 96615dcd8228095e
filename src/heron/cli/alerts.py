"""``heron alerts …``, ``heron watch …`` and ``heron export alerts``: thin commands over
``heron.alerts``."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Annotated

import orjson
import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy import Engine

from heron.access import Actor, system_actor
from heron.cli.common import AsOfOption, DbOption, console, open_db, out, settings_for

alerts_app = typer.Typer(
    help="Network, child and watch alerts: list, show, triage, assign, action, close, "
    "reopen, escalate.",
    no_args_is_help=True,
)
watch_app = typer.Typer(
    help="Watch a person, vehicle or place: any agency recording it again raises an alert.",
    no_args_is_help=True,
)

AlertId = Annotated[str, typer.Argument(help="The alert, e.g. A00017.", show_default=False)]
By = Annotated[str, typer.Option("--by", help="Who is acting (name or staff id).")]
Note = Annotated[str, typer.Option("--note", help="What was decided or done, and why.")]
When = Annotated[
    datetime | None,
    typer.Option("--at", help="When it happened (default: now).", show_default=False),
]


def _person(by: str) -> Actor:
    return Actor(name=by, role="practitioner")


@alerts_app.command("list")
def list_(
    state: Annotated[list[str] | None, typer.Option("--state", help="Only these states.")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only these kinds.")] = None,
    db: DbOption = None,
) -> None:
    """Alerts with their state, score and summary (merged alerts only with --state merged)."""
    from heron.alerts import list_alerts

    engine = open_db(settings_for(db))
    rows = list_alerts(engine, system_actor("alerts-cli"), state or (), kind or ())
    table = Table(title=f"{len(rows)} alerts")
    for column in ("alert", "kind", "state", "raised", "score", "summary"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.alert_id,
            row.kind,
            row.state,
            f"{row.raised_at:%Y-%m-%d}",
            f"{row.score:.2f}",
            row.summary,
        )
    out.print(table)


@alerts_app.command("show")
def show(
    alert_id: AlertId,
    steps: Annotated[
        bool,
        typer.Option(
            "--steps",
            help="Also the alert at each date it was synced (each replayed date): its score, "
            "members and the records that existed then, new ones named.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """One alert: summary, explanation, members, evidence and its history."""
    from heron.alerts import AlertError, get_alert

    engine = open_db(settings_for(db))
    try:
        row, history = get_alert(engine, system_actor("alerts-cli"), alert_id)
    except AlertError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    out.print(
        f"[b]{row.alert_id}[/b] {row.kind} alert, {row.state}; raised {row.raised_at:%Y-%m-%d}"
    )
    if row.merged_into:
        out.print(f"merged into {row.merged_into}")
    if row.assigned_to:
        out.print(f"assigned to {row.assigned_to}")
    out.print(f"score {row.score:.2f}" + (f", level {row.level}" if row.level else ""))
    out.print(row.summary, markup=False)
    out.print("[b]Why[/b]")
    for sentence in row.explanation:
        out.print(f"  • {sentence}", markup=False)
    for label, ids in (
        ("children", row.children),
        ("adults", row.adults),
        ("objects", row.objects),
    ):
        if ids:
            out.print(f"[b]{label}[/b] {escape(', '.join(ids))}", highlight=False)
    keys = escape(", ".join(row.evidence))
    out.print(f"[b]evidence[/b] ({len(row.evidence)}) {keys}", highlight=False)
    out.print("[b]History[/b]")
    for event in history:
        states = f" {event.from_state or '–'}→{event.to_state}" if event.to_state else ""
        note = event.note or ""
        out.print(
            f"  {event.at:%Y-%m-%d %H:%M} {event.kind}{states} by {event.actor}: {note}",
            markup=False,
            highlight=False,
        )
    if steps:
        _print_steps(engine, alert_id)


def _print_steps(engine: Engine, alert_id: str) -> None:
    from heron.alerts import alert_steps

    table = Table(title=f"{alert_id} at each synced date (what was known then)")
    for column in ("as of", "score", "children", "adults", "records", "new records"):
        table.add_column(column)
    for step in alert_steps(engine, system_actor("alerts-cli"), alert_id):
        v = step.view
        new = ", ".join(step.new_evidence[:6]) + (" …" if len(step.new_evidence) > 6 else "")
        table.add_row(
            f"{v.as_of:%Y-%m-%d}", f"{v.score:.2f}", str(len(v.children)), str(len(v.adults)),
            str(len(v.evidence)), f"{len(step.new_evidence)}: {new}",
        )  # fmt: skip
    out.print(table)


def _step(
    action: str,
    alert_id: str,
    by: str,
    note: str,
    at: datetime | None,
    db: str | None,
    to: str | None = None,
) -> None:
    from heron.alerts import AlertError, transition

    engine = open_db(settings_for(db))
    try:
        row = transition(engine, _person(by), alert_id, action, note, at, to=to)
    except AlertError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    out.print(f"{row.alert_id} is now {row.state}")


@alerts_app.command("triage")
def triage(alert_id: AlertId, by: By, note: Note, at: When = None, db: DbOption = None) -> None:
    """Acknowledge a new or reopened alert."""
    _step("triage", alert_id, by, note, at, db)


@alerts_app.command("assign")
def assign(
    alert_id: AlertId,
    by: By,
    to: Annotated[str, typer.Option("--to", help="The named person or team it goes to.")],
    note: Note,
    at: When = None,
    db: DbOption = None,
) -> None:
    """Give an open alert to a named person or team."""
    _step("assign", alert_id, by, note, at, db, to=to)


@alerts_app.command("action")
def action(alert_id: AlertId, by: By, note: Note, at: When = None, db: DbOption = None) -> None:
    """Record what was done, e.g. a disruption or a strategy meeting."""
    _step("action", alert_id, by, note, at, db)


@alerts_app.command("close")
def close(
    alert_id: AlertId,
    by: By,
    rationale: Annotated[str, typer.Option("--rationale", help="Why it can be closed.")],
    at: When = None,
    db: DbOption = None,
) -> None:
    """Close an alert, with the rationale (only a person closes an alert)."""
    _step("close", alert_id, by, rationale, at, db)


@alerts_app.command("reopen")
def reopen(alert_id: AlertId, by: By, note: Note, at: When = None, db: DbOption = None) -> None:
    """Reopen a closed alert."""
    _step("reopen", alert_id, by, note, at, db)


@alerts_app.command("escalate")
def escalate(
    now: Annotated[
        datetime | None,
        typer.Option("--now", metavar="D", help="Escalate as at this time (default: now)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Record the escalations due by the rules (each once) and list them."""
    from heron.alerts import escalate as run

    engine = open_db(settings_for(db))
    made = run(engine, system_actor("alerts-cli"), now)
    for item in made:
        out.print(f"{item.alert_id} → {item.to}: {item.reason} (due {item.due:%Y-%m-%d %H:%M})")
    out.print(f"{len(made)} escalations recorded")


WatchKind = Annotated[str, typer.Argument(help="person, vehicle or place.", show_default=False)]


@watch_app.command("add")
def watch_add(
    kind: WatchKind,
    target: Annotated[
        str,
        typer.Argument(help="Person id, registration, or place id (L:…).", show_default=False),
    ],
    by: By,
    reason: Annotated[str, typer.Option("--reason", help="Why it is watched.")],
    db: DbOption = None,
) -> None:
    """Watch a person, vehicle or place from now on."""
    from heron.alerts import AlertError, add_watch

    engine = open_db(settings_for(db))
    try:
        watch = add_watch(engine, _person(by), kind, target, reason)
    except AlertError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    out.print(f"{watch.watch_id} watches {watch.kind} {watch.target}", highlight=False)


@watch_app.command("list")
def watch_list(
    all_: Annotated[bool, typer.Option("--all", help="Include removed watches.")] = False,
    db: DbOption = None,
) -> None:
    """Watches: what, since when, by whom and why."""
    from heron.alerts import list_watches

    engine = open_db(settings_for(db))
    table = Table(title="Watches")
    for column in ("watch", "kind", "target", "since", "by", "reason", "removed"):
        table.add_column(column)
    for w in list_watches(engine, system_actor("watch-cli"), include_removed=all_):
        removed = f"{w.removed_at:%Y-%m-%d} by {w.removed_by}" if w.removed_at else ""
        table.add_row(
            w.watch_id, w.kind, w.target, f"{w.since:%Y-%m-%d}", w.created_by, w.reason, removed
        )
    out.print(table)


@watch_app.command("remove")
def watch_remove(
    watch_id: Annotated[str, typer.Argument(help="The watch, e.g. W0001.", show_default=False)],
    by: By,
    reason: Annotated[str, typer.Option("--reason", help="Why it is no longer watched.")],
    db: DbOption = None,
) -> None:
    """Stop a watch (it is kept, with who removed it and why)."""
    from heron.alerts import AlertError, remove_watch

    engine = open_db(settings_for(db))
    try:
        remove_watch(engine, _person(by), watch_id, reason)
    except AlertError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    out.print(f"{watch_id} removed")


def export_alerts(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """One alert a line: alert_id, kind, raised_at, score, persons, children, adults,
    summary, evidence — as the alerts were at --as-of."""
    from heron.alerts import alert_lines

    engine = open_db(settings_for(db))
    write = sys.stdout.buffer.write
    for line in alert_lines(engine, system_actor("export-cli"), as_of):
        write(orjson.dumps(line) + b"\n")
    sys.stdout.buffer.flush()


def register(app: typer.Typer) -> None:
    from heron.cli.export import export_app

    app.add_typer(alerts_app, name="alerts")
    app.add_typer(watch_app, name="watch")
    export_app.command("alerts")(export_alerts)
