"""The development set: the safety gate and the targets, and no drop below the accepted baseline."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from mbcwatch.triage import assess
from mbcwatch.triage.evaluation import Metrics, gate, read_cases, run_cases, score
from mbcwatch.vocab import RED_FLAGS, SITES

EVALS = Path(__file__).resolve().parents[2] / "evals" / "triage"


@pytest.fixture(scope="module")
def metrics() -> Metrics:
    return score(run_cases(read_cases(EVALS / "dev.jsonl"), assess))


def test_the_set_covers_every_red_flag_and_site_three_times() -> None:
    cases = read_cases(EVALS / "dev.jsonl")
    assert len(cases) >= 150
    flags = Counter(flag for case in cases for flag in case.gold.red_flags)
    sites = Counter(site for case in cases for site in case.gold.sites)
    assert {flag: flags[flag] for flag in RED_FLAGS if flags[flag] < 3} == {}
    assert {site: sites[site] for site in SITES if sites[site] < 3} == {}
    assert all(case.gold.urgency in case.gold.acceptable for case in cases)
    kinds = Counter("text" if "text" in case.input else "structured" for case in cases)
    assert kinds["text"] >= 50
    assert kinds["structured"] >= 50


def test_the_safety_gate_passes(metrics: Metrics) -> None:
    assert gate(metrics) == [], metrics.misses


def test_the_targets_are_met(metrics: Metrics) -> None:
    assert metrics.urgency_accuracy >= 0.90, metrics.misses
    assert metrics.site_recall_at_3 >= 0.90
    assert metrics.red_flag_recall >= 0.95


def test_no_metric_drops_below_the_accepted_baseline(metrics: Metrics) -> None:
    baseline = json.loads((EVALS / "baseline.json").read_text())
    assert gate(metrics, baseline) == [], metrics.misses
