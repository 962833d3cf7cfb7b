"""What goes into and comes out of the diary services, named by role (``...Create``, ``...Public``).

Inputs reject unknown keys and implausible values with an error naming the field; the plausibility
bounds on weight and temperature catch typing mistakes and are not clinical thresholds.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mbcwatch.contract import SiteId, StructuredSymptom, TreatmentId
from mbcwatch.errors import InputError

AlertStatus = Literal["open", "acknowledged", "resolved"]
AlertKind = Literal["assessment", "pattern"]
Locale = Literal["US", "CA", "GB", "EU"]
ModelT = TypeVar("ModelT", bound=BaseModel)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TreatmentCreate(_Input):
    name: TreatmentId
    started_on: date | None = None
    stopped_on: date | None = None


class PersonCreate(_Input):
    """A person to monitor, known by a pseudonymous id (never a name or a hospital number)."""

    pseudonym: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    breast_cancer_history: bool | None = True
    metastatic: Literal["yes", "no", "unknown"] = "unknown"
    known_sites: list[SiteId] = Field(default_factory=list)
    treatments: list[TreatmentCreate] = Field(default_factory=list)
    locale: Locale = "GB"
    age: int | None = Field(default=None, ge=0, le=130)
    checkin_interval_days: int = Field(default=7, ge=1, le=365)
    care_team: str | None = Field(default=None, max_length=200)


class CheckinCreate(_Input):
    """One diary entry as the person gives it: their words and/or structured answers."""

    idempotency_key: str = Field(
        default_factory=lambda: uuid.uuid4().hex, min_length=1, max_length=128
    )
    recorded_at: datetime | None = Field(default=None, description="default: now (UTC)")
    text: str | None = Field(default=None, max_length=10_000)
    symptoms: list[StructuredSymptom] = Field(default_factory=list, max_length=100)
    weight_kg: float | None = Field(default=None, gt=0, le=400)
    temperature_c: float | None = Field(default=None, ge=25, le=45)
    writer: Literal["patient", "carer", "clinician"] = Field(
        default="patient", description="who wrote the text: a carer's 'Mum' is the patient"
    )

    @field_validator("recorded_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a timezone, e.g. 2026-11-01T09:00:00Z")
        return value


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class TreatmentPublic(_Public):
    name: str
    started_on: date | None
    stopped_on: date | None


class PersonPublic(_Public):
    pseudonym: str
    breast_cancer_history: bool | None
    metastatic: str
    known_sites: list[str]
    treatments: list[TreatmentPublic]
    locale: str
    age: int | None
    checkin_interval_days: int
    care_team: str | None
    created_at: datetime


class CheckinPublic(_Public):
    id: int
    pseudonym: str
    idempotency_key: str
    recorded_at: datetime
    text: str | None
    answers: list[Any]
    weight_kg: float | None
    temperature_c: float | None
    urgency: str
    assessment: dict[str, Any]
    kb_version: str
    rules_version: str
    patterns: list[Any]


class AlertPublic(_Public):
    id: int
    pseudonym: str
    checkin_id: int | None
    kind: str
    urgency: str
    status: str
    summary: str
    reasons: list[Any]
    evidence: list[Any]
    patterns: list[Any]
    created_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    acknowledged_note: str | None
    resolved_by: str | None
    resolved_at: datetime | None
    resolved_note: str | None


class BaselinePublic(_Public):
    symptom_id: str
    severity: str | None
    marked_by: str
    marked_at: datetime
    note: str | None


class CheckinResult(BaseModel):
    """What recording a check-in did. ``created`` is False when the key was seen before."""

    checkin: CheckinPublic
    alert: AlertPublic | None
    created: bool


def validate_input(model: type[ModelT], data: Any) -> ModelT:
    """Validate ``data`` as ``model``; the first problem becomes an InputError naming its field."""
    if isinstance(data, model):
        return data
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object for {model.__name__}", field=None)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or None
        message = f"unknown field {field!r}" if error["type"] == "extra_forbidden" else error["msg"]
        raise InputError(f"{field}: {message}" if field else message, field=field) from None
