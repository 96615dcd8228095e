"""Indicators over the store: every child's view as of a date, assessed.

Owns reading, for one identity run, the visible records that mention each child (through
``store.asof``) and feeding them to ``evaluate``: a first pass over missing episodes finds
children missing on the same nights, a second assesses each child with that context.
One narrow sorted query orders every child's record ids; payloads follow by primary key a
batch of children at a time, so memory stays flat (a replay keeps record views between its
steps instead, ``ViewCache``). Must not change records or persons.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, Text, cast, select

from heron.access import Actor
from heron.indicators.engine import ChildRisk, evaluate
from heron.indicators.inputs import ChildView, NetworkTie
from heron.indicators.ruleset import RuleSet, load_rules
from heron.indicators.viewcache import ViewCache, ViewPart, child_view_of, view_part
from heron.indicators.views import child_view_from_records
from heron.missing import CoMissingGroup, Episode, co_missing, co_missing_for, episodes
from heron.store.asof import visible_at
from heron.store.models import Mention, PersonMention, PersonRow, Record
from heron.timeutil import now_uk


def identity_run(engine: Engine, actor: Actor, as_of: datetime | None) -> int:
    """The identity run for ``as_of``: the current one, or a new linking run."""
    from heron.identity.service import link_persons, run_for  # Splink loads only when needed

    run_id = run_for(engine, actor, as_of)
    return run_id if run_id is not None else link_persons(engine, actor, as_of).run_id


#: Children whose records are fetched together, and ids per ``IN (…)`` list (SQLite's
#: oldest limit on bound parameters is 999).
_BATCH_CHILDREN = 2000
_IN_LIST = 900


@dataclass
class _ChildRecords:
    """One child person's visible record ids in time order, with each record's type."""

    person_id: str
    ids: list[int]
    types: list[str]

    def of(self, types: tuple[str, ...] | None) -> list[int]:
        if not types:
            return self.ids
        return [pk for pk, kind in zip(self.ids, self.types, strict=True) if kind in types]


def _child_records(
    conn: Connection, as_of: datetime | None, run_id: int, types: tuple[str, ...] | None = None
) -> list[_ChildRecords]:
    """Each child person's visible record ids, in time order: one narrow, sorted query.

    Sorting only (person, record id, type) rows, not payloads, is what keeps this fast:
    the payloads are fetched afterwards by primary key, a batch of children at a time.
    """
    query = (
        select(PersonMention.person_id, Record.id, Record.type)
        .join(Mention, Mention.mention_key == PersonMention.mention_key)
        .join(Record, Record.id == Mention.record_pk)
        .join(
            PersonRow,
            (PersonRow.person_id == PersonMention.person_id) & (PersonRow.run_id == run_id),
        )
        .where(PersonMention.run_id == run_id, visible_at(as_of), PersonRow.is_child.is_(True))
        .order_by(PersonMention.person_id, Record.occurred_at, Record.id)
    )
    if types:
        query = query.where(Record.type.in_(types))
    children: list[_ChildRecords] = []
    kinds: dict[str, str] = {}  # one string per type, not one per row
    for person_id, record_pk, kind in conn.execute(query):
        if not children or children[-1].person_id != person_id:
            children.append(_ChildRecords(person_id, [], []))
        elif children[-1].ids[-1] == record_pk:
            continue  # the child is named twice in one record
        children[-1].ids.append(record_pk)
        children[-1].types.append(kinds.setdefault(kind, kind))
    return children


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _IN_LIST):
        yield ids[start : start + _IN_LIST]


def _payloads(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """These records' payloads by primary key, decoded with orjson."""
    payloads: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        for pk, raw in conn.execute(
            select(Record.id, cast(Record.payload, Text)).where(Record.id.in_(chunk))
        ):
            payloads[pk] = orjson.loads(raw)
    return payloads


def _persons_of(conn: Connection, run_id: int) -> dict[str, str]:
    """Mention key → person id for the whole run, read once in one pass.

    Looking mentions up a batch at a time costs far more: without statistics SQLite walks
    the run's index for every key list.
    """
    rows = conn.execute(
        select(PersonMention.mention_key, PersonMention.person_id).where(
            PersonMention.run_id == run_id
        )
    )
    return {key: person_id for key, person_id in rows}


def _children_of(conn: Connection, run_id: int) -> dict[str, bool]:
    """Person id → whether the run found a child, for every person it says either of."""
    rows = conn.execute(
        select(PersonRow.person_id, PersonRow.is_child).where(
            PersonRow.run_id == run_id, PersonRow.is_child.is_not(None)
        )
    )
    return {person_id: bool(child) for person_id, child in rows}


def child_views(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None,
    run_id: int,
    *,
    types: tuple[str, ...] | None = None,
) -> Iterator[ChildView]:
    """Each child person's view of the records visible at ``as_of``, one child at a time.

    Memory holds one batch of children's records at a time, whatever the county's size.
    """
    del actor  # access control sits at the service seam (a later issue)
    with engine.connect() as conn:
        yield from _views(conn, run_id, _child_records(conn, as_of, run_id, types), types)


def _views(
    conn: Connection,
    run_id: int,
    children: list[_ChildRecords],
    types: tuple[str, ...] | None = None,
    person_of: dict[str, str] | None = None,
    cache: ViewCache | None = None,
    child_of: dict[str, bool] | None = None,
) -> Iterator[ChildView]:
    """The views of these children (their records of ``types`` only, if given), in batches.

    With a ``cache``, a record's view kept from an earlier step is reused while linking
    still puts its mentions in the same persons; only the other records are read.
    """
    person_of = person_of if person_of is not None else _persons_of(conn, run_id)
    child_of = child_of if child_of is not None else _children_of(conn, run_id)
    is_child = _IsChild(person_of, child_of)
    chosen = [(c.person_id, c.of(types)) for c in children]
    chosen = [(person_id, pks) for person_id, pks in chosen if pks]
    for start in range(0, len(chosen), _BATCH_CHILDREN):
        batch = chosen[start : start + _BATCH_CHILDREN]
        if cache is not None:
            yield from _kept_views(conn, batch, person_of, child_of, is_child, cache)
            continue
        payloads = _payloads(conn, sorted({pk for _, pks in batch for pk in pks}))
        for person_id, pks in batch:
            yield _view(person_id, [payloads[pk] for pk in pks], person_of, is_child)


def _kept_views(
    conn: Connection,
    batch: list[tuple[str, list[int]]],
    person_of: dict[str, str],
    child_of: dict[str, bool],
    is_child: Mapping[str, bool],
    cache: ViewCache,
) -> Iterator[ChildView]:
    """A batch of children's views from the parts ``cache`` keeps, reading only the records
    whose part it lacks or linking has changed, and keeping their new parts."""
    kept: dict[tuple[int, str], ViewPart] = {}
    for person_id, pks in batch:
        for pk in pks:
            if (part := cache.get(pk, person_id, person_of, child_of)) is not None:
                kept[pk, person_id] = part
    wanted = {pk for person_id, pks in batch for pk in pks if (pk, person_id) not in kept}
    payloads = _payloads(conn, sorted(wanted))
    for person_id, pks in batch:
        parts = []
        for pk in pks:
            part = kept.get((pk, person_id))
            if part is None:
                part = view_part(payloads[pk], person_id, person_of, child_of, is_child)
                cache.put(pk, person_id, part)
            parts.append(part)
        yield child_view_of(person_id, parts)


class _IsChild(Mapping[str, bool]):
    """Mention key → whether its person is a child, looked up through the person."""

    def __init__(self, person_of: dict[str, str], child_of: dict[str, bool]) -> None:
        self.person_of, self.child_of = person_of, child_of

    def __getitem__(self, key: str) -> bool:
        return self.child_of[self.person_of[key]]

    def get(self, key: str, default: Any = None) -> Any:
        person = self.person_of.get(key)
        return self.child_of.get(person, default) if person is not None else default

    def __iter__(self) -> Iterator[str]:
        return (k for k, p in self.person_of.items() if p in self.child_of)

    def __len__(self) -> int:  # walks every mention: a truth test must not come here
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return bool(self.child_of)


def _view(
    person_id: str,
    records: list[dict[str, Any]],
    person_of: dict[str, str],
    is_child: Mapping[str, bool],
) -> ChildView:
    return child_view_from_records(
        person_id,
        records,
        person_ids=person_of,
        is_child=is_child,
        home_postcode=_home_postcode(person_id, records, person_of),
    )


def _home_postcode(
    person_id: str, records: list[dict[str, Any]], person_of: dict[str, str]
) -> str | None:
    """The postcode the child's own mentions give most often (their home, as agencies know it)."""
    seen: Counter[str] = Counter()
    for rec in records:
        for index, mention in enumerate(rec.get("persons") or ()):
            key = f"{rec['agency']}:{rec['id']}#{mention.get('ref', index)}"
            if person_of.get(key) == person_id and mention.get("postcode"):
                seen[str(mention["postcode"])] += 1
    return seen.most_common(1)[0][0] if seen else None


def missing_by_child(
    engine: Engine, actor: Actor, as_of: datetime | None, run_id: int | None = None
) -> dict[str, list[Episode]]:
    """Every child's missing episodes known at ``as_of`` (None: now), by person id."""
    when = as_of or now_uk()
    run = run_id if run_id is not None else identity_run(engine, actor, as_of)
    views = child_views(engine, actor, as_of, run, types=("missing_episode",))
    return {view.person_id: episodes(view, when) for view in views}


class ChildAssessor:
    """Every child's records as of one date through one identity run, read once and
    assessed as often as asked: the NET-01 pass assesses a few children again with their
    networks, from the same record lists, persons and missing nights as the first pass.

    Reads the store when made (record lists, persons, missing episodes) and at each
    ``assess`` (payloads, but for the record views ``cache`` keeps). Nothing it reads may
    change between the two: detection writes only alerts, and linking writes other runs.
    """

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        as_of: datetime | None = None,
        *,
        cache: ViewCache | None = None,
        run_id: int | None = None,
    ) -> None:
        self.engine, self.cache = engine, cache
        self.when = as_of or now_uk()
        self.run_id = run_id if run_id is not None else identity_run(engine, actor, as_of)
        self.rules: RuleSet = load_rules()
        with engine.connect() as conn:
            self.children = _child_records(conn, as_of, self.run_id)
            self.person_of = _persons_of(conn, self.run_id)
            self.child_of = _children_of(conn, self.run_id)
            missing = {
                view.person_id: episodes(view, self.when)
                for view in _views(
                    conn,
                    self.run_id,
                    self.children,
                    ("missing_episode",),
                    self.person_of,
                    cache,
                    self.child_of,
                )
            }
        self.groups_of: dict[str, list[CoMissingGroup]] = defaultdict(list)
        for group in co_missing(missing):
            for member in group.members:
                self.groups_of[member.child_id].append(group)

    def assess(
        self,
        only: Collection[str] | None = None,
        networks: Mapping[str, Sequence[NetworkTie]] | None = None,
    ) -> Iterator[ChildRisk]:
        """The children's risks (``only`` those person ids, if given), in record-list order;
        ``networks`` gives each child the networks found with them among their children."""
        networks = networks or {}
        children = self.children
        chosen = children if only is None else [c for c in children if c.person_id in only]
        with self.engine.connect() as conn:
            for view in _views(
                conn, self.run_id, chosen, None, self.person_of, self.cache, self.child_of
            ):
                links = co_missing_for(view.person_id, self.groups_of.get(view.person_id, ()))
                tied = networks.get(view.person_id, ())
                yield evaluate(view, self.when, self.rules, co_missing=links, networks=tied)


def assess_children(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None = None,
    *,
    only: Collection[str] | None = None,
    networks: Mapping[str, Sequence[NetworkTie]] | None = None,
    cache: ViewCache | None = None,
    run_id: int | None = None,
) -> Iterator[ChildRisk]:
    """Every child's indicators and level as of ``as_of`` (None: now), strongest data first.

    One narrow query lists every child's records; the missing episodes among them are read
    first (to find children missing on the same nights), then each child is assessed.
    ``only`` assesses just those person ids (missing nights are still found among every
    child); ``networks`` gives each child the networks found with them among their children
    (``heron.detection`` hands them over: indicators never read networks themselves).
    ``cache`` keeps record views for the next call (a replay's next step). ``run_id`` names
    the identity run to read (None: the current run for ``as_of``, linking if none). To
    assess some children again, use one ``ChildAssessor``.
    """
    assessor = ChildAssessor(engine, actor, as_of, cache=cache, run_id=run_id)
    yield from assessor.assess(only, networks)


def risk_line(risk: ChildRisk) -> dict[str, Any]:
    """One ``export risk`` line (cli-and-exports-v1, with explanation and record keys added)."""
    return {
        "person_id": risk.person_id,
        "level": risk.level.label,
        "indicators": [
            {
                "id": ind.rule_id,
                "name": ind.name,
                "evidence": sorted({k for e in ind.evidence for k in e.mention_keys}),
                "records": list(ind.record_keys),
            }
            for ind in risk.indicators
        ],
        "explanation": risk.explanation,
        "uncertainty": risk.uncertainty,
        "practitioner_level": risk.practitioner_level.label if risk.practitioner_level else None,
        "practitioner_record": risk.practitioner_record,
        "as_of": risk.as_of.isoformat(),
        "rules_version": risk.rules_version,
    }
