"""Feature rows → persons: train, score candidate pairs, cluster under constraints.

Inputs too small to train on use the reference parameters (``heron.identity.reference``).

Owns the pure pipeline from a feature table to groups of mention keys, the same for the
store-backed service and for evaluation on synthetic data. It must not read or write the
store or assign person ids (``heron.identity.persons`` does both).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa  # pyarrow ships no type hints
import pyarrow.compute as pc

from heron.identity.cluster import Constraints, cluster_pairs
from heron.identity.features import rows_to_table
from heron.identity.linker import LinkEngine, ScoredPair, TrainedModel
from heron.identity.model import LinkModel
from heron.identity.reference import MIN_TRAINING_MENTIONS, reference_model
from heron.identity.reviewpairs import REVIEW_LOW as REVIEW_LOW
from heron.identity.reviewpairs import ReviewPair as ReviewPair
from heron.identity.reviewpairs import review_pairs as review_pairs


@dataclass(frozen=True, slots=True)
class Resolution:
    """Groups of mention keys (each key in exactly one), the links used, and the model."""

    groups: list[list[str]]
    pairs: list[ScoredPair]
    joins: list[ScoredPair]  # the pairs that joined clusters (a spanning forest)
    trained: TrainedModel
    threshold: float
    review: list[ReviewPair] = field(default_factory=list)
    relinked: frozenset[str] = frozenset()  # an incremental run: the mentions linked afresh


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
    pairs = engine.predict(table, trained, min(REVIEW_LOW, model.threshold)) if rows else []
    return _cluster(rows, pairs, model, trained, must_link, must_not_link)


def _cluster(
    rows: Sequence[Mapping[str, Any]],
    pairs: list[ScoredPair],
    model: LinkModel,
    trained: TrainedModel,
    must_link: Iterable[tuple[str, str]],
    must_not_link: Iterable[tuple[str, str]],
) -> Resolution:
    must_link = sorted(must_link)
    twins, constraints, rejected = _rules(pairs, (), model, trained, must_link, must_not_link)
    confirmed = [ScoredPair(a, b, float("inf"), 1.0, ()) for a, b in must_link if a != b]
    clustering = cluster_pairs(
        rows, [*confirmed, *pairs], model.threshold, constraints, [*rejected, *twins]
    )
    review = review_pairs(
        pairs,
        clustering.groups,
        {str(r["unique_id"]): r for r in rows},
        model.threshold,
        constraints,
        rejected=set(rejected),
        twins=set(twins),
        confirmed=must_link,
    )
    return Resolution(
        groups=clustering.groups,
        pairs=[p for p in pairs if p.match_probability >= model.threshold],
        joins=clustering.joins,
        trained=trained,
        threshold=model.threshold,
        review=review,
    )


def _rules(
    pairs: Sequence[ScoredPair],
    carried: Sequence[ScoredPair],
    model: LinkModel,
    trained: TrainedModel,
    must_link: Sequence[tuple[str, str]],
    must_not_link: Iterable[tuple[str, str]],
) -> tuple[list[tuple[str, str]], Constraints, list[tuple[str, str]]]:
    """The twin pairs (unless confirmed), the hard constraints and the rejected pairs."""
    rejected = [(min(a, b), max(a, b)) for a, b in must_not_link]
    twins: list[tuple[str, str]] = []
    if model.twin_rule:
        confirmed_pairs = {tuple(sorted(p)) for p in must_link}
        candidates = [*pairs, *carried]
        twins = [p for p in likely_twins(candidates, trained) if p not in confirmed_pairs]
    constraints = Constraints(
        birth_gap_days=model.hard_birth_gap_days, identifiers=model.hard_identifiers
    )
    return twins, constraints, rejected


def resolve_incremental(
    table: pa.Table,
    changed: Collection[str],
    kept: Sequence[Sequence[str]],
    model: LinkModel,
    engine: LinkEngine,
    trained: TrainedModel,
    must_not_link: Iterable[tuple[str, str]] = (),
    must_link: Iterable[tuple[str, str]] = (),
    carried_review: Sequence[ScoredPair] = (),
    weakest: Sequence[float] = (),
) -> Resolution:
    """Place the ``changed`` mentions (new, re-featured, or freed from a person that lost a
    mention) among the ``kept`` groups of the previous run, which stay as they were.

    ``table`` holds the feature rows of every visible mention (``SCHEMA``). Only pairs
    touching a changed mention are scored (against everyone, term frequencies from the
    whole table), plus, where changed mentions would bridge two kept groups, the pairs
    between those groups, so that the twin rule sees them as a full run would. Only the
    kept groups such pairs (or decisions) touch are clustered again; the rest cannot
    change, and come back as they were.

    ``weakest`` gives each kept group's weakest joining link in the previous run. A full
    run merges in one global order, strongest first: a new pair stronger than a kept
    group's weakest join is merged before that group was whole, and if a hard rule then
    kept the two apart, the group may not have formed as it did. Such a group is
    unsettled: its mentions are linked afresh with the changed ones, until none is.
    """
    low = min(REVIEW_LOW, model.threshold)
    changed, kept, weakest = set(changed), [list(g) for g in kept], list(weakest)
    must_link = sorted(must_link)
    with engine.touching(table, trained, low) as score:
        pairs = score(changed)
        covered: set[str] = set()  # kept mentions whose pairs across kept groups are scored
        known: dict[str, dict[str, Any]] = {}
        while True:
            carried = [
                p for p in carried_review if p.left not in changed and p.right not in changed
            ]
            # Kept groups a previous review pair joins were kept apart by a rule the pairs
            # between them show (twins on another pair, say): score those pairs again too.
            # Pairs within one kept group cannot change it (its mentions stay one cluster),
            # so they are left out; a later round only scores what it adds.
            bridged = _bridged([*pairs, *carried], kept, must_link, model.threshold)
            if not bridged <= covered:
                apart = {k: i for i, group in enumerate(kept) for k in group if k in bridged}
                pairs = _merged(pairs, score(bridged - covered, apart))
                covered = bridged
            result = _place(table, changed, kept, pairs, carried, model, trained, must_link,
                            must_not_link, known)  # fmt: skip
            unsettled = _unsettled(pairs, changed, kept, weakest, result.groups, model.threshold)
            if not unsettled:
                return result
            freed = {k for i in unsettled for k in kept[i]}
            kept = [g for i, g in enumerate(kept) if i not in unsettled]
            weakest = [w for i, w in enumerate(weakest) if i not in unsettled]
            changed |= freed
            pairs = _merged(pairs, score(freed))


def _merged(pairs: list[ScoredPair], more: Iterable[ScoredPair]) -> list[ScoredPair]:
    seen = {(p.left, p.right) for p in pairs}
    return pairs + [p for p in more if (p.left, p.right) not in seen]


def _place(
    table: pa.Table,
    changed: set[str],
    kept: Sequence[Sequence[str]],
    pairs: list[ScoredPair],
    carried_review: Sequence[ScoredPair],
    model: LinkModel,
    trained: TrainedModel,
    must_link: Sequence[tuple[str, str]],
    must_not_link: Iterable[tuple[str, str]],
    known: dict[str, dict[str, Any]],
) -> Resolution:
    """Cluster the changed mentions onto the kept groups, given the scored pairs
    (``known``: the hard rules' columns read so far, by key)."""
    candidates = [*pairs, *carried_review]
    strong = {
        k for p in candidates if p.match_probability >= model.threshold for k in (p.left, p.right)
    }
    touched = changed.union(strong, *must_link)
    group_of = {key: i for i, group in enumerate(kept) for key in group}
    hit = {group_of[k] for k in touched if k in group_of}
    active = [g for i, g in enumerate(kept) if i in hit]
    still = [list(g) for i, g in enumerate(kept) if i not in hit]
    rows = _constraint_rows(table, changed.union(*active), model, known)
    twins, constraints, rejected = _rules(pairs, carried_review, model, trained, must_link,
                                          must_not_link)  # fmt: skip
    confirmed = [ScoredPair(a, b, float("inf"), 1.0, ()) for a, b in must_link if a != b]
    candidates = _strongest(candidates, kept, set(rejected))
    # A kept group that no strong pair or decision touches cannot change: leave it out.
    clustering = cluster_pairs(
        list(rows.values()), [*confirmed, *candidates], model.threshold, constraints,
        [*rejected, *twins], active,
    )  # fmt: skip
    groups = sorted([*clustering.groups, *still], key=lambda g: g[0])
    review = review_pairs(
        candidates, groups, rows, model.threshold, constraints, set(rejected), set(twins),
        confirmed=must_link,
    )  # fmt: skip
    return Resolution(
        groups=groups,
        pairs=[p for p in pairs if p.match_probability >= model.threshold],
        joins=clustering.joins,
        trained=trained,
        threshold=model.threshold,
        review=review,
        relinked=frozenset(changed),
    )


def _unsettled(
    pairs: Iterable[ScoredPair],
    changed: Collection[str],
    kept: Sequence[Sequence[str]],
    weakest: Sequence[float],
    groups: Sequence[Sequence[str]],
    threshold: float,
) -> set[int]:
    """Kept groups that a strong new pair, left unmerged, touches at a weight of at least
    the group's weakest join (see ``resolve_incremental``)."""
    if not weakest:
        return set()
    final = {key: i for i, group in enumerate(groups) for key in group}
    group_of = {key: i for i, group in enumerate(kept) for key in group}
    out: set[int] = set()
    for p in pairs:
        if p.match_probability < threshold or final.get(p.left) == final.get(p.right):
            continue
        if p.left not in changed and p.right not in changed:
            continue  # an old pair between kept groups: merged in the same order as before
        for key in (p.left, p.right):
            index = group_of.get(key)
            if index is not None and p.match_weight >= weakest[index]:
                out.add(index)
    return out


def _strongest(
    pairs: Sequence[ScoredPair],
    kept: Sequence[Sequence[str]],
    rejected: Collection[tuple[str, str]],
) -> list[ScoredPair]:
    """The first pair in merge order (strongest, then by keys) between each two of: a kept
    group, a mention in none. A kept group is one cluster from the start and only grows,
    so the other pairs between the same two would join the same two clusters later, when
    the hard rules (which only tighten as clusters grow) forbid it if they forbade the
    first; and the review takes the strongest too. (Twins are found on all pairs first.)"""
    unit = {key: f"g{i}" for i, group in enumerate(kept) for key in group}
    best: dict[tuple[str, str], ScoredPair] = {}
    for pair in pairs:
        a, b = unit.get(pair.left, pair.left), unit.get(pair.right, pair.right)
        if a == b or (pair.left, pair.right) in rejected:
            continue
        slot = (a, b) if a < b else (b, a)
        if pair.outranks(best.get(slot)):
            best[slot] = pair
    return list(best.values())


def _constraint_rows(
    table: pa.Table, keys: Collection[str], model: LinkModel, known: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The columns the hard rules read, for these mentions only, by mention key; rows
    already in ``known`` are taken from it, and the others added to it."""
    missing = [k for k in keys if k not in known]
    if missing:
        wanted = pa.array(missing, type=pa.string())
        chosen = table.filter(pc.is_in(table.column("unique_id"), value_set=wanted))
        columns = ["unique_id", "birth_lo", "birth_hi", "seen_on", *model.hard_identifiers]
        values = [chosen.column(c).to_pylist() for c in columns]
        known.update(
            (row[0], dict(zip(columns, row, strict=True))) for row in zip(*values, strict=True)
        )
    return {k: known[k] for k in keys if k in known}


def _bridged(
    pairs: Sequence[ScoredPair],
    kept: Sequence[Sequence[str]],
    must_link: Iterable[tuple[str, str]],
    threshold: float,
) -> set[str]:
    """Members of kept groups that strong pairs (ignoring the hard rules) would chain
    together with another kept group."""
    group_of = {key: index for index, group in enumerate(kept) for key in group}
    parent: dict[str, str] = {}

    def node(key: str) -> str:
        index = group_of.get(key)
        return f"g{index}" if index is not None else f"m{key}"

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    links = [(p.left, p.right) for p in pairs if p.match_probability >= threshold]
    for left, right in [*links, *must_link]:
        a, b = find(node(left)), find(node(right))
        if a != b:
            parent[a] = b
    members: dict[str, list[int]] = {}
    for index in range(len(kept)):
        members.setdefault(find(f"g{index}"), []).append(index)
    return {k for groups in members.values() if len(groups) > 1 for i in groups for k in kept[i]}
