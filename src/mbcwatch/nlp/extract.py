"""Free text -> findings: the reader that joins lexicon, context, modifiers and quantities.

    text -> Normaliser (spaCy tokenizer) -> PhraseIndex (one Aho-Corasick scan: symptoms, cues,
    modifiers) -> longest symptom matches -> ContextIndex (negation, experiencer, time)
    -> severity / trend / location / duration / quantities attached -> Finding

Fever from a reading: a temperature reading joins a `fever` finding in its sentence; with none,
a reading at or above the threshold in data/modifiers.yaml creates one. A bare "temp 37.1"
(the word alone, reading below the threshold) is read as a negated `fever` carrying its reading,
so the value is always visible and the clinical decision stays with triage.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from mbcwatch.contract import MAX_TEXT_CHARS, Experiencer, Severity, Temporality, Trend
from mbcwatch.errors import TextTooLongError
from mbcwatch.nlp import quantities
from mbcwatch.nlp.context import ContextFlags, ContextIndex, Writer
from mbcwatch.nlp.findings import Finding, Quantity
from mbcwatch.nlp.lexicon import Match, PhraseIndex, SymptomTerms, kb_symptoms
from mbcwatch.nlp.normalise import Normaliser, Token, blank_english
from mbcwatch.nlp.resources import cue_data, lexicon_data, modifier_data
from mbcwatch.nlp.timing import durations

# How far (in words) a severity word or location may sit from the finding it describes.
MODIFIER_REACH = 4
# Words that name a measurement rather than a fever ("temp 37.1").
_MEASUREMENT_WORDS = frozenset({"temp", "temperature", "temperatures"})
_SEVERITY_ORDER: tuple[Severity, ...] = ("mild", "moderate", "severe", "very_severe")


@dataclass(frozen=True)
class Assertion:
    """The context of one target phrase in one sentence."""

    negated: bool
    temporality: Temporality
    experiencer: Experiencer


def _temporality(flags: ContextFlags) -> Temporality:
    if flags.hypothetical:
        return "hypothetical"
    if flags.historical:
        return "historical"
    return "current"


def _check_length(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLongError(
            f"text: longer than the limit of {MAX_TEXT_CHARS} characters ({len(text)})",
            field="text",
        )


class Reader:
    """Built once per process (see ``default_reader``); ``read`` is safe to call repeatedly."""

    def __init__(self, symptoms: Sequence[SymptomTerms]) -> None:
        extra = lexicon_data()
        self.cues = cue_data()
        self.modifiers = modifier_data()
        self.normaliser = Normaliser(
            blank_english(), spelling=extra.spelling, contractions=extra.contractions
        )
        self.index = PhraseIndex(
            self.normaliser,
            symptoms=symptoms,
            extra=extra,
            cues=self.cues,
            modifiers=self.modifiers,
        )
        self.hpo = {symptom.id: symptom.hpo for symptom in symptoms}

    def read(
        self, text: str, *, today: date | None = None, writer: Writer = "patient"
    ) -> list[Finding]:
        _check_length(text)
        if not text.strip():
            return []
        tokens = self.normaliser.tokens(text)
        if not tokens:
            return []
        matches = self.index.find(tokens)
        mentions = _select_mentions(matches)
        symptoms = [m for m in mentions if m.kind == "symptom"]
        context = ContextIndex(
            tokens,
            matches,
            [(m.first, m.last) for m in mentions],
            window=self.cues.window,
            post_window=self.cues.post_window,
            writer=writer,
        )
        spans = [(m.first, m.last) for m in symptoms]
        findings = [
            self._finding(text, tokens, m, context.flags(m.first, m.last)) for m in symptoms
        ]
        self._attach_quantities(text, tokens, spans, findings, context)
        findings = self._attach_modifiers(tokens, matches, spans, findings, today or date.today())
        return sorted(findings, key=lambda f: (f.start, f.end))

    def assertion(self, sentence: str, target: str, *, writer: Writer = "patient") -> Assertion:
        """Negation, temporality and experiencer of ``target``, a phrase written in ``sentence``."""
        _check_length(sentence)
        # Annotated sets write the target in upper case; prefer that occurrence.
        at = sentence.find(target.upper())
        at = at if at >= 0 else sentence.lower().find(target.lower())
        tokens = self.normaliser.tokens(sentence)
        unknown = Assertion(negated=False, temporality="current", experiencer="patient")
        if at < 0 or not target.strip() or not tokens:
            return unknown
        inside = [i for i, t in enumerate(tokens) if t.start < at + len(target) and t.end > at]
        if not inside:
            return unknown
        first, last = inside[0], inside[-1]
        context = ContextIndex(
            tokens,
            self.index.find(tokens),
            [(first, last)],
            window=self.cues.window,
            post_window=self.cues.post_window,
            writer=writer,
        )
        flags = context.flags(first, last)
        return Assertion(
            negated=flags.negated,
            temporality=_temporality(flags),
            experiencer="other" if flags.other else "patient",
        )

    def _finding(
        self, text: str, tokens: Sequence[Token], match: Match, flags: ContextFlags
    ) -> Finding:
        start, end = tokens[match.first].start, tokens[match.last].end
        return Finding(
            symptom_id=match.value,
            hpo=self.hpo.get(match.value),
            text=text[start:end],
            start=start,
            end=end,
            negated=flags.negated,
            experiencer="other" if flags.other else "patient",
            temporality=_temporality(flags),
        )

    def _attach_modifiers(
        self,
        tokens: Sequence[Token],
        matches: Sequence[Match],
        spans: Sequence[tuple[int, int]],
        findings: list[Finding],
        today: date,
    ) -> list[Finding]:
        occupied = {i for first, last in spans for i in range(first, last + 1)}
        # A severity word inside a symptom phrase counts only when it is strong ("killing me"),
        # so "bad back" does not read as a moderate severity.
        severities = [
            m
            for m in _longest(m for m in matches if m.kind == "severity")
            if m.value in {"severe", "very_severe"}
            or not any(i in occupied for i in range(m.first, m.last + 1))
        ]
        trends = _longest(m for m in matches if m.kind == "trend")
        locations = _longest(m for m in matches if m.kind == "location")
        timings = durations(tokens, matches, self.modifiers, today)
        sentences_with_findings = {tokens[first].sentence for first, _ in spans}
        out = []
        for (first, last), finding in zip(spans, findings, strict=True):
            sentence = tokens[first].sentence
            severity = _strongest(_within(tokens, first, last, severities, MODIFIER_REACH))
            trend = _nearest(tokens, first, last, trends, None)
            location = _nearest(tokens, first, last, locations, MODIFIER_REACH)
            timing = [d for d in timings if tokens[d.token].sentence == sentence]
            if not timing and sentence + 1 not in sentences_with_findings:
                # "Back pain and worse lying flat. Had it about 10 days."
                timing = [d for d in timings if tokens[d.token].sentence == sentence + 1]
            duration = min(timing, key=lambda d: abs(d.token - first)).days if timing else None
            location_text = None
            if location is not None:
                location_text = " ".join(t.norm for t in tokens[location.first : location.last + 1])
            out.append(
                replace(
                    finding,
                    severity=finding.severity
                    or (_as_severity(severity.value) if severity else None),
                    trend=_as_trend(trend.value) if trend else None,
                    location=location_text,
                    duration_days=duration,
                )
            )
        return out

    def _attach_quantities(
        self,
        text: str,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        findings: list[Finding],
        context: ContextIndex,
    ) -> None:
        """Attach numbers to findings in place; a fever or weight loss may come from a number."""
        starts = [t.start for t in tokens]

        def sentence_at(position: int) -> int:
            return tokens[max(0, bisect.bisect_right(starts, position) - 1)].sentence

        def nearest(position: int, only: str | None = None) -> int | None:
            sentence = sentence_at(position)
            candidates = [
                i
                for i, ((first, _), f) in enumerate(zip(spans, findings, strict=True))
                if tokens[first].sentence == sentence and (only is None or f.symptom_id == only)
            ]
            if not candidates:
                return None
            return min(candidates, key=lambda i: abs(findings[i].start - position))

        def create(symptom_id: str, reading: quantities.Reading, quantity: Quantity) -> None:
            inside = [
                i for i, t in enumerate(tokens) if t.start < reading.end and t.end > reading.start
            ]
            if not inside:
                return
            flags = context.flags(inside[0], inside[-1])
            spans.append((inside[0], inside[-1]))
            findings.append(
                Finding(
                    symptom_id=symptom_id,
                    hpo=self.hpo.get(symptom_id),
                    text=text[reading.start : reading.end],
                    start=reading.start,
                    end=reading.end,
                    negated=flags.negated,
                    experiencer="other" if flags.other else "patient",
                    temporality=_temporality(flags),
                    quantities=(quantity,),
                )
            )

        for rating in quantities.ratings(text):
            index = nearest(rating.start)
            if index is not None:
                findings[index] = replace(
                    findings[index], severity_score=rating.value, severity=self._rated(rating.value)
                )
        for count in quantities.counts(text, self.modifiers.numbers):
            index = nearest(count.start)
            if index is not None:
                findings[index] = _with(
                    findings[index], Quantity("count_per_day", count.value, count.text)
                )
        for weight in quantities.weights(text):
            quantity = Quantity("weight_kg", weight.value, weight.text)
            if weight.kind == "weight_lost_kg":
                index = nearest(weight.start, "weight_loss")
                if index is None:
                    create("weight_loss", weight, quantity)
                    continue
            else:
                index = nearest(weight.start)
            if index is not None:
                findings[index] = _with(findings[index], quantity)
        threshold = self.modifiers.fever_threshold_c
        for reading in quantities.temperatures(text):
            quantity = Quantity("temperature_c", reading.value, reading.text)
            index = nearest(reading.start, "fever")
            if index is None:
                if reading.value >= threshold:
                    create("fever", reading, quantity)
                continue
            finding = _with(findings[index], quantity)
            if finding.text.lower() in _MEASUREMENT_WORDS:
                # A bare "temp" is a measurement: the reading says whether it is a fever.
                finding = replace(finding, negated=reading.value < threshold)
            findings[index] = finding

    def _rated(self, score: float) -> Severity | None:
        level: Severity | None = None
        for name in _SEVERITY_ORDER:
            if score >= self.modifiers.rating_cutpoints[name]:
                level = name
        return level


def _with(finding: Finding, quantity: Quantity) -> Finding:
    return replace(finding, quantities=(*finding.quantities, quantity))


def _as_severity(value: str) -> Severity | None:
    return next((s for s in _SEVERITY_ORDER if s == value), None)


def _as_trend(value: str) -> Trend | None:
    trends: tuple[Trend, ...] = ("better", "same", "worse")
    return next((t for t in trends if t == value), None)


def _longest(matches: Iterable[Match]) -> list[Match]:
    """Leftmost-longest, non-overlapping selection ("feel sick" beats "sick"); blockers win ties."""
    chosen: list[Match] = []
    last_end = -1
    for match in sorted(matches, key=lambda m: (m.first, -m.length, m.kind != "block")):
        if match.first > last_end:
            chosen.append(match)
            last_end = match.last
    return chosen


def _select_mentions(matches: Sequence[Match]) -> list[Match]:
    """Symptom and blocker matches to keep: leftmost-longest, plus a different symptom that
    only partly overlaps a kept one ("my ribs hurt when i breathe in": rib pain and chest pain)."""
    candidates = [m for m in matches if m.kind in {"symptom", "block"}]
    chosen = _longest(candidates)
    kept = {(m.first, m.last, m.value) for m in chosen}
    extra = [
        m
        for m in candidates
        if m.kind == "symptom"
        and (m.first, m.last, m.value) not in kept
        and not any(c.first <= m.first and m.last <= c.last for c in chosen)
        and not any(
            c.first <= m.last and m.first <= c.last and (c.kind == "block" or c.value == m.value)
            for c in chosen
        )
    ]
    return sorted(chosen + _longest(extra), key=lambda m: (m.first, m.last))


def _gap(tokens: Sequence[Token], first: int, last: int, candidate: Match) -> int | None:
    """Words between a span and a candidate in the same sentence (0 inside), else None."""
    if tokens[candidate.first].sentence != tokens[first].sentence:
        return None
    if candidate.last < first:
        return first - candidate.last - 1
    if candidate.first > last:
        return candidate.first - last - 1
    return 0


def _within(
    tokens: Sequence[Token], first: int, last: int, candidates: Sequence[Match], reach: int
) -> list[Match]:
    return [
        c for c in candidates if (gap := _gap(tokens, first, last, c)) is not None and gap <= reach
    ]


def _strongest(candidates: Sequence[Match]) -> Match | None:
    """The most severe of the severity words in reach (never under-read how bad it is)."""
    if not candidates:
        return None
    return max(candidates, key=lambda m: _SEVERITY_ORDER.index(m.value))


def _nearest(
    tokens: Sequence[Token],
    first: int,
    last: int,
    candidates: Sequence[Match],
    reach: int | None,
) -> Match | None:
    """The candidate in the span's sentence closest to it (within ``reach`` words if given)."""
    best: tuple[int, Match] | None = None
    for candidate in candidates:
        gap = _gap(tokens, first, last, candidate)
        if gap is None or (reach is not None and gap > reach):
            continue
        if best is None or gap < best[0]:
            best = (gap, candidate)
    return best[1] if best else None


@cache
def default_reader() -> Reader:
    """The reader over the packaged knowledge base, built once per process."""
    return Reader(kb_symptoms())


def extract(text: str, *, today: date | None = None, writer: Writer = "patient") -> list[Finding]:
    """Findings in a person's own words, in the order written.

    ``today`` anchors "since last Tuesday"; ``writer`` is "patient" (the default: "she" is someone
    else) or "clinician" ("she" is the patient). Raises TextTooLongError over ``MAX_TEXT_CHARS``;
    empty text gives [].
    """
    return default_reader().read(text, today=today, writer=writer)


def assertion(sentence: str, target: str, *, writer: Writer = "patient") -> Assertion:
    """Negation, temporality and experiencer of ``target`` in ``sentence`` (for annotated sets)."""
    return default_reader().assertion(sentence, target, writer=writer)
