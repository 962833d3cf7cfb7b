"""Lay wordings nobody tuned a sentence for: red-flag recall, idioms that name no symptom, and one
fever threshold shared by the reader and the triage rules.

The recall cases are general phrasings (body part x descriptor, regional and texting English), not
the evaluation sentences; the idioms guard precision for the words the new phrasings use.
"""

from __future__ import annotations

from datetime import date

import pytest

import mbcwatch
from mbcwatch.nlp import extract
from mbcwatch.nlp.resources import modifier_data
from mbcwatch.triage.rules import load_rules
from mbcwatch.vocab import Urgency

SUNDAY = date(2026, 11, 22)


def affirmed(text: str) -> set[str]:
    """Symptom ids someone (the patient or the person written about) has now."""
    return {
        f.symptom_id
        for f in extract(text, today=SUNDAY)
        if not f.negated and f.temporality == "current"
    }


@pytest.mark.parametrize(
    ("text", "symptom_id"),
    [
        # spinal cord compression signs
        ("my thighs keep buckling on the stairs", "leg_weakness"),
        ("knees gave out on me in the garden", "leg_weakness"),
        ("legs won't hold me up today", "leg_weakness"),
        ("it's like my legs are made of cotton wool", "leg_weakness"),
        ("no feeling in my bottom when i sit on the loo", "saddle_numbness"),
        ("numb in my privates since yesterday", "saddle_numbness"),
        ("haven't passed water since this morning", "difficulty_urinating"),
        ("I keep weeing myself without knowing", "urinary_incontinence"),
        ("pain wraps around my chest like a tight band", "band_like_trunk_pain"),
        ("I'm walking into walls like I've been drinking", "unsteady_walking"),
        # infection on treatment
        ("feel a bit hot and I can't get warm", "fever"),
        ("can't get warm and my teeth are chattering", "shivering"),
        ("feeling proper grotty since my chemo", "feeling_unwell"),
        ("feel like I'm coming down with something", "feeling_unwell"),
        # brain, confusion, drowsiness
        ("right side of my face has dropped", "one_sided_weakness"),
        ("my smile has gone crooked", "one_sided_weakness"),
        ("my words keep coming out muddled", "speech_difficulty"),
        ("seeing two of everything when I read", "vision_change"),
        ("I woke up with a banging head again", "morning_headache"),
        ("he's talking gibberish", "speech_difficulty"),
        ("she doesn't know what day it is", "confusion"),
        ("mum is very dozy and hard to rouse", "drowsiness"),
        ("my body went stiff and jerked for a minute", "seizure"),
        # bone
        ("heard a crack in my hip when I turned", "fracture"),
        ("I can't put my foot to the ground", "cannot_bear_weight"),
        ("my thigh has been aching deep inside", "bone_pain"),
        # chest, SVCO
        ("there are streaks of blood when I cough up phlegm", "coughing_blood"),
        ("out of puff even sitting in my chair", "breathless_at_rest"),
        ("my face and neck have swollen up", "face_swelling"),
        ("the veins on my chest are standing out", "neck_vein_swelling"),
        # liver
        ("the whites of my eyes have a yellow tint", "jaundice"),
        ("my wee is the colour of strong tea", "dark_urine"),
        # denosumab and bisphosphonates, calcium
        ("my chin and lip have gone numb", "jaw_problem"),
        ("there's bone poking through my gum", "jaw_problem"),
        ("my fingers feel fizzy", "tingling"),
        ("my feet keep cramping up at night", "muscle_cramps"),
        ("I'm gasping for a drink all day", "excessive_thirst"),
        # opioid toxicity
        ("I'm breathing really slowly", "slow_breathing"),
        ("my pupils are like pinheads", "pinpoint_pupils"),
        ("I'm seeing shadows that aren't there", "hallucinations"),
        # regional English
        ("I'm after falling on the stairs", "falls"),
        ("feeling naar all day", "nausea"),
        ("chucked up my brekkie", "vomiting"),
        ("I'm having loose motions since morning", "diarrhoea"),
        # a word of degree inside the phrase
        ("I feel really sick", "nausea"),
        ("my legs feel so weak", "leg_weakness"),
        ("feeling very hot tonight", "fever"),
        ("my ankles are really swollen", "limb_swelling"),
    ],
)
def test_an_unlisted_lay_wording_is_understood(text: str, symptom_id: str) -> None:
    assert symptom_id in affirmed(text), f"{symptom_id} not read in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "cooking a leg of lamb for sunday dinner",
        "I fell for it again",
        "feeling blue about the weather",
        "the kids are driving me mad",
        "broke my phone screen this morning",
        "I snapped at my husband",
        "I'm gasping for a cuppa",
        "it's freezing outside",
        "the blood test was fine",
        "my back garden is a mess",
        "the car broke down on the motorway",
        "pull the other leg",
        "we ran out of it at the chemist",
        "my jeans are a yellow colour",
        "I popped to the chemist for my prescription",
        "the school run was chaos this morning",
        "the house is freezing cold",
        "I'm running out of my tablets",
        "my phone battery keeps dying",
        "my husband is pulling my leg",
    ],
)
def test_an_idiom_names_no_symptom(text: str) -> None:
    assert affirmed(text) == set(), text


def test_the_reader_and_the_triage_rules_share_one_fever_threshold() -> None:
    # The reader's threshold lives in nlp/data/modifiers.yaml; every rule that asks for a fever
    # "at least" some temperature must use the same figure, or the output can show a negated
    # fever next to a sepsis red flag for the same reading.
    threshold = modifier_data().fever_threshold_c
    used = {
        clause.temperature_c_at_least
        for rule in load_rules().rules
        for clause in rule.when
        if clause.temperature_c_at_least is not None and "fever" in clause.symptoms
    }
    assert used == {threshold}


@pytest.mark.parametrize("reading", ["temp 37.6", "my temperature is 37.8", "99.9F"])
def test_a_reading_that_fires_sepsis_is_never_shown_as_a_negated_fever(reading: str) -> None:
    response = mbcwatch.assess({"text": reading, "context": {"treatments": ["chemotherapy"]}})
    assert response.urgency == Urgency.EMERGENCY
    assert [r.id for r in response.red_flags] == ["neutropenic_sepsis"]
    fevers = [s for s in response.symptoms if s.id == "fever"]
    assert fevers
    assert not any(s.negated for s in fevers)


def test_a_reading_below_the_threshold_stays_no_fever() -> None:
    [fever] = [
        f for f in extract("temp 37.3 this evening", today=SUNDAY) if f.symptom_id == "fever"
    ]
    assert fever.negated
    assert fever.quantities[0].value == 37.3
