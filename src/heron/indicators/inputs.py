"""The input model of risk indicators: one child's view of the records that mention them.

Owns the frozen ``ChildView`` structure, building it from records-v1 dicts, the as-of
filter, age at an event, and grouping records that describe the same event. Must not
touch the store or score anything; the wiring to the database comes later. Attributes
that describe protected characteristics (ethnicity, religion, nationality and the like)
are dropped here, so no rule can ever read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import Any

from heron.identity.normalise.apparent import apparent_age
from heron.timeutil import parse_when

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
_CHILD_ROLES = ("missing_person", "subject", "victim")

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
        if not isinstance(value, str) or rec.child_role not in _CHILD_ROLES:
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


def _when(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    return _parsed(str(value))


@lru_cache(maxsize=65536)
def _parsed(text: str) -> datetime:
    """Parsed once: many records share a time (term dates, whole days)."""
    return parse_when(text)[0]


def _full_date(text: Any) -> date | None:
    if isinstance(text, str) and len(text) == 10:
        return _day(text)
    return None


@lru_cache(maxsize=65536)
def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _child_of(is_child: Mapping[str, bool] | None, key: str) -> bool | None:
    return is_child.get(key) if is_child is not None else None


def _mention_age(mention: Mapping[str, Any], occurred: datetime) -> int | None:
    if isinstance(mention.get("age"), int):
        return int(mention["age"])
    return age_on(_full_date(mention.get("date_of_birth")), occurred.date())


def _child_refs(
    key: str,
    persons: Sequence[Mapping[str, Any]],
    person_id: str,
    child_refs: Mapping[str, Sequence[str]] | None,
    person_ids: Mapping[str, str],
) -> tuple[str, ...]:
    if child_refs is not None and key in child_refs:
        return tuple(child_refs[key])
    refs = [_ref(m, i) for i, m in enumerate(persons)]
    by_id = tuple(r for r in refs if person_ids.get(f"{key}#{r}") == person_id)
    if by_id or person_ids:
        return by_id
    return next(
        ((r,) for r, m in zip(refs, persons, strict=True) if m.get("role") in _CHILD_ROLES), ()
    )


def _ref(mention: Mapping[str, Any], index: int) -> str:
    return str(mention.get("ref", index))


def record_view(
    rec: Mapping[str, Any],
    person_id: str,
    *,
    child_refs: Mapping[str, Sequence[str]] | None = None,
    person_ids: Mapping[str, str] | None = None,
    is_child: Mapping[str, bool] | None = None,
) -> RecordView:
    """One records-v1 dict as the child ``person_id`` sees it."""
    key = f"{rec['agency']}:{rec['id']}"
    occurred = _when(rec["occurred_at"])
    recorded = _when(rec["recorded_at"])
    assert occurred is not None and recorded is not None, "records-v1 requires both times"
    persons: Sequence[Mapping[str, Any]] = rec.get("persons") or []
    ids = person_ids or {}
    mine = _child_refs(key, persons, person_id, child_refs, ids)
    others, child_age, child_role = [], None, None
    for index, mention in enumerate(persons):
        ref = _ref(mention, index)
        if ref in mine:
            child_age = child_age if child_age is not None else _mention_age(mention, occurred)
            child_role = child_role or str(mention.get("role") or "") or None
            continue
        age = _mention_age(mention, occurred)
        child = _child_of(is_child, f"{key}#{ref}") if age is None else age < 18
        seen = apparent_age(mention.get("description")) if age is None else None
        if child is None and seen is not None:
            child = seen.is_child  # how old they looked, when nothing else says
        others.append(
            OtherMention(
                key=f"{key}#{ref}",
                ref=ref,
                role=str(mention.get("role", "other")),
                person_id=ids.get(f"{key}#{ref}"),
                is_child=child,
                age=age,
                apparent=(seen.low, seen.high) if seen is not None else None,
            )
        )
    vehicles = tuple(
        VehicleView(key=f"{key}#vehicle{i}", registration=v.get("registration"), role=v.get("role"))
        for i, v in enumerate(rec.get("vehicles") or [])
    )
    return RecordView(
        key=key,
        sector=str(rec["sector"]),
        type=str(rec["type"]),
        occurred_at=occurred,
        recorded_at=recorded,
        ended_at=_when(rec.get("ended_at")),
        codes=tuple(str(c) for c in rec.get("codes") or ()),
        attributes=strip_protected(dict(rec.get("attributes") or {})),
        text=str(rec.get("text") or ""),
        child_refs=mine,
        child_age=child_age,
        child_role=child_role,
        others=tuple(others),
        vehicles=vehicles,
    )


#: The child's own mentions in one record: each one's full date of birth and sex, as given.
OwnDetails = tuple[tuple[date | None, Any], ...]


def own_details(rec: Mapping[str, Any], view: RecordView) -> OwnDetails:
    """Each of the child's own mentions in ``rec`` (those ``view`` names): its full date of
    birth and its sex, in the record's order."""
    return tuple(
        (_full_date(mention.get("date_of_birth")), mention.get("sex"))
        for index, mention in enumerate(rec.get("persons") or [])
        if _ref(mention, index) in view.child_refs
    )


def child_view_from_records(
    person_id: str,
    records: Iterable[Mapping[str, Any]],
    *,
    child_refs: Mapping[str, Sequence[str]] | None = None,
    person_ids: Mapping[str, str] | None = None,
    is_child: Mapping[str, bool] | None = None,
    date_of_birth: date | None = None,
    sex: str | None = None,
    practitioner_level: Level | str | None = None,
    home_postcode: str | None = None,
) -> ChildView:
    """Build a ``ChildView`` from records-v1 dicts.

    The child's own mentions in each record are ``child_refs[record key]`` if given, else
    the mentions that ``person_ids`` (mention key → person id) resolves to ``person_id``,
    else the first mention whose role is missing person, subject or victim. Another
    mention is a child when its age at the event says so, else as ``is_child`` (mention
    key → bool, e.g. from identity resolution) says. The date of birth and sex default to
    the first full ones on the child's own mentions.
    """
    recs = list(records)
    views = tuple(
        record_view(r, person_id, child_refs=child_refs, person_ids=person_ids, is_child=is_child)
        for r in recs
    )
    return assemble_child_view(
        person_id,
        views,
        [own_details(rec, view) for rec, view in zip(recs, views, strict=True)],
        date_of_birth=date_of_birth,
        sex=sex,
        practitioner_level=practitioner_level,
        home_postcode=home_postcode,
    )


def assemble_child_view(
    person_id: str,
    views: Sequence[RecordView],
    owns: Iterable[OwnDetails],
    *,
    date_of_birth: date | None = None,
    sex: str | None = None,
    practitioner_level: Level | str | None = None,
    home_postcode: str | None = None,
) -> ChildView:
    """A ``ChildView`` from its record views and each record's ``own_details``: the date of
    birth and sex default to the first full ones on the child's own mentions."""
    dob, found_sex = date_of_birth, sex
    for own in owns:
        for born, given_sex in own:
            dob = dob or born
            found_sex = found_sex or given_sex
    level = Level.parse(practitioner_level) if isinstance(practitioner_level, str) else None
    return ChildView(
        person_id=person_id,
        records=tuple(views),
        date_of_birth=dob,
        sex=found_sex,
        practitioner_level=practitioner_level if isinstance(practitioner_level, Level) else level,
        home_postcode=home_postcode,
    )
