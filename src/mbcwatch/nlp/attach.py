"""Attach what surrounds a mention to it: severity, trend, location, duration and numbers.

Works on mutable drafts (one per mention) so each Finding is built once, at the end.
Fever from a reading: a temperature joins a `fever` mention in its sentence; with none, a
reading at or above the threshold in data/modifiers.yaml creates one. A bare "temp 37.1" (the
word alone, reading below the threshold) is read as a negated `fever` carrying its reading, so
the value is always visible and the clinical decision stays with triage. "Lost 6kg" with no
weight-loss words creates a `weight_loss` mention.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mbcwatch.contract import Severity, Temporality, Trend
from mbcwatch.nlp import quantities
from mbcwatch.nlp.context import ContextFlags
from mbcwatch.nlp.findings import Finding, Quantity, new_finding
from mbcwatch.nlp.lexicon import Match
from mbcwatch.nlp.normalise import Token
from mbcwatch.nlp.resources import ModifierData
from mbcwatch.nlp.timing import Duration

# How far (in words) a severity word or location may sit from the mention it describes.
MODIFIER_REACH = 4
SEVERITY_ORDER: tuple[Severity, ...] = ("mild", "moderate", "severe", "very_severe")
TRENDS: tuple[Trend, ...] = ("better", "same", "worse")
# Words that name a measurement rather than a fever ("temp 37.1").
_MEASUREMENT_WORDS = frozenset({"temp", "temperature", "temperatures"})
_DIGIT = re.compile(r"\d")


def may_hold_numbers(text: str) -> bool:
    """False only when no number family can match: no digit and no counting word.

    Substring checks: one case-insensitive regex alternation costs more than all the rest of
    the number reading."""
    if _DIGIT.search(text) is not None or not text.isascii():
        return True  # non-ASCII: regex case folding (dotless i, long s) goes beyond lower()
    lower = text.lower()
    return "time" in lower or "twice" in lower or "once" in lower or "thrice" in lower


# Kinds of lexicon match that attach_modifiers reads.
MODIFIER_KINDS = frozenset({"severity", "trend", "location"})


def temporality_of(flags: ContextFlags) -> Temporality:
    if flags.hypothetical:
        return "hypothetical"
    if flags.historical:
        return "historical"
    return "current"


@dataclass(slots=True)
class Draft:
    """A mention being read; becomes a Finding once everything is attached."""

    symptom_id: str
    first: int
    last: int
    start: int
    end: int
    flags: ContextFlags
    severity: Severity | None = None
    severity_score: float | None = None
    duration_days: float | None = None
    trend: Trend | None = None
    location: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    negated: bool | None = None  # set when a reading overrides the words ("temp 36.8")

    def finding(self, text: str, hpo: str | None) -> Finding:
        flags = self.flags
        # Positional: the Finding field order (keywords cost a third more, once per mention).
        return new_finding(
            self.symptom_id,
            hpo,
            text[self.start : self.end],
            self.start,
            self.end,
            flags.negated if self.negated is None else self.negated,
            "other" if flags.other else "patient",
            temporality_of(flags),
            self.severity,
            self.severity_score,
            self.duration_days,
            self.trend,
            self.location,
            tuple(self.quantities),
        )


def longest(matches: Sequence[Match]) -> list[Match]:
    """Leftmost-longest, non-overlapping selection ("feel sick" beats "sick"); blockers win ties."""
    if len(matches) < 2:
        return list(matches)
    chosen: list[Match] = []
    last_end = -1
    # (first, first - last) orders by start, then longest first; tuple indexes, as this runs
    # for every text with more than one phrase.
    for match in sorted(matches, key=lambda m: (m[2], m[2] - m[3], m[0] != "block")):
        if match.first > last_end:
            chosen.append(match)
            last_end = match.last
    return chosen


def _gap(tokens: Sequence[Token], first: int, last: int, candidate: Match) -> int | None:
    """Words between a span and a candidate in the same sentence (0 inside), else None."""
    if tokens[candidate.first].sentence != tokens[first].sentence:
        return None
    if candidate.last < first:
        return first - candidate.last - 1
    if candidate.first > last:
        return candidate.first - last - 1
    return 0


def _nearest(
    tokens: Sequence[Token], draft: Draft, candidates: Sequence[Match], reach: int | None
) -> Match | None:
    best: tuple[int, Match] | None = None
    for candidate in candidates:
        gap = _gap(tokens, draft.first, draft.last, candidate)
        if gap is None or (reach is not None and gap > reach):
            continue
        if best is None or gap < best[0]:
            best = (gap, candidate)
    return best[1] if best else None


def attach_modifiers(
    drafts: Sequence[Draft],
    tokens: Sequence[Token],
    by_kind: dict[str, list[Match]],
    timings: Sequence[Duration],
) -> None:
    if not timings and MODIFIER_KINDS.isdisjoint(by_kind):
        return
    severities: list[Match] = []
    if "severity" in by_kind:
        occupied = {i for d in drafts for i in range(d.first, d.last + 1)}
        # A severity word inside a symptom phrase counts only when it is strong ("killing me"),
        # so "bad back" does not read as a moderate severity.
        severities = [
            m
            for m in longest(by_kind["severity"])
            if m.value in {"severe", "very_severe"}
            or not any(i in occupied for i in range(m.first, m.last + 1))
        ]
    trends = longest(by_kind["trend"]) if "trend" in by_kind else []
    locations = longest(by_kind["location"]) if "location" in by_kind else []
    with_mentions = {tokens[d.first].sentence for d in drafts} if timings else set()
    for draft in drafts:
        sentence = tokens[draft.first].sentence
        if severities and draft.severity is None:
            near = [
                m
                for m in severities
                if (gap := _gap(tokens, draft.first, draft.last, m)) is not None
                and gap <= MODIFIER_REACH
            ]
            if near:
                # The strongest word in reach: never under-read how bad it is.
                draft.severity = SEVERITY_ORDER[max(_severity_rank(m.value) for m in near)]
        if trends:
            trend = _nearest(tokens, draft, trends, None)
            draft.trend = next((t for t in TRENDS if trend and t == trend.value), None)
        if locations:
            location = _nearest(tokens, draft, locations, MODIFIER_REACH)
            if location is not None:
                draft.location = " ".join(
                    [t.norm for t in tokens[location.first : location.last + 1]]
                )
        if timings:
            timing = [d for d in timings if tokens[d.token].sentence == sentence]
            if not timing and sentence + 1 not in with_mentions:
                # "Back pain, worse lying flat. Had it about 10 days."
                timing = [d for d in timings if tokens[d.token].sentence == sentence + 1]
            if timing:
                draft.duration_days = min(timing, key=lambda d: abs(d.token - draft.first)).days


def _severity_rank(value: str) -> int:
    return next(i for i, level in enumerate(SEVERITY_ORDER) if level == value)


def rated(score: float, cutpoints: dict[str, float]) -> Severity | None:
    """The severity a 0-10 rating falls in (cut-points from data/modifiers.yaml)."""
    level: Severity | None = None
    for name in SEVERITY_ORDER:
        if score >= cutpoints[name]:
            level = name
    return level


def attach_quantities(
    text: str,
    tokens: Sequence[Token],
    drafts: list[Draft],
    flags_for: Callable[[int, int], ContextFlags],
    modifiers: ModifierData,
    count_pattern: re.Pattern[str],
) -> None:
    """Attach numbers to drafts in place; may add `fever` or `weight_loss` drafts from numbers.

    The caller skips this when ``may_hold_numbers(text)`` is False."""
    ratings = quantities.ratings(text)
    counts = quantities.counts(text, modifiers.numbers, count_pattern)
    weights = quantities.weights(text)
    temperatures = quantities.temperatures(text)
    if not (ratings or counts or weights or temperatures):
        return
    starts = [t.start for t in tokens]

    def nearest(position: int, only: str | None = None) -> Draft | None:
        sentence = tokens[max(0, bisect.bisect_right(starts, position) - 1)].sentence
        candidates = [
            d
            for d in drafts
            if tokens[d.first].sentence == sentence and (only is None or d.symptom_id == only)
        ]
        return min(candidates, key=lambda d: abs(d.start - position)) if candidates else None

    def create(symptom_id: str, reading: quantities.Reading, quantity: Quantity) -> None:
        inside = [
            i for i, t in enumerate(tokens) if t.start < reading.end and t.end > reading.start
        ]
        if inside:
            flags = flags_for(inside[0], inside[-1])
            draft = Draft(symptom_id, inside[0], inside[-1], reading.start, reading.end, flags)
            draft.quantities.append(quantity)
            drafts.append(draft)

    for rating in ratings:
        draft = nearest(rating.start)
        if draft is not None:
            draft.severity_score = rating.value
            draft.severity = rated(rating.value, modifiers.rating_cutpoints)
    for count in counts:
        draft = nearest(count.start)
        if draft is not None:
            draft.quantities.append(Quantity("count_per_day", count.value, count.text))
    for weight in weights:
        quantity = Quantity("weight_kg", weight.value, weight.text)
        lost = weight.kind == "weight_lost_kg"
        draft = nearest(weight.start, "weight_loss" if lost else None)
        if draft is not None:
            draft.quantities.append(quantity)
        elif lost:
            create("weight_loss", weight, quantity)
    threshold = modifiers.fever_threshold_c
    for reading in temperatures:
        quantity = Quantity("temperature_c", reading.value, reading.text)
        draft = nearest(reading.start, "fever")
        if draft is not None and any(q.kind == "temperature_c" for q in draft.quantities):
            draft = None  # "38.9 at 2am ... now 37.6": each reading is its own mention
        if draft is None:
            if reading.value >= threshold:
                create("fever", reading, quantity)
            continue
        draft.quantities.append(quantity)
        if text[draft.start : draft.end].lower() in _MEASUREMENT_WORDS:
            # A bare "temp" is a measurement: the reading says whether it is a fever.
            draft.negated = reading.value < threshold
