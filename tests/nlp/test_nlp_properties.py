"""Properties over any text: never a crash, spans always point at the words as written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mbcwatch.contract import MAX_TEXT_CHARS
from mbcwatch.errors import TextTooLongError
from mbcwatch.nlp import extract
from mbcwatch.nlp.extract import default_reader
from mbcwatch.nlp.normalise import blank_english

LAY_WORDS = st.sampled_from(
    [
        *(
            [
                "no",
                "fever",
                "temp",
                "38,2",
                "my",
                "sister",
                "back",
                "pain",
                "since",
                "last",
                "tuesday",
                "not",
                "had",
                "a",
                "seizure",
            ]
        ),
        *(
            [
                "as",
                "child",
                "what",
                "if",
                "jaundice",
                "?",
                ".",
                ",",
                "sick",
                "3",
                "times",
                "today",
                "7/10",
                "100.9F",
                "fortnight",
            ]
        ),
        *(["but", "she", "vomitting", "\n", "🙂", "背中が痛い", "ñ"]),
    ]
)
ANY_TEXT = st.text(max_size=400)
LAY_TEXT = st.lists(LAY_WORDS, max_size=40).map(" ".join)


def _check(text: str) -> None:
    for finding in extract(text):
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        for quantity in finding.quantities:
            assert quantity.text in text


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_text_reads_without_crashing(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(LAY_TEXT)
def test_lay_word_soup_reads_with_spans_inside_the_text(text: str) -> None:
    _check(text)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["\x00", "\x07", "\u200b", "\ufeff", "\r\n", "\t"]), LAY_TEXT)
def test_control_characters_do_not_break_reading(control: str, text: str) -> None:
    _check(control.join([text, text]))


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=1, max_value=500))
def test_over_the_limit_raises(extra: int) -> None:
    with pytest.raises(TextTooLongError):
        extract("x" * (MAX_TEXT_CHARS + extra))


def test_exactly_at_the_limit_reads() -> None:
    _check(("no fever but back pain. " * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS])


# The reader hands spaCy one space-free piece at a time (and reuses the result); spaCy splits
# at whitespace first, so its tokens must be those of the whole text: every word spaCy finds
# is read, and every token read is one spaCy finds.
SPACED_TEXT = st.lists(
    st.one_of(
        LAY_WORDS, st.sampled_from([" ", "  ", "\n", " \n ", "\t", "\u00a0", "can't", "i'm"])
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, LAY_TEXT, SPACED_TEXT))
def test_tokens_are_spacys_tokens_of_the_whole_text(text: str) -> None:
    normaliser = default_reader().normaliser
    spacy_tokens = blank_english().tokenizer(text.replace("\u2019", "'").replace("\u2018", "'"))
    spacy_spans = {(token.idx, token.idx + len(token)) for token in spacy_tokens}
    read_spans = {(token.start, token.end) for token in normaliser.tokens(text)}
    assert read_spans <= spacy_spans
    assert {(t.idx, t.idx + len(t)) for t in spacy_tokens if t.is_alpha} <= read_spans
