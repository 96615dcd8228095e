"""Linking as a service over the store: run, persist, and read back persons.

Owns ``link_persons`` (as-of mentions → trained model → persons with stable ids, stored
with the run's ``as_of``, the links that joined them and the merges and splits since the
previous run; phones, vehicles and places are resolved and stored in the same run) and
``person_rows`` (what ``heron export persons`` writes). Every function takes the acting
``Actor``. It must not score or cluster itself (``resolve`` does) nor write any table
outside the identity section of ``heron.store.models``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from heron.access import Actor
from heron.identity.decisions import active_decisions
from heron.identity.features import MentionInput, feature_row, load_mentions
from heron.identity.linker import DuckDBEngine, LinkEngine, TrainedModel, trained_from_settings
from heron.identity.model import LinkModel, heron_model
from heron.identity.objects import resolve_objects
from heron.identity.persons import Assignment, assign_ids, person_number, summarise
from heron.identity.resolve import Resolution, resolve_rows
from heron.store.models import (
    IdentityEvent,
    IdentityLink,
    IdentityRun,
    PersonId,
    PersonMention,
    PersonRow,
    Record,
    ResolvedObject,
)
from heron.timeutil import now_uk


@dataclass(frozen=True, slots=True)
class LinkSummary:
    """What one linking run did."""

    run_id: int
    as_of: datetime | None
    mentions: int
    persons: int
    new_persons: int
    merges: int
    splits: int
    objects: int = 0  # phone, vehicle and location mentions resolved


def link_persons(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None = None,
    model: LinkModel | None = None,
    link_engine: LinkEngine | None = None,
    seed: int = 1,
    reuse_model: bool = False,
) -> LinkSummary:
    """Resolve the person mentions visible at ``as_of`` into persons and store the run.

    ``reuse_model`` takes the parameters of the latest run of the same model instead of
    training again (faster, for runs close together such as a replay); without such a
    run it trains as usual.
    """
    model = model or heron_model()
    started = now_uk()
    mentions = load_mentions(engine, actor, as_of)
    keys = {m.mention_key for m in mentions}
    confirm, reject = active_decisions(engine, actor, keys)
    rows = [feature_row(m) for m in mentions]
    objects = resolve_objects(engine, actor, as_of)
    previous_model = _latest_model(engine, model.name) if reuse_model else None
    result = resolve_rows(
        rows,
        model,
        link_engine or DuckDBEngine(),
        seed,
        must_not_link=reject,
        must_link=confirm,
        trained=previous_model,
    )
    with engine.begin() as conn:
        previous = _previous_assignment(conn)
        next_number = _next_person_number(conn)
        assignment = assign_ids(result.groups, previous, next_number)
        run_id = _insert_run(conn, actor, as_of, started, model, result, len(mentions))
        _store(conn, run_id, mentions, result, assignment)
        _insert_many(
            conn,
            ResolvedObject,
            [{"run_id": run_id, **asdict(o)} for o in objects],
        )
        counts = _count_changes(assignment)
        conn.execute(
            update(IdentityRun)
            .where(IdentityRun.id == run_id)
            .values(finished_at=now_uk(), persons=len(result.groups), **counts)
        )
    return LinkSummary(
        run_id, as_of, len(mentions), len(result.groups), **counts, objects=len(objects)
    )


def _latest_model(engine: Engine, name: str) -> TrainedModel | None:
    with engine.connect() as conn:
        settings = conn.execute(
            select(IdentityRun.model)
            .where(IdentityRun.model_name == name, IdentityRun.finished_at.is_not(None))
            .order_by(IdentityRun.id.desc())
            .limit(1)
        ).scalar()
    return trained_from_settings(name, settings) if settings else None


def _count_changes(assignment: Assignment) -> dict[str, int]:
    kinds = [c.kind for c in assignment.changes]
    return {
        "new_persons": kinds.count("new"),
        "merges": kinds.count("merge"),
        "splits": kinds.count("split"),
    }


def _latest_run_id(conn: Connection) -> int | None:
    return conn.execute(
        select(func.max(IdentityRun.id)).where(IdentityRun.finished_at.is_not(None))
    ).scalar()


def _previous_assignment(conn: Connection, lookback: int = 5) -> dict[str, str]:
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
        rows = conn.execute(
            select(PersonMention.mention_key, PersonMention.person_id).where(
                PersonMention.run_id == run_id
            )
        )
        for key, pid in rows:
            out.setdefault(key, pid)
    return out


def _next_person_number(conn: Connection) -> int:
    ids = conn.execute(select(PersonId.person_id)).scalars()
    return max((person_number(pid) for pid in ids), default=0) + 1


def _insert_run(
    conn: Connection,
    actor: Actor,
    as_of: datetime | None,
    started: datetime,
    model: LinkModel,
    result: Resolution,
    mentions: int,
) -> int:
    row = conn.execute(
        insert(IdentityRun)
        .values(
            as_of=as_of,
            actor=actor.label(),
            started_at=started,
            model_name=model.name,
            model=result.trained.splink_settings,
            threshold=model.threshold,
            mentions=mentions,
        )
        .returning(IdentityRun.id)
    )
    return int(row.scalar_one())


def _store(
    conn: Connection,
    run_id: int,
    mentions: list[MentionInput],
    result: Resolution,
    assignment: Assignment,
) -> None:
    by_key = {m.mention_key: m for m in mentions}
    person_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for pid, group in zip(assignment.person_ids, result.groups, strict=True):
        summary = summarise([by_key[k] for k in group])
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
    _insert_many(conn, PersonRow, person_rows)
    _insert_many(conn, PersonMention, mention_rows)
    known = set(conn.execute(select(PersonId.person_id)).scalars())
    fresh = [
        {"person_id": pid, "first_run_id": run_id, "last_run_id": run_id}
        for pid in assignment.person_ids
        if pid not in known
    ]
    _insert_many(conn, PersonId, fresh)
    kept = [pid for pid in assignment.person_ids if pid in known]
    for start in range(0, len(kept), 500):
        conn.execute(
            update(PersonId)
            .where(PersonId.person_id.in_(kept[start : start + 500]))
            .values(last_run_id=run_id)
        )
    links = [
        {
            "run_id": run_id,
            "left_key": p.left,
            "right_key": p.right,
            "match_weight": p.match_weight if p.match_weight != float("inf") else 99.0,
            "match_probability": p.match_probability,
            "gammas": list(p.gammas),
            "weights": list(p.weights),
        }
        for p in result.joins
    ]
    _insert_many(conn, IdentityLink, links)
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
    _insert_many(conn, IdentityEvent, events)


def _insert_many(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        if chunk:
            conn.execute(insert(table), chunk)


def run_for(engine: Engine, actor: Actor, as_of: datetime | None) -> int | None:
    """The latest finished run that saw exactly ``as_of`` and is still current, if any.

    A run "as of now" (``as_of`` None) goes stale as soon as anything is ingested after it.
    """
    del actor
    with engine.connect() as conn:
        condition = IdentityRun.as_of.is_(None) if as_of is None else IdentityRun.as_of == as_of
        row = conn.execute(
            select(IdentityRun.id, IdentityRun.started_at)
            .where(condition, IdentityRun.finished_at.is_not(None))
            .order_by(IdentityRun.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        if as_of is None:
            last_ingest = conn.execute(select(func.max(Record.ingested_at))).scalar()
            if last_ingest is not None and last_ingest > row.started_at:
                return None
        return int(row.id)


def person_rows(engine: Engine, actor: Actor, as_of: datetime | None) -> Iterator[dict[str, Any]]:
    """``export persons`` lines for ``as_of``, linking first when no current run exists."""
    run_id = run_for(engine, actor, as_of)
    if run_id is None:
        run_id = link_persons(engine, actor, as_of).run_id
    with engine.connect() as conn:
        mentions: dict[str, list[str]] = {}
        for key, pid in conn.execute(
            select(PersonMention.mention_key, PersonMention.person_id).where(
                PersonMention.run_id == run_id
            )
        ):
            mentions.setdefault(pid, []).append(key)
        for p in conn.execute(
            select(
                PersonRow.person_id,
                PersonRow.given_name,
                PersonRow.family_name,
                PersonRow.date_of_birth,
                PersonRow.is_child,
            )
            .where(PersonRow.run_id == run_id)
            .order_by(PersonRow.person_id)
        ):
            yield {
                "person_id": p.person_id,
                "mentions": sorted(mentions.get(p.person_id, [])),
                "given_name": p.given_name,
                "family_name": p.family_name,
                "date_of_birth": p.date_of_birth,
                "is_child": p.is_child,
            }
