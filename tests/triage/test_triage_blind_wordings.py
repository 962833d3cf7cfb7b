"""Lay wordings the blind sets showed the reader missing, checked end to end, with ordinary
sentences that must stay calm. Wordings here are variants, not the blind sentences themselves."""

from __future__ import annotations

import pytest

from mbcwatch import assess, extract
from mbcwatch.vocab import Urgency


def symptoms(text: str) -> set[str]:
    return {
        f.symptom_id
        for f in extract(text)
        if not f.negated and f.experiencer == "patient" and f.temporality == "current"
    }


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("I coughed up some bright red blood this morning", "coughing_blood"),
        ("there was blood in my phlegm again", "coughing_blood"),
        ("I get breathless lying flat and have to sit up to breathe", "breathless_at_rest"),
        ("I woke up gasping in the night", "breathless_at_rest"),
        ("my legs feel like stone today", "leg_weakness"),
        ("my legs just won't do what I want", "leg_weakness"),
        ("I could not feel my feet this morning", "numbness"),
        ("a girdle type pain round my middle", "band_like_trunk_pain"),
        ("it is like a belt squeezing around my chest", "band_like_trunk_pain"),
        ("I am walking like a drunk", "unsteady_walking"),
        ("my wrist looks a funny shape after I leaned on it", "fracture"),
        ("my right arm keeps jerking on its own", "seizure"),
        ("the veins on my neck are sticking out", "neck_vein_swelling"),
        ("my eyes have gone yellow", "jaundice"),
        ("my chin feels numb and a tooth feels loose", "jaw_problem"),
        ("his breathing is really shallow", "slow_breathing"),
        ("my breathing feels slow and heavy", "slow_breathing"),
        ("coughing sends a pain down my back", "pain_worse_straining"),
        ("it feels like an elephant sat on my chest", "chest_pain"),
        ("my bladder is not right since yesterday", "difficulty_urinating"),
    ],
)
def test_lay_wording_is_read_as_the_symptom(text: str, symptom: str) -> None:
    if text.startswith("his "):
        found = {f.symptom_id for f in extract(text, writer="carer") if not f.negated}
    else:
        found = symptoms(text)
    assert symptom in found


@pytest.mark.parametrize(
    "text",
    [
        "I have no blood in my phlegm",
        "my little girl has a fever and a cough",
        "my grandson broke his arm at school",
        "I sit up to read in bed every night",
        "my eyes are fine, the whites are white",
    ],
)
def test_ordinary_or_negated_sentences_raise_nothing_urgent(text: str) -> None:
    assert assess({"text": text}).urgency.rank <= Urgency.SOON.rank


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("my back aches and my toes feel kinda dead", Urgency.EMERGENCY),
        ("my toes feel kinda dead and my bladder is odd", Urgency.EMERGENCY),
        ("I coughed up a mouthful of blood", Urgency.EMERGENCY),
        ("my lips look a bit blue and I feel awful", Urgency.EMERGENCY),
    ],
)
def test_blind_patterns_escalate(text: str, urgency: Urgency) -> None:
    assert assess({"text": text}).urgency is urgency


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # Pain that stops movement is graded severe: in a bone it may be a fracture.
        ("my hip hurts and I can barely move", "severe_bone_pain_possible_fracture@2"),
        # Breathlessness that came on suddenly today is under a day old.
        ("I got so out of breath, it came on suddenly today", "breathlessness_sudden@1"),
    ],
)
def test_severity_and_onset_words_reach_the_rules(text: str, rule: str) -> None:
    assert rule in {reason.rule for reason in assess({"text": text}).reasons}


def test_cramps_on_a_bisphosphonate_may_be_low_calcium() -> None:
    # Zoledronic acid, a bisphosphonate, can lower calcium (seed_000_everyday_health).
    response = assess(
        {"text": "my feet keep cramping", "context": {"treatments": ["bisphosphonate"]}}
    )
    assert "low_calcium_on_denosumab@2" in {reason.rule for reason in response.reasons}
    assert response.urgency is Urgency.URGENT


def test_misspelt_cannot_breathe_is_an_emergency() -> None:
    assert assess({"text": "i cant breath pls"}).urgency is Urgency.EMERGENCY


def test_a_pet_as_object_is_no_change_of_subject() -> None:
    text = "sudden pain in my back when I bent down to pick up the cat, never had anything like it"
    response = assess({"text": text})
    assert response.urgency is Urgency.EMERGENCY
    assert "cue.worst_pain@2" in {reason.rule for reason in response.reasons}
    # The pet itself is still someone else.
    assert all(f.experiencer == "other" for f in extract("the cat has been sick"))


def test_a_hard_patch_on_the_chest_is_a_chest_wall_lump() -> None:
    assert "chest_wall_lump" in symptoms("there is a hard patch on my scar")
