"""People, care teams, baseline symptoms and the audit log.

Every function takes the caller's session and leaves the commit to the caller (``session_scope``),
so one request is one transaction. People are addressed by their pseudonymous id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mbcwatch.errors import ConflictError, InputError, NotFoundError, unknown
from mbcwatch.kb import load_kb
from mbcwatch.monitor.models import AuditEvent, BaselineSymptom, CareTeam, Person, Treatment
from mbcwatch.monitor.schemas import (
    BaselinePublic,
    PersonCreate,
    PersonPublic,
    TreatmentPublic,
    validate_input,
)
from mbcwatch.vocab import SEVERITIES

AUDIT_ACTIONS = ("read", "create", "update", "export", "import")


def audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int | None = None,
    person_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Record who read or changed what; the web layer calls this on every view of a person."""
    if action not in AUDIT_ACTIONS:
        raise InputError(f"action: unknown audit action {action!r}", field="action")
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            person_id=person_id,
            detail=detail,
        )
    )


def find_person(session: Session, pseudonym: str, *, lock: bool = False) -> Person:
    """The person with this pseudonymous id, optionally locked for the rest of the transaction."""
    query = select(Person).where(Person.pseudonym == pseudonym)
    if lock:
        query = query.with_for_update()
    person = session.scalars(query).one_or_none()
    if person is None:
        raise NotFoundError(f"person: no person with id {pseudonym!r}")
    return person


def person_public(person: Person) -> PersonPublic:
    return PersonPublic(
        pseudonym=person.pseudonym,
        breast_cancer_history=person.breast_cancer_history,
        metastatic=person.metastatic,
        known_sites=list(person.known_sites),
        treatments=[TreatmentPublic.model_validate(t) for t in person.treatments],
        locale=person.locale,
        age=person.age,
        checkin_interval_days=person.checkin_interval_days,
        care_team=person.care_team.name if person.care_team else None,
        created_at=person.created_at,
    )


def add_care_team(
    session: Session, *, name: str, contact: str | None = None, actor: str
) -> CareTeam:
    """A care team (created if new) that people can be assigned to."""
    team = session.scalars(select(CareTeam).where(CareTeam.name == name)).one_or_none()
    if team is None:
        team = CareTeam(name=name, contact=contact)
        session.add(team)
        session.flush()
        audit(session, actor=actor, action="create", entity="care_team", entity_id=team.id)
    return team


def add_person(
    session: Session, *, person: PersonCreate | dict[str, Any], actor: str
) -> PersonPublic:
    """Start monitoring someone. Raises ConflictError if the pseudonym is taken."""
    data = validate_input(PersonCreate, person)
    taken = session.scalars(select(Person.id).where(Person.pseudonym == data.pseudonym)).first()
    if taken is not None:
        raise ConflictError(f"pseudonym: a person with id {data.pseudonym!r} already exists")
    for treatment in data.treatments:
        if (
            treatment.started_on
            and treatment.stopped_on
            and treatment.stopped_on < treatment.started_on
        ):
            raise InputError("treatments: stopped_on is before started_on", field="treatments")
    record = Person(
        pseudonym=data.pseudonym,
        breast_cancer_history=data.breast_cancer_history,
        metastatic=data.metastatic,
        known_sites=list(data.known_sites),
        locale=data.locale,
        age=data.age,
        checkin_interval_days=data.checkin_interval_days,
        treatments=[Treatment(**t.model_dump()) for t in data.treatments],
    )
    if data.care_team:
        record.care_team = add_care_team(session, name=data.care_team, actor=actor)
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity="person",
        entity_id=record.pseudonym,
        person_id=record.id,
    )
    return person_public(record)


def get_person(session: Session, *, pseudonym: str, actor: str) -> PersonPublic:
    """One person's profile (the read is audited)."""
    person = find_person(session, pseudonym)
    audit(
        session,
        actor=actor,
        action="read",
        entity="person",
        entity_id=pseudonym,
        person_id=person.id,
    )
    return person_public(person)


def list_people(session: Session, *, actor: str) -> list[PersonPublic]:
    people = session.scalars(select(Person).order_by(Person.pseudonym)).all()
    audit(session, actor=actor, action="read", entity="person", detail="list")
    return [person_public(person) for person in people]


def mark_baseline(
    session: Session,
    *,
    pseudonym: str,
    symptom_id: str,
    severity: str | None = None,
    by: str,
    note: str | None = None,
) -> BaselinePublic:
    """Mark a symptom as known for this person: it alerts again only if it gets worse."""
    person = find_person(session, pseudonym)
    kb = load_kb()
    if symptom_id not in kb.symptoms:
        raise unknown("symptom", symptom_id, kb.symptoms, field="symptom_id")
    if severity is not None and severity not in SEVERITIES:
        raise InputError(
            f"severity: unknown severity {severity!r}; known: {', '.join(SEVERITIES)}",
            field="severity",
        )
    if not by.strip():
        raise InputError("by: say who marks the baseline", field="by")
    query = select(BaselineSymptom).where(
        BaselineSymptom.person_id == person.id, BaselineSymptom.symptom_id == symptom_id
    )
    baseline = session.scalars(query).one_or_none()
    if baseline is None:
        baseline = BaselineSymptom(person_id=person.id, symptom_id=symptom_id)
        session.add(baseline)
    baseline.severity, baseline.marked_by, baseline.note = severity, by, note
    session.flush()
    audit(
        session,
        actor=by,
        action="update",
        entity="baseline_symptom",
        entity_id=symptom_id,
        person_id=person.id,
    )
    return BaselinePublic.model_validate(baseline)


def baselines(session: Session, person_id: int) -> dict[str, str | None]:
    rows = session.scalars(select(BaselineSymptom).where(BaselineSymptom.person_id == person_id))
    return {row.symptom_id: row.severity for row in rows}
