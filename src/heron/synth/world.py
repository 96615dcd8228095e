"""The shared context every record generator works in: county, people, emitter and dates."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from heron.synth.emitter import Emitter
from heron.synth.places import County
from heron.synth.population import Person, Population, add_years


@dataclass(slots=True)
class World:
    rng: random.Random
    county: County
    pop: Population
    em: Emitter
    start: date
    end: date

    def date_between(self, lo: date, hi: date) -> date:
        lo = max(lo, self.start)
        hi = min(hi, self.end)
        if hi <= lo:
            return lo
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def span_years(self, lo: date, hi: date) -> float:
        lo = max(lo, self.start)
        hi = min(hi, self.end)
        return max(0.0, (hi - lo).days / 365.25)

    def child_window(self, kid: Person, min_age: int, max_age: int) -> tuple[date, date]:
        """Dates within the window when ``kid`` is aged ``min_age`` to ``max_age`` inclusive."""
        lo = max(self.start, add_years(kid.dob, min_age))
        hi = min(self.end, add_years(kid.dob, max_age + 1) - timedelta(days=1))
        return lo, hi

    def poisson(self, lam: float) -> int:
        if lam <= 0:
            return 0
        limit = math.exp(-lam)
        k = 0
        p = self.rng.random()
        while p > limit:
            k += 1
            p *= self.rng.random()
        return k

    def events(self, rate_per_year: float, lo: date, hi: date) -> list[date]:
        """Dates of a Poisson process of ``rate_per_year`` between ``lo`` and ``hi``."""
        years = self.span_years(lo, hi)
        n = self.poisson(rate_per_year * years)
        return sorted(self.date_between(lo, hi) for _ in range(n))
