"""Small builders of valid records-v1 records for tests; override any field."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson


def record(record_id: str = "INC-1", agency: str = "tvp", **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": record_id,
        "agency": agency,
        "sector": "police",
        "type": "missing_episode",
        "occurred_at": "2007-03-01T22:00",
        "recorded_at": "2007-03-02T01:00",
        "persons": [
            {"ref": "c", "role": "missing_person", "given_name": "Jess", "family_name": "Smith",
             "date_of_birth": "1993-05-02", "sex": "F", "identifiers": {"local_id": "X1"}},
            {"ref": "a1", "role": "associate", "given_name": "Mo", "aliases": ["Bluey"],
             "phone": "07700 900123"},
        ],
        "vehicles": [{"registration": "AB12 CDE", "colour": "silver", "role": "collected"}],
        "phones": [{"number": "+44 7700 900124", "role": "called"}],
        "online": [{"platform": "snapchat", "handle": "mo_b"}],
        "attributes": {
            "found_with": ["a1"],
            "found_at": {"kind": "hotel", "name": "Fir Tree Hotel", "postcode": "OX4 1AB"},
        },
        "text": "Found at the hotel with an adult male.",
    }  # fmt: skip
    base.update(overrides)
    return base


def write_jsonl(path: Path, lines: Iterable[dict[str, Any] | str | bytes]) -> Path:
    """Write records (dicts), or raw lines (str/bytes) as given, one per line."""
    chunks: list[bytes] = []
    for line in lines:
        if isinstance(line, dict):
            chunks.append(orjson.dumps(line))
        else:
            chunks.append(line.encode() if isinstance(line, str) else line)
    data = b"\n".join(chunks) + b"\n"
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path
