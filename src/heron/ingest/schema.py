"""The records-v1 schema as msgspec types, and validation with precise messages.

``validate(obj)`` turns one decoded JSON value into a ``ValidRecord`` or raises
``RecordError`` naming the field and what was expected. Unknown extra fields are allowed
(they are kept in the stored payload), unknown enum values are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

import msgspec
import msgspec.inspect

from heron.timeutil import parse_when

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Sector = Literal[
    "police", "social_care", "health", "education", "housing",
    "youth", "voluntary", "business", "helpline", "other",
]  # fmt: skip
RecordType = Literal[
    "missing_episode", "police_incident", "intelligence", "referral", "assessment",
    "case_note", "strategy_meeting", "placement", "health_attendance", "school_attendance",
    "exclusion", "disclosure", "vehicle_sighting", "business_report", "helpline_contact",
    "disruption", "other",
]  # fmt: skip
Role = Literal[
    "subject", "missing_person", "victim", "suspect", "associate", "witness",
    "reporter", "parent", "carer", "professional", "driver", "other",
]  # fmt: skip
LocationKind = Literal[
    "home", "childrens_home", "foster_home", "school", "takeaway", "hotel", "shop",
    "park", "car_park", "private_address", "street", "transport", "other",
]  # fmt: skip
HealthReason = Literal[
    "intoxication", "overdose", "injury", "self_harm", "sti", "pregnancy",
    "termination", "emergency_contraception", "assault",
]  # fmt: skip

T = TypeVar("T")
_MISSING = re.compile(r"^Object missing required field `([^`]+)`$")
_DOB = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class _Open(msgspec.Struct, forbid_unknown_fields=False, omit_defaults=True):
    """Base: unknown fields are tolerated (and kept in the raw payload)."""


class RecordedBy(_Open):
    name: str | None = None
    role: str | None = None


class Location(_Open):
    name: str | None = None
    address: str | None = None
    postcode: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: LocationKind | None = None


class Mention(_Open):
    ref: NonEmpty | None = None
    role: Role | None = None
    given_name: str | None = None
    family_name: str | None = None
    aliases: list[str] | None = None
    date_of_birth: str | None = None
    age: Annotated[int, msgspec.Meta(ge=0, le=130)] | None = None
    sex: Literal["F", "M", "X", "U"] | None = None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    identifiers: dict[str, str | int] | None = None
    description: str | None = None


class Vehicle(_Open):
    registration: str | None = None
    make: str | None = None
    model: str | None = None
    colour: str | None = None
    role: str | None = None


class Phone(_Open):
    number: NonEmpty
    role: str | None = None


class Handle(_Open):
    handle: NonEmpty
    platform: str | None = None
    role: str | None = None


class RecordIn(_Open):
    id: NonEmpty
    agency: NonEmpty
    sector: Sector
    type: RecordType
    occurred_at: NonEmpty
    recorded_at: NonEmpty
    persons: list[Mention]
    ended_at: str | None = None
    recorded_by: RecordedBy | None = None
    location: Location | None = None
    vehicles: list[Vehicle] | None = None
    phones: list[Phone] | None = None
    online: list[Handle] | None = None
    codes: list[str] | None = None
    attributes: dict[str, Any] | None = None
    text: str | None = None
    supersedes: NonEmpty | None = None


class ReturnInterview(_Open):
    offered: bool | None = None
    done: bool | None = None
    date: str | None = None
    disclosed: bool | None = None


class MissingAttrs(_Open):
    reported_by: str | None = None
    found_at: Location | None = None
    found_with: list[str] | None = None
    return_interview: ReturnInterview | None = None
    absent_only: bool | None = None


class IntelligenceAttrs(_Open):
    source_grade: Literal["A", "B", "C", "D", "E"] | None = None
    # The 5x5x5 grade is a digit; exports write it as a number or as text.
    information_grade: Literal[1, 2, 3, 4, 5, "1", "2", "3", "4", "5"] | None = None
    handling: Literal["P", "C"] | None = None


class ReferralAttrs(_Open):
    referrer_sector: str | None = None
    outcome: Literal["nfa", "assessment", "s47", "early_help"] | None = None


class AssessmentAttrs(_Open):
    kind: Literal["single", "s47", "cse_screening"] | None = None
    outcome: str | None = None


class PlacementAttrs(_Open):
    placement_type: (
        Literal["childrens_home", "foster", "secure", "out_of_area", "semi_independent"] | None
    ) = None
    location: Location | None = None


class HealthAttrs(_Open):
    setting: Literal["ed", "sexual_health", "gp", "school_nurse", "camhs"] | None = None
    reasons: list[HealthReason] | None = None


class SchoolAttendanceAttrs(_Open):
    period_start: str | None = None
    period_end: str | None = None
    sessions_possible: Annotated[int, msgspec.Meta(ge=0)] | None = None
    sessions_missed: Annotated[int, msgspec.Meta(ge=0)] | None = None
    unauthorised: Annotated[int, msgspec.Meta(ge=0)] | None = None


class ExclusionAttrs(_Open):
    kind: Literal["fixed", "permanent"] | None = None
    days: Annotated[float, msgspec.Meta(ge=0)] | None = None


class DisclosureAttrs(_Open):
    to_role: str | None = None
    retracted: bool | None = None


class VehicleSightingAttrs(_Open):
    how: Literal["anpr", "patrol", "staff_report"] | None = None


class BusinessAttrs(_Open):
    business_kind: Literal["hotel", "taxi", "takeaway", "shop", "other"] | None = None


class HelplineAttrs(_Open):
    caller_kind: Literal["child", "parent", "professional", "public"] | None = None
    anonymous: bool | None = None


class DisruptionAttrs(_Open):
    action: Literal["cawn", "sro", "arrest", "charge", "licensing", "other"] | None = None
    against: str | None = None


ATTRIBUTE_TYPES: dict[str, type[_Open]] = {
    "missing_episode": MissingAttrs,
    "intelligence": IntelligenceAttrs,
    "referral": ReferralAttrs,
    "assessment": AssessmentAttrs,
    "placement": PlacementAttrs,
    "health_attendance": HealthAttrs,
    "school_attendance": SchoolAttendanceAttrs,
    "exclusion": ExclusionAttrs,
    "disclosure": DisclosureAttrs,
    "vehicle_sighting": VehicleSightingAttrs,
    "business_report": BusinessAttrs,
    "helpline_contact": HelplineAttrs,
    "disruption": DisruptionAttrs,
}


class RecordError(ValueError):
    """A record breaks the schema: ``field`` says where (``None`` for the whole line)."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.reason = reason
        self.field = field


@dataclass(frozen=True, slots=True)
class ValidRecord:
    """A record that passed validation, with its parsed times and typed attributes."""

    record: RecordIn
    attributes: _Open | None
    occurred_at: datetime
    occurred_is_date: bool
    ended_at: datetime | None
    recorded_at: datetime

    @property
    def key(self) -> str:
        return f"{self.record.agency}:{self.record.id}"


def _field_from_msgspec(message: str) -> tuple[str, str | None]:
    """Split msgspec's 'Expected `str`, got `int` - at `$.persons[0].age`' into parts."""
    reason, sep, where = message.rpartition(" - at `")
    if not sep:
        return message, None
    return reason, where.rstrip("`").removeprefix("$").removeprefix(".") or None


def _when(value: str, field: str) -> tuple[datetime, bool]:
    try:
        return parse_when(value)
    except ValueError as exc:
        raise RecordError(
            f"{value!r} is not a real ISO 8601 date or datetime ({exc})", field
        ) from exc


def _check_date(value: str | None, field: str) -> None:
    if value is not None:
        _when(value, field)


def _check_dob(value: str | None, field: str) -> None:
    if value is None:
        return
    if not _DOB.match(value):
        raise RecordError(f"{value!r} is not YYYY-MM-DD, YYYY-MM or YYYY", field)
    if len(value) == 10:
        try:
            date.fromisoformat(value)
            return
        except ValueError as exc:
            raise RecordError(f"{value!r} is not a real date ({exc})", field) from exc
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise RecordError(f"{value!r} is not a real date ({exc})", field) from exc


def _check_refs(record: RecordIn, attrs: _Open | None) -> None:
    refs: set[str] = set()
    for index, mention in enumerate(record.persons):
        ref = mention.ref if mention.ref is not None else str(index)
        if ref in refs:
            raise RecordError(f"ref {ref!r} is used twice in this record", f"persons[{index}].ref")
        refs.add(ref)
        _check_dob(mention.date_of_birth, f"persons[{index}].date_of_birth")
    named: list[tuple[str, str]] = []
    if isinstance(attrs, MissingAttrs) and attrs.found_with:
        named = [(f"attributes.found_with[{i}]", r) for i, r in enumerate(attrs.found_with)]
    if isinstance(attrs, DisruptionAttrs) and attrs.against is not None:
        named = [("attributes.against", attrs.against)]
    for field, ref in named:
        if ref not in refs:
            raise RecordError(f"{ref!r} names no person mention of this record", field)


def _check_attribute_dates(attrs: _Open | None) -> None:
    if isinstance(attrs, SchoolAttendanceAttrs):
        _check_date(attrs.period_start, "attributes.period_start")
        _check_date(attrs.period_end, "attributes.period_end")
    if isinstance(attrs, MissingAttrs) and attrs.return_interview is not None:
        _check_date(attrs.return_interview.date, "attributes.return_interview.date")


def _convert(obj: Any, kind: type[T], prefix: str) -> T:
    try:
        return msgspec.convert(obj, kind)
    except msgspec.ValidationError as exc:
        reason, field = _field_from_msgspec(str(exc))
        missing = _MISSING.match(reason)
        if missing:
            field = f"{field}.{missing.group(1)}" if field else missing.group(1)
            reason = "required field is missing"
        elif reason.startswith("Invalid enum value") and field:
            allowed = _allowed_values(kind, field)
            if allowed:
                reason = f"{reason}; expected one of {', '.join(map(str, allowed))}"
        raise RecordError(
            reason, f"{prefix}{field}" if field else prefix.rstrip(".") or None
        ) from exc


def _allowed_values(kind: Any, path: str) -> list[Any]:
    """The enum values allowed at ``path`` (e.g. ``persons[0].role``) of struct ``kind``."""
    info: Any = msgspec.inspect.type_info(kind)
    for name in re.sub(r"\[\d+\]", "", path).split("."):
        fields = getattr(_unwrap(info), "fields", None)
        found = [f for f in fields or () if f.encode_name == name]
        if not found:
            return []
        info = found[0].type
    literal = _unwrap(info)
    return list(getattr(literal, "values", []))


def _unwrap(info: Any) -> Any:
    """Strip Optional/list wrappers from msgspec type info."""
    while True:
        if isinstance(info, msgspec.inspect.UnionType):
            info = next(t for t in info.types if not isinstance(t, msgspec.inspect.NoneType))
        elif isinstance(info, msgspec.inspect.ListType):
            info = info.item_type
        else:
            return info


def validate(obj: Any) -> ValidRecord:
    """Check one decoded JSON value against records-v1; raise ``RecordError`` if it breaks it."""
    if not isinstance(obj, dict):
        raise RecordError(f"expected a JSON object, got {type(obj).__name__}")
    record = _convert(obj, RecordIn, "")
    attr_type = ATTRIBUTE_TYPES.get(record.type)
    attrs = None
    if attr_type is not None and record.attributes is not None:
        attrs = _convert(record.attributes, attr_type, "attributes.")
    occurred_at, occurred_is_date = _when(record.occurred_at, "occurred_at")
    recorded_at, _ = _when(record.recorded_at, "recorded_at")
    ended_at = _when(record.ended_at, "ended_at")[0] if record.ended_at is not None else None
    _check_refs(record, attrs)
    _check_attribute_dates(attrs)
    return ValidRecord(record, attrs, occurred_at, occurred_is_date, ended_at, recorded_at)
