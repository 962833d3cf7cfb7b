"""Alembic environment: runs the diary migrations on the engine ``mbcwatch.monitor.db`` builds.

Using the same engine factory keeps SQLite's WAL mode and write locking during upgrades.
"""

from __future__ import annotations

from alembic import context

from mbcwatch.monitor.db import get_engine
from mbcwatch.monitor.models import Base

url = context.config.get_main_option("sqlalchemy.url")

with get_engine(url).connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
