"""Words about the body that nothing recognised reach a person today, never 'routine'."""

from __future__ import annotations

import pytest

from mbcwatch import assess
from mbcwatch.vocab import Urgency

CONCERN = "cue.body_change_not_understood@2"


def rules(text: str) -> set[str]:
    return {reason.rule for reason in assess({"text": text}).reasons}


@pytest.mark.parametrize(
    "text",
    [
        "there is a strange bump on my scalp",  # wording no phrasing lists
        "woke up with my jaw feeling strange",
    ],
)
def test_unrecognised_body_words_ask_for_a_call_today(text: str) -> None:
    response = assess({"text": text})
    assert response.urgency.rank >= Urgency.URGENT.rank
    assert CONCERN in {reason.rule for reason in response.reasons}
    assert "not fully understood" in response.advice


@pytest.mark.parametrize(
    "text",
    [
        "what if the cancer has spread to my bones? no symptoms though",
        "no pain at all this week",
        "my mum has a sore hip",
        "feeling good",
    ],
)
def test_hypothetical_negated_or_others_words_do_not_count(text: str) -> None:
    assert CONCERN not in rules(text)


def test_a_sentence_the_reader_understood_is_not_second_guessed() -> None:
    assert CONCERN not in rules("I have had a mild headache for two days")
