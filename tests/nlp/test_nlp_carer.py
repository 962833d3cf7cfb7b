"""Who "Mum" and "she" are depends on who writes: a carer writes about the patient."""

from __future__ import annotations

import pytest

from mbcwatch.nlp import extract


def experiencers(text: str, writer: str) -> dict[str, str]:
    return {f.symptom_id: f.experiencer for f in extract(text, writer=writer)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("Mum coughed up some blood tonight", "coughing_blood"),
        ("my wife has been really muddled today", "confusion"),
        ("Dad can't feel his legs", "numbness"),
        ("she has a bad headache", "headache"),
    ],
)
def test_a_carers_family_words_mean_the_patient(text: str, symptom: str) -> None:
    assert experiencers(text, "carer")[symptom] == "patient"


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("Mum coughed up some blood tonight", "coughing_blood"),
        ("my wife has been really muddled today", "confusion"),
        ("she has a bad headache", "headache"),
    ],
)
def test_in_a_patients_own_words_family_is_someone_else(text: str, symptom: str) -> None:
    assert experiencers(text, "patient")[symptom] == "other"


def test_a_clinician_writing_of_the_patients_mother_means_someone_else() -> None:
    assert experiencers("patient's mother had a seizure", "clinician")["seizure"] == "other"


def test_a_carers_friend_is_still_someone_else() -> None:
    assert experiencers("my friend has a bad cough", "carer")["cough"] == "other"


def test_has_just_does_not_end_someone_elses_scope() -> None:
    """Blind-set regression: "has just been rushed in" kept the sister's seizure hers."""
    text = "My sister has just been rushed in with a seizure. I'm ok myself."
    assert experiencers(text, "patient")["seizure"] == "other"
