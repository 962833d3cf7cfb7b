"""How fast check-ins are recorded, beside a named baseline on the same input.

Baseline ``assess-only``: each simulated check-in assessed once, nothing stored. Measured
``diary``: the same check-ins recorded in time order with ``record_checkin`` (history read,
patterns found, a second assessment when history adds anything, commit, alert). The difference
is what remembering costs. Wall-clock figures are printed, never asserted by tests.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mbcwatch.contract import parse_request
from mbcwatch.monitor.checkins import default_assessor, person_context, record_checkin
from mbcwatch.monitor.db import get_engine, session_scope, upgrade_database
from mbcwatch.monitor.people import add_person, find_person
from mbcwatch.monitor.simulate import SimulatedPerson, generate


class BenchRow(BaseModel):
    name: str
    checkins: int
    seconds: float
    per_second: float
    ms_per_checkin: float


def _row(name: str, count: int, seconds: float) -> BenchRow:
    return BenchRow(
        name=name,
        checkins=count,
        seconds=round(seconds, 3),
        per_second=round(count / seconds, 1) if seconds else 0.0,
        ms_per_checkin=round(1000 * seconds / count, 2) if count else 0.0,
    )


def _in_time_order(simulated: list[SimulatedPerson]) -> list[tuple[str, dict[str, Any]]]:
    pairs = [(person.pseudonym, checkin) for person in simulated for checkin in person.checkins]
    return sorted(pairs, key=lambda pair: datetime.fromisoformat(pair[1]["recorded_at"]))


def bench(*, seed: int, people: int, url: str | None = None) -> list[BenchRow]:
    """Time the baseline and the diary on the check-ins of ``generate(seed, people)``."""
    simulated = generate(seed=seed, people=people)
    ordered = _in_time_order(simulated)
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            temporary = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            try:
                return _bench(simulated, ordered, temporary)
            finally:
                get_engine(temporary).dispose()
    return _bench(simulated, ordered, url)


def _bench(
    simulated: list[SimulatedPerson], ordered: list[tuple[str, dict[str, Any]]], url: str
) -> list[BenchRow]:
    upgrade_database(url)
    with session_scope(url) as session:
        for person in simulated:
            add_person(session, person=person.person, actor="bench")
    assess = default_assessor(locale="GB")
    with session_scope(url) as session:  # warm the engine's caches outside the timings
        context = person_context(find_person(session, ordered[0][0]), datetime.now().date())
    assess(parse_request({"text": "warm up", "context": context.model_dump()}))

    requests = []
    with session_scope(url) as session:
        for pseudonym, checkin in ordered:
            on = datetime.fromisoformat(checkin["recorded_at"]).date()
            answers = {key: checkin[key] for key in ("text", "symptoms") if key in checkin}
            context = person_context(find_person(session, pseudonym), on)
            requests.append(parse_request(answers | {"context": context.model_dump()}))
    started = time.perf_counter()
    for request in requests:
        assess(request)
    baseline = _row("assess-only (baseline)", len(requests), time.perf_counter() - started)

    started = time.perf_counter()
    for pseudonym, checkin in ordered:
        moment = datetime.fromisoformat(checkin["recorded_at"]) + timedelta(minutes=1)
        with session_scope(url) as session:
            record_checkin(
                session, pseudonym=pseudonym, checkin=checkin, actor="bench", now=moment,
                assessor=assess,
            )  # fmt: skip
    diary = _row("diary (record_checkin)", len(ordered), time.perf_counter() - started)
    return [baseline, diary]
