"""Dates of birth and ages: partial dates, day/month swaps, birth ranges, child or adult.

Owns what a recorded date of birth or stated age says about when someone was born, and
whether they were a child (under 18) at an event. It does not read records or decide
identity; it gives the linkage model comparable, honest-about-uncertainty features.

Ages follow English law: a person born on 29 February turns a year older on 1 March in
a year that is not a leap year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

ADULT_AGE = 18
MAX_AGE = 130

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")

# Dates that case-management systems fill in when nobody knows the date of birth.
_PLACEHOLDER_DATES = frozenset({date(1900, 1, 1), date(1901, 1, 1), date(1800, 1, 1)})
_EARLIEST_YEAR = 1880


class DateOfBirth(NamedTuple):
    """A date of birth as far as it was recorded: year, and month and day when known."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        """True when year, month and day are all known."""
        return self.day is not None

    def as_range(self) -> BirthRange:
        """The first and last day this (possibly partial) date could mean."""
        if self.month is None:
            return BirthRange(date(self.year, 1, 1), date(self.year, 12, 31))
        if self.day is None:
            last = calendar.monthrange(self.year, self.month)[1]
            return BirthRange(date(self.year, self.month, 1), date(self.year, self.month, last))
        born = date(self.year, self.month, self.day)
        return BirthRange(born, born)

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


class BirthRange(NamedTuple):
    """Earliest and latest possible birth dates, both inclusive."""

    earliest: date
    latest: date


class DobAgreement(StrEnum):
    """How two recorded dates of birth relate, from strongest to weakest evidence."""

    EXACT = "exact"
    SWAPPED_DAY_MONTH = "swapped_day_month"
    YEAR_OFF_BY_ONE = "year_off_by_one"
    MONTH_OFF = "month_off"
    DAY_OFF = "day_off"
    PARTIAL_AGREE = "partial_agree"
    DISAGREE = "disagree"
    UNKNOWN = "unknown"


def parse_dob(raw: str | None) -> DateOfBirth | None:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; None for empty, impossible or placeholder.

    "1900-01-01" and similar filler dates count as no date of birth.
    """
    if not raw:
        return None
    match = _ISO.match(raw)
    if match is None:
        return None
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if year < _EARLIEST_YEAR or (month is not None and not 1 <= month <= 12):
        return None
    if month is not None and day is not None:
        try:
            born = date(year, month, day)
        except ValueError:
            return None
        if born in _PLACEHOLDER_DATES:
            return None
    return DateOfBirth(year, month, day)


def day_month_swaps(dob: DateOfBirth) -> tuple[DateOfBirth, ...]:
    """The date as recorded, then with day and month swapped when that is another real date."""
    if dob.month is None or dob.day is None or dob.day == dob.month or dob.day > 12:
        return (dob,)
    # Both numbers are 1-12 here, and every month has a 12th day: the swap is a real date.
    return (dob, DateOfBirth(dob.year, dob.day, dob.month))


def compare_dobs(a: DateOfBirth | None, b: DateOfBirth | None) -> DobAgreement:
    """Classify two dates of birth: exact, a known kind of error, partial agreement or not."""
    if a is None or b is None:
        return DobAgreement.UNKNOWN
    same_year = a.year == b.year
    if a.is_full and b.is_full:
        if a == b:
            return DobAgreement.EXACT
        if same_year and a.month == b.day and a.day == b.month:
            return DobAgreement.SWAPPED_DAY_MONTH
        if abs(a.year - b.year) == 1 and a.month == b.month and a.day == b.day:
            return DobAgreement.YEAR_OFF_BY_ONE
        if same_year and a.day == b.day:
            return DobAgreement.MONTH_OFF
        if same_year and a.month == b.month:
            return DobAgreement.DAY_OFF
        return DobAgreement.DISAGREE
    months_agree = a.month is None or b.month is None or a.month == b.month
    days_agree = a.day is None or b.day is None or a.day == b.day
    if same_year and months_agree and days_agree:
        return DobAgreement.PARTIAL_AGREE
    if abs(a.year - b.year) == 1 and months_agree and days_agree:
        return DobAgreement.YEAR_OFF_BY_ONE
    if same_year and days_agree:
        return DobAgreement.MONTH_OFF
    return DobAgreement.DISAGREE


def age_on(born: date, on: date) -> int:
    """Age in whole years on ``on`` of someone born on ``born``."""
    born, on = _as_date(born), _as_date(on)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def birth_range_from_age(age: int, at: date) -> BirthRange:
    """Birth dates of everyone who was exactly ``age`` on ``at``."""
    at = _as_date(at)
    return BirthRange(
        _years_before(at, age + 1) + timedelta(days=1),
        _years_before(at, age),
    )


def birth_range(dob: DateOfBirth | None, age: int | None, at: date | None) -> BirthRange | None:
    """Birth range from the date of birth when recorded, else from a stated age at ``at``."""
    if dob is not None:
        return dob.as_range()
    if age is not None and at is not None and 0 <= age <= MAX_AGE:
        return birth_range_from_age(age, at)
    return None


def is_child(born: BirthRange | None, on: date | None) -> bool | None:
    """True if under 18 on ``on`` whatever the exact birth date, False if 18 or over, else None.

    None also when the birth range begins after ``on``: the data contradict themselves.
    """
    if born is None or on is None:
        return None
    on = _as_date(on)
    if born.earliest > on:
        return None
    if age_on(born.earliest, on) < ADULT_AGE:
        return True
    if age_on(born.latest, on) >= ADULT_AGE:
        return False
    return None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that is not a leap year
        return day.replace(year=day.year - years, day=28)


def _as_date(value: date) -> date:
    # A datetime is a date, but comparing the two raises TypeError.
    return value.date() if isinstance(value, datetime) else value
