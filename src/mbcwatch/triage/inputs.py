"""A request -> findings: structured symptoms mapped to the knowledge base, free text read by NLP.

Structured symptoms name a knowledge-base symptom id or an HPO id; an id the knowledge base does
not know is an InputError naming the field (``symptoms.2.hpo``) with close matches, never a silent
drop. Free text goes through ``mbcwatch.nlp.extract``.
"""

from __future__ import annotations

from collections.abc import Callable

from mbcwatch.contract import AssessRequest, StructuredSymptom
from mbcwatch.errors import InputError, did_you_mean
from mbcwatch.kb import KnowledgeBase
from mbcwatch.nlp.findings import Finding

Extractor = Callable[[str], list[Finding]]


def hpo_index(kb: KnowledgeBase) -> dict[str, str]:
    """HPO id -> the first knowledge-base symptom (in file order) that uses it."""
    index: dict[str, str] = {}
    for symptom in kb.symptoms.values():
        if symptom.hpo is not None:
            index.setdefault(symptom.hpo, symptom.id)
    return index


def structured_findings(
    symptoms: list[StructuredSymptom], kb: KnowledgeBase, index: dict[str, str]
) -> list[Finding]:
    """One finding per structured symptom; onset_days_ago becomes the finding's duration."""
    findings: list[Finding] = []
    for position, given in enumerate(symptoms):
        symptom_id = _resolve(given, position, kb, index)
        record = kb.symptoms[symptom_id]
        findings.append(
            Finding(
                symptom_id=symptom_id,
                hpo=record.hpo,
                text=record.label if not given.location else f"{record.label} ({given.location})",
                start=0,
                end=0,
                severity=given.severity,
                duration_days=float(given.onset_days_ago)
                if given.onset_days_ago is not None
                else None,
                trend=given.trend,
                location=given.location,
            )
        )
    return findings


def _resolve(
    given: StructuredSymptom, position: int, kb: KnowledgeBase, index: dict[str, str]
) -> str:
    if given.id is not None:
        if given.id not in kb.symptoms:
            raise InputError(
                f"symptoms.{position}.id: unknown symptom id {given.id!r}"
                + did_you_mean(given.id, list(kb.symptoms)),
                field=f"symptoms.{position}.id",
            )
        return given.id
    hpo = given.hpo or ""  # the contract guarantees hpo when id is absent
    if hpo not in index:
        raise InputError(
            f"symptoms.{position}.hpo: unknown HPO id {hpo!r}: no knowledge-base symptom"
            " uses it" + did_you_mean(hpo, list(index)),
            field=f"symptoms.{position}.hpo",
        )
    return index[hpo]


def request_findings(
    request: AssessRequest, kb: KnowledgeBase, index: dict[str, str], extract: Extractor
) -> list[Finding]:
    """Findings from the text (in order of position) followed by the structured symptoms."""
    from_text = extract(request.text) if request.text and request.text.strip() else []
    return [*from_text, *structured_findings(request.symptoms, kb, index)]
