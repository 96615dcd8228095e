"""``heron detect`` and ``heron export risk``: thin commands over detection and indicators."""

from __future__ import annotations

import sys

import orjson
import typer
from rich.table import Table

from heron.access import system_actor
from heron.cli.common import AsOfOption, DbOption, console, open_db, out, settings_for


def detect(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """Compute every child's indicators, find networks and raise or grow alerts, as of a date."""
    from heron.detection import detect as run_detect

    engine = open_db(settings_for(db))
    with console.status("Linking (if needed), assessing every child, finding networks"):
        result = run_detect(engine, system_actor("detect-cli"), as_of)
    when = f"{as_of:%Y-%m-%d %H:%M}" if as_of else "now"
    table = Table(title=f"Children by level, as of {when}")
    table.add_column("level")
    table.add_column("children", justify="right")
    for level in ("high", "medium", "low", "none"):
        table.add_row(level, str(result.levels[level]))
    out.print(table)
    out.print(
        f"{len(result.findings):,} networks found, {result.alerted_findings:,} at or above "
        f"the alerting threshold; alerts: {result.alerts.describe()}"
    )
    for finding in result.findings[:5]:
        out.print(f"[b]{finding.score:.2f}[/b] {finding.summary}")
        for note in finding.context:
            out.print(f"      [dim]context: {note}[/dim]")
    out.print(
        "Levels and network scores are decision support, not predictions; each alert lists "
        "its evidence in [b]heron alerts show[/b] and [b]heron export alerts[/b]."
    )


def export_risk(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """One child a line: person_id, level, indicators with their evidence mention keys.

    The same levels as ``heron detect``: a child among the children of a network found as
    of the date carries that as an indicator (NET-01).
    """
    from heron.detection import assess_with_networks
    from heron.indicators.service import identity_run, risk_line

    engine = open_db(settings_for(db))
    actor = system_actor("export-cli")
    run_id = identity_run(engine, actor, as_of)
    risks, _, _ = assess_with_networks(engine, actor, as_of, run_id)
    write = sys.stdout.buffer.write
    for risk in risks:
        write(orjson.dumps(risk_line(risk)) + b"\n")
    sys.stdout.buffer.flush()


def register(app: typer.Typer) -> None:
    from heron.cli.export import export_app

    app.command("detect")(detect)
    export_app.command("risk")(export_risk)
