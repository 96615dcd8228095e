"""Each exploited child's own trail: referral and CSE screening with factor codes, case notes
(victim-blaming, concerned and neutral), a school concern, sexual-health visits and, for some,
a disclosure that may be retracted. Peripheral children leave a thinner trail.
"""

from __future__ import annotations

from datetime import date, timedelta

from heron.synth import text
from heron.synth.care import Care
from heron.synth.emitter import M
from heron.synth.nights import Nights, place_label
from heron.synth.noise import plate_as_recorded
from heron.synth.population import Person
from heron.synth.timeutil import (
    daytime,
    recorded,
    school_hours,
)
from heron.synth.truth import Group

_CSE_EXTRA = ("2A", "1A", "15A", "4A", "14A", "19C", "13A")


class Victims:
    """Writes the records that follow one exploited child."""

    def __init__(self, nights: Nights, care: Care) -> None:
        self.n = nights
        self.w = nights.w
        self.care = care

    def core(self, g: Group, kid: Person, first: bool) -> None:
        w = self.w
        rng = w.rng
        care = self.care
        lo = kid.exploit_from or g.active_from
        hi = min(kid.exploit_to or g.active_to, self.n.active_until(g))
        if hi <= lo:
            return
        hh = self.n.households.get(kid.household or "")
        ref_day = w.date_between(lo + timedelta(days=30), min(hi, lo + timedelta(days=150)))
        occurred = daytime(rng, ref_day)
        w.em.emit(
            w.county.csc,
            "referral",
            "REF",
            occurred,
            recorded(rng, occurred, "days"),
            (M(kid, "subject"),),
            attributes={
                "referrer_sector": rng.choice(("police", "education", "health")),
                "outcome": "assessment",
            },
            text=lambda n: (
                f"Repeated missing episodes; concern {n[kid.pid]} is being "
                f"exploited by older males."
            ),
        )
        codes = ["10A"] + (["11A"] if rng.random() < 0.7 else [])
        codes += rng.sample(_CSE_EXTRA, rng.randint(1, 3))
        occurred = daytime(rng, ref_day + timedelta(days=rng.randint(3, 20)))
        w.em.emit(
            w.county.csc,
            "assessment",
            "ASM",
            occurred,
            recorded(rng, occurred, "assessment"),
            (M(kid, "subject"),),
            codes=sorted(set(codes)),
            amend="supersede" if first else None,
            attributes={
                "kind": "cse_screening",
                "outcome": rng.choice(("cin_plan", "nfa", "cp_plan")),
            },
            text=lambda n: text.blaming_note(rng, n[kid.pid], kid.sex, None, kid.age_at(ref_day)),
        )
        if rng.random() < 0.5:
            care.assessment(kid, w.date_between(ref_day, hi), True, hh, ("11A", "10A"))
        for day in w.events(8.0, lo, hi):
            roll = rng.random()
            adult = rng.choice(g.adults) if rng.random() < 0.6 else None
            care.case_note(kid, day, blaming=roll < 0.35, adult=adult, concern=0.35 <= roll < 0.7)
        self._school_concern(g, kid, w.date_between(lo, hi))
        for day in w.events(1.5, lo, hi) or [w.date_between(lo, hi)]:
            self._clinic(g, kid, day)
        if first or rng.random() < 0.4:  # every network has at least one disclosure
            self._disclosure(g, kid, w.date_between(lo, hi), retract=first)

    def peripheral(self, g: Group, kid: Person) -> None:
        w = self.w
        rng = w.rng
        lo = kid.exploit_from or g.active_from
        hi = min(kid.exploit_to or g.active_to, self.n.active_until(g))
        if rng.random() < 0.5:
            self.n.ed_visit(kid, w.date_between(lo, hi), rng.choice(g.places), g.adults)
        if rng.random() < 0.4:
            self.care.assessment(
                kid,
                w.date_between(lo, hi),
                False,
                self.n.households.get(kid.household or ""),
                ("10A", "14A"),
            )

    def _school_concern(self, g: Group, kid: Person, day: date) -> None:
        w = self.w
        rng = w.rng
        school = kid.secondary
        if school is None:
            return
        vehicle = rng.choice(g.vehicles) if g.vehicles else None
        plate = plate_as_recorded(rng, vehicle.registration, 0.4, 0.1) if vehicle else None
        occurred = school_hours(rng, day)
        w.em.emit(
            school,
            "case_note",
            "CN",
            occurred,
            recorded(rng, occurred, "days"),
            (M(kid, "subject", "basic"),),
            vehicles=((vehicle, "seen", 0.4),) if vehicle else (),
            text=lambda n: text.concern_note(rng, n[kid.pid], kid.sex, None, None, plate),
        )

    def _clinic(self, g: Group, kid: Person, day: date) -> None:
        w = self.w
        rng = w.rng
        if kid.age_at(day) < 12:
            return
        reasons = [
            rng.choice(("sti", "emergency_contraception", "pregnancy")) if kid.sex == "F" else "sti"
        ]
        if reasons == ["pregnancy"] and rng.random() < 0.5:
            reasons.append("termination")
        companion = rng.choice(g.adults) if rng.random() < 0.3 else None
        persons = [M(kid, "subject", "full", kid.phones[0] if kid.phones else None)]
        if companion is not None:
            persons.append(M(companion, "associate", "alias"))
        occurred = daytime(rng, day)
        w.em.emit(
            w.county.clinic,
            "health_attendance",
            "SH",
            occurred,
            recorded(rng, occurred, "same_day"),
            persons,
            attributes={"setting": "sexual_health", "reasons": reasons},
            text=lambda n: text.clinic_text(
                rng, reasons, n[companion.pid] if companion else None, kid.sex
            ),
        )

    def _disclosure(self, g: Group, kid: Person, day: date, retract: bool) -> None:
        w = self.w
        rng = w.rng
        adult = rng.choice(g.adults)
        place = rng.choice(g.places)
        agency, to_role = rng.choice(
            (
                (w.county.csc, "social_worker"),
                (w.county.police, "police_officer"),
                (kid.secondary or w.county.csc, "teacher"),
            )
        )
        retracted = retract or rng.random() < 0.4
        occurred = daytime(rng, day)
        w.em.emit(
            agency,
            "disclosure",
            "DIS",
            occurred,
            recorded(rng, occurred, "days"),
            (M(kid, "subject"), M(adult, "suspect", "alias")),
            amend="reissue" if not retracted and rng.random() < 0.6 else "none",
            attributes={"to_role": to_role, "retracted": retracted},
            text=lambda n: text.disclosure_text(
                n[kid.pid], kid.sex, n[adult.pid], place_label(place)
            ),
        )

    # --- the network as a whole -----------------------------------------------------------
