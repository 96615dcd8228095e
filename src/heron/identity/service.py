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

from sqlalchemy import Connection, Engine, select, update

from heron.access import Actor
from heron.identity.decisions import active_decisions
from heron.identity.featurecache import feature_rows, visible_index
from heron.identity.features import load_mentions
from heron.identity.linker import DuckDBEngine, LinkEngine, TrainedModel, trained_from_settings
from heron.identity.model import LinkModel, heron_model
from heron.identity.objects import resolve_objects
from heron.identity.persons import Assignment, assign_ids, summarise
from heron.identity.resolve import Resolution, resolve_rows
from heron.identity.runstore import (
    count_changes,
    insert_many,
    insert_run,
    next_person_number,
    previous_assignment,
    store_links,
    store_persons,
    store_review,
)
from heron.store.asof import visible_at
from heron.store.models import IdentityRun, PersonMention, PersonRow, Record, ResolvedObject
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
    mode: str = "full"  # full, or incremental (only changed mentions re-linked)
    changed: int = 0  # mentions re-linked (all of them in a full run)


def link_persons(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None = None,
    model: LinkModel | None = None,
    link_engine: LinkEngine | None = None,
    seed: int = 1,
    reuse_model: bool = False,
    incremental: bool | None = None,
) -> LinkSummary:
    """Resolve the person mentions visible at ``as_of`` into persons and store the run.

    ``incremental`` None (the default) links only what changed since a usable previous
    run (same model, an as-of no later than this one) when there is one and the county
    has not grown ``RETRAIN_GROWTH``-fold since its model was trained (or ``reuse_model``);
    True does so whenever a usable previous run exists; False always runs in full.
    ``reuse_model`` makes a full run take the latest run's parameters instead of training.
    """
    from heron.identity.incremental import link_incremental, usable_previous

    model = model or heron_model()
    link_engine = link_engine or DuckDBEngine()
    if incremental is not False:
        previous = usable_previous(engine, model.name, as_of)
        if previous is not None and (
            incremental or reuse_model or not previous.needs_retraining(engine, actor, as_of)
        ):
            return link_incremental(engine, actor, as_of, model, link_engine, previous)
    return _link_full(engine, actor, as_of, model, link_engine, seed, reuse_model)


def _link_full(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None,
    model: LinkModel,
    link_engine: LinkEngine,
    seed: int,
    reuse_model: bool,
) -> LinkSummary:
    started = now_uk()
    mentions = load_mentions(engine, actor, as_of)
    by_key = {m.mention_key: m for m in mentions}
    visible = [v for v in visible_index(engine, actor, as_of) if v.mention_key in by_key]
    cached = feature_rows(
        engine, actor, visible, {v.mention_id: by_key[v.mention_key] for v in visible}
    )
    rows = [cached[m.mention_key] for m in mentions]
    confirm, reject = active_decisions(engine, actor, set(by_key))
    objects = resolve_objects(engine, actor, as_of)
    previous = _latest_model(engine, model.name) if reuse_model else None
    trained = previous[0] if previous else None
    result = resolve_rows(
        rows, model, link_engine, seed, must_not_link=reject, must_link=confirm, trained=trained
    )
    trained_on = previous[1] if previous else len(mentions)
    with engine.begin() as conn:
        assignment = assign_ids(
            result.groups, previous_assignment(conn, as_of, by_key.keys()), next_person_number(conn)
        )
        run_id = insert_run(
            conn,
            actor,
            as_of,
            started,
            _run_values(model, result, len(mentions), "full", trained_on),
        )
        summaries = {
            pid: summarise([by_key[k] for k in group])
            for pid, group in zip(assignment.person_ids, result.groups, strict=True)
        }
        store_persons(conn, run_id, result.groups, assignment, summaries)
        store_links(conn, run_id, result.joins)
        store_review(conn, run_id, result.review)
        insert_many(conn, ResolvedObject, [{"run_id": run_id, **asdict(o)} for o in objects])
        counts = finish_run(conn, run_id, assignment, len(result.groups))
    return LinkSummary(
        run_id, as_of, len(mentions), len(result.groups), **counts, objects=len(objects),
        mode="full", changed=len(mentions),
    )  # fmt: skip


def _run_values(
    model: LinkModel, result: Resolution, mentions: int, mode: str, trained_on: int
) -> dict[str, Any]:
    return {
        "model_name": model.name,
        "model": result.trained.splink_settings,
        "threshold": model.threshold,
        "mentions": mentions,
        "mode": mode,
        "trained_mentions": trained_on,
    }


def finish_run(
    conn: Connection, run_id: int, assignment: Assignment, persons: int
) -> dict[str, int]:
    counts = count_changes(assignment)
    conn.execute(
        update(IdentityRun)
        .where(IdentityRun.id == run_id)
        .values(finished_at=now_uk(), persons=persons, **counts)
    )
    return counts


def _latest_model(engine: Engine, name: str) -> tuple[TrainedModel, int] | None:
    """The latest run's parameters, and how many mentions they were trained on."""
    with engine.connect() as conn:
        row = conn.execute(
            select(IdentityRun.model, IdentityRun.trained_mentions, IdentityRun.mentions)
            .where(IdentityRun.model_name == name, IdentityRun.finished_at.is_not(None))
            .order_by(IdentityRun.id.desc())
            .limit(1)
        ).first()
    if row is None or not row.model:
        return None
    return trained_from_settings(name, row.model), int(row.trained_mentions or row.mentions)


def run_for(engine: Engine, actor: Actor, as_of: datetime | None) -> int | None:
    """The latest finished run that saw exactly ``as_of`` and is still current, if any.

    A run goes stale as soon as a record version visible at its as-of (for "now": any
    latest version) is ingested after it started: a late record with ``recorded_at``
    before D changes what was known at D. Times are stored to the second, so a version
    ingested in the second the run started counts as unseen, as for incremental runs.
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
        late = conn.execute(
            select(Record.id)
            .where(visible_at(as_of), Record.ingested_at >= row.started_at)
            .limit(1)
        ).first()
        return None if late is not None else int(row.id)


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
