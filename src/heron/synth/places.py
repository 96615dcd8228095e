"""The fictional county of Westshire: towns, streets, addresses, named places and agencies.

Owns every ``Location`` (homes, children's homes, schools, hotels, takeaways, flats, hotspots)
and every ``Agency`` that writes records. Nothing here refers to a real place or body.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from heron.synth.identifiers import OUT_OF_AREA, postcode
from heron.synth.names import street_names


@dataclass(slots=True, eq=False)
class Location:
    """A true place; ``lid`` is its ground-truth id."""

    lid: str
    name: str | None
    address: str
    postcode: str
    kind: str
    town: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Agency:
    """An organisation that writes records; ``style`` selects how it records people."""

    code: str
    name: str
    sector: str
    style: str
    site: Location | None = None
    establishment: int = 0  # schools: DfE establishment number used in UPNs


@dataclass(slots=True)
class Town:
    name: str
    district: int
    lat: float
    lon: float
    streets: list[tuple[str, list[str]]] = field(default_factory=list)


TOWN_NAMES = (
    "Wyvernham",
    "Brackenford",
    "Holtmere",
    "Sallowby",
    "Fennick Bridge",
    "Amberleigh",
    "Dunmarsh",
    "Corrow St Mary",
)
OUT_OF_AREA_TOWNS = ("Northmoor", "Castle Eddon", "Saltings")
_HOTELS = (
    "Wyvern Lodge Hotel",
    "Station Hotel",
    "Riverside Inn",
    "Kingsway Hotel",
    "Abbey Court Hotel",
    "Meadowbank Travel Inn",
)
_TAKEAWAYS = (
    "Crispy Corner",
    "Golden Fryer",
    "Pizza Point",
    "Night Owl Grill",
    "Chicken Shack",
    "Late Bite",
    "Supreme Pizza",
    "Flamers Grill",
)
_HOMES = (
    "Oak Lodge",
    "Willow House",
    "The Beeches",
    "Larkfield House",
    "Rowan Court",
    "Hill View",
    "Orchard House",
    "Brook House",
)
_SECONDARY = (
    "Ashgrove School",
    "Kingsmere Community College",
    "Riverside High School",
    "St Aldhelm's Academy",
    "Brackenford School",
    "Holtmere Academy",
    "Sallowby High School",
    "Fennick Bridge College",
    "Amberleigh School",
    "Dunmarsh Academy",
    "Wyvernham Grammar School",
    "Corrow Community School",
)
_PRIMARY_STEMS = (
    "Meadow",
    "Oakfield",
    "Brookside",
    "Hillcrest",
    "Orchard",
    "St Mary's",
    "Church Lane",
    "Willowbank",
    "Ashfield",
    "Fernhill",
    "Holy Trinity",
    "Larkrise",
    "Springfield",
    "Beechwood",
    "Castle View",
    "Greenacre",
    "Rowan",
    "Moorside",
    "Kiln Lane",
    "Millbrook",
)


def _slug(name: str) -> str:
    cleaned = "".join(c.lower() if c.isalnum() else "-" for c in name.replace("'", ""))
    return "-".join(part for part in cleaned.split("-") if part)


class County:
    """Towns, addresses and places of Westshire, plus the agencies that record there."""

    def __init__(self, rng: random.Random, children: int) -> None:
        self._rng = rng
        self._next_lid = 0
        self._street_count = 0
        self._near: dict[tuple[str, bool], list[Agency]] = {}
        self.locations: list[Location] = []
        self._streets = street_names(rng)
        self.towns = [
            self._town(
                name, i + 1, 52.35 + rng.uniform(-0.25, 0.25), -2.25 + rng.uniform(-0.4, 0.4)
            )
            for i, name in enumerate(TOWN_NAMES)
        ]
        self.out_towns = [
            self._town(name, i + 1, 53.2 + i * 0.3, -1.2)
            for i, name in enumerate(OUT_OF_AREA_TOWNS)
        ]
        self._used_addresses: set[str] = set()
        hub = self.towns[0]
        self.police = Agency("wsp", "Westshire Police", "police", "police")
        self.csc = Agency(
            "wcc-csc",
            "Westshire County Council Children's Social Care",
            "social_care",
            "social_care",
        )
        self.hospital = Agency(
            "wgh",
            "Westshire General Hospital ED",
            "health",
            "hospital",
            self.place(hub, "Westshire General Hospital", "other"),
        )
        self.clinic = Agency(
            "wsh-clinic",
            "Westshire Sexual Health Clinic",
            "health",
            "clinic",
            self.place(hub, "Westshire Sexual Health Clinic", "other"),
        )
        self.youth = Agency("wcc-youth", "Westshire Youth Service", "youth", "youth")
        self.hotel_group = Agency("greystone-hotels", "Greystone Hotels", "business", "hotel")
        self.taxi = Agency("kestrel-cars", "Kestrel Cars", "business", "taxi")
        self.helpline = Agency(
            "speakout-line", "SpeakOut Young People's Line", "helpline", "helpline"
        )
        n_secondary = max(2, min(len(_SECONDARY), round(children / 2500) + 1))
        n_primary = max(2, min(len(_PRIMARY_STEMS), round(children / 1200) + 1))
        self.secondaries = [
            self._school(name, 4000 + i * 7) for i, name in enumerate(_SECONDARY[:n_secondary])
        ]
        self.primaries = [
            self._school(f"{stem} Primary School", 2000 + i * 11)
            for i, stem in enumerate(_PRIMARY_STEMS[:n_primary])
        ]
        n_homes = max(2, min(len(_HOMES), round(children / 4000) + 2))
        self.childrens_homes = [
            self.place(rng.choice(self.towns), name, "childrens_home") for name in _HOMES[:n_homes]
        ]
        self.out_of_area_homes = [
            self.place(town, f"{name} Children's Home", "childrens_home")
            for town, name in zip(
                self.out_towns, ("Heath House", "Sandpiper Lodge", "Gull Cottage"), strict=True
            )
        ]
        self.hotels = [self.place(rng.choice(self.towns[:4]), n, "hotel") for n in _HOTELS]
        self.takeaways = [self.place(rng.choice(self.towns[:5]), n, "takeaway") for n in _TAKEAWAYS]
        self.shopping_centre = self.place(hub, "Kingsgate Shopping Centre", "shop")
        self.park = self.place(hub, "Riverside Park", "park")
        self.bus_station = self.place(hub, "Wyvernham Bus Station", "transport")
        self.youth_centre = self.place(hub, "Wyvernham Youth Centre", "other")
        self.car_parks = [
            self.place(t, f"{t.name} Leisure Centre car park", "car_park") for t in self.towns[:3]
        ]

    @property
    def schools(self) -> list[Agency]:
        return self.primaries + self.secondaries

    @property
    def agencies(self) -> list[Agency]:
        fixed = [
            self.police,
            self.csc,
            self.hospital,
            self.clinic,
            self.youth,
            self.hotel_group,
            self.taxi,
            self.helpline,
        ]
        return fixed + self.schools

    def _town(self, name: str, district: int, lat: float, lon: float) -> Town:
        return Town(name, district, round(lat, 5), round(lon, 5))

    def _street(self, town: Town) -> tuple[str, list[str]]:
        # A town grows streets as addresses are needed; each street has a few postcodes.
        if not town.streets or len(town.streets) < 6 or self._rng.random() < 0.08:
            street = self._streets[self._street_count % len(self._streets)]
            self._street_count += 1
            area = OUT_OF_AREA if town in self.out_towns else "WQ"
            codes = [
                postcode(self._rng, town.district, area) for _ in range(self._rng.randint(1, 3))
            ]
            town.streets.append((street, codes))
        return self._rng.choice(town.streets)

    def _new_lid(self) -> str:
        self._next_lid += 1
        return f"L{self._next_lid:06d}"

    def _make(self, town: Town, name: str | None, kind: str, flat: bool) -> Location:
        rng = self._rng
        for _ in range(50):
            street, codes = self._street(town)
            number = rng.randint(1, 180)
            line = f"{number} {street}"
            if flat:
                line = f"Flat {rng.randint(1, 12)}, {line}"
            address = f"{line}, {town.name}"
            if address not in self._used_addresses:
                break
        self._used_addresses.add(address)
        loc = Location(
            self._new_lid(),
            name,
            address,
            rng.choice(codes),
            kind,
            town.name,
            round(town.lat + rng.uniform(-0.02, 0.02), 5),
            round(town.lon + rng.uniform(-0.03, 0.03), 5),
        )
        self.locations.append(loc)
        return loc

    def home(self, town: Town | None = None, flat: bool = False) -> Location:
        """A new private home address."""
        town = town or self._rng.choice(self.towns)
        return self._make(town, None, "home", flat)

    def flat(self, town: Town | None = None) -> Location:
        """A private flat (kind ``private_address``), e.g. one used by an exploitation network."""
        town = town or self._rng.choice(self.towns[:5])
        return self._make(town, None, "private_address", True)

    def place(self, town: Town, name: str, kind: str) -> Location:
        return self._make(town, name, kind, False)

    def _school(self, name: str, establishment: int) -> Agency:
        town = self._rng.choice(self.towns)
        site = self.place(town, name, "school")
        return Agency(_slug(name), name, "education", "school", site, establishment)

    def town_of(self, loc: Location) -> Town:
        for town in self.towns + self.out_towns:
            if town.name == loc.town:
                return town
        return self.towns[0]

    def schools_near(self, town_name: str, secondary: bool) -> list[Agency]:
        key = (town_name, secondary)
        cached = self._near.get(key)
        if cached is None:
            pool = self.secondaries if secondary else self.primaries
            cached = [s for s in pool if s.site is not None and s.site.town == town_name] or pool
            self._near[key] = cached
        return cached
