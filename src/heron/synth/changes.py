"""Identity that changes over time: new phone numbers and new family names.

Real records about one person disagree for reasons beyond keying errors: a household gets
a new landline, a child a new mobile, a child takes a step-parent's surname or a
double-barrelled one. Planned once the population and the networks exist, from a random
stream of its own, so the rest of the county (its people, objects and records) is the
same as without these changes; ``heron.synth.noise.Renderer`` writes them into records.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from heron.synth import names
from heron.synth.population import Population, random_date

LANDLINE_CHANGE = 0.12  # households whose landline number changes during the window
MOBILE_CHANGE = 0.35  # children with a mobile who get a new number
SURNAME_CHANGE = 0.015  # children whose family name changes (step-family, double-barrelled)


def plan_changes(rng: random.Random, pop: Population, start: date, end: date) -> None:
    """Decide who changes number or name, and from when (see the module docstring)."""
    lo, hi = start + timedelta(days=365), end - timedelta(days=30)
    if hi <= lo:
        return
    for household in pop.households:
        old = household.landline
        if old is None or rng.random() >= LANDLINE_CHANGE:
            continue
        new = pop.new_phone(None, mobile=False)
        if new is not None:
            old.successor, old.changed_on = new, random_date(rng, lo, hi)
    for child in pop.children:
        if child.phones and rng.random() < MOBILE_CHANGE:
            old = child.phones[0]
            new = pop.new_phone(child, mobile=True)
            if new is not None:
                old.successor, old.changed_on = new, random_date(rng, lo, hi)
        if rng.random() < SURNAME_CHANGE:
            other = names.family_name(rng)
            if other == child.family:
                continue
            family = f"{child.family}-{other}" if rng.random() < 0.5 else other
            child.family_change = (random_date(rng, lo, hi), family)
