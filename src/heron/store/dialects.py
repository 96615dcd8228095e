"""Every difference between SQLite and PostgreSQL, in one place.

Other modules call these helpers instead of testing ``engine.dialect.name`` themselves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.sql.dml import Insert


def normalise_url(url: str) -> str:
    """Map the URLs users write to the driver Heron uses (psycopg 3 for PostgreSQL)."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def prepare_location(url: str) -> None:
    """SQLite: create the database file's folder, as a user naming a new file expects."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def install_connection_setup(engine: Engine) -> None:
    """SQLite: WAL journal, foreign keys and a busy timeout on every new connection."""
    if not is_sqlite(engine):
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute(
            "PRAGMA cache_size=-131072"
        )  # 128 MiB of page cache: index inserts stay in memory
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.close()


def insert_ignoring_duplicates(engine: Engine, table: Table) -> Insert:
    """An INSERT that skips rows violating a unique constraint (re-ingest of the same line)."""
    if is_sqlite(engine):
        return sqlite.insert(table).on_conflict_do_nothing()
    return postgresql.insert(table).on_conflict_do_nothing()


def refresh_statistics(engine: Engine, table: Table) -> None:
    """PostgreSQL: re-analyse a table that grew quickly, so the planner keeps using its indexes
    (a table filled from empty within one ingest otherwise looks tiny to it). SQLite: nothing."""
    if is_sqlite(engine):
        return
    with engine.begin() as conn:
        conn.exec_driver_sql(f"ANALYZE {table.name}")


def db_datetime(value: datetime | None) -> str | None:
    """A datetime as bulk inserts write it: the text form SQLAlchemy's SQLite DateTime uses
    (so raw and ORM writes compare equal), which PostgreSQL's COPY also reads."""
    return None if value is None else value.isoformat(" ", "microseconds")


def bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert many rows fast through the driver: executemany on SQLite, COPY on PostgreSQL.

    Values are driver-ready: strings, numbers, bools, None; datetimes as ``db_datetime``
    text; JSON as text. Runs inside ``conn``'s transaction.
    """
    if not rows:
        return
    names = ", ".join(columns)
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" * len(columns))
        cursor = dbapi.cursor()
        cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
        cursor.close()
        return
    with dbapi.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)
