"""Hand-built children for indicator and missing-episode tests (records-v1 dicts)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from heron.indicators import ChildView, child_view_from_records
from tests.factories import record

#: The date most tests evaluate at; the child (born 1993-05-02) is 15.
D = datetime(2008, 6, 1, 12, 0)

CHILD = {
    "ref": "c",
    "role": "subject",
    "given_name": "Jess",
    "family_name": "Smith",
    "date_of_birth": "1993-05-02",
    "sex": "F",
}
ADULT = {"ref": "a1", "role": "associate", "given_name": "Mo", "family_name": "Khan", "age": 31}
PEER = {"ref": "k2", "role": "associate", "given_name": "Amy", "age": 14}
NO_AGE = {"ref": "u1", "role": "associate", "given_name": "Dee"}


def rec(
    rid: str,
    type_: str,
    *,
    at: str = "2008-05-01T22:00",
    recorded: str | None = None,
    ended: str | None = None,
    sector: str = "police",
    agency: str = "tvp",
    persons: list[dict[str, Any]] | None = None,
    attributes: dict[str, Any] | None = None,
    codes: list[str] | None = None,
    text: str = "",
    vehicles: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A records-v1 record naming the child as ``c``; recorded an hour after it ends."""
    last = datetime.fromisoformat(ended or at) if (ended or at) else datetime.min
    fields: dict[str, Any] = {
        "type": type_,
        "sector": sector,
        "occurred_at": at,
        "recorded_at": recorded or (last + timedelta(hours=1)).isoformat(timespec="minutes"),
        "persons": [dict(CHILD), *(persons or [])],
        "vehicles": vehicles or [],
        "phones": [],
        "online": [],
        "attributes": attributes or {},
        "text": text,
    }
    if ended:
        fields["ended_at"] = ended
    if codes:
        fields["codes"] = codes
    return record(rid, agency, **fields)


def missing(rid: str, at: str, ended: str | None = None, **kw: Any) -> dict[str, Any]:
    """A missing episode, reported by a carer unless told otherwise."""
    attributes = {"reported_by": "carer", **kw.pop("attributes", {})}
    return rec(rid, "missing_episode", at=at, ended=ended, attributes=attributes, **kw)


def child(records: list[dict[str, Any]], **kw: Any) -> ChildView:
    return child_view_from_records("P1", records, **kw)
