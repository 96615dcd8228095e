"""``heron detect`` and ``heron replay`` end to end on a small synthetic county.

One county is made and ingested per module; each test replays it in a fresh copy of the
store. The checks are about the pipeline's contract (what a replay keeps, what the export
says, what a person must do), not about detection quality, which ``make eval`` measures.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from heron.access import system_actor
from heron.alerts import alert_lines
from heron.cli.main import app
from heron.detection import ReplayStep, detect, parse_every, replay
from heron.detection.evaluate import classify, persons_to_truth, read_groups
from heron.detection.linkahead import LinkAheadError, can_link_ahead
from heron.identity.evaluate import read_truth
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.db import open_store
from heron.store.models import AlertRow, PersonMention, Record

pytestmark = pytest.mark.slow
ACTOR = system_actor("test-detection")
CONTRACT = {"alert_id", "kind", "raised_at", "score", "persons", "children", "adults"}
CONTRACT |= {"summary", "evidence"}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A county with one planted network, ingested once into a SQLite file."""
    from heron.synth import SynthConfig, generate

    out = tmp_path_factory.mktemp("county")
    generate(SynthConfig(out=out, seed=4, children=200))
    base = out / "base.db"
    engine = open_store(f"sqlite:///{base}")
    ingest_paths(engine, [out / "records"], ACTOR, Settings())
    engine.dispose()  # the write-ahead log goes into the file before tests copy it
    return out, base


@pytest.fixture
def store(county: tuple[Path, Path], tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "heron.db"
    shutil.copyfile(county[1], db)
    yield f"sqlite:///{db}"


def _network_window(out: Path) -> tuple[datetime, datetime]:
    groups = json.loads((out / "truth" / "networks.json").read_text())["groups"]
    [network] = [g for g in groups if g["kind"] == "exploitation"]
    return datetime.fromisoformat(network["discoverable_at"]), datetime.fromisoformat(
        network["active_to"]
    )


def test_detect_raises_alerts_with_their_evidence(county: tuple[Path, Path], store: str) -> None:
    out, _ = county
    _, active_to = _network_window(out)
    engine = open_store(store)
    result = detect(engine, ACTOR, active_to)
    assert result.child_levels and result.findings
    assert result.alerts.raised, "the planted network's children should raise alerts"
    with engine.connect() as conn:
        keys = set(conn.execute(select(Record.key)).scalars())
    lines = list(alert_lines(engine, ACTOR, active_to))
    assert lines
    for line in lines:
        assert set(line) >= CONTRACT
        assert set(line["evidence"]) <= keys, "every alert's evidence is a stored record"
        assert line["summary"]
        assert set(line["children"]) | set(line["adults"]) <= set(line["persons"])


def test_the_planted_network_is_alerted_by_the_end_of_its_activity(
    county: tuple[Path, Path], store: str
) -> None:
    out, _ = county
    _, active_to = _network_window(out)
    engine = open_store(store)
    run_id = detect(engine, ACTOR, active_to).run_id
    with engine.connect() as conn:
        assignment = conn.execute(
            select(PersonMention.mention_key, PersonMention.person_id).where(
                PersonMention.run_id == run_id
            )
        ).all()
    to_truth = persons_to_truth([(k, p) for k, p in assignment], read_truth(out))
    groups = read_groups(out)
    about = [
        classify(line["children"], line["adults"], to_truth, groups)
        for line in alert_lines(engine, ACTOR, active_to)
        if line["kind"] == "network"
    ]
    assert any(g is not None and g.is_network for g in about)


def test_children_of_an_alerted_network_carry_it_as_an_indicator(
    county: tuple[Path, Path], store: str
) -> None:
    """The second pass: every child of a network at or above the threshold is assessed with
    it (NET-01), so is at least medium, in detect and in export risk alike."""
    from heron.detection import assess_with_networks
    from heron.indicators.service import identity_run
    from heron.patterns import NETWORK_ALERT_THRESHOLD

    out, _ = county
    _, active_to = _network_window(out)
    engine = open_store(store)
    risks, findings, _ = assess_with_networks(
        engine, ACTOR, active_to, identity_run(engine, ACTOR, active_to)
    )
    members = {c for f in findings if f.score >= NETWORK_ALERT_THRESHOLD for c in f.children}
    assert members
    by_id = {r.person_id: r for r in risks}
    for child in members:
        assert "NET-01" in {i.rule_id for i in by_id[child].indicators}
        assert by_id[child].level.label in ("medium", "high")
    outside = [r for r in risks if r.person_id not in members]
    assert all("NET-01" not in {i.rule_id for i in r.indicators} for r in outside)
    result = CliRunner().invoke(
        app, ["export", "risk", "--as-of", active_to.isoformat(), "--db", store]
    )
    lines = [orjson.loads(x) for x in result.stdout.splitlines()]
    exported = {x["person_id"]: x["level"] for x in lines}
    assert all(exported[c] in ("medium", "high") for c in members)


def test_replay_keeps_first_raised_dates_and_is_repeatable(
    county: tuple[Path, Path], store: str
) -> None:
    out, _ = county
    discoverable, active_to = _network_window(out)
    engine = open_store(store)
    start = datetime(discoverable.year, 1, 31)
    steps = list(replay(engine, ACTOR, start, active_to, parse_every("4m")))
    assert [s.as_of for s in steps] == sorted(s.as_of for s in steps)
    assert steps[0].link_mode == "full"
    assert any(s.link_mode == "incremental" for s in steps[1:])
    first = {line["alert_id"]: line for line in alert_lines(engine, ACTOR, active_to)}
    assert first
    replay_dates = {s.as_of.date().isoformat() for s in steps}
    for line in first.values():
        assert line["raised_at"] in replay_dates, "raised_at is the replayed date that saw it"
    # An alert raised before the end is not re-dated by later steps.
    assert any(line["raised_at"] < active_to.date().isoformat() for line in first.values())
    with engine.connect() as conn:
        alerts_before = conn.execute(select(func.count()).select_from(AlertRow)).scalar_one()
    again = list(replay(engine, ACTOR, start, active_to, parse_every("4m")))
    assert len(again) == len(steps)
    second = {line["alert_id"]: line for line in alert_lines(engine, ACTOR, active_to)}
    assert second == first, "replaying the same period again changes nothing"
    with engine.connect() as conn:
        alerts_after = conn.execute(select(func.count()).select_from(AlertRow)).scalar_one()
    assert alerts_after == alerts_before, "alerts never duplicate"
    # Nobody closed anything: Heron never closes a concern on its own.
    with engine.connect() as conn:
        states = set(conn.execute(select(AlertRow.state)).scalars())
    assert "closed" not in states


def _outcome(steps: list[ReplayStep]) -> list[tuple[object, ...]]:
    return [
        (
            s.as_of,
            s.mentions,
            s.persons,
            s.link_mode,
            s.result.child_levels,
            [(f.score, f.children, f.summary) for f in s.result.findings],
        )
        for s in steps
    ]


def test_linking_ahead_in_a_second_process_changes_no_step(
    county: tuple[Path, Path], tmp_path: Path
) -> None:
    out, base = county
    discoverable, active_to = _network_window(out)
    start = datetime(discoverable.year, 1, 31)
    results = {}
    for ahead in (False, True):
        db = tmp_path / f"ahead-{ahead}.db"
        shutil.copyfile(base, db)
        engine = open_store(f"sqlite:///{db}")
        steps = list(replay(engine, ACTOR, start, active_to, parse_every("6m"), link_ahead=ahead))
        results[ahead] = (_outcome(steps), list(alert_lines(engine, ACTOR, active_to)))
        engine.dispose()
    assert results[True][0] == results[False][0], "same persons, levels and findings each step"
    assert results[True][1] == results[False][1], "same alerts with the same first-raised dates"


def test_a_failure_in_the_linking_worker_reaches_the_replay(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'heron.db'}")
    with engine.begin() as conn:  # linking cannot read a store without its records table
        conn.execute(text("DROP TABLE mentions"))
    dates = datetime(2010, 1, 31), datetime(2010, 3, 31)
    steps = replay(engine, ACTOR, *dates, parse_every("1m"), link_ahead=True)
    with pytest.raises(LinkAheadError, match="linking failed in the worker"):
        list(steps)
    assert can_link_ahead(engine) == ((os.cpu_count() or 1) > 1)
    memory = open_store("sqlite://")
    assert not can_link_ahead(memory), "an in-memory database lives in one process only"


def test_the_commands_detect_replay_and_export(county: tuple[Path, Path], store: str) -> None:
    out, _ = county
    _, active_to = _network_window(out)
    runner = CliRunner()
    to = active_to.date().isoformat()
    start = f"{active_to.year - 1}-01-31"
    done = runner.invoke(
        app, ["replay", "--from", start, "--to", to, "--every", "6m", "--db", store]
    )
    assert done.exit_code == 0, done.output
    assert "first-raised" in done.stdout
    done = runner.invoke(app, ["detect", "--as-of", to, "--db", store])
    assert done.exit_code == 0, done.output
    assert "Children by level" in done.stdout
    exported = runner.invoke(app, ["export", "alerts", "--as-of", to, "--db", store])
    assert exported.exit_code == 0, exported.output
    lines = [orjson.loads(line) for line in exported.stdout.splitlines() if line.strip()]
    assert lines and all(set(line) >= CONTRACT for line in lines)
    bad = runner.invoke(app, ["replay", "--from", to, "--to", start, "--db", store])
    assert bad.exit_code != 0 and "before its start" in bad.output
    bad = runner.invoke(app, ["replay", "--from", start, "--to", to, "--every", "fortnightly"])
    assert bad.exit_code != 0 and "is not a step" in bad.output
