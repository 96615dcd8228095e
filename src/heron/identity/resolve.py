"""Feature rows → persons: train, score candidate pairs, cluster under constraints.

Inputs too small to train on use the reference parameters (``heron.identity.reference``).

Owns the pure pipeline from a feature table to groups of mention keys, the same for the
store-backed service and for evaluation on synthetic data. It must not read or write the
store or assign person ids (``heron.identity.persons`` does both).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from heron.identity.cluster import Constraints, cluster_pairs
from heron.identity.features import rows_to_table
from heron.identity.linker import LinkEngine, ScoredPair, TrainedModel
from heron.identity.model import LinkModel
from heron.identity.reference import MIN_TRAINING_MENTIONS, reference_model


@dataclass(frozen=True, slots=True)
class Resolution:
    """Groups of mention keys (each key in exactly one), the links used, and the model."""

    groups: list[list[str]]
    pairs: list[ScoredPair]
    joins: list[ScoredPair]  # the pairs that joined clusters (a spanning forest)
    trained: TrainedModel
    threshold: float


def likely_twins(pairs: Iterable[ScoredPair], trained: TrainedModel) -> list[tuple[str, str]]:
    """Pairs with one date of birth but clearly different given names: twins or siblings.

    Relatives share a family name, an address and (twins) a date of birth, so treated as
    independent evidence these outweigh one disagreement. Two full given names with no
    spelling, nickname, prefix or sound relation, on the same full date of birth, are read
    as two people unless a person confirms otherwise.
    """
    names = trained.comparisons
    if "given_name" not in names or "birth" not in names:
        return []
    given, birth = names.index("given_name"), names.index("birth")
    same_dob = max(level.gamma for level in trained.levels[birth])
    return [
        (p.left, p.right)
        for p in pairs
        if p.gammas and p.gammas[given] == 0 and p.gammas[birth] == same_dob
    ]


MIN_TRAINING_PEOPLE = 200


def _trainable(rows: Sequence[Mapping[str, Any]]) -> bool:
    """Enough mentions, of enough different people, for training without labels to work.

    Random pairs must be mostly different people for the u probabilities to mean anything:
    3,000 mentions of one child (a single case file, say) would teach the model that
    agreeing on everything is common, and nothing would link.
    """
    if len(rows) < MIN_TRAINING_MENTIONS:
        return False
    people = {(r.get("given_primary"), r.get("family"), r.get("dob_year")) for r in rows}
    return len(people) >= MIN_TRAINING_PEOPLE


def resolve_rows(
    rows: Sequence[Mapping[str, Any]],
    model: LinkModel,
    engine: LinkEngine,
    seed: int = 1,
    must_not_link: Iterable[tuple[str, str]] = (),
    must_link: Iterable[tuple[str, str]] = (),
    trained: TrainedModel | None = None,
) -> Resolution:
    """Resolve feature rows into persons with ``model`` on ``engine``.

    ``trained`` reuses parameters trained before (e.g. by the previous run) instead of
    training again.

    ``must_link`` and ``must_not_link`` carry human decisions: confirmed pairs are merged
    first (still subject to the hard constraints), rejected pairs are never merged.
    """
    table = rows_to_table(rows)
    if trained is None and model.use_reference and not _trainable(rows):
        trained = reference_model(model.name, len(rows))
    elif trained is None:
        trained = engine.train(table, model, seed)
    pairs = engine.predict(table, trained, model.threshold) if rows else []
    must_link = sorted(must_link)
    if model.twin_rule:
        confirmed_pairs = {tuple(sorted(p)) for p in must_link}
        twins = [p for p in likely_twins(pairs, trained) if p not in confirmed_pairs]
        must_not_link = [*must_not_link, *twins]
    confirmed = [ScoredPair(a, b, float("inf"), 1.0, ()) for a, b in must_link if a != b]
    constraints = Constraints(
        birth_gap_days=model.hard_birth_gap_days, identifiers=model.hard_identifiers
    )
    clustering = cluster_pairs(rows, confirmed + pairs, model.threshold, constraints, must_not_link)
    return Resolution(
        groups=clustering.groups,
        pairs=pairs,
        joins=clustering.joins,
        trained=trained,
        threshold=model.threshold,
    )
