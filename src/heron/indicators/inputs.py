"""The input model of risk indicators: one child's view of the records that mention them.

Owns the frozen ``ChildView`` structure (``views`` builds it from records-v1 dicts), the
recorded concern, age at an event, and grouping records that describe the same event. Must not
touch the store or score anything; the wiring to the database comes later. Attributes
that describe protected characteristics (ethnicity, religion, nationality and the like)
are dropped here, so no rule can ever read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import Any

#: Word stems that mark a field name or rule term as a protected characteristic.
PROTECTED_TERMS: tuple[str, ...] = (
    "ethnic",
    "race",
    "racial",
    "religio",
    "faith",
    "nationalit",
    "citizenship",
    "birthplace",
    "immigration",
    "caste",
)

#: Mention roles that usually name the child a record is about.
CHILD_ROLES = ("missing_person", "subject", "victim")

#: Record types that may carry a practitioner's own concern level (``attributes.concern_level``,
#: a records-v1 addition documented in docs/indicators.md) about the child they are about.
CONCERN_TYPES: tuple[str, ...] = ("assessment", "strategy_meeting", "case_note")


class Level(IntEnum):
    """A child's level of concern; ordered so that levels compare."""

    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        return cls[text.strip().upper()]


@dataclass(frozen=True)
class OtherMention:
    """Another person named in a record that mentions the child."""

    key: str  # agency:id#ref
    ref: str
    role: str
    person_id: str | None = None
    is_child: bool | None = None
    age: int | None = None  # age at the event, where known
    apparent: tuple[int, int] | None = None  # the age range a description gives, if no age

    def age_words(self) -> str:
        """How old they were, as the records say: "aged 31", "apparently aged 29-34"."""
        if self.age is not None:
            return f"aged {self.age}"
        if self.apparent is not None:
            low, high = self.apparent
            return f"apparently aged {low}" + (f"-{high}" if high != low else "")
        return "an adult by other records" if self.is_child is False else "age unknown"


@dataclass(frozen=True)
class VehicleView:
    """A vehicle named in a record (object key ``agency:id#vehicleN``)."""

    key: str
    registration: str | None
    role: str | None


@dataclass(frozen=True)
class RecordView:
    """One record that mentions the child, as the indicators see it."""

    key: str  # agency:id
    sector: str
    type: str
    occurred_at: datetime
    recorded_at: datetime
    ended_at: datetime | None = None
    codes: tuple[str, ...] = ()
    attributes: Mapping[str, Any] = field(default_factory=dict, hash=False)
    text: str = ""
    child_refs: tuple[str, ...] = ()
    child_age: int | None = None  # as the child's own mention gives it, where it does
    child_role: str | None = None  # the role of the child's own (first) mention
    others: tuple[OtherMention, ...] = ()
    vehicles: tuple[VehicleView, ...] = ()

    @property
    def agency(self) -> str:
        return self.key.split(":", 1)[0]

    def child_mention_keys(self) -> tuple[str, ...]:
        return tuple(f"{self.key}#{ref}" for ref in self.child_refs)

    def other(self, ref: str) -> OtherMention | None:
        return next((m for m in self.others if m.ref == ref), None)


@dataclass(frozen=True)
class CoMissing:
    """Another child missing on the same night as this child (from ``heron.missing``)."""

    other_child_id: str
    night: date
    record_keys: tuple[str, ...]  # this child's records of that night


@dataclass(frozen=True)
class NetworkTie:
    """A network Heron found, at or above its alerting threshold, with this child among its
    children (from ``heron.patterns``, handed over by ``heron.detection``)."""

    summary: str
    score: float
    record_keys: tuple[str, ...]  # the finding's evidence records


@dataclass(frozen=True)
class ChildView:
    """Everything the indicators may read about one child."""

    person_id: str
    records: tuple[RecordView, ...]
    date_of_birth: date | None = None
    sex: str | None = None
    practitioner_level: Level | None = None
    home_postcode: str | None = None

    def visible(self, as_of: datetime) -> tuple[RecordView, ...]:
        """Records known at ``as_of``: recorded (and begun) no later than it."""
        return tuple(r for r in self.records if r.recorded_at <= as_of and r.occurred_at <= as_of)

    def recorded_concern(self, as_of: datetime) -> RecordedConcern | None:
        """The practitioner's latest recorded concern level about the child known at ``as_of``."""
        return recorded_concern(self.visible(as_of))

    def age_at(self, when: datetime) -> int | None:
        return age_on(self.date_of_birth, when.date())


@dataclass(frozen=True)
class RecordedConcern:
    """A practitioner's own concern level, as a record about the child states it."""

    level: Level
    record_key: str
    occurred_at: datetime


def recorded_concern(records: Iterable[RecordView]) -> RecordedConcern | None:
    """The latest ``attributes.concern_level`` on an assessment, strategy meeting or case note.

    Only records about the child (the child's own mention is the subject, victim or missing
    person) count; the latest by when it happened, then when it was recorded, wins, so a
    practitioner who lowers their concern is heard. Values other than none, low, medium and
    high are ignored.
    """
    latest: tuple[datetime, datetime, RecordView, Level] | None = None
    for rec in records:
        value = rec.attributes.get("concern_level") if rec.type in CONCERN_TYPES else None
        if not isinstance(value, str) or rec.child_role not in CHILD_ROLES:
            continue
        try:
            level = Level.parse(value)
        except KeyError:
            continue
        if latest is None or (rec.occurred_at, rec.recorded_at) >= latest[:2]:
            latest = (rec.occurred_at, rec.recorded_at, rec, level)
    if latest is None:
        return None
    return RecordedConcern(latest[3], latest[2].key, latest[2].occurred_at)


def age_on(dob: date | None, day: date) -> int | None:
    """Whole years between a date of birth and a day, or None when the birth is unknown."""
    if dob is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@lru_cache(maxsize=4096)
def is_protected(name: str) -> bool:
    """Whether a field name or term refers to a protected characteristic."""
    lowered = name.lower()
    if "country_of_birth" in lowered or "country of birth" in lowered:
        return True
    words = re.split(r"[^a-z]+", lowered)
    return any(word.startswith(PROTECTED_TERMS) for word in words)


def strip_protected(value: Any) -> Any:
    """A copy of an attributes value without keys that name protected characteristics."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value  # the common case first: no abstract-class check
    if isinstance(value, Mapping):
        return {k: strip_protected(v) for k, v in value.items() if not is_protected(str(k))}
    if isinstance(value, list):
        return [strip_protected(v) for v in value]
    return value


def group_overlapping(
    records: Iterable[RecordView], assumed: timedelta = timedelta(hours=24)
) -> list[list[RecordView]]:
    """Records grouped into events: two records join when their times overlap.

    A record without ``ended_at`` is taken to last ``assumed`` for matching only. Groups
    come back in time order, each in time order.
    """
    ordered = sorted(records, key=lambda r: (r.occurred_at, r.key))
    groups: list[list[RecordView]] = []
    group_end: datetime | None = None
    for rec in ordered:
        end = rec.ended_at if rec.ended_at is not None else rec.occurred_at + assumed
        if groups and group_end is not None and rec.occurred_at <= group_end:
            groups[-1].append(rec)
            group_end = max(group_end, end)
        else:
            groups.append([rec])
            group_end = end
    return groups
