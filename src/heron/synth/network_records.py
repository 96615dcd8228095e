"""Records about a network as a whole: graded intelligence logs, the strategy meeting, taxi
and hotel reports, helpline calls and, late on, disruption against its adults.
"""

from __future__ import annotations

from datetime import date, timedelta

from heron.synth import text
from heron.synth.emitter import M
from heron.synth.nights import Nights, place_label
from heron.synth.noise import format_phone, plate_as_recorded
from heron.synth.population import Person
from heron.synth.timeutil import (
    any_time,
    at,
    daytime,
    night_start,
    recorded,
)
from heron.synth.truth import Group


class NetworkRecords:
    """Writes the network-wide records of one network."""

    def __init__(self, nights: Nights) -> None:
        self.n = nights
        self.w = nights.w

    def intelligence(self, g: Group) -> None:
        days = self.w.events(7.0, g.active_from, self.n.active_until(g))
        for i, day in enumerate(days):
            self._intelligence_log(g, day, full=i == 0)

    def _intelligence_log(self, g: Group, day: date, full: bool) -> None:
        """One graded log; the first (``full``) always gives a vehicle and a phone."""
        w = self.w
        rng = w.rng
        adults = rng.sample(g.adults, k=min(len(g.adults), rng.randint(1, 2)))
        pool = self.n.kids_on(g, day) or g.core
        kids = rng.sample(pool, k=min(len(pool), rng.randint(0, 2)))
        vehicle = rng.choice(g.vehicles) if g.vehicles and (full or rng.random() < 0.5) else None
        phones = [p for a in adults for p in a.phones]
        phone = rng.choice(phones) if phones and (full or rng.random() < 0.5) else None
        place = rng.choice(g.places) if rng.random() < 0.5 else None
        handles = [h for a in adults for h in a.handles] + [h for k in kids for h in k.handles]
        plate = plate_as_recorded(rng, vehicle.registration, 0.35, 0.1) if vehicle else None
        number = format_phone(rng, phone.national) if phone else None
        occurred = any_time(rng, day)
        persons = [M(a, "subject", rng.choice(("alias", "brief"))) for a in adults]
        persons += [M(k, rng.choice(("victim", "associate")), "brief") for k in kids]
        w.em.emit(
            w.county.police,
            "intelligence",
            "INT",
            occurred,
            recorded(rng, occurred, "intelligence"),
            persons,
            location=place,
            precise=False,
            vehicles=((vehicle, "used", 0.35),) if vehicle else (),
            phones=((phone, "used"),) if phone else (),
            online=tuple((h, "contact") for h in handles[:2]) if rng.random() < 0.3 else (),
            attributes={
                "source_grade": rng.choice("BCCCDDE"),
                "information_grade": rng.choice("2233345"),
                "handling": rng.choice("PPPC"),
            },
            text=lambda n: text.intelligence_text(
                rng,
                [n[x.pid] for x in adults],
                [n[x.pid] for x in kids],
                place_label(place) if place else None,
                plate,
                number,
            ),
        )

    def strategy_meeting(self, g: Group) -> None:
        w = self.w
        rng = w.rng
        span = (self.n.active_until(g) - g.active_from).days
        day = g.active_from + timedelta(days=int(span * rng.uniform(0.4, 0.75)))
        kids = rng.sample(g.core, k=min(len(g.core), rng.randint(2, 4)))
        adults = rng.sample(g.adults, k=min(len(g.adults), rng.randint(1, 3)))
        occurred = at(day, 10)
        w.em.emit(
            w.county.csc,
            "strategy_meeting",
            "SM",
            occurred,
            recorded(rng, occurred, "days"),
            [M(k, "subject", "basic") for k in kids] + [M(a, "suspect", "alias") for a in adults],
            attributes={
                "attendees_sectors": ["police", "social_care", "health", "education"],
                "decision": rng.choice(("monitor", "s47_enquiries", "nfa")),
            },
            text="Strategy meeting about several young people going missing together.",
        )

    def business(self, g: Group) -> None:
        """At least one taxi-firm report per network, and a hotel report where it uses one."""
        w = self.w
        rng = w.rng
        day = w.date_between(g.active_from, self.n.active_until(g))
        kids = self.n.kids_on(g, day) or g.core
        booker = rng.choice([a for a in g.adults if a.phones] or g.adults)
        phone = booker.phones[0] if booker.phones else None
        dropoff = rng.choice(g.places)
        pickup = place_label(kids[0].address_at(day))
        occurred = at(day, 23, rng.randrange(60))
        persons = [M(booker, "other", "brief")] + [M(k, "other", "anon") for k in kids[:2]]
        w.em.emit(
            w.county.taxi,
            "business_report",
            "BR",
            occurred,
            recorded(rng, occurred, "next_day"),
            persons,
            location=dropoff,
            precise=False,
            phones=((phone, "booking"),) if phone else (),
            attributes={"business_kind": "taxi"},
            text=lambda n: text.taxi_text(rng, pickup, place_label(dropoff), n[booker.pid]),
        )
        hotel = next((p for p in g.places if p.kind == "hotel"), None)
        if hotel is not None:
            vehicle = rng.choice(g.vehicles) if g.vehicles else None
            self.n.hotel_report(
                night_start(rng, day), hotel, rng.choice(g.adults), kids[:2], vehicle
            )

    def helpline(self, g: Group) -> None:
        for i in range(self.w.rng.randint(1, 3)):
            self._call(g, first=i == 0)

    def _call(self, g: Group, first: bool) -> None:
        w = self.w
        rng = w.rng
        day = w.date_between(g.active_from, self.n.active_until(g))
        kid = rng.choice(g.core)
        adult = rng.choice(g.adults)
        place = rng.choice(g.places)
        caller = "child" if first or rng.random() < 0.5 else "parent"
        hh = self.n.households.get(kid.household or "")
        persons = [
            M(kid, "subject", "anon" if caller == "child" else "brief"),
            M(adult, "other", "alias"),
        ]
        if caller == "parent" and hh is not None and hh.adults:
            persons.insert(0, M(hh.adults[0], "reporter", "brief", hh.landline))
        occurred = any_time(rng, day)
        w.em.emit(
            w.county.helpline,
            "helpline_contact",
            "HL",
            occurred,
            recorded(rng, occurred, "same_day"),
            persons,
            attributes={"caller_kind": caller, "anonymous": caller == "child"},
            text=lambda n: text.helpline_text(rng, caller, n[adult.pid], place_label(place)),
        )

    def disruption(self, g: Group) -> None:
        rng = self.w.rng
        for adult in rng.sample(g.adults, k=min(len(g.adults), rng.randint(1, 2))):
            self._disrupt(g, adult)

    def _disrupt(self, g: Group, adult: Person) -> None:
        w = self.w
        rng = w.rng
        hi = self.n.active_until(g)
        day = w.date_between(hi - timedelta(days=90), hi + timedelta(days=30))
        action = rng.choice(("cawn", "cawn", "arrest", "sro"))
        kid = rng.choice(g.core)
        occurred = daytime(rng, day)
        w.em.emit(
            w.county.police,
            "disruption",
            "DSR",
            occurred,
            recorded(rng, occurred, "next_day"),
            (M(adult, "subject", "full"), M(kid, "victim", "brief")),
            attributes={"action": action, "against": adult},
            text=lambda n: (
                f"Child abduction warning notice issued to {n[adult.pid]}."
                if action == "cawn"
                else f"{action.upper()}: action taken against {n[adult.pid]}."
            ),
        )
