"""Shared fixtures for every test area (one conftest, per house style)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only shared/ folder beside the repository (seed articles, external data)."""
    return SHARED


# --- Monitor (diary) area: one fresh database per test, on SQLite and on PostgreSQL ----------


def _postgres_schema_url(base: str, schema: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_diary_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database holding no tables: an SQLite file, or a PostgreSQL schema of its own.

    PostgreSQL needs MBCWATCH_TEST_POSTGRES_URL; without it the test skips, unless
    MBCWATCH_REQUIRE_POSTGRES=1 (CI), where it fails.
    """
    import os
    import uuid

    from sqlalchemy import create_engine, text

    from mbcwatch.monitor.db import get_engine

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
        yield url
        get_engine(url).dispose()
        return
    base = os.environ.get("MBCWATCH_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("MBCWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail("MBCWATCH_REQUIRE_POSTGRES=1 but MBCWATCH_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL not configured: set MBCWATCH_TEST_POSTGRES_URL to run this test")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _postgres_schema_url(base, schema)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def diary_url(empty_diary_url: str) -> str:
    """An empty diary database upgraded to the newest schema (SQLite and PostgreSQL)."""
    from mbcwatch.monitor.db import upgrade_database

    upgrade_database(empty_diary_url)
    return empty_diary_url
