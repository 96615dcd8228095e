"""Shared fixtures: the same tests on SQLite and on the real PostgreSQL server.

``db_url`` is parametrised over both databases. PostgreSQL tests run against the server in
``HERON_TEST_POSTGRES_URL`` (default 127.0.0.1:5432, database ``test``), each test in a
schema of its own that is dropped afterwards; where no server answers they are skipped
with the reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from heron.settings import get_settings
from heron.store.db import open_store
from tests.language.scoring import summary_lines


def _connect_postgres(**options: object) -> psycopg.Connection[tuple[object, ...]]:
    url = make_url(get_settings().test_postgres_url)
    return psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        dbname=url.database,
        password=url.password,
        **options,  # type: ignore[arg-type]
    )


@lru_cache(maxsize=1)
def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    try:
        with _connect_postgres(connect_timeout=3):
            return None
    except Exception as exc:  # any failure to connect means: skip, and say why
        url = make_url(get_settings().test_postgres_url)
        return f"PostgreSQL not reachable at {url.render_as_string()}: {exc}"


def _postgres_schema_url(schema: str) -> str:
    url = make_url(get_settings().test_postgres_url)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def _admin(sql: str) -> None:
    with _connect_postgres(autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'heron.db'}"
        return
    problem = postgres_problem()
    if problem:
        pytest.skip(problem)
    schema = f"heron_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE SCHEMA "{schema}"')
    try:
        yield _postgres_schema_url(schema)
    finally:
        _admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh database with the schema migrated to head."""
    eng = open_store(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


# The language checker's precision and recall on its labelled corpora, printed after any run
# that included the corpus tests (here, not in tests/language, so that `pytest -n 2` over the
# whole suite prints it too).
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    ran = any(
        "tests/language/test_corpus.py" in getattr(report, "nodeid", "")
        for reports in terminalreporter.stats.values()
        for report in reports
    )
    if ran:
        terminalreporter.write_sep("-", "child-centred language: precision / recall")
        for line in summary_lines():
            terminalreporter.write_line(line)
