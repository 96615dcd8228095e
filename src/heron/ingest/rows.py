"""Table rows for one stored record version: the record, its mentions and its objects.

Rows are tuples in the column order of ``COLUMNS`` (they go to the driver's bulk insert).
Object keys follow the mention-key pattern of records-v1 (``agency:id#ref``):
``agency:id#vehicle0``, ``#phone0``, ``#online0``, a person's own phone ``#<ref>.phone``,
and places ``#location``, ``#found_at``, ``#placement``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from heron.ingest.parse import Parsed
from heron.ingest.schema import Location, MissingAttrs, PlacementAttrs

Row = list[Any]

COLUMNS: dict[str, tuple[str, ...]] = {
    "records": (
        "id", "key", "agency", "record_id", "version", "is_latest", "content_sha256", "sector",
        "type", "occurred_at", "occurred_is_date", "ended_at", "recorded_at", "replaced_at",
        "supersedes", "recorded_by_name", "recorded_by_role", "codes", "text", "payload",
        "batch_id", "source_file_id", "line_no", "ingested_at",
    ),
    "mentions": (
        "record_pk", "mention_key", "ref", "role", "given_name", "family_name", "aliases",
        "date_of_birth", "age", "sex", "address", "postcode", "phone", "nhs_number", "upn",
        "pnc_id", "local_id", "identifiers", "description",
    ),
    "vehicle_mentions": (
        "record_pk", "object_key", "registration", "make", "model", "colour", "role",
    ),
    "phone_mentions": ("record_pk", "object_key", "number", "role", "mention_ref"),
    "handle_mentions": ("record_pk", "object_key", "platform", "handle", "role"),
    "location_mentions": (
        "record_pk", "object_key", "context", "name", "address", "postcode", "lat", "lon", "kind",
    ),
}  # fmt: skip
IS_LATEST = COLUMNS["records"].index("is_latest")
REPLACED_AT = COLUMNS["records"].index("replaced_at")
RECORD_ID = COLUMNS["records"].index("id")
_EMPTY_LIST = "[]"
_EMPTY_OBJECT = "{}"


def _json(value: Any, empty: str) -> str:
    return orjson.dumps(value).decode() if value else empty


def record_row(
    parsed: Parsed, version: int, batch_id: int, source_file_id: int, now: datetime
) -> Row:
    """The ``records`` row of a new version; its id is filled in when ids are allocated."""
    valid = parsed.valid
    rec = valid.record
    by = rec.recorded_by
    return [
        None, valid.key, rec.agency, rec.id, version, True, parsed.content_sha256, rec.sector,
        rec.type, valid.occurred_at, valid.occurred_is_date, valid.ended_at, valid.recorded_at,
        None, rec.supersedes, by.name if by else None, by.role if by else None,
        _json(rec.codes, _EMPTY_LIST), rec.text, parsed.canonical_json,
        batch_id, source_file_id, parsed.line_no, now,
    ]  # fmt: skip


def child_rows(parsed: Parsed, record_pk: int, into: dict[str, list[Row]]) -> None:
    """Append the mention, vehicle, phone, handle and location rows of one version to ``into``."""
    valid = parsed.valid
    rec = valid.record
    key = valid.key
    mentions = into["mentions"]
    phones = into["phone_mentions"]
    for index, m in enumerate(rec.persons):
        ref = m.ref if m.ref is not None else str(index)
        ids = {k: str(v) for k, v in m.identifiers.items()} if m.identifiers else {}
        mentions.append([
            record_pk, f"{key}#{ref}", ref, m.role, m.given_name, m.family_name,
            _json(m.aliases, _EMPTY_LIST), m.date_of_birth, m.age, m.sex, m.address, m.postcode,
            m.phone, ids.pop("nhs_number", None), ids.pop("upn", None), ids.pop("pnc_id", None),
            ids.pop("local_id", None), _json(ids, _EMPTY_OBJECT), m.description,
        ])  # fmt: skip
        if m.phone:
            phones.append([record_pk, f"{key}#{ref}.phone", m.phone, "person", ref])
    for index, p in enumerate(rec.phones or ()):
        phones.append([record_pk, f"{key}#phone{index}", p.number, p.role, None])
    for index, v in enumerate(rec.vehicles or ()):
        into["vehicle_mentions"].append(
            [record_pk, f"{key}#vehicle{index}", v.registration, v.make, v.model, v.colour, v.role]
        )
    for index, h in enumerate(rec.online or ()):
        into["handle_mentions"].append(
            [record_pk, f"{key}#online{index}", h.platform, h.handle, h.role]
        )
    places = into["location_mentions"]
    if rec.location is not None:
        places.append(_location(record_pk, key, "location", rec.location))
    attrs = valid.attributes
    if isinstance(attrs, MissingAttrs) and attrs.found_at is not None:
        places.append(_location(record_pk, key, "found_at", attrs.found_at))
    if isinstance(attrs, PlacementAttrs) and attrs.location is not None:
        places.append(_location(record_pk, key, "placement", attrs.location))


def _location(record_pk: int, key: str, context: str, loc: Location) -> Row:
    return [
        record_pk, f"{key}#{context}", context, loc.name, loc.address, loc.postcode,
        loc.lat, loc.lon, loc.kind,
    ]  # fmt: skip
