"""Turning one detection run's candidates into alerts with a stable identity.

Owns ``sync_alerts`` and ``SyncSummary``: applying what ``heron.alerts.matching`` matched —
raising, growing, merging alerts that a candidate bridges, noting a finding found apart
from an alert, reopening a closed alert on new evidence, and the per-as-of snapshots. Must
not change an alert's lifecycle otherwise: a sync never closes, and an alert whose finding
is not seen is left as it was (with an ``unseen`` note).

Re-running a replay over the same database is safe: snapshots are keyed by (alert, as-of)
and replaced when the same as-of is synced again; sync events are recorded once per
(alert, kind, as-of); ``raised_at`` only ever moves earlier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.orm import Session

from heron.access import Actor
from heron.alerts.candidates import AlertCandidate
from heron.alerts.history import combine, home_of, mapped, merge_map
from heron.alerts.matching import Match, match_candidates
from heron.alerts.rules import AlertRules, load_rules
from heron.store.models import AlertEvent, AlertRow, AlertSnapshot, IdBlock
from heron.timeutil import now_uk
from heron.wording import count

#: Kinds whose candidates a detection run produces in full; watch alerts are hits, never
#: "unseen".
COMPLETE_KINDS = ("network", "child")


@dataclass(frozen=True, slots=True)
class SyncSummary:
    """What one sync did, by alert id."""

    as_of: datetime
    candidates: int
    raised: tuple[str, ...] = ()
    grew: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    merged: tuple[tuple[str, str], ...] = ()  # (kept, absorbed)
    reopened: tuple[str, ...] = ()
    unseen: tuple[str, ...] = ()
    apart: tuple[tuple[str, str], ...] = ()  # (alert, the alert it was found apart from)

    def describe(self) -> str:
        """One line for a terminal: how many alerts each thing happened to."""
        parts = (
            f"{len(self.raised)} raised",
            f"{len(self.grew)} grew",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.merged)} merged",
            f"{len(self.reopened)} reopened",
            f"{len(self.apart)} found apart from an alert",
            f"{len(self.unseen)} not seen (left as they were)",
        )
        return ", ".join(parts)


def allocate(session: Session, name: str, prefix: str, width: int) -> str:
    """The next id of a counter (``A00017``), reserved inside this transaction."""
    value = session.execute(
        update(IdBlock)
        .where(IdBlock.name == name)
        .values(next_value=IdBlock.next_value + 1)
        .returning(IdBlock.next_value)
    ).scalar_one_or_none()
    if value is None:
        session.execute(insert(IdBlock).values(name=name, next_value=2))
        value = 2
    return f"{prefix}{int(value) - 1:0{width}d}"


def _snapshot_values(group: Sequence[AlertCandidate]) -> dict[str, Any]:
    best = max(group, key=lambda c: c.score)
    levels = [c.level for c in group if c.level is not None]
    return {
        "score": best.score,
        "level": max(levels, key=["none", "low", "medium", "high"].index) if levels else None,
        "summary": best.summary,
        "explanation": list(dict.fromkeys(s for c in group for s in c.explanation)),
        "children": sorted({p for c in group for p in c.children}),
        "adults": sorted({p for c in group for p in c.adults}),
        "objects": sorted({o for c in group for o in c.objects}),
        "evidence": sorted({e for c in group for e in c.evidence}),
    }


def sync_event(
    session: Session,
    actor: Actor,
    as_of: datetime,
    alert_id: str,
    kind: str,
    note: str,
    details: Mapping[str, Any] | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
) -> None:
    """A sync event, once per (alert, kind, as-of) however often that as-of is synced."""
    exists = session.execute(
        select(func.count())
        .select_from(AlertEvent)
        .where(AlertEvent.alert_id == alert_id, AlertEvent.kind == kind, AlertEvent.as_of == as_of)
    ).scalar_one()
    if not exists:
        session.add(
            AlertEvent(
                alert_id=alert_id,
                kind=kind,
                actor=actor.label(),
                at=as_of,
                as_of=as_of,
                from_state=from_state,
                to_state=to_state,
                note=note,
                details={"synced_at": now_uk().isoformat(), **(details or {})},
            )
        )


def _union(snaps: Sequence[AlertSnapshot], mapping: Mapping[str, str]) -> dict[str, set[str]]:
    return {
        "children": set(mapped((p for s in snaps for p in s.children), mapping)),
        "adults": set(mapped((p for s in snaps for p in s.adults), mapping)),
        "objects": {o for s in snaps for o in s.objects},
        "evidence": {e for s in snaps for e in s.evidence},
    }


class _Syncer:
    def __init__(self, session: Session, actor: Actor, as_of: datetime, rules: AlertRules):
        self.session, self.actor, self.as_of, self.rules = session, actor, as_of, rules
        self.now = now_uk()
        self.mapping = merge_map(session)
        self.rows = {r.alert_id: r for r in session.execute(select(AlertRow)).scalars()}
        self.out: dict[str, list[Any]] = defaultdict(list)

    def current_members(
        self, rows: Sequence[AlertRow]
    ) -> dict[str, tuple[Sequence[str], Sequence[str]]]:
        """Each alert's children and adults in its latest snapshot up to this as-of (with
        the snapshots of alerts merged into it)."""
        homes = {i: home_of(self.rows, i, None) for i in self.rows}
        wanted = {r.alert_id for r in rows}
        family = [i for i, home in homes.items() if home in wanted]
        latest: dict[str, AlertSnapshot] = {}
        for snap in self.session.execute(
            select(AlertSnapshot).where(
                AlertSnapshot.alert_id.in_(family), AlertSnapshot.as_of <= self.as_of
            )
        ).scalars():
            home = homes[snap.alert_id]
            if home not in latest or snap.as_of > latest[home].as_of:
                latest[home] = snap
        return {home: (snap.children, snap.adults) for home, snap in latest.items()}

    def event(self, alert_id: str, kind: str, note: str, **more: Any) -> None:
        sync_event(self.session, self.actor, self.as_of, alert_id, kind, note, **more)

    def raise_new(self, kind: str, subject: str | None) -> AlertRow:
        row = AlertRow(
            alert_id=allocate(self.session, "alert_ids", "A", 5),
            kind=kind,
            subject=subject,
            raised_at=self.as_of,
            last_seen_as_of=self.as_of,
            score=0.0,
            summary="",
            explanation=[],
            children=[],
            adults=[],
            objects=[],
            evidence=[],
            state="new",
            state_since=self.as_of,
            created_at=self.now,
            updated_at=self.now,
        )
        self.session.add(row)
        self.rows[row.alert_id] = row
        self.event(row.alert_id, "raised", "raised by a detection run", to_state="new")
        self.out["raised"].append(row.alert_id)
        return row

    def merge(self, kept: AlertRow, others: Sequence[AlertRow]) -> None:
        """Alerts a candidate bridges become one: the oldest id and raised_at live on."""
        for other in others:
            was = other.state
            other.state, other.merged_into, other.merged_as_of = "merged", kept.alert_id, self.as_of
            other.updated_at = self.now
            kept.raised_at = min(kept.raised_at, other.raised_at)
            self.event(
                other.alert_id,
                "merged",
                f"merged into {kept.alert_id}: a finding joined them",
                from_state=was,
                to_state="merged",
                details={"into": kept.alert_id},
            )
            self.out["merged"].append((kept.alert_id, other.alert_id))
            if kept.state == "closed" and was != "closed":
                self.reopen(kept, f"merged with {other.alert_id}, which was still {was}")
        self.event(
            kept.alert_id,
            "merged",
            "absorbed " + ", ".join(o.alert_id for o in others) + ": a finding joined them",
            details={"absorbed": [o.alert_id for o in others]},
        )

    def reopen(self, row: AlertRow, reason: str) -> None:
        self.event(row.alert_id, "reopened", reason, from_state="closed", to_state="reopened")
        row.state, row.state_since = "reopened", max(self.as_of, row.state_since)
        self.out["reopened"].append(row.alert_id)

    def apply(self, group: Match) -> str:
        kinds = {c.kind for c in group.candidates}
        kind = kinds.pop()
        alerts = sorted(group.alerts, key=lambda r: (r.raised_at, r.alert_id))
        subject = next((c.subject for c in group.candidates if c.subject), None)
        if alerts:
            row = alerts[0]
            if alerts[1:]:
                self.merge(row, alerts[1:])
        else:
            row = self.raise_new(kind, subject)
        for other, children, adults in group.apart_from:
            self.note_apart(row, other, children, adults)
        self.session.flush()
        family = [i for i in self.rows if home_of(self.rows, i, None) == row.alert_id]
        snaps = list(
            self.session.execute(
                select(AlertSnapshot).where(AlertSnapshot.alert_id.in_(family))
            ).scalars()
        )
        values = _snapshot_values(group.candidates)
        held_before = _union([s for s in snaps if s.as_of < self.as_of], self.mapping)
        held_else = _union(
            [s for s in snaps if s.as_of != self.as_of or s.alert_id != row.alert_id],
            self.mapping,
        )
        mine = next(
            (s for s in snaps if s.alert_id == row.alert_id and s.as_of == self.as_of), None
        )
        if mine is None:
            mine = AlertSnapshot(alert_id=row.alert_id, as_of=self.as_of)
            self.session.add(mine)
            snaps.append(mine)
        mine.synced_at = self.now
        for name, value in values.items():
            setattr(mine, name, value)
        fresh = _union([mine], self.mapping)
        added = {k: sorted(fresh[k] - held_before[k]) for k in fresh if fresh[k] - held_before[k]}
        if alerts and added and any(s.as_of < self.as_of for s in snaps):
            parts = ", ".join(f"{len(v)} {k}" for k, v in added.items())
            self.event(row.alert_id, "grew", f"grew: {parts} new", details={"added": added})
            self.out["grew"].append(row.alert_id)
        elif alerts:
            self.out["unchanged"].append(row.alert_id)
        new_evidence = sorted(fresh["evidence"] - held_else["evidence"])
        if row.state == "closed" and new_evidence:
            self.reopen(row, "new evidence after closure: " + ", ".join(new_evidence[:10]))
        view = combine(row, snaps, self.mapping)
        row.raised_at = min(row.raised_at, view.raised_at)
        row.last_seen_as_of = max(row.last_seen_as_of, self.as_of)
        row.score, row.level, row.summary = view.score, view.level, view.summary
        row.explanation = list(view.explanation)
        row.children, row.adults = list(view.children), list(view.adults)
        row.objects, row.evidence = list(view.objects), list(view.evidence)
        row.updated_at = self.now
        return row.alert_id

    def note_apart(self, row: AlertRow, other: str, children: int, adults: int) -> None:
        """This run found apart what ``other`` held together; ``other`` went on with the
        finding it shares most with, and this finding with ``row``."""
        shares = f"{count(children, 'child', 'children')} and {count(adults, 'adult')}"
        self.event(
            row.alert_id,
            "apart",
            f"found apart from {other}, which it shares {shares} with: {other} went on "
            "with the finding of this run it shares most with",
            details={"from": other, "children": children, "adults": adults},
        )
        self.out["apart"].append((row.alert_id, other))

    def note_unseen(self, row: AlertRow) -> None:
        """The finding is gone: note it once, and leave the alert exactly as it was."""
        if self.as_of <= row.last_seen_as_of:
            return
        noted = self.session.execute(
            select(func.count())
            .select_from(AlertEvent)
            .where(
                AlertEvent.alert_id == row.alert_id,
                AlertEvent.kind == "unseen",
                AlertEvent.as_of > row.last_seen_as_of,
            )
        ).scalar_one()
        if not noted:
            self.event(
                row.alert_id,
                "unseen",
                f"not seen by the detection run as of {self.as_of:%Y-%m-%d}; "
                "left as it was (only a person closes an alert)",
            )
            self.out["unseen"].append(row.alert_id)


def sync_alerts(
    engine: Engine,
    actor: Actor,
    as_of: datetime,
    candidates: Sequence[AlertCandidate],
    kinds: Collection[str] = COMPLETE_KINDS,
    rules: AlertRules | None = None,
) -> SyncSummary:
    """Raise, grow, merge and reopen alerts from one run's candidates as of ``as_of``.

    ``kinds`` are the kinds this run produced in full: their alerts that no candidate
    matches get an ``unseen`` note (and nothing else).
    """
    rules = rules or load_rules()
    with Session(engine) as session, session.begin():
        syncer = _Syncer(session, actor, as_of, rules)
        live = [r for r in syncer.rows.values() if r.state != "merged"]
        touched: set[str] = set()
        by_kind: dict[str, list[AlertCandidate]] = defaultdict(list)
        for cand in candidates:
            by_kind[cand.kind].append(cand)
        current = syncer.current_members([r for r in live if r.kind == "network"])
        for kind, group_candidates in sorted(by_kind.items()):
            same_kind = [r for r in live if r.kind == kind]
            for group in match_candidates(
                group_candidates, same_kind, syncer.mapping, rules, current
            ):
                touched.add(syncer.apply(group))
                touched.update(r.alert_id for r in group.alerts)
        for row in live:
            if row.kind in kinds and row.alert_id not in touched:
                syncer.note_unseen(row)
        out = syncer.out
    return SyncSummary(
        as_of=as_of,
        candidates=len(candidates),
        raised=tuple(out["raised"]),
        grew=tuple(out["grew"]),
        unchanged=tuple(out["unchanged"]),
        merged=tuple(out["merged"]),
        reopened=tuple(out["reopened"]),
        unseen=tuple(out["unseen"]),
        apart=tuple(out["apart"]),
    )
