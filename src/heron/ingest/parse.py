"""One input line to a validated record with its content checksum, or a rejection and why."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

from heron.ingest.reader import Line
from heron.ingest.schema import RecordError, ValidRecord, validate


@dataclass(frozen=True, slots=True)
class Parsed:
    """A valid record from ``line_no``, with its canonical JSON and that JSON's checksum."""

    line_no: int
    valid: ValidRecord
    canonical_json: str  # the record with sorted keys: what is stored and checksummed
    content_sha256: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """A line that goes to quarantine, and why."""

    line: Line
    reason: str
    field: str | None = None
    record_key: str | None = None

    @property
    def sha256(self) -> str:
        return self.line.whole_sha256 or hashlib.sha256(self.line.raw).hexdigest()


def _json_problem(raw: bytes, exc: orjson.JSONDecodeError) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"not valid UTF-8 (byte {bad.start + 1} of the line)"
    return f"not valid JSON: {exc}"


def _guess_key(obj: Any) -> str | None:
    if (
        isinstance(obj, dict)
        and isinstance(obj.get("agency"), str)
        and isinstance(obj.get("id"), str)
    ):
        return f"{obj['agency']}:{obj['id']}"
    return None


def parse_line(line: Line, max_line_bytes: int) -> Parsed | Rejected:
    """Decode and validate one line; never raises for bad input."""
    if line.problem is not None:
        return Rejected(line, line.problem)
    if line.too_long:
        return Rejected(
            line, f"line is {line.length} bytes, longer than the {max_line_bytes} allowed"
        )
    if b"\\u0000" in line.raw or b"\x00" in line.raw:
        return Rejected(line, "contains a NUL character, which cannot be stored as text")
    try:
        obj = orjson.loads(line.raw)
    except orjson.JSONDecodeError as exc:
        return Rejected(line, _json_problem(line.raw, exc))
    try:
        valid = validate(obj)
    except RecordError as exc:
        return Rejected(line, exc.reason, exc.field, _guess_key(obj))
    canonical = orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
    return Parsed(line.line_no, valid, canonical.decode(), hashlib.sha256(canonical).hexdigest())
