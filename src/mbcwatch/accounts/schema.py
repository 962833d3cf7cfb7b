"""Bringing a database up to date: the diary's migrations first, then the account tables."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config

from mbcwatch.monitor.db import alembic_config, upgrade_database

VERSION_TABLE = "alembic_version_accounts"


def accounts_alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("mbcwatch.accounts") / "migrations"))
    diary = alembic_config(url)
    url_text = diary.get_main_option("sqlalchemy.url") or ""
    config.set_main_option("sqlalchemy.url", url_text.replace("%", "%%"))
    return config


def upgrade_all(url: str | None = None) -> None:
    """Create or upgrade every table the web app needs at ``url``."""
    upgrade_database(url)
    command.upgrade(accounts_alembic_config(url), "head")
