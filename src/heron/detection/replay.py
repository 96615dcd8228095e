"""``replay``: run link and detect as of each date of a period, on what was recorded by then.

This is how a review asks whether a pattern was visible earlier: each step sees only the
records whose ``recorded_at`` is on or before its date (``store.asof``), links them, assesses
every child, finds networks and syncs alerts, so each alert keeps the first date at which
it would have been raised. Steps run in date order; replaying a period again over the same
database recomputes each step from the records, and an alert's first-raised date is the
earliest step that saw it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from time import perf_counter

from dateutil.relativedelta import relativedelta
from sqlalchemy import Engine

from heron.access import Actor
from heron.detection.service import DetectResult, detect

_EVERY = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}

#: Retrain the linking model when the visible mentions have grown this many times since it
#: was trained; between trainings each step reuses the latest parameters.
RETRAIN_GROWTH = 2.0


def parse_every(text: str) -> relativedelta:
    """``1m`` (a month), ``2w``, ``7d``, ``1y`` → a step; anything else is refused."""
    match = _EVERY.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a step such as 1m, 2w, 7d or 1y")
    return relativedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})


def _end_of_day(when: datetime) -> datetime:
    """A date given as midnight means the end of that day, as everywhere in Heron."""
    return datetime.combine(when.date(), time.max) if when.time() == time.min else when


def replay_dates(start: datetime, end: datetime, every: relativedelta) -> list[datetime]:
    """The as-of dates from ``start`` to ``end`` inclusive, ``end`` always last.

    Each date is ``start + k × every`` (so month steps from the 31st stay at month ends
    instead of drifting); dates are taken at the end of their day.
    """
    if end < start:
        raise ValueError("the replay's end is before its start")
    dates: list[datetime] = []
    k = 0
    while (when := start + every * k) <= end:
        dates.append(_end_of_day(when))
        k += 1
    last = _end_of_day(end)
    if not dates or dates[-1] < last:
        dates.append(last)
    return dates


@dataclass(frozen=True, slots=True)
class ReplayStep:
    """One replayed date: how many mentions it linked, and what detection found."""

    index: int
    as_of: datetime
    mentions: int
    persons: int
    trained: bool  # whether this step trained the linking model afresh
    result: DetectResult
    seconds: float


def replay(
    engine: Engine,
    actor: Actor,
    start: datetime,
    end: datetime,
    every: relativedelta,
    progress: Callable[[ReplayStep, int], None] | None = None,
) -> Iterator[ReplayStep]:
    """Link and detect as of each date from ``start`` to ``end``; yields each step's result.

    ``progress(step, total)`` is called after each step.
    """
    from heron.identity import link_persons  # Splink loads only when linking

    dates = replay_dates(start, end, every)
    trained_at = 0
    last_mentions = 0
    for index, when in enumerate(dates):
        clock = perf_counter()
        retrain = trained_at == 0 or last_mentions >= RETRAIN_GROWTH * trained_at
        link = link_persons(engine, actor, when, reuse_model=not retrain)
        if retrain:
            trained_at = max(link.mentions, 1)
        last_mentions = link.mentions
        result = detect(engine, actor, when)
        step = ReplayStep(
            index=index,
            as_of=when,
            mentions=link.mentions,
            persons=link.persons,
            trained=retrain,
            result=result,
            seconds=perf_counter() - clock,
        )
        if progress is not None:
            progress(step, len(dates))
        yield step
