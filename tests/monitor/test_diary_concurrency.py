"""Concurrent check-ins from many threads and many processes: every one stored exactly once."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from mbcwatch import monitor
from mbcwatch.monitor.db import get_engine, session_scope
from mbcwatch.monitor.models import Checkin

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PEOPLE = ("c-1", "c-2")


def submit(url: str, pseudonym: str, key: str, minutes: int) -> tuple[str, bool]:
    """One client's submission; returns (key, whether this call created the row)."""
    checkin = {
        "idempotency_key": key,
        "recorded_at": (START + timedelta(minutes=minutes)).isoformat(),
        "symptoms": [{"id": "fatigue", "severity": "mild"}],
    }
    with session_scope(url) as session:
        result = monitor.record_checkin(session, pseudonym=pseudonym, checkin=checkin, actor="t")
    return key, result.created


def submit_batch(url: str, jobs: list[tuple[str, str, int]]) -> list[tuple[str, bool]]:
    try:
        return [submit(url, pseudonym, key, minutes) for pseudonym, key, minutes in jobs]
    finally:
        get_engine(url).dispose()


@pytest.fixture
def people(diary_url: str) -> str:
    with session_scope(diary_url) as session:
        for pseudonym in PEOPLE:
            monitor.add_person(session, person={"pseudonym": pseudonym}, actor="nurse")
    return diary_url


def jobs(copies: int) -> list[tuple[str, str, int]]:
    """Twelve distinct check-ins, each submitted ``copies`` times (retries racing each other)."""
    distinct = [(PEOPLE[i % 2], f"key-{i}", i) for i in range(12)]
    return [job for job in distinct for _ in range(copies)]


def stored_keys(url: str) -> list[str]:
    with session_scope(url) as session:
        return sorted(session.scalars(select(Checkin.idempotency_key)).all())


def test_threads_store_each_check_in_exactly_once(people: str) -> None:
    work = jobs(copies=3)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda job: submit(people, *job), work))
    created = [key for key, was_created in results if was_created]
    assert sorted(created) == sorted({key for _, key, _ in work})
    assert stored_keys(people) == sorted({key for _, key, _ in work})


def test_processes_store_each_check_in_exactly_once(people: str) -> None:
    work = jobs(copies=2)
    batches = [work[i::4] for i in range(4)]  # every batch shares keys with the others
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited engines
    with ProcessPoolExecutor(max_workers=4, mp_context=context) as pool:
        results = [
            pair for batch in pool.map(submit_batch, [people] * 4, batches) for pair in batch
        ]
    created = [key for key, was_created in results if was_created]
    assert sorted(created) == sorted({key for _, key, _ in work})
    with session_scope(people) as session:
        assert session.scalar(select(func.count()).select_from(Checkin)) == 12
