"""Detection benchmarks: detect on a 1,000,000-record county; a monthly replay of 100,000.

python -m benchmarks.detection detect [--records 1000000] [--seed 7] [--as-of 2011-12-31]
python -m benchmarks.detection replay [--records 100000] [--seed 7] [--every 1m]

``detect`` times one ``heron detect`` pass (every child's indicators, the POLE graph and
networks, the alert sync) on the county the indicators benchmark ingests, with its
ground-truth identity run (one person per true id) and the objects resolved for it, so
linking a million mentions — the identity benchmark's business — is not in the figure.
It runs on a copy of that store in a fresh process, so its alerts and peak memory are its
own. ``replay`` is the whole thing, linking included: a county of about ``--records``
records replayed month by month over its eight years (``benchmarks.evaluation``), which
also scores that county's alerts against its planted truth.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import func, insert, select

from benchmarks import evaluation, evaluation_doc, indicators
from benchmarks.machine import describe, peak_rss_mib
from heron.access import system_actor
from heron.identity.objects import resolve_objects
from heron.store.asof import parse_as_of
from heron.store.db import open_store
from heron.store.models import IdentityRun, ResolvedObject
from heron.synth import children_for_records
from heron.synth.config import SynthConfig
from heron.timeutil import now_uk

ACTOR = system_actor("bench-detection")
DETECT_TARGET_SECONDS = 120.0
REPLAY_TARGET_SECONDS = 600.0


def _load() -> str:
    loadavg = Path("/proc/loadavg")
    return loadavg.read_text().split()[0] if loadavg.exists() else "?"


def prepare_detect(data: Path, records: int, seed: int, as_of: datetime) -> Path:
    """The indicators benchmark's store, with objects resolved for its ground-truth run."""
    url = indicators.prepare(data, records, seed, as_of)
    engine = open_store(url)
    with engine.connect() as conn:
        run_id = conn.execute(
            select(IdentityRun.id).where(
                IdentityRun.as_of == as_of, IdentityRun.model_name == indicators.TRUTH_MODEL
            )
        ).scalar_one()
        resolved = conn.execute(
            select(func.count()).select_from(ResolvedObject).where(ResolvedObject.run_id == run_id)
        ).scalar_one()
    if not resolved:
        print("resolving phones, vehicles and places for the ground-truth run …", flush=True)
        rows = [{"run_id": run_id, **asdict(o)} for o in resolve_objects(engine, ACTOR, as_of)]
        with engine.begin() as conn:
            for start in range(0, len(rows), 20_000):
                conn.execute(insert(ResolvedObject), rows[start : start + 20_000])
    engine.dispose()
    return Path(url.removeprefix("sqlite:///"))


def measure_detect(db: Path, as_of: datetime) -> dict[str, Any]:
    """One detect pass in this process, on ``db`` (a copy): stage seconds, counts, memory."""
    from heron.detection import detect

    engine = open_store(f"sqlite:///{db}")
    began = time.perf_counter()
    result = detect(engine, ACTOR, as_of)
    seconds = time.perf_counter() - began
    engine.dispose()
    return {
        "seconds": seconds,
        "stages": result.seconds,
        "children": len(result.child_levels),
        "levels": dict(result.levels),
        "networks": len(result.findings),
        "alerted": result.alerted_findings,
        "alerts_raised": len(result.alerts.raised),
        "peak_mib": peak_rss_mib(),
    }


def detect_section(data: Path, records: int, seed: int, as_of_text: str) -> str:
    as_of = parse_as_of(as_of_text)
    assert as_of is not None
    source = prepare_detect(data, records, seed, as_of)
    load = _load()
    with tempfile.TemporaryDirectory(dir=data) as work:
        copy = Path(work) / "detect.db"
        shutil.copyfile(source, copy)
        command = [sys.executable, "-m", "benchmarks.detection", "--measure", str(copy)]
        done = subprocess.run(
            [*command, as_of.isoformat()], capture_output=True, text=True, check=True
        )
    f = orjson.loads(done.stdout.strip().splitlines()[-1])
    stages = ", ".join(f"{k} {v:,.1f} s" for k, v in f["stages"].items())
    met = "met" if f["seconds"] <= DETECT_TARGET_SECONDS else "not met"
    return "\n".join([
        "## Detect (indicators, networks, alerts) on a 1,000,000-record county",
        "",
        f"Measured {now_uk():%Y-%m-%d} on {describe()} (1-minute load {load} at the start).",
        f"`python -m benchmarks.detection detect --records {records} --seed {seed} --as-of "
        f"{as_of_text}`: one `heron detect` pass as of the date, in its own process, on a copy "
        "of the ingested county whose identity run is its ground truth (so linking is not "
        "in the figure; see the identity section for that).",
        "",
        "| children | levels | networks found (alerted) | alerts raised | seconds | stages "
        "| peak memory | target |",
        "|---:|---|---:|---:|---:|---|---:|---|",
        f"| {f['children']:,} | "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(f["levels"].items()))
        + f" | {f['networks']:,} ({f['alerted']:,}) | {f['alerts_raised']:,} "
        f"| {f['seconds']:,.1f} | {stages} | {f['peak_mib']:,.0f} MiB "
        f"| ≤ {DETECT_TARGET_SECONDS:.0f} s: {met} |",
    ])  # fmt: skip


def replay_section(
    data: Path, records: int, seed: int, every: str, link_ahead: bool | None = None
) -> str:
    window = SynthConfig(out=data)  # the default eight years
    children = children_for_records(records, window.start, window.end)
    load = _load()
    run = evaluation.run_county(data, children, seed, every, link_ahead=link_ahead)
    met = "met" if run.seconds <= REPLAY_TARGET_SECONDS else "not met"
    return "\n".join([
        "## Replay (link and detect as of each month) of a 100,000-record county",
        "",
        f"Measured {now_uk():%Y-%m-%d} on {describe()} (1-minute load {load} at the start).",
        f"`python -m benchmarks.detection replay --records {records} --seed {seed} --every "
        f"{every}`: a county of {children:,} children made by `heron synth`, ingested into "
        f"SQLite, then `heron replay --every {every}` over its eight years: linking "
        "(incremental between retrainings), indicators, networks and alerts as of each date.",
        "",
        "Linking runs in a second process ahead of detection (`heron.detection.linkahead`); "
        "peak memory is the replay's and the linking worker's."
        if link_ahead is not False
        else "Linking runs in the replay's own process (`--link-in-process`).",
        "",
        "| records | steps | seconds | per step | peak memory | target |",
        "|---:|---:|---:|---:|---:|---|",
        f"| {run.records:,} | {run.steps} | {run.seconds:,.0f} | "
        f"{run.seconds / max(run.steps, 1):,.1f} s | {run.peak_mib:,.0f} MiB + "
        f"{run.worker_peak_mib:,.0f} MiB | "
        f"≤ {REPLAY_TARGET_SECONDS:.0f} s: {met} |",
        "",
        "What that replay raised, scored against the county's planted truth "
        "([evaluation](evaluation.md) explains the columns):",
        "",
        *evaluation_doc.summary_table([run]),
    ])  # fmt: skip


def main() -> None:
    from benchmarks.report import write_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", choices=["detect", "replay"])
    parser.add_argument("--records", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2011-12-31")
    parser.add_argument("--every", default="1m")
    parser.add_argument("--data", type=Path, default=Path("bench-data"))
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--link-in-process",
        action="store_true",
        help="replay: link each date in the replay's own process (the comparison)",
    )
    parser.add_argument("--measure", nargs=2, metavar=("DB", "AS_OF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        db, when = args.measure
        print(orjson.dumps(measure_detect(Path(db), datetime.fromisoformat(when))).decode())
        return
    args.data.mkdir(parents=True, exist_ok=True)
    if args.what == "detect":
        body = detect_section(args.data, args.records or 1_000_000, args.seed, args.as_of)
    elif args.what == "replay":
        ahead = False if args.link_in_process else None
        body = replay_section(args.data, args.records or 100_000, args.seed, args.every, ahead)
    else:
        parser.error("say detect or replay")
    if not args.no_write:
        write_section(args.what, body)
    print(body)


if __name__ == "__main__":
    main()
