"""Alerts for the care team: raising them from a check-in, listing, acknowledging, resolving.

One check-in raises at most one alert, carrying everything behind it: the assessment's reasons
and red-flag evidence, and the patterns it completed. An emergency or urgent assessment always
raises one. A pattern raises one unless the care team already has it (a persistent symptom once
per unbroken run, weight loss once per peak weight, the other patterns once until the earlier
alert is resolved; a rise to a new severity is news again) or its rule says to wait
(``alert_when`` in patterns.yaml: a new or returning mild symptom is recorded with the check-in
and alerts once it persists, or at once with any urgent assessment).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from mbcwatch.contract import AssessResponse
from mbcwatch.errors import ConflictError, InputError, NotFoundError
from mbcwatch.monitor.models import Alert, Checkin, Person, UTCDateTime, utcnow
from mbcwatch.monitor.patterns import (
    PatternConfig,
    PatternHit,
    load_pattern_config,
    severity_rank,
)
from mbcwatch.monitor.people import audit, find_person
from mbcwatch.monitor.schemas import AlertPublic, AlertStatus
from mbcwatch.vocab import SEVERITIES, Urgency

ALERTING_URGENCIES = (Urgency.URGENT, Urgency.EMERGENCY)


def alert_public(alert: Alert, pseudonym: str) -> AlertPublic:
    fields = {
        name: getattr(alert, name) for name in AlertPublic.model_fields if name != "pseudonym"
    }
    return AlertPublic(pseudonym=pseudonym, **fields)


def _already_told(previous: list[Alert], hit: PatternHit) -> bool:
    for alert in previous:
        for earlier in alert.patterns:
            if earlier.get("pattern") != hit.pattern or earlier.get("symptom_id") != hit.symptom_id:
                continue
            if hit.since is not None:
                # Persistence and weight loss: once per run (or per weight peak), even if the
                # earlier alert was resolved; the same ongoing finding is not news.
                if alert.created_at >= hit.since:
                    return True
            elif alert.status != "resolved" and (
                hit.pattern != "rising_severity" or earlier.get("severity") == hit.severity
            ):
                return True
    return False


def _due_now(hit: PatternHit, config: PatternConfig) -> bool:
    when = getattr(config, hit.pattern).alert_when
    if when is None:
        return True
    severity = severity_rank(hit.severity)
    return severity is not None and severity >= SEVERITIES.index(when.severity_at_least)


def alerting_hits(
    session: Session,
    *,
    person_id: int,
    hits: list[PatternHit],
    response: AssessResponse,
    config: PatternConfig,
) -> list[tuple[PatternHit, bool]]:
    """Each hit with whether the care team should be alerted about it now.

    When the assessment itself alerts (urgent, emergency), every pattern the team has not yet
    been told of goes with it, waiting rules aside: the alert is raised anyway.
    """
    previous = list(session.scalars(select(Alert).where(Alert.person_id == person_id)))
    urgent = response.urgency in ALERTING_URGENCIES
    return [
        (hit, (urgent or _due_now(hit, config)) and not _already_told(previous, hit))
        for hit in hits
    ]


def raise_for_checkin(
    session: Session,
    *,
    person: Person,
    checkin: Checkin,
    response: AssessResponse,
    fresh: list[PatternHit],
) -> Alert | None:
    """The one alert this check-in warrants, or None (see the module docstring)."""
    urgent = response.urgency in ALERTING_URGENCIES
    if not urgent and not fresh:
        return None
    urgency = Urgency.highest([response.urgency, *(hit.urgency for hit in fresh)])
    evidence: list[Any] = [
        {"red_flag": flag.id, "label": flag.label, "evidence": flag.evidence}
        for flag in response.red_flags
    ]
    evidence.extend({"pattern": hit.pattern, "evidence": hit.explanation} for hit in fresh)
    described = [f"assessment {response.urgency.value}"] if urgent else []
    described.extend(hit.explanation for hit in fresh)
    alert = Alert(
        person_id=person.id,
        checkin_id=checkin.id,
        kind="assessment" if urgent else "pattern",
        urgency=urgency.value,
        status="open",
        summary="; ".join(described),
        reasons=[reason.model_dump() for reason in response.reasons],
        evidence=evidence,
        patterns=[hit.as_dict() for hit in fresh],
        created_at=checkin.created_at,
    )
    session.add(alert)
    session.flush()
    return alert


def list_alerts(
    session: Session,
    *,
    status: AlertStatus | None = "open",
    pseudonym: str | None = None,
    actor: str,
) -> list[AlertPublic]:
    """Alerts, most urgent first, then oldest first (None: every status)."""
    query = select(Alert, Person.pseudonym).join(Person, Alert.person_id == Person.id)
    if status is not None:
        if status not in ("open", "acknowledged", "resolved"):
            raise InputError(f"status: unknown alert status {status!r}", field="status")
        query = query.where(Alert.status == status)
    if pseudonym is not None:
        query = query.where(Alert.person_id == find_person(session, pseudonym).id)
    rows = list(session.execute(query).all())
    rows.sort(key=lambda row: (-Urgency(row[0].urgency).rank, row[0].created_at, row[0].id))
    audit(session, actor=actor, action="read", entity="alert", detail=f"list status={status}")
    return [alert_public(alert, name) for alert, name in rows]


def _alert(session: Session, alert_id: int) -> tuple[Alert, str]:
    row = session.execute(
        select(Alert, Person.pseudonym)
        .join(Person, Alert.person_id == Person.id)
        .where(Alert.id == alert_id)
        .with_for_update()
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"alert: no alert with id {alert_id}")
    return row[0], row[1]


def _who(by: str) -> str:
    if not by.strip():
        raise InputError("by: say who is acting on the alert", field="by")
    return by.strip()


def acknowledge_alert(
    session: Session,
    *,
    alert_id: int,
    by: str,
    note: str | None = None,
    now: datetime | None = None,
) -> AlertPublic:
    """Someone in the care team has seen the alert and is acting on it."""
    who = _who(by)
    alert, pseudonym = _alert(session, alert_id)
    if alert.status != "open":
        raise ConflictError(f"alert {alert_id}: already {alert.status}")
    alert.status, alert.acknowledged_by = "acknowledged", who
    alert.acknowledged_at, alert.acknowledged_note = now or utcnow(), note
    _audit_change(session, who, alert, "acknowledged")
    return alert_public(alert, pseudonym)


def _audit_change(session: Session, who: str, alert: Alert, detail: str) -> None:
    audit(
        session,
        actor=who,
        action="update",
        entity="alert",
        entity_id=alert.id,
        person_id=alert.person_id,
        detail=detail,
    )


def resolve_alert(
    session: Session, *, alert_id: int, by: str, note: str, now: datetime | None = None
) -> AlertPublic:
    """Close the alert, saying what was done (an open alert may be resolved directly)."""
    who = _who(by)
    if not note.strip():
        raise InputError("note: say how the alert was resolved", field="note")
    alert, pseudonym = _alert(session, alert_id)
    if alert.status == "resolved":
        raise ConflictError(f"alert {alert_id}: already resolved")
    alert.status, alert.resolved_by = "resolved", who
    alert.resolved_at, alert.resolved_note = now or utcnow(), note
    _audit_change(session, who, alert, "resolved")
    return alert_public(alert, pseudonym)


def scan_missed_checkins(
    session: Session,
    *,
    now: datetime | None = None,
    actor: str,
    people: Collection[str] | None = None,
    config: PatternConfig | None = None,
) -> list[AlertPublic]:
    """Raise one alert per person whose scheduled check-in is overdue (once per silence).

    ``people`` limits the scan to these pseudonyms (default: everyone monitored).
    """
    rule = (config or load_pattern_config()).missed_checkin
    moment = now or utcnow()
    last = (
        select(
            Checkin.person_id,
            # Aggregates drop the column type; coerce so SQLite also returns an aware UTC time.
            type_coerce(func.max(Checkin.recorded_at), UTCDateTime()).label("last_at"),
        )
        .group_by(Checkin.person_id)
        .subquery()
    )
    query = select(Person, last.c.last_at).outerjoin(last, last.c.person_id == Person.id)
    if people is not None:
        query = query.where(Person.pseudonym.in_(list(people)))
    rows = session.execute(query).all()
    raised: list[AlertPublic] = []
    for person, last_at in rows:
        since = last_at if last_at is not None else person.created_at
        due = since + timedelta(days=person.checkin_interval_days + rule.grace_days)
        if moment <= due or _missed_alert_since(session, person.id, since):
            continue
        days = (moment - since).days
        alert = Alert(
            person_id=person.id,
            kind="pattern",
            urgency=rule.urgency.value,
            status="open",
            summary=f"no check-in for {days} days (scheduled every "
            f"{person.checkin_interval_days} days)",
            patterns=[
                {
                    "pattern": "missed_checkin",
                    "symptom_id": None,
                    "days": days,
                    "since": since.isoformat(),
                    "urgency": rule.urgency.value,
                    "sources": [],
                }
            ],
            created_at=moment,
        )
        session.add(alert)
        session.flush()
        audit(
            session,
            actor=actor,
            action="create",
            entity="alert",
            entity_id=alert.id,
            person_id=person.id,
            detail="missed check-in",
        )
        raised.append(alert_public(alert, person.pseudonym))
    return raised


def _missed_alert_since(session: Session, person_id: int, since: datetime) -> bool:
    alerts = session.scalars(
        select(Alert).where(Alert.person_id == person_id, Alert.created_at >= since)
    )
    return any(
        entry.get("pattern") == "missed_checkin" for alert in alerts for entry in alert.patterns
    )
