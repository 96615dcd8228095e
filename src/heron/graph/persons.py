"""Filling in a graph's persons from the identity run: child or not, age, names, roles
in the tying records, home; its aliases as the persons they are given for; and the run's
other children, whom no tying record names, listed apart by name and age.

Owns ``fill_persons``. Reads the run's person summaries and the visible mentions that give
an address (through ``store.asof.visible_at``); never writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import Connection, func, select

from heron.graph.entities import EntityTable
from heron.graph.model import Entity
from heron.identity.normalise import place_key
from heron.store.asof import visible_at
from heron.store.models import Mention, PersonMention, PersonRow, Record


def fill_persons(
    conn: Connection,
    builder: EntityTable,
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


def _alias(builder: EntityTable, index: int, holders: set[int]) -> Entity:
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
