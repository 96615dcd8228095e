"""``replay``: run link and detect as of each date of a period, on what was recorded by then.

This is how a review asks whether a pattern was visible earlier: each step sees only the
records whose ``recorded_at`` is on or before its date (``store.asof``), links them, assesses
every child, finds networks and syncs alerts, so each alert keeps the first date at which
it would have been raised. Steps run in date order; replaying a period again over the same
database recomputes each step from the records, and an alert's first-raised date is the
earliest step that saw it. Linking never reads what detection writes, so where a second
process can open the database, the dates are linked there, ahead of detection
(``heron.detection.linkahead``); the steps and their results are the same either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from time import perf_counter

from dateutil.relativedelta import relativedelta
from sqlalchemy import Engine

from heron.access import Actor
from heron.detection.linkahead import LinkAhead, LinkedStep, can_link_ahead
from heron.detection.service import DetectResult, detect

_EVERY = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


def parse_every(text: str) -> relativedelta:
    """``1m`` (a month), ``2w``, ``7d``, ``1y`` → a step; anything else is refused."""
    match = _EVERY.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a step such as 1m, 2w, 7d or 1y")
    n, unit = int(match.group(1)), match.group(2).lower()
    if unit == "d":
        return relativedelta(days=n)
    if unit == "w":
        return relativedelta(weeks=n)
    return relativedelta(months=n) if unit == "m" else relativedelta(years=n)


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
    link_mode: str  # "full" (trained afresh as the county grew) or "incremental"
    result: DetectResult
    seconds: float


def replay(
    engine: Engine,
    actor: Actor,
    start: datetime,
    end: datetime,
    every: relativedelta,
    progress: Callable[[ReplayStep, int], None] | None = None,
    link_ahead: bool | None = None,
) -> Iterator[ReplayStep]:
    """Link and detect as of each date from ``start`` to ``end``; yields each step's result.

    ``progress(step, total)`` is called after each step. ``link_ahead`` links in a second
    process ahead of detection: None (the default) does so where it can
    (``can_link_ahead``), False links each date in this process just before detecting it.
    A step's ``seconds`` is its wait for linking and its detection.
    """
    dates = replay_dates(start, end, every)
    ahead = can_link_ahead(engine) if link_ahead is None else link_ahead
    if ahead:
        with LinkAhead(engine, actor, dates) as worker:
            yield from _steps(engine, actor, dates, worker.wait, progress)
    else:
        yield from _steps(engine, actor, dates, _linker(engine, actor, dates), progress)


def _linker(engine: Engine, actor: Actor, dates: Sequence[datetime]) -> Callable[[int], LinkedStep]:
    """Linking in this process, date by date, in the shape ``LinkAhead.wait`` gives."""
    from heron.identity import link_persons  # Splink loads only when linking

    def link(index: int) -> LinkedStep:
        # Incremental onto the previous step's persons; in full, with training, whenever
        # the county has grown enough since the model was trained (heron.identity decides).
        return LinkedStep.of(index, link_persons(engine, actor, dates[index]))

    return link


def _steps(
    engine: Engine,
    actor: Actor,
    dates: Sequence[datetime],
    linked: Callable[[int], LinkedStep],
    progress: Callable[[ReplayStep, int], None] | None,
) -> Iterator[ReplayStep]:
    from heron.indicators.viewcache import ViewCache

    cache = ViewCache()  # record views built at one step are good at the next
    clock = perf_counter()
    for index, when in enumerate(dates):
        link = linked(index)
        result = detect(engine, actor, when, cache, run_id=link.run_id)
        now = perf_counter()
        step = ReplayStep(
            index=index,
            as_of=when,
            mentions=link.mentions,
            persons=link.persons,
            link_mode=link.mode,
            result=result,
            seconds=now - clock,
        )
        if progress is not None:
            progress(step, len(dates))
        yield step
        clock = perf_counter()  # what the caller does with a step is not the step's time
