"""Planting exploitation networks: who the adults are, which children they target (core and
peripheral), which vehicles, phones, handles and places they use, and when.

Planning happens before any record is written, so ground truth and the discovery tracker know
every member; ``exploitation`` then writes the records the network leaves behind.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from heron.synth import names
from heron.synth.places import County, Location
from heron.synth.population import Person, Population, add_years, random_date
from heron.synth.truth import Group

# adults, core children, peripheral children, vehicles, flats (each as (lo, hi))
SIZES: dict[str, tuple[tuple[int, int], ...]] = {
    "small": ((2, 3), (2, 3), (1, 2), (1, 1), (1, 1)),
    "medium": ((4, 6), (4, 6), (3, 5), (2, 2), (1, 2)),
    "large": ((8, 12), (8, 12), (8, 14), (3, 4), (2, 3)),
}


def network_count(children: int) -> int:
    """About one network per 3,000 children, and always at least one."""
    return max(1, round(children / 3000))


def size_sequence(children: int, count: int) -> list[str]:
    if children < 300:
        cycle = ["small"]
    elif children < 3000:
        cycle = ["medium", "small"]
    else:
        cycle = ["medium", "small", "large", "medium", "small"]
    return [cycle[i % len(cycle)] for i in range(count)]


class NetworkPlanner:
    """Creates the offenders and objects of each network and marks its victims."""

    def __init__(
        self, rng: random.Random, pop: Population, county: County, start: date, end: date
    ) -> None:
        self.rng = rng
        self.pop = pop
        self.county = county
        self.start = start
        self.end = end
        self._street_names = list(names.STREET_NAMES)
        rng.shuffle(self._street_names)
        self._taken: set[str] = set()

    def plan(self, count: int, children: int) -> list[Group]:
        groups = []
        for i, size in enumerate(size_sequence(children, count)):
            group = self._network(f"N{i + 1:02d}", size)
            if group is not None:
                groups.append(group)
        return groups

    def _window(self) -> tuple[date, date]:
        rng = self.rng
        span = (self.end - self.start).days
        lo = self.start + timedelta(days=int(span * rng.uniform(0.08, 0.55)))
        length = timedelta(days=int(rng.uniform(1.0, 3.2) * 365))
        hi = min(lo + length, self.end - timedelta(days=max(30, span // 20)))
        if hi <= lo:
            hi = lo + timedelta(days=max(60, span // 3))
        return lo, min(hi, self.end)

    def _network(self, gid: str, size: str) -> Group | None:
        rng = self.rng
        lo, hi = self._window()
        (a_lo, a_hi), (c_lo, c_hi), (p_lo, p_hi), (v_lo, v_hi), (f_lo, f_hi) = SIZES[size]
        eligible = self._eligible(lo, hi)
        n_core = rng.randint(c_lo, c_hi)
        n_peri = rng.randint(p_lo, p_hi)
        core = self._choose(eligible, n_core)
        peripheral = self._choose(eligible, n_peri)
        if len(core) < 2:
            return None
        group = Group(
            gid,
            "exploitation",
            lo,
            hi,
            size=size,
            core=core,
            peripheral=peripheral,
            note=f"{size} exploitation network",
        )
        flats = [self.county.flat() for _ in range(rng.randint(f_lo, f_hi))]
        group.places = (
            flats + rng.sample(self.county.hotels, 1) + rng.sample(self.county.takeaways, 1)
        )
        if size != "small":
            group.places.append(rng.choice(self.county.car_parks))
        group.adults = [self._offender(lo, flats, i) for i in range(rng.randint(a_lo, a_hi))]
        for _ in range(rng.randint(v_lo, v_hi)):
            owner = rng.choice(group.adults)
            group.vehicles.append(self.pop.new_vehicle(owner, rng.randint(1997, lo.year)))
        group.phones = [ph for a in group.adults for ph in a.phones]
        group.handles = [h for a in group.adults for h in a.handles]
        for kid in core:
            self._victim(kid, group, lo, hi, core=True)
        for kid in peripheral:
            self._victim(kid, group, lo, hi, core=False)
        return group

    def _eligible(self, lo: date, hi: date) -> list[Person]:
        out = []
        for kid in self.pop.children:
            if kid.pid in self._taken or not 11 <= kid.age_at(lo) <= 15:
                continue
            out.append(kid)
        self.rng.shuffle(out)
        # Most children exploited in these cases were girls; boys are victims too.
        out.sort(key=lambda k: 0 if (k.sex == "F") == (self.rng.random() < 0.8) else 1)
        return out

    def _choose(self, eligible: list[Person], n: int) -> list[Person]:
        chosen: list[Person] = []
        households: set[str | None] = set()
        for kid in eligible:
            if len(chosen) >= n:
                break
            if kid.pid in self._taken or kid.household in households:
                continue
            chosen.append(kid)
            households.add(kid.household)
            self._taken.add(kid.pid)
        return chosen

    def _offender(self, lo: date, flats: list[Location], index: int) -> Person:
        rng = self.rng
        pop = self.pop
        # The first adult is the young "boyfriend" who draws children in; others are older.
        age = rng.randint(18, 22) if index == 0 else rng.randint(20, 45)
        sex = "M" if rng.random() < 0.92 else "F"
        home = flats[index] if index < len(flats) else self.county.home(flat=rng.random() < 0.6)
        adult = pop.new_person(
            sex,
            add_years(lo, -age) - timedelta(days=rng.randint(0, 364)),
            "offender",
            home,
            is_child=False,
        )
        for _ in range(rng.choice((1, 1, 2))):
            adult.aliases.append(
                self._street_names.pop() if self._street_names else names.misspell(rng, adult.given)
            )
        for _ in range(rng.choice((1, 1, 2))):
            pop.new_phone(adult, mobile=True)
        if rng.random() < 0.5:
            pop.new_handle(adult)
        if rng.random() < 0.6:
            check = rng.choice("ABCDEFGHJKLMNPQRTUVWXYZ")
            adult.pnc = f"{rng.randint(90, 99):02d}/{rng.randint(100000, 999999)}{check}"
        return adult

    def _victim(self, kid: Person, group: Group, lo: date, hi: date, core: bool) -> None:
        rng = self.rng
        kid.role = "victim_core" if core else "victim_peripheral"
        if core:
            kid.exploit_from = lo + timedelta(days=rng.randint(0, 120))
            kid.exploit_to = min(hi, add_years(kid.dob, 18) - timedelta(days=1))
            kid.exploit_level = rng.uniform(0.25, 0.45)
        else:
            kid.exploit_from = random_date(rng, lo, max(lo, hi - timedelta(days=90)))
            kid.exploit_to = min(hi, kid.exploit_from + timedelta(days=rng.randint(60, 300)))
            kid.exploit_level = rng.uniform(0.08, 0.15)
        if kid.exploit_to <= kid.exploit_from:
            kid.exploit_to = kid.exploit_from + timedelta(days=60)
        if rng.random() < 0.5:
            self.pop.new_phone(kid, mobile=True)
        if rng.random() < 0.4:
            self.pop.new_handle(kid)
        if core and not kid.placements and rng.random() < 0.5:
            into_care = kid.exploit_from + timedelta(days=rng.randint(-30, 200))
            kinds = ["childrens_home", "childrens_home"]
            if rng.random() < 0.4:
                kinds.insert(1, "out_of_area")
            self.pop.place_in_care(kid, max(into_care, self.start), self.end, kinds)
