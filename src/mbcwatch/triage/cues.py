"""Words that raise the level without naming a symptom: severe but unrecognised, or very worried.

"Worst pain ever", "I collapsed", "something is really wrong": the symptom reader may not map these
to a knowledge-base symptom, yet they must never be met with reassurance. Each cue is data
(``data/cues.yaml``) with the urgency it sets and its sources. A cue only counts when it applies to
the person now: the caller passes the reader's context check (negation, experiencer, time) for the
cue's sentence, and hypothetical markers from the same file, shortly before the cue in its
sentence, block it too ("what if I can't breathe one day?").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mbcwatch.errors import RuleError, did_you_mean
from mbcwatch.kb import KnowledgeBase
from mbcwatch.vocab import Urgency

CUES_FILE = "cues.yaml"
AppliesNow = Callable[[str, str], bool]
_SENTENCE_END = re.compile(r"[.!?;\n]")
_WORD = re.compile(r"[a-z']+")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cue(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    kind: Literal["unrecognised_severe", "unrecognised_concern", "worry"]
    phrases: list[str] = Field(min_length=1)
    urgency: Urgency
    explanation: str
    sources: list[str] = Field(min_length=1)

    @property
    def ref(self) -> str:
        return f"cue.{self.id}@{self.version}"


class Blockers(_Strict):
    """Hypothetical markers that stop a cue when they come shortly before it in its sentence."""

    window_words: int = Field(ge=1, le=12)
    hypothetical: list[str] = Field(min_length=1)


class CueFile(_Strict):
    blockers: Blockers
    cues: list[Cue]


@dataclass(frozen=True)
class CueMatch:
    """A cue found in the text, with the words as written."""

    cue: Cue
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class CueBook:
    blockers: Blockers
    cues: tuple[Cue, ...]
    patterns: tuple[tuple[Cue, re.Pattern[str]], ...]

    def scan(
        self, text: str, applies: AppliesNow, understood: Sequence[tuple[int, int]] = ()
    ) -> list[CueMatch]:
        """Every cue that applies now, in order of position (the first such phrase per cue).

        ``applies(sentence, phrase)`` is the reader's context check: False when the phrase is
        negated, about someone else, past or hypothetical in that sentence. ``understood`` holds
        the character spans the reader recognised: an ``unrecognised_concern`` cue counts only
        in a sentence where nothing was recognised.
        """
        lowered = text.lower().replace("\u2019", "'")
        found: list[CueMatch] = []
        for cue, pattern in self.patterns:
            for match in pattern.finditer(lowered):
                start, end = match.span()
                sentence_start = max(
                    (m.end() for m in _SENTENCE_END.finditer(lowered, 0, start)), default=0
                )
                ending = _SENTENCE_END.search(lowered, end)
                sentence_end = ending.start() if ending else len(text)
                sentence = text[sentence_start:sentence_end]
                if cue.kind == "unrecognised_concern" and any(
                    first < sentence_end and sentence_start < last for first, last in understood
                ):
                    continue
                # The low-confidence concern cue is blocked by a marker anywhere before it.
                reach = None if cue.kind == "unrecognised_concern" else self.blockers.window_words
                if self._hypothetical(lowered[sentence_start:start], reach):
                    continue
                if applies(sentence, text[start:end]):
                    found.append(CueMatch(cue, text[start:end], start, end))
                    break
        return sorted(found, key=lambda m: (m.start, m.cue.id))

    def _hypothetical(self, before_in_sentence: str, reach: int | None) -> bool:
        words = _WORD.findall(before_in_sentence)
        before = words if reach is None else words[-reach:]
        window = " " + " ".join(before) + " "
        return any(f" {marker} " in window for marker in self.blockers.hypothetical)


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    words = sorted((re.escape(p.lower()) for p in phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(words) + r")\b")


def compile_cues(raw: bytes | str, kb: KnowledgeBase) -> CueBook:
    """Parse and check the cue file; unknown sources are a RuleError naming the cue."""
    try:
        parsed = CueFile.model_validate(yaml.safe_load(raw))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(f"{CUES_FILE}: {exc}") from None
    for cue in parsed.cues:
        for position, source in enumerate(cue.sources):
            if source not in kb.sources:
                raise RuleError(
                    f"cue {cue.id!r}, field 'sources.{position}': unknown source {source!r}"
                    + did_you_mean(source, list(kb.sources))
                )
    patterns = tuple((cue, _pattern(cue.phrases)) for cue in parsed.cues)
    return CueBook(parsed.blockers, tuple(parsed.cues), patterns)


@cache
def load_cues() -> CueBook:
    from mbcwatch.kb import load_kb

    raw = resources.files("mbcwatch.triage").joinpath("data", CUES_FILE).read_bytes()
    return compile_cues(raw, load_kb())
