"""Writing one linking run to the store, the same for a full and an incremental run.

Owns inserting a run (``identity_runs``), its assignment and person summaries, the links
that joined clusters, the review pairs, new person ids, and the merge/split events, and
reading what a later run needs back (the previous assignment, the next person number).
It must not score, cluster or decide anything (``resolve`` and ``persons`` do).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from heron.access import Actor
from heron.identity.linker import ScoredPair
from heron.identity.persons import Assignment, PersonSummary, person_number
from heron.identity.resolve import ReviewPair
from heron.store.models import (
    IdentityEvent,
    IdentityLink,
    IdentityReviewPair,
    IdentityRun,
    PersonId,
    PersonMention,
    PersonRow,
)


def count_changes(assignment: Assignment) -> dict[str, int]:
    kinds = [c.kind for c in assignment.changes]
    return {
        "new_persons": kinds.count("new"),
        "merges": kinds.count("merge"),
        "splits": kinds.count("split"),
    }


def previous_assignment(conn: Connection, lookback: int = 5) -> dict[str, str]:
    """Mention → person id from the latest run, and for mentions it did not see (a run as
    of an earlier date), from the most recent of the few runs before it that did."""
    run_ids = conn.execute(
        select(IdentityRun.id)
        .where(IdentityRun.finished_at.is_not(None))
        .order_by(IdentityRun.id.desc())
        .limit(lookback)
    ).scalars()
    out: dict[str, str] = {}
    for run_id in run_ids:
        for key, pid in run_assignment(conn, run_id).items():
            out.setdefault(key, pid)
    return out


def run_assignment(conn: Connection, run_id: int) -> dict[str, str]:
    """Mention key → person id in one run."""
    rows = conn.execute(
        select(PersonMention.mention_key, PersonMention.person_id).where(
            PersonMention.run_id == run_id
        )
    )
    return {key: pid for key, pid in rows}


def next_person_number(conn: Connection) -> int:
    ids = conn.execute(select(PersonId.person_id)).scalars()
    return max((person_number(pid) for pid in ids), default=0) + 1


def insert_run(
    conn: Connection,
    actor: Actor,
    as_of: datetime | None,
    started: datetime,
    values: Mapping[str, Any],
) -> int:
    row = conn.execute(
        insert(IdentityRun)
        .values(as_of=as_of, actor=actor.label(), started_at=started, **values)
        .returning(IdentityRun.id)
    )
    return int(row.scalar_one())


def store_persons(
    conn: Connection,
    run_id: int,
    groups: Sequence[Sequence[str]],
    assignment: Assignment,
    summaries: Mapping[str, PersonSummary],
) -> None:
    """Persons, their mentions, new and kept person ids, and the changes since before."""
    person_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for pid, group in zip(assignment.person_ids, groups, strict=True):
        summary = summaries[pid]
        person_rows.append(
            {
                "run_id": run_id,
                "person_id": pid,
                "given_name": summary.given_name,
                "family_name": summary.family_name,
                "date_of_birth": summary.date_of_birth,
                "is_child": summary.is_child,
                "mention_count": len(group),
            }
        )
        mention_rows.extend({"run_id": run_id, "mention_key": k, "person_id": pid} for k in group)
    insert_many(conn, PersonRow, person_rows)
    insert_many(conn, PersonMention, mention_rows)
    known = set(conn.execute(select(PersonId.person_id)).scalars())
    fresh = [
        {"person_id": pid, "first_run_id": run_id, "last_run_id": run_id}
        for pid in assignment.person_ids
        if pid not in known
    ]
    insert_many(conn, PersonId, fresh)
    kept = [pid for pid in assignment.person_ids if pid in known]
    for start in range(0, len(kept), 500):
        conn.execute(
            update(PersonId)
            .where(PersonId.person_id.in_(kept[start : start + 500]))
            .values(last_run_id=run_id)
        )
    events = [
        {
            "run_id": run_id,
            "kind": c.kind,
            "person_id": c.person_id,
            "others": list(c.others),
            "mentions": c.mentions,
        }
        for c in assignment.changes
    ]
    insert_many(conn, IdentityEvent, events)


def _weight(value: float) -> float:
    return value if value != float("inf") else 99.0


def store_links(conn: Connection, run_id: int, joins: Sequence[ScoredPair]) -> None:
    links = [
        {
            "run_id": run_id,
            "left_key": p.left,
            "right_key": p.right,
            "match_weight": _weight(p.match_weight),
            "match_probability": p.match_probability,
            "gammas": list(p.gammas),
            "weights": list(p.weights),
        }
        for p in joins
    ]
    insert_many(conn, IdentityLink, links)


def store_review(conn: Connection, run_id: int, review: Sequence[ReviewPair]) -> None:
    rows = [
        {
            "run_id": run_id,
            "kind": r.kind,
            "left_key": r.pair.left,
            "right_key": r.pair.right,
            "match_weight": _weight(r.pair.match_weight),
            "match_probability": r.pair.match_probability,
            "gammas": list(r.pair.gammas),
            "weights": list(r.pair.weights),
            "rule": r.rule,
        }
        for r in review
    ]
    insert_many(conn, IdentityReviewPair, rows)


def insert_many(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        if chunk:
            conn.execute(insert(table), chunk)
