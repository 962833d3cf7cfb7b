"""``assess``: one request in the public contract -> one response, explained and cited."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from mbcwatch.contract import AssessRequest, AssessResponse, Context, parse_request
from mbcwatch.errors import InputError
from mbcwatch.kb import KnowledgeBase, load_kb
from mbcwatch.nlp import assertion
from mbcwatch.nlp import extract as extract_findings
from mbcwatch.nlp.context import Writer
from mbcwatch.nlp.findings import Finding
from mbcwatch.settings import EMERGENCY_NUMBERS, get_settings
from mbcwatch.triage.cues import CueBook, CueMatch, load_cues
from mbcwatch.triage.evaluate import Trace, evaluate
from mbcwatch.triage.explain import Rendering, load_output, render
from mbcwatch.triage.inputs import Extractor, hpo_index, request_findings
from mbcwatch.triage.rules import RuleSet, load_rules
from mbcwatch.vocab import Urgency


@dataclass(frozen=True)
class Engine:
    """Everything an assessment needs, loaded and checked once."""

    kb: KnowledgeBase
    rules: RuleSet
    cues: CueBook
    rendering: Rendering
    hpo: dict[str, str]


@cache
def engine() -> Engine:
    kb = load_kb()
    return Engine(kb, load_rules(), load_cues(), load_output(), hpo_index(kb))


def _reader_writer(request: AssessRequest) -> Writer:
    """Who wrote the text: it decides whether "she" or "Mum" is the patient."""
    return request.writer


def _reading(request: AssessRequest, extract: Extractor | None) -> Extractor:
    if extract is not None:
        return extract
    writer = _reader_writer(request)
    return lambda text: extract_findings(text, writer=writer)


def _cues(loaded: Engine, request: AssessRequest, findings: list[Finding]) -> list[CueMatch]:
    if not request.text:
        return []
    text = request.text
    # What the reader recognised in the words, affirmed or not ("no fever" was understood).
    understood = [(f.start, f.end) for f in findings if text[f.start : f.end] == f.text]
    writer = _reader_writer(request)

    def applies_now(sentence: str, phrase: str) -> bool:
        found = assertion(sentence, phrase, writer=writer)
        return (
            not found.negated and found.experiencer == "patient" and found.temporality == "current"
        )

    return loaded.cues.scan(text, applies_now, understood)


def assess(
    request: AssessRequest | Mapping[str, Any],
    *,
    locale: str | None = None,
    emergency_number: str | None = None,
    extract: Extractor | None = None,
) -> AssessResponse:
    """Assess one request (a model or a JSON-like dict) and return the contract's response.

    ``locale`` (US, CA, GB, EU) or ``emergency_number`` override the settings' emergency number;
    ``extract`` replaces the free-text reader (tests use it to feed known findings).

    Example: ``assess({"text": "my back hurts and my legs feel weak"}).urgency``
    """
    parsed = parse_request(dict(request) if isinstance(request, Mapping) else request)
    number = emergency_number or _number_for(locale)
    loaded = engine()
    findings = request_findings(parsed, loaded.kb, loaded.hpo, _reading(parsed, extract))
    trace = evaluate(
        findings, parsed.context, loaded.rules, loaded.kb, _cues(loaded, parsed, findings)
    )
    response = render(
        trace,
        findings,
        parsed.context,
        loaded.rendering,
        request_id=parsed.id,
        emergency_number=number,
    )
    advice = response.advice
    if parsed.writer == "patient" and _graver_if_mine(findings, parsed.context, loaded, trace):
        advice = f"{advice} {loaded.rendering.output.about_someone_else}"
    return response.model_copy(
        update={
            "advice": advice,
            "rules_version": loaded.rules.version,
            "kb_version": loaded.kb.version,
        }
    )


def _graver_if_mine(
    findings: list[Finding], context: Context, loaded: Engine, trace: Trace
) -> bool:
    """Would words read as someone else's raise the level to urgent or above if they were theirs?

    They never fire a rule; but a carer may have written without saying so, so the advice says
    how to ask again rather than staying silent.
    """
    others = [
        replace(f, experiencer="patient")
        for f in findings
        if f.experiencer == "other" and not f.negated and f.temporality == "current"
    ]
    if not others:
        return False
    mine = evaluate([*findings, *others], context, loaded.rules, loaded.kb)
    return mine.urgency.rank > max(trace.urgency.rank, Urgency.SOON.rank)


def trace_request(request: AssessRequest | Mapping[str, Any]) -> Trace:
    """The raw evaluation trace for a request (for inspection and tests)."""
    parsed = parse_request(dict(request) if isinstance(request, Mapping) else request)
    loaded = engine()
    findings = request_findings(parsed, loaded.kb, loaded.hpo, _reading(parsed, None))
    return evaluate(
        findings, parsed.context, loaded.rules, loaded.kb, _cues(loaded, parsed, findings)
    )


def _number_for(locale: str | None) -> str:
    if locale is None:
        return get_settings().emergency_number
    key = locale.upper()
    if key not in EMERGENCY_NUMBERS:
        raise InputError(
            f"locale: unknown locale {locale!r}; known: {', '.join(EMERGENCY_NUMBERS)}",
            field="locale",
        )
    return EMERGENCY_NUMBERS[key]
