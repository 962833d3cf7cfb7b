"""Shared fixtures for every test area (one conftest, per house style)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only shared/ folder beside the repository (seed articles, external data)."""
    return SHARED
