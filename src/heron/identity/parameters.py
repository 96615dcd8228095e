"""A trained model's parameters: Splink's m and u per comparison level, bounded.

Owns turning trained (or stored, or shipped) Splink settings into a ``TrainedModel`` —
every level's weight, as Splink will apply it — and the bounds put on m and u on the way
(``bound_parameters``). Every path goes through ``trained_from_settings``: training, the
reference parameters, and a stored run's model read back, so each is bounded the same way.
It must not train or score anything.

Why bound: EM learns from the data it is given. Where a field never disagrees for one
person in that data (in the synthetic county nobody changes phone, and sex is never
mis-keyed), the m probability of "different" comes out near zero, and one disagreement
then weighs −50 to −270 bits: a single new phone number or keying slip would veto a link
that name, date of birth and address all support. Real records do change. So every level
below exact agreement keeps at least ``M_FLOOR`` of the matches (at most about −6.6 bits
for a disagreement whose u is near 1), identifiers issued to one person
(``IDENTIFIERS``: NHS number, UPN, PNC id) at least ``M_FLOOR_IDENTIFIER`` (about −13
bits: strong, but finite; two valid NHS numbers or UPNs are kept apart by the hard rules
in ``cluster`` anyway). The levels the floor lifts take that mass from the others in
proportion, so each comparison's m still sums to one. A u that sampling never saw is
set no lower than ``U_UNSEEN`` and so that the level is never stronger evidence than
exact agreement on the same comparison.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

M_FLOOR = 0.01
M_FLOOR_IDENTIFIER = 1e-4
IDENTIFIERS = frozenset({"nhs", "upn", "pnc"})
U_UNSEEN = 1e-6  # Splink's own value for a level sampling never observed


@dataclass(frozen=True, slots=True)
class LevelWeight:
    """One comparison level of a trained model and the evidence it carries."""

    comparison: str
    description: str
    gamma: int
    label: str
    weight: float  # log2 Bayes factor; 0 for a null level


@dataclass(frozen=True, slots=True)
class TrainedModel:
    """A trained model: its Splink settings with parameters, and each level's weight."""

    name: str
    splink_settings: dict[str, Any]
    prior_weight: float
    levels: tuple[tuple[LevelWeight, ...], ...]  # per comparison, per level

    @property
    def comparisons(self) -> list[str]:
        return [c[0].comparison for c in self.levels]

    def level(self, comparison_index: int, gamma: int) -> LevelWeight:
        for level in self.levels[comparison_index]:
            if level.gamma == gamma:
                return level
        raise KeyError(gamma)


def trained_from_settings(name: str, settings: Mapping[str, Any]) -> TrainedModel:
    """A ``TrainedModel`` from trained Splink settings (also rebuilt from a stored run)."""
    p = float(settings.get("probability_two_random_records_match") or 0.0)
    if not 1e-9 <= p <= 0.5:  # nothing found by the deterministic rules: a neutral prior
        p = 1e-4
    fixed = bound_parameters({**settings, "probability_two_random_records_match": p})
    return TrainedModel(
        name=name,
        splink_settings=fixed,
        prior_weight=math.log2(p / (1 - p)),
        levels=_levels(fixed),
    )


def _levels(settings: Mapping[str, Any]) -> tuple[tuple[LevelWeight, ...], ...]:
    out: list[tuple[LevelWeight, ...]] = []
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        gamma = sum(1 for lv in levels if not lv.get("is_null_level")) - 1
        rows: list[LevelWeight] = []
        for lv in levels:
            if lv.get("is_null_level"):
                g, weight = -1, 0.0
            else:
                g, gamma = gamma, gamma - 1
                weight = _weight(lv.get("m_probability"), lv.get("u_probability"))
            rows.append(
                LevelWeight(
                    comparison=comparison["output_column_name"],
                    description=comparison.get("comparison_description", ""),
                    gamma=g,
                    label=lv.get("label_for_charts", ""),
                    weight=weight,
                )
            )
        out.append(tuple(rows))
    return tuple(out)


def _weight(m: object, u: object) -> float:
    """log2(m/u); Splink writes "level not observed" for a level training never saw."""
    m_value = m if isinstance(m, float) else 1e-6 if isinstance(m, str) else None
    u_value = u if isinstance(u, float) else 1e-6 if isinstance(u, str) else None
    if not m_value or not u_value:
        return 0.0
    return math.log2(m_value / u_value)


def bound_parameters(settings: Mapping[str, Any]) -> dict[str, Any]:
    """``settings`` with every comparison's m and u bounded (see the module docstring).
    Idempotent: bounding bounded settings changes nothing."""
    return {
        **settings,
        "comparisons": [_bounded(comparison) for comparison in settings["comparisons"]],
    }


def _bounded(comparison: Mapping[str, Any]) -> dict[str, Any]:
    levels = [dict(level) for level in comparison["comparison_levels"]]
    scored = [level for level in levels if not level.get("is_null_level")]
    if not scored:
        return {**comparison, "comparison_levels": levels}
    name = comparison.get("output_column_name", "")
    floor = M_FLOOR_IDENTIFIER if name in IDENTIFIERS else M_FLOOR
    m = [_probability(level.get("m_probability")) or 0.0 for level in scored]
    u = _filled_u(m, [_probability(level.get("u_probability")) for level in scored], floor)
    # EM estimated nothing for this comparison (too few pairs record it): no evidence
    m = _floored(m, u, floor) if any(m) else [v / sum(u) for v in u]
    top_factor = m[0] / u[0]
    for i, level in enumerate(scored):
        level["m_probability"] = m[i]
        # below exact agreement, never stronger evidence than exact agreement
        ceiling = m[i] / top_factor if i > 0 and top_factor > 0 else 0.0
        # (a tolerance, so that bounding bounded parameters changes nothing at all)
        level["u_probability"] = ceiling if ceiling > u[i] * (1 + 1e-9) else u[i]
    return {**comparison, "comparison_levels": levels}


def _filled_u(m: Sequence[float], u: Sequence[float | None], floor: float) -> list[float]:
    """u where random sampling never saw the level: exact agreement is rarer than sampling
    could see (``U_UNSEEN``); the last level (disagreement) takes what the others leave;
    any other level seen among matches is rare too, and one seen nowhere carries no
    evidence either way (u = m)."""
    out: list[float] = []
    last = len(u) - 1
    for i, value in enumerate(u):
        if value is not None:
            out.append(value)
        elif i == 0:
            out.append(U_UNSEEN)
        elif i == last:
            out.append(max(1.0 - sum(v for v in u[:last] if v is not None), U_UNSEEN))
        else:
            out.append(U_UNSEEN if m[i] >= floor else max(m[i], floor))
    return out


def _floored(m: Sequence[float], u: Sequence[float], floor: float) -> list[float]:
    """m with each level below exact agreement that is evidence against (m < u) lifted to
    at least ``min(floor, u)``: bounded, never turned into evidence for. The others share
    what is left in proportion, so m still sums to one."""
    settled = all(m[i] >= min(floor, u[i]) for i in range(1, len(m)))
    if settled and m[0] > 0 and abs(sum(m) - 1) < 1e-9:
        return list(m)  # already bounded
    lifted: dict[int, float] = {}
    while True:  # scaling can take another level below its bound: lift it too
        spare = max(1.0 - sum(lifted.values()), 0.0)
        kept = [i for i in range(len(m)) if i not in lifted]
        total = sum(m[i] for i in kept)
        scale = spare / total if total > 0 else 0.0
        out = [lifted[i] if i in lifted else m[i] * scale for i in range(len(m))]
        out[0] = max(out[0], U_UNSEEN)  # exact agreement that EM never saw: still possible
        low = {i: min(floor, u[i]) for i in kept if i > 0 and out[i] < min(floor, u[i])}
        if not low:
            return out
        lifted.update(low)


def _probability(value: object) -> float | None:
    """A trained probability, or None where Splink has none ("level not observed")."""
    return float(value) if isinstance(value, int | float) and value > 0 else None
