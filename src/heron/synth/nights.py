"""Nights out: the evenings when several children go missing from different homes and are
found with the same adults at the same flats, hotels and takeaways, and the police, hospital
and hotel records those nights leave behind.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from heron.synth import text
from heron.synth.emitter import M
from heron.synth.noise import plate_as_recorded
from heron.synth.objects import Vehicle
from heron.synth.places import Location
from heron.synth.population import Household, Person
from heron.synth.timeutil import (
    at,
    friday_or_saturday_near,
    night_start,
    recorded,
)
from heron.synth.truth import Group
from heron.synth.world import World


def place_label(loc: Location) -> str:
    return loc.name or loc.address.split(",")[0]


class Nights:
    """Records of a network's nights out; also the shared helpers of the other network writers."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.households: dict[str, Household] = {hh.hid: hh for hh in world.pop.households}

    def active_until(self, g: Group) -> date:
        return min(g.active_to, self.w.end - timedelta(days=20))

    def reporter(self, kid: Person, when: date) -> tuple[M, str] | None:
        placement = kid.placement_at(when)
        if placement is not None and placement.carers:
            kind = (
                "childrens_home" if placement.kind in ("childrens_home", "out_of_area") else "carer"
            )
            return M(self.w.rng.choice(placement.carers), "reporter", "basic"), kind
        hh = self.households.get(kid.household or "")
        if hh is None or not hh.adults:
            return None
        return M(self.w.rng.choice(hh.adults), "reporter", "basic", hh.landline), "parent"

    def kids_on(self, g: Group, when: date) -> list[Person]:
        return [k for k in g.children if k.exploited_on(when)]

    # --- nights ----------------------------------------------------------------------------
    def gatherings(self, g: Group) -> None:
        w = self.w
        rng = w.rng
        lo, hi = g.active_from, self.active_until(g)
        n = int(len(g.core) * rng.uniform(4, 8) + len(g.peripheral) * 1.5)
        first_missing: set[str] = set()
        for _ in range(n):
            day = friday_or_saturday_near(rng, w.date_between(lo, hi))
            kids = self.kids_on(g, day)
            if not kids:
                continue
            weights = [4.0 if k in g.core else 1.0 for k in kids]
            present = list(
                {id(k): k for k in rng.choices(kids, weights, k=rng.randint(1, 4))}.values()
            )
            adults = rng.sample(g.adults, k=min(len(g.adults), rng.randint(1, 3)))
            place = rng.choice(g.places)
            vehicle = rng.choice(g.vehicles) if g.vehicles and rng.random() < 0.6 else None
            start = night_start(rng, day)
            for kid in present:
                if rng.random() < (0.7 if kid in g.core else 0.5):
                    amend = "reissue" if kid in g.core and kid.pid not in first_missing else None
                    first_missing.add(kid.pid)
                    self._missing(kid, start, place, adults, present, vehicle, amend)
                if rng.random() < 0.1:
                    self.ed_visit(kid, day + timedelta(days=1), place, adults)
            if rng.random() < 0.12:
                self._found_in_company(start, place, adults, present, vehicle)
            if vehicle is not None and rng.random() < 0.12:
                self._stop_check(start, vehicle, adults[0], present)
            if vehicle is not None and rng.random() < 0.1:
                occurred = start - timedelta(minutes=rng.randint(10, 60))
                w.em.emit(
                    w.county.police,
                    "vehicle_sighting",
                    "VS",
                    occurred,
                    recorded(rng, occurred, "same_day"),
                    (),
                    location=present[0].address_at(day),
                    by=False,
                    vehicles=((vehicle, "seen", 0.0),),
                    attributes={"how": "anpr"},
                )
            if place.kind == "hotel" and rng.random() < 0.35:
                self.hotel_report(start, place, adults[0], present, vehicle)

    def _missing(
        self,
        kid: Person,
        start: datetime,
        place: Location,
        adults: list[Person],
        present: list[Person],
        vehicle: Vehicle | None,
        amend: str | None,
    ) -> None:
        w = self.w
        rng = w.rng
        who = self.reporter(kid, start.date())
        if who is None:
            return
        reporter, reported_by = who
        back = start + timedelta(hours=rng.uniform(5, 40))
        found = rng.random() < 0.5
        with_adults = adults if found and rng.random() < 0.6 else []
        with_kids = [k for k in present if k is not kid] if found and rng.random() < 0.4 else []
        persons = [M(kid, "missing_person"), reporter]
        persons += [M(a, "associate", "alias") for a in with_adults]
        persons += [M(k, "associate", "brief") for k in with_kids]
        attrs: dict[str, object] = {"reported_by": reported_by}
        if found:
            attrs["found_at"] = place
        if with_adults or with_kids:
            attrs["found_with"] = with_adults + with_kids
        attrs["return_interview"] = {
            "offered": rng.random() < 0.8,
            "done": rng.random() < 0.3,
            "disclosed": False,
        }
        attrs["absent_only"] = False
        vehicles = ((vehicle, "returned_in", 0.45),) if vehicle and rng.random() < 0.25 else ()
        placement = kid.placement_at(start.date())
        from_where = place_label(placement.location) if placement else "home address"

        def body(names: dict[str, str]) -> str:
            return text.missing_text(
                rng,
                names[kid.pid],
                kid.sex,
                from_where,
                back.strftime("%d/%m at %H:%M"),
                place_label(place) if found else None,
                [names[p.pid] for p in with_adults],
            )

        w.em.emit(
            w.county.police,
            "missing_episode",
            "MIS",
            start,
            recorded(rng, start, "same_day"),
            persons,
            ended=back,
            location=kid.address_at(start.date()),
            vehicles=vehicles,
            attributes=attrs,
            text=body,
            amend=amend,
        )
        if placement is not None and rng.random() < 0.5:
            w.em.emit(
                w.county.csc,
                "missing_episode",
                "MFC",
                start,
                recorded(rng, start, "next_day"),
                (M(kid, "missing_person"), reporter),
                ended=back,
                attributes={"reported_by": reported_by, "absent_only": False},
                text="Missing from care notification received from police.",
            )

    def ed_visit(self, kid: Person, day: date, place: Location, adults: list[Person]) -> None:
        w = self.w
        rng = w.rng
        reasons = [rng.choice(("intoxication", "intoxication", "assault", "overdose", "self_harm"))]
        persons = [M(kid, "subject")]
        if rng.random() < 0.25:
            persons.append(M(rng.choice(adults), "associate", "alias"))
        occurred = at(day, rng.randint(0, 6), rng.randrange(60))
        w.em.emit(
            w.county.hospital,
            "health_attendance",
            "ED",
            occurred,
            recorded(rng, occurred, "same_day"),
            persons,
            attributes={"setting": "ed", "reasons": reasons},
            text=text.ed_text(rng, reasons, place_label(place), kid.sex),
        )

    def _found_in_company(
        self,
        start: datetime,
        place: Location,
        adults: list[Person],
        present: list[Person],
        vehicle: Vehicle | None,
    ) -> None:
        w = self.w
        rng = w.rng
        occurred = start + timedelta(hours=rng.uniform(1, 5))
        persons = [M(k, "victim", "basic") for k in present]
        persons += [
            M(a, rng.choice(("suspect", "associate")), rng.choice(("full", "alias")))
            for a in adults
        ]
        w.em.emit(
            w.county.police,
            "police_incident",
            "INC",
            occurred,
            recorded(rng, occurred, "same_day"),
            persons,
            location=place,
            vehicles=((vehicle, "at_scene", 0.1),) if vehicle else (),
            attributes={
                "category": "found_in_company",
                "outcome": rng.choice(
                    ("words_of_advice", "no_further_action", "children_returned_home")
                ),
            },
            text=lambda n: (
                f"Officers attended {place_label(place)}. "
                f"{', '.join(n[k.pid] for k in present)} found with "
                f"{', '.join(n[a.pid] for a in adults)}. Alcohol present. "
                f"Children returned to home addresses."
            ),
        )

    def _stop_check(
        self, start: datetime, vehicle: Vehicle, driver: Person, present: list[Person]
    ) -> None:
        w = self.w
        rng = w.rng
        occurred = start + timedelta(hours=rng.uniform(0.5, 6))
        persons = [M(driver, "driver", "full")] + [M(k, "associate", "brief") for k in present]
        w.em.emit(
            w.county.police,
            "police_incident",
            "INC",
            occurred,
            recorded(rng, occurred, "same_day"),
            persons,
            location=rng.choice(w.county.car_parks),
            vehicles=((vehicle, "stopped", 0.0),),
            attributes={"category": "stop_check", "outcome": "words_of_advice"},
            text=lambda n: (
                f"Vehicle stopped at {occurred:%H:%M}; driver {n[driver.pid]} "
                f"with young females in the car who gave first names only."
            ),
        )

    def hotel_report(
        self,
        start: datetime,
        hotel: Location,
        guest: Person,
        present: list[Person],
        vehicle: Vehicle | None,
    ) -> None:
        w = self.w
        rng = w.rng
        occurred = start + timedelta(hours=rng.uniform(0, 3))
        persons = [M(guest, "subject", "brief")]
        if rng.random() < 0.4:
            persons += [M(k, "other", "anon") for k in present]
        phone = rng.choice(guest.phones) if guest.phones else None
        plate = plate_as_recorded(rng, vehicle.registration, 0.5, 0.1) if vehicle else None
        w.em.emit(
            w.county.hotel_group,
            "business_report",
            "BR",
            occurred,
            recorded(rng, occurred, "next_day"),
            persons,
            location=hotel,
            precise=False,
            vehicles=((vehicle, "in_car_park", 0.5),) if vehicle else (),
            phones=((phone, "booking"),) if phone else (),
            attributes={"business_kind": "hotel"},
            text=lambda n: text.hotel_text(rng, n[guest.pid], plate),
        )

    # --- each child ----------------------------------------------------------------------
