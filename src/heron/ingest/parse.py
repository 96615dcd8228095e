"""One input line to a record ready to store (its rows built, its checksum taken), or a
rejection and why.

``prepare_line`` never raises for bad input. What it returns is plain data (msgspec structs
of lists, strings and numbers) so that a worker process can prepare lines while the main
process writes, and hand them over as msgpack cheaply.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import msgspec
import orjson

from heron.ingest.reader import Line
from heron.ingest.rows import RowContext, build_rows
from heron.ingest.schema import RecordError, validate


class Prepared(msgspec.Struct, array_like=True, tag="p"):
    """A valid record from ``line_no`` with its table rows (ids and version still empty)."""

    line_no: int
    key: str
    agency: str
    record_id: str
    supersedes: str | None
    content_sha256: str
    recorded_at: datetime
    record: list[Any]
    children: dict[str, list[list[Any]]]


class Rejected(msgspec.Struct, array_like=True, tag="r"):
    """A line that goes to quarantine, and why."""

    line_no: int
    reason: str
    raw: bytes
    length: int
    sha256: str
    field: str | None = None
    record_key: str | None = None
    file_problem: bool = False  # the file could not be read past this point


def _json_problem(raw: bytes, exc: orjson.JSONDecodeError) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"not valid UTF-8 (byte {bad.start + 1} of the line)"
    return f"not valid JSON: {exc}"


def _guess_key(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return None
    agency, record_id = obj.get("agency"), obj.get("id")
    return (
        f"{agency}:{record_id}" if isinstance(agency, str) and isinstance(record_id, str) else None
    )


def _reject(line: Line, reason: str, field: str | None = None, key: str | None = None) -> Rejected:
    sha = line.whole_sha256 or hashlib.sha256(line.raw).hexdigest()
    return Rejected(
        line.line_no, reason, line.raw, line.length, sha, field, key, line.problem is not None
    )


def prepare_line(line: Line, max_line_bytes: int, context: RowContext) -> Prepared | Rejected:
    """Decode, validate and build the rows of one line."""
    if line.problem is not None:
        return _reject(line, line.problem)
    if line.too_long:
        limit = f"longer than the {max_line_bytes} allowed"
        return _reject(line, f"line is {line.length} bytes, {limit}")
    if b"\\u0000" in line.raw or b"\x00" in line.raw:
        return _reject(line, "contains a NUL character, which cannot be stored as text")
    try:
        obj = orjson.loads(line.raw)
    except orjson.JSONDecodeError as exc:
        return _reject(line, _json_problem(line.raw, exc))
    try:
        valid = validate(obj)
    except RecordError as exc:
        return _reject(line, exc.reason, exc.field, _guess_key(obj))
    canonical = orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
    sha = hashlib.sha256(canonical).hexdigest()
    record, children = build_rows(valid, canonical.decode(), sha, line.line_no, context)
    rec = valid.record
    return Prepared(
        line.line_no, valid.key, rec.agency, rec.id, rec.supersedes, sha, valid.recorded_at,
        record, children,
    )  # fmt: skip


_BATCH_IN = msgspec.msgpack.Decoder(tuple[list[Line], int, RowContext])
_BATCH_OUT = msgspec.msgpack.Decoder(list[Prepared | Rejected])
_ENCODER = msgspec.msgpack.Encoder()


def encode_batch(lines: list[Line], max_line_bytes: int, context: RowContext) -> bytes:
    return _ENCODER.encode((lines, max_line_bytes, context))


def prepare_batch(payload: bytes) -> bytes:
    """Worker entry point: msgpack lines in, msgpack prepared records and rejections out."""
    lines, max_line_bytes, context = _BATCH_IN.decode(payload)
    return _ENCODER.encode([prepare_line(line, max_line_bytes, context) for line in lines])


def decode_prepared(payload: bytes) -> list[Prepared | Rejected]:
    return _BATCH_OUT.decode(payload)
