"""Building the POLE graph as of a date for one identity run, from a few bulk queries.

Owns reading, through ``store.asof.visible_at``, the visible person mentions (with the
run's person ids), phones, vehicles, handles and places (with the run's object ids) and
the records that name two or more of them. A record naming a single entity ties nothing
and is left out (it stays in the child's chronology). Reads only; never writes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, select

from heron.access import Actor
from heron.graph.model import Entity, Named, PoleGraph, RecordNode
from heron.identity.normalise import place_key
from heron.store.asof import visible_at
from heron.store.models import (
    HandleMention,
    LocationMention,
    Mention,
    PersonMention,
    PersonRow,
    PhoneMention,
    Record,
    ResolvedObject,
    VehicleMention,
)
from heron.timeutil import now_uk

#: Record types whose attributes the patterns read (found_with, category, document, …).
_ATTRIBUTE_TYPES = ("missing_episode", "police_incident", "other", "business_report")
#: The attributes kept on a record node; nothing else of the payload is read.
_ATTRIBUTES = ("found_with", "category", "document", "business_kind", "reported_by")


class _Builder:
    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.index: dict[str, int] = {}
        self.named: dict[int, list[Named]] = defaultdict(list)  # record pk → named

    def add(self, entity: Entity) -> int:
        found = self.index.get(entity.id)
        if found is None:
            found = self.index[entity.id] = len(self.entities)
            self.entities.append(entity)
        return found


def build_graph(engine: Engine, actor: Actor, as_of: datetime | None, run_id: int) -> PoleGraph:
    """The POLE graph of everything visible at ``as_of`` (None: now), for identity run ``run_id``.

    A person's ``home`` is the address their own mentions give most often.
    """
    del actor  # the seam for access control; reading is not yet restricted by agency
    when = as_of or now_uk()
    builder = _Builder()
    with engine.connect() as conn:
        _persons(conn, builder, as_of, run_id, when.date())
        _objects(conn, builder, as_of, run_id)
        records = _records(conn, builder, as_of)
    return PoleGraph(as_of, run_id, builder.entities, records, builder.index)


def _persons(
    conn: Connection, builder: _Builder, as_of: datetime | None, run_id: int, day: date
) -> None:
    summary = {
        row.person_id: row
        for row in conn.execute(
            select(
                PersonRow.person_id,
                PersonRow.family_name,
                PersonRow.date_of_birth,
                PersonRow.is_child,
            ).where(PersonRow.run_id == run_id)
        )
    }
    query = (
        select(
            Mention.record_pk,
            Mention.ref,
            Mention.role,
            Mention.address,
            Mention.postcode,
            PersonMention.person_id,
        )
        .join(Record, Record.id == Mention.record_pk)
        .join(
            PersonMention,
            (PersonMention.mention_key == Mention.mention_key) & (PersonMention.run_id == run_id),
        )
        .where(visible_at(as_of))
        .execution_options(yield_per=20_000)
    )
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    homes: dict[str, Counter[tuple[str | None, str]]] = defaultdict(Counter)
    seen: list[tuple[int, str, str | None, str]] = []
    for record_pk, ref, role, address, postcode, person_id in conn.execute(query):
        roles[person_id][role or "other"] += 1
        if address:
            homes[person_id][(postcode, address)] += 1
        seen.append((record_pk, ref, role, person_id))
    for person_id, counts in roles.items():
        row = summary.get(person_id)
        home = homes.get(person_id)
        written = home.most_common(1)[0][0] if home else None
        builder.add(
            Entity(
                id=person_id,
                kind="person",
                is_child=None if row is None or row.is_child is None else bool(row.is_child),
                age=_age(row.date_of_birth if row is not None else None, day),
                roles=tuple(counts.most_common()),
                family_name=(row.family_name or "").lower() or None if row is not None else None,
                home=place_key(None, written[1], written[0]) if written else None,
            )
        )
    for record_pk, ref, role, person_id in seen:
        builder.named[record_pk].append(Named(builder.index[person_id], role, "mention", ref))


def _age(dob: str | None, day: date) -> int | None:
    if not dob or len(dob) != 10:
        return None
    born = date.fromisoformat(dob)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _resolved(table: Any, run_id: int, *columns: Any) -> Any:
    return (
        select(table.record_pk, ResolvedObject.object_id, *columns)
        .join(Record, Record.id == table.record_pk)
        .join(
            ResolvedObject,
            (ResolvedObject.object_key == table.object_key) & (ResolvedObject.run_id == run_id),
        )
        .execution_options(yield_per=20_000)
    )


def _objects(conn: Connection, builder: _Builder, as_of: datetime | None, run_id: int) -> None:
    visible = visible_at(as_of)
    query = _resolved(VehicleMention, run_id, VehicleMention.role)
    for record_pk, object_id, role in conn.execute(query.where(visible)):
        index = builder.add(Entity(object_id, "vehicle", label=object_id.split(":", 1)[-1]))
        builder.named[record_pk].append(Named(index, role, "vehicle"))
    query = _resolved(PhoneMention, run_id, PhoneMention.role, PhoneMention.mention_ref)
    holders: list[tuple[int, int, str]] = []
    for record_pk, object_id, role, mention_ref in conn.execute(query.where(visible)):
        index = builder.add(Entity(object_id, "phone", label=object_id.split(":", 1)[-1]))
        if mention_ref is None:
            builder.named[record_pk].append(Named(index, role, "phone"))
        else:
            holders.append((record_pk, index, str(mention_ref)))
    for record_pk, index, mention_ref in holders:  # a mention's own phone: tied to its holder
        holder = next((n.entity for n in builder.named[record_pk] if n.ref == mention_ref), None)
        builder.named[record_pk].append(Named(index, "holder", "holder", holder=holder))
    kinds: dict[int, Counter[str]] = defaultdict(Counter)
    names: dict[int, Counter[str]] = defaultdict(Counter)
    query = _resolved(
        LocationMention, run_id, LocationMention.context, LocationMention.kind, LocationMention.name
    )
    for record_pk, object_id, context, kind, name in conn.execute(query.where(visible)):
        index = builder.add(Entity(object_id, "location"))
        builder.named[record_pk].append(Named(index, None, context))
        if kind:
            kinds[index][kind] += 1
        if name:
            names[index][name] += 1
    for index in {*kinds, *names}:
        old = builder.entities[index]
        label = names[index].most_common(1)[0][0] if names.get(index) else _address(old.id)
        kind = kinds[index].most_common(1)[0][0] if kinds.get(index) else None
        builder.entities[index] = Entity(old.id, "location", label=label, place_kind=kind)
    query = (
        select(
            HandleMention.record_pk,
            HandleMention.platform,
            HandleMention.handle,
            HandleMention.role,
        )
        .join(Record, Record.id == HandleMention.record_pk)
        .where(visible)
    )
    for record_pk, platform, handle, role in conn.execute(query):
        name = handle.strip().lstrip("@").lower()
        entity = Entity(f"H:{(platform or '').lower()}:{name}", "handle", label=f"@{name}")
        builder.named[record_pk].append(Named(builder.add(entity), role, "handle"))


def _address(object_id: str) -> str:
    return object_id.split("|", 1)[-1] if "|" in object_id else object_id.split(":", 1)[-1]


def _records(conn: Connection, builder: _Builder, as_of: datetime | None) -> list[RecordNode]:
    wanted = {pk for pk, named in builder.named.items() if len({n.entity for n in named}) >= 2}
    attributes: dict[int, dict[str, Any]] = {}
    query = (
        select(Record.id, Record.payload)
        .where(visible_at(as_of), Record.type.in_(_ATTRIBUTE_TYPES))
        .execution_options(yield_per=5_000)
    )
    for pk, payload in conn.execute(query):
        if pk in wanted:
            attributes[pk] = _kept(payload)
    query = (
        select(Record.id, Record.key, Record.sector, Record.type, Record.occurred_at)
        .where(visible_at(as_of))
        .execution_options(yield_per=50_000)
    )
    out: list[RecordNode] = []
    for pk, key, sector, type_, occurred_at in conn.execute(query):
        if pk in wanted:
            named = tuple(builder.named[pk])
            out.append(RecordNode(key, sector, type_, occurred_at, named, attributes.get(pk, {})))
    out.sort(key=lambda r: (r.occurred_at, r.key))
    return out


def _kept(payload: Any) -> dict[str, Any]:
    data = payload if isinstance(payload, dict) else orjson.loads(payload)
    attrs = data.get("attributes") or {}
    return {k: attrs[k] for k in _ATTRIBUTES if k in attrs}
