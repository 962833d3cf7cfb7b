"""A carer's report about "Mum" or "my wife" is assessed as the patient's (blind-set regression)."""

from __future__ import annotations

from mbcwatch import assess
from mbcwatch.vocab import Urgency


def test_carer_report_of_drowsy_muddled_wife_with_bone_spread_is_an_emergency() -> None:
    response = assess(
        {
            "text": "My wife's been really sleepy and muddled the last couple of days.",
            "writer": "carer",
            "context": {"known_metastatic_sites": ["bone"], "metastatic": "yes"},
        }
    )
    assert response.urgency == Urgency.EMERGENCY
    assert "hypercalcemia" in {flag.id for flag in response.red_flags}


def test_the_same_words_from_the_patient_about_her_wife_fire_no_rule() -> None:
    response = assess({"text": "My wife's been really sleepy and muddled the last couple of days."})
    assert "hypercalcemia" not in {flag.id for flag in response.red_flags}
