"""Run one ingest in this process and print its figures as JSON (run as a subprocess so
that peak memory is this ingest's alone)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import orjson

from benchmarks.machine import peak_rss_mib
from heron.access import system_actor
from heron.ingest import ingest_paths
from heron.settings import get_settings
from heron.store.db import open_store


def main() -> None:
    url, folder = sys.argv[1], Path(sys.argv[2])
    engine = open_store(url)
    began = time.perf_counter()
    summary = ingest_paths(engine, [folder], system_actor("bench"), get_settings())
    seconds = time.perf_counter() - began
    c = summary.counts
    lines = c.stored + c.unchanged + c.amended + c.quarantined
    print(orjson.dumps({
        "records": lines, "stored": c.stored, "amended": c.amended,
        "quarantined": c.quarantined, "seconds": seconds, "peak_mib": peak_rss_mib(),
    }).decode())  # fmt: skip


if __name__ == "__main__":
    main()
