"""Lay sentences -> findings: one behaviour per case (the issue's examples come first)."""

from __future__ import annotations

from datetime import date

import pytest

from mbcwatch import extract as exported_extract
from mbcwatch.contract import MAX_TEXT_CHARS
from mbcwatch.errors import TextTooLongError
from mbcwatch.nlp import Finding, assertion, extract

FRIDAY = date(2026, 11, 20)


def only(text: str, symptom_id: str, **kwargs: object) -> Finding:
    """The single finding of ``symptom_id`` in ``text``."""
    found = [f for f in extract(text, today=FRIDAY, **kwargs) if f.symptom_id == symptom_id]  # type: ignore[arg-type]
    assert len(found) == 1, f"{symptom_id} in {text!r}: {found}"
    return found[0]


def ids(text: str) -> list[str]:
    return [f.symptom_id for f in extract(text, today=FRIDAY)]


def test_wobbly_legs_and_loo_roll_are_leg_weakness_and_saddle_numbness_since_yesterday() -> None:
    text = (
        "my legs have gone all wobbly since yesterday arvo and i cant really feel the loo roll "
        "when i wipe"
    )
    legs = only(text, "leg_weakness")
    saddle = only(text, "saddle_numbness")
    assert legs.applies_now
    assert saddle.applies_now
    assert legs.duration_days == 1
    assert text[saddle.start : saddle.end] == saddle.text == "cant really feel the loo roll"


def test_a_list_of_negations_negates_each_item() -> None:
    assert only("no fever, no headache", "fever").negated
    assert only("no fever, no headache", "headache").negated


def test_someone_elses_symptom_is_theirs() -> None:
    assert only("my sister has bone pain", "bone_pain").experiencer == "other"


def test_a_childhood_seizure_is_historical() -> None:
    assert only("I had a seizure as a child", "seizure").temporality == "historical"


def test_a_worry_is_hypothetical() -> None:
    assert only("what if I get jaundice?", "jaundice").temporality == "hypothetical"


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("temp 38,2", 38.2),
        ("100.9F", 38.3),
        ("38.5 degrees", 38.5),
        ("39c", 39.0),
        ("my temp was 101.3 F", 38.5),
    ],
)
def test_a_temperature_reading_is_in_celsius_on_a_fever_finding(text: str, celsius: float) -> None:
    fever = only(text, "fever")
    assert not fever.negated
    assert [(q.kind, q.value) for q in fever.quantities] == [("temperature_c", celsius)]


def test_a_normal_reading_after_the_bare_word_temp_is_no_fever_but_keeps_the_value() -> None:
    fever = only("temp 37.1 this evening", "fever")
    assert fever.negated
    assert fever.quantities[0].value == 37.1


def test_a_normal_reading_alone_creates_no_finding() -> None:
    assert ids("36.8c") == []


def test_vomiting_count_is_per_day() -> None:
    sick = only("sick 3 times today", "vomiting")
    assert [(q.kind, q.value) for q in sick.quantities] == [("count_per_day", 3.0)]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("back pain for a fortnight", 14),
        ("back pain since last Tuesday", 3),
        ("back pain since monday", 4),
        ("back pain for 3 weeks", 21),
        ("back pain started two days ago", 2),
        ("back pain for a couple of weeks", 14),
        ("back pain since yesterday arvo", 1),
        ("back pain for 10 days", 10),
    ],
)
def test_duration_in_days(text: str, days: float) -> None:
    assert only(text, "back_pain").duration_days == days


def test_twice_a_day_is_a_rate_not_a_duration() -> None:
    assert only("diarrhoea twice a day", "diarrhoea").duration_days is None


@pytest.mark.parametrize(
    ("text", "severity", "score"),
    [
        ("mild back pain", "mild", None),
        ("a bit of back pain", "mild", None),
        ("really bad back pain", "severe", None),
        ("back pain, worst ever", "very_severe", None),
        ("back pain 7/10", "severe", 7.0),
        ("back pain 8 out of 10", "severe", 8.0),
        ("back pain 3/10", "mild", 3.0),
        ("back pain 9/10", "very_severe", 9.0),
    ],
)
def test_severity_words_and_scores(text: str, severity: str, score: float | None) -> None:
    pain = only(text, "back_pain")
    assert (pain.severity, pain.severity_score) == (severity, score)


def test_the_strongest_severity_word_in_reach_wins() -> None:
    assert only("really bad headache, worst ever", "headache").severity == "very_severe"


@pytest.mark.parametrize(
    ("text", "trend"),
    [
        ("my back pain is getting worse", "worse"),
        ("the cough is better", "better"),
        ("nausea about the same", "same"),
    ],
)
def test_trend(text: str, trend: str) -> None:
    assert extract(text)[0].trend == trend


def test_body_location_is_attached() -> None:
    assert only("severe pain in my lower back", "back_pain").location == "lower back"


@pytest.mark.parametrize(
    ("text", "symptom_id"),
    [
        ("i havent had any headaches this week", "headache"),
        ("denies chest pain", "chest_pain"),
        ("without any fever so far", "fever"),
        ("not coughing anymore", "cough"),
        ("i dont feel sick", "nausea"),
        ("there's no blood when i cough", "coughing_blood"),
    ],
)
def test_negation(text: str, symptom_id: str) -> None:
    assert only(text, symptom_id).negated


@pytest.mark.parametrize(
    ("text", "symptom_id"),
    [
        ("can't stop coughing", "cough"),
        ("no appetite at all", "loss_of_appetite"),
        ("i can not walk straight", "unsteady_walking"),
        ("the pain is not going away", "back_pain"),
    ],
)
def test_a_negation_word_that_is_part_of_the_symptom_does_not_negate(
    text: str, symptom_id: str
) -> None:
    if symptom_id == "back_pain":
        text = "back pain and " + text
    assert not only(text, symptom_id).negated


def test_negation_stops_at_but() -> None:
    assert not only("no headache but my vision is blurry", "vision_change").negated


def test_negation_stops_at_a_new_clause_about_me() -> None:
    assert not only("no fever i have a cough", "cough").negated


@pytest.mark.parametrize(
    "text",
    [
        "mum had a seizure",
        "my husband has been vomiting",
        "dad is confused",
        "she keeps falling over",
    ],
)
def test_other_people(text: str) -> None:
    assert all(f.experiencer == "other" for f in extract(text))
    assert extract(text)


def test_someone_else_reporting_my_symptom_is_about_me() -> None:
    assert (
        only("my husband said I was slurring my words", "speech_difficulty").experiencer
        == "patient"
    )


def test_a_clinician_writes_she_for_the_patient() -> None:
    assert only("she has back pain", "back_pain").experiencer == "other"
    assert only("she has back pain", "back_pain", writer="clinician").experiencer == "patient"


@pytest.mark.parametrize(
    ("text", "symptom_id"),
    [
        ("I used to get migraines", "headache"),
        ("had a bad back years ago", "back_pain"),
        ("i had kidney stones in 2015", "kidney_stones"),
        ("had diarrhoea last week, better now", "diarrhoea"),
    ],
)
def test_past_and_resolved(text: str, symptom_id: str) -> None:
    assert only(text, symptom_id).temporality == "historical"


def test_a_recent_event_in_the_past_tense_is_current() -> None:
    assert only("I had a seizure an hour ago", "seizure").temporality == "current"


@pytest.mark.parametrize(
    ("text", "symptom_id"),
    [
        ("should i worry about coughing up blood?", "coughing_blood"),
        ("the nurse said watch out for fever", "fever"),
        ("in case I get a temperature who do I call", "fever"),
    ],
)
def test_hypothetical(text: str, symptom_id: str) -> None:
    assert only(text, symptom_id).temporality == "hypothetical"


def test_a_question_about_my_own_symptom_is_current() -> None:
    assert only("should i worry about this headache", "headache").temporality == "current"


@pytest.mark.parametrize(
    ("text", "symptom_id"),
    [
        ("HEADACHE", "headache"),
        ("vomitting all night", "vomiting"),
        ("diarrhea since friday", "diarrhoea"),
        ("i feel dizy", "balance_problems"),
        ("my ankels are swolen", "limb_swelling"),
        ("feeling crook", "feeling_unwell"),
        ("my legs no strong", "leg_weakness"),
    ],
)
def test_robust_to_case_misspellings_and_dialects(text: str, symptom_id: str) -> None:
    assert symptom_id in ids(text)


@pytest.mark.parametrize(
    "text", ["I fell asleep on the sofa", "keep fit classes", "qwerty zxcvb", "🙂🙂"]
)
def test_no_finding_from_words_that_name_no_symptom(text: str) -> None:
    assert ids(text) == []


def test_findings_carry_the_kb_hpo_id() -> None:
    assert only("fever", "fever").hpo == "HP:0001945"


def test_empty_text_gives_no_findings() -> None:
    assert extract("") == []
    assert extract("   \n ") == []


def test_text_over_the_limit_is_refused() -> None:
    with pytest.raises(TextTooLongError):
        extract("a" * (MAX_TEXT_CHARS + 1))


def test_extract_is_exported_from_the_package() -> None:
    assert exported_extract is extract


def test_assertion_reads_a_target_in_a_clinical_sentence() -> None:
    result = assertion(
        "Extremities reveal no peripheral cyanosis or EDEMA.", "edema", writer="clinician"
    )
    assert result.negated
    assert (result.temporality, result.experiencer) == ("current", "patient")


def test_assertion_of_a_target_not_in_the_sentence_is_plain() -> None:
    result = assertion("no fever", "cough")
    assert not result.negated


@pytest.mark.parametrize(
    ("text", "symptom_id"),
    [
        ("I don't have a fever, just a cough", "cough"),
        ("no fever only a headache", "headache"),
        ("no symptoms other than a cough", "cough"),
        ("I'm constipated and I've gone right off my food", "constipation"),
        ("cant even keep water down", "vomiting"),
        ("Mum's carer here - she hasn't eaten properly and seems muddled", "confusion"),
    ],
)
def test_regression_a_negation_or_past_marker_does_not_reach_the_next_clause(
    text: str, symptom_id: str
) -> None:
    finding = only(text, symptom_id)
    assert not finding.negated
    assert finding.temporality == "current"


@pytest.mark.parametrize("text", ["temp normal", "temp ok today", "took my temperature"])
def test_regression_a_normal_or_unread_temperature_is_no_fever(text: str) -> None:
    assert ids(text) == []


def test_regression_the_reading_joins_the_measurement_word_not_the_negated_fever() -> None:
    fever, reading = extract("No fever, my temperature is 36.6.")
    assert fever.negated
    assert reading.negated
    assert reading.quantities[0].value == 36.6


def test_regression_two_readings_each_keep_their_value() -> None:
    [first] = [f for f in extract("temp 38.9 at 2am, now 39.2") if f.text == "temp"]
    assert [q.value for q in first.quantities] == [38.9]
    assert [q.value for f in extract("temp 38.9 at 2am, now 39.2") for q in f.quantities] == [
        38.9,
        39.2,
    ]
