"""Turning an assessment into what a page shows: the banner, the person's words with the
understood parts marked, and the parts that were not understood. No clinical logic here: the
urgency, reasons and sources all come from the assessment itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mbcwatch.vocab import Urgency


@dataclass(frozen=True)
class UrgencyDisplay:
    heading: str
    action: str
    alert_class: str
    call_emergency: bool


# Headings restate the contract's urgency definitions (ASSESS-CONTRACT.md, "Vocabularies").
URGENCY_DISPLAY: dict[str, UrgencyDisplay] = {
    Urgency.EMERGENCY: UrgencyDisplay(
        "Emergency: get help now",
        "Call {emergency} or your 24-hour acute oncology line now. Do not wait.",
        "usa-alert--emergency",
        True,
    ),
    Urgency.URGENT: UrgencyDisplay(
        "Urgent: contact your oncology team today",
        "Call your oncology team or 24-hour acute oncology line today. If you get worse "
        "or cannot reach them, call {emergency}.",
        "usa-alert--error",
        False,
    ),
    Urgency.SOON: UrgencyDisplay(
        "Arrange to be seen within a few days",
        "Contact your oncology team or GP to be seen within the next few days, up to a week. "
        "If things get worse, check in again or call them sooner.",
        "usa-alert--warning",
        False,
    ),
    Urgency.ROUTINE: UrgencyDisplay(
        "Mention this at your next appointment",
        "Nothing here needs action before your next planned visit. Keep checking in, and "
        "contact your team sooner if anything changes.",
        "usa-alert--info",
        False,
    ),
}


@dataclass(frozen=True)
class Segment:
    """A piece of the person's text; ``finding`` is set when this piece was understood."""

    text: str
    finding: dict[str, Any] | None = None

    @property
    def kind(self) -> str:
        if self.finding is None:
            return "plain"
        if self.finding.get("negated"):
            return "negated"
        if self.finding.get("experiencer") == "other":
            return "other"
        if self.finding.get("temporality", "current") != "current":
            return str(self.finding["temporality"])
        return "current"


def highlight(text: str, findings: list[dict[str, Any]]) -> list[Segment]:
    """Split ``text`` into plain and understood pieces, matching each finding's span in order."""
    spans: list[tuple[int, int, dict[str, Any]]] = []
    lowered = text.lower()
    for finding in findings:
        needle = str(finding.get("text") or "").lower()
        if not needle:
            continue
        start = 0
        while (at := lowered.find(needle, start)) != -1:
            end = at + len(needle)
            if all(end <= s or at >= e for s, e, _ in spans):
                spans.append((at, end, finding))
                break
            start = at + 1
    spans.sort(key=lambda span: span[0])
    segments: list[Segment] = []
    cursor = 0
    for start, end, finding in spans:
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], finding))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


_SENTENCE = re.compile(r"[^.!?;\n]+")


def not_understood(text: str, segments: list[Segment]) -> list[str]:
    """Sentences of the person's text in which no symptom was recognised."""
    covered: list[tuple[int, int]] = []
    cursor = 0
    for segment in segments:
        if segment.finding is not None:
            covered.append((cursor, cursor + len(segment.text)))
        cursor += len(segment.text)
    sentences = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if len(sentence) < 3:
            continue
        start, end = match.span()
        if not any(s < end and e > start for s, e in covered):
            sentences.append(sentence)
    return sentences


def result_view(
    assessment: dict[str, Any], text: str | None, emergency_number: str
) -> dict[str, Any]:
    """Everything the result page shows, computed once, for the page and the PDF alike."""
    urgency = str(assessment["urgency"])
    display = URGENCY_DISPLAY[urgency]
    segments = highlight(text or "", list(assessment.get("symptoms", [])))
    sources = {source["id"]: source for source in assessment.get("sources", [])}
    return {
        "a": assessment,
        "urgency": urgency,
        "display": display,
        "action": display.action.format(emergency=emergency_number),
        "segments": segments,
        "not_understood": not_understood(text or "", segments),
        "site_ids": {site["id"] for site in assessment.get("sites", [])},
        "sources_by_id": sources,
        "about_others": [
            str(s["text"])
            for s in assessment.get("symptoms", [])
            if s.get("experiencer") == "other"
        ],
    }


def alert_why(alert: Any) -> list[str]:
    """Why an alert was raised, in words: its red flags with the person's words, its patterns."""
    lines: list[str] = []
    for item in alert.evidence:
        if not isinstance(item, dict):
            continue
        if "red_flag" in item:
            words = ", ".join(f"\u201c{w}\u201d" for w in item.get("evidence") or [])
            lines.append(
                f"{item.get('label') or item['red_flag']}" + (f": {words}" if words else "")
            )
        elif "pattern" in item:
            lines.append(str(item.get("evidence") or item["pattern"]))
    if not lines:
        lines = [str(r["explanation"]) for r in alert.reasons[:2] if isinstance(r, dict)]
    return lines or [alert.summary]
