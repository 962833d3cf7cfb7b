"""The public entry point: mbcwatch.assess on the assessment contract."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import mbcwatch
from mbcwatch.contract import AssessRequest
from mbcwatch.errors import InputError
from mbcwatch.kb import load_kb
from mbcwatch.nlp.findings import Finding
from mbcwatch.triage import RULES_VERSION
from mbcwatch.vocab import Urgency

MakeFinding = Callable[..., Finding]

KB = load_kb()


def test_structured_hpo_symptoms_map_to_kb_symptoms() -> None:
    hpo = KB.symptoms["leg_weakness"].hpo
    assert hpo is not None
    response = mbcwatch.assess(
        {"id": "r1", "symptoms": [{"id": "back_pain"}, {"hpo": hpo, "onset_days_ago": 2}]}
    )
    assert response.id == "r1"
    assert response.urgency == Urgency.EMERGENCY
    assert [s.id for s in response.symptoms] == ["back_pain", "leg_weakness"]
    assert response.symptoms[1].duration_days == 2
    assert response.red_flags[0].id == "spinal_cord_compression"
    assert response.sites[0].id == "bone"
    assert 0 < response.sites[0].score <= 1


def test_every_cited_source_is_listed_with_its_title() -> None:
    response = mbcwatch.assess({"symptoms": [{"id": "coughing_blood"}]})
    listed = {source.id for source in response.sources}
    cited = {s for reason in response.reasons for s in reason.sources}
    assert cited <= listed
    assert all(source.title == KB.sources[source.id].title for source in response.sources)
    assert response.tests_to_discuss
    assert response.disclaimer.startswith("This is not a diagnosis")


def test_versions_are_reported() -> None:
    response = mbcwatch.assess(AssessRequest(symptoms=[{"id": "cough"}]))  # type: ignore[list-item]
    assert response.rules_version == RULES_VERSION
    assert response.kb_version == mbcwatch.load_kb().version


@pytest.mark.parametrize(("locale", "number"), [("US", "911"), ("GB", "999"), ("EU", "112")])
def test_advice_gives_the_emergency_number_of_the_locale(locale: str, number: str) -> None:
    response = mbcwatch.assess({"symptoms": [{"id": "seizure"}]}, locale=locale)
    assert number in response.advice


def test_an_explicit_emergency_number_wins() -> None:
    response = mbcwatch.assess({"symptoms": [{"id": "seizure"}]}, emergency_number="000")
    assert "000" in response.advice


@pytest.mark.parametrize(
    ("request_data", "field", "message"),
    [
        ({"symptoms": [{"id": "back_pian"}]}, "symptoms.0.id", "did you mean 'back_pain'"),
        ({"symptoms": [{"hpo": "HP:0000001"}]}, "symptoms.0.hpo", "unknown HPO id"),
        (
            {"text": "hi", "context": {"days_since_last_chemotherapy": -1}},
            "context.days_since_last_chemotherapy",
            "greater than or equal to 0",
        ),
        ({"text": "x" * 10_001}, "text", "longer than the limit"),
        ({}, None, "needs 'text' or 'symptoms'"),
    ],
)
def test_bad_requests_name_the_field(
    request_data: dict[str, object], field: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        mbcwatch.assess(request_data)
    assert caught.value.field == field


def test_an_unknown_locale_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown locale"):
        mbcwatch.assess({"symptoms": [{"id": "cough"}]}, locale="XX")


def test_text_findings_come_from_the_reader(make_finding: MakeFinding) -> None:
    seen: list[str] = []

    def reader(text: str) -> list[Finding]:
        seen.append(text)
        return [make_finding("fever", text="burning up")]

    response = mbcwatch.assess(
        {"text": "I am burning up", "context": {"treatments": ["chemotherapy"]}}, extract=reader
    )
    assert seen == ["I am burning up"]
    assert response.urgency == Urgency.EMERGENCY
    assert response.red_flags[0].evidence == ["burning up"]


@pytest.mark.parametrize(
    "text",
    [
        "This is the worst pain ever",
        "I collapsed in the kitchen",
        "I can't breathe properly",
        "My husband says I collapsed",
        "I could barely walk, worst pain ever",
    ],
)
def test_severe_words_nothing_recognises_escalate(text: str) -> None:
    response = mbcwatch.assess({"text": text}, extract=lambda _: [])
    assert response.urgency == Urgency.EMERGENCY
    assert "not fully understood" in response.advice


@pytest.mark.parametrize(
    "text",
    [
        "It is not the worst pain ever",
        "My mum collapsed last year",
        "What if I can't breathe one day?",
    ],
)
def test_severe_words_that_are_negated_or_not_mine_do_not_escalate(text: str) -> None:
    response = mbcwatch.assess({"text": text}, extract=lambda _: [])
    assert response.urgency == Urgency.ROUTINE


def test_being_very_worried_raises_but_never_lowers(make_finding: MakeFinding) -> None:
    calm = mbcwatch.assess({"text": "fine"}, extract=lambda _: [])
    worried = mbcwatch.assess({"text": "I am very worried"}, extract=lambda _: [])
    assert calm.urgency == Urgency.ROUTINE
    assert worried.urgency == Urgency.SOON
    emergency = mbcwatch.assess(
        {"text": "I am very worried"}, extract=lambda _: [make_finding("seizure")]
    )
    assert emergency.urgency == Urgency.EMERGENCY


def test_the_response_lists_negated_and_other_peoples_findings(make_finding: MakeFinding) -> None:
    findings = [make_finding("cough", negated=True), make_finding("fever", experiencer="other")]
    response = mbcwatch.assess({"text": "t"}, extract=lambda _: findings)
    assert [(s.id, s.negated, s.experiencer) for s in response.symptoms] == [
        ("cough", True, "patient"),
        ("fever", False, "other"),
    ]
    assert response.urgency == Urgency.ROUTINE


def test_free_text_is_read_end_to_end() -> None:
    response = mbcwatch.assess({"text": "My back hurts and since yesterday my legs feel weak."})
    assert response.urgency == Urgency.EMERGENCY
    assert "spinal_cord_compression" in [flag.id for flag in response.red_flags]


def test_a_carer_writing_she_means_the_patient() -> None:
    text = "She's really muddled today and keeps falling asleep mid-sentence."
    as_patient = mbcwatch.assess({"text": text})
    as_carer = mbcwatch.assess({"text": text, "writer": "carer"})
    assert as_patient.urgency == Urgency.ROUTINE
    assert "writing for the person with cancer" in as_patient.advice
    assert as_carer.urgency == Urgency.EMERGENCY
    assert "hypercalcemia" in [flag.id for flag in as_carer.red_flags]


def test_someone_elses_minor_symptom_adds_no_carer_note() -> None:
    response = mbcwatch.assess({"text": "My husband has a cough."})
    assert "writing for the person with cancer" not in response.advice


def test_an_unknown_writer_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        mbcwatch.assess({"text": "hi", "writer": "nurse"})
    assert caught.value.field == "writer"


def test_known_sites_are_a_prior_in_the_ranking() -> None:
    response = mbcwatch.assess(
        {
            "symptoms": [{"id": "cough", "onset_days_ago": 10}],
            "context": {"metastatic": "yes", "known_metastatic_sites": ["liver"]},
        }
    )
    ranked = [site.id for site in response.sites]
    assert ranked[0] == "lung"
    assert "liver" in ranked
    liver = next(site for site in response.sites if site.id == "liver")
    assert liver.evidence == ["known site of spread"]
    assert all(0 < site.score <= 1 for site in response.sites)


def test_words_nothing_recognises_are_not_met_with_reassurance() -> None:
    response = mbcwatch.assess({"text": "xyzzy plugh"}, locale="US")
    assert response.urgency == Urgency.ROUTINE
    assert response.advice.startswith("No symptom was recognised in your words")
    assert "911" in response.advice
    assert "Nothing here needs urgent attention" not in response.advice


def test_assess_is_public_and_deterministic() -> None:
    assert "assess" in mbcwatch.__all__
    request = {"text": "My back hurts at night and I feel sick and thirsty.", "id": "same"}
    assert mbcwatch.assess(request) == mbcwatch.assess(request)
