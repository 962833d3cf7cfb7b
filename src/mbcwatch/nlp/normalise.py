"""Text -> normalised tokens with their character offsets in the original text.

Lay writing varies in surface form, not meaning: "Headaches", "head aches", "can't", "cant" and
"vomitting" should all meet the same lexicon entry. Every token keeps the span it came from, so
a finding always points at the words as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import spacy
from spacy.language import Language

SENTENCE_ENDS = frozenset({".", "!", "?", ";", "…", "..", "...", "!!", "??", "?!", "!?"})
SKIPPED = frozenset({"-", "\u2014", "\u2013", "_", '"', "*", "(", ")", "[", "]", "~", "'"})
_YEAR = re.compile(r"^(19|20)\d\d$")
YEAR = "yyyy"  # what any year becomes, so one cue "in yyyy" covers "in 2015"
# Words ending in these letters are not plurals ("nauseous", "numbness", "pelvis", "virus").
_NOT_PLURAL = ("ss", "us", "is", "ous", "'s")


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised word: ``norm`` is matched, ``start``/``end`` index the original text."""

    norm: str
    start: int
    end: int
    sentence: int


def blank_english() -> Language:
    """spaCy's rule-based English tokenizer; no trained model is needed or downloaded."""
    return spacy.blank("en")


def singular(word: str) -> str:
    """Drop a trailing plural 's' so "headaches" meets "headache" (applied to both sides)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_PLURAL):
        return word[:-1]
    return word


class Normaliser:
    """Tokenises with spaCy and maps each token to its matching form."""

    def __init__(
        self,
        nlp: Language,
        *,
        spelling: Mapping[str, str],
        contractions: Mapping[str, str],
        fuzzy: Callable[[str], str | None] | None = None,
    ) -> None:
        self._tokenizer = nlp.tokenizer
        self._spelling = {key.lower(): value.lower().split() for key, value in spelling.items()}
        self._contractions = {key.lower(): value.lower() for key, value in contractions.items()}
        self._fuzzy = fuzzy
        self._cache: dict[str, tuple[str, ...]] = {}

    def use_fuzzy(self, fuzzy: Callable[[str], str | None]) -> None:
        """Correct unknown words with ``fuzzy`` from now on (set once the vocabulary is known)."""
        self._fuzzy = fuzzy
        self._cache.clear()

    def phrase(self, text: str) -> str:
        """The matching form of a lexicon phrase or cue: normalised words joined by spaces."""
        return " ".join(token.norm for token in self.tokens(text, fuzzy=False))

    def tokens(self, text: str, *, fuzzy: bool = True) -> list[Token]:
        # Curly quotes become straight ones; the text keeps its length, so offsets stay valid.
        clean = text.replace("\u2019", "'").replace("\u2018", "'")
        out: list[Token] = []
        sentence = 0
        for spacy_token in self._tokenizer(clean):
            raw = spacy_token.text
            if spacy_token.is_space:
                if "\n" in raw and out and out[-1].sentence == sentence:
                    sentence += 1
                continue
            lower = raw.lower()
            if lower in SENTENCE_ENDS or (lower[0] in ".!?" and not lower.strip(".!?")):
                if out and out[-1].sentence == sentence:
                    sentence += 1
                continue
            if lower == ")" and out and out[-1].norm.isdigit():
                # "1) ... 2) ..." numbers a list: each item is its own sentence.
                out.pop()
                sentence += 1
                continue
            if lower in SKIPPED:
                continue
            start = spacy_token.idx
            end = start + len(raw)
            for norm in self._normal_forms(lower, fuzzy=fuzzy):
                out.append(Token(norm, start, end, sentence))
        return out

    def _normal_forms(self, lower: str, *, fuzzy: bool) -> tuple[str, ...]:
        key = lower if fuzzy else "\0" + lower
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        forms = self._compute(lower, fuzzy=fuzzy)
        if len(self._cache) < 200_000:
            self._cache[key] = forms
        return forms

    def _compute(self, lower: str, *, fuzzy: bool) -> tuple[str, ...]:
        if lower in self._contractions:
            return (self._contractions[lower],)
        if _YEAR.match(lower):
            return (YEAR,)
        words = self._spelling.get(lower)
        if words is None:
            words = self._spelling.get(singular(lower))
        if words is None and fuzzy and self._fuzzy is not None:
            corrected = self._fuzzy(lower)
            words = [corrected] if corrected else None
        if words is None:
            words = [lower]
        return tuple(singular(word) for word in words)
