"""Simulated longitudinal diaries, generated from a seed, and the alert rate they produce.

``generate`` turns the storylines of ``simulation.yaml`` into people with weekly check-ins
(deterministic for a seed); ``run`` records them in time order on a real database, with the
clinician's baseline marks and a daily scan for missed check-ins, and counts what the care team
would have been sent. The figure that matters: alerts per check-in, while every emergency or
urgent assessment still raises an alert.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from statistics import median
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from mbcwatch.monitor.alerts import scan_missed_checkins
from mbcwatch.monitor.checkins import Assessor, record_checkin
from mbcwatch.monitor.db import get_engine, session_scope, upgrade_database
from mbcwatch.monitor.people import add_person, mark_baseline

SIMULATION_START = datetime(2026, 1, 5, tzinfo=UTC)
"""A Monday; simulated calendars start here so a seed always gives the same dates."""


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(_Data):
    text: str | None = None
    symptoms: list[dict[str, Any]] = Field(default_factory=list)


class BaselineMark(_Data):
    symptom_id: str
    severity: str | None = None


class Stage(_Data):
    weeks: tuple[int, int]
    entries: list[Entry] = Field(min_length=1)
    weight_change: float = 0.0
    temperature: float | None = None
    baseline: list[BaselineMark] = Field(default_factory=list)
    change_starts: bool = Field(default=False, description="the first sign of possible spread")


class Archetype(_Data):
    id: str
    share: float = Field(gt=0, le=1)
    miss: float = Field(ge=0, lt=1)
    weight: tuple[float, float]
    context: dict[str, Any]
    stages: list[Stage] = Field(min_length=1)
    changes: bool = Field(default=False, description="the story shows possible spread")


class Storylines(_Data):
    archetypes: list[Archetype] = Field(min_length=1)


@cache
def load_storylines() -> Storylines:
    text = (files("mbcwatch.monitor") / "simulation.yaml").read_text(encoding="utf-8")
    return Storylines.model_validate(yaml.safe_load(text))


class SimulatedPerson(_Data):
    pseudonym: str
    archetype: str
    person: dict[str, Any]
    baselines: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    changes: bool
    change_from: str | None = Field(default=None, description="when the first sign began")
    weeks: int = Field(description="length of the story; the diary is kept this long")


def _allocate(people: int, archetypes: list[Archetype]) -> list[Archetype]:
    """Largest-remainder allocation of ``people`` to archetypes by share."""
    total = sum(a.share for a in archetypes)
    exact = [people * a.share / total for a in archetypes]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for index in by_remainder[: people - sum(counts)]:
        counts[index] += 1
    return [a for a, n in zip(archetypes, counts, strict=True) for _ in range(n)]


def generate(*, seed: int, people: int) -> list[SimulatedPerson]:
    """Simulated people and their check-ins, the same for the same seed."""
    rng = random.Random(seed)
    simulated = []
    for number, archetype in enumerate(_allocate(people, load_storylines().archetypes), start=1):
        pseudonym = f"sim-{seed}-{number:03d}"
        weight = round(rng.uniform(*archetype.weight), 1)
        week, checkins, baselines, change_from = 0, [], [], None
        for stage in archetype.stages:
            if stage.change_starts and change_from is None:
                change_from = (SIMULATION_START + timedelta(days=7 * week)).isoformat()
            for mark in stage.baseline:
                at = SIMULATION_START + timedelta(days=7 * week)
                baselines.append(mark.model_dump() | {"at": at.isoformat()})
            for _ in range(rng.randint(*stage.weeks)):
                weight = round(weight + stage.weight_change + rng.gauss(0, 0.3), 1)
                at = SIMULATION_START + timedelta(
                    days=7 * week + rng.randint(0, 1), hours=rng.randint(7, 21)
                )
                week += 1
                if rng.random() < archetype.miss:
                    continue
                entry = rng.choice(stage.entries)
                checkins.append(
                    {
                        "idempotency_key": f"{pseudonym}-w{week}",
                        "recorded_at": at.isoformat(),
                        "weight_kg": weight,
                        "temperature_c": stage.temperature,
                    }
                    | entry.model_dump(exclude_none=True)
                )
        person = {"pseudonym": pseudonym, **archetype.context}
        person["treatments"] = [{"name": name} for name in archetype.context.get("treatments", [])]
        simulated.append(
            SimulatedPerson(
                pseudonym=pseudonym,
                archetype=archetype.id,
                person=person,
                baselines=baselines,
                checkins=checkins,
                weeks=week,
                changes=archetype.changes,
                change_from=change_from,
            )
        )
    return simulated


def _diary_end(person: SimulatedPerson) -> datetime:
    return SIMULATION_START + timedelta(days=7 * person.weeks)


class SimulationReport(BaseModel):
    """The figures of one simulated run."""

    seed: int
    people: int
    checkins: int
    alerts: int
    checkin_alerts: int
    missed_checkin_alerts: int
    alert_rate: float
    urgent_checkins: int
    urgent_checkins_alerted: int
    people_with_changes: int
    people_with_changes_alerted: int
    people_without_changes_alerted: int
    days_from_first_sign_to_alert: dict[str, float] = Field(
        description="people with changes: median and longest days until their first alert"
    )
    alerts_by_pattern: dict[str, int]
    checkins_by_urgency: dict[str, int]
    alert_rate_by_archetype: dict[str, float]


def run(
    simulated: list[SimulatedPerson],
    *,
    seed: int,
    url: str | None = None,
    assessor: Assessor | None = None,
) -> SimulationReport:
    """Record the simulated diaries in time order and count the alerts raised."""
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            temporary = f"sqlite:///{Path(folder) / 'simulation.sqlite3'}"
            try:
                return run(simulated, seed=seed, url=temporary, assessor=assessor)
            finally:
                get_engine(temporary).dispose()
    upgrade_database(url)
    events: list[tuple[datetime, int, SimulatedPerson | None, dict[str, Any]]] = []
    for person in simulated:
        with session_scope(url) as session:
            add_person(session, person=person.person, actor="simulation")
        for mark in person.baselines:
            events.append((datetime.fromisoformat(mark["at"]), 0, person, {"baseline": mark}))
        for checkin in person.checkins:
            events.append((datetime.fromisoformat(checkin["recorded_at"]), 2, person, checkin))
    last = max((at for at, *_ in events), default=SIMULATION_START)
    day = SIMULATION_START + timedelta(hours=12)
    while day <= last:
        events.append((day, 1, None, {}))
        day += timedelta(days=1)
    events.sort(key=lambda event: (event[0], event[1], event[2].pseudonym if event[2] else ""))

    counts: Counter[str] = Counter()
    by_urgency: Counter[str] = Counter()
    per_archetype: dict[str, Counter[str]] = {}
    archetype_of = {person.pseudonym: person.archetype for person in simulated}
    alerted_people: set[str] = set()  # alerted after a check-in (missed check-ins aside)
    changing = {person.pseudonym for person in simulated if person.changes}
    first_alert: dict[str, int] = {}  # days from the first sign of change to the first alert
    for at, kind, who, payload in events:
        with session_scope(url) as session:
            if kind == 0 and who is not None:
                mark = payload["baseline"]
                mark_baseline(session, pseudonym=who.pseudonym, symptom_id=mark["symptom_id"],
                              severity=mark["severity"], by="simulated clinician")  # fmt: skip
            elif kind == 1:
                keeping = [p.pseudonym for p in simulated if at <= _diary_end(p)]
                for alert in scan_missed_checkins(
                    session, now=at, actor="simulation", people=keeping
                ):
                    counts["missed_checkin_alerts"] += 1
                    per_archetype.setdefault(archetype_of[alert.pseudonym], Counter())[
                        "alerts"
                    ] += 1
            elif who is not None:
                result = record_checkin(
                    session, pseudonym=who.pseudonym, checkin=payload, actor="simulation",
                    now=at + timedelta(minutes=1), assessor=assessor,
                )  # fmt: skip
                tally = per_archetype.setdefault(who.archetype, Counter())
                tally["checkins"] += 1
                by_urgency[result.checkin.urgency] += 1
                urgent = result.checkin.urgency in ("urgent", "emergency")
                counts["urgent"] += urgent
                if result.alert is not None:
                    alerted_people.add(who.pseudonym)
                    if who.change_from and who.pseudonym not in first_alert:
                        started = datetime.fromisoformat(who.change_from)
                        if result.alert.created_at >= started:
                            first_alert[who.pseudonym] = (result.alert.created_at - started).days
                    tally["alerts"] += 1
                    counts["checkin_alerts"] += 1
                    counts["urgent_alerted"] += urgent
                    for pattern in result.alert.patterns:
                        counts[f"pattern:{pattern['pattern']}"] += 1
    checkins = sum(by_urgency.values())
    alerts = counts["checkin_alerts"] + counts["missed_checkin_alerts"]
    return SimulationReport(
        seed=seed,
        people=len(simulated),
        checkins=checkins,
        alerts=alerts,
        checkin_alerts=counts["checkin_alerts"],
        missed_checkin_alerts=counts["missed_checkin_alerts"],
        alert_rate=round(alerts / checkins, 4) if checkins else 0.0,
        urgent_checkins=counts["urgent"],
        urgent_checkins_alerted=counts["urgent_alerted"],
        people_with_changes=len(changing),
        people_with_changes_alerted=len(changing & alerted_people),
        people_without_changes_alerted=len(alerted_people - changing),
        days_from_first_sign_to_alert={
            "median": float(median(first_alert.values())) if first_alert else 0.0,
            "longest": float(max(first_alert.values(), default=0)),
        },
        alerts_by_pattern={
            key.removeprefix("pattern:"): value
            for key, value in sorted(counts.items())
            if key.startswith("pattern:")
        }
        | {"missed_checkin": counts["missed_checkin_alerts"]},
        checkins_by_urgency=dict(sorted(by_urgency.items())),
        alert_rate_by_archetype={
            name: round(tally["alerts"] / tally["checkins"], 4) if tally["checkins"] else 0.0
            for name, tally in sorted(per_archetype.items())
        },
    )
