"""Linking a replay's dates in a second process, ahead of detection.

Linking as of a date never reads what detection writes (alerts, levels), only records and
earlier identity runs, so a replay can link date N + 1 while date N is still being
assessed: ``LinkAhead`` starts one worker process that links every date in order and
reports each run as it is stored; the replay detects a date once its run is there. Two
cores then share the work instead of one waiting on the other. The worker opens its own
engine on the same database; SQLite's WAL journal lets it write while the replay reads,
and each side's writes wait for the other's through the busy timeout.

Owns only the worker and its messages; what linking does is ``heron.identity``'s.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Engine

from heron.access import Actor

#: How long the replay waits for one message before checking the worker is still alive.
_POLL_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class LinkedStep:
    """What linking as of one date did (``heron.identity.LinkSummary``'s figures a step shows)."""

    index: int
    run_id: int
    mentions: int
    persons: int
    mode: str


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


def _link_dates(url: str, actor: Actor, dates: Sequence[datetime], out: Any) -> None:
    """The worker: link as of each date in turn, reporting each stored run (or the failure)."""
    try:
        from heron.identity import link_persons
        from heron.store.db import make_engine

        engine = make_engine(url)
        for index, when in enumerate(dates):
            link = link_persons(engine, actor, when)
            out.put(LinkedStep(index, link.run_id, link.mentions, link.persons, link.mode))
        engine.dispose()
    except BaseException:  # every failure must reach the replay, not vanish
        out.put(traceback.format_exc())


class LinkAhead:
    """A worker linking ``dates`` in order; ``wait(i)`` returns once date i is linked.

    Use as a context manager: leaving it stops the worker if it is still running (a replay
    abandoned part way, or failed).
    """

    def __init__(self, engine: Engine, actor: Actor, dates: Sequence[datetime]) -> None:
        context = multiprocessing.get_context("spawn")  # DuckDB's threads do not survive fork
        self._messages: Any = context.Queue()
        url = engine.url.render_as_string(hide_password=False)
        self._worker = context.Process(
            target=_link_dates,
            args=(url, actor, list(dates), self._messages),
            name="heron-link-ahead",
            daemon=True,
        )
        self._done: dict[int, LinkedStep] = {}

    def __enter__(self) -> LinkAhead:
        self._worker.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._worker.is_alive():
            self._worker.terminate()
        self._worker.join()
        self._messages.close()

    def wait(self, index: int) -> LinkedStep:
        """Block until date ``index`` is linked; raise ``LinkAheadError`` if linking failed."""
        while index not in self._done:
            try:
                message = self._messages.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if not self._worker.is_alive():
                    raise LinkAheadError(
                        f"the linking worker stopped (exit code {self._worker.exitcode}) "
                        f"before linking step {index + 1}"
                    ) from None
                continue
            if isinstance(message, str):
                raise LinkAheadError(f"linking failed in the worker:\n{message}")
            self._done[message.index] = message
        return self._done.pop(index)
