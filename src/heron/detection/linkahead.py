"""Linking a replay's dates in a second process, ahead of detection.

Linking as of a date never reads what detection writes (alerts, levels), only records and
earlier identity runs, so a replay can link date N + 1 while date N is still being
assessed: ``LinkAhead`` starts one worker process that links every date in order and
reports each run as it is stored; the replay detects a date once its run is there. Two
cores then share the work instead of one waiting on the other. The worker opens its own
engine on the same database (a fresh interpreter running ``worker_main``, the job on its
standard input, one JSON line out per linked date); SQLite's WAL journal lets it write
while the replay reads, and each side's writes wait for the other's through the busy
timeout.

Owns only the worker and its messages; what linking does is ``heron.identity``'s.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import Engine

from heron.access import Actor

if TYPE_CHECKING:
    from heron.identity.service import LinkSummary  # Splink loads only in the worker

#: What the worker's fresh interpreter runs.
_WORKER = "from heron.detection.linkahead import worker_main; worker_main()"


@dataclass(frozen=True, slots=True)
class LinkedStep:
    """What linking as of one date did (``heron.identity.LinkSummary``'s figures a step shows)."""

    index: int
    run_id: int
    mentions: int
    persons: int
    mode: str

    @classmethod
    def of(cls, index: int, link: LinkSummary) -> LinkedStep:
        return cls(index, link.run_id, link.mentions, link.persons, link.mode)


class LinkAheadError(RuntimeError):
    """The linking worker failed; its traceback is the message."""


def can_link_ahead(engine: Engine) -> bool:
    """Whether a second process can open this database and there is a second core to use.

    An in-memory SQLite database lives in this process only.
    """
    if (os.cpu_count() or 1) < 2:
        return False
    url = engine.url
    return not (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"))


def _link_dates(url: str, actor: Actor, dates: Sequence[datetime], out: IO[str]) -> None:
    """The worker: link as of each date in turn, reporting each stored run (or the failure)
    as one JSON line."""
    try:
        from heron.identity import link_persons
        from heron.store.db import make_engine

        engine = make_engine(url)
        for index, when in enumerate(dates):
            step = LinkedStep.of(index, link_persons(engine, actor, when))
            out.write(json.dumps({"step": asdict(step)}) + "\n")
            out.flush()
        engine.dispose()
    except BaseException:  # every failure must reach the replay, not vanish
        out.write(json.dumps({"error": traceback.format_exc()}) + "\n")
        out.flush()


def worker_main() -> None:
    """The worker process's body: the job arrives as JSON on standard input.

    A fresh interpreter, not ``multiprocessing``: spawning would run the caller's main
    script again in the worker, and forking copies DuckDB's threads badly. Messages go
    to the original standard output; anything a library prints goes to standard error.
    """
    messages = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    job = json.loads(sys.stdin.readline())
    threading.Thread(target=_exit_with_the_replay, daemon=True).start()
    dates = [datetime.fromisoformat(d) for d in job["dates"]]
    _link_dates(job["url"], Actor(**job["actor"]), dates, messages)


def _exit_with_the_replay() -> None:
    """The replay keeps the worker's standard input open while it runs; when it ends, or
    is killed before it can stop the worker, the pipe closes and the worker stops too
    (its open write transaction, if any, rolls back)."""
    sys.stdin.read()
    os._exit(0)


class LinkAhead:
    """A worker linking ``dates`` in order; ``wait(i)`` returns once date i is linked.

    Use as a context manager: leaving it stops the worker if it is still running (a replay
    abandoned part way, or failed).
    """

    def __init__(self, engine: Engine, actor: Actor, dates: Sequence[datetime]) -> None:
        # The job goes on standard input, so a password in the URL is not on a command line.
        self._job = json.dumps(
            {
                "url": engine.url.render_as_string(hide_password=False),
                "actor": asdict(actor),
                "dates": [when.isoformat() for when in dates],
            }
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._done: dict[int, LinkedStep] = {}
        self._worker: subprocess.Popen[str] | None = None

    def __enter__(self) -> LinkAhead:
        self._worker = subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._worker.stdin is not None
        self._worker.stdin.write(self._job + "\n")  # kept open: see _exit_with_the_replay
        self._worker.stdin.flush()
        threading.Thread(target=self._read, args=(self._worker.stdout,), daemon=True).start()
        return self

    @property
    def pid(self) -> int | None:
        """The worker's process id, once started."""
        return self._worker.pid if self._worker is not None else None

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line)
        self._lines.put(None)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._worker is None:
            return
        if self._worker.stdin is not None:
            self._worker.stdin.close()
        if self._worker.poll() is None:
            self._worker.terminate()
        self._worker.wait()

    def wait(self, index: int) -> LinkedStep:
        """Block until date ``index`` is linked; raise ``LinkAheadError`` if linking failed."""
        assert self._worker is not None, "use LinkAhead as a context manager"
        while index not in self._done:
            line = self._lines.get()  # None: the worker's output ended
            if line is None:
                raise LinkAheadError(
                    f"the linking worker stopped (exit code {self._worker.wait()}) "
                    f"before linking step {index + 1}"
                )
            message: dict[str, Any] = json.loads(line)
            if "error" in message:
                raise LinkAheadError(f"linking failed in the worker:\n{message['error']}")
            step = LinkedStep(**message["step"])
            self._done[step.index] = step
        return self._done.pop(index)
