"""The reading data files (lexicon extras, context cues, modifiers), typed and checked at load.

A malformed file raises KnowledgeBaseError naming the file and the field, so a broken cue list
never reaches a patient. Cross-checks against the knowledge base happen in lexicon.py.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mbcwatch.errors import KnowledgeBaseError

M = TypeVar("M", bound=BaseModel)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BodyPhrases(_Data):
    """Phrasing patterns with a {part} slot, and the symptom id each body part gives."""

    parts: dict[str, str]
    patterns: list[str] = Field(min_length=1)


class LexiconData(_Data):
    """Extra phrasings keyed by KB symptom id, spelling variants, blockers and contractions."""

    phrasings: dict[str, list[str]]
    spelling: dict[str, str]
    blockers: list[str]
    contractions: dict[str, str]
    body_pain: BodyPhrases
    body_swelling: BodyPhrases

    def expanded(self) -> dict[str, list[str]]:
        """Every extra phrasing by symptom id, body-part patterns filled in."""
        phrasings = {key: list(values) for key, values in self.phrasings.items()}
        for table in (self.body_pain, self.body_swelling):
            for part, symptom_id in table.parts.items():
                phrasings.setdefault(symptom_id, []).extend(
                    pattern.replace("{part}", part) for pattern in table.patterns
                )
        return phrasings


class CueSet(_Data):
    pre: list[str] = Field(default_factory=list)
    post: list[str] = Field(default_factory=list)
    pseudo: list[str] = Field(default_factory=list)
    pronoun: list[str] = Field(default_factory=list)
    person: list[str] = Field(
        default_factory=list, description="family and partners: the patient in a carer's words"
    )


class CueData(_Data):
    """ConText-style cues per category, and the words that end every cue's scope."""

    window: int = Field(ge=1, le=50)
    post_window: int = Field(ge=1, le=50)
    negated: CueSet
    historical: CueSet
    hypothetical: CueSet
    other: CueSet
    terminators: list[str]
    pronoun_terminators: list[str]


class ModifierData(_Data):
    """Severity, trend, location and time words; the fever threshold with its source."""

    severity_words: dict[str, list[str]]
    rating_cutpoints: dict[str, float]
    trend_words: dict[str, list[str]]
    locations: list[str]
    numbers: dict[str, float]
    units: dict[str, float]
    fixed_durations: dict[str, float]
    weekdays: list[str] = Field(min_length=7, max_length=7)
    fever_threshold_c: float = Field(ge=35, le=42)
    fever_threshold_source: str = Field(min_length=5)


def _load(file_name: str, model: type[M]) -> M:
    raw = resources.files("mbcwatch.nlp").joinpath("data", file_name).read_bytes()
    try:
        return model.model_validate(yaml.safe_load(raw))
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"not valid YAML: {exc}", file=file_name) from None
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or None
        raise KnowledgeBaseError(error["msg"], file=file_name, field=field) from None


@cache
def lexicon_data() -> LexiconData:
    return _load("lexicon.yaml", LexiconData)


@cache
def cue_data() -> CueData:
    return _load("cues.yaml", CueData)


@cache
def modifier_data() -> ModifierData:
    data = _load("modifiers.yaml", ModifierData)
    unknown = set(data.severity_words) - {"mild", "moderate", "severe", "very_severe"}
    if unknown or set(data.rating_cutpoints) != set(data.severity_words):
        raise KnowledgeBaseError(
            "severity levels must be mild, moderate, severe, very_severe in both lists",
            file="modifiers.yaml",
            field="severity_words",
        )
    if set(data.trend_words) - {"better", "same", "worse"}:
        raise KnowledgeBaseError(
            "trends must be better, same, worse", file="modifiers.yaml", field="trend_words"
        )
    return data
