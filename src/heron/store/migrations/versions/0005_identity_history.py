"""identity: historical runs, decision groups, withdrawals as decision events; records by
ingest time (is a run for a date still current?)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("identity_runs") as batch:
        batch.add_column(sa.Column("historical", sa.Boolean(), nullable=True))
    with op.batch_alter_table("identity_decisions") as batch:
        batch.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("withdraws", sa.Integer(), nullable=True))
    # Decisions stored before groups existed are each a group of their own.
    op.execute("UPDATE identity_decisions SET group_id = id WHERE group_id IS NULL")
    op.create_index(op.f("ix_records_ingested_at"), "records", ["ingested_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_records_ingested_at"), table_name="records")
    with op.batch_alter_table("identity_decisions") as batch:
        batch.drop_column("withdraws")
        batch.drop_column("group_id")
    with op.batch_alter_table("identity_runs") as batch:
        batch.drop_column("historical")
