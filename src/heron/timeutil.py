"""Dates and times as Heron stores them: UK local wall-clock time, naive.

Records-v1 says a datetime without an offset is UK local time. Heron keeps every stored
datetime in that form so that "as of 2008-03-05" means the same day agencies wrote down;
a datetime given with an offset is converted to UK local time first.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def to_uk_local(value: datetime) -> datetime:
    """Naive UK local time for a naive (already local) or offset-aware datetime."""
    if value.tzinfo is None:
        return value
    return value.astimezone(UK).replace(tzinfo=None)


def parse_when(text: str) -> tuple[datetime, bool]:
    """Parse an ISO 8601 date or datetime into (UK local naive datetime, was_date_only).

    Raises ``ValueError`` with the reason for anything that is not a real date.
    """
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), datetime.min.time()), True
    if len(text) < 10 or text[4] != "-" or text[7] != "-":
        raise ValueError("not an ISO 8601 date or datetime")
    return to_uk_local(datetime.fromisoformat(text)), False


def now_uk() -> datetime:
    """The current UK local wall-clock time, naive, to the second."""
    return datetime.now(UK).replace(tzinfo=None, microsecond=0)
