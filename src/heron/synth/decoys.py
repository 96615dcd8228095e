"""Decoys a naive network detector would flag: a contracted school taxi firm, youth workers and
residential carers linked to many children, friends who go missing together with no adult, a
daytime hotspot, and siblings and twins sharing an address and a surname.

``plan`` decides every decoy group before any record is written (so truth knows them); ``emit``
writes the decoy-specific records (the school taxi contract's live in ``school_transport``).
Carers, siblings and twins need no records of their own: the care and referral records
already written for them are the decoy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from heron.synth.emitter import M
from heron.synth.places import Location
from heron.synth.population import Household, Person
from heron.synth.school_transport import SchoolTransport
from heron.synth.timeutil import (
    at,
    night_start,
    recorded,
    school_hours,
    weekday_on_or_after,
)
from heron.synth.truth import Group
from heron.synth.world import World


@dataclass(slots=True)
class _Sighting:
    day: date
    place: Location
    children: list[Person]


class Decoys:
    """Plans and writes the decoy groups."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.groups: list[Group] = []
        self.transport = SchoolTransport(world)
        self._sessions: list[tuple[date, Person, list[Person]]] = []
        self._outings: list[tuple[date, Location, list[Person]]] = []
        self._sightings: list[_Sighting] = []
        self._n = 0
        self._households = {hh.hid: hh for hh in world.pop.households}

    def _gid(self) -> str:
        self._n += 1
        return f"D{self._n:03d}"

    # --- planning ------------------------------------------------------------------------
    def plan(self, taken: set[str], family_referrals: dict[str, list[date]]) -> list[Group]:
        self.groups.append(self.transport.plan(self._gid()))
        self._youth(taken)
        self._carers()
        self._friends(taken)
        self._hotspots(taken)
        self._families(family_referrals)
        return self.groups

    def _youth(self, taken: set[str]) -> None:
        w = self.w
        rng = w.rng
        workers = w.pop.staff[w.county.youth.code]
        teens = [k for k in w.pop.children if k.pid not in taken]
        members = rng.sample(teens, k=min(len(teens), max(6, len(teens) // 60)))
        victims = [k for k in w.pop.children if k.pid in taken]
        members += rng.sample(victims, k=min(len(victims), 2))  # victims go to youth clubs too
        members = [
            k for k in members if w.child_window(k, 11, 17)[0] < w.child_window(k, 11, 17)[1]
        ]
        if not members:
            return
        step = max(2, 96 // max(1, len(members)))  # a small county has a small youth club
        for worker in workers:
            for month in range(0, (w.end - w.start).days // 30, step):
                day = weekday_on_or_after(w.start + timedelta(days=30 * month + rng.randint(0, 25)))
                here = [k for k in members if 11 <= k.age_at(day) <= 17]
                if len(here) >= 2:
                    self._sessions.append(
                        (day, worker, rng.sample(here, k=min(len(here), rng.randint(2, 7))))
                    )
        attended = {k.pid: k for _, _, kids in self._sessions for k in kids}
        self.groups.append(
            Group(
                self._gid(),
                "decoy_youth_worker",
                w.start,
                w.end,
                adults=list(workers),
                core=list(attended.values()),
                places=[w.county.youth_centre],
                note="youth workers who see many children at the youth centre",
            )
        )

    def _carers(self) -> None:
        w = self.w
        by_site: dict[str, tuple[Location, list[Person], dict[str, Person]]] = {}
        for kid in w.pop.children:
            for pl in kid.placements:
                if pl.carers:
                    entry = by_site.setdefault(pl.location.lid, (pl.location, pl.carers, {}))
                    entry[2][kid.pid] = kid
        for loc, carers, kids in by_site.values():
            if len(kids) >= 2:
                self.groups.append(
                    Group(
                        self._gid(),
                        "decoy_carer",
                        w.start,
                        w.end,
                        adults=list(carers),
                        core=list(kids.values()),
                        places=[loc],
                        note=f"carers at {loc.name or 'a foster home'}",
                    )
                )

    def _friends(self, taken: set[str]) -> None:
        w = self.w
        rng = w.rng
        for _ in range(max(1, len(w.pop.children) // 1500)):
            day = w.date_between(w.start, w.end - timedelta(days=30))
            pool = self._aged(day, 13, 16, 40, taken)
            if len(pool) < 2:
                continue
            anchor = pool[0]
            mates = [k for k in pool[1:] if k.secondary == anchor.secondary] or pool[1:]
            friends = [anchor, *mates[: rng.randint(1, 2)]]
            if len(friends) < 2:
                continue
            taken.update(k.pid for k in friends)
            places = [friends[-1].home, w.county.park]
            for i in range(rng.randint(2, 3)):
                self._outings.append(
                    (day + timedelta(days=40 * i + rng.randint(0, 20)), places[i % 2], friends)
                )
            self.groups.append(
                Group(
                    self._gid(),
                    "decoy_friends",
                    day,
                    day + timedelta(days=120),
                    core=friends,
                    places=places,
                    note="friends who go missing together; no adult involved",
                )
            )

    def _hotspots(self, taken: set[str]) -> None:
        w = self.w
        rng = w.rng
        for site in (w.county.shopping_centre, w.county.park):
            seen: dict[str, Person] = {}
            for _ in range(max(3, len(w.pop.children) // 400)):
                day = weekday_on_or_after(w.date_between(w.start, w.end - timedelta(days=7)))
                kids = self._aged(day, 12, 16, rng.randint(2, 5), set())
                if len(kids) < 2:
                    continue
                self._sightings.append(_Sighting(day, site, kids))
                seen.update((k.pid, k) for k in kids)
            if seen:
                self.groups.append(
                    Group(
                        self._gid(),
                        "decoy_hotspot",
                        w.start,
                        w.end,
                        core=list(seen.values()),
                        places=[site],
                        note=f"daytime hotspot: {site.name}",
                    )
                )

    def _aged(self, day: date, lo: int, hi: int, want: int, taken: set[str]) -> list[Person]:
        """Up to ``want`` distinct children aged ``lo``–``hi`` on ``day`` (sampled, not scanned)."""
        rng = self.w.rng
        children = self.w.pop.children
        found: dict[str, Person] = {}
        for _ in range(want * 60):
            kid = rng.choice(children)
            if kid.pid not in taken and lo <= kid.age_at(day) <= hi:
                found[kid.pid] = kid
                if len(found) >= want:
                    break
        return list(found.values())

    def _families(self, family_referrals: dict[str, list[date]]) -> None:
        w = self.w
        for hh in w.pop.households:
            twins = self._twins(hh)
            if twins:
                self.groups.append(
                    Group(
                        self._gid(),
                        "decoy_twins",
                        w.start,
                        w.end,
                        adults=list(hh.adults),
                        core=twins,
                        places=[hh.home],
                        note="twins: same birthday, surname and address",
                    )
                )
            if len(hh.children) >= 2 and hh.hid in family_referrals:
                self.groups.append(
                    Group(
                        self._gid(),
                        "decoy_siblings",
                        w.start,
                        w.end,
                        adults=list(hh.adults),
                        core=list(hh.children),
                        places=[hh.home],
                        note="siblings named together in family referrals",
                    )
                )

    @staticmethod
    def _twins(hh: Household) -> list[Person]:
        for a, b in zip(hh.children, hh.children[1:], strict=False):
            if a.dob == b.dob:
                return [a, b]
        return []

    # --- writing -------------------------------------------------------------------------
    def emit(self) -> None:
        self.transport.emit()
        for day, worker, kids in self._sessions:
            self._session(day, worker, kids)
        for day, place, friends in self._outings:
            self._outing(day, place, friends)
        for sighting in self._sightings:
            self._sighting(sighting)

    def _session(self, day: date, worker: Person, kids: list[Person]) -> None:
        w = self.w
        rng = w.rng
        occurred = at(day, 18, rng.randrange(30))
        w.em.emit(
            w.county.youth,
            "other",
            "YS",
            occurred,
            recorded(rng, occurred, "next_day"),
            [M(worker, "professional", "brief")] + [M(k, "subject", "brief") for k in kids],
            location=w.county.youth_centre,
            attributes={"activity": "youth club session"},
            text="Youth club session: pool, cooking and a music workshop.",
        )
        if rng.random() < 0.3:
            kid = rng.choice(kids)
            w.em.emit(
                w.county.youth,
                "case_note",
                "YCN",
                occurred,
                recorded(rng, occurred, "days"),
                (M(kid, "subject", "brief"), M(worker, "professional", "brief")),
                text=lambda n: f"1:1 with {n[kid.pid]} about college applications.",
            )

    def _outing(self, day: date, place: Location, friends: list[Person]) -> None:
        rng = self.w.rng
        start = night_start(rng, day)
        back = start + timedelta(hours=rng.uniform(3, 14))
        for kid in friends:
            self._friend_missing(kid, [k for k in friends if k is not kid], start, back, place)

    def _friend_missing(
        self, kid: Person, others: list[Person], start: datetime, back: datetime, place: Location
    ) -> None:
        w = self.w
        hh = self._households.get(kid.household or "")
        if hh is None or not hh.adults:
            return
        w.em.emit(
            w.county.police,
            "missing_episode",
            "MIS",
            start,
            recorded(w.rng, start, "same_day"),
            [M(kid, "missing_person"), M(hh.adults[0], "reporter", "basic", hh.landline)]
            + [M(k, "associate", "brief") for k in others],
            ended=back,
            location=kid.address_at(start.date()),
            attributes={
                "reported_by": "parent",
                "found_at": place,
                "found_with": others,
                "return_interview": {"offered": True, "done": True, "disclosed": False},
                "absent_only": False,
            },
            text=lambda n: (
                f"{n[kid.pid]} did not come home after a sleepover was cancelled; "
                f"found with friends, no adults present."
            ),
        )

    def _sighting(self, s: _Sighting) -> None:
        w = self.w
        rng = w.rng
        occurred = school_hours(rng, s.day)
        category = rng.choice(("asb", "truancy_sweep", "theft"))
        w.em.emit(
            w.county.police,
            "police_incident",
            "INC",
            occurred,
            recorded(rng, occurred, "same_day"),
            [M(k, rng.choice(("subject", "witness")), "basic") for k in s.children],
            location=s.place,
            attributes={"category": category, "outcome": "words_of_advice"},
            text=f"Group of young people at {s.place.name} during school hours; "
            f"names taken and schools informed.",
        )
