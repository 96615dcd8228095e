"""Replay steps: which as-of dates a period and a step give."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from heron.detection import parse_every, replay_dates

END = time.max


def test_month_steps_keep_to_month_ends_without_drifting() -> None:
    dates = replay_dates(datetime(2004, 1, 31), datetime(2004, 5, 31), parse_every("1m"))
    assert [d.date().isoformat() for d in dates] == [
        "2004-01-31",
        "2004-02-29",
        "2004-03-31",
        "2004-04-30",
        "2004-05-31",
    ]
    assert all(d.time() == END for d in dates)  # a date means the end of that day


def test_the_last_date_is_always_replayed() -> None:
    dates = replay_dates(datetime(2008, 1, 1), datetime(2008, 1, 20), parse_every("1w"))
    assert [d.day for d in dates] == [1, 8, 15, 20]


def test_an_exact_datetime_is_kept() -> None:
    dates = replay_dates(
        datetime(2008, 1, 1, 9, 30), datetime(2008, 1, 3, 9, 30), parse_every("1d")
    )
    assert [d.isoformat() for d in dates] == [
        "2008-01-01T09:30:00",
        "2008-01-02T09:30:00",
        "2008-01-03T09:30:00",
    ]


@pytest.mark.parametrize("text", ["", "m", "0m", "1q", "-1m", "1.5m"])
def test_steps_that_mean_nothing_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a step"):
        parse_every(text)


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(ValueError, match="before its start"):
        replay_dates(datetime(2008, 2, 1), datetime(2008, 1, 1), parse_every("1m"))
