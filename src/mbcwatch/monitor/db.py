"""Engines, sessions and schema upgrades for the diary database.

One URL chooses the backend: an SQLite file by default (``settings.database_url``), PostgreSQL
through ``postgresql+psycopg://...``. On SQLite every connection runs in WAL mode with a busy
timeout, and each transaction starts with ``BEGIN IMMEDIATE``: concurrent writers (threads or
processes) then wait for the write lock instead of failing half-way through with "database is
locked" when a read transaction tries to become a write one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from mbcwatch.errors import InputError
from mbcwatch.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long an SQLite writer waits for the lock before giving up (operational, not clinical)."""


def _database_url(url: str | None) -> str:
    chosen = url or get_settings().database_url
    try:
        make_url(chosen)
    except ArgumentError:
        raise InputError(f"database: not a database URL: {chosen!r}", field="database") from None
    return chosen


@cache
def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the setting), one per URL per process."""
    chosen = _database_url(url)
    if make_url(chosen).get_backend_name() == "sqlite":
        return _sqlite_engine(chosen)
    return create_engine(chosen, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin (see "begin").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@cache
def _session_factory(url: str | None) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session committed when the block ends normally and rolled back on any error."""
    with _session_factory(url)() as session, session.begin():
        yield session


def alembic_config(url: str | None = None) -> Config:
    """Alembic configuration for the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(files("mbcwatch.monitor") / "migrations"))
    config.set_main_option("sqlalchemy.url", _database_url(url).replace("%", "%%"))
    return config


def upgrade_database(url: str | None = None, *, revision: str = "head") -> None:
    """Bring the schema at ``url`` up to ``revision`` (default: the newest)."""
    command.upgrade(alembic_config(url), revision)


def current_revision(url: str | None = None) -> str | None:
    """The schema revision the database at ``url`` is at (None when never upgraded)."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
