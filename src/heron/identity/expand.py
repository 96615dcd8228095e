"""Scored pairs of distinct feature rows → the mention pairs clustering needs.

Many mentions normalise to exactly the same feature row (a child's school-attendance
records): Splink would score every pair of them and every pair between two such groups,
millions of pairs that all say the same. The engine scores each distinct row once, and
each group's row against itself (its "self pair": the score of any two of its members);
this module turns those scores back into mention pairs. It is pure: it must not run
Splink or DuckDB, cluster, or read the store.

Why it is enough. Clustering merges pairs strongest first. Within a group every pair has
the self pair's score, and two identical rows agree on everything, so that score is almost
always at least that of any pair the group has with another row: a star of pairs from
the group's first member to the others merges the whole group before any pair leaving it
is considered. After that, every pair between two groups joins the same two clusters, so
one pair (first member to first member) decides it. When a pair between two groups is
stronger than a group's self pair (or the group has none: blocking never pairs it with
itself, or it scores below the threshold), that side is expanded to all its members, as
Splink would have scored them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Score:
    """One scored pair as the engine reads it (ids as in the table scored)."""

    left: str
    right: str
    match_weight: float
    match_probability: float
    gammas: tuple[int, ...]
    weights: tuple[float, ...]


def expand_pairs(
    between: Iterable[Score],
    selves: Mapping[str, Score],
    members: Mapping[str, Sequence[str]],
) -> Iterator[tuple[str, str, Score]]:
    """Mention pairs (left < right) and their scores, from distinct-row pairs (``between``,
    ids are representatives),
    self pairs (by representative) and each multi-member group's members (sorted, the
    representative first). Representatives not in ``members`` stand for themselves."""
    for rep, self_pair in selves.items():
        group = members.get(rep, ())
        for other in group[1:]:
            yield _pair(rep, other, self_pair)
    for score in between:
        lefts = _side(score.left, score, selves, members)
        rights = _side(score.right, score, selves, members)
        for a in lefts:
            for b in rights:
                yield _pair(a, b, score)


def _side(
    rep: str, score: Score, selves: Mapping[str, Score], members: Mapping[str, Sequence[str]]
) -> Sequence[str]:
    group = members.get(rep)
    if not group:
        return (rep,)
    self_pair = selves.get(rep)
    if self_pair is not None and self_pair.match_weight >= score.match_weight:
        return (rep,)
    return group


def _pair(a: str, b: str, score: Score) -> tuple[str, str, Score]:
    return (a, b, score) if a < b else (b, a, score)
