"""Free text -> findings: the reader that joins lexicon, context, modifiers and quantities.

    text -> Normaliser (spaCy tokenizer) -> PhraseIndex (one Aho-Corasick scan: symptoms, cues,
    modifiers) -> longest symptom matches -> ContextIndex (negation, experiencer, time)
    -> attach.py (severity, trend, location, duration, numbers) -> Finding

The reader is built once per process (``default_reader``); reading a text is a single pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from mbcwatch.contract import MAX_TEXT_CHARS, Experiencer, Temporality
from mbcwatch.errors import TextTooLongError
from mbcwatch.nlp.attach import (
    MODIFIER_KINDS,
    Draft,
    attach_modifiers,
    attach_quantities,
    longest,
    may_hold_numbers,
    temporality_of,
)
from mbcwatch.nlp.context import NO_CONTEXT, ContextFlags, ContextIndex, Writer
from mbcwatch.nlp.findings import Finding
from mbcwatch.nlp.lexicon import Match, PhraseIndex, SymptomTerms, kb_symptoms
from mbcwatch.nlp.normalise import Normaliser, blank_english
from mbcwatch.nlp.quantities import count_pattern
from mbcwatch.nlp.resources import cue_data, lexicon_data, modifier_data
from mbcwatch.nlp.timing import TIME_KINDS, Duration, durations

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Assertion:
    """The context of one target phrase in one sentence."""

    negated: bool
    temporality: Temporality
    experiencer: Experiencer


def _check_length(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLongError(
            f"text: longer than the limit of {MAX_TEXT_CHARS} characters ({len(text)})",
            field="text",
        )


def _no_context(first: int, last: int) -> ContextFlags:
    """The flags of any span in a text without context cues."""
    return NO_CONTEXT


def select_mentions(matches: Sequence[Match]) -> list[Match]:
    """Symptom and blocker matches to keep: leftmost-longest, plus a different symptom that
    only partly overlaps a kept one ("my ribs hurt when i breathe in": rib pain and chest pain)."""
    chosen = longest(matches)
    if len(matches) == len(chosen):
        return chosen
    # Chosen spans never overlap, so a token has at most one owner, and a match lies inside a
    # chosen span exactly when its first and last tokens have the same owner (most left-out
    # matches: "pain" inside "back pain"); checked per match with two look-ups, not a loop.
    owner: dict[int, int] = {}
    for number, c in enumerate(chosen):
        for i in range(c.first, c.last + 1):
            owner[i] = number
    extra = [
        m
        for m in matches
        if m.kind == "symptom"
        and owner.get(m.first, -1) != owner.get(m.last, -2)
        and not any(
            c.first <= m.last and m.first <= c.last and (c.kind == "block" or c.value == m.value)
            for c in chosen
        )
    ]
    if not extra:
        return chosen  # already in order: longest() keeps matches by increasing start
    return sorted(chosen + longest(extra), key=lambda m: (m.first, m.last))


class Reader:
    """Reads free text into findings; safe to call repeatedly."""

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
        self.count_pattern = count_pattern(self.modifiers.numbers)

    def read(
        self, text: str, *, today: date | None = None, writer: Writer = "patient"
    ) -> list[Finding]:
        if len(text) > MAX_TEXT_CHARS:
            _check_length(text)
        tokens = self.normaliser.tokens(text)
        if not tokens:
            return []
        by_kind = self.index.find(tokens)
        numbers = may_hold_numbers(text)
        if "symptom" not in by_kind and not numbers:
            return []  # no symptom words and no number that could make one
        symptoms = by_kind.get("symptom", [])
        if "block" in by_kind:
            mentions = select_mentions(symptoms + by_kind["block"])
        elif len(symptoms) > 1:
            mentions = select_mentions(symptoms)
        else:
            mentions = symptoms  # one phrase (or none), nothing to choose between
        flags: Callable[[int, int], ContextFlags] = _no_context
        if not self.index.cue_kinds.isdisjoint(by_kind):
            flags = ContextIndex(
                tokens,
                by_kind,
                [(m.first, m.last) for m in mentions],
                window=self.cues.window,
                post_window=self.cues.post_window,
                writer=writer,
            ).flags
        drafts = [
            Draft(
                m.value,
                m.first,
                m.last,
                tokens[m.first].start,
                tokens[m.last].end,
                flags(m.first, m.last),
            )
            for m in mentions
            if m.kind == "symptom"
        ]
        if numbers:
            attach_quantities(text, tokens, drafts, flags, self.modifiers, self.count_pattern)
        if not drafts:
            return []
        has_digits = numbers and _DIGIT.search(text) is not None
        timings: list[Duration] = []
        if has_digits or not TIME_KINDS.isdisjoint(by_kind):
            timings = durations(
                tokens, by_kind, self.modifiers, today or date.today(), has_digits=has_digits
            )
        if timings or not MODIFIER_KINDS.isdisjoint(by_kind):
            attach_modifiers(drafts, tokens, by_kind, timings)
        if len(drafts) > 1:
            drafts.sort(key=lambda d: (d.start, d.end))
        hpo = self.hpo.get
        return [draft.finding(text, hpo(draft.symptom_id)) for draft in drafts]

    def assertion(self, sentence: str, target: str, *, writer: Writer = "patient") -> Assertion:
        """Negation, temporality and experiencer of ``target``, a phrase written in ``sentence``."""
        _check_length(sentence)
        # Annotated sets write the target in upper case; prefer that occurrence.
        at = sentence.find(target.upper())
        at = at if at >= 0 else sentence.lower().find(target.lower())
        tokens = self.normaliser.tokens(sentence)
        inside = [i for i, t in enumerate(tokens) if t.start < at + len(target) and t.end > at]
        if at < 0 or not target.strip() or not inside:
            return Assertion(negated=False, temporality="current", experiencer="patient")
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
            temporality=temporality_of(flags),
            experiencer="other" if flags.other else "patient",
        )


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
