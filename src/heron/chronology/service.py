"""Assemble a person's multi-agency chronology from the store, as of a date.

Owns ``chronology``, ``provenance`` and ``UnknownPerson``. It reads the identity run for
the date (from ``heron.identity.service``: ``run_for``, else ``link_persons`` to make
one), the person's row and mention keys in that run, and, in one set-based query, the
record versions visible at the date (``heron.store.asof.visible_at``) that carry those
mentions; and, for one entry, its provenance. It must not write anything itself
(linking, when needed, is the identity service's doing), nor decide who is who.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, Engine, Text, cast, func, or_, select

from heron.access import Actor
from heron.chronology.model import Chronology, Entry, Provenance
from heron.identity.service import link_persons, run_for
from heron.store.asof import visible_at
from heron.store.models import (
    IngestBatch,
    Mention,
    PersonId,
    PersonMention,
    PersonRow,
    Record,
    SourceFile,
)


class UnknownPerson(LookupError):
    """The person id is not a person in the identity run for the date asked about."""


def chronology(
    engine: Engine,
    actor: Actor,
    person_id: str,
    as_of: datetime | None = None,
    sectors: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
) -> Chronology:
    """Every visible record of every agency that mentions ``person_id``, in order.

    ``as_of`` None means everything recorded. ``start``/``end`` keep entries whose
    occurrence (``occurred_at`` to ``ended_at``) overlaps the period; a date as ``end``
    means the end of that day.
    """
    run_id = run_for(engine, actor, as_of)
    if run_id is None:
        run_id = link_persons(engine, actor, as_of).run_id
    sector_list = tuple(sorted(set(sectors or ())))
    type_list = tuple(sorted(set(types or ())))
    lower, upper = _bound(start, time.min), _bound(end, time.max)
    with engine.connect() as conn:
        person = conn.execute(
            select(PersonRow.given_name, PersonRow.family_name, PersonRow.date_of_birth).where(
                PersonRow.run_id == run_id, PersonRow.person_id == person_id
            )
        ).first()
        if person is None:
            raise UnknownPerson(_unknown(conn, person_id, as_of))
        rows = conn.execute(
            _entries_query(run_id, person_id, as_of, sector_list, type_list, lower, upper)
        )
        entries = _entries(rows)
    return Chronology(
        person_id=person_id,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        as_of=as_of,
        run_id=run_id,
        entries=entries,
        sectors=sector_list,
        types=type_list,
        start=lower,
        end=upper,
    )


def provenance(engine: Engine, actor: Actor, entry: Entry) -> Provenance:
    """Where an entry's record version came from (batch, source file, line, checksums)."""
    del actor  # access control sits at the service seam (a later issue)
    query = (
        select(
            Record.content_sha256,
            Record.ingested_at,
            Record.batch_id,
            IngestBatch.actor,
            SourceFile.path,
            SourceFile.sha256,
            Record.line_no,
        )
        .join(IngestBatch, IngestBatch.id == Record.batch_id)
        .join(SourceFile, SourceFile.id == Record.source_file_id)
        .where(Record.key == entry.record_key, Record.version == entry.version)
    )
    with engine.connect() as conn:
        row = conn.execute(query).one()
    return Provenance(entry.record_key, entry.version, *row)


def _bound(value: date | datetime | None, at: time) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, at)


def _unknown(conn: Connection, person_id: str, as_of: datetime | None) -> str:
    when = "now" if as_of is None else f"as of {as_of:%Y-%m-%d %H:%M}"
    ever = conn.execute(select(PersonId.person_id).where(PersonId.person_id == person_id)).first()
    if ever is None:
        return f"no person {person_id!r}: Heron has never given out that id"
    return f"{person_id} is not a person {when} (not yet known then, or merged into another)"


def _entries_query(
    run_id: int,
    person_id: str,
    as_of: datetime | None,
    sectors: Sequence[str],
    types: Sequence[str],
    start: datetime | None,
    end: datetime | None,
) -> Any:
    """One query: the person's mentions in this run → the visible versions carrying them."""
    conditions = [
        PersonMention.run_id == run_id,
        PersonMention.person_id == person_id,
        visible_at(as_of),
    ]
    if sectors:
        conditions.append(Record.sector.in_(sectors))
    if types:
        conditions.append(Record.type.in_(types))
    if end is not None:
        conditions.append(Record.occurred_at <= end)
    if start is not None:
        last = func.coalesce(Record.ended_at, Record.occurred_at)
        conditions.append(or_(Record.occurred_at >= start, last >= start))
    return (
        select(
            Record.id,
            Record.key,
            Record.version,
            Record.agency,
            Record.sector,
            Record.type,
            Record.occurred_at,
            Record.occurred_is_date,
            Record.ended_at,
            Record.recorded_at,
            Record.recorded_by_name,
            Record.recorded_by_role,
            cast(Record.payload, Text).label("raw"),
            Mention.mention_key,
            Mention.ref,
            Mention.role,
        )
        .select_from(PersonMention)
        .join(Mention, Mention.mention_key == PersonMention.mention_key)
        .join(Record, Record.id == Mention.record_pk)
        .where(*conditions)
        .order_by(Record.occurred_at, Record.recorded_at, Record.key, Mention.ref)
    )


def _entries(rows: Iterable[Any]) -> tuple[Entry, ...]:
    """Group mention rows by record version (a person may be named twice in one record).

    Rows are unpacked by position: named access on 2,000 rows costs more than the query.
    """
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(tuple(row))
    return tuple(_entry(group) for group in grouped.values())


def _entry(group: list[tuple[Any, ...]]) -> Entry:
    (_, key, version, agency, sector, rtype, occurred_at, occurred_is_date, ended_at,
     recorded_at, by_name, by_role, raw, *_) = group[0]  # fmt: skip
    return Entry(
        key, version, occurred_at, occurred_is_date, ended_at, recorded_at, agency, sector,
        rtype,
        roles=tuple(dict.fromkeys(r[15] for r in group if r[15])),
        mention_keys=tuple(r[13] for r in group),
        refs=tuple(r[14] for r in group),
        recorded_by_name=by_name,
        recorded_by_role=by_role,
        raw=raw or "{}",
    )  # fmt: skip
