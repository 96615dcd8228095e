"""Chronology benchmark: one child named in 2,000 records of five agencies.

python -m benchmarks.chronology [--records 2000] [--runs 15] [--db URL]

Writes the records (the same child, by the same local id, name and date of birth, with
an adult in half of them), ingests them into a temporary SQLite database (or the
empty database at ``--db``), links once, then times ``chronology()`` for the child — the
identity run already exists, so this is the assembly alone —, the same with every
entry's summary written (as the CLI and the exports do), and the CSV and PDF exports.
Prints the median and slowest of ``--runs`` runs in milliseconds.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from benchmarks.machine import describe
from heron.access import system_actor
from heron.chronology import chronology, pdf_bytes, write_csv
from heron.identity.service import link_persons
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.db import open_store
from heron.store.models import PersonMention

ACTOR = system_actor("bench-chronology")
CHILD = {
    "ref": "c", "given_name": "Jessica", "family_name": "Smith", "date_of_birth": "1993-05-02",
    "sex": "F", "postcode": "OX4 1AB", "identifiers": {"local_id": "X1"},
}  # fmt: skip
ADULTS = [
    (given, family)
    for given in ("Mo", "Dean", "Ali", "Lee", "Tom", "Sam", "Kai", "Ray")
    for family in ("Walsh", "Khan", "Price", "Reid", "Shaw")
]
KINDS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("tvp", "police", "missing_episode", {
        "reported_by": "childrens_home", "found_with": ["a"],
        "found_at": {"kind": "hotel", "name": "Fir Tree Hotel"}}),
    ("ouh", "health", "health_attendance", {"setting": "ed", "reasons": ["intoxication"]}),
    ("occ-csc", "social_care", "case_note", {}),
    ("tvp", "police", "intelligence", {"source_grade": "B", "information_grade": "2"}),
    ("cherwell-school", "education", "school_attendance", {
        "period_start": "2007-09-01", "period_end": "2007-12-20",
        "sessions_possible": 120, "sessions_missed": 38}),
]  # fmt: skip


def records(count: int) -> list[dict[str, Any]]:
    """``count`` records naming the child, one every 19 hours from 2006."""
    start = datetime(2006, 1, 1, 8, 0)
    out = []
    for n in range(count):
        agency, sector, rtype, attributes = KINDS[n % len(KINDS)]
        at = start + timedelta(hours=19 * n)
        persons: list[dict[str, Any]] = [{**CHILD, "role": "subject"}]
        if n % 2 == 0 or rtype == "missing_episode":
            given, family = ADULTS[n % len(ADULTS)]
            persons.append(
                {"ref": "a", "role": "associate", "given_name": given, "family_name": family,
                 "age": 25 + n % len(ADULTS)}
            )  # fmt: skip
        out.append(
            {
                "id": f"R-{n}", "agency": agency, "sector": sector, "type": rtype,
                "occurred_at": f"{at:%Y-%m-%dT%H:%M}",
                "ended_at": f"{at + timedelta(hours=11):%Y-%m-%dT%H:%M}",
                "recorded_at": f"{at + timedelta(hours=2):%Y-%m-%dT%H:%M}",
                "recorded_by": {"name": "Sam Jones", "role": "PC"},
                "persons": persons, "attributes": attributes,
                "text": "Seen with older males near the hotel; says she is fine. " * 3,
            }
        )  # fmt: skip
    return out


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and slowest of ``runs`` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


TARGET_MS = 50.0


def measure(count: int, runs: int, db: str | None = None) -> dict[str, Any]:
    """Median and slowest milliseconds of each step for one child named in ``count`` records."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "records.jsonl"
        path.write_bytes(b"\n".join(orjson.dumps(r) for r in records(count)) + b"\n")
        engine = open_store(db or f"sqlite:///{folder / 'heron.db'}")
        ingest_paths(engine, [path], ACTOR, Settings())
        run_id = link_persons(engine, ACTOR).run_id
        with engine.connect() as conn:
            person = conn.execute(
                select(PersonMention.person_id).where(
                    PersonMention.run_id == run_id, PersonMention.mention_key == "tvp:R-0#c"
                )
            ).scalar_one()
        result = chronology(engine, ACTOR, person)
        figures: dict[str, Any] = {
            "database": engine.dialect.name,
            "person": person,
            "entries": len(result.entries),
            "chronology()": timed(lambda: chronology(engine, ACTOR, person), runs),
            "+ summaries": timed(
                lambda: [e.summary for e in chronology(engine, ACTOR, person).entries], runs
            ),
            "CSV": timed(lambda: write_csv(result, io.StringIO()), runs),
            "PDF": timed(lambda: pdf_bytes(result), max(1, runs // 5)),
        }
        engine.dispose()
    return figures


def section(count: int = 2000, runs: int = 15) -> str:
    """The docs/benchmarks.md section."""
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    f = measure(count, runs)
    assembly = f["chronology()"][0]
    rows = [
        f"| {label} | {f[label][0]:,.1f} | {f[label][1]:,.1f} |"
        for label in ("chronology()", "+ summaries", "CSV", "PDF")
    ]
    met = "met" if assembly <= TARGET_MS and f["entries"] == count else "not met"
    return "\n".join([
        "## Chronology (one child, 2,000 records)",
        "",
        f"Measured {date.today().isoformat()} on {describe()} (shared machine; 1-minute "
        f"load {load} at the start).",
        f"`python -m benchmarks.chronology --records {count} --runs {runs}`: one child named "
        f"in {count:,} records of five agencies, ingested into SQLite and linked once; then "
        "`chronology()` for the child (the assembly: identity run look-up, one query, "
        "entries), the same with every entry's one-line summary written, and the exports. "
        f"The child's chronology had {f['entries']:,} entries.",
        "",
        "| step | median ms | slowest ms |",
        "|---|---:|---:|",
        *rows,
        "",
        f"Target: one child's chronology of 2,000 records assembled in ≤ {TARGET_MS:.0f} ms: "
        f"{met} ({assembly:,.1f} ms median).",
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", help="an empty database URL (default: a temporary SQLite)")
    args = parser.parse_args()
    f = measure(args.records, args.runs, args.db)
    print(f"database: {f['database']}; person {f['person']}: {f['entries']:,} entries")
    if f["entries"] < args.records:
        print(f"warning: the linker split the child's {args.records:,} mentions (identity)")
    for label in ("chronology()", "+ summaries", "CSV", "PDF"):
        median, slowest = f[label]
        print(f"{label:<14} median {median:8.1f} ms   slowest {slowest:8.1f} ms")


if __name__ == "__main__":
    main()
