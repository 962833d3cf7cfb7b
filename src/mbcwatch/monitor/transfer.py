"""Export one person's full record (JSON, or one CSV per table) and import it back exactly.

The record carries no database ids: check-ins are identified by their idempotency key and alerts
point at their check-in by that key, so a record imports into any database and exports again
unchanged. The audit log stays where it was written; the export and the import are audited.
CSV cells hold JSON values (strings quoted), so an empty text and a missing one stay different.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from mbcwatch.contract import SiteId
from mbcwatch.errors import ConflictError, InputError
from mbcwatch.monitor.models import Alert, BaselineSymptom, Checkin, Person, Treatment
from mbcwatch.monitor.people import add_care_team, audit, find_person, person_public
from mbcwatch.monitor.schemas import PersonPublic, TreatmentCreate, validate_input

FORMAT: Literal["mbcwatch.person"] = "mbcwatch.person"
FORMAT_VERSION: Literal[1] = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL; refuse it on every backend so records stay portable.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character")
        return value


class PersonRecord(_Record):
    pseudonym: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    breast_cancer_history: bool | None
    metastatic: Literal["yes", "no", "unknown"]
    known_sites: list[SiteId]
    locale: Literal["US", "CA", "GB", "EU"]
    age: int | None = Field(ge=0, le=130)
    checkin_interval_days: int = Field(ge=1, le=365)
    care_team: str | None = Field(max_length=200)
    created_at: datetime
    treatments: list[TreatmentCreate]


class BaselineRecord(_Record):
    symptom_id: str = Field(max_length=64)
    severity: Literal["mild", "moderate", "severe", "very_severe"] | None
    marked_by: str = Field(max_length=200)
    marked_at: datetime
    note: str | None


class CheckinRecord(_Record):
    idempotency_key: str = Field(min_length=1, max_length=128)
    recorded_at: datetime
    text: str | None
    answers: list[Any]
    weight_kg: float | None = Field(gt=0, le=400)
    temperature_c: float | None = Field(ge=25, le=45)
    request: dict[str, Any]
    assessment: dict[str, Any]
    urgency: Literal["routine", "soon", "urgent", "emergency"]
    kb_version: str = Field(max_length=64)
    rules_version: str = Field(max_length=64)
    patterns: list[Any] = Field(default_factory=list)
    created_at: datetime


class AlertRecord(_Record):
    checkin_key: str | None
    kind: Literal["assessment", "pattern"]
    urgency: Literal["routine", "soon", "urgent", "emergency"]
    status: Literal["open", "acknowledged", "resolved"]
    summary: str
    reasons: list[Any]
    evidence: list[Any]
    patterns: list[Any]
    created_at: datetime
    acknowledged_by: str | None = Field(max_length=200)
    acknowledged_at: datetime | None
    acknowledged_note: str | None
    resolved_by: str | None = Field(max_length=200)
    resolved_at: datetime | None
    resolved_note: str | None


class PersonExport(_Record):
    format: Literal["mbcwatch.person"] = FORMAT
    format_version: Literal[1] = FORMAT_VERSION
    person: PersonRecord
    baseline: list[BaselineRecord]
    checkins: list[CheckinRecord]
    alerts: list[AlertRecord]


def _columns(model: type[BaseModel], row: object, **extra: Any) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in model.model_fields if name not in extra}
    return values | extra


def export_person(session: Session, *, pseudonym: str, actor: str) -> dict[str, Any]:
    """The person's full record as JSON-ready data (``PersonExport``)."""
    person = find_person(session, pseudonym)
    public = person_public(person)
    checkins = session.scalars(
        select(Checkin)
        .where(Checkin.person_id == person.id)
        .order_by(Checkin.recorded_at, Checkin.id)
    ).all()
    keys = {row.id: row.idempotency_key for row in checkins}
    alerts = session.scalars(
        select(Alert).where(Alert.person_id == person.id).order_by(Alert.created_at, Alert.id)
    ).all()
    baseline = session.scalars(
        select(BaselineSymptom)
        .where(BaselineSymptom.person_id == person.id)
        .order_by(BaselineSymptom.symptom_id)
    ).all()
    record = PersonExport(
        person=PersonRecord.model_validate(public.model_dump()),
        baseline=[BaselineRecord.model_validate(_columns(BaselineRecord, row)) for row in baseline],
        checkins=[CheckinRecord.model_validate(_columns(CheckinRecord, row)) for row in checkins],
        alerts=[
            AlertRecord.model_validate(
                _columns(AlertRecord, row, checkin_key=keys.get(row.checkin_id or -1))
            )
            for row in alerts
        ],
    )
    audit(
        session,
        actor=actor,
        action="export",
        entity="person",
        entity_id=pseudonym,
        person_id=person.id,
    )
    return record.model_dump(mode="json")


def import_person(session: Session, *, record: dict[str, Any], actor: str) -> PersonPublic:
    """Recreate a person from an exported record. ConflictError if the pseudonym exists."""
    data = validate_input(PersonExport, record)
    given = data.person
    if session.scalars(select(Person.id).where(Person.pseudonym == given.pseudonym)).first():
        raise ConflictError(f"pseudonym: a person with id {given.pseudonym!r} already exists")
    keys = [checkin.idempotency_key for checkin in data.checkins]
    if len(set(keys)) != len(keys):
        raise InputError("checkins: idempotency keys repeat", field="checkins")
    person = Person(
        **given.model_dump(exclude={"treatments", "care_team"}),
        treatments=[Treatment(**t.model_dump()) for t in given.treatments],
    )
    if given.care_team:
        person.care_team = add_care_team(session, name=given.care_team, actor=actor)
    session.add(person)
    session.flush()
    for baseline in data.baseline:
        session.add(BaselineSymptom(person_id=person.id, **baseline.model_dump()))
    by_key: dict[str, int] = {}
    for entry in data.checkins:
        row = Checkin(person_id=person.id, **entry.model_dump())
        session.add(row)
        session.flush()
        by_key[row.idempotency_key] = row.id
    for alert in data.alerts:
        if alert.checkin_key is not None and alert.checkin_key not in by_key:
            raise InputError(
                f"alerts: unknown check-in key {alert.checkin_key!r}", field="alerts.checkin_key"
            )
        session.add(
            Alert(
                person_id=person.id,
                checkin_id=by_key.get(alert.checkin_key) if alert.checkin_key else None,
                **alert.model_dump(exclude={"checkin_key"}),
            )
        )
    session.flush()
    audit(
        session,
        actor=actor,
        action="import",
        entity="person",
        entity_id=given.pseudonym,
        person_id=person.id,
    )
    return person_public(person)


CSV_TABLES = ("person", "treatments", "baseline", "checkins", "alerts")


def record_to_csv(record: dict[str, Any]) -> dict[str, str]:
    """One CSV text per table (file stem -> text) of an exported record."""
    person = dict(record["person"])
    tables: dict[str, list[dict[str, Any]]] = {
        "treatments": person.pop("treatments"),
        "person": [
            person | {"format": record["format"], "format_version": record["format_version"]}
        ],
        "baseline": record["baseline"],
        "checkins": record["checkins"],
        "alerts": record["alerts"],
    }
    models: dict[str, type[BaseModel]] = {
        "person": PersonRecord,
        "treatments": TreatmentCreate,
        "baseline": BaselineRecord,
        "checkins": CheckinRecord,
        "alerts": AlertRecord,
    }
    texts: dict[str, str] = {}
    for name in CSV_TABLES:
        header = [f for f in models[name].model_fields if f != "treatments"]
        if name == "person":
            header += ["format", "format_version"]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for row in tables[name]:
            writer.writerow([json.dumps(row[column], ensure_ascii=False) for column in header])
        texts[name] = out.getvalue()
    return texts


def record_from_csv(texts: dict[str, str]) -> dict[str, Any]:
    """The exported record again from ``record_to_csv``'s tables."""
    missing = [name for name in CSV_TABLES if name not in texts]
    if missing:
        raise InputError(f"csv: missing table(s) {', '.join(missing)}", field="csv")
    rows: dict[str, list[dict[str, Any]]] = {}
    for name in CSV_TABLES:
        try:
            rows[name] = [
                {column: json.loads(cell) for column, cell in row.items()}
                for row in csv.DictReader(io.StringIO(texts[name]))
            ]
        except (json.JSONDecodeError, TypeError) as exc:
            raise InputError(f"csv: {name}: a cell is not JSON ({exc})", field=name) from None
    if len(rows["person"]) != 1:
        raise InputError("csv: person table must hold exactly one row", field="person")
    person = rows["person"][0]
    return {
        "format": person.pop("format", None),
        "format_version": person.pop("format_version", None),
        "person": person | {"treatments": rows["treatments"]},
        "baseline": rows["baseline"],
        "checkins": rows["checkins"],
        "alerts": rows["alerts"],
    }


def export_person_csv(session: Session, *, pseudonym: str, actor: str) -> dict[str, str]:
    """The person's full record as one CSV text per table."""
    return record_to_csv(export_person(session, pseudonym=pseudonym, actor=actor))
