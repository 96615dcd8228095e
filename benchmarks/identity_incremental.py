"""Incremental linking benchmark: consecutive months of new records onto an existing county.

python -m benchmarks.identity_incremental [--mentions 100000] [--seed 7] [--data DIR]
    [--from 2011-06-30] [--months 6] [--base DB] [--write]

Makes (once) the ``benchmarks.identity`` county, links it in full as of ``--from`` (trained;
timed for comparison), then links incrementally as of each following month end, in one
process as ``heron replay`` does, timing each step end to end (reading, features,
scoring, clustering, objects and storing the run), and prints a Markdown table.
``--base`` starts from a copy of a database already linked as of ``--from`` instead (no
full run). The first incremental step of a process reads every feature row from the
store; later steps reuse the process's feature table and read only what changed.
``--write`` puts the table in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from datetime import date, datetime, time
from pathlib import Path
from statistics import mean
from time import perf_counter

from dateutil.relativedelta import relativedelta

from benchmarks.identity import county
from benchmarks.machine import describe
from benchmarks.report import write_section
from heron.access import system_actor
from heron.identity import link_persons
from heron.store.db import open_store
from heron.timeutil import now_uk

ACTOR = system_actor("bench-identity-incremental")
Row = tuple[str, str, int, int, float]


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59))


def run(url: str, start: date, months: int, full: bool) -> list[Row]:
    """(as-of, mode, mentions, changed, seconds) for the full run (when ``full``) and each
    monthly incremental step."""
    engine = open_store(url)
    out: list[Row] = []
    for step in range(0 if full else 1, months + 1):
        day = start + relativedelta(months=step, day=31)  # month ends
        clock = perf_counter()
        summary = link_persons(engine, ACTOR, _end_of(day), incremental=step > 0)
        seconds = perf_counter() - clock
        out.append((day.isoformat(), summary.mode, summary.mentions, summary.changed, seconds))
        print(out[-1], flush=True)
    return out


def table(rows: list[Row]) -> str:
    lines = [
        "| as of | run | mentions | re-linked | seconds |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [f"| {d} | {m} | {n:,} | {c:,} | {s:.1f} |" for d, m, n, c, s in rows]
    steps = [s for _, m, _, _, s in rows if m == "incremental"]
    if len(steps) > 1:
        lines.append(
            f"| | incremental, after the first | | | {mean(steps[1:]):.1f} (mean of "
            f"{len(steps) - 1}) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "heron-bench")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, default=date(2011, 6, 30))
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--base", type=Path, help="a database already linked as of --from")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    folder, _ = county(args.data, args.mentions, args.seed)
    fresh = folder / "incremental.db"
    for suffix in ("-wal", "-shm"):
        Path(f"{fresh}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(args.base or folder / "heron.db", fresh)  # each run starts afresh
    load = os.getloadavg()[0]
    rows = run(f"sqlite:///{fresh}", args.start, args.months, full=args.base is None)
    load = max(load, os.getloadavg()[0])
    command = f"python -m benchmarks.identity_incremental --mentions {args.mentions} --seed "
    command += f"{args.seed} --months {args.months}" + (" --base DB" if args.base else "")
    body = (
        f"### Incremental linking (~{args.mentions:,} mentions, seed {args.seed})\n\n"
        f"{describe()}; measured {now_uk():%Y-%m-%d}, on a machine shared with other jobs "
        f"(1-minute load average up to {load:.1f}).\n\n`{command}`: "
        + ("a full (trained) run, then " if args.base is None else "")
        + "monthly incremental runs in one process, as `heron replay` makes them (the "
        "first incremental step reads every feature row from the store).\n\n"
        f"{table(rows)}\n"
    )
    print(body)
    if args.write:
        write_section("identity-incremental", body)


if __name__ == "__main__":
    main()
