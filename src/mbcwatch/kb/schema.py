"""Typed records of the knowledge base. Unknown keys are rejected; every claim names its sources.

Each YAML file under ``data/`` holds one list of one record type (see ``FILES`` in load.py).
Cross-references (source ids, site ids, red-flag ids, symptom ids) are checked by ``load.py``.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mbcwatch.vocab import Urgency

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
SourceIds = Annotated[list[str], Field(min_length=1)]
HPO_PATTERN = re.compile(r"^HP:\d{7}$")
PHRASING_PATTERN = re.compile(r"[a-z0-9']+( [a-z0-9']+)*")


class Record(BaseModel):
    """Base of every knowledge-base record: immutable, unknown keys forbidden."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Record):
    """A document the knowledge base cites: a seed article or professional guidance."""

    id: Id
    kind: Literal["seed_article", "guideline", "patient_guidance"]
    title: str
    publisher: str
    year: int | None = Field(default=None, ge=1990, le=2100)
    url: str | None = Field(default=None, pattern=r"^https://")
    file: str | None = Field(default=None, description="seed articles: file name in shared/seeds")
    reviewer: str | None = None
    covers: str | None = Field(default=None, description="what the knowledge base takes from it")


class Link(Record):
    """A cited link from one record to another (symptom -> site, symptom -> red flag)."""

    id: Id
    sources: SourceIds
    note: str | None = None


class SubSite(Record):
    id: Id
    label: str
    lay_terms: list[str] = Field(default_factory=list)


class Icd10Code(Record):
    """An ICD-10-CM secondary-neoplasm code (C77-C79), checked against the code set in tests."""

    code: str = Field(pattern=r"^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$")
    title: str
    note: str | None = Field(default=None, description="why this code, where that needs saying")


class RarelyInvolved(Record):
    """Negative knowledge: parts where spread is uncommon, with the source saying so."""

    parts: list[str] = Field(min_length=1)
    sources: SourceIds


class Site(Record):
    """A place breast cancer spreads to (the contract's site vocabulary)."""

    id: Id
    label: str
    lay_label: str
    subsites: list[SubSite] = Field(default_factory=list)
    icd10cm: list[Icd10Code] = Field(min_length=1)
    rarely_involved: RarelyInvolved | None = None
    sources: SourceIds


class Symptom(Record):
    """Something a person may notice, with the words people use for it."""

    id: Id
    label: str
    hpo: str | None = Field(default=None, description="HPO term id, where one fits")
    hpo_label: str | None = None
    phrasings: list[str] = Field(min_length=1, description="lay words people actually use")
    sites: list[Link] = Field(default_factory=list)
    red_flags: list[Link] = Field(default_factory=list)
    sources: SourceIds

    @field_validator("hpo")
    @classmethod
    def _hpo_shape(cls, value: str | None) -> str | None:
        if value is not None and not HPO_PATTERN.match(value):
            raise ValueError("must look like HP:0000000")
        return value

    @field_validator("phrasings")
    @classmethod
    def _phrasing_shape(cls, value: list[str]) -> list[str]:
        # Phrasings are matched as word sequences after normalising the input the same way.
        for phrasing in value:
            if not PHRASING_PATTERN.fullmatch(phrasing):
                raise ValueError(
                    f"{phrasing!r} must be lower-case words (letters, digits, apostrophes) "
                    "separated by single spaces"
                )
        repeated = sorted({p for p in value if value.count(p) > 1})
        if repeated:
            raise ValueError(f"listed twice: {', '.join(repeated)}")
        return value

    @model_validator(mode="after")
    def _hpo_named(self) -> Symptom:
        if (self.hpo is None) != (self.hpo_label is None):
            raise ValueError("hpo and hpo_label go together: give both or neither")
        return self


class RedFlag(Record):
    """A finding a clinician must consider now (the contract's red-flag vocabulary)."""

    id: Id
    label: str
    looks_like: str = Field(description="what it looks like to a patient, in plain words")
    why_it_matters: str
    action: str
    urgency: Urgency
    time_frame: str
    sources: SourceIds


class Test(Record):
    """A diagnostic test a doctor may consider."""

    id: Id
    label: str
    purpose: str
    investigational: bool = False
    sources: SourceIds


class SideEffect(Record):
    label: str
    symptom: Id | None = Field(default=None, description="the symptom id, where one exists")
    sources: SourceIds


class Treatment(Record):
    """A treatment the articles name, with the side effects they name."""

    id: Id
    label: str
    kind: Literal["systemic", "bone_modifying", "local", "pain_relief", "supportive", "research"]
    purpose: str
    dosing_interval: str | None = None
    side_effects: list[SideEffect] = Field(default_factory=list)
    sources: SourceIds
