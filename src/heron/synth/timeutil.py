"""Time helpers for the generator: school terms, nights out, school hours, recording lags."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Term:
    start: date
    end: date
    sessions: int  # half-day sessions the school was open


def _weekdays(start: date, end: date) -> int:
    days = (end - start).days + 1
    full, extra = divmod(days, 7)
    count = full * 5
    for i in range(extra):
        if (start + timedelta(days=full * 7 + i)).weekday() < 5:
            count += 1
    return count


@lru_cache(maxsize=64)
def terms_of_year(academic_year: int) -> tuple[Term, ...]:
    """Autumn, spring and summer terms of the school year starting in September."""
    y = academic_year
    bounds = (
        (date(y, 9, 3), date(y, 12, 19)),
        (date(y + 1, 1, 5), date(y + 1, 3, 31)),
        (date(y + 1, 4, 16), date(y + 1, 7, 21)),
    )
    # A week of half term, and the odd closure day, come off the sessions possible.
    return tuple(Term(s, e, 2 * (_weekdays(s, e) - 5)) for s, e in bounds)


def terms_between(start: date, end: date) -> list[Term]:
    out: list[Term] = []
    for year in range(start.year - 1, end.year + 1):
        out.extend(t for t in terms_of_year(year) if t.start >= start and t.end <= end)
    return out


def school_year_of(dob: date, on: date) -> int:
    """National curriculum year (0 = reception) of a child born ``dob`` in the year of ``on``."""
    academic = on.year if on.month >= 9 else on.year - 1
    age_at_31_august = academic - dob.year - ((dob.month, dob.day) > (8, 31))
    return age_at_31_august - 4


def at(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour % 24, minute)) + timedelta(days=hour // 24)


def night_start(rng: random.Random, d: date) -> datetime:
    """An evening time on ``d`` between 17:00 and 23:59."""
    return at(d, rng.randint(17, 23), rng.randrange(60))


def school_hours(rng: random.Random, d: date) -> datetime:
    return at(d, rng.randint(9, 14), rng.randrange(60))


def run_time(rng: random.Random, d: date, morning: bool) -> datetime:
    return at(d, 8, rng.randint(0, 40)) if morning else at(d, 15, rng.randint(5, 50))


def daytime(rng: random.Random, d: date) -> datetime:
    return at(d, rng.randint(8, 20), rng.randrange(60))


def any_time(rng: random.Random, d: date) -> datetime:
    return at(d, rng.randrange(24), rng.randrange(60))


def weekday_on_or_after(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def friday_or_saturday_near(rng: random.Random, d: date) -> date:
    """The Friday or Saturday of the week containing ``d`` (most nights out are at weekends)."""
    if rng.random() < 0.3:
        return d
    monday = d - timedelta(days=d.weekday())
    return monday + timedelta(days=rng.choice((4, 5)))


LAGS_HOURS: dict[str, tuple[float, float]] = {
    # (minimum, maximum) hours between an event and its recording, by kind of record
    "same_day": (0.3, 6.0),
    "next_day": (2.0, 30.0),
    "days": (12.0, 24.0 * 7),
    "intelligence": (24.0 * 2, 24.0 * 30),
    "assessment": (24.0 * 10, 24.0 * 45),
    "term": (24.0, 24.0 * 10),
}


def recorded(rng: random.Random, occurred: datetime, lag: str) -> datetime:
    lo, hi = LAGS_HOURS[lag]
    value = occurred + timedelta(hours=rng.uniform(lo, hi))
    return value.replace(microsecond=0, second=0)


def as_dt(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(12, 0))
