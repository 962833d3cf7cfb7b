"""Triage rules as typed data: the schema, the loader and the check against the knowledge base.

A rule says: when every clause matches the person's current findings, and the context allows it,
set this urgency, raise this red flag, and explain why with these sources. Rules live in
``data/rules.yaml``; they are compiled once and checked against the knowledge base, so a rule that
names an unknown symptom, red flag, site, treatment or source fails with a RuleError naming the
rule id and the field, and never reaches a patient.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mbcwatch.contract import Severity, SiteId, TreatmentId, Trend
from mbcwatch.errors import RuleError, did_you_mean
from mbcwatch.kb import KnowledgeBase
from mbcwatch.vocab import Urgency

RULES_FILE = "rules.yaml"
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
SEVERITY_ORDER: tuple[Severity, ...] = ("mild", "moderate", "severe", "very_severe")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Clause(_Strict):
    """Matches when at least ``min_count`` distinct listed symptoms are present now.

    Each further field narrows which findings count. A finding whose value is unknown passes
    ``duration_days_at_least`` only when ``duration_unknown_passes`` is set, and passes
    ``temperature_c_at_least`` when no temperature was given (the person said "fever": escalate).
    """

    symptoms: list[Id] = Field(default_factory=list)
    any_symptom: bool = Field(default=False, description="every symptom counts")
    min_count: int = Field(default=1, ge=1)
    severity_at_least: Severity | None = None
    duration_days_at_least: float | None = Field(default=None, ge=0)
    duration_unknown_passes: bool = False
    duration_days_below: float | None = Field(default=None, gt=0)
    trend: list[Trend] = Field(default_factory=list, description="any of these trends")
    trend_unknown_passes: bool = False
    location_any: list[str] = Field(default_factory=list, description="words in the location")
    temperature_c_at_least: float | None = Field(default=None, ge=30, le=45)
    temperature_c_below: float | None = Field(default=None, ge=30, le=45)
    explained: bool | None = Field(
        default=None,
        description="True: only known side effects of a current treatment; False: only others",
    )

    @model_validator(mode="after")
    def _names_symptoms(self) -> Clause:
        if bool(self.symptoms) == self.any_symptom:
            raise ValueError("give either 'symptoms' or 'any_symptom: true'")
        return self


class ContextCondition(_Strict):
    """Context a rule needs. Unknown context passes: when in doubt, the rule fires."""

    metastatic: list[Literal["yes", "no"]] = Field(default_factory=list)
    known_sites_any: list[SiteId] = Field(default_factory=list)
    treatments_any: list[TreatmentId] = Field(default_factory=list)
    days_since_chemotherapy_at_most: int | None = Field(default=None, ge=0)
    age_at_least: int | None = Field(default=None, ge=0)


class Rule(_Strict):
    """One cited triage rule."""

    id: Id
    version: int = Field(ge=1)
    when: list[Clause] = Field(min_length=1, description="every clause must match")
    context_any: list[ContextCondition] = Field(
        default_factory=list, description="empty: no condition; else any one must hold"
    )
    urgency: Urgency
    red_flag: Id | None = None
    sites: list[SiteId] = Field(default_factory=list, description="sites this rule points to")
    explanation: str = Field(min_length=10)
    sources: list[Id] = Field(min_length=1)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


class Aggregation(_Strict):
    """Two or more distinct concerns at one level raise the result one level (UKONS manner)."""

    escalate_from: list[Urgency]
    min_concerns: int = Field(ge=2)
    explanation: str
    sources: list[Id] = Field(min_length=1)


class RuleFile(_Strict):
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    aggregation: Aggregation
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleFile:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        return self


@dataclass(frozen=True)
class RuleSet:
    """The compiled rules, the aggregation policy and the version they carry."""

    rules: tuple[Rule, ...]
    aggregation: Aggregation
    version: str


def _rules_bytes() -> bytes:
    return resources.files("mbcwatch.triage").joinpath("data", RULES_FILE).read_bytes()


def _version_of(raw: bytes) -> str:
    declared = yaml.safe_load(raw).get("version", "0.0.0") if raw else "0.0.0"
    return f"{declared}+{hashlib.sha256(raw).hexdigest()[:8]}"


RULES_VERSION: str = _version_of(_rules_bytes())
"""The declared version of the packaged rules plus a fingerprint of their content."""


@cache
def load_rules() -> RuleSet:
    """The packaged rules, compiled and checked against the packaged knowledge base once."""
    from mbcwatch.kb import load_kb

    return compile_rules(_rules_bytes(), load_kb())


def compile_rules(raw: bytes | str, kb: KnowledgeBase) -> RuleSet:
    """Parse, validate and cross-check rule data; a problem is a RuleError naming rule and field."""
    text = raw.decode() if isinstance(raw, bytes) else raw
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleError(f"{RULES_FILE}: not valid YAML: {exc}") from None
    try:
        parsed = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise _rule_error(exc, data) from None
    for rule in parsed.rules:
        _check_against_kb(rule, kb)
    for position, source in enumerate(parsed.aggregation.sources):
        _require(source, kb.sources, "aggregation", f"sources.{position}", "source")
    return RuleSet(tuple(parsed.rules), parsed.aggregation, _version_of(text.encode()))


def _rule_error(exc: ValidationError, data: Any) -> RuleError:
    error = exc.errors()[0]
    location = [str(part) for part in error["loc"]]
    rule_id = "?"
    if len(location) >= 2 and location[0] == "rules" and isinstance(data, dict):
        try:
            rule_id = str(data["rules"][int(location[1])].get("id", f"#{int(location[1]) + 1}"))
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            rule_id = f"#{location[1]}"
        field = ".".join(location[2:]) or "rule"
    else:
        field = ".".join(location) or "file"
    return RuleError(f"rule {rule_id!r}, field {field!r}: {error['msg']}")


def _require(value: str, known: Any, rule_id: str, field: str, kind: str) -> None:
    if value not in known:
        raise RuleError(
            f"rule {rule_id!r}, field {field!r}: unknown {kind} {value!r}"
            + did_you_mean(value, list(known))
        )


def _check_against_kb(rule: Rule, kb: KnowledgeBase) -> None:
    for c, clause in enumerate(rule.when):
        for s, symptom in enumerate(clause.symptoms):
            _require(symptom, kb.symptoms, rule.id, f"when.{c}.symptoms.{s}", "symptom")
        if not clause.any_symptom and clause.min_count > len(set(clause.symptoms)):
            raise RuleError(
                f"rule {rule.id!r}, field 'when.{c}.min_count': "
                f"needs {clause.min_count} of only {len(set(clause.symptoms))} symptoms"
            )
    for c, condition in enumerate(rule.context_any):
        for t, treatment in enumerate(condition.treatments_any):
            _require(
                treatment,
                kb.treatments,
                rule.id,
                f"context_any.{c}.treatments_any.{t}",
                "treatment",
            )
        for s, site in enumerate(condition.known_sites_any):
            _require(site, kb.sites, rule.id, f"context_any.{c}.known_sites_any.{s}", "site")
    for s, site in enumerate(rule.sites):
        _require(site, kb.sites, rule.id, f"sites.{s}", "site")
    for s, source in enumerate(rule.sources):
        _require(source, kb.sources, rule.id, f"sources.{s}", "source")
    if rule.red_flag is not None:
        _require(rule.red_flag, kb.red_flags, rule.id, "red_flag", "red flag")
