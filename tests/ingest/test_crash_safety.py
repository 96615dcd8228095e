"""Killing a real ingest process mid-file leaves the database consistent; re-running finishes.

These start ``python -m heron ingest`` as a separate process, wait until part of the file
is committed, then kill it (SIGKILL: no chance to clean up) or interrupt it (SIGINT: Ctrl-C).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from heron.access import system_actor
from heron.ingest import ingest_paths
from heron.ingest.writer import interrupt_after
from heron.settings import Settings
from heron.store.models import IngestBatch, Mention, Record
from tests.factories import record, write_jsonl

TOTAL = 12_000


def big_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "big.jsonl", (record(f"R{i}") for i in range(TOTAL)))


def _as_from_a_terminal() -> None:
    # A runner started in the background (nohup, `&`, some CI) passes SIGINT down ignored,
    # and Python then never raises KeyboardInterrupt; a person at a terminal has it default.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_ingest(path: Path, db_url: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, HERON_INGEST_CHUNK_SIZE="500")
    return subprocess.Popen(
        [sys.executable, "-m", "heron", "ingest", str(path), "--db", db_url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_as_from_a_terminal,
    )


def stored(engine: Engine, table: type = Record) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def wait_until_partly_stored(engine: Engine, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"ingest ended before it could be stopped: {proc.stderr!r}")
        if stored(engine) >= 1500:
            return
        time.sleep(0.05)
    raise AssertionError("ingest stored nothing within two minutes")


def test_sigkill_mid_file_then_rerun_finishes_without_duplicates(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    path = big_file(tmp_path)
    proc = start_ingest(path, db_url)
    wait_until_partly_stored(engine, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    before = stored(engine)
    assert 0 < before < TOTAL, "the kill should land mid-file"
    assert before % 500 == 0, "only whole chunks are ever committed"
    assert stored(engine, Mention) == 2 * before, "no record is half-stored"

    summary = ingest_paths(engine, [path], system_actor("test"), Settings())
    assert summary.counts.unchanged == before
    assert summary.counts.stored == TOTAL - before
    assert stored(engine) == TOTAL
    assert stored(engine, Mention) == 2 * TOTAL


def test_ctrl_c_marks_the_batch_interrupted(engine: Engine, db_url: str, tmp_path: Path) -> None:
    path = big_file(tmp_path)
    proc = start_ingest(path, db_url)
    wait_until_partly_stored(engine, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"Interrupted" in err and b"Traceback" not in err
    with Session(engine) as session:
        batch = session.scalars(select(IngestBatch)).one()
    assert batch.status == "interrupted" and batch.finished_at is not None
    assert stored(engine, Mention) == 2 * stored(engine)


def test_ctrl_c_while_a_chunk_is_written_waits_for_its_commit() -> None:
    """A SIGINT inside the block is held, then raised once it ends; nothing is lost."""
    done = []
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt), interrupt_after():
        os.kill(os.getpid(), signal.SIGINT)
        done.append("the rest of the chunk")
    assert done == ["the rest of the chunk"]
    assert signal.getsignal(signal.SIGINT) == before
