"""Scoring each distinct feature row once gives the same links as scoring every mention.

``DuckDBEngine(collapse=True)`` (the default) scores identical feature rows once and
expands the result (``heron.identity.expand``); these tests compare it, on a seeded
synthetic county with term-frequency adjustments, with plain Splink on every mention
under one trained model: the same scores for the pairs it returns, the same persons.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from heron.access import system_actor
from heron.identity.expand import Score, expand_pairs
from heron.identity.features import (
    FeatureRow,
    feature_row,
    feature_rows,
    load_mentions,
    rows_to_table,
)
from heron.identity.linker import DuckDBEngine, ScoredPair, TrainedModel
from heron.identity.model import heron_model
from heron.identity.resolve import resolve_rows
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.db import open_store
from heron.synth import SynthConfig, generate

ACTOR = system_actor("test-collapse")
_ENGINE: list[Engine] = []


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[FeatureRow], TrainedModel]:
    folder = tmp_path_factory.mktemp("collapse")
    generate(SynthConfig(out=folder, seed=5, children=60))
    engine = open_store(f"sqlite:///{folder / 'heron.db'}")
    ingest_paths(engine, [folder / "records"], ACTOR, Settings())
    mentions = load_mentions(engine, ACTOR, None)
    _ENGINE[:] = [engine]
    rows = feature_rows(mentions)
    trained = DuckDBEngine(collapse=False).train(rows_to_table(rows), heron_model(), seed=1)
    return rows, trained


def _by_pair(pairs: list[ScoredPair]) -> dict[tuple[str, str], ScoredPair]:
    return {(p.left, p.right): p for p in pairs}


def test_the_county_has_many_identical_rows(county: tuple[list[FeatureRow], TrainedModel]) -> None:
    rows, _ = county
    distinct = {id(row.base) for row in rows}
    assert len(distinct) < 0.6 * len(rows)


def test_collapsed_pairs_score_as_plain_splink_does(
    county: tuple[list[FeatureRow], TrainedModel],
) -> None:
    rows, trained = county
    table = rows_to_table(rows)
    plain = _by_pair(DuckDBEngine(collapse=False).predict(table, trained, 0.2))
    collapsed = DuckDBEngine(collapse=True).predict(table, trained, 0.2)
    assert 0 < len(collapsed) < len(plain)
    for pair in collapsed:
        same = plain[(pair.left, pair.right)]  # every pair returned is one Splink finds
        assert pair.match_weight == pytest.approx(same.match_weight, abs=1e-6)
        assert pair.gammas == same.gammas
        assert pair.weights == pytest.approx(same.weights, abs=2e-3)


def test_collapsed_and_plain_find_the_same_persons(
    county: tuple[list[FeatureRow], TrainedModel],
) -> None:
    rows, trained = county
    model = heron_model()
    plain = resolve_rows(rows, model, DuckDBEngine(collapse=False), trained=trained)
    collapsed = resolve_rows(rows, model, DuckDBEngine(collapse=True), trained=trained)
    assert collapsed.groups == plain.groups
    assert len(plain.groups) < len(rows)


def test_shared_rows_make_the_same_table_as_plain_rows(
    county: tuple[list[FeatureRow], TrainedModel],
) -> None:
    rows, _ = county
    plain = [dict(row) for row in rows[:500]]
    assert rows_to_table(rows[:500]).equals(rows_to_table(plain))


def _score(left: str, right: str, weight: float) -> Score:
    return Score(left, right, weight, 0.9, (1,), (weight,))


def test_a_group_is_a_star_and_a_link_between_groups_one_pair() -> None:
    members = {"a1": ["a1", "a2", "a3"], "b1": ["b1", "b2"]}
    selves = {"a1": _score("a1|a", "a1|b", 20.0), "b1": _score("b1|a", "b1|b", 18.0)}
    pairs = sorted((a, b) for a, b, _ in expand_pairs([_score("b1", "a1", 9.0)], selves, members))
    assert pairs == [("a1", "a2"), ("a1", "a3"), ("a1", "b1"), ("b1", "b2")]


def test_a_side_stronger_outside_than_within_is_expanded() -> None:
    members = {"a1": ["a1", "a2"], "b1": ["b1", "b2"]}
    selves = {"a1": _score("a1|a", "a1|b", 5.0)}  # b1's rows never pair with each other
    pairs = sorted((a, b) for a, b, _ in expand_pairs([_score("a1", "b1", 9.0)], selves, members))
    assert pairs == [("a1", "a2"), ("a1", "b1"), ("a1", "b2"), ("a2", "b1"), ("a2", "b2")]


def test_feature_rows_match_feature_row(county: tuple[list[FeatureRow], TrainedModel]) -> None:
    rows, _ = county
    mentions = load_mentions(_ENGINE[0], ACTOR, None)
    assert [dict(r) for r in rows] == [feature_row(m) for m in mentions]
