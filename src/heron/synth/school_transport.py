"""The taxi decoy: Kestrel Cars' school-transport contract. The same few cars and drivers take
many children in care (and some children with SEN) to school in school hours, so a naive
detector sees children who go missing sharing an adult and a vehicle.
"""

from __future__ import annotations

from dataclasses import dataclass

from heron.synth.emitter import M
from heron.synth.objects import Vehicle
from heron.synth.population import Person
from heron.synth.timeutil import (
    Term,
    daytime,
    recorded,
    run_time,
    school_year_of,
    terms_between,
    weekday_on_or_after,
)
from heron.synth.truth import Group
from heron.synth.world import World


@dataclass(slots=True)
class _Run:
    term: Term
    vehicle: Vehicle
    driver: Person
    children: list[Person]


class SchoolTransport:
    """Plans the termly runs, then writes their manifests, ANPR hits and care notes."""

    def __init__(self, world: World) -> None:
        self.w = world
        self._runs: list[_Run] = []

    def plan(self, gid: str) -> Group:
        w = self.w
        rng = w.rng
        pop = w.pop
        drivers = pop.staff[w.county.taxi.code]
        vehicles = [
            pop.new_vehicle(None, rng.randint(2001, max(2002, w.start.year)))
            for _ in range(max(2, len(drivers) - 1))
        ]
        sen = rng.sample(pop.children, k=min(len(pop.children), max(2, len(pop.children) // 200)))
        in_care = [k for k in pop.children if k.placements]
        seen: dict[str, Person] = {}
        for term in terms_between(w.start, w.end):
            riders = [
                k
                for k in in_care
                if (p := k.placement_at(term.start)) is not None
                and p.kind != "out_of_area"
                and 0 <= school_year_of(k.dob, term.start) <= 11
            ]
            riding = {k.pid for k in riders}
            riders += [
                k
                for k in sen
                if 0 <= school_year_of(k.dob, term.start) <= 11 and k.pid not in riding
            ]
            for i, vehicle in enumerate(vehicles):
                kids = riders[i :: len(vehicles)][:8]
                if kids:
                    self._runs.append(_Run(term, vehicle, drivers[i % len(drivers)], kids))
                    seen.update((k.pid, k) for k in kids)
        return Group(
            gid,
            "decoy_taxi",
            w.start,
            w.end,
            adults=list(drivers),
            core=list(seen.values()),
            vehicles=vehicles,
            note="Kestrel Cars school-transport contract: children in care and with SEN "
            "driven to school in school hours",
        )

    def emit(self) -> None:
        for run in self._runs:
            self._run(run)

    def _run(self, run: _Run) -> None:
        w = self.w
        rng = w.rng
        county = w.county
        occurred = run_time(rng, weekday_on_or_after(run.term.start), morning=True)
        w.em.emit(
            county.taxi,
            "other",
            "MAN",
            occurred,
            recorded(rng, occurred, "same_day"),
            [M(run.driver, "driver", "basic")] + [M(k, "other", "brief") for k in run.children],
            vehicles=((run.vehicle, "taxi", 0.0),),
            attributes={"document": "school_transport_manifest"},
            text="School contract run: morning pick-ups and afternoon drop-offs, "
            "term-time weekdays.",
        )
        for _ in range(rng.choice((0, 1, 1, 2))):
            day = weekday_on_or_after(w.date_between(run.term.start, run.term.end))
            kid = rng.choice(run.children)
            occurred = run_time(rng, day, morning=rng.random() < 0.5)
            w.em.emit(
                county.police,
                "vehicle_sighting",
                "VS",
                occurred,
                recorded(rng, occurred, "same_day"),
                (),
                location=kid.address_at(day),
                vehicles=((run.vehicle, "seen", 0.0),),
                attributes={"how": "anpr"},
                by=False,
            )
        if rng.random() < 0.3:
            kid = rng.choice(run.children)
            occurred = daytime(rng, w.date_between(run.term.start, run.term.end))
            w.em.emit(
                county.csc,
                "case_note",
                "CN",
                occurred,
                recorded(rng, occurred, "days"),
                (M(kid, "subject"), M(run.driver, "driver", "brief")),
                vehicles=((run.vehicle, "taxi", 0.1),),
                text=lambda n: (
                    f"Transport to school by Kestrel Cars (driver {n[run.driver.pid]}) is "
                    f"working well for {n[kid.pid]}."
                ),
            )
