"""The reader's data files load, are checked, and refuse what does not fit."""

from __future__ import annotations

import pytest

from mbcwatch.errors import KnowledgeBaseError
from mbcwatch.kb import load_kb
from mbcwatch.nlp.lexicon import SymptomTerms, check_extra_ids, kb_symptoms
from mbcwatch.nlp.resources import cue_data, lexicon_data, modifier_data


def test_every_extra_phrasing_is_keyed_by_a_kb_symptom_id() -> None:
    assert set(lexicon_data().phrasings) <= set(load_kb().symptoms)


def test_an_unknown_symptom_id_in_the_extras_is_refused() -> None:
    with pytest.raises(KnowledgeBaseError, match=r"lexicon\.yaml"):
        check_extra_ids(lexicon_data(), [SymptomTerms("fever", None, ("fever",))])


def test_the_lexicon_is_built_from_the_kb_phrasings() -> None:
    assert {s.id for s in kb_symptoms()} == set(load_kb().symptoms)


def test_cue_lists_hold_every_category() -> None:
    cues = cue_data()
    for category in (cues.negated, cues.historical, cues.hypothetical, cues.other):
        assert category.pre
    assert "but" in cues.terminators


def test_fever_threshold_is_sourced() -> None:
    modifiers = modifier_data()
    assert modifiers.fever_threshold_c == 37.5  # UKONS; agrees with the triage rules
    assert "NICE" in modifiers.fever_threshold_source


def test_severity_cutpoints_rise_with_severity() -> None:
    cut = modifier_data().rating_cutpoints
    assert cut["mild"] < cut["moderate"] < cut["severe"] < cut["very_severe"]
