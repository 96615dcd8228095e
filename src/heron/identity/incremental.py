"""Incremental linking: place only new and changed mentions onto an earlier run's persons.

Owns choosing a usable previous run, working out which mentions changed since it (new
mention versions; mentions of a person that lost a mention to a replaced or withdrawn
record version; mentions of persons a human decision since contradicts), and storing the
result as a run like any other: the unchanged persons carried over, the changed mentions
scored against everyone with the previous run's model and clustered onto them under the
same hard rules. It remembers, per engine, the assignment and joining links of the run
it last stored, so a replay's next step does not read them back. It must not train, and
it scores and clusters only through ``resolve``.
"""

from __future__ import annotations

import gc
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, delete, insert, literal, select

from heron.access import Actor
from heron.identity.decisions import active_decisions
from heron.identity.featurecache import (
    summary_inputs,
    visible_count,
    visible_table,
)
from heron.identity.linker import LinkEngine, ScoredPair, trained_from_settings
from heron.identity.model import LinkModel
from heron.identity.objects import ObjectAssignment, resolve_objects
from heron.identity.persons import Assignment, assign_ids, summarise
from heron.identity.resolve import resolve_incremental
from heron.identity.runstore import (
    inherited_ids,
    insert_many,
    insert_run,
    next_person_number,
    run_assignment,
    store_changed_persons,
    store_links,
    store_review,
    stored_weight,
)
from heron.store.models import (
    IdentityLink,
    IdentityReviewPair,
    IdentityRun,
    ResolvedObject,
)
from heron.timeutil import now_uk

if TYPE_CHECKING:
    from heron.identity.service import LinkSummary

RETRAIN_GROWTH = 2.0  # a full run retrains once the county has doubled since training

Link = tuple[str, str, float]  # a stored joining link: left key, right key, match weight


@dataclass(frozen=True, slots=True)
class _Written:
    """The last run this process stored for one engine: its assignment and joining links,
    as the store holds them (a replay's next step builds on it without reading them)."""

    run_id: int
    assignment: dict[str, str]
    links: list[Link]


_WRITTEN: weakref.WeakKeyDictionary[Engine, _Written] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class PreviousRun:
    """The run an incremental run builds on."""

    run_id: int
    as_of: datetime | None
    started_at: datetime
    model_name: str
    model: dict[str, object]
    trained_mentions: int

    def needs_retraining(self, engine: Engine, actor: Actor, as_of: datetime | None) -> bool:
        """The county has grown ``RETRAIN_GROWTH``-fold since the model was trained."""
        visible = visible_count(engine, actor, as_of)
        return visible >= RETRAIN_GROWTH * max(self.trained_mentions, 1)


def usable_previous(engine: Engine, model_name: str, as_of: datetime | None) -> PreviousRun | None:
    """The latest finished run of this model whose as-of is not after ``as_of``."""
    query = select(
        IdentityRun.id,
        IdentityRun.as_of,
        IdentityRun.started_at,
        IdentityRun.model_name,
        IdentityRun.model,
        IdentityRun.trained_mentions,
        IdentityRun.mentions,
    ).where(IdentityRun.finished_at.is_not(None), IdentityRun.model_name == model_name)
    if as_of is not None:
        query = query.where(IdentityRun.as_of.is_not(None), IdentityRun.as_of <= as_of)
    with engine.connect() as conn:
        run = conn.execute(query.order_by(IdentityRun.id.desc()).limit(1)).first()
    if run is None or not run.model:
        return None
    return PreviousRun(
        run.id,
        run.as_of,
        run.started_at,
        run.model_name,
        dict(run.model),
        int(run.trained_mentions or run.mentions),
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No automatic cyclic garbage collection meanwhile. A step allocates about a million
    container objects (rows, pairs, feature dicts) that reference counting frees; each
    automatic collection would walk them all for nothing, about 0.6 s a step on the 100k
    county. What cyclic garbage there is (Splink's) waits for the next collection."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@_collector_paused()
def link_incremental(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None,
    model: LinkModel,
    link_engine: LinkEngine,
    previous: PreviousRun,
) -> LinkSummary:
    """Link what changed since ``previous`` and store the run (see the module docstring),
    with the cyclic garbage collector paused (``_collector_paused``)."""
    from heron.identity.service import LinkSummary, finish_run

    started = now_uk()
    visible, table = visible_table(engine, actor, as_of, (previous.started_at, previous.as_of))
    written = _WRITTEN.get(engine)
    if written is not None and written.run_id == previous.run_id:
        before, links = written.assignment, written.links
    else:
        with engine.connect() as conn:
            before = run_assignment(conn, previous.run_id)
            links = _links(conn, previous.run_id)
    keys = set(visible.keys)
    seen = {k for k, s in zip(visible.keys, visible.seen, strict=True) if s and k in before}
    dirty = {pid for key, pid in before.items() if key not in seen}
    confirm, reject = active_decisions(engine, actor, keys)
    for a, b in confirm:
        if a in seen and b in seen and before[a] != before[b]:
            dirty.update((before[a], before[b]))
    for a, b in reject:
        if a in seen and b in seen and before[a] == before[b]:
            dirty.add(before[a])
    changed = (keys - seen) | {k for k in seen if before[k] in dirty}
    kept_by_person: dict[str, list[str]] = defaultdict(list)
    for key in sorted(seen - changed):
        kept_by_person[before[key]].append(key)
    trained = trained_from_settings(previous.model_name, previous.model)
    carried = _carried_review(engine, previous.run_id, changed)
    weakest = _weakest_joins(links, before)
    result = resolve_incremental(
        table, changed, list(kept_by_person.values()), model, link_engine, trained, reject,
        confirm, carried, [weakest.get(pid, float("inf")) for pid in kept_by_person],
    )  # fmt: skip
    changed = set(result.relinked) or changed
    objects = resolve_objects(engine, actor, as_of)
    with engine.begin() as conn:
        assignment = _assign(conn, previous.run_id, result.groups, before, kept_by_person)
        persons = dict(zip(assignment.person_ids, result.groups, strict=True))
        # A person whose mentions are exactly the previous run's keeps its summary row.
        todo = {pid: g for pid, g in persons.items() if kept_by_person.get(pid) != g}
        ids = dict(zip(visible.keys, visible.ids, strict=True))
        by_key = summary_inputs(engine, actor, [ids[k] for g in todo.values() for k in g])
        summaries = {pid: summarise([by_key[k] for k in g]) for pid, g in todo.items()}
        run_id = insert_run(
            conn,
            actor,
            as_of,
            started,
            {
                "model_name": model.name,
                "model": trained.splink_settings,
                "threshold": model.threshold,
                "mentions": len(visible.keys),
                "mode": "incremental",
                "trained_mentions": previous.trained_mentions,
                "changed": len(changed),
            },
        )
        store_changed_persons(
            conn, run_id, previous.run_id, persons, before, summaries, assignment.changes
        )
        dropped = changed | (set(before) - keys)
        _carry_links(conn, previous.run_id, run_id, dropped)
        store_links(conn, run_id, result.joins)
        store_review(conn, run_id, result.review)
        insert_many(conn, ResolvedObject, _object_rows(run_id, objects))
        counts = finish_run(conn, run_id, assignment, len(result.groups))
    links = [link for link in links if link[0] not in dropped and link[1] not in dropped]
    links += [(p.left, p.right, stored_weight(p.match_weight)) for p in result.joins]
    after = {key: pid for pid, group in persons.items() for key in group}
    _WRITTEN[engine] = _Written(run_id, after, links)
    return LinkSummary(
        run_id, as_of, len(visible.keys), len(result.groups), **counts, objects=len(objects),
        mode="incremental", changed=len(changed),
    )  # fmt: skip


def _object_rows(run_id: int, objects: Sequence[ObjectAssignment]) -> list[dict[str, Any]]:
    return [
        {"run_id": run_id, "object_key": o.object_key, "kind": o.kind, "object_id": o.object_id,
         "method": o.method, "confidence": o.confidence}
        for o in objects
    ]  # fmt: skip


def _assign(
    conn: Connection,
    previous_run: int,
    groups: list[list[str]],
    before: dict[str, str],
    kept_by_person: dict[str, list[str]],
) -> Assignment:
    """Person ids for ``groups``, exactly as ``assign_ids`` over ``previous_assignment``
    would give them (the previous run is the base), working only on the groups that are
    not a kept person unchanged."""
    same = [kept_by_person.get(before.get(g[0], "")) == g for g in groups]
    other_keys = {k for g, s in zip(groups, same, strict=True) if not s for k in g}
    mapping = {k: before[k] for k in other_keys if k in before}
    mapping.update(inherited_ids(conn, previous_run, other_keys - mapping.keys()))
    # An unchanged kept person's id can only be contested by a group holding some other
    # mention once assigned to it; only those take part in the matching.
    contested = set(mapping.values())
    part = [
        i for i, (g, s) in enumerate(zip(groups, same, strict=True))
        if not s or before[g[0]] in contested
    ]  # fmt: skip
    for i in part:
        mapping.update((k, before[k]) for k in groups[i] if k in before and k not in mapping)
    sub = assign_ids([groups[i] for i in part], mapping, next_person_number(conn))
    ids = [before[g[0]] if s else "" for g, s in zip(groups, same, strict=True)]
    for i, pid in zip(part, sub.person_ids, strict=True):
        ids[i] = pid
    return Assignment(ids, sub.changes, sub.next_number)


def _carry_links(conn: Connection, previous_run: int, run_id: int, dropped: set[str]) -> None:
    """Copy the previous run's joining links, except those touching ``dropped`` mentions."""
    columns = ["left_key", "right_key", "match_weight", "match_probability", "gammas", "weights"]
    source = select(literal(run_id), *[getattr(IdentityLink, c) for c in columns]).where(
        IdentityLink.run_id == previous_run
    )
    conn.execute(insert(IdentityLink).from_select(["run_id", *columns], source))
    gone = sorted(dropped)
    for start in range(0, len(gone), 400):
        chunk = gone[start : start + 400]
        conn.execute(
            delete(IdentityLink).where(
                IdentityLink.run_id == run_id,
                IdentityLink.left_key.in_(chunk) | IdentityLink.right_key.in_(chunk),
            )
        )


def _links(conn: Connection, run_id: int) -> list[Link]:
    """A run's joining links."""
    query = select(IdentityLink.left_key, IdentityLink.right_key, IdentityLink.match_weight)
    rows = conn.execute(query.where(IdentityLink.run_id == run_id)).all()
    return [(left, right, float(weight)) for left, right, weight in rows]


def _weakest_joins(links: Sequence[Link], before: dict[str, str]) -> dict[str, float]:
    """Each previous person's weakest joining link (a person of one mention has none)."""
    out: dict[str, float] = {}
    for left, right, weight in links:
        pid = before.get(left)
        if pid is not None and pid == before.get(right):
            out[pid] = min(out.get(pid, float("inf")), weight)
    # A person of several mentions with no joining link stored: relink them when touched.
    for pid, n in Counter(before.values()).items():
        if n > 1 and pid not in out:
            out[pid] = float("-inf")
    return out


def _carried_review(engine: Engine, previous_run: int, changed: set[str]) -> list[ScoredPair]:
    """The previous run's review pairs between unchanged mentions, to be re-judged (not
    its conflicts: those come from the standing decisions, which every run reads)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                IdentityReviewPair.left_key,
                IdentityReviewPair.right_key,
                IdentityReviewPair.match_weight,
                IdentityReviewPair.match_probability,
                IdentityReviewPair.gammas,
                IdentityReviewPair.weights,
            ).where(
                IdentityReviewPair.run_id == previous_run, IdentityReviewPair.kind != "conflict"
            )
        )
        return [
            ScoredPair(
                r.left_key,
                r.right_key,
                r.match_weight,
                r.match_probability,
                tuple(int(g) for g in r.gammas),
                tuple(float(w) for w in r.weights),
            )
            for r in rows
            if r.left_key not in changed and r.right_key not in changed
        ]
