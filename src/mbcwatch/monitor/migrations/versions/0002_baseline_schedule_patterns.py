"""Baseline symptoms, a per-person check-in schedule, and the patterns behind each alert.

Existing people get the weekly default schedule; existing alerts get an empty pattern list.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from mbcwatch.monitor.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "baseline_symptom",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("symptom_id", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(16), nullable=True),
        sa.Column("marked_by", sa.String(200), nullable=False),
        sa.Column("marked_at", UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_baseline_symptom_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline_symptom")),
        sa.UniqueConstraint("person_id", "symptom_id", name="uq_baseline_symptom"),
    )
    op.create_index(op.f("ix_baseline_symptom_person_id"), "baseline_symptom", ["person_id"])
    with op.batch_alter_table("person") as batch:
        batch.add_column(
            sa.Column("checkin_interval_days", sa.Integer(), nullable=False, server_default="7")
        )
    with op.batch_alter_table("alert") as batch:
        batch.add_column(sa.Column("patterns", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("alert") as batch:
        batch.drop_column("patterns")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("checkin_interval_days")
    op.drop_index(op.f("ix_baseline_symptom_person_id"), table_name="baseline_symptom")
    op.drop_table("baseline_symptom")
