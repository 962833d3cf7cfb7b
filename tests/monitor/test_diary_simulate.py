"""Alert rate on simulated diaries: at most 25% of check-ins, every urgent one alerted.

The accepted figures live in evals/monitor/baseline.json (``mbcwatch diary simulate --seed 7
--people 60 --output json``); the generated diaries in evals/monitor/histories-seed7.jsonl.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mbcwatch.monitor.simulate import SimulationReport, generate, run

EVALS = Path(__file__).resolve().parents[2] / "evals" / "monitor"
MAX_ALERT_RATE = 0.25  # issue 5: a weekly ePRO trial alerted on 34%; aim for at most 25%


@pytest.fixture(scope="module")
def report() -> SimulationReport:
    return run(generate(seed=7, people=60), seed=7)


def test_the_same_seed_generates_the_committed_diaries() -> None:
    committed = (EVALS / "histories-seed7.jsonl").read_text(encoding="utf-8").splitlines()
    assert [person.model_dump_json() for person in generate(seed=7, people=60)] == committed


def test_another_seed_generates_other_diaries() -> None:
    assert generate(seed=8, people=20) != generate(seed=7, people=20)


def test_alert_rate_is_at_most_a_quarter_of_check_ins(report: SimulationReport) -> None:
    assert report.checkins == json.loads((EVALS / "baseline.json").read_text())["checkins"]
    assert report.alerts == report.checkin_alerts + report.missed_checkin_alerts
    assert report.alert_rate == round(report.alerts / report.checkins, 4)
    assert report.alert_rate <= MAX_ALERT_RATE


def test_every_emergency_and_urgent_check_in_raises_an_alert(report: SimulationReport) -> None:
    assert report.urgent_checkins > 0
    assert report.urgent_checkins_alerted == report.urgent_checkins


def test_every_diary_showing_possible_spread_reaches_the_care_team(
    report: SimulationReport,
) -> None:
    assert report.people_with_changes > 0
    assert report.people_with_changes_alerted == report.people_with_changes


def test_every_pattern_kind_fires_somewhere_in_the_simulation(report: SimulationReport) -> None:
    fired = {name for name, count in report.alerts_by_pattern.items() if count}
    assert {"persistence", "rising_severity", "weight_loss", "missed_checkin"} <= fired


def test_possible_spread_is_not_noticed_later_than_the_accepted_baseline(
    report: SimulationReport,
) -> None:
    accepted = json.loads((EVALS / "baseline.json").read_text())["days_from_first_sign_to_alert"]
    assert report.days_from_first_sign_to_alert["longest"] <= accepted["longest"]
    assert report.days_from_first_sign_to_alert["median"] <= accepted["median"]
