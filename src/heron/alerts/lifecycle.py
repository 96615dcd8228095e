"""The alert lifecycle a person drives: triage, assign, action, close (with a rationale)
and reopen, each recorded with who, when and why; reading one alert with its history.

Owns the transition table and ``AlertError``. Must not raise or grow alerts (that is
``sync``), and never lets a system actor close one: only a person closes a concern.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from heron.access import Actor
from heron.store.models import AlertEvent, AlertRow
from heron.timeutil import now_uk

OPEN = ("new", "triaged", "assigned", "actioned", "reopened")

#: action → (states it may start from, the state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "triage": (("new", "reopened"), "triaged"),
    "assign": (OPEN, "assigned"),
    "action": (("triaged", "assigned", "actioned", "reopened"), "actioned"),
    "close": (OPEN, "closed"),
    "reopen": (("closed",), "reopened"),
}


class AlertError(ValueError):
    """A lifecycle step Heron refuses, with the reason."""


@dataclass(frozen=True, slots=True)
class AlertEventView:
    kind: str
    actor: str
    at: datetime
    from_state: str | None
    to_state: str | None
    note: str | None
    details: dict[str, Any]


def _get(session: Session, alert_id: str) -> AlertRow:
    row = session.get(AlertRow, alert_id, with_for_update=True)
    if row is None:
        raise AlertError(f"no alert {alert_id}")
    return row


def transition(
    engine: Engine,
    actor: Actor,
    alert_id: str,
    action: str,
    note: str,
    at: datetime | None = None,
    to: str | None = None,
) -> AlertRow:
    """Apply a lifecycle ``action`` to an alert, or refuse it with the reason."""
    if action not in TRANSITIONS:
        raise AlertError(f"unknown action {action!r}; one of {', '.join(TRANSITIONS)}")
    if not note.strip():
        what = "a rationale" if action == "close" else "a note"
        raise AlertError(f"{action} needs {what}: say what was decided and why")
    if action == "close" and actor.is_system:
        raise AlertError("Heron never closes a concern on its own: a person must close it")
    if action == "assign" and not (to and to.strip()):
        raise AlertError("assign needs --to: the named person or team")
    when = at or now_uk()
    starts, ends = TRANSITIONS[action]
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = _get(session, alert_id)
        if row.state == "merged":
            raise AlertError(f"{alert_id} was merged into {row.merged_into}; act on that alert")
        if row.state not in starts:
            raise AlertError(
                f"cannot {action} {alert_id}: it is {row.state} "
                f"({action} applies to {', '.join(starts)} alerts)"
            )
        session.add(
            AlertEvent(
                alert_id=alert_id,
                kind=action,
                actor=actor.label(),
                at=when,
                as_of=None,
                from_state=row.state,
                to_state=ends,
                note=note.strip(),
                details={"to": to.strip()} if to else {},
            )
        )
        row.state, row.state_since, row.updated_at = ends, when, now_uk()
        if action == "assign":
            row.assigned_to = (to or "").strip()
    return row


def triage(
    engine: Engine, actor: Actor, alert_id: str, note: str, at: datetime | None = None
) -> AlertRow:
    """Acknowledge a new (or reopened) alert: someone has looked at it."""
    return transition(engine, actor, alert_id, "triage", note, at)


def assign(
    engine: Engine, actor: Actor, alert_id: str, to: str, note: str, at: datetime | None = None
) -> AlertRow:
    """Give an open alert to a named person or team."""
    return transition(engine, actor, alert_id, "assign", note, at, to=to)


def action(
    engine: Engine, actor: Actor, alert_id: str, note: str, at: datetime | None = None
) -> AlertRow:
    """Record what was done (a disruption, a strategy meeting, a safety plan)."""
    return transition(engine, actor, alert_id, "action", note, at)


def close(
    engine: Engine, actor: Actor, alert_id: str, rationale: str, at: datetime | None = None
) -> AlertRow:
    """Close an alert; only a person can, and only with a rationale."""
    return transition(engine, actor, alert_id, "close", rationale, at)


def reopen(
    engine: Engine, actor: Actor, alert_id: str, note: str, at: datetime | None = None
) -> AlertRow:
    """Reopen a closed alert."""
    return transition(engine, actor, alert_id, "reopen", note, at)


def get_alert(engine: Engine, actor: Actor, alert_id: str) -> tuple[AlertRow, list[AlertEventView]]:
    """One alert (its newest content and state) and its history, oldest first."""
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(AlertRow, alert_id)
        if row is None:
            raise AlertError(f"no alert {alert_id}")
        events = session.execute(
            select(AlertEvent).where(AlertEvent.alert_id == alert_id).order_by(AlertEvent.id)
        ).scalars()
        history = [
            AlertEventView(e.kind, e.actor, e.at, e.from_state, e.to_state, e.note, e.details)
            for e in events
        ]
        session.expunge(row)
    return row, history


def list_alerts(
    engine: Engine, actor: Actor, states: Sequence[str] = (), kinds: Sequence[str] = ()
) -> list[AlertRow]:
    """Alerts (newest content), optionally only some states and kinds; merged ones left out
    unless asked for."""
    query = select(AlertRow).order_by(AlertRow.alert_id)
    if states:
        query = query.where(AlertRow.state.in_(list(states)))
    else:
        query = query.where(AlertRow.state != "merged")
    if kinds:
        query = query.where(AlertRow.kind.in_(list(kinds)))
    with Session(engine, expire_on_commit=False) as session:
        rows = list(session.execute(query).scalars())
        session.expunge_all()
    return rows
