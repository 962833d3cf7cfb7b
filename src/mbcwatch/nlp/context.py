"""ConText over the lexicon's matches: is a mention negated, someone else's, past or hypothetical?

After Harkema et al. 2009 (ConText) and Chapman et al. 2001 (NegEx): a cue acts forward ("pre")
or backward ("post") on mentions in its sentence, up to a window of words, and stops at a
terminator ("but", "however", ...). Pseudo-cues ("no change", "can't stop") hold a cue word
that negates nothing, so any cue inside them is void; so is any cue inside a symptom phrase
("no appetite" is a symptom, not a negation).

Who is writing changes who "she" is. In a patient's own words "she", "he" and "my mum" are
someone else, and "I"/"my" start a new clause about the writer; in a clinician's note "she" is the
patient; in a carer's words "she", "he" and family words ("Mum", "my wife") are the patient.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Literal, NamedTuple

from mbcwatch.nlp.lexicon import Match
from mbcwatch.nlp.normalise import Token

Writer = Literal["patient", "carer", "clinician"]
CATEGORIES = ("negated", "historical", "hypothetical", "other")
_UNCOUNTED = frozenset({",", ":", "/", "&", "+"})


class Cue(NamedTuple):
    category: str
    direction: str  # "pre" acts on what follows, "post" on what precedes
    first: int
    last: int
    sentence: int


@dataclass(frozen=True, slots=True)
class ContextFlags:
    """The context of one mention."""

    negated: bool
    historical: bool
    hypothetical: bool
    other: bool


# The sixteen possible contexts, built once and shared (they are immutable), keyed in the
# order of CATEGORIES.
_ALL_FLAGS = {key: ContextFlags(*key) for key in product((False, True), repeat=len(CATEGORIES))}
# What every mention of a text without any cue gets (most texts).
NO_CONTEXT = _ALL_FLAGS[(False, False, False, False)]


class ContextIndex:
    """The cues and terminators of one text (the lexicon's matches by kind), ready to answer
    for any span."""

    def __init__(
        self,
        tokens: Sequence[Token],
        by_kind: Mapping[str, Sequence[Match]],
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
        cue_matches = [m for kind, found in by_kind.items() if "." in kind for m in found]
        if not cue_matches:
            return  # no cue, nothing to work out: every mention is affirmed, current, own
        # Token indices covered by targets and by each category's pseudo-cues: two spans
        # overlap exactly when they share a token.
        in_target: set[int] = set()
        for first, last in targets:
            in_target.update(range(first, last + 1))
        in_pseudo: dict[str, set[int]] = {}
        for match in cue_matches:
            if match.kind.endswith(".pseudo"):
                in_pseudo.setdefault(match.value, set()).update(range(match.first, match.last + 1))
        covered = set(in_target)  # what a terminator inside of does not count
        for match in cue_matches:
            category, _, direction = match.kind.partition(".")
            if direction == "pronoun" and writer != "patient":
                continue
            span = range(match.first, match.last + 1)
            covered.update(span)
            if direction == "pseudo" or not in_target.isdisjoint(span):
                continue
            if direction == "person" and writer == "carer":
                continue  # a carer's "Mum", "my wife": the person cared for, the patient
            if category in in_pseudo and not in_pseudo[category].isdisjoint(span):
                continue
            direction = "pre" if direction in ("pronoun", "person") else direction
            sentence = tokens[match.first].sentence
            self._cues.append(Cue(category, direction, match.first, match.last, sentence))
        if not self._cues:
            return
        for match in by_kind.get("terminator", ()):
            if not covered.isdisjoint(range(match.first, match.last + 1)):
                continue
            if match.value != "pronoun":
                self._terminators.append(match.first)
            elif writer == "patient":
                self._pronouns.append(match.first)
        self._terminators.sort()
        self._pronouns.sort()

    def flags(self, first: int, last: int) -> ContextFlags:
        """Which categories reach the mention at tokens ``first``..``last``."""
        if not self._cues:
            return NO_CONTEXT
        found = dict.fromkeys(CATEGORIES, False)
        sentence = self._tokens[first].sentence
        for cue in self._cues:
            if found[cue.category] or cue.sentence != sentence:
                continue
            if cue.direction == "pre" and cue.last < first:
                found[cue.category] = self._reaches(cue, cue.last, first, self._window)
            elif cue.direction == "post" and cue.first > last:
                found[cue.category] = self._reaches(cue, last, cue.first, self._post_window)
        return _ALL_FLAGS[tuple(found.values())]

    def _reaches(self, cue: Cue, left: int, right: int, window: int) -> bool:
        """True when nothing ends the cue's scope between token ``left`` and token ``right``."""
        if right - left - 1 > window:  # more words between than the window: count them
            tokens = self._tokens
            counted = sum(1 for i in range(left + 1, right) if tokens[i].norm not in _UNCOUNTED)
            if counted > window:
                return False
        if _any_between(self._terminators, left, right):
            return False
        if cue.category == "historical":
            return True
        return not _any_between(self._pronouns, left, right)


def _any_between(positions: list[int], left: int, right: int) -> bool:
    """Whether sorted ``positions`` hold a value strictly between ``left`` and ``right``."""
    at = bisect_right(positions, left)
    return at < len(positions) and positions[at] < right
