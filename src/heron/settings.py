"""Heron's one settings object: the only place that reads the environment.

Everything configurable is a field here, read from ``HERON_*`` environment variables
(or a ``.env`` file) and validated at start-up. Other modules take a ``Settings`` (or the
values they need) as arguments; they never read ``os.environ`` themselves.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_URL = "sqlite:///heron.db"


class Settings(BaseSettings):
    """Validated configuration for one Heron process."""

    model_config = SettingsConfigDict(env_prefix="HERON_", env_file=".env", extra="ignore")

    db: str = Field(
        default=DEFAULT_DB_URL,
        description="Database URL: sqlite:///path or postgresql://user@host:port/db.",
    )
    test_postgres_url: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/test",
        description="PostgreSQL server the test suite runs against where it is reachable.",
    )
    ingest_chunk_size: int = Field(
        default=2000,
        ge=1,
        le=100_000,
        description="Records committed per transaction while ingesting.",
    )
    ingest_workers: int = Field(
        default=1,
        ge=0,
        le=16,
        description="Worker processes preparing lines while the main process writes "
        "(0: all in one process).",
    )
    ingest_max_line_bytes: int = Field(
        default=4 * 1024 * 1024,
        ge=1024,
        description="Longest input line accepted; a longer one is quarantined.",
    )
    quarantine_keep_bytes: int = Field(
        default=64 * 1024,
        ge=256,
        description="How much of a quarantined line is copied into the database "
        "(the rest is identified by its checksum, file and line).",
    )
    analyst: str | None = Field(
        default=None,
        description="Who is deciding in `heron identity confirm/reject/split/merge/withdraw` "
        "when `--by` is not given: a person's name or staff id, recorded as `user:NAME`.",
    )
    demo_children: int = Field(
        default=3000, ge=50, description="Children in `heron demo`'s county."
    )
    demo_dir: Path = Field(
        default=Path("demo-county"), description="Where `heron demo` writes its county."
    )

    @field_validator("db")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql", "postgres://")):
            raise ValueError(
                f"unsupported database URL {value!r}: use sqlite:///FILE or postgresql://…"
            )
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process, read once."""
    return Settings()
