"""Indicators over the store: every child assessed as of a date, and ``heron export risk``."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from heron.access import system_actor
from heron.cli.main import app
from heron.indicators.service import assess_children, risk_line
from heron.indicators.viewcache import ViewCache
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.asof import parse_as_of
from tests.factories import record, write_jsonl

ACTOR = system_actor("test")
WHEN = parse_as_of("2007-06-30")
CHILD = {"ref": "c", "role": "missing_person", "given_name": "Jess", "family_name": "Smith",
         "date_of_birth": "1993-05-02", "sex": "F", "postcode": "OX4 1AB",
         "identifiers": {"local_id": "X1"}}  # fmt: skip
ADULT = {"ref": "a1", "role": "associate", "given_name": "Mo", "family_name": "Khan",
         "date_of_birth": "1975-01-01", "sex": "M"}  # fmt: skip


def missing(n: int, day: str) -> dict[str, object]:
    return record(
        f"MIS-{n}", persons=[CHILD, ADULT], occurred_at=f"{day}T22:00",
        ended_at=f"{day}T23:30", recorded_at=f"{day}T23:45",
        attributes={"found_with": ["a1"], "found_at": {"kind": "hotel", "name": "Fir Tree"}},
    )  # fmt: skip


@pytest.fixture
def county(engine: Engine, tmp_path: Path) -> Engine:
    days = ["2007-03-01", "2007-03-20", "2007-04-10", "2007-06-01"]
    path = write_jsonl(tmp_path / "tvp.jsonl", [missing(i, d) for i, d in enumerate(days)])
    ingest_paths(engine, [path], ACTOR, Settings())
    return engine


def test_children_are_assessed_as_of_a_date(county: Engine) -> None:
    early = list(assess_children(county, ACTOR, parse_as_of("2007-03-02")))
    later = list(assess_children(county, ACTOR, parse_as_of("2007-04-30")))
    assert len(early) == len(later) == 1, "one child; the adult is not assessed"
    rules_early = {i.rule_id for i in early[0].indicators}
    rules_later = {i.rule_id for i in later[0].indicators}
    assert "MIS-02" not in rules_early and "MIS-02" in rules_later  # three in 90 days
    assert {"MIS-04", "MIS-05"} <= rules_later  # hotel, found with an adult
    assert later[0].level >= early[0].level


def test_export_line_carries_evidence_mention_keys(county: Engine) -> None:
    [risk] = assess_children(county, ACTOR, parse_as_of("2007-04-30"))
    line = risk_line(risk)
    assert line["level"] in {"low", "medium", "high"}
    found_with = next(i for i in line["indicators"] if i["id"] == "MIS-05")
    assert "tvp:MIS-0#c" in found_with["evidence"] or "tvp:MIS-0#a1" in found_with["evidence"]
    assert "tvp:MIS-0" in found_with["records"]


def test_detect_and_export_risk_commands(county: Engine, db_url: str) -> None:
    runner = CliRunner()
    detected = runner.invoke(app, ["detect", "--as-of", "2007-04-30", "--db", db_url])
    assert detected.exit_code == 0, detected.output
    exported = runner.invoke(app, ["export", "risk", "--as-of", "2007-04-30", "--db", db_url])
    assert exported.exit_code == 0, exported.output
    [line] = [orjson.loads(x) for x in exported.stdout.splitlines() if x.startswith("{")]
    assert {"person_id", "level", "indicators"} <= set(line)


def test_a_view_cache_gives_the_same_results_and_stays_bounded(county: Engine) -> None:
    """A replay keeps record views between steps: results are exactly those without."""
    cache = ViewCache()
    for day in ("2007-03-02", "2007-04-30", "2007-06-30"):
        when = parse_as_of(day)
        plain = [risk_line(r) for r in assess_children(county, ACTOR, when)]
        cached = [risk_line(r) for r in assess_children(county, ACTOR, when, cache=cache)]
        assert cached == plain
    assert len(cache) == 4  # each of the child's records, built once, kept for the next step
    small = ViewCache(limit=2)
    small_results = [risk_line(r) for r in assess_children(county, ACTOR, WHEN, cache=small)]
    assert small_results == [risk_line(r) for r in assess_children(county, ACTOR, WHEN)]
    assert len(small) == 2
