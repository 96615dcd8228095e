"""What a chronology is: a person, as of a date, and their records in order.

Owns the value objects ``Entry``, ``Provenance`` and ``Chronology`` and their display
helpers (dates as a reader sees them, the person's name). Must not query the store or
write files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

import orjson

from heron.chronology.summary import Facts, summarise


@dataclass(frozen=True)
class Entry:
    """One record version that mentions the person, as it stood at the chronology's date.

    The record (``payload``) is decoded, and the ``summary`` written, on first use: a
    screen shows a page of a long chronology, not all of it.
    """

    record_key: str  # agency:id
    version: int
    occurred_at: datetime
    occurred_is_date: bool  # the record gave a date without a time
    ended_at: datetime | None
    recorded_at: datetime
    agency: str
    sector: str
    type: str
    roles: tuple[str, ...]  # the person's role(s) in the record
    mention_keys: tuple[str, ...]  # the person's mentions in the record
    refs: tuple[str, ...]  # the refs of those mentions within the record
    recorded_by_name: str | None
    recorded_by_role: str | None
    raw: str | bytes = field(repr=False)  # the record as stored (JSON), decoded on use

    @cached_property
    def payload(self) -> Mapping[str, Any]:
        """The record exactly as the agency sent it (the "full record a click away")."""
        value = orjson.loads(self.raw)
        return value if isinstance(value, dict) else {}

    @cached_property
    def summary(self) -> str:
        """One line in words, by record type (``heron.chronology.summary``)."""
        facts = Facts(self.type, self.payload, self.occurred_at, self.ended_at, self.refs)
        return summarise(facts)

    @property
    def when(self) -> str:
        """``2007-03-01 22:00``, or ``2007-03-01`` when the record gave only a date."""
        return f"{self.occurred_at:%Y-%m-%d}" + (
            "" if self.occurred_is_date else f" {self.occurred_at:%H:%M}"
        )

    @property
    def until(self) -> str:
        """When it ended, in the same form as ``when``; empty when it did not say."""
        if self.ended_at is None:
            return ""
        date_only = len(str(self.payload.get("ended_at") or "")) == 10
        return f"{self.ended_at:%Y-%m-%d}" + ("" if date_only else f" {self.ended_at:%H:%M}")

    @property
    def recorded_by(self) -> str:
        """``Aimee Davies (PC)``, or whichever part the record gave."""
        name, role = self.recorded_by_name, self.recorded_by_role
        if name and role:
            return f"{name} ({role})"
        return name or role or ""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a stored record version came from: the ingest batch, the file and its line."""

    record_key: str
    version: int
    content_sha256: str  # of the record as sent, keys sorted
    ingested_at: datetime
    batch_id: int
    batch_actor: str
    source_file: str
    source_sha256: str | None  # known once the file was read to the end
    line_no: int

    @property
    def line(self) -> str:
        """``source: in/first.jsonl, line 5; ingest batch 1 by system:ingest-cli, …``."""
        file_sum = f" (file sha256 {self.source_sha256})" if self.source_sha256 else ""
        return (
            f"source: {self.source_file}, line {self.line_no}{file_sum}; ingest batch "
            f"{self.batch_id} by {self.batch_actor}, {self.ingested_at:%Y-%m-%d %H:%M}; "
            f"record sha256 {self.content_sha256}"
        )


@dataclass(frozen=True, slots=True)
class Chronology:
    """A person's multi-agency chronology as of a date, with the filters that made it."""

    person_id: str
    given_name: str | None
    family_name: str | None
    date_of_birth: str | None
    as_of: datetime | None  # None: everything recorded
    run_id: int  # the identity run that said which mentions are this person
    entries: tuple[Entry, ...]
    sectors: tuple[str, ...] = ()  # filters; empty means all
    types: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None

    @property
    def name(self) -> str:
        names = [n for n in (self.given_name, self.family_name) if n]
        return " ".join(names) or "(no name recorded)"

    @property
    def as_of_label(self) -> str:
        return "everything recorded" if self.as_of is None else f"{self.as_of:%Y-%m-%d %H:%M}"

    @property
    def counts_line(self) -> str:
        """``5 records: tvp 2, ouh 1, …`` (agencies with most records first)."""
        n = len(self.entries)
        head = f"{n} record" + ("" if n == 1 else "s")
        agencies = ", ".join(f"{agency} {count}" for agency, count in self.by_agency.items())
        return f"{head}: {agencies}" if agencies else head

    def entry(self, record_key: str) -> Entry | None:
        """The entry of one record (``agency:id``), if it is in this chronology."""
        return next((e for e in self.entries if e.record_key == record_key), None)

    @property
    def by_sector(self) -> dict[str, int]:
        """Entries per sector, most first."""
        return _count(e.sector for e in self.entries)

    @property
    def by_agency(self) -> dict[str, int]:
        """Entries per agency, most first."""
        return _count(e.agency for e in self.entries)


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
