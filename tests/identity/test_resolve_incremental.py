"""Clustering only what changed gives what clustering everyone onto the kept persons gives.

``resolve_incremental`` leaves out the kept persons no strong pair touches and keeps only
the strongest pair between a kept person and anything else. These tests compare it, on a
seeded synthetic county under one trained model, with clustering every mention with the
kept persons as initial clusters and every scored pair: the same persons, the same
joining links, the same review entries.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from heron.access import system_actor
from heron.identity.cluster import Constraints, cluster_pairs
from heron.identity.features import SCHEMA, feature_rows, load_mentions, rows_to_table
from heron.identity.linker import DuckDBEngine, PairsTouching, ScoredPair, TrainedModel
from heron.identity.model import LinkModel, heron_model
from heron.identity.reference import reference_model
from heron.identity.resolve import (
    REVIEW_LOW,
    _bridged,
    likely_twins,
    resolve_incremental,
    resolve_rows,
    review_pairs,
)
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.db import open_store
from heron.synth import SynthConfig, generate

ACTOR = system_actor("test-resolve-incremental")


@pytest.fixture(scope="module")
def county(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[dict[str, object]], TrainedModel]:
    folder = tmp_path_factory.mktemp("resolve-incremental")
    generate(SynthConfig(out=folder, seed=6, children=60))
    engine = open_store(f"sqlite:///{folder / 'heron.db'}")
    ingest_paths(engine, [folder / "records"], ACTOR, Settings())
    rows = [dict(r) for r in feature_rows(load_mentions(engine, ACTOR, None))]
    trained = DuckDBEngine().train(rows_to_table(rows), heron_model(), seed=1)
    return rows, trained


@pytest.mark.parametrize("share", [0.05, 0.3])
def test_only_what_changed_is_clustered_as_everyone_would_be(
    county: tuple[list[dict[str, object]], TrainedModel], share: float
) -> None:
    rows, trained = county
    model, engine = heron_model(), DuckDBEngine()
    persons = resolve_rows(rows, model, engine, trained=trained).groups
    random.seed(len(rows))
    changed = {str(r["unique_id"]) for r in rows if random.random() < share}
    kept = [g for group in persons if (g := [k for k in group if k not in changed])]
    table = rows_to_table(rows)
    result = resolve_incremental(table, changed, kept, model, engine, trained)

    low = min(REVIEW_LOW, model.threshold)
    with engine.touching(table, trained, low) as score:
        pairs = score(changed)
        bridged = _bridged(pairs, kept, [], model.threshold)
        if bridged:  # every pair among them, within a kept person too
            seen = {(p.left, p.right) for p in pairs}
            among = score(bridged, {k: n for n, k in enumerate(sorted(bridged))})
            pairs += [p for p in among if (p.left, p.right) not in seen]
    twins = likely_twins(pairs, trained)
    rules = Constraints(model.hard_birth_gap_days, model.hard_identifiers)
    everyone = cluster_pairs(rows, pairs, model.threshold, rules, twins, kept)
    by_key = {str(r["unique_id"]): r for r in rows}
    review = review_pairs(pairs, everyone.groups, by_key, model.threshold, rules, twins=twins)

    assert 0 < len(changed) < len(rows) and result.joins
    assert result.groups == everyone.groups
    assert {(p.left, p.right) for p in result.joins} == {(p.left, p.right) for p in everyone.joins}
    assert {(r.kind, r.pair.match_weight, r.rule) for r in result.review} == {
        (r.kind, r.pair.match_weight, r.rule) for r in review
    }


class _Scored:
    """A ``LinkEngine`` that returns given scored pairs (no Splink): ``predict`` all of
    them, ``touching`` those with a side in ``keys`` (and, given ``apart``, both sides in
    it under different values)."""

    def __init__(self, pairs: list[ScoredPair]) -> None:
        self.pairs = pairs

    def train(self, features: pa.Table, model: LinkModel, seed: int) -> TrainedModel:
        raise NotImplementedError

    def predict(
        self, features: pa.Table, trained: TrainedModel, threshold: float
    ) -> list[ScoredPair]:
        return [p for p in self.pairs if p.match_probability >= threshold]

    def score(
        self, left: Mapping[str, Any], right: Mapping[str, Any], trained: TrainedModel
    ) -> ScoredPair:
        raise NotImplementedError

    @contextmanager
    def touching(
        self, features: pa.Table, trained: TrainedModel, threshold: float
    ) -> Iterator[PairsTouching]:
        def pairs(
            keys: Collection[str], apart: Mapping[str, int] | None = None
        ) -> list[ScoredPair]:
            return [
                p for p in self.predict(features, trained, threshold)
                if (p.left in keys or p.right in keys) and (apart is None or (
                    p.left in apart and p.right in apart and apart[p.left] != apart[p.right]
                ))
            ]  # fmt: skip

        yield pairs


def _pair(left: str, right: str, weight: float, twins: bool = False) -> ScoredPair:
    """A pair at ``weight`` (probability from a prior of 1:1000); ``twins`` gives it the
    levels of the twin rule (same date of birth, different given names)."""
    trained = reference_model("heron", 100)
    gammas = [-1] * len(trained.comparisons)
    if twins:
        gammas[trained.comparisons.index("given_name")] = 0
        gammas[trained.comparisons.index("birth")] = 10
    probability = 1 / (1 + 2 ** -(weight - 10))
    return ScoredPair(left, right, weight, probability, tuple(gammas))


def _table(born: dict[str, date | None]) -> pa.Table:
    rows = [
        {**dict.fromkeys(SCHEMA.names), "unique_id": key, "birth_lo": b, "birth_hi": b}
        for key, b in sorted(born.items())
    ]
    return rows_to_table(rows)


def _both(
    pairs: list[ScoredPair], born: dict[str, date | None], new: set[str], weakest: list[float],
    kept: list[list[str]], carried: list[ScoredPair] = [],  # noqa: B006
) -> tuple[list[list[str]], list[list[str]]]:  # fmt: skip
    """(incremental, full) persons of the same scored pairs."""
    model, engine, trained = heron_model(), _Scored(pairs), reference_model("heron", 100)
    table = _table(born)
    rows = table.to_pylist()
    full = resolve_rows(rows, model, engine, trained=trained).groups
    incremental = resolve_incremental(
        table, new, kept, model, engine, trained, carried_review=carried, weakest=weakest
    ).groups
    return incremental, full


def test_a_new_pair_stronger_than_a_kept_persons_weakest_join_relinks_that_person() -> None:
    """``b`` joined ``a`` at weight 12. A new mention ``n``, a child, pairs with ``b`` at
    weight 20: a full run merges ``b`` and ``n`` first, and then a child and an adult
    (``a``) cannot be one person; kept as it was, ``a`` + ``b`` would shut ``n`` out."""
    born = {"a": date(1970, 1, 1), "b": None, "n": date(2000, 1, 1)}
    pairs = [_pair("a", "b", 12), _pair("b", "n", 20)]
    incremental, full = _both(pairs, born, {"n"}, [12.0], [["a", "b"]])
    assert full == [["a"], ["b", "n"]]
    assert incremental == full


def test_kept_persons_a_review_pair_joins_keep_the_rule_that_parted_them() -> None:
    """Twins (``a2``, ``b2``) kept two persons apart whose strongest pair (``a1``, ``b1``)
    is in the review queue; a new mention joining one of them must not merge the two."""
    born = {k: None for k in ("a1", "a2", "b1", "b2", "n")}
    pairs = [
        _pair("a1", "a2", 30), _pair("b1", "b2", 30), _pair("a1", "n", 28),
        _pair("a1", "b1", 24), _pair("a2", "b2", 9, twins=True),
    ]  # fmt: skip
    kept = [["a1", "a2"], ["b1", "b2"]]
    incremental, full = _both(pairs, born, {"n"}, [30.0, 30.0], kept, [pairs[3]])
    assert full == [["a1", "a2", "n"], ["b1", "b2"]]
    assert incremental == full
