"""Linking ahead in a second process on both backends: the worker opens the same database
(for PostgreSQL, the same schema through the URL's options) and every step gets its run."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from heron.access import system_actor
from heron.detection import parse_every, replay
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.models import IdentityRun

pytestmark = pytest.mark.slow
ACTOR = system_actor("test-linkahead")


def test_a_replay_links_ahead_on_either_backend(engine: Engine, tmp_path: Path) -> None:
    from heron.synth import SynthConfig, generate

    generate(SynthConfig(out=tmp_path, seed=5, children=120))
    ingest_paths(engine, [tmp_path / "records"], ACTOR, Settings())
    every = parse_every("1y")
    steps = list(
        replay(
            engine, ACTOR, datetime(2008, 12, 31), datetime(2011, 12, 31), every, link_ahead=True
        )
    )
    assert [s.as_of.year for s in steps] == [2008, 2009, 2010, 2011]
    assert len({s.result.run_id for s in steps}) == 4, "each date detected on its own run"
    assert steps[0].link_mode == "full" and steps[-1].mentions >= steps[0].mentions > 0
    with engine.connect() as conn:
        runs = conn.execute(select(func.count()).select_from(IdentityRun)).scalar_one()
    assert runs == 4, "the worker linked each date once, and detection linked nothing itself"


DRIVER = """
import sys, time
from datetime import datetime
from heron.access import system_actor
from heron.detection.linkahead import LinkAhead
from heron.store.db import open_store
engine = open_store(sys.argv[1])
dates = [datetime(2004 + k // 12, k % 12 + 1, 28) for k in range(96)]
with LinkAhead(engine, system_actor("test"), dates) as worker:
    print(worker.pid, flush=True)
    time.sleep(120)
"""


def test_the_worker_stops_when_the_replay_is_killed(tmp_path: Path) -> None:
    """Killed outright, the replay cannot stop its worker; the worker stops itself rather
    than linking on for nobody (here its next message meets a closed pipe; a worker in a
    long step stops through its standard input, tested below)."""
    import signal
    import subprocess
    import sys
    import time

    import psutil

    from heron.store.db import open_store
    from heron.synth import SynthConfig, generate

    generate(SynthConfig(out=tmp_path / "county", seed=5, children=120))
    url = f"sqlite:///{tmp_path / 'heron.db'}"
    ingest_paths(open_store(url), [tmp_path / "county" / "records"], ACTOR, Settings())
    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER, url], stdout=subprocess.PIPE, text=True
    )
    assert driver.stdout is not None
    worker = psutil.Process(int(driver.stdout.readline()))
    assert worker.is_running()
    driver.send_signal(signal.SIGKILL)
    driver.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if worker.status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.2)
    else:
        worker.kill()
        raise AssertionError("the linking worker outlived the replay that started it")


WATCHER = """
import threading, time
from heron.detection.linkahead import _exit_with_the_replay
threading.Thread(target=_exit_with_the_replay, daemon=True).start()
time.sleep(60)  # a long linking step
"""


def test_a_worker_in_a_long_step_stops_when_its_standard_input_closes() -> None:
    import subprocess
    import sys

    worker = subprocess.Popen([sys.executable, "-c", WATCHER], stdin=subprocess.PIPE)
    assert worker.stdin is not None
    worker.stdin.close()  # what the replay's death does to the pipe
    assert worker.wait(timeout=20) == 0
