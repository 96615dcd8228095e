"""Alerts as they were at any as-of date: the union of their snapshots up to that date,
person ids mapped through identity merges, and the ``export alerts`` lines.

Owns ``AlertView``, ``merge_map``, ``views_as_of``, ``alert_lines`` and ``alert_steps`` (an
alert at each date it was synced: what a review asks of a replay). Must not write.
The rule: an alert as of D is every snapshot of it (and of the alerts merged into it by
D) taken at an as-of ≤ D — members and evidence are their union, score, level, summary and
explanation those of the latest. ``raised_at`` is the earliest of those as-of dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from heron.access import Actor
from heron.store.models import AlertRow, AlertSnapshot, IdentityEvent, IdentityRun


@dataclass(frozen=True, slots=True)
class AlertView:
    """One alert's content as of a date."""

    alert_id: str
    kind: str
    subject: str | None
    raised_at: datetime
    as_of: datetime  # the latest snapshot in the view
    score: float
    level: str | None
    summary: str
    explanation: tuple[str, ...]
    children: tuple[str, ...]
    adults: tuple[str, ...]
    objects: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def persons(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.children) | set(self.adults)))


def merge_map(session: Session, as_of: datetime | None = None) -> dict[str, str]:
    """Retired person id → the person id it lives on in (merges of runs up to ``as_of``)."""
    query = select(IdentityEvent.person_id, IdentityEvent.others).where(
        IdentityEvent.kind == "merge"
    )
    if as_of is not None:
        query = query.join(IdentityRun, IdentityRun.id == IdentityEvent.run_id).where(
            func.coalesce(IdentityRun.as_of, IdentityRun.started_at) <= as_of
        )
    direct: dict[str, str] = {}
    for survivor, others in session.execute(query.order_by(IdentityEvent.id)):
        for other in others:
            if other != survivor:
                direct[other] = survivor
    resolved: dict[str, str] = {}
    for retired in direct:
        seen = {retired}
        target = direct[retired]
        while target in direct and target not in seen:  # a chain of merges, never a loop
            seen.add(target)
            target = direct[target]
        resolved[retired] = target
    return resolved


def mapped(ids: Iterable[str], mapping: Mapping[str, str]) -> tuple[str, ...]:
    """Person ids with retired ones replaced by their survivors, sorted and unique."""
    return tuple(sorted({mapping.get(i, i) for i in ids}))


def combine(
    alert: AlertRow, snapshots: Sequence[AlertSnapshot], mapping: Mapping[str, str]
) -> AlertView:
    """The view of ``alert`` from its (non-empty) snapshots."""
    ordered = sorted(snapshots, key=lambda s: (s.as_of, s.alert_id == alert.alert_id))
    latest = ordered[-1]
    children = mapped((c for s in ordered for c in s.children), mapping)
    adults = tuple(
        a for a in mapped((a for s in ordered for a in s.adults), mapping) if a not in children
    )
    return AlertView(
        alert_id=alert.alert_id,
        kind=alert.kind,
        subject=mapping.get(alert.subject, alert.subject) if alert.subject else None,
        raised_at=ordered[0].as_of,
        as_of=latest.as_of,
        score=latest.score,
        level=latest.level,
        summary=latest.summary,
        explanation=tuple(latest.explanation),
        children=children,
        adults=adults,
        objects=tuple(sorted({o for s in ordered for o in s.objects})),
        evidence=tuple(sorted({e for s in ordered for e in s.evidence})),
    )


def home_of(alerts: Mapping[str, AlertRow], alert_id: str, as_of: datetime | None) -> str:
    """The alert that ``alert_id`` lives on in at ``as_of`` (None: now), following merges."""
    seen = {alert_id}
    row = alerts[alert_id]
    while row.merged_into and (as_of is None or (row.merged_as_of or as_of) <= as_of):
        if row.merged_into in seen:
            break
        seen.add(row.merged_into)
        row = alerts[row.merged_into]
    return row.alert_id


def views_as_of(session: Session, as_of: datetime | None) -> list[AlertView]:
    """Every alert that existed at ``as_of`` (None: now), as it was then; oldest first."""
    alerts = {row.alert_id: row for row in session.execute(select(AlertRow)).scalars()}
    query = select(AlertSnapshot)
    if as_of is not None:
        query = query.where(AlertSnapshot.as_of <= as_of)
    groups: dict[str, list[AlertSnapshot]] = defaultdict(list)
    for snap in session.execute(query).scalars():
        groups[home_of(alerts, snap.alert_id, as_of)].append(snap)
    mapping = merge_map(session, as_of)
    views = [combine(alerts[home], snaps, mapping) for home, snaps in groups.items()]
    return sorted(views, key=lambda v: (v.raised_at, v.alert_id))


def alert_line(view: AlertView) -> dict[str, Any]:
    """One ``export alerts`` line, exactly the fields of cli-and-exports-v1."""
    return {
        "alert_id": view.alert_id,
        "kind": view.kind,
        "raised_at": view.raised_at.date().isoformat(),
        "score": round(view.score, 4),
        "persons": list(view.persons),
        "children": list(view.children),
        "adults": list(view.adults),
        "summary": view.summary,
        "evidence": list(view.evidence),
    }


def alert_lines(engine: Engine, actor: Actor, as_of: datetime | None) -> Iterator[dict[str, Any]]:
    """The export as of D: alerts that existed at D, as they were at D (None: now)."""
    with Session(engine) as session:
        views = views_as_of(session, as_of)
    for view in views:
        yield alert_line(view)


@dataclass(frozen=True, slots=True)
class AlertStep:
    """An alert as it stood at one synced date, and the records new since the step before."""

    view: AlertView
    new_evidence: tuple[str, ...]


def alert_steps(engine: Engine, actor: Actor, alert_id: str) -> list[AlertStep]:
    """The alert (with the alerts merged into it) at each as-of date it was synced, oldest
    first: the records that existed then, and which of them were new at that step."""
    del actor
    with Session(engine) as session:
        alerts = {row.alert_id: row for row in session.execute(select(AlertRow)).scalars()}
        if alert_id not in alerts:
            return []
        members = [a for a in alerts if home_of(alerts, a, None) == alert_id]
        snaps = list(
            session.execute(
                select(AlertSnapshot).where(AlertSnapshot.alert_id.in_(members))
            ).scalars()
        )
        steps: list[AlertStep] = []
        seen: set[str] = set()
        for when in sorted({s.as_of for s in snaps}):
            mapping = merge_map(session, when)
            view = combine(alerts[alert_id], [s for s in snaps if s.as_of <= when], mapping)
            new = tuple(e for e in view.evidence if e not in seen)
            seen.update(view.evidence)
            steps.append(AlertStep(view, new))
    return steps
