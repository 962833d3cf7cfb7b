"""``assess``: one request in the public contract -> one response, explained and cited."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from mbcwatch.contract import AssessRequest, AssessResponse, parse_request
from mbcwatch.errors import InputError
from mbcwatch.kb import KnowledgeBase, load_kb
from mbcwatch.nlp import assertion
from mbcwatch.nlp import extract as extract_findings
from mbcwatch.nlp.findings import Finding
from mbcwatch.settings import EMERGENCY_NUMBERS, get_settings
from mbcwatch.triage.cues import CueBook, load_cues
from mbcwatch.triage.evaluate import Trace, evaluate
from mbcwatch.triage.explain import Rendering, load_output, render
from mbcwatch.triage.inputs import Extractor, hpo_index, request_findings
from mbcwatch.triage.rules import RuleSet, load_rules


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


def _extract(text: str) -> list[Finding]:
    return extract_findings(text)


def _applies_now(sentence: str, phrase: str) -> bool:
    """The reader's context check for a cue phrase: affirmed, about the person, current."""
    found = assertion(sentence, phrase)
    return not found.negated and found.experiencer == "patient" and found.temporality == "current"


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
    findings = request_findings(parsed, loaded.kb, loaded.hpo, extract or _extract)
    cues = loaded.cues.scan(parsed.text, _applies_now) if parsed.text else []
    trace = evaluate(findings, parsed.context, loaded.rules, loaded.kb, cues)
    response = render(
        trace,
        findings,
        parsed.context,
        loaded.rendering,
        request_id=parsed.id,
        emergency_number=number,
    )
    return response.model_copy(
        update={"rules_version": loaded.rules.version, "kb_version": loaded.kb.version}
    )


def trace_request(request: AssessRequest | Mapping[str, Any]) -> Trace:
    """The raw evaluation trace for a request (for inspection and tests)."""
    parsed = parse_request(dict(request) if isinstance(request, Mapping) else request)
    loaded = engine()
    findings = request_findings(parsed, loaded.kb, loaded.hpo, _extract)
    cues = loaded.cues.scan(parsed.text, _applies_now) if parsed.text else []
    return evaluate(findings, parsed.context, loaded.rules, loaded.kb, cues)


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
