"""Findings + context -> a trace of the rules that fired, and the urgency they set.

Pure: the same findings, context, rules and knowledge base always give the same trace. Only
findings that apply now (affirmed, about the person, current) can match a clause, so a negated
finding, someone else's symptom, a past resolved one or a hypothetical worry never fires a rule
(one exception, by design: a temperature the person measured now counts through its reading).
Unknown context lets a rule fire (when in doubt, escalate), so removing context never lowers the
result; the urgency is the highest of the hits, raised one level when the aggregation policy sees
enough distinct concerns, so adding a finding never lowers it either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from mbcwatch.contract import Context
from mbcwatch.kb import KnowledgeBase
from mbcwatch.nlp.findings import Finding
from mbcwatch.triage.cues import CueMatch
from mbcwatch.triage.rules import SEVERITY_ORDER, Clause, ContextCondition, Rule, RuleSet
from mbcwatch.vocab import Urgency

AGGREGATION_REF = "aggregation@1"
HitKind = Literal["rule", "unrecognised_severe", "unrecognised_concern", "worry", "aggregation"]


@dataclass(frozen=True)
class ClauseMatch:
    """One clause of a rule and the findings that satisfied it."""

    index: int
    symptoms: tuple[str, ...]
    evidence: tuple[Finding, ...]


@dataclass(frozen=True)
class Hit:
    """One rule (or cue) that fired: what it set, why, on what evidence, citing what."""

    rule: str
    urgency: Urgency
    red_flag: str | None
    sites: tuple[str, ...]
    explanation: str
    sources: tuple[str, ...]
    clauses: tuple[ClauseMatch, ...]
    evidence: tuple[str, ...]
    concerns: frozenset[str]
    kind: HitKind = "rule"


@dataclass(frozen=True)
class Trace:
    """Every hit in rule order, the level before aggregation and the final level."""

    hits: tuple[Hit, ...]
    base_urgency: Urgency
    urgency: Urgency
    explained: frozenset[str]


def explained_symptoms(context: Context, kb: KnowledgeBase) -> frozenset[str]:
    """Symptom ids that are known side effects of the person's current treatments."""
    return frozenset(
        effect.symptom
        for treatment in context.treatments
        if treatment in kb.treatments
        for effect in kb.treatments[treatment].side_effects
        if effect.symptom is not None
    )


def evaluate(
    findings: Sequence[Finding],
    context: Context,
    rules: RuleSet,
    kb: KnowledgeBase,
    cues: Sequence[CueMatch] = (),
) -> Trace:
    """Run every rule over the findings; return the trace and the resulting urgency."""
    explained = explained_symptoms(context, kb)
    current = [f for f in findings if f.applies_now or _measured_now(f)]
    hits: list[Hit] = []
    for rule in rules.rules:
        hit = _fire(rule, current, context, explained)
        if hit is not None:
            hits.append(hit)
    hits.extend(_cue_hit(match) for match in cues)
    base = Urgency.highest([hit.urgency for hit in hits])
    urgency = base
    policy = rules.aggregation
    if base in policy.escalate_from:
        concerns = frozenset().union(*(hit.concerns for hit in hits if hit.urgency == base))
        if len(concerns) >= policy.min_concerns:
            urgency = list(Urgency)[base.rank + 1]
            hits.append(
                Hit(
                    rule=AGGREGATION_REF,
                    urgency=urgency,
                    red_flag=None,
                    sites=(),
                    explanation=policy.explanation,
                    sources=tuple(policy.sources),
                    clauses=(),
                    evidence=tuple(
                        dict.fromkeys(
                            t for hit in hits if hit.urgency == base for t in hit.evidence
                        )
                    ),
                    concerns=frozenset(),
                    kind="aggregation",
                )
            )
    return Trace(tuple(hits), base, urgency, explained)


def _fire(
    rule: Rule, current: Sequence[Finding], context: Context, explained: frozenset[str]
) -> Hit | None:
    if rule.context_any and not any(_context_holds(c, context) for c in rule.context_any):
        return None
    matches: list[ClauseMatch] = []
    for index, clause in enumerate(rule.when):
        evidence = _match_clause(clause, current, explained)
        if evidence is None:
            return None
        matches.append(ClauseMatch(index, tuple(clause.symptoms), evidence))
    found = [f for match in matches for f in match.evidence]
    texts = tuple(dict.fromkeys(f.text for f in found))
    concerns = (
        frozenset({f"red_flag:{rule.red_flag}"})
        if rule.red_flag
        else frozenset(f.symptom_id for f in found)
    )
    return Hit(
        rule=rule.ref,
        urgency=rule.urgency,
        red_flag=rule.red_flag,
        sites=tuple(rule.sites),
        explanation=rule.explanation,
        sources=tuple(rule.sources),
        clauses=tuple(matches),
        evidence=texts,
        concerns=concerns,
    )


def _cue_hit(match: CueMatch) -> Hit:
    return Hit(
        rule=match.cue.ref,
        urgency=match.cue.urgency,
        red_flag=None,
        sites=(),
        explanation=match.cue.explanation,
        sources=tuple(match.cue.sources),
        clauses=(),
        evidence=(match.text,),
        concerns=frozenset({f"cue:{match.cue.id}"}),
        kind=match.cue.kind,
    )


def _measured_now(finding: Finding) -> bool:
    """A temperature the person measured now is a fact even when their words deny a fever.

    The reader marks a reading below its own fever threshold as a negated fever and leaves the
    clinical decision to triage; such a finding can only match through its reading
    (``temperature_c_at_least``), never as a symptom.
    """
    return (
        finding.negated
        and finding.experiencer == "patient"
        and finding.temporality == "current"
        and any(q.kind == "temperature_c" for q in finding.quantities)
    )


def _match_clause(
    clause: Clause, current: Sequence[Finding], explained: frozenset[str]
) -> tuple[Finding, ...] | None:
    evidence = tuple(
        f
        for f in current
        if (f.applies_now or clause.temperature_c_at_least is not None)
        and _finding_fits(clause, f, explained)
    )
    if len({f.symptom_id for f in evidence}) < clause.min_count:
        return None
    return evidence


def _finding_fits(clause: Clause, finding: Finding, explained: frozenset[str]) -> bool:
    checks = (
        clause.any_symptom or finding.symptom_id in clause.symptoms,
        clause.explained is None or (finding.symptom_id in explained) == clause.explained,
        _severity_fits(clause, finding),
        _duration_fits(clause, finding.duration_days),
        _trend_fits(clause, finding),
        _location_fits(clause, finding),
        _temperature_fits(clause, finding),
    )
    return all(checks)


def _severity_fits(clause: Clause, finding: Finding) -> bool:
    if clause.severity_at_least is None:
        return True
    if finding.severity is None:
        return False
    return SEVERITY_ORDER.index(finding.severity) >= SEVERITY_ORDER.index(clause.severity_at_least)


def _trend_fits(clause: Clause, finding: Finding) -> bool:
    if not clause.trend:
        return True
    if finding.trend is None:
        return clause.trend_unknown_passes
    return finding.trend in clause.trend


def _location_fits(clause: Clause, finding: Finding) -> bool:
    if not clause.location_any:
        return True
    where = f"{finding.location or ''} {finding.text}".lower()
    return any(word in where for word in clause.location_any)


def _duration_fits(clause: Clause, days: float | None) -> bool:
    if clause.duration_days_at_least is None and clause.duration_days_below is None:
        return True
    if days is None:
        return clause.duration_unknown_passes
    if clause.duration_days_at_least is not None and days < clause.duration_days_at_least:
        return False
    return not (clause.duration_days_below is not None and days >= clause.duration_days_below)


def _temperature_fits(clause: Clause, finding: Finding) -> bool:
    """A finding with no temperature passes a lower bound (escalate) and fails an upper one."""
    highest = max((q.value for q in finding.quantities if q.kind == "temperature_c"), default=None)
    if clause.temperature_c_at_least is not None and highest is not None:
        return highest >= clause.temperature_c_at_least and _below_fits(clause, highest)
    return _below_fits(clause, highest)


def _below_fits(clause: Clause, highest: float | None) -> bool:
    if clause.temperature_c_below is None:
        return True
    return highest is not None and highest < clause.temperature_c_below


def _context_holds(condition: ContextCondition, context: Context) -> bool:
    """Each named part of the context must allow the rule; an unknown part always allows it."""
    known_sites = set(context.known_metastatic_sites)
    treatments = set(context.treatments)
    days = context.days_since_last_chemotherapy
    limit = condition.days_since_chemotherapy_at_most
    refusals = (
        bool(condition.metastatic)
        and context.metastatic != "unknown"
        and context.metastatic not in condition.metastatic,
        bool(condition.known_sites_any)
        and (context.metastatic == "no" or bool(known_sites))
        and not set(condition.known_sites_any) & known_sites,
        bool(condition.treatments_any)
        and bool(treatments)
        and not set(condition.treatments_any) & treatments,
        limit is not None and days is not None and days > limit,
        condition.age_at_least is not None
        and context.age is not None
        and context.age < condition.age_at_least,
    )
    return not any(refusals)
