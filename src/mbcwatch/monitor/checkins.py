"""Recording a check-in: validate, assess with history, store once, raise the alert it warrants.

History reaches the assessment only through the public request shape: the check-in is assessed as
given, the patterns it completes are found from earlier check-ins, and when they add anything (a
symptom's onset, a worsening trend, weight loss, a measured fever) the enriched request is assessed
again. The stored check-in keeps the answers as given, the request actually assessed, the full
assessment and the versions of the knowledge base and rules that produced it.

Exactly once: the person's row is locked for the transaction (``SELECT ... FOR UPDATE`` on
PostgreSQL; ``BEGIN IMMEDIATE`` on SQLite), so concurrent submissions for one person queue up and
a retried idempotency key finds the stored check-in instead of writing a second one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from mbcwatch.contract import AssessRequest, AssessResponse, Context, parse_request
from mbcwatch.errors import InputError
from mbcwatch.kb import load_kb
from mbcwatch.monitor.alerts import alert_public, alerting_hits, raise_for_checkin
from mbcwatch.monitor.models import Alert, Checkin, Person, utcnow
from mbcwatch.monitor.patterns import (
    PatternConfig,
    Snapshot,
    current_symptoms,
    enrich_request,
    find_patterns,
    load_pattern_config,
)
from mbcwatch.monitor.people import audit, baselines, find_person
from mbcwatch.monitor.schemas import CheckinCreate, CheckinPublic, CheckinResult, validate_input

Assessor = Callable[[AssessRequest], AssessResponse]

CLOCK_SKEW = timedelta(minutes=5)
"""A check-in time this far ahead of the server clock is accepted (device clocks drift)."""


def default_assessor(*, locale: str) -> Assessor:
    """The triage engine's ``assess``, giving the emergency number of the person's locale.

    Imported when first needed: the engine loads its rules and reader once per process.
    """
    assess = importlib.import_module("mbcwatch.triage").assess
    return cast(Assessor, partial(assess, locale=locale))


def engine_versions(response: AssessResponse) -> tuple[str, str]:
    """(knowledge-base version, rules version) that produced ``response``."""
    kb_version = getattr(response, "kb_version", None) or load_kb().version
    rules_version = (
        getattr(response, "rules_version", None)
        or importlib.import_module("mbcwatch.triage").RULES_VERSION
    )
    return str(kb_version), str(rules_version)


def checkin_public(checkin: Checkin, pseudonym: str) -> CheckinPublic:
    fields = {
        name: getattr(checkin, name) for name in CheckinPublic.model_fields if name != "pseudonym"
    }
    return CheckinPublic(pseudonym=pseudonym, **fields)


def person_context(person: Person, on: date) -> Context:
    """The assessment context from the person's record, with the treatments current on ``on``."""
    treatments = sorted(
        {
            t.name
            for t in person.treatments
            if (t.started_on is None or t.started_on <= on)
            and (t.stopped_on is None or t.stopped_on >= on)
        }
    )
    return Context.model_validate(
        {
            "breast_cancer_history": person.breast_cancer_history,
            "metastatic": person.metastatic,
            "known_metastatic_sites": list(person.known_sites),
            "treatments": treatments,
            "age": person.age,
        }
    )


def snapshot(checkin: Checkin) -> Snapshot:
    request = AssessRequest.model_validate(checkin.request)
    response = AssessResponse.model_validate(checkin.assessment)
    return Snapshot(checkin.recorded_at, current_symptoms(request, response), checkin.weight_kg)


def record_checkin(
    session: Session,
    *,
    pseudonym: str,
    checkin: CheckinCreate | dict[str, Any],
    actor: str,
    now: datetime | None = None,
    assessor: Assessor | None = None,
    config: PatternConfig | None = None,
) -> CheckinResult:
    """Store one check-in exactly once and raise its alert; the caller commits, then acknowledges.

    Errors (InputError naming the field, NotFoundError for an unknown person) write nothing.
    """
    data = validate_input(CheckinCreate, checkin)
    moment = now or utcnow()
    recorded_at = data.recorded_at or moment
    if recorded_at > moment + CLOCK_SKEW:
        raise InputError(
            f"recorded_at: {recorded_at.isoformat()} is in the future", field="recorded_at"
        )
    if not (data.text and data.text.strip()) and not data.symptoms:
        raise InputError("text: a check-in needs 'text' or 'symptoms'", field="text")
    person = find_person(session, pseudonym, lock=True)
    stored = session.scalars(
        select(Checkin).where(
            Checkin.person_id == person.id, Checkin.idempotency_key == data.idempotency_key
        )
    ).one_or_none()
    if stored is not None:
        alert = session.scalars(select(Alert).where(Alert.checkin_id == stored.id)).first()
        return CheckinResult(
            checkin=checkin_public(stored, pseudonym),
            alert=alert_public(alert, pseudonym) if alert else None,
            created=False,
        )
    rules = config or load_pattern_config()
    assess = assessor or default_assessor(locale=person.locale)
    request = parse_request(
        {
            "text": data.text,
            "writer": data.writer,
            "symptoms": [s.model_dump(exclude_none=True) for s in data.symptoms],
            "context": person_context(person, recorded_at.date()).model_dump(),
        }
    )
    first = assess(request)
    earlier = session.scalars(
        select(Checkin)
        .where(Checkin.person_id == person.id, Checkin.recorded_at <= recorded_at)
        .order_by(Checkin.recorded_at, Checkin.id)
    ).all()
    current = Snapshot(recorded_at, current_symptoms(request, first), data.weight_kg)
    hits = find_patterns(
        [snapshot(row) for row in earlier],
        current,
        baseline=baselines(session, person.id),
        config=rules,
    )
    fever = data.temperature_c is not None and data.temperature_c >= rules.fever.min_celsius
    enriched = enrich_request(request, hits, fever=fever)
    response = first if enriched is request else assess(enriched)
    kb_version, rules_version = engine_versions(response)
    row = Checkin(
        person_id=person.id,
        idempotency_key=data.idempotency_key,
        recorded_at=recorded_at,
        text=data.text,
        answers=[s.model_dump(exclude_none=True) for s in data.symptoms],
        weight_kg=data.weight_kg,
        temperature_c=data.temperature_c,
        request=enriched.model_dump(mode="json", exclude_none=True),
        assessment=response.model_dump(mode="json"),
        urgency=response.urgency.value,
        kb_version=kb_version,
        rules_version=rules_version,
        created_at=moment,
    )
    decided = alerting_hits(
        session, person_id=person.id, hits=hits, response=response, config=rules
    )
    row.patterns = [hit.as_dict() | {"alerted": alerted} for hit, alerted in decided]
    session.add(row)
    session.flush()
    fresh = [hit for hit, alerted in decided if alerted]
    alert = raise_for_checkin(session, person=person, checkin=row, response=response, fresh=fresh)
    audit(
        session,
        actor=actor,
        action="create",
        entity="checkin",
        entity_id=row.id,
        person_id=person.id,
    )
    return CheckinResult(
        checkin=checkin_public(row, pseudonym),
        alert=alert_public(alert, pseudonym) if alert else None,
        created=True,
    )


def list_checkins(session: Session, *, pseudonym: str, actor: str) -> list[CheckinPublic]:
    """A person's check-ins, oldest first (the read is audited)."""
    person = find_person(session, pseudonym)
    rows = session.scalars(
        select(Checkin)
        .where(Checkin.person_id == person.id)
        .order_by(Checkin.recorded_at, Checkin.id)
    ).all()
    audit(session, actor=actor, action="read", entity="checkin", person_id=person.id)
    return [checkin_public(row, pseudonym) for row in rows]
