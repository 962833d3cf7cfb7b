"""Text -> normalised tokens with their character offsets in the original text.

Lay writing varies in surface form, not meaning: "Headaches", "head aches", "can't", "cant" and
"vomitting" should all meet the same lexicon entry. Every token keeps the span it came from, so
a finding always points at the words as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import NamedTuple

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language

SENTENCE_ENDS = frozenset({".", "!", "?", ";", "…", "..", "...", "!!", "??", "?!", "!?"})
SKIPPED = frozenset({"-", "\u2014", "\u2013", "_", '"', "*", "(", ")", "[", "]", "~", "'"})
# What a raw token is, decided once per distinct token.
_WORD, _BREAK, _SKIP, _LIST_MARK = range(4)
# A piece of a chunk: offset in the chunk, length, kind, normalised forms.
_Piece = tuple[int, int, int, tuple[str, ...]]
# Runs of whitespace and runs of anything else: what spaCy's tokenizer works on.
_RUNS = re.compile(r"\s+|\S+")
_YEAR = re.compile(r"^(19|20)\d\d$")
YEAR = "yyyy"  # what any year becomes, so one cue "in yyyy" covers "in 2015"
# Words ending in these letters are not plurals ("nauseous", "numbness", "pelvis", "virus").
_NOT_PLURAL = ("ss", "us", "is", "ous", "'s")


class Token(NamedTuple):
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
        # Whitespace-delimited chunk -> its classified pieces, per fuzzy setting.
        self._cache: dict[str, str | tuple[_Piece, ...]] = {}
        self._plain_cache: dict[str, str | tuple[_Piece, ...]] = {}

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
        cache = self._cache if fuzzy else self._plain_cache
        out: list[Token] = []
        append = out.append
        new = tuple.__new__  # a third of the cost of Token(...): this loop runs per word
        get = cache.get
        sentence = 0
        open_sentence = False  # whether the current sentence has a word yet
        position = 0
        # Split at single spaces (C speed); a piece holding other whitespace ("a\nb") or
        # nothing (two spaces) is split further, once, by _split.
        for chunk in clean.split(" "):
            entry = get(chunk)
            if entry is None:
                entry = self._split(chunk, fuzzy=fuzzy)
                if len(cache) < 200_000:
                    cache[chunk] = entry
            if isinstance(entry, str):  # most chunks: one word, one form
                end = position + len(chunk)
                append(new(Token, (entry, position, end, sentence)))
                open_sentence = True
                position = end + 1
                continue
            for offset, length, kind, forms in entry:
                if kind == _WORD:
                    start = position + offset
                    end = start + length
                    for norm in forms:
                        append(new(Token, (norm, start, end, sentence)))
                    open_sentence = True
                elif kind == _BREAK:
                    if open_sentence:
                        sentence += 1
                        open_sentence = False
                elif kind == _LIST_MARK and out and out[-1].norm.isdigit():
                    # "1) ... 2) ..." numbers a list: each item is its own sentence.
                    out.pop()
                    sentence += 1
                    open_sentence = False
            position += len(chunk) + 1
        return out

    def _split(self, chunk: str, *, fuzzy: bool) -> str | tuple[_Piece, ...]:
        """spaCy's tokens of a space-free piece of text, classified (skipped ones dropped).

        spaCy splits text at whitespace first and tokenises each run on its own, so the
        tokens of a piece are worked out once and reused wherever it is written again.
        """
        pieces: list[_Piece] = []
        at = 0
        for run in _RUNS.findall(chunk):
            if run.isspace():
                if "\n" in run:
                    pieces.append((at, len(run), _BREAK, ()))
            else:
                for start, length in self._tokenizer(run).to_array([IDX, LENGTH]).tolist():
                    kind, forms = self._classify(run[start : start + length], fuzzy=fuzzy)
                    if kind != _SKIP:
                        pieces.append((at + start, length, kind, forms))
            at += len(run)
        if len(pieces) == 1 and pieces[0][:3] == (0, len(chunk), _WORD) and len(pieces[0][3]) == 1:
            return pieces[0][3][0]  # the piece is one word with one form: just that form
        return tuple(pieces)

    def _classify(self, raw: str, *, fuzzy: bool) -> tuple[int, tuple[str, ...]]:
        if raw.isspace():
            return (_BREAK if "\n" in raw else _SKIP), ()
        lower = raw.lower()
        if lower in SENTENCE_ENDS or (lower[0] in ".!?" and not lower.strip(".!?")):
            return _BREAK, ()
        if lower == ")":
            return _LIST_MARK, ()
        if lower in SKIPPED:
            return _SKIP, ()
        return _WORD, self._compute(lower, fuzzy=fuzzy)

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
