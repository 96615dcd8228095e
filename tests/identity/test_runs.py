"""Which run readers use: the current one, not a run made later as of a past date; a run
for a date goes stale when a late record for that date arrives; historical runs record no
merge or split history."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from heron.access import system_actor
from heron.identity import (
    DecisionKind,
    explain_pair,
    link_persons,
    person_rows,
    record_decision,
    withdraw_decision,
)
from heron.identity.decisions import merge_persons, split_person
from heron.identity.review import review_queue
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.asof import parse_as_of
from heron.store.models import IdentityEvent, IdentityRun
from tests.identity.households import _rec, first_batch, write

ACTOR = system_actor("test-runs")
EARLY = parse_as_of("2006-12-31")


@pytest.fixture
def ingested(engine: Engine, tmp_path: Path) -> Engine:
    ingest_paths(engine, [write(tmp_path / "in", first_batch(), "first.jsonl")], ACTOR, Settings())
    return engine


def _person_of(engine: Engine, as_of: datetime | None = None) -> dict[str, str]:
    rows = person_rows(engine, ACTOR, as_of)
    return {k: r["person_id"] for r in rows for k in r["mentions"]}


def test_a_late_record_makes_the_run_for_its_date_stale(ingested: Engine, tmp_path: Path) -> None:
    as_of = parse_as_of("2007-12-31")
    before = _person_of(ingested, as_of)
    assert "tvp:INC-8#0" not in before
    late = _rec("INC-8", "tvp", "police", "police_incident", "2007-06-01", [
        {"given_name": "Connor", "family_name": "Hale", "date_of_birth": "1994-08-08",
         "sex": "M", "role": "suspect"}])  # fmt: skip
    ingest_paths(ingested, [write(tmp_path / "late", [late], "late.jsonl")], ACTOR, Settings())
    rows = list(person_rows(ingested, ACTOR, as_of))
    seen = Counter(k for row in rows for k in row["mentions"])
    assert set(seen.values()) == {1}
    assert seen.keys() == {*before, "tvp:INC-8#0"}


def test_readers_use_the_current_run_not_a_later_past_as_of_run(ingested: Engine) -> None:
    link_persons(ingested, ACTOR)
    person = _person_of(ingested)
    mum, dean = person["tvp:INC-1#1"], person["tvp:INC-3#0"]
    link_persons(ingested, ACTOR, EARLY)  # the mother's 2007 record, Dean and the twins unseen
    # explain: the pair that joined the mother's mentions is stored in the current run
    assert explain_pair(ingested, ACTOR, "tvp:INC-1#1", "tvp:INC-2#0").stored
    assert not explain_pair(ingested, ACTOR, "tvp:INC-1#1", "tvp:INC-2#0", as_of=EARLY).stored
    # review: the twins (recorded in 2007) are in the current run's queue only
    twins = {person["school:ATT-1#0"], person["school:ATT-2#0"]}
    assert any(set(e.persons) == twins for e in review_queue(ingested, ACTOR))
    assert not any(set(e.persons) == twins for e in review_queue(ingested, ACTOR, as_of=EARLY))
    # split and merge: persons as the current run has them
    assert split_person(ingested, ACTOR, mum, ["tvp:INC-2#0"], "two women of one name")
    assert merge_persons(ingested, ACTOR, mum, dean, "same PNC record")
    with pytest.raises(LookupError, match="no linking run as of"):
        review_queue(ingested, ACTOR, as_of=parse_as_of("2001-01-01"))


def test_a_historical_run_records_no_merge_or_split_history(ingested: Engine) -> None:
    forward = link_persons(ingested, ACTOR, parse_as_of("2006-06-30"))  # nothing later yet
    link_persons(ingested, ACTOR)
    reject = record_decision(
        ingested, ACTOR, DecisionKind.REJECT, "ouh:ED-1#0", "tvp:INC-1#0", "not the same Jess"
    )
    split = link_persons(ingested, ACTOR)  # real history: Jess split now
    withdraw_decision(ingested, ACTOR, reject, "it was the same Jess after all")
    past = link_persons(ingested, ACTOR, EARLY, incremental=False)
    person = _person_of(ingested, EARLY)
    assert person["ouh:ED-1#0"] == person["tvp:INC-1#0"]  # together again as of 2006
    with ingested.connect() as conn:
        historical = dict(conn.execute(select(IdentityRun.id, IdentityRun.historical)).all())
        events = Counter(conn.execute(select(IdentityEvent.run_id, IdentityEvent.kind)).all())
    assert not historical[forward.run_id] and not historical[split.run_id]
    assert historical[past.run_id]
    assert events[(forward.run_id, "new")] > 0 and events[(split.run_id, "split")] == 1
    # As of 2006 the id split off in the present "merges" back into Jess's, which never
    # happened: the run counts it against the ids it inherited, but records no event.
    assert past.merges == 1
    assert not any(run == past.run_id for run, _ in events)
