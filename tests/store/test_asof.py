""" "As of D": only what had been recorded by D exists, versions and supersedes included."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from heron.access import system_actor
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.asof import parse_as_of, visible_records, visible_rows
from heron.store.models import Mention, VehicleMention
from tests.factories import record, write_jsonl


def load(engine: Engine, tmp_path: Path, name: str, *records: dict[str, object]) -> None:
    path = write_jsonl(tmp_path / f"{name}.jsonl", list(records))
    ingest_paths(engine, [path], system_actor("test"), Settings())


def texts(engine: Engine, as_of: str | None) -> list[str | None]:
    with Session(engine) as session:
        return [r.text for r in session.scalars(visible_records(parse_as_of(as_of)))]


def test_parse_as_of() -> None:
    assert parse_as_of("2008-03-05") == datetime(2008, 3, 5, 23, 59, 59, 999999)
    assert parse_as_of(date(2008, 3, 5)) == datetime(2008, 3, 5, 23, 59, 59, 999999)
    assert parse_as_of("2008-07-05T10:00:00+00:00") == datetime(2008, 7, 5, 11, 0)
    assert parse_as_of("2008-01-05T10:00") == datetime(2008, 1, 5, 10, 0)
    assert parse_as_of(None) is None
    with pytest.raises(ValueError):
        parse_as_of("2008-02-30")


def test_only_records_recorded_by_d_exist(engine: Engine, tmp_path: Path) -> None:
    load(
        engine, tmp_path, "a",
        record("A", text="a", occurred_at="2007-01-01", recorded_at="2007-01-02T09:00"),
        record("B", text="b", occurred_at="2007-01-01", recorded_at="2007-02-10T09:00"),
    )  # fmt: skip
    assert texts(engine, "2007-01-01") == []
    assert texts(engine, "2007-01-02") == ["a"]
    assert texts(engine, "2007-02-10T08:59") == ["a"]
    assert texts(engine, "2007-02-10") == ["a", "b"]
    assert texts(engine, None) == ["a", "b"]


def test_each_version_is_visible_in_its_own_time(engine: Engine, tmp_path: Path) -> None:
    load(engine, tmp_path, "v1", record(text="v1", recorded_at="2007-03-02T01:00"))
    load(engine, tmp_path, "v2", record(text="v2", recorded_at="2007-04-01T12:00"))
    assert texts(engine, "2007-03-01") == []
    assert texts(engine, "2007-03-31") == ["v1"]
    assert texts(engine, "2007-04-01") == ["v2"]
    assert texts(engine, None) == ["v2"]


def test_a_superseded_record_disappears_when_the_amendment_was_recorded(
    engine: Engine, tmp_path: Path
) -> None:
    load(
        engine, tmp_path, "a",
        record("A", text="original", recorded_at="2007-03-02T01:00"),
        record("A2", text="amended", supersedes="A", recorded_at="2007-05-01T09:00"),
    )  # fmt: skip
    assert texts(engine, "2007-04-30") == ["original"]
    assert texts(engine, "2007-05-01") == ["amended"]


def test_mentions_and_objects_follow_their_record(engine: Engine, tmp_path: Path) -> None:
    load(engine, tmp_path, "a", record("A", recorded_at="2007-03-02T01:00"))
    load(engine, tmp_path, "b", record("B", recorded_at="2007-06-02T01:00"))
    with Session(engine) as session:
        early = session.scalars(visible_rows(Mention, parse_as_of("2007-04-01"))).all()
        assert {m.mention_key for m in early} == {"tvp:A#c", "tvp:A#a1"}
        plates = session.scalars(visible_rows(VehicleMention, parse_as_of("2007-07-01"))).all()
        assert {v.object_key for v in plates} == {"tvp:A#vehicle0", "tvp:B#vehicle0"}
