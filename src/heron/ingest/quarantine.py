"""Reading the quarantine: what could not be stored, where it came from and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from heron.access import Actor
from heron.store.models import QuarantinedLine


@dataclass(frozen=True, slots=True)
class QuarantineEntry:
    id: int
    batch_id: int
    source_path: str
    line_no: int
    line_sha256: str
    line_length: int
    record_key: str | None
    field: str | None
    reason: str
    quarantined_at: datetime
    raw_text: str
    raw_truncated: bool


def _entry(row: QuarantinedLine) -> QuarantineEntry:
    return QuarantineEntry(
        id=row.id,
        batch_id=row.batch_id,
        source_path=row.source_path,
        line_no=row.line_no,
        line_sha256=row.line_sha256,
        line_length=row.line_length,
        record_key=row.record_key,
        field=row.field,
        reason=row.reason,
        quarantined_at=row.quarantined_at,
        raw_text=row.raw.decode("utf-8", errors="backslashreplace"),
        raw_truncated=row.raw_truncated,
    )


def list_quarantine(
    engine: Engine, actor: Actor, *, batch_id: int | None = None, limit: int = 100
) -> list[QuarantineEntry]:
    """Quarantined lines, newest first, optionally of one batch."""
    query = select(QuarantinedLine).order_by(QuarantinedLine.id.desc()).limit(limit)
    if batch_id is not None:
        query = query.where(QuarantinedLine.batch_id == batch_id)
    with Session(engine) as session:
        return [_entry(row) for row in session.scalars(query)]


def get_quarantined(engine: Engine, actor: Actor, entry_id: int) -> QuarantineEntry | None:
    with Session(engine) as session:
        row = session.get(QuarantinedLine, entry_id)
        return _entry(row) if row is not None else None
