"""Watches: a named person, vehicle or place that raises an alert whenever any agency
records it again.

Owns adding, listing and removing watches, and ``watch_candidates``: the records naming a
watched target that were recorded after the watch was set and that the watch's alert does
not already hold. Reads identity's assignments (person_mentions, object_assignments) of
one run; must not change them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from heron.access import Actor
from heron.alerts.candidates import AlertCandidate, record_key
from heron.alerts.history import merge_map
from heron.alerts.lifecycle import AlertError
from heron.alerts.sync import allocate
from heron.identity.normalise import canonical_plate
from heron.store.asof import visible_at
from heron.store.models import (
    AlertRow,
    AlertSnapshot,
    PersonMention,
    PersonRow,
    Record,
    ResolvedObject,
    Watch,
)
from heron.timeutil import now_uk

WATCH_KINDS = ("person", "vehicle", "place")
_PERSON = re.compile(r"^P\d{6,}$")


def watch_target(kind: str, target: str) -> str:
    """The id a watch follows: a person id, ``V:<plate>`` or a place's ``L:…`` id."""
    text = target.strip()
    if kind == "person":
        if not _PERSON.match(text):
            raise AlertError(f"{target!r} is not a person id such as P000123")
        return text
    if kind == "vehicle":
        plate = canonical_plate(text.removeprefix("V:"))
        if not plate or "?" in plate or "*" in plate:
            raise AlertError(f"{target!r} is not a full vehicle registration")
        return f"V:{plate}"
    if kind == "place":
        if not text.startswith("L:") or len(text) < 3:
            raise AlertError(f"{target!r} is not a place id such as L:… (see heron chronology)")
        return text
    raise AlertError(f"unknown watch kind {kind!r}; one of {', '.join(WATCH_KINDS)}")


def add_watch(
    engine: Engine,
    actor: Actor,
    kind: str,
    target: str,
    reason: str,
    since: datetime | None = None,
) -> Watch:
    """Watch a person, vehicle or place from ``since`` (default: now), with the reason."""
    if not reason.strip():
        raise AlertError("a watch needs a reason")
    resolved = watch_target(kind, target)
    now = now_uk()
    with Session(engine, expire_on_commit=False) as session, session.begin():
        watch = Watch(
            watch_id=allocate(session, "watch_ids", "W", 4),
            kind=kind,
            target=resolved,
            reason=reason.strip(),
            since=since or now,
            created_by=actor.label(),
            created_at=now,
        )
        session.add(watch)
    return watch


def remove_watch(engine: Engine, actor: Actor, watch_id: str, reason: str) -> Watch:
    """Stop a watch (it is kept, with who removed it and why); its alert stays."""
    if not reason.strip():
        raise AlertError("removing a watch needs a reason")
    with Session(engine, expire_on_commit=False) as session, session.begin():
        watch = session.get(Watch, watch_id)
        if watch is None:
            raise AlertError(f"no watch {watch_id}")
        if watch.removed_at is not None:
            raise AlertError(f"{watch_id} was already removed on {watch.removed_at:%Y-%m-%d}")
        watch.removed_by, watch.removed_at = actor.label(), now_uk()
        watch.removed_reason = reason.strip()
    return watch


def list_watches(engine: Engine, actor: Actor, include_removed: bool = False) -> list[Watch]:
    query = select(Watch).order_by(Watch.watch_id)
    if not include_removed:
        query = query.where(Watch.removed_at.is_(None))
    with Session(engine, expire_on_commit=False) as session:
        watches = list(session.execute(query).scalars())
        session.expunge_all()
    return watches


def _held(session: Session, watch_id: str, as_of: datetime) -> set[str]:
    """Record keys the watch's alert already held before ``as_of``."""
    query = (
        select(AlertSnapshot.evidence)
        .join(AlertRow, AlertRow.alert_id == AlertSnapshot.alert_id)
        .where(AlertRow.kind == "watch", AlertRow.subject == watch_id, AlertSnapshot.as_of < as_of)
    )
    return {key for evidence in session.execute(query).scalars() for key in evidence}


def _named_in(session: Session, watch: Watch, run_id: int, target: str) -> set[str]:
    if watch.kind == "person":
        query = select(PersonMention.mention_key).where(
            PersonMention.run_id == run_id, PersonMention.person_id == target
        )
    else:
        query = select(ResolvedObject.object_key).where(
            ResolvedObject.run_id == run_id, ResolvedObject.object_id == target
        )
    return {record_key(key) for key in session.execute(query).scalars()}


def _hits(
    session: Session, keys: Iterable[str], since: datetime, as_of: datetime
) -> list[tuple[str, str, datetime]]:
    wanted = sorted(keys)
    hits: list[tuple[str, str, datetime]] = []
    for start in range(0, len(wanted), 500):
        query = select(Record.key, Record.agency, Record.recorded_at).where(
            Record.key.in_(wanted[start : start + 500]),
            visible_at(as_of),
            Record.recorded_at > since,
        )
        hits.extend((k, a, r) for k, a, r in session.execute(query))
    return sorted(hits, key=lambda h: (h[2], h[0]))


def watch_candidates(
    engine: Engine, actor: Actor, as_of: datetime, run_id: int
) -> list[AlertCandidate]:
    """One watch candidate per active watch that any agency has recorded again."""
    out: list[AlertCandidate] = []
    with Session(engine) as session:
        mapping = merge_map(session)
        watches = session.execute(
            select(Watch).where(Watch.since <= as_of).order_by(Watch.watch_id)
        ).scalars()
        for watch in watches:
            if watch.removed_at is not None and watch.removed_at <= as_of:
                continue
            target = mapping.get(watch.target, watch.target)
            hits = _hits(session, _named_in(session, watch, run_id, target), watch.since, as_of)
            if not hits or not {k for k, _, _ in hits} - _held(session, watch.watch_id, as_of):
                continue
            children: tuple[str, ...] = ()
            adults: tuple[str, ...] = ()
            if watch.kind == "person":
                is_child = session.execute(
                    select(PersonRow.is_child).where(
                        PersonRow.run_id == run_id, PersonRow.person_id == target
                    )
                ).scalar_one_or_none()
                children, adults = ((target,), ()) if is_child else ((), (target,))
            agencies = sorted({a for _, a, _ in hits})
            out.append(
                AlertCandidate(
                    kind="watch",
                    children=children,
                    adults=adults,
                    objects=() if watch.kind == "person" else (target,),
                    score=1.0,
                    summary=f"watched {watch.kind} {target} recorded again: {len(hits)} "
                    f"records since {watch.since:%Y-%m-%d} ({', '.join(agencies)})",
                    explanation=(
                        f"Watch {watch.watch_id} on {watch.kind} {target}, set by "
                        f"{watch.created_by} from {watch.since:%Y-%m-%d %H:%M}: {watch.reason}",
                        *(
                            f"{key} recorded by {agency} on {at:%Y-%m-%d %H:%M}"
                            for key, agency, at in hits
                        ),
                    ),
                    evidence=tuple(k for k, _, _ in hits),
                    subject=watch.watch_id,
                )
            )
    return out
