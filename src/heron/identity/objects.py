"""Objects and places: which phone, vehicle and location mentions are the same thing.

Owns resolving the as-of visible phone, vehicle and location mentions into objects with
ids derived from their content, so an object keeps its id from run to run without any
mapping: a phone is its E.164 number (``PH:+447700900123``), a vehicle its commonest
complete plate (``V:AB12CDE``), a place its key (``L:OX4 1AB|12 high street #3``). Plates
written with O/0, I/1 (and S/5, B/8, Z/2) confusions share one vehicle; a partial plate
(``AB1? C?E``) joins the one vehicle it could be, with a stated confidence, and stays on
its own when it could be several. It must not touch person linking, and it writes
nothing (``heron.identity.service`` stores the result).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, Select, select

from heron.access import Actor
from heron.identity.normalise import (
    PlateMatchKind,
    canonical_plate,
    normalise_phone,
    plate_key,
)
from heron.identity.normalise import place_key as _place_key
from heron.identity.normalise import plate_match as _plate_match
from heron.store.asof import visible_at
from heron.store.models import LocationMention, PhoneMention, Record, VehicleMention


# What is written decides each of these alone, and a monthly replay resolves the same
# numbers and places every month: remember them for the process (libphonenumber is slow).
@lru_cache(maxsize=500_000)
def _e164(number: str | None) -> str | None:
    parsed = normalise_phone(number)
    return parsed.e164 if parsed is not None and parsed.e164 else None


place_key = lru_cache(maxsize=500_000)(_place_key)
plate_match = lru_cache(maxsize=500_000)(_plate_match)


@dataclass(frozen=True, slots=True)
class ObjectAssignment:
    """One object mention's object, how it was decided, and how sure that is."""

    object_key: str
    kind: str  # phone, vehicle, location
    object_id: str
    method: str  # e164, plate, confusable, partial, place, address, unresolved
    confidence: float


def resolve_phones(mentions: Iterable[tuple[str, str | None]]) -> list[ObjectAssignment]:
    """(object key, number as written) → one phone per E.164 number."""
    out: list[ObjectAssignment] = []
    for key, number in mentions:
        e164 = _e164(number)
        if e164:
            out.append(ObjectAssignment(key, "phone", f"PH:{e164}", "e164", 1.0))
        else:
            out.append(ObjectAssignment(key, "phone", f"PH?{key}", "unresolved", 0.0))
    return out


def resolve_locations(
    mentions: Iterable[tuple[str, str | None, str | None, str | None]],
) -> list[ObjectAssignment]:
    """(object key, name, address, postcode) → one place per place key.

    A place written without its postcode joins the one place with that address (or
    name) and a postcode, when there is exactly one; otherwise it stays on its own.
    """
    keys = [(key, place_key(name, address, postcode)) for key, name, address, postcode in mentions]
    with_postcode: dict[str, set[str]] = defaultdict(set)
    for _, found in keys:
        if found and "|" in found:
            with_postcode[found.split("|", 1)[1]].add(found)
    out: list[ObjectAssignment] = []
    for key, found in keys:
        if not found:
            out.append(ObjectAssignment(key, "location", f"L?{key}", "unresolved", 0.0))
        elif "|" not in found and len(with_postcode.get(found, ())) == 1:
            (full,) = with_postcode[found]
            out.append(ObjectAssignment(key, "location", f"L:{full}", "address", 0.9))
        else:
            out.append(ObjectAssignment(key, "location", f"L:{found}", "place", 1.0))
    return out


def resolve_vehicles(mentions: Sequence[tuple[str, str | None]]) -> list[ObjectAssignment]:
    """(object key, registration as written) → vehicles, partial plates matched last."""
    complete: dict[str, list[tuple[str, str]]] = defaultdict(list)  # plate key → (key, plate)
    partial: list[tuple[str, str]] = []
    out: list[ObjectAssignment] = []
    for key, raw in mentions:
        plate = canonical_plate(raw)
        if not plate:
            out.append(ObjectAssignment(key, "vehicle", f"V?{key}", "unresolved", 0.0))
        elif "?" in plate or "*" in plate:
            partial.append((key, plate))
        else:
            complete[plate_key(plate) or plate].append((key, plate))
    names: dict[str, str] = {}
    for folded, members in complete.items():
        counts = Counter(plate for _, plate in members)
        name = min(counts, key=lambda p: (-counts[p], p))
        names[folded] = name
        for key, plate in members:
            method = "plate" if plate == name else "confusable"
            confidence = plate_match(plate, name).confidence if plate != name else 1.0
            out.append(ObjectAssignment(key, "vehicle", f"V:{name}", method, confidence))
    for key, plate in partial:
        candidates = [
            (match.confidence, name)
            for name in names.values()
            if (match := plate_match(plate, name)).kind != PlateMatchKind.NONE
        ]
        if len(candidates) == 1:
            confidence, name = candidates[0]
            out.append(ObjectAssignment(key, "vehicle", f"V:{name}", "partial", confidence))
        else:  # no vehicle or several fit: keep it apart rather than guess
            out.append(ObjectAssignment(key, "vehicle", f"V?{plate}", "partial", 0.0))
    return out


def resolve_objects(engine: Engine, actor: Actor, as_of: datetime | None) -> list[ObjectAssignment]:
    """Every visible phone, vehicle and location mention, resolved."""
    del actor  # the seam for access control; linking runs as a system actor today
    with engine.connect() as conn:
        phones: list[Any] = list(
            conn.execute(_visible(as_of, PhoneMention.object_key, PhoneMention.number))
        )
        vehicles: list[Any] = list(
            conn.execute(_visible(as_of, VehicleMention.object_key, VehicleMention.registration))
        )
        places: list[Any] = list(
            conn.execute(
                _visible(
                    as_of,
                    LocationMention.object_key,
                    LocationMention.name,
                    LocationMention.address,
                    LocationMention.postcode,
                )
            )
        )
    return resolve_phones(phones) + resolve_vehicles(vehicles) + resolve_locations(places)


def _visible(as_of: datetime | None, *columns: Any) -> Select[Any]:
    """Just these columns of the object mentions visible at ``as_of`` (as ``visible_rows``)."""
    table = columns[0].class_
    return (
        select(*columns)
        .join(Record, Record.id == table.record_pk)
        .where(visible_at(as_of))
        .order_by(table.id)
    )
