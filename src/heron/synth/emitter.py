"""Builds each records-v1 record, writes it, writes the truth of every mention in it, feeds
the discovery tracker, and now and then amends it (a re-issue or a superseding record).

This is the one place that knows the record layout; generators describe *what happened*
(who, where, which objects) and the emitter writes it the way the agency would.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from heron.synth.noise import Renderer
from heron.synth.objects import Handle, Phone, Vehicle
from heron.synth.places import Agency, Location
from heron.synth.population import Person
from heron.synth.truth import Tracker, is_concern
from heron.synth.writer import JsonlGzWriter, RecordSink

TextArg = str | Callable[[dict[str, str]], str] | None

_REF_STYLES = frozenset({"police", "social_care", "youth", "hotel", "taxi", "helpline"})
_TITLES = {
    "police": ("PC", "PC", "DC", "PS"),
    "social_care": ("Social worker", "Social worker", "Senior practitioner", "Team manager"),
    "hospital": ("ED nurse", "ED doctor", "Triage nurse"),
    "clinic": ("Health adviser", "Sexual health nurse"),
    "school": ("Designated safeguarding lead", "Head of year", "Attendance officer"),
    "youth": ("Youth worker",),
    "hotel": ("Duty manager", "Night porter"),
    "taxi": ("Controller", "Driver"),
    "helpline": ("Counsellor",),
}
_REISSUE = {
    "missing_episode": 0.012,
    "police_incident": 0.004,
    "referral": 0.004,
    "assessment": 0.006,
    "case_note": 0.003,
    "health_attendance": 0.002,
    "placement": 0.01,
    "school_attendance": 0.0015,
    "disclosure": 0.02,
}
_SUPERSEDE = {
    "police_incident": 0.004,
    "assessment": 0.006,
    "referral": 0.003,
    "case_note": 0.002,
    "intelligence": 0.004,
    "health_attendance": 0.001,
}


_PLAIN = frozenset({str, int, float, bool, dict})


@dataclass(slots=True)
class M:
    """A person to mention: who, in what role, how fully, and the phone written against them."""

    person: Person
    role: str
    detail: str = "full"
    phone: Phone | None = None


def iso(value: date | datetime) -> str:
    return value.isoformat()


class Emitter:
    """Writes records for every generator; see the module docstring."""

    def __init__(
        self,
        rng: random.Random,
        renderer: Renderer,
        sink: RecordSink,
        mentions: JsonlGzWriter,
        tracker: Tracker,
        staff: dict[str, list[Person]],
        start: date,
        end: date,
    ) -> None:
        self.rng = rng
        self.render = renderer
        self.sink = sink
        self.mentions = mentions
        self.tracker = tracker
        self.staff = staff
        self.start_dt = datetime.combine(start, time(0, 0))
        self.end_dt = datetime.combine(end, time(23, 59, 59))
        self._serial: dict[str, int] = {}
        self.mention_count = 0

    def new_id(self, agency: Agency, prefix: str, year: int) -> str:
        n = self._serial.get(agency.code, 0) + 1
        self._serial[agency.code] = n
        return f"{prefix}-{year}-{n:07d}"

    def emit(
        self,
        agency: Agency,
        rtype: str,
        prefix: str,
        occurred: date | datetime,
        recorded: datetime,
        persons: Sequence[M] = (),
        *,
        ended: date | datetime | None = None,
        location: Location | None = None,
        precise: bool = True,
        vehicles: Sequence[tuple[Vehicle, str, float]] = (),
        phones: Sequence[tuple[Phone, str]] = (),
        online: Sequence[tuple[Handle, str]] = (),
        codes: list[str] | None = None,
        attributes: dict[str, Any] | None = None,
        text: TextArg = None,
        amend: str | None = None,
        by: bool = True,
    ) -> str | None:
        """Write one record (unless it falls outside the window); returns its id."""
        if isinstance(occurred, datetime):
            occurred = occurred_dt = occurred.replace(second=0, microsecond=0)
        else:
            occurred_dt = datetime.combine(occurred, time(0, 0))
        if isinstance(ended, datetime):
            ended = ended.replace(second=0, microsecond=0)
        if recorded > self.end_dt or occurred_dt < self.start_dt:
            return None
        rid = self.new_id(agency, prefix, occurred.year)
        when = occurred_dt.date()
        rec: dict[str, Any] = {
            "id": rid,
            "agency": agency.code,
            "sector": agency.sector,
            "type": rtype,
            "occurred_at": iso(occurred),
        }
        if ended is not None and _as_dt(ended) <= self.end_dt:
            rec["ended_at"] = iso(ended)
        rec["recorded_at"] = iso(recorded)
        if by:
            rec["recorded_by"] = self._author(agency)
        truth: list[tuple[str, str, str]] = []
        objects: list[str] = []
        if location is not None:
            rec["location"] = self.render.location(location, precise)
            truth.append(("location", "location", location.lid))
            objects.append(location.lid)
        refs, shown, pids = self._persons(rec, agency, persons, when, truth, objects)
        if vehicles:
            rec["vehicles"] = [
                self.render.vehicle(v, role, partial) for v, role, partial in vehicles
            ]
            for i, (v, _, _) in enumerate(vehicles):
                truth.append((f"vehicle{i}", "vehicle", v.vid))
                objects.append(v.vid)
        if phones:
            rec["phones"] = [self.render.phone(p, role) for p, role in phones]
            for i, (p, _) in enumerate(phones):
                truth.append((f"phone{i}", "phone", p.phid))
                objects.append(p.phid)
        if online:
            rec["online"] = [
                {"platform": h.platform, "handle": h.handle, "role": role} for h, role in online
            ]
            for i, (h, _) in enumerate(online):
                truth.append((f"online{i}", "handle", h.ohid))
                objects.append(h.ohid)
        if codes:
            rec["codes"] = codes
        if attributes:
            rec["attributes"] = self._attributes(attributes, refs, truth, objects)
        if text is not None:
            rec["text"] = (
                text
                if isinstance(text, str)
                else text({pid: _display(rec["persons"][i]) for pid, i in shown.items()})
            )
        self._write(rec, truth, recorded, pids, objects, attributes, codes)
        self._maybe_amend(rec, truth, recorded, pids, objects, attributes, codes, amend)
        return rid

    def _author(self, agency: Agency) -> dict[str, str]:
        author = self.rng.choice(self.staff[agency.code])
        return {
            "name": f"{author.given} {author.family}",
            "role": self.rng.choice(_TITLES[agency.style]),
        }

    def _persons(
        self,
        rec: dict[str, Any],
        agency: Agency,
        persons: Sequence[M],
        when: date,
        truth: list[tuple[str, str, str]],
        objects: list[str],
    ) -> tuple[dict[str, str], dict[str, int], list[str]]:
        use_refs = agency.style in _REF_STYLES
        refs: dict[str, str] = {}
        shown: dict[str, int] = {}
        pids: list[str] = []
        out: list[dict[str, Any]] = []
        for i, m in enumerate(persons):
            ref = f"p{i + 1}" if use_refs else None
            suffix = ref or str(i)
            home = m.person.address_at(when) if m.detail == "full" else None
            md = self.render.person(m.person, agency, m.role, when, m.detail, ref, home)
            if m.phone is not None and m.detail != "anon":
                phone = self.render.phone_at(m.phone, when)
                md["phone"] = self.render.phone(phone, "")["number"]
                truth.append((f"{suffix}.phone", "phone", phone.phid))
                objects.append(phone.phid)
            out.append(md)
            truth.append((suffix, "person", m.person.pid))
            if "address" in md and home is not None:
                truth.append((f"{suffix}.address", "address", home.lid))
                objects.append(home.lid)
            refs[m.person.pid] = suffix
            shown[m.person.pid] = i
            pids.append(m.person.pid)
        rec["persons"] = out
        return refs, shown, pids

    def _attributes(
        self,
        attributes: dict[str, Any],
        refs: dict[str, str],
        truth: list[tuple[str, str, str]],
        objects: list[str],
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in attributes.items():
            if type(value) in _PLAIN:
                out[name] = value
            elif isinstance(value, Location):
                out[name] = self.render.location(value, self.rng.random() < 0.5)
                truth.append((f"attributes.{name}", "location", value.lid))
                objects.append(value.lid)
            elif isinstance(value, Person):
                if value.pid in refs:
                    out[name] = refs[value.pid]
            elif isinstance(value, list) and value and isinstance(value[0], Person):
                out[name] = [refs[p.pid] for p in value if p.pid in refs]
            else:
                out[name] = value
        return out

    def _write(
        self,
        rec: dict[str, Any],
        truth: list[tuple[str, str, str]],
        recorded: datetime,
        pids: list[str],
        objects: list[str],
        attributes: dict[str, Any] | None,
        codes: list[str] | None,
    ) -> None:
        self.sink.write(rec)
        base = f"{rec['agency']}:{rec['id']}"
        for suffix, kind, true_id in truth:
            self.mentions.write({"key": f"{base}#{suffix}", "kind": kind, "truth": true_id})
        self.mention_count += len(truth)
        occurred = date.fromisoformat(rec["occurred_at"][:10])
        by_ref = {m.get("ref") or str(i): m for i, m in enumerate(rec.get("persons") or ())}
        named = frozenset(
            true_id
            for suffix, kind, true_id in truth
            if kind == "person"
            and (m := by_ref.get(suffix)) is not None
            and (m.get("family_name") or m.get("date_of_birth"))
        )
        concern = is_concern(rec["type"], attributes, codes)
        self.tracker.observe(base, occurred, recorded, pids, objects, concern, named)

    def _maybe_amend(
        self,
        rec: dict[str, Any],
        truth: list[tuple[str, str, str]],
        recorded: datetime,
        pids: list[str],
        objects: list[str],
        attributes: dict[str, Any] | None,
        codes: list[str] | None,
        amend: str | None,
    ) -> None:
        rng = self.rng
        rtype = rec["type"]
        if amend is None:
            roll = rng.random()
            if roll < _REISSUE.get(rtype, 0.0):
                amend = "reissue"
            elif roll < _REISSUE.get(rtype, 0.0) + _SUPERSEDE.get(rtype, 0.0):
                amend = "supersede"
        if amend not in ("reissue", "supersede"):
            return
        later = recorded + timedelta(hours=rng.uniform(6, 24 * 40))
        if later > self.end_dt:
            return
        new = copy.deepcopy(rec)
        new["recorded_at"] = iso(later.replace(microsecond=0, second=0))
        _change(rng, new)
        if amend == "reissue":
            self.sink.write_reissue(new)
            return
        agency_code = rec["agency"]
        prefix = rec["id"].split("-", 1)[0]
        serial = self._serial.get(agency_code, 0) + 1
        self._serial[agency_code] = serial
        new["id"] = f"{prefix}-{rec['occurred_at'][:4]}-{serial:07d}"
        new["supersedes"] = rec["id"]
        self._write(new, truth, later, pids, objects, attributes, new.get("codes", codes))


def _change(rng: random.Random, rec: dict[str, Any]) -> None:
    """Alter an amended record's content the way a correction would."""
    rtype = rec["type"]
    attrs = rec.get("attributes")
    if rtype == "missing_episode" and isinstance(attrs, dict):
        interview = attrs.setdefault("return_interview", {"offered": True})
        interview["offered"] = True
        interview["done"] = True
        interview["date"] = rec["recorded_at"][:10]
        rec["text"] = (
            rec.get("text", "") + " Return interview completed; "
            "did not want to say where they had been."
        ).strip()
    elif rtype == "assessment":
        codes = [c for c in rec.get("codes", []) if c != "21"]
        extra = rng.choice(("10A", "4A", "14A", "16A", "1A"))
        rec["codes"] = codes + ([extra] if extra not in codes else [])
    elif rtype == "school_attendance" and isinstance(attrs, dict):
        # A late-marked register: sessions are re-coded as present (or, if none, as missed).
        missed, step = attrs["sessions_missed"], rng.randint(1, 4)
        fixed = missed - step if missed >= step else min(attrs["sessions_possible"], missed + step)
        attrs["sessions_missed"] = fixed
        attrs["unauthorised"] = min(attrs["unauthorised"], fixed)
    elif rtype == "disclosure" and isinstance(attrs, dict):
        attrs["retracted"] = True
        rec["text"] = (
            rec.get("text", "") + " Has since withdrawn what was said and does "
            "not want anything to happen."
        ).strip()
    elif rtype == "placement" and isinstance(attrs, dict):
        rec["text"] = (rec.get("text", "") + " Placement plan updated.").strip()
    else:
        persons = rec.get("persons") or []
        if persons and "given_name" in persons[0] and rng.random() < 0.5:
            persons[0]["given_name"] = persons[0]["given_name"].upper()
        rec["text"] = (rec.get("text", "") + " Entry corrected after review.").strip()


def _display(mention: dict[str, Any]) -> str:
    parts = [mention.get("given_name"), mention.get("family_name")]
    shown = " ".join(p for p in parts if p)
    if shown:
        return shown
    aliases = mention.get("aliases")
    if aliases:
        return f"'{aliases[0]}'"
    return "an unknown male" if mention.get("sex") == "M" else "an unknown person"


def _as_dt(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0, 0))
