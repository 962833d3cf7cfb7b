"""The lexicon: every phrase the reader looks for, compiled into one Aho-Corasick automaton.

Symptom phrasings come from the knowledge base (kb/data/symptoms.yaml) plus the extras in
data/lexicon.yaml; context cues and modifiers come from data/cues.yaml and data/modifiers.yaml.
All are normalised the same way as the input, so one scan of a text finds every phrase.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from mbcwatch.errors import KnowledgeBaseError
from mbcwatch.kb import load_kb
from mbcwatch.nlp.normalise import Normaliser, Token, singular
from mbcwatch.nlp.resources import CueData, LexiconData, ModifierData

# Misspellings are corrected only in longer words, where one slip rarely makes another word:
# one edit from 6 letters, two edits from 9 ("vomitting", "diarhoea").
FUZZY_MIN_LENGTH = 6
FUZZY_TWO_EDITS_LENGTH = 9
# Word ids for the automaton: characters from U+0100 on (thousands of words stay below the
# surrogates at U+D800); U+0020 stands for any word outside the lexicon.
_FIRST_WORD_ID = 0x100
# Phrasings are written as a patient says them ("can't feel my legs"); a carer or a clinician
# writes "his legs", "her legs". Who the words are about is the context's job, not the phrase's.
_POSSESSIVES = ("his", "her", "their", "your")
_UNKNOWN = " "


@dataclass(frozen=True)
class SymptomTerms:
    """What the lexicon needs of one KB symptom: its id, HPO id and lay phrasings."""

    id: str
    hpo: str | None
    phrasings: tuple[str, ...]


class Match(NamedTuple):
    """A phrase found in the token stream: tokens ``first`` to ``last`` inclusive."""

    kind: str
    value: str
    first: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1


def kb_symptoms() -> list[SymptomTerms]:
    """The symptoms of the packaged knowledge base."""
    return [SymptomTerms(s.id, s.hpo, tuple(s.phrasings)) for s in load_kb().symptoms.values()]


def check_extra_ids(extra: LexiconData, symptoms: Iterable[SymptomTerms]) -> None:
    """Every id in data/lexicon.yaml must be a KB symptom id."""
    known = {symptom.id for symptom in symptoms}
    for symptom_id in extra.expanded():
        if symptom_id not in known:
            raise KnowledgeBaseError(
                "not a knowledge-base symptom id (see docs/symptom-ids.md)",
                file="lexicon.yaml",
                record=symptom_id,
                field="phrasings",
            )


class PhraseIndex:
    """All tagged phrases in one automaton; ``find`` returns every (overlapping) match."""

    def __init__(
        self,
        normaliser: Normaliser,
        *,
        symptoms: Sequence[SymptomTerms],
        extra: LexiconData,
        cues: CueData,
        modifiers: ModifierData,
    ) -> None:
        check_extra_ids(extra, symptoms)
        self._normaliser = normaliser
        tags: dict[str, set[tuple[str, str]]] = defaultdict(set)

        def add(kind: str, value: str, phrases: Iterable[str]) -> None:
            for phrase in phrases:
                key = normaliser.phrase(phrase)
                if key:
                    tags[key].add((kind, value))

        extra_phrasings = extra.expanded()
        for symptom in symptoms:
            add("symptom", symptom.id, with_other_possessives(symptom.phrasings))
            add("symptom", symptom.id, with_other_possessives(extra_phrasings.get(symptom.id, ())))
        add("block", "", extra.blockers)
        for category in ("negated", "historical", "hypothetical", "other"):
            cue_set = getattr(cues, category)
            add(f"{category}.pre", category, cue_set.pre)
            add(f"{category}.post", category, cue_set.post)
            add(f"{category}.pseudo", category, cue_set.pseudo)
            add(f"{category}.pronoun", category, cue_set.pronoun)
            add(f"{category}.person", category, cue_set.person)
        add("terminator", "", cues.terminators)
        add("terminator", "pronoun", cues.pronoun_terminators)
        for level, words in modifiers.severity_words.items():
            add("severity", level, words)
        for trend, words in modifiers.trend_words.items():
            add("trend", trend, words)
        add("location", "", modifiers.locations)
        for phrase, days in modifiers.fixed_durations.items():
            add("duration", repr(days), [phrase])
        add("time_unit", "", modifiers.units)
        add("weekday", "", modifiers.weekdays)

        self.symptom_vocabulary = sorted(
            {
                word
                for key, kinds in tags.items()
                if ("symptom" in {k for k, _ in kinds})
                for word in key.split()
            }
        )
        self.known_words = frozenset(word for key in tags for word in key.split()) | frozenset(
            extra.spelling
        )
        # The context-cue kinds ("negated.pre", ...): a text with none of them needs no context.
        self.cue_kinds = frozenset(
            kind for kinds in tags.values() for kind, _ in kinds if "." in kind
        )
        # Each lexicon word becomes one character, so the automaton runs over word ids and a
        # match's end index is its last token's index; a word outside the lexicon becomes
        # _UNKNOWN, which no phrase holds.
        words = sorted({word for key in tags for word in key.split()})
        self._word_ids = {word: chr(_FIRST_WORD_ID + number) for number, word in enumerate(words)}
        self._automaton = ahocorasick.Automaton()
        for key, kinds in tags.items():
            ids = "".join(self._word_ids[word] for word in key.split())
            self._automaton.add_word(ids, (len(ids) - 1, tuple(sorted(kinds))))
        self._automaton.make_automaton()
        self._long_words = [w for w in self.symptom_vocabulary if len(w) >= FUZZY_MIN_LENGTH - 1]
        normaliser.use_fuzzy(self.correct)

    def correct(self, word: str) -> str | None:
        """The lexicon word one slip away from an unknown longer word, if exactly one is."""
        if len(word) < FUZZY_MIN_LENGTH or not word.isalpha() or singular(word) in self.known_words:
            return None
        limit = 2 if len(word) >= FUZZY_TWO_EDITS_LENGTH else 1
        found = process.extract(
            word, self._long_words, scorer=Levenshtein.distance, score_cutoff=limit, limit=2
        )
        if not found or (len(found) > 1 and found[1][1] == found[0][1]):
            return None
        return str(found[0][0])

    def find(self, tokens: Sequence[Token]) -> dict[str, list[Match]]:
        """Every tagged phrase in the token stream, within one sentence, grouped by kind."""
        get = self._word_ids.get
        ids = "".join([get(token[0], _UNKNOWN) for token in tokens])
        by_kind: defaultdict[str, list[Match]] = defaultdict(list)
        new = tuple.__new__  # cheaper than Match(...) in the per-match loop
        for last, (span, kinds) in self._automaton.iter(ids):
            first = last - span
            if span and tokens[first][3] != tokens[last][3]:
                continue  # crosses a sentence end
            for kind, value in kinds:
                by_kind[kind].append(new(Match, (kind, value, first, last)))
        return by_kind


def with_other_possessives(phrases: Iterable[str]) -> list[str]:
    """Each phrase, plus its forms with "my" read as "his", "her", "their" or "your"."""
    out: list[str] = []
    for phrase in phrases:
        out.append(phrase)
        words = phrase.split()
        if "my" in words:
            out.extend(
                " ".join(word if word != "my" else other for word in words)
                for other in _POSSESSIVES
            )
    return out
