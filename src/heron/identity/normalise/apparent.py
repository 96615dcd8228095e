"""Apparent age: how old a free-text description says someone looks.

Police descriptions of people nobody has identified carry an age more often than a name:
"male, about 29-34, slim build", "white van driver in his 40s", "aged about 17". This
module reads only that age range, nothing else of the description (build, clothes,
complexion or anything that could stand for a protected characteristic are never read).
An apparent age is weaker than a stated one: it only settles whether someone is a child
or an adult when the whole range lies on one side of 18, and it is never used to link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from heron.identity.normalise.dates import ADULT_AGE, BirthRange, birth_range_from_age


@dataclass(frozen=True, slots=True)
class ApparentAge:
    """The youngest and oldest a description says someone looks, in years."""

    low: int
    high: int

    @property
    def is_child(self) -> bool | None:
        """True when even the oldest reading is under 18, False when even the youngest is
        18 or over, None when the range straddles 18."""
        if self.high < ADULT_AGE:
            return True
        if self.low >= ADULT_AGE:
            return False
        return None


#: A range is an age only beside a word that says so: "5-6 ft" is a height.
_RANGE = re.compile(
    r"\b(?:(?:about|around|approx(?:imately)?\.?|roughly|aged?|between|c\.)\s*"
    r"(\d{1,2})\s*(?:-|–|to|and)\s*(\d{1,2})\b"
    r"|(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\s*(?:yrs|years?(?:\s*old)?|y/?o)\b)",
    re.IGNORECASE,
)
_DECADE = re.compile(
    r"\b(?:in (?:his|her|their)\s+(early|mid|late)?[\s-]*(\d)0'?s"
    r"|(early|mid|late)[\s-]*(\d)0'?s)\b",
    re.IGNORECASE,
)
_ABOUT = re.compile(
    r"\b(?:about|around|approx(?:imately)?\.?|roughly|c\.|aged about|aged around)\s*(\d{1,2})\b",
    re.IGNORECASE,
)
_EXACT = re.compile(
    r"\b(?:aged\s+(\d{1,2})\b|(\d{1,2})\s*(?:yrs|years?(?:\s*old)?|y/?o)\b)", re.IGNORECASE
)
_TEENS = re.compile(r"\b(teenage[dr]?|teen|in (?:his|her|their) teens)\b", re.IGNORECASE)
_PART = {"early": (0, 3), "mid": (3, 7), "late": (6, 9), None: (0, 9)}
#: A description's "about N" allows this many years either side.
ABOUT_SPREAD = 3
YOUNGEST, OLDEST = 5, 99


def apparent_age(description: str | None) -> ApparentAge | None:
    """The age range a description gives, or None when it gives none (the first one found:
    a range "29-34", a decade "in his 30s" / "late 20s", "about 25", "aged 17", "teenage")."""
    if not description:
        return None
    text = description.strip()
    found: ApparentAge | None = None
    if match := _RANGE.search(text):
        first, second = match.group(1) or match.group(3), match.group(2) or match.group(4)
        low, high = sorted((int(first), int(second)))
        found = ApparentAge(low, high)
    elif match := _DECADE.search(text):
        part = match.group(1) or match.group(3)
        start, end = _PART[part.lower() if part else None]
        tens = int(match.group(2) or match.group(4)) * 10
        found = ApparentAge(tens + start, tens + end)
    elif match := _ABOUT.search(text):
        n = int(match.group(1))
        found = ApparentAge(n - ABOUT_SPREAD, n + ABOUT_SPREAD)
    elif match := _EXACT.search(text):
        n = int(match.group(1) or match.group(2))
        found = ApparentAge(n, n)
    elif _TEENS.search(text):
        found = ApparentAge(13, 19)
    if found is None or not YOUNGEST <= found.low <= found.high <= OLDEST:
        return None
    return found


def birth_range_from_apparent(age: ApparentAge, at: date) -> BirthRange:
    """Birth dates of everyone who looked ``age`` on ``at``: from the oldest to the youngest."""
    return BirthRange(
        birth_range_from_age(age.high, at).earliest, birth_range_from_age(age.low, at).latest
    )
