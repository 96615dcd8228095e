"""Writing one linking run to the store, the same for a full and an incremental run.

Owns inserting a run (``identity_runs``), its assignment and person summaries, the links
that joined clusters, the review pairs, new person ids, and the merge/split events, and
reading what a later run needs back (the previous assignment, the next person number).
It must not score, cluster or decide anything (``resolve`` and ``persons`` do).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, literal, select, update

from heron.access import Actor
from heron.identity.linker import ScoredPair
from heron.identity.persons import Assignment, Change, PersonSummary, person_number
from heron.identity.resolve import ReviewPair
from heron.identity.runs import is_historical
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


def previous_assignment(
    conn: Connection, as_of: datetime | None, keys: Collection[str]
) -> dict[str, str]:
    """Mention → person id for ``keys``, as a run as of ``as_of`` inherits them.

    First from the base run (``base_run``: what was known by then), then, for mentions it
    did not see, from the run nearest after it that did, so a person first seen at a later
    date keeps the id they were first given there, and replaying a period again gives the
    same persons the same ids.
    """
    base = base_run(conn, as_of)
    out = run_assignment(conn, base) if base is not None else {}
    out.update(inherited_ids(conn, base, set(keys) - out.keys()))
    return out


def base_run(conn: Connection, as_of: datetime | None) -> int | None:
    """The latest finished run whose as-of is not after ``as_of`` (a live run counts as
    after every date)."""
    query = select(IdentityRun.id).where(IdentityRun.finished_at.is_not(None))
    if as_of is not None:
        query = query.where(IdentityRun.as_of.is_not(None), IdentityRun.as_of <= as_of)
    return conn.execute(query.order_by(IdentityRun.id.desc()).limit(1)).scalar()


def inherited_ids(conn: Connection, base: int | None, keys: Collection[str]) -> dict[str, str]:
    """Ids for mentions the base run did not see: from the earliest run at or after the
    base's as-of that saw each (then from earlier runs, nearest first)."""
    if not keys:
        return {}
    return assignment_in(conn, _runs_after(conn, base), keys)


def _runs_after(conn: Connection, base: int | None, lookback: int = 200) -> list[int]:
    runs = conn.execute(
        select(IdentityRun.id, IdentityRun.as_of)
        .where(IdentityRun.finished_at.is_not(None))
        .order_by(IdentityRun.id.desc())
        .limit(lookback)
    ).all()
    pivot = next((r.as_of for r in runs if r.id == base), None) if base is not None else None
    never = datetime.max  # a live run (no as-of) comes after every dated one

    def when(as_of: datetime | None) -> datetime:
        return never if as_of is None else as_of.replace(tzinfo=None)

    start = when(pivot) if base is not None else datetime.min
    later = [r for r in runs if r.id != base and when(r.as_of) >= start]
    earlier = [r for r in runs if r.id != base and when(r.as_of) < start]
    later.sort(key=lambda r: (when(r.as_of), -r.id))
    earlier.sort(key=lambda r: (when(r.as_of), r.id), reverse=True)
    return [r.id for r in later + earlier]


def assignment_in(
    conn: Connection, run_ids: Sequence[int], keys: Collection[str]
) -> dict[str, str]:
    """Mention → person id for these ``keys`` only, each from the first of ``run_ids``
    that has it."""
    out: dict[str, str] = {}
    wanted = sorted(keys)
    for run_id in run_ids:
        wanted = [k for k in wanted if k not in out]
        if not wanted:
            break
        for start in range(0, len(wanted), 500):
            rows = conn.execute(
                select(PersonMention.mention_key, PersonMention.person_id).where(
                    PersonMention.run_id == run_id,
                    PersonMention.mention_key.in_(wanted[start : start + 500]),
                )
            )
            out.update((key, pid) for key, pid in rows)
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
    historical = is_historical(conn, as_of)
    row = conn.execute(
        insert(IdentityRun)
        .values(
            as_of=as_of, actor=actor.label(), started_at=started, historical=historical, **values
        )
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
    store_events(conn, run_id, assignment.changes)


def stored_weight(value: float) -> float:
    """A match weight as stored (a confirmation's infinite weight as 99)."""
    return value if value != float("inf") else 99.0


def store_links(conn: Connection, run_id: int, joins: Sequence[ScoredPair]) -> None:
    links = [
        {
            "run_id": run_id,
            "left_key": p.left,
            "right_key": p.right,
            "match_weight": stored_weight(p.match_weight),
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
            "match_weight": stored_weight(r.pair.match_weight),
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


# ─── Incremental runs: carry the previous run's rows over in the database ───────────────


def copy_run_rows(
    conn: Connection, table: Any, previous_run: int, run_id: int, column: str, drop: Collection[str]
) -> None:
    """Copy ``table``'s rows of ``previous_run`` to ``run_id`` inside the database, then
    delete the copies whose ``column`` is in ``drop`` (rows the new run writes itself)."""
    columns = [c.name for c in table.__table__.columns if c.name not in ("id", "run_id")]
    source = select(literal(run_id), *[table.__table__.c[c] for c in columns]).where(
        table.run_id == previous_run
    )
    conn.execute(insert(table).from_select(["run_id", *columns], source))
    gone = sorted(drop)
    for start in range(0, len(gone), 500):
        conn.execute(
            delete(table).where(
                table.run_id == run_id, getattr(table, column).in_(gone[start : start + 500])
            )
        )


def store_changed_persons(
    conn: Connection,
    run_id: int,
    previous_run: int,
    persons: Mapping[str, Sequence[str]],
    before: Mapping[str, str],
    summaries: Mapping[str, PersonSummary],
    changes: Sequence[Change],
) -> None:
    """An incremental run's persons: the previous run's rows copied for every person whose
    mentions are as they were (``persons`` minus ``summaries``), new rows for the rest.

    ``persons`` is every person id of the run → its mention keys; ``before`` the previous
    run's mention → person id; ``summaries`` covers exactly the persons that changed."""
    after = {key: pid for pid, keys in persons.items() for key in keys}
    moved = {key for key, pid in before.items() if after.get(key) != pid}
    copy_run_rows(conn, PersonMention, previous_run, run_id, "mention_key", moved)
    fresh = [
        {"run_id": run_id, "mention_key": key, "person_id": pid}
        for key, pid in after.items()
        if before.get(key) != pid
    ]
    insert_many(conn, PersonMention, fresh)
    dropped = (set(before.values()) - persons.keys()) | set(summaries)
    copy_run_rows(conn, PersonRow, previous_run, run_id, "person_id", dropped)
    rows = [
        {"run_id": run_id, "person_id": pid, "mention_count": len(persons[pid]), **asdict(s)}
        for pid, s in summaries.items()
    ]
    insert_many(conn, PersonRow, rows)
    known = set(conn.execute(select(PersonId.person_id)).scalars())
    new_ids = [
        {"person_id": pid, "first_run_id": run_id, "last_run_id": run_id}
        for pid in sorted(persons.keys() - known)
    ]
    insert_many(conn, PersonId, new_ids)
    in_run = select(PersonRow.person_id).where(PersonRow.run_id == run_id)
    conn.execute(
        update(PersonId)
        .where(PersonId.person_id.in_(in_run), PersonId.first_run_id != run_id)
        .values(last_run_id=run_id)
    )
    store_events(conn, run_id, changes)


def store_events(conn: Connection, run_id: int, changes: Sequence[Change]) -> None:
    """The run's changes as ``identity_events``, unless the run is historical: its person
    ids were inherited from later runs, so its "merges" and "splits" never happened."""
    historical = conn.execute(
        select(IdentityRun.historical).where(IdentityRun.id == run_id)
    ).scalar()
    if historical:
        return
    events = [
        {
            "run_id": run_id,
            "kind": c.kind,
            "person_id": c.person_id,
            "others": list(c.others),
            "mentions": c.mentions,
        }
        for c in changes
    ]
    insert_many(conn, IdentityEvent, events)
