"""Identity noise: how each agency writes down a true person, vehicle, phone or place.

Each agency keeps its own view of a person (its ``local_id``, its spelling of the name, its
date of birth, right or wrong); on top of that every record adds a little noise of its own.
Everything is drawn from the caller's seeded ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from heron.synth import names
from heron.synth.identifiers import corrupt_digits, nhs_is_valid, upn_is_valid
from heron.synth.objects import COLOUR_CONFUSIONS, Phone, Vehicle
from heron.synth.places import Agency, Location
from heron.synth.population import Person


@dataclass(frozen=True, slots=True)
class Style:
    """How carefully an agency records people (probabilities per person or per record)."""

    id_prefix: str
    nickname: float
    misspell: float
    dob_missing: float
    dob_wrong: float
    age_instead: float
    surname_missing: float
    address: float
    nhs: float
    upn: float
    duplicate_id: float = 0.0


STYLES: dict[str, Style] = {
    "police": Style("WSP-P", 0.10, 0.07, 0.10, 0.06, 0.10, 0.04, 0.6, 0.0, 0.0, 0.03),
    "social_care": Style("CSC", 0.04, 0.03, 0.02, 0.03, 0.0, 0.01, 0.8, 0.3, 0.7, 0.005),
    "hospital": Style("RWG", 0.03, 0.04, 0.01, 0.04, 0.0, 0.02, 0.9, 0.9, 0.0, 0.02),
    "clinic": Style("GUM", 0.12, 0.05, 0.05, 0.06, 0.0, 0.15, 0.4, 0.35, 0.0, 0.05),
    "school": Style("ADM", 0.0, 0.01, 0.0, 0.01, 0.0, 0.0, 0.0, 0.0, 1.0),
    "youth": Style("YS", 0.25, 0.08, 0.5, 0.05, 0.3, 0.2, 0.0, 0.0, 0.0),
    "hotel": Style("", 0.2, 0.1, 1.0, 0.0, 0.0, 0.3, 0.0, 0.0, 0.0),
    "taxi": Style("", 0.3, 0.1, 1.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0),
    "helpline": Style("", 0.4, 0.05, 1.0, 0.0, 0.6, 0.7, 0.0, 0.0, 0.0),
}


@dataclass(slots=True)
class View:
    """One agency's settled record of one person."""

    given: str
    family: str | None
    dob: str | None
    local_id: str | None
    nhs: str | None
    upn: str | None


# Chance that one record misspells a name the agency usually spells its own way.
_RECORD_MISSPELL = {"police": 0.03, "school": 0.0, "hospital": 0.01, "social_care": 0.01}

PHONE_FORMATS = ("{a} {b}", "+44 {a1} {b}", "44{a1}{b}", "{a}-{b1}-{b2}", "{a}{b}", "({a}) {b}")


def format_phone(rng: random.Random, national: str) -> str:
    """A fictional UK number written the way people write it (``07700 900123``, ``+44 7700…``)."""
    a, b = national[:5], national[5:]
    fmt = rng.choice(PHONE_FORMATS)
    return fmt.format(a=a, b=b, a1=a[1:], b1=b[:3], b2=b[3:])


def plate_as_recorded(rng: random.Random, plate: str, partial: float, confuse: float) -> str:
    """A registration as written: spacing, O/0 and I/1 confusions, partial with ``?``."""
    compact = plate.replace(" ", "")
    if rng.random() < confuse:
        swaps = {"O": "0", "0": "O", "I": "1", "1": "I", "S": "5", "5": "S", "B": "8", "8": "B"}
        spots = [i for i, c in enumerate(compact) if c in swaps]
        if spots:
            i = rng.choice(spots)
            compact = compact[:i] + swaps[compact[i]] + compact[i + 1 :]
    if rng.random() < partial:
        chars = list(compact)
        for i in rng.sample(range(len(chars)), k=min(len(chars) - 1, rng.randint(1, 3))):
            chars[i] = "?"
        compact = "".join(chars)
    if rng.random() < 0.6:
        compact = compact[:-3] + " " + compact[-3:]
    return compact.lower() if rng.random() < 0.03 else compact


def address_as_recorded(rng: random.Random, loc: Location) -> tuple[str, str | None]:
    address = loc.address
    if rng.random() < 0.25:
        for long, short in names.STREET_ABBREVIATIONS.items():
            if f" {long}," in address:
                address = address.replace(f" {long},", f" {short},")
                break
    if rng.random() < 0.2:
        address = address.rsplit(",", 1)[0]
    if rng.random() < 0.05:
        address = address.upper()
    roll = rng.random()
    pc: str | None = loc.postcode
    if roll < 0.08:
        pc = None
    elif roll < 0.18:
        pc = loc.postcode.replace(" ", "")
    elif roll < 0.22:
        pc = loc.postcode.lower()
    return address, pc


# Mistakes and changes drawn from their own random stream (``Renderer.changes``), so the
# rest of each record is written as it was before they were added.
SEX_MISKEYED = 0.004  # a mention gives the other sex
NAMES_SWAPPED = 0.004  # given and family name entered the wrong way round
KEPT_OLD_NUMBER = 0.2  # after a number changed, a record still gives the old one
RENAMED = 0.8  # after a family name change, an agency writes the new name


class Renderer:
    """Turns true persons and objects into records-v1 mention dictionaries."""

    def __init__(self, rng: random.Random, changes: random.Random | None = None) -> None:
        self.rng = rng
        self.changes = changes if changes is not None else random.Random(0)
        self._views: dict[tuple[str, str], View] = {}
        self._ids: dict[str, int] = {}
        self._renamed: dict[tuple[str, str], bool] = {}

    def _local_id(self, agency: Agency, style: Style) -> str | None:
        if not style.id_prefix:
            return None
        n = self._ids.get(agency.code, 0) + 1
        self._ids[agency.code] = n
        if agency.style == "school":
            return f"{style.id_prefix}{agency.establishment}{n:05d}"
        return f"{style.id_prefix}{n:07d}"

    def view(self, person: Person, agency: Agency) -> View:
        key = (person.pid, agency.code)
        view = self._views.get(key)
        if view is None:
            view = self._new_view(person, agency)
            self._views[key] = view
        return view

    def _new_view(self, person: Person, agency: Agency) -> View:
        rng = self.rng
        style = STYLES[agency.style]
        given = person.given
        roll = rng.random()
        if roll < style.nickname:
            given = names.nickname(rng, given) or given
        elif roll < style.nickname + style.misspell:
            given = names.misspell(rng, given)
        family: str | None = person.family
        roll = rng.random()
        if roll < style.surname_missing:
            family = None
        elif roll < style.surname_missing + style.misspell:
            family = names.misspell(rng, person.family)
        nhs = person.nhs if person.nhs and rng.random() < style.nhs else None
        if nhs and rng.random() < 0.01:
            nhs = corrupt_digits(rng, nhs, nhs_is_valid)
        upn = person.upn if person.upn and rng.random() < style.upn else None
        if upn is not None and rng.random() < 0.01:
            letter = upn[0]
            upn = letter + corrupt_digits(rng, upn[1:], lambda v: upn_is_valid(letter + v))
        return View(
            given, family, self._dob(person.dob, style), self._local_id(agency, style), nhs, upn
        )

    def _dob(self, dob: date, style: Style) -> str | None:
        rng = self.rng
        roll = rng.random()
        if roll < style.dob_missing:
            return None
        if roll < style.dob_missing + style.dob_wrong:
            kind = rng.randrange(4)
            if kind == 0 and dob.day <= 12 and dob.month <= 12 and dob.day != dob.month:
                return date(dob.year, dob.day, dob.month).isoformat()  # day and month swapped
            if kind == 1:
                return dob.replace(day=min(28, max(1, dob.day + rng.choice((-1, 1))))).isoformat()
            if kind == 2:
                return f"{dob.year:04d}-{dob.month:02d}"
            return dob.replace(
                year=dob.year + rng.choice((-1, 1)), day=min(dob.day, 28)
            ).isoformat()
        return dob.isoformat()

    def person(
        self,
        person: Person,
        agency: Agency,
        role: str,
        when: date,
        detail: str,
        ref: str | None,
        address: Location | None,
    ) -> dict[str, Any]:
        """One mention. ``detail`` is full, basic, brief, alias or anon."""
        rng = self.rng
        style = STYLES[agency.style]
        view = self.view(person, agency)
        m: dict[str, Any] = {}
        if ref is not None:
            m["ref"] = ref
        m["role"] = role
        given: str | None = view.given
        family = view.family
        if detail in ("alias", "anon", "brief"):
            if detail == "alias" and rng.random() < 0.6:
                given = None
            if rng.random() < (0.85 if detail != "brief" else 0.4):
                family = None
        if given is not None and rng.random() < _RECORD_MISSPELL.get(agency.style, 0.01):
            given = names.misspell(rng, given)
        family = self._family_at(person, agency, family, when)
        if given and family and agency.style != "school" and self.changes.random() < NAMES_SWAPPED:
            given, family = family, given
        if given is not None:
            m["given_name"] = given
        if family is not None:
            m["family_name"] = family
        if person.aliases and (detail == "alias" or rng.random() < 0.3):
            m["aliases"] = rng.sample(person.aliases, k=min(len(person.aliases), rng.randint(1, 2)))
        if detail in ("full", "basic"):
            if view.dob is not None and rng.random() >= style.age_instead:
                m["date_of_birth"] = view.dob
            elif agency.style != "school":
                m["age"] = self._stated_age(person, when)
        elif rng.random() < 0.6:
            m["age"] = self._stated_age(person, when)
        m["sex"] = person.sex if rng.random() > 0.02 else "U"
        if m["sex"] != "U" and self.changes.random() < SEX_MISKEYED:
            m["sex"] = "F" if m["sex"] == "M" else "M"
        if detail == "full" and address is not None and rng.random() < style.address:
            m["address"], pc = address_as_recorded(rng, address)
            if pc is not None:
                m["postcode"] = pc
        if detail in ("full", "basic"):
            ids = self._identifiers(person, agency, view, style, role)
            if ids:
                m["identifiers"] = ids
        if detail == "alias":
            m["description"] = self._description(person, when)
        return m

    def _family_at(
        self, person: Person, agency: Agency, family: str | None, when: date
    ) -> str | None:
        """The family name an agency writes on ``when``: after a change, most agencies that
        had the old name write the new one (each decides once)."""
        change = person.family_change
        if change is None or family != person.family or when < change[0]:
            return family
        key = (person.pid, agency.code)
        if key not in self._renamed:
            self._renamed[key] = self.changes.random() < RENAMED
        return change[1] if self._renamed[key] else family

    def phone_at(self, phone: Phone, when: date) -> Phone:
        """The number a record gives on ``when``: the newest by then, though now and then
        a record still gives the number it replaced."""
        new = phone.successor
        if new is None or phone.changed_on is None or when < phone.changed_on:
            return phone
        return phone if self.changes.random() < KEPT_OLD_NUMBER else self.phone_at(new, when)

    def _identifiers(
        self, person: Person, agency: Agency, view: View, style: Style, role: str
    ) -> dict[str, str]:
        ids: dict[str, str] = {}
        if view.local_id is not None:
            if self.rng.random() < style.duplicate_id:  # a second person record for them
                ids["local_id"] = self._local_id(agency, style) or view.local_id
            else:
                ids["local_id"] = view.local_id
        if view.nhs is not None:
            ids["nhs_number"] = view.nhs
        if view.upn is not None:
            ids["upn"] = view.upn
        if person.pnc is not None and agency.style == "police" and role != "reporter":
            ids["pnc_id"] = person.pnc
        return ids

    def _stated_age(self, person: Person, when: date) -> int:
        age = person.age_at(when)
        if not person.is_child or age >= 18:
            age += self.rng.choice((-3, -2, -1, 0, 0, 0, 1, 2, 3))
        elif self.rng.random() < 0.15:
            age += self.rng.choice((-1, 1))
        return max(age, 0)

    def _description(self, person: Person, when: date) -> str:
        rng = self.rng
        age = person.age_at(when)
        lo = max(16, age - rng.randint(2, 5))
        build = rng.choice(("slim", "stocky", "medium", "heavy", "tall", "short"))
        hair = rng.choice(
            (
                "short dark hair",
                "shaved head",
                "light brown hair",
                "black hair",
                "fair hair",
                "a beard",
                "glasses",
            )
        )
        word = "male" if person.sex == "M" else "female"
        return f"{word}, about {lo}-{lo + rng.randint(5, 10)}, {build} build, {hair}"

    def phone(self, phone: Phone, role: str) -> dict[str, Any]:
        return {"number": format_phone(self.rng, phone.national), "role": role}

    def vehicle(
        self, vehicle: Vehicle, role: str, partial: float, confuse: float = 0.05
    ) -> dict[str, Any]:
        rng = self.rng
        v: dict[str, Any] = {
            "registration": plate_as_recorded(rng, vehicle.registration, partial, confuse)
        }
        if rng.random() < 0.8:
            v["make"] = vehicle.make
            if rng.random() < 0.6:
                v["model"] = vehicle.model
        if rng.random() < 0.85:
            colour = vehicle.colour
            if rng.random() < 0.12:
                colour = COLOUR_CONFUSIONS.get(colour, colour)
            v["colour"] = colour
        v["role"] = role
        return v

    def location(self, loc: Location, precise: bool) -> dict[str, Any]:
        rng = self.rng
        out: dict[str, Any] = {}
        if loc.name:
            out["name"] = loc.name
        if precise or not loc.name or rng.random() < 0.5:
            out["address"], pc = address_as_recorded(rng, loc)
            if pc is not None:
                out["postcode"] = pc
        if precise:
            out["lat"] = loc.lat
            out["lon"] = loc.lon
        out["kind"] = loc.kind
        return out
