"""``heron missing``: missing episodes, overdue return interviews, children missing together.

Thin commands over ``heron.missing`` with episodes read from the store by
``heron.indicators.service.missing_by_child``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from heron.access import system_actor
from heron.cli.common import AsOfOption, DbOption, console, open_db, out, settings_for
from heron.timeutil import now_uk

if TYPE_CHECKING:
    from heron.missing import FoundWith

missing_app = typer.Typer(
    help="Missing episodes: each child's, overdue return interviews, the same nights.",
    no_args_is_help=True,
)


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "still missing"


def _person(found: FoundWith) -> str:
    """``P000123 (associate, 31)``: the person id (else the mention key), role and age."""
    details = ", ".join(filter(None, (found.role, str(found.age) if found.age else "")))
    return f"{found.person_id or found.mention_key} ({details})"


@missing_app.command("episodes")
def child_episodes(
    person_id: Annotated[str, typer.Argument(help="The child's person id, e.g. P000123.")],
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """One child's missing episodes: when, how long, who reported, where and with whom found
    (person ids), and the return interview (offered; done within 72 h, late, not done, or
    overdue)."""
    from heron.indicators.service import missing_by_child

    engine = open_db(settings_for(db))
    with console.status("Reading missing episodes (linking first if needed)"):
        found = missing_by_child(engine, system_actor("missing-cli"), as_of)
    if person_id not in found:
        console.print(f"[yellow]No missing episodes are known for {person_id}.[/yellow]")
        raise typer.Exit(1)
    table = Table(title=f"Missing episodes of {person_id}")
    for column in ("from", "to", "hours", "reported by", "found at", "found with", "interview"):
        table.add_column(column)
    for ep in found[person_id]:
        hours = f"{(ep.end - ep.start).total_seconds() / 3600:.0f}" if ep.end else ""
        places = "; ".join(dict.fromkeys(filter(None, (f.describe() for f in ep.found_at))))
        company = ", ".join(_person(w) for w in ep.found_with)
        table.add_row(_when(ep.start), _when(ep.end), hours, ", ".join(ep.reported_by),
                      places, company, ep.interview.describe())  # fmt: skip
    out.print(table)


@missing_app.command("overdue")
def overdue(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """Return home interviews not done within 72 hours of a child's return: those still not
    done, and those done late."""
    from heron.indicators.service import missing_by_child
    from heron.missing import overdue_interviews

    engine = open_db(settings_for(db))
    with console.status("Reading missing episodes (linking first if needed)"):
        found = missing_by_child(engine, system_actor("missing-cli"), as_of)
    late = overdue_interviews(found, as_of or now_uk())
    table = Table(title=f"Return interviews not done within 72 hours ({len(late)})")
    for column in ("child", "returned", "due", "interview", "hours overdue", "records"):
        table.add_column(column)
    for item in late:
        state = f"done late {item.done:%Y-%m-%d %H:%M}" if item.done else "NOT DONE"
        table.add_row(item.child_id, _when(item.returned), _when(item.due), state,
                      str(item.hours_overdue), ", ".join(item.record_keys))  # fmt: skip
    out.print(table)


@missing_app.command("nights")
def nights(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """Children missing on the same nights, listed together."""
    from heron.indicators.service import missing_by_child
    from heron.missing import co_missing

    engine = open_db(settings_for(db))
    with console.status("Reading missing episodes (linking first if needed)"):
        groups = co_missing(missing_by_child(engine, system_actor("missing-cli"), as_of))
    table = Table(title=f"Nights when two or more children were missing ({len(groups)})")
    for column in ("night", "children", "times overlapped"):
        table.add_column(column)
    for group in groups:
        children = ", ".join(m.child_id for m in group.members)
        table.add_row(f"{group.night}", children, "yes" if group.overlapping else "no")
    out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(missing_app, name="missing")
