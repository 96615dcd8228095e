"""``make bench``: run the benchmarks and write docs/benchmarks.md.

python -m benchmarks.run [--records N] [--sample N] [--data DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from benchmarks import ingest
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
    for name in ("sqlite", "postgres"):
        run = f.get(name)
        if run is None:
            continue
        rate = run["records"] / run["seconds"]
        ok = rate >= ingest.TARGET_RATE and run["peak_mib"] < ingest.TARGET_PEAK_MIB
        lines.append(
            f"| whole ingest, {'SQLite' if name == 'sqlite' else 'PostgreSQL'} | "
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
    if "sqlite_db_mib" in f:
        lines += [
            "",
            f"The SQLite database of the whole ingest took {f['sqlite_db_mib']:,.0f} MiB.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=200_000)
    parser.add_argument("--data", type=Path, default=Path("bench-data"))
    args = parser.parse_args()
    figures = ingest.run(args.data, args.records, args.sample)
    body = ingest_section(figures, args.sample)
    write_section("ingest", body)
    print(body)


if __name__ == "__main__":
    main()
