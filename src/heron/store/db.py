"""Opening a Heron database: engine creation and bringing the schema up to date."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine

from heron.store.dialects import install_connection_setup, normalise_url, prepare_location


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` (sqlite:///FILE or postgresql://…) with Heron's connection setup."""
    prepare_location(normalise_url(url))
    engine = create_engine(
        normalise_url(url), json_serializer=_json_dumps, json_deserializer=orjson.loads, **kwargs
    )
    install_connection_setup(engine)
    return engine


def _alembic_config() -> Config:
    config = Config()
    location = resources.files("heron.store") / "migrations"
    config.set_main_option("script_location", str(Path(str(location))))
    return config


def upgrade_schema(engine: Engine) -> None:
    """Apply every pending migration (a no-op when the schema is current)."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_is_current(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def open_store(url: str) -> Engine:
    """An engine on a database whose schema is up to date, migrating it first if needed."""
    engine = make_engine(url)
    if not schema_is_current(engine):
        upgrade_schema(engine)
    return engine
