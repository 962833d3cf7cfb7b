"""ConText over the lexicon's matches: is a mention negated, someone else's, past or hypothetical?

After Harkema et al. 2009 (ConText) and Chapman et al. 2001 (NegEx): a cue acts forward ("pre")
or backward ("post") on mentions in its sentence, up to a window of words, and stops at a
terminator ("but", "i", "however", ...). Pseudo-cues ("no change", "can't stop") hold a cue word
that negates nothing, so any cue inside them is void; so is any cue inside a symptom phrase
("no appetite" is a symptom, not a negation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mbcwatch.nlp.lexicon import Match
from mbcwatch.nlp.normalise import Token

CATEGORIES = ("negated", "historical", "hypothetical", "other")
_UNCOUNTED = frozenset({",", ":", "/", "&", "+"})


@dataclass(frozen=True, slots=True)
class Cue:
    category: str
    direction: str  # "pre" acts on what follows, "post" on what precedes
    first: int
    last: int


@dataclass(frozen=True)
class ContextFlags:
    """The context of one mention."""

    negated: bool
    historical: bool
    hypothetical: bool
    other: bool


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
    ) -> None:
        self._tokens = tokens
        self._window = window
        self._post_window = post_window
        cue_matches = [m for m in matches if "." in m.kind]
        pseudo = [m for m in cue_matches if m.kind.endswith(".pseudo")]
        self._cues: list[Cue] = []
        for match in cue_matches:
            category, direction = match.kind.split(".")
            if direction == "pseudo":
                continue
            if any(_overlaps(match.first, match.last, f, e) for f, e in targets):
                continue
            if any(
                p.value == category and _overlaps(match.first, match.last, p.first, p.last)
                for p in pseudo
            ):
                continue
            self._cues.append(Cue(category, direction, match.first, match.last))
        covered = [(m.first, m.last) for m in cue_matches] + list(targets)
        self._terminators = sorted(
            m.first
            for m in matches
            if m.kind == "terminator"
            and not any(_overlaps(m.first, m.last, f, e) for f, e in covered)
        )

    def flags(self, first: int, last: int) -> ContextFlags:
        """Which categories reach the mention at tokens ``first``..``last``."""
        found = dict.fromkeys(CATEGORIES, False)
        sentence = self._tokens[first].sentence
        for cue in self._cues:
            if found[cue.category] or self._tokens[cue.first].sentence != sentence:
                continue
            if cue.direction == "pre" and cue.last < first:
                found[cue.category] = self._reaches(cue.last, first, self._window)
            elif cue.direction == "post" and cue.first > last:
                found[cue.category] = self._reaches(last, cue.first, self._post_window)
        return ContextFlags(
            negated=found["negated"],
            historical=found["historical"],
            hypothetical=found["hypothetical"],
            other=found["other"],
        )

    def _reaches(self, left: int, right: int, window: int) -> bool:
        """True when nothing ends the scope between token ``left`` and token ``right``."""
        between = [i for i in range(left + 1, right) if self._tokens[i].norm not in _UNCOUNTED]
        if len(between) > window:
            return False
        return not any(left < t < right for t in self._terminators)
