"""Incremental linking benchmark: one month of new records onto an existing county.

python -m benchmarks.identity_incremental [--mentions 100000] [--seed 7] [--data DIR]
    [--from 2011-06-30] [--months 3] [--write]

Makes (once) the ``benchmarks.identity`` county, links it in full as of ``--from`` (trained;
timed for comparison), then links incrementally as of each following month end, timing
each step end to end (reading, features from the cache, scoring, clustering, objects and
storing the run), and prints a Markdown table. ``--write`` puts it in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date, datetime, time
from pathlib import Path
from time import perf_counter

from dateutil.relativedelta import relativedelta

from benchmarks.identity import county
from benchmarks.machine import describe
from benchmarks.report import write_section
from heron.access import system_actor
from heron.identity import link_persons
from heron.store.db import open_store

ACTOR = system_actor("bench-identity-incremental")


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59))


def run(url: str, start: date, months: int) -> list[tuple[str, str, int, int, float]]:
    """(as-of, mode, mentions, changed, seconds) for the full run and each monthly step."""
    engine = open_store(url)
    out: list[tuple[str, str, int, int, float]] = []
    for step in range(months + 1):
        day = start + relativedelta(months=step)
        clock = perf_counter()
        summary = link_persons(engine, ACTOR, _end_of(day), incremental=step > 0)
        seconds = perf_counter() - clock
        out.append((day.isoformat(), summary.mode, summary.mentions, summary.changed, seconds))
        print(out[-1], flush=True)
    return out


def table(rows: list[tuple[str, str, int, int, float]]) -> str:
    lines = [
        "| as of | run | mentions | re-linked | seconds |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [f"| {d} | {m} | {n:,} | {c:,} | {s:.1f} |" for d, m, n, c, s in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "heron-bench")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, default=date(2011, 6, 30))
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    folder, _ = county(args.data, args.mentions, args.seed)
    fresh = folder / "incremental.db"
    fresh.write_bytes((folder / "heron.db").read_bytes())  # each run starts unlinked
    rows = run(f"sqlite:///{fresh}", args.start, args.months)
    body = (
        f"### Incremental linking (~{args.mentions:,} mentions, seed {args.seed})\n\n"
        f"{describe()}\n\n`python -m benchmarks.identity_incremental --mentions "
        f"{args.mentions} --seed {args.seed}`: a full (trained) run, then monthly incremental "
        f"runs.\n\n{table(rows)}\n"
    )
    print(body)
    if args.write:
        write_section("identity-incremental", body)


if __name__ == "__main__":
    main()
