"""A trace -> the public response: advice, red flags, ranked sites, reasons, tests and sources.

Every part of the response is rendered from the same trace the rules produced, so the API, the
pages and the CLI all show the same reasons. Wording, site weights and the test lists are data
(``data/output.yaml``), checked against the knowledge base when they load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mbcwatch.contract import (
    AssessResponse,
    Context,
    FindingOut,
    Reason,
    RedFlagHit,
    SiteScore,
    SourceRef,
)
from mbcwatch.errors import RuleError, did_you_mean
from mbcwatch.kb import KnowledgeBase
from mbcwatch.nlp.findings import Finding
from mbcwatch.triage.evaluate import Hit, Trace
from mbcwatch.vocab import Urgency

OUTPUT_FILE = "output.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteWeights(_Strict):
    """How much one finding adds to a site's score; a ranking aid, not a probability."""

    finding: float = Field(gt=0, le=1)
    severe_bonus: float = Field(ge=0, le=1)
    persistent_bonus: float = Field(ge=0, le=1)
    persistent_days: float = Field(gt=0)
    worsening_bonus: float = Field(ge=0, le=1)
    known_site_prior: float = Field(ge=0, le=1)


class TestLists(_Strict):
    """Knowledge-base test ids per site and per red flag (each test cites its own sources)."""

    by_site: dict[str, list[str]]
    by_red_flag: dict[str, list[str]]


class OutputFile(_Strict):
    advice: dict[Urgency, str]
    not_understood: str
    nothing_recognised: str
    about_someone_else: str
    disclaimer: str
    site_weights: SiteWeights
    tests: TestLists


@dataclass(frozen=True)
class Rendering:
    output: OutputFile
    kb: KnowledgeBase


def compile_output(raw: bytes | str, kb: KnowledgeBase) -> Rendering:
    """Parse the output data and check every site, red flag, test and source id against the KB."""
    try:
        output = OutputFile.model_validate(yaml.safe_load(raw))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(f"{OUTPUT_FILE}: {exc}") from None
    missing = [level.value for level in Urgency if level not in output.advice]
    if missing:
        raise RuleError(f"{OUTPUT_FILE}, field 'advice': no advice for {', '.join(missing)}")
    checks = [
        *((f"tests.by_site.{k}", k, kb.sites, "site") for k in output.tests.by_site),
        *(
            (f"tests.by_red_flag.{k}", k, kb.red_flags, "red flag")
            for k in output.tests.by_red_flag
        ),
    ]
    for table_name, table in (
        ("by_site", output.tests.by_site),
        ("by_red_flag", output.tests.by_red_flag),
    ):
        for key, test_ids in table.items():
            checks.extend(
                (f"tests.{table_name}.{key}.{i}", t, kb.tests, "test")
                for i, t in enumerate(test_ids)
            )
    for field, value, known, kind in checks:
        if value not in known:
            raise RuleError(
                f"{OUTPUT_FILE}, field {field!r}: unknown {kind} {value!r}"
                + did_you_mean(value, list(known))
            )
    return Rendering(output, kb)


@cache
def load_output() -> Rendering:
    from mbcwatch.kb import load_kb

    raw = resources.files("mbcwatch.triage").joinpath("data", OUTPUT_FILE).read_bytes()
    return compile_output(raw, load_kb())


def render(
    trace: Trace,
    findings: Sequence[Finding],
    context: Context,
    rendering: Rendering,
    *,
    request_id: str | None,
    emergency_number: str,
) -> AssessResponse:
    """The contract's response for one trace."""
    kb, output = rendering.kb, rendering.output
    ordered = sorted(trace.hits, key=lambda hit: -hit.urgency.rank)
    red_flags = _red_flags(ordered, kb)
    sites = rank_sites(findings, context, trace, rendering)
    advice = output.advice[trace.urgency].format(emergency_number=emergency_number)
    if not findings and not trace.hits:
        # Words nothing recognised are no reason for reassurance.
        advice = output.nothing_recognised.format(emergency_number=emergency_number)
    if any(hit.kind in ("unrecognised_severe", "unrecognised_concern") for hit in trace.hits):
        advice = f"{advice} {output.not_understood}"
    cited = [s for hit in ordered for s in hit.sources]
    cited.extend(s for flag in red_flags for s in flag.sources)
    test_ids = _tests(red_flags, sites, rendering)
    cited.extend(s for t in test_ids for s in kb.tests[t].sources)
    return AssessResponse(
        id=request_id,
        urgency=trace.urgency,
        advice=advice,
        red_flags=red_flags,
        sites=sites,
        symptoms=[_finding_out(f) for f in findings],
        reasons=[_reason(hit) for hit in ordered],
        tests_to_discuss=[kb.tests[t].label for t in test_ids],
        sources=[_source_ref(kb, s) for s in dict.fromkeys(cited)],
        disclaimer=output.disclaimer,
    )


def _reason(hit: Hit) -> Reason:
    return Reason(
        rule=hit.rule,
        explanation=hit.explanation,
        sources=list(hit.sources),
        urgency=hit.urgency,
        evidence=list(hit.evidence),
    )


def _red_flags(ordered: Sequence[Hit], kb: KnowledgeBase) -> list[RedFlagHit]:
    flags: dict[str, RedFlagHit] = {}
    for hit in ordered:
        if hit.red_flag is None:
            continue
        if hit.red_flag not in flags:
            record = kb.red_flags[hit.red_flag]
            flags[hit.red_flag] = RedFlagHit(
                id=record.id, label=record.label, evidence=[], sources=list(record.sources)
            )
        flag = flags[hit.red_flag]
        flag.evidence.extend(t for t in hit.evidence if t not in flag.evidence)
        flag.sources.extend(s for s in hit.sources if s not in flag.sources)
    return list(flags.values())


def rank_sites(
    findings: Sequence[Finding], context: Context, trace: Trace, rendering: Rendering
) -> list[SiteScore]:
    """Sites ranked by the evidence: KB symptom->site links, rule sites, known sites as a prior.

    Each supporting finding adds weight w and the score is 1 - prod(1 - w), so it stays in 0..1
    and grows with independent support. A symptom linked to several sites shares its weight.
    """
    weights = rendering.output.site_weights
    kb = rendering.kb
    misses: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}

    def add(site: str, weight: float, text: str | None) -> None:
        misses[site] = misses.get(site, 1.0) * (1.0 - min(weight, 0.95))
        if text is not None and text not in evidence.setdefault(site, []):
            evidence[site].append(text)

    for finding in findings:
        if not finding.applies_now or finding.symptom_id not in kb.symptoms:
            continue
        links = kb.symptoms[finding.symptom_id].sites
        if not links:
            continue
        weight = weights.finding
        if finding.severity in ("severe", "very_severe"):
            weight += weights.severe_bonus
        if finding.duration_days is not None and finding.duration_days >= weights.persistent_days:
            weight += weights.persistent_bonus
        if finding.trend == "worse":
            weight += weights.worsening_bonus
        if finding.symptom_id in trace.explained:
            weight /= 2
        weight /= len(links) ** 0.5
        for link in links:
            add(link.id, weight, finding.text)
    for hit in trace.hits:
        for site in hit.sites:
            add(site, weights.finding, None)
    for site in context.known_metastatic_sites:
        add(site, weights.known_site_prior, "known site of spread")
    scores = [
        SiteScore(id=site, score=round(1.0 - miss, 3), evidence=evidence.get(site, []))
        for site, miss in misses.items()
    ]
    return sorted(scores, key=lambda s: (-s.score, s.id))


def _tests(
    red_flags: Sequence[RedFlagHit], sites: Sequence[SiteScore], rendering: Rendering
) -> list[str]:
    tests = rendering.output.tests
    ids: list[str] = []
    for flag in red_flags:
        ids.extend(tests.by_red_flag.get(flag.id, []))
    for site in sites[:3]:
        ids.extend(tests.by_site.get(site.id, []))
    return list(dict.fromkeys(ids))


def _finding_out(finding: Finding) -> FindingOut:
    return FindingOut(
        id=finding.symptom_id,
        hpo=finding.hpo,
        text=finding.text,
        negated=finding.negated,
        experiencer=finding.experiencer,
        temporality=finding.temporality,
        severity=finding.severity,
        duration_days=finding.duration_days,
        trend=finding.trend,
    )


def _source_ref(kb: KnowledgeBase, source_id: str) -> SourceRef:
    source = kb.sources[source_id]
    return SourceRef(id=source.id, title=source.title, url=source.url)
