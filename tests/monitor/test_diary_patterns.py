"""Each pattern raising, and not raising, on hand-built check-in histories (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib.resources import files

import pytest
import yaml

from mbcwatch.contract import AssessRequest
from mbcwatch.errors import KnowledgeBaseError
from mbcwatch.kb import load_kb
from mbcwatch.monitor.patterns import (
    PatternHit,
    Snapshot,
    check_pattern_config,
    enrich_request,
    find_patterns,
    load_pattern_config,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONFIG = load_pattern_config()


def weekly(*symptom_sets: dict[str, str | None], weights: list[float | None] | None = None):
    """Snapshots one week apart; the last one is the current check-in."""
    weights = weights or [None] * len(symptom_sets)
    snaps = [
        Snapshot(START + timedelta(days=7 * i), symptoms, weight)
        for i, (symptoms, weight) in enumerate(zip(symptom_sets, weights, strict=True))
    ]
    return snaps[:-1], snaps[-1]


def patterns(history, current, baseline=None) -> list[tuple[str, str | None]]:
    hits = find_patterns(history, current, baseline=baseline or {}, config=CONFIG)
    return [(hit.pattern, hit.symptom_id) for hit in hits]


def test_symptom_at_check_ins_a_week_apart_persists() -> None:
    history, current = weekly({"back_pain": "mild"}, {"back_pain": "mild"})
    assert ("persistence", "back_pain") in patterns(history, current)


def test_symptom_seen_twice_within_a_week_does_not_persist_yet() -> None:
    first = Snapshot(START, {"back_pain": "mild"})
    current = Snapshot(START + timedelta(days=6), {"back_pain": "mild"})
    assert ("persistence", "back_pain") not in patterns([first], current)


def test_a_check_in_without_the_symptom_breaks_the_run() -> None:
    history, current = weekly({"cough": None}, {}, {"cough": None})
    assert ("persistence", "cough") not in patterns(history, current)


def test_persistence_reports_the_run_start_and_its_length() -> None:
    history, current = weekly({}, {"cough": None}, {"cough": None}, {"cough": None})
    hit = next(h for h in find_patterns(history, current, baseline={}, config=CONFIG)
               if h.pattern == "persistence")  # fmt: skip
    assert (hit.since, hit.days) == (START + timedelta(days=7), 14)


@pytest.mark.parametrize(
    ("before", "now", "rising"),
    [
        ("mild", "moderate", True),
        ("moderate", "very_severe", True),
        ("moderate", "moderate", False),
        ("severe", "mild", False),
        (None, "severe", False),  # no earlier severity: nothing to compare
    ],
)
def test_severity_rising_between_check_ins(before: str | None, now: str, rising: bool) -> None:
    history, current = weekly({"headache": before}, {"headache": now})
    assert (("rising_severity", "headache") in patterns(history, current)) is rising


def test_symptom_never_reported_before_is_new() -> None:
    history, current = weekly({"fatigue": "mild"}, {"fatigue": "mild", "bone_pain": "mild"})
    found = patterns(history, current)
    assert ("new_symptom", "bone_pain") in found
    assert ("new_symptom", "fatigue") not in found


def test_nothing_is_new_at_the_first_check_in() -> None:
    assert not [
        p for p in patterns([], Snapshot(START, {"bone_pain": "mild"})) if p[0] == "new_symptom"
    ]


def test_symptom_back_after_two_check_ins_without_it_recurs() -> None:
    history, current = weekly({"cough": None}, {}, {}, {"cough": None})
    assert ("recurrence", "cough") in patterns(history, current)


def test_symptom_back_after_one_missing_check_in_is_not_a_recurrence() -> None:
    history, current = weekly({"cough": None}, {}, {"cough": None})
    assert ("recurrence", "cough") not in patterns(history, current)


def test_weight_down_five_percent_within_six_months_is_weight_loss() -> None:
    history, current = weekly({}, {}, {}, weights=[70.0, 68.0, 66.5])
    assert ("weight_loss", "weight_loss") in patterns(history, current)


def test_weight_down_under_five_percent_is_not_flagged() -> None:
    history, current = weekly({}, {}, weights=[70.0, 66.6])
    assert ("weight_loss", "weight_loss") not in patterns(history, current)


def test_weight_from_beyond_the_window_is_not_compared() -> None:
    old = Snapshot(START, {}, 80.0)
    current = Snapshot(START + timedelta(days=CONFIG.weight_loss.window_days + 1), {}, 70.0)
    assert patterns([old], current) == []


def test_baseline_symptom_does_not_alert_for_persisting_or_recurring() -> None:
    history, current = weekly({"fatigue": "mild"}, {}, {}, {"fatigue": "mild"})
    assert patterns(history, current, baseline={"fatigue": "mild"}) == []
    history, current = weekly({"fatigue": "mild"}, {"fatigue": "mild"})
    assert patterns(history, current, baseline={"fatigue": "mild"}) == []


def test_baseline_symptom_alerts_again_when_worse_than_marked() -> None:
    history, current = weekly({"fatigue": "mild"}, {"fatigue": "severe"})
    assert patterns(history, current, baseline={"fatigue": "moderate"}) == [
        ("rising_severity", "fatigue")
    ]


def test_baseline_symptom_at_its_marked_severity_stays_quiet_even_after_a_dip() -> None:
    history, current = weekly({"fatigue": "mild"}, {"fatigue": "moderate"})
    assert patterns(history, current, baseline={"fatigue": "moderate"}) == []


def test_every_hit_cites_a_source() -> None:
    history, current = weekly(
        {"cough": "mild"}, {}, {}, {"cough": "moderate", "bone_pain": "mild"},
        weights=[70.0, None, None, 60.0],
    )  # fmt: skip
    hits = find_patterns(history, current, baseline={}, config=CONFIG)
    assert {h.pattern for h in hits} == {"new_symptom", "recurrence", "weight_loss"}
    assert all(hit.sources for hit in hits)


def test_enriching_adds_onset_and_trend_in_the_contract_shape() -> None:
    request = AssessRequest(text="my back still hurts")
    hits = [
        PatternHit("persistence", "back_pain", "", CONFIG.persistence.urgency, [], days=15,
                   severity="moderate"),
        PatternHit("rising_severity", "back_pain", "", CONFIG.rising_severity.urgency, [],
                   severity="moderate"),
    ]  # fmt: skip
    enriched = enrich_request(request, hits, fever=True)
    assert enriched.text == request.text
    assert [s.model_dump(exclude_none=True) for s in enriched.symptoms] == [
        {"id": "back_pain", "severity": "moderate", "onset_days_ago": 15, "trend": "worse"},
        {"id": "fever"},
    ]


def test_enriching_without_hits_keeps_the_request() -> None:
    request = AssessRequest(text="fine today")
    assert enrich_request(request, []) is request


def test_enriching_merges_with_a_structured_answer_already_given() -> None:
    request = AssessRequest.model_validate(
        {"symptoms": [{"id": "cough", "location": "chest", "severity": "mild"}]}
    )
    hit = PatternHit("persistence", "cough", "", CONFIG.persistence.urgency, [], days=8,
                     severity="mild")  # fmt: skip
    (only,) = enrich_request(request, [hit]).symptoms
    assert only.model_dump(exclude_none=True) == {
        "id": "cough", "location": "chest", "severity": "mild", "onset_days_ago": 8
    }  # fmt: skip


def test_every_pattern_rule_cites_a_known_source_except_operational_ones() -> None:
    for name in ("persistence", "rising_severity", "new_symptom", "recurrence", "weight_loss"):
        assert getattr(CONFIG, name).sources, name
    assert CONFIG.missed_checkin.sources == []  # operational: the care team's own schedule


def test_a_rule_citing_an_unknown_source_fails_at_load_naming_it() -> None:
    data = yaml.safe_load((files("mbcwatch.monitor") / "patterns.yaml").read_text())
    data["weight_loss"]["sources"] = ["made_up_2020"]
    with pytest.raises(KnowledgeBaseError, match=r"record 'weight_loss'.*made_up_2020"):
        check_pattern_config(data, known_sources=set(load_kb().sources))


def test_a_malformed_threshold_fails_at_load_naming_the_field() -> None:
    data = yaml.safe_load((files("mbcwatch.monitor") / "patterns.yaml").read_text())
    data["persistence"]["min_days"] = 0
    with pytest.raises(KnowledgeBaseError, match=r"persistence\.min_days"):
        check_pattern_config(data, known_sources=set())


def test_persistence_counts_calendar_days_monday_evening_to_monday_morning() -> None:
    first = Snapshot(START.replace(hour=20), {"cough": None})
    current = Snapshot(START + timedelta(days=7), {"cough": None})  # 6 days 13 hours later
    assert ("persistence", "cough") in patterns([first], current)
