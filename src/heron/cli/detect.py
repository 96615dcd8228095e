"""``heron detect`` and ``heron export risk``: thin commands over ``heron.indicators``."""

from __future__ import annotations

import sys
from collections import Counter

import orjson
import typer
from rich.table import Table

from heron.access import system_actor
from heron.cli.common import AsOfOption, DbOption, console, open_db, out, settings_for


def detect(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """Compute every child's risk indicators and level (linking first if needed)."""
    from heron.indicators.service import assess_children

    engine = open_db(settings_for(db))
    levels: Counter[str] = Counter()
    top = []
    with console.status("Linking (if needed) and assessing every child"):
        for risk in assess_children(engine, system_actor("detect-cli"), as_of):
            levels[risk.level.label] += 1
            if risk.level.label == "high":
                top.append(risk)
    table = Table(title=f"Children by level, as of {f'{as_of:%Y-%m-%d %H:%M}' if as_of else 'now'}")
    table.add_column("level")
    table.add_column("children", justify="right")
    for level in ("high", "medium", "low", "none"):
        table.add_row(level, str(levels[level]))
    out.print(table)
    for risk in sorted(top, key=lambda r: -r.score)[:10]:
        out.print(f"[b]{risk.person_id}[/b] {risk.explanation}")
    out.print(
        "Levels are decision support, not predictions; each lists its evidence in "
        "[b]heron export risk[/b]."
    )


def export_risk(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """One child a line: person_id, level, indicators with their evidence mention keys."""
    from heron.indicators.service import assess_children, risk_line

    engine = open_db(settings_for(db))
    write = sys.stdout.buffer.write
    for risk in assess_children(engine, system_actor("export-cli"), as_of):
        write(orjson.dumps(risk_line(risk)) + b"\n")
    sys.stdout.buffer.flush()


def register(app: typer.Typer) -> None:
    from heron.cli.export import export_app

    app.command("detect")(detect)
    export_app.command("risk")(export_risk)
