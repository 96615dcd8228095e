"""The store: tables, migrations, database connections and "as of" visibility.

Owns the schema (``models``), Alembic migrations, engine creation with every
SQLite/PostgreSQL difference (``dialects``), and the as-of predicates every later
capability queries through (``asof``). Must not contain ingest, linking or scoring logic.
"""
