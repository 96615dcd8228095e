"""The true population: households of children and parents, other adults, professionals.

Holds every true person in memory (records are streamed, people are not), together with the
vehicles, phones and handles they own and the care placements planned for looked-after
children. Names come from the one shared distribution in ``names``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from heron.synth import names
from heron.synth.identifiers import PhonePool, nhs_number, registration, upn
from heron.synth.objects import PLATFORMS, Handle, Phone, Vehicle, handle_text, make_model
from heron.synth.places import Agency, County, Location


@dataclass(slots=True)
class Placement:
    start: date
    end: date | None
    location: Location
    kind: str  # placement_type in records-v1
    carers: list[Person] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Person:
    """A true person; ``pid`` is the ground-truth id (``T000123``)."""

    pid: str
    sex: str
    given: str
    family: str
    dob: date
    is_child: bool
    role: str
    home: Location
    household: str | None = None
    nhs: str | None = None
    upn: str | None = None
    pnc: str | None = None
    phones: list[Phone] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    handles: list[Handle] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    primary: Agency | None = None
    secondary: Agency | None = None
    stays_on: bool = False
    placements: list[Placement] = field(default_factory=list)
    absence: float = 0.04
    groups: list[str] = field(default_factory=list)
    exploit_from: date | None = None
    exploit_to: date | None = None
    exploit_level: float = 0.0
    family_change: tuple[date, str] | None = None  # from when, the new family name

    def address_at(self, when: date) -> Location:
        for p in self.placements:
            if p.start <= when and (p.end is None or when < p.end):
                return p.location
        return self.home

    def placement_at(self, when: date) -> Placement | None:
        for p in self.placements:
            if p.start <= when and (p.end is None or when < p.end):
                return p
        return None

    def age_at(self, when: date) -> int:
        years = when.year - self.dob.year
        return years - ((when.month, when.day) < (self.dob.month, self.dob.day))

    def exploited_on(self, when: date) -> bool:
        return (
            self.exploit_from is not None
            and self.exploit_to is not None
            and self.exploit_from <= when <= self.exploit_to
        )


@dataclass(slots=True)
class Household:
    hid: str
    home: Location
    adults: list[Person]
    children: list[Person]
    landline: Phone | None = None


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def random_date(rng: random.Random, lo: date, hi: date) -> date:
    span = (hi - lo).days
    return lo + timedelta(days=rng.randint(0, max(span, 0)))


class Population:
    """Every true person, object and household; grows as networks and decoys are planned."""

    def __init__(self, rng: random.Random, county: County, start: date, end: date) -> None:
        self.rng = rng
        self.county = county
        self.start = start
        self.end = end
        self.persons: list[Person] = []
        self.households: list[Household] = []
        self.children: list[Person] = []
        self.community: list[Person] = []
        self.vehicles: list[Vehicle] = []
        self.phones: list[Phone] = []
        self.handles: list[Handle] = []
        self.staff: dict[str, list[Person]] = {}
        self.foster_homes: list[tuple[Location, list[Person]]] = []
        self.home_staff: dict[str, list[Person]] = {}
        self.phone_pool = PhonePool(rng)
        self._plates: set[str] = set()
        self._nhs_seen: set[str] = set()
        self._upn_serials: dict[tuple[int, int], int] = {}

    # --- creating things -------------------------------------------------------------
    def new_person(
        self,
        sex: str,
        dob: date,
        role: str,
        home: Location,
        family: str | None = None,
        is_child: bool | None = None,
    ) -> Person:
        rng = self.rng
        child = is_child if is_child is not None else dob > add_years(self.start, -18)
        person = Person(
            pid=f"T{len(self.persons) + 1:06d}",
            sex=sex,
            given=names.given_name(rng, sex),
            family=family or names.family_name(rng),
            dob=dob,
            is_child=child,
            role=role,
            home=home,
            nhs=self._unique_nhs(),
        )
        self.persons.append(person)
        return person

    def _unique_nhs(self) -> str:
        while True:
            number = nhs_number(self.rng)
            if number not in self._nhs_seen:
                self._nhs_seen.add(number)
                return number

    def new_vehicle(self, owner: Person | None, first_registered: int | None = None) -> Vehicle:
        rng = self.rng
        year = first_registered or rng.randint(1995, self.start.year + 1)
        while True:
            plate = registration(rng, year)
            if plate not in self._plates:
                break
        self._plates.add(plate)
        make, model, colour = make_model(rng)
        vehicle = Vehicle(
            f"V{len(self.vehicles) + 1:05d}",
            plate,
            make,
            model,
            colour,
            owner.pid if owner else None,
        )
        self.vehicles.append(vehicle)
        if owner is not None:
            owner.vehicles.append(vehicle)
        return vehicle

    def new_phone(self, holder: Person | None, mobile: bool = True) -> Phone | None:
        number = self.phone_pool.mobile() if mobile else self.phone_pool.landline()
        if number is None:
            return None
        phone = Phone(f"PH{len(self.phones) + 1:05d}", number, holder.pid if holder else None)
        self.phones.append(phone)
        if holder is not None:
            holder.phones.append(phone)
        return phone

    def new_handle(self, holder: Person) -> Handle:
        rng = self.rng
        alias = holder.aliases[0] if holder.aliases else None
        handle = Handle(
            f"OH{len(self.handles) + 1:05d}",
            rng.choice(PLATFORMS),
            handle_text(rng, holder.given, alias),
            holder.pid,
        )
        self.handles.append(handle)
        holder.handles.append(handle)
        return handle

    def adult_dob(self, lo_age: int, hi_age: int) -> date:
        lo = add_years(self.start, -hi_age)
        hi = add_years(self.start, -lo_age)
        return random_date(self.rng, lo, hi)

    # --- the background population ---------------------------------------------------
    def build(self, n_children: int) -> None:
        """Households until ``n_children`` children exist, then community adults and staff."""
        rng = self.rng
        lo_dob = add_years(self.start, -17)
        hi_dob = add_years(self.end, -3)
        while len(self.children) < n_children:
            self._household(rng, lo_dob, hi_dob, n_children - len(self.children))
        for _ in range(max(4, n_children // 3)):
            adult = self.new_person(
                rng.choice("FM"),
                self.adult_dob(18, 60),
                "background",
                self.county.home(flat=rng.random() < 0.5),
                is_child=False,
            )
            if rng.random() < 0.3:
                self.new_vehicle(adult)
            self.community.append(adult)
        self._staff(n_children)

    def _household(self, rng: random.Random, lo: date, hi: date, wanted: int) -> None:
        town = rng.choice(self.county.towns)
        home = self.county.home(town, flat=rng.random() < 0.25)
        family = names.family_name(rng)
        hid = f"HH{len(self.households) + 1:06d}"
        n_kids = min(wanted, rng.choices((1, 2, 3, 4), (35, 40, 17, 8))[0])
        first = random_date(rng, lo, hi)
        mother = self.new_person(
            "F",
            add_years(first, -rng.randint(19, 38)),
            "parent",
            home,
            family if rng.random() < 0.8 else None,
            is_child=False,
        )
        adults = [mother]
        if rng.random() < 0.62:
            father = self.new_person(
                "M",
                add_years(mother.dob, -rng.randint(0, 6)),
                "parent",
                home,
                family,
                is_child=False,
            )
            adults.append(father)
        kids: list[Person] = []
        dob = first
        for i in range(n_kids):
            twin = i > 0 and rng.random() < 0.03  # twins share a birthday and a surname
            if i and not twin:
                dob = dob + timedelta(days=rng.randint(300, 1900))
            if dob > hi:
                break
            kid_family = (
                kids[-1].family
                if twin
                else family
                if rng.random() < 0.9
                else names.family_name(rng)
            )
            kid = self.new_person(rng.choice("FM"), dob, "background", home, kid_family, True)
            self._schooling(kid, town.name)
            kids.append(kid)
            self.children.append(kid)
        household = Household(hid, home, adults, kids)
        if rng.random() < 0.6:
            household.landline = self.new_phone(None, mobile=False)
        if rng.random() < 0.4:
            self.new_vehicle(adults[-1])
        for person in adults + kids:
            person.household = hid
        self.households.append(household)

    def _schooling(self, kid: Person, town: str) -> None:
        rng = self.rng
        kid.primary = rng.choice(self.county.schools_near(town, secondary=False))
        kid.secondary = rng.choice(self.county.schools_near(town, secondary=True))
        kid.stays_on = rng.random() < 0.5
        roll = rng.random()
        kid.absence = (
            rng.uniform(0.01, 0.07)
            if roll < 0.85
            else rng.uniform(0.08, 0.18)
            if roll < 0.97
            else rng.uniform(0.2, 0.4)
        )
        entry_year = kid.dob.year + 4 + ((kid.dob.month, kid.dob.day) > (8, 31))
        key = (kid.primary.establishment, entry_year)
        serial = self._upn_serials.get(key, 0)
        self._upn_serials[key] = serial + 1
        kid.upn = upn(kid.primary.establishment + serial // 1000, entry_year, serial)

    def _staff(self, n_children: int) -> None:
        rng = self.rng
        county = self.county
        sizes = {
            county.police.code: max(6, n_children // 700),
            county.csc.code: max(5, n_children // 600),
            county.hospital.code: max(4, n_children // 900),
            county.clinic.code: 3,
            county.youth.code: max(2, min(6, n_children // 3000)),
            county.hotel_group.code: 4,
            county.taxi.code: max(3, min(8, n_children // 4000)),
            county.helpline.code: 4,
        }
        for school in county.schools:
            sizes[school.code] = 3
        for code, size in sizes.items():
            role = "driver" if code == county.taxi.code else "professional"
            self.staff[code] = [
                self.new_person(
                    rng.choice("FM"), self.adult_dob(23, 58), role, county.home(), is_child=False
                )
                for _ in range(size)
            ]
        for home in county.childrens_homes + county.out_of_area_homes:
            self.home_staff[home.lid] = [
                self.new_person(
                    rng.choice("FM"), self.adult_dob(21, 60), "carer", county.home(), is_child=False
                )
                for _ in range(rng.randint(3, 5))
            ]
        for _ in range(max(3, n_children // 400)):
            loc = county.home()
            loc.kind = "foster_home"
            family = names.family_name(rng)
            carers = [
                self.new_person(sex, self.adult_dob(30, 60), "carer", loc, family, False)
                for sex in ("F", "M")[: rng.randint(1, 2)]
            ]
            self.foster_homes.append((loc, carers))

    # --- care -------------------------------------------------------------------------
    def place_in_care(self, kid: Person, start: date, stop: date, kinds: list[str]) -> None:
        """Plan a run of placements for ``kid`` from ``start`` (ending at ``stop`` or 18)."""
        rng = self.rng
        limit = min(stop, add_years(kid.dob, 18), self.end)
        when = start
        for kind in kinds:
            if when >= limit:
                break
            length = timedelta(days=rng.randint(60, 540))
            until: date | None = when + length
            if until is not None and until >= limit:
                until = None if limit >= self.end else limit
            location, carers = self._placement_site(kind)
            kid.placements.append(Placement(when, until, location, kind, carers))
            if until is None:
                break
            when = until

    def _placement_site(self, kind: str) -> tuple[Location, list[Person]]:
        rng = self.rng
        county = self.county
        if kind == "foster":
            loc, carers = rng.choice(self.foster_homes)
            return loc, carers
        if kind == "out_of_area":
            loc = rng.choice(county.out_of_area_homes)
        elif kind == "semi_independent":
            return county.flat(), []
        else:
            loc = rng.choice(county.childrens_homes)
        return loc, self.home_staff[loc.lid]

    def plan_background_care(self) -> None:
        """About 1.5% of children spend time in care during the window."""
        rng = self.rng
        for kid in self.children:
            if rng.random() >= 0.015:
                continue
            lo = max(self.start, kid.dob + timedelta(days=200))
            hi = min(add_years(kid.dob, 17), self.end - timedelta(days=90))
            if lo >= hi:
                continue
            start = random_date(rng, lo, hi)
            age = kid.age_at(start)
            options = ["foster", "foster", "childrens_home"] if age >= 11 else ["foster"]
            kinds = [rng.choice(options) for _ in range(rng.randint(1, 3))]
            if age >= 13 and rng.random() < 0.2:
                kinds.append("out_of_area")
            if age >= 16:
                kinds.append("semi_independent")
            end = start + timedelta(days=rng.randint(120, 2000))
            self.place_in_care(kid, start, end, kinds)
