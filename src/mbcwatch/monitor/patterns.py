"""Patterns across a person's check-ins: pure functions over snapshots, thresholds from data.

A pattern is something no single check-in shows: a symptom that persists, gets worse, is new for
this person, comes back after going away, or weight that keeps falling. Each hit explains itself
and cites its sources (``patterns.yaml``). Hits feed the assessment through the public request
shape (``enrich_request``) and the care team's alerts (``mbcwatch.monitor.alerts``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mbcwatch.contract import AssessRequest, AssessResponse, StructuredSymptom
from mbcwatch.errors import KnowledgeBaseError
from mbcwatch.kb import load_kb
from mbcwatch.vocab import SEVERITIES, Urgency

PatternName = Literal[
    "persistence", "rising_severity", "new_symptom", "recurrence", "weight_loss", "missed_checkin"
]


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitedSource(_Config):
    id: str
    title: str
    says: str


class AlertWhen(_Config):
    """Alert at once only if the symptom is at least this severe (urgent assessments always do)."""

    severity_at_least: Literal["mild", "moderate", "severe", "very_severe"]


class Rule(_Config):
    urgency: Urgency
    sources: list[str]
    alert_when: AlertWhen | None = None


class PersistenceRule(Rule):
    min_days: int = Field(ge=1)


class RisingRule(Rule):
    min_checkins: int = Field(ge=2)


class RecurrenceRule(Rule):
    absent_checkins: int = Field(ge=1)


class WeightLossRule(Rule):
    percent: float = Field(gt=0, lt=100)
    window_days: int = Field(ge=1)


class FeverRule(_Config):
    min_celsius: float
    sources: list[str]


class MissedRule(Rule):
    grace_days: int = Field(ge=0)


class PatternConfig(_Config):
    extra_sources: list[CitedSource]
    persistence: PersistenceRule
    rising_severity: RisingRule
    new_symptom: Rule
    recurrence: RecurrenceRule
    weight_loss: WeightLossRule
    fever: FeverRule
    missed_checkin: MissedRule


@cache
def load_pattern_config() -> PatternConfig:
    """The thresholds shipped in ``patterns.yaml``, checked when they load."""
    text = (files("mbcwatch.monitor") / "patterns.yaml").read_text(encoding="utf-8")
    return check_pattern_config(yaml.safe_load(text), known_sources=set(load_kb().sources))


def check_pattern_config(data: Any, *, known_sources: set[str]) -> PatternConfig:
    """Validate pattern thresholds; every rule must cite known sources (KB ids or extras)."""
    try:
        config = PatternConfig.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise KnowledgeBaseError(error["msg"], file="patterns.yaml", field=where) from None
    known = known_sources | {source.id for source in config.extra_sources}
    for name in PatternConfig.model_fields:
        cited = getattr(getattr(config, name), "sources", [])
        if missing := sorted(set(cited) - known):
            raise KnowledgeBaseError(
                f"unknown source {', '.join(missing)}", file="patterns.yaml", record=name,
                field="sources",
            )  # fmt: skip
    return config


@dataclass(frozen=True)
class Snapshot:
    """One check-in as the patterns see it: when, current symptoms (id -> severity), weight."""

    at: datetime
    symptoms: Mapping[str, str | None]
    weight_kg: float | None = None


@dataclass(frozen=True)
class PatternHit:
    pattern: PatternName
    symptom_id: str | None
    explanation: str
    urgency: Urgency
    sources: list[str]
    since: datetime | None = None
    days: int | None = None
    severity: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pattern": self.pattern,
            "symptom_id": self.symptom_id,
            "explanation": self.explanation,
            "urgency": self.urgency.value,
            "sources": self.sources,
            "since": self.since.isoformat() if self.since else None,
            "days": self.days,
            "severity": self.severity,
        }


def calendar_days(start: datetime, end: datetime) -> int:
    """Days between two check-ins by calendar date, as people count them ("Monday to Monday")."""
    return (end.date() - start.date()).days


def severity_rank(severity: str | None) -> int | None:
    return SEVERITIES.index(severity) if severity in SEVERITIES else None


def current_symptoms(request: AssessRequest, response: AssessResponse) -> dict[str, str | None]:
    """The person's own current symptoms: negated, others' and past findings left out."""
    found: dict[str, str | None] = {}
    for finding in response.symptoms:
        if finding.negated or finding.experiencer != "patient" or finding.temporality != "current":
            continue
        if finding.id:
            found[finding.id] = _worse(found.get(finding.id), finding.severity)
    for answer in request.symptoms:
        if answer.id:
            found[answer.id] = _worse(found.get(answer.id), answer.severity)
    return found


def _worse(first: str | None, second: str | None) -> str | None:
    ranks = [(severity_rank(s), s) for s in (first, second) if severity_rank(s) is not None]
    return max(ranks)[1] if ranks else None


def find_patterns(
    history: Sequence[Snapshot],
    current: Snapshot,
    *,
    baseline: Mapping[str, str | None],
    config: PatternConfig,
) -> list[PatternHit]:
    """Every pattern the current check-in completes, given earlier ones (oldest first)."""
    hits: list[PatternHit] = []
    for symptom_id, severity in sorted(current.symptoms.items()):
        if symptom_id in baseline:
            hits.extend(_baseline_worse(symptom_id, severity, baseline[symptom_id], config))
            continue
        hits.extend(_symptom_patterns(history, current, symptom_id, severity, config))
    hits.extend(_weight_loss(history, current, config))
    return hits


def _symptom_patterns(
    history: Sequence[Snapshot],
    current: Snapshot,
    symptom_id: str,
    severity: str | None,
    config: PatternConfig,
) -> list[PatternHit]:
    hits: list[PatternHit] = []
    run = [current]
    for earlier in reversed(history):
        if symptom_id not in earlier.symptoms:
            break
        run.insert(0, earlier)
    days = calendar_days(run[0].at, current.at)
    rule = config.persistence
    if days >= rule.min_days:
        hits.append(
            PatternHit(
                "persistence",
                symptom_id,
                f"{symptom_id} reported at every check-in for {days} days "
                f"(at least {rule.min_days})",
                rule.urgency,
                list(rule.sources),
                since=run[0].at,
                days=days,
                severity=severity,
            )
        )
    rising = config.rising_severity
    steps = [severity_rank(snap.symptoms[symptom_id]) for snap in run[-rising.min_checkins :]]
    if len(steps) == rising.min_checkins and all(
        a is not None and b is not None and a < b for a, b in pairwise(steps)
    ):
        hits.append(
            PatternHit(
                "rising_severity",
                symptom_id,
                f"{symptom_id} severity rose over {rising.min_checkins} check-ins to {severity}",
                rising.urgency,
                list(rising.sources),
                severity=severity,
            )
        )
    ever = any(symptom_id in snap.symptoms for snap in history)
    if history and not ever:
        new = config.new_symptom
        hits.append(
            PatternHit(
                "new_symptom",
                symptom_id,
                f"{symptom_id} reported for the first time by this person",
                new.urgency,
                list(new.sources),
                severity=severity,
            )
        )
    recurrence = config.recurrence
    gap = history[len(history) - recurrence.absent_checkins :] if history else []
    if (
        ever
        and len(run) == 1
        and len(gap) == recurrence.absent_checkins
        and all(symptom_id not in snap.symptoms for snap in gap)
    ):
        hits.append(
            PatternHit(
                "recurrence",
                symptom_id,
                f"{symptom_id} is back after {recurrence.absent_checkins} or more check-ins "
                "without it",
                recurrence.urgency,
                list(recurrence.sources),
                severity=severity,
            )
        )
    return hits


def _baseline_worse(
    symptom_id: str, severity: str | None, known: str | None, config: PatternConfig
) -> list[PatternHit]:
    """A baseline symptom alerts only when it is worse than the severity the clinician marked."""
    now_rank, known_rank = severity_rank(severity), severity_rank(known)
    if now_rank is None or known_rank is None or now_rank <= known_rank:
        return []
    rule = config.rising_severity
    return [
        PatternHit(
            "rising_severity",
            symptom_id,
            f"{symptom_id} is {severity}, worse than its baseline ({known})",
            rule.urgency,
            list(rule.sources),
            severity=severity,
        )
    ]


def _weight_loss(
    history: Sequence[Snapshot], current: Snapshot, config: PatternConfig
) -> list[PatternHit]:
    rule = config.weight_loss
    if current.weight_kg is None:
        return []
    window = [
        (snap.weight_kg, snap.at)
        for snap in history
        if snap.weight_kg is not None and calendar_days(snap.at, current.at) <= rule.window_days
    ]
    if not window:
        return []
    peak_kg, peak_at = max(window)
    lost = 100.0 * (peak_kg - current.weight_kg) / peak_kg
    if lost < rule.percent:
        return []
    days = calendar_days(peak_at, current.at)
    return [
        PatternHit(
            "weight_loss",
            "weight_loss",
            f"weight {current.weight_kg:g} kg, down {lost:.1f}% from {peak_kg:g} kg "
            f"{days} days ago (threshold {rule.percent:g}% within {rule.window_days} days)",
            rule.urgency,
            list(rule.sources),
            since=peak_at,
            days=days,
        )
    ]


def enrich_request(
    request: AssessRequest, hits: Sequence[PatternHit], *, fever: bool = False
) -> AssessRequest:
    """The same request with what history adds, in the contract's own shape.

    A persistent symptom gains ``onset_days_ago``, a rising one ``trend: "worse"``, weight loss
    becomes the symptom ``weight_loss`` and a measured fever the symptom ``fever``.
    """
    added: dict[str, dict[str, Any]] = {}
    for hit in hits:
        if hit.symptom_id is None:
            continue
        entry = added.setdefault(hit.symptom_id, {"id": hit.symptom_id})
        if hit.severity:
            entry["severity"] = hit.severity
        if hit.pattern in ("persistence", "weight_loss") and hit.days is not None:
            entry["onset_days_ago"] = max(hit.days, entry.get("onset_days_ago", 0))
        if hit.pattern == "rising_severity":
            entry["trend"] = "worse"
    if fever:
        added.setdefault("fever", {"id": "fever"})
    if not added:
        return request
    symptoms = [s for s in request.symptoms if s.id not in added]
    for given in request.symptoms:
        if given.id in added:
            added[given.id] = given.model_dump(exclude_none=True) | added[given.id]
    symptoms.extend(StructuredSymptom.model_validate(entry) for entry in added.values())
    return request.model_copy(update={"symptoms": symptoms})
