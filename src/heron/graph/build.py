"""Building the POLE graph as of a date for one identity run, from four bulk queries.

Owns reading, through ``store.asof.visible_at``, the visible records that name two or more
entities (persons, vehicles, phones, handles, places) with the run's person and object ids,
and a summary of every person they name. A person a record names by an alias alone (no
family name, no date of birth: "Sonic") is also tied through an alias node, one per alias
across records, so the same street name in two records joins them though linking keeps
the two mentions apart. A record naming a single entity ties nothing:
it is left out, found in SQL (``GROUP BY record_pk HAVING count(*) >= 2`` over the mention
tables) before anything is read, and stays in the child's chronology; the run's children
whom only such records name are listed apart by name and age (``other_children``). Reads
only; never writes.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
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
from heron.graph.model import Entity, Named, PoleGraph, RecordNode
from heron.identity.normalise import normalise_name, place_key
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
        builder = _Builder()
        roles: dict[int, dict[str, int]] = {}
        named = _named(conn, builder, roles, as_of, run_id)
        records = []
        for pk, (key, sector, type_, occurred_at, attributes) in heads.items():
            own = named.get(pk, [])
            if len({n.entity for n in own}) >= 2:
                records.append(RecordNode(key, sector, type_, occurred_at, tuple(own), attributes))
        others = _persons(conn, builder, roles, as_of, run_id, when.date())
    records.sort(key=lambda r: (r.occurred_at, r.key))
    return PoleGraph(as_of, run_id, builder.entities, records, builder.index, others)


class _Builder:
    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.index: dict[str, int] = {}
        self.persons: list[int] = []  # indexes of person entities, to fill in afterwards
        # alias index → the persons it is given for, and the roles they are named in
        self.aliases: dict[int, set[int]] = defaultdict(set)
        self.alias_roles: dict[int, Counter[str]] = defaultdict(Counter)

    def add(self, entity_id: str, kind: str, label: str = "") -> int:
        found = self.index.get(entity_id)
        if found is None:
            found = self.index[entity_id] = len(self.entities)
            self.entities.append(Entity(entity_id, kind, label=label))
            if kind == "person":
                self.persons.append(found)
        return found


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
    builder: _Builder,
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


def _persons(
    conn: Connection,
    builder: _Builder,
    roles: dict[int, dict[str, int]],
    as_of: datetime | None,
    run_id: int,
    day: date,
) -> tuple[Entity, ...]:
    """Fill in each named person: child or not, age, family name, the roles the records that
    tie name them in, and their home from every visible mention that gives an address.
    Returns the run's children no tying record names, with their name and age only."""
    # materialised first: the few mentions with an address drive the join, not the run's
    addressed = (
        select(Mention.record_pk, Mention.mention_key, Mention.postcode, Mention.address)
        .where(Mention.address.is_not(None))
        .cte("addressed")
        .prefix_with("MATERIALIZED")
    )
    query = (
        select(PersonMention.person_id, addressed.c.postcode, addressed.c.address, func.count())
        .select_from(addressed)
        .join(Record, Record.id == addressed.c.record_pk)
        .join(
            PersonMention,
            (PersonMention.mention_key == addressed.c.mention_key)
            & (PersonMention.run_id == run_id),
        )
        .where(visible_at(as_of))
        .group_by(PersonMention.person_id, addressed.c.postcode, addressed.c.address)
    )
    homes: dict[int, dict[tuple[str, str], int]] = {}
    for person_id, postcode, address, count in conn.execute(query):
        index = builder.index.get(person_id)
        if index is not None:  # else named only in records that tie nothing
            homes.setdefault(index, {})[(postcode or "", address)] = count
    summary = {}
    others = []
    for person_id, family_name, dob, is_child, given_name in conn.execute(
        select(
            PersonRow.person_id,
            PersonRow.family_name,
            PersonRow.date_of_birth,
            PersonRow.is_child,
            PersonRow.given_name,
        ).where(PersonRow.run_id == run_id)
    ):
        if person_id in builder.index:
            summary[person_id] = (family_name, dob, is_child, given_name)
        elif is_child:
            others.append(
                Entity(
                    id=person_id,
                    kind="person",
                    is_child=True,
                    age=_age(dob, day),
                    family_name=(family_name or "").lower() or None,
                    given_name=given_name,
                )
            )
    for index in builder.persons:
        person_id = builder.entities[index].id
        family_name, dob, is_child, given_name = summary.get(person_id, (None,) * 4)
        home = homes.get(index)
        # the address given most often; on a tie, one with a postcode, then in order
        written = max(home, key=lambda a: (home[a], a[0] != "", a)) if home else None
        counts = roles.get(index, {})
        builder.entities[index] = Entity(
            id=person_id,
            kind="person",
            is_child=None if is_child is None else bool(is_child),
            age=_age(dob, day),
            roles=_most_common_first(counts),
            family_name=(family_name or "").lower() or None,
            given_name=given_name,
            home=_home_key(written[1], written[0] or None) if written else None,
        )
    for index, holders in builder.aliases.items():
        builder.entities[index] = _alias(builder, index, holders)
    return tuple(sorted(others, key=lambda e: e.id))


def _alias(builder: _Builder, index: int, holders: set[int]) -> Entity:
    """An alias as the persons it is given for: an adult if one of them is known to be
    (then as old as the oldest), a child only if all are, else of unknown age."""
    persons = [builder.entities[h] for h in holders]
    adults = [p for p in persons if p.is_child is False]
    is_child = False if adults else (True if all(p.is_child for p in persons) else None)
    ages = [p.age for p in adults if p.age is not None]
    old = builder.entities[index]
    return Entity(
        old.id,
        "alias",
        label=old.label,
        is_child=is_child,
        age=max(ages) if ages else None,
        roles=_most_common_first(builder.alias_roles[index]),
    )


def _most_common_first(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """Roles and how often each is named, the most common first, then by name."""
    return tuple(sorted(counts.items(), key=lambda r: (-r[1], r[0])))


@lru_cache(maxsize=1 << 16)
def _home_key(address: str, postcode: str | None) -> str | None:
    """A home as a place key; cached, since household members and every date repeat them."""
    return place_key(None, address, postcode)


def _age(dob: str | None, day: date) -> int | None:
    if not dob or len(dob) != 10:
        return None
    born = date.fromisoformat(dob)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
