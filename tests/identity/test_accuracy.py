"""Correctness on seeded synthetic counties with planted truth: precision and recall floors.

Like Splink's convergence tests, these train without labels and then check the result
against the truth the generator planted. Three seeds, small counties, a few seconds each.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path

import orjson
import pytest

from heron.access import system_actor
from heron.identity.evaluate import Evaluation, evaluate, read_truth
from heron.identity.features import load_mentions
from heron.identity.model import heron_model
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.db import open_store
from heron.synth import SynthConfig, generate

ACTOR = system_actor("test-accuracy")
SEEDS = (11, 12, 13)


def _persons(county: Path) -> dict[str, dict[str, object]]:
    with gzip.open(county / "truth" / "persons.jsonl.gz", "rb") as handle:
        return {row["id"]: row for row in map(orjson.loads, handle)}


def _mentions_with_age(county: Path) -> set[str]:
    engine = open_store(f"sqlite:///{county / 'heron.db'}")
    mentions = load_mentions(engine, ACTOR, None)
    engine.dispose()
    return {m.mention_key for m in mentions if m.date_of_birth or m.age is not None}


@pytest.fixture(scope="module", params=SEEDS)
def county(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Evaluation, list[list[str]]]:
    folder = tmp_path_factory.mktemp(f"county{request.param}")
    generate(SynthConfig(out=folder, seed=request.param, children=150))
    engine = open_store(f"sqlite:///{folder / 'heron.db'}")
    ingest_paths(engine, [folder / "records"], ACTOR, Settings())
    mentions = load_mentions(engine, ACTOR, None)
    groups: list[list[str]] = []
    result = evaluate(mentions, read_truth(folder), heron_model(), seed=1, keep_groups=groups)
    engine.dispose()
    return folder, result, groups


def test_pairwise_and_bcubed_floors(county: tuple[Path, Evaluation, list[list[str]]]) -> None:
    _, result, _ = county
    assert result.mentions > 3000  # large enough to train rather than use the reference
    assert result.pairwise.precision >= 0.99, result.as_dict()
    assert result.pairwise.recall >= 0.87, result.as_dict()
    assert result.pairwise.f1 >= 0.93, result.as_dict()
    assert result.bcubed.precision >= 0.99, result.as_dict()
    assert result.bcubed.recall >= 0.94, result.as_dict()


def test_no_person_mixes_a_child_and_an_adult_or_two_household_members(
    county: tuple[Path, Evaluation, list[list[str]]],
) -> None:
    """Among mentions that say how old someone is: a mention with no date of birth or age
    ("Zoe Greenwood" in a youth-service note) can join the wrong Zoe Greenwood."""
    folder, _, groups = county
    truth, persons = read_truth(folder), _persons(folder)
    aged = _mentions_with_age(folder)
    mixed_age = mixed_household = 0
    for group in groups:
        people = {truth[k] for k in group if k in truth and k in aged}
        if len({persons[p]["is_child"] for p in people}) > 1:
            mixed_age += 1
        households: dict[object, set[str]] = defaultdict(set)
        for p in people:
            households[persons[p]["household"]].add(p)
        mixed_household += sum(1 for members in households.values() if len(members) > 1)
    assert mixed_age == 0
    assert mixed_household == 0
