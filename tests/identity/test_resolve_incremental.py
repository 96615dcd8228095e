"""Clustering only what changed gives what clustering everyone onto the kept persons gives.

``resolve_incremental`` leaves out the kept persons no strong pair touches and keeps only
the strongest pair between a kept person and anything else. These tests compare it, on a
seeded synthetic county under one trained model, with clustering every mention with the
kept persons as initial clusters and every scored pair: the same persons, the same
joining links, the same review entries.
"""

from __future__ import annotations

import random

import pytest

from heron.access import system_actor
from heron.identity.cluster import Constraints, cluster_pairs
from heron.identity.features import feature_rows, load_mentions, rows_to_table
from heron.identity.linker import DuckDBEngine, TrainedModel
from heron.identity.model import heron_model
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
    pairs = engine.predict_touching(table, changed, trained, low)
    bridged = _bridged(pairs, kept, [], model.threshold)
    if bridged:
        seen = {(p.left, p.right) for p in pairs}
        among = engine.predict_touching(table, bridged, trained, low, among_only=True)
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
