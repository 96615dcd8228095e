"""A synthetic county's ground truth stored as an identity run, so that tests over the store
hold who-is-who fixed (the same persons whatever the names say)."""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, func, insert, select

from heron.store.models import IdentityRun, PersonMention, PersonRow, Record


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rb") as fh:
        for line in fh:
            yield orjson.loads(line)


def store_truth_run(engine: Engine, truth: Path, as_of: datetime) -> int:
    """An identity run as of ``as_of`` whose persons are the county's true persons
    (``truth/persons.jsonl.gz``, ``truth/mentions.jsonl.gz``), stored as linking stores one
    and current for what has been ingested so far."""
    children = {p["id"]: bool(p["is_child"]) for p in read_jsonl(truth / "persons.jsonl.gz")}
    mentions = [
        {"mention_key": m["key"], "person_id": m["truth"]}
        for m in read_jsonl(truth / "mentions.jsonl.gz")
        if m.get("kind") == "person"
    ]
    counts = Counter(m["person_id"] for m in mentions)
    with engine.begin() as conn:
        # Started after the last ingest (to the second), so that the run is current.
        started = conn.execute(select(func.max(Record.ingested_at))).scalar_one()
        started = (started or datetime(2000, 1, 1)) + timedelta(seconds=1)
        run_id = conn.execute(
            insert(IdentityRun)
            .values(
                as_of=as_of,
                actor="system:test",
                started_at=started,
                finished_at=started,
                model_name="synth-ground-truth",
                model={},
                threshold=1.0,
                mentions=len(mentions),
                persons=len(counts),
            )
            .returning(IdentityRun.id)
        ).scalar_one()
        persons = [
            {"run_id": run_id, "person_id": pid, "is_child": children.get(pid), "mention_count": n}
            for pid, n in counts.items()
        ]
        conn.execute(insert(PersonRow), persons)
        conn.execute(insert(PersonMention), [{"run_id": run_id, **m} for m in mentions])
    return int(run_id)
