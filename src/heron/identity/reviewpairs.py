"""The pairs a person should look at: uncertain, kept apart by a hard rule, or confirmed by
a person but overridden by a hard rule.

Owns choosing, from a run's scored pairs and its persons, the strongest pair between each
two persons worth a review, and saying in words which hard rules keep them apart. Pure:
it must not score, cluster, or read the store (``heron.identity.review`` reads and ranks
what a run stored).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from heron.identity.cluster import Constraints, conflicts
from heron.identity.linker import ScoredPair

REVIEW_LOW = 0.2  # pairs from here up to the threshold are "uncertain", for review


@dataclass(frozen=True, slots=True)
class ReviewPair:
    """A pair worth a person's look: ``uncertain`` (a middle-band probability),
    ``kept_apart`` (above the threshold, but a hard rule kept their persons apart) or
    ``conflict`` (a person confirmed it, but a hard rule kept their persons apart)."""

    kind: str
    pair: ScoredPair
    rule: str | None = None


def review_pairs(
    pairs: Iterable[ScoredPair],
    groups: Sequence[Sequence[str]],
    rows: Mapping[str, Mapping[str, Any]],
    threshold: float,
    constraints: Constraints,
    rejected: Collection[tuple[str, ...]] = (),
    twins: Collection[tuple[str, str]] = (),
    low: float = REVIEW_LOW,
    confirmed: Iterable[tuple[str, str]] = (),
) -> list[ReviewPair]:
    """The strongest pair between each two persons that is uncertain (``low`` ≤
    probability < ``threshold``) or was kept apart by a hard rule; pairs a person already
    rejected are left out (decided). A ``confirmed`` pair whose mentions still ended in two
    persons (a hard rule overrode the confirmation) is a ``conflict`` for a person to
    resolve, and takes the place of any other entry between those two persons."""
    group_of = {key: index for index, group in enumerate(groups) for key in group}
    best: dict[tuple[int, int], ScoredPair] = {}
    scored: dict[tuple[str, str], ScoredPair] = {}
    for pair in pairs:
        scored[(pair.left, pair.right)] = pair
        if pair.match_probability < low or (pair.left, pair.right) in rejected:
            continue
        a, b = group_of.get(pair.left), group_of.get(pair.right)
        if a is None or b is None or a == b:
            continue
        slot = (min(a, b), max(a, b))
        if pair.outranks(best.get(slot)):
            best[slot] = pair
    twin_slots, rejected_slots = _crossing(twins, group_of), _crossing(rejected, group_of)
    overridden: dict[tuple[int, int], ReviewPair] = {}
    for left, right in sorted(confirmed):
        one, other = group_of.get(left), group_of.get(right)
        if one is None or other is None or one == other:
            continue
        slot = (min(one, other), max(one, other))
        if slot in overridden:
            continue
        # A pair blocking never found (or scored below ``low``) is scored when shown.
        pair = scored.get((left, right)) or ScoredPair(left, right, 0.0, 0.0, ())
        rules = _apart(groups[slot[0]], groups[slot[1]], rows, constraints,
                       slot in twin_slots, slot in rejected_slots)  # fmt: skip
        overridden[slot] = ReviewPair("conflict", pair, rules)
    out: list[ReviewPair] = []
    for slot, pair in sorted(best.items()):
        if slot in overridden:
            continue
        if pair.match_probability < threshold:
            out.append(ReviewPair("uncertain", pair))
            continue
        rule = _apart(groups[slot[0]], groups[slot[1]], rows, constraints,
                      slot in twin_slots, slot in rejected_slots)  # fmt: skip
        out.append(ReviewPair("kept_apart", pair, rule))
    out.extend(entry for _, entry in sorted(overridden.items()))
    return out


def _crossing(
    pairs: Iterable[tuple[str, ...]], group_of: Mapping[str, int]
) -> set[tuple[int, int]]:
    """The pairs of groups that one of ``pairs`` runs between."""
    out: set[tuple[int, int]] = set()
    for left, right in pairs:
        a, b = group_of.get(left), group_of.get(right)
        if a is not None and b is not None and a != b:
            out.add((min(a, b), max(a, b)))
    return out


def _apart(
    left: Sequence[str],
    right: Sequence[str],
    rows: Mapping[str, Mapping[str, Any]],
    constraints: Constraints,
    twins: bool = False,
    rejected: bool = False,
) -> str:
    """The hard rules that keep two persons apart, in words: the constraints on the two
    groups, and the cannot-link pairs (twins, a person's rejection) between them."""
    rules = conflicts(
        [rows[k] for k in left if k in rows], [rows[k] for k in right if k in rows], constraints
    )
    if twins:
        rules.append("same date of birth with clearly different given names (twins)")
    if rejected:
        rules.append("a person decided that two of their mentions are different people")
    return "; ".join(rules) or "a rule between other mentions of theirs"
