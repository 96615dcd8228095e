""" "As of D": which record versions existed at a moment, for every later capability.

A record version is visible at D when it had been recorded by D (``recorded_at`` ≤ D)
and had not yet been replaced by a newer version or a superseding record
(``replaced_at`` is empty or later than D). With no D, the latest visible versions are
those never replaced. Every query over records, mentions or objects goes through
``visible_at`` so that "what did we know when?" has one definition.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select

from heron.store.models import (
    HandleMention,
    LocationMention,
    Mention,
    PhoneMention,
    Record,
    VehicleMention,
)

MentionTable = (
    type[Mention]
    | type[VehicleMention]
    | type[PhoneMention]
    | type[HandleMention]
    | type[LocationMention]
)


def parse_as_of(value: str | date | datetime | None) -> datetime | None:
    """A date means the end of that day (all it recorded is known); a datetime is exact.

    Times are UK local wall-clock time, as records are stored; an offset is converted.
    """
    from heron.timeutil import to_uk_local

    if value is None or isinstance(value, datetime):
        return to_uk_local(value) if isinstance(value, datetime) else None
    if isinstance(value, date):
        return datetime.combine(value, time.max)
    text = value.strip()
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time.max)
    return to_uk_local(datetime.fromisoformat(text))


def visible_at(as_of: datetime | None) -> ColumnElement[bool]:
    """The condition on ``records`` for versions that existed at ``as_of`` (None: now)."""
    if as_of is None:
        return Record.replaced_at.is_(None)
    return and_(
        Record.recorded_at <= as_of,
        or_(Record.replaced_at.is_(None), Record.replaced_at > as_of),
    )


def visible_records(as_of: datetime | None = None) -> Select[Any]:
    """Record versions visible at ``as_of``, oldest occurrence first."""
    return select(Record).where(visible_at(as_of)).order_by(Record.occurred_at, Record.id)


def visible_rows(table: MentionTable, as_of: datetime | None = None) -> Select[Any]:
    """Mentions (or vehicles, phones, handles, locations) of versions visible at ``as_of``."""
    return (
        select(table)
        .join(Record, Record.id == table.record_pk)
        .where(visible_at(as_of))
        .order_by(table.id)
    )
