"""Writing one chunk of parsed lines in one transaction: versions, supersedes, quarantine.

The whole chunk commits or none of it does, so a crash or Ctrl-C leaves the database as it
was after the last whole chunk, and running the ingest again finds those records unchanged.
Ctrl-C is held while a chunk is written and raised once it is committed: on PostgreSQL a
bulk COPY cut short leaves the connection unable even to roll back.

Versioning rules: the same key with the content of any stored version is unchanged (so
re-reading an original after its reissue changes nothing); the same key with new content
becomes a new version (the old one is kept, no longer latest, and stops being visible
from the new version's ``recorded_at``); a record that ``supersedes`` another of its agency
hides that one from its own ``recorded_at`` on, whichever of the two arrives first.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import FrameType
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, insert, select, update

from heron.ingest.parse import Prepared, Rejected
from heron.ingest.rows import CHILD_TABLES, COLUMNS, IS_LATEST, RECORD_ID, REPLACED_AT, VERSION, Row
from heron.store.dialects import bulk_insert, db_datetime, insert_ignoring_duplicates
from heron.store.models import Base, IdBlock, IngestBatch, Record
from heron.timeutil import now_uk

_TABLES = Base.metadata.tables


@dataclass
class Counts:
    stored: int = 0
    unchanged: int = 0
    amended: int = 0
    quarantined: int = 0

    def add(self, other: Counts) -> None:
        self.stored += other.stored
        self.unchanged += other.unchanged
        self.amended += other.amended
        self.quarantined += other.quarantined


@dataclass
class _Latest:
    """The newest version of one key, as the database has it or as this chunk will write it."""

    version: int
    content_sha256: str
    recorded_at: datetime
    replaced_at: datetime | None
    pk: int | None = None  # set when the version is already in the database
    pending: Row | None = None  # set when this chunk inserts the version
    is_latest: bool = True
    dirty: bool = False

    def hide_from(self, when: datetime, *, retire: bool = False) -> None:
        """Stop this version being visible from ``when`` (never before it was recorded)."""
        candidate = max(when, self.recorded_at)
        self.replaced_at = (
            candidate if self.replaced_at is None else min(self.replaced_at, candidate)
        )
        self.is_latest = self.is_latest and not retire
        if self.pending is not None:
            self.pending[REPLACED_AT] = db_datetime(self.replaced_at)
            self.pending[IS_LATEST] = self.is_latest
        else:
            self.dirty = True


@dataclass
class _Plan:
    new_rows: list[Prepared] = field(default_factory=list)
    loaded: list[_Latest] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)


def _in_batches(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


@contextmanager
def interrupt_after() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block ends, then raise it as ``KeyboardInterrupt``.

    Only the main thread can take signals; elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
    if caught:
        raise KeyboardInterrupt


class ChunkWriter:
    """Writes the chunks of one source file for one batch, each in its own transaction."""

    def __init__(self, engine: Engine, batch_id: int, source_file_id: int, source_path: str):
        self.engine = engine
        self.batch_id = batch_id
        self.source_file_id = source_file_id
        self.source_path = source_path

    def write(self, parsed: list[Prepared], rejected: list[Rejected], keep_bytes: int) -> Counts:
        """Store one chunk atomically and return what happened to its lines."""
        now = now_uk()
        with interrupt_after(), self.engine.begin() as conn:
            plan = self._plan(conn, parsed)
            self._insert_versions(conn, plan)
            self._update_replaced(conn, plan.loaded)
            self._quarantine(conn, rejected, keep_bytes, now)
            plan.counts.quarantined = len(rejected)
            self._add_to_batch(conn, plan.counts)
        return plan.counts

    def _load_latest(
        self, conn: Connection, parsed: list[Prepared]
    ) -> tuple[dict[str, _Latest], dict[str, set[str]]]:
        """The latest version of each key this chunk touches, and every version's checksum."""
        keys = {p.key for p in parsed}
        keys |= {f"{p.agency}:{p.supersedes}" for p in parsed if p.supersedes}
        latest: dict[str, _Latest] = {}
        known: dict[str, set[str]] = {}
        columns = (
            Record.id, Record.key, Record.version, Record.content_sha256, Record.recorded_at,
            Record.replaced_at, Record.is_latest,
        )  # fmt: skip
        for batch in _in_batches(sorted(keys)):
            query = select(*columns).where(Record.key.in_(batch))
            for pk, key, version, sha, recorded_at, replaced_at, is_latest in conn.execute(query):
                known.setdefault(key, set()).add(sha)
                if is_latest:
                    latest[key] = _Latest(version, sha, recorded_at, replaced_at, pk=pk)
        return latest, known

    def _load_superseders(self, conn: Connection, parsed: list[Prepared]) -> dict[str, datetime]:
        """For keys in this chunk: when a stored record superseding them was recorded."""
        keys = {p.key for p in parsed}
        ids = sorted({p.record_id for p in parsed})
        found: dict[str, datetime] = {}
        for batch in _in_batches(ids):
            query = select(Record.agency, Record.supersedes, Record.recorded_at).where(
                Record.is_latest.is_(True), Record.supersedes.in_(batch)
            )
            for agency, target, recorded_at in conn.execute(query):
                key = f"{agency}:{target}"
                if key in keys:
                    found[key] = min(found.get(key, recorded_at), recorded_at)
        return found

    def _plan(self, conn: Connection, parsed: list[Prepared]) -> _Plan:
        latest, known = self._load_latest(conn, parsed)
        superseded_at = self._load_superseders(conn, parsed)
        plan = _Plan(loaded=list(latest.values()))
        for item in parsed:
            key = item.key
            previous = latest.get(key)
            if item.content_sha256 in known.get(key, ()):
                plan.counts.unchanged += 1  # this exact version is already stored
                continue
            known.setdefault(key, set()).add(item.content_sha256)
            version = previous.version + 1 if previous is not None else 1
            item.record[VERSION] = version
            current = _Latest(
                version, item.content_sha256, item.recorded_at, None, pending=item.record
            )
            if key in superseded_at:
                current.hide_from(superseded_at[key])
            if previous is not None:
                previous.hide_from(item.recorded_at, retire=True)
            if previous is not None or item.supersedes:
                plan.counts.amended += 1
            else:
                plan.counts.stored += 1
            latest[key] = current
            plan.new_rows.append(item)
            if item.supersedes:
                target = f"{item.agency}:{item.supersedes}"
                when = min(superseded_at.get(target, item.recorded_at), item.recorded_at)
                superseded_at[target] = when
                if target in latest:
                    latest[target].hide_from(item.recorded_at)
        return plan

    def _insert_versions(self, conn: Connection, plan: _Plan) -> None:
        if not plan.new_rows:
            return
        first = _allocate_ids(conn, "records", len(plan.new_rows))
        children: dict[str, list[Row]] = {table: [] for table in CHILD_TABLES}
        for pk, item in enumerate(plan.new_rows, start=first):
            item.record[RECORD_ID] = pk
            for table, rows in item.children.items():
                for row in rows:
                    row[0] = pk
                children[table].extend(rows)
        bulk_insert(conn, _TABLES["records"], COLUMNS["records"], [i.record for i in plan.new_rows])
        for table, rows in children.items():
            bulk_insert(conn, _TABLES[table], COLUMNS[table], rows)

    def _update_replaced(self, conn: Connection, loaded: list[_Latest]) -> None:
        changes = [
            {"pk": item.pk, "latest": item.is_latest, "replaced": item.replaced_at}
            for item in loaded
            if item.dirty
        ]
        if changes:
            conn.execute(
                update(_TABLES["records"])
                .where(_TABLES["records"].c.id == bindparam("pk"))
                .values(is_latest=bindparam("latest"), replaced_at=bindparam("replaced")),
                changes,
            )

    def _quarantine(
        self, conn: Connection, rejected: list[Rejected], keep_bytes: int, now: datetime
    ) -> None:
        if not rejected:
            return
        rows: list[dict[str, Any]] = [
            {
                "batch_id": self.batch_id,
                "source_path": self.source_path,
                "line_no": item.line_no,
                "line_sha256": item.sha256,
                "line_length": item.length,
                "raw": item.raw[:keep_bytes],
                "raw_truncated": item.length > len(item.raw[:keep_bytes]),
                "record_key": item.record_key,
                "field": item.field,
                "reason": item.reason,
                "quarantined_at": now,
            }
            for item in rejected
        ]
        conn.execute(insert_ignoring_duplicates(self.engine, _TABLES["quarantine"]), rows)

    def _add_to_batch(self, conn: Connection, counts: Counts) -> None:
        conn.execute(
            update(IngestBatch)
            .where(IngestBatch.id == self.batch_id)
            .values(
                stored=IngestBatch.stored + counts.stored,
                unchanged=IngestBatch.unchanged + counts.unchanged,
                amended=IngestBatch.amended + counts.amended,
                quarantined=IngestBatch.quarantined + counts.quarantined,
            )
        )


def _allocate_ids(conn: Connection, name: str, count: int) -> int:
    """Reserve ``count`` consecutive ids inside this transaction; return the first."""
    result = conn.execute(
        update(IdBlock)
        .where(IdBlock.name == name)
        .values(next_value=IdBlock.next_value + count)
        .returning(IdBlock.next_value)
    ).scalar_one_or_none()
    if result is None:
        start = (conn.execute(select(func.max(Record.id))).scalar() or 0) + 1
        conn.execute(insert(IdBlock).values(name=name, next_value=start + count))
        return start
    return int(result) - count
