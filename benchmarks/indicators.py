"""Indicators benchmark: every child of a 1,000,000-record county assessed as of one date.

python -m benchmarks.indicators [--records 1000000] [--seed 7] [--as-of 2011-12-31]

Makes the synthetic county (once, shared with the ingest benchmark), ingests it into a
SQLite database kept under ``--data`` (once), and stores an identity run built from the
county's **ground truth** (``truth/mentions.jsonl.gz``: one person per true id), exactly
as ``heron.identity.service`` stores a run, so that the indicator stage is timed on its
own: linking a million mentions is the identity benchmark's business. Then times
``assess_children`` for every child as of ``--as-of`` in a fresh process.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, insert, select, update

from benchmarks.ingest import county
from benchmarks.machine import describe, peak_rss_mib
from heron.access import system_actor
from heron.indicators.service import assess_children
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.asof import parse_as_of
from heron.store.db import open_store
from heron.store.models import IdentityRun, PersonMention, PersonRow
from heron.timeutil import now_uk

ACTOR = system_actor("bench-indicators")
TARGET_SECONDS = 60.0
TRUTH_MODEL = "synth-ground-truth"


def _lines(path: Path) -> Any:
    with gzip.open(path, "rb") as fh:
        for line in fh:
            yield orjson.loads(line)


def store_truth_run(engine: Engine, truth: Path, as_of: datetime) -> int:
    """An identity run as of ``as_of`` whose persons are the county's true persons."""
    children = {p["id"]: bool(p["is_child"]) for p in _lines(truth / "persons.jsonl.gz")}
    counts: Counter[str] = Counter()
    mention_rows = []
    for m in _lines(truth / "mentions.jsonl.gz"):
        if m.get("kind") == "person":
            counts[m["truth"]] += 1
            mention_rows.append({"mention_key": m["key"], "person_id": m["truth"]})
    started = now_uk()
    with engine.begin() as conn:
        run_id = int(
            conn.execute(
                insert(IdentityRun)
                .values(
                    as_of=as_of,
                    actor=ACTOR.label(),
                    started_at=started,
                    model_name=TRUTH_MODEL,
                    model={},
                    threshold=1.0,
                    mentions=len(mention_rows),
                    persons=len(counts),
                )
                .returning(IdentityRun.id)
            ).scalar_one()
        )
        persons = [
            {"run_id": run_id, "person_id": pid, "is_child": children.get(pid), "mention_count": n}
            for pid, n in counts.items()
        ]
        for table, rows in ((PersonRow, persons), (PersonMention, mention_rows)):
            for start in range(0, len(rows), 20_000):
                chunk = rows[start : start + 20_000]
                if table is PersonMention:
                    chunk = [{"run_id": run_id, **r} for r in chunk]
                conn.execute(insert(table), chunk)
        conn.execute(
            update(IdentityRun).where(IdentityRun.id == run_id).values(finished_at=now_uk())
        )
    return run_id


def prepare(data: Path, records: int, seed: int, as_of: datetime) -> str:
    """The database URL of the ingested county with a ground-truth run as of ``as_of``."""
    folder = county(data, records, seed)
    path = data / f"indicators-{records}-{seed}.db"
    ready = path.with_suffix(".ready")
    url = f"sqlite:///{path}"
    if not ready.exists():
        path.unlink(missing_ok=True)
        engine = open_store(url)
        print(f"ingesting {folder} into {path} …", flush=True)
        ingest_paths(engine, [folder], ACTOR, Settings())
        ready.write_text("ingested\n")
        engine.dispose()
    engine = open_store(url)
    with engine.connect() as conn:
        run = conn.execute(
            select(IdentityRun.id).where(
                IdentityRun.as_of == as_of, IdentityRun.model_name == TRUTH_MODEL
            )
        ).first()
    if run is None:
        print(f"storing the ground-truth identity run as of {as_of:%Y-%m-%d} …", flush=True)
        store_truth_run(engine, folder.parent / "truth", as_of)
    engine.dispose()
    return url


def measure(url: str, as_of: datetime) -> dict[str, Any]:
    """Assess every child once, in this process: seconds, children, levels, peak memory."""
    engine = open_store(url)
    began = time.perf_counter()
    levels: Counter[str] = Counter()
    indicators = 0
    for risk in assess_children(engine, ACTOR, as_of):
        levels[risk.level.label] += 1
        indicators += len(risk.indicators)
    seconds = time.perf_counter() - began
    engine.dispose()
    return {
        "seconds": seconds,
        "children": sum(levels.values()),
        "levels": dict(levels),
        "indicators": indicators,
        "peak_mib": peak_rss_mib(),
    }


def run_isolated(url: str, as_of: datetime) -> dict[str, Any]:
    """``measure`` in a fresh process, so its peak memory is its own."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.indicators", "--measure", url, as_of.isoformat()],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return dict(orjson.loads(result.stdout.strip().splitlines()[-1]))


def section(data: Path, records: int, seed: int, as_of_text: str) -> str:
    """The docs/benchmarks.md section: prepare, measure, and say whether the target is met."""
    as_of = parse_as_of(as_of_text)
    assert as_of is not None
    url = prepare(data, records, seed, as_of)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    f = run_isolated(url, as_of)
    met = "met" if f["seconds"] <= TARGET_SECONDS else "not met"
    levels = ", ".join(f"{k} {v:,}" for k, v in sorted(f["levels"].items()))
    return "\n".join([
        "## Risk indicators (every child as of one date)",
        "",
        f"Measured {now_uk():%Y-%m-%d} on {describe()} (shared machine; 1-minute load "
        f"{load} at the start).",
        f"`python -m benchmarks.indicators --records {records} --seed {seed} --as-of "
        f"{as_of_text}`: the county ingested into SQLite, then `assess_children` for every "
        "child as of the date, in its own process. The identity run is the county's ground "
        "truth (one person per true id, stored as an identity run), so this times the "
        "indicator stage alone, not linking.",
        "",
        "| children | indicators found | levels | seconds | per child | peak memory | target |",
        "|---:|---:|---|---:|---:|---:|---|",
        f"| {f['children']:,} | {f['indicators']:,} | {levels} | {f['seconds']:,.1f} | "
        f"{f['seconds'] / max(f['children'], 1) * 1000:.2f} ms | {f['peak_mib']:,.0f} MiB | "
        f"≤ {TARGET_SECONDS:.0f} s: {met} |",
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2011-12-31")
    parser.add_argument("--data", type=Path, default=Path("bench-data"))
    parser.add_argument("--measure", nargs=2, metavar=("URL", "AS_OF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        url, when = args.measure
        print(orjson.dumps(measure(url, datetime.fromisoformat(when))).decode())
        return
    print(section(args.data, args.records, args.seed, args.as_of))


if __name__ == "__main__":
    main()
