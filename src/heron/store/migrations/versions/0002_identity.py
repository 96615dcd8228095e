"""identity tables: runs, person ids, persons, assignments, links, events, decisions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:00:01.864750
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "identity_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("left_key", sa.String(length=400), nullable=False),
        sa.Column("right_key", sa.String(length=400), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_decisions")),
    )
    op.create_table(
        "identity_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.DateTime(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("model_name", sa.String(length=40), nullable=False),
        sa.Column("model", sa.JSON(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("new_persons", sa.Integer(), nullable=False),
        sa.Column("merges", sa.Integer(), nullable=False),
        sa.Column("splits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_runs")),
    )
    op.create_table(
        "identity_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=12), nullable=False),
        sa.Column("others", sa.JSON(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["identity_runs.id"], name=op.f("fk_identity_events_run_id_identity_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_events")),
    )
    with op.batch_alter_table("identity_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_events_run_id"), ["run_id"], unique=False)

    op.create_table(
        "identity_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("left_key", sa.String(length=400), nullable=False),
        sa.Column("right_key", sa.String(length=400), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("gammas", sa.JSON(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["identity_runs.id"], name=op.f("fk_identity_links_run_id_identity_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_links")),
    )
    with op.batch_alter_table("identity_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_links_run_id"), ["run_id"], unique=False)

    op.create_table(
        "person_ids",
        sa.Column("person_id", sa.String(length=12), nullable=False),
        sa.Column("first_run_id", sa.Integer(), nullable=False),
        sa.Column("last_run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_run_id"],
            ["identity_runs.id"],
            name=op.f("fk_person_ids_first_run_id_identity_runs"),
        ),
        sa.ForeignKeyConstraint(
            ["last_run_id"],
            ["identity_runs.id"],
            name=op.f("fk_person_ids_last_run_id_identity_runs"),
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_ids")),
    )
    op.create_table(
        "person_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("mention_key", sa.String(length=400), nullable=False),
        sa.Column("person_id", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["identity_runs.id"], name=op.f("fk_person_mentions_run_id_identity_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_mentions")),
        sa.UniqueConstraint(
            "run_id", "mention_key", name=op.f("uq_person_mentions_run_id_mention_key")
        ),
    )
    with op.batch_alter_table("person_mentions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_mentions_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_person_mentions_run_id"), ["run_id"], unique=False)

    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=12), nullable=False),
        sa.Column("given_name", sa.Text(), nullable=True),
        sa.Column("family_name", sa.Text(), nullable=True),
        sa.Column("date_of_birth", sa.String(length=10), nullable=True),
        sa.Column("is_child", sa.Boolean(), nullable=True),
        sa.Column("mention_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["identity_runs.id"], name=op.f("fk_persons_run_id_identity_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
        sa.UniqueConstraint("run_id", "person_id", name=op.f("uq_persons_run_id_person_id")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_run_id"), ["run_id"], unique=False)
    op.create_table(
        "object_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("object_key", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.String(length=500), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["identity_runs.id"],
            name=op.f("fk_object_assignments_run_id_identity_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_object_assignments")),
        sa.UniqueConstraint(
            "run_id", "object_key", name=op.f("uq_object_assignments_run_id_object_key")
        ),
    )
    with op.batch_alter_table("object_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_object_assignments_object_id"), ["object_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_object_assignments_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("object_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_object_assignments_run_id"))
        batch_op.drop_index(batch_op.f("ix_object_assignments_object_id"))

    op.drop_table("object_assignments")

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_run_id"))

    op.drop_table("persons")
    with op.batch_alter_table("person_mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_mentions_run_id"))
        batch_op.drop_index(batch_op.f("ix_person_mentions_person_id"))

    op.drop_table("person_mentions")
    op.drop_table("person_ids")
    with op.batch_alter_table("identity_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_links_run_id"))

    op.drop_table("identity_links")
    with op.batch_alter_table("identity_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_events_run_id"))

    op.drop_table("identity_events")
    op.drop_table("identity_runs")
    op.drop_table("identity_decisions")
