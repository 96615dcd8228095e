"""Benchmark: POLE graph build and network detection on a linked synthetic county.

    python -m benchmarks.patterns --children 5000 --seed 7 [--keep DIR] [--write]

Makes (or reuses, with ``--keep``) a county, ingests and links it, assesses every child,
then times ``build_graph`` and ``detect_networks`` separately. ``--write`` puts the result
in docs/benchmarks.md (section ``patterns``) with the machine and date.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from pathlib import Path

from benchmarks.machine import describe
from benchmarks.report import write_section
from heron.access import system_actor
from heron.graph import build_graph
from heron.identity.service import link_persons
from heron.indicators import evaluate
from heron.indicators.service import child_views, missing_by_child
from heron.ingest import ingest_paths
from heron.missing import co_missing, co_missing_for
from heron.patterns import NETWORK_ALERT_THRESHOLD, detect_networks
from heron.settings import Settings
from heron.store.db import open_store
from heron.synth import SynthConfig, generate
from heron.timeutil import now_uk

ACTOR = system_actor("bench-patterns")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=Path("/tmp/heron-bench-patterns"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    out = args.keep / f"c{args.seed}_{args.children}"
    fresh = not (out / "heron.db").exists()
    if fresh:
        summary = generate(SynthConfig(out=out, seed=args.seed, children=args.children))
        print(f"{summary.records:,} records")
    engine = open_store(f"sqlite:///{out / 'heron.db'}")
    if fresh:
        ingest_paths(engine, [out / "records"], ACTOR, Settings())
    manifest = json.loads((out / "manifest.json").read_text())
    end_day = manifest.get("arguments", {}).get("end") or "2011-12-31"
    end = datetime.fromisoformat(str(end_day)[:10]).replace(hour=23)
    run_id = link_persons(engine, ACTOR, end).run_id
    nights = co_missing(missing_by_child(engine, ACTOR, end, run_id))
    levels = {
        v.person_id: evaluate(v, end, co_missing=co_missing_for(v.person_id, nights)).level.label
        for v in child_views(engine, ACTOR, end, run_id)
    }
    started = time.perf_counter()
    graph = build_graph(engine, ACTOR, end, run_id)
    built = time.perf_counter() - started
    findings = detect_networks(graph, levels, end)
    detected = time.perf_counter() - started - built
    alerts = sum(f.score >= NETWORK_ALERT_THRESHOLD for f in findings)
    records = f"{manifest['counts']['records']:,}"
    body = (
        "## Networks (POLE graph and network detection)\n\n"
        f"Measured {now_uk():%Y-%m-%d} on {describe()}.\n"
        f"Network detection, county of {args.children:,} children (seed {args.seed}, "
        f"{records} records), SQLite, as of {end:%Y-%m-%d}:\n\n"
        f"| step | seconds |\n|---|---:|\n| build_graph ({len(graph.entities):,} entities, "
        f"{len(graph.records):,} records with ties) | {built:.2f} |\n"
        f"| detect_networks ({len(findings)} findings, {alerts} at or above "
        f"{NETWORK_ALERT_THRESHOLD}) | {detected:.2f} |\n"
    )
    print(body)
    if args.write:
        write_section("patterns", body)


if __name__ == "__main__":
    main()
