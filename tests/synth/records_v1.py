"""A strict records-v1 checker for synth output: every field, enum and date format.

Stricter than the spec on purpose: synth must emit only the fields records-v1 defines (plus
the few extra attributes listed in ``EXTRA_ATTRIBUTES``), so anything else is a bug here.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

SECTORS = {
    "police",
    "social_care",
    "health",
    "education",
    "housing",
    "youth",
    "voluntary",
    "business",
    "helpline",
    "other",
}
TYPES = {
    "missing_episode",
    "police_incident",
    "intelligence",
    "referral",
    "assessment",
    "case_note",
    "strategy_meeting",
    "placement",
    "health_attendance",
    "school_attendance",
    "exclusion",
    "disclosure",
    "vehicle_sighting",
    "business_report",
    "helpline_contact",
    "disruption",
    "other",
}
ROLES = {
    "subject",
    "missing_person",
    "victim",
    "suspect",
    "associate",
    "witness",
    "reporter",
    "parent",
    "carer",
    "professional",
    "driver",
    "other",
}
SEXES = {"F", "M", "X", "U"}
LOCATION_KINDS = {
    "home",
    "childrens_home",
    "foster_home",
    "school",
    "takeaway",
    "hotel",
    "shop",
    "park",
    "car_park",
    "private_address",
    "street",
    "transport",
    "other",
}
RECORD_KEYS = {
    "id",
    "agency",
    "sector",
    "type",
    "occurred_at",
    "ended_at",
    "recorded_at",
    "recorded_by",
    "location",
    "persons",
    "vehicles",
    "phones",
    "online",
    "codes",
    "attributes",
    "text",
    "supersedes",
}
MENTION_KEYS = {
    "ref",
    "role",
    "given_name",
    "family_name",
    "aliases",
    "date_of_birth",
    "age",
    "sex",
    "address",
    "postcode",
    "phone",
    "identifiers",
    "description",
}
REASONS = {
    "intoxication",
    "overdose",
    "injury",
    "self_harm",
    "sti",
    "pregnancy",
    "termination",
    "emergency_contraception",
    "assault",
}
# Attributes synth adds beyond the spec's table, by record type.
EXTRA_ATTRIBUTES = {
    "referral": {"referral_source"},
    "school_attendance": {"year_group"},
    "other": {"document", "activity"},
}
ATTRIBUTES = {
    "missing_episode": {"reported_by", "found_at", "found_with", "return_interview", "absent_only"},
    "police_incident": {"category", "outcome"},
    "intelligence": {"source_grade", "information_grade", "handling"},
    "referral": {"referrer_sector", "outcome"},
    "assessment": {"kind", "outcome"},
    "case_note": set(),
    "strategy_meeting": {"attendees_sectors", "decision"},
    "placement": {"placement_type", "location"},
    "health_attendance": {"setting", "reasons"},
    "school_attendance": {
        "period_start",
        "period_end",
        "sessions_possible",
        "sessions_missed",
        "unauthorised",
    },
    "exclusion": {"kind", "days"},
    "disclosure": {"to_role", "retracted"},
    "vehicle_sighting": {"how"},
    "business_report": {"business_kind"},
    "helpline_contact": {"caller_kind", "anonymous"},
    "disruption": {"action", "against"},
    "other": set(),
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")
_PARTIAL_DOB = re.compile(r"^\d{4}(-\d{2})?$")


class Invalid(AssertionError):
    """A line that breaks records-v1, with the reason."""


def _need(cond: bool, why: str) -> None:
    if not cond:
        raise Invalid(why)


def parse_when(value: Any, field: str, datetime_only: bool = False) -> datetime:
    _need(isinstance(value, str), f"{field} must be a string")
    if _DATETIME.match(value):
        return datetime.fromisoformat(value)
    _need(not datetime_only, f"{field} must be a datetime: {value!r}")
    _need(bool(_DATE.match(value)), f"{field} is not an ISO date: {value!r}")
    return datetime.combine(date.fromisoformat(value), datetime.min.time())


def _str(value: Any, field: str) -> None:
    _need(isinstance(value, str) and value != "", f"{field} must be a non-empty string")


def _location(loc: Any, field: str) -> None:
    _need(isinstance(loc, dict), f"{field} must be an object")
    _need(
        set(loc) <= {"name", "address", "postcode", "lat", "lon", "kind"},
        f"{field} has unknown keys {set(loc)}",
    )
    _need("name" in loc or "address" in loc, f"{field} has neither name nor address")
    for key in ("name", "address", "postcode"):
        if key in loc:
            _str(loc[key], f"{field}.{key}")
    for key in ("lat", "lon"):
        if key in loc:
            _need(isinstance(loc[key], float), f"{field}.{key} must be a number")
    _need(loc.get("kind") in LOCATION_KINDS, f"{field}.kind {loc.get('kind')!r}")


def _mention(m: Any, where: str) -> None:
    _need(isinstance(m, dict), f"{where} must be an object")
    _need(set(m) <= MENTION_KEYS, f"{where} has unknown keys {set(m) - MENTION_KEYS}")
    _need(m.get("role") in ROLES, f"{where}.role {m.get('role')!r}")
    for key in ("ref", "given_name", "family_name", "address", "postcode", "phone", "description"):
        if key in m:
            _str(m[key], f"{where}.{key}")
    if "aliases" in m:
        _need(
            isinstance(m["aliases"], list) and all(isinstance(a, str) and a for a in m["aliases"]),
            f"{where}.aliases",
        )
    if "date_of_birth" in m:
        dob = m["date_of_birth"]
        _need(isinstance(dob, str), f"{where}.date_of_birth")
        if _DATE.match(dob):
            date.fromisoformat(dob)  # raises on 2004-02-30
        else:
            _need(bool(_PARTIAL_DOB.match(dob)), f"{where}.date_of_birth {dob!r}")
    if "age" in m:
        _need(type(m["age"]) is int and 0 <= m["age"] < 120, f"{where}.age {m['age']!r}")
    if "sex" in m:
        _need(m["sex"] in SEXES, f"{where}.sex {m['sex']!r}")
    if "identifiers" in m:
        ids = m["identifiers"]
        _need(isinstance(ids, dict) and bool(ids), f"{where}.identifiers")
        for key, value in ids.items():
            _need(key in {"nhs_number", "upn", "pnc_id", "local_id"}, f"identifier {key}")
            _str(value, f"{where}.identifiers.{key}")


def check_record(rec: Any) -> None:
    """Raise ``Invalid`` with the reason if ``rec`` is not a strict records-v1 record."""
    _need(isinstance(rec, dict), "record must be an object")
    _need(set(rec) <= RECORD_KEYS, f"unknown record keys {set(rec) - RECORD_KEYS}")
    for key in ("id", "agency", "sector", "type", "occurred_at", "recorded_at", "persons"):
        _need(key in rec, f"missing {key}")
    _str(rec["id"], "id")
    _str(rec["agency"], "agency")
    _need(rec["sector"] in SECTORS, f"sector {rec['sector']!r}")
    _need(rec["type"] in TYPES, f"type {rec['type']!r}")
    occurred = parse_when(rec["occurred_at"], "occurred_at")
    recorded = parse_when(rec["recorded_at"], "recorded_at", datetime_only=True)
    _need(recorded >= occurred, "recorded_at before occurred_at")
    if "ended_at" in rec:
        _need(parse_when(rec["ended_at"], "ended_at") >= occurred, "ended_at before occurred_at")
    if "recorded_by" in rec:
        by = rec["recorded_by"]
        _need(isinstance(by, dict) and set(by) == {"name", "role"}, "recorded_by")
        _str(by["name"], "recorded_by.name")
        _str(by["role"], "recorded_by.role")
    if "location" in rec:
        _location(rec["location"], "location")
    _need(isinstance(rec["persons"], list), "persons must be a list")
    refs: list[str] = []
    for i, m in enumerate(rec["persons"]):
        _mention(m, f"persons[{i}]")
        refs.append(m.get("ref", str(i)))
    _need(len(set(refs)) == len(refs), "mention refs are not unique")
    for v in rec.get("vehicles", []):
        _need(
            isinstance(v, dict) and set(v) <= {"registration", "make", "model", "colour", "role"},
            f"vehicle {v}",
        )
        _str(v.get("registration"), "vehicle.registration")
    for p in rec.get("phones", []):
        _need(isinstance(p, dict) and set(p) <= {"number", "role"}, f"phone {p}")
        _str(p.get("number"), "phone.number")
    for h in rec.get("online", []):
        _need(isinstance(h, dict) and set(h) <= {"platform", "handle", "role"}, f"handle {h}")
        _str(h.get("handle"), "online.handle")
    if "codes" in rec:
        _need(isinstance(rec["codes"], list) and bool(rec["codes"]), "codes")
        _need(all(isinstance(c, str) for c in rec["codes"]), "codes must be strings")
        _need(len(set(rec["codes"])) == len(rec["codes"]), "a code repeats")
        _need("21" not in rec["codes"] or rec["codes"] == ["21"], "code 21 must stand alone")
    if "text" in rec:
        _str(rec["text"], "text")
    if "supersedes" in rec:
        _str(rec["supersedes"], "supersedes")
    _attributes(rec, set(refs))


def _attributes(rec: dict[str, Any], refs: set[str]) -> None:
    rtype = rec["type"]
    attrs = rec.get("attributes", {})
    _need(isinstance(attrs, dict), "attributes must be an object")
    allowed = ATTRIBUTES[rtype] | EXTRA_ATTRIBUTES.get(rtype, set())
    _need(set(attrs) <= allowed, f"{rtype} has unknown attributes {set(attrs) - allowed}")
    get = attrs.get
    if rtype == "missing_episode":
        _need(get("reported_by") in {"parent", "carer", "childrens_home", "school"}, "reported_by")
        if "found_at" in attrs:
            _location(attrs["found_at"], "found_at")
        if "found_with" in attrs:
            _need(set(attrs["found_with"]) <= refs and attrs["found_with"], "found_with refs")
        if "return_interview" in attrs:
            ri = attrs["return_interview"]
            _need(set(ri) <= {"offered", "done", "date", "disclosed"}, "return_interview")
            _need(all(isinstance(ri[k], bool) for k in ri if k != "date"), "return_interview")
            if "date" in ri:
                parse_when(ri["date"], "return_interview.date")
        _need(isinstance(get("absent_only", False), bool), "absent_only")
    elif rtype == "intelligence":
        _need(get("source_grade") in set("ABCDE"), "source_grade")
        _need(get("information_grade") in set("12345"), "information_grade")
        _need(get("handling") in {"P", "C"}, "handling")
    elif rtype == "referral":
        _need(get("outcome") in {"nfa", "assessment", "s47", "early_help"}, "referral outcome")
    elif rtype == "assessment":
        _need(get("kind") in {"single", "s47", "cse_screening"}, "assessment kind")
        _need(bool(rec.get("codes")), "assessment without codes")
    elif rtype == "placement":
        _need(
            get("placement_type")
            in {"childrens_home", "foster", "secure", "out_of_area", "semi_independent"},
            "placement_type",
        )
        _location(get("location"), "placement location")
    elif rtype == "health_attendance":
        _need(get("setting") in {"ed", "sexual_health", "gp", "school_nurse", "camhs"}, "setting")
        _need(isinstance(get("reasons"), list) and set(get("reasons")) <= REASONS, "reasons")
    elif rtype == "school_attendance":
        start = date.fromisoformat(attrs["period_start"])
        end = date.fromisoformat(attrs["period_end"])
        _need(start <= end, "period")
        possible, missed, unauth = (
            attrs["sessions_possible"],
            attrs["sessions_missed"],
            attrs["unauthorised"],
        )
        _need(all(type(x) is int for x in (possible, missed, unauth)), "sessions must be ints")
        _need(0 <= unauth <= missed <= possible, "sessions out of order")
    elif rtype == "exclusion":
        _need(get("kind") in {"fixed", "permanent"} and type(get("days")) is int, "exclusion")
    elif rtype == "disclosure":
        _need(isinstance(get("retracted"), bool), "retracted")
        _str(get("to_role"), "to_role")
    elif rtype == "vehicle_sighting":
        _need(get("how") in {"anpr", "patrol", "staff_report"}, "how")
        _need(bool(rec.get("vehicles")), "vehicle_sighting without a vehicle")
    elif rtype == "business_report":
        _need(
            get("business_kind") in {"hotel", "taxi", "takeaway", "shop", "other"}, "business_kind"
        )
    elif rtype == "helpline_contact":
        _need(get("caller_kind") in {"child", "parent", "professional", "public"}, "caller_kind")
        _need(isinstance(get("anonymous"), bool), "anonymous")
    elif rtype == "disruption":
        _need(get("action") in {"cawn", "sro", "arrest", "charge", "licensing", "other"}, "action")
        _need(get("against") in refs, "against must be a mention ref")


def mention_keys(rec: dict[str, Any]) -> set[str]:
    """Every mention key the truth file must cover, by the rules in docs/synth.md."""
    base = f"{rec['agency']}:{rec['id']}"
    keys: set[str] = set()
    if "location" in rec:
        keys.add(f"{base}#location")
    for i, m in enumerate(rec["persons"]):
        suffix = m.get("ref", str(i))
        keys.add(f"{base}#{suffix}")
        if "phone" in m:
            keys.add(f"{base}#{suffix}.phone")
        if "address" in m:
            keys.add(f"{base}#{suffix}.address")
    for group, name in (("vehicles", "vehicle"), ("phones", "phone"), ("online", "online")):
        for i in range(len(rec.get(group, []))):
            keys.add(f"{base}#{name}{i}")
    for name, value in rec.get("attributes", {}).items():
        if isinstance(value, dict) and "kind" in value:
            keys.add(f"{base}#attributes.{name}")
    return keys
