"""Children's social care and ordinary missing episodes: family and individual referrals,
assessments with Children in Need factor codes, case notes, care placements and the ordinary
runaways (from home and from care) that make up most missing reports.
"""

from __future__ import annotations

from datetime import date, timedelta

from heron.synth import text
from heron.synth.emitter import M
from heron.synth.population import Household, Person, Placement
from heron.synth.timeutil import any_time, daytime, night_start, recorded
from heron.synth.world import World

BACKGROUND_FACTORS = ("1B", "2B", "3A", "3B", "4B", "4A", "14A", "16A", "17A", "5A", "6A", "7A")
_REFERRERS = (
    ("police", "6"),
    ("education", "2A"),
    ("health", "3E"),
    ("health", "3A"),
    ("family", "1A"),
    ("social_care", "5D"),
    ("anonymous", "9"),
)
_OUTCOMES = ("nfa", "nfa", "assessment", "assessment", "early_help", "s47")


def plan_family_referrals(world: World) -> dict[str, list[date]]:
    """Dates of whole-family referrals, decided before streaming so decoys can be listed."""
    plan: dict[str, list[date]] = {}
    for hh in world.pop.households:
        if len(hh.children) == 0:
            continue
        dates = world.events(0.03, world.start, world.end)
        if dates:
            plan[hh.hid] = dates
    families = [hh for hh in world.pop.households if len(hh.children) >= 2]
    if families and not any(hh.hid in plan for hh in families):
        # Even the smallest county has one family referral naming siblings together.
        hh = world.rng.choice(families)
        youngest = max(k.dob for k in hh.children)
        plan[hh.hid] = [world.date_between(max(youngest, world.start), world.end)]
    return plan


class Care:
    """Social care and ordinary missing records for one household at a time."""

    def __init__(self, world: World, family_referrals: dict[str, list[date]]) -> None:
        self.w = world
        self.family_referrals = family_referrals

    def household(self, hh: Household) -> None:
        for when in self.family_referrals.get(hh.hid, ()):
            self.family_referral(hh, when)
        for kid in hh.children:
            self.individual(kid, hh)
            for placement in kid.placements:
                self.placement(kid, placement)
            self.runaways(kid, hh)

    def family_referral(self, hh: Household, when: date) -> None:
        w = self.w
        rng = w.rng
        kids = [k for k in hh.children if k.dob <= when and k.age_at(when) < 18]
        if not kids:
            return
        sector, source = rng.choice(_REFERRERS)
        outcome = rng.choice(_OUTCOMES)
        occurred = daytime(rng, when)
        persons = [M(k, "subject") for k in kids] + [
            M(a, "parent", "full", hh.landline) for a in hh.adults
        ]
        w.em.emit(
            w.county.csc,
            "referral",
            "REF",
            occurred,
            recorded(rng, occurred, "days"),
            persons,
            attributes={"referrer_sector": sector, "referral_source": source, "outcome": outcome},
            text=rng.choice(
                (
                    "Concerns about home conditions and supervision.",
                    "Domestic abuse incident reported by police; children present.",
                    "School concerned about attendance and hygiene.",
                    "Parent asking for help with children's behaviour.",
                )
            ),
        )
        if outcome in ("assessment", "s47"):
            for kid in kids:
                self.assessment(kid, when, outcome == "s47", hh)

    def assessment(
        self,
        kid: Person,
        when: date,
        s47: bool,
        hh: Household | None,
        extra_codes: tuple[str, ...] = (),
    ) -> None:
        w = self.w
        rng = w.rng
        codes = (
            ["21"]
            if rng.random() < 0.15 and not extra_codes
            else sorted(set(rng.sample(BACKGROUND_FACTORS, rng.randint(1, 3))) | set(extra_codes))
        )
        occurred = daytime(rng, when + timedelta(days=rng.randint(1, 10)))
        persons = [M(kid, "subject")]
        if hh is not None and hh.adults:
            persons.append(M(hh.adults[0], "parent", "basic"))
        w.em.emit(
            w.county.csc,
            "assessment",
            "ASM",
            occurred,
            recorded(rng, occurred, "assessment"),
            persons,
            codes=codes,
            attributes={
                "kind": "s47" if s47 else "single",
                "outcome": rng.choice(("nfa", "cin_plan", "early_help", "cp_plan")),
            },
            text=lambda names: text.neutral_note(rng, names[kid.pid], kid.sex),
        )

    def individual(self, kid: Person, hh: Household) -> None:
        w = self.w
        rng = w.rng
        lo, hi = w.child_window(kid, 11, 17)
        for when in w.events(0.02, lo, hi):
            sector, source = rng.choice(_REFERRERS)
            outcome = rng.choice(_OUTCOMES)
            occurred = daytime(rng, when)
            w.em.emit(
                w.county.csc,
                "referral",
                "REF",
                occurred,
                recorded(rng, occurred, "days"),
                (M(kid, "subject"),),
                attributes={
                    "referrer_sector": sector,
                    "referral_source": source,
                    "outcome": outcome,
                },
                text="Referral received; information gathered from partner agencies.",
            )
            if outcome in ("assessment", "s47"):
                self.assessment(kid, when, outcome == "s47", hh)
                for note_day in w.events(4.0, when, when + timedelta(days=120)):
                    self.case_note(kid, note_day, blaming=rng.random() < 0.06)

    def case_note(
        self,
        kid: Person,
        when: date,
        blaming: bool,
        adult: Person | None = None,
        concern: bool = False,
    ) -> None:
        w = self.w
        rng = w.rng
        occurred = daytime(rng, when)
        persons = [M(kid, "subject")]
        if not (blaming or concern):
            adult = None  # a routine note names only the child
        if adult is not None:
            persons.append(M(adult, "associate", "alias"))

        def note(names: dict[str, str]) -> str:
            child = names[kid.pid]
            other = names.get(adult.pid) if adult is not None else None
            if blaming:
                adult_age = adult.age_at(when) if adult is not None else None
                return text.blaming_note(rng, child, kid.sex, other, kid.age_at(when), adult_age)
            if concern:
                return text.concern_note(rng, child, kid.sex, other, None, None)
            return text.neutral_note(rng, child, kid.sex)

        w.em.emit(
            w.county.csc,
            "case_note",
            "CN",
            occurred,
            recorded(rng, occurred, "days"),
            persons,
            text=note,
        )

    def placement(self, kid: Person, placement: Placement) -> None:
        w = self.w
        rng = w.rng
        occurred = daytime(rng, placement.start)
        persons = [M(kid, "subject")] + [M(c, "carer", "basic") for c in placement.carers[:1]]
        w.em.emit(
            w.county.csc,
            "placement",
            "PLC",
            occurred,
            recorded(rng, occurred, "days"),
            persons,
            ended=placement.end,
            attributes={"placement_type": placement.kind, "location": placement.location},
            text=f"Placement started ({placement.kind.replace('_', ' ')}).",
        )
        lo = placement.start
        hi = placement.end or w.end
        for when in w.events(3.0, lo, hi):
            self.case_note(kid, when, blaming=rng.random() < 0.04)

    def runaways(self, kid: Person, hh: Household) -> None:
        w = self.w
        lo, hi = w.child_window(kid, 11, 17)
        if lo >= hi:
            return
        home_rate = 0.025
        for when in w.events(home_rate, lo, hi):
            self.missing(kid, hh, when, None)
        for placement in kid.placements:
            rate = {
                "childrens_home": 0.8,
                "foster": 0.2,
                "semi_independent": 0.3,
                "out_of_area": 0.0,
                "secure": 0.0,
            }.get(placement.kind, 0.1)
            p_lo = max(lo, placement.start)
            p_hi = min(hi, placement.end or w.end)
            for when in w.events(rate, p_lo, p_hi):
                self.missing(kid, hh, when, placement)

    def missing(self, kid: Person, hh: Household, when: date, placement: Placement | None) -> None:
        """An ordinary missing episode: back by morning, or found at a friend's home."""
        w = self.w
        rng = w.rng
        start = night_start(rng, when) if rng.random() < 0.8 else any_time(rng, when)
        back = start + timedelta(hours=rng.uniform(2, 26))
        if placement is not None and placement.carers:
            reporter = M(rng.choice(placement.carers), "reporter", "basic")
            reported_by = "childrens_home" if placement.kind == "childrens_home" else "carer"
        elif hh.adults:
            reporter = M(rng.choice(hh.adults), "reporter", "basic", hh.landline)
            reported_by = "parent"
        else:
            return
        found_home = None
        if rng.random() < 0.4 and w.pop.households:
            found_home = rng.choice(w.pop.households).home
        absent_only = rng.random() < 0.15
        attrs: dict[str, object] = {"reported_by": reported_by}
        if found_home is not None:
            attrs["found_at"] = found_home
        attrs["return_interview"] = {
            "offered": placement is not None or rng.random() < 0.6,
            "done": False,
        }
        attrs["absent_only"] = absent_only
        from_where = "placement" if placement is not None else "home address"

        def body(names: dict[str, str]) -> str:
            return text.missing_text(
                rng,
                names[kid.pid],
                kid.sex,
                from_where,
                back.strftime("%H:%M next day")
                if back.date() > when
                else back.strftime("at %H:%M"),
                "a friend's address" if found_home else None,
                [],
            )

        w.em.emit(
            w.county.police,
            "missing_episode",
            "MIS",
            start,
            recorded(rng, start, "same_day"),
            (M(kid, "missing_person"), reporter),
            ended=back,
            location=kid.address_at(when),
            attributes=attrs,
            text=body,
        )
        if placement is not None and rng.random() < 0.4:
            w.em.emit(
                w.county.csc,
                "missing_episode",
                "MFC",
                start,
                recorded(rng, start, "next_day"),
                (M(kid, "missing_person"),),
                ended=back,
                attributes={"reported_by": reported_by, "absent_only": absent_only},
                text="Notification of missing from care episode.",
            )
