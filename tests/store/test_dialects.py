"""The few places where SQLite and PostgreSQL differ, checked on both."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from heron.store.dialects import db_datetime, normalise_url, refresh_statistics
from heron.store.models import Record


def test_urls_use_psycopg_for_postgresql() -> None:
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert normalise_url("sqlite:///heron.db") == "sqlite:///heron.db"


def test_db_datetime_matches_sqlalchemy_sqlite_text() -> None:
    assert db_datetime(datetime(2007, 3, 1, 22, 5)) == "2007-03-01 22:05:00.000000"
    assert db_datetime(None) is None


def test_refresh_statistics_runs_on_both(engine: Engine) -> None:
    refresh_statistics(engine, Record.__table__)  # type: ignore[arg-type]
