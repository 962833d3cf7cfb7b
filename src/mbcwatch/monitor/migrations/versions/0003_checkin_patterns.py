"""Keep every pattern a check-in completed, alerted on or not, with the check-in itself.

Existing check-ins get an empty list (their patterns were not recorded).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checkin") as batch:
        batch.add_column(sa.Column("patterns", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("checkin") as batch:
        batch.drop_column("patterns")
