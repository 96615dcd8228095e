"""identity: per-version feature cache, the review queue, and how each run linked

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 08:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("identity_runs") as batch:
        batch.add_column(sa.Column("mode", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("trained_mentions", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("changed", sa.Integer(), nullable=True))
    op.create_table(
        "mention_features",
        sa.Column("mention_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("fingerprint", sa.String(length=16), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("mention_id", name=op.f("pk_mention_features")),
    )
    op.create_table(
        "identity_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("left_key", sa.String(length=400), nullable=False),
        sa.Column("right_key", sa.String(length=400), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("gammas", sa.JSON(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["identity_runs.id"], name=op.f("fk_identity_review_run_id_identity_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_review")),
    )
    op.create_index(op.f("ix_identity_review_run_id"), "identity_review", ["run_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_identity_review_run_id"), table_name="identity_review")
    op.drop_table("identity_review")
    op.drop_table("mention_features")
    with op.batch_alter_table("identity_runs") as batch:
        batch.drop_column("changed")
        batch.drop_column("trained_mentions")
        batch.drop_column("mode")
