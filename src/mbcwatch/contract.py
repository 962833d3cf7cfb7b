"""The public assessment contract (ASSESS-CONTRACT.md) as typed models.

The Python API, the CLI, the REST API and the evaluation harness all speak these shapes.
Fields may be added; none may be renamed or dropped. Requests reject unknown keys so a typo is
an error naming the field, never a silently ignored value.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mbcwatch.errors import InputError, TextTooLongError, did_you_mean
from mbcwatch.vocab import RED_FLAGS, SITES, TREATMENTS, Urgency

MAX_TEXT_CHARS = 10_000
"""Free text longer than this is refused (about four pages: far beyond any check-in)."""
MAX_SYMPTOMS = 100

Severity = Literal["mild", "moderate", "severe", "very_severe"]
Trend = Literal["better", "same", "worse"]
Experiencer = Literal["patient", "other"]
Temporality = Literal["current", "historical", "hypothetical"]
SiteId = Literal["bone", "lung", "liver", "brain", "lymph_nodes", "chest_wall"]
TreatmentId = Literal[
    "chemotherapy", "endocrine_therapy", "her2_targeted", "immunotherapy", "cdk46_inhibitor",
    "bisphosphonate", "denosumab", "opioid", "radiotherapy", "steroid",
]  # fmt: skip

_CHOICES: dict[str, tuple[str, ...]] = {
    "known_metastatic_sites": SITES,
    "treatments": TREATMENTS,
    "red_flags": RED_FLAGS,
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StructuredSymptom(_Strict):
    """A symptom given as a structured answer rather than in words."""

    hpo: str | None = Field(default=None, pattern=r"^HP:\d{7}$")
    id: str | None = Field(default=None, max_length=64, description="knowledge-base symptom id")
    severity: Severity | None = None
    onset_days_ago: int | None = Field(default=None, ge=0, le=36_500)
    trend: Trend | None = None
    location: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _named(self) -> StructuredSymptom:
        if self.hpo is None and self.id is None:
            raise ValueError("a structured symptom needs 'hpo' or 'id'")
        return self


class Context(_Strict):
    breast_cancer_history: bool | None = None
    metastatic: Literal["yes", "no", "unknown"] = "unknown"
    known_metastatic_sites: list[SiteId] = Field(default_factory=list)
    treatments: list[TreatmentId] = Field(default_factory=list)
    days_since_last_chemotherapy: int | None = Field(default=None, ge=0, le=36_500)
    age: int | None = Field(default=None, ge=0, le=130)


class AssessRequest(_Strict):
    id: str | None = Field(default=None, max_length=200)
    text: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    symptoms: list[StructuredSymptom] = Field(default_factory=list, max_length=MAX_SYMPTOMS)
    context: Context = Field(default_factory=Context)
    writer: Literal["patient", "carer", "clinician"] = Field(
        default="patient",
        description="who wrote the text: for a carer or clinician, 'she'/'he' is the patient",
    )

    @model_validator(mode="after")
    def _has_content(self) -> AssessRequest:
        if not (self.text and self.text.strip()) and not self.symptoms:
            raise ValueError("a request needs 'text' or 'symptoms'")
        return self


class RedFlagHit(BaseModel):
    id: str
    label: str
    evidence: list[str]
    sources: list[str]


class SiteScore(BaseModel):
    id: str
    score: float
    evidence: list[str]


class FindingOut(BaseModel):
    """One understood finding, as the contract shows it (negated and others' findings included)."""

    id: str
    hpo: str | None
    text: str
    negated: bool
    experiencer: Experiencer
    temporality: Temporality
    severity: str | None = None
    duration_days: float | None = None
    trend: Trend | None = None


class Reason(BaseModel):
    rule: str
    explanation: str
    sources: list[str]
    urgency: Urgency | None = Field(default=None, description="the level this reason sets")
    evidence: list[str] = Field(default_factory=list, description="the words it rests on")


class SourceRef(BaseModel):
    id: str
    title: str
    url: str | None


class AssessResponse(BaseModel):
    id: str | None
    urgency: Urgency
    advice: str
    red_flags: list[RedFlagHit]
    sites: list[SiteScore]
    symptoms: list[FindingOut]
    reasons: list[Reason]
    tests_to_discuss: list[str]
    sources: list[SourceRef]
    disclaimer: str
    rules_version: str | None = Field(default=None, description="triage rules that produced it")
    kb_version: str | None = Field(default=None, description="knowledge-base fingerprint used")


def parse_request(data: Any) -> AssessRequest:
    """Validate a request, turning the first problem into an InputError naming the field."""
    if isinstance(data, AssessRequest):
        return data
    if not isinstance(data, dict):
        raise InputError("a request must be a JSON object", field=None)
    try:
        return AssessRequest.model_validate(data)
    except ValidationError as exc:
        raise _input_error(exc) from None


def _input_error(exc: ValidationError) -> InputError:
    error = exc.errors()[0]
    location = [str(part) for part in error["loc"]]
    field = ".".join(location) or None
    message = error["msg"]
    if error["type"] == "string_too_long" and location == ["text"]:
        return TextTooLongError(
            f"text: longer than the limit of {MAX_TEXT_CHARS} characters", field="text"
        )
    named = [part for part in location if part in _CHOICES]
    if error["type"] == "literal_error" and named:
        value = str(error.get("input"))
        message = (
            f"unknown {named[-1].rstrip('s').replace('_', ' ')} {value!r}"
            + did_you_mean(value, _CHOICES[named[-1]])
            + f"; known: {', '.join(_CHOICES[named[-1]])}"
        )
    elif error["type"] == "extra_forbidden":
        message = f"unknown field {location[-1]!r}"
    return InputError(f"{field}: {message}" if field else message, field=field)
