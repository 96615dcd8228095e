"""Ingesting records files: batches, files, chunks, progress and the summary.

``ingest_paths`` is what the CLI, the demo and the benchmarks call. It streams every file in
chunks of ``Settings.ingest_chunk_size`` lines, each committed on its own, so memory stays
flat and an interrupted run can simply be run again.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path

from sqlalchemy import Engine, insert, update

from heron.access import Actor
from heron.ingest.parse import (
    Prepared,
    Rejected,
    decode_prepared,
    encode_batch,
    prepare_batch,
    prepare_line,
)
from heron.ingest.reader import Line, LineReader, file_sha256, find_files
from heron.ingest.rows import RowContext
from heron.ingest.writer import ChunkWriter, Counts
from heron.settings import Settings
from heron.store.dialects import db_datetime, refresh_statistics
from heron.store.models import IngestBatch, Record, SourceFile
from heron.timeutil import now_uk

FORMATS = ("records-v1",)
_WORKER_MIN_BYTES = 1 << 20  # smaller files are prepared in-process: a worker costs more
_IN_FLIGHT = 3
_ANALYZE_MIN_ROWS = 20_000


@contextmanager
def _worker_pool(workers: int) -> Iterator[Pool | None]:
    """A pool of parse workers, forked from a clean forkserver: forking this process could
    copy another library's threads mid-operation (DuckDB's, after linking), which crashes."""
    if workers == 0:
        yield None
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["heron.ingest.parse"])
    pool = context.Pool(workers)
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


ProgressCallback = Callable[[int], None]


class _Statistics:
    """Refreshes the database's statistics on ``records`` each time it has about doubled."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.known = 0
        self.pending = 0

    def grew(self, rows: int) -> None:
        self.pending += rows
        if self.pending >= max(_ANALYZE_MIN_ROWS, self.known):
            refresh_statistics(self.engine, Record.__table__)  # type: ignore[arg-type]
            self.known += self.pending
            self.pending = 0


@dataclass
class FileSummary:
    path: str
    counts: Counts
    status: str
    problem: str | None = None


@dataclass
class IngestSummary:
    batch_id: int
    counts: Counts = field(default_factory=Counts)
    files: list[FileSummary] = field(default_factory=list)


class IngestError(Exception):
    """A request that cannot be ingested at all (no such path, unknown format)."""


def total_bytes(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in find_files(paths) if p.is_file())


def ingest_paths(
    engine: Engine,
    paths: list[Path],
    actor: Actor,
    settings: Settings,
    *,
    source_format: str = "records-v1",
    on_progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Ingest files and folders of records on behalf of ``actor``; return what happened."""
    if source_format not in FORMATS:
        raise IngestError(f"unknown format {source_format!r}; known: {', '.join(FORMATS)}")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise IngestError(f"no such file or folder: {', '.join(missing)}")
    files = find_files(paths)
    batch_id = _start_batch(engine, actor, source_format)
    summary = IngestSummary(batch_id)
    statistics = _Statistics(engine)
    try:
        for path in files:
            file_summary = _ingest_file(engine, batch_id, path, settings, statistics, on_progress)
            summary.files.append(file_summary)
            summary.counts.add(file_summary.counts)
    except BaseException:
        _finish_batch(engine, batch_id, "interrupted")
        raise
    _finish_batch(engine, batch_id, "done")
    return summary


def _start_batch(engine: Engine, actor: Actor, source_format: str) -> int:
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(IngestBatch)
                .values(
                    actor=actor.label(),
                    started_at=now_uk(),
                    status="running",
                    source_format=source_format,
                    stored=0,
                    unchanged=0,
                    amended=0,
                    quarantined=0,
                )
                .returning(IngestBatch.id)
            ).scalar_one()
        )


def _finish_batch(engine: Engine, batch_id: int, status: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(IngestBatch)
            .where(IngestBatch.id == batch_id)
            .values(status=status, finished_at=now_uk())
        )


def _line_batches(reader: LineReader, size: int) -> Iterator[list[Line]]:
    batch: list[Line] = []
    for line in reader:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


Chunk = tuple[list[Prepared], list[Rejected]]


def _split(items: list[Prepared | Rejected]) -> Chunk:
    prepared = [i for i in items if isinstance(i, Prepared)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    return prepared, rejected


def _chunks(
    reader: LineReader, settings: Settings, context: RowContext, pool: Pool | None
) -> Iterator[Chunk]:
    """Prepared chunks of a file, in order: in a worker process when ``pool`` is given.

    With a worker, at most ``_IN_FLIGHT`` chunks are being prepared ahead of the writer, so
    memory stays bounded however large the file.
    """
    max_bytes = settings.ingest_max_line_bytes
    batches = _line_batches(reader, settings.ingest_chunk_size)
    if pool is None:
        for lines in batches:
            yield _split([prepare_line(line, max_bytes, context) for line in lines])
        return
    pending: deque[AsyncResult[bytes]] = deque()
    for lines in batches:
        pending.append(pool.apply_async(prepare_batch, (encode_batch(lines, max_bytes, context),)))
        if len(pending) >= _IN_FLIGHT:
            yield _split(decode_prepared(pending.popleft().get()))
    while pending:
        yield _split(decode_prepared(pending.popleft().get()))


def _ingest_file(
    engine: Engine,
    batch_id: int,
    path: Path,
    settings: Settings,
    statistics: _Statistics,
    on_progress: ProgressCallback | None,
) -> FileSummary:
    size = path.stat().st_size
    with engine.begin() as conn:
        source_id = int(
            conn.execute(
                insert(SourceFile)
                .values(batch_id=batch_id, path=str(path), size=size, status="reading")
                .returning(SourceFile.id)
            ).scalar_one()
        )
    writer = ChunkWriter(engine, batch_id, source_id, str(path))
    reader = LineReader(path, settings.ingest_max_line_bytes, settings.quarantine_keep_bytes)
    context = RowContext(batch_id, source_id, db_datetime(now_uk()) or "")
    counts = Counts()
    problem: str | None = None
    reported = 0
    lines = 0
    use_worker = settings.ingest_workers > 0 and size >= _WORKER_MIN_BYTES
    with _worker_pool(settings.ingest_workers if use_worker else 0) as pool:
        for prepared, rejected in _chunks(reader, settings, context, pool):
            written = writer.write(prepared, rejected, settings.quarantine_keep_bytes)
            counts.add(written)
            statistics.grew(written.stored + written.amended)
            problem = next((r.reason for r in rejected if r.file_problem), problem)
            numbers = [p.line_no for p in prepared] + [r.line_no for r in rejected]
            lines = max([lines, *numbers])
            if on_progress is not None:
                position = reader.position
                on_progress(position - reported)
                reported = position
    if on_progress is not None:
        on_progress(size - reported)
    status = "truncated" if problem else "done"
    with engine.begin() as conn:
        conn.execute(
            update(SourceFile)
            .where(SourceFile.id == source_id)
            .values(status=status, sha256=file_sha256(path), lines=lines)
        )
    return FileSummary(str(path), counts, status, problem)
