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
from mbcwatch.nlp.context import ContextFlags, ContextIndex
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

    def read(self, text: str, *, today: date | None = None) -> list[Finding]:
        _check_length(text)
        if not text.strip():
            return []
        tokens = self.normaliser.tokens(text)
        if not tokens:
            return []
        matches = self.index.find(tokens)
        mentions = _longest(m for m in matches if m.kind in {"symptom", "block"})
        symptoms = [m for m in mentions if m.kind == "symptom"]
        context = ContextIndex(
            tokens,
            matches,
            [(m.first, m.last) for m in mentions],
            window=self.cues.window,
            post_window=self.cues.post_window,
        )
        findings = [
            self._finding(text, tokens, m, context.flags(m.first, m.last)) for m in symptoms
        ]
        findings = self._attach_modifiers(
            tokens, matches, symptoms, findings, today or date.today()
        )
        return self._attach_quantities(text, tokens, symptoms, findings, context)

    def assertion(self, sentence: str, target: str) -> Assertion:
        """Negation, temporality and experiencer of ``target``, a phrase written in ``sentence``."""
        _check_length(sentence)
        at = sentence.lower().find(target.lower())
        tokens = self.normaliser.tokens(sentence)
        if at < 0 or not target.strip() or not tokens:
            return Assertion(negated=False, temporality="current", experiencer="patient")
        inside = [i for i, t in enumerate(tokens) if t.start < at + len(target) and t.end > at]
        if not inside:
            return Assertion(negated=False, temporality="current", experiencer="patient")
        first, last = inside[0], inside[-1]
        context = ContextIndex(
            tokens,
            self.index.find(tokens),
            [(first, last)],
            window=self.cues.window,
            post_window=self.cues.post_window,
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
        symptoms: Sequence[Match],
        findings: list[Finding],
        today: date,
    ) -> list[Finding]:
        severities = _longest(m for m in matches if m.kind == "severity")
        trends = _longest(m for m in matches if m.kind == "trend")
        locations = _longest(m for m in matches if m.kind == "location")
        spans = _longest(m for m in matches if m.kind in {"symptom", "block"})
        occupied = {i for m in spans for i in range(m.first, m.last + 1)}
        severities = [
            m for m in severities if not any(i in occupied for i in range(m.first, m.last + 1))
        ]
        timings = durations(tokens, matches, self.modifiers, today)
        out = []
        for match, finding in zip(symptoms, findings, strict=True):
            sentence = tokens[match.first].sentence
            severity = _nearest(tokens, match, severities, MODIFIER_REACH)
            trend = _nearest(tokens, match, trends, None)
            location = _nearest(tokens, match, locations, MODIFIER_REACH, inside=True)
            timing = [d for d in timings if tokens[d.token].sentence == sentence]
            duration = (
                min(timing, key=lambda d: abs(d.token - match.first)).days if timing else None
            )
            location_text = None
            if location is not None:
                location_text = " ".join(t.norm for t in tokens[location.first : location.last + 1])
            out.append(
                replace(
                    finding,
                    severity=_as_severity(severity.value) if severity else None,
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
        symptoms: Sequence[Match],
        findings: list[Finding],
        context: ContextIndex,
    ) -> list[Finding]:
        starts = [t.start for t in tokens]

        def sentence_at(position: int) -> int:
            return tokens[max(0, bisect.bisect_right(starts, position) - 1)].sentence

        def nearest(position: int, only: str | None = None) -> int | None:
            sentence = sentence_at(position)
            candidates = [
                i
                for i, (m, f) in enumerate(zip(symptoms, findings, strict=True))
                if tokens[m.first].sentence == sentence and (only is None or f.symptom_id == only)
            ]
            if not candidates:
                return None
            return min(candidates, key=lambda i: abs(findings[i].start - position))

        out = list(findings)
        for rating in quantities.ratings(text):
            index = nearest(rating.start)
            if index is not None:
                out[index] = replace(
                    out[index], severity_score=rating.value, severity=self._rated(rating.value)
                )
        for count in quantities.counts(text, self.modifiers.numbers):
            index = nearest(count.start)
            if index is not None:
                out[index] = _with(out[index], Quantity("count_per_day", count.value, count.text))
        for weight in quantities.weights(text):
            quantity = Quantity("weight_kg", weight.value, weight.text)
            index = (
                nearest(weight.start, "weight_loss") if weight.kind == "weight_lost_kg" else None
            )
            index = index if index is not None else nearest(weight.start)
            if index is not None:
                out[index] = _with(out[index], quantity)
            elif weight.kind == "weight_lost_kg":
                out.append(self._created("weight_loss", text, weight, quantity, tokens, context))
        threshold = self.modifiers.fever_threshold_c
        for reading in quantities.temperatures(text):
            quantity = Quantity("temperature_c", reading.value, reading.text)
            index = nearest(reading.start, "fever")
            if index is not None:
                finding = _with(out[index], quantity)
                bare = finding.text.lower() in _MEASUREMENT_WORDS
                if bare and reading.value < threshold and not finding.negated:
                    finding = replace(finding, negated=True)
                elif bare and reading.value >= threshold and finding.negated:
                    finding = replace(finding, negated=False)
                out[index] = finding
            elif reading.value >= threshold:
                out.append(self._created("fever", text, reading, quantity, tokens, context))
        return sorted(out, key=lambda f: (f.start, f.end))

    def _created(
        self,
        symptom_id: str,
        text: str,
        reading: quantities.Reading,
        quantity: Quantity,
        tokens: Sequence[Token],
        context: ContextIndex,
    ) -> Finding:
        """A finding read from a number alone ("39.2c", "lost 6kg"), in its sentence's context."""
        inside = [
            i for i, t in enumerate(tokens) if t.start < reading.end and t.end > reading.start
        ]
        flags = context.flags(inside[0], inside[-1]) if inside else None
        return Finding(
            symptom_id=symptom_id,
            hpo=self.hpo.get(symptom_id),
            text=text[reading.start : reading.end],
            start=reading.start,
            end=reading.end,
            negated=flags.negated if flags else False,
            experiencer="other" if flags and flags.other else "patient",
            temporality=_temporality(flags) if flags else "current",
            quantities=(quantity,),
        )

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


def _nearest(
    tokens: Sequence[Token],
    target: Match,
    candidates: Sequence[Match],
    reach: int | None,
    *,
    inside: bool = False,
) -> Match | None:
    """The candidate in the target's sentence closest to it (within ``reach`` words if given)."""
    sentence = tokens[target.first].sentence
    best: tuple[int, Match] | None = None
    for candidate in candidates:
        if tokens[candidate.first].sentence != sentence:
            continue
        if candidate.last < target.first:
            gap = target.first - candidate.last - 1
        elif candidate.first > target.last:
            gap = candidate.first - target.last - 1
        elif inside:
            gap = 0
        else:
            continue
        if reach is not None and gap > reach:
            continue
        if best is None or gap < best[0]:
            best = (gap, candidate)
    return best[1] if best else None


@cache
def default_reader() -> Reader:
    """The reader over the packaged knowledge base, built once per process."""
    return Reader(kb_symptoms())


def extract(text: str, *, today: date | None = None) -> list[Finding]:
    """Findings in a person's own words, in the order written.

    Raises TextTooLongError over ``MAX_TEXT_CHARS``; empty text gives [].
    """
    return default_reader().read(text, today=today)


def assertion(sentence: str, target: str) -> Assertion:
    """Negation, temporality and experiencer of ``target`` in ``sentence`` (for annotated sets)."""
    return default_reader().assertion(sentence, target)
