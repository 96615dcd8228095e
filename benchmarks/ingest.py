"""Ingest benchmark: 1,000,000 synthetic records into SQLite and PostgreSQL.

Measures the whole ingest (in a subprocess, for its peak memory) and each part alone on a
sample — reading, parsing and validating, building rows, and bare bulk inserts — so the
report can say what limits the whole and how far each part is from its own ceiling.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from heron.ingest.parse import Prepared, prepare_line
from heron.ingest.reader import LineReader, find_files
from heron.ingest.rows import CHILD_TABLES, COLUMNS, RECORD_ID, VERSION, RowContext
from heron.settings import get_settings
from heron.store.db import open_store
from heron.store.dialects import bulk_insert, db_datetime
from heron.store.models import Base, IngestBatch, SourceFile
from heron.synth import SynthConfig, generate
from heron.timeutil import now_uk

TARGET_RATE = 50_000
TARGET_PEAK_MIB = 1024


@dataclass
class Timed:
    records: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


def county(root: Path, records: int, seed: int = 7) -> Path:
    """A synthetic county of about ``records`` records, made once and reused."""
    out = root / f"county-{records}-{seed}"
    if not (out / "manifest.json").exists():
        print(f"making a synthetic county of about {records:,} records in {out} …", flush=True)
        generate(SynthConfig(out=out, seed=seed, records=records))
    return out / "records"


def _sample_lines(folder: Path, limit: int) -> list[Any]:
    lines = []
    for path in find_files([folder]):
        for line in LineReader(path, 4 * 1024 * 1024, 65536):
            lines.append(line)
            if len(lines) >= limit:
                return lines
    return lines


def time_reading(folder: Path) -> Timed:
    began = time.perf_counter()
    count = sum(1 for path in find_files([folder]) for _ in LineReader(path, 4 << 20, 65536))
    return Timed(count, time.perf_counter() - began)


def time_preparing(lines: list[Any]) -> tuple[Timed, list[Prepared]]:
    """Decode, validate, checksum and build rows, in one process."""
    context = RowContext(1, 1, db_datetime(now_uk()) or "")
    began = time.perf_counter()
    results = [prepare_line(line, 4 << 20, context) for line in lines]
    seconds = time.perf_counter() - began
    prepared = [p for p in results if isinstance(p, Prepared)]
    versions: dict[str, int] = {}
    for pk, item in enumerate(prepared, start=1):
        versions[item.key] = versions.get(item.key, 0) + 1
        item.record[RECORD_ID] = pk
        item.record[VERSION] = versions[item.key]
        for rows in item.children.values():
            for row in rows:
                row[0] = pk
    return Timed(len(lines), seconds), prepared


def time_inserts(url: str, prepared: list[Prepared]) -> Timed:
    """Bare bulk inserts of ready rows in chunks of 2,000 records: the store's own ceiling."""
    engine = open_store(url)
    with engine.begin() as conn:
        conn.execute(IngestBatch.__table__.insert().values(
            id=1, actor="bench", started_at=now_uk(), status="bench", source_format="bench",
            stored=0, unchanged=0, amended=0, quarantined=0))  # fmt: skip
        conn.execute(SourceFile.__table__.insert().values(id=1, batch_id=1, path="-", status="x"))
    tables = Base.metadata.tables
    began = time.perf_counter()
    for start in range(0, len(prepared), 2000):
        chunk = prepared[start : start + 2000]
        with engine.begin() as conn:
            bulk_insert(conn, tables["records"], COLUMNS["records"], [p.record for p in chunk])
            for table in CHILD_TABLES:
                rows = [row for p in chunk for row in p.children.get(table, ())]
                bulk_insert(conn, tables[table], COLUMNS[table], rows)
    seconds = time.perf_counter() - began
    engine.dispose()
    return Timed(len(prepared), seconds)


def whole_ingest(url: str, folder: Path, workers: int = 1) -> dict[str, Any]:
    """The real thing, in a fresh process, on a fresh database."""
    env = dict(os.environ, HERON_INGEST_WORKERS=str(workers))
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest_once", url, str(folder)],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return dict(orjson.loads(result.stdout.strip().splitlines()[-1]))


def _postgres(sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(get_settings().test_postgres_url)
    with psycopg.connect(
        host=base.host, port=base.port or 5432, user=base.username,
        dbname=base.database, password=base.password, autocommit=True, connect_timeout=3,
    ) as conn:  # fmt: skip
        conn.execute(sql)  # type: ignore[arg-type]


def postgres_schema() -> tuple[str | None, str]:
    """(URL of a fresh schema on the configured PostgreSQL server, its name) or (None, why)."""
    from sqlalchemy.engine import make_url

    schema = f"heron_bench_{uuid.uuid4().hex[:8]}"
    try:
        _postgres(f'CREATE SCHEMA "{schema}"')
    except Exception as exc:
        return None, f"PostgreSQL not reachable: {exc}"
    url = make_url(get_settings().test_postgres_url)
    url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(schema: str) -> None:
    _postgres(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def run(root: Path, records: int, sample: int) -> dict[str, Any]:
    folder = county(root, records)
    figures: dict[str, Any] = {"date": date.today().isoformat(), "records_target": records}
    print("timing each part alone …", flush=True)
    figures["read"] = time_reading(folder)
    lines = _sample_lines(folder, sample)
    figures["prepare"], prepared = time_preparing(lines)
    with tempfile.TemporaryDirectory() as tmp:
        figures["insert_sqlite"] = time_inserts(f"sqlite:///{tmp}/parts.db", prepared)
        print("whole ingest into SQLite, all in one process …", flush=True)
        figures["sqlite_one_process"] = whole_ingest(f"sqlite:///{tmp}/one.db", folder, 0)
        print("whole ingest into SQLite …", flush=True)
        figures["sqlite"] = whole_ingest(f"sqlite:///{tmp}/bench.db", folder)
        figures["sqlite_db_mib"] = (
            sum(f.stat().st_size for f in Path(tmp).glob("bench.db*")) / 2**20
        )
    pg_url, schema = postgres_schema()
    if pg_url is None:
        figures["postgres_note"] = schema
        return figures
    parts_url, parts_schema = postgres_schema()
    try:
        if parts_url is not None:
            figures["insert_postgres"] = time_inserts(parts_url, prepared)
        print("whole ingest into PostgreSQL …", flush=True)
        figures["postgres"] = whole_ingest(pg_url, folder)
    finally:
        drop_schema(schema)
        drop_schema(parts_schema)
    return figures
