"""ConText over the lexicon's matches: is a mention negated, someone else's, past or hypothetical?

After Harkema et al. 2009 (ConText) and Chapman et al. 2001 (NegEx): a cue acts forward ("pre")
or backward ("post") on mentions in its sentence, up to a window of words, and stops at a
terminator ("but", "however", ...). Pseudo-cues ("no change", "can't stop") hold a cue word
that negates nothing, so any cue inside them is void; so is any cue inside a symptom phrase
("no appetite" is a symptom, not a negation).

Who is writing changes two things. In a patient's own words "she" and "he" are someone else, and
"I"/"my" start a new clause about the writer; in a clinician's note "she" is the patient.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from mbcwatch.nlp.lexicon import Match
from mbcwatch.nlp.normalise import Token

Writer = Literal["patient", "clinician"]
CATEGORIES = ("negated", "historical", "hypothetical", "other")
_UNCOUNTED = frozenset({",", ":", "/", "&", "+"})


@dataclass(frozen=True, slots=True)
class Cue:
    category: str
    direction: str  # "pre" acts on what follows, "post" on what precedes
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class ContextFlags:
    """The context of one mention."""

    negated: bool
    historical: bool
    hypothetical: bool
    other: bool


# What every mention of a text without any cue gets (most texts): shared, as it is immutable.
NO_CONTEXT = ContextFlags(negated=False, historical=False, hypothetical=False, other=False)


def _overlaps(a_first: int, a_last: int, b_first: int, b_last: int) -> bool:
    return a_first <= b_last and b_first <= a_last


class ContextIndex:
    """The cues and terminators of one text, ready to answer for any span."""

    def __init__(
        self,
        tokens: Sequence[Token],
        matches: Sequence[Match],
        targets: Sequence[tuple[int, int]],
        *,
        window: int,
        post_window: int,
        writer: Writer = "patient",
    ) -> None:
        self._tokens = tokens
        self._window = window
        self._post_window = post_window
        self._cues: list[Cue] = []
        self._terminators: list[int] = []
        self._pronouns: list[int] = []
        cue_matches = [m for m in matches if "." in m.kind]
        if not cue_matches:
            return  # no cue, nothing to work out: every mention is affirmed, current, own
        pseudo = [m for m in cue_matches if m.kind.endswith(".pseudo")]
        for match in cue_matches:
            category, direction = match.kind.split(".")
            if direction == "pseudo" or (direction == "pronoun" and writer != "patient"):
                continue
            if any(_overlaps(match.first, match.last, f, e) for f, e in targets):
                continue
            if any(
                p.value == category and _overlaps(match.first, match.last, p.first, p.last)
                for p in pseudo
            ):
                continue
            direction = "pre" if direction == "pronoun" else direction
            self._cues.append(Cue(category, direction, match.first, match.last))
        active = [
            m for m in cue_matches if not (m.kind.endswith(".pronoun") and writer != "patient")
        ]
        covered = [(m.first, m.last) for m in active] + list(targets)
        terminators = [
            m
            for m in matches
            if m.kind == "terminator"
            and not any(_overlaps(m.first, m.last, f, e) for f, e in covered)
        ]
        self._terminators = sorted(m.first for m in terminators if m.value != "pronoun")
        pronouns = [m.first for m in terminators if m.value == "pronoun"]
        self._pronouns = sorted(pronouns) if writer == "patient" else []

    def flags(self, first: int, last: int) -> ContextFlags:
        """Which categories reach the mention at tokens ``first``..``last``."""
        if not self._cues:
            return NO_CONTEXT
        found = dict.fromkeys(CATEGORIES, False)
        sentence = self._tokens[first].sentence
        for cue in self._cues:
            if found[cue.category] or self._tokens[cue.first].sentence != sentence:
                continue
            if cue.direction == "pre" and cue.last < first:
                found[cue.category] = self._reaches(cue, cue.last, first, self._window)
            elif cue.direction == "post" and cue.first > last:
                found[cue.category] = self._reaches(cue, last, cue.first, self._post_window)
        return ContextFlags(
            negated=found["negated"],
            historical=found["historical"],
            hypothetical=found["hypothetical"],
            other=found["other"],
        )

    def _reaches(self, cue: Cue, left: int, right: int, window: int) -> bool:
        """True when nothing ends the cue's scope between token ``left`` and token ``right``."""
        counted = sum(1 for i in range(left + 1, right) if self._tokens[i].norm not in _UNCOUNTED)
        if counted > window:
            return False
        if any(left < t < right for t in self._terminators):
            return False
        if cue.category == "historical":
            return True
        return not any(left < t < right for t in self._pronouns)
