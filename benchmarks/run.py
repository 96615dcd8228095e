"""``make bench``: run the benchmarks and write docs/benchmarks.md.

python -m benchmarks.run [--records N] [--sample N] [--data DIR] [--only SECTION]
(SECTION: ingest, identity, indicators, chronology, identity-incremental, patterns, detect,
replay; each writes its own part of docs/benchmarks.md)
    [--identity-counties 62400:2010,100000:7,1000000:7]
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks import (
    chronology,
    detection,
    identity,
    identity_incremental,
    indicators,
    ingest,
    patterns,
)
from benchmarks.machine import describe
from benchmarks.report import write_section


def _rate(t: ingest.Timed) -> str:
    return f"{t.rate:,.0f} records/s"


def ingest_section(f: dict[str, Any], sample: int) -> str:
    lines = [
        "## Ingest (records spine)",
        "",
        f"Measured {f['date']} on {describe()}.",
        f"County: `heron synth --records {f['records_target']:,}` (seed 7), all agencies' "
        "files, ingested with the default chunk of 2,000 records per transaction.",
        "",
        "| run | records | seconds | records/s | peak memory | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    names = {
        "sqlite": "SQLite (parse worker + writer)",
        "sqlite_one_process": "SQLite, all in one process",
        "postgres": "PostgreSQL (parse worker + writer)",
    }
    for name, label in names.items():
        run = f.get(name)
        if run is None:
            continue
        rate = run["records"] / run["seconds"]
        ok = rate >= ingest.TARGET_RATE and run["peak_mib"] < ingest.TARGET_PEAK_MIB
        lines.append(
            f"| whole ingest, {label} | "
            f"{run['records']:,} | {run['seconds']:,.1f} | {rate:,.0f} | "
            f"{run['peak_mib']:,.0f} MiB | ≥ 50,000/s, < 1 GiB: {'met' if ok else 'not met'} |"
        )
    if "postgres" not in f:
        lines.append(f"| PostgreSQL | — | — | — | — | skipped: {f.get('postgres_note')} |")
    lines += [
        "",
        f"Each part alone (reading: the whole county; the rest: the first {sample:,} records):",
        "",
        "| part | rate |",
        "|---|---:|",
        f"| read lines (gzip, one process) | {_rate(f['read'])} |",
        f"| prepare: decode JSON, validate records-v1, checksum, build rows (one process) | "
        f"{_rate(f['prepare'])} |",
        f"| bare bulk inserts, SQLite (records + mentions + objects) | "
        f"{_rate(f['insert_sqlite'])} |",
    ]
    if "insert_postgres" in f:
        lines.append(f"| bare bulk inserts, PostgreSQL COPY | {_rate(f['insert_postgres'])} |")
    lines += ["", "### What limits it", "", *_limits(f)]
    if "sqlite_db_mib" in f:
        lines += [
            "",
            f"The SQLite database of the whole ingest took {f['sqlite_db_mib']:,.0f} MiB.",
        ]
    return "\n".join(lines)


def _limits(f: dict[str, Any]) -> list[str]:
    """The analysis, from the figures: which part bounds the whole, and by how much."""
    read, prepare, insert = f["read"].rate, f["prepare"].rate, f["insert_sqlite"].rate
    whole = f["sqlite"]["records"] / f["sqlite"]["seconds"]
    ceiling = min(prepare, insert)
    out = [
        f"- Ingest runs as a pipeline on the 2 cores: one worker process prepares lines "
        f"(decode, validate, checksum, build rows) while the main process plans versions and "
        f"writes. The whole can go no faster than its slowest stage: preparing alone reaches "
        f"{prepare:,.0f} records/s, bare SQLite inserts {insert:,.0f} records/s, reading "
        f"{read:,.0f} records/s.",
        f"- SQLite's whole ingest reached {whole:,.0f} records/s, "
        f"{whole / ceiling:.0%} of the slowest stage alone ({ceiling:,.0f}/s); the rest is "
        "the per-chunk version look-ups, id allocation, the hand-over between processes and "
        "the two stages competing for 2 cores.",
        f"- The 50,000 records/s target is {ingest.TARGET_RATE / whole:.1f}× the measured rate. "
        f"It is out of reach in this design on this machine: even with nothing else to do, "
        f"preparing in pure Python runs at {prepare:,.0f}/s per core and SQLite takes "
        f"{insert:,.0f} records/s (each record is about six rows: the record, its mentions "
        f"and objects, each indexed). Reaching it would need several cores for preparing "
        f"and fewer, wider rows per record.",
    ]
    if "sqlite_one_process" in f:
        one = f["sqlite_one_process"]["records"] / f["sqlite_one_process"]["seconds"]
        out.append(
            f"- The same ingest with everything in one process reached {one:,.0f} records/s; "
            f"the parse worker makes it {whole / one:.2f}× that."
        )
    if "insert_postgres" in f and "postgres" in f:
        pg_whole = f["postgres"]["records"] / f["postgres"]["seconds"]
        out.append(
            f"- PostgreSQL: COPY alone takes {f['insert_postgres'].rate:,.0f} records/s and the "
            f"whole ingest {pg_whole:,.0f}/s; the server's time goes to index maintenance and "
            "foreign-key checks on every mention and object row, and the per-chunk look-ups "
            "are round trips."
        )
    return out


IDENTITY_COUNTIES = "62400:2010,100000:7,1000000:7"  # mentions:seed; 62400:2010 is `heron demo`
TARGET_F1 = 0.97
TARGET_TIME_RATIO = 1.2
TARGET_PEAK_MIB = 4096


def identity_section(data: Path, counties: str = IDENTITY_COUNTIES) -> str:
    """Heron's person model beside plain Splink with a generic model, on each county."""
    parts: list[str] = []
    verdicts: list[str] = []
    first: tuple[Path, str] | None = None
    for spec in counties.split(","):
        mentions, seed = (int(x) for x in spec.split(":"))
        folder, url = identity.county(data, mentions, seed)
        first = first or (folder, url)
        results = [identity.run_isolated(m, folder, url, seed) for m in identity.MODELS]
        heron = next(r for r in results if r["model"] == "heron")
        plain = next(r for r in results if r["model"] == "generic")
        ratio = heron["seconds"] / plain["seconds"]
        parts += [
            f"`python -m benchmarks.identity --mentions {mentions} --seed {seed}`",
            "",
            identity.table(results, seed),
            "",
            f"Heron took {ratio:.2f}× the plain Splink run's time; reading the "
            f"{heron['mentions']:,} mentions from the store took a further "
            f"{heron['load_seconds']:.0f} s (not counted for either).",
            "",
        ]
        f1 = heron["pairwise_f1"]
        verdicts.append(
            f"- pairwise F1 ≥ {TARGET_F1} on seed {seed} ({heron['mentions']:,} mentions): "
            f"{_met(f1 >= TARGET_F1)} ({f1:.4f})"
        )
        if heron["mentions"] >= 900_000:
            verdicts.append(
                f"- {heron['mentions']:,} mentions in ≤ {TARGET_TIME_RATIO}× the plain Splink "
                f"run's time: {_met(ratio <= TARGET_TIME_RATIO)} ({ratio:.2f}×: "
                f"{heron['seconds']:,.0f} s against {plain['seconds']:,.0f} s)"
            )
            verdicts.append(
                f"- peak memory ≤ 4 GiB at {heron['mentions']:,} mentions: "
                f"{_met(heron['peak_mib'] <= TARGET_PEAK_MIB)} ({heron['peak_mib']:,.0f} MiB)"
            )
    assert first is not None
    return "\n".join([
        "## Identity resolution (persons)",
        "",
        f"Measured {date.today().isoformat()} on {describe()}.",
        "Each model trained without labels (u by random sampling, m by EM), cut at match "
        "probability 0.8, scored against the synthetic county's planted truth; each model "
        "in its own process (peak memory is that process's own, reading the store "
        "included). Heron: its whole pipeline (features, training, prediction with identical "
        "feature rows scored once, clustering under the hard rules). Plain Splink: the same "
        "feature table, the generic model (given name, family name, date of birth, postcode) "
        "trained the same way, every blocked pair of mentions scored, Splink's own "
        "connected-components clustering.",
        "",
        "Targets (issue #3):",
        "",
        *verdicts,
        "",
        *parts,
        "Phones, vehicles and places on the first county (pairwise, against the planted "
        "objects):",
        "",
        identity.objects_table(*first),
    ])  # fmt: skip


def _met(ok: bool) -> str:
    return "met" if ok else "not met"


SECTIONS = [
    "ingest",
    "identity",
    "indicators",
    "chronology",
    "identity-incremental",
    "patterns",
    "detect",
    "replay",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=200_000)
    parser.add_argument(
        "--identity-counties",
        default=IDENTITY_COUNTIES,
        help="identity counties as mentions:seed, comma-separated",
    )
    parser.add_argument("--data", type=Path, default=Path("bench-data"))
    parser.add_argument("--only", choices=SECTIONS)
    args = parser.parse_args()
    if args.only in (None, "ingest"):
        body = ingest_section(ingest.run(args.data, args.records, args.sample), args.sample)
        write_section("ingest", body)
        print(body)
    if args.only in (None, "identity"):
        body = identity_section(args.data, args.identity_counties)
        write_section("identity", body)
        print(body)
    if args.only in (None, "indicators"):
        body = indicators.section(args.data, args.records, seed=7, as_of_text="2011-12-31")
        write_section("indicators", body)
        print(body)
    if args.only in (None, "chronology"):
        body = chronology.section()
        write_section("chronology", body)
        print(body)
    if args.only in (None, "identity-incremental"):
        identity_incremental.main(["--write", "--data", str(args.data)])
    if args.only in (None, "patterns"):
        patterns.main(["--write", "--keep", str(args.data / "patterns")])
    if args.only in (None, "detect"):
        body = detection.detect_section(args.data, args.records, seed=7, as_of_text="2011-12-31")
        write_section("detect", body)
        print(body)
    if args.only in (None, "replay"):
        body = detection.replay_section(args.data, 100_000, seed=7, every="1m")
        write_section("replay", body)
        print(body)


if __name__ == "__main__":
    main()
