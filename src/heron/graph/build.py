"""Building the POLE graph as of a date for one identity run, from four bulk queries.

Owns reading, through ``store.asof.visible_at``, the visible records that name two or more
entities (persons, vehicles, phones, handles, places) with the run's person and object ids;
``persons.fill_persons`` then fills in every person they name. A person a record names
by an alias alone (no family name, no date of birth: "Sonic") is also tied through an
alias node, one per alias across records, so the same street name in two records joins
them though linking keeps the two mentions apart. A record naming a single entity ties
nothing: it is left out, found in SQL (``GROUP BY record_pk HAVING count(*) >= 2`` over
the mention tables) before anything is read, and stays in the child's chronology; the
run's children whom only such records name are listed apart by name and age
(``other_children``, from ``fill_persons``). Reads only; never writes.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)

from heron.access import Actor
from heron.graph.entities import EntityTable
from heron.graph.model import Entity, Named, PoleGraph, RecordNode
from heron.graph.persons import fill_persons
from heron.identity.normalise import normalise_name
from heron.store.asof import visible_at
from heron.store.models import (
    HandleMention,
    LocationMention,
    Mention,
    PersonMention,
    PhoneMention,
    Record,
    ResolvedObject,
    VehicleMention,
)
from heron.timeutil import now_uk

#: Record types whose attributes the patterns read (found_with, category, document).
_ATTRIBUTE_TYPES = ("missing_episode", "police_incident", "other", "business_report")
#: Where each kind of named row comes from, in the order a record's entities are listed.
_PERSON, _VEHICLE, _PHONE, _PLACE, _HANDLE = range(5)


def build_graph(engine: Engine, actor: Actor, as_of: datetime | None, run_id: int) -> PoleGraph:
    """The POLE graph of everything visible at ``as_of`` (None: now), for identity run ``run_id``.

    Persons and objects are the ones the records that tie name. A person's ``roles`` are
    counted in those records; their ``home`` is the address their own visible mentions (in
    any record) give most often. The run's other children are listed apart
    (``PoleGraph.other_children``).
    """
    del actor  # the seam for access control; reading is not yet restricted by agency
    when = as_of or now_uk()
    with engine.connect() as conn:
        heads = _record_heads(conn, as_of)
        builder = EntityTable()
        roles: dict[int, dict[str, int]] = {}
        named = _named(conn, builder, roles, as_of, run_id)
        records = []
        for pk, (key, sector, type_, occurred_at, attributes) in heads.items():
            own = named.get(pk, [])
            if len({n.entity for n in own}) >= 2:
                records.append(RecordNode(key, sector, type_, occurred_at, tuple(own), attributes))
        others = fill_persons(conn, builder, roles, as_of, run_id, when.date())
    records.sort(key=lambda r: (r.occurred_at, r.key))
    return PoleGraph(as_of, run_id, builder.entities, records, builder.index, others)


def _tied() -> Any:
    """Record pks naming two or more persons or objects (visible or not: joined later)."""
    named = union_all(
        select(Mention.record_pk),
        select(VehicleMention.record_pk),
        select(PhoneMention.record_pk),
        select(HandleMention.record_pk),
        select(LocationMention.record_pk),
    ).subquery()
    return (
        select(named.c.record_pk).group_by(named.c.record_pk).having(func.count() >= 2).cte("tied")
    )


def _record_heads(
    conn: Connection, as_of: datetime | None
) -> dict[int, tuple[str, str, str, datetime, dict[str, Any]]]:
    """Key, sector, type, time and the attributes patterns read, of each tying record."""
    tied = _tied()
    wanted = Record.type.in_(_ATTRIBUTE_TYPES)
    attributes = Record.payload["attributes"]
    query = (
        select(
            Record.id,
            Record.key,
            Record.sector,
            Record.type,
            Record.occurred_at,
            case((wanted, attributes["found_with"]), else_=null()),
            case((wanted, attributes["category"].as_string()), else_=null()),
            case((wanted, attributes["document"].as_string()), else_=null()),
        )
        .join(tied, tied.c.record_pk == Record.id)
        .where(visible_at(as_of))
    )
    out = {}
    for pk, key, sector, type_, occurred_at, found_with, category, document in conn.execute(query):
        kept: dict[str, Any] = {}
        if isinstance(found_with, list):
            kept["found_with"] = found_with
        if category is not None:
            kept["category"] = category
        if document is not None:
            kept["document"] = document
        out[pk] = (key, sector, type_, occurred_at, kept)
    return out


def _row(source: int, table: Any, entity: Any, role: Any, ref: Any, kind: Any, name: Any) -> Any:
    """Named rows of one mention table, as (record pk, source, row, entity, role, ref, kind,
    name), for the tying records visible at the date (joined by the caller). Person rows
    carry their aliases as ``kind`` and ``_BARE`` as ``name`` when they record a name alone."""
    columns = [cast(c, String) if c is not None else cast(null(), String) for c in (entity,
               role, ref, kind, name)]  # fmt: skip
    return select(
        table.record_pk,
        literal(source, Integer).label("source"),
        table.id.label("row"),
        *(c.label(label) for c, label in zip(columns, _COLUMNS, strict=True)),
    ).join(Record, Record.id == table.record_pk)


_COLUMNS = ("entity", "role", "ref", "kind", "name")


_BARE = "bare"


def _name_alone() -> Any:
    """A person mention recording a name alone (``Named.bare``)."""
    return and_(*(column.is_(None) for column in (
        Mention.date_of_birth, Mention.age, Mention.description, Mention.address,
        Mention.postcode, Mention.phone, Mention.nhs_number, Mention.upn, Mention.pnc_id,
        Mention.local_id)))  # fmt: skip


def _named_query(as_of: datetime | None, run_id: int) -> Any:
    """One row per entity named by a visible tying record: persons first, then vehicles,
    phones, places and handles, each in stored order."""
    tied = _tied()

    def resolved(table: Any) -> Any:
        return (ResolvedObject.object_key == table.object_key) & (ResolvedObject.run_id == run_id)

    person = (PersonMention.mention_key == Mention.mention_key) & (PersonMention.run_id == run_id)
    alias_only = Mention.family_name.is_(None) & Mention.date_of_birth.is_(None)
    parts = [
        _row(_PERSON, Mention, PersonMention.person_id, Mention.role, Mention.ref,
             case((alias_only, Mention.aliases), else_=null()),
             case((_name_alone(), literal(_BARE)), else_=null()))
        .join(PersonMention, person),
        _row(_VEHICLE, VehicleMention, ResolvedObject.object_id, VehicleMention.role, None,
             None, None).join(ResolvedObject, resolved(VehicleMention)),
        _row(_PHONE, PhoneMention, ResolvedObject.object_id, PhoneMention.role,
             PhoneMention.mention_ref, None, None).join(ResolvedObject, resolved(PhoneMention)),
        _row(_PLACE, LocationMention, ResolvedObject.object_id, None, LocationMention.context,
             LocationMention.kind, LocationMention.name)
        .join(ResolvedObject, resolved(LocationMention)),
        _row(_HANDLE, HandleMention, HandleMention.handle, HandleMention.role, None,
             HandleMention.platform, None),
    ]  # fmt: skip
    visible = visible_at(as_of)
    union = union_all(
        *(part.join(tied, tied.c.record_pk == Record.id).where(visible) for part in parts)
    ).subquery()
    return select(union).order_by(union.c.source, union.c.row)


def _named(
    conn: Connection,
    builder: EntityTable,
    roles: dict[int, dict[str, int]],
    as_of: datetime | None,
    run_id: int,
) -> dict[int, list[Named]]:
    """The entities each tying record names (record pk → named), added to ``builder``, and
    the roles each person is named in (``roles``, filled in)."""
    named: dict[int, list[Named]] = defaultdict(list)
    kinds: dict[int, Counter[str]] = defaultdict(Counter)
    names: dict[int, Counter[str]] = defaultdict(Counter)
    for pk, source, _, entity, role, ref, kind, name in conn.execute(_named_query(as_of, run_id)):
        own = named[pk]
        if source == _PERSON:
            index = builder.add(entity, "person")
            own.append(Named(index, role, "mention", ref, bare=name == _BARE))
            counts = roles.setdefault(index, {})
            counts[role or "other"] = counts.get(role or "other", 0) + 1
            for key, alias in _aliases(kind):
                at = builder.add(f"A:{key}", "alias", f"'{alias}'")
                own.append(Named(at, role, "alias", ref, holder=index))
                builder.aliases[at].add(index)
                builder.alias_roles[at][role or "other"] += 1
        elif source == _VEHICLE:
            own.append(Named(builder.add(entity, "vehicle", _label(entity)), role, "vehicle"))
        elif source == _PHONE:
            index = builder.add(entity, "phone", _label(entity))
            if ref is None:
                own.append(Named(index, role, "phone"))
            else:  # a mention's own phone: tied to the person who gave it
                holder = next((n.entity for n in own if n.ref == ref), None)
                own.append(Named(index, "holder", "holder", holder=holder))
        elif source == _PLACE:
            index = builder.add(entity, "location")
            own.append(Named(index, None, ref))
            if kind:
                kinds[index][kind] += 1
            if name:
                names[index][name] += 1
        else:
            handle = entity.strip().lstrip("@").lower()
            index = builder.add(f"H:{(kind or '').lower()}:{handle}", "handle", f"@{handle}")
            own.append(Named(index, role, "handle"))
    for index in {*kinds, *names}:
        old = builder.entities[index]
        label = names[index].most_common(1)[0][0] if names.get(index) else _address(old.id)
        kind = kinds[index].most_common(1)[0][0] if kinds.get(index) else None
        builder.entities[index] = Entity(old.id, "location", label=label, place_kind=kind)
    return named


def _aliases(text: str | None) -> list[tuple[str, str]]:
    """The aliases of a mention named by them alone (a JSON list as text), each once: the
    key identity compares aliases by (``normalise_name``: "Big-T" and "big t" are one) and
    the alias as written."""
    if not text or text == "[]":
        return []
    try:
        given = json.loads(text)
    except ValueError:
        return []
    seen: dict[str, str] = {}
    for alias in given if isinstance(given, list) else ():
        key = normalise_name(str(alias))
        if key:
            seen.setdefault(key, " ".join(str(alias).split()))
    return list(seen.items())


def _label(object_id: str) -> str:
    return object_id.split(":", 1)[-1]


def _address(object_id: str) -> str:
    return object_id.split("|", 1)[-1] if "|" in object_id else object_id.split(":", 1)[-1]
