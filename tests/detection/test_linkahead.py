"""Linking ahead in a second process on both backends: the worker opens the same database
(for PostgreSQL, the same schema through the URL's options) and every step gets its run."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from heron.access import system_actor
from heron.detection import parse_every, replay
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.models import IdentityRun

pytestmark = pytest.mark.slow
ACTOR = system_actor("test-linkahead")


def test_a_replay_links_ahead_on_either_backend(engine: Engine, tmp_path: Path) -> None:
    from heron.synth import SynthConfig, generate

    generate(SynthConfig(out=tmp_path, seed=5, children=120))
    ingest_paths(engine, [tmp_path / "records"], ACTOR, Settings())
    every = parse_every("1y")
    steps = list(
        replay(
            engine, ACTOR, datetime(2008, 12, 31), datetime(2011, 12, 31), every, link_ahead=True
        )
    )
    assert [s.as_of.year for s in steps] == [2008, 2009, 2010, 2011]
    assert len({s.result.run_id for s in steps}) == 4, "each date detected on its own run"
    assert steps[0].link_mode == "full" and steps[-1].mentions >= steps[0].mentions > 0
    with engine.connect() as conn:
        runs = conn.execute(select(func.count()).select_from(IdentityRun)).scalar_one()
    assert runs == 4, "the worker linked each date once, and detection linked nothing itself"
