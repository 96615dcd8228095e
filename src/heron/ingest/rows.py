"""Table rows for one stored record version: the record, its mentions and its objects.

Rows are lists in the column order of ``COLUMNS``, values already in the form the driver's
bulk insert takes (datetimes as ``db_datetime`` text); the first column of a child row (its
record's id) and a record's id and version are filled in when the chunk is written.
Object keys follow the mention-key pattern of records-v1 (``agency:id#ref``):
``agency:id#vehicle0``, ``#phone0``, ``#online0``, a person's own phone ``#<ref>.phone``,
and places by their path in the record: ``#location``, ``#attributes.found_at``,
``#attributes.location`` (a placement) — the same keys ``heron synth`` writes in its truth.
"""

from __future__ import annotations

from typing import Any

import msgspec
import orjson

from heron.ingest.schema import Location, MissingAttrs, PlacementAttrs, ValidRecord
from heron.store.dialects import db_datetime

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
CHILD_TABLES = tuple(table for table in COLUMNS if table != "records")
VERSION = COLUMNS["records"].index("version")
IS_LATEST = COLUMNS["records"].index("is_latest")
REPLACED_AT = COLUMNS["records"].index("replaced_at")
RECORD_ID = COLUMNS["records"].index("id")
_EMPTY_LIST = "[]"
_EMPTY_OBJECT = "{}"


class RowContext(msgspec.Struct, frozen=True, array_like=True):
    """What every row of one chunk shares: its batch, its file and when it was ingested."""

    batch_id: int
    source_file_id: int
    ingested_at: str  # already in database text form (``db_datetime``)


def _json(value: Any, empty: str) -> str:
    return orjson.dumps(value).decode() if value else empty


def build_rows(
    valid: ValidRecord, canonical_json: str, content_sha256: str, line_no: int, ctx: RowContext
) -> tuple[Row, dict[str, list[Row]]]:
    """The ``records`` row and child rows of a new version; ids and version are left empty."""
    rec = valid.record
    by = rec.recorded_by
    record = [
        None, valid.key, rec.agency, rec.id, None, True, content_sha256, rec.sector,
        rec.type, db_datetime(valid.occurred_at), valid.occurred_is_date,
        db_datetime(valid.ended_at), db_datetime(valid.recorded_at), None, rec.supersedes,
        by.name if by else None, by.role if by else None, _json(rec.codes, _EMPTY_LIST),
        rec.text, canonical_json, ctx.batch_id, ctx.source_file_id, line_no, ctx.ingested_at,
    ]  # fmt: skip
    children: dict[str, list[Row]] = {table: [] for table in CHILD_TABLES}
    key = valid.key
    mentions = children["mentions"]
    phones = children["phone_mentions"]
    for index, m in enumerate(rec.persons):
        ref = m.ref if m.ref is not None else str(index)
        ids = {k: str(v) for k, v in m.identifiers.items()} if m.identifiers else {}
        mentions.append([
            None, f"{key}#{ref}", ref, m.role, m.given_name, m.family_name,
            _json(m.aliases, _EMPTY_LIST), m.date_of_birth, m.age, m.sex, m.address, m.postcode,
            m.phone, ids.pop("nhs_number", None), ids.pop("upn", None), ids.pop("pnc_id", None),
            ids.pop("local_id", None), _json(ids, _EMPTY_OBJECT), m.description,
        ])  # fmt: skip
        if m.phone:
            phones.append([None, f"{key}#{ref}.phone", m.phone, "person", ref])
    for index, p in enumerate(rec.phones or ()):
        phones.append([None, f"{key}#phone{index}", p.number, p.role, None])
    for index, v in enumerate(rec.vehicles or ()):
        children["vehicle_mentions"].append(
            [None, f"{key}#vehicle{index}", v.registration, v.make, v.model, v.colour, v.role]
        )
    for index, h in enumerate(rec.online or ()):
        children["handle_mentions"].append(
            [None, f"{key}#online{index}", h.platform, h.handle, h.role]
        )
    places = children["location_mentions"]
    if rec.location is not None:
        places.append(_location(key, "location", rec.location))
    attrs = valid.attributes
    if isinstance(attrs, MissingAttrs) and attrs.found_at is not None:
        places.append(_location(key, "found_at", attrs.found_at, "attributes.found_at"))
    if isinstance(attrs, PlacementAttrs) and attrs.location is not None:
        places.append(_location(key, "placement", attrs.location, "attributes.location"))
    return record, {table: rows for table, rows in children.items() if rows}


def _location(key: str, context: str, loc: Location, path: str = "location") -> Row:
    return [
        None, f"{key}#{path}", context, loc.name, loc.address, loc.postcode,
        loc.lat, loc.lon, loc.kind,
    ]  # fmt: skip
