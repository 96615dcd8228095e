"""Ordinary life in Westshire: school attendance and exclusions, A&E and sexual-health visits,
police incidents, helpline calls, and adults' own incidents. Most children have nothing else.

Exploited children's school absence rises here too (their ``exploit_*`` fields), so the same
attendance series carries both the ordinary and the concerning pattern.
"""

from __future__ import annotations

from datetime import date, timedelta

from heron.synth import text
from heron.synth.emitter import M
from heron.synth.places import Agency
from heron.synth.population import Household, Person
from heron.synth.timeutil import (
    any_time,
    at,
    daytime,
    recorded,
    school_hours,
    school_year_of,
    terms_between,
)
from heron.synth.world import World

_CHILD_INCIDENTS = ("asb", "theft", "assault", "disturbance", "criminal_damage")
_ADULT_INCIDENTS = ("drunk", "disturbance", "assault", "theft", "criminal_damage", "domestic")


class Background:
    """Generates the background records of one household (or one other adult) at a time."""

    def __init__(self, world: World) -> None:
        self.w = world
        # Each term once: its ISO dates and the morning after it ends (registers are closed).
        self._terms = [
            (t, t.start.isoformat(), t.end.isoformat(), at(t.end + timedelta(days=1), 9))
            for t in terms_between(world.start, world.end)
        ]

    # --- children ----------------------------------------------------------------------
    def household(self, hh: Household) -> None:
        for kid in hh.children:
            self.school(kid)
            self.child_health(kid, hh)
            self.child_police(kid, hh)
            self.helpline(kid)
        for adult in hh.adults:
            self.adult(adult, hh)

    def school(self, kid: Person) -> None:
        w = self.w
        rng = w.rng
        em = w.em
        for term, start_iso, end_iso, written in self._terms:
            year = school_year_of(kid.dob, term.start)
            school = self._school_for(kid, year)
            if school is None:
                continue
            placement = kid.placement_at(term.start)
            if placement is not None and placement.kind == "out_of_area":
                continue  # educated out of county: no Westshire record
            rate = kid.absence + (0.03 if placement is not None else 0.0)
            unauth = 0.25
            if (
                kid.exploit_from is not None
                and kid.exploit_to is not None
                and term.end >= kid.exploit_from
                and term.start <= kid.exploit_to + timedelta(90)
            ):
                months = max(0, (term.end - kid.exploit_from).days) / 30.4
                rate += kid.exploit_level * min(1.0, 0.25 + months / 8)
                unauth = 0.7
            missed = min(term.sessions, max(0, round(term.sessions * rate * rng.uniform(0.6, 1.4))))
            attrs = {
                "period_start": start_iso,
                "period_end": end_iso,
                "sessions_possible": term.sessions,
                "sessions_missed": missed,
                "unauthorised": round(missed * rng.uniform(unauth * 0.6, min(1.0, unauth * 1.4))),
                "year_group": year,
            }
            em.emit(
                school,
                "school_attendance",
                "ATT",
                term.start,
                recorded(rng, written, "term"),
                (M(kid, "subject", "basic"),),
                ended=term.end,
                attributes=attrs,
                by=False,
            )
            if 7 <= year <= 11:
                excl = 0.008 + (0.05 if kid.exploited_on(term.end) else 0.0)
                if rng.random() < excl:
                    self._exclusion(kid, school, w.date_between(term.start, term.end))

    def _school_for(self, kid: Person, year: int) -> Agency | None:
        if 0 <= year <= 6:
            return kid.primary
        if 7 <= year <= 11 or (12 <= year <= 13 and kid.stays_on):
            return kid.secondary
        return None

    def _exclusion(self, kid: Person, school: Agency, when: date) -> None:
        rng = self.w.rng
        permanent = rng.random() < 0.05
        days = rng.randint(1, 5)
        occurred = school_hours(rng, when)
        self.w.em.emit(
            school,
            "exclusion",
            "EXC",
            occurred,
            recorded(rng, occurred, "days"),
            (M(kid, "subject", "basic"),),
            attributes={"kind": "permanent" if permanent else "fixed", "days": days},
            text=rng.choice(
                (
                    "Persistent disruptive behaviour.",
                    "Verbal abuse towards a member of staff.",
                    "Fighting on the playground.",
                    "Left site without permission repeatedly.",
                )
            ),
        )

    def child_health(self, kid: Person, hh: Household) -> None:
        w = self.w
        rng = w.rng
        lo, hi = w.child_window(kid, 0, 17)
        for when in w.events(0.2, lo, hi):
            age = kid.age_at(when)
            reasons: list[str] = ["injury"] if rng.random() < 0.6 else []
            if age >= 13:
                roll = rng.random()
                if roll < 0.05:
                    reasons = ["intoxication"]
                elif roll < 0.08:
                    reasons = ["self_harm"]
            persons = [M(kid, "subject")]
            if age < 16 and hh.adults and rng.random() < 0.7:
                persons.append(M(rng.choice(hh.adults), "parent", "basic", hh.landline))
            occurred = any_time(rng, when)
            w.em.emit(
                w.county.hospital,
                "health_attendance",
                "ED",
                occurred,
                recorded(rng, occurred, "same_day"),
                persons,
                attributes={"setting": "ed", "reasons": reasons},
                text=text.ed_text(rng, reasons, None, kid.sex),
            )
        lo, hi = w.child_window(kid, 14, 17)
        for when in w.events(0.04, lo, hi):
            reason = rng.choice(("sti", "sti", "emergency_contraception"))
            if reason == "emergency_contraception" and kid.sex != "F":
                reason = "sti"  # the same draw either way, so the rest of the county is unchanged
            reasons = [reason]
            occurred = daytime(rng, when)
            w.em.emit(
                w.county.clinic,
                "health_attendance",
                "SH",
                occurred,
                recorded(rng, occurred, "same_day"),
                (M(kid, "subject"),),
                attributes={"setting": "sexual_health", "reasons": reasons},
                text=text.clinic_text(rng, reasons, None),
            )

    def child_police(self, kid: Person, hh: Household) -> None:
        w = self.w
        rng = w.rng
        pop = w.pop
        lo, hi = w.child_window(kid, 8, 17)
        for when in w.events(0.05, lo, hi):
            category = rng.choice(_CHILD_INCIDENTS)
            persons = [M(kid, rng.choice(("victim", "witness", "suspect")))]
            if rng.random() < 0.6 and pop.community:
                persons.append(
                    M(rng.choice(pop.community), rng.choice(("suspect", "witness")), "basic")
                )
            if hh.adults and rng.random() < 0.5:
                persons.append(M(rng.choice(hh.adults), "parent", "basic", hh.landline))
            site = rng.choice((kid.address_at(when), *w.county.car_parks, w.county.bus_station))
            occurred = daytime(rng, when)
            w.em.emit(
                w.county.police,
                "police_incident",
                "INC",
                occurred,
                recorded(rng, occurred, "same_day"),
                persons,
                location=site,
                attributes={
                    "category": category,
                    "outcome": rng.choice(
                        ("words_of_advice", "no_further_action", "community_resolution", "filed")
                    ),
                },
                text=text.POLICE_BACKGROUND[category],
            )

    def helpline(self, kid: Person) -> None:
        w = self.w
        rng = w.rng
        lo, hi = w.child_window(kid, 10, 17)
        for when in w.events(0.008, lo, hi):
            occurred = any_time(rng, when)
            w.em.emit(
                w.county.helpline,
                "helpline_contact",
                "HL",
                occurred,
                recorded(rng, occurred, "same_day"),
                (M(kid, "subject", "anon"),),
                attributes={"caller_kind": "child", "anonymous": rng.random() < 0.7},
                text=rng.choice(
                    (
                        "Caller upset about bullying at school.",
                        "Caller worried about exams.",
                        "Caller says parents argue a lot; no immediate risk.",
                        "Caller fell out with best friend.",
                    )
                ),
            )

    # --- adults ------------------------------------------------------------------------
    def adult(self, adult: Person, hh: Household | None) -> None:
        w = self.w
        rng = w.rng
        county = w.county
        landline = hh.landline if hh is not None else None
        for when in w.events(0.12, w.start, w.end):
            roll = rng.random()
            reasons = (
                ["intoxication"]
                if roll < 0.1
                else ["assault"]
                if roll < 0.15
                else ["injury"]
                if roll < 0.7
                else []
            )
            occurred = any_time(rng, when)
            w.em.emit(
                county.hospital,
                "health_attendance",
                "ED",
                occurred,
                recorded(rng, occurred, "same_day"),
                (M(adult, "subject", "full", landline),),
                attributes={"setting": "ed", "reasons": reasons},
                text=text.ed_text(rng, reasons, None, adult.sex),
            )
        for when in w.events(0.05, w.start, w.end):
            category = rng.choice(_ADULT_INCIDENTS)
            persons = [M(adult, rng.choice(("suspect", "victim", "witness")), "full", landline)]
            if w.pop.community and rng.random() < 0.5:
                persons.append(M(rng.choice(w.pop.community), "witness", "basic"))
            occurred = any_time(rng, when)
            w.em.emit(
                county.police,
                "police_incident",
                "INC",
                occurred,
                recorded(rng, occurred, "same_day"),
                persons,
                location=adult.address_at(when),
                attributes={
                    "category": category,
                    "outcome": rng.choice(
                        ("no_further_action", "caution", "charged", "words_of_advice")
                    ),
                },
                text=text.POLICE_ADULT[category],
            )
        for vehicle in adult.vehicles:
            for when in w.events(0.05, w.start, w.end):
                occurred = any_time(rng, when)
                if rng.random() < 0.5:
                    w.em.emit(
                        county.police,
                        "vehicle_sighting",
                        "VS",
                        occurred,
                        recorded(rng, occurred, "same_day"),
                        (),
                        location=rng.choice(county.car_parks),
                        by=False,
                        vehicles=((vehicle, "seen", 0.0),),
                        attributes={"how": "anpr"},
                    )
                else:
                    w.em.emit(
                        county.police,
                        "police_incident",
                        "INC",
                        occurred,
                        recorded(rng, occurred, "same_day"),
                        (M(adult, "driver", "basic"),),
                        vehicles=((vehicle, "stopped", 0.02),),
                        attributes={"category": "stop_check", "outcome": "no_further_action"},
                        text="Vehicle stopped; documents in order; driver advised.",
                    )
        if rng.random() < 0.01:
            when = w.date_between(w.start, w.end)
            occurred = any_time(rng, when)
            w.em.emit(
                county.police,
                "intelligence",
                "INT",
                occurred,
                recorded(rng, occurred, "intelligence"),
                (M(adult, "subject", "brief"),),
                vehicles=tuple((v, "used", 0.2) for v in adult.vehicles[:1]),
                attributes={
                    "source_grade": rng.choice("BCDE"),
                    "information_grade": rng.choice("2345"),
                    "handling": "P",
                },
                text="Subject believed to be selling cannabis from home address.",
            )
        if rng.random() < 0.004:
            when = w.date_between(w.start, w.end)
            occurred = any_time(rng, when)
            w.em.emit(
                county.hotel_group,
                "business_report",
                "BR",
                occurred,
                recorded(rng, occurred, "next_day"),
                (M(adult, "subject", "brief", landline),),
                location=rng.choice(county.hotels),
                precise=False,
                attributes={"business_kind": "hotel"},
                text=rng.choice(
                    (
                        "Guest left without paying.",
                        "Damage to room reported.",
                        "Guest abusive to staff at check-in.",
                    )
                ),
            )
