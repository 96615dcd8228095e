"""One-line summaries of records for a chronology, one summariser per record type.

Owns ``Facts`` (what a summariser may read: the record as sent, its stored times and the
person's own mention refs) and ``summarise``. Each records-v1 type has a summariser in
``SUMMARISERS``; any other type falls back to ``generic``. Summaries are built only from
what the record says, in neutral words; they must not score, interpret or read the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

#: How much narrative text a summary quotes before cutting it off.
EXCERPT = 80


@dataclass(frozen=True, slots=True)
class Facts:
    """What a summariser reads about one record version."""

    type: str
    payload: Mapping[str, Any]
    occurred_at: datetime
    ended_at: datetime | None
    refs: tuple[str, ...] = ()  # the person's own mention refs in this record


WORDS = {
    "childrens_home": "children's home",
    "foster": "foster placement",
    "foster_home": "foster home",
    "secure": "secure unit",
    "out_of_area": "out of area",
    "semi_independent": "semi-independent",
    "private_address": "private address",
    "car_park": "car park",
    "nfa": "no further action",
    "s47": "section 47",
    "early_help": "early help",
    "cse_screening": "CSE screening",
    "ed": "A&E",
    "sexual_health": "Sexual health",
    "gp": "GP",
    "school_nurse": "School nurse",
    "camhs": "CAMHS",
    "self_harm": "self-harm",
    "sti": "STI",
    "emergency_contraception": "emergency contraception",
    "cawn": "child abduction warning notice",
    "sro": "sexual risk order",
    "anpr": "ANPR",
    "staff_report": "staff report",
    "social_care": "social care",
    "found_in_company": "found in company",
    "sexual_offence": "sexual offence",
    "stop_check": "stop check",
}


def words(value: object) -> str:
    """A code as words: ``childrens_home`` → "children's home", ``s47`` → "section 47"."""
    text = str(value)
    return WORDS.get(text, text.replace("_", " "))


def excerpt(text: object, limit: int = EXCERPT) -> str:
    """The first ``limit`` characters of narrative text on one line, "…" where cut."""
    if not isinstance(text, str):
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _attrs(facts: Facts) -> Mapping[str, Any]:
    value = facts.payload.get("attributes")
    return value if isinstance(value, Mapping) else {}


def _join(head: str, parts: Sequence[str], sep: str = "; ") -> str:
    tail = sep.join(p for p in parts if p)
    return f"{head}{sep}{tail}" if tail else head


def _with_text(head: str, facts: Facts) -> str:
    text = excerpt(facts.payload.get("text"))
    return f"{head}: {text}" if text else head


def _place(location: object) -> str:
    """``Fir Tree Hotel (hotel)``, or the address or postcode when there is no name."""
    if not isinstance(location, Mapping):
        return ""
    label = location.get("name") or location.get("address") or location.get("postcode")
    kind = location.get("kind")
    if label and kind:
        return f"{label} ({words(kind)})"
    return str(label or (words(kind) if kind else ""))


def _clock(start: datetime, end: datetime) -> str:
    days = (end.date() - start.date()).days
    if days == 0:
        return end.strftime("%H:%M")
    if days == 1:
        return end.strftime("%H:%M next day")
    return end.strftime("%Y-%m-%d %H:%M")


def duration(start: datetime, end: datetime) -> str:
    """A rough length for reading: "40 min", "11 h", "3 days"."""
    minutes = max(0, round((end - start).total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def _others(count: int) -> str:
    return f"with {count} other" + ("" if count == 1 else "s")


def missing_episode(facts: Facts) -> str:
    attrs = _attrs(facts)
    start, end = facts.occurred_at, facts.ended_at
    head = "Absent" if attrs.get("absent_only") is True else "Missing"
    if end is None:
        head += f" from {start:%H:%M}, no return recorded"
    else:
        head += f" {start:%H:%M} → {_clock(start, end)} ({duration(start, end)})"
    found = _place(attrs.get("found_at"))
    with_refs = [r for r in attrs.get("found_with") or [] if str(r) not in facts.refs]
    if found or with_refs:
        where = f"found at {found}" if found else "found"
        head += f"; {where} {_others(len(with_refs))}" if with_refs else f"; {where}"
    parts = []
    if attrs.get("reported_by"):
        parts.append(f"reported by {words(attrs['reported_by'])}")
    interview = attrs.get("return_interview")
    if isinstance(interview, Mapping):
        if interview.get("done") is True:
            parts.append("return interview done")
        elif interview.get("offered") is True:
            parts.append("return interview offered, not done")
    return _join(head, parts)


def police_incident(facts: Facts) -> str:
    attrs = _attrs(facts)
    head = "Police incident"
    if attrs.get("category"):
        head += f": {words(attrs['category'])}"
    outcome = f"outcome {words(attrs['outcome'])}" if attrs.get("outcome") else ""
    return _join(head, [outcome])


def intelligence(facts: Facts) -> str:
    attrs = _attrs(facts)
    grade = f"{attrs.get('source_grade') or ''}{attrs.get('information_grade') or ''}"
    return _with_text(f"Intelligence (grade {grade})" if grade else "Intelligence", facts)


def referral(facts: Facts) -> str:
    attrs = _attrs(facts)
    head = "Referral"
    if attrs.get("referrer_sector"):
        head += f" from {words(attrs['referrer_sector'])}"
    outcome = f"outcome {words(attrs['outcome'])}" if attrs.get("outcome") else ""
    return _join(head, [outcome])


def assessment(facts: Facts) -> str:
    attrs = _attrs(facts)
    head = f"Assessment ({words(attrs['kind'])})" if attrs.get("kind") else "Assessment"
    outcome = f"outcome {words(attrs['outcome'])}" if attrs.get("outcome") else ""
    codes = facts.payload.get("codes") or []
    factors = f"factors {', '.join(str(c) for c in codes)}" if codes else ""
    return _join(head, [outcome, factors])


def case_note(facts: Facts) -> str:
    return _with_text("Case note", facts)


def strategy_meeting(facts: Facts) -> str:
    attrs = _attrs(facts)
    sectors = attrs.get("attendees_sectors") or []
    head = "Strategy meeting"
    if sectors:
        head += f" ({', '.join(words(s) for s in sectors)})"
    decision = f"decision {words(attrs['decision'])}" if attrs.get("decision") else ""
    return _join(head, [decision])


def placement(facts: Facts) -> str:
    attrs = _attrs(facts)
    kind = attrs.get("placement_type")
    head = f"Placement: {words(kind)}" if kind else "Placement"
    place = _place(attrs.get("location"))
    if place:
        head += f" at {place}"
    if facts.ended_at is not None:
        head += f" until {facts.ended_at:%Y-%m-%d}"
    return head


def health_attendance(facts: Facts) -> str:
    attrs = _attrs(facts)
    setting = attrs.get("setting")
    head = words(setting) if setting else "Health attendance"
    if head == setting:  # a setting Heron has no words for
        head = f"Health attendance ({head})"
    reasons = [words(r) for r in attrs.get("reasons") or []]
    return f"{head}: {', '.join(reasons)}" if reasons else _with_text(head, facts)


def school_attendance(facts: Facts) -> str:
    attrs = _attrs(facts)
    start, end = attrs.get("period_start"), attrs.get("period_end")
    head = "School attendance"
    if start and end:
        head += f" {start}–{end}"
    possible, missed = attrs.get("sessions_possible"), attrs.get("sessions_missed")
    if isinstance(possible, int) and isinstance(missed, int):
        share = f" ({round(100 * missed / possible)}%)" if possible > 0 else ""
        head += f": {missed} of {possible} sessions missed{share}"
    unauthorised = attrs.get("unauthorised")
    return _join(head, [f"{unauthorised} unauthorised" if unauthorised else ""], ", ")


def exclusion(facts: Facts) -> str:
    attrs = _attrs(facts)
    kind = {"fixed": "Fixed-term exclusion", "permanent": "Permanent exclusion"}
    head = kind.get(str(attrs.get("kind")), "Exclusion")
    days = attrs.get("days")
    if days:
        head += f": {days} day" + ("" if days == 1 else "s")
    return _join(head, [excerpt(facts.payload.get("text"))])


def disclosure(facts: Facts) -> str:
    attrs = _attrs(facts)
    head = f"Disclosure to {words(attrs['to_role'])}" if attrs.get("to_role") else "Disclosure"
    if attrs.get("retracted") is True:
        head += " (later withdrawn)"
    return _with_text(head, facts)


def _vehicles(facts: Facts) -> str:
    found = []
    for vehicle in facts.payload.get("vehicles") or []:
        if isinstance(vehicle, Mapping):
            bits = [vehicle.get(k) for k in ("registration", "colour", "make", "model")]
            found.append(" ".join(str(b) for b in bits if b))
    return ", ".join(v for v in found if v)


def vehicle_sighting(facts: Facts) -> str:
    how = _attrs(facts).get("how")
    head = f"Vehicle sighting ({words(how)})" if how else "Vehicle sighting"
    vehicles = _vehicles(facts)
    place = _place(facts.payload.get("location"))
    return _join(f"{head}: {vehicles}" if vehicles else head, [f"at {place}" if place else ""])


def business_report(facts: Facts) -> str:
    kind = _attrs(facts).get("business_kind")
    return _with_text(f"Report from {words(kind)}" if kind else "Business report", facts)


def helpline_contact(facts: Facts) -> str:
    attrs = _attrs(facts)
    head = "Helpline contact"
    if attrs.get("caller_kind"):
        head += f" from {words(attrs['caller_kind'])}"
    if attrs.get("anonymous") is True:
        head += " (anonymous)"
    return _with_text(head, facts)


def _name_of(facts: Facts, ref: object) -> str:
    for index, person in enumerate(facts.payload.get("persons") or []):
        if isinstance(person, Mapping) and str(person.get("ref", index)) == str(ref):
            names = [person.get("given_name"), person.get("family_name")]
            return " ".join(str(n) for n in names if n) or "an unnamed person"
    return ""


def disruption(facts: Facts) -> str:
    attrs = _attrs(facts)
    head = f"Disruption: {words(attrs['action'])}" if attrs.get("action") else "Disruption"
    against = attrs.get("against")
    if against is not None:
        name = "this person" if str(against) in facts.refs else _name_of(facts, against)
        head += f" against {name}" if name else ""
    return head


def generic(facts: Facts) -> str:
    """Any other type: its name, then the text, else the attributes as ``key value``."""
    head = words(facts.type).capitalize()
    if excerpt(facts.payload.get("text")):
        return _with_text(head, facts)
    attrs = _attrs(facts)
    simple = [f"{words(k)} {words(v)}" for k, v in attrs.items() if isinstance(v, str | int)]
    return f"{head}: {', '.join(simple)}" if simple else head


SUMMARISERS: dict[str, Callable[[Facts], str]] = {
    "missing_episode": missing_episode,
    "police_incident": police_incident,
    "intelligence": intelligence,
    "referral": referral,
    "assessment": assessment,
    "case_note": case_note,
    "strategy_meeting": strategy_meeting,
    "placement": placement,
    "health_attendance": health_attendance,
    "school_attendance": school_attendance,
    "exclusion": exclusion,
    "disclosure": disclosure,
    "vehicle_sighting": vehicle_sighting,
    "business_report": business_report,
    "helpline_contact": helpline_contact,
    "disruption": disruption,
}


def summarise(facts: Facts) -> str:
    """The one-line summary of a record for its type (``generic`` for any other type)."""
    return SUMMARISERS.get(facts.type, generic)(facts)
