"""Alembic environment: runs migrations on the connection Heron hands it (or the URL given)."""

from __future__ import annotations

from alembic import context

from heron.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from heron.settings import get_settings
        from heron.store.db import make_engine

        engine = make_engine(get_settings().db)
        with engine.begin() as conn:
            context.configure(
                connection=conn, target_metadata=target_metadata, render_as_batch=True
            )
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()


run_migrations()
