"""``make eval``: replay synthetic counties month by month and score the alerts against truth.

python -m benchmarks.evaluation [--seeds 1 2 3] [--children 1500 3000] [--every 1m]
                                [--networks 3] [--data DIR] [--no-write]

For each county size and seed: make the county once (``heron synth``, with ``--networks``
planted exploitation networks, more than synth's default one per 3,000 children so that
each county tests several), ingest it into a
fresh SQLite store, replay link + detect as of each month end over the whole window, and
score the result with ``heron.detection.evaluate`` (days from each planted network
becoming discoverable to its first alert, alert precision, decoy alerts, decoys ranked
above a real network, victims at medium or above by the deadline, and the flag rate among
other children). Writes the tables to docs/evaluation.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select

from benchmarks.evaluation_doc import DOC, summary_table, targets, write_doc
from benchmarks.machine import children_peak_rss_mib, peak_rss_mib
from heron.access import system_actor
from heron.detection import parse_every, replay
from heron.detection.evaluate import (
    Evaluation,
    StepView,
    evaluate_replay,
    persons_to_truth,
    read_groups,
)
from heron.identity.evaluate import read_truth
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.db import open_store
from heron.store.models import PersonMention, Record
from heron.synth import SynthConfig, generate

ACTOR = system_actor("eval")
WINDOW = (datetime(2004, 1, 31), datetime(2011, 12, 31))


@dataclass(frozen=True, slots=True)
class CountyRun:
    """One replayed county and its scores."""

    seed: int
    children: int
    records: int
    steps: int
    seconds: float
    peak_mib: float
    evaluation: Evaluation
    worker_peak_mib: float = 0.0  # the linking worker's (heron.detection.linkahead)


def make_county(
    root: Path, children: int, seed: int, networks: int | None = None
) -> tuple[Path, Path]:
    """The county folder and a SQLite file with it ingested (made once, then reused)."""
    out = root / f"eval-{children}-{seed}-{networks or 'default'}"
    base = out / "ingested.db"
    if not base.exists():
        generate(SynthConfig(out=out, seed=seed, children=children, networks=networks))
        partial = out / "ingesting.db"
        partial.unlink(missing_ok=True)
        engine = open_store(f"sqlite:///{partial}")
        ingest_paths(engine, [out / "records"], ACTOR, Settings())
        engine.dispose()  # checkpoints the write-ahead log into the file before it moves
        partial.rename(base)
    return out, base


def _assignment(engine: Engine, run_id: int) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(PersonMention.mention_key, PersonMention.person_id).where(
                PersonMention.run_id == run_id
            )
        )
        return [(str(k), str(p)) for k, p in rows]


def run_county(
    root: Path,
    children: int,
    seed: int,
    every: str,
    networks: int | None = None,
    link_ahead: bool | None = None,
) -> CountyRun:
    """Replay one county from a fresh copy of its ingested store and score it."""
    from heron.alerts import alert_lines

    county, base = make_county(root, children, seed, networks)
    work = Path(tempfile.mkdtemp(prefix="heron-eval-"))
    try:
        db = work / "heron.db"
        shutil.copyfile(base, db)
        engine = open_store(f"sqlite:///{db}")
        truth = read_truth(county)
        groups = read_groups(county)
        steps: list[StepView] = []
        started = time.perf_counter()
        for step in replay(engine, ACTOR, *WINDOW, parse_every(every), link_ahead=link_ahead):
            result = step.result
            steps.append(
                StepView(
                    as_of=step.as_of,
                    child_levels=result.child_levels,
                    findings=[(f.score, f.children, f.adults) for f in result.findings],
                    to_truth=persons_to_truth(_assignment(engine, result.run_id), truth),
                    to_identify=[
                        shown for f in result.findings if f.alert for shown in f.shown_to_identify
                    ],
                )
            )
            print(
                f"  {step.as_of:%Y-%m-%d}: {step.mentions:,} mentions, "
                f"{result.alerted_findings} networks alerted, {step.seconds:.1f} s",
                flush=True,
            )
        seconds = time.perf_counter() - started
        alerts = list(alert_lines(engine, ACTOR, WINDOW[1]))
        evaluation = evaluate_replay(groups, steps, alerts, steps[-1].to_truth)
        with engine.connect() as conn:
            records = conn.execute(select(func.count(Record.key.distinct()))).scalar_one()
        engine.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return CountyRun(
        seed, children, records, len(steps), seconds, peak_rss_mib(), evaluation,
        children_peak_rss_mib(),
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--children", type=int, nargs="+", default=[1500, 3000])
    parser.add_argument("--every", default="1m")
    parser.add_argument(
        "--networks", type=int, default=3, help="exploitation networks planted in each county"
    )
    parser.add_argument("--data", type=Path, default=Path("bench-data"))
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs")
    args = parser.parse_args(argv)
    runs: list[CountyRun] = []
    for children in args.children:
        for seed in args.seeds:
            print(f"County of {children:,} children, seed {seed}", flush=True)
            runs.append(run_county(args.data, children, seed, args.every, args.networks))
            print("\n".join(summary_table(runs[-1:])), flush=True)
    if not args.no_write:
        write_doc(runs, args.every, WINDOW)
        print(f"wrote {DOC}")
    print("\n".join(targets(runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
