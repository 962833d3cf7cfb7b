"""Alembic environment for the account tables.

They live on the diary's Base (foreign keys to ``person`` and ``care_team``) but keep their own
version table, so the diary's migration chain and this one never fork each other's head.
"""

from __future__ import annotations

from alembic import context

from mbcwatch.accounts.schema import VERSION_TABLE
from mbcwatch.monitor.db import get_engine
from mbcwatch.monitor.models import Base

url = context.config.get_main_option("sqlalchemy.url")

with get_engine(url).connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
