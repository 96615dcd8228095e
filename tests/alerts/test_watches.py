"""A watched vehicle or person raises an alert whenever any agency records it again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from heron.alerts import AlertError, add_watch, list_watches, remove_watch, sync_alerts
from heron.alerts import watch_candidates as candidates_for
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.models import IdentityRun, PersonMention, PersonRow, ResolvedObject
from tests.alerts.helpers import ANALYST, SYSTEM, day
from tests.factories import record, write_jsonl


def _world(engine: Engine, tmp_path: Path) -> int:
    """Two police records a month apart naming the same car and child; one identity run."""
    lines = [
        record("INC-1", recorded_at="2007-03-02T01:00"),
        record("INC-2", occurred_at="2007-04-01T22:00", recorded_at="2007-04-02T01:00"),
    ]
    ingest_paths(engine, [write_jsonl(tmp_path / "tvp.jsonl", lines)], SYSTEM, Settings())
    with engine.begin() as conn:
        run_id = conn.execute(
            insert(IdentityRun)
            .values(
                as_of=None, actor="system:test", started_at=datetime(2007, 5, 1),
                model_name="test", model={}, threshold=0.9, mentions=4, persons=2,
                new_persons=2, merges=0, splits=0,
            )
            .returning(IdentityRun.id)
        ).scalar_one()  # fmt: skip
        for rid in ("INC-1", "INC-2"):
            conn.execute(
                insert(ResolvedObject).values(
                    run_id=run_id, object_key=f"tvp:{rid}#vehicle0", kind="vehicle",
                    object_id="V:AB12CDE", method="plate", confidence=1.0,
                )
            )  # fmt: skip
            conn.execute(
                insert(PersonMention).values(
                    run_id=run_id, mention_key=f"tvp:{rid}#c", person_id="P000001"
                )
            )
        conn.execute(
            insert(PersonRow).values(
                run_id=run_id, person_id="P000001", given_name="Jess", family_name="Smith",
                date_of_birth="1993-05-02", is_child=True, mention_count=2,
            )
        )  # fmt: skip
    return int(run_id)


def test_a_watched_vehicle_raises_then_grows_an_alert(engine: Engine, tmp_path: Path) -> None:
    run_id = _world(engine, tmp_path)
    watch = add_watch(engine, ANALYST, "vehicle", "ab12 cde", "seen collecting children",
                      since=datetime(2007, 3, 1))  # fmt: skip
    assert watch.watch_id == "W0001" and watch.target == "V:AB12CDE"
    march = candidates_for(engine, SYSTEM, day("2007-03-31"), run_id)
    assert [(c.kind, c.subject, c.evidence, c.objects) for c in march] == [
        ("watch", "W0001", ("tvp:INC-1",), ("V:AB12CDE",))
    ]
    assert "seen collecting children" in march[0].explanation[0]
    assert sync_alerts(engine, SYSTEM, day("2007-03-31"), march).raised == ("A00001",)
    april = candidates_for(engine, SYSTEM, day("2007-04-30"), run_id)
    assert april[0].evidence == ("tvp:INC-1", "tvp:INC-2")
    assert sync_alerts(engine, SYSTEM, day("2007-04-30"), april).grew == ("A00001",)
    assert candidates_for(engine, SYSTEM, day("2007-05-31"), run_id) == []  # nothing new


def test_only_records_after_the_watch_was_set_count(engine: Engine, tmp_path: Path) -> None:
    run_id = _world(engine, tmp_path)
    add_watch(engine, ANALYST, "person", "P000001", "missing often", since=datetime(2007, 3, 15))
    found = candidates_for(engine, SYSTEM, day("2007-04-30"), run_id)
    assert [(c.evidence, c.children, c.adults) for c in found] == [
        (("tvp:INC-2",), ("P000001",), ())
    ]
    remove_watch(engine, ANALYST, "W0001", "child moved out of area")
    assert list_watches(engine, ANALYST) == []
    assert candidates_for(engine, SYSTEM, day("2099-01-01"), run_id) == []


def test_watches_refuse_unclear_targets(engine: Engine) -> None:
    with pytest.raises(AlertError, match="person id"):
        add_watch(engine, ANALYST, "person", "Jess Smith", "reason")
    with pytest.raises(AlertError, match="reason"):
        add_watch(engine, ANALYST, "vehicle", "AB12CDE", " ")
    with pytest.raises(AlertError, match="unknown watch kind"):
        add_watch(engine, ANALYST, "phone", "07700900123", "reason")
